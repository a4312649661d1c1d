//! The time since the user's recovery date, if they chose to set one: a plain fact, in
//! calendar months and days, never a streak. A date can be set again at any time, and a
//! new date is a new start, not a failure. Pure: no I/O.

use chrono::{Datelike, Months, NaiveDate};

/// The time since the recovery date, as a plain fact: it says nothing about streaks,
/// and a date set again after a hard stretch reads the same way. `None` for a date
/// still to come.
pub fn milestone(date: NaiveDate, today: NaiveDate) -> Option<String> {
    let when = date.format("%-d %B %Y");
    if date == today {
        return Some(format!("Your recovery date is today ({when})."));
    }
    Some(format!(
        "It has been {} since your recovery date ({when}).",
        span_words(date, today)?
    ))
}

/// "8 months and 8 days", "1 year and 2 days", "3 days"; `None` when `to` is before
/// `from`. Months are calendar months (14 March to 14 November is 8 months).
pub fn span_words(from: NaiveDate, to: NaiveDate) -> Option<String> {
    if to < from {
        return None;
    }
    let guess = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let mut months = u32::try_from(guess).ok()?;
    let after = |m: u32| from.checked_add_months(Months::new(m));
    while months > 0 && after(months).is_none_or(|d| d > to) {
        months -= 1;
    }
    let days = (to - after(months)?).num_days();
    let count = |n: i64, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let parts: Vec<String> = [
        count(i64::from(months / 12), "year", "years"),
        count(i64::from(months % 12), "month", "months"),
        count(days, "day", "days"),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(crate::domain::names::sentence(&parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn time_since_the_recovery_date_reads_in_calendar_months() {
        let from = day(2026, 3, 14);
        assert_eq!(
            span_words(from, day(2026, 11, 22)).as_deref(),
            Some("8 months and 8 days")
        );
        assert_eq!(span_words(from, day(2026, 3, 15)).as_deref(), Some("1 day"));
        assert_eq!(
            span_words(from, day(2026, 4, 14)).as_deref(),
            Some("1 month")
        );
        assert_eq!(
            span_words(from, day(2027, 5, 16)).as_deref(),
            Some("1 year, 2 months and 2 days")
        );
        assert_eq!(
            span_words(from, day(2028, 3, 14)).as_deref(),
            Some("2 years")
        );
        // The end of a long month: 31 January to 1 March is a month and a day.
        assert_eq!(
            span_words(day(2026, 1, 31), day(2026, 3, 1)).as_deref(),
            Some("1 month and 1 day")
        );
        assert_eq!(span_words(from, day(2026, 3, 1)), None);
    }

    #[test]
    fn the_milestone_is_a_plain_fact() {
        let from = day(2026, 3, 14);
        assert_eq!(
            milestone(from, day(2026, 11, 22)).as_deref(),
            Some("It has been 8 months and 8 days since your recovery date (14 March 2026).")
        );
        assert_eq!(
            milestone(from, from).as_deref(),
            Some("Your recovery date is today (14 March 2026).")
        );
        assert_eq!(milestone(day(2026, 12, 1), day(2026, 11, 22)), None);
        let words = milestone(from, day(2026, 11, 22)).unwrap().to_lowercase();
        for judged in ["sober", "clean", "relapse", "streak"] {
            assert!(!words.contains(judged), "{words}");
        }
    }
}
