//! Encryption at rest (the `encryption` feature: SQLCipher). Whether a map file is
//! encrypted, the passphrase for this run (from a file only the user can read, or asked
//! on a terminal, never from arguments or the environment's values), keying each
//! connection before anything is read, and rewriting a map encrypted, decrypted or
//! under a new passphrase, atomically.

use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use rusqlite::Connection;

use crate::error::Failure;

/// True when this supportmap was built with encryption.
pub const BUILT_IN: bool = cfg!(feature = "encryption");

/// The first bytes of every plain SQLite database.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

struct State {
    /// `--passphrase-file`, or `SUPPORTMAP_PASSPHRASE_FILE`.
    file: Option<PathBuf>,
    /// Read once per run, then kept for every connection.
    passphrase: Option<String>,
}

static STATE: Mutex<State> = Mutex::new(State {
    file: None,
    passphrase: None,
});

/// Where the passphrase comes from when not asked on a terminal.
pub fn set_source(file: Option<PathBuf>) {
    if let Ok(mut state) = STATE.lock() {
        state.file = file;
    }
}

/// The passphrase file given for this run, if any.
pub fn source() -> Option<PathBuf> {
    STATE.lock().ok().and_then(|s| s.file.clone())
}

/// The passphrase for this run, when it is already known.
pub fn current() -> Option<String> {
    STATE.lock().ok().and_then(|s| s.passphrase.clone())
}

/// True when `path` holds an encrypted map: whole pages of bytes that do not start
/// with SQLite's header. (A plain map always starts with it; an empty file is a new
/// map.)
pub fn is_encrypted(path: &Path) -> bool {
    // Only a regular file is read: opening a FIFO would wait for a writer.
    let len = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => meta.len(),
        _ => return false,
    };
    if len < 1024 || len % 512 != 0 {
        return false;
    }
    let mut head = [0u8; 16];
    std::fs::File::open(path).is_ok_and(|mut f| f.read_exact(&mut head).is_ok())
        && &head != SQLITE_HEADER
}

/// The passphrase from a file: it must be a regular file of the user's own that no one
/// else can read (mode 0600 or 0400). Its first line is the passphrase.
pub fn read_passphrase_file(file: &Path) -> Result<String> {
    let shown = file.display();
    let meta = std::fs::symlink_metadata(file).map_err(|e| {
        Failure::usage(format!("could not read the passphrase file {shown}: {e}"))
            .hint("give a file holding the passphrase on its first line, readable only by you")
    })?;
    if !meta.file_type().is_file() {
        return Err(Failure::usage(format!("{shown} is not a plain file"))
            .hint("give the passphrase file itself, not a link or a folder")
            .into());
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(Failure::usage(format!(
            "{shown} belongs to another account; supportmap reads a passphrase only from a file of your own"
        ))
        .hint("copy it into a file of your own and run: chmod 600 FILE")
        .into());
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Failure::usage(format!(
            "{shown} can be read by others (mode {mode:04o}); supportmap reads a passphrase only from a file only you can read"
        ))
        .hint(format!("make it private first: chmod 600 {}", crate::domain::names::shell_arg(&file.to_string_lossy())))
        .into());
    }
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("could not read the passphrase file {shown}"))?;
    let line = text.lines().next().unwrap_or("").to_string();
    if line.is_empty() {
        return Err(
            Failure::usage(format!("the passphrase file {shown} is empty"))
                .hint("write the passphrase on its first line")
                .into(),
        );
    }
    Ok(line)
}

/// Asks for a passphrase on the terminal, without showing what is typed.
pub fn ask(question: &str) -> Result<String> {
    let term = dialoguer::console::Term::stderr();
    term.write_str(question)
        .context("could not ask for the passphrase")?;
    let typed = term
        .read_secure_line()
        .context("could not read the passphrase")?;
    Ok(typed)
}

/// The passphrase for this run: kept from before, else from the passphrase file, else
/// asked on a terminal. `path` names the map in the question and the errors.
pub fn for_map(path: &Path) -> Result<String> {
    let mut state = STATE
        .lock()
        .map_err(|_| anyhow::anyhow!("the passphrase could not be read"))?;
    if let Some(known) = &state.passphrase {
        return Ok(known.clone());
    }
    let found = match &state.file {
        Some(file) => read_passphrase_file(file)?,
        None if crate::prompt::can_prompt() => {
            ask(&format!("Passphrase for {}: ", path.display()))?
        }
        None => {
            return Err(Failure::usage(format!(
                "{} is encrypted, and supportmap needs its passphrase",
                path.display()
            ))
            .hint("on a terminal it asks; from cron or a script, give --passphrase-file FILE or set SUPPORTMAP_PASSPHRASE_FILE (a file only you can read)")
            .into());
        }
    };
    state.passphrase = Some(found.clone());
    Ok(found)
}

