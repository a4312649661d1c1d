//! One file per command, each with a `run`; this module dispatches and holds what they
//! share.

mod add;
mod backup;
mod checkin;
mod contacts;
mod crisis;
mod demo;
mod doctor;
mod encrypt;
mod gaps;
mod history;
mod map;
mod plan;
mod questions;
mod report;
mod review;
mod settings;
mod shell;
mod transfer;
mod trends;

use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::cli::{CheckinCommand, Cli, Command, ContactsCommand, GapsCommand, PlanCommand};
use crate::db::{self, Db, Location};
use crate::domain::names::{self, shell_word as quote};
use crate::domain::text::{self, Shape, TextError};
use crate::error::{Exit, Failure};
use crate::files;
use crate::prompt;
use crate::render::{Output, time::local_day};

/// What every command gets: how to print, and one "now" for the whole run.
pub struct Env {
    pub out: Output,
    pub now: DateTime<Utc>,
    /// `--db PATH` as given, so commands suggested for pasting name the same map.
    pub db_flag: Option<std::path::PathBuf>,
}

impl Env {
    /// A suggested `supportmap ...` command, with `--db PATH` added when the user gave
    /// one, so that pasting it works on the same map.
    pub fn command(&self, command: &str) -> String {
        match (&self.db_flag, command.strip_prefix("supportmap ")) {
            (Some(path), Some(rest)) => format!(
                "supportmap --db {} {rest}",
                names::shell_arg(&path.to_string_lossy())
            ),
            _ => command.to_string(),
        }
    }

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
        db_flag: cli.global.db.clone(),
    };
    prompt::set_plain(cli.global.no_color);
    db::key::set_source(cli.global.passphrase_file.clone());
    db::journal::set_command(command_words(&cli.command), &typed_line());
    let flag = cli.global.db.as_deref();
    match cli.command {
        // The demo never touches the user's database, so it resolves no default path.
        Command::Demo(args) => demo::run(&args, flag, &env)?,
        Command::Add(args) => add::run(&args, &db::resolve(flag)?, &env)?,
        Command::Map(args) => {
            let loc = db::resolve(flag)?;
            let (found, env) = at(existing(&loc, &env)?, args.at.as_deref(), &env)?;
            map::run(found.as_ref(), &loc.path, &args, &env)?
        }
        Command::History(args) => {
            let loc = db::resolve(flag)?;
            let read = args.prune_before.is_none();
            let found = if read { existing(&loc, &env)? } else { None };
            history::history(found.as_ref(), &loc, &args, &env)?
        }
        Command::Undo(args) => history::undo(&db::resolve(flag)?, &args, None, &env)?,
        Command::Redo(args) => history::redo(&db::resolve(flag)?, &args, &env)?,
        Command::Changes(args) => {
            let loc = db::resolve(flag)?;
            history::changes(existing(&loc, &env)?.as_ref(), &loc, &args, &env)?
        }
        Command::Crisis => crisis::run(&db::resolve(flag)?, &env)?,
        Command::Review(args) => review::run(&db::resolve(flag)?, &args, &env)?,
        Command::Trends(args) => {
            let loc = db::resolve(flag)?;
            trends::run(existing(&loc, &env)?.as_ref(), &loc.path, &args, &env)?
        }
        Command::Report(args) => {
            let loc = db::resolve(flag)?;
            report::run(existing(&loc, &env)?.as_ref(), &loc, &args, &env)?
        }
        Command::Encrypt(args) => encrypt::encrypt(&db::resolve(flag)?, &args, &env)?,
        Command::Decrypt => encrypt::decrypt(&db::resolve(flag)?, &env)?,
        Command::Passphrase(args) => encrypt::passphrase(&db::resolve(flag)?, &args, &env)?,
        Command::Backup(args) => backup::backup(&db::resolve(flag)?, &args, &env)?,
        Command::Restore(args) => backup::restore(&db::resolve(flag)?, &args, &env)?,
        Command::Export(args) => transfer::export(&db::resolve(flag)?, &args, &env)?,
        Command::Import(args) => transfer::import(&db::resolve(flag)?, &args, &env)?,
        Command::Doctor => return doctor::run(&db::resolve(flag)?, &env),
        Command::Completions(args) => shell::completions(args.shell, &env)?,
        Command::Man(args) => {
            // Never the map: protect it as every output file does.
            let own = db::resolve(flag).ok();
            let maps: Vec<&Path> = own.iter().map(|l| l.path.as_path()).collect();
            shell::man(&args.command, args.out.as_deref(), args.force, &maps, &env)?
        }
        Command::Settings(args) => {
            let loc = db::resolve(flag)?;
            let read = args.value.is_none() && !args.unset;
            let found = if read { existing(&loc, &env)? } else { None };
            settings::run(found.as_ref(), &loc, &args, &env)?
        }
        Command::Plan(args) => {
            let loc = db::resolve(flag)?;
            let empty_plan = || {
                Failure::usage("the safety plan is empty")
                    .hint("add a line first: supportmap plan add SECTION TEXT")
            };
            match args.command {
                None => plan::show(existing(&loc, &env)?.as_ref(), &env)?,
                Some(PlanCommand::Add(add)) => plan::add(&loc, &add, &env)?,
                Some(PlanCommand::Remove(line)) => {
                    let mut db = existing(&loc, &env)?.ok_or_else(empty_plan)?;
                    plan::remove(&mut db, &line, &env)?
                }
                Some(PlanCommand::Move(line)) => {
                    let mut db = existing(&loc, &env)?.ok_or_else(empty_plan)?;
                    plan::move_line(&mut db, &line, &env)?
                }
                Some(PlanCommand::Review) => plan::review(&loc, &env)?,
                Some(PlanCommand::Export(export)) => {
                    plan::export(existing(&loc, &env)?.as_ref(), &loc, &export, &env)?
                }
            }
        }
        Command::Gaps(args) => {
            let loc = db::resolve(flag)?;
            match args.command {
                None => {
                    let (found, env) = at(existing(&loc, &env)?, args.show.at.as_deref(), &env)?;
                    return gaps::show(found.as_ref(), &loc.path, &args.show, &env);
                }
                Some(GapsCommand::Dismiss(dismiss)) => gaps::dismiss(&loc, &dismiss, &env)?,
                Some(GapsCommand::Snooze(snooze)) => gaps::snooze(&loc, &snooze, &env)?,
                Some(GapsCommand::Restore(restore)) => {
                    let db = existing(&loc, &env)?;
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
            let loc = db::resolve(flag)?;
            match checkin.command {
                None => checkin::add(&checkin.add, &loc, &env)?,
                Some(CheckinCommand::Add(args)) => checkin::add(&args, &loc, &env)?,
                Some(CheckinCommand::List(args)) => {
                    checkin::list(existing(&loc, &env)?.as_ref(), &loc.path, &args, &env)?
                }
                Some(CheckinCommand::Due(args)) => {
                    return checkin::due(existing(&loc, &env)?.as_ref(), &loc.path, &args, &env);
                }
                Some(CheckinCommand::Undo(args)) => {
                    history::undo(&loc, &args, Some(&["checkin add", "checkin remove"]), &env)?
                }
                Some(CheckinCommand::Remove(args)) => {
                    let db = existing(&loc, &env)?;
                    let mut db = db.ok_or_else(|| {
                        Failure::usage(format!("there is no check-in #{}", args.id))
                    })?;
                    checkin::remove(&mut db, &args, &env)?
                }
            }
        }
        Command::Contacts(contacts) => {
            let loc = db::resolve(flag)?;
            let found = existing(&loc, &env)?;
            let done = match contacts
                .command
                .unwrap_or(ContactsCommand::List(contacts.list))
            {
                ContactsCommand::List(args) => {
                    let (found, env) = at(found, args.at.as_deref(), &env)?;
                    contacts::list(found.as_ref(), &loc.path, &args, &env)
                }
                ContactsCommand::Show(args) => {
                    contacts::show(&need(found, &args.name)?, &args.name, &env)
                }
                ContactsCommand::Edit(args) => {
                    contacts::edit(&mut need(found, &args.name)?, &args, &env)
                }
                ContactsCommand::Pause(args) => {
                    contacts::pause(&mut need(found, &args.name)?, &args, &env)
                }
                ContactsCommand::Resume(args) => {
                    contacts::resume(&mut need(found, &args.name)?, &args.name, &env)
                }
                ContactsCommand::Archive(args) => {
                    contacts::archive(&mut need(found, &args.name)?, &args, &env)
                }
                ContactsCommand::Avoid(args) => {
                    contacts::avoid(&mut need(found, &args.name)?, &args, &env)
                }
                ContactsCommand::Remove(args) => {
                    contacts::remove(&mut need(found, &args.name)?, &args, &env)
                }
            };
            done?;
        }
    }
    // An encrypted map's plain crisis card follows every change (only when this run
    // opened an encrypted map: otherwise there is nothing to look at).
    if let (true, Ok(loc)) = (db::key::known(), db::resolve(flag)) {
        if let Err(err) = encrypt::refresh_card(&loc.path, &env) {
            env.out.note(&format!(
                "could not update the plain crisis card beside the map: {err:#}; `supportmap crisis` may show an older card"
            ));
        }
    }
    Ok(Exit::Ok)
}

/// Where help is, for the crisis card and the plan: the country setting, and the one
/// the locale suggests.
fn help(settings: &crate::domain::settings::Settings) -> crate::render::plan::Help {
    let country_set = settings
        .get(crate::domain::settings::Key::Country)
        .is_some();
    crate::render::plan::Help {
        country: settings.country(),
        suggested: settings::locale_country().filter(|_| !country_set),
        country_set,
    }
}

/// Said at once when a crisis contact has no phone number: the card cannot show one.
fn note_crisis_without_phone(s: &crate::domain::Supporter, env: &Env) {
    if s.profile.is_crisis()
        && s.profile.phone.is_none()
        && s.profile.status == crate::domain::Status::Active
    {
        env.out.note(&format!(
            "{} is a crisis contact with no phone number, so the crisis card cannot show one.\n\
             Add it with: {}",
            s.profile.name,
            env.command(&format!(
                "supportmap contacts edit {} --phone NUMBER",
                quote(&s.profile.name)
            ))
        ));
    }
}

/// A `--at`/`--since`/`--until` value, in the user's time zone; a refusal names the flag.
pub(super) fn moment(
    flag: &str,
    typed: &str,
    anchor: crate::domain::when::Anchor,
    env: &Env,
) -> Result<DateTime<Utc>> {
    crate::domain::when::parse_moment(typed, anchor, env.now, &chrono::Local)
        .map_err(|e| Failure::usage(format!("{flag}: {e}")).into())
}

/// The map as it stood at `--at`, when given (a copy; the map is not touched), and the
/// run's "now" moved there, so durations, due days and the map's date are of that moment.
fn at(found: Option<Db>, when: Option<&str>, env: &Env) -> Result<(Option<Db>, Env)> {
    let same = Env {
        out: env.out,
        now: env.now,
        db_flag: env.db_flag.clone(),
    };
    let Some(when) = when else {
        return Ok((found, same));
    };
    let at = history::past_moment_in(
        "--at",
        when,
        crate::domain::when::Anchor::End,
        found.as_ref(),
        env,
    )?;
    let then = Env { now: at, ..same };
    match found.as_ref() {
        Some(db) => Ok((Some(history::as_of(db, at, env)?), then)),
        None => Ok((None, then)),
    }
}

/// Opens the map for a read command: `None` when there is no map yet at the default
/// place; an error when the user named a path (`--db`, `SUPPORTMAP_DB`) and nothing is
/// there, so a typo in a crontab is noticed.
fn existing(loc: &Location, env: &Env) -> Result<Option<Db>> {
    loc.ensure_present()?;
    let db = Db::open_existing(&loc.path)?;
    if db.as_ref().is_some_and(Db::partial) {
        env.out.note(PARTIAL);
    }
    Ok(db)
}

/// Said whenever a map could be read only without its `-wal` file.
const PARTIAL: &str = "Note: the map's -wal file could not be read here (a read-only or full \
                       disk), so the most recent changes may be missing from what is shown.";

/// Opens the map for a write, creating it if need be; a new map at a path the user
/// named is worth one line on stderr, in case the path was mistyped.
fn open_for_write(loc: &Location, env: &Env) -> Result<Db> {
    let db = Db::open(&loc.path)?;
    if db.created() && loc.explicit() {
        env.out
            .note(&format!("Started a new map at {}.", loc.path.display()));
    }
    Ok(db)
}

/// The command's words, for the history: `contacts pause`, `checkin add`, `undo`.
fn command_words(command: &Command) -> &'static str {
    match command {
        Command::Add(_) => "add",
        Command::Contacts(c) => match &c.command {
            None | Some(ContactsCommand::List(_)) => "contacts list",
            Some(ContactsCommand::Show(_)) => "contacts show",
            Some(ContactsCommand::Edit(_)) => "contacts edit",
            Some(ContactsCommand::Pause(_)) => "contacts pause",
            Some(ContactsCommand::Resume(_)) => "contacts resume",
            Some(ContactsCommand::Archive(_)) => "contacts archive",
            Some(ContactsCommand::Avoid(_)) => "contacts avoid",
            Some(ContactsCommand::Remove(_)) => "contacts remove",
        },
        Command::Checkin(c) => match &c.command {
            None | Some(CheckinCommand::Add(_)) => "checkin add",
            Some(CheckinCommand::List(_)) => "checkin list",
            Some(CheckinCommand::Due(_)) => "checkin due",
            Some(CheckinCommand::Undo(_)) => "checkin undo",
            Some(CheckinCommand::Remove(_)) => "checkin remove",
        },
        Command::Plan(p) => match &p.command {
            None => "plan",
            Some(PlanCommand::Add(_)) => "plan add",
            Some(PlanCommand::Remove(_)) => "plan remove",
            Some(PlanCommand::Move(_)) => "plan move",
            Some(PlanCommand::Review) => "plan review",
            Some(PlanCommand::Export(_)) => "plan export",
        },
        Command::Gaps(g) => match &g.command {
            None => "gaps",
            Some(GapsCommand::Dismiss(_)) => "gaps dismiss",
            Some(GapsCommand::Snooze(_)) => "gaps snooze",
            Some(GapsCommand::Restore(_)) => "gaps restore",
        },
        Command::Settings(_) => "settings",
        Command::Demo(_) => "demo",
        Command::Map(_) => "map",
        Command::Crisis => "crisis",
        Command::History(_) => "history",
        Command::Undo(_) => "undo",
        Command::Redo(_) => "redo",
        Command::Changes(_) => "changes",
        Command::Review(_) => "review",
        Command::Trends(_) => "trends",
        Command::Report(_) => "report",
        Command::Encrypt(_) => "encrypt",
        Command::Decrypt => "decrypt",
        Command::Passphrase(_) => "passphrase",
        Command::Backup(_) => "backup",
        Command::Restore(_) => "restore",
        Command::Export(_) => "export",
        Command::Import(_) => "import",
        Command::Completions(_) => "completions",
        Command::Man(_) => "man",
        Command::Doctor => "doctor",
    }
}

