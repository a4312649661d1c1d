//! `supportmap trends` for people and for scripts: a small bar chart of check-ins, a table
//! of each supporter's contact, and the network's size by circle over time. Worded as a
//! mirror: counts and averages, no ranking, no "best" or "worst".
//!
//! `--json` is one object:
//!
//! ```text
//! {
//!   "since": "2026-08-24T00:00:00Z",      first moment counted (the window's first day)
//!   "until": "2026-11-22T09:30:00Z",      now
//!   "by": "week",                         or "month"
//!   "buckets": [{"start": "2026-08-24", "checkins": 3}, ...],
//!                                         contact moments: a check-in with two people
//!                                         counts once; solo check-ins count
//!   "supporters": [{"name": "Jo", "status": "active", "checkins": 6, "started_by_me": 4,
//!                   "started_by_them": 2, "mood_average": 7.5, "rhythm_days": 7,
//!                   "rhythm_periods": 12, "rhythm_kept": 10}, ...],
//!                                         by name; mood_average null when no mood was
//!                                         noted; rhythm_* null without a rhythm, and
//!                                         rhythm_periods/kept null while paused
//!   "circles": [{"at": "2026-08-30", "inner": 2, "middle": 3, "outer": 1}, ...]
//!                                         active supporters at the end of each bucket
//! }
//! ```

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use super::columns::{self, Column, Form, Step};
use super::{Output, width};
use crate::domain::Status;
use crate::domain::trends::{Bucket, CircleCount, Interval, SupporterTrend, Trends};

/// The whole of `trends --json`.
#[derive(Debug, Serialize)]
pub struct TrendsJson<'a> {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub by: &'static str,
    pub buckets: Vec<BucketJson>,
    pub supporters: Vec<SupporterTrendJson<'a>>,
    pub circles: Vec<CircleJson>,
}

/// One week or month: its first day and its contact moments.
#[derive(Debug, Serialize)]
pub struct BucketJson {
    pub start: NaiveDate,
    pub checkins: u32,
}

/// One supporter's contact over the window.
#[derive(Debug, Serialize)]
pub struct SupporterTrendJson<'a> {
    pub name: &'a str,
    pub status: Status,
    pub checkins: u32,
    pub started_by_me: u32,
    pub started_by_them: u32,
    pub mood_average: Option<f64>,
    pub rhythm_days: Option<u32>,
    pub rhythm_periods: Option<u32>,
    pub rhythm_kept: Option<u32>,
}

/// Active supporters by circle at the end of one bucket.
#[derive(Debug, Serialize)]
pub struct CircleJson {
    pub at: NaiveDate,
    pub inner: u32,
    pub middle: u32,
    pub outer: u32,
}

/// `trends` as JSON; `since` is the window's first moment, `until` now.
pub fn to_json<'a>(
    trends: &'a Trends<'a>,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> TrendsJson<'a> {
    TrendsJson {
        since,
        until,
        by: trends.interval.as_str(),
        buckets: trends
            .buckets
            .iter()
            .map(|b| BucketJson {
                start: b.start,
                checkins: b.checkins,
            })
            .collect(),
        supporters: trends
            .supporters
            .iter()
            .map(|t| SupporterTrendJson {
                name: &t.supporter.profile.name,
                status: t.supporter.profile.status,
                checkins: t.checkins,
                started_by_me: t.by_me,
                started_by_them: t.by_them,
                mood_average: t.mood_average,
                rhythm_days: t.rhythm.map(|r| r.days()),
                rhythm_periods: t.kept.map(|k| k.periods),
                rhythm_kept: t.kept.map(|k| k.kept),
            })
            .collect(),
        circles: trends
            .circles
            .iter()
            .map(|c| CircleJson {
                at: c.at,
                inner: c.inner,
                middle: c.middle,
                outer: c.outer,
            })
            .collect(),
    }
}

/// Everything, for a terminal: the header, the chart, the table of supporters (when
/// there is anyone to show) and the network by circle.
/// Printed through `print` a part at a time (each ends a line; an empty part is a blank
/// line), so a long table never sits whole in memory.
pub fn report(
    trends: &Trends<'_>,
    out: &Output,
    print: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    print(&format!(
        "{}\n{}",
        fit(&header(trends), out.width),
        chart(trends, out.width)
    ))?;
    print("")?;
    if !trends.supporters.is_empty() {
        table(&trends.supporters, out, print)?;
        print("")?;
    }
    print(&network(trends, out.width))
}

