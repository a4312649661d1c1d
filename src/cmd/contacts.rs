//! `supportmap contacts`: list, show, edit, pause, resume, archive and remove supporters.

use std::path::Path;

use anyhow::Result;

use super::add::changes_from;
use super::{Env, confirmed, ensure_name_free, note_no_database, quote, resolve};
use crate::cli::{EditArgs, ListArgs, PauseArgs, RemoveArgs};
use crate::db::{self, Db};
use crate::domain::filter::Filter;
use crate::domain::text::Shape;
use crate::domain::{Status, Supporter};
use crate::error::Failure;
use crate::render::contacts::{self as view, LastContacts, SupporterJson};

pub fn list(db: Option<&Db>, path: &Path, args: &ListArgs, env: &Env) -> Result<()> {
    let Some(db) = db else {
        note_no_database(path, env);
        return if env.out.json {
            env.out.print("[]")
        } else {
            Ok(())
        };
    };
    let filter = Filter {
        category: args.category,
        gives: args.gives,
        circle: args.circle,
        crisis_only: args.crisis,
        status: args.status,
        tag: args.tag.clone(),
        all: args.all,
    };
    let everyone = db::supporters::all(db.conn())?;
    let mut shown: Vec<&Supporter> = everyone.iter().filter(|s| filter.matches(s)).collect();
    if args.crisis {
        // Crisis contacts in the order to call them, as on the crisis card.
        shown.sort_by_cached_key(|s| crate::domain::plan::crisis_rank(s));
    }
    // Only the table shows when each was last in touch.
    let last = if env.out.json {
        LastContacts::default()
    } else {
        db::checkins::last_contacts(db.conn())?
    };
    list_supporters(&shown, &everyone, &last, env)?;
    let avoided: Vec<&str> = everyone
        .iter()
        .filter(|s| s.profile.status == Status::Avoid)
        .map(|s| s.profile.name.as_str())
        .collect();
    if !avoided.is_empty() && !args.all && args.status.is_none() {
        env.out.say(&format!(
            "You keep away from {} (not counted as support; `supportmap contacts --status \
             avoid` lists them).",
            crate::domain::names::sentence(&avoided)
        ))?;
    }
    Ok(())
}

/// Prints a listing: the table and a count, or JSON. Shared with `demo`.
/// Each crisis contact's place on the crisis card (1 first), by id.
fn card_places(everyone: &[Supporter]) -> std::collections::HashMap<i64, usize> {
    crate::domain::plan::crisis_contacts(everyone)
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i + 1))
        .collect()
}

pub(super) fn list_supporters(
    shown: &[&Supporter],
    everyone: &[Supporter],
    last: &LastContacts,
    env: &Env,
) -> Result<()> {
    let total = everyone.len();
    if env.out.json {
        return env.out.print_json(&view::to_json(shown));
    }
    if shown.is_empty() {
        return env.out.say(if total == 0 {
            "Your map is empty. Add someone with: supportmap add NAME --category CATEGORY"
        } else {
            "Nobody to show. (`supportmap contacts --all` lists everyone, archived included.)"
        });
    }
    view::table(
        shown,
        &card_places(everyone),
        last,
        env.now,
        &env.out,
        &mut |page| env.out.print(page),
    )?;
    let paused = shown
        .iter()
        .filter(|s| s.profile.status == Status::Paused)
        .count();
    // Someone the user keeps away from is not a supporter.
    let kept_away = shown.iter().all(|s| s.profile.status == Status::Avoid);
    let mut count = match (kept_away, shown.len()) {
        (true, 1) => "1 person you keep away from".to_string(),
        (true, n) => format!("{n} people you keep away from"),
        (false, 1) => "1 supporter".to_string(),
        (false, n) => format!("{n} supporters"),
    };
    if paused > 0 {
        count.push_str(&format!(", {paused} paused"));
    }
    let archived = shown
        .iter()
        .filter(|s| s.profile.status == Status::Archived)
        .count();
    if archived > 0 {
        count.push_str(&format!(", {archived} archived"));
    }
    env.out.say(&count)
}

pub fn show(db: &Db, name: &str, env: &Env) -> Result<()> {
    let id = resolve(db.conn(), name)?;
    let supporter = db::supporters::get(db.conn(), id)?;
    if env.out.json {
        return env.out.print_json(&SupporterJson::new(&supporter));
    }
    let last = db::checkins::last_contact(db.conn(), id)?;
    env.out.print(&view::show(&supporter, last, env.now))
}

