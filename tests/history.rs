//! History: every change recorded, any change undone and redone, the map at a date.

mod common;

use common::Sandbox;
use serde_json::Value;

fn state(s: &Sandbox) -> String {
    common::map_state(&s.db)
}

fn entries(s: &Sandbox) -> Vec<Value> {
    serde_json::from_str(&s.ok(&["history", "--all", "--json"])).unwrap()
}

/// A deterministic stream of numbers (a linear congruential generator), so a failing
/// sequence can be replayed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn commands(dice: &mut Dice, step: usize) -> Vec<String> {
    let people = ["Jo", "Sam", "Priya", "Dev"];
    let who = people[dice.roll(people.len())].to_string();
    let words: Vec<String> = match dice.roll(16) {
        0 => vec![
            "add".into(),
            format!("Person {step}"),
            "--category".into(),
            "friend".into(),
        ],
        1 => vec![
            "contacts".into(),
            "edit".into(),
            who,
            "--circle".into(),
            ["inner", "middle", "outer"][dice.roll(3)].into(),
        ],
        2 => vec![
            "contacts".into(),
            "edit".into(),
            who,
            "--gives".into(),
            ["emotional", "advice,practical", "crisis"][dice.roll(3)].into(),
        ],
        3 => vec![
            "contacts".into(),
            "pause".into(),
            who,
            "--reason".into(),
            format!("space {step}"),
        ],
        4 => vec!["contacts".into(), "resume".into(), who],
        5 => vec!["contacts".into(), "archive".into(), who],
        6 => vec!["contacts".into(), "remove".into(), who, "--yes".into()],
        7 | 8 => vec![
            "checkin".into(),
            who,
            "--at".into(),
            format!("{}d", 1 + dice.roll(20)),
        ],
        9 => vec![
            "checkin".into(),
            "remove".into(),
            format!("{}", 1 + dice.roll(8)),
            "--yes".into(),
        ],
        10 => vec![
            "plan".into(),
            "add".into(),
            "coping".into(),
            format!("Line {step}"),
        ],
        11 => vec![
            "plan".into(),
            "move".into(),
            "coping".into(),
            "1".into(),
            "2".into(),
        ],
        12 => vec!["plan".into(), "review".into()],
        13 => vec![
            "gaps".into(),
            "dismiss".into(),
            "category-missing:spiritual".into(),
        ],
        14 => vec![
            "settings".into(),
            "country".into(),
            ["GB", "US", "IE"][dice.roll(3)].into(),
        ],
        _ => vec![
            "contacts".into(),
            "edit".into(),
            who,
            "--phone".into(),
            format!("555-{step:04}"),
        ],
    };
    words
}

#[test]
fn any_sequence_of_changes_undoes_to_the_start_and_redoes_to_the_end() {
    for seed in [7_u64, 42, 2026] {
        let s = Sandbox::new();
        for (name, category) in [
            ("Jo", "sponsor"),
            ("Sam", "family"),
            ("Priya", "friend"),
            ("Dev", "peer"),
        ] {
            s.ok(&[
                "add",
                name,
                "--category",
                category,
                "--crisis",
                "--phone",
                "555",
            ]);
        }
        s.ok(&["plan", "add", "coping", "Walk"]);
        s.ok(&["plan", "add", "coping", "Music"]);
        let start = state(&s);
        let recorded = entries(&s).len();
        let mut dice = Dice(seed);
        for step in 0..40 {
            let words = commands(&mut dice, step);
            let args: Vec<&str> = words.iter().map(String::as_str).collect();
            // Some fail by design (resuming someone active, removing someone gone).
            let _ = s.cmd().args(&args).output().unwrap();
        }
        let end = state(&s);
        let changes = entries(&s).len() - recorded;
        assert!(
            changes > 10,
            "seed {seed}: only {changes} changes were made"
        );
        for _ in 0..changes {
            s.ok(&["undo", "--yes"]);
        }
        assert_eq!(
            state(&s),
            start,
            "seed {seed}: undo did not return to the start"
        );
        for _ in 0..changes {
            s.ok(&["redo", "--yes"]);
        }
        assert_eq!(
            state(&s),
            end,
            "seed {seed}: redo did not return to the end"
        );
        s.fails(2, &["redo", "--yes"]);
    }
}

