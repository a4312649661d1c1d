//! `supportmap demo`: the sample network in a throwaway database.

use std::path::Path;

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::Duration;

use super::Env;
use super::contacts::list_supporters;
use crate::cli::{DemoArgs, MapBy, MapFormat};
use crate::db::{self, Db};
use crate::domain::filter::Filter;
use crate::domain::{By, Contact};
use crate::error::Failure;
use crate::render::map::MapInput;
use crate::sample;

/// Loads the sample into a temporary database (or into `--db`, when given explicitly)
/// and shows it. The user's own database is never read or written.
pub fn run(args: &DemoArgs, explicit: Option<&Path>, env: &Env) -> Result<()> {
    // Never the user's own map, nor the demo's database given with --db. Checked first,
    // so a refused --svg shows nothing else.
    let own = db::resolve(explicit).ok();
    let mut maps: Vec<&Path> = own.iter().map(|l| l.path.as_path()).collect();
    maps.extend(explicit);
    if let Some(svg) = &args.svg {
        super::check_file(svg, &maps)?;
    }
    // Held until the end of the run; dropping it deletes the throwaway database.
    let scratch;
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            scratch = tempfile::Builder::new()
                .prefix("supportmap-demo-")
                .tempdir()
                .context("could not make a temporary folder for the demo")?;
            scratch.path().join("demo.db")
        }
    };

    let mut db = Db::open(&path)?;
    db.write(|tx| {
        let existing = db::supporters::count(tx)?;
        if existing > 0 {
            return Err(Failure::usage(format!(
                "{} already has {existing} supporter{}; the demo loads only into an empty database",
                path.display(),
                if existing == 1 { "" } else { "s" }
            ))
            .hint("run `supportmap demo` without --db, or give a new file")
            .into());
        }
        let added = env.now - Duration::days(sample::ADDED_DAYS_AGO);
        let mut ids = HashMap::new();
        for profile in sample::network() {
            let id = db::supporters::insert(tx, &profile, added)?;
            ids.insert(profile.name, id);
        }
        for (name, days_ago, via, mood) in sample::CHECKINS {
            let contact = Contact {
                at: env.now - Duration::days(*days_ago),
                via: *via,
                by: By::Me,
                mood: Some(*mood),
                note: None,
            };
            db::checkins::insert(tx, &[ids.get(*name).copied()], &contact, added)?;
        }
        for (section, text) in sample::PLAN {
            db::plan::add(tx, *section, text, added)?;
        }
        db::plan::review(tx, env.now - Duration::days(sample::PLAN_REVIEWED_DAYS_AGO))?;
        Ok(())
    })?;

    let everyone = db::supporters::all(db.conn())?;
    let shown: Vec<_> = everyone
        .iter()
        .filter(|s| Filter::default().matches(s))
        .collect();
    env.out.say(
        "supportmap demo: a sample support network, in a throwaway database.\n\
         Nothing of yours is read or written.\n",
    )?;
    let last = db::checkins::last_contacts(db.conn())?;
    list_supporters(&shown, &everyone, &last, env)?;
    let input = MapInput {
        supporters: &everyone,
        last: &last,
        now: env.now,
        me: "me",
        set_aside: &[],
        compare: None,
    };
    if let Some(svg) = &args.svg {
        maps.push(path.as_path());
        if super::write_file(svg, &crate::render::map::svg(&input), args.force, &maps)? {
            env.out.note(&format!(
                "Wrote the sample network's picture to {}.",
                svg.display()
            ));
        }
    }
    if !env.out.json {
        env.out
            .print("\nThe same network as circles (`supportmap map`):\n")?;
        env.out.print(&super::map::render(
            &input,
            MapFormat::Text,
            MapBy::Circle,
            env,
        )?)?;
        env.out
            .print("\nIn a crisis, `supportmap crisis` shows this card first:\n")?;
        super::crisis::show(
            &everyone,
            &crate::domain::settings::Settings::default(),
            env,
        )?;
        env.out
            .print("\nWhat the sample map is missing (`supportmap gaps`):\n")?;
        super::gaps::report_for(&db, env)?;
    }
    let next = match explicit {
        Some(path) => format!(
            "\nThe sample is saved in {}. Explore it with, for example:\n  \
             supportmap --db {} contacts show jo",
            path.display(),
            path.display()
        ),
        None => "\nTo start your own map: supportmap add NAME --category CATEGORY \
                 (or just `supportmap add` to be asked).\n\
                 To explore this sample further (its safety plan, check-ins and more): \
                 supportmap demo --db /tmp/sample.db"
            .to_string(),
    };
    env.out.say(&next)
}
