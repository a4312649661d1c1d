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
}

/// How many check-ins each supporter had since `since`: a range of the time index,
/// never the whole history.
pub fn checkins_since(conn: &Connection, since: DateTime<Utc>) -> Result<HashMap<i64, u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT supporter_id, count(*) FROM checkins
         WHERE at >= ?1 AND supporter_id IS NOT NULL
         GROUP BY supporter_id",
    )?;
    let rows = stmt
        .query_map([timestamp(since)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()
        .context("could not count recent check-ins")?;
    Ok(rows)
}

/// Every dismissal, by gap id.
pub fn dismissals(conn: &Connection) -> Result<BTreeMap<String, Dismissal>> {
    let mut stmt =
        conn.prepare_cached("SELECT gap_id, reason, dismissed_at FROM dismissed_gaps")?;
    let mut map = BTreeMap::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next().context("could not read dismissed gaps")? {
        let at: String = row.get(2)?;
        map.insert(
            row.get(0)?,
            Dismissal {
                reason: super::optional_text(row, 1, crate::domain::text::Shape::Line)?,
                at: parse_timestamp(&at).unwrap_or_default(),
            },
        );
    }
    Ok(map)
}

/// Dismisses a gap, or updates the reason of one already dismissed.
pub fn dismiss(
    conn: &Connection,
    gap_id: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    super::guard("the reason", reason, crate::domain::text::Shape::Line)?;
    conn.execute(
        "INSERT INTO dismissed_gaps (gap_id, reason, dismissed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (gap_id) DO UPDATE SET reason = coalesce(excluded.reason, reason)",
        params![gap_id, reason, timestamp(now)],
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
        dismiss(&conn, "category-missing:spiritual", Some("not for me"), now).unwrap();
        dismiss(&conn, "category-missing:spiritual", Some("still not"), now).unwrap();
        dismiss(&conn, "category-missing:spiritual", None, now).unwrap();
        let all = dismissals(&conn).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(
            all["category-missing:spiritual"].reason.as_deref(),
            Some("still not")
        );
        assert!(restore(&conn, "category-missing:spiritual").unwrap());
        assert!(!restore(&conn, "category-missing:spiritual").unwrap());
    }
}
