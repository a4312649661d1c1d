//! The only place with SQL. Opens the database once per command, applies migrations,
//! and turns rows into domain values.

pub mod backup;
pub mod checkins;
pub mod gaps;
pub mod journal;
pub mod key;
mod migrate;
pub mod plan;
pub mod reviews;
pub mod settings;
pub mod supporters;
pub mod transfer;
pub mod trends;

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

use crate::domain::text::{self, Shape};
use crate::error::Failure;
pub use migrate::LATEST_VERSION;
use migrate::Probe;

/// How long a command waits for another process's write before giving up (exit 3).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(8);

/// The crisis card never waits long: only for a moment's checkpoint, not for a writer.
pub const READ_ONLY_BUSY_TIMEOUT: Duration = Duration::from_millis(500);

/// The environment variable that chooses the database when `--db` is not given.
pub const DB_ENV: &str = "SUPPORTMAP_DB";

/// Where the path of the map came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `--db PATH`.
    Flag,
    /// The `SUPPORTMAP_DB` environment variable.
    Env,
    /// The platform data folder.
    Default,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Flag => "--db",
            Source::Env => DB_ENV,
            Source::Default => "default",
        }
    }
}

/// The map's path and where it came from. A path the user named (`--db` or
/// `SUPPORTMAP_DB`) must exist for a read: a typo in a crontab is an error, not an
/// empty map forever.
#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    pub source: Source,
}

impl Location {
    /// Named by the user rather than the platform default.
    pub fn explicit(&self) -> bool {
        self.source != Source::Default
    }

    /// For a read: a named map that is not there is an error ("no map at PATH"); the
    /// default place without a map is fine (an empty result).
    pub fn ensure_present(&self) -> Result<()> {
        if self.explicit() && file_kind(&self.path)?.is_none() {
            return Err(self.missing().into());
        }
        Ok(())
    }

    /// The error for a read of a named map that is not there.
    fn missing(&self) -> Failure {
        let hint = match self.source {
            Source::Env => format!(
                "{DB_ENV} names this path: check it (in a crontab too); a command that \
                 saves something, such as `supportmap add`, starts a new map there"
            ),
            _ => "check the path; a command that saves something, such as `supportmap add`, \
                  starts a new map there"
                .to_string(),
        };
        Failure::database(format!("no map at {}", self.path.display())).hint(hint)
    }
}

/// An open supportmap database, migrated to the schema this binary knows.
pub struct Db {
    conn: Connection,
    path: PathBuf,
    created: bool,
    /// Read without its write-ahead log: the latest changes may be missing.
    partial: bool,
}

impl Db {
    /// Opens the database for writing, creating the file (mode 0600) and its folder
    /// (mode 0700) when they do not exist yet.
    pub fn open(path: &Path) -> Result<Db> {
        let created = create_private(path)?;
        let mut conn = connect(path)?;
        key::recover(&conn, path)?;
        migrate::probe(&conn, path)?;
        configure(&conn, path)?;
        migrate::to_latest(&mut conn, path)?;
        Ok(Db {
            conn,
            path: path.to_path_buf(),
            created,
            partial: false,
        })
    }

    /// An empty map in memory, for trying a change out (`import --dry-run` before
    /// there is a map).
    pub fn scratch() -> Result<Db> {
        let mut conn = Connection::open_in_memory().context("could not start an empty map")?;
        migrate::to_latest(&mut conn, Path::new(":memory:"))?;
        Ok(Db {
            conn,
            path: PathBuf::from(":memory:"),
            created: true,
            partial: false,
        })
    }

    /// True when the map could only be read without its write-ahead log (`-wal`), so
    /// the most recent changes may be missing from what was read.
    pub fn partial(&self) -> bool {
        self.partial
    }

    /// True when [`Db::open`] created the file: a new map was started.
    pub fn created(&self) -> bool {
        self.created
    }

    /// Opens an existing database for reading. `None` when there is no database yet:
    /// nothing is created, and an empty file stays empty.
    ///
    /// A map this user may not write (a read-only disk or folder, another user's file)
    /// is still read, through [`Db::open_read_only`], when it needs no migration.
    pub fn open_existing(path: &Path) -> Result<Option<Db>> {
        if file_kind(path)?.is_none() {
            return Ok(None);
        }
        Db::open_writable(path).or_else(|error| {
            let read_only = sqlite_code_in(
                &error,
                &[
                    rusqlite::ErrorCode::ReadOnly,
                    rusqlite::ErrorCode::CannotOpen,
                ],
            );
            match Db::open_read_only(path) {
                Ok(Some(db)) if read_only && migrate::probe(&db.conn, path)? == Probe::Current => {
                    Ok(Some(db))
                }
                _ => Err(error),
            }
        })
    }

