//! Check-ins and due supporters, as tables for people and JSON for scripts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Output;
use super::columns::{self, Column, Form, Step};
use super::time::{ago, compact, days_ago, due_words, local_datetime, local_day};
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

/// Check-ins as a table: when, who, how, who reached out, mood, note, id. On a narrow
/// terminal the date goes first, then who reached out; a note wraps between words.
pub fn table(checkins: &[CheckIn], now: DateTime<Utc>, out: &Output) -> String {
    columns::render(
        &table_columns(checkins, now),
        STEPS,
        &vec![false; checkins.len()],
        out,
    )
}

/// What gives way first on a narrow terminal: the date, then who reached out.
const STEPS: &[Step] = &[&[(0, Form::Short)], &[(3, Form::Hidden)]];

/// [`table`] for a history too long to hold, a page at a time: the same text as
/// [`table`] of all the pages at once. Hand every page to `measure` first, then take
/// the layout and print every page again with `page`.
pub struct PagedTable {
    extremes: columns::Extremes,
    layout: Option<columns::PagedLayout>,
    pages: usize,
}

impl PagedTable {
    pub fn new() -> PagedTable {
        PagedTable {
            extremes: columns::Extremes::default(),
            layout: None,
            pages: 0,
        }
    }

    /// First pass: one page.
    pub fn measure(&mut self, checkins: &[CheckIn], now: DateTime<Utc>) {
        self.extremes.add(&table_columns(checkins, now));
    }

    /// Second pass: one page as text, in the layout of the whole table.
    pub fn page(&mut self, checkins: &[CheckIn], now: DateTime<Utc>, out: &Output) -> String {
        let columns = table_columns(checkins, now);
        let layout = self
            .layout
            .get_or_insert_with(|| self.extremes.layout(&columns, STEPS, out));
        self.pages += 1;
        layout.page(&columns, &[], self.pages == 1, out)
    }
}

impl Default for PagedTable {
    fn default() -> Self {
        PagedTable::new()
    }
}

fn table_columns(checkins: &[CheckIn], now: DateTime<Utc>) -> Vec<Column> {
    let each = |f: &dyn Fn(&CheckIn) -> String| checkins.iter().map(f).collect::<Vec<_>>();
    let columns = [
        Column::new("When", each(&|c| when(c.contact.at, now)))
            .short("When", each(&|c| compact(&ago(c.contact.at, now)))),
        Column::new(
            "Who",
            each(&|c| c.supporter.clone().unwrap_or_else(|| "(solo)".to_string())),
        ),
        Column::new("Via", each(&|c| c.contact.via.to_string())),
        Column::new("By", each(&|c| c.contact.by.to_string())),
        Column::new(
            "Mood",
            each(&|c| c.contact.mood.map_or(String::new(), |m| m.to_string())),
        ),
        Column::new(
            "Note",
            each(&|c| c.contact.note.clone().unwrap_or_default()),
        )
        .wraps(),
        Column::new("Id", each(&|c| c.id.to_string())),
    ];
    columns.into()
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

/// Who is due, as a table: name, due, rhythm, last contact, phone. On a narrow terminal
/// the dates shorten, then the rhythm goes.
pub fn due_table(
    due: &[Due<'_>],
    now: DateTime<Utc>,
    out: &Output,
    print: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let page = |range: std::ops::Range<usize>| {
        let rows = &due[range];
        (due_columns(rows, now), vec![false; rows.len()])
    };
    const STEPS: &[Step] = &[
        &[(3, Form::Short)],
        &[(1, Form::Short)],
        &[(2, Form::Hidden)],
    ];
    columns::print_paged(due.len(), STEPS, out, &page, print)
}

fn due_columns(due: &[Due<'_>], now: DateTime<Utc>) -> Vec<Column> {
    let today = local_day(now);
    let each = |f: &dyn Fn(&Due<'_>) -> String| due.iter().map(f).collect::<Vec<_>>();
    let last = each(&|d| last_contact(d.last, d.supporter.created_at, now));
    let due_on = each(&|d| due_words(d.due_on, today));
    let columns = [
        Column::new("Name", each(&|d| d.supporter.profile.name.clone())),
        Column::new("Due", due_on.clone())
            .short("Due", due_on.iter().map(|w| compact(w)).collect()),
        Column::new("Every", each(&|d| d.every.to_string())),
        Column::new("Last contact", last.clone())
            .short("Last", last.iter().map(|w| compact(w)).collect()),
        Column::new(
            "Phone",
            each(&|d| {
                d.supporter
                    .profile
                    .phone
                    .clone()
                    .unwrap_or_else(|| "-".to_string())
            }),
        ),
    ];
    columns.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Contact;
    use chrono::{Duration, TimeZone};

    fn out(width: Option<u16>, color: bool) -> Output {
        Output {
            json: false,
            color,
            quiet: false,
            width,
        }
    }

    /// Check-ins with notes short and long, one word too long for any column, wide
    /// characters, solo ones and moods: everything that moves a column's width.
    fn history(now: DateTime<Utc>) -> Vec<CheckIn> {
        let notes = [
            None,
            Some("a short note"),
            Some("talked through the week, the new job and what helps on a hard evening"),
            Some("supercalifragilisticexpialidociouslylongwordwithoutanyspaces"),
            Some("陳大文 came along too"),
            Some("two\nlines"),
        ];
        let names = [Some("Jo"), Some("Dr Amara Okafor"), None, Some("Zoë")];
        (0..53)
            .map(|i: i64| CheckIn {
                id: 1000 - i,
                batch: 1000 - i,
                supporter: names[i as usize % names.len()].map(str::to_string),
                contact: Contact {
                    at: now - Duration::hours(i * i * 7 + 1),
                    via: Via::ALL[i as usize % Via::ALL.len()],
                    by: if i % 3 == 0 { By::Them } else { By::Me },
                    mood: (i % 4 == 0).then_some((i % 10 + 1) as u8),
                    note: notes[i as usize % notes.len()].map(str::to_string),
                },
            })
            .collect()
    }

    #[test]
    fn a_table_printed_a_page_at_a_time_is_the_table_printed_whole() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
            .single()
            .unwrap();
        let all = history(now);
        let mut ruled = false;
        for rows in [1, 6, 53] {
            let all = &all[..rows];
            for width in [
                None,
                Some(200),
                Some(120),
                Some(90),
                Some(70),
                Some(50),
                Some(30),
            ] {
                for color in [false, true] {
                    let out = out(width, color);
                    let whole = table(all, now, &out);
                    ruled |= whole.contains('┄');
                    for page in [1, 7, 53] {
                        let mut paged = PagedTable::new();
                        for chunk in all.chunks(page) {
                            paged.measure(chunk, now);
                        }
                        let pages: Vec<String> = all
                            .chunks(page)
                            .map(|chunk| paged.page(chunk, now, &out))
                            .collect();
                        assert_eq!(
                            pages.join("\n"),
                            whole,
                            "{rows} rows, width {width:?}, colour {color}, pages of {page}"
                        );
                    }
                }
            }
        }
        assert!(ruled, "some width wraps a note and rules the rows apart");
    }
}
