//! Check-ins (one contact with a supporter) and the rhythm rules that say who is due.

use chrono::{DateTime, NaiveDate, Utc};

use super::rhythm::Rhythm;
use super::supporter::Supporter;
use super::vocabulary::{By, Status, Via};

/// Parses how the user felt afterwards (`--mood`): a whole number from 1 to 10.
pub fn parse_mood(input: &str) -> Result<u8, String> {
    match input.trim().parse::<u8>() {
        Ok(n) if (1..=10).contains(&n) => Ok(n),
        _ => Err(format!(
            "\"{}\" is not a mood; use a whole number from 1 (low) to 10 (good)",
            input.trim()
        )),
    }
}

/// Parses a check-in id, as `checkin list` shows it.
pub fn parse_id(input: &str) -> Result<i64, String> {
    input.trim().parse::<i64>().map_err(|_| {
        format!(
            "\"{}\" is not a check-in id; `supportmap checkin list` shows each one's id",
            input.trim()
        )
    })
}

/// The details of one contact, as the user logs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub at: DateTime<Utc>,
    pub via: Via,
    pub by: By,
    /// How the user felt afterwards, 1 to 10.
    pub mood: Option<u8>,
    pub note: Option<String>,
}

/// A stored check-in with the supporter it names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub id: i64,
    /// The check-ins logged by one command share a batch.
    pub batch: i64,
    pub supporter: Option<String>,
    pub contact: Contact,
}

/// A supporter whose rhythm has run out, or runs out within the window asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due<'a> {
    pub supporter: &'a Supporter,
    pub every: Rhythm,
    /// The last contact, if there has been one.
    pub last: Option<DateTime<Utc>>,
    /// The day the rhythm runs out, on the user's calendar.
    pub due_on: NaiveDate,
    /// Days past `due_on` (0: due today; negative: due in that many days).
    pub overdue_days: i64,
}

/// The day a rhythm runs out: `every` days after the last contact, or after the
/// supporter was added when there has been no contact yet.
pub fn due_on(every: Rhythm, since: NaiveDate) -> NaiveDate {
    since
        .checked_add_days(chrono::Days::new(u64::from(every.days())))
        .unwrap_or(NaiveDate::MAX)
}

/// When an active supporter with a rhythm is next due; `None` for anyone else.
pub fn next_due(
    supporter: &Supporter,
    last: Option<DateTime<Utc>>,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Option<NaiveDate> {
    if supporter.profile.status != Status::Active {
        return None;
    }
    let every = supporter.profile.every?;
    Some(due_on(every, day_of(last.unwrap_or(supporter.created_at))))
}

/// Who is due: active supporters with a rhythm whose due day is on or before
/// `today + within_days`, most overdue first.
///
/// Each supporter comes with their last contact; `day_of` turns a moment into the
/// user's calendar day, so "due today" follows their clock, not UTC.
pub fn due<'a>(
    supporters: impl IntoIterator<Item = (&'a Supporter, Option<DateTime<Utc>>)>,
    today: NaiveDate,
    within_days: u32,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<Due<'a>> {
    let horizon = today
        .checked_add_days(chrono::Days::new(u64::from(within_days)))
        .unwrap_or(NaiveDate::MAX);
    let mut due: Vec<Due<'a>> = supporters
        .into_iter()
        .filter_map(|(s, last)| {
            let due_on = next_due(s, last, &day_of)?;
            let every = s.profile.every?;
            (due_on <= horizon).then(|| Due {
                supporter: s,
                every,
                last,
                due_on,
                overdue_days: (today - due_on).num_days(),
            })
        })
        .collect();
    // Each name's key is made once, not once per comparison.
    due.sort_by_cached_key(|d| (d.due_on, d.supporter.profile.name_key()));
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Profile};
    use std::collections::HashMap;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn moment(d: u32) -> DateTime<Utc> {
        day(d).and_hms_opt(12, 0, 0).unwrap().and_utc()
    }

    fn supporter(id: i64, name: &str, every: Option<u32>, added: u32) -> Supporter {
        let mut profile = Profile::new(name.into(), Category::Friend);
        profile.every = every.and_then(Rhythm::from_days);
        Supporter {
            id,
            profile,
            created_at: moment(added),
            updated_at: moment(added),
        }
    }

    fn names(due: &[Due<'_>]) -> Vec<(String, i64)> {
        due.iter()
            .map(|d| (d.supporter.profile.name.clone(), d.overdue_days))
            .collect()
    }

    #[test]
    fn a_rhythm_runs_out_every_days_after_the_last_contact() {
        let people = [supporter(1, "Jo", Some(7), 1)];
        let last: HashMap<i64, DateTime<Utc>> = [(1, moment(14))].into();
        let due_at = |today: u32| {
            names(&due(
                people.iter().map(|p| (p, last.get(&p.id).copied())),
                day(today),
                0,
                |t| t.date_naive(),
            ))
        };
        assert!(due_at(20).is_empty(), "six days after: not yet");
        assert_eq!(
            due_at(21),
            [("Jo".to_string(), 0)],
            "seven days after: due today"
        );
        assert_eq!(due_at(23), [("Jo".to_string(), 2)]);
    }

    #[test]
    fn never_contacted_is_due_from_when_they_were_added() {
        let people = [supporter(1, "Jo", Some(7), 1)];
        let found = due(people.iter().map(|p| (p, None)), day(8), 0, |t| {
            t.date_naive()
        });
        assert_eq!(names(&found), [("Jo".to_string(), 0)]);
        assert_eq!(found[0].last, None);
    }

    #[test]
    fn the_window_looks_ahead_and_the_most_overdue_come_first() {
        let people = [
            supporter(1, "Soon", Some(7), 17),
            supporter(2, "Late", Some(7), 1),
            supporter(3, "Now", Some(7), 14),
            supporter(4, "No rhythm", None, 1),
        ];
        let found = due(people.iter().map(|p| (p, None)), day(21), 3, |t| {
            t.date_naive()
        });
        assert_eq!(
            names(&found),
            [
                ("Late".to_string(), 13),
                ("Now".to_string(), 0),
                ("Soon".to_string(), -3)
            ]
        );
        let found = due(people.iter().map(|p| (p, None)), day(21), 2, |t| {
            t.date_naive()
        });
        assert_eq!(
            found.len(),
            2,
            "three days ahead is outside a two-day window"
        );
    }

    #[test]
    fn paused_and_archived_supporters_are_never_due() {
        let mut paused = supporter(1, "Paused", Some(1), 1);
        paused.profile.status = Status::Paused;
        let mut archived = supporter(2, "Archived", Some(1), 1);
        archived.profile.status = Status::Archived;
        let people = [paused, archived];
        assert!(
            due(people.iter().map(|p| (p, None)), day(21), 0, |t| t
                .date_naive())
            .is_empty()
        );
    }
}
