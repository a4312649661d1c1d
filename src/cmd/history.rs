//! `supportmap history`, `undo`, `redo` and `changes`: every change recorded, any change
//! taken back, and what changed between a date and now.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Env, confirmed};
use crate::cli::{ChangesArgs, ConfirmArgs, HistoryArgs};
use crate::db::journal::{self, Entry};
use crate::db::{self, Db, Location};
use crate::domain::history::{self, Change};
use crate::domain::when::{self, Anchor};
use crate::domain::{Status, Supporter, records};
use crate::error::Failure;
use crate::render::time::{local_datetime, local_day, moment_words, when_words};

/// How many entries `history` shows without `--limit` or `--all`.
const SHOWN: usize = 20;

#[derive(Serialize)]
struct EntryJson<'a> {
    id: i64,
    at: DateTime<Utc>,
    command: &'a str,
    line: &'a str,
    undone: bool,
    changes: Vec<String>,
}

/// A moment typed by the user for `--since`, `--at`, `--prune-before`: never in the
/// future (a date today counts as now).
pub(super) fn past_moment(
    flag: &str,
    typed: &str,
    anchor: Anchor,
    env: &Env,
) -> Result<DateTime<Utc>> {
    let at = super::moment(flag, typed, anchor, env)?;
    if when::is_future(at, env.now) {
        if local_day(at) == env.today() {
            return Ok(env.now);
        }
        return Err(Failure::usage(format!("{flag} {} is in the future", typed.trim()))
            .hint("the history only knows what has happened: give a past date or a span, such as 4w")
            .into());
    }
    Ok(at)
}

/// [`past_moment`], where `last-review` also means the moment of the last guided review
/// (`supportmap review`).
pub(super) fn past_moment_in(
    flag: &str,
    typed: &str,
    anchor: Anchor,
    db: Option<&Db>,
    env: &Env,
) -> Result<DateTime<Utc>> {
    if !typed.trim().eq_ignore_ascii_case("last-review") {
        return past_moment(flag, typed, anchor, env);
    }
    let last = match db {
        Some(db) => db::reviews::latest(db.conn())?,
        None => None,
    };
    last.ok_or_else(|| {
        Failure::usage(format!("{flag} last-review: there has been no review yet"))
            .hint("`supportmap review` on a terminal walks through the map and remembers it; or give a date or a span, such as 4w")
            .into()
    })
}

/// Supporters' names by id, for rows that name only an id: as the history last knew
/// them (so someone removed since is still named), then as the map holds them now.
fn names(db: &Db) -> Result<HashMap<i64, String>> {
    let mut names: HashMap<i64, String> = journal::recorded_names(db.conn())?.into_iter().collect();
    names.extend(db::supporters::names(db.conn())?);
    Ok(names)
}

/// One entry in plain words; an undo or a redo says what it took back or did again
/// (`targets` holds those entries, with their rows; `counts` the number of rows of
/// each entry read only in part).
fn phrases_in(
    entry: &Entry,
    names: &HashMap<i64, String>,
    targets: &[Entry],
    counts: &HashMap<i64, usize>,
) -> Vec<String> {
    if let Some(target) = entry
        .target
        .and_then(|t| targets.iter().find(|e| e.id == t))
    {
        let what = told_in_part(target, names, counts).join("; ");
        return vec![match entry.command.as_str() {
            "undo" => format!("took back: {what}"),
            _ => format!("did again: {what}"),
        }];
    }
    told_in_part(entry, names, counts)
}

/// [`phrases`], for an entry whose rows may have been read only in part: then its
/// first phrases, and how many rows it changed in all.
fn told_in_part(
    entry: &Entry,
    names: &HashMap<i64, String>,
    counts: &HashMap<i64, usize>,
) -> Vec<String> {
    let Some(total) = counts.get(&entry.id) else {
        return phrases(entry, names);
    };
    let mut words = phrases(entry, names);
    words.truncate(MOST_PHRASES - 1);
    words.push(format!(
        "and more: {total} records changed in all by `{}`",
        entry.command
    ));
    words
}

