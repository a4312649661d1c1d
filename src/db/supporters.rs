//! Supporters as rows: the `supporters`, `supporter_gives` and `supporter_tags` tables.

use std::collections::{BTreeSet, HashMap};

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, Row, params};

use super::{
    bad_column, guard, optional_text, parse_column, text_column, timestamp, timestamp_column,
};
use crate::domain::text::Shape;
use crate::domain::{Function, Profile, Rhythm, Supporter, supporter::name_key};

const COLUMNS: &str = "id, name, kind, category, role, circle, mode, phone, email, contact,
     crisis_order, available, every_days, status, paused_reason, since, note,
     created_at, updated_at, TIE";

/// [`COLUMNS`] for this map: a map from before tie quality (read without migrating, as the
/// crisis card reads) has every tie steady.
fn columns(conn: &Connection) -> Result<String> {
    let has_tie: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM pragma_table_info('supporters') WHERE name = 'tie'",
            [],
            |r| r.get(0),
        )
        .context("could not read supporters")?;
    Ok(COLUMNS.replace("TIE", if has_tie { "tie" } else { "'steady'" }))
}

/// Every supporter's id and name, for resolving a name typed by the user.
pub fn names(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, name FROM supporters ORDER BY name_key")
        .context("could not read supporters")?;
    let rows = stmt
        .query_map([], |row| {
            Ok((row.get(0)?, text_column(row, 1, Shape::Line)?))
        })?
        .collect::<rusqlite::Result<_>>()
        .context("could not read supporters")?;
    Ok(rows)
}

/// The supporter whose name is `name`, compared case-insensitively.
pub fn find_by_name(conn: &Connection, name: &str) -> Result<Option<(i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM supporters WHERE name_key = ?1")?;
    let mut rows = stmt.query(params![name_key(name)])?;
    match rows.next().context("could not read supporters")? {
        Some(row) => Ok(Some((row.get(0)?, row.get(1)?))),
        None => Ok(None),
    }
}

pub fn count(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM supporters", [], |row| row.get(0))
        .context("could not count supporters")
}

/// Every supporter, ordered by name.
pub fn all(conn: &Connection) -> Result<Vec<Supporter>> {
    select(conn, "")
}

/// Supporters matching a fixed SQL condition (no user input reaches it), by name.
fn select(conn: &Connection, condition: &str) -> Result<Vec<Supporter>> {
    // What they give and their tags, for the chosen supporters only: the crisis card
    // reads a handful of rows, not the whole map's.
    let only = if condition.is_empty() {
        String::new()
    } else {
        format!("WHERE supporter_id IN (SELECT id FROM supporters {condition})")
    };
    let mut gives = gives_by_supporter(conn, &only)?;
    let mut tags = tags_by_supporter(conn, &only)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM supporters {condition} ORDER BY name_key",
        columns(conn)?
    ))?;
    let supporters = stmt
        .query_map([], |row| {
            let id: i64 = row.get(0)?;
            from_row(
                row,
                gives.remove(&id).unwrap_or_default(),
                tags.remove(&id).unwrap_or_default(),
            )
        })?
        .collect::<rusqlite::Result<_>>()
        .context("could not read supporters")?;
    Ok(supporters)
}

/// The active supporters with a rhythm, each with the last contact, for `checkin due`,
/// in one pass as the `sqlite3` floor does: only what `due` uses is read (name,
/// category, phone, rhythm, when added); the rest of each profile keeps its defaults,
/// and `updated_at` is the time added.
pub fn with_rhythm(conn: &Connection) -> Result<Vec<(Supporter, Option<DateTime<Utc>>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.name, s.category, s.phone, s.every_days, s.created_at, NULL,
                (SELECT max(c.at) FROM checkins c WHERE c.supporter_id = s.id)
         FROM supporters s WHERE s.every_days IS NOT NULL AND s.status = 'active'",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().context("could not read supporters")? {
        let every: u32 = row.get(4)?;
        let mut profile = Profile::new(text_column(row, 1, Shape::Line)?, parse_column(row, 2)?);
        profile.phone = optional_text(row, 3, Shape::Line)?;
        profile.every = Some(Rhythm::from_days(every).ok_or_else(|| bad_column(4, every))?);
        let last: Option<String> = row.get(7)?;
        let last = last
            .map(|text| super::parse_timestamp(&text).ok_or_else(|| bad_column(7, text)))
            .transpose()?;
        let created_at = timestamp_column(row, 5)?;
        let supporter = Supporter {
            id: row.get(0)?,
            profile,
            created_at,
            // Not shown by `due`, so not read.
            updated_at: created_at,
        };
        out.push((supporter, last));
    }
    Ok(out)
}

