//! The only place with SQL. Opens the database once per command, applies migrations,
//! and turns rows into domain values.

pub mod checkins;
pub mod gaps;
mod migrate;
pub mod plan;
pub mod supporters;

use std::fs::{DirBuilder, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use std::str::FromStr;

use rusqlite::types::Type;
use rusqlite::{Connection, OpenFlags, Row, Transaction, TransactionBehavior};

use crate::error::Failure;
pub use migrate::LATEST_VERSION;
use migrate::Probe;

/// How long a command waits for another process's write before giving up (exit 3).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(8);

/// The crisis card never waits long: only for a moment's checkpoint, not for a writer.
pub const READ_ONLY_BUSY_TIMEOUT: Duration = Duration::from_millis(500);

/// The environment variable that chooses the database when `--db` is not given.
pub const DB_ENV: &str = "SUPPORTMAP_DB";

/// An open supportmap database, migrated to the schema this binary knows.
pub struct Db {
    conn: Connection,
    path: PathBuf,
}

impl Db {
    /// Opens the database for writing, creating the file (mode 0600) and its folder
    /// (mode 0700) when they do not exist yet.
    pub fn open(path: &Path) -> Result<Db> {
        create_private(path)?;
        let mut conn = connect(path)?;
        migrate::probe(&conn, path)?;
        configure(&conn, path)?;
        migrate::to_latest(&mut conn, path)?;
        Ok(Db {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing database for reading. `None` when there is no database yet:
    /// nothing is created, and an empty file stays empty.
    pub fn open_existing(path: &Path) -> Result<Option<Db>> {
        if !path.exists() {
            return Ok(None);
        }
        let mut conn = connect(path)?;
        match migrate::probe(&conn, path)? {
            Probe::Empty => return Ok(None),
            Probe::Current => {
                conn.pragma_update(None, "foreign_keys", "ON")
                    .with_context(|| format!("could not open database {}", path.display()))?;
            }
            Probe::Behind => {
                configure(&conn, path)?;
                migrate::to_latest(&mut conn, path)?;
            }
        }
        Ok(Some(Db {
            conn,
            path: path.to_path_buf(),
        }))
    }

    /// Opens an existing database read-only, for the crisis card: no migration, no
    /// write lock, and a writer holding the database does not make it wait (in WAL mode
    /// readers never wait for writers). `None` when there is no map yet.
    pub fn open_read_only(path: &Path) -> Result<Option<Db>> {
        if !path.exists() {
            return Ok(None);
        }
        refuse_folder(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("could not open database {}", path.display()))?;
        conn.busy_timeout(READ_ONLY_BUSY_TIMEOUT)
            .with_context(|| format!("could not open database {}", path.display()))?;
        // Any supportmap schema has the supporters table the card reads, so an older
        // file is read as it is rather than migrated.
        match migrate::probe(&conn, path)? {
            Probe::Empty => Ok(None),
            Probe::Current | Probe::Behind => Ok(Some(Db {
                conn,
                path: path.to_path_buf(),
            })),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// For reads. Writes go through [`Db::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction: all of it is saved, or none.
    ///
    /// IMMEDIATE takes the write lock up front, so a second writer waits on the busy
    /// timeout instead of failing at once when its read turns into a write.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .with_context(|| format!("could not write to database {}", self.path.display()))?;
        let value = work(&tx)?;
        tx.commit()
            .with_context(|| format!("could not save to database {}", self.path.display()))?;
        Ok(value)
    }
}

/// Where the database lives: `--db`, then `SUPPORTMAP_DB`, then the platform data dir
/// (`~/.local/share/supportmap/supportmap.db` on Linux).
pub fn resolve_path(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "supportmap")
        .map(|dirs| dirs.data_dir().join("supportmap.db"))
        .ok_or_else(|| {
            Failure::usage("could not find a home folder for the database")
                .hint(format!("pass --db PATH or set {DB_ENV}"))
                .into()
        })
}

/// Creates the database file with mode 0600, and any missing folders with mode 0700,
/// before SQLite opens it (SQLite itself would create a world-readable 0644 file).
fn create_private(path: &Path) -> Result<()> {
    refuse_folder(path)?;
    if let Ok(meta) = std::fs::metadata(path) {
        // An empty file someone made for us becomes private before anything is in it.
        if meta.len() == 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("could not make {} private", path.display()))?;
        }
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .with_context(|| format!("could not create the folder {}", parent.display()))?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        // Another process created it first: fine, it is opened below.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("could not create database {}", path.display())),
    }
}

/// Opens a connection to an existing file; never creates one. Read-write when the
/// file allows it, read-only otherwise (SQLite falls back by itself).
/// A folder given as the database is a mistake worth naming plainly.
fn refuse_folder(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Failure::database(format!(
            "{} is a folder, not a database file",
            path.display()
        ))
        .hint(format!(
            "pass a file inside it, such as {}",
            path.join("supportmap.db").display()
        ))
        .into());
    }
    Ok(())
}

fn connect(path: &Path) -> Result<Connection> {
    refuse_folder(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .with_context(|| format!("could not open database {}", path.display()))?;
    // First, so every later statement waits for another writer instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT)
        .with_context(|| format!("could not open database {}", path.display()))?;
    Ok(conn)
}

/// Per-connection settings for a database we may write: WAL so readers never block the
/// writer, FULL sync so each small commit is durable, and foreign keys enforced.
fn configure(conn: &Connection, path: &Path) -> Result<()> {
    let context = || format!("could not open database {}", path.display());
    // The answer is the mode now in force; a file system without shared memory keeps
    // the old journal, and supportmap still works there, only with less concurrency.
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
        .with_context(context)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .with_context(context)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .with_context(context)?;
    Ok(())
}

/// Timestamps are stored as RFC 3339 text in UTC, to the second: they sort as text.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Reads a text column into a domain word (`Category`, `Function`, …).
pub(crate) fn parse_column<T: FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    text.parse().map_err(|_| bad_column(index, text))
}

pub(crate) fn timestamp_column(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    parse_timestamp(&text).ok_or_else(|| bad_column(index, text))
}

pub(crate) fn bad_column(index: usize, value: impl std::fmt::Debug) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        Type::Text,
        format!("unexpected value {value:?} in the database").into(),
    )
}

/// A migrated in-memory database for unit tests.
#[cfg(test)]
pub(crate) fn test_db() -> Connection {
    let mut conn = Connection::open_in_memory().expect("in-memory database");
    migrate::to_latest(&mut conn, Path::new(":memory:")).expect("migrations apply");
    conn
}