/// One entry's own changes in plain words.
fn phrases(entry: &Entry, names: &HashMap<i64, String>) -> Vec<String> {
    let changes: Vec<Change<'_>> = entry
        .rows
        .iter()
        .map(|r| Change {
            table: &r.table,
            before: r.before.as_ref(),
            after: r.after.as_ref(),
        })
        .collect();
    let mut words = history::describe(&changes, names);
    if words.is_empty() {
        words.push(format!("a change by `{}`", entry.command));
    }
    // A change as big as an import is summed up, not listed line by line.
    if words.len() > MOST_PHRASES {
        let more = words.len() - MOST_PHRASES + 1;
        words.truncate(MOST_PHRASES - 1);
        words.push(format!("and {more} more changes by `{}`", entry.command));
    }
    words
}

/// At most this many phrases describe one change.
const MOST_PHRASES: usize = 12;

/// The most rows of one change `history` reads to tell it: a bigger change (an import)
/// is told from its first rows and its count.
const ROWS_TOLD: usize = 500;

pub fn history(db: Option<&Db>, loc: &Location, args: &HistoryArgs, env: &Env) -> Result<()> {
    if let Some(before) = &args.prune_before {
        return prune(loc, before, args.yes, env);
    }
    let Some(db) = db else {
        super::note_no_database(&loc.path, env);
        return if env.out.json {
            env.out.print("[]")
        } else {
            Ok(())
        };
    };
    let since = args
        .since
        .as_deref()
        .map(|t| past_moment("--since", t, Anchor::Start, env))
        .transpose()?;
    let limit = if args.all {
        None
    } else {
        Some(args.limit.map_or(SHOWN, |l| l as usize))
    };
    // The entries shown, with their rows; and the ones an undo or redo among them names.
    let all = journal::heads(db.conn())?;
    let names = names(db)?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut targets: Vec<Entry> = Vec::new();
    // A change as big as an import is told from its first rows, and counted.
    let mut counts: HashMap<i64, usize> = HashMap::new();
    let mut load = |entry: &Entry| -> Result<Entry> {
        let mut loaded = entry.clone();
        let total = journal::load_first_rows(db.conn(), &mut loaded, ROWS_TOLD)?;
        if total > loaded.rows.len() {
            counts.insert(loaded.id, total);
        }
        Ok(loaded)
    };
    for e in all
        .iter()
        .filter(|e| since.is_none_or(|since| e.at >= since))
        .take(limit.unwrap_or(usize::MAX))
    {
        if let Some(target) = e.target.and_then(|t| all.iter().find(|o| o.id == t))
            && !targets.iter().any(|o| o.id == target.id)
        {
            targets.push(load(target)?);
        }
        entries.push(load(e)?);
    }
    let told = |e: &Entry| phrases_in(e, &names, &targets, &counts);
    if env.out.json {
        let json: Vec<EntryJson<'_>> = entries
            .iter()
            .map(|e| EntryJson {
                id: e.id,
                at: e.at,
                command: &e.command,
                line: &e.line,
                undone: e.undone,
                changes: told(e),
            })
            .collect();
        return env.out.print_json(&json);
    }
    if entries.is_empty() {
        return env.out.say(match journal::first_at(db.conn())? {
            Some(_) => "No changes in that time.",
            None => "No changes recorded yet: the history begins with the next change.",
        });
    }
    let mut text = String::new();
    for e in &entries {
        let mark = if e.undone { " (undone)" } else { "" };
        text.push_str(&format!(
            "{} — {}{mark}\n    supportmap {}\n",
            when_words(e.at, env.now),
            told(e).join("; "),
            e.line
        ));
    }
    env.out.print(text.trim_end())?;
    if since.is_none() && limit.is_some_and(|l| entries.len() == l) {
        env.out
            .say("(older changes: supportmap history --all, or --since DATE)")?;
    }
    Ok(())
}

fn prune(loc: &Location, before: &str, yes: bool, env: &Env) -> Result<()> {
    let at = past_moment("--prune-before", before, Anchor::Start, env)?;
    let Some(mut db) = super::existing(loc, env)? else {
        return env.out.say("There is no history to prune.");
    };
    let count = journal::count_before(db.conn(), at)?;
    if count == 0 {
        return env
            .out
            .say(&format!("No changes recorded before {}.", local_day(at)));
    }
    let what = format!(
        "This drops {count} change{} from before {} from the history, for good: they can \
         no longer be undone or seen, and details of people removed then are gone.",
        if count == 1 { "" } else { "s" },
        moment_words(at)
    );
    let go = confirmed(yes, &what, "Drop them?", || {
        Failure::usage("pruning the history needs --yes when there is no terminal to ask on")
            .hint(what.clone())
    })?;
    if !go {
        return env.out.say("Kept the history as it was.");
    }
    let dropped = db.write_untracked(|tx| journal::prune_before(tx, at))?;
    env.out.say(&format!(
        "Dropped {dropped} change{} from the history.",
        if dropped == 1 { "" } else { "s" }
    ))
}

