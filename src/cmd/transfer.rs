//! `supportmap export` and `supportmap import`: the map out to a file and back.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};

use super::{Env, may_write};
use crate::cli::{CsvWhat, DataExportArgs, DataFormat, ImportArgs, ImportFormat};
use crate::db::{self, Db, Location, transfer::Outcome};
use crate::domain::records::{
    self, CheckinRecord, MapRecords, RawSupporter, SupporterRecord, redact_checkin, redact_profile,
};
use crate::domain::{Category, Supporter, checkin};
use crate::error::Failure;
use crate::files;
use crate::format::{csv, ics, json, sealed, vcard};
use crate::prompt::{self, Answer};
use crate::render::time::local_day;

pub fn export(loc: &Location, args: &DataExportArgs, env: &Env) -> Result<()> {
    let format = args.format();
    // An encrypted map's export is sealed with its passphrase, unless asked for plainly.
    let sealed = crate::db::key::is_encrypted(&loc.path) && !args.plain;
    let to_stdout = args.out.as_deref().is_none_or(|p| p.as_os_str() == "-");
    if sealed && to_stdout && std::io::stdout().is_terminal() {
        return Err(Failure::usage(
            "the map is encrypted, so its export is sealed too, and that is not for a terminal to show",
        )
        .hint("give --out FILE (for example --out map.json.age), or add --plain to see it readable")
        .into());
    }
    let only = |flag: &str, wanted: &str| -> Result<()> {
        Err(
            Failure::usage(format!("{flag} is only for --format {wanted}"))
                .hint(format!("add --format {wanted}, or leave out {flag}"))
                .into(),
        )
    };
    if args.what.is_some() && format != DataFormat::Csv {
        return only("--what", "csv");
    }
    if (args.crisis || args.vcard_version.is_some()) && format != DataFormat::Vcard {
        return only(
            if args.crisis {
                "--crisis"
            } else {
                "--vcard-version"
            },
            "vcard",
        );
    }
    let found = super::existing(loc, env)?;
    let passphrase = match sealed {
        true => Some(crate::db::key::current().ok_or_else(|| {
            anyhow::anyhow!("the map's passphrase was not read; nothing was exported")
        })?),
        false => None,
    };
    let mut map = match &found {
        Some(db) => db::transfer::map_records(db.conn())?,
        None => MapRecords::default(),
    };
    if args.redact {
        map = map.redacted();
    }
    let mut checkins = 0usize;
    let mut write_plain = |out: &mut dyn Write| -> Result<()> {
        let each = &mut |sink: &mut dyn FnMut(&CheckinRecord) -> Result<()>| -> Result<()> {
            let Some(db) = &found else { return Ok(()) };
            db::transfer::each_checkin(db.conn(), &mut |record| {
                checkins += 1;
                if args.redact {
                    let mut record = record.clone();
                    redact_checkin(&mut record);
                    sink(&record)
                } else {
                    sink(record)
                }
            })
        };
        match format {
            DataFormat::Json => {
                let meta = json::Meta {
                    schema_version: db::LATEST_VERSION,
                    exported_at: env.now,
                    redacted: args.redact,
                };
                json::write(out, &meta, &map, each)
            }
            DataFormat::Csv => match args.what.unwrap_or(CsvWhat::Supporters) {
                CsvWhat::Supporters => csv::write_supporters(out, &map.supporters),
                CsvWhat::Checkins => {
                    let mut rows = csv::CheckinRows::new(out)?;
                    each(&mut |record| rows.row(record))?;
                    rows.finish()
                }
            },
            DataFormat::Vcard => {
                let version = match args.vcard_version {
                    Some(4) => vcard::Version::V4,
                    _ => vcard::Version::V3,
                };
                let people = if args.crisis {
                    crisis_contacts(&map.supporters)
                } else {
                    map.supporters.clone()
                };
                Ok(out.write_all(vcard::write(&people, version).as_bytes())?)
            }
            DataFormat::Ics => {
                let reminders = match &found {
                    Some(db) => reminders(db, args.redact, env)?,
                    None => Vec::new(),
                };
                Ok(out.write_all(ics::write(&reminders, env.now).as_bytes())?)
            }
        }
    };
    let mut write = |out: &mut dyn Write| -> Result<()> {
        match &passphrase {
            Some(passphrase) => sealed::sealed_with(out, passphrase, &mut write_plain),
            None => write_plain(out),
        }
    };
    match args.out.as_deref().filter(|p| p.as_os_str() != "-") {
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush().context("could not write output")?;
            Ok(())
        }
        Some(path) => {
            let Some(replace) = may_write(path, args.force, &[loc.path.as_path()])? else {
                return Ok(());
            };
            files::write_atomic_with(path, replace, |file, _| {
                let mut out = BufWriter::new(file);
                write(&mut out)?;
                out.flush().map_err(|e| files::failed(path, e))
            })?;
            let what = match (format, args.what) {
                (DataFormat::Csv, Some(CsvWhat::Checkins)) => plural(checkins, "check-in"),
                (DataFormat::Json, _) => format!(
                    "{} and {}",
                    plural(map.supporters.len(), "supporter"),
                    plural(checkins, "check-in")
                ),
                (DataFormat::Ics, _) => "the rhythm reminders".to_string(),
                (DataFormat::Vcard, _) if args.crisis => "the crisis contacts".to_string(),
                _ => plural(map.supporters.len(), "supporter"),
            };
            let shown = path.display();
            if sealed {
                let name = crate::domain::names::shell_arg(&path.to_string_lossy());
                let inner =
                    crate::domain::names::shell_arg(&sealed::inner_name(path).to_string_lossy());
                let inner = if inner == name {
                    format!("{inner}.plain")
                } else {
                    inner
                };
                return env.out.say(&format!(
                    "Exported {what}{} to {shown}, encrypted with the map's passphrase (private to you).\n\
                     supportmap import reads it back; the age tool opens it too: age -d -o {inner} {name}",
                    if args.redact { ", redacted" } else { "" },
                ));
            }
            env.out.say(&format!(
                "Exported {what}{} to {shown} (private to you).",
                if args.redact { ", redacted" } else { "" },
            ))
        }
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The active crisis contacts, in the order to call them (as the crisis card lists them).
fn crisis_contacts(records: &[SupporterRecord]) -> Vec<SupporterRecord> {
    let mut people: Vec<&SupporterRecord> = records
        .iter()
        .filter(|r| r.profile.is_crisis() && r.profile.status == crate::domain::Status::Active)
        .collect();
    people.sort_by_key(|r| {
        crate::domain::plan::crisis_rank(&Supporter {
            id: 0,
            profile: r.profile.clone(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    });
    people.into_iter().cloned().collect()
}

/// A reminder on each active supporter's next due day (today when it has passed), and
/// one for the safety plan's next review.
fn reminders(db: &Db, redact: bool, env: &Env) -> Result<Vec<ics::Reminder>> {
    let today = env.today();
    let uids = db::transfer::supporter_uids(db.conn())?;
    let last = db::checkins::last_contacts(db.conn())?;
    let mut out = Vec::new();
    for mut s in db::supporters::all(db.conn())? {
        let Some(due) = checkin::next_due(&s, last.get(&s.id).copied(), local_day) else {
            continue;
        };
        let Some(every) = s.profile.every else {
            continue;
        };
        if redact {
            redact_profile(&mut s.profile);
        }
        let mut description = vec![format!("Your rhythm with {}: {every}.", s.profile.name)];
        description.push(match last.get(&s.id) {
            Some(at) => format!("Last in touch: {}.", local_day(*at)),
            None => "Not in touch yet since they were added.".to_string(),
        });
        if let Some(phone) = &s.profile.phone {
            description.push(format!("Phone: {phone}"));
        }
        // Plain, never with --db PATH: a calendar is shared more widely than a terminal.
        description.push(format!(
            "Log it with: supportmap checkin {}",
            crate::domain::names::shell_word(&s.profile.name)
        ));
        out.push(ics::Reminder {
            uid: format!(
                "rhythm-{}@supportmap",
                uids.get(&s.id).map_or("unknown", String::as_str)
            ),
            day: due.max(today),
            summary: format!("Due for a check-in: {}", s.profile.name),
            description: Some(description.join("\n")),
        });
    }
    if let Some(due) = db::plan::load(db.conn())?.review_due() {
        out.push(ics::Reminder {
            uid: "plan-review@supportmap".to_string(),
            day: due.max(today),
            summary: "Look over your safety plan".to_string(),
            description: Some(
                "A few minutes with your safety plan keeps it yours: supportmap plan, then \
                 supportmap plan review."
                    .to_string(),
            ),
        });
    }
    out.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.summary.cmp(&b.summary)));
    Ok(out)
}

pub fn import(loc: &Location, args: &ImportArgs, env: &Env) -> Result<()> {
    if read_as_it_comes(args) {
        return import_json_file(loc, args, env);
    }
    let input = read_input(loc, &args.file)?;
    let format = args
        .format
        .unwrap_or_else(|| guess(&sealed::inner_name(&args.file), &input));
    if args.category.is_some() && format != ImportFormat::Vcard {
        return Err(Failure::usage("--category is only for vCard files")
            .hint("JSON and CSV files give each person's category themselves")
            .into());
    }
    let named = |e: json::ReadError| -> anyhow::Error {
        Failure::usage(format!("{}: {e}", args.file.display()))
            .hint("nothing was imported and the map was left as it was; fix that in the file and import it again")
            .into()
    };
    let (map, checkins, update) = match format {
        ImportFormat::Json => {
            let doc = json::read(&input, env.today(), env.now).map_err(named)?;
            if doc.meta.redacted {
                return Err(Failure::usage(format!(
                    "{} is a redacted export: names are initials and contact details are left out",
                    args.file.display()
                ))
                .hint("import an export made without --redact")
                .into());
            }
            (doc.map, doc.checkins, true)
        }
        ImportFormat::Csv => {
            let supporters = csv::read_supporters(&input, env.today(), env.now).map_err(named)?;
            let map = MapRecords {
                supporters,
                ..MapRecords::default()
            };
            (map, Vec::new(), true)
        }
        ImportFormat::Vcard => {
            let supporters = from_cards(&input, args, loc, env)?;
            let map = MapRecords {
                supporters,
                ..MapRecords::default()
            };
            // A phone's card never overwrites what the user has said about someone.
            (map, Vec::new(), false)
        }
    };
    let file = args.file.display().to_string();
    let merge =
        |tx: &rusqlite::Transaction| db::transfer::merge(tx, &file, &map, &checkins, update);
    let outcome = merge_in(loc, args, env, merge)?;
    report(&outcome, args, loc, env)
}

/// Runs an import's merge in one transaction: rolled back for `--dry-run` (against an
/// empty scratch map when there is none yet), saved and recorded otherwise.
fn merge_in(
    loc: &Location,
    args: &ImportArgs,
    env: &Env,
    merge: impl FnOnce(&rusqlite::Transaction) -> Result<Outcome>,
) -> Result<Outcome> {
    if args.dry_run {
        match present(loc, env)? {
            Some(mut db) => db.try_out(merge),
            None => Db::scratch()?.try_out(merge),
        }
    } else {
        let mut db = super::open_for_write(loc, env)?;
        db.write(merge)
    }
}

/// A JSON file named as such (by `--format json` or its `.json` extension) is read as
/// it comes rather than whole: an export of a long history imports in flat memory.
fn read_as_it_comes(args: &ImportArgs) -> bool {
    let json_named = sealed::inner_name(&args.file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    args.file.as_os_str() != "-"
        && args.category.is_none()
        && match args.format {
            Some(format) => format == ImportFormat::Json,
            None => json_named,
        }
}

/// `import` of a JSON export read as it comes: the supporters are merged when the
/// check-ins begin, each check-in as it is read, and the rest of the map at the end, all
/// in one transaction, so a bad record anywhere still leaves the map as it was.
fn import_json_file(loc: &Location, args: &ImportArgs, env: &Env) -> Result<()> {
    let path = &args.file;
    let mut input = open_import(loc, path)?;
    let start = input.fill_buf().map_err(|e| unreadable(path, &e))?;
    if start.starts_with(b"SQLite format 3\0") {
        return Err(a_database(path));
    }
    // A byte-order mark, as some editors write, is not part of the text.
    if start.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    let name = path.display().to_string();
    let named = |e: anyhow::Error| -> anyhow::Error {
        match e.downcast::<json::ReadError>() {
            Ok(e) if e.message == sealed::DAMAGED => {
                unreadable(path, &std::io::Error::other(sealed::DAMAGED))
            }
            Ok(e) => Failure::usage(format!("{name}: {e}"))
                .hint("nothing was imported and the map was left as it was; fix that in the file and import it again")
                .into(),
            Err(e) => e,
        }
    };
    let redacted = || -> anyhow::Error {
        Failure::usage(format!(
            "{} is a redacted export: names are initials and contact details are left out",
            path.display()
        ))
        .hint("import an export made without --redact")
        .into()
    };
    let merge = |tx: &rusqlite::Transaction| -> Result<Outcome> {
        let merge = std::cell::RefCell::new(db::transfer::Merge::new(tx, &name, true));
        let (meta, map) = json::read_each(
            input,
            env.today(),
            env.now,
            &mut |meta, map| {
                if meta.redacted {
                    return Err(redacted());
                }
                merge.borrow_mut().supporters(&map.supporters)
            },
            &mut |i, record| merge.borrow_mut().checkin(i, record),
        )
        .map_err(named)?;
        if meta.redacted {
            return Err(redacted());
        }
        merge.into_inner().finish(&map)
    };
    let outcome = merge_in(loc, args, env, merge)?;
    report(&outcome, args, loc, env)
}

/// What an import did (or would do), as JSON or a sentence.
fn report(outcome: &Outcome, args: &ImportArgs, loc: &Location, env: &Env) -> Result<()> {
    if env.out.json {
        return env.out.print_json(&serde_json::json!({
            "dry_run": args.dry_run,
            "outcome": outcome,
        }));
    }
    let mut text = summary(outcome, args.dry_run, env);
    // What was sealed in the file is not sealed in a plain map.
    if !args.dry_run && is_sealed_file(&args.file) && !crate::db::key::is_encrypted(&loc.path) {
        text.push_str(&format!(
            "\n{} was encrypted; the map is not. To encrypt the map as well: {}",
            args.file.display(),
            env.command("supportmap encrypt")
        ));
    }
    env.out.say(&text)
}

/// True when the file at `path` (not standard input) is an encrypted export.
fn is_sealed_file(path: &Path) -> bool {
    let mut start = [0u8; 40];
    path.as_os_str() != "-"
        && std::fs::File::open(path)
            .and_then(|mut f| f.read(&mut start))
            .is_ok_and(|n| sealed::is_sealed(&start[..n]))
}

/// "Added 3 supporters and 120 check-ins; updated 1 supporter; 2 were already here."
fn summary(o: &Outcome, dry_run: bool, env: &Env) -> String {
    let kinds = [
        (o.supporters, "supporter"),
        (o.checkins, "check-in"),
        (o.plan_lines, "plan line"),
        (o.plan_reviews, "plan review"),
        (o.dismissed_gaps, "dismissed gap"),
        (o.settings, "setting"),
        (o.reviews, "review"),
    ];
    let list = |pick: fn(&db::transfer::Counts) -> usize| -> Vec<String> {
        kinds
            .iter()
            .filter(|(c, _)| pick(c) > 0)
            .map(|(c, what)| plural(pick(c), what))
            .collect()
    };
    let join = |items: Vec<String>| crate::domain::names::sentence(&items);
    let added = list(|c| c.added);
    let updated = list(|c| c.updated);
    let left: usize = kinds.iter().map(|(c, _)| c.unchanged).sum();
    let mut parts = Vec::new();
    let (add, update, leave) = if dry_run {
        ("Would add", "would update", "would leave")
    } else {
        ("Added", "updated", "left")
    };
    if added.is_empty() && updated.is_empty() {
        parts.push(if dry_run {
            "Nothing would be added or updated".to_string()
        } else {
            "Nothing added or updated".to_string()
        });
    } else {
        if !added.is_empty() {
            parts.push(format!("{add} {}", join(added)));
        }
        if !updated.is_empty() {
            let verb = if parts.is_empty() {
                capitalise(update)
            } else {
                update.to_string()
            };
            parts.push(format!("{verb} {} (newer in the file)", join(updated)));
        }
        if left > 0 {
            parts.push(format!("{leave} {left} as they were"));
        }
    }
    let mut text = format!("{}.", parts.join("; "));
    if o.kept_from_map > 0 {
        text.push_str(&format!(
            "\n{} kept as the map has them (the map's copy is newer than the file's, or \
             the file does not say when it was changed).",
            capitalise(&plural(o.kept_from_map, "supporter")),
        ));
    }
    if dry_run {
        text.push_str("\nNothing was changed (--dry-run).");
    } else if o.supporters.added + o.checkins.added + o.plan_lines.added + o.supporters.updated > 0
    {
        text.push_str(&format!(
            "\nTo take the whole import back: {}",
            env.command("supportmap undo")
        ));
    }
    text
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The map when there is one, even at a path the user named that has none yet (an
/// import starts a new map there).
fn present(loc: &Location, env: &Env) -> Result<Option<Db>> {
    if db::file_kind(&loc.path)?.is_none() {
        return Ok(None);
    }
    super::existing(loc, env)
}

/// The largest file `import` reads: far beyond any one person's map (an export with a
/// million check-ins is under 200 MB), and small enough to refuse a mistake such as
/// `/dev/zero` long before memory runs out.
const MAX_IMPORT_BYTES: u64 = 512 * 1024 * 1024;

/// The whole file (or standard input for `-`) as text, unsealed if it is an encrypted
/// export.
fn read_input(loc: &Location, path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    open_import(loc, path)?
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(path, &e))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(Failure::usage(format!(
            "{} is larger than supportmap imports ({} MB)",
            shown(path),
            MAX_IMPORT_BYTES / 1024 / 1024
        ))
        .hint("check that it is the file you meant; a supportmap export is far smaller")
        .into());
    }
    if bytes.starts_with(b"SQLite format 3\0") {
        return Err(a_database(path));
    }
    // A byte-order mark, as some editors write, is not part of the text.
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).or_else(|e| {
        // vCard 2.1 from older phones may be Latin-1; everything else must be UTF-8.
        let bytes = e.into_bytes();
        if is_vcard(&String::from_utf8_lossy(&bytes)) {
            Ok(bytes.iter().map(|&b| char::from(b)).collect())
        } else {
            Err(Failure::usage(format!("{} is not UTF-8 text", shown(path)))
                .hint("save it as UTF-8 (a spreadsheet's \"CSV UTF-8\"), then import it again")
                .into())
        }
    })
}

/// "standard input" for `-`, else the path.
fn shown(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// The file to import (standard input for `-`), to be read as it comes; an encrypted
/// export is opened with the map's passphrase when the map is encrypted, else with the
/// passphrase file, else with a passphrase asked on a terminal.
fn open_import(loc: &Location, path: &Path) -> Result<Box<dyn BufRead>> {
    let stdin = path.as_os_str() == "-";
    let mut input: Box<dyn BufRead> = if stdin {
        Box::new(BufReader::with_capacity(64 * 1024, std::io::stdin()))
    } else {
        Box::new(open_input(path)?)
    };
    let start = input.fill_buf().map_err(|e| unreadable(path, &e))?;
    if !sealed::is_sealed(start) {
        if sealed::inner_name(path) != path {
            return Err(Failure::usage(format!(
                "{} is named as an encrypted export (.age), but it is not one",
                path.display()
            ))
            .hint("an encrypted export begins with \"age-encryption.org\"; check that this is the file you meant")
            .into());
        }
        return Ok(input);
    }
    if !crate::db::key::BUILT_IN {
        return Err(sealed::open_failed(
            path,
            sealed::OpenError::Unreadable("this supportmap was built without encryption".into()),
        ));
    }
    let map_encrypted = crate::db::key::is_encrypted(&loc.path);
    let first = if map_encrypted {
        crate::db::key::for_map(&loc.path)?
    } else {
        export_passphrase(path)?
    };
    match sealed::open(input, &first) {
        Ok(reader) => Ok(reader),
        // Sealed under another passphrase than the map's: the file's own, asked for.
        Err(sealed::OpenError::WrongPassphrase)
            if map_encrypted && !stdin && prompt::can_prompt() =>
        {
            let again = crate::db::key::ask(&format!(
                "That is not the map's passphrase. Passphrase for {}: ",
                path.display()
            ))?;
            sealed::open(open_input(path)?, &again).map_err(|e| sealed::open_failed(path, e))
        }
        Err(sealed::OpenError::WrongPassphrase) if map_encrypted => Err(Failure::usage(format!(
            "the map's passphrase does not open {}",
            shown(path)
        ))
        .hint(format!(
            "it was exported under another passphrase: import it on a terminal, where supportmap asks for that one, or open it first with age -d -o plain.json {}",
            crate::domain::names::shell_arg(&path.to_string_lossy())
        ))
        .into()),
        Err(e) => Err(sealed::open_failed(path, e)),
    }
}

/// The passphrase an encrypted export was sealed with, into a plain map: from the
/// passphrase file, else asked on a terminal.
fn export_passphrase(path: &Path) -> Result<String> {
    if let Some(file) = crate::db::key::source() {
        return crate::db::key::read_passphrase_file(&file);
    }
    if path.as_os_str() != "-" && prompt::can_prompt() {
        return crate::db::key::ask(&format!("Passphrase for {}: ", path.display()));
    }
    Err(Failure::usage(format!(
        "{} is an encrypted export, and supportmap needs its passphrase",
        shown(path)
    ))
    .hint("on a terminal it asks; from a script, give --passphrase-file FILE (a file only you can read)")
    .into())
}

/// The file to import, opened for reading: a regular file that exists.
fn open_input(path: &Path) -> Result<BufReader<std::fs::File>> {
    match db::file_kind(path) {
        Ok(Some(_)) => {}
        Ok(None) => {
            return Err(Failure::usage(format!("{} does not exist", path.display()))
                .hint("check the path and the file's name")
                .into());
        }
        Err(_) => {
            return Err(
                Failure::usage(format!("{} is not a regular file", path.display()))
                    .hint("give the path of the file to import (or - for standard input)")
                    .into(),
            );
        }
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    Ok(BufReader::with_capacity(64 * 1024, file))
}

fn unreadable(path: &Path, e: &std::io::Error) -> anyhow::Error {
    let hint = if e.to_string() == sealed::DAMAGED {
        "export it again from the map it came from; nothing was imported"
    } else {
        "check that the file is yours to read"
    };
    Failure::usage(format!("could not read {}: {e}", shown(path)))
        .hint(hint)
        .into()
}

/// A database given to `import`: a backup goes back with `restore`.
fn a_database(path: &Path) -> anyhow::Error {
    Failure::usage(format!(
        "{} is a database (a supportmap backup, or another map), not an export",
        path.display()
    ))
    .hint(format!(
        "to put a backup in place of the map: supportmap restore {}",
        crate::domain::names::shell_arg(&path.to_string_lossy())
    ))
    .into()
}

fn is_vcard(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .get(..11)
        .is_some_and(|start| start.eq_ignore_ascii_case("BEGIN:VCARD"))
}

/// The format a file's extension names, else the one its start looks like.
fn guess(path: &Path, input: &str) -> ImportFormat {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match extension.as_deref() {
        Some("json") => ImportFormat::Json,
        Some("csv") => ImportFormat::Csv,
        Some("vcf" | "vcard") => ImportFormat::Vcard,
        _ if input
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{') =>
        {
            ImportFormat::Json
        }
        _ if is_vcard(input) => ImportFormat::Vcard,
        _ => ImportFormat::Csv,
    }
}

/// People from a phone's cards, each with a category: `--category` for everyone, or a
/// question per person on a terminal. Someone already in the map (by the card's id or
/// by name) is not asked about.
fn from_cards(
    input: &str,
    args: &ImportArgs,
    loc: &Location,
    env: &Env,
) -> Result<Vec<SupporterRecord>> {
    let cards = vcard::read(input).map_err(|e| {
        Failure::usage(format!(
            "{}: {}",
            args.file.display(),
            if e.index == 0 {
                e.message.clone()
            } else {
                format!("card {}: {}", e.index, e.message)
            }
        ))
        .hint("nothing was imported and the map was left as it was")
    })?;
    let known: HashMap<String, ()> = match present(loc, env)? {
        Some(db) => db::supporters::names(db.conn())?
            .into_iter()
            .map(|(_, name)| (crate::domain::supporter::name_key(&name), ()))
            .collect(),
        None => HashMap::new(),
    };
    let anyone_new = cards
        .iter()
        .any(|c| !known.contains_key(&crate::domain::supporter::name_key(c.name.trim())));
    let ask = args.category.is_none() && anyone_new;
    if ask && !prompt::can_prompt() {
        return Err(Failure::usage("every imported person needs a category")
            .hint(format!(
                "give one for everyone in the file, such as: {}",
                env.command(&format!(
                    "supportmap import {} --category friend",
                    crate::domain::names::shell_arg(&args.file.to_string_lossy())
                ))
            ))
            .into());
    }
    let mut records = Vec::new();
    let mut seen = HashMap::new();
    for (i, card) in cards.iter().enumerate() {
        let place = |field: &str, message: String| -> anyhow::Error {
            Failure::usage(format!(
                "{}: card {} ({}), {field}: {message}",
                args.file.display(),
                i + 1,
                crate::domain::text::visible(&card.name)
            ))
            .hint("nothing was imported and the map was left as it was; fix that card, or leave it out of the file")
            .into()
        };
        let key = crate::domain::supporter::name_key(card.name.trim());
        if seen.insert(key.clone(), i).is_some() {
            // The same person twice in one file (a phone's duplicate): the first card counts.
            continue;
        }
        let category = match args.category {
            Some(category) => category,
            None if known.contains_key(&key) => Category::Friend,
            None => match super::questions::ask_category(
                &format!("Category for {}", crate::domain::text::visible(&card.name)),
                Category::Friend,
            )? {
                Answer::Given(category) => category,
                Answer::Back => prompt::cancel(),
            },
        };
        let raw = RawSupporter {
            name: card.name.clone(),
            category: category.as_str().to_string(),
            phone: card.phone.clone(),
            email: card.email.clone(),
            note: card.note.clone(),
            ..RawSupporter::default()
        };
        let profile = raw
            .check(env.today())
            .map_err(|e| place(e.field, e.message))?;
        records.push(SupporterRecord {
            uid: card_uid(card.uid.as_deref()),
            profile,
            created_at: env.now,
            updated_at: env.now,
            undated: true,
        });
    }
    Ok(records)
}

/// The stable id of a card: its own UID when that is a UUID, otherwise a UUID made from
/// it (the same every time), so importing the same file twice adds nobody. A card with no
/// UID gets a new id, and is matched by name.
fn card_uid(uid: Option<&str>) -> String {
    match uid.map(str::trim).filter(|u| !u.is_empty()) {
        Some(uid) => records::uid("id", uid).unwrap_or_else(|_| {
            uuid::Uuid::new_v5(
                &uuid::Uuid::NAMESPACE_URL,
                format!("vcard-uid:{uid}").as_bytes(),
            )
            .to_string()
        }),
        None => uuid::Uuid::new_v4().to_string(),
    }
}
