//! The interactive questions of `supportmap add` and the confirmation of
//! `supportmap contacts remove`, answered through a real pseudo-terminal.
//!
//! Each test types what a person would type (arrow keys, space, enter), waits for
//! each question to be drawn before answering it, and then reads back what was stored
//! with `contacts show --json`, run without a terminal.

mod common;

use common::Sandbox;
use common::term::{DOWN, ENTER, ESC, SPACE, Term, UP};
use serde_json::Value;

const NAME: &str = "Name";
const KIND: &str = "Kind";
const CATEGORY: &str = "Category";
const ROLE: &str = "Role (sister, therapist, Tuesday NA) (Enter skips)";
const GIVES: &str = "What do they give? (space to tick, enter when done)";
const CIRCLE: &str = "Circle";
const TIE: &str = "How is the tie?";
const MODE: &str = "How do you meet?";
const PHONE: &str = "Phone (Enter skips)";
const CRISIS: &str = "Can you call them in a crisis?";
const AVAILABLE: &str = "When reachable?";
const RHYTHM: &str = "Keep in touch every?";
const SUMMARY: &str = "To be saved:";

/// `contacts show NAME --json`, run without a terminal.
fn stored(sandbox: &Sandbox, name: &str) -> Value {
    serde_json::from_str(&sandbox.ok(&["contacts", "show", name, "--json"]))
        .expect("show --json is one JSON object")
}

fn gives(supporter: &Value) -> Vec<&str> {
    supporter["gives"]
        .as_array()
        .expect("gives is an array")
        .iter()
        .map(|g| g.as_str().expect("gives holds words"))
        .collect()
}

#[test]
fn add_asks_every_question_shows_a_summary_and_stores_the_answers() {
    let s = Sandbox::new();
    let mut t = Term::spawn(&s, &["add"]);

    t.answer(NAME, &format!("Ana Ruiz{ENTER}"));
    // person is first and chosen.
    t.answer(KIND, ENTER);
    // family, friend, peer, sponsor: three down from the first.
    t.answer(CATEGORY, &format!("{DOWN}{DOWN}{DOWN}{ENTER}"));
    t.answer(ROLE, &format!("NA sponsor{ENTER}"));
    t.expect(GIVES);
    // emotional, practical, advice, accountability (tick), encouragement, crisis (tick).
    t.keys(&format!(
        "{DOWN}{DOWN}{DOWN}{SPACE}{DOWN}{DOWN}{SPACE}{ENTER}"
    ));
    // The circle starts on middle; one up is inner.
    t.answer(CIRCLE, &format!("{UP}{ENTER}"));
    // strong, steady (the default), tenuous, stressful: one up is strong.
    t.answer(TIE, &format!("{UP}{ENTER}"));
    t.answer(MODE, ENTER);
    // A phone without digits is refused at the question, so no answer is lost.
    t.answer(PHONE, &format!("call me{ENTER}"));
    t.expect("phone number \"call me\" has no digits");
    t.keys(&format!("555-0199{ENTER}"));
    // Crisis was ticked, so "Can you call them in a crisis?" is not asked, and a crisis
    // contact is asked when they can be reached.
    let drawn = t.expect(AVAILABLE);
    assert!(
        !drawn.contains(CRISIS),
        "asked about crisis again: {drawn:?}"
    );
    t.keys(&format!("any time{ENTER}"));
    // A rhythm it does not know is refused on the spot.
    t.answer(RHYTHM, &format!("sometimes{ENTER}"));
    t.expect("unknown rhythm \"sometimes\"");
    t.keys(&format!("weekly{ENTER}"));
    // Nothing is saved before the summary is confirmed.
    let summary = t.expect("Save Ana Ruiz?");
    assert!(summary.contains(SUMMARY), "{summary}");
    assert!(summary.contains("role        NA sponsor"), "{summary}");
    assert!(summary.contains("phone       555-0199"), "{summary}");
    assert!(!s.db.exists() || s.ok(&["contacts", "--json"]).trim() == "[]");
    t.keys("y");
    t.expect("Added Ana Ruiz (sponsor, inner circle, strong tie, crisis contact).");
    let transcript = t.finish();
    assert!(!transcript.contains(CRISIS), "{transcript}");

    let ana = stored(&s, "Ana Ruiz");
    assert_eq!(ana["name"], "Ana Ruiz");
    assert_eq!(ana["kind"], "person");
    assert_eq!(ana["category"], "sponsor");
    assert_eq!(ana["role"], "NA sponsor");
    assert_eq!(gives(&ana), ["accountability", "crisis"]);
    assert_eq!(ana["circle"], "inner");
    assert_eq!(ana["mode"], "in-person");
    assert_eq!(ana["phone"], "555-0199");
    assert_eq!(ana["crisis"], true);
    assert_eq!(ana["available"], "any time");
    assert_eq!(ana["every"], "weekly");
}

