//! `supportmap demo`: the sample network, shown without touching the user's map.

mod common;

use common::Sandbox;

#[test]
fn the_demo_shows_the_sample_network() {
    let s = Sandbox::new();
    let out = s.cmd().env("COLUMNS", "200").arg("demo").output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.starts_with("supportmap demo: a sample support network"),
        "{out}"
    );
    for expected in [
        " Jo ",
        "sponsor (NA sponsor)",
        "Tuesday Night NA",
        "988 Lifeline",
        "1st",
        "paused",
        "13 supporters, 1 paused",
        "2 days ago",
        "10 days ago",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn the_demo_never_touches_the_users_database_or_data_folder() {
    let s = Sandbox::new();
    s.ok(&["add", "Mine", "--category", "friend"]);
    let before = s.snapshot();
    s.ok(&["demo"]);
    assert_eq!(s.snapshot(), before, "the user's map is not the demo's");
    // On a new machine, the platform data folder is not created either.
    let fresh = Sandbox::new();
    fresh.cmd().arg("demo").assert().success();
    assert!(
        !fresh.home().exists(),
        "the demo created {}",
        fresh.home().display()
    );
}

#[test]
fn the_demo_json_covers_every_category_circle_and_a_paused_tie() {
    let s = Sandbox::new();
    let people: Vec<common::SupporterJson> =
        serde_json::from_str(&s.ok(&["demo", "--json"])).unwrap();
    assert!(people.len() >= 12);
    for category in [
        "family",
        "friend",
        "peer",
        "sponsor",
        "professional",
        "community",
        "spiritual",
    ] {
        assert!(people.iter().any(|p| p.category == category), "{category}");
    }
    for circle in ["inner", "middle", "outer"] {
        assert!(people.iter().any(|p| p.circle == circle), "{circle}");
    }
    assert!(people.iter().filter(|p| p.crisis).count() >= 3);
    assert_eq!(people.iter().filter(|p| p.status == "paused").count(), 1);
}

#[test]
fn the_demo_loads_into_an_explicit_db_once() {
    let s = Sandbox::new();
    let path = s.dir.path().join("sample.db");
    let path_str = path.to_str().unwrap();
    let out = s.ok(&["demo", "--db", path_str]);
    assert!(
        out.contains(&format!("The sample is saved in {path_str}")),
        "{out}"
    );
    let jo = s.ok(&["--db", path_str, "contacts", "show", "jo", "--json"]);
    assert!(jo.contains("\"role\": \"NA sponsor\""), "{jo}");
    let before = common::snapshot(&path);
    let err = s.fails(2, &["demo", "--db", path_str]);
    assert!(err.contains("already has 13 supporters"), "{err}");
    assert_eq!(common::snapshot(&path), before);
}
