//! `supportmap add`: record a supporter, asking on a terminal for what is missing.

use anyhow::Result;

use super::{Env, ensure_name_free};
use crate::cli::{AddArgs, Fields};
use crate::db::{self, Db, Location};
use crate::domain::supporter::{clean_phone, name_key};
use crate::domain::{Category, Changes, Function, Profile};
use crate::error::Failure;
use crate::prompt;
use crate::render::contacts::SupporterJson;

pub fn run(args: &AddArgs, loc: &Location, env: &Env) -> Result<()> {
    let mut changes = changes_from(&args.fields);
    let mut name = args.name.clone();
    let mut category = args.fields.category;

    if name.is_none() || category.is_none() {
        if !prompt::can_prompt() {
            return Err(missing(name.is_none()).into());
        }
        // Refuse bad flags and a taken name before asking anything, so no answers are lost.
        let mut flags = changes.clone();
        flags.name.clone_from(&name);
        flags
            .apply(&Profile::new("-".into(), Category::Family), env.today())
            .map_err(|e| e.failure())?;
        if let (Some(name), Some(db)) = (&name, Db::open_existing(&loc.path)?) {
            ensure_name_free(db.conn(), name, None)?;
        }
        ask(&mut name, &mut category, &mut changes, loc)?;
    }
    let (Some(name), Some(category)) = (name, category) else {
        return Err(missing(true).into());
    };

    // Everything is checked before the database is opened, so bad input creates nothing.
    changes.name = Some(name);
    let profile = changes
        .apply(&Profile::new(String::new(), category), env.today())
        .map_err(|e| e.failure())?;

    let mut db = super::open_for_write(loc, env)?;
    let supporter = db.write(|tx| {
        ensure_name_free(tx, &profile.name, None)?;
        let id = db::supporters::insert(tx, &profile, env.now)?;
        if let Some(order) = profile.crisis_order {
            db::supporters::make_room_in_crisis_order(tx, id, order)?;
        }
        db::supporters::get(tx, id)
    })?;

    super::note_crisis_without_phone(&supporter, env);
    if env.out.json {
        return env.out.print_json(&SupporterJson::new(&supporter));
    }
    let p = &supporter.profile;
    let mut about = vec![p.category.to_string(), format!("{} circle", p.circle)];
    if p.is_crisis() {
        about.push("crisis contact".to_string());
    }
    env.out
        .say(&format!("Added {} ({}).", p.name, about.join(", ")))
}

/// The error for a field that could only be asked for on a terminal.
fn missing(name: bool) -> Failure {
    if name {
        Failure::usage("missing the supporter's name (there is no terminal to ask on)")
            .hint("supportmap add NAME --category CATEGORY")
    } else {
        Failure::usage("missing --category (there is no terminal to ask on)").hint(format!(
            "add --category with one of: {}",
            Category::ALL
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// Asks, in turn, for each answer the flags did not give.
fn ask(
    name: &mut Option<String>,
    category: &mut Option<Category>,
    changes: &mut Changes,
    loc: &Location,
) -> Result<()> {
    if name.is_none() {
        let taken: Vec<String> = match Db::open_existing(&loc.path)? {
            Some(db) => db::supporters::names(db.conn())?
                .into_iter()
                .map(|(_, n)| n)
                .collect(),
            None => Vec::new(),
        };
        *name = Some(prompt::name(|typed| {
            match taken.iter().find(|n| name_key(n) == name_key(typed)) {
                Some(existing) => Err(format!("\"{existing}\" is already in your map")),
                None => Ok(()),
            }
        })?);
    }
    if category.is_none() {
        *category = Some(prompt::category()?);
    }
    if changes.gives.is_none() {
        let mut ticked = std::collections::BTreeSet::new();
        if changes.crisis == Some(true) || changes.crisis_order.is_some() {
            ticked.insert(Function::Crisis);
        }
        changes.gives = Some(prompt::functions(&ticked)?);
    }
    if changes.circle.is_none() {
        changes.circle = Some(prompt::circle(crate::domain::Circle::Middle)?);
    }
    if changes.phone.is_none() {
        changes.phone = prompt::optional_text("Phone (empty to skip)", |typed| {
            clean_phone(typed).map(|_| ()).map_err(|e| e.to_string())
        })?;
    }
    let crisis_known = changes.crisis.is_some()
        || changes.crisis_order.is_some()
        || changes
            .gives
            .as_ref()
            .is_some_and(|g| g.contains(&Function::Crisis));
    if !crisis_known {
        changes.crisis = Some(prompt::confirm("Can you call them in a crisis?", false)?);
    }
    if changes.every.is_none() {
        changes.every = prompt::rhythm()?;
    }
    Ok(())
}

/// The changes the supporter flags ask for; shared by `add` and `contacts edit`.
pub(super) fn changes_from(fields: &Fields) -> Changes {
    Changes {
        kind: fields.kind,
        category: fields.category,
        role: fields.role.clone(),
        gives: (!fields.gives.is_empty()).then(|| fields.gives.iter().copied().collect()),
        circle: fields.circle,
        mode: fields.mode,
        phone: fields.phone.clone(),
        email: fields.email.clone(),
        contact: fields.contact.clone(),
        crisis: fields.crisis.then_some(true),
        crisis_order: fields.crisis_order,
        available: fields.available.clone(),
        every: fields.every,
        since: fields.since,
        note: fields.note.clone(),
        tags: (!fields.tags.is_empty()).then(|| fields.tags.iter().cloned().collect()),
        ..Changes::default()
    }
}
