//! What the gap analysis reads besides supporters, and the user's dismissals.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{parse_timestamp, timestamp};

/// A gap the user has chosen not to fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dismissal {
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
    /// A snooze: hidden until then. `None` lasts until the user restores the gap.
    pub until: Option<DateTime<Utc>>,
}

impl Dismissal {
    /// Still hiding its gap at `now` (a snooze that has run out no longer does).
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        self.until.is_none_or(|until| until > now)
    }
}

/// How many check-ins each supporter had since `since`: a range of the time index,
/// never the whole history.
pub fn checkins_since(conn: &Connection, since: DateTime<Utc>) -> Result<HashMap<i64, u32>> {
    // The unary `+` keeps SQLite from the by-supporter index, which it would otherwise
    // prefer for the grouping: a walk of the whole history (60 ms at a million
    // check-ins) instead of the time index's range of the last days (under 1 ms).
    let mut stmt = conn.prepare_cached(
        "SELECT supporter_id, count(*) FROM checkins
         WHERE at >= ?1 AND +supporter_id IS NOT NULL
         GROUP BY +supporter_id",
    )?;
    let rows = stmt
        .query_map([timestamp(since)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()
        .context("could not count recent check-ins")?;
    Ok(rows)
}

/// Every dismissal and snooze, by gap id (run-out snoozes included: see
/// [`Dismissal::in_force`]).
pub fn dismissals(conn: &Connection) -> Result<BTreeMap<String, Dismissal>> {
    let mut stmt =
        conn.prepare_cached("SELECT gap_id, reason, dismissed_at, until FROM dismissed_gaps")?;
    let mut map = BTreeMap::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next().context("could not read dismissed gaps")? {
        let at: String = row.get(2)?;
        let until: Option<String> = row.get(3)?;
        map.insert(
            row.get(0)?,
            Dismissal {
                reason: super::optional_text(row, 1, crate::domain::text::Shape::Line)?,
                at: parse_timestamp(&at).unwrap_or_default(),
                until: until.as_deref().and_then(parse_timestamp),
            },
        );
    }
    Ok(map)
}

/// Dismisses a gap until the user restores it (`until` `None`) or until a moment (a
/// snooze); on a gap already dismissed, keeps its reason unless a new one is given.
pub fn dismiss(
    conn: &Connection,
    gap_id: &str,
    reason: Option<&str>,
    until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    super::guard("the reason", reason, crate::domain::text::Shape::Line)?;
    conn.execute(
        "INSERT INTO dismissed_gaps (gap_id, reason, dismissed_at, until) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (gap_id) DO UPDATE SET reason = coalesce(excluded.reason, reason),
             dismissed_at = excluded.dismissed_at, until = excluded.until",
        params![gap_id, reason, timestamp(now), until.map(timestamp)],
    )
    .context("could not save the dismissal")?;
    Ok(())
}

/// Brings a dismissed gap back; false when it was not dismissed.
pub fn restore(conn: &Connection, gap_id: &str) -> Result<bool> {
    let removed = conn
        .execute("DELETE FROM dismissed_gaps WHERE gap_id = ?1", [gap_id])
        .context("could not restore the gap")?;
    Ok(removed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dismissals_round_trip_and_restore() {
        let conn = crate::db::test_db();
        let now = Utc::now();
        dismiss(
            &conn,
            "category-missing:spiritual",
            Some("not for me"),
            None,
            now,
        )
        .unwrap();
        dismiss(
            &conn,
            "category-missing:spiritual",
            Some("still not"),
            None,
            now,
        )
        .unwrap();
        dismiss(&conn, "category-missing:spiritual", None, None, now).unwrap();
        let all = dismissals(&conn).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(
            all["category-missing:spiritual"].reason.as_deref(),
            Some("still not")
        );
        assert!(all["category-missing:spiritual"].in_force(now));
        assert!(restore(&conn, "category-missing:spiritual").unwrap());
        assert!(!restore(&conn, "category-missing:spiritual").unwrap());
    }

    #[test]
    fn a_snooze_runs_out() {
        let conn = crate::db::test_db();
        let now = Utc::now();
        let later = now + chrono::Duration::days(14);
        dismiss(&conn, "overdue:Jo", None, Some(later), now).unwrap();
        let snooze = &dismissals(&conn).unwrap()["overdue:Jo"];
        assert_eq!(snooze.until.map(|t| t.timestamp()), Some(later.timestamp()));
        assert!(snooze.in_force(now));
        assert!(!snooze.in_force(later + chrono::Duration::seconds(1)));
    }
}
