//! `supportmap crisis` and `supportmap plan`, driven end to end.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::Sandbox;
use serde_json::Value;

fn with_contacts() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Zed",
        "--category",
        "friend",
        "--crisis",
        "--phone",
        "555-0001",
        "--circle",
        "outer",
    ]);
    s.ok(&[
        "add",
        "Amy",
        "--category",
        "friend",
        "--crisis",
        "--phone",
        "555-0002",
        "--circle",
        "inner",
    ]);
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--role",
        "NA sponsor",
        "--crisis-order",
        "1",
        "--phone",
        "555-0101",
        "--available",
        "any time",
    ]);
    s.ok(&[
        "add",
        "988 Lifeline",
        "--kind",
        "service",
        "--category",
        "professional",
        "--crisis-order",
        "2",
        "--phone",
        "988",
        "--available",
        "24/7",
        "--circle",
        "outer",
    ]);
    s.ok(&[
        "add",
        "Dev",
        "--category",
        "friend",
        "--crisis",
        "--phone",
        "555-0113",
    ]);
    s.ok(&["contacts", "pause", "dev"]);
    s.ok(&[
        "add",
        "Priya",
        "--category",
        "friend",
        "--phone",
        "555-0103",
    ]);
    s
}

#[test]
fn the_card_lists_crisis_contacts_in_order_with_their_numbers_first_thing() {
    let s = with_contacts();
    let card = s.ok(&["crisis"]);
    assert!(
        card.starts_with("IN A CRISIS, CALL\n\n1. Jo (NA sponsor), any time\n   555-0101\n"),
        "{card}"
    );
    let order: Vec<&str> = card
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()) && l.contains(". "))
        .collect();
    assert_eq!(
        order,
        [
            "1. Jo (NA sponsor), any time",
            "2. 988 Lifeline (professional), 24/7",
            "3. Amy (friend)",
            "4. Zed (friend)",
        ],
        "crisis order, then inner circle first, then name; paused Dev and non-crisis Priya left off"
    );
    assert!(
        card.contains("\n   988\n"),
        "each number alone on its line: {card}"
    );
    assert!(
        card.contains("Open 24/7: Jo 555-0101 · 988 Lifeline 988"),
        "{card}"
    );
    assert!(!card.contains("Dev") && !card.contains("Priya"), "{card}");

    let json: Value = serde_json::from_str(&s.ok(&["crisis", "--json"])).unwrap();
    let names: Vec<&str> = json["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Jo", "988 Lifeline", "Amy", "Zed"]);
    assert_eq!(json["contacts"][0]["position"], 1);
    assert_eq!(json["contacts"][0]["phone"], "555-0101");
    assert_eq!(json["contacts"][1]["reachable_24_7"], true);
    assert_eq!(
        json["reachable_24_7"],
        serde_json::json!(["Jo", "988 Lifeline"])
    );

    // Reordering is one edit away.
    s.ok(&["contacts", "edit", "zed", "--crisis-order", "1"]);
    s.ok(&["contacts", "edit", "jo", "--crisis-order", "3"]);
    let card = s.ok(&["crisis"]);
    assert!(card.contains("\n1. Zed (friend)\n"), "{card}");
}

#[test]
fn an_empty_card_says_how_to_add_someone_and_creates_nothing() {
    let s = Sandbox::new();
    let card = s.ok(&["crisis"]);
    assert!(
        card.starts_with("No crisis contacts are saved yet."),
        "{card}"
    );
    assert!(card.contains("call or text 988"), "{card}");
    assert!(
        card.contains("supportmap add NAME --category CATEGORY --crisis --phone NUMBER"),
        "{card}"
    );
    assert!(card.contains("local emergency number"), "{card}");
    let json: Value = serde_json::from_str(&s.ok(&["crisis", "--json"])).unwrap();
    assert_eq!(json["contacts"], serde_json::json!([]));
    assert!(!s.db.exists());
}

