//! `supportmap add`: record a supporter, asking on a terminal for what is missing.

use anyhow::Result;

use super::questions::{self, Draft, Question};
use super::{Env, ensure_name_free};
use crate::cli::{AddArgs, Fields};
use crate::db::{self, Db, Location};
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
            .map_err(Failure::from)?;
        if let (Some(name), Some(db)) = (&name, Db::open_existing(&loc.path)?) {
            ensure_name_free(db.conn(), name, None)?;
        }
        changes.name.clone_from(&name);
        let Some(answered) = ask(changes, category, loc, env)? else {
            return env.out.say("Nothing was saved.");
        };
        changes = answered;
        name = changes.name.clone();
        category = changes.category.or(category);
    }
    let (Some(name), Some(category)) = (name, category) else {
        return Err(missing(true).into());
    };

    // Everything is checked before the database is opened, so bad input creates nothing.
    changes.name = Some(name);
    let profile = changes
        .apply(&Profile::new(String::new(), category), env.today())
        .map_err(Failure::from)?;

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
    if p.tie != crate::domain::Tie::Steady {
        about.push(format!("{} tie", p.tie));
    }
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

/// Asks, in turn, for each answer the flags did not give; `None` when the user chose
/// not to save at the summary.
fn ask(
    changes: Changes,
    category: Option<Category>,
    loc: &Location,
    env: &Env,
) -> Result<Option<Changes>> {
    let taken: Vec<String> = match Db::open_existing(&loc.path)? {
        Some(db) => db::supporters::names(db.conn())?
            .into_iter()
            .map(|(_, n)| n)
            .collect(),
        None => Vec::new(),
    };
    let crisis_known = changes.crisis.is_some()
        || changes.crisis_order.is_some()
        || changes
            .gives
            .as_ref()
            .is_some_and(|g| g.contains(&Function::Crisis));
    let c = &changes;
    let questions: Vec<Question> = [
        (Question::Name, c.name.is_none()),
        (Question::Kind, c.kind.is_none()),
        (Question::Category, category.is_none()),
        (Question::Role, c.role.is_none()),
        (Question::Gives, c.gives.is_none()),
        (Question::Circle, c.circle.is_none()),
        (Question::Tie, c.tie.is_none()),
        (Question::Mode, c.mode.is_none()),
        (Question::Phone, c.phone.is_none()),
        (Question::Crisis, !crisis_known),
        (Question::Available, c.available.is_none()),
        (Question::Every, c.every.is_none()),
    ]
    .into_iter()
    .filter(|(_, ask)| *ask)
    .map(|(q, _)| q)
    .collect();
    let mut draft = Draft {
        base: Profile::new(String::new(), category.unwrap_or(Category::Family)),
        changes,
        taken: &taken,
        editing: false,
    };
    let save = questions::ask(&questions, &mut draft, env.today())?;
    Ok(save.then_some(draft.changes))
}

/// The changes the supporter flags ask for; shared by `add` and `contacts edit`.
pub(super) fn changes_from(fields: &Fields) -> Changes {
    Changes {
        kind: fields.kind,
        category: fields.category,
        role: fields.role.clone(),
        gives: (!fields.gives.is_empty()).then(|| fields.gives.iter().copied().collect()),
        circle: fields.circle,
        tie: fields.tie,
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
