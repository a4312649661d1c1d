//! Check-ins as rows of the `checkins` table.

use std::collections::HashMap;

use crate::domain::text::Shape;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

use super::{bad_column, parse_column, parse_timestamp, timestamp, timestamp_column};
use crate::domain::{CheckIn, Contact, Via};

/// Which check-ins `checkin list` wants.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub supporter_id: Option<i64>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub via: Option<Via>,
    pub limit: Option<u32>,
}

/// Each supporter's last contact, one index lookup each (see `last_contacts`).
const LAST_CONTACTS: &str =
    "SELECT s.id, (SELECT max(c.at) FROM checkins c WHERE c.supporter_id = s.id)
     FROM supporters s";

/// The next batch number, from the end of the batch index.
const NEXT_BATCH: &str = "SELECT coalesce(max(batch), 0) + 1 FROM checkins";

const SELECT: &str = "SELECT c.id, c.batch, s.name, c.at, c.via, c.initiated_by, c.mood, c.note
     FROM checkins c LEFT JOIN supporters s ON s.id = c.supporter_id";

/// Records one contact with each of `supporters` (or, with `None`, with nobody) as one
/// batch. Returns the batch number.
pub fn insert(
    conn: &Connection,
    supporters: &[Option<i64>],
    contact: &Contact,
    now: DateTime<Utc>,
) -> Result<i64> {
    let batch = next_batch(conn)?;
    for supporter in supporters {
        insert_record(conn, &super::new_uid(), *supporter, batch, contact, now)?;
    }
    Ok(batch)
}

/// The batch number the next command's check-ins will share.
pub fn next_batch(conn: &Connection) -> Result<i64> {
    conn.query_row(NEXT_BATCH, [], |r| r.get(0))
        .context("could not number the check-in")
}

/// Stores one check-in with its stable id, batch and times as given (an import's record).
pub fn insert_record(
    conn: &Connection,
    uid: &str,
    supporter: Option<i64>,
    batch: i64,
    contact: &Contact,
    created_at: DateTime<Utc>,
) -> Result<()> {
    super::guard("note", contact.note.as_deref(), Shape::Lines)?;
    conn.prepare_cached(
        "INSERT INTO checkins (supporter_id, batch, at, via, initiated_by, mood, note, created_at,
             uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        supporter,
        batch,
        timestamp(contact.at),
        contact.via.as_str(),
        contact.by.as_str(),
        contact.mood,
        contact.note,
        timestamp(created_at),
        uid,
    ])
    .context("could not save the check-in")?;
    Ok(())
}

/// Each supporter's last contact: one index lookup per supporter
/// (`checkins_by_supporter`), never a scan of the history.
pub fn last_contacts(conn: &Connection) -> Result<HashMap<i64, DateTime<Utc>>> {
    let mut stmt = conn.prepare_cached(LAST_CONTACTS)?;
    let mut map = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next().context("could not read check-ins")? {
        let text: Option<String> = row.get(1)?;
        if let Some(text) = text {
            let at = parse_timestamp(&text).ok_or_else(|| bad_column(1, &text))?;
            map.insert(row.get(0)?, at);
        }
    }
    Ok(map)
}

/// The last contact with one supporter.
pub fn last_contact(conn: &Connection, supporter_id: i64) -> Result<Option<DateTime<Utc>>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT max(at) FROM checkins WHERE supporter_id = ?1",
            [supporter_id],
            |r| r.get(0),
        )
        .context("could not read check-ins")?;
    text.map(|t| parse_timestamp(&t).ok_or_else(|| bad_column(0, &t).into()))
        .transpose()
}

/// The filter every listing shares, for the filters `query` sets: each one a condition
/// SQLite can take to an index (`c.at >= ?2` is a range of the time index; `(?2 IS NULL
/// OR c.at >= ?2)` would be tested on every row of the history), and each one left out
/// a constant test of its unset parameter, so the parameters stay ?1 to ?4 either way.
/// Only these fixed fragments are joined; every value is a parameter.
fn matching(query: &Query) -> String {
    fn part(set: bool, condition: &'static str, unset: &'static str) -> &'static str {
        if set { condition } else { unset }
    }
    format!(
        "WHERE {} AND {} AND {} AND {}",
        part(
            query.supporter_id.is_some(),
            "c.supporter_id = ?1",
            "?1 IS NULL"
        ),
        part(query.since.is_some(), "c.at >= ?2", "?2 IS NULL"),
        part(query.until.is_some(), "c.at <= ?3", "?3 IS NULL"),
        part(query.via.is_some(), "c.via = ?4", "?4 IS NULL"),
    )
}

/// Check-ins matching `query`, newest first.
pub fn list(conn: &Connection, query: &Query) -> Result<Vec<CheckIn>> {
    let mut found = Vec::new();
    each_page(conn, query, u32::MAX, &mut |page| {
        found.extend_from_slice(page);
        Ok(())
    })?;
    Ok(found)
}