#[test]
fn the_card_answers_while_another_process_is_writing() {
    let s = with_contacts();
    let mut conn = rusqlite::Connection::open(&s.db).unwrap();
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    tx.execute("UPDATE supporters SET phone = '000' WHERE name = 'Jo'", [])
        .unwrap();
    // The writer holds its lock for the whole of this test.
    let card = s.ok(&["crisis"]);
    assert!(
        card.contains("555-0101"),
        "the last committed number: {card}"
    );
    assert!(!card.contains("000\n"), "{card}");
    // A write, by contrast, has to wait for the lock.
    drop(tx);
}

#[test]
fn the_card_reads_an_older_database_without_migrating_it() {
    let s = Sandbox::new();
    s.schema_one_database(
        "INSERT INTO supporters (id, name, name_key, kind, category, circle, mode, status,
                 phone, created_at, updated_at)
             VALUES (1, 'Jo', 'jo', 'person', 'sponsor', 'inner', 'in-person', 'active',
                 '555-0101', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO supporter_gives VALUES (1, 'crisis');",
    );
    let before = std::fs::read(&s.db).unwrap();
    assert!(s.ok(&["crisis"]).contains("1. Jo (sponsor)\n   555-0101"));
    assert_eq!(
        std::fs::read(&s.db).unwrap(),
        before,
        "no migration, no write"
    );
}

fn plan_json(s: &Sandbox) -> Value {
    serde_json::from_str(&s.ok(&["plan", "--json"])).unwrap()
}

fn section_lines(s: &Sandbox, index: usize) -> Vec<String> {
    plan_json(s)["sections"][index]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_plan_is_built_section_by_section_in_order() {
    let s = with_contacts();
    assert_eq!(
        s.ok(&["plan", "add", "coping", "A", "walk", "with", "music"]),
        "Added to coping as line 1.\n"
    );
    s.ok(&["plan", "add", "coping", "Box breathing"]);
    s.ok(&["plan", "add", "strategies", "Call Jo"]);
    s.ok(&["plan", "add", "warning-signs", "Skipping meals"]);
    s.ok(&["plan", "add", "reasons", "Sam's wedding"]);
    s.ok(&["plan", "add", "distractions", "The food co-op"]);
    s.ok(&["plan", "add", "safe-environment", "No alcohol at home"]);
    assert_eq!(
        section_lines(&s, 1),
        ["A walk with music", "Box breathing", "Call Jo"]
    );

    s.ok(&["plan", "move", "coping", "3", "1"]);
    assert_eq!(
        section_lines(&s, 1),
        ["Call Jo", "A walk with music", "Box breathing"]
    );
    assert_eq!(
        s.ok(&["plan", "remove", "coping", "2"]),
        "Removed line 2 of coping: \"A walk with music\".\n"
    );
    assert_eq!(section_lines(&s, 1), ["Call Jo", "Box breathing"]);

    let json = plan_json(&s);
    let titles: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Warning signs that a crisis may be coming",
            "Things I can do on my own to cope",
            "People and places that take my mind off things",
            "My reasons for living and for recovery",
            "People I can ask for help",
            "Professionals and agencies I can contact",
            "Making my surroundings safe",
            "People, places and situations I keep away from",
        ]
    );
    assert_eq!(
        section_lines(&s, 4),
        [
            "Jo (NA sponsor): 555-0101, any time",
            "Amy: 555-0002",
            "Zed: 555-0001"
        ]
    );
    assert_eq!(section_lines(&s, 5), ["988 Lifeline: 988, 24/7"]);

    let text = s.ok(&["plan"]);
    assert!(
        text.starts_with(
            "SAFETY PLAN\nNot reviewed yet: when you have looked it over, `supportmap plan \
             review` marks it\n\n1. Warning signs"
        ),
        "{text}"
    );
    assert!(
        text.contains("2. Things I can do on my own to cope\n   1. Call Jo\n   2. Box breathing\n"),
        "{text}"
    );
}

#[test]
fn people_in_the_plan_follow_the_map() {
    let s = with_contacts();
    s.ok(&["contacts", "edit", "amy", "--phone", "555-9999"]);
    assert!(section_lines(&s, 4).contains(&"Amy: 555-9999".to_string()));
    s.ok(&["contacts", "edit", "amy", "--no-crisis"]);
    assert!(!section_lines(&s, 4).iter().any(|l| l.starts_with("Amy")));
}

