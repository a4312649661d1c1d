//! `supportmap doctor`: what a user runs when something seems wrong. It says which map
//! is in use and why, how private its file and folder are, and whether SQLite finds it
//! whole. It only reads: it never creates, migrates or changes anything.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::Env;
use crate::db::{self, Db, LATEST_VERSION, Location, Source};
use crate::error::Exit;

#[derive(Debug, Serialize)]
struct Report {
    path: String,
    /// `flag`, `env` or `default`.
    source: &'static str,
    exists: bool,
    size_bytes: Option<u64>,
    /// Octal, such as "600".
    file_mode: Option<String>,
    folder_mode: Option<String>,
    schema_version: Option<i64>,
    latest_schema_version: i64,
    journal_mode: Option<String>,
    /// Encrypted at rest (SQLCipher).
    encrypted: bool,
    /// The plain crisis card beside an encrypted map, when the user keeps one.
    plain_crisis_card: Option<String>,
    integrity: Option<String>,
    supporters: Option<i64>,
    checkins: Option<i64>,
    /// Sidecar files SQLite keeps beside the map while it is in use.
    wal_present: bool,
    shm_present: bool,
    problems: Vec<String>,
    notes: Vec<String>,
    ok: bool,
    /// Encrypted, and its contents not checked for want of the passphrase.
    unchecked: bool,
}

pub fn run(loc: &Location, env: &Env) -> Result<Exit> {
    let path = &loc.path;
    let mut report = Report {
        path: path.display().to_string(),
        source: match loc.source {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::Default => "default",
        },
        exists: false,
        size_bytes: None,
        file_mode: None,
        folder_mode: None,
        schema_version: None,
        latest_schema_version: LATEST_VERSION,
        journal_mode: None,
        encrypted: db::key::is_encrypted(path),
        plain_crisis_card: Some(super::encrypt::card_path(path))
            .filter(|card| card.exists())
            .map(|card| card.display().to_string()),
        integrity: None,
        supporters: None,
        checkins: None,
        wal_present: db::sidecar(path, "-wal").exists(),
        shm_present: db::sidecar(path, "-shm").exists(),
        problems: Vec::new(),
        notes: Vec::new(),
        ok: true,
        unchecked: false,
    };
    // A copy left by an encrypt, decrypt or passphrase that was stopped part way (plain,
    // after a stopped decrypt): the next change removes it.
    let staged = db::key::staging_path(path);
    if staged.exists() {
        report.problems.push(format!(
            "{} was left by an encrypt, decrypt or passphrase that was stopped; \
             the next change to the map removes it (or remove it yourself: the map does not need it)",
            staged.display()
        ));
    }
    if let Some(card) = &report.plain_crisis_card {
        let mode = std::fs::metadata(card).map(|m| m.permissions().mode() & 0o777);
        if let Ok(mode) = mode
            && mode & 0o077 != 0
        {
            report.problems.push(format!(
                "the plain crisis card can be read by other accounts (mode {mode:o}); \
                 `chmod 600 {}` makes it private",
                crate::domain::names::shell_word(card)
            ));
        }
    }
    let folder = crate::files::folder_of(path);
    if let Ok(meta) = std::fs::metadata(&folder) {
        let mode = meta.permissions().mode() & 0o777;
        report.folder_mode = Some(format!("{mode:o}"));
        if mode & 0o077 != 0 && loc.source == Source::Default {
            report.notes.push(format!(
                "the folder {} can be listed by other accounts (chmod 700 makes it private)",
                folder.display()
            ));
        }
    }
    match db::file_kind(path) {
        Err(e) => report.problems.push(format!("{e:#}")),
        Ok(None) if loc.explicit() => report.problems.push(format!(
            "there is no map at {} ({} names it)",
            path.display(),
            loc.source.as_str()
        )),
        Ok(None) => report.notes.push(
            "there is no map here yet; the first command that saves something creates it \
             (if your map is somewhere else, pass --db PATH or set SUPPORTMAP_DB)"
                .to_string(),
        ),
        Ok(Some(meta)) => {
            report.exists = true;
            report.size_bytes = Some(meta.len());
            let mode = meta.permissions().mode() & 0o777;
            report.file_mode = Some(format!("{mode:o}"));
            // The mode matters only for a file that is a map.
            if inspect(path, &mut report) && mode & 0o077 != 0 {
                report.problems.push(format!(
                    "the map can be read by other accounts (mode {mode:o}); \
                     `chmod 600 {}` makes it private",
                    crate::domain::names::shell_word(&path.display().to_string())
                ));
            }
        }
    }
    report.ok = report.problems.is_empty();
    if env.out.json {
        env.out.print_json(&report)?;
    } else {
        env.out.print(&human(&report))?;
    }
    Ok(if report.ok { Exit::Ok } else { Exit::Database })
}

