//! `supportmap plan`: the safety plan, section by section; add, remove, move, review,
//! export.

use anyhow::Result;

use super::Env;
use crate::cli::{ExportArgs, ExportFormat, PlanAddArgs, PlanLineArgs, PlanMoveArgs};
use crate::db::{self, Db, Location};
use crate::domain::plan::{self, Plan, check_line, crisis_contacts};
use crate::domain::settings::{Key, Settings};
use crate::domain::text::Shape;
use crate::error::Failure;
use crate::render::plan as view;

/// The plan, the crisis contacts it draws on and the settings (whose plan, which
/// country); an empty plan without a database.
fn load(db: Option<&Db>) -> Result<(Plan, Vec<crate::domain::Supporter>, Settings)> {
    match db {
        Some(db) => Ok((
            db::plan::load(db.conn())?,
            db::supporters::all(db.conn())?,
            db::settings::load(db.conn())?,
        )),
        None => Ok((Plan::default(), Vec::new(), Settings::default())),
    }
}

/// The plan ready to show, with its owner and the help lines for their country.
pub(super) fn plan_view(
    plan: &Plan,
    supporters: &[crate::domain::Supporter],
    settings: &Settings,
) -> view::PlanView {
    let contacts = crisis_contacts(supporters);
    let mut view = view::view(
        plan,
        &contacts,
        settings.get(Key::Name),
        &super::help(settings),
    );
    view::add_kept_away(&mut view, supporters);
    view
}

pub fn show(db: Option<&Db>, env: &Env) -> Result<()> {
    let (plan, supporters, settings) = load(db)?;
    let view = plan_view(&plan, &supporters, &settings);
    if env.out.json {
        return env.out.print_json(&view);
    }
    env.out.print(&view::text(&view, env.now, true))?;
    if plan.reviewed_at.is_none() && !plan.is_empty() {
        env.out
            .say("When you have looked it over: supportmap plan review")?;
    }
    Ok(())
}

pub fn add(loc: &Location, args: &PlanAddArgs, env: &Env) -> Result<()> {
    let typed = args.text.join(" ");
    let typed = if args.text.is_empty() {
        match ask_line(args.section)? {
            Some(line) => line,
            None => return env.out.say("Nothing was added."),
        }
    } else {
        typed
    };
    let text = super::required_text("the text", &typed, Shape::Lines)?;
    let text = text.as_str();
    let mut db = super::open_for_write(loc, env)?;
    let number = db.write(|tx| db::plan::add(tx, args.section, text, env.now))?;
    if env.out.json {
        return show(Some(&db), env);
    }
    env.out
        .say(&format!("Added to {} as line {number}.", args.section))
}

/// `plan add SECTION` with no text: asks for it on a terminal, or says what to type.
fn ask_line(section: crate::domain::Section) -> Result<Option<String>> {
    use crate::prompt::{self, Answer};
    if !prompt::can_prompt() {
        return Err(
            Failure::usage("give the text to add (there is no terminal to ask on)")
                .hint(format!(
                    "supportmap plan add {section} 'what you would like to write'"
                ))
                .into(),
        );
    }
    let question = format!(
        "What would you like to add to \"{}\"?",
        view::title(section)
    );
    match prompt::text(&question, None, |typed| {
        crate::domain::text::clean(typed, Shape::Lines)
            .map(|_| ())
            .map_err(|e| format!("the text {e}"))
    })? {
        Answer::Back => prompt::cancel(),
        Answer::Given(line) => Ok(line),
    }
}

pub fn remove(db: &mut Db, args: &PlanLineArgs, env: &Env) -> Result<()> {
    let removed = db.write(|tx| {
        let count = db::plan::count(tx, args.section)?;
        check_line(args.section, args.number, count).map_err(|e| Failure::usage(e.to_string()))?;
        db::plan::remove(tx, args.section, args.number)
    })?;
    if env.out.json {
        return show(Some(db), env);
    }
    env.out.say(&format!(
        "Removed line {} of {}: \"{removed}\".",
        args.number, args.section
    ))
}

pub fn move_line(db: &mut Db, args: &PlanMoveArgs, env: &Env) -> Result<()> {
    db.write(|tx| {
        let count = db::plan::count(tx, args.section)?;
        for number in [args.from, args.to] {
            check_line(args.section, number, count).map_err(|e| Failure::usage(e.to_string()))?;
        }
        db::plan::reorder(tx, args.section, &plan::moved(count, args.from, args.to))
    })?;
    if env.out.json {
        return show(Some(db), env);
    }
    env.out.say(&format!(
        "Moved line {} of {} to place {}.",
        args.from, args.section, args.to
    ))
}

pub fn review(loc: &Location, env: &Env) -> Result<()> {
    let mut db = super::open_for_write(loc, env)?;
    db.write(|tx| db::plan::review(tx, env.now))?;
    if env.out.json {
        return show(Some(&db), env);
    }
    env.out.say(&format!(
        "Marked the plan as reviewed today ({}). It is worth another look every {} days, \
         or whenever things change.",
        crate::render::time::local_day(env.now),
        plan::REVIEW_EVERY_DAYS
    ))
}

pub fn export(db: Option<&Db>, loc: &Location, args: &ExportArgs, env: &Env) -> Result<()> {
    let (plan, supporters, settings) = load(db)?;
    let mut view = plan_view(&plan, &supporters, &settings);
    if let Some(me) = super::text_flag("--me", args.me.as_deref(), Shape::Line)? {
        view.owner = Some(me);
    }
    let text = match args.format() {
        ExportFormat::Text => view::text(&view, env.now, false),
        ExportFormat::Markdown => view::markdown(&view, env.now),
        ExportFormat::Html => view::html(&view, env.now),
    };
    let Some(out) = &args.out else {
        return match args.format() {
            ExportFormat::Text => env.out.print(&text),
            ExportFormat::Markdown | ExportFormat::Html => env.out.print_document(&text),
        };
    };
    if super::write_file(out, &text, args.force, &[&loc.path])? {
        env.out
            .note(&format!("Wrote the safety plan to {}.", out.display()));
    }
    Ok(())
}