#[test]
fn bad_plan_input_is_refused_and_changes_nothing() {
    let s = Sandbox::new();
    s.fails(2, &["plan", "remove", "coping", "1"]);
    assert!(!s.db.exists(), "nothing to remove, nothing created");
    s.ok(&["plan", "add", "coping", "walk"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["plan", "add", "hobbies", "x"],
            "unknown plan section \"hobbies\"; choose from warning-signs, coping, distractions, reasons, safe-environment",
        ),
        (&["plan", "add", "coping"], "give the text to add"),
        (&["plan", "add", "coping", " "], "the text is empty"),
        (
            &["plan", "remove", "coping", "2"],
            "coping has no line 2: it has 1",
        ),
        (&["plan", "remove", "coping", "0"], "coping has no line 0"),
        (
            &["plan", "remove", "reasons", "1"],
            "reasons has no line 1: it is empty",
        ),
        (
            &["plan", "move", "coping", "1", "3"],
            "coping has no line 3",
        ),
        (&["plan", "remove", "coping", "x"], "invalid value 'x'"),
        (
            &["plan", "export", "--format", "pdf"],
            "invalid value 'pdf'",
        ),
    ];
    s.refuses_all(cases);
}

fn with_plan() -> Sandbox {
    let s = with_contacts();
    s.ok(&[
        "plan",
        "add",
        "warning-signs",
        "Not answering <calls> & \"texts\"",
    ]);
    s.ok(&["plan", "add", "coping", "A *long* walk"]);
    s.ok(&["plan", "add", "reasons", "My daughter"]);
    s.ok(&["plan", "review"]);
    s
}

#[test]
fn the_text_export_has_every_section_and_number() {
    let s = with_plan();
    let text = s.ok(&["plan", "export"]);
    let headings = text
        .lines()
        .filter(|l| l.len() > 3 && l.as_bytes()[0].is_ascii_digit() && &l[1..3] == ". ")
        .count();
    assert_eq!(headings, 8, "{text}");
    for number in ["555-0101", "988", "555-0002", "555-0001"] {
        assert!(text.contains(number), "{number} missing from {text}");
    }
    assert!(
        !text.contains("supportmap plan add"),
        "no command hints on paper: {text}"
    );
    assert!(text.contains("Last reviewed "), "{text}");
}

#[test]
fn the_markdown_export_parses_back_into_its_sections() {
    let s = with_plan();
    let md = s.ok(&["plan", "export", "--format", "markdown"]);
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in md.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            sections.push((title.to_string(), Vec::new()));
        } else if let Some((_, item)) = line
            .split_once(". ")
            .filter(|(n, _)| n.parse::<u32>().is_ok())
        {
            sections.last_mut().unwrap().1.push(item.to_string());
        }
    }
    assert!(md.starts_with("# Safety plan\n"), "{md}");
    assert_eq!(sections.len(), 8, "{md}");
    assert_eq!(
        sections[0].0,
        "1. Warning signs that a crisis may be coming"
    );
    assert_eq!(
        sections[0].1,
        ["Not answering \\<calls\\> \\& \\\"texts\\\""]
    );
    assert_eq!(sections[1].1, ["A \\*long\\* walk"]);
    assert_eq!(sections[5].1, ["988 Lifeline: 988, 24/7"]);
}