/// Remembers `passphrase` for the rest of the run (after a map is encrypted, or its
/// passphrase changed, later connections use the new one).
pub fn remember(passphrase: &str) {
    if let Ok(mut state) = STATE.lock() {
        state.passphrase = Some(passphrase.to_string());
    }
}

/// True when the passphrase for this run is already known (nothing would be asked).
pub fn known() -> bool {
    STATE.lock().is_ok_and(|s| s.passphrase.is_some())
}

/// Keys a new connection to `path` when the map there is encrypted, before anything
/// else is read; a wrong passphrase is an error that leaves the file untouched.
pub fn unlock(conn: &Connection, path: &Path) -> Result<()> {
    if !is_encrypted(path) {
        return Ok(());
    }
    if !BUILT_IN {
        return Err(Failure::database(format!(
            "{} is encrypted (or is not an SQLite database), and this supportmap was built without encryption",
            path.display()
        ))
        .hint("install the build with encryption: cargo install --locked --path . --features encryption")
        .into());
    }
    let passphrase = for_map(path)?;
    apply(conn, &passphrase, path)
}

/// `PRAGMA key`, then a read that fails at once when the passphrase is wrong.
pub fn apply(conn: &Connection, passphrase: &str, path: &Path) -> Result<()> {
    // SQLCipher would log a wrong passphrase to stderr too; the error below says it.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    conn.pragma_update(None, "key", passphrase)
        .with_context(|| format!("could not open database {}", path.display()))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(Failure::database(format!(
                "the passphrase does not open {}",
                path.display()
            ))
            .hint("check the passphrase (or the passphrase file) and try again; the map was not changed")
            .into())
        }
        Err(e) => Err(e).with_context(|| format!("could not open database {}", path.display())),
    }
}

/// Where the rewritten map is built, beside the map, before it is put in place.
pub fn staging_path(path: &Path) -> PathBuf {
    super::sidecar(path, ".rekey")
}

