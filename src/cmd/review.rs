//! `supportmap review`: the guided review, and what changed since the last one.
//!
//! On a terminal it walks through the map: each active supporter in turn (still in
//! touch? the same circle? how is the tie? the same support? does the rhythm still
//! fit?), then the top gaps, then the safety plan, then a note. Every answer is
//! optional: Enter keeps things as they are, Esc goes back one question, and Esc at the
//! very first question leaves with nothing saved. The review is then recorded, so
//! `changes --since last-review` can look back to it.
//!
//! Without a terminal (cron), it prints what changed since the last review and records
//! nothing.

use std::collections::BTreeSet;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::questions::{self, Draft, Question};
use super::{Env, quote};
use crate::cli::ReviewArgs;
use crate::db::reviews::Review;
use crate::db::{self, Db, Location};
use crate::domain::plan::{Plan, crisis_contacts};
use crate::domain::settings::{Key, Settings};
use crate::domain::supporter::name_key;
use crate::domain::text::{self, Shape};
use crate::domain::{Changes, Field, Function, Profile, Status, Supporter};
use crate::error::Failure;
use crate::prompt::{self, Answer};
use crate::render::contacts::{LastContacts, category_and_role};
use crate::render::gaps::{self as gaps_view, Shown};
use crate::render::terminal_safe;
use crate::render::time::{ago, days_ago, local_day};

/// How many gaps the review shows; `supportmap gaps` has the rest.
const TOP_GAPS: usize = 3;

/// Without a terminal and before any review, the summary looks back this many days.
const NO_REVIEW_DAYS: i64 = 30;

/// The guided review on a terminal; otherwise (or with `--json`, which is for scripts)
/// what changed since the last review.
pub fn run(loc: &Location, args: &ReviewArgs, env: &Env) -> Result<()> {
    let note = super::text_flag("--note", args.note.as_deref(), Shape::Lines)?;
    if env.out.json || !prompt::can_prompt() {
        if note.is_some() {
            return Err(Failure::usage("--note goes with a review, which is done on a terminal")
                .hint("run `supportmap review --note ...` on a terminal; without one, `supportmap review` prints what changed since the last review")
                .into());
        }
        return since_last(loc, env);
    }
    let Some(mut db) = super::existing(loc, env)? else {
        return Err(Failure::usage("there is no map to review yet")
            .hint("add someone first: supportmap add NAME --category CATEGORY")
            .into());
    };
    // Take the write lock once and let it go, before the first question: a map that
    // cannot be saved to says so now, not after the last answer.
    db.write(|_| Ok(()))?;
    guided(&mut db, note, env)
}

/// The last review, as `--json` shows it.
#[derive(Serialize)]
struct ReviewJson<'a> {
    at: DateTime<Utc>,
    note: Option<&'a str>,
}

/// Without a terminal: the summary `changes --since` prints, from the last review (or
/// over the last 30 days before the first). Records nothing.
fn since_last(loc: &Location, env: &Env) -> Result<()> {
    let Some(db) = super::existing(loc, env)? else {
        super::note_no_database(&loc.path, env);
        if env.out.json {
            return env
                .out
                .print_document("{\n  \"last_review\": null,\n  \"changes\": null\n}");
        }
        return Ok(());
    };
    let last = db::reviews::last(db.conn())?;
    let from = match &last {
        Some(review) => review.at,
        None => {
            chrono::SubsecRound::trunc_subsecs(env.now - chrono::Duration::days(NO_REVIEW_DAYS), 0)
        }
    };
    let changes = super::history::changes_since(&db, from, false, env)?;
    if env.out.json {
        return env.out.print_json(&serde_json::json!({
            "last_review": last.as_ref().map(|r| ReviewJson {
                at: r.at,
                note: r.note.as_deref(),
            }),
            "changes": changes,
        }));
    }
    env.out.say(&match &last {
        Some(review) => last_review_words(review, env.now),
        None => format!(
            "No review yet: run `{}` on a terminal to do one. Here are the last 30 days.",
            env.command("supportmap review")
        ),
    })?;
    super::history::print_changes(&changes, env)
}

/// "Your last review was on 2026-11-01 (3 weeks ago), with the note: ...".
fn last_review_words(review: &Review, now: DateTime<Utc>) -> String {
    let day = local_day(review.at);
    let mut words = format!(
        "Your last review was on {day} ({}).",
        days_ago(day, local_day(now))
    );
    if let Some(note) = &review.note {
        words.push_str(&format!(
            "\nIts note: \u{201c}{}\u{201d}",
            note.replace('\n', "\n  ")
        ));
    }
    words
}

