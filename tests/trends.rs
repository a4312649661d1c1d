//! `supportmap trends`, driven end to end: a few months of check-ins as a person sees
//! them (the chart, the table, the network) and as a script reads them (`--json`), the
//! empty states, and a `--since` that cannot be used.

mod common;

use chrono::{Datelike, Days, NaiveDate, Utc};
use common::Sandbox;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrendsJson {
    since: String,
    until: String,
    by: String,
    buckets: Vec<BucketJson>,
    supporters: Vec<SupporterJson>,
    circles: Vec<CircleJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BucketJson {
    start: String,
    checkins: u32,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SupporterJson {
    name: String,
    status: String,
    checkins: u32,
    started_by_me: u32,
    started_by_them: u32,
    mood_average: Option<f64>,
    rhythm_days: Option<u32>,
    rhythm_periods: Option<u32>,
    rhythm_kept: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CircleJson {
    at: String,
    inner: u32,
    middle: u32,
    outer: u32,
}

fn trends_json(s: &Sandbox, args: &[&str]) -> TrendsJson {
    let mut all = vec!["trends", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&s.ok(&all)).expect("trends --json parses")
}

/// The tests run with `TZ=UTC`, so today is the UTC date.
fn days_ago(days: u64) -> NaiveDate {
    Utc::now().date_naive() - Days::new(days)
}

/// Four months of contact. Jo (inner circle, weekly) five times in the last 90 days,
/// once together with Sam; Sam once more before the window; Alex paused with a rhythm
/// and no contact; Kim now someone to keep away from; Lee added today, never in touch;
/// and a meeting on your own.
fn four_months() -> Sandbox {
    let s = Sandbox::new();
    let run = |args: &[&str]| {
        let mut all = vec!["-q"];
        all.extend_from_slice(args);
        s.ok(&all);
    };
    run(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--every",
        "weekly",
        "--circle",
        "inner",
    ]);
    run(&["add", "Sam", "--category", "family"]);
    run(&["add", "Alex", "--category", "friend", "--every", "2w"]);
    run(&["contacts", "pause", "Alex"]);
    run(&["add", "Kim", "--category", "friend"]);
    run(&["add", "Lee", "--category", "peer"]);
    run(&["checkin", "Sam", "--at", "120d ago"]);
    run(&["checkin", "Jo", "--at", "85d ago", "--mood", "6"]);
    run(&[
        "checkin", "Jo", "Sam", "--at", "60d ago", "--by", "them", "--mood", "8",
    ]);
    run(&["checkin", "Jo", "--at", "50d ago", "--mood", "7"]);
    run(&["checkin", "--solo", "--via", "meeting", "--at", "30d ago"]);
    run(&["checkin", "Kim", "--at", "20d ago"]);
    run(&["contacts", "avoid", "Kim"]);
    run(&["checkin", "Jo", "--at", "10d ago"]);
    run(&["checkin", "Jo", "--at", "3d ago", "--by", "them"]);
    s
}

#[test]
fn three_months_as_a_person_sees_them() {
    let s = four_months();
    let out = s.ok(&["trends"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "Check-ins per week since {} (90 days; a check-in with several people counts once)",
            days_ago(90)
        )
    );

    // The chart: one line per week from the header to the first blank line, each with
    // its count last; the two-person coffee is one moment, Kim is never counted.
    let chart: Vec<&str> = lines[1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    assert!((13..=14).contains(&chart.len()), "{out}");
    let total: u32 = chart
        .iter()
        .map(|l| {
            let count = l.trim_end_matches(" so far").rsplit(' ').next().unwrap();
            count
                .parse::<u32>()
                .unwrap_or_else(|_| panic!("{l:?} in {out}"))
        })
        .sum();
    assert_eq!(total, 6, "{out}");
    assert!(chart.last().unwrap().ends_with(" so far"), "{out}");
    assert!(chart.iter().any(|l| l.contains('█')), "{out}");
    let monday = days_ago(90).weekday().num_days_from_monday();
    assert!(chart[0].starts_with(&format!("  {}", days_ago(90).format("%-d %b"))));
    assert!(chart[1].starts_with(&format!(
        "  {}",
        days_ago(90 - 7 + u64::from(monday)).format("%-d %b")
    )));

    // The table: by name, never by count.
    let header = lines
        .iter()
        .position(|l| l.starts_with(" Name "))
        .expect("a table");
    assert_eq!(
        lines[header],
        " Name   In touch      You / them   Mood after   Rhythm"
    );
    let rows = &lines[header + 2..header + 5];
    assert!(rows[0].starts_with(" Alex "), "{out}");
    assert!(rows[0].contains("none logged"), "{out}");
    assert!(rows[0].ends_with("biweekly: paused, not counted"), "{out}");
    assert_eq!(
        rows[1],
        " Jo     5 times       3 / 2        7.0          weekly: kept 5 of 12"
    );
    assert_eq!(
        rows[2],
        " Sam    once          0 / 1        8.0          no rhythm set"
    );
    assert!(lines[header + 5].is_empty(), "{out}");

    // The network: Jo from the first check-in, Lee from today; Alex paused, Kim avoided.
    assert!(
        out.contains("\nActive supporters by circle (an estimate:"),
        "{out}"
    );
    let last = lines.last().unwrap();
    assert!(last.starts_with("  today "), "{out}");
    assert!(last.ends_with("inner 1, middle 2, outer 0"), "{out}");

    for word in ["Kim", "Lee", "best", "worst", "fail", "poor", "missed"] {
        assert!(!out.contains(word), "{word:?} in {out}");
    }
}

#[test]
fn three_months_as_a_script_reads_them() {
    let s = four_months();
    let t = trends_json(&s, &[]);
    assert_eq!(t.since, format!("{}T00:00:00Z", days_ago(90)));
    assert!(t.until.starts_with(&Utc::now().date_naive().to_string()));
    assert_eq!(t.by, "week");
    assert_eq!(t.buckets[0].start, days_ago(90).to_string());
    assert_eq!(t.buckets.iter().map(|b| b.checkins).sum::<u32>(), 6);
    for pair in t.buckets.windows(2).skip(1) {
        let start = NaiveDate::parse_from_str(&pair[1].start, "%Y-%m-%d").unwrap();
        assert_eq!(
            start.weekday(),
            chrono::Weekday::Mon,
            "weeks start on Monday"
        );
    }
    assert_eq!(
        t.supporters,
        [
            SupporterJson {
                name: "Alex".into(),
                status: "paused".into(),
                checkins: 0,
                started_by_me: 0,
                started_by_them: 0,
                mood_average: None,
                rhythm_days: Some(14),
                rhythm_periods: None,
                rhythm_kept: None,
            },
            SupporterJson {
                name: "Jo".into(),
                status: "active".into(),
                checkins: 5,
                started_by_me: 3,
                started_by_them: 2,
                mood_average: Some(7.0),
                rhythm_days: Some(7),
                rhythm_periods: Some(12),
                rhythm_kept: Some(5),
            },
            SupporterJson {
                name: "Sam".into(),
                status: "active".into(),
                checkins: 1,
                started_by_me: 0,
                started_by_them: 1,
                mood_average: Some(8.0),
                rhythm_days: None,
                rhythm_periods: None,
                rhythm_kept: None,
            },
        ]
    );
    assert_eq!(t.circles.len(), t.buckets.len());
    let first = &t.circles[0];
    assert_eq!(
        (first.middle, first.outer),
        (1, 0),
        "Sam, since 120 days ago"
    );
    let last = t.circles.last().unwrap();
    assert_eq!(last.at, Utc::now().date_naive().to_string());
    assert_eq!((last.inner, last.middle, last.outer), (1, 2, 0));
}

#[test]
fn a_long_look_back_starts_when_the_map_began_and_can_go_by_month() {
    let s = four_months();
    let out = s.ok(&["trends", "--since", "1y"]);
    assert!(
        out.starts_with(&format!(
            "Check-ins per week since {}, when your map began (120 days;",
            days_ago(120)
        )),
        "{out}"
    );
    assert!(out.contains(" Sam    2 times "), "{out}");

    let t = trends_json(&s, &["--since", "1y", "--by", "month"]);
    assert_eq!(t.by, "month");
    assert_eq!(t.buckets[0].start, days_ago(120).to_string());
    assert!(t.buckets[1..].iter().all(|b| b.start.ends_with("-01")));
    assert_eq!(t.buckets.iter().map(|b| b.checkins).sum::<u32>(), 7);

    let out = s.ok(&["trends", "--by", "month"]);
    assert!(out.starts_with("Check-ins per month since "), "{out}");
    assert!(out.lines().nth(1).unwrap().starts_with("  "), "{out}");

    let t = trends_json(&s, &["--since", "2w"]);
    assert_eq!(t.by, "week");
    assert_eq!(t.since, format!("{}T00:00:00Z", days_ago(14)));
    assert_eq!(t.buckets.iter().map(|b| b.checkins).sum::<u32>(), 2);
}

#[test]
fn no_map_yet_is_an_empty_result() {
    let s = Sandbox::new();
    let out = s.cmd().arg("trends").output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("Your map is empty"), "{stderr}");
    assert_eq!(s.ok(&["trends", "--json"]), "{}\n");
    assert!(!s.db.exists(), "a read never creates the map");
}

#[test]
fn nothing_logged_in_the_window_is_said_kindly() {
    let s = Sandbox::new();
    s.ok(&[
        "-q",
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--every",
        "weekly",
    ]);
    s.ok(&["-q", "checkin", "Jo", "--at", "200d ago"]);
    let out = s.ok(&["trends"]);
    assert_eq!(
        out,
        format!(
            "No check-ins are logged since {}. Whenever you are in touch with someone, you \
             can note it with: supportmap checkin NAME\n",
            days_ago(90)
        )
    );
    assert_eq!(s.ok(&["-q", "trends"]), "");
    let t = trends_json(&s, &[]);
    assert!(t.buckets.iter().all(|b| b.checkins == 0));
    assert_eq!(t.supporters.len(), 1, "Jo has a rhythm");
    assert_eq!(t.supporters[0].checkins, 0);
}

#[test]
fn a_since_that_cannot_be_used_is_refused() {
    let s = four_months();
    s.refuses_all(&[
        (
            &["trends", "--since", "banana"],
            "--since: \"banana\" is not a time",
        ),
        (&["trends", "--since", "2099-01-01"], "is in the future"),
        (&["trends", "--since", "5000y"], "too far back"),
    ]);
    // Refused before the map is looked for.
    let empty = Sandbox::new();
    empty.fails(2, &["trends", "--since", "banana"]);
}
