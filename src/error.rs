//! The errors a user sees, and the exit code each one gets (DESIGN.md, "Conventions").

use std::fmt;
use std::process::ExitCode;

use crate::domain::supporter::ChangeError;

/// The exit codes of supportmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// A check asked for by a flag found something.
    Found = 1,
    /// Bad usage or bad input.
    Usage = 2,
    /// The database cannot be used.
    Database = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// An error with a known exit code and, where one helps, a hint.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    /// Bad usage or bad input: exit 2.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Usage,
            message: message.into(),
            hint: None,
        }
    }

    /// The database cannot be used: exit 3.
    pub fn database(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Database,
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// A refused change to a supporter is bad input (exit 2), with the hint it carries.
impl From<ChangeError> for Failure {
    fn from(error: ChangeError) -> Failure {
        let failure = Failure::usage(error.to_string());
        match error.hint() {
            Some(hint) => failure.hint(hint),
            None => failure,
        }
    }
}

/// How `main` reports an error: the exit code, the one-line message and a hint.
pub struct Report {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
    /// The error was a closed pipe (`supportmap contacts | head -1`): say nothing, exit 0.
    pub broken_pipe: bool,
}

/// Decides the exit code of any error that reaches `main`.
///
/// A [`Failure`] carries its own; an SQLite or file-system error means the database
/// cannot be used (3), unless SQLite refused a constraint, which is bad input (2).
pub fn report(error: &anyhow::Error) -> Report {
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if let Some(failure) = error.chain().find_map(|c| c.downcast_ref::<Failure>()) {
        // Context added around a Failure (anyhow's `{:#}`) still reads as one line.
        return Report {
            exit: failure.exit,
            message: format!("{error:#}"),
            hint: failure.hint.clone(),
            broken_pipe,
        };
    }
    let sqlite = error
        .chain()
        .find_map(|c| c.downcast_ref::<rusqlite::Error>());
    let exit = match sqlite.and_then(rusqlite::Error::sqlite_error_code) {
        Some(rusqlite::ErrorCode::ConstraintViolation) => Exit::Usage,
        Some(_) => Exit::Database,
        None if sqlite.is_some() => Exit::Database,
        None if error.chain().any(|c| c.is::<std::io::Error>()) => Exit::Database,
        None => Exit::Usage,
    };
    let moved = matches!(
        sqlite,
        Some(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_READONLY_DBMOVED
    );
    let hint = match sqlite.and_then(rusqlite::Error::sqlite_error_code) {
        _ if moved => Some(
            "the map was replaced while this command waited (by encrypt, decrypt, passphrase \
             or restore); nothing was saved: run the command again"
                .to_string(),
        ),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Some(
            "another supportmap is writing to this database; try again in a moment".to_string(),
        ),
        Some(rusqlite::ErrorCode::ReadOnly) => Some(
            "the map or its folder is read-only here (a permission or a read-only disk); \
             nothing was saved. `supportmap doctor` shows the modes; `supportmap crisis` \
             still works"
                .to_string(),
        ),
        Some(rusqlite::ErrorCode::CannotOpen) => Some(
            "supportmap could not write beside the map (its -wal and -shm files): the folder \
             or disk may be read-only, or not yours (`supportmap doctor` shows the modes); \
             `supportmap crisis` still works"
                .to_string(),
        ),
        Some(rusqlite::ErrorCode::DiskFull) => {
            Some("the disk is full: free some space and try again; nothing was saved".to_string())
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Some("`supportmap doctor` checks the map; a backup can replace it".to_string())
        }
        _ => None,
    };
    Report {
        exit,
        message: one_line(error),
        hint,
        broken_pipe,
    }
}

/// The error and its causes joined with `: `, leaving out SQLite's numeric restatement
/// of the message before it ("Error code 1544: attempt to write a readonly database").
/// SQLite's statement text is left out of a syntax error (it would dump the SQL), and
/// any line breaks fold into spaces, so the error stays one line.
fn one_line(error: &anyhow::Error) -> String {
    error
        .chain()
        .filter(|cause| !cause.is::<rusqlite::ffi::Error>())
        .map(|cause| match cause.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqlInputError { msg, .. }) => msg.clone(),
            _ => cause.to_string(),
        })
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    /// A command that waited while `encrypt` (or `restore`) put a new file in place of
    /// the map finds its connection on the old file: it is told so, not that the disk is
    /// read-only.
    #[test]
    fn a_map_replaced_while_waiting_is_said_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let map = dir.path().join("map.db");
        let conn = rusqlite::Connection::open(&map).unwrap();
        conn.execute_batch("CREATE TABLE t (x);").unwrap();
        let other = dir.path().join("other.db");
        rusqlite::Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x);")
            .unwrap();
        std::fs::rename(&other, &map).unwrap();
        let err = conn.execute("INSERT INTO t VALUES (1)", []).unwrap_err();
        let report = report(&anyhow::Error::from(err).context("could not add Jo"));
        assert_eq!(report.exit, Exit::Database);
        assert!(
            report
                .hint
                .as_deref()
                .is_some_and(|h| h.starts_with("the map was replaced while this command waited")),
            "{:?}",
            report.hint
        );
    }

    #[test]
    fn failures_keep_their_exit_code_and_hint_under_context() {
        let err = anyhow::Error::from(Failure::usage("unknown thing").hint("try this"))
            .context("could not add Jo");
        let report = report(&err);
        assert_eq!(report.exit, Exit::Usage);
        assert_eq!(report.message, "could not add Jo: unknown thing");
        assert_eq!(report.hint.as_deref(), Some("try this"));
    }

    #[test]
    fn multi_line_causes_fold_into_one_line() {
        let err = anyhow::anyhow!("near \"TABLE\":\n  syntax error").context("migration 2 failed");
        let report = report(&err);
        assert_eq!(
            report.message,
            "migration 2 failed: near \"TABLE\": syntax error"
        );
    }

    #[test]
    fn io_errors_are_database_errors_and_broken_pipes_are_noticed() {
        let err: anyhow::Result<()> =
            Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)).context("writing output");
        let report = report(&err.unwrap_err());
        assert!(report.broken_pipe);
        assert_eq!(report.exit, Exit::Database);
    }
}

