//! One file per command, each with a `run`; this module dispatches and holds what they
//! share.

mod add;
mod checkin;
mod contacts;
mod crisis;
mod demo;
mod gaps;
mod map;
mod plan;

use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::cli::{CheckinCommand, Cli, Command, ContactsCommand, GapsCommand, PlanCommand};
use crate::db::{self, Db};
use crate::domain::names::{self, shell_word as quote};
use crate::error::{Exit, Failure};
use crate::prompt;
use crate::render::{Output, time::local_day};

/// What every command gets: how to print, and one "now" for the whole run.
pub struct Env {
    pub out: Output,
    pub now: DateTime<Utc>,
}

impl Env {
    /// The user's local calendar day.
    pub fn today(&self) -> NaiveDate {
        local_day(self.now)
    }
}

/// Runs the command the user asked for, and says how it went.
pub fn run(cli: Cli) -> Result<Exit> {
    let env = Env {
        out: Output::new(cli.global.json, cli.global.no_color, cli.global.quiet),
        now: Utc::now(),
    };
    let flag = cli.global.db.as_deref();
    match cli.command {
        // The demo never touches the user's database, so it resolves no default path.
        Command::Demo(args) => demo::run(&args, flag, &env)?,
        Command::Add(args) => add::run(&args, &db::resolve_path(flag)?, &env)?,
        Command::Map(args) => {
            let path = db::resolve_path(flag)?;
            map::run(Db::open_existing(&path)?.as_ref(), &path, &args, &env)?
        }
        Command::Crisis => crisis::run(&db::resolve_path(flag)?, &env)?,
        Command::Plan(args) => {
            let path = db::resolve_path(flag)?;
            let empty_plan = || {
                Failure::usage("the safety plan is empty")
                    .hint("add a line first: supportmap plan add SECTION TEXT")
            };
            match args.command {
                None => plan::show(Db::open_existing(&path)?.as_ref(), &env)?,
                Some(PlanCommand::Add(add)) => plan::add(&path, &add, &env)?,
                Some(PlanCommand::Remove(line)) => {
                    let mut db = Db::open_existing(&path)?.ok_or_else(empty_plan)?;
                    plan::remove(&mut db, &line, &env)?
                }
                Some(PlanCommand::Move(line)) => {
                    let mut db = Db::open_existing(&path)?.ok_or_else(empty_plan)?;
                    plan::move_line(&mut db, &line, &env)?
                }
                Some(PlanCommand::Review) => plan::review(&path, &env)?,
                Some(PlanCommand::Export(export)) => {
                    plan::export(Db::open_existing(&path)?.as_ref(), &export, &env)?
                }
            }
        }
        Command::Gaps(args) => {
            let path = db::resolve_path(flag)?;
            match args.command {
                None => {
                    return gaps::show(Db::open_existing(&path)?.as_ref(), &path, &args.show, &env);
                }
                Some(GapsCommand::Dismiss(dismiss)) => gaps::dismiss(&path, &dismiss, &env)?,
                Some(GapsCommand::Restore(restore)) => {
                    let db = Db::open_existing(&path)?;
                    let mut db = db.ok_or_else(|| {
                        Failure::usage(format!(
                            "\"{}\" is not one of the dismissed gaps: there are none",
                            restore.id
                        ))
                    })?;
                    gaps::restore(&mut db, &restore, &env)?
                }
            }
        }
        Command::Checkin(checkin) => {
            let path = db::resolve_path(flag)?;
            match checkin.command {
                None => checkin::add(&checkin.add, &path, &env)?,
                Some(CheckinCommand::Add(args)) => checkin::add(&args, &path, &env)?,
                Some(CheckinCommand::List(args)) => {
                    checkin::list(Db::open_existing(&path)?.as_ref(), &path, &args, &env)?
                }
                Some(CheckinCommand::Due(args)) => {
                    return checkin::due(Db::open_existing(&path)?.as_ref(), &path, &args, &env);
                }
                Some(CheckinCommand::Undo(args)) => {
                    let db = Db::open_existing(&path)?;
                    let mut db =
                        db.ok_or_else(|| Failure::usage("there are no check-ins to undo"))?;
                    checkin::undo(&mut db, &args, &env)?
                }
                Some(CheckinCommand::Remove(args)) => {
                    let db = Db::open_existing(&path)?;
                    let mut db = db.ok_or_else(|| {
                        Failure::usage(format!("there is no check-in #{}", args.id))
                    })?;
                    checkin::remove(&mut db, &args, &env)?
                }
            }
        }
        Command::Contacts(contacts) => {
            let path = db::resolve_path(flag)?;
            let existing = Db::open_existing(&path)?;
            let done = match contacts
                .command
                .unwrap_or(ContactsCommand::List(contacts.list))
            {
                ContactsCommand::List(args) => {
                    contacts::list(existing.as_ref(), &path, &args, &env)
                }
                ContactsCommand::Show(args) => {
                    contacts::show(&need(existing, &args.name)?, &args.name, &env)
                }
                ContactsCommand::Edit(args) => {
                    contacts::edit(&mut need(existing, &args.name)?, &args, &env)
                }
                ContactsCommand::Pause(args) => {
                    contacts::pause(&mut need(existing, &args.name)?, &args, &env)
                }
                ContactsCommand::Resume(args) => {
                    contacts::resume(&mut need(existing, &args.name)?, &args.name, &env)
                }
                ContactsCommand::Archive(args) => {
                    contacts::archive(&mut need(existing, &args.name)?, &args.name, &env)
                }
                ContactsCommand::Remove(args) => {
                    contacts::remove(&mut need(existing, &args.name)?, &args, &env)
                }
            };
            done?;
        }
    }
    Ok(Exit::Ok)
}

