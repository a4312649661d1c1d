//! Supporters as a table, as a full record, and as JSON.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Output;
use super::columns::{self, Column, Form, Step};
use super::time::{ago, compact, days_ago, due_words, local_datetime, local_day};
use crate::domain::checkin::next_due;
use crate::domain::{Category, Circle, Function, Kind, Mode, Status, Supporter, Tie};

/// One supporter in `--json` output. Field names are stable; README documents them.
#[derive(Debug, Serialize)]
pub struct SupporterJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub kind: Kind,
    pub category: Category,
    pub role: Option<&'a str>,
    pub gives: Vec<Function>,
    pub circle: Circle,
    /// strong, steady, tenuous or stressful.
    pub tie: Tie,
    pub mode: Mode,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub crisis: bool,
    pub crisis_order: Option<u32>,
    pub available: Option<&'a str>,
    /// The rhythm as typed back: `weekly`, `3d`, …
    pub every: Option<String>,
    pub every_days: Option<u32>,
    pub status: Status,
    pub paused_reason: Option<&'a str>,
    pub since: Option<NaiveDate>,
    pub note: Option<&'a str>,
    pub tags: Vec<&'a str>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl<'a> SupporterJson<'a> {
    pub fn new(s: &'a Supporter) -> SupporterJson<'a> {
        let p = &s.profile;
        SupporterJson {
            id: s.id,
            name: &p.name,
            kind: p.kind,
            category: p.category,
            role: p.role.as_deref(),
            gives: p.gives.iter().copied().collect(),
            circle: p.circle,
            tie: p.tie,
            mode: p.mode,
            phone: p.phone.as_deref(),
            email: p.email.as_deref(),
            contact: p.contact.as_deref(),
            crisis: p.is_crisis(),
            crisis_order: p.crisis_order,
            available: p.available.as_deref(),
            every: p.every.map(|r| r.to_string()),
            every_days: p.every.map(|r| r.days()),
            status: p.status,
            paused_reason: p.paused_reason.as_deref(),
            since: p.since,
            note: p.note.as_deref(),
            tags: p.tags.iter().map(String::as_str).collect(),
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// Supporters as JSON, each one written as it comes rather than collected first.
pub fn to_json<'a>(
    supporters: &'a [&'a Supporter],
) -> super::Streamed<impl Iterator<Item = SupporterJson<'a>>> {
    super::Streamed::new(supporters.iter().map(|s| SupporterJson::new(s)))
}

/// "sponsor (NA sponsor)", or just the category without a role.
pub fn category_and_role(s: &Supporter) -> String {
    match &s.profile.role {
        Some(role) => format!("{} ({role})", s.profile.category),
        None => s.profile.category.to_string(),
    }
}

/// What they give, without `crisis` (which has its own column).
fn gives_list(s: &Supporter) -> String {
    let words: Vec<&str> = s
        .profile
        .gives
        .iter()
        .filter(|f| **f != Function::Crisis)
        .map(|f| f.as_str())
        .collect();
    words.join(", ")
}

/// Their place on the crisis card, numbered exactly as the card numbers it ("1st"),
/// "paused" for a crisis contact not on the card while paused or archived, or nothing.
fn crisis_cell(s: &Supporter, places: &HashMap<i64, usize>) -> String {
    match (s.profile.is_crisis(), places.get(&s.id)) {
        (true, Some(place)) => ordinal(u32::try_from(*place).unwrap_or(u32::MAX)),
        (true, None) => s.profile.status.to_string(),
        (false, _) => String::new(),
    }
}

pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "inner", or "inner, stressful" when the tie is not the default steady one.
fn circle_cell(s: &Supporter) -> String {
    match s.profile.tie {
        Tie::Steady => s.profile.circle.to_string(),
        tie => format!("{}, {tie}", s.profile.circle),
    }
}

/// The tie in words for `contacts show`.
fn tie_words(tie: Tie) -> String {
    match tie {
        Tie::Stressful => "stressful (not counted as support)".to_string(),
        tie => tie.to_string(),
    }
}

fn status_cell(s: &Supporter) -> String {
    match (&s.profile.status, &s.profile.paused_reason) {
        (Status::Paused | Status::Archived | Status::Avoid, Some(reason)) => {
            format!("{}: {reason}", s.profile.status)
        }
        (status, _) => status.to_string(),
    }
}

