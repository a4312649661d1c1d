//! The change journal: every change to the map, as row images before and after,
//! recorded by triggers (migration 8) in the same transaction as the change. Undo and
//! redo are journal operations: they put rows back as they were, or as they became, for
//! any command, without per-command code.

use std::sync::OnceLock;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params};
use serde_json::{Map, Value as Json};

use super::{parse_timestamp, timestamp};

/// A row as the journal holds it: column name to value.
pub type Row = Map<String, Json>;

/// One change to one row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowChange {
    pub table: String,
    /// `None` when the row was inserted.
    pub before: Option<Row>,
    /// `None` when the row was deleted.
    pub after: Option<Row>,
}

/// One change to the map: everything one command did.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The command's words, such as `contacts pause`.
    pub command: String,
    /// The command as typed, after `supportmap`.
    pub line: String,
    /// Taken back by an undo (and not put back since).
    pub undone: bool,
    /// For an undo or a redo: the entry it took back or put back.
    pub target: Option<i64>,
    pub rows: Vec<RowChange>,
}

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A command's change.
    Change,
    /// An undo of this entry.
    Undo(i64),
    /// A redo of this entry.
    Redo(i64),
}

static COMMAND: OnceLock<(String, String)> = OnceLock::new();

/// Names the command this run is making changes for (its words and the line as typed);
/// set once by the command layer, read when a change is recorded.
pub fn set_command(words: &str, line: &str) {
    let _ = COMMAND.set((words.to_string(), line.to_string()));
}

fn command() -> (String, String) {
    COMMAND
        .get()
        .cloned()
        .unwrap_or_else(|| ("supportmap".to_string(), String::new()))
}

/// The columns that name a row of each journalled table.
fn key_columns(table: &str) -> Option<&'static [&'static str]> {
    Some(match table {
        "supporters" | "checkins" | "plan_items" | "plan_reviews" | "reviews" => &["id"],
        "supporter_gives" => &["supporter_id", "function"],
        "supporter_tags" => &["supporter_id", "tag"],
        "dismissed_gaps" => &["gap_id"],
        "settings" => &["key"],
        _ => return None,
    })
}

/// Starts recording: a new entry. A command's change also ends any chance to redo what
/// was undone before it (as in every editor); the undone entries stay in the history.
pub(super) fn begin(conn: &Connection, now: DateTime<Utc>, kind: Kind) -> Result<i64> {
    if !has_journal(conn)? {
        return Ok(0);
    }
    let (words, line, target) = match kind {
        Kind::Change => {
            conn.execute(
                "UPDATE journal SET state = 'dropped' WHERE state = 'undone'",
                [],
            )
            .context("could not record the change")?;
            let (words, line) = command();
            (words, line, None)
        }
        Kind::Undo(target) => ("undo".to_string(), "undo".to_string(), Some(target)),
        Kind::Redo(target) => ("redo".to_string(), "redo".to_string(), Some(target)),
    };
    conn.execute(
        "INSERT INTO journal (at, command, line, target) VALUES (?1, ?2, ?3, ?4)",
        params![timestamp(now), words, line, target],
    )
    .context("could not record the change")?;
    let id = conn.last_insert_rowid();
    conn.execute("UPDATE journal_state SET entry = ?1", [id])
        .context("could not record the change")?;
    Ok(id)
}

/// Stops recording; an entry with no row changes (a command that changed nothing) is
/// not kept.
pub(super) fn finish(conn: &Connection, id: i64) -> Result<()> {
    if id == 0 {
        return Ok(());
    }
    conn.execute("UPDATE journal_state SET entry = NULL", [])
        .context("could not record the change")?;
    conn.execute(
        "DELETE FROM journal WHERE id = ?1
         AND NOT EXISTS (SELECT 1 FROM journal_rows WHERE entry = ?1)",
        [id],
    )
    .context("could not record the change")?;
    Ok(())
}

/// True when entry `id` recorded any row change.
pub(super) fn has_rows(conn: &Connection, id: i64) -> Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM journal_rows WHERE entry = ?1)",
        [id],
        |r| r.get(0),
    )
    .context("could not record the change")
}

