//! Dates for people: local time, and relative words ("yesterday", "3 weeks ago").

use chrono::{DateTime, Datelike, Local, NaiveDate, Utc};

/// How long ago a calendar date was, from `today`, in the words a person would use.
pub fn days_ago(date: NaiveDate, today: NaiveDate) -> String {
    let days = (today - date).num_days();
    match days {
        i64::MIN..=-2 => format!("in {} days", -days),
        -1 => "tomorrow".to_string(),
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        2..=13 => format!("{days} days ago"),
        14..=59 => format!("{} weeks ago", days / 7),
        60..=729 => format!("{} months ago", days / 30),
        _ => format!("{} years ago", days / 365),
    }
}

/// When something is (or was) due, from `today`: "3 days ago", "today", "in 2 days".
/// Plain words on purpose: a missed rhythm is information, not a debt.
pub fn due_words(due_on: NaiveDate, today: NaiveDate) -> String {
    let days = (due_on - today).num_days();
    match days {
        i64::MIN..=-2 => format!("{} days ago", -days),
        -1 => "yesterday".to_string(),
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        _ => format!("in {days} days"),
    }
}

/// How long ago a moment was: minutes and hours on the same day, then calendar days.
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes();
    let (then_day, today) = (local_day(then), local_day(now));
    if then_day == today {
        return match minutes {
            i64::MIN..=0 => "just now".to_string(),
            1 => "1 minute ago".to_string(),
            2..=59 => format!("{minutes} minutes ago"),
            60..=119 => "1 hour ago".to_string(),
            _ => format!("{} hours ago", minutes / 60),
        };
    }
    days_ago(then_day, today)
}

/// Relative words in a narrow column: "3 days ago" becomes "3d ago", "in 4 days"
/// "in 4d", "2 weeks ago" "2w ago"; "today", "yesterday" and "just now" stay.
pub fn compact(words: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut parts = words.split(' ').peekable();
    while let Some(part) = parts.next() {
        let unit = parts.peek().and_then(|next| match *next {
            "minute" | "minutes" => Some("m"),
            "hour" | "hours" => Some("h"),
            "day" | "days" => Some("d"),
            "week" | "weeks" => Some("w"),
            "month" | "months" => Some("mo"),
            "year" | "years" => Some("y"),
            _ => None,
        });
        match unit {
            Some(unit) if part.parse::<u64>().is_ok() => {
                out.push(format!("{part}{unit}"));
                parts.next();
            }
            _ => out.push(part.to_string()),
        }
    }
    out.join(" ")
}

/// When a change was made, for the history: "today 14:02", "yesterday 09:10", "3 Nov",
/// "3 Nov 2025".
pub fn when_words(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let (day, today) = (local_day(at), local_day(now));
    let time = at.with_timezone(&Local).format("%H:%M");
    match (today - day).num_days() {
        0 => format!("today {time}"),
        1 => format!("yesterday {time}"),
        _ if day.year() == today.year() => day.format("%-d %b").to_string(),
        _ => day.format("%-d %b %Y").to_string(),
    }
}

/// A moment as a person reads it: the date alone at midnight, else date and time.
pub fn moment_words(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    if local.time() == chrono::NaiveTime::MIN {
        local_day(at).to_string()
    } else {
        local_datetime(at)
    }
}

/// The calendar day of a moment where the user is (honours `TZ`).
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Local).date_naive()
}

/// A moment as local date and time, `2026-11-21 14:05`.
pub fn local_datetime(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn days_read_naturally() {
        let today = date(2026, 11, 21);
        assert_eq!(days_ago(date(2026, 11, 21), today), "today");
        assert_eq!(days_ago(date(2026, 11, 20), today), "yesterday");
        assert_eq!(days_ago(date(2026, 11, 18), today), "3 days ago");
        assert_eq!(days_ago(date(2026, 11, 1), today), "2 weeks ago");
        assert_eq!(days_ago(date(2026, 8, 1), today), "3 months ago");
        assert_eq!(days_ago(date(2023, 11, 1), today), "3 years ago");
        assert_eq!(days_ago(date(2026, 11, 22), today), "tomorrow");
    }

    #[test]
    fn due_dates_read_naturally() {
        let today = date(2026, 11, 21);
        assert_eq!(due_words(date(2026, 11, 18), today), "3 days ago");
        assert_eq!(due_words(date(2026, 11, 20), today), "yesterday");
        assert_eq!(due_words(today, today), "today");
        assert_eq!(due_words(date(2026, 11, 22), today), "tomorrow");
        assert_eq!(due_words(date(2026, 11, 25), today), "in 4 days");
    }

    #[test]
    fn compact_words_keep_their_meaning() {
        assert_eq!(compact("3 days ago"), "3d ago");
        assert_eq!(compact("in 4 days"), "in 4d");
        assert_eq!(compact("2 weeks ago"), "2w ago");
        assert_eq!(compact("1 hour ago"), "1h ago");
        assert_eq!(compact("3 months ago"), "3mo ago");
        assert_eq!(compact("yesterday"), "yesterday");
        assert_eq!(compact("-"), "-");
    }

    #[test]
    fn moments_today_are_in_minutes_and_hours() {
        let now = Utc::now();
        assert_eq!(ago(now, now), "just now");
        let earlier = now - chrono::Duration::minutes(5);
        if local_day(earlier) == local_day(now) {
            assert_eq!(ago(earlier, now), "5 minutes ago");
        }
    }
}
