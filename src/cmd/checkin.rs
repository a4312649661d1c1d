//! `supportmap checkin`: log contacts, list them, see who is due, take one back.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::{Env, confirmed, moment, need, note_no_database, quote, resolve};
use crate::cli::{CheckinAddArgs, CheckinListArgs, CheckinRemoveArgs, DueArgs};
use crate::db::{self, Db, Location, checkins::Query};
use crate::domain::checkin::{self, Due};
use crate::domain::names::sentence;
use crate::domain::text::Shape;
use crate::domain::when::{self, Anchor};
use crate::domain::{By, CheckIn, Contact, Status, Via};
use crate::error::{Exit, Failure};
use crate::render::checkins as view;
use crate::render::time::local_day;

pub fn add(args: &CheckinAddArgs, loc: &Location, env: &Env) -> Result<()> {
    if args.names.is_empty() && !args.solo {
        return Err(
            Failure::usage("name who you were in touch with, or give --solo")
                .hint("supportmap checkin NAME... (or: supportmap checkin --solo --via meeting)")
                .into(),
        );
    }
    let at = match &args.at {
        Some(text) => moment("--at", text, Anchor::Moment, env)?,
        None => env.now,
    };
    if when::is_future(at, env.now) {
        return Err(Failure::usage(format!(
            "--at {} is in the future ({})",
            args.at.as_deref().unwrap_or_default().trim(),
            crate::render::time::local_datetime(at)
        ))
        .hint("check-ins are for contact that has happened: leave out --at for now, or give a past time such as \"2h ago\"")
        .into());
    }
    let note = super::text_flag("--note", args.note.as_deref(), Shape::Lines)?;
    let contact = Contact {
        at,
        via: args.via,
        by: args.by,
        mood: args.mood,
        note,
    };

    let mut db = if args.solo {
        super::open_for_write(loc, env)?
    } else {
        need(super::existing(loc, env)?, &args.names[0])?
    };
    let logged = db.write(|tx| {
        // One index of the map's names and a set of those already named: naming
        // thousands of people stays O(n log n).
        let directory = super::directory(tx)?;
        let mut named = std::collections::HashSet::new();
        let mut ids: Vec<Option<i64>> = Vec::new();
        for name in &args.names {
            let id = super::resolve_in(&directory, name)?;
            if named.insert(id) {
                ids.push(Some(id));
            }
        }
        if ids.is_empty() {
            ids.push(None);
        }
        db::checkins::insert(tx, &ids, &contact, env.now)?;
        let mut resting = Vec::new();
        for id in ids.iter().flatten() {
            let s = db::supporters::get(tx, *id)?;
            if s.profile.status != Status::Active {
                resting.push((s.profile.name, s.profile.status));
            }
        }
        Ok((db::checkins::latest_batch(tx)?, resting))
    })?;
    let (logged, resting) = logged;

    if env.out.json {
        return env.out.print_json(&view::to_json(&logged));
    }
    let names: Vec<&str> = logged
        .iter()
        .filter_map(|c| c.supporter.as_deref())
        .collect();
    let when = crate::render::time::ago(at, env.now);
    let mut text = match (names.is_empty(), contact.via) {
        (true, Via::Call) => format!("Logged a solo check-in ({when})."),
        (true, via) => format!("Logged {} on your own ({when}).", article(via.as_str())),
        (false, via) => format!(
            "Logged {} with {} ({when}).",
            article(via.as_str()),
            sentence(&names)
        ),
    };
    if contact.by == By::Them && !names.is_empty() {
        let who = if names.len() == 1 { names[0] } else { "They" };
        text.push_str(&format!(" {who} reached out."));
    }
    for (name, status) in resting {
        if status == Status::Avoid {
            // No nudge back toward someone the user keeps away from.
            text.push_str(&format!(
                "\n{name} is someone you keep away from; the contact is noted all the same."
            ));
            continue;
        }
        text.push_str(&format!(
            "\n{name} is {status}; the contact is logged all the same. \
             `supportmap contacts resume {}` makes them active again, whenever you choose.",
            quote(&name)
        ));
    }
    env.out.say(&text)
}

/// "a call", "an in-person", "a meeting".
fn article(via: &str) -> String {
    match via {
        "in-person" => "an in-person contact".to_string(),
        "text" | "message" | "call" | "meeting" => format!("a {via}"),
        "video" => "a video call".to_string(),
        other => format!("a {other}"),
    }
}

