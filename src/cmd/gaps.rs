//! `supportmap gaps`: the gap analysis, and dismissing or restoring a gap.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Result;
use chrono::Duration;
use rusqlite::Connection;

use super::Env;
use crate::cli::{DismissArgs, GapsShowArgs, RestoreArgs, SnoozeArgs};
use crate::db::gaps::Dismissal;
use crate::db::{self, Db, Location};
use crate::domain::Severity;
use crate::domain::gaps::{
    self, Gap, Network,
    thresholds::{MIN_NETWORK, RECENT_DAYS},
};
use crate::domain::names::shell_word;
use crate::domain::plan::Plan;
use crate::domain::settings::Settings;
use crate::domain::text::Shape;
use crate::domain::when::Anchor;
use crate::domain::{Supporter, records};
use crate::error::{Exit, Failure};
use crate::render::gaps::{self as view, Shown};
use crate::render::time::local_day;

/// Everything the analysis reads, loaded once: supporters, one last contact each, and
/// recent check-in counts (index lookups and a 30-day range, never the whole history).
pub(super) struct Loaded {
    pub(super) supporters: Vec<Supporter>,
    pub(super) plan: Plan,
    pub(super) last: HashMap<i64, chrono::DateTime<chrono::Utc>>,
    recent: HashMap<i64, u32>,
    pub(super) dismissed: BTreeMap<String, Dismissal>,
    pub(super) settings: Settings,
    last_review: Option<chrono::DateTime<chrono::Utc>>,
}

impl Loaded {
    pub(super) fn read(conn: &Connection, env: &Env) -> Result<Loaded> {
        Ok(Loaded {
            supporters: db::supporters::all(conn)?,
            plan: db::plan::load(conn)?,
            last: db::checkins::last_contacts(conn)?,
            recent: db::gaps::checkins_since(conn, env.now - Duration::days(RECENT_DAYS))?,
            // A snooze that has run out no longer hides its gap.
            dismissed: db::gaps::dismissals(conn)?
                .into_iter()
                .filter(|(_, d)| d.in_force(env.now))
                .collect(),
            settings: db::settings::load(conn)?,
            last_review: db::reviews::latest(conn)?,
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
            last_review: None,
        }
    }

    /// Every gap found, most severe first, each suggested command naming the same map
    /// (`--db PATH`) when the user gave one.
    pub(super) fn found(&self, env: &Env) -> Vec<Gap> {
        let mut found = gaps::find(&self.network(env));
        for gap in &mut found {
            gap.command = gap.command.take().map(|c| env.command(&c));
        }
        found
    }

    /// The map as a redacted export shows it: names as initials (in the gaps' ids and
    /// words too), phone numbers and notes left out. A saved number reads "(number left
    /// out)", so a crisis card never looks as if it had none; the plan's words are left
    /// out.
    pub(super) fn redact(&mut self) {
        let names: std::collections::HashMap<String, String> = self
            .supporters
            .iter()
            .map(|s| (s.profile.name_key(), records::initials(&s.profile.name)))
            .collect();
        for s in &mut self.supporters {
            let had_phone = s.profile.phone.is_some();
            records::redact_profile(&mut s.profile);
            if had_phone {
                s.profile.phone = Some("(number left out)".to_string());
            }
        }
        for item in &mut self.plan.items {
            item.text = "(left out)".to_string();
        }
        self.dismissed = std::mem::take(&mut self.dismissed)
            .into_iter()
            .map(|(id, d)| (records::redact_gap_id(&id, &names), d))
            .collect();
    }

    /// The gaps found and not set aside, most severe first.
    pub(super) fn open(&self, env: &Env) -> Vec<Gap> {
        self.found(env)
            .into_iter()
            .filter(|g| !self.dismissed.contains_key(&g.id))
            .collect()
    }

    pub(super) fn network<'a>(&'a self, env: &Env) -> Network<'a> {
        Network {
            supporters: &self.supporters,
            plan: &self.plan,
            last_contact: &self.last,
            recent_checkins: &self.recent,
            now: env.now,
            day_of: local_day,
            country: self.settings.country(),
            last_review: self.last_review,
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

/// Prints the gaps (for `gaps` and `demo`); returns every gap found. A new or small
/// map gets a few next steps ("getting started") instead of the whole list; otherwise
/// the coverage summary and the first few, every critical one among them. `--all` shows
/// every gap, dismissed and snoozed ones marked; `--json` always has every open gap.
fn report(loaded: &Loaded, all: bool, env: &Env) -> Result<Vec<Gap>> {
    let summary = gaps::summary(&loaded.network(env));
    let found = loaded.found(env);
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
    let starting = summary.active_supporters < MIN_NETWORK;
    let critical = shown
        .iter()
        .filter(|s| s.gap.severity == Severity::Critical)
        .count();
    let first = match (all, starting) {
        (true, _) => shown.len(),
        (false, true) => view::GETTING_STARTED.max(critical),
        (false, false) => view::FIRST_FEW.max(critical),
    }
    .min(shown.len());
    let mut text = if starting && !all {
        let n = summary.active_supporters;
        format!(
            "Getting started: {} for a map of {n} supporter{}\n",
            if first == 1 {
                "a next step"
            } else {
                "a few next steps"
            },
            if n == 1 { "" } else { "s" }
        )
    } else {
        view::summary(&summary, view::report_width(&env.out))
    };
    text.push_str(&view::gaps(&shown[..first], &env.out));
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
                "\nSet aside, and not a gap right now: {}\n",
                quiet.join(", ")
            ));
        }
    }
    env.out.print(&text)?;
    env.out.say(&format!(
        "\n{}",
        view::footer(
            &shown[..first],
            shown.len() - first,
            hidden,
            view::report_width(&env.out)
        )
    ))?;
    Ok(found)
}

