//! The questions `add` and `contacts edit` ask on a terminal, as one flow: each question
//! the flags did not answer, in order; Esc steps back one question (at the first, it
//! cancels); then a summary of what will be saved, and a confirm.

use std::collections::BTreeSet;

use anyhow::Result;

use crate::domain::supporter::{clean_name, clean_phone, name_key};
use crate::domain::text::{self, Shape};
use crate::domain::{Category, Changes, Circle, Field, Function, Kind, Mode, Profile, Rhythm, Tie};
use crate::prompt::{self, Answer};

/// One question about a supporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Name,
    Kind,
    Category,
    Role,
    Gives,
    Circle,
    Tie,
    Mode,
    Phone,
    Email,
    Contact,
    Crisis,
    Available,
    Every,
    Note,
}

impl Question {
    /// Every question, in the order they are asked.
    pub const ALL: &'static [Question] = &[
        Question::Name,
        Question::Kind,
        Question::Category,
        Question::Role,
        Question::Gives,
        Question::Circle,
        Question::Tie,
        Question::Mode,
        Question::Phone,
        Question::Email,
        Question::Contact,
        Question::Crisis,
        Question::Available,
        Question::Every,
        Question::Note,
    ];

    /// The word for the question in the list `contacts edit` offers.
    pub fn word(self) -> &'static str {
        match self {
            Question::Name => "name",
            Question::Kind => "kind",
            Question::Category => "category",
            Question::Role => "role",
            Question::Gives => "gives",
            Question::Circle => "circle",
            Question::Tie => "tie",
            Question::Mode => "mode",
            Question::Phone => "phone",
            Question::Email => "email",
            Question::Contact => "contact",
            Question::Crisis => "crisis",
            Question::Available => "available",
            Question::Every => "every",
            Question::Note => "note",
        }
    }
}

/// What the answers so far make of the supporter: `base` with `changes` applied.
pub struct Draft<'a> {
    pub base: Profile,
    pub changes: Changes,
    /// Names already in the map (another supporter's), which the name may not take.
    pub taken: &'a [String],
    /// Editing: every chosen question is asked (a new supporter skips some).
    pub editing: bool,
}

impl Draft<'_> {
    /// The profile as it would be saved now, where the answers so far allow.
    fn preview(&self, today: chrono::NaiveDate) -> Profile {
        self.changes
            .apply(&self.base, today)
            .unwrap_or_else(|_| self.base.clone())
    }
}

/// Asks `questions` in turn. False when the user chose not to save at the summary.
pub fn ask(
    questions: &[Question],
    draft: &mut Draft<'_>,
    today: chrono::NaiveDate,
) -> Result<bool> {
    let mut i = 0;
    loop {
        if i == questions.len() {
            // The summary and the confirm; Esc there goes back to the last question.
            let profile = draft.preview(today);
            eprintln!("\n{}", crate::render::contacts::summary(&profile));
            match prompt::yes_no(&format!("Save {}?", profile.name), true)? {
                Answer::Given(save) => return Ok(save),
                Answer::Back => {
                    i = i.saturating_sub(1);
                    continue;
                }
            }
        }
        let question = questions[i];
        if !applies(question, &draft.preview(today), draft.editing) {
            i += 1;
            continue;
        }
        match one(question, draft, today)? {
            Answer::Given(()) => i += 1,
            Answer::Back if i == 0 => prompt::cancel(),
            Answer::Back => {
                // Back to the previous question that is asked.
                i -= 1;
                while i > 0 && !applies(questions[i], &draft.preview(today), draft.editing) {
                    i -= 1;
                }
            }
        }
    }
}

/// Some questions follow from others: for a new supporter, "in a crisis?" only when
/// crisis is not already ticked, and availability only for a group, a service or a
/// crisis contact. An edit asks what the user chose to change.
fn applies(question: Question, profile: &Profile, editing: bool) -> bool {
    match question {
        _ if editing => true,
        Question::Crisis => !profile.is_crisis(),
        Question::Available => profile.kind != Kind::Person || profile.is_crisis(),
        _ => true,
    }
}