/// The journal's name for a block of check-ins added at once (an import): one row
/// whose `after` image is `{"from": FIRST_ID, "to": LAST_ID, "count": N}` instead of a
/// row image per check-in. Undo deletes the block's rows (the undo records each row it
/// deletes, as always); redo puts them back by taking that undo back.
pub const CHECKINS_ADDED: &str = "checkins_added";

/// Adds check-ins in bulk inside a recorded change: `work` inserts them with the
/// per-row triggers quiet, and the whole block is then recorded as one journal row.
pub fn block_of_checkins<T>(conn: &Connection, work: impl FnOnce() -> Result<T>) -> Result<T> {
    let quiet = Quiet::begin(conn)?;
    let value = work()?;
    quiet.end(conn)?;
    Ok(value)
}

/// The journal's triggers kept quiet while check-ins go in as one block (see
/// [`CHECKINS_ADDED`]); nothing but check-ins may be written until [`Quiet::end`].
/// Check-in ids only grow (AUTOINCREMENT) and the write lock is held, so the rows added
/// are exactly those past the largest id at the start.
#[derive(Debug)]
pub struct Quiet {
    /// The entry being recorded; `None` when nothing is (no journal, or a dry run's
    /// untracked transaction).
    entry: Option<i64>,
    /// The largest check-in id before the block.
    pub before: i64,
}

impl Quiet {
    pub fn begin(conn: &Connection) -> Result<Quiet> {
        let entry: Option<i64> = if has_journal(conn)? {
            conn.query_row("SELECT entry FROM journal_state", [], |r| r.get(0))
                .context("could not record the change")?
        } else {
            None
        };
        let before = conn
            .query_row("SELECT coalesce(max(id), 0) FROM checkins", [], |r| {
                r.get(0)
            })
            .context("could not record the change")?;
        if entry.is_some() {
            conn.execute("UPDATE journal_state SET entry = NULL", [])
                .context("could not record the change")?;
        }
        Ok(Quiet { entry, before })
    }

    /// Records the block (if any check-in went in) and wakes the triggers.
    pub fn end(self, conn: &Connection) -> Result<()> {
        let Some(entry) = self.entry else {
            return Ok(());
        };
        conn.execute("UPDATE journal_state SET entry = ?1", [entry])
            .context("could not record the change")?;
        let (count, to): (i64, Option<i64>) = conn
            .query_row(
                "SELECT count(*), max(id) FROM checkins WHERE id > ?1",
                [self.before],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .context("could not record the change")?;
        if let Some(to) = to {
            let after = serde_json::json!({ "from": self.before + 1, "to": to, "count": count });
            conn.execute(
                "INSERT INTO journal_rows (entry, tbl, before, after) VALUES (?1, ?2, NULL, ?3)",
                params![entry, CHECKINS_ADDED, after.to_string()],
            )
            .context("could not record the change")?;
        }
        Ok(())
    }
}

/// A map from before the journal (read without migrating) has none.
pub fn has_journal(conn: &Connection) -> Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'journal'",
        [],
        |r| r.get(0),
    )
    .context("could not read the history")
}

/// When the history begins: the first entry's time, if there is one.
pub fn first_at(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    if !has_journal(conn)? {
        return Ok(None);
    }
    let at: Option<String> = conn
        .query_row("SELECT min(at) FROM journal", [], |r| r.get(0))
        .context("could not read the history")?;
    Ok(at.as_deref().and_then(parse_timestamp))
}

/// Every entry, newest first, with its rows.
pub fn entries(conn: &Connection) -> Result<Vec<Entry>> {
    let mut all = heads(conn)?;
    for entry in &mut all {
        entry.rows = rows(conn, entry.id)?;
    }
    Ok(all)
}

