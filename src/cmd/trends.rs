//! `supportmap trends`: contact over time, as a mirror. Check-ins per week or month
//! (a check-in with several people counts once), each supporter's contact by name, and
//! the network by circle; the figures are pure functions in [`crate::domain::trends`].

use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, Datelike, Days, Local, Months, NaiveDate, SubsecRound, TimeZone, Utc};

use super::{Env, moment, note_no_database};
use crate::cli::{TrendsArgs, TrendsBy};
use crate::db::{self, Db, checkins::Query};
use crate::domain::trends::{self, Interval, Trends, Window};
use crate::domain::when::{self, Anchor};
use crate::domain::{CheckIn, Supporter};
use crate::error::Failure;
use crate::render::time::local_day;
use crate::render::trends as view;

pub fn run(db: Option<&Db>, path: &Path, args: &TrendsArgs, env: &Env) -> Result<()> {
    let today = env.today();
    let asked = match args.since.as_deref() {
        Some(text) => since_day(text, today, env)?,
        None => today
            .checked_sub_days(Days::new(u64::from(trends::DEFAULT_DAYS)))
            .unwrap_or(today),
    };
    let Some(db) = db else {
        note_no_database(path, env);
        return if env.out.json {
            env.out.print("{}")
        } else {
            Ok(())
        };
    };
    let supporters = db::supporters::all(db.conn())?;
    let (found, _) = gather(db, &supporters, asked, args.by, env)?;
    if env.out.json {
        let until = env.now.trunc_subsecs(0);
        return env.out.print_json(&view::to_json(
            &found,
            start_of_day(found.window.first),
            until,
        ));
    }
    if found.contacts() == 0 {
        return env.out.say(&view::nothing_logged(
            &found,
            &env.command("supportmap checkin NAME"),
        ));
    }
    view::report(&found, &env.out, &mut |part| env.out.print(part))
}

/// The trends from `asked` (or the map's first day, if later) to today, and the
/// check-ins they count: for `trends` and the session report.
pub(super) fn gather<'a>(
    db: &Db,
    supporters: &'a [Supporter],
    asked: NaiveDate,
    by: Option<TrendsBy>,
    env: &Env,
) -> Result<(Trends<'a>, Vec<CheckIn>)> {
    let conn = db.conn();
    let first = db::trends::first_contacts(conn)?;
    let began = db::trends::began(conn)?.map(local_day);
    let window = Window::new(asked, env.today(), began);
    let interval = match by {
        Some(TrendsBy::Week) => Interval::Week,
        Some(TrendsBy::Month) => Interval::Month,
        None => Interval::for_window(window),
    };
    let checkins = db::checkins::list(
        conn,
        &Query {
            since: Some(start_of_day(window.first)),
            ..Query::default()
        },
    )?;
    let found = trends::find(
        supporters,
        &checkins,
        |id| first.get(&id).copied(),
        window,
        interval,
        local_day,
    );
    Ok((found, checkins))
}

/// The day `--since` names: months or years back (`6m`, `1y`) on the calendar, or any
/// moment `--since` takes elsewhere (`90d`, `2026-08-24`); never in the future.
fn since_day(text: &str, today: NaiveDate, env: &Env) -> Result<NaiveDate> {
    if let Some(months) = trends::months_back(text) {
        return today
            .checked_sub_months(Months::new(months))
            .filter(|day| day.year() >= 1900)
            .ok_or_else(|| {
                Failure::usage(format!(
                    "--since {}: that is too far back to be a date supportmap keeps",
                    text.trim()
                ))
                .into()
            });
    }
    let since = moment("--since", text, Anchor::Start, env)?;
    if when::is_future(since, env.now) {
        return Err(Failure::usage(format!(
            "--since {} is in the future ({})",
            text.trim(),
            crate::render::time::moment_words(since)
        ))
        .hint("trends look back: give a past date, or a span such as 90d, 6m, 1y")
        .into());
    }
    Ok(local_day(since))
}

/// The first moment of a day on the user's clock (the earliest, if the clocks changed
/// at midnight; the day's UTC start if that moment does not exist there).
fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}