#[test]
fn removing_the_wrong_person_is_undone_whole() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--gives",
        "advice",
        "--crisis",
        "--phone",
        "555",
        "--tag",
        "home",
    ]);
    s.ok(&["checkin", "jo", "--at", "2d"]);
    let before = state(&s);
    s.ok(&["contacts", "remove", "jo", "--yes"]);
    let out = s.ok(&["undo", "--yes"]);
    assert!(out.starts_with("Undone (today "), "{out}");
    assert!(
        out.ends_with(
            "): removed Jo.
`supportmap redo` makes that change again.
"
        ),
        "{out}"
    );
    assert_eq!(
        state(&s),
        before,
        "Jo, what they give, tags and check-ins are back"
    );
    // Without a terminal, undo says what it would take back.
    s.ok(&["contacts", "edit", "jo", "--every", "weekly"]);
    let err = s.fails(2, &["undo"]);
    assert!(
        err.contains("it would take back: changed Jo's rhythm"),
        "{err}"
    );
    // A new change after an undo ends the chance to redo.
    s.ok(&["undo", "--yes"]);
    s.ok(&["contacts", "edit", "jo", "--circle", "inner"]);
    let err = s.fails(2, &["redo", "--yes"]);
    assert!(err.contains("nothing to redo"), "{err}");
}

#[test]
fn history_says_each_change_in_plain_words_with_its_command() {
    let s = Sandbox::new();
    s.ok(&["add", "Sam", "--category", "family"]);
    s.ok(&[
        "contacts",
        "pause",
        "sam",
        "--reason",
        "taking space for now",
    ]);
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    s.ok(&[
        "contacts",
        "edit",
        "jo",
        "--circle",
        "inner",
        "--add-gives",
        "accountability",
    ]);
    s.ok(&["checkin", "jo", "--via", "call"]);
    let out = s.ok(&["history"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "today ".to_string() + &lines[0][6..11] + " — logged a call with Jo"
    );
    assert!(out.contains(" — moved Jo to the inner circle; added accountability to what Jo gives\n    supportmap contacts edit jo --circle inner --add-gives accountability\n"), "{out}");
    assert!(out.contains(" — paused Sam (taking space for now)\n    supportmap contacts pause sam --reason 'taking space for now'\n"), "{out}");
    let json = entries(&s);
    assert_eq!(json.len(), 5);
    assert_eq!(json[0]["command"], "checkin add");
    assert_eq!(json[4]["changes"], serde_json::json!(["added Sam"]));
    assert_eq!(
        s.ok(&["history", "--limit", "2", "--json"])
            .matches("\"id\"")
            .count(),
        2
    );
}

#[test]
fn the_map_as_it_was_and_what_changed_since() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mid = chrono::Utc::now().to_rfc3339();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.ok(&["add", "Sam", "--category", "family", "--circle", "inner"]);
    s.ok(&["contacts", "pause", "jo"]);
    s.ok(&["checkin", "sam"]);
    let then: Vec<Value> =
        serde_json::from_str(&s.ok(&["contacts", "--all", "--json", "--at", &mid])).unwrap();
    assert_eq!(then.len(), 1);
    assert_eq!(then[0]["name"], "Jo");
    assert_eq!(then[0]["status"], "active");
    // Every map format and the gaps take --at too; the map itself is untouched.
    let before = common::snapshot(&s.db);
    for format in ["text", "svg", "dot", "mermaid", "json"] {
        let out = s.ok(&["map", "--format", format, "--at", &mid]);
        assert!(!out.contains("Sam"), "{format}: {out}");
    }
    let gaps: Value = serde_json::from_str(&s.ok(&["gaps", "--json", "--at", &mid])).unwrap();
    assert_eq!(gaps["summary"]["active_supporters"], 1);
    assert_eq!(common::snapshot(&s.db), before);

    let changes: Value =
        serde_json::from_str(&s.ok(&["changes", "--since", &mid, "--json"])).unwrap();
    assert_eq!(changes["added"], serde_json::json!(["Sam"]));
    assert_eq!(changes["paused"], serde_json::json!(["Jo"]));
    assert_eq!(changes["checkins"]["Sam"], 1);
    let text = s.ok(&["changes", "--since", &mid]);
    assert!(text.contains("  added          Sam"), "{text}");
}

