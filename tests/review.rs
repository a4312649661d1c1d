//! `supportmap review`: the guided review through a real pseudo-terminal (Enter keeps,
//! Esc goes back, Esc at the start saves nothing), and without a terminal the summary
//! of what changed since the last review.

mod common;

use common::Sandbox;
use common::term::{DOWN, ENTER, ESC, Term};
use serde_json::Value;

const CIRCLE: &str = "Circle";
const TIE: &str = "How is the tie?";
const GIVES: &str = "What do they give? (space to tick, enter when done)";
const FITS: &str = "Rhythm still fits?";
const RHYTHM: &str = "Keep in touch every?";
const REASON: &str = "A reason, for yourself (Enter skips)";
const PLAN: &str = "Mark the safety plan as reviewed today?";
const NOTE: &str = "A note to remember this review by (Enter skips)";
const CANCELLED: &str = "Cancelled; nothing was saved.";

fn in_touch(name: &str) -> String {
    format!("Still in touch with {name}?")
}

/// Enter at every question about one supporter: all kept as it is.
fn keep(t: &mut Term, name: &str) {
    t.answer(&in_touch(name), ENTER);
    t.answer(CIRCLE, ENTER);
    t.answer(TIE, ENTER);
    t.answer(GIVES, ENTER);
    t.answer(FITS, ENTER);
}

/// Jo (inner, weekly), Sam (middle, a crisis contact) and Kit (outer, a group): the
/// review asks about them in that order, closest first.
fn three(s: &Sandbox) {
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--gives",
        "accountability,emotional",
        "--circle",
        "inner",
        "--every",
        "weekly",
    ]);
    s.ok(&[
        "add",
        "Sam",
        "--category",
        "friend",
        "--crisis",
        "--phone",
        "555-0100",
        "--available",
        "24/7",
    ]);
    s.ok(&[
        "add",
        "Kit",
        "--kind",
        "group",
        "--category",
        "peer",
        "--circle",
        "outer",
    ]);
}

fn stored(s: &Sandbox, name: &str) -> Value {
    serde_json::from_str(&s.ok(&["contacts", "show", name, "--json"])).expect("show --json")
}

/// The history's entries, newest first, as `history --all --json` gives them.
fn history(s: &Sandbox) -> Vec<Value> {
    let all: Value = serde_json::from_str(&s.ok(&["history", "--all", "--json"])).unwrap();
    all.as_array().expect("an array").clone()
}

fn reviews_in(history: &[Value]) -> usize {
    history.iter().filter(|e| e["command"] == "review").count()
}

#[test]
fn enter_at_every_question_changes_nothing_but_records_the_review() {
    let s = Sandbox::new();
    three(&s);
    let contacts = s.ok(&["contacts", "--json"]);
    let before = history(&s).len();

    let mut t = Term::spawn_default(&s, &["review"]);
    let intro = t.expect(&in_touch("Jo"));
    assert!(intro.contains("3 active supporters"), "{intro}");
    assert!(intro.contains("This is your first review."), "{intro}");
    // Jo's details are above the questions about them.
    assert!(intro.contains("inner circle, steady tie"), "{intro}");
    assert!(intro.contains("rhythm weekly"), "{intro}");
    t.keys(ENTER);
    for question in [CIRCLE, TIE, GIVES, FITS] {
        t.answer(question, ENTER);
    }
    keep(&mut t, "Sam");
    keep(&mut t, "Kit");
    // The safety plan is empty, so there is nothing to mark; the gaps come first.
    let shown = t.expect(NOTE);
    assert!(shown.contains("The top gaps right now:"), "{shown}");
    assert!(shown.contains("Your safety plan is empty."), "{shown}");
    assert!(!shown.contains(PLAN), "{shown}");
    t.keys(ENTER);
    t.expect("Review saved");
    let transcript = t.finish();
    assert!(
        transcript.contains("Everyone is as they were: nothing in the map changed."),
        "{transcript}"
    );
    assert!(
        transcript.contains("`supportmap changes --since last-review` shows what changed"),
        "{transcript}"
    );

    assert_eq!(s.ok(&["contacts", "--json"]), contacts);
    let after = history(&s);
    assert_eq!(after.len(), before + 1, "{after:?}");
    assert_eq!(after[0]["command"], "review");
    assert_eq!(reviews_in(&after), 1);
    // Without a terminal, `review` now looks back to it.
    let out = s.ok(&["review"]);
    assert!(out.starts_with("Your last review was on "), "{out}");
    assert!(out.contains("(today)"), "{out}");
}