/// Every entry, newest first, without its rows (see [`load_rows`]): what the history
/// lists, read without the row images of a change as big as an import.
pub fn heads(conn: &Connection) -> Result<Vec<Entry>> {
    if !has_journal(conn)? {
        return Ok(Vec::new());
    }
    type Head = (i64, String, String, String, String, Option<i64>);
    let heads: Vec<Head> = conn
        .prepare_cached(
            "SELECT id, at, command, line, state, target FROM journal ORDER BY id DESC",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()
        .context("could not read the history")?;
    Ok(heads
        .into_iter()
        .map(|(id, at, command, line, state, target)| {
            head_entry((id, at, command, line, state), target)
        })
        .collect())
}

/// An entry from its journal row (id, at, command, line, state), without its rows.
fn head_entry(
    (id, at, command, line, state): (i64, String, String, String, String),
    target: Option<i64>,
) -> Entry {
    Entry {
        id,
        at: parse_timestamp(&at).unwrap_or_default(),
        command,
        line,
        undone: state != "done",
        target,
        rows: Vec::new(),
    }
}

/// Reads an entry's rows, when [`heads`] left them out.
pub fn load_rows(conn: &Connection, entry: &mut Entry) -> Result<()> {
    entry.rows = rows(conn, entry.id)?;
    Ok(())
}

/// Reads at most `most` of an entry's rows, the first ones; returns how many it has in
/// all. A change as big as an import is told from its first rows and its count.
pub fn load_first_rows(conn: &Connection, entry: &mut Entry, most: usize) -> Result<usize> {
    let total: i64 = conn
        .query_row(
            "SELECT count(*) FROM journal_rows WHERE entry = ?1",
            [entry.id],
            |r| r.get(0),
        )
        .context("could not read the history")?;
    let total = usize::try_from(total).unwrap_or(0);
    entry.rows = if total <= most {
        rows(conn, entry.id)?
    } else {
        rows_limited(conn, entry.id, most)?
    };
    Ok(total)
}

/// Supporters' names by id as the history last recorded them, oldest change first so
/// the latest name wins; read by SQLite from the row images, without holding them.
pub fn recorded_names(conn: &Connection) -> Result<Vec<(i64, String)>> {
    if !has_journal(conn)? {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM (
             SELECT entry, seq, 0 AS side, json_extract(before, '$.id') AS id,
                    json_extract(before, '$.name') AS name
             FROM journal_rows WHERE tbl = 'supporters' AND before IS NOT NULL
             UNION ALL
             SELECT entry, seq, 1, json_extract(after, '$.id'), json_extract(after, '$.name')
             FROM journal_rows WHERE tbl = 'supporters' AND after IS NOT NULL)
         WHERE typeof(id) = 'integer' AND typeof(name) = 'text'
         ORDER BY entry, seq, side",
    )?;
    let names = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()
        .context("could not read the history")?;
    Ok(names)
}

fn rows(conn: &Connection, entry: i64) -> Result<Vec<RowChange>> {
    rows_limited(conn, entry, usize::MAX)
}

fn rows_limited(conn: &Connection, entry: i64, most: usize) -> Result<Vec<RowChange>> {
    let parse = |text: Option<String>| -> Option<Row> {
        text.and_then(|t| serde_json::from_str::<Row>(&t).ok())
    };
    let most = i64::try_from(most).unwrap_or(i64::MAX);
    conn.prepare_cached(
        "SELECT tbl, before, after FROM journal_rows WHERE entry = ?1 ORDER BY seq LIMIT ?2",
    )?
    .query_map(rusqlite::params![entry, most], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
    })?
    .map(|row| {
        let (table, before, after) = row?;
        Ok(RowChange {
            table,
            before: parse(before),
            after: parse(after),
        })
    })
    .collect::<rusqlite::Result<_>>()
    .context("could not read the history")
}

/// The entry `undo` takes back: the newest command's change not undone (never an undo or
/// redo itself), among those whose command is one of `only` when given.
pub fn last_done(conn: &Connection, only: Option<&[&str]>) -> Result<Option<Entry>> {
    let done = heads(conn)?
        .into_iter()
        .filter(|e| !e.undone && e.target.is_none())
        .find(|e| only.is_none_or(|words| words.contains(&e.command.as_str())));
    done.map(|mut entry| {
        load_rows(conn, &mut entry)?;
        Ok(entry)
    })
    .transpose()
}

