//! The session report: one self-contained HTML page with the map, the crisis card, the
//! safety plan, what changed and how contact has gone.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::Sandbox;
use roxmltree::{Document, Node, ParsingOptions};

/// A map loaded with the demo's sample network, the user's name and a recovery date.
fn demo_map() -> Sandbox {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.db.parent().unwrap()).unwrap();
    s.ok(&["demo", "--db", s.db.to_str().unwrap()]);
    s.ok(&["settings", "name", "Maya"]);
    s.ok(&["settings", "recovery-date", "2026-03-14"]);
    s
}

/// The page as XML (it is written as well-formed XHTML-compatible HTML).
fn parse(html: &str) -> Document<'_> {
    let body = html.trim_start_matches("<!DOCTYPE html>").trim_start();
    Document::parse_with_options(
        body,
        ParsingOptions {
            allow_dtd: true,
            ..ParsingOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("the report parses: {e}\n{html}"))
}

fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect::<Vec<_>>()
        .join("")
}

fn section<'a, 'i>(doc: &'a Document<'i>, heading: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.has_tag_name("h2") && text_of(*n).starts_with(heading))
        .unwrap_or_else(|| panic!("a section headed {heading}"))
}

#[test]
fn the_report_holds_every_part_on_one_self_contained_page() {
    let s = demo_map();
    let out = s.dir.path().join("session.html");
    let said = s
        .cmd()
        .args(["report", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(said.status.success(), "{said:?}");
    assert!(String::from_utf8_lossy(&said.stderr).contains("Wrote the session report to"));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, 0o600,
        "private to the user, as every file supportmap writes"
    );
    let html = std::fs::read_to_string(&out).unwrap();
    let doc = parse(&html);

    let title = doc.descendants().find(|n| n.has_tag_name("h1")).unwrap();
    assert_eq!(text_of(title), "Session report: Maya");
    assert!(
        html.contains("since your recovery date (14 March 2026)"),
        "{html}"
    );
    assert!(html.contains("No review yet: changes over the last 30 days"));

    // The map, inline, with every active and paused supporter drawn.
    let svg = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("svg") && n.attribute("id").is_none() && n.attribute("class").is_none()
        })
        .expect("the map is drawn inline");
    let people = svg
        .descendants()
        .filter(|n| n.attribute("class") == Some("supporter"))
        .count();
    assert_eq!(people, 13, "12 active and 1 paused");

    // The crisis card, in calling order, with the numbers.
    let card = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("card"))
        .expect("a crisis card");
    let card = text_of(card);
    assert!(card.starts_with("IN A CRISIS, CALL"), "{card}");
    let jo = card.find("1. Jo").expect("Jo first");
    let sam = card.find("2. Sam").expect("Sam second");
    assert!(jo < sam && card.contains("555-0101"), "{card}");

    // Coverage, the most useful gaps, what changed, the charts, rhythms and the plan.
    let coverage = text_of(section(&doc, "Coverage").next_sibling_element().unwrap());
    assert!(coverage.contains("categories7 of 7"), "{coverage}");
    let gaps = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("gap"))
        .count();
    assert!((1..=3).contains(&gaps), "a few gaps, not all: {gaps}");
    let changed = text_of(
        section(&doc, "What changed")
            .next_sibling_element()
            .unwrap(),
    );
    assert!(changed.contains("added"), "{changed}");
    let charts = doc
        .descendants()
        .filter(|n| n.has_tag_name("svg") && n.attribute("class") == Some("chart"))
        .collect::<Vec<_>>();
    assert_eq!(charts.len(), 2, "check-ins, and moods");
    assert!(
        charts[0]
            .descendants()
            .any(|n| n.attribute("class") == Some("bar")),
        "the demo's check-ins are drawn as bars"
    );
    assert!(
        charts[1]
            .descendants()
            .any(|n| n.attribute("class") == Some("mood"))
    );
    let rhythms = text_of(section(&doc, "Rhythms").next_sibling_element().unwrap());
    assert!(
        rhythms.contains("Jo") && rhythms.contains("weekly: kept"),
        "{rhythms}"
    );
    section(&doc, "Safety plan for Maya");
    let tel = doc
        .descendants()
        .find(|n| n.has_tag_name("a") && n.attribute("href") == Some("tel:5550101"))
        .expect("Jo's number is a link a phone can call");
    assert_eq!(tel.text(), Some("555-0101"));

    // Self-contained: no scripts, no links, nothing from elsewhere, and it says so.
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("script"))
            .count(),
        0
    );
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("link")).count(),
        0
    );
    let outside: Vec<&str> = html
        .match_indices("http")
        .map(|(at, _)| &html[at..(at + 30).min(html.len())])
        .filter(|rest| {
            !rest.starts_with("http://www.w3.org/2000/svg") && !rest.starts_with("http-equiv")
        })
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    let style = doc.descendants().find(|n| n.has_tag_name("style")).unwrap();
    assert!(style.text().unwrap().contains("@media print"));

    // Without --out, the page goes to standard output.
    let printed = s.ok(&["report"]);
    assert!(printed.starts_with("<!DOCTYPE html>"));
}