/// One line of prose wrapped to the width, when there is one.
fn fit(text: &str, width: Option<u16>) -> String {
    match width {
        Some(w) => super::wrap(text, usize::from(w), ""),
        None => text.to_string(),
    }
}

/// "Check-ins per week since 2026-08-24 (90 days; a check-in with several people counts
/// once)".
pub fn header(trends: &Trends<'_>) -> String {
    let window = trends.window;
    let began = if window.from_map_start {
        ", when your map began"
    } else {
        ""
    };
    let days = match window.days() {
        0 => "today".to_string(),
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    };
    format!(
        "Check-ins per {} since {}{began} ({days}; a check-in with several people counts once)",
        trends.interval.as_str(),
        window.first
    )
}

/// What a week or month is called on the chart: "24 Aug" (with the year when it is not
/// this year's), "Aug 2026".
pub fn label(bucket: &Bucket, interval: Interval, today: NaiveDate) -> String {
    match interval {
        Interval::Week => day_words(bucket.start, today),
        Interval::Month => bucket.start.format("%b %Y").to_string(),
    }
}

/// "24 Aug", or "29 Dec 2025" when not this year.
fn day_words(day: NaiveDate, today: NaiveDate) -> String {
    if day.year() == today.year() {
        day.format("%-d %b").to_string()
    } else {
        day.format("%-d %b %Y").to_string()
    }
}

/// Said after the count of a week or month that is not over yet.
const SO_FAR: &str = " so far";

/// The widest bar, when there is no terminal width to fit and at most.
const DEFAULT_BAR: usize = 40;
const WIDEST_BAR: usize = 60;
const NARROWEST_BAR: usize = 8;

/// One line per week or month: its label, a bar of `█` scaled so the busiest fits the
/// width, and the count. A week or month still running says "so far".
pub fn chart(trends: &Trends<'_>, width: Option<u16>) -> String {
    let today = trends.window.last;
    let labels: Vec<String> = trends
        .buckets
        .iter()
        .map(|b| label(b, trends.interval, today))
        .collect();
    let label_width = labels.iter().map(|l| self::width(l)).max().unwrap_or(0);
    let most = trends.buckets.iter().map(|b| b.checkins).max().unwrap_or(0);
    let count_width = most.to_string().len();
    let longest_bar = match width {
        Some(w) => usize::from(w)
            .saturating_sub(2 + label_width + 2 + 1 + count_width + SO_FAR.len())
            .clamp(NARROWEST_BAR, WIDEST_BAR),
        None => DEFAULT_BAR,
    };
    let lines: Vec<String> = trends
        .buckets
        .iter()
        .zip(&labels)
        .map(|(b, l)| {
            let pad = " ".repeat(label_width - self::width(l));
            let bar = "█".repeat(bar_length(b.checkins, most, longest_bar));
            let gap = if bar.is_empty() { "" } else { " " };
            let so_far = if b.running { SO_FAR } else { "" };
            format!("  {l}{pad}  {bar}{gap}{}{so_far}", b.checkins)
        })
        .collect();
    lines.join("\n")
}

/// How many blocks `count` gets when `most` gets `longest`: at least one for any contact.
pub fn bar_length(count: u32, most: u32, longest: usize) -> usize {
    if count == 0 || most == 0 {
        return 0;
    }
    let count = u64::from(count);
    let most = u64::from(most);
    let longest = u64::try_from(longest).unwrap_or(u64::MAX);
    let blocks = (count.saturating_mul(longest) + most / 2) / most;
    usize::try_from(blocks.max(1)).unwrap_or(usize::MAX)
}

/// "6 times", "once", "none logged".
fn times(n: u32) -> String {
    match n {
        0 => "none logged".to_string(),
        1 => "once".to_string(),
        n => format!("{n} times"),
    }
}

