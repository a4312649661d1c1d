//! `supportmap gaps`, as a new user meets it: building a network up from nothing.

mod common;

use std::collections::BTreeSet;

use common::Sandbox;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    summary: Summary,
    gaps: Vec<GapJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    active_supporters: usize,
    categories_covered: usize,
    categories_total: usize,
    categories_missing: Vec<String>,
    functions_covered: usize,
    functions_total: usize,
    functions_missing: Vec<String>,
    crisis_contacts: usize,
    crisis_reachable_24_7: bool,
    inner_circle: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GapJson {
    id: String,
    severity: String,
    message: String,
    why: String,
    suggestion: String,
    command: Option<String>,
    supporters: Vec<String>,
    dismissed: bool,
    dismissed_reason: Option<String>,
    dismissed_at: Option<String>,
    dismissed_until: Option<String>,
}

fn report(s: &Sandbox, args: &[&str]) -> Report {
    let mut all = vec!["gaps", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&s.ok(&all)).expect("gaps --json parses")
}

fn ids(s: &Sandbox) -> BTreeSet<String> {
    report(s, &[]).gaps.into_iter().map(|g| g.id).collect()
}

fn exit_code(s: &Sandbox, args: &[&str]) -> Option<i32> {
    s.cmd().args(args).output().unwrap().status.code()
}

#[test]
fn an_empty_map_lacks_everything_and_no_database_is_created() {
    let s = Sandbox::new();
    let r = report(&s, &[]);
    assert_eq!(r.summary.active_supporters, 0);
    assert_eq!(
        (r.summary.categories_covered, r.summary.categories_total),
        (0, 7)
    );
    assert_eq!(
        (r.summary.functions_covered, r.summary.functions_total),
        (0, 7)
    );
    assert_eq!(r.gaps[0].id, "crisis-none");
    assert_eq!(r.gaps[0].severity, "critical");
    assert!(
        r.gaps[0].suggestion.contains("988"),
        "{}",
        r.gaps[0].suggestion
    );
    assert!(
        r.gaps[0]
            .command
            .as_deref()
            .unwrap()
            .contains("--crisis --phone 988")
    );
    assert_eq!(exit_code(&s, &["gaps", "--fail-on", "critical"]), Some(1));
    assert!(!s.db.exists());
}

#[test]
fn each_rule_fires_while_the_map_lacks_it_and_clears_once_added() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--circle",
        "inner",
        "--gives",
        "accountability,advice,encouragement,emotional,practical,belonging",
        "--crisis",
    ]);
    let found = ids(&s);
    for expected in [
        "crisis-few",
        "crisis-no-24-7",
        "crisis-no-phone:Jo",
        "crisis-no-professional",
        "category-missing:family-or-friend",
        "category-missing:peer",
        "category-missing:professional",
        "category-missing:community",
        "category-missing:spiritual",
        "network-small",
    ] {
        assert!(
            found.contains(expected),
            "{expected} missing from {found:?}"
        );
    }
    assert!(!found.contains("crisis-none"));
    assert!(!found.contains("category-missing:sponsor"));
    assert!(
        !found.iter().any(|id| id.starts_with("function-single:")),
        "one person is a small network, not six single points of failure: {found:?}"
    );

    s.ok(&["contacts", "edit", "jo", "--phone", "555-0101"]);
    s.add_crisis_line(&["--circle", "outer", "--mode", "hybrid"]);
    let found = ids(&s);
    assert!(found.contains("crisis-few"), "{found:?}");
    for cleared in [
        "crisis-no-24-7",
        "crisis-no-phone:Jo",
        "category-missing:professional",
    ] {
        assert!(!found.contains(cleared), "{cleared} still in {found:?}");
    }
    assert!(found.contains("network-small"), "two supporters: {found:?}");

    s.ok(&[
        "add",
        "Sam",
        "--category",
        "family",
        "--circle",
        "inner",
        "--gives",
        "emotional,practical,crisis,belonging",
        "--phone",
        "555-0102",
    ]);
    s.ok(&[
        "add",
        "Tuesday NA",
        "--kind",
        "group",
        "--category",
        "na",
        "--gives",
        "belonging,accountability,encouragement,advice",
    ]);
    s.ok(&[
        "add",
        "Food co-op",
        "--kind",
        "group",
        "--category",
        "community",
        "--gives",
        "practical",
    ]);
    let found = ids(&s);
    for cleared in [
        "crisis-few",
        "category-missing:family-or-friend",
        "category-missing:peer",
        "category-missing:community",
        "function-single:emotional",
        "over-reliance:Jo",
        "network-small",
    ] {
        assert!(!found.contains(cleared), "{cleared} still in {found:?}");
    }
    assert_eq!(
        found,
        BTreeSet::from([
            "category-missing:spiritual".to_string(),
            "plan-missing".to_string()
        ]),
        "only the spiritual gap and the safety plan are left"
    );
    s.ok(&["plan", "add", "warning-signs", "Skipping meals"]);
    assert_eq!(
        ids(&s),
        BTreeSet::from(["category-missing:spiritual".to_string()])
    );
    let r = report(&s, &[]);
    assert_eq!(r.summary.crisis_contacts, 3);
    assert!(r.summary.crisis_reachable_24_7);
    assert_eq!(r.summary.inner_circle, 2);
    // Coverage counts categories one by one; the gap rule lets friends stand for family.
    assert_eq!(r.summary.categories_missing, ["friend", "spiritual"]);
    assert!(r.summary.functions_missing.is_empty());
    assert_eq!(r.gaps[0].severity, "info");
}