#[test]
fn pruning_says_what_goes_and_needs_yes() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    s.ok(&["contacts", "remove", "jo", "--yes"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let tomorrow = "now".to_string();
    let err = s.fails(2, &["history", "--prune-before", &tomorrow]);
    assert!(err.contains("needs --yes"), "{err}");
    assert!(err.contains("drops 2 changes"), "{err}");
    assert_eq!(entries(&s).len(), 2);
    s.ok(&["history", "--prune-before", &tomorrow, "--yes"]);
    assert!(entries(&s).is_empty());
    // The removed supporter's details are gone from the file's history.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM journal_rows", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
    s.fails(2, &["undo", "--yes"]);
}

#[test]
fn an_undo_has_its_own_moment_and_past_views_are_of_their_moment() {
    let s = Sandbox::new();
    s.ok(&["add", "Ana", "--category", "friend", "--every", "weekly"]);
    s.ok(&["checkin", "ana", "--at", "3d"]);
    s.ok(&["contacts", "remove", "ana", "--yes"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let removed = chrono::Utc::now().to_rfc3339();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.ok(&["undo", "--yes"]);
    // Between the removal and its undo, Ana was not in the map.
    let then: Vec<Value> =
        serde_json::from_str(&s.ok(&["contacts", "--all", "--json", "--at", &removed])).unwrap();
    assert!(then.is_empty(), "{then:?}");
    // The undo is in the history, saying what it took back; the undone entry stays.
    let out = s.ok(&["history"]);
    assert!(
        out.contains(" — took back: removed Ana\n    supportmap undo\n"),
        "{out}"
    );
    assert!(out.contains(" — removed Ana (undone)\n"), "{out}");
    s.ok(&["contacts", "edit", "ana", "--circle", "inner"]);
    assert!(s.ok(&["history"]).contains(" — removed Ana (undone)\n"));
    // A past view says which moment it shows; a future one is refused.
    let out = s
        .cmd()
        .args(["map", "--json", "--at", &removed])
        .output()
        .unwrap();
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains("The map as it stood at"), "{note}");
    let err = s.fails(2, &["contacts", "--at", "2099-01-01"]);
    assert!(err.contains("is in the future"), "{err}");
}

#[test]
fn a_change_as_big_as_an_import_is_told_from_its_first_rows_and_counted() {
    let s = Sandbox::new();
    let people: Vec<Value> = (0..600)
        .map(|i| serde_json::json!({"name": format!("Person {i:03}"), "category": "friend"}))
        .collect();
    let file = s.dir.path().join("many.json");
    std::fs::write(
        &file,
        serde_json::json!({"format": "supportmap", "format_version": 1, "supporters": people})
            .to_string(),
    )
    .unwrap();
    s.ok(&["import", file.to_str().unwrap()]);
    let told = s.ok(&["history"]);
    assert!(
        told.contains("added Person 000; added Person 001;"),
        "{told}"
    );
    assert!(
        told.contains("and more: 600 records changed in all by `import`"),
        "{told}"
    );
    let changes = entries(&s)[0]["changes"].as_array().unwrap().clone();
    assert_eq!(changes.len(), 12, "{changes:?}");
    assert_eq!(
        changes.last().unwrap(),
        "and more: 600 records changed in all by `import`"
    );
    // Taken back whole, and told the same way.
    s.ok(&["undo", "--yes"]);
    assert_eq!(s.list(&["--all"]).len(), 0);
    let told = s.ok(&["history", "--limit", "1"]);
    assert!(
        told.contains("took back: added Person 000;")
            && told.contains("and more: 600 records changed in all by `import`"),
        "{told}"
    );
}
