//! When things happened, as people type it: `--at`, `--since`, `--until`, `--within`.
//!
//! Hand-written rather than a natural-language date crate: the accepted forms are a small
//! fixed list (DESIGN.md), each must mean exactly one thing, and a date alone must mean
//! different moments for `--at` (midday), `--since` (the day's start) and `--until` (its
//! end). Every function takes "now" and the time zone, so tests are deterministic.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// How far ahead of now a check-in may be stamped before it is refused as a typo
/// (clocks drift; a few minutes is not a mistake).
pub const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// What a date on its own stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// A contact on that day: midday (and "today" is now).
    Moment,
    /// The start of a range: the day's first moment.
    Start,
    /// The end of a range: the day's last moment.
    End,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadTime {
    Unknown(String),
    /// A date with slashes (`20/12/2026`): the ISO form it most likely means, when
    /// only one order of day and month makes sense.
    Slashed(String, Option<NaiveDate>),
    /// Before 1900 or after 9999.
    OutOfRange(String),
    /// A local time skipped by a daylight-saving change.
    DoesNotExist(String),
}

impl fmt::Display for BadTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadTime::Unknown(input) => write!(
                f,
                "\"{input}\" is not a time supportmap understands; use now, today, yesterday, \
                 a weekday, YYYY-MM-DD, any of them with a time (\"yesterday 18:00\"), a time \
                 alone (18:00), or like \"3h ago\", \"2d\""
            ),
            BadTime::Slashed(input, Some(day)) => write!(
                f,
                "\"{input}\": write dates year first, as {day} (year-month-day)"
            ),
            BadTime::Slashed(input, None) => write!(
                f,
                "\"{input}\" could be read two ways (day or month first); write the date as \
                 YYYY-MM-DD, such as 2026-03-12"
            ),
            BadTime::OutOfRange(input) => {
                write!(
                    f,
                    "\"{input}\" is too far from today to be a date supportmap keeps"
                )
            }
            BadTime::DoesNotExist(input) => write!(
                f,
                "{input} does not exist in your time zone (the clocks skipped it)"
            ),
        }
    }
}

impl std::error::Error for BadTime {}

