//! Trends: how contact has gone over a window of days, as a mirror, not a verdict.
//! Pure functions over check-ins and supporters: no I/O, no SQL, no printing.
//!
//! What is counted, and how:
//!
//! - **Check-ins per week or month** count *contact moments*: the check-ins one command
//!   logged (one batch) count once, so a coffee with Jo and Sam is one bar block, not
//!   two. A solo check-in (a meeting on your own) counts too. Weeks start on Monday;
//!   days are the user's calendar days (`day_of`).
//! - **Per supporter**, the same coffee counts once for Jo and once for Sam: how often
//!   you were in touch, who reached out, and how you felt afterwards on average, over
//!   the check-ins where you noted a mood.
//! - **Rhythm kept**: the days from the start of the window (or from when the tie began,
//!   if later) are cut into periods as long as the supporter's rhythm; a period is kept
//!   when it holds at least one check-in with them. A period still running counts only
//!   once it is kept: it is not missed until it is over.
//! - **The network by circle** at the end of each week or month is an estimate: the
//!   change history is not replayed. Each supporter active *today* counts in the circle
//!   they are in *today*, from the day the tie began: the earliest of the relationship's
//!   `since` date, the day they were added, and the first check-in with them.
//!
//! Nothing here ranks people: supporters are listed by name, never by a count.
//! Someone the user keeps away from (`avoid`) is never counted, anywhere.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};

use super::checkin::CheckIn;
use super::rhythm::Rhythm;
use super::supporter::Supporter;
use super::vocabulary::{By, Circle, Status};

/// How far back trends look unless told otherwise, in days.
pub const DEFAULT_DAYS: u32 = 90;

/// Windows up to this many weeks are counted week by week; longer ones by month.
pub const MAX_WEEKS_BY_WEEK: i64 = 26;

/// What the bar chart counts check-ins per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Week,
    Month,
}

impl Interval {
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }

    /// Weeks for a window of up to [`MAX_WEEKS_BY_WEEK`] weeks, months beyond.
    pub fn for_window(window: Window) -> Interval {
        if window.days() <= MAX_WEEKS_BY_WEEK * 7 {
            Interval::Week
        } else {
            Interval::Month
        }
    }

    /// The first day of the week (Monday) or month that `day` is in.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Interval::Week => day
                .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
                .unwrap_or(day),
            Interval::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day of the next week or month after the one starting on `start`.
    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Interval::Week => start.checked_add_days(Days::new(7)),
            Interval::Month => start.checked_add_months(Months::new(1)),
        }
    }
}

/// A look back in months or years, as `trends --since` takes it: `6mo`, `6 months`, `1y`,
/// `2 years`, counted on the calendar. In months; `None` for anything else (minutes,
/// days, weeks and dates are read as every `--since` reads them: `m` is minutes there
/// as everywhere).
pub fn months_back(input: &str) -> Option<u32> {
    let text = input.trim().to_lowercase();
    let text = text.strip_suffix("ago").unwrap_or(&text).trim_end();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (count, unit) = text.split_at(split);
    let count: u32 = count.parse().ok()?;
    let per = match unit.trim() {
        "mo" | "mon" | "month" | "months" => 1,
        "y" | "yr" | "yrs" | "year" | "years" => 12,
        _ => return None,
    };
    count.checked_mul(per)
}

/// The calendar days a trend covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The start asked for was before the map began, so the window starts then.
    pub from_map_start: bool,
}

impl Window {
    /// From `asked` to `today`, starting no earlier than the day the map `began` (its
    /// first check-in or supporter), so a long look back is not a run of empty weeks.
    pub fn new(asked: NaiveDate, today: NaiveDate, began: Option<NaiveDate>) -> Window {
        let began = began.map(|b| b.min(today));
        match began {
            Some(began) if began > asked => Window {
                first: began,
                last: today,
                from_map_start: true,
            },
            _ => Window {
                first: asked.min(today),
                last: today,
                from_map_start: false,
            },
        }
    }