/// What the user answered about one supporter.
struct Answers {
    supporter: Supporter,
    /// Their circle, tie, gives and rhythm as answered so far (through the same
    /// questions `add` and `contacts edit` ask).
    draft: Draft<'static>,
    in_touch: bool,
    pause: bool,
    reason: Option<String>,
    rhythm_fits: bool,
}

impl Answers {
    fn new(supporter: Supporter) -> Answers {
        Answers {
            draft: Draft {
                base: supporter.profile.clone(),
                changes: Changes::default(),
                taken: &[],
                editing: true,
            },
            supporter,
            in_touch: true,
            pause: false,
            reason: None,
            rhythm_fits: true,
        }
    }

    /// A pause counts only while "not in touch" is still the answer above it.
    fn paused(&self) -> bool {
        !self.in_touch && self.pause
    }

    /// `current` (the supporter as stored when the answers are saved) as the answers
    /// leave them. Paused: only the pause is saved, since the other questions were not
    /// asked on the way that led there.
    fn apply(&self, current: &Profile, today: NaiveDate) -> Result<Profile> {
        if self.paused() {
            let mut p = current.clone();
            p.status = Status::Paused;
            p.paused_reason.clone_from(&self.reason);
            return Ok(p);
        }
        self.draft
            .changes
            .apply(current, today)
            .map_err(|e| Failure::from(e).into())
    }
}

/// One question of the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A question about the supporter at this index.
    About(usize, Ask),
    Plan,
    Note,
}

/// The questions about one supporter, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    InTouch,
    Pause,
    Reason,
    Circle,
    Tie,
    Gives,
    RhythmFits,
    Rhythm,
}

impl Ask {
    const ALL: [Ask; 8] = [
        Ask::InTouch,
        Ask::Pause,
        Ask::Reason,
        Ask::Circle,
        Ask::Tie,
        Ask::Gives,
        Ask::RhythmFits,
        Ask::Rhythm,
    ];
}

/// The whole review as it is answered: what was asked, what was answered, and what has
/// been shown so far.
struct Walk<'a> {
    people: Vec<Answers>,
    last: &'a LastContacts,
    plan: &'a Plan,
    mark_plan: bool,
    /// `--note`, or the answer to the last question.
    note: Option<String>,
    ask_note: bool,
    /// The supporter whose details are on the screen.
    heading: Option<usize>,
    gaps_shown: bool,
    env: &'a Env,
}