/// The rhythm cell, in full and short: "weekly: kept 5 of 6", "no rhythm set".
fn rhythm_words(t: &SupporterTrend<'_>) -> (String, String) {
    match (t.rhythm, t.kept) {
        (None, _) => ("no rhythm set".to_string(), "none".to_string()),
        (Some(every), None) => (
            format!("{every}: paused, not counted"),
            "paused".to_string(),
        ),
        (Some(every), Some(k)) if k.periods == 0 => (
            format!("{every}: too soon to count"),
            "too soon".to_string(),
        ),
        (Some(every), Some(k)) => (
            format!("{every}: kept {} of {}", k.kept, k.periods),
            format!("{} of {}", k.kept, k.periods),
        ),
    }
}

/// Each supporter, by name: how often in touch, who reached out, the mood afterwards on
/// average, and the rhythm kept. Paused ties are dimmed when colour is on.
pub fn table(
    supporters: &[SupporterTrend<'_>],
    out: &Output,
    print: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let page = |range: std::ops::Range<usize>| {
        let rows = &supporters[range];
        let dim: Vec<bool> = rows
            .iter()
            .map(|t| t.supporter.profile.status != Status::Active)
            .collect();
        (table_columns(rows), dim)
    };
    const STEPS: &[Step] = &[
        &[(4, Form::Short)],
        &[(1, Form::Short)],
        &[(3, Form::Short)],
        &[(2, Form::Hidden)],
    ];
    columns::print_paged(supporters.len(), STEPS, out, &page, print)
}

fn table_columns(supporters: &[SupporterTrend<'_>]) -> Vec<Column> {
    let each =
        |f: &dyn Fn(&SupporterTrend<'_>) -> String| supporters.iter().map(f).collect::<Vec<_>>();
    let rhythm: Vec<(String, String)> = supporters.iter().map(rhythm_words).collect();
    let mood = each(&|t| {
        t.mood_average
            .map_or("-".to_string(), |m| format!("{m:.1}"))
    });
    let columns = [
        Column::new("Name", each(&|t| t.supporter.profile.name.clone())),
        Column::new("In touch", each(&|t| times(t.checkins)))
            .short("In touch", each(&|t| t.checkins.to_string())),
        Column::new(
            "You / them",
            each(&|t| {
                if t.checkins == 0 {
                    "-".to_string()
                } else {
                    format!("{} / {}", t.by_me, t.by_them)
                }
            }),
        ),
        Column::new("Mood after", mood.clone()).short("Mood", mood),
        Column::new("Rhythm", rhythm.iter().map(|r| r.0.clone()).collect())
            .short("Rhythm", rhythm.iter().map(|r| r.1.clone()).collect()),
    ];
    columns.into()
}

/// "inner 1, middle 2, outer 0".
fn circle_words(c: &CircleCount) -> String {
    format!("inner {}, middle {}, outer {}", c.inner, c.middle, c.outer)
}

/// Over the network's lines: what they count, and that they are an estimate.
const NETWORK_HEADING: &str = "Active supporters by circle (an estimate: counted from when each tie began, in the \
     circle they are in now)";

/// The network by circle: the first week or month, each one where it changed, and
/// today. An estimate, and the heading (wrapped to `width`) says so.
pub fn network(trends: &Trends<'_>, width: Option<u16>) -> String {
    let mut lines = vec![fit(NETWORK_HEADING, width)];
    let circles = &trends.circles;
    let last = circles.len().saturating_sub(1);
    let same = |a: &CircleCount, b: &CircleCount| {
        (a.inner, a.middle, a.outer) == (b.inner, b.middle, b.outer)
    };
    let shown: Vec<(String, &CircleCount)> = circles
        .iter()
        .enumerate()
        .filter(|(i, c)| *i == 0 || *i == last || !same(&circles[i - 1], c))
        .map(|(i, c)| {
            let when = if i == last {
                "today".to_string()
            } else {
                format!("by {}", day_words(c.at, trends.window.last))
            };
            (when, c)
        })
        .collect();
    let when_width = shown
        .iter()
        .map(|(w, _)| super::width(w))
        .max()
        .unwrap_or(0);
    for (when, c) in &shown {
        let pad = " ".repeat(when_width - super::width(when));
        lines.push(format!("  {when}{pad}  {}", circle_words(c)));
    }
    lines.join("\n")
}

/// Said when nothing was logged in the window: kind, with the command to log one.
pub fn nothing_logged(trends: &Trends<'_>, log_command: &str) -> String {
    format!(
        "No check-ins are logged since {}. Whenever you are in touch with someone, you can \
         note it with: {log_command}",
        trends.window.first
    )
}

// ---------------------------------------------------------------- pictures

/// The size of each small chart in the session report, in SVG user units.
const CHART: (f64, f64) = (360.0, 130.0);
/// Room around a chart's plot: left (for the scale), right, top, bottom (for labels).
const CHART_PAD: (f64, f64, f64, f64) = (28.0, 8.0, 10.0, 22.0);

/// The frame every small chart shares: the plot's box, the scale's top and bottom
/// values at the left, and the first and last week or month under it.
fn chart_frame(trends: &Trends<'_>, title: &str, scale: (String, String)) -> String {
    let (w, h) = CHART;
    let (left, right, top, bottom) = CHART_PAD;
    let today = trends.window.last;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"10\">\
         <title>{}</title>\n<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#9e9e9e\"/>\n",
        super::escape_xml(title),
        h - bottom,
        w - right,
        h - bottom
    );
    s.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555555\">{}</text>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555555\">{}</text>\n",
        left - 4.0,
        top + 8.0,
        scale.0,
        left - 4.0,
        h - bottom,
        scale.1
    ));
    if let (Some(first), Some(last)) = (trends.buckets.first(), trends.buckets.last()) {
        s.push_str(&format!(
            "<text x=\"{left}\" y=\"{}\" fill=\"#555555\">{}</text>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555555\">{}</text>\n",
            h - 6.0,
            super::escape_xml(&label(first, trends.interval, today)),
            w - right,
            h - 6.0,
            super::escape_xml(&label(last, trends.interval, today)),
        ));
    }
    s
}