pub fn edit(db: &mut Db, args: &EditArgs, env: &Env) -> Result<()> {
    let mut changes = changes_from(&args.fields);
    changes.name = args.rename.clone();
    changes.add_gives = args.add_gives.clone();
    changes.remove_gives = args.remove_gives.clone();
    changes.add_tags = args.add_tag.clone();
    changes.remove_tags = args.remove_tag.clone();
    changes.clear = args.clear.clone();
    if args.no_crisis {
        changes.crisis = Some(false);
    }
    if changes.is_empty() && crate::prompt::can_prompt() {
        match ask_changes(db, &args.name, env)? {
            Some(asked) => changes = asked,
            None => return env.out.say("Nothing was changed."),
        }
    } else if changes.is_empty() {
        return Err(Failure::usage("nothing to change")
            .hint("give the fields to change, such as --phone or --add-gives; see `supportmap contacts edit --help`")
            .into());
    }
    let updated = change(db, &args.name, env, |current| {
        changes
            .apply(current, env.today())
            .map_err(|e| Failure::from(e).into())
    })?;
    super::note_crisis_without_phone(&updated, env);
    if env.out.json {
        return env.out.print_json(&SupporterJson::new(&updated));
    }
    env.out.say(&format!("Updated {}.", updated.profile.name))
}

pub fn pause(db: &mut Db, args: &PauseArgs, env: &Env) -> Result<()> {
    let reason = super::text_flag("--reason", args.reason.as_deref(), Shape::Line)?;
    let mut was_paused = false;
    let updated = change(db, &args.name, env, |current| {
        was_paused = current.status == Status::Paused;
        let mut p = current.clone();
        p.status = Status::Paused;
        if reason.is_some() || !was_paused {
            p.paused_reason = reason.clone();
        }
        Ok(p)
    })?;
    if env.out.json {
        return env.out.print_json(&SupporterJson::new(&updated));
    }
    let p = &updated.profile;
    if was_paused {
        return env.out.say(&if reason.is_some() {
            format!("{} is already paused; the reason is updated.", p.name)
        } else {
            format!("{} is already paused.", p.name)
        });
    }
    let mut text = format!(
        "Paused {}. They stay in your map; `supportmap contacts resume {}` when you choose.",
        p.name,
        quote(&p.name)
    );
    if p.is_crisis() {
        text.push_str(&format!(
            "\nThey are still a crisis contact. If you would rather not call them in a crisis: \
             supportmap contacts edit {} --no-crisis",
            quote(&p.name)
        ));
    }
    env.out.say(&text)
}

pub fn resume(db: &mut Db, name: &str, env: &Env) -> Result<()> {
    set_status(
        db,
        name,
        Status::Active,
        None,
        env,
        "Resumed",
        "is already active",
    )
}

/// Archives a supporter; a pause reason is kept unless `--reason` gives a new one.
pub fn archive(db: &mut Db, args: &PauseArgs, env: &Env) -> Result<()> {
    let reason = super::text_flag("--reason", args.reason.as_deref(), Shape::Line)?;
    set_status(
        db,
        &args.name,
        Status::Archived,
        reason,
        env,
        "Archived",
        "is already archived",
    )
}

/// Someone the user keeps away from: no longer a supporter or a crisis contact, never
/// counted, and listed in the safety plan's people and places to avoid.
pub fn avoid(db: &mut Db, args: &PauseArgs, env: &Env) -> Result<()> {
    let reason = super::text_flag("--reason", args.reason.as_deref(), Shape::Line)?;
    let mut already = false;
    let mut was_crisis = false;
    let updated = change(db, &args.name, env, |current| {
        already = current.status == Status::Avoid && reason.is_none();
        was_crisis = current.is_crisis();
        let mut p = current.clone();
        p.status = Status::Avoid;
        p.gives.remove(&crate::domain::Function::Crisis);
        p.crisis_order = None;
        if reason.is_some() {
            p.paused_reason.clone_from(&reason);
        }
        Ok(p)
    })?;
    if env.out.json {
        return env.out.print_json(&SupporterJson::new(&updated));
    }
    let name = &updated.profile.name;
    if already {
        return env
            .out
            .say(&format!("{name} is already someone you keep away from."));
    }
    let mut text = format!(
        "Noted: you keep away from {name}. Keeping your distance is a healthy choice.\n\
         They are not counted as support, and your safety plan lists them with the people \
         and places to avoid. `supportmap contacts resume {}` undoes this.",
        quote(name)
    );
    if was_crisis {
        text.push_str("\nThey are no longer a crisis contact.");
    }
    env.out.say(&text)
}

