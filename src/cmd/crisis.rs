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
        Ok(match Db::open_read_only(&loc.path)? {
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
    };
    match read() {
        Ok((supporters, settings)) => show(&supporters, &settings, env),
        Err(err) => {
            // Even when the map cannot be read, the card still says where help is.
            if !env.out.json {
                env.out
                    .print(&super::help(&Settings::default()).fallback())?;
            }
            // The usual hint is about fixing the map; here the numbers come first.
            let report = crate::error::report(&err);
            Err(crate::error::Failure {
                exit: report.exit,
                message: report.message,
                hint: Some(
                    "the numbers above work whatever the map holds; later, `supportmap doctor` \
                     says what is wrong with it"
                        .to_string(),
                ),
            }
            .into())
        }
    }
}

/// Prints the card for these supporters; shared with the demo.
pub(super) fn show(supporters: &[Supporter], settings: &Settings, env: &Env) -> Result<()> {
    let contacts = crisis_contacts(supporters);
    let paused: Vec<&str> = supporters
        .iter()
        .filter(|s| s.profile.status == Status::Paused && s.profile.is_crisis())
        .map(|s| s.profile.name.as_str())
        .collect();
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