/// The command as typed after `supportmap`, each word quoted as a shell would need,
/// without `--db PATH` (the history is of this map).
fn typed_line() -> String {
    let mut words = Vec::new();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        if arg == "--db" {
            args.next();
            continue;
        }
        if arg.starts_with("--db=") {
            continue;
        }
        words.push(names::shell_arg(&arg));
    }
    words.join(" ")
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

/// An optional text flag (`--note`, `--reason`) through the one rule for stored text.
pub(super) fn text_flag(flag: &str, value: Option<&str>, shape: Shape) -> Result<Option<String>> {
    value.map(|v| required_text(flag, v, shape)).transpose()
}

/// A text the user must give (a plan line, `--me`), through the one rule for stored text.
pub(super) fn required_text(what: &str, value: &str, shape: Shape) -> Result<String> {
    text::clean(value, shape).map_err(|error| {
        let hint = match error {
            TextError::Empty => "give some text, or leave the flag out",
            TextError::LineBreak => "put it on one line",
            TextError::TooLong(_) => "shorten it; a longer note can go in --note",
            TextError::Placeholder(_) => "write what you mean in its place",
            TextError::Tab => "type it again with spaces",
            TextError::Hidden(_) => "type it again without the hidden character",
        };
        Failure::usage(format!("{what} {error}")).hint(hint).into()
    })
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
    resolve_in(&directory(conn)?, query)
}

