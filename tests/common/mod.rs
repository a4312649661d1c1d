//! Shared test harness: each test gets a temporary folder with its own database, and a
//! home folder of its own so nothing can reach the real user's data.

#![allow(dead_code)]

pub mod term;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;
use tempfile::TempDir;

pub struct Sandbox {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Sandbox {
    /// A sandbox whose map has one crisis contact: Jo, a sponsor, on 555-0101.
    pub fn with_jo() -> Sandbox {
        let s = Sandbox::new();
        s.ok(&[
            "add",
            "Jo",
            "--category",
            "sponsor",
            "--crisis",
            "--phone",
            "555-0101",
        ]);
        s
    }

    /// The map is at the default place inside this sandbox's own home folder, so read
    /// commands on a map not made yet behave as for a new user.
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir
            .path()
            .join("home/.local/share/supportmap/supportmap.db");
        Sandbox { dir, db }
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The binary, with this sandbox's home folder (so its default map is `self.db`),
    /// no terminal, no colour and a fixed table width.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("supportmap").expect("binary is built");
        cmd.env_remove("SUPPORTMAP_DB")
            .env("HOME", self.home())
            .env("XDG_DATA_HOME", self.home().join(".local/share"))
            .env("COLUMNS", "100")
            .env("TZ", "UTC")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        cmd
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("runs");
        assert!(
            out.status.success(),
            "{args:?} failed with {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs and expects failure with `code`, a single `error:` line and at most one
    /// `hint:` line on stderr, and nothing on stdout. Returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("runs");
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(
            lines.first().is_some_and(|l| l.starts_with("error: ")),
            "{args:?}: {stderr}"
        );
        assert!(
            lines.len() <= 2,
            "{args:?}: more than error + hint: {stderr}"
        );
        if let Some(hint) = lines.get(1) {
            assert!(hint.starts_with("hint: "), "{args:?}: {stderr}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Runs each bad command: exit 2, an error containing the expected text, and the
    /// database exactly as it was.
    pub fn refuses_all(&self, cases: &[(&[&str], &str)]) {
        let before = self.snapshot();
        for (args, expected) in cases {
            let err = self.fails(2, args);
            assert!(
                err.contains(expected),
                "{args:?}: expected {expected:?} in {err}"
            );
            assert_eq!(self.snapshot(), before, "{args:?} changed the database");
        }
    }

    /// Adds a 24/7 crisis line (a professional service with phone 988), plus `extra` flags.
    pub fn add_crisis_line(&self, extra: &[&str]) {
        let mut args = vec![
            "add",
            "Crisis line",
            "--kind",
            "service",
            "--category",
            "professional",
            "--crisis",
            "--phone",
            "988",
            "--available",
            "24/7",
        ];
        args.extend_from_slice(extra);
        self.ok(&args);
    }

    /// Creates this sandbox's database at schema version 1 (the first migration only),
    /// then runs `sql` on it: a database from the first supportmap release.
    pub fn schema_one_database(&self, sql: &str) {
        std::fs::create_dir_all(self.db.parent().expect("the database has a folder"))
            .expect("create the folder");
        let conn = rusqlite::Connection::open(&self.db).expect("open");
        conn.execute_batch(include_str!("../../migrations/0001_init.sql"))
            .expect("migration 1 applies");
        conn.execute_batch("PRAGMA user_version = 1;")
            .expect("set the version");
        conn.execute_batch(sql).expect("the test's rows insert");
    }

    pub fn supporter(&self, name: &str) -> SupporterJson {
        let text = self.ok(&["contacts", "show", name, "--json"]);
        serde_json::from_str(&text).expect("show --json parses")
    }

    pub fn list(&self, args: &[&str]) -> Vec<SupporterJson> {
        let mut all = vec!["contacts", "list", "--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).expect("list --json parses")
    }

    /// Every row of every table, as text: equal snapshots mean an unchanged database.
    pub fn snapshot(&self) -> String {
        snapshot(&self.db)
    }
}

pub fn snapshot(path: &Path) -> String {
    rows_of(path, "1")
}

/// The map's own rows: every table but the change journal's and SQLite's id counters
/// (which an undo rightly leaves: ids are never reused).
pub fn map_state(path: &Path) -> String {
    rows_of(
        path,
        "name NOT LIKE 'journal%' AND name <> 'sqlite_sequence'",
    )
}

/// Every row of the tables `filter` (an SQL condition on `sqlite_schema`) keeps, in order.
fn rows_of(path: &Path, filter: &str) -> String {
    if !path.exists() {
        return "<no database>".to_string();
    }
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open snapshot");
    let mut text = String::new();
    let tables: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND {filter} ORDER BY name"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        text.push_str(&format!("## {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2"))
            .unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                let value: rusqlite::types::Value = row.get(i).unwrap();
                text.push_str(&format!("{value:?}|"));
            }
            text.push('\n');
        }
    }
    text
}

/// `--json` output of one supporter; unknown fields fail the test, so the documented
/// schema and the output cannot drift apart.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SupporterJson {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub category: String,
    pub role: Option<String>,
    pub gives: Vec<String>,
    pub circle: String,
    pub tie: String,
    pub mode: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub contact: Option<String>,
    pub crisis: bool,
    pub crisis_order: Option<u32>,
    pub available: Option<String>,
    pub every: Option<String>,
    pub every_days: Option<u32>,
    pub status: String,
    pub paused_reason: Option<String>,
    pub since: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}
