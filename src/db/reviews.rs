//! The guided reviews as rows: `reviews` (migration 10), one row each time the user
//! walked through the map with `supportmap review`, with the note they kept.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{optional_text, timestamp, timestamp_column};
use crate::domain::text::Shape;

/// One review: when it was done, and the note kept with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: i64,
    /// Stays with the review through export and import.
    pub uid: String,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// Records a review at `at`, with an optional note (several lines allowed).
pub fn record(conn: &Connection, at: DateTime<Utc>, note: Option<&str>) -> Result<()> {
    super::guard("the note", note, Shape::Lines)?;
    conn.execute(
        "INSERT INTO reviews (uid, at, note) VALUES (?1, ?2, ?3)",
        params![super::new_uid(), timestamp(at), note],
    )
    .context("could not save the review")?;
    Ok(())
}

/// When the last review was done; `None` before the first (or in a map from before
/// reviews existed, read without migrating).
pub fn latest(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    Ok(last(conn)?.map(|r| r.at))
}

/// The last review, note and all; `None` as for [`latest`].
pub fn last(conn: &Connection) -> Result<Option<Review>> {
    Ok(query(conn, "ORDER BY at DESC, id DESC LIMIT 1")?.pop())
}

/// Every review, oldest first.
pub fn all(conn: &Connection) -> Result<Vec<Review>> {
    query(conn, "ORDER BY at, id")
}

/// The reviews in the order `tail` gives (a fixed clause, never user input).
fn query(conn: &Connection, tail: &str) -> Result<Vec<Review>> {
    if !has_table(conn)? {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare_cached(&format!("SELECT id, uid, at, note FROM reviews {tail}"))
        .context("could not read the reviews")?;
    stmt.query_map([], |row| {
        Ok(Review {
            id: row.get(0)?,
            uid: row.get(1)?,
            at: timestamp_column(row, 2)?,
            note: optional_text(row, 3, Shape::Lines)?,
        })
    })
    .and_then(Iterator::collect)
    .context("could not read the reviews")
}

/// A map from before migration 10 (read-only, as the crisis card and a read-only disk
/// read it) has no `reviews` table: it has had no review.
fn has_table(conn: &Connection) -> Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'reviews'",
        [],
        |r| r.get(0),
    )
    .context("could not read the reviews")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 10, 0, 0).unwrap()
    }

    #[test]
    fn reviews_are_recorded_and_the_latest_is_found() {
        let conn = crate::db::test_db();
        assert_eq!(latest(&conn).unwrap(), None);
        assert!(all(&conn).unwrap().is_empty());
        record(&conn, at(2), Some("after the move")).unwrap();
        record(&conn, at(20), None).unwrap();
        record(&conn, at(9), Some("two lines\nof note")).unwrap();
        assert_eq!(latest(&conn).unwrap(), Some(at(20)));
        let every = all(&conn).unwrap();
        let days: Vec<DateTime<Utc>> = every.iter().map(|r| r.at).collect();
        assert_eq!(days, [at(2), at(9), at(20)]);
        assert_eq!(every[0].note.as_deref(), Some("after the move"));
        assert_eq!(every[1].note.as_deref(), Some("two lines\nof note"));
        assert_ne!(every[0].uid, every[1].uid);
        assert_eq!(last(&conn).unwrap().unwrap().note, None);
    }

    #[test]
    fn a_note_goes_through_the_rule_for_stored_text() {
        let conn = crate::db::test_db();
        assert!(record(&conn, at(2), Some("hidden\u{202e}text")).is_err());
        assert!(record(&conn, at(2), Some(" spaced ")).is_err());
        assert_eq!(latest(&conn).unwrap(), None);
    }

    #[test]
    fn a_map_without_the_reviews_table_has_had_no_review() {
        let conn = Connection::open_in_memory().unwrap();
        assert_eq!(latest(&conn).unwrap(), None);
        assert!(all(&conn).unwrap().is_empty());
    }
}
