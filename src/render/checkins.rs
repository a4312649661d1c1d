//! Check-ins and due supporters, as tables for people and JSON for scripts.

use chrono::{DateTime, NaiveDate, Utc};
use comfy_table::{Attribute, Cell, Color};
use serde::Serialize;

use super::Output;
use super::time::{ago, days_ago, due_words, local_datetime, local_day};
use crate::domain::checkin::Due;
use crate::domain::{By, CheckIn, Via};

/// One check-in in `--json` output.
#[derive(Debug, Serialize)]
pub struct CheckInJson<'a> {
    pub id: i64,
    pub batch: i64,
    /// The supporter's name; null for a solo check-in.
    pub supporter: Option<&'a str>,
    pub at: DateTime<Utc>,
    pub via: Via,
    pub by: By,
    pub mood: Option<u8>,
    pub note: Option<&'a str>,
}

impl<'a> CheckInJson<'a> {
    pub fn new(c: &'a CheckIn) -> CheckInJson<'a> {
        CheckInJson {
            id: c.id,
            batch: c.batch,
            supporter: c.supporter.as_deref(),
            at: c.contact.at,
            via: c.contact.via,
            by: c.contact.by,
            mood: c.contact.mood,
            note: c.contact.note.as_deref(),
        }
    }
}

pub fn to_json(checkins: &[CheckIn]) -> Vec<CheckInJson<'_>> {
    checkins.iter().map(CheckInJson::new).collect()
}

/// "3 days ago (2026-11-18 14:05)".
pub fn when(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    format!("{} ({})", ago(at, now), local_datetime(at))
}

/// One line per check-in, for confirmations: "Jo, call, 2 hours ago".
pub fn line(c: &CheckIn, now: DateTime<Utc>) -> String {
    let who = c.supporter.as_deref().unwrap_or("(solo)");
    let mut text = format!(
        "#{} {who}: {}, {}",
        c.id,
        c.contact.via,
        when(c.contact.at, now)
    );
    if let Some(mood) = c.contact.mood {
        text.push_str(&format!(", mood {mood}"));
    }
    if let Some(note) = &c.contact.note {
        text.push_str(&format!(", \"{note}\""));
    }
    text
}

pub fn table(checkins: &[CheckIn], now: DateTime<Utc>, out: &Output) -> String {
    let mut table = out.table();
    table.set_header(
        ["When", "Who", "Via", "By", "Mood", "Note", "Id"]
            .into_iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    for c in checkins {
        table.add_row(vec![
            Cell::new(when(c.contact.at, now)),
            Cell::new(c.supporter.as_deref().unwrap_or("(solo)")),
            Cell::new(c.contact.via),
            Cell::new(c.contact.by),
            Cell::new(c.contact.mood.map_or(String::new(), |m| m.to_string())),
            Cell::new(c.contact.note.as_deref().unwrap_or("")),
            Cell::new(c.id),
        ]);
    }
    super::finish(&mut table)
}

/// One due supporter in `--json` output.
#[derive(Debug, Serialize)]
pub struct DueJson<'a> {
    pub name: &'a str,
    pub every: String,
    pub every_days: u32,
    /// Null when there has been no check-in yet.
    pub last_contact: Option<DateTime<Utc>>,
    pub due_on: NaiveDate,
    /// Days past the due day: 0 is due today, negative is due in that many days.
    pub overdue_days: i64,
    pub phone: Option<&'a str>,
}

pub fn due_json<'a>(due: &'a [Due<'a>]) -> Vec<DueJson<'a>> {
    due.iter()
        .map(|d| DueJson {
            name: &d.supporter.profile.name,
            every: d.every.to_string(),
            every_days: d.every.days(),
            last_contact: d.last,
            due_on: d.due_on,
            overdue_days: d.overdue_days,
            phone: d.supporter.profile.phone.as_deref(),
        })
        .collect()
}

/// "never (added 2 weeks ago)" or "3 days ago".
pub fn last_contact(
    last: Option<DateTime<Utc>>,
    added: DateTime<Utc>,
    now: DateTime<Utc>,
) -> String {
    match last {
        Some(at) => ago(at, now),
        None => format!(
            "never (added {})",
            days_ago(local_day(added), local_day(now))
        ),
    }
}

pub fn due_table(due: &[Due<'_>], now: DateTime<Utc>, out: &Output) -> String {
    let today = local_day(now);
    let mut table = out.table();
    table.set_header(
        ["Name", "Due", "Every", "Last contact", "Phone"]
            .into_iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    for d in due {
        let mut due_cell = Cell::new(due_words(d.due_on, today));
        if d.overdue_days > 0 {
            due_cell = due_cell.fg(Color::Yellow);
        }
        table.add_row(vec![
            Cell::new(&d.supporter.profile.name),
            due_cell,
            Cell::new(d.every),
            Cell::new(last_contact(d.last, d.supporter.created_at, now)),
            Cell::new(d.supporter.profile.phone.as_deref().unwrap_or("-")),
        ]);
    }
    super::finish(&mut table)
}