#[test]
fn add_skips_the_questions_its_flags_answer() {
    let s = Sandbox::new();
    let mut t = Term::spawn(
        &s,
        &[
            "add", "Sam", "--kind", "person", "--role", "brother", "--circle", "outer", "--tie",
            "steady", "--mode", "online", "--phone", "555", "--every", "monthly",
        ],
    );

    // Four down from family: professional.
    t.answer(CATEGORY, &format!("{DOWN}{DOWN}{DOWN}{DOWN}{ENTER}"));
    // advice only.
    t.answer(GIVES, &format!("{DOWN}{DOWN}{SPACE}{ENTER}"));
    // Crisis was not ticked, so it is asked; "y" answers without enter.
    t.answer(CRISIS, "y");
    t.answer(AVAILABLE, ENTER);
    t.answer("Save Sam?", ENTER);
    t.expect("Added Sam (professional, outer circle, crisis contact).");
    let transcript = t.finish();
    for skipped in [NAME, KIND, ROLE, CIRCLE, TIE, MODE, PHONE, RHYTHM] {
        assert!(
            !transcript.contains(skipped),
            "asked {skipped:?} though a flag answered it:\n{transcript}"
        );
    }

    let sam = stored(&s, "Sam");
    assert_eq!(sam["category"], "professional");
    assert_eq!(gives(&sam), ["advice", "crisis"]);
    assert_eq!(sam["circle"], "outer");
    assert_eq!(sam["mode"], "online");
    assert_eq!(sam["phone"], "555");
    assert_eq!(sam["crisis"], true);
    assert_eq!(sam["every"], "monthly");
}

#[test]
fn add_defaults_leave_optional_answers_empty() {
    let s = Sandbox::new();
    let mut t = Term::spawn(&s, &["add", "--category", "peer"]);

    t.answer(NAME, &format!("Lee{ENTER}"));
    // Enter alone on every question: a person, no role, nothing ticked, the middle
    // circle, in person, no phone, not a crisis contact (the default), no rhythm.
    for question in [KIND, ROLE, GIVES, CIRCLE, TIE, MODE, PHONE, CRISIS, RHYTHM] {
        t.answer(question, ENTER);
    }
    t.answer("Save Lee?", ENTER);
    t.expect("Added Lee (peer, middle circle).");
    let transcript = t.finish();
    assert!(!transcript.contains(CATEGORY), "{transcript}");
    // A person who is not a crisis contact is not asked when they can be reached.
    assert!(!transcript.contains(AVAILABLE), "{transcript}");

    let lee = stored(&s, "Lee");
    assert_eq!(lee["category"], "peer");
    assert_eq!(gives(&lee), Vec::<&str>::new());
    assert_eq!(lee["circle"], "middle");
    assert_eq!(lee["phone"], Value::Null);
    assert_eq!(lee["crisis"], false);
    assert_eq!(lee["every"], Value::Null);
}