pub fn list(db: Option<&Db>, path: &Path, args: &CheckinListArgs, env: &Env) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|t| moment("--since", t, Anchor::Start, env))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|t| moment("--until", t, Anchor::End, env))
        .transpose()?;
    if let (Some(since), Some(until)) = (since, until)
        && since > until
    {
        return Err(Failure::usage("--since is after --until")
            .hint("swap the two, or widen the range")
            .into());
    }
    let Some(db) = db else {
        if let Some(name) = &args.name {
            need(None, name)?;
        }
        note_no_database(path, env);
        return if env.out.json {
            env.out.print("[]")
        } else {
            Ok(())
        };
    };
    let supporter_id = args
        .name
        .as_deref()
        .map(|name| resolve(db.conn(), name))
        .transpose()?;
    let limit = if args.all {
        None
    } else {
        Some(args.limit.unwrap_or(DEFAULT_LIMIT))
    };
    let query = Query {
        supporter_id,
        since,
        until,
        via: args.via,
        limit,
    };
    let filtered =
        supporter_id.is_some() || since.is_some() || until.is_some() || args.via.is_some();
    let mut shown = 0u64;
    {
        // Both passes of the text table read one snapshot of the map.
        let snapshot = db.conn().unchecked_transaction()?;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        if env.out.json {
            out.write_all(b"[")?;
            db::checkins::each_page(&snapshot, &query, PAGE, &mut |page| {
                for c in page {
                    let text = serde_json::to_string_pretty(&view::CheckInJson::new(c))?;
                    out.write_all(if shown == 0 { b"\n" } else { b",\n" })?;
                    for (i, line) in text.lines().enumerate() {
                        if i > 0 {
                            out.write_all(b"\n")?;
                        }
                        out.write_all(b"  ")?;
                        out.write_all(line.as_bytes())?;
                    }
                    shown += 1;
                }
                Ok(())
            })?;
            out.write_all(if shown == 0 { b"]\n" } else { b"\n]\n" })?;
        } else {
            // One table, as if printed whole, a page at a time: the first pass keeps only
            // the cells that decide the columns' widths, the second prints.
            let mut table = view::PagedTable::new();
            db::checkins::each_page(&snapshot, &query, PAGE, &mut |page| {
                table.measure(page, env.now);
                shown += page.len() as u64;
                Ok(())
            })?;
            if shown > 0 {
                db::checkins::each_page(&snapshot, &query, PAGE, &mut |page| {
                    let text = table.page(page, env.now, &env.out);
                    out.write_all(crate::render::terminal_safe(&text).as_bytes())?;
                    out.write_all(b"\n")?;
                    Ok(())
                })?;
            }
        }
        out.flush()?;
    }
    if shown == 0 && !env.out.json {
        return env.out.say(if filtered {
            "No check-ins match."
        } else {
            "No check-ins yet. Log one with: supportmap checkin NAME"
        });
    }
    if limit.is_some_and(|l| u64::from(l) == shown) {
        let total = db::checkins::count_matching(db.conn(), &query)?;
        if total > shown {
            env.out.note(&format!(
                "Showing the newest {shown} of {total} check-ins; see more with --limit N, or \
                 all of them with --all."
            ));
        }
    }
    Ok(())
}

/// How many check-ins `checkin list` shows unless told otherwise.
const DEFAULT_LIMIT: u32 = 20;

/// Rows read and printed at a time by `checkin list`.
const PAGE: u32 = 1000;

/// Lists who is due; returns [`Exit::Found`] with `--exit-code` when anyone is.
pub fn due(db: Option<&Db>, path: &Path, args: &DueArgs, env: &Env) -> Result<Exit> {
    let Some(db) = db else {
        note_no_database(path, env);
        if env.out.json {
            env.out.print("[]")?;
        }
        return Ok(Exit::Ok);
    };
    let supporters = db::supporters::with_rhythm(db.conn())?;
    let due: Vec<Due<'_>> = checkin::due(
        supporters.iter().map(|(s, last)| (s, *last)),
        local_day(env.now),
        args.within,
        local_day,
    );
    if env.out.json {
        env.out.print_json(&view::due_json(&due))?;
    } else if due.is_empty() {
        let with_rhythm = if supporters.is_empty() {
            db::supporters::count_with_rhythm(db.conn())?
        } else {
            1
        };
        env.out.say(&if with_rhythm == 0 {
            "Nobody is due: no one has a check-in rhythm yet. Set one with: \
             supportmap contacts edit NAME --every weekly"
                .to_string()
        } else if args.within == 0 {
            "Nobody is due today.".to_string()
        } else {
            format!("Nobody is due in the next {} days.", args.within)
        })?;
    } else {
        view::due_table(&due, env.now, &env.out, &mut |page| env.out.print(page))?;
        env.out
            .say("When you have been in touch: supportmap checkin NAME")?;
    }
    Ok(if args.exit_code && !due.is_empty() {
        Exit::Found
    } else {
        Exit::Ok
    })
}

pub fn remove(db: &mut Db, args: &CheckinRemoveArgs, env: &Env) -> Result<()> {
    let Some(found) = db::checkins::get(db.conn(), args.id)? else {
        return Err(Failure::usage(format!("there is no check-in #{}", args.id))
            .hint("`supportmap checkin list` shows each check-in's id")
            .into());
    };
    take_back(
        db,
        &[found],
        args.yes,
        &format!("checkin remove {}", args.id),
        env,
    )
}

/// Shows the check-ins, confirms (on a terminal, or by `--yes`), and deletes them.
fn take_back(db: &mut Db, found: &[CheckIn], yes: bool, command: &str, env: &Env) -> Result<()> {
    let lines: Vec<String> = found.iter().map(|c| view::line(c, env.now)).collect();
    let question = format!(
        "Remove {}?",
        if found.len() == 1 {
            "this check-in".to_string()
        } else {
            format!("these {} check-ins", found.len())
        }
    );
    let go = confirmed(yes, &lines.join("\n"), &question, || {
        Failure::usage("taking back a check-in needs --yes when there is no terminal to confirm on")
            .hint(format!("supportmap {command} --yes"))
    })?;
    if !go {
        return env.out.say("Kept it.");
    }
    let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
    db.write(|tx| db::checkins::delete(tx, &ids))?;
    if env.out.json {
        return env.out.print_json(&view::to_json(found));
    }
    env.out
        .say(&format!("Removed {}", lines.join("\nRemoved ")))
}
