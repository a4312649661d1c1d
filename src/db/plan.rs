//! The safety plan as rows: `plan_items` and `plan_reviews`.

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{parse_column, timestamp, timestamp_column};
use crate::domain::Section;
use crate::domain::plan::{Plan, PlanItem};

/// The whole plan: every item by section and position, and the last review.
pub fn load(conn: &Connection) -> Result<Plan> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, section, position, text, created_at FROM plan_items ORDER BY id",
    )?;
    let mut items: Vec<PlanItem> = stmt
        .query_map([], |row| {
            Ok(PlanItem {
                id: row.get(0)?,
                section: parse_column(row, 1)?,
                position: row.get(2)?,
                text: super::text_column(row, 3, crate::domain::text::Shape::Lines)?,
                created_at: timestamp_column(row, 4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()
        .context("could not read the safety plan")?;
    items.sort_by_key(|i| (i.section, i.position));
    let reviewed_at = conn
        .query_row(
            "SELECT reviewed_at FROM plan_reviews ORDER BY reviewed_at DESC LIMIT 1",
            [],
            |row| timestamp_column(row, 0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .context("could not read the plan's reviews")?;
    Ok(Plan { items, reviewed_at })
}

/// How many lines a section has.
pub fn count(conn: &Connection, section: Section) -> Result<usize> {
    let count: i64 = conn
        .query_row(
            "SELECT count(*) FROM plan_items WHERE section = ?1",
            [section.as_str()],
            |r| r.get(0),
        )
        .context("could not read the safety plan")?;
    Ok(usize::try_from(count)?)
}

/// Adds a line at the end of a section.
pub fn add(conn: &Connection, section: Section, text: &str, now: DateTime<Utc>) -> Result<u32> {
    super::guard("the text", Some(text), crate::domain::text::Shape::Lines)?;
    let position: u32 = conn.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM plan_items WHERE section = ?1",
        [section.as_str()],
        |r| r.get(0),
    )?;
    insert_line(conn, &super::new_uid(), section, position, text, now)?;
    Ok(position)
}

/// Stores one line at a position with its stable id and time as given.
pub fn insert_line(
    conn: &Connection,
    uid: &str,
    section: Section,
    position: u32,
    text: &str,
    created_at: DateTime<Utc>,
) -> Result<()> {
    super::guard("the text", Some(text), crate::domain::text::Shape::Lines)?;
    conn.execute(
        "INSERT INTO plan_items (section, position, text, created_at, uid)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![section.as_str(), position, text, timestamp(created_at), uid],
    )
    .context("could not save the plan")?;
    Ok(())
}

/// Removes line `number` (from 1) of a section and closes the gap; returns its text.
pub fn remove(conn: &Connection, section: Section, number: u32) -> Result<String> {
    let text: String = conn.query_row(
        "SELECT text FROM plan_items WHERE section = ?1 AND position = ?2",
        params![section.as_str(), number],
        |r| r.get(0),
    )?;
    conn.execute(
        "DELETE FROM plan_items WHERE section = ?1 AND position = ?2",
        params![section.as_str(), number],
    )?;
    renumber(conn, section)?;
    Ok(text)
}

/// Puts a section's lines in `order` (their current positions, in the new order).
pub fn reorder(conn: &Connection, section: Section, order: &[u32]) -> Result<()> {
    // Positions are unique per section: park them out of the way first.
    conn.execute(
        "UPDATE plan_items SET position = position + 1000000 WHERE section = ?1",
        [section.as_str()],
    )?;
    let mut stmt = conn.prepare_cached(
        "UPDATE plan_items SET position = ?3 WHERE section = ?1 AND position = ?2",
    )?;
    for (new, old) in (1u32..).zip(order) {
        stmt.execute(params![section.as_str(), old + 1_000_000, new])?;
    }
    Ok(())
}

/// Numbers a section's lines 1, 2, 3… in their current order.
fn renumber(conn: &Connection, section: Section) -> Result<()> {
    let positions: Vec<u32> = conn
        .prepare_cached("SELECT position FROM plan_items WHERE section = ?1 ORDER BY position")?
        .query_map([section.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    reorder(conn, section, &positions)
}

pub fn review(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO plan_reviews (reviewed_at) VALUES (?1)",
        [timestamp(now)],
    )
    .context("could not save the review")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_added_removed_and_reordered_within_a_section() {
        let conn = crate::db::test_db();
        let now = Utc::now();
        for text in ["walk", "call Jo", "breathe"] {
            add(&conn, Section::Coping, text, now).unwrap();
        }
        add(&conn, Section::Reasons, "my kids", now).unwrap();
        reorder(&conn, Section::Coping, &[3, 1, 2]).unwrap();
        let texts = |conn: &Connection| -> Vec<String> {
            load(conn)
                .unwrap()
                .section(Section::Coping)
                .map(|i| i.text.clone())
                .collect()
        };
        assert_eq!(texts(&conn), ["breathe", "walk", "call Jo"]);
        assert_eq!(remove(&conn, Section::Coping, 2).unwrap(), "walk");
        assert_eq!(texts(&conn), ["breathe", "call Jo"]);
        let plan = load(&conn).unwrap();
        let positions: Vec<u32> = plan.section(Section::Coping).map(|i| i.position).collect();
        assert_eq!(positions, [1, 2]);
        assert_eq!(count(&conn, Section::Reasons).unwrap(), 1);
        assert_eq!(plan.reviewed_at, None);
        review(&conn, now).unwrap();
        assert!(load(&conn).unwrap().reviewed_at.is_some());
    }
}