/// `undo`, or `checkin undo` with `only` naming the check-in commands.
pub fn undo(loc: &Location, args: &ConfirmArgs, only: Option<&[&str]>, env: &Env) -> Result<()> {
    let nothing = || -> anyhow::Error {
        match only {
            Some(_) => Failure::usage("there is no check-in to take back")
                .hint("`supportmap history` shows what has changed")
                .into(),
            None => Failure::usage("there is nothing to undo")
                .hint("`supportmap history` shows what has changed")
                .into(),
        }
    };
    let Some(mut db) = super::existing(loc, env)? else {
        return Err(nothing());
    };
    let entry = journal::last_done(db.conn(), only)?.ok_or_else(nothing)?;
    if only.is_some() {
        let mut later: Vec<Entry> = journal::heads(db.conn())?
            .into_iter()
            .filter(|e| e.id > entry.id && !e.undone && e.target.is_none())
            .collect();
        for e in &mut later {
            journal::load_rows(db.conn(), e)?;
        }
        ensure_untouched_since(&entry, &later)?;
    }
    let names = names(&db)?;
    let said = phrases(&entry, &names).join("; ");
    let when = when_words(entry.at, env.now);
    let which = if only.is_some() {
        "The last check-in change"
    } else {
        "The last change"
    };
    let go = confirmed(
        args.yes,
        &format!("{which} ({when}): {said}."),
        "Take it back?",
        || {
            Failure::usage("undo needs --yes when there is no terminal to ask on")
                .hint(format!("it would take back: {said} ({when})"))
        },
    )?;
    if !go {
        return env.out.say("Kept it.");
    }
    db.write_untracked(|tx| journal::undo(tx, &entry, env.now))?;
    if env.out.json {
        return env.out.print_json(&entry_json(&entry, true, &names));
    }
    env.out.say(&format!(
        "Undone ({when}): {said}.\n`{}` makes that change again.",
        env.command("supportmap redo")
    ))
}

/// `checkin undo` takes back a check-in out of order only when nothing since touched it.
fn ensure_untouched_since(entry: &Entry, all: &[Entry]) -> Result<()> {
    let keys: Vec<String> = entry
        .rows
        .iter()
        .filter_map(|r| {
            r.after
                .as_ref()
                .or(r.before.as_ref())
                .map(|row| format!("{}:{:?}", r.table, row.get("id")))
        })
        .collect();
    let later =
        all.iter()
            .filter(|e| e.id > entry.id && !e.undone && e.target.is_none())
            .any(|e| {
                e.rows.iter().any(|r| {
                    r.after.as_ref().or(r.before.as_ref()).is_some_and(|row| {
                        keys.contains(&format!("{}:{:?}", r.table, row.get("id")))
                    })
                })
            });
    if later {
        return Err(Failure::usage("a later change touched that check-in")
            .hint("`supportmap undo` takes changes back in order")
            .into());
    }
    Ok(())
}

pub fn redo(loc: &Location, args: &ConfirmArgs, env: &Env) -> Result<()> {
    let nothing = || -> anyhow::Error {
        Failure::usage("there is nothing to redo")
            .hint("redo puts back what `supportmap undo` took back, until a new change is made")
            .into()
    };
    let Some(mut db) = super::existing(loc, env)? else {
        return Err(nothing());
    };
    let entry = journal::last_undone(db.conn())?.ok_or_else(nothing)?;
    let names = names(&db)?;
    let said = phrases(&entry, &names).join("; ");
    let go = confirmed(
        args.yes,
        &format!("Undone last: {said}."),
        "Put it back?",
        || {
            Failure::usage("redo needs --yes when there is no terminal to ask on")
                .hint(format!("it would put back: {said}"))
        },
    )?;
    if !go {
        return env.out.say("Left it undone.");
    }
    db.write_untracked(|tx| journal::redo(tx, &entry, env.now))?;
    if env.out.json {
        return env.out.print_json(&entry_json(&entry, false, &names));
    }
    env.out.say(&format!("Redone: {said}."))
}