/// Parses a moment typed by the user, relative to `now` in time zone `tz`.
pub fn parse_moment<Tz: TimeZone>(
    input: &str,
    anchor: Anchor,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<DateTime<Utc>, BadTime> {
    let at = parse_any(input, anchor, now, tz)?;
    // Far outside a life's span is a typo, and outside what dates can be written as.
    if !(1900..=9999).contains(&at.year()) {
        return Err(BadTime::OutOfRange(input.trim().to_string()));
    }
    Ok(at)
}

fn parse_any<Tz: TimeZone>(
    input: &str,
    anchor: Anchor,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<DateTime<Utc>, BadTime> {
    let text = input.trim().to_lowercase();
    // "yesterday at 6pm" is "yesterday 6pm".
    let text = text
        .split_whitespace()
        .filter(|w| *w != "at")
        .collect::<Vec<_>>()
        .join(" ");
    let unknown = || BadTime::Unknown(input.trim().to_string());
    let today = now.with_timezone(tz).date_naive();
    match text.as_str() {
        "now" => return Ok(now),
        "today" if anchor == Anchor::Moment => return Ok(now),
        "today" => return on_day(today, anchor, tz, input),
        _ => {}
    }
    // A span alone is a span back from now: `--at 2d` is `--at "2d ago"`.
    if let Some(span) = ago_duration(&text) {
        return now.checked_sub_signed(span).ok_or_else(unknown);
    }
    // A day word, with or without a time: `yesterday`, `tuesday 19:00`, `18:00`.
    if let Some(clock) = clock(&text) {
        return local_to_utc(today.and_time(clock), tz, input);
    }
    if let Some((day, time)) = text.rsplit_once(' ')
        && let (Some(day), Some(clock)) = (day_word(day, today), clock(time))
    {
        return local_to_utc(day.and_time(clock), tz, input);
    }
    if let Some(day) = day_word(&text, today) {
        if day == today && anchor == Anchor::Moment {
            return Ok(now);
        }
        return on_day(day, anchor, tz, input);
    }
    if let Some(slashed) = slashed(&text) {
        return Err(BadTime::Slashed(input.trim().to_string(), slashed));
    }
    if let Some(ago) = text.strip_suffix("ago") {
        return ago_duration(ago.trim())
            .and_then(|d| now.checked_sub_signed(d))
            .ok_or_else(unknown);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(input.trim()) {
        return Ok(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(input.trim(), format) {
            return local_to_utc(local, tz, input);
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        if day == today && anchor == Anchor::Moment {
            return Ok(now);
        }
        return on_day(day, anchor, tz, input);
    }
    Err(unknown())
}

/// A day named in words: `yesterday`, a weekday, or `last` and a weekday. A weekday
/// means the most recent one before today (`tuesday` on a Tuesday is a week ago; say
/// `today` for today), so a check-in is never put in the future by it. Dates in
/// YYYY-MM-DD form are days too.
fn day_word(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    if text == "yesterday" {
        return today.pred_opt();
    }
    if text == "today" {
        return Some(today);
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(day);
    }
    let name = text.strip_prefix("last ").unwrap_or(text);
    let weekday: chrono::Weekday = name.parse().ok()?;
    let back = (today.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    let back = if back == 0 { 7 } else { back };
    today.checked_sub_signed(Duration::days(i64::from(back)))
}

/// A time of day: `18:00`, `9:30`, `6pm`, `6:30pm`, `12am`.
fn clock(text: &str) -> Option<NaiveTime> {
    clock_parts(text, false).map(|(time, _)| time)
}

/// A time of day and whether am or pm was said. A bare hour (`9`) is a time only when
/// `bare_hour` is set (in a span such as `9-5`); elsewhere a number alone is not a time.
pub fn clock_parts(text: &str, bare_hour: bool) -> Option<(NaiveTime, Option<bool>)> {
    let (digits, pm) = match (text.strip_suffix("pm"), text.strip_suffix("am")) {
        (Some(d), _) => (d.trim(), Some(true)),
        (_, Some(d)) => (d.trim(), Some(false)),
        _ => (text, None),
    };
    if digits.is_empty()
        || digits.len() > 5
        || !digits.chars().all(|c| c.is_ascii_digit() || c == ':')
    {
        return None;
    }
    let (hour, minute) = match digits.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if pm.is_some() || bare_hour => (digits.parse::<u32>().ok()?, 0),
        _ => return None,
    };
    let hour = match pm {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(true) => hour % 12 + 12,
        Some(false) => hour % 12,
        None => hour,
    };
    Some((NaiveTime::from_hms_opt(hour, minute, 0)?, pm))
}

/// A date with slashes, such as `20/12/2026`: `Some(Some(day))` when only one order of
/// day and month is a real date, `Some(None)` when both are.
fn slashed(text: &str) -> Option<Option<NaiveDate>> {
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    let [a, b, year] = parts[..] else { return None };
    let (a, b, year): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, year.parse().ok()?);
    let day_first = NaiveDate::from_ymd_opt(year, b, a);
    let month_first = NaiveDate::from_ymd_opt(year, a, b);
    match (day_first, month_first) {
        (Some(d), Some(m)) if d == m => Some(Some(d)),
        (Some(_), Some(_)) => Some(None),
        (Some(d), None) | (None, Some(d)) => Some(Some(d)),
        (None, None) => None,
    }
}

/// `3d`, `3 d`, `3 days`, `90m`, `2 weeks`, `6mo`, `1y` (the words before "ago"). `m` is
/// minutes; a month is 30 days and a year 365 here (`trends` counts calendar months).
fn ago_duration(text: &str) -> Option<Duration> {
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (count, unit) = text.split_at(split);
    let count: i64 = count.parse().ok()?;
    let minutes = match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60,
        "d" | "day" | "days" => 60 * 24,
        "w" | "wk" | "week" | "weeks" => 60 * 24 * 7,
        "mo" | "mon" | "month" | "months" => 60 * 24 * 30,
        "y" | "yr" | "yrs" | "year" | "years" => 60 * 24 * 365,
        _ => return None,
    };
    count.checked_mul(minutes).and_then(Duration::try_minutes)
}

fn on_day<Tz: TimeZone>(
    day: NaiveDate,
    anchor: Anchor,
    tz: &Tz,
    input: &str,
) -> Result<DateTime<Utc>, BadTime> {
    let time = match anchor {
        Anchor::Moment => NaiveTime::from_hms_opt(12, 0, 0),
        Anchor::Start => NaiveTime::from_hms_opt(0, 0, 0),
        Anchor::End => NaiveTime::from_hms_opt(23, 59, 59),
    }
    .ok_or_else(|| BadTime::Unknown(input.to_string()))?;
    local_to_utc(day.and_time(time), tz, input)
}

fn local_to_utc<Tz: TimeZone>(
    local: NaiveDateTime,
    tz: &Tz,
    input: &str,
) -> Result<DateTime<Utc>, BadTime> {
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| BadTime::DoesNotExist(input.trim().to_string()))
}

/// True when `at` is further ahead of `now` than clock drift explains.
pub fn is_future(at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    at > now + Duration::minutes(FUTURE_TOLERANCE_MINUTES)
}

/// A look-ahead window in whole days (`--within`): `0`, `7`, `today`, `3d`, `2w`,
/// `tomorrow`.
pub fn parse_days(input: &str) -> Result<u32, String> {
    let text = input.trim().to_lowercase();
    match text.as_str() {
        "0" | "0d" | "today" => return Ok(0),
        "tomorrow" => return Ok(1),
        _ => {}
    }
    if let Ok(days) = text.parse::<u32>() {
        return super::Rhythm::from_days(days)
            .map(|r| r.days())
            .ok_or_else(|| format!("{days} days is more than supportmap looks ahead"));
    }
    text.parse::<super::Rhythm>()
        .map(|r| r.days())
        .map_err(|_| {
            format!(
                "\"{}\" is not a number of days; use like 0, 3d or 2w",
                input.trim()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-21T15:30:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn at(input: &str) -> Result<DateTime<Utc>, BadTime> {
        parse_moment(input, Anchor::Moment, now(), &Utc)
    }

    #[test]
    fn words_and_dates_for_a_contact() {
        assert_eq!(at("now"), Ok(now()));
        assert_eq!(at("Today"), Ok(now()));
        assert_eq!(at("yesterday"), Ok(utc("2026-11-20T12:00:00Z")));
        assert_eq!(at("2026-11-01"), Ok(utc("2026-11-01T12:00:00Z")));
        assert_eq!(
            at("2026-11-21"),
            Ok(now()),
            "today's date is now, not midday"
        );
        assert_eq!(at("2026-11-01 09:15"), Ok(utc("2026-11-01T09:15:00Z")));
        assert_eq!(at("2026-11-01T09:15"), Ok(utc("2026-11-01T09:15:00Z")));
        assert_eq!(
            at("2026-11-01T09:15:00+02:00"),
            Ok(utc("2026-11-01T07:15:00Z"))
        );
    }

    #[test]
    fn ago_forms() {
        assert_eq!(at("3d ago"), Ok(now() - Duration::days(3)));
        assert_eq!(at("3 days ago"), Ok(now() - Duration::days(3)));
        assert_eq!(at("90m ago"), Ok(now() - Duration::minutes(90)));
        assert_eq!(at("2h ago"), Ok(now() - Duration::hours(2)));
        assert_eq!(at("1w ago"), Ok(now() - Duration::weeks(1)));
        assert_eq!(at("1 week ago"), Ok(now() - Duration::weeks(1)));
        assert_eq!(at("6mo"), Ok(now() - Duration::days(180)));
        assert_eq!(at("1y"), Ok(now() - Duration::days(365)));
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "soon",
            "3 ago",
            "d ago",
            "3x ago",
            "2026-13-01",
            "2026-11-01 25:00",
            "99999999999999w ago",
            "300000 weeks ago",
            "last",
            "tuesday 25:00",
            "13pm",
            "yesterday soon",
            "6:5",
        ] {
            assert!(at(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(
            at("soon")
                .unwrap_err()
                .to_string()
                .contains("\"soon\" is not a time")
        );
    }

    #[test]
    fn days_and_times_as_people_say_them() {
        // now() is Saturday 2026-11-21 15:30 UTC.
        assert_eq!(at("yesterday 18:00"), Ok(utc("2026-11-20T18:00:00Z")));
        assert_eq!(at("yesterday at 6pm"), Ok(utc("2026-11-20T18:00:00Z")));
        assert_eq!(at("09:15"), Ok(utc("2026-11-21T09:15:00Z")));
        assert_eq!(at("6pm"), Ok(utc("2026-11-21T18:00:00Z")));
        assert_eq!(at("yesterday 6:30pm"), Ok(utc("2026-11-20T18:30:00Z")));
        assert_eq!(at("12am"), Ok(utc("2026-11-21T00:00:00Z")));
        assert_eq!(at("last tuesday"), Ok(utc("2026-11-17T12:00:00Z")));
        assert_eq!(at("Tuesday"), Ok(utc("2026-11-17T12:00:00Z")));
        assert_eq!(at("tuesday 19:00"), Ok(utc("2026-11-17T19:00:00Z")));
        // The same weekday as today is a week back.
        assert_eq!(at("saturday"), Ok(utc("2026-11-14T12:00:00Z")));
        assert_eq!(at("2026-11-01 9:05"), Ok(utc("2026-11-01T09:05:00Z")));
        assert_eq!(at("2d"), Ok(now() - Duration::days(2)));
        assert_eq!(at("3h"), Ok(now() - Duration::hours(3)));
        let range = parse_moment("monday", Anchor::Start, now(), &Utc);
        assert_eq!(range, Ok(utc("2026-11-16T00:00:00Z")));
    }

    #[test]
    fn slashed_dates_get_the_iso_form_as_a_hint() {
        let err = at("20/12/2026").unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"20/12/2026\": write dates year first, as 2026-12-20 (year-month-day)"
        );
        let err = at("03/04/2026").unwrap_err();
        assert!(err.to_string().contains("such as 2026-03-12"), "{err}");
    }

    #[test]
    fn local_times_use_the_time_zone() {
        let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
        let t = parse_moment("2026-11-01 09:00", Anchor::Moment, now(), &tokyo).unwrap();
        assert_eq!(t, utc("2026-11-01T00:00:00Z"));
        // In Tokyo it is already 22 November.
        let t = parse_moment("yesterday", Anchor::Moment, now(), &tokyo).unwrap();
        assert_eq!(t, utc("2026-11-21T03:00:00Z"));
    }

    #[test]
    fn ranges_anchor_dates_at_the_start_or_end_of_the_day() {
        let start = parse_moment("2026-11-01", Anchor::Start, now(), &Utc).unwrap();
        let end = parse_moment("2026-11-01", Anchor::End, now(), &Utc).unwrap();
        assert_eq!(start, utc("2026-11-01T00:00:00Z"));
        assert_eq!(end, utc("2026-11-01T23:59:59Z"));
        let today = parse_moment("today", Anchor::Start, now(), &Utc).unwrap();
        assert_eq!(today, utc("2026-11-21T00:00:00Z"));
        let span = parse_moment("2w", Anchor::Start, now(), &Utc).unwrap();
        assert_eq!(span, now() - Duration::weeks(2));
        assert_eq!(
            parse_moment("2w", Anchor::Moment, now(), &Utc),
            Ok(now() - Duration::weeks(2))
        );
    }

    #[test]
    fn the_future_has_a_little_tolerance() {
        assert!(!is_future(now() + Duration::minutes(5), now()));
        assert!(is_future(now() + Duration::minutes(6), now()));
    }

    #[test]
    fn windows_in_days() {
        assert_eq!(parse_days("0"), Ok(0));
        assert_eq!(parse_days("today"), Ok(0));
        assert_eq!(parse_days("3d"), Ok(3));
        assert_eq!(parse_days("2w"), Ok(14));
        assert_eq!(parse_days("7"), Ok(7));
        assert!(parse_days("soon").is_err());
    }
}
