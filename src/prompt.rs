//! Questions on a terminal, through dialoguer. Nothing here runs without a terminal:
//! callers check [`can_prompt`] first and fail naming the missing flag instead.

use std::collections::BTreeSet;
use std::io::IsTerminal;

use anyhow::Result;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, MultiSelect, Select};

use crate::domain::{Category, Circle, Function, Rhythm};

/// True when a person can answer: stdin and stderr (where questions are drawn) are
/// both terminals. Cron, pipes and CI never get a question.
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn theme() -> ColorfulTheme {
    ColorfulTheme::default()
}

/// Restores the cursor if the user presses Ctrl-C mid-question: dialoguer hides it
/// while a list is shown, and a killed process would leave the shell without one.
fn restore_cursor_on_interrupt() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // If a handler cannot be set, questions still work; only the cursor is at risk.
        let _ = ctrlc::set_handler(|| cancel());
    });
}

/// Ctrl-C or Esc at a question: put the cursor back, say so, and stop with the usual
/// exit code for an interrupt. Nothing has been written: questions come before writes.
fn cancel() -> ! {
    let _ = dialoguer::console::Term::stderr().show_cursor();
    eprintln!("\nCancelled; nothing was saved.");
    std::process::exit(130)
}

/// A dialoguer answer, with Ctrl-C (which arrives as an interrupted read while the
/// terminal is in raw mode) treated as a cancel.
fn answered<T>(result: dialoguer::Result<T>) -> Result<T> {
    match result {
        Ok(value) => Ok(value),
        Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => cancel(),
        Err(e) => Err(anyhow::Error::from(e).context("could not read the answer")),
    }
}

/// Says which answer was chosen, in words only (lists show descriptions beside each
/// choice; repeating those would read as if more were chosen).
fn report(question: &str, answer: &str) {
    eprintln!("✔ {question} · {answer}");
}

/// An optional line of text, checked by `validate` as it is typed; `None` when the
/// user leaves it empty.
pub fn optional_text(
    question: &str,
    validate: impl Fn(&str) -> Result<(), String>,
) -> Result<Option<String>> {
    restore_cursor_on_interrupt();
    let answer: dialoguer::Result<String> = Input::with_theme(&theme())
        .with_prompt(question)
        .allow_empty(true)
        .validate_with(|input: &String| -> Result<(), String> {
            if input.trim().is_empty() {
                Ok(())
            } else {
                validate(input.trim())
            }
        })
        .interact_text();
    let answer = answered(answer)?;
    let answer = answer.trim();
    Ok((!answer.is_empty()).then(|| answer.to_string()))
}

/// The supporter's name, checked by `validate` as it is typed (for example, against
/// names already in the map).
pub fn name(validate: impl Fn(&str) -> Result<(), String>) -> Result<String> {
    restore_cursor_on_interrupt();
    let answer: dialoguer::Result<String> = Input::with_theme(&theme())
        .with_prompt("Name")
        .validate_with(|input: &String| -> Result<(), String> {
            if input.trim().is_empty() {
                return Err("a name is needed".to_string());
            }
            validate(input.trim())
        })
        .interact_text();
    let answer = answered(answer)?;
    Ok(answer.trim().to_string())
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

pub fn category() -> Result<Category> {
    restore_cursor_on_interrupt();
    let items: Vec<String> = Category::ALL
        .iter()
        .map(|c| format!("{:<13} {}", c.as_str(), category_help(*c)))
        .collect();
    let index = answered(
        Select::with_theme(&theme())
            .with_prompt("Category")
            .items(&items)
            .default(0)
            .report(false)
            .interact_opt(),
    )?
    .unwrap_or_else(|| cancel());
    report("Category", Category::ALL[index].as_str());
    Ok(Category::ALL[index])
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

/// What they give: space to tick, enter to finish. `ticked` starts ticked.
pub fn functions(ticked: &BTreeSet<Function>) -> Result<BTreeSet<Function>> {
    restore_cursor_on_interrupt();
    let items: Vec<String> = Function::ALL
        .iter()
        .map(|f| format!("{:<15} {}", f.as_str(), function_help(*f)))
        .collect();
    let defaults: Vec<bool> = Function::ALL.iter().map(|f| ticked.contains(f)).collect();
    let chosen = answered(
        MultiSelect::with_theme(&theme())
            .with_prompt("What do they give? (space to tick, enter when done)")
            .items(&items)
            .defaults(&defaults)
            .report(false)
            .interact_opt(),
    )?
    .unwrap_or_else(|| cancel());
    let chosen: BTreeSet<Function> = chosen.into_iter().map(|i| Function::ALL[i]).collect();
    let words: Vec<&str> = chosen.iter().map(|f| f.as_str()).collect();
    report(
        "What do they give?",
        if words.is_empty() {
            "nothing ticked".to_string()
        } else {
            words.join(", ")
        }
        .as_str(),
    );
    Ok(chosen)
}

pub fn circle(default: Circle) -> Result<Circle> {
    restore_cursor_on_interrupt();
    let items = [
        "inner   the people closest to you",
        "middle  close, but not the closest",
        "outer   further out, still part of your support",
    ];
    let index = answered(
        Select::with_theme(&theme())
            .with_prompt("Circle")
            .items(items)
            .default(Circle::ALL.iter().position(|c| *c == default).unwrap_or(1))
            .report(false)
            .interact_opt(),
    )?
    .unwrap_or_else(|| cancel());
    report("Circle", Circle::ALL[index].as_str());
    Ok(Circle::ALL[index])
}

pub fn confirm(question: &str, default: bool) -> Result<bool> {
    restore_cursor_on_interrupt();
    // Esc keeps the default answer, which is always the careful one.
    Ok(answered(
        Confirm::with_theme(&theme())
            .with_prompt(question)
            .default(default)
            .interact_opt(),
    )?
    .unwrap_or(default))
}

/// A check-in rhythm, or `None` for no rhythm.
pub fn rhythm() -> Result<Option<Rhythm>> {
    let answer = optional_text(
        "Keep in touch every? (weekly, biweekly, monthly, 3d, 2w; empty: no)",
        |typed| {
            typed
                .parse::<Rhythm>()
                .map(|_| ())
                .map_err(|e| e.to_string())
        },
    )?;
    answer
        .map(|text| text.parse::<Rhythm>())
        .transpose()
        .map_err(anyhow::Error::from)
}