fn entry_json<'a>(e: &'a Entry, undone: bool, names: &HashMap<i64, String>) -> EntryJson<'a> {
    EntryJson {
        id: e.id,
        at: e.at,
        command: &e.command,
        line: &e.line,
        undone,
        changes: phrases(e, names),
    }
}

/// The map as it stood at `at`, for `--at`; a note when that is before the history.
pub(super) fn as_of(db: &Db, at: DateTime<Utc>, env: &Env) -> Result<Db> {
    look_back(db, at, env, true)
}

/// [`as_of`], saying which moment it shows when `say` is set.
pub(super) fn look_back(db: &Db, at: DateTime<Utc>, env: &Env, say: bool) -> Result<Db> {
    match journal::first_at(db.conn())? {
        Some(first) if at < first => env.out.note(&format!(
            "The history begins {}: this is the map as it stood then.",
            local_datetime(first)
        )),
        None => env
            .out
            .note("No changes are recorded yet: this is the map as it is."),
        _ if say => env
            .out
            .note(&format!("The map as it stood at {}.", moment_words(at))),
        _ => {}
    }
    db.as_of(at)
}

#[derive(Serialize, Default)]
pub(super) struct ChangesJson {
    since: Option<DateTime<Utc>>,
    added: Vec<String>,
    removed: Vec<String>,
    paused: Vec<String>,
    resumed: Vec<String>,
    archived: Vec<String>,
    /// Now someone the user keeps away from.
    avoided: Vec<String>,
    moved: Vec<String>,
    gives_changed: Vec<String>,
    /// "Sam (steady to stressful)".
    ties_changed: Vec<String>,
    gaps_opened: Vec<String>,
    gaps_closed: Vec<String>,
    checkins: BTreeMap<String, u32>,
}

/// What changed in the network since `since`: who came and went, moved, paused or
/// changed, which gaps opened and closed, and the check-ins logged.
/// With `redact`, names are initials, as in a redacted export.
pub(super) fn changes_since(
    db: &Db,
    since: DateTime<Utc>,
    redact: bool,
    env: &Env,
) -> Result<ChangesJson> {
    let then = look_back(db, since, env, false)?;
    let mut before = db::supporters::all(then.conn())?;
    let mut after = db::supporters::all(db.conn())?;
    let initials: HashMap<String, String> = before
        .iter()
        .chain(after.iter())
        .map(|s| (s.profile.name_key(), records::initials(&s.profile.name)))
        .collect();
    if redact {
        for s in before.iter_mut().chain(after.iter_mut()) {
            records::redact_profile(&mut s.profile);
        }
    }
    let by_id = |list: &[Supporter]| -> HashMap<i64, Supporter> {
        list.iter().map(|s| (s.id, s.clone())).collect()
    };
    let (old, new) = (by_id(&before), by_id(&after));
    let mut c = ChangesJson {
        since: Some(since),
        ..ChangesJson::default()
    };
    for s in &after {
        match old.get(&s.id) {
            None => {
                // Added since, and already paused, archived or kept away: both are said.
                let name = s.profile.name.clone();
                match s.profile.status {
                    Status::Active => {}
                    Status::Paused => c.paused.push(name.clone()),
                    Status::Archived => c.archived.push(name.clone()),
                    Status::Avoid => c.avoided.push(name.clone()),
                }
                c.added.push(name);
            }
            Some(was) => {
                let (a, b) = (&was.profile, &s.profile);
                match (a.status, b.status) {
                    (x, y) if x == y => {}
                    (_, Status::Paused) => c.paused.push(b.name.clone()),
                    (_, Status::Archived) => c.archived.push(b.name.clone()),
                    (_, Status::Avoid) => c.avoided.push(b.name.clone()),
                    (_, Status::Active) => c.resumed.push(b.name.clone()),
                }
                if a.circle != b.circle {
                    c.moved
                        .push(format!("{} ({} to {})", b.name, a.circle, b.circle));
                }
                if a.gives != b.gives {
                    c.gives_changed.push(b.name.clone());
                }
                if a.tie != b.tie {
                    c.ties_changed
                        .push(format!("{} ({} to {})", b.name, a.tie, b.tie));
                }
            }
        }
    }
    c.removed = before
        .iter()
        .filter(|s| !new.contains_key(&s.id))
        .map(|s| s.profile.name.clone())
        .collect();
    let then_env = Env {
        out: env.out,
        now: since,
        db_flag: None,
    };
    let mut gaps_then = super::gaps::current_ids(&then, &then_env)?;
    let mut gaps_now = super::gaps::current_ids(db, env)?;
    if redact {
        for id in gaps_then.iter_mut().chain(gaps_now.iter_mut()) {
            *id = records::redact_gap_id(id, &initials);
        }
    }
    c.gaps_opened = gaps_now
        .iter()
        .filter(|g| !gaps_then.contains(g))
        .cloned()
        .collect();
    c.gaps_closed = gaps_then
        .iter()
        .filter(|g| !gaps_now.contains(g))
        .cloned()
        .collect();
    let names: HashMap<i64, String> = after
        .iter()
        .chain(before.iter())
        .map(|s| (s.id, s.profile.name.clone()))
        .collect();
    for (id, n) in db::gaps::checkins_since(db.conn(), since)? {
        let name = names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "someone removed".to_string());
        *c.checkins.entry(name).or_default() += n;
    }
    Ok(c)
}