/// Opens the map read-only and reads what SQLite says of it; false when the file is
/// not a map that can be read.
fn inspect(path: &Path, report: &mut Report) -> bool {
    let db = match Db::open_read_only(path) {
        Ok(Some(db)) => db,
        Ok(None) => {
            report
                .notes
                .push("the file is empty: a map not started yet".to_string());
            return true;
        }
        // Encrypted, and no passphrase at hand (cron, a script): what can be seen
        // without it is reported, and the rest said plainly rather than as a fault.
        Err(_)
            if db::key::BUILT_IN
                && db::key::is_encrypted(path)
                && db::key::current().is_none()
                && !asked() =>
        {
            report.notes.push(
                "the map's contents were not checked: they need the passphrase \
                 (on a terminal doctor asks; from a script, --passphrase-file FILE)"
                    .to_string(),
            );
            report.unchecked = true;
            return true;
        }
        Err(e) => {
            report.problems.push(format!("{e:#}"));
            return false;
        }
    };
    if db.partial() {
        report.problems.push(
            "the map's -wal file cannot be read here (a read-only or full disk, or a folder \
             you cannot write): the latest changes are not seen; run supportmap where it can \
             write beside the map to fold them in"
                .to_string(),
        );
    }
    match db.health() {
        Ok(health) => {
            if health.schema_version < LATEST_VERSION {
                report.notes.push(format!(
                    "the schema is at version {}; the next command that opens it for \
                     writing brings it to {LATEST_VERSION}",
                    health.schema_version
                ));
            }
            let integrity = health.integrity.join("; ");
            if integrity != "ok" {
                report
                    .problems
                    .push(format!("SQLite's integrity check found: {integrity}"));
            }
            report.schema_version = Some(health.schema_version);
            report.journal_mode = Some(health.journal_mode);
            report.integrity = Some(integrity);
            report.supporters = Some(health.supporters);
            report.checkins = Some(health.checkins);
        }
        Err(e) => report.problems.push(format!("{e:#}")),
    }
    true
}

fn human(r: &Report) -> String {
    let xdg = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty());
    let source = match r.source {
        "flag" => "from --db",
        "env" => "from SUPPORTMAP_DB",
        _ if xdg.is_some() => "the default place, under XDG_DATA_HOME",
        _ => "the default place",
    };
    let mut lines = vec![format!("map          {} ({source})", r.path)];
    if let (Some(size), Some(mode)) = (r.size_bytes, &r.file_mode) {
        lines.push(format!("file         {size} bytes, mode {mode}"));
    }
    if let Some(mode) = &r.folder_mode {
        lines.push(format!("folder       mode {mode}"));
    }
    if let Some(version) = r.schema_version {
        lines.push(format!(
            "schema       version {version} (this supportmap writes {})",
            r.latest_schema_version
        ));
    }
    if let Some(journal) = &r.journal_mode {
        lines.push(format!("journal      {journal}"));
    }
    if r.encrypted {
        lines.push("encrypted    yes (SQLCipher; commands ask for the passphrase)".to_string());
        lines.push(match &r.plain_crisis_card {
            Some(card) => {
                format!("crisis card  kept plain, readable without the passphrase: {card}")
            }
            None => "crisis card  none kept plain: `supportmap crisis` asks for the passphrase"
                .to_string(),
        });
    } else if r.exists {
        lines.push("encrypted    no".to_string());
    }
    if let Some(integrity) = &r.integrity {
        lines.push(format!("integrity    {integrity}"));
    }
    if let (Some(supporters), Some(checkins)) = (r.supporters, r.checkins) {
        lines.push(format!(
            "holds        {supporters} supporter{}, {checkins} check-in{}",
            if supporters == 1 { "" } else { "s" },
            if checkins == 1 { "" } else { "s" }
        ));
    }
    if r.wal_present || r.shm_present {
        lines.push(
            "in use       -wal/-shm files beside it (normal while supportmap runs)".to_string(),
        );
    }
    for note in &r.notes {
        lines.push(format!("note         {note}"));
    }
    for problem in &r.problems {
        lines.push(format!("problem      {problem}"));
    }
    lines.push(String::new());
    lines.push(if r.ok && r.unchecked {
        "Nothing wrong in what could be checked without the passphrase.".to_string()
    } else if r.ok {
        "All is well.".to_string()
    } else if r.problems.len() == 1 {
        "1 problem found.".to_string()
    } else {
        format!("{} problems found.", r.problems.len())
    });
    lines.join("\n")
}

/// True when a passphrase could have been asked for or read (a terminal, or a
/// passphrase file): then a failure to open the map is a problem, not a missing key.
fn asked() -> bool {
    crate::db::key::source().is_some() || crate::prompt::can_prompt()
}