/// Every name in the map, indexed once for a command that names many people.
fn directory(conn: &Connection) -> Result<names::Directory> {
    Ok(names::Directory::new(db::supporters::names(conn)?))
}

/// The one supporter `query` names in `directory`, or a usage error with a hint.
fn resolve_in(directory: &names::Directory, query: &str) -> Result<i64> {
    directory
        .resolve(query)
        .map_err(|e| Failure::usage(e.to_string()).hint(e.hint()).into())
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

/// Checks an output path against the safe writer's rules, with `maps` (and the files
/// SQLite keeps beside each) protected.
fn check_file(path: &Path, maps: &[&Path]) -> Result<files::Target> {
    // SQLite keeps its -wal and -shm beside the file a link points to, so a map reached
    // through a link is protected by both names.
    let mut names: Vec<std::path::PathBuf> = Vec::new();
    for map in maps {
        names.push(map.to_path_buf());
        if let Ok(real) = std::fs::canonicalize(map) {
            names.push(real);
        }
    }
    let protected: Vec<std::path::PathBuf> = names
        .iter()
        .flat_map(|map| ["", "-wal", "-shm", "-journal"].map(|suffix| db::sidecar(map, suffix)))
        .collect();
    files::check(path, &protected)
}

/// Writes a file the user asked for (`--out`, `--svg`) through the one safe writer
/// ([`files`]): never the map (`map`, with its `-wal`, `-shm` and `-journal`), never
/// through a link, atomically and private to the user. An existing file is replaced with
/// `--force`, or when the user says so on a terminal. False when the user chose to
/// keep the old file.
fn write_file(path: &Path, text: &str, force: bool, maps: &[&Path]) -> Result<bool> {
    let Some(replace) = may_write(path, force, maps)? else {
        return Ok(false);
    };
    files::write_atomic(path, text.as_bytes(), replace)?;
    Ok(true)
}

/// Whether `path` may be written, through the safe writer's checks: `Some(replace)`, or
/// `None` when the user chose on a terminal to keep the old file (said on stderr).
fn may_write(path: &Path, force: bool, maps: &[&Path]) -> Result<Option<bool>> {
    let replace = match check_file(path, maps)? {
        // With --force, a file that appears meanwhile (another run at once) is replaced too.
        files::Target::New => force,
        files::Target::Existing if force => true,
        files::Target::Existing => {
            if !prompt::can_prompt() {
                return Err(Failure::usage(format!("{} already exists", path.display()))
                    .hint("pass --force to replace it, or choose another name")
                    .into());
            }
            if !prompt::confirm(
                &format!("{} already exists. Replace it?", path.display()),
                false,
            )? {
                eprintln!(
                    "Left {} as it was.",
                    crate::render::terminal_safe(&path.display().to_string())
                );
                return Ok(None);
            }
            true
        }
    };
    Ok(Some(replace))
}