    fn open_writable(path: &Path) -> Result<Option<Db>> {
        let mut conn = connect(path)?;
        key::recover(&conn, path)?;
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
            created: false,
            partial: false,
        }))
    }

    /// Opens an existing database read-only, for the crisis card: no migration, no
    /// write lock, and a writer holding the database does not make it wait (in WAL mode
    /// readers never wait for writers). `None` when there is no map yet.
    ///
    /// It also answers on a full disk, a read-only mount or a folder where no `-shm` can be
    /// made, and leaves nothing behind: a cleanly closed map (no `-wal` or `-journal`
    /// beside it) is read in SQLite's `immutable` mode, which creates no file; otherwise
    /// a plain read-only open, falling back to `immutable` when that cannot work.
    pub fn open_read_only(path: &Path) -> Result<Option<Db>> {
        if file_kind(path)?.is_none() {
            return Ok(None);
        }
        let settled = !sidecar(path, "-wal").exists() && !sidecar(path, "-journal").exists();
        let mut partial = false;
        let opened = if settled {
            read_only(path, true)?
        } else {
            match read_only(path, false) {
                Ok(opened) => opened,
                Err(first) => {
                    let retry = sqlite_code_in(
                        &first,
                        &[
                            rusqlite::ErrorCode::CannotOpen,
                            rusqlite::ErrorCode::ReadOnly,
                            rusqlite::ErrorCode::SystemIoFailure,
                            rusqlite::ErrorCode::DiskFull,
                            rusqlite::ErrorCode::PermissionDenied,
                        ],
                    );
                    if !retry {
                        return Err(first);
                    }
                    // Changes still in a non-empty -wal are not seen in immutable mode.
                    partial = std::fs::metadata(sidecar(path, "-wal")).is_ok_and(|m| m.len() > 0);
                    read_only(path, true)?
                }
            }
        };
        Ok(opened.map(|conn| Db {
            conn,
            path: path.to_path_buf(),
            created: false,
            partial,
        }))
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
    ///
    /// Every row it changes is recorded in the change journal in the same transaction
    /// ([`journal`]), so no command can change the map without it being undoable.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let now = Utc::now();
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .with_context(|| format!("could not write to database {}", self.path.display()))?;
        let entry = journal::begin(&tx, now, journal::Kind::Change)?;
        let value = work(&tx)?;
        // A command that changed nothing leaves the file exactly as it was: not even the
        // journal's id counter moves.
        if entry != 0 && !journal::has_rows(&tx, entry)? {
            tx.rollback()
                .with_context(|| format!("could not write to database {}", self.path.display()))?;
            return Ok(value);
        }
        journal::finish(&tx, entry)?;
        tx.commit()
            .with_context(|| format!("could not save to database {}", self.path.display()))?;
        Ok(value)
    }

    /// One IMMEDIATE transaction that is not itself recorded: for undo, redo and pruning
    /// the history, which work on the journal.
    pub fn write_untracked<T>(
        &mut self,
        work: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .with_context(|| format!("could not write to database {}", self.path.display()))?;
        let value = work(&tx)?;
        tx.commit()
            .with_context(|| format!("could not save to database {}", self.path.display()))?;
        Ok(value)
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction and then rolls it back: what a
    /// change would do, with the map left exactly as it was (`import --dry-run`).
    pub fn try_out<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .with_context(|| format!("could not read database {}", self.path.display()))?;
        let value = work(&tx)?;
        tx.rollback()
            .with_context(|| format!("could not read database {}", self.path.display()))?;
        Ok(value)
    }

    /// A copy of the map, in memory, as it stood at `at` (the journal rewound): read
    /// commands run on it unchanged. The map itself is not touched.
    pub fn as_of(&self, at: DateTime<Utc>) -> Result<Db> {
        let mut copy = Connection::open_in_memory().context("could not copy the map")?;
        // An encrypted map is copied under its own key (SQLCipher copies pages only
        // between databases keyed alike); the copy stays in memory.
        if let Some(passphrase) = key::current().filter(|_| key::is_encrypted(&self.path)) {
            key::apply(&copy, &passphrase, Path::new(":memory:"))?;
        }
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)
                .context("could not copy the map")?;
            backup
                .run_to_completion(256, Duration::ZERO, None)
                .context("could not copy the map")?;
        }
        copy.pragma_update(None, "foreign_keys", "ON")
            .context("could not copy the map")?;
        let tx = Transaction::new(&mut copy, TransactionBehavior::Immediate)
            .context("could not copy the map")?;
        journal::rewind_to(&tx, at)?;
        tx.commit().context("could not copy the map")?;
        Ok(Db {
            conn: copy,
            path: self.path.clone(),
            created: false,
            partial: self.partial,
        })
    }
}