    /// Days from the first to the last: 90 for "the last 90 days" (today included).
    pub fn days(self) -> i64 {
        (self.last - self.first).num_days()
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.first..=self.last).contains(&day)
    }
}

/// One week or month of the bar chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    /// The first day counted: the Monday or the 1st, or the window's first day.
    pub start: NaiveDate,
    /// The last day counted: the Sunday or the month's end, or today.
    pub end: NaiveDate,
    /// The week or month is not over (it ends today or later): the count is so far.
    pub running: bool,
    /// Contact moments (batches of check-ins) in these days.
    pub checkins: u32,
}

/// The weeks or months of `window`, each cut to the window, with no check-ins counted.
pub fn buckets(window: Window, interval: Interval) -> Vec<Bucket> {
    let mut found = Vec::new();
    let mut start = interval.start_of(window.first);
    while start <= window.last {
        let next = interval.next(start);
        let natural_end = next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX);
        found.push(Bucket {
            start: start.max(window.first),
            end: natural_end.min(window.last),
            running: natural_end >= window.last,
            checkins: 0,
        });
        match next {
            Some(next) => start = next,
            None => break,
        }
    }
    found
}

/// The supporters the user keeps away from, by name: never counted.
fn avoided(supporters: &[Supporter]) -> HashSet<&str> {
    supporters
        .iter()
        .filter(|s| s.profile.status == Status::Avoid)
        .map(|s| s.profile.name.as_str())
        .collect()
}

/// Contact moments per week or month: the check-ins one command logged count once
/// (two people at one coffee is one moment); solo check-ins count; check-ins with
/// someone the user keeps away from do not.
pub fn count_contacts(
    checkins: &[CheckIn],
    supporters: &[Supporter],
    window: Window,
    interval: Interval,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<Bucket> {
    let avoided = avoided(supporters);
    let mut buckets = buckets(window, interval);
    let mut seen: HashSet<(usize, i64)> = HashSet::new();
    for c in checkins {
        if c.supporter.as_deref().is_some_and(|n| avoided.contains(n)) {
            continue;
        }
        let day = day_of(c.contact.at);
        if !window.contains(day) {
            continue;
        }
        let Some(index) = buckets.iter().position(|b| b.start <= day && day <= b.end) else {
            continue;
        };
        if seen.insert((index, c.batch)) {
            buckets[index].checkins += 1;
        }
    }
    buckets
}

/// How the user felt afterwards in each of `buckets`, on average over the moods noted
/// (a check-in with several people counts once); `None` for a week or month with none.
/// Check-ins with someone the user keeps away from are left out, as in the counts.
pub fn moods(
    checkins: &[CheckIn],
    supporters: &[Supporter],
    buckets: &[Bucket],
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<Option<f64>> {
    let avoided = avoided(supporters);
    let mut noted: Vec<Vec<Option<u8>>> = vec![Vec::new(); buckets.len()];
    let mut seen: HashSet<i64> = HashSet::new();
    for c in checkins {
        if c.contact.mood.is_none() || c.supporter.as_deref().is_some_and(|n| avoided.contains(n)) {
            continue;
        }
        let day = day_of(c.contact.at);
        let Some(index) = buckets.iter().position(|b| b.start <= day && day <= b.end) else {
            continue;
        };
        if seen.insert(c.batch) {
            noted[index].push(c.contact.mood);
        }
    }
    noted.into_iter().map(mood_average).collect()
}

/// The average of the moods noted, to one decimal; `None` when none was noted.
pub fn mood_average(moods: impl IntoIterator<Item = Option<u8>>) -> Option<f64> {
    let noted: Vec<u32> = moods.into_iter().flatten().map(u32::from).collect();
    if noted.is_empty() {
        return None;
    }
    let sum: u32 = noted.iter().sum();
    let tenths = (f64::from(sum) * 10.0 / noted.len() as f64).round();
    Some(tenths / 10.0)
}

/// How well a rhythm was kept: of the periods counted, how many held a check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    pub periods: u32,
    pub kept: u32,
}

/// Cuts the days from `from` to `today` into periods of `every` days and counts those
/// with a contact on one of their days (`contact_days`). A period that ends today or
/// later is still running: it counts only once it holds a contact.
pub fn rhythm_kept(
    every: Rhythm,
    from: NaiveDate,
    today: NaiveDate,
    contact_days: &[NaiveDate],
) -> Kept {
    let length = u64::from(every.days());
    let mut kept = Kept {
        periods: 0,
        kept: 0,
    };
    let mut start = from;
    while start <= today {
        let next = start.checked_add_days(Days::new(length));
        let end = next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX);
        let met = contact_days.iter().any(|d| (start..=end).contains(d));
        if end < today || met {
            kept.periods += 1;
            kept.kept += u32::from(met);
        }
        match next {
            Some(next) => start = next,
            None => break,
        }
    }
    kept
}