impl super::Db {
    /// Rewrites the map encrypted under `new` (or plain, with `None`) and puts it in
    /// place of the old file in one rename: interrupted at any point, the map is either
    /// the old file, whole, or the new one, whole.
    ///
    /// The map is first taken for this connection alone (no other supportmap can read or
    /// write until the rename), its write-ahead log folded in, and the copy is made with
    /// SQLCipher's export, checked (integrity, schema version, counts) and synced to disk
    /// before it replaces the map.
    pub fn rewrite(self, new: Option<&str>) -> Result<()> {
        let path = self.path.clone();
        let conn = self.conn;
        let context = || format!("could not rewrite {}", path.display());
        let busy = || {
            Failure::database("another supportmap is using the map").hint(
                "close it (or wait for cron to finish) and try again; the map was not changed",
            )
        };
        // Ctrl-C, a closed terminal or a plain `kill` wait until the map is swapped (a
        // stopped decrypt would leave a plain copy behind until the next write).
        let _held = HeldSignals::hold();
        // The old log folded in and gone, and the map kept to this connection.
        conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        })
        .map_err(|_| busy())?;
        conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
            .map_err(|_| busy())?;
        let staged = staging_path(&path);
        match std::fs::remove_file(&staged) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(crate::files::failed(&staged, e)),
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&staged)
            .map_err(|e| crate::files::failed(&staged, e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .with_context(context)?;
        let counts = |c: &Connection, schema: &str| -> Result<(i64, i64)> {
            Ok((
                c.query_row(
                    &format!("SELECT count(*) FROM {schema}.supporters"),
                    [],
                    |r| r.get(0),
                )?,
                c.query_row(
                    &format!("SELECT count(*) FROM {schema}.checkins"),
                    [],
                    |r| r.get(0),
                )?,
            ))
        };
        let before = counts(&conn, "main")?;
        let staged_name = staged.to_string_lossy().into_owned();
        conn.execute(
            "ATTACH DATABASE ?1 AS target KEY ?2",
            [staged_name.as_str(), new.unwrap_or("")],
        )
        .with_context(context)?;
        let exported = (|| -> Result<()> {
            conn.query_row("SELECT sqlcipher_export('target')", [], |_| Ok(()))?;
            conn.execute_batch(&format!(
                "PRAGMA target.user_version = {version}; PRAGMA target.application_id = {};",
                super::migrate::APPLICATION_ID
            ))?;
            Ok(())
        })();
        let detached = conn.execute_batch("DETACH DATABASE target");
        exported.with_context(context)?;
        detached.with_context(context)?;
        // The copy, checked on a connection of its own before it is trusted.
        {
            let copy = Connection::open(&staged).with_context(context)?;
            if let Some(passphrase) = new {
                apply(&copy, passphrase, &staged)?;
            }
            let integrity: String = copy
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .with_context(context)?;
            let copied: i64 = copy
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .with_context(context)?;
            if integrity != "ok" || copied != version || counts(&copy, "main")? != before {
                return Err(Failure::database(format!(
                    "the rewritten copy of {} did not check out",
                    path.display()
                ))
                .hint("the map was not changed; `supportmap doctor` checks it")
                .into());
            }
        }
        std::fs::File::open(&staged)
            .and_then(|f| f.sync_all())
            .map_err(|e| crate::files::failed(&staged, e))?;
        std::fs::rename(&staged, &path).map_err(|e| crate::files::failed(&path, e))?;
        if let Ok(folder) = std::fs::File::open(crate::files::folder_of(&path)) {
            let _ = folder.sync_all();
        }
        drop(conn);
        // The old file's shared-memory index, if one is left, belongs to no map now.
        let _ = std::fs::remove_file(super::sidecar(&path, "-shm"));
        match new {
            Some(passphrase) => remember(passphrase),
            None => forget(),
        }
        // The map keeps its write-ahead log, as every map does.
        super::configure(&super::connect(&path)?, &path)?;
        Ok(())
    }
}

/// Holds back the signals that stop a process politely (interrupt, hang-up, terminate,
/// quit) while alive; one that came meanwhile is delivered when it is dropped.
struct HeldSignals(Option<libc::sigset_t>);

impl HeldSignals {
    fn hold() -> HeldSignals {
        // SAFETY: the sets are initialised by sigemptyset before use, and
        // pthread_sigmask only reads `held` and writes `old`, both owned here.
        unsafe {
            let mut held: libc::sigset_t = std::mem::zeroed();
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut held);
            for signal in [libc::SIGINT, libc::SIGHUP, libc::SIGTERM, libc::SIGQUIT] {
                libc::sigaddset(&mut held, signal);
            }
            if libc::pthread_sigmask(libc::SIG_BLOCK, &held, &mut old) == 0 {
                HeldSignals(Some(old))
            } else {
                HeldSignals(None)
            }
        }
    }
}

impl Drop for HeldSignals {
    fn drop(&mut self) {
        if let Some(old) = &self.0 {
            // SAFETY: `old` is the mask pthread_sigmask filled in `hold`.
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, old, std::ptr::null_mut());
            }
        }
    }
}

/// Forgets the passphrase (after the map is decrypted).
fn forget() {
    if let Ok(mut state) = STATE.lock() {
        state.passphrase = None;
    }
}

/// After an `encrypt`, `decrypt` or `passphrase` that was stopped part way: the copy it
/// was writing (plain, after a stopped `decrypt`) is removed, the map gets its
/// write-ahead log back, and a plain crisis card left beside a map that is plain again
/// is removed (it would go stale). Called whenever the map is opened for writing; a
/// rewrite still running holds the map, so this never runs beside one.
pub fn recover(conn: &Connection, path: &Path) -> Result<()> {
    let staged = staging_path(path);
    let journal = super::sidecar(&staged, "-journal");
    if staged.exists() || journal.exists() {
        for leftover in [&staged, &journal] {
            match std::fs::remove_file(leftover) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(crate::files::failed(leftover, e)),
            }
        }
        super::configure(conn, path)?;
    }
    let card = super::sidecar(path, ".crisis.txt");
    if !is_encrypted(path) && card.exists() {
        std::fs::remove_file(&card).map_err(|e| crate::files::failed(&card, e))?;
    }
    Ok(())
}