#[test]
fn esc_steps_back_one_question_and_never_answers_a_yes_no_question() {
    let s = Sandbox::new();
    let mut t = Term::spawn(&s, &["add", "Kit", "--kind", "group"]);
    // Esc at the first question asked would cancel; here it is answered: friend.
    t.answer(CATEGORY, &format!("{DOWN}{ENTER}"));
    t.answer(ROLE, &format!("Tuesday club{ENTER}"));
    t.answer(GIVES, ENTER);
    // Esc at the circle goes back to the gives question.
    t.answer(CIRCLE, ESC);
    t.answer(
        GIVES,
        &format!("{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}{SPACE}{ENTER}"),
    );
    t.answer(CIRCLE, ENTER);
    t.answer(TIE, ENTER);
    t.answer(MODE, ENTER);
    t.answer(PHONE, ENTER);
    // Esc at a yes/no question steps back; it is asked again, not answered.
    t.answer(CRISIS, ESC);
    t.answer(PHONE, &format!("555-0102{ENTER}"));
    t.answer(CRISIS, "n");
    // A group is asked when it meets.
    t.answer(AVAILABLE, &format!("tuesdays 19:00{ENTER}"));
    t.answer(RHYTHM, ENTER);
    // Esc at the summary goes back to the last question.
    t.answer("Save Kit?", ESC);
    t.answer(RHYTHM, &format!("weekly{ENTER}"));
    t.answer("Save Kit?", "y");
    t.expect("Added Kit (friend, middle circle).");
    t.finish();
    let kit = stored(&s, "Kit");
    assert_eq!(kit["kind"], "group");
    assert_eq!(gives(&kit), ["belonging"]);
    assert_eq!(kit["phone"], "555-0102");
    assert_eq!(kit["crisis"], false);
    assert_eq!(kit["available"], "tuesdays 19:00");
    assert_eq!(kit["every"], "weekly");

    // Esc at the first question cancels; "no" at the summary saves nothing.
    let mut t = Term::spawn(&s, &["add", "--category", "friend"]);
    t.answer(NAME, ESC);
    t.expect("Cancelled; nothing was saved.");
    t.finish_with_code(130);
    let mut t = Term::spawn(
        &s,
        &[
            "add",
            "Noor",
            "--kind",
            "person",
            "--role",
            "x",
            "--gives",
            "emotional",
            "--circle",
            "inner",
            "--tie",
            "steady",
            "--mode",
            "online",
            "--phone",
            "5",
            "--every",
            "weekly",
            "--crisis",
            "--available",
            "24/7",
        ],
    );
    t.answer(CATEGORY, ENTER);
    t.answer("Save Noor?", "n");
    t.expect("Nothing was saved.");
    t.finish();
    s.fails(2, &["contacts", "show", "Noor"]);
}

#[test]
fn without_colour_the_selection_is_still_visible() {
    let s = Sandbox::new();
    let mut t = Term::spawn_with(
        &s,
        &["add", "Ivy", "--kind", "person"],
        &[("NO_COLOR", "1")],
    );
    let drawn = t.expect("family");
    let drawn = format!("{drawn}family");
    assert!(
        drawn.contains("> family"),
        "no visible cursor without colour: {drawn:?}"
    );
    t.keys("\x03");
    t.finish_with_code(130);
}

#[test]
fn edit_on_a_terminal_offers_the_fields_to_change() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--phone",
        "555-0101",
        "--role",
        "sponsor",
    ]);
    let mut t = Term::spawn(&s, &["contacts", "edit", "jo"]);
    // name, kind, category, role (tick), gives, circle, tie, mode, phone (tick).
    t.answer(
        "What would you like to change about Jo?",
        &format!("{DOWN}{DOWN}{DOWN}{SPACE}{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}{SPACE}{ENTER}"),
    );
    // Enter keeps, "-" clears, anything else replaces.
    t.answer(
        "Role (sister, therapist, Tuesday NA) (Enter keeps, - clears) [sponsor]",
        &format!("-{ENTER}"),
    );
    t.answer(
        "Phone (Enter keeps, - clears) [555-0101]",
        &format!("555-0199{ENTER}"),
    );
    let summary = t.expect("Save Jo?");
    assert!(summary.contains("phone       555-0199"), "{summary}");
    t.keys("y");
    t.expect("Updated Jo.");
    t.finish();
    let jo = stored(&s, "Jo");
    assert_eq!(jo["role"], Value::Null);
    assert_eq!(jo["phone"], "555-0199");
}