/// The day a tie began, as far as the map knows: the earliest of the relationship's
/// `since` date, the day the supporter was added, and the first check-in with them.
pub fn tie_began(
    supporter: &Supporter,
    first_contact: Option<DateTime<Utc>>,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> NaiveDate {
    let added = day_of(supporter.created_at);
    [supporter.profile.since, first_contact.map(&day_of)]
        .into_iter()
        .flatten()
        .fold(added, NaiveDate::min)
}

/// One supporter's contact over the window.
#[derive(Debug, Clone, PartialEq)]
pub struct SupporterTrend<'a> {
    pub supporter: &'a Supporter,
    /// Check-ins with them (a check-in with two people counts for each).
    pub checkins: u32,
    pub by_me: u32,
    pub by_them: u32,
    /// How the user felt afterwards, on average, over the moods noted.
    pub mood_average: Option<f64>,
    pub rhythm: Option<Rhythm>,
    /// `None` without a rhythm, and while paused: a boundary is not a rhythm missed.
    pub kept: Option<Kept>,
}

/// Each active or paused supporter with a check-in in the window or a rhythm, by name.
/// Archived supporters and those the user keeps away from are left out.
pub fn per_supporter<'a>(
    supporters: &'a [Supporter],
    checkins: &[CheckIn],
    first_contact: impl Fn(i64) -> Option<DateTime<Utc>>,
    window: Window,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<SupporterTrend<'a>> {
    let mut theirs: HashMap<&str, Vec<&CheckIn>> = HashMap::new();
    for c in checkins {
        if let Some(name) = c.supporter.as_deref()
            && window.contains(day_of(c.contact.at))
        {
            theirs.entry(name).or_default().push(c);
        }
    }
    let mut found: Vec<SupporterTrend<'a>> = supporters
        .iter()
        .filter(|s| matches!(s.profile.status, Status::Active | Status::Paused))
        .filter_map(|s| {
            let mine = theirs
                .get(s.profile.name.as_str())
                .map_or(&[][..], Vec::as_slice);
            let rhythm = s.profile.every;
            if mine.is_empty() && rhythm.is_none() {
                return None;
            }
            let count = |by: By| count_u32(mine.iter().filter(|c| c.contact.by == by).count());
            let kept = rhythm
                .filter(|_| s.profile.status == Status::Active)
                .map(|every| {
                    let began = tie_began(s, first_contact(s.id), &day_of);
                    let days: Vec<NaiveDate> = mine.iter().map(|c| day_of(c.contact.at)).collect();
                    rhythm_kept(every, began.max(window.first), window.last, &days)
                });
            Some(SupporterTrend {
                supporter: s,
                checkins: count_u32(mine.len()),
                by_me: count(By::Me),
                by_them: count(By::Them),
                mood_average: mood_average(mine.iter().map(|c| c.contact.mood)),
                rhythm,
                kept,
            })
        })
        .collect();
    found.sort_by_key(|t| t.supporter.profile.name_key());
    found
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How many active supporters were in each circle on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CircleCount {
    pub at: NaiveDate,
    pub inner: u32,
    pub middle: u32,
    pub outer: u32,
}

