//! `supportmap settings`: the user's name, country and recovery date.

use anyhow::Result;
use serde::Serialize;

use super::Env;
use crate::cli::SettingsArgs;
use crate::db::{self, Db, Location};
use crate::domain::country::{self, Country};
use crate::domain::settings::{Key, Settings};
use crate::error::Failure;

#[derive(Serialize)]
struct SettingsJson<'a> {
    name: Option<&'a str>,
    country: Option<&'a str>,
    recovery_date: Option<&'a str>,
    /// The country the user's locale suggests, when no country is set.
    locale_country: Option<&'static str>,
}

/// The country the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) names, if supportmap knows
/// it. Only ever a suggestion: many people run a locale from elsewhere.
pub fn locale_country() -> Option<&'static Country> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok().filter(|v| !v.is_empty()))
        .find_map(|locale| country::from_locale(&locale))
}

pub fn run(db: Option<&Db>, loc: &Location, args: &SettingsArgs, env: &Env) -> Result<()> {
    // clap takes a value only after a key.
    match (args.key, args.value.as_deref()) {
        (Some(key), Some(value)) => set(loc, key, value, env),
        (Some(key), None) if args.unset => unset(loc, key, env),
        (key, _) => {
            let settings = match db {
                Some(db) => db::settings::load(db.conn())?,
                None => Settings::default(),
            };
            show(&settings, key, env)
        }
    }
}

fn set(loc: &Location, key: Key, value: &str, env: &Env) -> Result<()> {
    let value = key
        .check(value, env.today())
        .map_err(|e| Failure::usage(e).hint("see `supportmap settings --help`"))?;
    let mut db = super::open_for_write(loc, env)?;
    db.write(|tx| db::settings::set(tx, key, &value, env.now))?;
    if env.out.json {
        let settings = db::settings::load(db.conn())?;
        return show(&settings, None, env);
    }
    let mut text = format!("Set {key} to {value}.");
    if key == Key::Country {
        match country::find(&value) {
            Some(c) => text.push_str(&format!(
                " The crisis card now shows {} ({}) and the emergency number {}.",
                c.line_name, c.line_number, c.emergency
            )),
            None => text.push_str(
                " supportmap has no crisis line for that country yet, so the card keeps its \
                 general advice; a crisis line saved with `supportmap add` shows on it first.",
            ),
        }
    }
    env.out.say(&text)
}

fn unset(loc: &Location, key: Key, env: &Env) -> Result<()> {
    let Some(mut db) = super::existing(loc, env)? else {
        return env.out.say(&format!("{key} was not set."));
    };
    let was = db.write(|tx| db::settings::unset(tx, key))?;
    if env.out.json {
        let settings = db::settings::load(db.conn())?;
        return show(&settings, None, env);
    }
    env.out.say(&if was {
        format!("Cleared {key}.")
    } else {
        format!("{key} was not set.")
    })
}

fn show(settings: &Settings, only: Option<Key>, env: &Env) -> Result<()> {
    let suggested = locale_country().filter(|_| settings.get(Key::Country).is_none());
    if env.out.json {
        return env.out.print_json(&SettingsJson {
            name: settings.get(Key::Name),
            country: settings.get(Key::Country),
            recovery_date: settings.get(Key::RecoveryDate),
            locale_country: suggested.map(|c| c.code),
        });
    }
    if let Some(key) = only {
        return env.out.print(settings.get(key).unwrap_or("-"));
    }
    let mut text = String::new();
    for key in Key::ALL {
        let value = match (key, settings.get(*key)) {
            (Key::Country, Some(code)) => match country::find(code) {
                Some(c) => format!(
                    "{code} ({}): {} {}, emergency {}",
                    c.name, c.line_name, c.line_number, c.emergency
                ),
                None => {
                    format!("{code} (no crisis line known for it: the card gives general advice)")
                }
            },
            (Key::Country, None) => match suggested {
                Some(c) => format!(
                    "- (your locale suggests {}: `supportmap settings country {}`)",
                    c.code, c.code
                ),
                None => "-".to_string(),
            },
            (_, Some(value)) => value.to_string(),
            (_, None) => "-".to_string(),
        };
        text.push_str(&format!("{:<15} {value}\n", key.as_str()));
    }
    text.push_str("\nSet one with: supportmap settings KEY VALUE");
    env.out.print(&text)
}