impl Walk<'_> {
    fn steps(&self) -> Vec<Step> {
        (0..self.people.len())
            .flat_map(|i| Ask::ALL.map(|ask| Step::About(i, ask)))
            .chain([Step::Plan, Step::Note])
            .collect()
    }

    /// Whether a step is asked, given the answers so far.
    fn applies(&self, step: Step) -> bool {
        match step {
            Step::About(i, ask) => {
                let a = &self.people[i];
                match ask {
                    Ask::InTouch => true,
                    Ask::Pause => !a.in_touch,
                    Ask::Reason => a.paused(),
                    Ask::Circle | Ask::Tie | Ask::Gives | Ask::RhythmFits => !a.paused(),
                    Ask::Rhythm => !a.paused() && !a.rhythm_fits,
                }
            }
            Step::Plan => !self.plan.is_empty(),
            Step::Note => self.ask_note,
        }
    }

    /// Asks every step that applies; Esc steps back to the one before, and at the first
    /// cancels the review with nothing saved.
    fn ask_all(&mut self, db: &Db) -> Result<()> {
        let steps = self.steps();
        let mut i = 0;
        while i < steps.len() {
            let step = steps[i];
            if !self.applies(step) {
                i += 1;
                continue;
            }
            self.show_before(step, db)?;
            match self.ask(step)? {
                Answer::Given(()) => i += 1,
                Answer::Back => match (0..i).rev().find(|j| self.applies(steps[*j])) {
                    Some(j) => i = j,
                    None => prompt::cancel(),
                },
            }
        }
        if !self.gaps_shown {
            self.show_gaps_and_plan(db)?;
        }
        Ok(())
    }

    /// What a question needs on the screen above it: the supporter's details, or the
    /// gaps and the plan once the supporters are done.
    fn show_before(&mut self, step: Step, db: &Db) -> Result<()> {
        match step {
            Step::About(i, _) if self.heading != Some(i) => {
                self.heading = Some(i);
                let a = &self.people[i];
                let last = self.last.get(&a.supporter.id).copied();
                eprintln!(
                    "\n{}",
                    terminal_safe(&heading(&a.supporter, last, self.env.now))
                );
            }
            Step::Plan | Step::Note if !self.gaps_shown => self.show_gaps_and_plan(db)?,
            _ => {}
        }
        Ok(())
    }

    fn show_gaps_and_plan(&mut self, db: &Db) -> Result<()> {
        self.gaps_shown = true;
        self.heading = None;
        // The gaps as the answers so far leave the map: someone just paused is not
        // suggested for a call, a rhythm just changed counts as changed.
        let mut answered = std::collections::HashMap::new();
        for a in &self.people {
            answered.insert(
                a.supporter.id,
                a.apply(&a.supporter.profile, self.env.today())?,
            );
        }
        eprint!("{}", terminal_safe(&top_gaps(db, &answered, self.env)?));
        let text = if self.plan.is_empty() {
            "\nYour safety plan is empty. When you are ready, `supportmap plan` shows its \
             sections and `supportmap plan add SECTION TEXT` starts it.\n"
                .to_string()
        } else {
            let supporters = db::supporters::all(db.conn())?;
            let settings = db::settings::load(db.conn())?;
            let mut view = crate::render::plan::view(
                self.plan,
                &crisis_contacts(&supporters),
                settings.get(Key::Name),
                &super::help(&settings),
            );
            crate::render::plan::add_kept_away(&mut view, &supporters);
            format!("\n{}", crate::render::plan::text(&view, self.env.now, true))
        };
        eprintln!("{}", terminal_safe(&text));
        Ok(())
    }

    fn ask(&mut self, step: Step) -> Result<Answer<()>> {
        let today = self.env.today();
        let given = |answer: Answer<bool>, slot: &mut bool| match answer {
            Answer::Given(yes) => {
                *slot = yes;
                Answer::Given(())
            }
            Answer::Back => Answer::Back,
        };
        Ok(match step {
            Step::About(i, ask) => {
                let a = &mut self.people[i];
                let name = a.supporter.profile.name.clone();
                match ask {
                    Ask::InTouch => given(
                        prompt::yes_no(&format!("Still in touch with {name}?"), a.in_touch)?,
                        &mut a.in_touch,
                    ),
                    Ask::Pause => {
                        eprintln!(
                            "{}",
                            terminal_safe(&format!(
                                "That can be fine as it is. If you are stepping back on \
                                 purpose, a pause is a healthy boundary: {name} stays in \
                                 your map, without rhythm reminders, until you resume."
                            ))
                        );
                        given(
                            prompt::yes_no(&format!("Pause {name} for now?"), a.pause)?,
                            &mut a.pause,
                        )
                    }
                    Ask::Reason => match prompt::text(
                        "A reason, for yourself (Enter skips)",
                        a.reason.as_deref(),
                        questions::line_check("the reason"),
                    )? {
                        Answer::Given(reason) => {
                            a.reason = reason;
                            Answer::Given(())
                        }
                        Answer::Back => Answer::Back,
                    },
                    Ask::Circle => questions::one(Question::Circle, &mut a.draft, today)?,
                    Ask::Tie => questions::one(Question::Tie, &mut a.draft, today)?,
                    Ask::Gives => questions::one(Question::Gives, &mut a.draft, today)?,
                    Ask::RhythmFits => {
                        let now = a.supporter.profile.every;
                        let words = now.map_or("none set".to_string(), |r| r.to_string());
                        let answer = given(
                            prompt::yes_no(
                                &format!("Rhythm still fits? ({words})"),
                                a.rhythm_fits,
                            )?,
                            &mut a.rhythm_fits,
                        );
                        if a.rhythm_fits {
                            // Kept: a new rhythm typed before stepping back is let go.
                            a.draft.changes.every = None;
                            a.draft.changes.clear.retain(|f| *f != Field::Every);
                        }
                        answer
                    }
                    Ask::Rhythm => questions::one(Question::Every, &mut a.draft, today)?,
                }
            }
            Step::Plan => given(
                prompt::yes_no("Mark the safety plan as reviewed today?", self.mark_plan)?,
                &mut self.mark_plan,
            ),
            Step::Note => match prompt::text(
                "A note to remember this review by (Enter skips)",
                self.note.as_deref(),
                |typed| {
                    text::clean(typed, Shape::Lines)
                        .map(|_| ())
                        .map_err(|e| format!("the note {e}"))
                },
            )? {
                Answer::Given(note) => {
                    self.note = note;
                    Answer::Given(())
                }
                Answer::Back => Answer::Back,
            },
        })
    }
}