#[test]
fn a_review_moves_marks_and_pauses_in_one_change() {
    let s = Sandbox::new();
    three(&s);
    s.ok(&["plan", "add", "coping", "A walk round the park"]);
    let contacts = s.ok(&["contacts", "--json"]);

    let mut t = Term::spawn_default(&s, &["review"]);
    // Jo: out of the inner circle, and the tie has become stressful.
    t.answer(&in_touch("Jo"), ENTER);
    t.answer(CIRCLE, &format!("{DOWN}{ENTER}"));
    t.answer(TIE, &format!("{DOWN}{DOWN}{ENTER}"));
    t.answer(GIVES, ENTER);
    t.answer(FITS, ENTER);
    // Sam: not in touch; a pause is offered, gently, with a reason.
    t.answer(&in_touch("Sam"), "n");
    let offer = t.expect("Pause Sam for now?");
    assert!(offer.contains("a pause is a healthy boundary"), "{offer}");
    t.keys("y");
    t.answer(REASON, &format!("taking space{ENTER}"));
    // The other questions about Sam are not asked: on to Kit.
    let skipped = t.expect(&in_touch("Kit"));
    assert!(!skipped.contains(CIRCLE), "{skipped}");
    t.keys(ENTER);
    for question in [CIRCLE, TIE, GIVES, FITS] {
        t.answer(question, ENTER);
    }
    let plan = t.expect(PLAN);
    assert!(plan.contains("A walk round the park"), "{plan}");
    assert!(plan.contains("Not reviewed yet"), "{plan}");
    // The gaps shown already follow the answers: Sam, the only crisis contact, has just
    // been paused.
    assert!(plan.contains("crisis contact is paused"), "{plan}");
    t.keys(ENTER);
    t.answer(NOTE, &format!("after the move{ENTER}"));
    t.expect("Review saved");
    let transcript = t.finish();
    assert!(
        transcript.contains(
            "Jo: moved from the inner to the middle circle; the tie is now stressful (was steady)"
        ),
        "{transcript}"
    );
    assert!(
        transcript.contains("Sam: paused (taking space)"),
        "{transcript}"
    );
    assert!(
        transcript.contains("still a crisis contact"),
        "{transcript}"
    );
    assert!(
        transcript.contains("The safety plan is marked as reviewed today."),
        "{transcript}"
    );

    let jo = stored(&s, "Jo");
    assert_eq!(jo["circle"], "middle");
    assert_eq!(jo["tie"], "stressful");
    assert_eq!(jo["every"], "weekly");
    let sam = stored(&s, "Sam");
    assert_eq!(sam["status"], "paused");
    assert_eq!(sam["paused_reason"], "taking space");
    assert_eq!(sam["circle"], "middle");
    let shown = s.ok(&["contacts", "show", "Sam"]);
    assert!(shown.contains("taking space"), "{shown}");
    assert_eq!(stored(&s, "Kit")["status"], "active");
    assert!(s.ok(&["plan"]).contains("Last reviewed"));

    // One change in the history, and one undo takes all of it back.
    let entries = history(&s);
    assert_eq!(entries[0]["command"], "review");
    assert_eq!(reviews_in(&entries), 1);
    s.ok(&["undo", "--yes"]);
    assert_eq!(s.ok(&["contacts", "--json"]), contacts);
    assert!(s.ok(&["review"]).starts_with("No review yet"));
}

