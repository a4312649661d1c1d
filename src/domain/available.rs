//! Reading `--available` ("24/7", "weekdays 9-5", "Mon-Fri 09:00-17:00", "evenings")
//! well enough to say whether someone is likely reachable at a moment. The text stays
//! free: anything not understood is simply unknown, and the crisis card never reorders
//! anyone by it; it only marks who is likely closed right now.

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

/// True when the text says they are reachable at `at` (local time), false when it says
/// they are not, `None` when the text does not say in words supportmap understands.
pub fn open_at(text: &str, at: NaiveDateTime) -> Option<bool> {
    let text = text.to_lowercase();
    let mut known = false;
    for segment in text.split([',', ';']) {
        let Some(open) = segment_open(segment.trim(), at) else {
            continue;
        };
        known = true;
        if open {
            return Some(true);
        }
    }
    known.then_some(false)
}

fn segment_open(segment: &str, at: NaiveDateTime) -> Option<bool> {
    let squeezed: String = segment.split_whitespace().collect::<Vec<_>>().join(" ");
    if [
        "24/7", "24x7", "24 hours", "24h", "always", "any time", "anytime", "24/7/365",
    ]
    .contains(&squeezed.as_str())
    {
        return Some(true);
    }
    let mut days: Option<Vec<Weekday>> = None;
    let mut hours: Option<(u32, u32)> = None;
    for word in squeezed.split(' ') {
        if let Some(d) = day_set(word) {
            days = Some(d);
        } else if let Some(h) = hour_range(word) {
            hours = Some(h);
        } else if !matches!(
            word,
            "from" | "to" | "and" | "only" | "on" | "at" | "" | "open"
        ) {
            return None;
        }
    }
    if days.is_none() && hours.is_none() {
        return None;
    }
    let day_ok = days.is_none_or(|d| d.contains(&at.weekday()));
    let minute = at.hour() * 60 + at.minute();
    let time_ok = hours.is_none_or(|(from, to)| {
        if from <= to {
            (from..to).contains(&minute)
        } else {
            minute >= from || minute < to
        }
    });
    Some(day_ok && time_ok)
}

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// "weekdays", "weekends", "daily", "mon-fri", "monday", "sat-sun".
fn day_set(word: &str) -> Option<Vec<Weekday>> {
    match word {
        "weekdays" | "weekday" => return Some(WEEK[..5].to_vec()),
        "weekends" | "weekend" => return Some(WEEK[5..].to_vec()),
        "daily" | "everyday" => return Some(WEEK.to_vec()),
        _ => {}
    }
    let day = |w: &str| w.parse::<Weekday>().ok();
    if let Some((a, b)) = word.split_once('-') {
        let (a, b) = (day(a)?, day(b)?);
        let start = a.num_days_from_monday();
        let len = (b.num_days_from_monday() + 7 - start) % 7 + 1;
        return Some((0..len).map(|i| WEEK[((start + i) % 7) as usize]).collect());
    }
    day(word).map(|d| vec![d])
}

/// A span of the day as minutes from midnight, end excluded: "9-5" (a day's work:
/// 9:00 to 17:00), "09:00-17:00", "9am-5pm", "evenings", "mornings".
fn hour_range(word: &str) -> Option<(u32, u32)> {
    let named = match word {
        "mornings" | "morning" => Some((6, 12)),
        "afternoons" | "afternoon" => Some((12, 17)),
        "evenings" | "evening" => Some((17, 23)),
        "nights" | "night" | "overnight" => Some((20, 8)),
        "daytime" | "days" | "office-hours" => Some((9, 17)),
        _ => None,
    };
    if let Some((a, b)) = named {
        return Some((a * 60, b * 60));
    }
    let (a, b) = word.split_once('-')?;
    let (from, from_meridiem) = clock(a)?;
    let (mut to, to_meridiem) = clock(b)?;
    // "9-5": a working day. Without am/pm, an end at or before the start is afternoon.
    if from_meridiem.is_none() && to_meridiem.is_none() && to <= from && to < 12 * 60 {
        to += 12 * 60;
    }
    Some((from, to))
}

/// "9", "09:30", "9am", "5pm": minutes from midnight, and whether am/pm was said.
fn clock(text: &str) -> Option<(u32, Option<bool>)> {
    let (time, pm) = super::when::clock_parts(text, true)?;
    Some((time.hour() * 60 + time.minute(), pm))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-`day` at `hh:mm`.
    fn at(day: u32, hh: u32, mm: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(hh, mm, 0)
            .unwrap()
    }
    const TUE: u32 = 17;
    const SAT: u32 = 21;

    #[test]
    fn always_open() {
        for text in ["24/7", "24/7 ", "Any time", "24h"] {
            assert_eq!(open_at(text, at(SAT, 3, 0)), Some(true), "{text}");
        }
    }

    #[test]
    fn office_hours_in_several_spellings() {
        for text in [
            "weekdays 9-5",
            "Mon-Fri 09:00-17:00",
            "mon-fri 9am-5pm",
            "weekdays from 9-17",
        ] {
            assert_eq!(open_at(text, at(TUE, 10, 0)), Some(true), "{text}");
            assert_eq!(open_at(text, at(TUE, 17, 0)), Some(false), "{text}");
            assert_eq!(open_at(text, at(TUE, 8, 59)), Some(false), "{text}");
            assert_eq!(open_at(text, at(SAT, 10, 0)), Some(false), "{text}");
        }
    }

    #[test]
    fn parts_of_the_day_and_weekends() {
        assert_eq!(open_at("evenings", at(TUE, 19, 0)), Some(true));
        assert_eq!(open_at("evenings", at(TUE, 10, 0)), Some(false));
        assert_eq!(open_at("weekends", at(SAT, 10, 0)), Some(true));
        assert_eq!(open_at("nights", at(TUE, 2, 0)), Some(true));
        assert_eq!(
            open_at("weekdays 9-5, sat 10-2", at(SAT, 11, 0)),
            Some(true)
        );
        assert_eq!(
            open_at("weekdays 9-5, sat 10-2", at(SAT, 15, 0)),
            Some(false)
        );
    }

    #[test]
    fn anything_else_is_unknown() {
        for text in [
            "ask first",
            "after the meeting",
            "usually",
            "call or text 988",
            "9 to 5",
        ] {
            assert_eq!(open_at(text, at(TUE, 10, 0)), None, "{text}");
        }
    }
}