/// The guided review. Every answer is saved at the end, with the review itself, in ONE
/// write: the review is one change in the history, and `supportmap undo` takes it back
/// whole. Nothing is written before the last answer, so cancelling leaves no trace.
fn guided(db: &mut Db, note: Option<String>, env: &Env) -> Result<()> {
    let conn = db.conn();
    let mut people: Vec<Supporter> = db::supporters::all(conn)?
        .into_iter()
        .filter(|s| s.profile.status == Status::Active)
        .collect();
    people.sort_by_key(|s| (s.profile.circle, name_key(&s.profile.name)));
    let last = db::checkins::last_contacts(conn)?;
    let plan = db::plan::load(conn)?;
    let settings = db::settings::load(conn)?;
    eprintln!(
        "{}",
        terminal_safe(&intro(
            people.len(),
            db::reviews::last(conn)?.as_ref(),
            &settings,
            env
        ))
    );
    let mut walk = Walk {
        people: people.into_iter().map(Answers::new).collect(),
        last: &last,
        plan: &plan,
        mark_plan: true,
        ask_note: note.is_none(),
        note,
        heading: None,
        gaps_shown: false,
        env,
    };
    walk.ask_all(db)?;

    let today = env.today();
    let mark_plan = walk.mark_plan && !plan.is_empty();
    let note = walk.note.clone();
    let saved = db.write(|tx| {
        let mut saved: Vec<(Profile, Profile)> = Vec::new();
        for answers in &walk.people {
            let id = answers.supporter.id;
            let current = db::supporters::get(tx, id)?;
            let profile = answers.apply(&current.profile, today)?;
            if profile == current.profile {
                continue;
            }
            if let Some(order) = profile.crisis_order
                && profile.crisis_order != current.profile.crisis_order
            {
                db::supporters::make_room_in_crisis_order(tx, id, order)?;
            }
            db::supporters::update(tx, id, &profile, env.now)?;
            saved.push((current.profile, profile));
        }
        if mark_plan {
            db::plan::review(tx, env.now)?;
        }
        // The review is dated after this change is recorded (the journal dates it at
        // the start of the write, to the second), so "since the last review" never
        // counts the review's own answers.
        let at = Utc::now().max(env.now);
        db::reviews::record(tx, at, note.as_deref())?;
        Ok(saved)
    })?;
    env.out
        .say(&closing(&saved, mark_plan, note.as_deref(), env))
}

/// What is said before the first question.
fn intro(active: usize, last: Option<&Review>, settings: &Settings, env: &Env) -> String {
    let mut lines = vec![match active {
        0 => "A review of your map. There is no one active in it to go through, so on to \
              the gaps and the safety plan."
            .to_string(),
        1 => "A review of your map: 1 active supporter.".to_string(),
        n => format!("A review of your map: {n} active supporters, closest first."),
    }];
    lines.push(match last {
        Some(review) => last_review_words(review, env.now),
        None => "This is your first review.".to_string(),
    });
    if let Some(line) = settings
        .get(Key::RecoveryDate)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| crate::domain::milestone::milestone(d, env.today()))
    {
        lines.push(line);
    }
    lines.push("Enter keeps an answer as it is; Esc goes back one question.".to_string());
    lines.join("\n")
}

/// A supporter's details above the questions about them.
fn heading(s: &Supporter, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let p = &s.profile;
    let gives: Vec<&str> = p.gives.iter().map(|f| f.as_str()).collect();
    format!(
        "{} · {} · {} circle, {} tie\n  gives {} · {} · last contact {}",
        p.name,
        category_and_role(s),
        p.circle,
        p.tie,
        if gives.is_empty() {
            "nothing recorded".to_string()
        } else {
            gives.join(", ")
        },
        p.every
            .map_or("no rhythm".to_string(), |r| format!("rhythm {r}")),
        last.map_or("none logged".to_string(), |at| ago(at, now)),
    )
}

