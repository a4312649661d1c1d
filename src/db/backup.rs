//! Backups: the map copied with SQLite's online backup API (whole even while another
//! supportmap writes), checked before it is called done, and put back the same way.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use super::migrate::{self, LATEST_VERSION};
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
        Failure::database(format!("{} holds no supportmap map", path.display()))
            .hint("choose a file made by `supportmap backup`")
    };
    super::file_kind(path)?.ok_or_else(|| {
        Failure::usage(format!("{} does not exist", path.display())).hint(
            "check the path; `supportmap backup` writes into the backups folder beside the map",
        )
    })?;
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
    /// Replaces the whole map with the backup at `path` (already [`check`]ed), in one
    /// transaction of the backup API: another supportmap sees the old map or the new one,
    /// never a mix, and an interrupted restore leaves the old map. A backup from an older
    /// supportmap is brought up to date after.
    pub fn restore_from(&mut self, path: &Path) -> Result<()> {
        let context = || format!("could not restore from {}", path.display());
        let source = read_only(path, true)?.with_context(context)?;
        {
            let backup = Backup::new(&source, &mut self.conn).with_context(context)?;
            copy_all(&backup).with_context(context)?;
        }
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .with_context(context)?;
        if version < LATEST_VERSION {
            super::configure(&self.conn, &self.path)?;
            migrate::to_latest(&mut self.conn, &self.path)?;
        }
        Ok(())
    }
}