/// When each supporter was last contacted; supporters never contacted are absent.
pub type LastContacts = HashMap<i64, DateTime<Utc>>;

/// "3 days ago", or "-" before the first check-in.
fn last_cell(s: &Supporter, last: &LastContacts, now: DateTime<Utc>) -> String {
    last.get(&s.id).map_or("-".to_string(), |at| ago(*at, now))
}

/// "in 3 days", "2 days ago", or "-" without a rhythm (or while not active).
fn next_due_cell(s: &Supporter, last: &LastContacts, now: DateTime<Utc>) -> String {
    next_due(s, last.get(&s.id).copied(), local_day)
        .map_or("-".to_string(), |day| due_words(day, local_day(now)))
}

/// What they give as the short marks the text map uses: "emo adv acc".
fn gives_marks(s: &Supporter) -> String {
    let words: Vec<&str> = s
        .profile
        .gives
        .iter()
        .filter(|f| **f != Function::Crisis)
        .map(|f| &f.as_str()[..3])
        .collect();
    words.join(" ")
}

/// The contact list as a table: name, category and role, circle, gives, crisis place,
/// last contact, next due, and status when someone shown is not active. On a narrow
/// terminal, detail is given up in this order: the pause reason, the role, the gives
/// spelled out, long relative dates, then the gives, circle and category columns.
pub fn table(
    supporters: &[&Supporter],
    places: &HashMap<i64, usize>,
    last: &LastContacts,
    now: DateTime<Utc>,
    out: &Output,
    print: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // One status column for the whole table, or none.
    let statuses = supporters
        .iter()
        .any(|s| s.profile.status != Status::Active);
    let page = |range: std::ops::Range<usize>| {
        let rows = &supporters[range];
        let dim: Vec<bool> = rows
            .iter()
            .map(|s| s.profile.status != Status::Active)
            .collect();
        (table_columns(rows, statuses, places, last, now), dim)
    };
    // Columns: 0 name, 1 category, 2 circle, 3 gives, 4 crisis, 5 last, 6 due, 7 status.
    const STEPS: &[Step] = &[
        &[(7, Form::Short)],
        &[(1, Form::Short)],
        &[(3, Form::Short)],
        &[(5, Form::Short), (6, Form::Short)],
        &[(3, Form::Hidden)],
        &[(2, Form::Hidden)],
        &[(7, Form::Hidden), (0, Form::Short)],
        &[(1, Form::Hidden)],
    ];
    columns::print_paged(supporters.len(), STEPS, out, &page, print)
}

fn table_columns(
    supporters: &[&Supporter],
    statuses: bool,
    places: &HashMap<i64, usize>,
    last: &LastContacts,
    now: DateTime<Utc>,
) -> Vec<Column> {
    let each =
        |f: &dyn Fn(&Supporter) -> String| supporters.iter().map(|s| f(s)).collect::<Vec<_>>();
    let last_words = each(&|s| last_cell(s, last, now));
    let due = each(&|s| next_due_cell(s, last, now));
    let mut columns = vec![
        // Without a status column, a paused or archived tie is in brackets, as on the map.
        Column::new("Name", each(&|s| s.profile.name.clone())).short(
            "Name",
            each(&|s| match s.profile.status {
                Status::Active => s.profile.name.clone(),
                _ => format!("({})", s.profile.name),
            }),
        ),
        Column::new("Category", each(&category_and_role))
            .short("Category", each(&|s| s.profile.category.to_string())),
        Column::new("Circle", each(&circle_cell))
            .short("Circle", each(&|s| s.profile.circle.to_string())),
        Column::new("Gives", each(&gives_list)).short("Gives", each(&gives_marks)),
        Column::new("Crisis", each(&|s| crisis_cell(s, places))).red(),
        Column::new("Last contact", last_words.clone())
            .short("Last", last_words.iter().map(|w| compact(w)).collect()),
        Column::new("Due", due.clone()).short("Due", due.iter().map(|w| compact(w)).collect()),
    ];
    if statuses {
        columns.push(Column::new("Status", each(&status_cell)).short(
            "Status",
            each(&|s| match s.profile.status {
                Status::Active => String::new(),
                status => status.to_string(),
            }),
        ));
    }
    columns
}