#[test]
fn the_html_export_is_a_self_contained_printable_page() {
    let s = with_plan();
    let out = s.dir.path().join("plan.html");
    s.ok(&[
        "plan",
        "export",
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600,
        "health information: private file"
    );
    let html = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .expect("the page is well-formed");
    let named = |tag: &'static str| doc.descendants().filter(move |n| n.has_tag_name(tag));
    assert_eq!(named("section").count(), 8);
    assert_eq!(named("h1").next().unwrap().text(), Some("Safety plan"));
    let items: Vec<String> = named("li")
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    assert!(
        items.contains(&"Not answering <calls> & \"texts\"".to_string()),
        "{items:?}"
    );
    // People to call: the number set apart, as a link a phone can call.
    let jo = named("li")
        .find(|n| {
            n.descendants()
                .any(|d| d.text().is_some_and(|t| t.trim() == "Jo"))
        })
        .expect("Jo is among the people to ask for help");
    let link = jo
        .descendants()
        .find(|n| n.has_tag_name("a"))
        .expect("Jo's number is a link");
    assert_eq!(link.attribute("href"), Some("tel:5550101"));
    assert_eq!(link.text(), Some("555-0101"));
    assert!(
        html.contains("Date: ______________"),
        "a line to fill in by hand"
    );
    let style = named("style").next().unwrap().text().unwrap();
    assert!(style.contains("@media print"), "{style}");
    assert_eq!(named("script").count(), 0);
    assert_eq!(named("link").count(), 0);
    assert!(
        !html.replace("http-equiv", "").contains("http"),
        "nothing outside the page"
    );
    let policy = named("meta")
        .find(|n| n.attribute("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|n| n.attribute("content"))
        .expect("the page forbids loading anything itself");
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
}

#[test]
fn review_stamps_the_plan_and_the_plan_gaps_fire_and_clear() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Amy",
        "--category",
        "friend",
        "--crisis",
        "--phone",
        "555-0002",
    ]);
    let ids = |s: &Sandbox| -> Vec<String> {
        let json: Value = serde_json::from_str(&s.ok(&["gaps", "--json"])).unwrap();
        json["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect()
    };
    let found = ids(&s);
    assert!(found.contains(&"plan-missing".to_string()), "{found:?}");
    assert!(
        found.contains(&"crisis-no-professional".to_string()),
        "{found:?}"
    );

    s.ok(&["plan", "add", "coping", "walk"]);
    s.add_crisis_line(&[]);
    let found = ids(&s);
    assert!(!found.contains(&"plan-missing".to_string()), "{found:?}");
    assert!(
        !found.contains(&"crisis-no-professional".to_string()),
        "{found:?}"
    );
    assert!(!found.contains(&"plan-stale".to_string()), "{found:?}");

    // A review 100 days ago is stale; reviewing today clears it.
    let out = s.ok(&["plan", "review"]);
    assert!(
        out.starts_with("Marked the plan as reviewed today"),
        "{out}"
    );
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    conn.execute(
        "UPDATE plan_reviews SET reviewed_at = ?1",
        [(chrono::Utc::now() - chrono::Duration::days(100))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
    )
    .unwrap();
    assert!(ids(&s).contains(&"plan-stale".to_string()));
    assert!(
        s.ok(&["plan"]).contains("Last reviewed"),
        "the plan says when"
    );
    s.ok(&["plan", "review"]);
    assert!(!ids(&s).contains(&"plan-stale".to_string()));
    assert!(s.ok(&["plan"]).contains("(today)"));
}

#[test]
fn the_demo_shows_the_crisis_card() {
    let s = Sandbox::new();
    let out = s.ok(&["demo"]);
    assert!(
        out.contains("IN A CRISIS, CALL\n\n1. Jo (NA sponsor), any time\n   555-0101"),
        "{out}"
    );
    let path = s.dir.path().join("sample.db");
    s.ok(&["demo", "--db", path.to_str().unwrap()]);
    let plan = s.ok(&["--db", path.to_str().unwrap(), "plan"]);
    assert!(plan.contains("Box breathing"), "{plan}");
    assert!(plan.contains("Last reviewed"), "{plan}");
}

#[test]
fn the_card_stays_helpful_when_contacts_are_paused_or_the_map_is_unreadable() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--crisis",
        "--phone",
        "555",
    ]);
    s.ok(&["contacts", "pause", "jo"]);
    let card = s.ok(&["crisis"]);
    assert!(
        card.starts_with("Your crisis contacts are all paused: Jo."),
        "{card}"
    );
    assert!(card.contains("988"), "{card}");

    let junk = s.dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just some text".repeat(50)).unwrap();
    let out = s
        .cmd()
        .args(["--db", junk.to_str().unwrap(), "crisis"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("local emergency number") && shown.contains("988"),
        "{shown}"
    );
}