#[test]
fn rhythm_gaps_follow_check_ins() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor", "--every", "weekly"]);
    s.ok(&["checkin", "jo", "--at", "9d ago"]);
    let r = report(&s, &[]);
    let overdue = r
        .gaps
        .iter()
        .find(|g| g.id == "overdue:Jo")
        .expect("overdue:Jo");
    assert_eq!(overdue.severity, "warning");
    assert_eq!(
        overdue.message,
        "Last in touch with Jo 9 days ago (you hoped for weekly)"
    );
    assert!(
        overdue.why.starts_with("last contact 9 days ago"),
        "{}",
        overdue.why
    );
    assert_eq!(overdue.supporters, ["Jo"]);
    s.ok(&["checkin", "jo"]);
    assert!(!ids(&s).contains("overdue:Jo"));
}

#[test]
fn paused_crisis_contacts_are_flagged_and_do_not_count() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Dev",
        "--category",
        "friend",
        "--crisis",
        "--phone",
        "555",
    ]);
    s.ok(&["contacts", "pause", "dev", "--reason", "taking space"]);
    let found = ids(&s);
    assert!(found.contains("crisis-none"), "{found:?}");
    assert!(found.contains("paused-crisis:Dev"), "{found:?}");
    s.ok(&["contacts", "edit", "dev", "--no-crisis"]);
    assert!(!ids(&s).contains("paused-crisis:Dev"));
}

#[test]
fn dismissals_hide_a_gap_persistently_until_restored() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    let out = s.ok(&[
        "gaps",
        "dismiss",
        "category-missing:spiritual",
        "--reason",
        "not for me",
    ]);
    assert!(
        out.starts_with("Dismissed category-missing:spiritual."),
        "{out}"
    );
    assert!(!ids(&s).contains("category-missing:spiritual"));

    let all = report(&s, &["--all"]);
    let dismissed = all
        .gaps
        .iter()
        .find(|g| g.id == "category-missing:spiritual")
        .expect("--all shows dismissed gaps");
    assert!(dismissed.dismissed);
    assert_eq!(dismissed.dismissed_reason.as_deref(), Some("not for me"));
    assert!(dismissed.dismissed_at.is_some());
    let human = s.ok(&["gaps", "--all"]);
    assert!(
        human.contains("id     category-missing:spiritual (dismissed: not for me)"),
        "{human}"
    );
    let human = s
        .ok(&["gaps"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        human.contains("1 set aside (gaps --all shows it)"),
        "{human}"
    );

    // Dismissed gaps do not fail a check.
    s.ok(&["gaps", "dismiss", "category-missing:community"]);
    assert_eq!(exit_code(&s, &["gaps", "--fail-on", "critical"]), Some(1));
    assert_eq!(
        s.ok(&["gaps", "restore", "category-missing:spiritual"]),
        "Restored category-missing:spiritual.\n"
    );
    assert!(ids(&s).contains("category-missing:spiritual"));
}

