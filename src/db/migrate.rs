//! Schema migrations: numbered SQL files in `migrations/`, applied in order, the version
//! kept in `PRAGMA user_version`.
//!
//! A small runner rather than `rusqlite_migration`: that crate needs rusqlite 0.40, and
//! this one keeps rusqlite 0.41 (SQLite 3.54) while reading the version *inside* the
//! `BEGIN IMMEDIATE` transaction that migrates, so two processes starting a new binary at
//! once cannot both migrate. It also refuses foreign and newer files before anything is
//! written to them.

use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::domain::text;
use crate::error::Failure;

/// Every migration, in order; migration `n` (from 1) brings the schema to version `n`.
/// Append only: never edit a released file.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_checkins.sql"),
    include_str!("../../migrations/0003_dismissed_gaps.sql"),
    include_str!("../../migrations/0004_safety_plan.sql"),
    include_str!("../../migrations/0005_visible_text.sql"),
    include_str!("../../migrations/0006_settings.sql"),
    include_str!("../../migrations/0007_snoozed_gaps.sql"),
    include_str!("../../migrations/0008_history.sql"),
    include_str!("../../migrations/0009_stable_ids.sql"),
    include_str!("../../migrations/0010_ties_and_reviews.sql"),
    include_str!("../../migrations/0011_gives_by_function.sql"),
];

/// Work a migration needs beyond its SQL, run in the same transaction right after it.
const FIXUPS: &[(i64, Fixup)] = &[(5, repair_stored_text), (10, widen_checks)];

/// A migration step written in Rust.
type Fixup = fn(&Transaction) -> Result<()>;

/// The schema version this binary writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Marks a supportmap database (`PRAGMA application_id`, "SMap"); set by migration 1.
pub const APPLICATION_ID: i64 = 0x534D_6170;

/// What a file holds, judged before anything is written to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// An empty database (or an empty file): nothing to read yet.
    Empty,
    /// A supportmap database older than this binary.
    Behind,
    /// A supportmap database at the latest version.
    Current,
}

/// Reads the file's header and refuses, touching nothing, a file that is not a
/// supportmap database or one made by a newer supportmap.
pub fn probe(conn: &Connection, path: &Path) -> Result<Probe> {
    let not_ours = || {
        Failure::database(format!("{} is not a supportmap database", path.display()))
            .hint("it was left as it was; pass --db with another path to start a new map")
    };
    let header = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id),
                (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM sqlite_schema)",
        [],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
            ))
        },
    );
    let (application_id, version, objects) = match header {
        Ok(header) => header,
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(not_ours().into());
        }
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            return Err(damaged(path).into());
        }
        Err(e) => {
            return Err(e).with_context(|| format!("could not read database {}", path.display()));
        }
    };
    match (application_id, version, objects) {
        (0, 0, 0) => Ok(Probe::Empty),
        (APPLICATION_ID, v, _) if v < 0 => Err(Failure::database(format!(
            "{} has a schema version supportmap never writes ({v})",
            path.display()
        ))
        .hint("it was left as it was; restore a backup, or pass --db with another path")
        .into()),
        (APPLICATION_ID, 0, objects) if objects > 0 => Err(Failure::database(format!(
            "{} has tables but no schema version, so supportmap cannot tell what is in it",
            path.display()
        ))
        .hint("it was left as it was; restore a backup, or pass --db with another path")
        .into()),
        (APPLICATION_ID, v, _) if v > LATEST_VERSION => Err(Failure::database(format!(
            "{} was written by a newer supportmap (schema version {v}; this one knows up to \
             {LATEST_VERSION})",
            path.display()
        ))
        .hint("it was left as it was; install the newer supportmap to use it")
        .into()),
        (APPLICATION_ID, v, _) if v == LATEST_VERSION => Ok(Probe::Current),
        (APPLICATION_ID, _, _) => Ok(Probe::Behind),
        _ => Err(not_ours().into()),
    }
}