#[test]
fn plan_add_asks_for_the_line_when_it_is_left_out() {
    let s = Sandbox::new();
    let mut t = Term::spawn(&s, &["plan", "add", "coping"]);
    t.answer(
        "What would you like to add to \"Things I can do on my own to cope\"?",
        &format!("A walk round the park{ENTER}"),
    );
    t.expect("Added to coping as line 1.");
    t.finish();
    assert!(s.ok(&["plan"]).contains("1. A walk round the park"));
    // Without a terminal, it says what to type.
    let err = s.fails(2, &["plan", "add", "coping"]);
    assert!(err.contains("give the text to add"), "{err}");
}

#[test]
fn add_refuses_a_name_already_in_the_map_and_takes_a_new_one() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "friend"]);
    let mut t = Term::spawn(&s, &["add", "--category", "family"]);

    // Names compare without case: "jo" is Jo.
    t.answer(NAME, &format!("jo{ENTER}"));
    t.expect("\"Jo\" is already in your map");
    t.keys(&format!("Joanna{ENTER}"));
    for question in [KIND, ROLE, GIVES, CIRCLE, TIE, MODE, PHONE] {
        t.answer(question, ENTER);
    }
    t.answer(CRISIS, "n");
    t.answer(RHYTHM, ENTER);
    t.answer("Save Joanna?", "y");
    t.expect("Added Joanna (family, middle circle).");
    t.finish();

    assert_eq!(stored(&s, "Joanna")["category"], "family");
    // Jo is untouched.
    let jo = stored(&s, "Jo");
    assert_eq!(jo["name"], "Jo");
    assert_eq!(jo["category"], "friend");
    let listed: Value = serde_json::from_str(&s.ok(&["contacts", "list", "--json"])).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
}

#[test]
fn ctrl_c_during_the_questions_stores_nothing() {
    let s = Sandbox::new();
    let mut t = Term::spawn(&s, &["add"]);
    t.answer(NAME, &format!("Max{ENTER}"));
    t.answer(KIND, "\x03");
    t.expect("Cancelled; nothing was saved.");
    // The program ends on the interrupt instead of adding anyone.
    let rest = t.rest();
    assert!(!rest.contains("Added"), "{rest}");
    assert!(
        !s.db.exists() || !s.ok(&["contacts", "list", "--json"]).contains("Max"),
        "an interrupted add stored someone"
    );

    // Ctrl-C at a typed answer or in a list, and Esc at the first question, cancel the
    // same calm way.
    let mut t = Term::spawn(&s, &["add"]);
    t.answer(NAME, "Ma\x03");
    t.expect("Cancelled; nothing was saved.");
    let rest = t.finish_with_code(130);
    assert!(!rest.contains("error"), "{rest}");
    for keys in ["\x03", "\x1b"] {
        let mut t = Term::spawn(&s, &["add", "Max", "--kind", "person"]);
        if keys == "\x03" {
            t.answer(CATEGORY, DOWN);
            t.keys(keys);
        } else {
            t.answer(CATEGORY, keys);
        }
        t.expect("Cancelled; nothing was saved.");
        let rest = t.finish_with_code(130);
        assert!(!rest.contains("error"), "{rest}");
    }
}

#[test]
fn remove_asks_first_and_no_keeps_them() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);

    let mut t = Term::spawn(&s, &["contacts", "remove", "Jo"]);
    t.answer("Remove Jo and their check-ins?", "n");
    t.expect("Kept Jo.");
    let transcript = t.finish();
    assert!(!transcript.contains("Removed"), "{transcript}");
    assert_eq!(stored(&s, "Jo")["name"], "Jo");

    // Enter takes the default, which is no.
    let mut t = Term::spawn(&s, &["contacts", "remove", "Jo"]);
    t.answer("Remove Jo and their check-ins?", ENTER);
    t.expect("Kept Jo.");
    t.finish();
    assert_eq!(stored(&s, "Jo")["name"], "Jo");

    let mut t = Term::spawn(&s, &["contacts", "remove", "Jo"]);
    t.answer("Remove Jo and their check-ins?", "y");
    t.expect("Removed Jo.");
    t.finish();
    let listed: Value = serde_json::from_str(&s.ok(&["contacts", "list", "--json"])).unwrap();
    assert_eq!(listed, serde_json::json!([]));
    s.fails(2, &["contacts", "show", "Jo"]);
}