/// What each category covers, shown beside it in the list.
fn category_help(category: Category) -> &'static str {
    match category {
        Category::Family => "parents, partners, siblings, chosen family",
        Category::Friend => "friends, coworkers you trust, neighbours",
        Category::Peer => "mutual-help groups, peers in recovery, peer support workers",
        Category::Sponsor => "a sponsor or mentor who has walked the same road",
        Category::Professional => "therapist, counsellor, doctor, case manager, crisis line",
        Category::Community => "clubs, volunteering, workplace, programmes",
        Category::Spiritual => "faith community, meditation group, healing circle",
    }
}

/// Which category someone belongs in, from the list with its descriptions.
pub(super) fn ask_category(question: &str, current: Category) -> Result<Answer<Category>> {
    pick(
        question,
        Category::ALL,
        Category::as_str,
        category_help,
        current,
    )
}

fn function_help(function: Function) -> &'static str {
    match function {
        Function::Emotional => "listening, validation",
        Function::Practical => "rides, meals, childcare, money, paperwork",
        Function::Advice => "information, guidance, coping skills",
        Function::Accountability => "holds you to your goals, notices warning signs",
        Function::Encouragement => "motivation, celebrating progress",
        Function::Crisis => "can be reached in a crisis",
        Function::Belonging => "company, community, shared activities",
    }
}

/// A list question over a fixed set: the words with their descriptions.
fn pick<T: Copy + PartialEq>(
    question: &str,
    all: &[T],
    word: impl Fn(T) -> &'static str,
    help: impl Fn(T) -> &'static str,
    current: T,
) -> Result<Answer<T>> {
    let width = all.iter().map(|t| word(*t).len()).max().unwrap_or(0);
    let items: Vec<String> = all
        .iter()
        .map(|t| format!("{:<width$}  {}", word(*t), help(*t)))
        .collect();
    let default = all.iter().position(|t| *t == current).unwrap_or(0);
    Ok(match prompt::choose(question, &items, default)? {
        Answer::Given(i) => Answer::Given(all[i]),
        Answer::Back => Answer::Back,
    })
}