/// Goes ahead at once with `--yes`; otherwise shows `preview` and asks on a terminal, or
/// fails with `needs_yes` when there is none (scripts must say `--yes`).
fn confirmed(
    yes: bool,
    preview: &str,
    question: &str,
    needs_yes: impl FnOnce() -> Failure,
) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !prompt::can_prompt() {
        return Err(needs_yes().into());
    }
    if !preview.is_empty() {
        eprintln!("{preview}");
    }
    prompt::confirm(question, false)
}

/// A command about one supporter needs a database with people in it.
pub(super) fn need(db: Option<Db>, name: &str) -> Result<Db> {
    db.ok_or_else(|| {
        Failure::usage(format!("no supporter named \"{name}\": the map is empty"))
            .hint("add someone first: supportmap add NAME --category CATEGORY")
            .into()
    })
}

/// The id of the supporter `query` names (any case, or an unambiguous prefix).
fn resolve(conn: &Connection, query: &str) -> Result<i64> {
    let entries = db::supporters::names(conn)?;
    names::resolve(&entries, query).map_err(|e| Failure::usage(e.to_string()).hint(e.hint()).into())
}

/// Refuses a name another supporter already has (names are unique in any case).
fn ensure_name_free(conn: &Connection, name: &str, except: Option<i64>) -> Result<()> {
    match db::supporters::find_by_name(conn, name)? {
        Some((id, existing)) if Some(id) != except => {
            let hint = if except.is_some() {
                "names are unique (in any case): choose another one".to_string()
            } else {
                format!(
                    "change their details with: supportmap contacts edit {} ...",
                    quote(&existing)
                )
            };
            Err(
                Failure::usage(format!("\"{existing}\" is already in your map"))
                    .hint(hint)
                    .into(),
            )
        }
        _ => Ok(()),
    }
}

/// A note on stderr for a read command that found no database, so scripts see an
/// empty result on stdout and people see why.
pub(super) fn note_no_database(path: &Path, env: &Env) {
    env.out.note(&format!(
        "Your map is empty: nothing is saved at {} yet.\n\
         Add someone with: supportmap add NAME --category CATEGORY  (or try: supportmap demo)",
        path.display()
    ));
}

/// Writes an export the user asked for: created readable by its owner only, since it
/// holds health information.
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    // A file that cannot be written is a problem with --out, not with the database.
    let failed = |e: std::io::Error| {
        anyhow::Error::from(
            Failure::usage(format!("could not write {}: {e}", path.display()))
                .hint("check that the folder exists and you can write to it"),
        )
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(failed)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(failed)
}