/// The network's size by circle on each of `days`: an estimate from today's map (see the
/// module's notes): each supporter active now, in the circle they are in now, counted
/// from the day the tie began ([`tie_began`]).
pub fn circles(
    supporters: &[Supporter],
    first_contact: impl Fn(i64) -> Option<DateTime<Utc>>,
    days: &[NaiveDate],
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<CircleCount> {
    let active: Vec<(NaiveDate, Circle)> = supporters
        .iter()
        .filter(|s| s.profile.status == Status::Active)
        .map(|s| (tie_began(s, first_contact(s.id), &day_of), s.profile.circle))
        .collect();
    days.iter()
        .map(|&at| {
            let mut count = CircleCount {
                at,
                inner: 0,
                middle: 0,
                outer: 0,
            };
            for (began, circle) in &active {
                if *began <= at {
                    match circle {
                        Circle::Inner => count.inner += 1,
                        Circle::Middle => count.middle += 1,
                        Circle::Outer => count.outer += 1,
                    }
                }
            }
            count
        })
        .collect()
}

/// Everything `supportmap trends` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Trends<'a> {
    pub window: Window,
    pub interval: Interval,
    pub buckets: Vec<Bucket>,
    pub supporters: Vec<SupporterTrend<'a>>,
    /// At the end of each bucket.
    pub circles: Vec<CircleCount>,
}

impl Trends<'_> {
    /// Contact moments in the whole window.
    pub fn contacts(&self) -> u32 {
        self.buckets.iter().map(|b| b.checkins).sum()
    }
}