/// An optional text answer, checked by `check`: with a value already there (stored, or
/// answered before stepping back) Enter keeps it and `-` clears it; without one, Enter
/// skips.
fn optional(
    question: &str,
    current: Option<&str>,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Answer<Option<Option<String>>>> {
    // With a value already there (stored, or answered before stepping back), Enter keeps
    // it and `-` clears it; without one, Enter skips.
    let shown = if current.is_some() {
        format!("{question} (Enter keeps, - clears)")
    } else {
        format!("{question} (Enter skips)")
    };
    Ok(
        match prompt::text(&shown, current, |typed| {
            if typed == "-" { Ok(()) } else { check(typed) }
        })? {
            Answer::Back => Answer::Back,
            // Nothing typed: as it is.
            Answer::Given(None) => Answer::Given(None),
            Answer::Given(Some(typed)) if typed == "-" => Answer::Given(Some(None)),
            Answer::Given(Some(typed)) if Some(typed.as_str()) == current => Answer::Given(None),
            Answer::Given(Some(typed)) => Answer::Given(Some(Some(typed))),
        },
    )
}

pub(super) fn line_check(what: &'static str) -> impl Fn(&str) -> Result<(), String> {
    move |typed: &str| {
        text::clean(typed, Shape::Line)
            .map(|_| ())
            .map_err(|e| format!("{what} {e}"))
    }
}

/// An optional text field's answer: `Some(Some)` sets it, `Some(None)` clears it, `None`
/// leaves it as it is.
fn set_text(
    answer: Option<Option<String>>,
    slot: &mut Option<String>,
    field: Field,
    clear: &mut Vec<Field>,
) {
    match answer {
        Some(Some(value)) => {
            clear.retain(|f| *f != field);
            *slot = Some(value);
        }
        Some(None) => {
            *slot = None;
            if !clear.contains(&field) {
                clear.push(field);
            }
        }
        // Kept: whatever the draft holds (an earlier answer, or the stored value).
        None => {}
    }
}

/// Asks one question and puts the answer into `draft.changes`.
pub(super) fn one(
    question: Question,
    draft: &mut Draft<'_>,
    today: chrono::NaiveDate,
) -> Result<Answer<()>> {
    let now = draft.preview(today);
    let c = &mut draft.changes;
    match question {
        Question::Name => {
            let taken = draft.taken;
            let current = (!now.name.is_empty()).then_some(now.name.as_str());
            let answer = prompt::text("Name", current, |typed| {
                clean_name(typed).map_err(|e| e.to_string())?;
                match taken.iter().find(|n| name_key(n) == name_key(typed)) {
                    Some(existing) => Err(format!("\"{existing}\" is already in your map")),
                    None => Ok(()),
                }
            })?;
            match answer {
                Answer::Back => return Ok(Answer::Back),
                Answer::Given(None) if current.is_none() => {
                    eprintln!("A name is needed.");
                    return one(question, draft, today);
                }
                Answer::Given(name) => c.name = name,
            }
        }
        Question::Kind => {
            let help = |k: Kind| match k {
                Kind::Person => "someone you know",
                Kind::Group => "a meeting, a home group, a church, a club",
                Kind::Service => "a crisis line, a clinic, a helpline",
            };
            match pick("Kind", Kind::ALL, Kind::as_str, help, now.kind)? {
                Answer::Given(kind) => c.kind = Some(kind),
                Answer::Back => return Ok(Answer::Back),
            }
        }
        Question::Category => {
            match pick(
                "Category",
                Category::ALL,
                Category::as_str,
                category_help,
                now.category,
            )? {
                Answer::Given(category) => c.category = Some(category),
                Answer::Back => return Ok(Answer::Back),
            }
        }
        Question::Role => match optional(
            "Role (sister, therapist, Tuesday NA)",
            now.role.as_deref(),
            line_check("the role"),
        )? {
            Answer::Given(answer) => set_text(answer, &mut c.role, Field::Role, &mut c.clear),
            Answer::Back => return Ok(Answer::Back),
        },
        Question::Gives => {
            let items: Vec<String> = Function::ALL
                .iter()
                .map(|f| format!("{:<15} {}", f.as_str(), function_help(*f)))
                .collect();
            let ticked: Vec<bool> = Function::ALL
                .iter()
                .map(|f| now.gives.contains(f))
                .collect();
            match prompt::choose_many("What do they give?", &items, &ticked)? {
                Answer::Given(chosen) => {
                    let gives: BTreeSet<Function> =
                        chosen.into_iter().map(|i| Function::ALL[i]).collect();
                    // Ticking crisis here answers the crisis question too.
                    if gives.contains(&Function::Crisis) {
                        c.crisis = Some(true);
                    } else if now.is_crisis() {
                        c.crisis = Some(false);
                        c.crisis_order = None;
                    }
                    c.gives = Some(gives);
                    c.clear.retain(|f| *f != Field::Gives);
                }
                Answer::Back => return Ok(Answer::Back),
            }
        }
        Question::Circle => {
            let help = |circle: Circle| match circle {
                Circle::Inner => "the people closest to you",
                Circle::Middle => "close, but not the closest",
                Circle::Outer => "further out, still part of your support",
            };
            match pick("Circle", Circle::ALL, Circle::as_str, help, now.circle)? {
                Answer::Given(circle) => c.circle = Some(circle),
                Answer::Back => return Ok(Answer::Back),
            }
        }
        Question::Tie => {
            let help = |tie: Tie| match tie {
                Tie::Strong => "a tie that holds you up",
                Tie::Steady => "there, and fine as it is",
                Tie::Tenuous => "thin or uncertain for now",
                Tie::Stressful => "takes more than it gives; not counted as support",
            };
            match pick("How is the tie?", Tie::ALL, Tie::as_str, help, now.tie)? {
                Answer::Given(tie) => c.tie = Some(tie),
                Answer::Back => return Ok(Answer::Back),
            }
        }
        Question::Mode => {
            let help = |mode: Mode| match mode {
                Mode::InPerson => "you meet face to face",
                Mode::Online => "calls, messages, video, online meetings",
                Mode::Hybrid => "both",
            };
            match pick("How do you meet?", Mode::ALL, Mode::as_str, help, now.mode)? {
                Answer::Given(mode) => c.mode = Some(mode),
                Answer::Back => return Ok(Answer::Back),
            }
        }
        Question::Phone => match optional("Phone", now.phone.as_deref(), |typed| {
            clean_phone(typed).map(|_| ()).map_err(|e| e.to_string())
        })? {
            Answer::Given(answer) => set_text(answer, &mut c.phone, Field::Phone, &mut c.clear),
            Answer::Back => return Ok(Answer::Back),
        },
        Question::Email => match optional("Email", now.email.as_deref(), |typed| {
            if crate::domain::supporter::is_email(typed) {
                line_check("the email")(typed)
            } else {
                Err(format!("\"{typed}\" does not look like an address (no @)"))
            }
        })? {
            Answer::Given(answer) => set_text(answer, &mut c.email, Field::Email, &mut c.clear),
            Answer::Back => return Ok(Answer::Back),
        },
        Question::Contact => match optional(
            "Other contact (handle, address)",
            now.contact.as_deref(),
            line_check("the contact"),
        )? {
            Answer::Given(answer) => {
                set_text(answer, &mut c.contact, Field::Contact, &mut c.clear);
            }
            Answer::Back => return Ok(Answer::Back),
        },
        Question::Crisis => {
            match prompt::yes_no("Can you call them in a crisis?", now.is_crisis())? {
                Answer::Given(yes) => {
                    c.crisis = Some(yes);
                    if let Some(gives) = &mut c.gives {
                        if yes {
                            gives.insert(Function::Crisis);
                        } else {
                            gives.remove(&Function::Crisis);
                        }
                    }
                }
                Answer::Back => return Ok(Answer::Back),
            }
        }
        Question::Available => match optional(
            "When reachable? (24/7, weekdays 9-5)",
            now.available.as_deref(),
            line_check("the availability"),
        )? {
            Answer::Given(answer) => {
                set_text(answer, &mut c.available, Field::Available, &mut c.clear);
            }
            Answer::Back => return Ok(Answer::Back),
        },
        Question::Every => {
            let current = now.every.map(|r| r.to_string());
            match optional(
                "Keep in touch every? (weekly, 2w)",
                current.as_deref(),
                |typed| {
                    typed
                        .parse::<Rhythm>()
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                },
            )? {
                Answer::Given(answer) => {
                    c.clear.retain(|f| *f != Field::Every);
                    c.every = None;
                    match answer {
                        Some(Some(text)) => c.every = text.parse::<Rhythm>().ok(),
                        Some(None) => c.clear.push(Field::Every),
                        None => {}
                    }
                }
                Answer::Back => return Ok(Answer::Back),
            }
        }
        Question::Note => match optional("A note to yourself", now.note.as_deref(), |typed| {
            text::clean(typed, Shape::Lines)
                .map(|_| ())
                .map_err(|e| format!("the note {e}"))
        })? {
            Answer::Given(answer) => set_text(answer, &mut c.note, Field::Note, &mut c.clear),
            Answer::Back => return Ok(Answer::Back),
        },
    }
    Ok(Answer::Given(()))
}