/// Where the `i`th of `n` slots sits across a chart's plot, and how wide it is.
fn slot(i: usize, n: usize) -> (f64, f64) {
    let (left, right, _, _) = CHART_PAD;
    let width = (CHART.0 - left - right) / n.max(1) as f64;
    (left + width * i as f64, width)
}

/// Check-ins per week or month as a small bar chart (an SVG element to place in a
/// page), from the same counts as the terminal's chart; a week still running is paler.
pub fn svg_checkins(trends: &Trends<'_>) -> String {
    let (_, h) = CHART;
    let (_, _, top, bottom) = CHART_PAD;
    let most = trends.buckets.iter().map(|b| b.checkins).max().unwrap_or(0);
    let mut s = chart_frame(
        trends,
        &format!("Check-ins per {}", trends.interval.as_str()),
        (most.to_string(), "0".to_string()),
    );
    let plot = h - top - bottom;
    let n = trends.buckets.len();
    for (i, b) in trends.buckets.iter().enumerate() {
        if b.checkins == 0 || most == 0 {
            continue;
        }
        let (x, width) = slot(i, n);
        let height = plot * f64::from(b.checkins) / f64::from(most);
        let opacity = if b.running { "0.45" } else { "0.9" };
        s.push_str(&format!(
            "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{height:.1}\" \
             fill=\"#0072B2\" fill-opacity=\"{opacity}\"><title>{}: {}{}</title></rect>\n",
            x + width * 0.15,
            h - bottom - height,
            width * 0.7,
            super::escape_xml(&label(b, trends.interval, trends.window.last)),
            b.checkins,
            if b.running { SO_FAR } else { "" }
        ));
    }
    s.push_str("</svg>");
    s
}