/// The ids of the gaps a map has at `env.now`, dismissed or not (for `changes`).
pub(super) fn current_ids(db: &Db, env: &Env) -> Result<Vec<String>> {
    let loaded = Loaded::read(db.conn(), env)?;
    Ok(gaps::find(&loaded.network(env))
        .into_iter()
        .map(|g| g.id)
        .collect())
}

/// The gap analysis of an open database, for the demo.
pub(super) fn report_for(db: &Db, env: &Env) -> Result<()> {
    report(&Loaded::read(db.conn(), env)?, false, env).map(|_| ())
}

/// The result of `gaps dismiss`, `snooze` or `restore` with `--json`.
#[derive(serde::Serialize)]
struct DismissalJson<'a> {
    id: &'a str,
    dismissed: bool,
    reason: Option<&'a str>,
    /// The end of a snooze; null for a dismissal until restored.
    until: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn dismiss(loc: &Location, args: &DismissArgs, env: &Env) -> Result<()> {
    let reason = super::text_flag("--reason", args.reason.as_deref(), Shape::Line)?;
    set_aside(loc, &args.id, reason.as_deref(), None, env)
}

pub fn snooze(loc: &Location, args: &SnoozeArgs, env: &Env) -> Result<()> {
    let reason = super::text_flag("--reason", args.reason.as_deref(), Shape::Line)?;
    let until = match (args.days, &args.until) {
        (Some(days), _) => env.now + Duration::days(i64::from(days)),
        (None, Some(until)) => {
            let at = super::moment("--until", until, Anchor::End, env)?;
            if at <= env.now {
                return Err(
                    Failure::usage(format!("--until {} has passed", until.trim()))
                        .hint("give a day to come, such as 2026-12-31, or --for 2w")
                        .into(),
                );
            }
            at
        }
        (None, None) => {
            return Err(Failure::usage("say how long: --for 2w, or --until DATE")
                .hint("supportmap gaps snooze <id> --for 2w")
                .into());
        }
    };
    set_aside(loc, &args.id, reason.as_deref(), Some(until), env)
}