#[test]
fn bad_ids_are_refused_with_the_list_and_change_nothing() {
    let s = Sandbox::new();
    let err = s.fails(2, &["gaps", "dismiss", "category-missing:spirtual"]);
    assert!(
        err.contains("\"category-missing:spirtual\" is not one of the current gaps"),
        "{err}"
    );
    assert!(
        err.contains("hint: closest current gaps: category-missing:spiritual, "),
        "{err}"
    );
    assert!(!s.db.exists(), "a refused dismissal creates nothing");

    s.ok(&["add", "Jo", "--category", "sponsor"]);
    s.ok(&["gaps", "dismiss", "category-missing:spiritual"]);
    let before = s.snapshot();
    let err = s.fails(2, &["gaps", "dismiss", "category-missing:sponsor"]);
    assert!(err.contains("not one of the current gaps"), "{err}");
    let err = s.fails(2, &["gaps", "restore", "crisis-none"]);
    assert!(
        err.contains("\"crisis-none\" is not one of the dismissed gaps"),
        "{err}"
    );
    assert!(
        err.contains("hint: closest dismissed gaps: category-missing:spiritual"),
        "{err}"
    );
    s.fails(2, &["gaps", "dismiss", "crisis-none", "--reason", "  "]);
    s.fails(2, &["gaps", "--fail-on", "severe"]);
    assert_eq!(s.snapshot(), before);
    // Ids match in any case, and dismissing again keeps the reason.
    s.ok(&[
        "gaps",
        "dismiss",
        "Category-Missing:Community",
        "--reason",
        "not now",
    ]);
    assert_eq!(
        s.ok(&["gaps", "dismiss", "category-missing:community"]),
        "category-missing:community was already dismissed.\n"
    );
    assert!(s.ok(&["gaps", "--all"]).contains("(dismissed: not now)"));
    assert_eq!(
        s.ok(&["gaps", "restore", "CATEGORY-missing:Spiritual"]),
        "Restored category-missing:spiritual.\n"
    );
}

#[test]
fn fail_on_counts_open_gaps_at_or_above_the_severity() {
    let s = Sandbox::new();
    s.add_crisis_line(&[]);
    // Warnings and infos but nothing critical.
    assert_eq!(exit_code(&s, &["gaps", "--fail-on", "critical"]), Some(0));
    assert_eq!(exit_code(&s, &["gaps", "--fail-on", "warning"]), Some(1));
    assert_eq!(exit_code(&s, &["gaps", "--fail-on", "info"]), Some(1));
    assert_eq!(exit_code(&s, &["gaps"]), Some(0));
    // Dismiss every warning: --fail-on warning passes; info still fails.
    let warnings: Vec<String> = report(&s, &[])
        .gaps
        .into_iter()
        .filter(|g| g.severity != "info")
        .map(|g| g.id)
        .collect();
    for id in &warnings {
        s.ok(&["gaps", "dismiss", id]);
    }
    assert_eq!(exit_code(&s, &["gaps", "--fail-on", "warning"]), Some(0));
    assert_eq!(exit_code(&s, &["gaps", "--fail-on", "info"]), Some(1));
}

#[test]
fn the_human_report_fits_80_columns() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Dr Amara Okafor",
        "--category",
        "therapist",
        "--every",
        "2w",
    ]);
    s.ok(&["checkin", "dr", "--at", "20d ago"]);
    // --all: the whole report, not the first steps of a new map.
    let out = s
        .cmd()
        .env("COLUMNS", "80")
        .args(["gaps", "--all"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "Coverage (1 active supporter)\n  categories    1 of 7 (none yet: family, friend, \
             peer, sponsor, community,\n                spiritual)\n"
        ),
        "{text}"
    );
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    assert!(
        text.contains("needs attention · There is no one to call in a crisis"),
        "{text}"
    );
    assert!(
        text.contains("0 of 1 active supporter gives emotional support"),
        "{text}"
    );
    assert!(
        text.contains(
            "worth a look · Last in touch with Dr Amara Okafor 20 days ago (you hoped for\n  \
             biweekly)"
        ),
        "{text}"
    );
    assert!(
        text.contains("supportmap checkin 'Dr Amara Okafor'"),
        "{text}"
    );
    assert!(
        text.contains(" \\\n"),
        "long commands continue on the next line: {text}"
    );
    assert!(!text.contains('\u{1b}'));
    let critical = text.find("needs attention").unwrap();
    let info = text.find("an idea ·").unwrap();
    assert!(critical < info, "most severe first");

    let coloured = s
        .cmd()
        .env("CLICOLOR_FORCE", "1")
        .arg("gaps")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\u{1b}[1;31mneeds attention"));
}

#[test]
fn the_demo_shows_the_gaps_of_the_sample() {
    let s = Sandbox::new();
    let out = s.ok(&["demo"]);
    assert!(out.contains("What the sample map is missing"), "{out}");
    assert!(out.contains("Coverage (12 active supporters)"), "{out}");
    assert!(out.contains("overdue:Sam"), "{out}");
}

#[test]
fn all_lists_dismissals_whose_gap_is_not_showing() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor", "--every", "weekly"]);
    s.ok(&["checkin", "jo", "--at", "9d ago"]);
    s.ok(&["gaps", "dismiss", "overdue:Jo", "--reason", "on holiday"]);
    s.ok(&["checkin", "jo"]);
    let all = s.ok(&["gaps", "--all"]);
    assert!(
        all.contains("Set aside, and not a gap right now: overdue:Jo (on holiday)"),
        "{all}"
    );
}