#[test]
fn esc_goes_back_one_question_even_to_the_supporter_before() {
    let s = Sandbox::new();
    three(&s);

    let mut t = Term::spawn_default(&s, &["review"]);
    t.answer(&in_touch("Jo"), ENTER);
    t.answer(CIRCLE, ENTER);
    // Esc at the tie: the circle is asked again.
    t.answer(TIE, ESC);
    t.answer(CIRCLE, &format!("{DOWN}{DOWN}{ENTER}"));
    t.answer(TIE, ENTER);
    t.answer(GIVES, ENTER);
    t.answer(FITS, ENTER);
    // Esc at Sam's first question: back to Jo's last one, with Jo's details again.
    t.answer(&in_touch("Sam"), ESC);
    let again = t.expect(FITS);
    assert!(again.contains("inner circle, steady tie"), "{again}");
    t.keys("n");
    t.answer(RHYTHM, &format!("monthly{ENTER}"));
    // Esc at a pause question goes back to "still in touch?", which then keeps Sam.
    t.answer(&in_touch("Sam"), "n");
    t.answer("Pause Sam for now?", ESC);
    t.answer(&in_touch("Sam"), "y");
    for question in [CIRCLE, TIE, GIVES, FITS] {
        t.answer(question, ENTER);
    }
    keep(&mut t, "Kit");
    // Esc at the note: back to Kit's last question, then on again.
    t.answer(NOTE, ESC);
    t.answer(FITS, ENTER);
    t.answer(NOTE, ENTER);
    t.expect("Review saved");
    t.finish();

    let jo = stored(&s, "Jo");
    assert_eq!(jo["circle"], "outer");
    assert_eq!(jo["every"], "monthly");
    assert_eq!(stored(&s, "Sam")["status"], "active");
    assert_eq!(reviews_in(&history(&s)), 1);
}

#[test]
fn esc_at_the_very_start_saves_nothing() {
    let s = Sandbox::new();
    three(&s);
    let before = s.snapshot();
    let mut t = Term::spawn_default(&s, &["review"]);
    t.answer(&in_touch("Jo"), ESC);
    t.expect(CANCELLED);
    t.finish_with_code(130);
    assert_eq!(s.snapshot(), before);

    // Nor after stepping back to the start from further on.
    let mut t = Term::spawn_default(&s, &["review"]);
    t.answer(&in_touch("Jo"), ENTER);
    t.answer(CIRCLE, &format!("{DOWN}{ENTER}"));
    t.answer(TIE, ESC);
    t.answer(CIRCLE, ESC);
    t.answer(&in_touch("Jo"), ESC);
    t.expect(CANCELLED);
    t.finish_with_code(130);
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_note_given_as_a_flag_is_recorded_and_not_asked_for() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    let mut t = Term::spawn_default(&s, &["review", "--note", "with my counsellor"]);
    keep(&mut t, "Jo");
    t.expect("Review saved");
    let transcript = t.finish();
    assert!(!transcript.contains(NOTE), "{transcript}");
    assert!(transcript.contains("with my counsellor"), "{transcript}");

    let out = s.ok(&["review"]);
    assert!(out.contains("with my counsellor"), "{out}");
    let json: Value = serde_json::from_str(&s.ok(&["review", "--json"])).unwrap();
    assert_eq!(json["last_review"]["note"], "with my counsellor");
    assert!(json["changes"]["since"].is_string(), "{json}");
}