/// The first few open gaps, found as `supportmap gaps` finds them.
fn top_gaps(
    db: &Db,
    answered: &std::collections::HashMap<i64, Profile>,
    env: &Env,
) -> Result<String> {
    let mut loaded = super::gaps::Loaded::read(db.conn(), env)?;
    for s in &mut loaded.supporters {
        if let Some(profile) = answered.get(&s.id) {
            s.profile = profile.clone();
        }
    }
    let mut found = loaded.found(env);
    found.retain(|g| !loaded.dismissed.contains_key(&g.id));
    if found.is_empty() {
        return Ok("\nNo open gaps right now.\n".to_string());
    }
    let more = found.len().saturating_sub(TOP_GAPS);
    found.truncate(TOP_GAPS);
    let shown: Vec<Shown<'_>> = found
        .iter()
        .map(|gap| Shown {
            gap,
            dismissed: None,
        })
        .collect();
    let mut text = format!(
        "\nThe top gaps right now:\n{}",
        gaps_view::gaps(&shown, &env.out)
    );
    if more > 0 {
        text.push_str(&format!(
            "({more} more: `{}`)\n",
            env.command("supportmap gaps")
        ));
    }
    Ok(text)
}

/// One supporter's changes in this review, in words: "moved from the middle to the
/// inner circle; the tie is now stressful".
fn differences(before: &Profile, after: &Profile) -> Vec<String> {
    let mut out = Vec::new();
    if after.status != before.status {
        out.push(match &after.paused_reason {
            Some(reason) if after.status == Status::Paused => format!("paused ({reason})"),
            _ => after.status.to_string(),
        });
    }
    if after.circle != before.circle {
        out.push(format!(
            "moved from the {} to the {} circle",
            before.circle, after.circle
        ));
    }
    if after.tie != before.tie {
        out.push(format!("the tie is now {} (was {})", after.tie, before.tie));
    }
    if after.gives != before.gives {
        let words = |gives: &BTreeSet<Function>| -> String {
            let all: Vec<&str> = gives.iter().map(|f| f.as_str()).collect();
            if all.is_empty() {
                "nothing recorded".to_string()
            } else {
                all.join(", ")
            }
        };
        out.push(format!(
            "gives {} (was {})",
            words(&after.gives),
            words(&before.gives)
        ));
    }
    if after.every != before.every {
        out.push(match after.every {
            Some(r) => format!("rhythm now {r}"),
            None => "no rhythm now".to_string(),
        });
    }
    out
}

/// What is said once the review is saved.
fn closing(saved: &[(Profile, Profile)], plan: bool, note: Option<&str>, env: &Env) -> String {
    let mut lines = vec![format!("Review saved ({}).", env.today())];
    if saved.is_empty() {
        lines.push("Everyone is as they were: nothing in the map changed.".to_string());
    }
    for (before, after) in saved {
        lines.push(format!(
            "  {}: {}",
            after.name,
            differences(before, after).join("; ")
        ));
        if after.status == Status::Paused && after.is_crisis() {
            lines.push(format!(
                "    still a crisis contact; if you would rather not call them in a crisis: {}",
                env.command(&format!(
                    "supportmap contacts edit {} --no-crisis",
                    quote(&after.name)
                ))
            ));
        }
    }
    if plan {
        lines.push("  The safety plan is marked as reviewed today.".to_string());
    }
    if let Some(note) = note {
        lines.push(format!(
            "  Note: \u{201c}{}\u{201d}",
            note.replace('\n', "\n  ")
        ));
    }
    lines.push(format!(
        "Next time, `{}` shows what changed since today. `{}` takes this review back whole.",
        env.command("supportmap changes --since last-review"),
        env.command("supportmap undo")
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_said_field_by_field() {
        let before = Profile::new("Jo".to_string(), crate::domain::Category::Friend);
        let mut after = before.clone();
        assert!(differences(&before, &after).is_empty());
        after.circle = crate::domain::Circle::Inner;
        after.tie = crate::domain::Tie::Stressful;
        after.status = Status::Paused;
        after.paused_reason = Some("taking space".to_string());
        assert_eq!(
            differences(&before, &after),
            [
                "paused (taking space)",
                "moved from the middle to the inner circle",
                "the tie is now stressful (was steady)"
            ]
        );
    }
}
