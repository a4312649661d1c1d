//! `supportmap report`: the session report, one self-contained HTML page with the map,
//! the crisis card, the safety plan, what changed since the last review and how contact
//! has gone. Each part is rendered by its own command's renderer.

use anyhow::Result;
use chrono::{Days, NaiveDate};

use super::gaps::Loaded;
use super::{Env, write_file};
use crate::cli::ReportArgs;
use crate::db::{self, Db, Location};
use crate::domain::gaps;
use crate::domain::milestone;
use crate::domain::records::initials;
use crate::domain::settings::Key;
use crate::domain::text::Shape;
use crate::domain::trends as figures;
use crate::domain::when::Anchor;
use crate::error::Failure;
use crate::render::map::{self as map_view, MapInput};
use crate::render::report::{self as view, Report};
use crate::render::time::{days_ago, local_day};
use crate::render::{Output, trends as trends_view};

/// How many gaps the report shows; `supportmap gaps` has the rest.
const TOP_GAPS: usize = 3;
/// Before the first review, "what changed" looks back this many days.
const NO_REVIEW_DAYS: u64 = 30;
/// The crisis card's width on the page, in characters.
const CARD_WIDTH: u16 = 50;

pub fn run(db: Option<&Db>, loc: &Location, args: &ReportArgs, env: &Env) -> Result<()> {
    let given = args
        .me
        .as_deref()
        .map(|me| super::required_text("--me", me, Shape::Line))
        .transpose()?;
    // A file that must not be written (the map itself) is refused before any work.
    if let Some(out) = &args.out {
        super::check_file(out, &[&loc.path])?;
    }
    if env.out.json {
        return Err(Failure::usage("the report is a page for people, not JSON")
            .hint("for scripts: supportmap gaps --json, trends --json, changes --since WHEN --json, map --json")
            .into());
    }
    let Some(db) = db else {
        return Err(Failure::usage("there is no map to report on yet")
            .hint("add someone first: supportmap add NAME --category CATEGORY")
            .into());
    };
    let last_review = db::reviews::latest(db.conn())?;
    let (since, since_words) = match args.since.as_deref() {
        Some(typed) => {
            let at =
                super::history::past_moment_in("--since", typed, Anchor::Start, Some(db), env)?;
            let day = local_day(at);
            let words = if typed.trim().eq_ignore_ascii_case("last-review") {
                last_review_words(day, env.today())
            } else {
                format!("Changes since {day} ({})", days_ago(day, env.today()))
            };
            (at, words)
        }
        None => match last_review {
            Some(at) => (at, last_review_words(local_day(at), env.today())),
            None => (
                chrono::SubsecRound::trunc_subsecs(
                    env.now - chrono::Duration::days(NO_REVIEW_DAYS as i64),
                    0,
                ),
                format!("No review yet: changes over the last {NO_REVIEW_DAYS} days"),
            ),
        },
    };

    let mut loaded = Loaded::read(db.conn(), env)?;
    // Trends match check-ins to people by name, so they are counted on the real names
    // and only the names shown are shortened.
    let real = loaded.supporters.clone();
    if args.redact {
        loaded.redact();
    }
    let settings = &loaded.settings;
    let me = match (given, settings.get(Key::Name)) {
        (Some(me), _) => me,
        (None, Some(name)) => name.to_string(),
        (None, None) => "me".to_string(),
    };
    let me = if args.redact { initials(&me) } else { me };
    let milestone = settings
        .get(Key::RecoveryDate)
        .filter(|_| !args.redact)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| milestone::milestone(d, env.today()));

    let set_aside = super::map::set_aside(db, env)?;
    // The map marks who is new, who moved and who left since then.
    // The page says what it compares with; the notes for a terminal would repeat it.
    let quiet = Env {
        out: Output {
            quiet: true,
            ..env.out
        },
        now: env.now,
        db_flag: env.db_flag.clone(),
    };
    let mut compare = super::map::compare_at(db, &loaded.supporters, since, &quiet)?;
    if args.redact {
        for (name, _) in &mut compare.left {
            *name = initials(name);
        }
    }
    let map_svg = map_view::svg(&MapInput {
        supporters: &loaded.supporters,
        last: &loaded.last,
        now: env.now,
        me: &me,
        set_aside: &set_aside,
        compare: Some(&compare),
    });

    let summary = gaps::summary(&loaded.network(env));
    let open: Vec<gaps::Gap> = loaded.open(env).into_iter().take(TOP_GAPS).collect();

    let card = super::crisis::paper_card(&loaded.supporters, settings, CARD_WIDTH);
    let mut plan = super::plan::plan_view(&loaded.plan, &loaded.supporters, settings);
    plan.owner = Some(me.clone());
    if args.redact {
        // One line per section says how many were left out, instead of each.
        for section in plan.sections.iter_mut().filter(|s| s.id.is_some()) {
            let own = loaded
                .plan
                .items
                .iter()
                .filter(|i| Some(i.section) == section.id)
                .count();
            if own > 0 {
                let kept = section.lines.split_off(own);
                section.lines = std::iter::once(match own {
                    1 => "1 line (left out)".to_string(),
                    n => format!("{n} lines (left out)"),
                })
                .chain(kept)
                .collect();
            }
        }
    }

    let mut changes = super::history::changes_since(db, since, args.redact, &quiet)?;
    changes.gaps_in_words();
    let changes = super::history::change_rows(&changes);

    let asked = env
        .today()
        .checked_sub_days(Days::new(u64::from(figures::DEFAULT_DAYS)))
        .unwrap_or(env.today())
        .min(local_day(since));
    let (trends, checkins) = super::trends::gather(db, &real, asked, None, env)?;
    let moods = figures::moods(&checkins, &real, &trends.buckets, local_day);
    let moods_svg = moods
        .iter()
        .any(Option::is_some)
        .then(|| trends_view::svg_moods(&trends, &moods));
    let rhythms: Vec<(String, String)> = trends_view::rhythms_kept(&trends.supporters)
        .into_iter()
        .map(|(name, kept)| {
            let name = if args.redact {
                initials(name)
            } else {
                name.to_string()
            };
            (name, kept)
        })
        .collect();

    let html = view::html(&Report {
        me: &me,
        now: env.now,
        today: env.today(),
        milestone,
        since: since_words,
        map_svg: &map_svg,
        summary: &summary,
        gaps: &open,
        card: &card,
        plan: &plan,
        changes: &changes,
        trends_header: &trends_view::header(&trends),
        checkins_svg: &trends_view::svg_checkins(&trends),
        week_running: trends.buckets.last().is_some_and(|b| b.running),
        moods_svg: moods_svg.as_deref(),
        rhythms: &rhythms,
        redacted: args.redact,
    });
    match &args.out {
        Some(file) => {
            if write_file(file, &html, args.force, &[&loc.path])? {
                env.out
                    .note(&format!("Wrote the session report to {}.", file.display()));
            }
            Ok(())
        }
        None => env.out.print_document(&html),
    }
}

/// "Changes since your last review on 2026-11-01 (3 weeks ago)".
fn last_review_words(day: NaiveDate, today: NaiveDate) -> String {
    format!(
        "Changes since your last review on {day} ({})",
        days_ago(day, today)
    )
}