/// How many supporters have a rhythm, whatever their status.
pub fn count_with_rhythm(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM supporters WHERE every_days IS NOT NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Every crisis contact, without reading anyone else: the crisis card starts fast
/// however big the map is.
pub fn crisis_contacts(conn: &Connection) -> Result<Vec<Supporter>> {
    select(
        conn,
        "WHERE id IN (SELECT supporter_id FROM supporter_gives WHERE function = 'crisis')",
    )
}

/// One supporter by id.
pub fn get(conn: &Connection, id: i64) -> Result<Supporter> {
    let gives = conn
        .prepare_cached("SELECT function FROM supporter_gives WHERE supporter_id = ?1")?
        .query_map([id], |row| parse_column::<Function>(row, 0))?
        .collect::<rusqlite::Result<BTreeSet<_>>>()?;
    let tags = conn
        .prepare_cached("SELECT tag FROM supporter_tags WHERE supporter_id = ?1")?
        .query_map([id], |row| row.get(0))?
        .collect::<rusqlite::Result<BTreeSet<String>>>()?;
    conn.query_row(
        &format!("SELECT {} FROM supporters WHERE id = ?1", columns(conn)?),
        [id],
        |row| from_row(row, gives, tags),
    )
    .with_context(|| format!("could not read supporter {id}"))
}

/// Every text of a profile through [`super::guard`].
fn guard_profile(p: &Profile) -> Result<()> {
    for (column, value) in [
        ("name", Some(&p.name)),
        ("role", p.role.as_ref()),
        ("phone", p.phone.as_ref()),
        ("email", p.email.as_ref()),
        ("contact", p.contact.as_ref()),
        ("available", p.available.as_ref()),
        ("paused reason", p.paused_reason.as_ref()),
    ]
    .into_iter()
    .chain(p.tags.iter().map(|t| ("tag", Some(t))))
    {
        guard(column, value.map(String::as_str), Shape::Line)?;
    }
    guard("note", p.note.as_deref(), Shape::Lines)
}

/// Stores a new supporter and returns its id.
pub fn insert(conn: &Connection, profile: &Profile, now: DateTime<Utc>) -> Result<i64> {
    insert_record(conn, &super::new_uid(), profile, now, now)
}

/// Stores a supporter with its stable id and times as given (an import's record).
pub fn insert_record(
    conn: &Connection,
    uid: &str,
    profile: &Profile,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> Result<i64> {
    guard_profile(profile)?;
    conn.prepare_cached(
        "INSERT INTO supporters (name, name_key, kind, category, role, circle, mode, phone,
             email, contact, crisis_order, available, every_days, status, paused_reason,
             since, note, created_at, updated_at, uid, tie)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
        profile.name,
        profile.name_key(),
        profile.kind.as_str(),
        profile.category.as_str(),
        profile.role,
        profile.circle.as_str(),
        profile.mode.as_str(),
        profile.phone,
        profile.email,
        profile.contact,
        profile.crisis_order,
        profile.available,
        profile.every.map(Rhythm::days),
        profile.status.as_str(),
        profile.paused_reason,
        profile.since.map(|d| d.to_string()),
        profile.note,
        timestamp(created_at),
        timestamp(updated_at),
        uid,
        profile.tie.as_str(),
    ])
    .with_context(|| format!("could not save {}", profile.name))?;
    let id = conn.last_insert_rowid();
    replace_sets(conn, id, profile)?;
    Ok(id)
}

/// Overwrites a supporter's profile.
pub fn update(conn: &Connection, id: i64, profile: &Profile, now: DateTime<Utc>) -> Result<()> {
    guard_profile(profile)?;
    conn.prepare_cached(
        "UPDATE supporters SET name = ?2, name_key = ?3, kind = ?4, category = ?5, role = ?6,
             circle = ?7, mode = ?8, phone = ?9, email = ?10, contact = ?11,
             crisis_order = ?12, available = ?13, every_days = ?14, status = ?15,
             paused_reason = ?16, since = ?17, note = ?18, updated_at = ?19, tie = ?20
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        profile.name,
        profile.name_key(),
        profile.kind.as_str(),
        profile.category.as_str(),
        profile.role,
        profile.circle.as_str(),
        profile.mode.as_str(),
        profile.phone,
        profile.email,
        profile.contact,
        profile.crisis_order,
        profile.available,
        profile.every.map(Rhythm::days),
        profile.status.as_str(),
        profile.paused_reason,
        profile.since.map(|d| d.to_string()),
        profile.note,
        timestamp(now),
        profile.tie.as_str(),
    ])
    .with_context(|| format!("could not save {}", profile.name))?;
    replace_sets(conn, id, profile)
}

/// Gives supporter `id` place `order` among the crisis contacts: when someone else
/// already has that place, they and everyone after them move down one, so the order
/// never has two people in one place.
pub fn make_room_in_crisis_order(conn: &Connection, id: i64, order: u32) -> Result<()> {
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM supporters WHERE id != ?1 AND crisis_order = ?2)",
        params![id, order],
        |r| r.get(0),
    )?;
    if taken {
        conn.execute(
            "UPDATE supporters SET crisis_order = crisis_order + 1
             WHERE id != ?1 AND crisis_order >= ?2",
            params![id, order],
        )
        .context("could not reorder crisis contacts")?;
    }
    Ok(())
}

/// Deletes a supporter and, through `ON DELETE CASCADE`, everything recorded about them.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM supporters WHERE id = ?1", [id])
        .context("could not remove supporter")?;
    Ok(())
}

