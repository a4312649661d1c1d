//! Backups: the map copied with SQLite's online backup API (whole even while another
//! supportmap writes), checked before it is called done, and put back the same way.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use super::migrate;
use super::{Db, read_only};
use crate::error::Failure;

/// What a checked backup holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub schema_version: i64,
    pub supporters: i64,
    pub checkins: i64,
}

/// Copies the map into `path`, an empty file, in one step of the backup API: a snapshot
/// of one moment. The copy keeps no write-ahead log, so it is one self-contained file.
pub fn copy_to(conn: &Connection, path: &Path) -> Result<()> {
    let context = || format!("could not copy the map to {}", path.display());
    let mut dest = Connection::open(path).with_context(context)?;
    // A copy of an encrypted map is encrypted with the same passphrase (SQLCipher copies
    // pages only between databases keyed alike).
    if let Some(source) = conn.path().filter(|p| !p.is_empty()) {
        if super::key::is_encrypted(Path::new(source)) {
            if let Some(passphrase) = super::key::current() {
                super::key::apply(&dest, &passphrase, path)?;
            }
        }
    }
    {
        let backup = Backup::new(conn, &mut dest).with_context(context)?;
        copy_all(&backup).with_context(context)?;
    }
    dest.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
        .with_context(context)?;
    dest.close().map_err(|(_, e)| e).with_context(context)?;
    Ok(())
}

/// Copies every page in one step (one transaction on each side: a snapshot of one
/// moment, written all at once). While another connection holds a lock, waits and tries
/// again, for up to the busy timeout a write would wait.
fn copy_all(backup: &Backup<'_, '_>) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                if started.elapsed() > super::BUSY_TIMEOUT {
                    return Err(Failure::database(
                        "the map stayed busy: another supportmap is writing to it",
                    )
                    .hint("try again in a moment")
                    .into());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Checks a backup file before it is trusted: a whole SQLite file (`integrity_check`),
/// a supportmap map (application id), and a schema this supportmap can read.
pub fn check(path: &Path) -> Result<Checked> {
    let not_a_map = || {
        let mut start = Vec::new();
        let _ = std::fs::File::open(path).and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, 4096), &mut start)
        });
        let export = start.iter().copied().find(|c| !c.is_ascii_whitespace()) == Some(b'{');
        Failure::database(format!("{} holds no supportmap map", path.display())).hint(if export {
            format!(
                "it looks like an export: bring it in with supportmap import {}",
                crate::domain::names::shell_arg(&path.to_string_lossy())
            )
        } else {
            "choose a file made by `supportmap backup`".to_string()
        })
    };
    super::file_kind(path)?.ok_or_else(|| {
        Failure::usage(format!("{} does not exist", path.display())).hint(
            "check the path; `supportmap backup` writes into the backups folder beside the map",
        )
    })?;
    if super::key::is_encrypted(path) {
        return check_open(path, read_only(path, true)?.ok_or_else(not_a_map)?);
    }
    // The header says whether it is a supportmap map at all, before SQLite opens it.
    let mut header = [0u8; 72];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .is_ok();
    let application_id = i64::from(u32::from_be_bytes([
        header[68], header[69], header[70], header[71],
    ]));
    if !read || &header[..16] != b"SQLite format 3\0" || application_id != migrate::APPLICATION_ID {
        return Err(not_a_map().into());
    }
    let conn = read_only(path, true)?.ok_or_else(not_a_map)?;
    check_open(path, conn)
}

/// The checks on a backup SQLite has opened (and, when encrypted, keyed).
fn check_open(path: &Path, conn: Connection) -> Result<Checked> {
    let application_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .with_context(|| format!("could not read {}", path.display()))?;
    if application_id != migrate::APPLICATION_ID {
        return Err(
            Failure::database(format!("{} holds no supportmap map", path.display()))
                .hint("choose a file made by `supportmap backup`")
                .into(),
        );
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .with_context(|| format!("could not read {}", path.display()))?;
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()
        .with_context(|| format!("could not check {}", path.display()))?;
    if problems != ["ok"] {
        return Err(Failure::database(format!(
            "{} is damaged: SQLite's integrity check found {} problem(s)",
            path.display(),
            problems.len()
        ))
        .hint("it cannot be used as a backup; try an older one")
        .into());
    }
    let count = |table: &str| -> Result<i64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .with_context(|| format!("could not read {}", path.display()))
    };
    Ok(Checked {
        schema_version: version,
        supporters: count("supporters")?,
        checkins: if version >= 2 { count("checkins")? } else { 0 },
    })
}