/// Where the database lives: `--db`, then `SUPPORTMAP_DB`, then the platform data dir
/// (`~/.local/share/supportmap/supportmap.db` on Linux).
pub fn resolve(flag: Option<&Path>) -> Result<Location> {
    if let Some(path) = flag {
        return Ok(Location {
            path: path.to_path_buf(),
            source: Source::Flag,
        });
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(Location {
            path: PathBuf::from(path),
            source: Source::Env,
        });
    }
    directories::ProjectDirs::from("", "", "supportmap")
        .map(|dirs| Location {
            path: dirs.data_dir().join("supportmap.db"),
            source: Source::Default,
        })
        .ok_or_else(|| {
            Failure::usage("could not find a home folder for the database")
                .hint(format!("pass --db PATH or set {DB_ENV}"))
                .into()
        })
}

/// Creates the database file with mode 0600, and any missing folders with mode 0700,
/// before SQLite opens it (SQLite itself would create a world-readable 0644 file).
/// True when it made the file.
fn create_private(path: &Path) -> Result<bool> {
    if let Some(meta) = file_kind(path)? {
        // An empty regular file someone made for us becomes private before anything is
        // in it; any other file keeps the mode its owner gave it.
        if meta.len() == 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("could not make {} private", path.display()))?;
        }
        return Ok(false);
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
        Ok(_) => Ok(true),
        // Another process created it first: fine, it is opened below.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| format!("could not create database {}", path.display())),
    }
}

/// What is at the map's path: nothing (`None`), or a regular file (through a link, if
/// it is one). A folder, device, FIFO or socket is refused before anything is done to
/// it: SQLite would change a device's mode, leave a `-journal` beside it, or wait on a
/// FIFO forever.
pub fn file_kind(path: &Path) -> Result<Option<std::fs::Metadata>> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Failure::database(format!(
                    "{} is a link to a file that does not exist",
                    path.display()
                ))
                .hint(
                    "it was left as it was; pass --db with the path of a map file, or fix the link",
                )
                .into());
            }
            return Ok(None);
        }
        Err(e) => {
            return Err(e).with_context(|| format!("could not look at {}", path.display()));
        }
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(Some(meta));
    }
    if kind.is_dir() {
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
    let what = crate::files::special_kind(kind);
    Err(
        Failure::database(format!("{} is {what}, not a map file", path.display()))
            .hint("it was left as it was; pass --db with the path of a map file")
            .into(),
    )
}

/// True when SQLite gave one of `codes` anywhere in the error's chain.
fn sqlite_code_in(error: &anyhow::Error, codes: &[rusqlite::ErrorCode]) -> bool {
    error
        .chain()
        .filter_map(|c| c.downcast_ref::<rusqlite::Error>())
        .any(|e| {
            e.sqlite_error_code()
                .is_some_and(|code| codes.contains(&code))
        })
}

/// `PATH-wal`, `PATH-shm`, `PATH-journal`: the files SQLite keeps beside the map.
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// A read-only connection, for the crisis card and `doctor`. With `immutable`, SQLite
/// reads the file as it is and creates nothing beside it (no `-shm`, no `-wal`).
/// `None` when the file holds no map yet.
pub fn read_only(path: &Path, immutable: bool) -> Result<Option<Connection>> {
    let context = || format!("could not open database {}", path.display());
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let absolute = std::path::absolute(path).with_context(context)?;
    let uri = format!(
        "file://{}?mode=ro{}",
        uri_path(&absolute),
        if immutable { "&immutable=1" } else { "" }
    );
    let conn = Connection::open_with_flags(uri, flags).with_context(context)?;
    conn.busy_timeout(READ_ONLY_BUSY_TIMEOUT)
        .with_context(context)?;
    key::unlock(&conn, path)?;
    // Any supportmap schema has the tables a reader reads, so an older file is read as
    // it is rather than migrated.
    Ok(match migrate::probe(&conn, path)? {
        Probe::Empty => None,
        Probe::Current | Probe::Behind => Some(conn),
    })
}