/// Folds clap's multi-line usage error into one message and a hint: the error line with
/// any listed arguments joined onto it, and clap's tip or a pointer to the right `--help`.
/// `command` is the subcommand the user was typing, such as `supportmap contacts edit`.
pub fn one_line_usage(rendered: &str, command: &str) -> (String, String) {
    let mut lines = rendered.lines();
    let mut message = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    let mut listed = Vec::new();
    let mut tip = None;
    for line in lines {
        let trimmed = line.trim();
        if let Some(t) = trimmed.strip_prefix("tip: ") {
            tip.get_or_insert_with(|| t.to_string());
        } else if trimmed.starts_with("Usage: ") {
            break;
        } else if line.starts_with("  ") && !trimmed.is_empty() && tip.is_none() {
            listed.push(trimmed.to_string());
        }
    }
    if !listed.is_empty() {
        message = format!("{} {}", message.trim_end(), listed.join(", "));
    }
    // clap's ranges read as code: "0 is not in 1..=4294967295".
    if let Some((before, _)) = message.split_once(" is not in 1..=") {
        let (prefix, value) = before.rsplit_once(": ").unwrap_or(("", before));
        message = format!("{prefix}: \"{value}\" is too small: it counts from 1");
    }
    // A "similar" argument that is not similar ("--json" for "--reason") misleads.
    let tip = tip.filter(
        |t| match (t.split('\'').nth(1), message.split('\'').nth(1)) {
            (Some(suggested), Some(typed)) if t.starts_with("a similar argument exists") => {
                let bare = |s: &str| s.trim_start_matches('-').to_string();
                strsim::jaro_winkler(&bare(suggested), &bare(typed)) >= 0.8
            }
            _ => true,
        },
    );
    let hint = match (tip, message.split('\'').nth(1)) {
        (Some(tip), _) => tip,
        (None, Some(typed)) if message.starts_with("unexpected argument '-") => {
            format!("`{command}` has no {typed}; see `{command} --help`")
        }
        (None, _) => format!("see `{command} --help`"),
    };
    (message, hint)
}

#[cfg(test)]
mod usage_tests {
    use super::one_line_usage;

    #[test]
    fn clap_errors_fold_into_one_line_and_a_hint() {
        let (message, hint) = one_line_usage(
            "error: the following required arguments were not provided:\n  <NAME>\n\n\
             Usage: supportmap contacts show <NAME>\n\nFor more information, try '--help'.\n",
            "supportmap contacts show",
        );
        assert_eq!(
            message,
            "the following required arguments were not provided: <NAME>"
        );
        assert_eq!(hint, "see `supportmap contacts show --help`");
        let (message, hint) = one_line_usage(
            "error: unexpected argument '--foo' found\n\n  tip: to pass '--foo' as a value, \
             use '-- --foo'\n\nUsage: supportmap add [OPTIONS] [NAME]\n",
            "supportmap add",
        );
        assert_eq!(message, "unexpected argument '--foo' found");
        assert_eq!(hint, "to pass '--foo' as a value, use '-- --foo'");
        let (message, hint) = one_line_usage(
            "error: unexpected argument '--reason' found\n\n  tip: a similar argument exists: \
             '--json'\n\nUsage: supportmap contacts resume <NAME>\n",
            "supportmap contacts resume",
        );
        assert_eq!(message, "unexpected argument '--reason' found");
        assert_eq!(
            hint,
            "`supportmap contacts resume` has no --reason; see `supportmap contacts resume --help`"
        );
        let (message, _) = one_line_usage(
            "error: invalid value '0' for '--limit <N>': 0 is not in 1..=4294967295\n",
            "supportmap checkin list",
        );
        assert_eq!(
            message,
            "invalid value '0' for '--limit <N>': \"0\" is too small: it counts from 1"
        );
    }
}