impl Db {
    /// Replaces the whole map with the backup at `path` (already [`check`]ed).
    ///
    /// The backup is first copied beside the map, brought up to date if it comes from an
    /// older supportmap, and checked again there with a connection that can write (which
    /// is when SQLite's integrity check also tests CHECK constraints). Then, in one
    /// `BEGIN IMMEDIATE` transaction on the map, `keep` saves the map as it stands (given a
    /// connection that reads it) and
    /// every table is replaced by the backup's: no other supportmap can write between the
    /// two, so nothing it wrote can be lost, and an interrupted restore leaves the map as
    /// it was. Returns what `keep` returned.
    pub fn restore_from<T>(
        &mut self,
        path: &Path,
        keep: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        let context = || format!("could not restore from {}", path.display());
        let folder = crate::files::folder_of(&self.path);
        let staged = tempfile::Builder::new()
            .prefix(".supportmap-restore.")
            .suffix(".db")
            .tempfile_in(&folder)
            .map_err(|e| crate::files::failed(&folder.join(".supportmap-restore.db"), e))?
            .into_temp_path();
        {
            // A backup with a -wal beside it (a map copied while in use) is read with it.
            let has_wal = super::sidecar(path, "-wal").exists();
            let source = read_only(path, !has_wal)?.with_context(context)?;
            copy_to(&source, &staged)?;
        }
        if super::key::is_encrypted(path) != super::key::is_encrypted(&self.path) {
            return Err(Failure::usage(if super::key::is_encrypted(path) {
                format!("{} is encrypted, and the map is not", path.display())
            } else {
                format!("{} is not encrypted, and the map is", path.display())
            })
            .hint("make them alike first (supportmap encrypt, or supportmap decrypt), then restore; the map was left as it was")
            .into());
        }
        {
            let mut conn = super::connect_to_copy(&staged)?;
            migrate::to_latest(&mut conn, path)?;
            let problems: Vec<String> = conn
                .prepare("PRAGMA integrity_check")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()
                .with_context(context)?;
            let orphans: i64 = conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .with_context(context)?;
            if problems != ["ok"] || orphans > 0 {
                return Err(Failure::database(format!(
                    "{} is damaged: SQLite's checks found {} problem(s)",
                    path.display(),
                    problems.len().max(1) + usize::try_from(orphans).unwrap_or(0)
                ))
                .hint("it cannot be used as a backup, and the map was left as it was; try an older backup")
                .into());
            }
        }
        let staged_name = staged.to_string_lossy().into_owned();
        // An encrypted copy is opened with the passphrase itself: each file has its own
        // salt, so the map's derived key would not open it.
        match super::key::current().filter(|_| super::key::is_encrypted(&staged)) {
            Some(passphrase) => self.conn.execute(
                "ATTACH DATABASE ?1 AS backup KEY ?2",
                [staged_name.as_str(), passphrase.as_str()],
            ),
            None => self
                .conn
                .execute("ATTACH DATABASE ?1 AS backup", [&staged_name]),
        }
        .with_context(context)?;
        let result = (|| -> Result<T> {
            let tx = rusqlite::Transaction::new(
                &mut self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )
            .with_context(|| format!("could not write to database {}", self.path.display()))?;
            // The map as it stands, read through a connection of its own (SQLite's backup
            // cannot read through one that holds a write transaction). Under this
            // transaction's write lock, no other supportmap can commit meanwhile.
            let reader = read_only(&self.path, false)?
                .with_context(|| format!("could not read database {}", self.path.display()))?;
            let kept = keep(&reader)?;
            drop(reader);
            replace_tables(&tx).with_context(context)?;
            tx.commit()
                .with_context(|| format!("could not save to database {}", self.path.display()))?;
            Ok(kept)
        })();
        let detached = self
            .conn
            .execute_batch("DETACH DATABASE backup")
            .with_context(context);
        let kept = result?;
        detached?;
        Ok(kept)
    }
}

/// Every table of the map emptied and filled from the attached `backup` (the same
/// schema), the id counters too. Foreign keys are checked at the commit; the journal's
/// triggers record nothing, since no change is being journalled.
fn replace_tables(tx: &Connection) -> Result<()> {
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let tables: Vec<String> = tx
        .prepare(
            "SELECT name FROM main.sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // The names come from the map's own schema, and are quoted besides.
    let quote = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
    for table in &tables {
        tx.execute(&format!("DELETE FROM main.{}", quote(table)), [])?;
    }
    for table in &tables {
        let columns: Vec<String> = tx
            .prepare(&format!(
                "SELECT name FROM pragma_table_info({})",
                quote_literal(table)
            ))?
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|c| c.map(|c| quote(&c)))
            .collect::<rusqlite::Result<_>>()?;
        let columns = columns.join(", ");
        tx.execute(
            &format!(
                "INSERT INTO main.{t} ({columns}) SELECT {columns} FROM backup.{t}",
                t = quote(table)
            ),
            [],
        )?;
    }
    tx.execute("DELETE FROM main.sqlite_sequence", [])?;
    tx.execute(
        "INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM backup.sqlite_sequence",
        [],
    )?;
    Ok(())
}

/// A string literal for SQL text.
fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