/// How the user felt afterwards, averaged per week or month on the 1 to 10 scale, as a
/// line with a dot for each week or month that has a mood noted (an SVG element).
pub fn svg_moods(trends: &Trends<'_>, moods: &[Option<f64>]) -> String {
    let (_, h) = CHART;
    let (_, _, top, bottom) = CHART_PAD;
    let mut s = chart_frame(
        trends,
        "How you felt afterwards, on average (1 to 10)",
        ("10".to_string(), "1".to_string()),
    );
    let plot = h - top - bottom;
    let n = moods.len();
    let points: Vec<(f64, f64, f64, usize)> = moods
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let m = (*m)?;
            let (x, width) = slot(i, n);
            Some((x + width / 2.0, h - bottom - plot * (m - 1.0) / 9.0, m, i))
        })
        .collect();
    if points.len() > 1 {
        let path: Vec<String> = points
            .iter()
            .map(|(x, y, _, _)| format!("{x:.1},{y:.1}"))
            .collect();
        s.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#009E73\" stroke-width=\"2\"/>\n",
            path.join(" ")
        ));
    }
    for (x, y, m, i) in points {
        let when = trends
            .buckets
            .get(i)
            .map(|b| label(b, trends.interval, trends.window.last))
            .unwrap_or_default();
        s.push_str(&format!(
            "<circle class=\"mood\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#009E73\"><title>{}: {m}</title></circle>\n",
            super::escape_xml(&when)
        ));
    }
    s.push_str("</svg>");
    s
}

