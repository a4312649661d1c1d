//! `supportmap map`: the network in circles, in the terminal or as a picture.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;

use super::{Env, note_no_database, write_file};
use crate::cli::{MapArgs, MapBy, MapFormat};
use crate::db::{self, Db};
use crate::domain::Category;
use crate::domain::compare::{self, Compare};
use crate::domain::settings::{Key, Settings};
use crate::domain::text::Shape;
use crate::domain::when::Anchor;
use crate::error::Failure;
use crate::render::map::{self as view, MapInput};

pub fn run(db: Option<&Db>, path: &Path, args: &MapArgs, env: &Env) -> Result<()> {
    let given = args
        .me
        .as_deref()
        .map(|me| super::required_text("--me", me, Shape::Line))
        .transpose()?;
    let (supporters, last, settings, set_aside) = match db {
        Some(db) => (
            db::supporters::all(db.conn())?,
            db::checkins::last_contacts(db.conn())?,
            db::settings::load(db.conn())?,
            set_aside(db, env)?,
        ),
        None => {
            note_no_database(path, env);
            (Vec::new(), HashMap::new(), Settings::default(), Vec::new())
        }
    };
    let me = given.as_deref().or(settings.get(Key::Name)).unwrap_or("me");
    let format = match (env.out.json, args.format) {
        (true, Some(other)) if other != MapFormat::Json => {
            return Err(Failure::usage(format!(
                "--json and --format {} ask for different things",
                format!("{other:?}").to_lowercase()
            ))
            .hint("--json is the same as --format json; choose one")
            .into());
        }
        (true, _) => MapFormat::Json,
        (false, _) => args.format(),
    };
    if args.by.is_some() && format != MapFormat::Text {
        return Err(Failure::usage(format!(
            "--by is for the text map; the {} map shows circles and categories together",
            format!("{format:?}").to_lowercase()
        ))
        .hint("leave out --by, or use the text map: supportmap map --by category")
        .into());
    }
    if args.compare.is_some() && !matches!(format, MapFormat::Svg | MapFormat::Json) {
        return Err(Failure::usage(format!(
            "--compare marks the SVG map and JSON; the {} map does not show it",
            format!("{format:?}").to_lowercase()
        ))
        .hint("add --format svg (or --out FILE.svg); `supportmap changes --since WHEN` lists the same changes in words")
        .into());
    }
    let compare = match (&args.compare, db) {
        (Some(typed), Some(db)) => Some(compare_with(db, &supporters, typed, env)?),
        (Some(typed), None) => {
            // Checked all the same, so a typo is not hidden by the empty map.
            super::history::past_moment_in("--compare", typed, Anchor::Start, None, env)?;
            None
        }
        (None, _) => None,
    };
    let input = MapInput {
        supporters: &supporters,
        last: &last,
        now: env.now,
        me,
        set_aside: &set_aside,
        compare: compare.as_ref(),
    };
    let text = render(&input, format, args.by.unwrap_or(MapBy::Circle), env)?;
    match &args.out {
        Some(file) => {
            if write_file(file, &text, args.force, &[path])? {
                env.out
                    .note(&format!("Wrote the map to {}.", file.display()));
            }
            Ok(())
        }
        None if format == MapFormat::Text => env.out.print(&text),
        None => env.out.print_document(&text),
    }
}

/// Who is new, who moved and who left between `typed` (a date, a span back or
/// last-review) and now; shared with the session report.
pub(super) fn compare_with(
    db: &Db,
    now: &[crate::domain::Supporter],
    typed: &str,
    env: &Env,
) -> Result<Compare> {
    let at = super::history::past_moment_in("--compare", typed, Anchor::Start, Some(db), env)?;
    compare_at(db, now, at, env)
}

/// [`compare_with`] for a moment already known.
pub(super) fn compare_at(
    db: &Db,
    now: &[crate::domain::Supporter],
    at: chrono::DateTime<chrono::Utc>,
    env: &Env,
) -> Result<Compare> {
    let then = super::history::look_back(db, at, env, false)?;
    let before = db::supporters::all(then.conn())?;
    Ok(compare::compare(
        &before,
        now,
        chrono::SubsecRound::trunc_subsecs(at, 0),
    ))
}

/// The categories whose "missing" gap the user dismissed or snoozed (in force now).
pub(super) fn set_aside(db: &Db, env: &Env) -> Result<Vec<Category>> {
    let mut out = Vec::new();
    for (id, dismissal) in db::gaps::dismissals(db.conn())? {
        if !dismissal.in_force(env.now) {
            continue;
        }
        match id.strip_prefix("category-missing:") {
            Some("family-or-friend") => out.extend([Category::Family, Category::Friend]),
            Some(word) => out.extend(word.parse::<Category>().ok()),
            None => {}
        }
    }
    Ok(out)
}

/// The map in one format; shared with the demo.
pub(super) fn render(
    input: &MapInput<'_>,
    format: MapFormat,
    by: MapBy,
    env: &Env,
) -> Result<String> {
    Ok(match format {
        MapFormat::Text => view::text(input, by == MapBy::Category, &env.out),
        MapFormat::Svg => view::svg(input),
        MapFormat::Dot => view::dot(input),
        MapFormat::Mermaid => view::mermaid(input),
        MapFormat::Json => {
            let mut text = serde_json::to_string_pretty(&view::json(input))?;
            text.push('\n');
            text
        }
    })
}
