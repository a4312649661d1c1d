//! `supportmap crisis`: the crisis card. It must answer whatever else is happening, so it
//! opens the database read-only, migrates nothing and waits for no writer.

use anyhow::Result;
use serde::Serialize;

use super::Env;
use crate::db::{self, Db, Location};
use crate::domain::plan::crisis_contacts;
use crate::domain::settings::Settings;
use crate::domain::{Status, Supporter};
use crate::render::plan::{self as view, ContactJson};

#[derive(Serialize)]
struct CardJson<'a> {
    contacts: Vec<ContactJson<'a>>,
    /// Names of the contacts reachable 24/7.
    reachable_24_7: Vec<&'a str>,
}

pub fn run(loc: &Location, env: &Env) -> Result<()> {
    // An encrypted map's plain card answers without the passphrase.
    if !env.out.json && crate::db::key::source().is_none() {
        if let Some(card) = super::encrypt::plain_card(&loc.path) {
            env.out.print(card.trim_end())?;
            return Ok(());
        }
    }
    let read = || -> Result<(Vec<Supporter>, Settings)> {
        loc.ensure_present()?;
        read_card(&loc.path, env)
    };
    match read() {
        Ok((supporters, settings)) => show(&supporters, &settings, env),
        Err(err) => {
            // Even when the map cannot be read, the card still says where help is: the
            // plain card beside an encrypted map when there is one, else the country's
            // numbers.
            let kept = super::encrypt::plain_card(&loc.path);
            if !env.out.json {
                match &kept {
                    Some(card) => env.out.print(card.trim_end())?,
                    None => env
                        .out
                        .print(&super::help(&Settings::default()).fallback())?,
                }
            }
            // The usual hint is about fixing the map; here the numbers come first.
            let report = crate::error::report(&err);
            let hint = if kept.is_some() {
                "the card above is the plain one kept beside your encrypted map".to_string()
            } else if crate::db::key::is_encrypted(&loc.path) {
                report.hint.unwrap_or_default()
            } else {
                "the numbers above work whatever the map holds; later, `supportmap doctor` \
                 says what is wrong with it"
                    .to_string()
            };
            Err(crate::error::Failure {
                exit: report.exit,
                message: report.message,
                hint: Some(hint),
            }
            .into())
        }
    }
}

/// What the card needs from the map, read without waiting for a writer: the crisis
/// contacts and the settings (an empty card without a map). Shared with the plain card
/// kept beside an encrypted map.
pub(super) fn read_card(path: &std::path::Path, env: &Env) -> Result<(Vec<Supporter>, Settings)> {
    Ok(match Db::open_read_only(path)? {
        Some(db) => {
            if db.partial() {
                env.out.note(super::PARTIAL);
            }
            (
                db::supporters::crisis_contacts(db.conn())?,
                db::settings::load(db.conn())?,
            )
        }
        None => (Vec::new(), Settings::default()),
    })
}

/// Crisis contacts the user has paused, by name, so an empty card can say so.
fn paused_names(supporters: &[Supporter]) -> Vec<&str> {
    supporters
        .iter()
        .filter(|s| s.profile.status == Status::Paused && s.profile.is_crisis())
        .map(|s| s.profile.name.as_str())
        .collect()
}

/// The card on paper or in a file, `width` columns wide: no colour, no "right now"
/// marks (they go stale), and no advice about settings. For the session report and the
/// plain card beside an encrypted map.
pub(super) fn paper_card(supporters: &[Supporter], settings: &Settings, width: u16) -> String {
    let out = crate::render::Output {
        json: false,
        color: false,
        quiet: true,
        width: Some(width),
    };
    let mut help = super::help(settings);
    help.suggested = None;
    help.country_set = true;
    view::card(
        &crisis_contacts(supporters),
        &paused_names(supporters),
        &help,
        None,
        &out,
    )
}

/// Prints the card for these supporters; shared with the demo.
pub(super) fn show(supporters: &[Supporter], settings: &Settings, env: &Env) -> Result<()> {
    let contacts = crisis_contacts(supporters);
    let paused = paused_names(supporters);
    if env.out.json {
        return env.out.print_json(&CardJson {
            contacts: view::contacts_json(&contacts),
            reachable_24_7: contacts
                .iter()
                .filter(|s| crate::domain::gaps::always_available(s))
                .map(|s| s.profile.name.as_str())
                .collect(),
        });
    }
    let local_now = env.now.with_timezone(&chrono::Local).naive_local();
    env.out.print(&view::card(
        &contacts,
        &paused,
        &super::help(settings),
        Some(local_now),
        &env.out,
    ))
}
