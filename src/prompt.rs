//! Questions on a terminal. Nothing here runs without a terminal: callers check
//! [`can_prompt`] first and fail naming the missing flag instead.
//!
//! Every question answers [`Answer::Back`] when the user presses Esc, so a flow of
//! questions can step back one question (and cancel at the first). Esc never answers a
//! yes/no question. Lists come from dialoguer; typed answers use a small line reader
//! of supportmap's own, because dialoguer's text input does not report Esc.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use dialoguer::console::{Key, Term, style};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, MultiSelect, Select};

/// A question's answer, or the user stepping back with Esc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer<T> {
    Given(T),
    Back,
}

/// True when a person can answer: stdin and stderr (where questions are drawn) are
/// both terminals. Cron, pipes and CI never get a question.
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

static PLAIN: AtomicBool = AtomicBool::new(false);

/// Draws questions without colour (`--no-color`; `NO_COLOR` is honoured on its own):
/// the selection then shows as `>` and ticks as `[x]`, never by colour alone.
pub fn set_plain(plain: bool) {
    PLAIN.store(plain, Ordering::Relaxed);
}

fn plain() -> bool {
    PLAIN.load(Ordering::Relaxed)
        || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || !dialoguer::console::colors_enabled_stderr()
}

fn theme() -> Box<dyn Theme> {
    if plain() {
        dialoguer::console::set_colors_enabled_stderr(false);
        Box::new(SimpleTheme)
    } else {
        Box::new(ColorfulTheme::default())
    }
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

/// Ctrl-C, or Esc at the first question: put the cursor back, say so, and stop with
/// the usual exit code for an interrupt. Nothing has been written: questions come
/// before writes.
pub fn cancel() -> ! {
    let _ = Term::stderr().show_cursor();
    eprintln!("\nCancelled; nothing was saved.");
    std::process::exit(130)
}

/// A dialoguer answer, with Ctrl-C (which arrives as an interrupted read while the
/// terminal is in raw mode) treated as a cancel, and Esc (`None`) as a step back.
fn answered<T>(result: dialoguer::Result<Option<T>>) -> Result<Answer<T>> {
    match result {
        Ok(Some(value)) => Ok(Answer::Given(value)),
        Ok(None) => Ok(Answer::Back),
        Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => cancel(),
        Err(e) => Err(anyhow::Error::from(e).context("could not read the answer")),
    }
}

/// Says which answer was chosen, in words only (lists show descriptions beside each
/// choice; repeating those would read as if more were chosen).
pub fn report(question: &str, answer: &str) {
    if plain() {
        eprintln!("{question}: {answer}");
    } else {
        eprintln!("{} {question} · {answer}", style("✔").green());
    }
}

/// A typed answer. Enter with nothing typed gives `default` (shown in brackets), or
/// `None` when there is none; `validate` checks what is typed before it is taken.
pub fn text(
    question: &str,
    default: Option<&str>,
    validate: impl Fn(&str) -> Result<(), String>,
) -> Result<Answer<Option<String>>> {
    restore_cursor_on_interrupt();
    let term = Term::stderr();
    let prompt = match default {
        Some(d) => format!("{question} [{d}]"),
        None => question.to_string(),
    };
    let mut typed = String::new();
    let draw = |typed: &str| -> std::io::Result<()> {
        term.clear_line()?;
        if plain() {
            term.write_str(&format!("{prompt}: {typed}"))
        } else {
            term.write_str(&format!(
                "{} {prompt} {} {typed}",
                style("?").yellow(),
                style("›").dim()
            ))
        }
    };
    draw(&typed).context("could not draw the question")?;
    loop {
        let key = match term.read_key() {
            Ok(key) => key,
            // Ctrl-C while the terminal is raw arrives as an interrupted read.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => cancel(),
            Err(e) => return Err(anyhow::Error::from(e).context("could not read the answer")),
        };
        match key {
            Key::Char(c) if !c.is_control() => {
                typed.push(c);
                term.write_str(&c.to_string())
                    .context("could not draw the answer")?;
            }
            Key::Backspace if typed.pop().is_some() => {
                draw(&typed).context("could not draw the answer")?;
            }
            Key::CtrlC | Key::Char('\u{3}') => cancel(),
            Key::Escape => {
                finish_line(&term)?;
                return Ok(Answer::Back);
            }
            Key::Enter => {
                let answer = typed.trim();
                if answer.is_empty() {
                    finish_line(&term)?;
                    report(question, default.unwrap_or("-"));
                    return Ok(Answer::Given(default.map(str::to_string)));
                }
                match validate(answer) {
                    Ok(()) => {
                        finish_line(&term)?;
                        report(question, answer);
                        return Ok(Answer::Given(Some(answer.to_string())));
                    }
                    Err(message) => {
                        // The error on a line of its own (however long, nothing of it
                        // is drawn over), then the question again below it.
                        let mark = if plain() {
                            "error:".to_string()
                        } else {
                            style("✘").red().to_string()
                        };
                        term.write_str(&format!("\n{mark} {message}\n"))
                            .context("could not draw the question")?;
                        typed.clear();
                        draw(&typed).context("could not draw the question")?;
                    }
                }
            }
            _ => {}
        }
    }
}

/// Clears the question's line so the report can replace it.
fn finish_line(term: &Term) -> Result<()> {
    term.clear_line().context("could not draw the question")?;
    term.write_str("\r").context("could not draw the question")
}

/// One of `items` (each shown with its description); `default` is highlighted first.
pub fn choose(question: &str, items: &[String], default: usize) -> Result<Answer<usize>> {
    restore_cursor_on_interrupt();
    let theme = theme();
    let answer = answered(
        Select::with_theme(theme.as_ref())
            .with_prompt(question)
            .items(items)
            .default(default)
            .report(false)
            .interact_opt(),
    )?;
    if let Answer::Given(i) = answer {
        let word = items[i].split_whitespace().next().unwrap_or_default();
        report(question, word);
    }
    Ok(answer)
}

/// Any of `items`: space to tick, enter when done; `ticked` start ticked.
pub fn choose_many(
    question: &str,
    items: &[String],
    ticked: &[bool],
) -> Result<Answer<Vec<usize>>> {
    restore_cursor_on_interrupt();
    let theme = theme();
    let answer = answered(
        MultiSelect::with_theme(theme.as_ref())
            .with_prompt(format!("{question} (space to tick, enter when done)"))
            .items(items)
            .defaults(ticked)
            .report(false)
            .interact_opt(),
    )?;
    if let Answer::Given(chosen) = &answer {
        let words: Vec<&str> = chosen
            .iter()
            .map(|i| items[*i].split_whitespace().next().unwrap_or_default())
            .collect();
        report(
            question,
            &if words.is_empty() {
                "nothing ticked".to_string()
            } else {
                words.join(", ")
            },
        );
    }
    Ok(answer)
}

/// A yes/no question in a flow of questions: `y` or `n` answers, Enter takes the
/// default, Esc steps back and never answers.
pub fn yes_no(question: &str, default: bool) -> Result<Answer<bool>> {
    restore_cursor_on_interrupt();
    let theme = theme();
    let answer = answered(
        Confirm::with_theme(theme.as_ref())
            .with_prompt(question)
            .default(default)
            .report(false)
            .interact_opt(),
    )?;
    if let Answer::Given(yes) = answer {
        report(question, if yes { "yes" } else { "no" });
    }
    Ok(answer)
}

/// A confirmation on its own (removing someone, replacing a file): Esc keeps the
/// default, which is always the careful answer.
pub fn confirm(question: &str, default: bool) -> Result<bool> {
    Ok(match yes_no(question, default)? {
        Answer::Given(yes) => yes,
        Answer::Back => default,
    })
}