#[test]
fn the_card_shows_what_it_knows_without_a_phone() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--crisis",
        "--email",
        "jo@example.org",
    ]);
    let card = s.ok(&["crisis"]);
    assert!(
        card.contains("1. Jo (sponsor)\n   jo@example.org\n   (no phone number saved)"),
        "{card}"
    );
}

#[test]
fn people_sections_point_to_crisis_contacts_and_exports_carry_no_stale_words() {
    let s = with_plan();
    let err = s.fails(2, &["plan", "add", "people", "Jo"]);
    assert!(err.contains("comes from your crisis contacts"), "{err}");
    for format in ["text", "MARKDOWN", "Html"] {
        let out = s.ok(&["plan", "export", "--format", format]);
        assert!(!out.contains("(today)"), "{format}: {out}");
        assert!(out.contains("Last reviewed"), "{format}");
    }
    let err = s.fails(
        2,
        &["plan", "export", "--out", "/nonexistent/folder/plan.txt"],
    );
    assert!(
        err.contains("/nonexistent/folder/plan.txt cannot be written"),
        "{err}"
    );
}

#[test]
fn people_to_keep_away_from_are_in_the_plan_and_never_counted() {
    let s = Sandbox::with_jo();
    s.ok(&[
        "add",
        "Alex",
        "--category",
        "family",
        "--role",
        "ex-partner",
        "--crisis",
        "--phone",
        "555-0199",
    ]);
    s.ok(&["add", "Sam", "--category", "friend", "--tie", "stressful"]);
    let said = s.ok(&["contacts", "avoid", "alex", "--reason", "not safe for me"]);
    assert!(
        said.contains("Keeping your distance is a healthy choice"),
        "{said}"
    );
    assert!(said.contains("no longer a crisis contact"), "{said}");
    s.ok(&["plan", "add", "avoid", "The pub on Station Road"]);

    let text = s.ok(&["plan"]);
    let section = text
        .split("People, places and situations I keep away from")
        .nth(1)
        .unwrap();
    assert!(section.contains("1. The pub on Station Road"), "{text}");
    assert!(
        section.contains("Alex (ex-partner): someone I keep away from (not safe for me)"),
        "{text}"
    );
    assert!(
        section.contains("Sam: a tie that can be stressful; I can look after myself"),
        "{text}"
    );

    // Not on the crisis card, not in the contact list, not counted in coverage.
    assert!(!s.ok(&["crisis"]).contains("Alex"));
    let list = s.ok(&["contacts"]);
    assert!(list.contains("You keep away from Alex"), "{list}");
    assert!(!list.lines().any(|l| l.starts_with(" Alex")), "{list}");
    let gaps = s.ok(&["gaps", "--all", "--json"]);
    // Alex (family, kept away from) and Sam (friend, a stressful tie) count for nothing.
    assert!(gaps.contains("category-missing:family-or-friend"), "{gaps}");
    assert!(gaps.contains("\"active_supporters\": 1"), "{gaps}");
}

#[test]
fn the_plan_to_carry_names_its_owner_and_leaves_a_line_for_the_date() {
    let s = with_plan();
    let text = s.ok(&["plan", "export", "--me", "Maya"]);
    assert!(text.starts_with("SAFETY PLAN FOR MAYA\n"), "{text}");
    assert!(
        text.trim_end().ends_with(
            "Date: ______________    Made with (counsellor or supporter): ______________"
        ),
        "{text}"
    );
    s.ok(&["settings", "name", "Sam"]);
    let md = s.ok(&["plan", "export", "--format", "markdown"]);
    assert!(md.starts_with("# Safety plan for Sam\n"), "{md}");
    let err = s.fails(2, &["plan", "export", "--me", "bad\u{7}name"]);
    assert!(err.starts_with("error: --me"), "{err}");
}