/// Each supporter with a rhythm and how it was kept, in the table's words: the session
/// report's list (name, rhythm, "kept 5 of 6").
pub fn rhythms_kept<'a>(supporters: &'a [SupporterTrend<'a>]) -> Vec<(&'a str, String)> {
    supporters
        .iter()
        .filter(|t| t.rhythm.is_some())
        .map(|t| (t.supporter.profile.name.as_str(), rhythm_words(t).0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::trends::{Kept, Window};
    use crate::domain::{Category, Profile, Rhythm, Supporter};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn table_text(rows: &[SupporterTrend<'_>], out: &Output) -> String {
        let mut pages = Vec::new();
        table(rows, out, &mut |page| {
            pages.push(page.to_string());
            Ok(())
        })
        .unwrap();
        pages.join("\n")
    }

    fn plain(width: Option<u16>) -> Output {
        Output {
            json: false,
            color: false,
            quiet: false,
            width,
        }
    }

    fn bucket(start: NaiveDate, checkins: u32, running: bool) -> Bucket {
        Bucket {
            start,
            end: start,
            running,
            checkins,
        }
    }

    fn trends<'a>(supporters: Vec<SupporterTrend<'a>>) -> Trends<'a> {
        Trends {
            window: Window::new(day(2026, 8, 24), day(2026, 9, 15), None),
            interval: Interval::Week,
            buckets: vec![
                bucket(day(2026, 8, 24), 4, false),
                bucket(day(2026, 8, 31), 0, false),
                bucket(day(2026, 9, 7), 2, false),
                bucket(day(2026, 9, 14), 1, true),
            ],
            supporters,
            circles: vec![
                CircleCount {
                    at: day(2026, 8, 30),
                    inner: 1,
                    middle: 1,
                    outer: 0,
                },
                CircleCount {
                    at: day(2026, 9, 6),
                    inner: 1,
                    middle: 1,
                    outer: 0,
                },
                CircleCount {
                    at: day(2026, 9, 13),
                    inner: 2,
                    middle: 1,
                    outer: 0,
                },
                CircleCount {
                    at: day(2026, 9, 15),
                    inner: 2,
                    middle: 1,
                    outer: 0,
                },
            ],
        }
    }

    fn person(name: &str, every: Option<u32>) -> Supporter {
        let mut profile = Profile::new(name.into(), Category::Friend);
        profile.every = every.and_then(Rhythm::from_days);
        let at = day(2026, 1, 1).and_hms_opt(12, 0, 0).unwrap().and_utc();
        Supporter {
            id: 1,
            profile,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn bars_scale_to_the_busiest_and_never_hide_a_contact() {
        assert_eq!(bar_length(4, 4, 20), 20);
        assert_eq!(bar_length(2, 4, 20), 10);
        assert_eq!(bar_length(1, 100, 20), 1);
        assert_eq!(bar_length(0, 4, 20), 0);
        assert_eq!(bar_length(0, 0, 20), 0);
    }

    #[test]
    fn the_chart_has_a_line_per_week_and_says_so_far() {
        let t = trends(Vec::new());
        // 2 + 6 + 2 + 1 + 1 + 7 = 19 columns around the bar: 20 columns for it at 39.
        assert_eq!(
            chart(&t, Some(39)),
            format!(
                "  24 Aug  {} 4\n  31 Aug  0\n  7 Sep   {} 2\n  14 Sep  {} 1 so far",
                "█".repeat(20),
                "█".repeat(10),
                "█".repeat(5)
            )
        );
        let wide = chart(&t, None);
        assert!(wide.starts_with(&format!("  24 Aug  {} 4\n", "█".repeat(40))));
    }

    #[test]
    fn the_header_says_what_is_counted() {
        let t = trends(Vec::new());
        assert_eq!(
            header(&t),
            "Check-ins per week since 2026-08-24 (22 days; a check-in with several people \
             counts once)"
        );
        let mut from_start = trends(Vec::new());
        from_start.window.from_map_start = true;
        assert!(header(&from_start).contains("since 2026-08-24, when your map began (22 days;"));
    }

    #[test]
    fn the_table_is_a_mirror_in_plain_words() {
        let jo = person("Jo", Some(7));
        let sam = person("Sam", None);
        let mut kit = person("Kit", Some(14));
        kit.profile.status = Status::Paused;
        let rows = vec![
            SupporterTrend {
                supporter: &jo,
                checkins: 6,
                by_me: 4,
                by_them: 2,
                mood_average: Some(7.0),
                rhythm: jo.profile.every,
                kept: Some(Kept {
                    periods: 6,
                    kept: 5,
                }),
            },
            SupporterTrend {
                supporter: &kit,
                checkins: 0,
                by_me: 0,
                by_them: 0,
                mood_average: None,
                rhythm: kit.profile.every,
                kept: None,
            },
            SupporterTrend {
                supporter: &sam,
                checkins: 1,
                by_me: 0,
                by_them: 1,
                mood_average: None,
                rhythm: None,
                kept: None,
            },
        ];
        let text = table_text(&rows, &plain(Some(100)));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            " Name   In touch      You / them   Mood after   Rhythm"
        );
        assert!(
            lines[2]
                .starts_with(" Jo     6 times       4 / 2        7.0          weekly: kept 5 of 6"),
            "{text}"
        );
        assert!(
            lines[3].contains("none logged") && lines[3].contains("biweekly: paused, not counted"),
            "{text}"
        );
        assert!(
            lines[4].contains("once") && lines[4].contains("no rhythm set"),
            "{text}"
        );
        let narrow = table_text(&rows, &plain(Some(40)));
        assert!(narrow.contains("5 of 6"), "{narrow}");
        assert!(!narrow.contains("weekly: kept"), "{narrow}");
    }

    #[test]
    fn the_network_shows_the_start_each_change_and_today() {
        let t = trends(Vec::new());
        assert_eq!(
            network(&t, None).lines().skip(1).collect::<Vec<_>>(),
            [
                "  by 30 Aug  inner 1, middle 1, outer 0",
                "  by 13 Sep  inner 2, middle 1, outer 0",
                "  today      inner 2, middle 1, outer 0",
            ]
        );
    }

    #[test]
    fn json_names_are_stable() {
        let jo = person("Jo", Some(7));
        let rows = vec![SupporterTrend {
            supporter: &jo,
            checkins: 2,
            by_me: 1,
            by_them: 1,
            mood_average: Some(6.5),
            rhythm: jo.profile.every,
            kept: Some(Kept {
                periods: 3,
                kept: 2,
            }),
        }];
        let t = trends(rows);
        let since = day(2026, 8, 24).and_hms_opt(0, 0, 0).unwrap().and_utc();
        let until = day(2026, 9, 15).and_hms_opt(9, 30, 0).unwrap().and_utc();
        let value = serde_json::to_value(to_json(&t, since, until)).unwrap();
        assert_eq!(value["since"], "2026-08-24T00:00:00Z");
        assert_eq!(value["by"], "week");
        assert_eq!(value["buckets"][0]["start"], "2026-08-24");
        assert_eq!(value["buckets"][0]["checkins"], 4);
        assert_eq!(
            value["supporters"][0],
            serde_json::json!({
                "name": "Jo", "status": "active", "checkins": 2, "started_by_me": 1,
                "started_by_them": 1, "mood_average": 6.5, "rhythm_days": 7,
                "rhythm_periods": 3, "rhythm_kept": 2
            })
        );
        assert_eq!(
            value["circles"][3],
            serde_json::json!({"at": "2026-09-15", "inner": 2, "middle": 1, "outer": 0})
        );
    }
}
