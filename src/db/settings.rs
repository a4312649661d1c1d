//! The user's settings, one row a key.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::timestamp;
use crate::domain::settings::{Key, Settings};
use crate::domain::text::Shape;

/// Every setting. A map from before settings existed (read without migrating, as the
/// crisis card does) has none.
pub fn load(conn: &Connection) -> Result<Settings> {
    let has_table: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'",
            [],
            |r| r.get(0),
        )
        .context("could not read settings")?;
    let mut settings = Settings::default();
    if !has_table {
        return Ok(settings);
    }
    let mut stmt = conn
        .prepare_cached("SELECT key, value FROM settings")
        .context("could not read settings")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                super::text_column(r, 1, Shape::Line)?,
            ))
        })
        .context("could not read settings")?;
    for row in rows {
        let (key, value) = row.context("could not read settings")?;
        if let Ok(key) = key.parse::<Key>() {
            settings.values.insert(key, value);
        }
    }
    Ok(settings)
}

/// Sets one key (the value already checked by [`Key::check`]).
pub fn set(conn: &Connection, key: Key, value: &str, now: DateTime<Utc>) -> Result<()> {
    super::guard(key.as_str(), Some(value), Shape::Line)?;
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key.as_str(), value, timestamp(now)],
    )
    .context("could not save the setting")?;
    Ok(())
}

/// Removes one key; true when it was set.
pub fn unset(conn: &Connection, key: Key) -> Result<bool> {
    let n = conn
        .execute("DELETE FROM settings WHERE key = ?1", [key.as_str()])
        .context("could not save the setting")?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_set_replaced_and_unset() {
        let conn = crate::db::test_db();
        let now = Utc::now();
        assert_eq!(load(&conn).unwrap(), Settings::default());
        set(&conn, Key::Country, "GB", now).unwrap();
        set(&conn, Key::Country, "IE", now).unwrap();
        set(&conn, Key::Name, "Maya", now).unwrap();
        let s = load(&conn).unwrap();
        assert_eq!(s.get(Key::Country), Some("IE"));
        assert_eq!(s.get(Key::Name), Some("Maya"));
        assert!(unset(&conn, Key::Name).unwrap());
        assert!(!unset(&conn, Key::Name).unwrap());
        assert_eq!(load(&conn).unwrap().get(Key::Name), None);
    }
}
