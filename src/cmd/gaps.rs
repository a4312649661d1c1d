//! `supportmap gaps`: the gap analysis, and dismissing or restoring a gap.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Result;
use chrono::Duration;
use rusqlite::Connection;

use super::Env;
use crate::cli::{DismissArgs, GapsShowArgs, RestoreArgs};
use crate::db::gaps::Dismissal;
use crate::db::{self, Db, Location};
use crate::domain::Supporter;
use crate::domain::gaps::{self, Gap, Network, thresholds::RECENT_DAYS};
use crate::domain::names::shell_word;
use crate::domain::plan::Plan;
use crate::domain::settings::Settings;
use crate::domain::text::Shape;
use crate::error::{Exit, Failure};
use crate::render::gaps::{self as view, Shown};
use crate::render::time::local_day;

/// Everything the analysis reads, loaded once: supporters, one last contact each, and
/// recent check-in counts (index lookups and a 30-day range, never the whole history).
struct Loaded {
    supporters: Vec<Supporter>,
    plan: Plan,
    last: HashMap<i64, chrono::DateTime<chrono::Utc>>,
    recent: HashMap<i64, u32>,
    dismissed: BTreeMap<String, Dismissal>,
    settings: Settings,
}

impl Loaded {
    fn read(conn: &Connection, env: &Env) -> Result<Loaded> {
        Ok(Loaded {
            supporters: db::supporters::all(conn)?,
            plan: db::plan::load(conn)?,
            last: db::checkins::last_contacts(conn)?,
            recent: db::gaps::checkins_since(conn, env.now - Duration::days(RECENT_DAYS))?,
            dismissed: db::gaps::dismissals(conn)?,
            settings: db::settings::load(conn)?,
        })
    }

    fn empty() -> Loaded {
        Loaded {
            supporters: Vec::new(),
            plan: Plan::default(),
            last: HashMap::new(),
            recent: HashMap::new(),
            dismissed: BTreeMap::new(),
            settings: Settings::default(),
        }
    }

    fn network<'a>(&'a self, env: &Env) -> Network<'a> {
        Network {
            supporters: &self.supporters,
            plan: &self.plan,
            last_contact: &self.last,
            recent_checkins: &self.recent,
            now: env.now,
            day_of: local_day,
            country: self.settings.country(),
        }
    }
}

/// Shows the analysis; with `--fail-on`, returns [`Exit::Found`] when an open gap is at
/// or above that severity. A missing database is analysed as the empty map it is.
pub fn show(db: Option<&Db>, path: &Path, args: &GapsShowArgs, env: &Env) -> Result<Exit> {
    let loaded = match db {
        Some(db) => Loaded::read(db.conn(), env)?,
        None => {
            super::note_no_database(path, env);
            Loaded::empty()
        }
    };
    let found = report(&loaded, args.all, env)?;
    let fails = args.fail_on.is_some_and(|threshold| {
        found
            .iter()
            .any(|g| g.severity >= threshold && !loaded.dismissed.contains_key(&g.id))
    });
    Ok(if fails { Exit::Found } else { Exit::Ok })
}

/// Prints the summary and gaps (for `gaps` and `demo`); returns every gap found.
fn report(loaded: &Loaded, all: bool, env: &Env) -> Result<Vec<Gap>> {
    let network = loaded.network(env);
    let summary = gaps::summary(&network);
    let mut found = gaps::find(&network);
    for gap in &mut found {
        gap.command = gap.command.take().map(|c| env.command(&c));
    }
    let shown: Vec<Shown<'_>> = found
        .iter()
        .map(|gap| Shown {
            gap,
            dismissed: loaded.dismissed.get(&gap.id),
        })
        .filter(|s| all || s.dismissed.is_none())
        .collect();
    if env.out.json {
        env.out.print_json(&view::to_json(&summary, &shown))?;
        return Ok(found);
    }
    let hidden = if all { 0 } else { found.len() - shown.len() };
    let mut text = view::summary(&summary, view::report_width(&env.out));
    text.push_str(&view::gaps(&shown, &env.out));
    if all {
        // Dismissals stay until restored, even while their gap is not showing.
        let quiet: Vec<String> = loaded
            .dismissed
            .iter()
            .filter(|(id, _)| !found.iter().any(|g| &g.id == *id))
            .map(|(id, d)| match &d.reason {
                Some(reason) => format!("{id} ({reason})"),
                None => id.clone(),
            })
            .collect();
        if !quiet.is_empty() {
            text.push_str(&format!(
                "\nDismissed, and not a gap right now: {}\n",
                quiet.join(", ")
            ));
        }
    }
    env.out.print(&text)?;
    env.out
        .say(&format!("\n{}", view::footer(&shown, hidden)))?;
    Ok(found)
}