/// Check-ins matching `query`, newest first, handed over `page` rows at a time as one
/// query steps through them: memory stays flat however long the history.
pub fn each_page(
    conn: &Connection,
    query: &Query,
    page: u32,
    each: &mut dyn FnMut(&[CheckIn]) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "{SELECT}
         {}
         ORDER BY c.at DESC, c.id DESC
         LIMIT ?5",
        matching(query)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![
        query.supporter_id,
        query.since.map(timestamp),
        query.until.map(timestamp),
        query.via.map(Via::as_str),
        query.limit.map_or(-1, i64::from),
    ])?;
    let page = usize::try_from(page).unwrap_or(usize::MAX).clamp(1, 4096);
    let mut batch = Vec::with_capacity(page);
    while let Some(row) = rows.next().context("could not read check-ins")? {
        batch.push(from_row(row).context("could not read check-ins")?);
        if batch.len() == page {
            each(&batch)?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        each(&batch)?;
    }
    Ok(())
}

/// How many check-ins match `query` (its limit aside).
pub fn count_matching(conn: &Connection, query: &Query) -> Result<u64> {
    let unfiltered = query.supporter_id.is_none()
        && query.since.is_none()
        && query.until.is_none()
        && query.via.is_none();
    if unfiltered {
        // A bare count SQLite answers from the smallest index's pages alone (20 ms at a
        // million check-ins, against 60 ms testing the filter on every row).
        let n: i64 = conn
            .prepare_cached("SELECT count(*) FROM checkins")?
            .query_row([], |r| r.get(0))
            .context("could not count check-ins")?;
        return Ok(u64::try_from(n).unwrap_or_default());
    }
    let n: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM checkins c {}",
            matching(query)
        ))?
        .query_row(
            params![
                query.supporter_id,
                query.since.map(timestamp),
                query.until.map(timestamp),
                query.via.map(Via::as_str),
            ],
            |r| r.get(0),
        )
        .context("could not count check-ins")?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// The check-ins logged by the most recent command.
pub fn latest_batch(conn: &Connection) -> Result<Vec<CheckIn>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.batch = (SELECT max(batch) FROM checkins) ORDER BY c.id"
    ))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()
        .context("could not read check-ins")?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<CheckIn>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?;
    let mut rows = stmt.query_map([id], from_row)?;
    rows.next()
        .transpose()
        .context("could not read the check-in")
}

pub fn delete(conn: &Connection, ids: &[i64]) -> Result<()> {
    let mut stmt = conn.prepare_cached("DELETE FROM checkins WHERE id = ?1")?;
    for id in ids {
        stmt.execute([id])
            .context("could not remove the check-in")?;
    }
    Ok(())
}

pub fn count(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM checkins", [], |r| r.get(0))
        .context("could not count check-ins")
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<CheckIn> {
    Ok(CheckIn {
        id: row.get(0)?,
        batch: row.get(1)?,
        supporter: super::optional_text(row, 2, Shape::Line)?,
        contact: Contact {
            at: timestamp_column(row, 3)?,
            via: parse_column(row, 4)?,
            by: parse_column(row, 5)?,
            mood: row.get(6)?,
            note: super::optional_text(row, 7, Shape::Lines)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{By, Category, Profile};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn contact(when: &str) -> Contact {
        Contact {
            at: at(when),
            via: Via::Call,
            by: By::Me,
            mood: Some(7),
            note: None,
        }
    }

    #[test]
    fn last_contacts_and_batches_come_from_indexes_not_scans() {
        let conn = crate::db::test_db();
        let plan = |sql: &str| -> String {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            rows.join("\n")
        };
        let last = plan(LAST_CONTACTS);
        assert!(
            last.contains("USING COVERING INDEX checkins_by_supporter"),
            "{last}"
        );
        assert!(!last.contains("SCAN c"), "{last}");
        let batch = plan(NEXT_BATCH);
        assert!(batch.contains("checkins_by_batch"), "{batch}");
    }

    #[test]
    fn batches_last_contacts_and_listing() {
        let conn = crate::db::test_db();
        let now = at("2026-11-21T12:00:00Z");
        let jo = crate::db::supporters::insert(
            &conn,
            &Profile::new("Jo".into(), Category::Sponsor),
            now,
        )
        .unwrap();
        let sam = crate::db::supporters::insert(
            &conn,
            &Profile::new("Sam".into(), Category::Family),
            now,
        )
        .unwrap();
        let first = insert(&conn, &[Some(jo)], &contact("2026-11-01T10:00:00Z"), now).unwrap();
        let second = insert(
            &conn,
            &[Some(jo), Some(sam)],
            &contact("2026-11-10T10:00:00Z"),
            now,
        )
        .unwrap();
        insert(&conn, &[None], &contact("2026-11-05T10:00:00Z"), now).unwrap();
        assert_eq!(second, first + 1);

        let last = last_contacts(&conn).unwrap();
        assert_eq!(last[&jo], at("2026-11-10T10:00:00Z"));
        assert_eq!(
            last_contact(&conn, sam).unwrap(),
            Some(at("2026-11-10T10:00:00Z"))
        );

        let all = list(&conn, &Query::default()).unwrap();
        assert_eq!(all.len(), 4);
        assert!(all.windows(2).all(|w| w[0].contact.at >= w[1].contact.at));
        assert_eq!(all.iter().filter(|c| c.supporter.is_none()).count(), 1);

        let jos = list(
            &conn,
            &Query {
                supporter_id: Some(jo),
                since: Some(at("2026-11-02T00:00:00Z")),
                ..Query::default()
            },
        )
        .unwrap();
        assert_eq!(jos.len(), 1);
        assert_eq!(latest_batch(&conn).unwrap().len(), 1, "the solo check-in");
    }
}