#[test]
fn the_recovery_date_is_mentioned_only_when_it_is_set() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    let mut t = Term::spawn_default(&s, &["review"]);
    let intro = t.expect(&in_touch("Jo"));
    assert!(!intro.contains("recovery"), "{intro}");
    t.keys(ESC);
    t.finish_with_code(130);

    s.ok(&["settings", "recovery-date", "2024-03-14"]);
    let mut t = Term::spawn_default(&s, &["review"]);
    let intro = t.expect(&in_touch("Jo"));
    assert!(intro.contains("It has been 2 years"), "{intro}");
    assert!(
        intro.contains("since your recovery date (14 March 2024)."),
        "{intro}"
    );
    for judged in ["sober", "clean", "relapse", "streak"] {
        assert!(!intro.to_lowercase().contains(judged), "{intro}");
    }
    t.keys(ESC);
    t.finish_with_code(130);
}

#[test]
fn on_a_terminal_a_review_needs_a_map() {
    let s = Sandbox::new();
    let mut t = Term::spawn_default(&s, &["review"]);
    t.expect("error: there is no map to review yet");
    t.expect("supportmap add");
    t.finish_with_code(2);
    assert!(!s.db.exists());
}

#[test]
fn without_a_terminal_it_prints_the_changes_since_the_last_review() {
    let s = Sandbox::new();
    three(&s);
    let mut t = Term::spawn_default(&s, &["review"]);
    t.answer(&in_touch("Jo"), ENTER);
    t.answer(CIRCLE, &format!("{DOWN}{ENTER}"));
    t.answer(TIE, ENTER);
    t.answer(GIVES, ENTER);
    t.answer(FITS, ENTER);
    keep(&mut t, "Sam");
    keep(&mut t, "Kit");
    t.answer(NOTE, ENTER);
    t.expect("Review saved");
    t.finish();
    // Reviews are dated to the second: a change in a later second comes after it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.ok(&["contacts", "pause", "Kit"]);
    s.ok(&["checkin", "Sam", "--via", "call"]);
    let before = s.snapshot();

    let out = s.ok(&["review"]);
    assert!(out.starts_with("Your last review was on "), "{out}");
    assert!(out.contains("paused         Kit"), "{out}");
    assert!(out.contains("check-ins      1: Sam 1"), "{out}");
    // The review's own answers are not news since the review.
    assert!(!out.contains("moved circle"), "{out}");
    // The same summary `changes --since last-review` prints.
    let changes = s.ok(&["changes", "--since", "last-review"]);
    assert!(out.ends_with(&changes), "{out}\n---\n{changes}");

    let json: Value = serde_json::from_str(&s.ok(&["review", "--json"])).unwrap();
    assert!(json["last_review"]["at"].is_string(), "{json}");
    assert_eq!(json["last_review"]["note"], Value::Null);
    assert_eq!(json["changes"]["paused"], serde_json::json!(["Kit"]));
    assert_eq!(json["changes"]["moved"], serde_json::json!([]));
    // Nothing is recorded without a terminal.
    assert_eq!(s.snapshot(), before);
}

#[test]
fn without_a_terminal_and_before_any_review_it_looks_back_30_days() {
    let s = Sandbox::new();
    // No map at all: nothing to say, and still a success for cron.
    assert_eq!(s.ok(&["review"]), "");
    let json: Value = serde_json::from_str(&s.ok(&["review", "--json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"last_review": null, "changes": null})
    );

    three(&s);
    let before = s.snapshot();
    let out = s.ok(&["review"]);
    assert!(
        out.starts_with("No review yet: run `supportmap review` on a terminal to do one."),
        "{out}"
    );
    assert!(out.contains("added          Jo, Kit and Sam"), "{out}");
    let json: Value = serde_json::from_str(&s.ok(&["review", "--json"])).unwrap();
    assert_eq!(json["last_review"], Value::Null);
    assert_eq!(
        json["changes"]["added"],
        serde_json::json!(["Jo", "Kit", "Sam"])
    );
    assert_eq!(s.snapshot(), before);

    // A note needs a review, and a review needs a terminal.
    let err = s.fails(2, &["review", "--note", "from cron"]);
    assert!(err.contains("--note goes with a review"), "{err}");
    assert_eq!(s.snapshot(), before);
}