/// The entry `redo` puts back: the one undone last.
pub fn last_undone(conn: &Connection) -> Result<Option<Entry>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM journal WHERE state = 'undone' ORDER BY undone_seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .context("could not read the history")?;
    Ok(match id {
        Some(id) => match heads(conn)?.into_iter().find(|e| e.id == id) {
            Some(mut entry) => {
                load_rows(conn, &mut entry)?;
                Some(entry)
            }
            None => None,
        },
        None => None,
    })
}

/// Takes an entry back: each row as it was, in the reverse order of the change. The undo
/// is itself recorded, with its own time, so the map at any moment can be drawn.
pub fn undo(conn: &Connection, entry: &Entry, now: DateTime<Utc>) -> Result<()> {
    let id = begin(conn, now, Kind::Undo(entry.id))?;
    replay(conn, entry, true)?;
    finish(conn, id)?;
    conn.execute(
        "UPDATE journal SET state = 'undone', undone_seq =
             (SELECT coalesce(max(undone_seq), 0) + 1 FROM journal)
         WHERE id = ?1",
        [entry.id],
    )
    .context("could not record the undo")?;
    Ok(())
}

/// Puts an undone entry back: each row as it became, in the order of the change;
/// recorded as an entry of its own.
pub fn redo(conn: &Connection, entry: &Entry, now: DateTime<Utc>) -> Result<()> {
    let id = begin(conn, now, Kind::Redo(entry.id))?;
    if entry.rows.iter().any(|r| r.table == CHECKINS_ADDED) {
        // A block of check-ins keeps no row images: the undo that took it back recorded
        // every row it deleted, so taking that undo back puts the change back exactly.
        let undo = latest_undo_of(conn, entry.id)?
            .with_context(|| format!("the history has no undo of change #{}", entry.id))?;
        replay(conn, &undo, true)?;
    } else {
        replay(conn, entry, false)?;
    }
    finish(conn, id)?;
    conn.execute(
        "UPDATE journal SET state = 'done', undone_seq = NULL WHERE id = ?1",
        [entry.id],
    )
    .context("could not record the redo")?;
    Ok(())
}