/// The trends over `window`, counted per `interval`. `first_contact` gives each
/// supporter's first check-in ever (it may be before the window); `day_of` turns a
/// moment into the user's calendar day.
pub fn find<'a>(
    supporters: &'a [Supporter],
    checkins: &[CheckIn],
    first_contact: impl Fn(i64) -> Option<DateTime<Utc>>,
    window: Window,
    interval: Interval,
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Trends<'a> {
    let buckets = count_contacts(checkins, supporters, window, interval, &day_of);
    let ends: Vec<NaiveDate> = buckets.iter().map(|b| b.end).collect();
    Trends {
        window,
        interval,
        supporters: per_supporter(supporters, checkins, &first_contact, window, &day_of),
        circles: circles(supporters, &first_contact, &ends, &day_of),
        buckets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Contact, Profile, Via};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn noon(day: NaiveDate) -> DateTime<Utc> {
        day.and_hms_opt(12, 0, 0).unwrap().and_utc()
    }

    /// UTC days: no daylight-saving change can move a check-in to another day.
    fn utc_day(at: DateTime<Utc>) -> NaiveDate {
        at.date_naive()
    }

    fn supporter(id: i64, name: &str, added: NaiveDate) -> Supporter {
        Supporter {
            id,
            profile: Profile::new(name.into(), Category::Friend),
            created_at: noon(added),
            updated_at: noon(added),
        }
    }

    fn checkin(
        id: i64,
        batch: i64,
        who: Option<&str>,
        on: NaiveDate,
        by: By,
        mood: Option<u8>,
    ) -> CheckIn {
        CheckIn {
            id,
            batch,
            supporter: who.map(str::to_string),
            contact: Contact {
                at: noon(on),
                via: Via::Call,
                by,
                mood,
                note: None,
            },
        }
    }

    fn weekly() -> Rhythm {
        Rhythm::from_days(7).unwrap()
    }

    #[test]
    fn weeks_start_on_monday_and_are_cut_to_the_window() {
        // 2026-01-28 is a Wednesday; 2026-02-10 a Tuesday.
        let window = Window::new(day(2026, 1, 28), day(2026, 2, 10), None);
        let found = buckets(window, Interval::Week);
        let spans: Vec<(NaiveDate, NaiveDate, bool)> =
            found.iter().map(|b| (b.start, b.end, b.running)).collect();
        assert_eq!(
            spans,
            [
                (day(2026, 1, 28), day(2026, 2, 1), false),
                (day(2026, 2, 2), day(2026, 2, 8), false),
                (day(2026, 2, 9), day(2026, 2, 10), true),
            ]
        );
        assert_eq!(Interval::Week.start_of(day(2026, 2, 1)), day(2026, 1, 26));
        assert_eq!(Interval::Week.start_of(day(2026, 2, 2)), day(2026, 2, 2));
    }

    #[test]
    fn moods_average_per_week_once_per_batch_and_skip_kept_away_people() {
        let mut away = supporter(2, "Lee", day(2025, 1, 1));
        away.profile.status = crate::domain::Status::Avoid;
        let people = [supporter(1, "Jo", day(2025, 1, 1)), away];
        let window = Window::new(day(2026, 2, 2), day(2026, 2, 15), None);
        let weeks = buckets(window, Interval::Week);
        let checkins = [
            // One coffee with two people: one mood, counted once.
            checkin(1, 1, Some("Jo"), day(2026, 2, 3), By::Me, Some(8)),
            checkin(2, 1, None, day(2026, 2, 3), By::Me, Some(8)),
            checkin(3, 2, Some("Jo"), day(2026, 2, 4), By::Me, Some(5)),
            checkin(4, 3, Some("Lee"), day(2026, 2, 5), By::Me, Some(1)),
            checkin(5, 4, Some("Jo"), day(2026, 2, 10), By::Me, None),
        ];
        assert_eq!(
            moods(&checkins, &people, &weeks, utc_day),
            [Some(6.5), None]
        );
    }

    #[test]
    fn months_cross_the_year_and_february() {
        let window = Window::new(day(2025, 12, 15), day(2026, 3, 1), None);
        let spans: Vec<(NaiveDate, NaiveDate)> = buckets(window, Interval::Month)
            .iter()
            .map(|b| (b.start, b.end))
            .collect();
        assert_eq!(
            spans,
            [
                (day(2025, 12, 15), day(2025, 12, 31)),
                (day(2026, 1, 1), day(2026, 1, 31)),
                (day(2026, 2, 1), day(2026, 2, 28)),
                (day(2026, 3, 1), day(2026, 3, 1)),
            ]
        );
    }

    #[test]
    fn check_ins_fall_either_side_of_a_month_boundary() {
        let people = [supporter(1, "Jo", day(2025, 1, 1))];
        let window = Window::new(day(2026, 1, 1), day(2026, 2, 15), None);
        let checkins = [
            checkin(1, 1, Some("Jo"), day(2026, 1, 31), By::Me, None),
            checkin(2, 2, Some("Jo"), day(2026, 2, 1), By::Me, None),
            checkin(3, 3, Some("Jo"), day(2026, 2, 2), By::Me, None),
            // Outside the window: not counted.
            checkin(4, 4, Some("Jo"), day(2025, 12, 31), By::Me, None),
        ];
        let found = count_contacts(&checkins, &people, window, Interval::Month, utc_day);
        let counts: Vec<u32> = found.iter().map(|b| b.checkins).collect();
        assert_eq!(counts, [1, 2]);
        // By week: Saturday 31 Jan and Sunday 1 Feb are one week; Monday 2 Feb the next.
        let found = count_contacts(&checkins, &people, window, Interval::Week, utc_day);
        let jan_26 = found.iter().find(|b| b.start == day(2026, 1, 26)).unwrap();
        assert_eq!(jan_26.checkins, 2);
        let feb_2 = found.iter().find(|b| b.start == day(2026, 2, 2)).unwrap();
        assert_eq!(feb_2.checkins, 1);
    }

    #[test]
    fn a_two_person_check_in_is_one_moment_but_counts_for_each_person() {
        let added = day(2025, 1, 1);
        let people = [supporter(1, "Jo", added), supporter(2, "Sam", added)];
        let window = Window::new(day(2026, 3, 1), day(2026, 3, 10), None);
        let on = day(2026, 3, 4);
        let checkins = [
            checkin(1, 7, Some("Jo"), on, By::Them, Some(8)),
            checkin(2, 7, Some("Sam"), on, By::Them, Some(8)),
            checkin(3, 8, None, on, By::Me, None),
        ];
        let trends = find(
            &people,
            &checkins,
            |_| None,
            window,
            Interval::Week,
            utc_day,
        );
        assert_eq!(trends.contacts(), 2, "the pair once, the solo meeting once");
        let each: Vec<(&str, u32, u32)> = trends
            .supporters
            .iter()
            .map(|t| (t.supporter.profile.name.as_str(), t.checkins, t.by_them))
            .collect();
        assert_eq!(each, [("Jo", 1, 1), ("Sam", 1, 1)]);
    }

    #[test]
    fn mood_average_ignores_check_ins_without_a_mood() {
        assert_eq!(mood_average([Some(6), None, Some(7), None]), Some(6.5));
        assert_eq!(mood_average([Some(7), Some(7), Some(8)]), Some(7.3));
        assert_eq!(mood_average([None, None]), None);
        assert_eq!(mood_average([]), None);
    }

    #[test]
    fn rhythm_periods_kept_and_not_kept() {
        let from = day(2026, 3, 2);
        // Four whole weeks (2–8, 9–15, 16–22, 23–29) and 30 March, still running.
        let today = day(2026, 3, 30);
        let contacts = [day(2026, 3, 3), day(2026, 3, 5), day(2026, 3, 22)];
        assert_eq!(
            rhythm_kept(weekly(), from, today, &contacts),
            Kept {
                periods: 4,
                kept: 2
            }
        );
        // A contact today keeps the running period, so it counts.
        let with_today = [day(2026, 3, 3), day(2026, 3, 30)];
        assert_eq!(
            rhythm_kept(weekly(), from, today, &with_today),
            Kept {
                periods: 5,
                kept: 2
            }
        );
        // A period ending today is not over yet.
        assert_eq!(
            rhythm_kept(weekly(), from, day(2026, 3, 8), &[]),
            Kept {
                periods: 0,
                kept: 0
            }
        );
        let daily = Rhythm::from_days(1).unwrap();
        assert_eq!(
            rhythm_kept(daily, from, day(2026, 3, 4), &[day(2026, 3, 2)]),
            Kept {
                periods: 2,
                kept: 1
            }
        );
    }

    #[test]
    fn the_rhythm_counts_from_when_the_tie_began_and_not_while_paused() {
        let window = Window::new(day(2026, 3, 2), day(2026, 3, 30), None);
        let mut jo = supporter(1, "Jo", day(2026, 3, 16));
        jo.profile.every = Some(weekly());
        let mut sam = supporter(2, "Sam", day(2025, 1, 1));
        sam.profile.every = Some(weekly());
        sam.profile.status = Status::Paused;
        let people = [jo, sam];
        let checkins = [checkin(1, 1, Some("Jo"), day(2026, 3, 17), By::Me, None)];
        let found = per_supporter(&people, &checkins, |_| None, window, utc_day);
        // Jo was added on 16 March: two whole weeks since, one with a check-in.
        assert_eq!(
            found[0].kept,
            Some(Kept {
                periods: 2,
                kept: 1
            })
        );
        assert_eq!(found[1].supporter.profile.name, "Sam");
        assert_eq!(found[1].kept, None, "a boundary is not a rhythm missed");
        assert_eq!(found[1].rhythm, Some(weekly()));
        // A first check-in before Jo was added moves the tie's start back.
        let earlier = per_supporter(
            &people,
            &checkins,
            |id| (id == 1).then(|| noon(day(2026, 2, 1))),
            window,
            utc_day,
        );
        assert_eq!(earlier[0].kept.map(|k| k.periods), Some(4));
    }

    #[test]
    fn who_is_listed_is_by_name_and_never_the_avoided_or_archived() {
        let added = day(2025, 1, 1);
        let mut zoe = supporter(1, "zoe", added);
        zoe.profile.every = Some(weekly());
        let amy = supporter(2, "Amy", added);
        let quiet = supporter(3, "Quiet", added);
        let mut kim = supporter(4, "Kim", added);
        kim.profile.status = Status::Avoid;
        let mut old = supporter(5, "Old", added);
        old.profile.status = Status::Archived;
        let people = [zoe, amy, quiet, kim, old];
        let window = Window::new(day(2026, 3, 1), day(2026, 3, 10), None);
        let on = day(2026, 3, 3);
        let checkins = [
            checkin(1, 1, Some("Amy"), on, By::Me, Some(4)),
            checkin(2, 2, Some("Amy"), on, By::Me, None),
            checkin(3, 3, Some("Kim"), on, By::Them, None),
            checkin(4, 4, Some("Old"), on, By::Me, None),
        ];
        let trends = find(
            &people,
            &checkins,
            |_| None,
            window,
            Interval::Week,
            utc_day,
        );
        let names: Vec<&str> = trends
            .supporters
            .iter()
            .map(|t| t.supporter.profile.name.as_str())
            .collect();
        // Amy has more check-ins, zoe only a rhythm: still by name, not by count.
        assert_eq!(names, ["Amy", "zoe"]);
        assert_eq!(trends.supporters[0].mood_average, Some(4.0));
        assert_eq!(trends.supporters[1].checkins, 0);
        assert_eq!(trends.supporters[1].mood_average, None);
        // Amy twice and the archived tie once; never the avoided one.
        assert_eq!(trends.contacts(), 3);
    }

    #[test]
    fn the_network_grows_as_ties_begin() {
        let mut jo = supporter(1, "Jo", day(2026, 3, 20));
        jo.profile.circle = Circle::Inner;
        let mut sam = supporter(2, "Sam", day(2026, 3, 20));
        sam.profile.since = Some(day(2020, 5, 1));
        let mut kit = supporter(3, "Kit", day(2026, 3, 20));
        kit.profile.circle = Circle::Outer;
        let mut paused = supporter(4, "Paused", day(2020, 1, 1));
        paused.profile.status = Status::Paused;
        let people = [jo, sam, kit, paused];
        // Jo's first check-in was on 5 March, before they were added.
        let first = |id| (id == 1).then(|| noon(day(2026, 3, 5)));
        let days = [day(2026, 3, 1), day(2026, 3, 8), day(2026, 3, 22)];
        let found = circles(&people, first, &days, utc_day);
        let rows: Vec<(u32, u32, u32)> =
            found.iter().map(|c| (c.inner, c.middle, c.outer)).collect();
        assert_eq!(rows, [(0, 1, 0), (1, 1, 0), (1, 1, 1)]);
        assert_eq!(found[2].at, day(2026, 3, 22));
    }

    #[test]
    fn a_window_starts_no_earlier_than_the_map() {
        let today = day(2026, 3, 30);
        let asked = day(2025, 3, 30);
        let window = Window::new(asked, today, Some(day(2026, 1, 10)));
        assert_eq!(window.first, day(2026, 1, 10));
        assert!(window.from_map_start);
        let window = Window::new(asked, today, Some(day(2024, 1, 1)));
        assert_eq!(window.first, asked);
        assert!(!window.from_map_start);
        assert_eq!(window.days(), 365);
        assert_eq!(Interval::for_window(window), Interval::Month);
        let short = Window::new(day(2026, 1, 1), today, None);
        assert_eq!(Interval::for_window(short), Interval::Week);
        let half_year = Window::new(today - Days::new(26 * 7), today, None);
        assert_eq!(Interval::for_window(half_year), Interval::Week);
        let longer = Window::new(today - Days::new(26 * 7 + 1), today, None);
        assert_eq!(Interval::for_window(longer), Interval::Month);
    }

    #[test]
    fn months_and_years_back_are_read_for_since() {
        assert_eq!(months_back("6m"), None, "minutes, as everywhere");
        assert_eq!(months_back("6mo"), Some(6));
        assert_eq!(months_back(" 3 Months ago "), Some(3));
        assert_eq!(months_back("1y"), Some(12));
        assert_eq!(months_back("2 years"), Some(24));
        for other in [
            "90d",
            "2w",
            "2026-01-01",
            "y",
            "m",
            "-1y",
            "1.5y",
            "4294967295y",
        ] {
            assert_eq!(months_back(other), None, "{other}");
        }
    }

    #[test]
    fn interval_words_are_stable() {
        assert_eq!(Interval::Week.as_str(), "week");
        assert_eq!(Interval::Month.as_str(), "month");
    }
}
