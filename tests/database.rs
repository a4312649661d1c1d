//! The database file: where it lives, how it is protected, and what happens with files
//! supportmap cannot use.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use common::Sandbox;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_database_is_private_from_its_first_write() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    assert_eq!(mode(&s.db), 0o600);
    assert_eq!(mode(s.db.parent().unwrap()), 0o700);
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn the_path_comes_from_the_flag_then_the_environment_then_the_data_dir() {
    let s = Sandbox::new();
    let flag_db = s.dir.path().join("flag.db");
    s.ok(&[
        "--db",
        flag_db.to_str().unwrap(),
        "add",
        "Flag",
        "--category",
        "friend",
    ]);
    assert!(flag_db.exists());
    assert!(!s.db.exists(), "--db wins over SUPPORTMAP_DB");

    let env_db = s.dir.path().join("env.db");
    s.cmd()
        .env("SUPPORTMAP_DB", &env_db)
        .args(["add", "Env", "--category", "friend"])
        .assert()
        .success();
    assert!(env_db.exists());
    assert!(!s.db.exists(), "SUPPORTMAP_DB wins over the default");

    let default = s.home().join(".local/share/supportmap/supportmap.db");
    s.ok(&["add", "Default", "--category", "friend"]);
    assert!(default.exists());
    assert_eq!(mode(default.parent().unwrap()), 0o700);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.db.parent().unwrap()).unwrap();
    let junk = b"these are my notes, not a database\n".repeat(200);
    std::fs::write(&s.db, &junk).unwrap();
    for args in [
        &["add", "Jo", "--category", "sponsor"][..],
        &["contacts"],
        &["contacts", "show", "jo"],
        &["demo", "--db", s.db.to_str().unwrap()],
    ] {
        let err = s.fails(3, args);
        assert!(err.contains("is not a supportmap database"), "{err}");
        assert!(err.contains("hint: it was left as it was"), "{err}");
        assert_eq!(std::fs::read(&s.db).unwrap(), junk);
    }
    let wal = s.db.with_extension("db-wal");
    assert!(!wal.exists());
}

#[test]
fn another_programs_sqlite_database_is_refused() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.db.parent().unwrap()).unwrap();
    {
        let conn = rusqlite::Connection::open(&s.db).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    }
    let before = std::fs::read(&s.db).unwrap();
    let err = s.fails(3, &["add", "Jo", "--category", "sponsor"]);
    assert!(err.contains("is not a supportmap database"), "{err}");
    assert_eq!(std::fs::read(&s.db).unwrap(), before);
}

#[test]
fn a_database_from_a_newer_supportmap_is_refused_and_left_untouched() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    {
        let conn = rusqlite::Connection::open(&s.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 999; PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&s.db).unwrap();
    for args in [
        &["add", "Sam", "--category", "family"][..],
        &["contacts"],
        &["contacts", "edit", "jo", "--phone", "1"],
    ] {
        let err = s.fails(3, args);
        assert!(
            err.contains("was written by a newer supportmap (schema version 999"),
            "{err}"
        );
        assert_eq!(std::fs::read(&s.db).unwrap(), before, "{args:?}");
    }
}

#[test]
fn an_empty_file_is_an_empty_map() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.db.parent().unwrap()).unwrap();
    std::fs::write(&s.db, b"").unwrap();
    assert_eq!(s.ok(&["contacts", "--json"]).trim(), "[]");
    assert_eq!(
        std::fs::metadata(&s.db).unwrap().len(),
        0,
        "a read writes nothing"
    );
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    assert_eq!(s.list(&[]).len(), 1);
}

#[test]
fn a_database_locked_by_another_writer_is_exit_3_after_waiting() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    let before = s.snapshot();
    let mut conn = rusqlite::Connection::open(&s.db).unwrap();
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    let started = Instant::now();
    let err = s.fails(3, &["add", "Sam", "--category", "family"]);
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "waited on the lock first"
    );
    assert!(err.contains("database is locked"), "{err}");
    assert!(err.contains("hint: another supportmap is writing"), "{err}");
    // Reads are not blocked by a writer.
    assert_eq!(s.list(&[]).len(), 1);
    tx.rollback().unwrap();
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_database_the_user_cannot_write_is_exit_3_and_unchanged() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    // Root ignores file modes, so run as nobody where we can; otherwise skip the write.
    let as_nobody = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !as_nobody {
        return;
    }
    let before = s.snapshot();
    // Every folder down to the map's, so the other user can reach the file itself.
    for dir in s.db.ancestors().skip(1) {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        if dir == s.dir.path() {
            break;
        }
    }
    std::fs::set_permissions(&s.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("supportmap");
    let run = |args: &[&str]| {
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .args(args)
            .env("SUPPORTMAP_DB", &s.db)
            .env("HOME", s.home())
            .output()
            .unwrap()
    };
    let write = run(&["add", "Sam", "--category", "family"]);
    assert_eq!(write.status.code(), Some(3), "{write:?}");
    let err = String::from_utf8_lossy(&write.stderr);
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.contains("readonly") || err.contains("unable to open"),
        "{err}"
    );
    assert_eq!(s.snapshot(), before);
}