/// The gap analysis of an open database, for the demo.
pub(super) fn report_for(db: &Db, env: &Env) -> Result<()> {
    report(&Loaded::read(db.conn(), env)?, false, env).map(|_| ())
}

/// The result of `gaps dismiss` or `gaps restore` with `--json`.
#[derive(serde::Serialize)]
struct DismissalJson<'a> {
    id: &'a str,
    dismissed: bool,
    reason: Option<&'a str>,
}

pub fn dismiss(loc: &Location, args: &DismissArgs, env: &Env) -> Result<()> {
    let typed = args.id.trim();
    let reason = super::text_flag("--reason", args.reason.as_deref(), Shape::Line)?;
    let reason = reason.as_deref();
    // Ids match in any case, like names; the canonical one is stored.
    let check = |loaded: &Loaded| -> Result<String> {
        let current = gaps::find(&loaded.network(env));
        current
            .iter()
            .find(|g| g.id.to_lowercase() == typed.to_lowercase())
            .map(|g| g.id.clone())
            .ok_or_else(|| {
                unknown_id(typed, current.iter().map(|g| g.id.as_str()), "current gaps").into()
            })
    };
    // Without a database the map is empty: check against that before creating one.
    let mut db = match Db::open_existing(&loc.path)? {
        Some(db) => db,
        None => {
            check(&Loaded::empty())?;
            super::open_for_write(loc, env)?
        }
    };
    let (id, already) = db.write(|tx| {
        let loaded = Loaded::read(tx, env)?;
        let id = check(&loaded)?;
        let already = loaded.dismissed.contains_key(&id);
        db::gaps::dismiss(tx, &id, reason, env.now)?;
        Ok((id, already))
    })?;
    if env.out.json {
        return env.out.print_json(&DismissalJson {
            id: &id,
            dismissed: true,
            reason,
        });
    }
    env.out.say(&if already && reason.is_some() {
        format!("{id} was already dismissed; its reason is updated.")
    } else if already {
        format!("{id} was already dismissed.")
    } else {
        format!(
            "Dismissed {id}. It stays hidden until `{}`.",
            env.command(&format!("supportmap gaps restore {}", shell_word(&id)))
        )
    })
}

pub fn restore(db: &mut Db, args: &RestoreArgs, env: &Env) -> Result<()> {
    let typed = args.id.trim();
    let id = db.write(|tx| {
        let dismissed = db::gaps::dismissals(tx)?;
        // Ids match in any case, like names.
        let Some(id) = dismissed
            .keys()
            .find(|id| id.to_lowercase() == typed.to_lowercase())
            .cloned()
        else {
            return Err(unknown_id(
                typed,
                dismissed.keys().map(String::as_str),
                "dismissed gaps",
            )
            .into());
        };
        db::gaps::restore(tx, &id)?;
        Ok(id)
    })?;
    if env.out.json {
        return env.out.print_json(&DismissalJson {
            id: &id,
            dismissed: false,
            reason: None,
        });
    }
    env.out.say(&format!("Restored {id}."))
}

/// How many ids a "not one of" error lists.
const IDS_LISTED: usize = 6;

/// "not one of the current gaps", listing the closest ids first (always in the same
/// order for the same input).
fn unknown_id<'a>(id: &str, ids: impl Iterator<Item = &'a str>, what: &str) -> Failure {
    let mut ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        return Failure::usage(format!("\"{id}\" is not one of the {what}: there are none"));
    }
    let key = id.to_lowercase();
    ids.sort_by(|a, b| {
        let score = |s: &str| strsim::jaro_winkler(&s.to_lowercase(), &key);
        score(b).total_cmp(&score(a)).then_with(|| a.cmp(b))
    });
    let more = ids.len().saturating_sub(IDS_LISTED);
    let mut list = ids[..ids.len().min(IDS_LISTED)].join(", ");
    if more > 0 {
        list.push_str(&format!(
            " and {more} more (`supportmap gaps --all` lists them)"
        ));
    }
    Failure::usage(format!("\"{id}\" is not one of the {what}"))
        .hint(format!("closest {what}: {list}"))
}