fn set_status(
    db: &mut Db,
    name: &str,
    status: Status,
    reason: Option<String>,
    env: &Env,
    done: &str,
    already: &str,
) -> Result<()> {
    let mut unchanged = false;
    let updated = change(db, name, env, |current| {
        unchanged = current.status == status && reason.is_none();
        let mut p = current.clone();
        p.status = status;
        match status {
            // Active again: the reason for stepping back no longer applies.
            Status::Active => p.paused_reason = None,
            _ if reason.is_some() => p.paused_reason.clone_from(&reason),
            _ => {}
        }
        Ok(p)
    })?;
    if env.out.json {
        return env.out.print_json(&SupporterJson::new(&updated));
    }
    if unchanged {
        return env.out.say(&format!("{} {already}.", updated.profile.name));
    }
    let mut text = format!("{done} {}.", updated.profile.name);
    if status == Status::Archived {
        text.push_str(&format!(
            " `supportmap contacts --all` still lists them; `supportmap contacts resume {}` brings them back.",
            quote(&updated.profile.name)
        ));
        if updated.profile.is_crisis() {
            text.push_str(
                "\nThey were a crisis contact: the crisis card leaves them off while archived.",
            );
        }
    }
    env.out.say(&text)
}

pub fn remove(db: &mut Db, args: &RemoveArgs, env: &Env) -> Result<()> {
    let id = resolve(db.conn(), &args.name)?;
    let supporter = db::supporters::get(db.conn(), id)?;
    let name = supporter.profile.name.clone();
    let question = format!("Remove {name} and their check-ins?");
    let preview = "`supportmap undo` brings them back; their details stay in the history \
                   until you prune it (`supportmap history --prune-before DATE`).";
    let go = confirmed(args.yes, preview, &question, || {
        Failure::usage(format!(
            "removing {name} needs --yes when there is no terminal to confirm on"
        ))
        .hint(format!(
            "supportmap contacts remove {} --yes (or archive them instead: their details are kept)",
            quote(&name)
        ))
    })?;
    if !go {
        return env.out.say(&format!(
            "Kept {name}. (`supportmap contacts archive` keeps their details but takes them off the list.)"
        ));
    }
    db.write(|tx| db::supporters::delete(tx, id))?;
    if env.out.json {
        return env.out.print_json(&SupporterJson::new(&supporter));
    }
    env.out.say(&format!(
        "Removed {name}. `{}` brings them back; their details stay in the history until you \
         prune it.",
        env.command("supportmap undo")
    ))
}

/// `contacts edit NAME` on a terminal with no flags: which details to change, then a
/// question for each (Enter keeps, `-` clears), a summary and a confirm. `None` when
/// nothing is to change.
fn ask_changes(db: &Db, name: &str, env: &Env) -> Result<Option<crate::domain::Changes>> {
    use super::questions::{self, Draft, Question};
    use crate::prompt::Answer;
    let id = resolve(db.conn(), name)?;
    let current = db::supporters::get(db.conn(), id)?;
    let taken: Vec<String> = db::supporters::names(db.conn())?
        .into_iter()
        .filter(|(other, _)| *other != id)
        .map(|(_, n)| n)
        .collect();
    let items: Vec<String> = Question::ALL.iter().map(|q| q.word().to_string()).collect();
    let chosen = match crate::prompt::choose_many(
        &format!(
            "What would you like to change about {}?",
            current.profile.name
        ),
        &items,
        &vec![false; items.len()],
    )? {
        Answer::Given(chosen) if !chosen.is_empty() => chosen,
        _ => return Ok(None),
    };
    let asked: Vec<Question> = chosen.into_iter().map(|i| Question::ALL[i]).collect();
    let mut draft = Draft {
        base: current.profile.clone(),
        changes: crate::domain::Changes::default(),
        taken: &taken,
        editing: true,
    };
    if !questions::ask(&asked, &mut draft, env.today())? {
        return Ok(None);
    }
    Ok((!draft.changes.is_empty()).then_some(draft.changes))
}

/// Resolves `name`, applies `apply` to their profile and saves it, all in one
/// transaction, and returns the supporter as stored.
fn change(
    db: &mut Db,
    name: &str,
    env: &Env,
    apply: impl FnOnce(&crate::domain::Profile) -> Result<crate::domain::Profile>,
) -> Result<Supporter> {
    db.write(|tx| {
        let id = resolve(tx, name)?;
        let current = db::supporters::get(tx, id)?;
        let profile = apply(&current.profile)?;
        if profile.name_key() != current.profile.name_key() {
            ensure_name_free(tx, &profile.name, Some(id))?;
        }
        if let Some(order) = profile.crisis_order
            && profile.crisis_order != current.profile.crisis_order
        {
            db::supporters::make_room_in_crisis_order(tx, id, order)?;
        }
        if profile != current.profile {
            db::supporters::update(tx, id, &profile, env.now)?;
        }
        db::supporters::get(tx, id)
    })
}

#[cfg(test)]
mod tests {
    use crate::domain::Changes;

    #[test]
    fn an_edit_with_no_flags_is_empty() {
        assert!(Changes::default().is_empty());
    }
}