/// The newest undo of entry `target`, with its rows.
fn latest_undo_of(conn: &Connection, target: i64) -> Result<Option<Entry>> {
    let head: Option<(i64, String, String, String, String)> = conn
        .query_row(
            "SELECT id, at, command, line, state FROM journal
             WHERE target = ?1 AND command = 'undo' ORDER BY id DESC LIMIT 1",
            [target],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .context("could not read the history")?;
    head.map(|head| entry(conn, head, Some(target))).transpose()
}

/// An entry from its journal row (id, at, command, line, state), with its row changes.
fn entry(
    conn: &Connection,
    head: (i64, String, String, String, String),
    target: Option<i64>,
) -> Result<Entry> {
    let mut entry = head_entry(head, target);
    load_rows(conn, &mut entry)?;
    Ok(entry)
}

/// Applies an entry's row images backwards (undo) or forwards (redo). Foreign keys are
/// checked at the end, since a supporter and their check-ins come back one row at a time.
fn replay(conn: &Connection, entry: &Entry, backwards: bool) -> Result<()> {
    conn.execute_batch("PRAGMA defer_foreign_keys = ON")
        .context("could not undo")?;
    let steps: Vec<&RowChange> = if backwards {
        entry.rows.iter().rev().collect()
    } else {
        entry.rows.iter().collect()
    };
    for change in steps {
        let (from, to) = if backwards {
            (&change.after, &change.before)
        } else {
            (&change.before, &change.after)
        };
        apply(conn, &change.table, from.as_ref(), to.as_ref())?;
    }
    Ok(())
}

/// Makes one row go from `from` to `to` (either may be absent).
fn apply(conn: &Connection, table: &str, from: Option<&Row>, to: Option<&Row>) -> Result<()> {
    if table == CHECKINS_ADDED {
        return apply_block(conn, from, to);
    }
    let keys = key_columns(table)
        .with_context(|| format!("the history names an unknown table {table}"))?;
    let value = |json: &Json| -> Value {
        match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Integer(i64::from(*b)),
            Json::Number(n) => n
                .as_i64()
                .map(Value::Integer)
                .unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or_default())),
            Json::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        }
    };
    let context = || format!("could not put back a row of {table}");
    // Table and column names come from the fixed list above and from the journal's own
    // rows, which the triggers wrote from the table's columns.
    let safe = |name: &str| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match (from, to) {
        (Some(from), None) => {
            let condition: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{k} = ?{}", i + 1))
                .collect();
            let values: Vec<Value> = keys.iter().map(|k| value(&from[*k])).collect();
            conn.execute(
                &format!("DELETE FROM {table} WHERE {}", condition.join(" AND ")),
                rusqlite::params_from_iter(values),
            )
            .with_context(context)?;
        }
        (None, Some(to)) => {
            // A row recorded before stable ids existed gets a new one as it comes back.
            let mut to = to.clone();
            if matches!(table, "supporters" | "checkins" | "plan_items")
                && to.get("uid").is_none_or(Json::is_null)
            {
                to.insert("uid".into(), Json::String(super::new_uid()));
            }
            let columns: Vec<&String> = to.keys().filter(|c| safe(c)).collect();
            let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
            let values: Vec<Value> = columns.iter().map(|c| value(&to[c.as_str()])).collect();
            conn.execute(
                &format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    columns
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    marks.join(", ")
                ),
                rusqlite::params_from_iter(values),
            )
            .with_context(context)?;
        }
        (Some(from), Some(to)) => {
            let columns: Vec<&String> = to.keys().filter(|c| safe(c)).collect();
            let sets: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 1))
                .collect();
            let condition: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{k} = ?{}", columns.len() + i + 1))
                .collect();
            let values: Vec<Value> = columns
                .iter()
                .map(|c| value(&to[c.as_str()]))
                .chain(keys.iter().map(|k| value(&from[*k])))
                .collect();
            conn.execute(
                &format!(
                    "UPDATE {table} SET {} WHERE {}",
                    sets.join(", "),
                    condition.join(" AND ")
                ),
                rusqlite::params_from_iter(values),
            )
            .with_context(context)?;
        }
        (None, None) => {}
    }
    Ok(())
}

/// Takes a block of check-ins back (`from` is the block, `to` absent). Going forwards
/// needs the rows themselves, which only the undo that removed them holds (see `redo`).
fn apply_block(conn: &Connection, from: Option<&Row>, to: Option<&Row>) -> Result<()> {
    match (from, to) {
        (Some(block), None) => {
            let end = |key: &str| {
                block
                    .get(key)
                    .and_then(Json::as_i64)
                    .with_context(|| format!("the history's block of check-ins has no {key}"))
            };
            conn.execute(
                "DELETE FROM checkins WHERE id BETWEEN ?1 AND ?2",
                [end("from")?, end("to")?],
            )
            .context("could not take back the check-ins")?;
            Ok(())
        }
        (None, Some(_)) => {
            anyhow::bail!("a block of check-ins is put back by taking back its undo")
        }
        _ => Ok(()),
    }
}

/// Rewinds `conn` (a copy of the map) to how it stood at `at`: every entry since (undos
/// and redos included, each being rows really changed) taken back, newest first.
pub fn rewind_to(conn: &Connection, at: DateTime<Utc>) -> Result<()> {
    let later: Vec<Entry> = heads(conn)?.into_iter().filter(|e| e.at > at).collect();
    for mut entry in later {
        load_rows(conn, &mut entry)?;
        replay(conn, &entry, true)?;
    }
    Ok(())
}

/// Drops the entries from before `before`; returns how many.
pub fn prune_before(conn: &Connection, before: DateTime<Utc>) -> Result<usize> {
    conn.execute("DELETE FROM journal WHERE at < ?1", [timestamp(before)])
        .context("could not prune the history")
}