#[test]
fn the_report_marks_what_changed_since_a_day() {
    let s = Sandbox::with_jo();
    s.ok(&["add", "Lee", "--category", "friend", "--circle", "middle"]);
    s.ok(&["add", "Ash", "--category", "peer", "--circle", "outer"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mid = chrono::Utc::now().to_rfc3339();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.ok(&["add", "Sam", "--category", "family", "--circle", "inner"]);
    s.ok(&["contacts", "edit", "ash", "--circle", "inner"]);
    s.ok(&["contacts", "archive", "lee"]);
    s.ok(&["checkin", "sam", "--mood", "7"]);
    let before = s.snapshot();
    let html = s.ok(&["report", "--since", &mid]);
    assert_eq!(s.snapshot(), before, "a report changes nothing");
    let doc = parse(&html);
    let changed = text_of(
        section(&doc, "What changed")
            .next_sibling_element()
            .unwrap(),
    );
    assert!(changed.contains("addedSam"), "{changed}");
    assert!(changed.contains("archivedLee"), "{changed}");
    assert!(
        changed.contains("moved circleAsh (outer to inner)"),
        "{changed}"
    );
    assert!(changed.contains("check-ins1: Sam 1"), "{changed}");

    // The map marks the same: Sam new, Ash moved in from the outer ring, Lee gone.
    let sam = doc
        .descendants()
        .find(|n| {
            n.attribute("data-name") == Some("Sam") && n.attribute("class") == Some("supporter")
        })
        .unwrap();
    assert!(sam.children().any(|n| n.attribute("class") == Some("new")));
    let moved: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("moved"))
        .map(|n| {
            (
                n.attribute("data-name").unwrap(),
                n.attribute("data-from").unwrap(),
            )
        })
        .collect();
    assert_eq!(moved, [("Ash", "outer")]);
    let left: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("left"))
        .map(text_of)
        .collect();
    assert_eq!(left, ["Lee (archived)"]);
}

#[test]
fn a_redacted_report_keeps_the_shape_and_leaves_out_who() {
    let s = demo_map();
    s.ok(&[
        "add",
        "Jo Smith",
        "--category",
        "friend",
        "--phone",
        "555-0199",
        "--note",
        "lives by the park",
    ]);
    let html = s.ok(&["report", "--redact"]);
    for secret in [
        "Maya",
        "Jo Smith",
        "555-0199",
        "555-0101",
        "lives by the park",
        "Grandma Rose",
        "tel:",
        "recovery date",
        "Skipping meals",
    ] {
        assert!(!html.contains(secret), "{secret} is in the redacted report");
    }
    let doc = parse(&html);
    let title = doc.descendants().find(|n| n.has_tag_name("h1")).unwrap();
    assert_eq!(text_of(title), "Session report: M.");
    assert!(html.contains("J. S."), "initials stay");
    assert!(
        html.contains("(number left out)"),
        "the card says a number exists"
    );
    assert!(
        html.contains("lines (left out)"),
        "the plan's lines are counted, not shown"
    );
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let empty = Sandbox::new();
    let err = empty.fails(2, &["report"]);
    assert!(
        err.contains("error: there is no map to report on yet"),
        "{err}"
    );

    let s = Sandbox::with_jo();
    let map = s.db.to_str().unwrap().to_string();
    s.refuses_all(&[
        (&["report", "--since", "someday"], "--since"),
        (
            &["report", "--since", "last-review"],
            "there has been no review yet",
        ),
        (&["report", "--me", ""], "--me"),
        (&["report", "--force"], "--out"),
    ]);
    let before = s.snapshot();
    let err = s.fails(2, &["report", "--out", &map, "--force"]);
    assert!(err.contains("map"), "{err}");
    assert_eq!(s.snapshot(), before, "the map is never written over");
    let out = s.dir.path().join("kept.html");
    std::fs::write(&out, "mine").unwrap();
    let err = s.fails(2, &["report", "--out", out.to_str().unwrap()]);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
}

#[test]
fn map_compare_marks_new_moved_and_left_in_svg_and_json_only() {
    let s = Sandbox::with_jo();
    s.ok(&["add", "Lee", "--category", "friend", "--circle", "outer"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mid = chrono::Utc::now().to_rfc3339();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.ok(&["contacts", "edit", "lee", "--circle", "inner"]);
    s.ok(&["add", "Sam", "--category", "family"]);
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["map", "--json", "--compare", &mid])).unwrap();
    let node = |name: &str| {
        json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(node("Sam")["since"], "new");
    assert_eq!(node("Lee")["since"], "moved");
    assert_eq!(node("Lee")["moved_from"], "outer");
    assert!(node("Jo").get("since").is_none());
    assert_eq!(json["left"], serde_json::json!([]));
    // --since is the same flag, for those who think of it that way.
    let svg = s.ok(&["map", "--format", "svg", "--since", &mid]);
    assert!(
        svg.contains("class=\"moved\" data-name=\"Lee\" data-from=\"outer\""),
        "{svg}"
    );
    assert!(
        svg.contains("new (1)") && svg.contains("moved circle (1)"),
        "{svg}"
    );
    s.refuses_all(&[
        (&["map", "--compare", &mid], "the text map does not show it"),
        (
            &["map", "--format", "mermaid", "--compare", &mid],
            "the mermaid map does not show it",
        ),
        (
            &["map", "--format", "svg", "--compare", "someday"],
            "--compare",
        ),
        (
            &["map", "--format", "svg", "--compare", "1d", "--at", "1d"],
            "--at",
        ),
    ]);
}