/// A file SQLite reports as malformed.
pub fn damaged(path: &Path) -> Failure {
    Failure::database(format!(
        "{} is damaged: SQLite reports it as malformed",
        path.display()
    ))
    .hint("it was left as it was; `supportmap doctor` checks it, and a backup can replace it")
}

/// Applies every migration the database lacks, all in one IMMEDIATE transaction.
pub fn to_latest(conn: &mut Connection, path: &Path) -> Result<()> {
    let context = || format!("could not update the schema of {}", path.display());
    let tx = Transaction::new(conn, TransactionBehavior::Immediate).with_context(context)?;
    // Probe again under the write lock: another process may have migrated meanwhile.
    let version = match probe(&tx, path)? {
        Probe::Current => return Ok(()),
        Probe::Empty => 0,
        Probe::Behind => tx
            .query_row("SELECT user_version FROM pragma_user_version", [], |r| {
                r.get::<_, i64>(0)
            })
            .with_context(context)?,
    };
    for (number, sql) in (1..).zip(MIGRATIONS).skip(usize::try_from(version)?) {
        tx.execute_batch(sql)
            .with_context(|| format!("migration {number} failed on {}", path.display()))?;
        for (_, fixup) in FIXUPS.iter().filter(|(n, _)| *n == number) {
            fixup(&tx)
                .with_context(|| format!("migration {number} failed on {}", path.display()))?;
        }
        tx.pragma_update(None, "user_version", number)
            .with_context(context)?;
    }
    tx.commit().with_context(context)
}

/// Migration 10: `supporters.status` and `plan_items.section` each accept one more word
/// ('avoid'). The CHECK constraints are edited in place, as SQLite documents for a change
/// that leaves every stored row valid ("Making Other Kinds Of Table Schema Changes" in
/// its ALTER TABLE page): no table is rebuilt, so no foreign key cascade can fire.
fn widen_checks(tx: &Transaction) -> Result<()> {
    let edits = [
        (
            "supporters",
            "CHECK (status IN ('active', 'paused', 'archived'))",
            "CHECK (status IN ('active', 'paused', 'archived', 'avoid'))",
        ),
        (
            "plan_items",
            "'reasons', 'safe-environment'))",
            "'reasons', 'safe-environment', 'avoid'))",
        ),
    ];
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    tx.execute_batch("PRAGMA writable_schema = ON")?;
    for (table, from, to) in edits {
        let sql: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        let widened = sql.replacen(from, to, 1);
        anyhow::ensure!(
            widened != sql,
            "the {table} table is not as migration 10 expects"
        );
        tx.execute(
            "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = ?2",
            rusqlite::params![widened, table],
        )?;
    }
    tx.pragma_update(None, "schema_version", version + 1)?;
    tx.execute_batch("PRAGMA writable_schema = OFF")?;
    // The connection rereads the schema it has just changed.
    tx.execute_batch("PRAGMA writable_schema = RESET").ok();
    let problems: String = tx.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    anyhow::ensure!(
        problems == "ok",
        "the schema check after migration 10 found: {problems}"
    );
    Ok(())
}