/// A path as the path of an SQLite `file:` URI: every byte but the unreserved ones
/// percent-encoded, so `?`, `#`, `%` and bytes that are not UTF-8 name the file exactly.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A read-write connection to a file its caller has checked with [`file_kind`].
fn connect(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .with_context(|| format!("could not open database {}", path.display()))?;
    // First, so every later statement waits for another writer instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT)
        .with_context(|| format!("could not open database {}", path.display()))?;
    key::unlock(&conn, path)?;
    Ok(conn)
}

/// A read-write connection to a file supportmap wrote itself (a staged copy), keyed
/// when it is encrypted.
pub fn connect_to_copy(path: &Path) -> Result<Connection> {
    connect(path)
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

/// What `doctor` reads from an open map.
#[derive(Debug, Clone)]
pub struct Health {
    pub schema_version: i64,
    pub journal_mode: String,
    /// `PRAGMA integrity_check`: `["ok"]` when all is well.
    pub integrity: Vec<String>,
    pub supporters: i64,
    pub checkins: i64,
}

impl Db {
    /// Reads the schema version, journal mode, integrity check and counts; writes nothing.
    pub fn health(&self) -> Result<Health> {
        let conn = &self.conn;
        let context = || format!("could not check {}", self.path.display());
        let integrity = conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .with_context(context)?;
        let count = |table: &str| -> Result<i64> {
            // Table names are the constants below, never user input.
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .with_context(context)
        };
        Ok(Health {
            schema_version: conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .with_context(context)?,
            journal_mode: if key::is_encrypted(&self.path) {
                // The header is encrypted too: ask a connection that could write (a
                // read-only one reports its own mode), and write nothing.
                connect(&self.path)
                    .and_then(|c| {
                        Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))?)
                    })
                    .map(|mode| mode.replace("delete", "rollback journal"))
                    .unwrap_or_else(|_| "unknown (encrypted, and not writable here)".to_string())
            } else {
                journal_mode(&self.path).with_context(context)?
            },
            integrity,
            supporters: count("supporters")?,
            checkins: count("checkins").unwrap_or(0),
        })
    }
}

/// The journal mode the file is in, from its header (bytes 18 and 19 are 2 in WAL
/// mode): a read-only or immutable connection would report its own mode instead.
fn journal_mode(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut header = [0u8; 20];
    std::fs::File::open(path)?.read_exact(&mut header)?;
    Ok(if header[18] == 2 && header[19] == 2 {
        "wal".to_string()
    } else {
        "rollback journal".to_string()
    })
}

/// The last line of defence behind every command's own checks: no text reaches a table
/// unless it passes the one rule for stored text, exactly as it will be stored.
pub(crate) fn guard(column: &str, value: Option<&str>, shape: Shape) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    match text::clean(value, shape) {
        Ok(clean) if clean == value => Ok(()),
        Ok(_) => Err(Failure::usage(format!("{column} has spaces around it")).into()),
        Err(error) => Err(Failure::usage(format!("{column} {error}")).into()),
    }
}

/// A new stable id for a record (a random UUID): it stays with the record through
/// export and import, so a map imported twice recognises what it already has.
pub(crate) fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
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

/// Reads a stored text column as it may be shown: text that does not pass the one rule
/// (written by an older supportmap and not upgraded yet, as the read-only crisis card
/// finds it, or put in the file by other means) is repaired in memory by
/// [`text::repair`], so no stored byte can fake a line or drive the terminal.
pub(crate) fn text_column(row: &Row<'_>, index: usize, shape: Shape) -> rusqlite::Result<String> {
    let value: String = row.get(index)?;
    Ok(text::repair_owned(value, shape))
}

/// [`text_column`] for a column that may be NULL.
pub(crate) fn optional_text(
    row: &Row<'_>,
    index: usize,
    shape: Shape,
) -> rusqlite::Result<Option<String>> {
    let value: Option<String> = row.get(index)?;
    Ok(value.map(|v| text::repair_owned(v, shape)))
}

/// Reads a text column into a domain word (`Category`, `Function`, …).
pub(crate) fn parse_column<T: FromStr>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    // Borrowed from the row: a stored word is parsed without a copy.
    let text = row.get_ref(index)?.as_str()?;
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