/// What is about to be saved, before the confirm at the end of the questions.
pub fn summary(p: &crate::domain::Profile) -> String {
    let or_dash = |value: Option<&str>| value.unwrap_or("-").to_string();
    let gives: Vec<&str> = p.gives.iter().map(|f| f.as_str()).collect();
    let rows = [
        ("name", p.name.clone()),
        ("kind", p.kind.to_string()),
        ("category", p.category.to_string()),
        ("role", or_dash(p.role.as_deref())),
        (
            "gives",
            if gives.is_empty() {
                "-".to_string()
            } else {
                gives.join(", ")
            },
        ),
        ("circle", p.circle.to_string()),
        ("tie", p.tie.to_string()),
        ("mode", p.mode.to_string()),
        ("phone", or_dash(p.phone.as_deref())),
        ("email", or_dash(p.email.as_deref())),
        ("contact", or_dash(p.contact.as_deref())),
        (
            "crisis",
            if p.is_crisis() { "yes" } else { "no" }.to_string(),
        ),
        ("available", or_dash(p.available.as_deref())),
        ("every", p.every.map_or("-".to_string(), |r| r.to_string())),
        ("note", or_dash(p.note.as_deref())),
    ];
    let mut text = String::from("To be saved:\n");
    for (label, value) in rows {
        let value = value.replace('\n', "\n              ");
        text.push_str(&format!("  {label:<11} {value}\n"));
    }
    text
}

/// Everything recorded about one supporter, one field a line; unset fields show "-" so
/// the user sees what could be filled in.
pub fn show(s: &Supporter, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let p = &s.profile;
    let today = local_day(now);
    let or_dash = |value: Option<&str>| value.unwrap_or("-").to_string();
    let mut rows: Vec<(&str, String)> = vec![
        ("kind", p.kind.to_string()),
        ("category", p.category.to_string()),
        ("role", or_dash(p.role.as_deref())),
        ("circle", p.circle.to_string()),
        ("tie", tie_words(p.tie)),
        ("mode", p.mode.to_string()),
        ("gives", {
            let all: Vec<&str> = p.gives.iter().map(|f| f.as_str()).collect();
            if all.is_empty() {
                "-".to_string()
            } else {
                all.join(", ")
            }
        }),
        ("phone", or_dash(p.phone.as_deref())),
        ("email", or_dash(p.email.as_deref())),
        ("contact", or_dash(p.contact.as_deref())),
        (
            "crisis",
            match (p.is_crisis(), p.crisis_order) {
                (true, Some(order)) => format!("yes, called {}", ordinal(order)),
                (true, None) => "yes".to_string(),
                (false, _) => "no".to_string(),
            },
        ),
        ("available", or_dash(p.available.as_deref())),
        ("every", p.every.map_or("-".to_string(), |r| r.to_string())),
        ("status", status_cell(s)),
        (
            "last contact",
            last.map_or("-".to_string(), |at| {
                format!("{} ({})", ago(at, now), local_datetime(at))
            }),
        ),
        (
            "due",
            next_due(s, last, local_day).map_or("-".to_string(), |day| {
                format!("{} ({day})", due_words(day, today))
            }),
        ),
        (
            "since",
            p.since
                .map_or("-".to_string(), |d| format!("{d} ({})", days_ago(d, today))),
        ),
        (
            "tags",
            if p.tags.is_empty() {
                "-".to_string()
            } else {
                p.tags.iter().cloned().collect::<Vec<_>>().join(", ")
            },
        ),
        ("note", or_dash(p.note.as_deref())),
    ];
    rows.push((
        "added",
        format!(
            "{} ({})",
            local_datetime(s.created_at),
            days_ago(local_day(s.created_at), today)
        ),
    ));
    rows.push((
        "updated",
        format!(
            "{} ({})",
            local_datetime(s.updated_at),
            days_ago(local_day(s.updated_at), today)
        ),
    ));

    let mut text = format!("{}\n", p.name);
    for (label, value) in rows {
        // Continuation lines of a multi-line note line up under the value.
        let value = value.replace('\n', "\n                ");
        text.push_str(&format!("  {label:<13} {value}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal).into();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
    }
}
