//! What `supportmap trends` reads beyond the check-ins in its window: when each tie's
//! first check-in was, and when the map began.

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{bad_column, parse_timestamp};

/// Each supporter's first check-in: one index lookup each (`checkins_by_supporter`).
const FIRST_CONTACTS: &str =
    "SELECT s.id, (SELECT min(c.at) FROM checkins c WHERE c.supporter_id = s.id)
     FROM supporters s";

/// The map's first moment: its first check-in or its first supporter, whichever is
/// earlier. Timestamps are UTC RFC 3339 text, so they compare as text.
const BEGAN: &str = "SELECT min(first) FROM (
         SELECT min(at) AS first FROM checkins
         UNION ALL
         SELECT min(created_at) FROM supporters
     )";

/// Each supporter's first check-in ever, by supporter id; none for those never
/// checked in with.
pub fn first_contacts(conn: &Connection) -> Result<HashMap<i64, DateTime<Utc>>> {
    let mut stmt = conn.prepare_cached(FIRST_CONTACTS)?;
    let mut rows = stmt.query([])?;
    let mut first = HashMap::new();
    while let Some(row) = rows.next().context("could not read check-ins")? {
        let text: Option<String> = row.get(1)?;
        if let Some(text) = text {
            let at = parse_timestamp(&text).ok_or_else(|| bad_column(1, &text))?;
            first.insert(row.get(0)?, at);
        }
    }
    Ok(first)
}

/// When the map began: its first check-in or its first supporter added, whichever is
/// earlier; `None` for an empty map.
pub fn began(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let text: Option<String> = conn
        .query_row(BEGAN, [], |r| r.get(0))
        .context("could not read when the map began")?;
    text.map(|t| parse_timestamp(&t).ok_or_else(|| bad_column(0, &t).into()))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{By, Category, Contact, Profile, Via};

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
            mood: None,
            note: None,
        }
    }

    #[test]
    fn trends_first_contacts_and_when_the_map_began() {
        let conn = crate::db::test_db();
        assert_eq!(began(&conn).unwrap(), None);
        let now = at("2026-11-21T12:00:00Z");
        let profile = |name: &str| Profile::new(name.into(), Category::Friend);
        let jo = crate::db::supporters::insert(&conn, &profile("Jo"), now).unwrap();
        let sam = crate::db::supporters::insert(&conn, &profile("Sam"), now).unwrap();
        assert_eq!(began(&conn).unwrap(), Some(now));
        let checkins = crate::db::checkins::insert;
        checkins(&conn, &[Some(jo)], &contact("2026-10-01T09:00:00Z"), now).unwrap();
        checkins(&conn, &[Some(jo)], &contact("2026-09-01T09:00:00Z"), now).unwrap();
        checkins(&conn, &[None], &contact("2026-08-01T09:00:00Z"), now).unwrap();
        let first = first_contacts(&conn).unwrap();
        assert_eq!(first.get(&jo), Some(&at("2026-09-01T09:00:00Z")));
        assert_eq!(first.get(&sam), None);
        assert_eq!(
            began(&conn).unwrap(),
            Some(at("2026-08-01T09:00:00Z")),
            "a solo check-in before anyone was added"
        );
    }

    #[test]
    fn trends_first_contacts_come_from_an_index() {
        let conn = crate::db::test_db();
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {FIRST_CONTACTS}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("checkins_by_supporter"), "{plan}");
    }
}