pub fn changes(db: Option<&Db>, loc: &Location, args: &ChangesArgs, env: &Env) -> Result<()> {
    let since = past_moment_in("--since", &args.since, Anchor::Start, db, env)?;
    let Some(db) = db else {
        super::note_no_database(&loc.path, env);
        return Ok(());
    };
    print_changes(&changes_since(db, since, false, env)?, env)
}

impl ChangesJson {
    /// For a page: the gaps opened and closed as counts in words, since their ids say
    /// little on paper (the open ones are listed in their own words elsewhere).
    pub(super) fn gaps_in_words(&mut self) {
        let count = |n: usize, what: &str| match n {
            0 => Vec::new(),
            1 => vec![format!("1 {what}")],
            n => vec![format!("{n} {what}")],
        };
        self.gaps_opened = count(self.gaps_opened.len(), "new");
        self.gaps_closed = count(self.gaps_closed.len(), "no longer open");
    }
}

/// What [`changes_since`] found, one row per kind of change that happened (kind, then
/// the names): for `changes`, `review` and the session report.
pub(super) fn change_rows(c: &ChangesJson) -> Vec<(&'static str, String)> {
    let list = |v: &[String]| crate::domain::names::sentence(v);
    let mut rows = Vec::new();
    for (label, items) in [
        ("added", &c.added),
        ("removed", &c.removed),
        ("paused", &c.paused),
        ("resumed", &c.resumed),
        ("archived", &c.archived),
        ("kept away", &c.avoided),
        ("moved circle", &c.moved),
        ("gives changed", &c.gives_changed),
        ("tie changed", &c.ties_changed),
        ("gaps opened", &c.gaps_opened),
        ("gaps closed", &c.gaps_closed),
    ] {
        if !items.is_empty() {
            rows.push((label, list(items)));
        }
    }
    let total: u32 = c.checkins.values().sum();
    if total > 0 {
        let each: Vec<String> = c.checkins.iter().map(|(n, k)| format!("{n} {k}")).collect();
        rows.push(("check-ins", format!("{total}: {}", each.join(", "))));
    }
    rows
}

/// What [`changes_since`] found, as `changes` prints it (JSON with `--json`).
pub(super) fn print_changes(c: &ChangesJson, env: &Env) -> Result<()> {
    if env.out.json {
        return env.out.print_json(c);
    }
    let since = c.since.unwrap_or(env.now);
    let mut lines = vec![format!(
        "Since {} ({}):",
        moment_words(since),
        crate::render::time::ago(since, env.now)
    )];
    for (label, items) in change_rows(c) {
        lines.push(format!("  {label:<14} {items}"));
    }
    if lines.len() == 1 {
        lines.push("  nothing changed in the network, and no check-ins were logged".to_string());
    }
    env.out.print(&lines.join("\n"))
}