/// How many entries there are from before `before`.
pub fn count_before(conn: &Connection, before: DateTime<Utc>) -> Result<usize> {
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM journal WHERE at < ?1",
            [timestamp(before)],
            |r| r.get(0),
        )
        .context("could not read the history")?;
    Ok(usize::try_from(n).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(conn: &Connection, at: &str, sql: &str) {
        let id = begin(conn, parse_timestamp(at).unwrap(), Kind::Change).unwrap();
        conn.execute_batch(sql).unwrap();
        finish(conn, id).unwrap();
    }

    fn names(conn: &Connection) -> Vec<String> {
        conn.prepare("SELECT name || ':' || status FROM supporters ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    const ADD: &str = "INSERT INTO supporters (id, name, name_key, kind, category, circle,
        mode, status, created_at, updated_at) VALUES (1, 'Jo', 'jo', 'person', 'sponsor',
        'inner', 'in-person', 'active', 'x', 'x');
        INSERT INTO supporter_gives VALUES (1, 'crisis');";

    /// Jo added on 1 January, paused on the 2nd, removed on the 3rd.
    fn added_paused_removed(conn: &Connection) {
        change(conn, "2026-01-01T00:00:00Z", ADD);
        change(
            conn,
            "2026-01-02T00:00:00Z",
            "UPDATE supporters SET status = 'paused'",
        );
        change(
            conn,
            "2026-01-03T00:00:00Z",
            "DELETE FROM supporters WHERE id = 1",
        );
    }

    #[test]
    fn undo_redo_and_undo_of_a_redo_walk_a_sequence_both_ways() {
        let conn = crate::db::test_db();
        added_paused_removed(&conn);
        assert!(names(&conn).is_empty());

        let last = last_done(&conn, None).unwrap().unwrap();
        undo(&conn, &last, Utc::now()).unwrap();
        assert_eq!(names(&conn), ["Jo:paused"]);
        let gives: i64 = conn
            .query_row("SELECT count(*) FROM supporter_gives", [], |r| r.get(0))
            .unwrap();
        assert_eq!(gives, 1, "the cascade came back with the row");
        let last = last_done(&conn, None).unwrap().unwrap();
        undo(&conn, &last, Utc::now()).unwrap();
        assert_eq!(names(&conn), ["Jo:active"]);

        // Redo puts back the undo made last; an undo of that redo takes it back again.
        let again = last_undone(&conn).unwrap().unwrap();
        assert_eq!(again.command, last.command);
        redo(&conn, &again, Utc::now()).unwrap();
        assert_eq!(names(&conn), ["Jo:paused"]);
        let last = last_done(&conn, None).unwrap().unwrap();
        undo(&conn, &last, Utc::now()).unwrap();
        assert_eq!(names(&conn), ["Jo:active"]);
        redo(&conn, &last_undone(&conn).unwrap().unwrap(), Utc::now()).unwrap();
        redo(&conn, &last_undone(&conn).unwrap().unwrap(), Utc::now()).unwrap();
        assert!(names(&conn).is_empty());
        assert!(last_undone(&conn).unwrap().is_none());
    }

    #[test]
    fn rewinding_shows_the_map_at_each_date() {
        let conn = crate::db::test_db();
        added_paused_removed(&conn);
        conn.execute_batch("SAVEPOINT look").unwrap();
        rewind_to(&conn, parse_timestamp("2026-01-02T12:00:00Z").unwrap()).unwrap();
        assert_eq!(names(&conn), ["Jo:paused"]);
        conn.execute_batch("ROLLBACK TO look").unwrap();
        rewind_to(&conn, parse_timestamp("2026-01-01T12:00:00Z").unwrap()).unwrap();
        assert_eq!(names(&conn), ["Jo:active"]);
        conn.execute_batch("ROLLBACK TO look").unwrap();
        rewind_to(&conn, parse_timestamp("2025-12-31T00:00:00Z").unwrap()).unwrap();
        assert!(names(&conn).is_empty());
    }

    #[test]
    fn an_undo_has_its_own_time_and_the_past_shows_what_stood_then() {
        let conn = crate::db::test_db();
        change(&conn, "2026-01-01T00:00:00Z", ADD);
        change(
            &conn,
            "2026-01-03T00:00:00Z",
            "DELETE FROM supporters WHERE id = 1",
        );
        let removal = last_done(&conn, None).unwrap().unwrap();
        undo(
            &conn,
            &removal,
            parse_timestamp("2026-01-10T00:00:00Z").unwrap(),
        )
        .unwrap();
        assert_eq!(names(&conn), ["Jo:active"]);
        conn.execute_batch("SAVEPOINT look").unwrap();
        rewind_to(&conn, parse_timestamp("2026-01-05T00:00:00Z").unwrap()).unwrap();
        assert!(names(&conn).is_empty(), "on 5 January Jo had been removed");
        conn.execute_batch("ROLLBACK TO look").unwrap();
        // An undo is not itself a change `undo` takes back; a new change drops the redo
        // but keeps the undone entry in the history.
        assert_eq!(last_done(&conn, None).unwrap().unwrap().id, removal.id - 1);
        change(
            &conn,
            "2026-01-11T00:00:00Z",
            "UPDATE supporters SET circle = 'outer'",
        );
        assert!(last_undone(&conn).unwrap().is_none());
        let all = entries(&conn).unwrap();
        assert!(all.iter().any(|e| e.id == removal.id && e.undone));
        assert!(all.iter().any(|e| e.target == Some(removal.id)));
    }

    #[test]
    fn a_change_that_changes_nothing_is_not_kept() {
        let conn = crate::db::test_db();
        change(&conn, "2026-01-01T00:00:00Z", "SELECT 1");
        assert!(entries(&conn).unwrap().is_empty());
    }

    #[test]
    fn a_block_of_checkins_is_one_row_that_undo_redo_and_rewind_walk() {
        let conn = crate::db::test_db();
        change(&conn, "2026-01-01T00:00:00Z", ADD);
        let count = |conn: &Connection| -> i64 {
            conn.query_row("SELECT count(*) FROM checkins", [], |r| r.get(0))
                .unwrap()
        };
        let id = begin(
            &conn,
            parse_timestamp("2026-01-02T00:00:00Z").unwrap(),
            Kind::Change,
        )
        .unwrap();
        block_of_checkins(&conn, || {
            for n in 0..50 {
                conn.execute(
                    "INSERT INTO checkins (supporter_id, batch, at, via, initiated_by,
                         created_at, uid) VALUES (1, ?1, 'x', 'call', 'me', 'x', ?2)",
                    params![n + 1, format!("uid-{n}")],
                )?;
            }
            Ok(())
        })
        .unwrap();
        finish(&conn, id).unwrap();
        let rows: i64 = conn
            .query_row(
                "SELECT count(*) FROM journal_rows WHERE entry = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(rows, 1, "fifty check-ins are one row of the journal");
        assert_eq!(count(&conn), 50);

        conn.execute_batch("SAVEPOINT look").unwrap();
        rewind_to(&conn, parse_timestamp("2026-01-01T12:00:00Z").unwrap()).unwrap();
        assert_eq!(count(&conn), 0);
        assert_eq!(names(&conn), ["Jo:active"]);
        conn.execute_batch("ROLLBACK TO look").unwrap();

        let snapshot = |conn: &Connection| -> Vec<String> {
            conn.prepare("SELECT id || uid || batch FROM checkins ORDER BY id")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let all = snapshot(&conn);
        for _ in 0..2 {
            let last = last_done(&conn, None).unwrap().unwrap();
            assert_eq!(last.id, id);
            undo(&conn, &last, Utc::now()).unwrap();
            assert_eq!(count(&conn), 0);
            redo(&conn, &last_undone(&conn).unwrap().unwrap(), Utc::now()).unwrap();
            assert_eq!(snapshot(&conn), all, "redo puts back the same rows");
        }
    }
}