#[test]
fn an_empty_map_suggests_adding_people_and_wording_reads_naturally() {
    let s = Sandbox::new();
    let r = report(&s, &[]);
    let practical = r
        .gaps
        .iter()
        .find(|g| g.id == "function-missing:practical")
        .unwrap();
    assert_eq!(practical.message, "Nobody gives practical help");
    assert_eq!(
        practical.command.as_deref(),
        Some("supportmap add NAME --category CATEGORY --gives practical")
    );
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "friend",
        "--crisis",
        "--phone",
        "555",
    ]);
    let r = report(&s, &[]);
    let pro = r
        .gaps
        .iter()
        .find(|g| g.id == "crisis-no-professional")
        .unwrap();
    assert_eq!(pro.why, "Jo is not a professional or a service");
}

#[test]
fn a_new_map_gets_a_few_next_steps_and_a_larger_one_the_first_few() {
    let s = Sandbox::new();
    let out = s.ok(&["gaps"]);
    assert!(
        out.starts_with("Getting started: a few next steps for a map of 0 supporters\n"),
        "{out}"
    );
    assert_eq!(out.matches("\n  id     ").count(), 3, "{out}");
    assert!(out.contains("more ideas: supportmap gaps --all\n"), "{out}");
    assert!(!out.contains("Coverage"), "{out}");

    for name in ["Ana", "Ben", "Cal", "Dee"] {
        s.ok(&["add", name, "--category", "friend"]);
    }
    let out = s.ok(&["gaps"]);
    assert!(out.starts_with("Coverage (4 active supporters)"), "{out}");
    assert_eq!(out.matches("\n  id     ").count(), 5, "{out}");
    let all = s.ok(&["gaps", "--all"]);
    assert!(all.matches("\n  id     ").count() > 5, "{all}");
}

#[test]
fn the_longest_overdue_comes_first_and_groups_are_gone_to() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor", "--every", "weekly"]);
    s.ok(&[
        "add",
        "Tuesday NA",
        "--kind",
        "group",
        "--category",
        "na",
        "--every",
        "weekly",
    ]);
    s.ok(&["checkin", "jo", "--at", "10d ago"]);
    s.ok(&["checkin", "tuesday", "--at", "30d ago"]);
    let r = report(&s, &[]);
    let overdue: Vec<&str> = r
        .gaps
        .iter()
        .filter(|g| g.id.starts_with("overdue:"))
        .map(|g| g.message.as_str())
        .collect();
    assert_eq!(
        overdue,
        [
            "Last went to Tuesday NA 30 days ago (you hoped for weekly)",
            "Last in touch with Jo 10 days ago (you hoped for weekly)",
        ]
    );
    let group = r
        .gaps
        .iter()
        .find(|g| g.id == "overdue:Tuesday NA")
        .unwrap();
    assert!(
        group.suggestion.contains("going to Tuesday NA"),
        "{}",
        group.suggestion
    );
}

#[test]
fn gaps_are_snoozed_and_ids_taken_by_their_start() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor", "--every", "weekly"]);
    s.ok(&["checkin", "jo", "--at", "9d ago"]);
    // A rhythm reminder dismissed is snoozed for one rhythm, with a way to stop it.
    let out = s.ok(&["gaps", "dismiss", "overdue:jo"]);
    assert!(out.starts_with("Snoozed overdue:Jo until "), "{out}");
    assert!(
        out.contains("supportmap contacts edit Jo --clear every"),
        "{out}"
    );
    let snoozed = report(&s, &["--all"]);
    let jo = snoozed.gaps.iter().find(|g| g.id == "overdue:Jo").unwrap();
    assert!(jo.dismissed && jo.dismissed_until.is_some());
    assert!(!ids(&s).contains("overdue:Jo"));

    // Any gap: --for and --until, by an unambiguous start of its id.
    let out = s.ok(&["gaps", "snooze", "category-missing:spi", "--for", "2w"]);
    assert!(
        out.starts_with("Snoozed category-missing:spiritual until "),
        "{out}"
    );
    let err = s.fails(2, &["gaps", "snooze", "category-missing", "--for", "2w"]);
    assert!(err.contains("starts"), "{err}");
    assert!(err.contains("type more of the id"), "{err}");
    let err = s.fails(
        2,
        &[
            "gaps",
            "snooze",
            "category-missing:peer",
            "--until",
            "2020-01-01",
        ],
    );
    assert!(err.contains("has passed"), "{err}");
    s.ok(&[
        "gaps",
        "snooze",
        "category-missing:peer",
        "--until",
        "2099-01-01",
    ]);
    assert!(!ids(&s).contains("category-missing:peer"));
    assert_eq!(
        s.ok(&["gaps", "restore", "category-missing:p"]),
        "Restored category-missing:peer.\n"
    );
    assert!(ids(&s).contains("category-missing:peer"));
}