#[test]
fn a_taken_name_or_bad_flag_is_refused_before_any_question() {
    let s = Sandbox::new();
    s.ok(&["add", "Sam", "--category", "family"]);
    let before = s.snapshot();
    for (args, message) in [
        (&["add", "sam"][..], "\"Sam\" is already in your map"),
        (
            &["add", "Lee", "--phone", "none"],
            "phone number \"none\" has no digits",
        ),
    ] {
        let mut t = Term::spawn(&s, args);
        t.expect(message);
        let transcript = t.finish_with_code(2);
        assert!(!transcript.contains(CATEGORY), "asked first: {transcript}");
    }
    assert_eq!(s.snapshot(), before);
}

#[test]
fn an_existing_out_file_is_replaced_only_when_the_user_says_so() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    let file = s.dir.path().join("map.svg");
    std::fs::write(&file, "my own drawing").unwrap();
    let out = file.to_str().unwrap();

    let mut t = Term::spawn(&s, &["map", "--format", "svg", "--out", out]);
    t.answer("already exists. Replace it?", "n");
    t.expect("as it was.");
    t.finish();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own drawing");

    let mut t = Term::spawn(&s, &["map", "--format", "svg", "--out", out]);
    t.answer("already exists. Replace it?", "y");
    t.expect("Wrote the map to");
    t.finish();
    assert!(std::fs::read_to_string(&file).unwrap().contains("<svg"));
}

#[test]
fn stepping_back_keeps_the_answers_already_given() {
    let s = Sandbox::new();
    let mut t = Term::spawn(
        &s,
        &[
            "add",
            "Bea",
            "--kind",
            "person",
            "--role",
            "aunt",
            "--gives",
            "emotional",
            "--circle",
            "inner",
            "--tie",
            "strong",
            "--mode",
            "in-person",
        ],
    );
    t.answer(CATEGORY, ENTER);
    t.answer(PHONE, &format!("07700 900123{ENTER}"));
    // Esc at the next question, then Enter at the phone again: the answer stays.
    t.answer(CRISIS, ESC);
    t.answer("Phone (Enter keeps, - clears) [07700 900123]", ENTER);
    t.answer(CRISIS, "y");
    t.answer(AVAILABLE, &format!("evenings{ENTER}"));
    t.answer(RHYTHM, ENTER);
    let summary = t.expect("Save Bea?");
    assert!(summary.contains("phone       07700 900123"), "{summary}");
    t.keys("y");
    t.expect("Added Bea");
    t.finish();
    assert_eq!(stored(&s, "Bea")["phone"], "07700 900123");

    // The same in an edit: a new number, Esc, then Enter keeps the new number.
    let mut t = Term::spawn(&s, &["contacts", "edit", "bea"]);
    // name, kind, category, role, gives, circle, tie, mode, phone (tick), email, contact,
    // crisis, available, every (tick).
    t.answer(
        "What would you like to change about Bea?",
        &format!("{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}{SPACE}{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}{SPACE}{ENTER}"),
    );
    t.answer(
        "Phone (Enter keeps, - clears) [07700 900123]",
        &format!("555-0202{ENTER}"),
    );
    t.answer("Keep in touch every? (weekly, 2w) (Enter skips)", ESC);
    t.answer("Phone (Enter keeps, - clears) [555-0202]", ENTER);
    t.answer(
        "Keep in touch every? (weekly, 2w) (Enter skips)",
        &format!("weekly{ENTER}"),
    );
    let summary = t.expect("Save Bea?");
    assert!(summary.contains("phone       555-0202"), "{summary}");
    t.keys("y");
    t.expect("Updated Bea.");
    t.finish();
    assert_eq!(stored(&s, "Bea")["phone"], "555-0202");
    assert_eq!(stored(&s, "Bea")["every"], "weekly");
}