/// Migration 5: every stored text made to pass the one rule ([`text::repair`]).
fn repair_stored_text(tx: &Transaction) -> Result<()> {
    use crate::domain::text::Shape::{Line, Lines};
    let columns = [
        ("supporters", "id", "name", Line),
        ("supporters", "id", "role", Line),
        ("supporters", "id", "phone", Line),
        ("supporters", "id", "email", Line),
        ("supporters", "id", "contact", Line),
        ("supporters", "id", "available", Line),
        ("supporters", "id", "paused_reason", Line),
        ("supporters", "id", "note", Lines),
        ("checkins", "id", "note", Lines),
        ("plan_items", "id", "text", Lines),
        ("dismissed_gaps", "gap_id", "reason", Line),
        ("supporter_tags", "supporter_id", "tag", Line),
    ];
    for (table, key, column, shape) in columns {
        // Table and column names are the constants above, never user input.
        let rows: Vec<(rusqlite::types::Value, String)> = tx
            .prepare(&format!(
                "SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL"
            ))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, value) in rows {
            let repaired = text::repair(&value, shape);
            if repaired != value {
                // A repaired tag the supporter already has is dropped, not doubled.
                tx.execute(
                    &format!(
                        "UPDATE OR IGNORE {table} SET {column} = ?1 WHERE {key} = ?2 AND {column} = ?3"
                    ),
                    rusqlite::params![repaired, id, value],
                )?;
                if table == "supporter_tags" {
                    tx.execute(
                        "DELETE FROM supporter_tags WHERE supporter_id = ?1 AND tag = ?2",
                        rusqlite::params![id, value],
                    )?;
                }
                if table == "supporters" && column == "name" {
                    tx.execute(
                        "UPDATE supporters SET name_key = ?1 WHERE id = ?2",
                        rusqlite::params![crate::domain::supporter::name_key(&repaired), id],
                    )?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        assert_eq!(probe(&conn, path).unwrap(), Probe::Empty);
        to_latest(&mut conn, path).unwrap();
        assert_eq!(probe(&conn, path).unwrap(), Probe::Current);
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, LATEST_VERSION);
        // Applying again changes nothing.
        to_latest(&mut conn, path).unwrap();
    }

    #[test]
    fn a_foreign_database_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT)")
            .unwrap();
        let err = probe(&conn, Path::new("other.db")).unwrap_err();
        assert_eq!(err.to_string(), "other.db is not a supportmap database");
    }

    #[test]
    fn odd_versions_are_refused_by_name() {
        for (version, tables, expected) in [
            (-3, "", "never writes (-3)"),
            (
                0,
                "CREATE TABLE supporters (x);",
                "tables but no schema version",
            ),
        ] {
            let conn = Connection::open_in_memory().unwrap();
            conn.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version}; {tables}"
            ))
            .unwrap();
            let err = probe(&conn, Path::new("odd.db")).unwrap_err();
            assert!(err.to_string().contains(expected), "{err}");
        }
    }

    #[test]
    fn a_newer_database_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
            LATEST_VERSION + 1
        ))
        .unwrap();
        let err = probe(&conn, Path::new("new.db")).unwrap_err();
        assert!(err.to_string().contains("newer supportmap"), "{err}");
    }

    #[test]
    fn migration_10_widens_status_and_section_and_keeps_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let mut conn = Connection::open(&path).unwrap();
        // A map at schema 9 with a supporter, a check-in and a plan line.
        {
            let tx = conn.transaction().unwrap();
            for sql in &MIGRATIONS[..9] {
                tx.execute_batch(sql).unwrap();
            }
            tx.pragma_update(None, "user_version", 9).unwrap();
            tx.execute_batch(
                "INSERT INTO supporters (name, name_key, kind, category, circle, mode, status,
                     created_at, updated_at, uid)
                 VALUES ('Jo', 'jo', 'person', 'sponsor', 'inner', 'online', 'paused',
                     '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'u1');
                 INSERT INTO checkins (supporter_id, batch, at, via, initiated_by, created_at, uid)
                 VALUES (1, 1, '2026-01-02T00:00:00Z', 'call', 'me', '2026-01-02T00:00:00Z', 'c1');
                 INSERT INTO plan_items (section, position, text, created_at, uid)
                 VALUES ('coping', 1, 'walk', '2026-01-01T00:00:00Z', 'p1');",
            )
            .unwrap();
            tx.commit().unwrap();
        }
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        to_latest(&mut conn, &path).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM checkins"), 1);
        assert_eq!(
            count("SELECT count(*) FROM supporters WHERE tie = 'steady'"),
            1
        );
        conn.execute("UPDATE supporters SET status = 'avoid'", [])
            .unwrap();
        conn.execute(
            "INSERT INTO plan_items (section, position, text, created_at, uid)
             VALUES ('avoid', 1, 'the old pub', '2026-01-01T00:00:00Z', 'p2')",
            [],
        )
        .unwrap();
        assert!(
            conn.execute("UPDATE supporters SET status = 'gone'", [])
                .is_err(),
            "the constraint still refuses other words"
        );
        drop(conn);
        // A new connection reads the edited schema as it is.
        let conn = Connection::open(&path).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
}