/// Dismisses (`until` `None`) or snoozes the gap `typed` names. A rhythm reminder
/// (`overdue:`, `drifting:`) is never silenced for good by accident: dismissing one
/// snoozes it for one rhythm (30 days while drifting), and says how to stop it.
fn set_aside(
    loc: &Location,
    typed: &str,
    reason: Option<&str>,
    until: Option<chrono::DateTime<chrono::Utc>>,
    env: &Env,
) -> Result<()> {
    let typed = typed.trim();
    // Ids match in any case or by an unambiguous start, like names.
    let check = |loaded: &Loaded| -> Result<(String, Option<u32>)> {
        let current = gaps::find(&loaded.network(env));
        let ids: Vec<&str> = current.iter().map(|g| g.id.as_str()).collect();
        let id = match_id(typed, &ids, "current gaps")?;
        let rhythm_days = reminder_days(&id, &loaded.supporters);
        Ok((id, rhythm_days))
    };
    // Without a database the map is empty: check against that before creating one.
    let mut db = match Db::open_existing(&loc.path)? {
        Some(db) => db,
        None => {
            check(&Loaded::empty())?;
            super::open_for_write(loc, env)?
        }
    };
    let (id, until, already) = db.write(|tx| {
        let loaded = Loaded::read(tx, env)?;
        let (id, rhythm_days) = check(&loaded)?;
        let until = until.or_else(|| rhythm_days.map(|d| env.now + Duration::days(i64::from(d))));
        let already = loaded.dismissed.contains_key(&id);
        db::gaps::dismiss(tx, &id, reason, until, env.now)?;
        Ok((id, until, already))
    })?;
    if env.out.json {
        return env.out.print_json(&DismissalJson {
            id: &id,
            dismissed: true,
            reason,
            until,
        });
    }
    let restore = env.command(&format!("supportmap gaps restore {}", shell_word(&id)));
    let text = match until {
        Some(until) => {
            let mut text = format!(
                "Snoozed {id} until {}. It comes back then on its own, or sooner with `{restore}`.",
                local_day(until)
            );
            if let Some(("overdue" | "drifting", name)) = id.split_once(':') {
                text.push_str(&format!(
                    "\nTo stop these reminders for {name} altogether: {}",
                    env.command(&format!(
                        "supportmap contacts edit {} --clear every",
                        shell_word(name)
                    ))
                ));
            }
            text
        }
        None if already && reason.is_some() => {
            format!("{id} was already dismissed; its reason is updated.")
        }
        None if already => format!("{id} was already dismissed."),
        None => format!("Dismissed {id}. It stays hidden until `{restore}`."),
    };
    env.out.say(&text)
}

/// The snooze a dismissal of a rhythm reminder becomes: one rhythm for `overdue:NAME`,
/// 30 days for `drifting:NAME`; `None` for any other gap.
fn reminder_days(id: &str, supporters: &[Supporter]) -> Option<u32> {
    let (kind, name) = id.split_once(':')?;
    let s = supporters.iter().find(|s| s.profile.name == name)?;
    match kind {
        "overdue" => s.profile.every.map(|r| r.days()),
        "drifting" => Some(30),
        _ => None,
    }
}

pub fn restore(db: &mut Db, args: &RestoreArgs, env: &Env) -> Result<()> {
    let typed = args.id.trim();
    let id = db.write(|tx| {
        let dismissed = db::gaps::dismissals(tx)?;
        let ids: Vec<&str> = dismissed.keys().map(String::as_str).collect();
        let id = match_id(typed, &ids, "dismissed gaps")?;
        db::gaps::restore(tx, &id)?;
        Ok(id)
    })?;
    if env.out.json {
        return env.out.print_json(&DismissalJson {
            id: &id,
            dismissed: false,
            reason: None,
            until: None,
        });
    }
    env.out.say(&format!("Restored {id}."))
}

/// The id `typed` names among `ids`: the id in any case, or the one id it starts.
fn match_id(typed: &str, ids: &[&str], what: &str) -> Result<String> {
    let key = typed.to_lowercase();
    if let Some(id) = ids.iter().find(|id| id.to_lowercase() == key) {
        return Ok((*id).to_string());
    }
    let starting: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !key.is_empty() && id.to_lowercase().starts_with(&key))
        .collect();
    match starting[..] {
        [one] => Ok(one.to_string()),
        [] => Err(unknown_id(typed, ids.iter().copied(), what).into()),
        _ => Err(Failure::usage(format!(
            "\"{typed}\" starts {} of the {what}: {}",
            starting.len(),
            starting.join(", ")
        ))
        .hint("type more of the id")
        .into()),
    }
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