fn replace_sets(conn: &Connection, id: i64, profile: &Profile) -> Result<()> {
    conn.execute("DELETE FROM supporter_gives WHERE supporter_id = ?1", [id])?;
    conn.execute("DELETE FROM supporter_tags WHERE supporter_id = ?1", [id])?;
    let mut give = conn
        .prepare_cached("INSERT INTO supporter_gives (supporter_id, function) VALUES (?1, ?2)")?;
    for function in &profile.gives {
        give.execute(params![id, function.as_str()])?;
    }
    let mut tag =
        conn.prepare_cached("INSERT INTO supporter_tags (supporter_id, tag) VALUES (?1, ?2)")?;
    for t in &profile.tags {
        tag.execute(params![id, t])?;
    }
    Ok(())
}

fn gives_by_supporter(conn: &Connection, only: &str) -> Result<HashMap<i64, BTreeSet<Function>>> {
    let mut map: HashMap<i64, BTreeSet<Function>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT supporter_id, function FROM supporter_gives {only}"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        map.entry(row.get(0)?)
            .or_default()
            .insert(parse_column(row, 1)?);
    }
    Ok(map)
}

fn tags_by_supporter(conn: &Connection, only: &str) -> Result<HashMap<i64, BTreeSet<String>>> {
    let mut map: HashMap<i64, BTreeSet<String>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT supporter_id, tag FROM supporter_tags {only}"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        map.entry(row.get(0)?)
            .or_default()
            .insert(text_column(row, 1, Shape::Line)?);
    }
    Ok(map)
}

fn from_row(
    row: &Row<'_>,
    gives: BTreeSet<Function>,
    tags: BTreeSet<String>,
) -> rusqlite::Result<Supporter> {
    let every: Option<u32> = row.get(12)?;
    let since: Option<String> = row.get(15)?;
    Ok(Supporter {
        id: row.get(0)?,
        profile: Profile {
            name: text_column(row, 1, Shape::Line)?,
            kind: parse_column(row, 2)?,
            category: parse_column(row, 3)?,
            role: optional_text(row, 4, Shape::Line)?,
            gives,
            circle: parse_column(row, 5)?,
            tie: parse_column(row, 19)?,
            mode: parse_column(row, 6)?,
            phone: optional_text(row, 7, Shape::Line)?,
            email: optional_text(row, 8, Shape::Line)?,
            contact: optional_text(row, 9, Shape::Line)?,
            crisis_order: row.get(10)?,
            available: optional_text(row, 11, Shape::Line)?,
            every: every
                .map(|days| Rhythm::from_days(days).ok_or_else(|| bad_column(12, days)))
                .transpose()?,
            status: parse_column(row, 13)?,
            paused_reason: optional_text(row, 14, Shape::Line)?,
            since: since
                .map(|text| {
                    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad_column(15, text))
                })
                .transpose()?,
            note: optional_text(row, 16, Shape::Lines)?,
            tags,
        },
        created_at: timestamp_column(row, 17)?,
        updated_at: timestamp_column(row, 18)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Status};

    #[test]
    fn the_crisis_contacts_are_found_by_an_index_not_a_scan() {
        let conn = crate::db::test_db();
        let plan: Vec<String> = conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT supporter_id FROM supporter_gives WHERE function = 'crisis'",
            )
            .unwrap()
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("supporter_gives_by_function"), "{plan}");
        assert!(!plan.contains("SCAN"), "{plan}");
    }

    #[test]
    fn a_profile_round_trips_through_the_tables() {
        let conn = crate::db::test_db();
        let mut p = Profile::new("Zoë \"Z\" O'Neil".into(), Category::Peer);
        p.gives = [Function::Crisis, Function::Belonging].into();
        p.tags = ["na".to_string()].into();
        p.crisis_order = Some(1);
        p.every = Rhythm::from_days(7);
        p.since = NaiveDate::from_ymd_opt(2024, 3, 1);
        p.status = Status::Paused;
        p.paused_reason = Some("needs space".into());
        let now = DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = insert(&conn, &p, now).unwrap();
        let stored = get(&conn, id).unwrap();
        assert_eq!(stored.profile, p);
        assert_eq!(stored.created_at, now);
        assert_eq!(all(&conn).unwrap(), vec![stored]);
        assert_eq!(
            find_by_name(&conn, "ZOË \"z\" o'neil")
                .unwrap()
                .map(|f| f.0),
            Some(id)
        );
    }

    #[test]
    fn names_are_unique_case_insensitively() {
        let conn = crate::db::test_db();
        let now = Utc::now();
        insert(&conn, &Profile::new("Jo".into(), Category::Friend), now).unwrap();
        assert!(insert(&conn, &Profile::new("JO".into(), Category::Friend), now).is_err());
    }

    #[test]
    fn deleting_removes_gives_and_tags() {
        let conn = crate::db::test_db();
        let mut p = Profile::new("Jo".into(), Category::Friend);
        p.gives = [Function::Emotional].into();
        p.tags = ["x".to_string()].into();
        let id = insert(&conn, &p, Utc::now()).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        delete(&conn, id).unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM supporter_gives) + (SELECT count(*) FROM supporter_tags)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
    }
}
