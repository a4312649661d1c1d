//! The map in and out: `export` (JSON, CSV, vCard, iCalendar), `import`, `backup` and
//! `restore`, and how many check-ins `checkin list` shows.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::Sandbox;
use serde::Deserialize;
use serde_json::Value;

const JO_PHONE: &str = "+44 7700 900123";
const JO_EMAIL: &str = "jo.marsh@example.org";
const JO_NOTE: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";
const SAM_PHONE: &str = "555-0102";
const SAM_NOTE: &str =
    "Big brother; calls every Sunday after dinner and always picks up when I need him";
const NA_CONTACT: &str = "Tue 7pm, St Anne's hall";
const PRIYA_EMAIL: &str = "priya.shah@example.org";
const PRIYA_REASON: &str = "taking space after the argument";
const SOLO_NOTE: &str = "Sat at the back\nleft before the end";
const PLAN_LINES: [&str; 3] = [
    "Walk the dog round the reservoir",
    "Call my sponsor before nine",
    "Skipping meals",
];
const DISMISS_REASON: &str = "not for me right now";

/// The fields of one supporter in a JSON export, in order: also the CSV's columns.
const SUPPORTER_FIELDS: [&str; 22] = [
    "id",
    "name",
    "kind",
    "category",
    "role",
    "circle",
    "tie",
    "mode",
    "gives",
    "phone",
    "email",
    "contact",
    "crisis_order",
    "available",
    "every_days",
    "status",
    "paused_reason",
    "since",
    "note",
    "tags",
    "created_at",
    "updated_at",
];

const CHECKIN_FIELDS: [&str; 10] = [
    "id",
    "batch",
    "supporter",
    "supporter_name",
    "at",
    "via",
    "initiated_by",
    "mood",
    "note",
    "created_at",
];

/// A map with something in every part an export carries: four supporters (one paused,
/// two crisis contacts, rhythms, tags, notes), a two-person check-in and a solo one, a plan
/// in two sections that has been reviewed, a dismissed and a snoozed gap, and settings.
fn rich_map(s: &Sandbox) {
    s.ok(&[
        "add",
        "Jo Marsh",
        "--category",
        "sponsor",
        "--gives",
        "accountability,advice",
        "--crisis-order",
        "1",
        "--phone",
        JO_PHONE,
        "--email",
        JO_EMAIL,
        "--note",
        JO_NOTE,
        "--tag",
        "home,aa",
        "--every",
        "1w",
        "--available",
        "24/7",
        "--circle",
        "inner",
        "--since",
        "2024-03-01",
    ]);
    s.ok(&[
        "add",
        "Sam Okoro",
        "--category",
        "family",
        "--role",
        "brother",
        "--phone",
        SAM_PHONE,
        "--crisis-order",
        "2",
        "--note",
        SAM_NOTE,
    ]);
    s.ok(&[
        "add",
        "Tuesday NA",
        "--kind",
        "group",
        "--category",
        "na",
        "--gives",
        "belonging",
        "--every",
        "weekly",
        "--contact",
        NA_CONTACT,
    ]);
    s.ok(&[
        "add",
        "Priya Shah",
        "--category",
        "friend",
        "--email",
        PRIYA_EMAIL,
        "--mode",
        "online",
    ]);
    s.ok(&["contacts", "pause", "priya", "--reason", PRIYA_REASON]);
    s.ok(&[
        "checkin", "jo", "sam", "--via", "meeting", "--at", "2h ago", "--mood", "7",
    ]);
    s.ok(&[
        "checkin", "--solo", "--via", "meeting", "--mood", "4", "--note", SOLO_NOTE,
    ]);
    s.ok(&["plan", "add", "coping", PLAN_LINES[0]]);
    s.ok(&["plan", "add", "coping", PLAN_LINES[1]]);
    s.ok(&["plan", "add", "warning-signs", PLAN_LINES[2]]);
    s.ok(&["plan", "review"]);
    s.ok(&[
        "gaps",
        "dismiss",
        "category-missing:spiritual",
        "--reason",
        DISMISS_REASON,
    ]);
    s.ok(&["gaps", "snooze", "crisis-few", "--for", "2w"]);
    s.ok(&["settings", "name", "Maya"]);
    s.ok(&["settings", "country", "GB"]);
}

fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn file_in(s: &Sandbox, name: &str) -> PathBuf {
    s.dir.path().join(name)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the file is there")
}

/// The map's file and its write-ahead log (none is the same as an empty one), byte by byte.
fn map_bytes(db: &Path) -> (Vec<u8>, Vec<u8>) {
    let wal = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
    (std::fs::read(db).unwrap(), wal)
}

/// The JSON export of `s`'s map.
fn export_json(s: &Sandbox) -> Value {
    serde_json::from_str(&s.ok(&["export"])).expect("the export is JSON")
}

/// Exports `s`'s map to `name` in its folder (the format from the extension).
fn export_to(s: &Sandbox, name: &str) -> PathBuf {
    let path = file_in(s, name);
    s.ok(&["export", "--out", text(&path)]);
    path
}

/// The export's text without its `exported_at` line (the one thing that differs between
/// two exports of the same map).
fn without_exported_at(export: &str) -> String {
    let kept: Vec<&str> = export
        .lines()
        .filter(|line| !line.trim_start().starts_with("\"exported_at\":"))
        .collect();
    assert_eq!(
        kept.len() + 1,
        export.lines().count(),
        "one exported_at line"
    );
    kept.join("\n")
}

/// Where the supporter named `name` is in the export's `supporters`.
fn position(doc: &Value, name: &str) -> usize {
    doc["supporters"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} is in the export"))
}

fn uid_of(doc: &Value, name: &str) -> String {
    doc["supporters"][position(doc, name)]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// An object's keys in the order the text has them (serde_json's `Value` sorts them).
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(Visit)
    }
}

#[derive(Deserialize)]
struct ExportKeys {
    supporters: Vec<Keys>,
    checkins: Vec<Keys>,
}

/// A calendar or vCard text: every line ends in CRLF and is at most 75 octets. Returns the
/// logical lines, continuation lines unfolded.
fn folded_lines(text: &str) -> Vec<String> {
    assert!(text.ends_with("\r\n"), "ends with CRLF: {text:?}");
    let body = &text[..text.len() - 2];
    let mut lines: Vec<String> = Vec::new();
    for line in body.split("\r\n") {
        assert!(!line.contains('\n'), "a bare LF in {line:?}");
        assert!(!line.contains('\r'), "a bare CR in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        match line.strip_prefix([' ', '\t']) {
            Some(rest) => lines.last_mut().expect("not the first line").push_str(rest),
            None => lines.push(line.to_string()),
        }
    }
    lines
}

/// The logical lines of each `BEGIN:{what}` … `END:{what}` block.
fn blocks(lines: &[String], what: &str) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in lines {
        if *line == format!("BEGIN:{what}") {
            current = Some(Vec::new());
        } else if *line == format!("END:{what}") {
            all.push(current.take().expect("END after BEGIN"));
        } else if let Some(block) = current.as_mut() {
            block.push(line.clone());
        }
    }
    assert!(current.is_none(), "every {what} is closed");
    all
}

/// A snapshot without SQLite's id counters: a write that changed nothing still uses up
/// an id for the history (ids are never reused), which no user sees.
fn without_id_counters(snapshot: &str) -> String {
    let mut kept = String::new();
    let mut skipping = false;
    for line in snapshot.lines() {
        if let Some(table) = line.strip_prefix("## ") {
            skipping = table == "sqlite_sequence";
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

/// Fails with only the rows that differ (each with its table) when the database changed.
fn assert_unchanged(before: &str, after: &str, what: &str) {
    if before == after {
        return;
    }
    let rows = |snapshot: &str| -> Vec<String> {
        let mut table = "";
        let mut rows = Vec::new();
        for line in snapshot.lines() {
            match line.strip_prefix("## ") {
                Some(name) => table = name,
                None => rows.push(format!("{table}: {line}")),
            }
        }
        rows
    };
    let (old, new) = (rows(before), rows(after));
    let gone: Vec<&String> = old.iter().filter(|r| !new.contains(r)).collect();
    let came: Vec<&String> = new.iter().filter(|r| !old.contains(r)).collect();
    panic!("{what} changed the database\n  rows before: {gone:#?}\n  rows after: {came:#?}");
}

/// The rows of a table `checkin list` prints (after its ruled line).
fn table_rows(out: &str) -> Vec<&str> {
    out.lines()
        .skip_while(|line| !line.starts_with('─'))
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .collect()
}

#[test]
fn an_export_imported_into_an_empty_map_exports_the_same() {
    let s = Sandbox::new();
    rich_map(&s);
    let file = file_in(&s, "map.json");
    let out = s.ok(&["export", "--out", text(&file)]);
    assert_eq!(
        out,
        format!(
            "Exported 4 supporters and 3 check-ins to {} (private to you).\n",
            file.display()
        )
    );
    let original = read(&file);
    let doc: Value = serde_json::from_str(&original).unwrap();
    assert_eq!(doc["format"], "supportmap");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["redacted"], false);
    assert!(doc["schema_version"].as_i64().unwrap() >= 1);
    assert!(doc["exported_at"].as_str().unwrap().ends_with('Z'));
    // Everything the map holds is in the file.
    let jo = &doc["supporters"][position(&doc, "Jo Marsh")];
    assert_eq!(jo["phone"], JO_PHONE);
    assert_eq!(jo["note"], JO_NOTE);
    assert_eq!(jo["tags"], serde_json::json!(["aa", "home"]));
    assert_eq!(jo["crisis_order"], 1);
    assert_eq!(jo["every_days"], 7);
    let priya = &doc["supporters"][position(&doc, "Priya Shah")];
    assert_eq!(priya["status"], "paused");
    assert_eq!(priya["paused_reason"], PRIYA_REASON);
    let checkins = doc["checkins"].as_array().unwrap();
    assert_eq!(checkins.len(), 3);
    let together: Vec<&Value> = checkins
        .iter()
        .filter(|c| !c["supporter"].is_null())
        .collect();
    assert_eq!(together.len(), 2);
    assert_eq!(together[0]["batch"], together[1]["batch"]);
    let solo = checkins.iter().find(|c| c["supporter"].is_null()).unwrap();
    assert_eq!(solo["note"], SOLO_NOTE);
    assert_eq!(solo["mood"], 4);
    assert_eq!(doc["plan"]["lines"].as_array().unwrap().len(), 3);
    assert_eq!(doc["plan"]["reviews"].as_array().unwrap().len(), 1);
    let gaps = doc["dismissed_gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 2);
    assert!(
        gaps.iter()
            .any(|g| g["gap"] == "crisis-few" && g["until"].is_string())
    );
    assert!(
        gaps.iter()
            .any(|g| g["reason"] == DISMISS_REASON && g["until"].is_null())
    );
    assert_eq!(doc["settings"].as_array().unwrap().len(), 2);

    // A new map at another path, filled from the file.
    let other = file_in(&s, "other.db");
    let out = s.ok(&["--db", text(&other), "import", text(&file)]);
    assert_eq!(
        out,
        format!(
            "Added 4 supporters, 3 check-ins, 3 plan lines, 1 plan review, 2 dismissed gaps and 2 settings.\n\
             To take the whole import back: supportmap --db {} undo\n",
            other.display()
        )
    );
    let again = s.ok(&["--db", text(&other), "export"]);
    assert_eq!(without_exported_at(&again), without_exported_at(&original));
}

#[test]
fn importing_the_same_export_again_changes_nothing() {
    let a = Sandbox::new();
    rich_map(&a);
    let file = export_to(&a, "map.json");
    let b = Sandbox::new();
    b.ok(&["import", text(&file)]);
    let before = b.snapshot();
    let dry = b.ok(&["import", text(&file), "--dry-run"]);
    assert_eq!(
        dry,
        "Nothing would be added or updated.\n\
         Nothing was changed (--dry-run).\n"
    );
    assert_unchanged(&before, &b.snapshot(), "import --dry-run of the same file");
    let out = b.ok(&["import", text(&file)]);
    assert_eq!(out, "Nothing added or updated.\n");
    assert_unchanged(
        &without_id_counters(&before),
        &without_id_counters(&b.snapshot()),
        "importing the same file again",
    );

    // A dry run into a map with other people in it touches not one byte of the file.
    let c = Sandbox::new();
    c.ok(&["add", "Ana", "--category", "friend"]);
    let bytes = map_bytes(&c.db);
    let state = common::map_state(&c.db);
    let dry = c.ok(&["import", text(&file), "--dry-run"]);
    assert!(
        dry.starts_with(
            "Would add 4 supporters, 3 check-ins, 3 plan lines, 1 plan review, 2 dismissed gaps and 2 settings."
        ),
        "{dry}"
    );
    assert!(
        dry.ends_with("\nNothing was changed (--dry-run).\n"),
        "{dry}"
    );
    assert!(map_bytes(&c.db) == bytes, "the dry run changed the file");
    assert_eq!(c.list(&[]).len(), 1);

    // The real import is one change: undo takes all of it back.
    c.ok(&["import", text(&file)]);
    assert_eq!(c.list(&["--all"]).len(), 5);
    c.ok(&["undo", "--yes"]);
    assert_eq!(common::map_state(&c.db), state);
}

#[test]
fn importing_a_file_the_map_already_has_does_not_write_to_the_map() {
    let a = Sandbox::new();
    rich_map(&a);
    let file = export_to(&a, "map.json");
    let bytes = map_bytes(&a.db);
    let before = a.snapshot();
    let out = a.ok(&["import", text(&file)]);
    assert_eq!(out, "Nothing added or updated.\n");
    assert_unchanged(&before, &a.snapshot(), "importing what the map has");
    assert!(map_bytes(&a.db) == bytes, "the map's file was rewritten");
}

#[test]
fn the_newer_copy_of_a_supporter_wins_a_merge() {
    let origin = Sandbox::new();
    rich_map(&origin);
    // Both maps start from the same file, written a while ago.
    let mut doc = export_json(&origin);
    for supporter in doc["supporters"].as_array_mut().unwrap() {
        supporter["created_at"] = "2025-06-01T10:00:00Z".into();
        supporter["updated_at"] = "2025-06-01T10:00:00Z".into();
    }
    let old = file_in(&origin, "old.json");
    std::fs::write(&old, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let a = Sandbox::new();
    let b = Sandbox::new();
    a.ok(&["import", text(&old)]);
    b.ok(&["import", text(&old)]);

    // Jo's number changes in B; Sam's note changes in A.
    b.ok(&["contacts", "edit", "jo", "--phone", "555-0199"]);
    a.ok(&["contacts", "edit", "sam", "--note", "moved to Leeds"]);
    let from_b = export_to(&b, "b.json");
    let out = a.ok(&["import", text(&from_b)]);
    assert_eq!(
        out,
        "Updated 1 supporter (newer in the file); left 14 as they were.\n\
         1 supporter kept as the map has them (the map's copy is newer than the file's, or \
         the file does not say when it was changed).\n\
         To take the whole import back: supportmap undo\n"
    );
    assert_eq!(a.supporter("jo").phone.as_deref(), Some("555-0199"));
    assert_eq!(
        a.supporter("sam").note.as_deref(),
        Some("moved to Leeds"),
        "B's older Sam did not overwrite A's newer edit"
    );

    // The old file again: every copy in it is older, so nothing changes.
    let before = a.snapshot();
    let out = a.ok(&["import", text(&old)]);
    assert_eq!(
        out,
        "Nothing added or updated.\n\
         2 supporters kept as the map has them (the map's copy is newer than the file's, or \
         the file does not say when it was changed).\n"
    );
    assert_unchanged(
        &without_id_counters(&before),
        &without_id_counters(&a.snapshot()),
        "importing the older file again",
    );
    assert_eq!(a.supporter("jo").phone.as_deref(), Some("555-0199"));
}

#[test]
fn bad_records_refuse_the_whole_file_and_leave_the_map_as_it_was() {
    let s = Sandbox::new();
    rich_map(&s);
    let mut good = export_json(&s);
    // A new, valid supporter first: a file refused later must not have added it.
    let mut newcomer = good["supporters"][0].clone();
    newcomer["id"] = "0d7c9a52-8f0e-4b8e-9f3a-5a1b2c3d4e5f".into();
    newcomer["name"] = "Ana Newcomer".into();
    newcomer["gives"] = serde_json::json!(["emotional"]);
    for field in ["phone", "email", "note", "crisis_order", "available"] {
        newcomer[field] = Value::Null;
    }
    good["supporters"]
        .as_array_mut()
        .unwrap()
        .insert(0, newcomer);
    let sam = position(&good, "Sam Okoro");
    let priya = position(&good, "Priya Shah");
    let jo = position(&good, "Jo Marsh");
    let with = |change: &dyn Fn(&mut Value)| -> Vec<u8> {
        let mut doc = good.clone();
        change(&mut doc);
        serde_json::to_vec_pretty(&doc).unwrap()
    };
    let export = s.ok(&["export"]);
    assert_eq!(export.lines().nth(2), Some("  \"format_version\": 1,"));
    let redacted = file_in(&s, "redacted.json");
    s.ok(&["export", "--redact", "--out", text(&redacted)]);

    let cases: Vec<(&str, Vec<u8>, Vec<String>)> = vec![
        (
            "phone.json",
            with(&|d| d["supporters"][sam]["phone"] = "call me back".into()),
            vec![format!("supporters[{sam}].phone: "), "has no digits".into()],
        ),
        (
            "category.json",
            with(&|d| d["supporters"][priya]["category"] = "freind".into()),
            vec![
                format!("supporters[{priya}].category: "),
                "unknown category \"freind\"".into(),
                "did you mean \"friend\"".into(),
            ],
        ),
        (
            "control.json",
            with(&|d| d["supporters"][jo]["name"] = "Jo\u{7} Marsh".into()),
            vec![
                format!("supporters[{jo}].name: "),
                "control character (U+0007)".into(),
            ],
        ),
        (
            "malformed.json",
            export
                .replacen("\"format_version\": 1", "\"format_version\" 1", 1)
                .into_bytes(),
            vec!["line 3, column 20: ".into(), "expected `:`".into()],
        ),
        (
            "newer.json",
            with(&|d| d["format_version"] = 2.into()),
            vec![
                "format_version: ".into(),
                "format version 2".into(),
                "newer supportmap".into(),
            ],
        ),
        (
            "redacted.json",
            std::fs::read(&redacted).unwrap(),
            vec!["is a redacted export".into()],
        ),
        (
            "latin1.csv",
            b"name,category\nJ\xf6rg,friend\n".to_vec(),
            vec!["is not UTF-8".into()],
        ),
    ];
    let before = s.snapshot();
    // Whole, the file would add the newcomer.
    let whole = file_in(&s, "whole.json");
    std::fs::write(&whole, with(&|_| {})).unwrap();
    let dry = s.ok(&["import", text(&whole), "--dry-run"]);
    assert!(dry.starts_with("Would add 1 supporter;"), "{dry}");
    for (name, bytes, expected) in cases {
        let path = file_in(&s, name);
        std::fs::write(&path, &bytes).unwrap();
        let err = s.fails(2, &["import", text(&path)]);
        let first = err.lines().next().unwrap();
        assert!(
            first.starts_with(&format!("error: {}", path.display())),
            "{name}: the error names the file: {err}"
        );
        for part in expected {
            assert!(first.contains(&part), "{name}: expected {part:?} in {err}");
        }
        assert!(
            !err.contains('\u{7}'),
            "{name}: a control character was echoed"
        );
        assert_unchanged(&before, &s.snapshot(), name);
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was changed");
    }
    assert!(s.list(&["--all"]).iter().all(|p| p.name != "Ana Newcomer"));
}

#[test]
fn a_checkin_naming_an_unknown_supporter_is_refused_naming_the_file_and_record() {
    let s = Sandbox::new();
    rich_map(&s);
    let mut doc = export_json(&s);
    let mut stray = doc["checkins"][0].clone();
    stray["id"] = "3e0f6a1b-2c4d-4e8f-9a0b-1c2d3e4f5a6b".into();
    stray["batch"] = "3e0f6a1b-2c4d-4e8f-9a0b-1c2d3e4f5a6b".into();
    stray["supporter"] = "11111111-2222-4333-8444-555555555555".into();
    doc["checkins"].as_array_mut().unwrap().push(stray);
    let path = file_in(&s, "stray.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let before = s.snapshot();
    let err = s.fails(2, &["import", text(&path)]);
    assert!(
        err.starts_with(&format!(
            "error: {}: checkins[3].supporter: ",
            path.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("11111111-2222-4333-8444-555555555555"),
        "{err}"
    );
    assert_unchanged(&before, &s.snapshot(), "the refused import");
}

#[test]
fn csv_has_the_json_fields_is_safe_in_a_spreadsheet_and_imports_back() {
    let s = Sandbox::new();
    rich_map(&s);
    let export = s.ok(&["export"]);
    let keys: ExportKeys = serde_json::from_str(&export).unwrap();
    assert!(keys.supporters.iter().all(|k| k.0 == SUPPORTER_FIELDS));
    assert!(keys.checkins.iter().all(|k| k.0 == CHECKIN_FIELDS));

    let csv_text = s.ok(&["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, SUPPORTER_FIELDS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let column = |name: &str| SUPPORTER_FIELDS.iter().position(|f| *f == name).unwrap();
    let jo = rows
        .iter()
        .find(|r| &r[column("name")] == "Jo Marsh")
        .unwrap();
    assert_eq!(&jo[column("phone")], format!("'{JO_PHONE}"));
    assert_eq!(&jo[column("note")], format!("'{JO_NOTE}"));
    assert!(
        !csv_text.contains(",=") && !csv_text.contains(",+") && !csv_text.contains(",\"="),
        "a cell starts with a formula character: {csv_text}"
    );

    // To a file named .csv (the format from the extension), then into an empty map.
    let file = export_to(&s, "supporters.csv");
    assert_eq!(read(&file), csv_text);
    let b = Sandbox::new();
    let out = b.ok(&["import", text(&file)]);
    assert!(out.starts_with("Added 4 supporters.\n"), "{out}");
    assert_eq!(export_json(&b)["supporters"], export_json(&s)["supporters"]);
    assert_eq!(b.supporter("jo").phone.as_deref(), Some(JO_PHONE));
    assert_eq!(b.supporter("jo").note.as_deref(), Some(JO_NOTE));
    // Again: nobody new.
    let before = b.snapshot();
    b.ok(&["import", text(&file)]);
    assert_unchanged(
        &without_id_counters(&before),
        &without_id_counters(&b.snapshot()),
        "importing the same CSV again",
    );

    // Check-ins: one row each, the multi-line note kept in its cell.
    let checkins = s.ok(&["export", "--format", "csv", "--what", "checkins"]);
    let mut reader = csv::Reader::from_reader(checkins.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, CHECKIN_FIELDS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|r| &r[8] == SOLO_NOTE && r[2].is_empty()));
    let names: Vec<&str> = rows
        .iter()
        .map(|r| &r[3])
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Jo Marsh") && names.contains(&"Sam Okoro"));
}

/// Three cards as phones write them: vCard 2.1 with a quoted-printable note and a home
/// and a mobile number, 3.0 with folded lines, and 4.0 with a UUID for its UID.
const CONTACTS_VCF: &str = "BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
N:Okafor;Ada;;;\r\n\
FN:Ada Okafor\r\n\
TEL;HOME:020 7946 0000\r\n\
TEL;CELL:07700 900456\r\n\
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Met at the caf=C3=A9=0D=0Aon Tuesdays\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:3.0\r\n\
N:Lindqvist;Bertil;;;\r\n\
FN:Bertil Lindq\r\n vist\r\n\
TEL;TYPE=CELL:+46 70 123 45 67\r\n\
EMAIL;TYPE=INTERNET:bertil@example.org\r\n\
NOTE:A long note that was folded across two lines by the phone that wrote \r\n it out\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:4.0\r\n\
FN:Chidi Anagonye\r\n\
UID:urn:uuid:6f1c2b9e-3d4a-4e5f-9a0b-1c2d3e4f5a6b\r\n\
TEL;VALUE=uri;TYPE=\"cell,voice\":tel:+1-555-0199\r\n\
END:VCARD\r\n";

#[test]
fn a_phones_contacts_come_in_once_with_their_mobile_numbers() {
    let s = Sandbox::new();
    let vcf = file_in(&s, "contacts.vcf");
    std::fs::write(&vcf, CONTACTS_VCF).unwrap();

    // Off a terminal, a category for everyone is needed.
    let err = s.fails(2, &["import", text(&vcf)]);
    assert!(
        err.starts_with("error: every imported person needs a category\n"),
        "{err}"
    );
    let hint = err.lines().nth(1).unwrap_or_default();
    assert!(
        hint.starts_with("hint: ") && hint.contains("--category friend"),
        "{err}"
    );
    assert!(!s.db.exists(), "nothing was written");

    let out = s.ok(&["import", text(&vcf), "--category", "friend"]);
    assert!(out.starts_with("Added 3 supporters.\n"), "{out}");
    let people = s.list(&["--all"]);
    let found: Vec<(&str, Option<&str>, &str)> = people
        .iter()
        .map(|p| (p.name.as_str(), p.phone.as_deref(), p.category.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("Ada Okafor", Some("07700 900456"), "friend"),
            ("Bertil Lindqvist", Some("+46 70 123 45 67"), "friend"),
            ("Chidi Anagonye", Some("+1-555-0199"), "friend"),
        ]
    );
    assert_eq!(
        s.supporter("ada").note.as_deref(),
        Some("Met at the café\non Tuesdays")
    );
    let bertil = s.supporter("bertil");
    assert_eq!(bertil.email.as_deref(), Some("bertil@example.org"));
    assert_eq!(
        bertil.note.as_deref(),
        Some("A long note that was folded across two lines by the phone that wrote it out")
    );
    assert_eq!(
        uid_of(&export_json(&s), "Chidi Anagonye"),
        "6f1c2b9e-3d4a-4e5f-9a0b-1c2d3e4f5a6b"
    );

    // The same file again adds nobody.
    let before = s.snapshot();
    let out = s.ok(&["import", text(&vcf), "--category", "friend"]);
    assert_eq!(out, "Nothing added or updated.\n");
    assert_unchanged(
        &without_id_counters(&before),
        &without_id_counters(&s.snapshot()),
        "importing the same vCard file again",
    );
    assert_eq!(s.list(&["--all"]).len(), 3);
}

#[test]
fn a_phones_contacts_can_start_a_new_map_at_an_explicit_path() {
    // As a JSON or CSV import does: import saves something, so it starts the map.
    let s = Sandbox::new();
    let vcf = file_in(&s, "contacts.vcf");
    std::fs::write(&vcf, CONTACTS_VCF).unwrap();
    let db = file_in(&s, "new.db");
    let out = s.ok(&[
        "--db",
        text(&db),
        "import",
        text(&vcf),
        "--category",
        "friend",
    ]);
    assert!(out.starts_with("Added 3 supporters.\n"), "{out}");
    assert_eq!(mode(&db), 0o600);
}

#[test]
fn the_crisis_vcard_holds_only_crisis_contacts_in_order() {
    let s = Sandbox::new();
    rich_map(&s);
    let doc = export_json(&s);
    let out = s.ok(&["export", "--format", "vcard", "--crisis"]);
    let lines = folded_lines(&out);
    assert!(
        out.split("\r\n").any(|l| l.starts_with(' ')),
        "Sam's long note is folded: {out}"
    );
    let cards = blocks(&lines, "VCARD");
    assert_eq!(cards.len(), 2, "{out}");
    let field = |card: &[String], name: &str| -> Vec<String> {
        card.iter()
            .filter_map(|l| l.strip_prefix(&format!("{name}:")).map(str::to_string))
            .collect()
    };
    assert_eq!(field(&cards[0], "FN"), ["Jo Marsh"]);
    assert_eq!(field(&cards[1], "FN"), ["Sam Okoro"]);
    assert_eq!(field(&cards[0], "UID"), [uid_of(&doc, "Jo Marsh")]);
    assert_eq!(field(&cards[1], "UID"), [uid_of(&doc, "Sam Okoro")]);
    assert!(
        cards[0]
            .iter()
            .any(|l| l.ends_with(&format!(":{JO_PHONE}")))
    );
    assert!(
        cards[1]
            .iter()
            .any(|l| l.ends_with(&format!(":{SAM_PHONE}")))
    );
    assert!(
        !out.contains("Priya") && !out.contains("Tuesday NA"),
        "{out}"
    );

    // All of them, as vCard 4.
    let all = s.ok(&["export", "--format", "vcard", "--vcard-version", "4"]);
    let cards = blocks(&folded_lines(&all), "VCARD");
    assert_eq!(cards.len(), 4);
    assert!(cards.iter().all(|c| c.contains(&"VERSION:4.0".to_string())));
    assert!(
        cards
            .iter()
            .all(|c| c.iter().any(|l| l.starts_with("UID:urn:uuid:")))
    );
}

#[test]
fn the_calendar_has_a_reminder_with_an_alarm_for_each_rhythm() {
    let s = Sandbox::new();
    rich_map(&s);
    let doc = export_json(&s);
    let first = s.ok(&["export", "--format", "ics"]);
    let second = s.ok(&["export", "--format", "ics"]);
    let lines = folded_lines(&first);
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    let events = blocks(&lines, "VEVENT");
    let jo_uid = uid_of(&doc, "Jo Marsh");
    let jo = events
        .iter()
        .find(|e| {
            e.iter()
                .any(|l| l.starts_with("UID:") && l.contains(&jo_uid))
        })
        .unwrap_or_else(|| panic!("an event for Jo: {first}"));
    assert!(
        jo.contains(&"SUMMARY:Due for a check-in: Jo Marsh".to_string()),
        "{jo:?}"
    );
    assert!(jo.iter().any(|l| l.starts_with("DTSTART")), "{jo:?}");
    assert_eq!(blocks(jo, "VALARM").len(), 1, "{jo:?}");
    assert!(
        events
            .iter()
            .any(|e| e.contains(&"SUMMARY:Due for a check-in: Tuesday NA".to_string())),
        "{first}"
    );
    assert!(
        !first.contains("check-in: Priya") && !first.contains("check-in: Sam"),
        "no rhythm, no reminder: {first}"
    );
    let uids = |text: &str| -> Vec<String> {
        folded_lines(text)
            .into_iter()
            .filter(|l| l.starts_with("UID:"))
            .collect()
    };
    assert_eq!(uids(&first), uids(&second));
    assert!(uids(&first).len() >= 2);
}

#[test]
fn a_redacted_export_has_initials_and_nothing_that_identifies_anyone() {
    let s = Sandbox::new();
    rich_map(&s);
    let out = s.ok(&["export", "--redact"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["redacted"], true);
    let names: Vec<&str> = doc["supporters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["J. M.", "P. S.", "S. O.", "T. N."]);
    let csv = s.ok(&["export", "--redact", "--format", "csv"]);
    let secrets = [
        "Jo Marsh",
        "Marsh",
        "Sam Okoro",
        "Okoro",
        "Priya",
        "Shah",
        "Tuesday",
        "Maya",
        JO_PHONE,
        "7700",
        SAM_PHONE,
        JO_EMAIL,
        PRIYA_EMAIL,
        "example.org",
        JO_NOTE,
        "HYPERLINK",
        SAM_NOTE,
        "Sunday",
        NA_CONTACT,
        "St Anne",
        PRIYA_REASON,
        "argument",
        "Sat at the back",
        "left before the end",
        PLAN_LINES[0],
        PLAN_LINES[1],
        PLAN_LINES[2],
        DISMISS_REASON,
    ];
    for secret in secrets {
        assert!(
            !out.contains(secret),
            "{secret:?} is in the redacted export"
        );
        assert!(!csv.contains(secret), "{secret:?} is in the redacted CSV");
    }
}

#[test]
fn every_file_written_is_private_and_nothing_is_overwritten_unasked() {
    let s = Sandbox::new();
    rich_map(&s);
    for (name, start) in [
        ("map.json", "{"),
        ("supporters.csv", "id,name,"),
        ("crisis.vcf", "BEGIN:VCARD\r\n"),
        ("rhythms.ics", "BEGIN:VCALENDAR\r\n"),
    ] {
        let path = export_to(&s, name);
        assert_eq!(mode(&path), 0o600, "{name}");
        assert!(read(&path).starts_with(start), "{name}: {}", read(&path));
    }
    let backup = file_in(&s, "copy.db");
    s.ok(&["backup", text(&backup)]);
    assert_eq!(mode(&backup), 0o600);

    // Never onto the map itself, by its path or through a link.
    let before = s.snapshot();
    let map_bytes = std::fs::read(&s.db).unwrap();
    let link = file_in(&s, "link.json");
    std::os::unix::fs::symlink(&s.db, &link).unwrap();
    for target in [&s.db, &link] {
        let err = s.fails(2, &["export", "--out", text(target), "--force"]);
        assert!(err.contains("is your map's database"), "{err}");
        assert_unchanged(&before, &s.snapshot(), "the refused export");
        assert_eq!(std::fs::read(&s.db).unwrap(), map_bytes);
    }

    // An existing file is left alone without --force; with it, replaced and made private.
    let existing = file_in(&s, "notes.json");
    std::fs::write(&existing, "my own notes\n").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = s.fails(2, &["export", "--out", text(&existing)]);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(read(&existing), "my own notes\n");
    let err = s.fails(2, &["backup", text(&existing)]);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(read(&existing), "my own notes\n");
    s.ok(&["export", "--out", text(&existing), "--force"]);
    assert!(read(&existing).starts_with('{'));
    assert_eq!(mode(&existing), 0o600);
}

#[test]
fn backups_taken_while_another_supportmap_writes_are_whole() {
    let s = Sandbox::new();
    rich_map(&s);
    let backups: Vec<PathBuf> = (1..=4)
        .map(|n| file_in(&s, &format!("during-{n}.db")))
        .collect();
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            for n in 0..30 {
                let note = format!("call {n}");
                s.ok(&["checkin", "add", "jo", "--note", &note, "-q"]);
            }
        });
        for backup in &backups {
            let out = s.ok(&["backup", text(backup)]);
            assert!(out.contains("; checked whole)."), "{out}");
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
        writer.join().expect("every check-in was logged");
    });
    let all: Vec<Value> =
        serde_json::from_str(&s.ok(&["checkin", "list", "--all", "--json"])).unwrap();
    assert_eq!(all.len(), 33);
    for (n, backup) in backups.iter().enumerate() {
        let restored = file_in(&s, &format!("restored-{n}.db"));
        s.ok(&["--db", text(&restored), "restore", text(backup)]);
        let people: Vec<Value> =
            serde_json::from_str(&s.ok(&["--db", text(&restored), "contacts", "--json"])).unwrap();
        let names: Vec<&str> = people.iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            ["Jo Marsh", "Priya Shah", "Sam Okoro", "Tuesday NA"],
            "{}",
            backup.display()
        );
        let checkins: Vec<Value> = serde_json::from_str(&s.ok(&[
            "--db",
            text(&restored),
            "checkin",
            "list",
            "--all",
            "--json",
        ]))
        .unwrap();
        assert!((3..=33).contains(&checkins.len()), "{}", checkins.len());
    }
}

#[test]
fn a_backup_without_a_file_goes_into_a_private_folder_beside_the_map() {
    let empty = Sandbox::new();
    let err = empty.fails(2, &["backup"]);
    assert!(
        err.contains("there is no map at") && err.contains("nothing to back up"),
        "{err}"
    );
    assert!(!empty.db.exists(), "no map was started");

    let s = Sandbox::new();
    rich_map(&s);
    let out = s.ok(&["backup"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let path = PathBuf::from(lines[0].strip_prefix("Backed up the map to ").unwrap());
    assert_eq!(lines[1], "(4 supporters, 3 check-ins; checked whole).");
    assert_eq!(
        lines[2],
        format!("Put it back with: supportmap restore {}", path.display())
    );
    let folder = s.db.parent().unwrap().join("backups");
    assert_eq!(path.parent().unwrap(), folder);
    let name = path.file_name().unwrap().to_str().unwrap();
    let stamp = name
        .strip_prefix("supportmap-")
        .and_then(|n| n.strip_suffix(".db"))
        .unwrap_or_else(|| panic!("{name}"));
    assert!(
        chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d-%H%M%S").is_ok(),
        "{name}"
    );
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&path), 0o600);
    // A second one a moment later does not replace the first.
    let second = s.ok(&["backup"]);
    assert!(!second.contains(&path.display().to_string()), "{second}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
}

#[test]
fn restore_checks_the_file_first_and_keeps_the_map_it_replaces() {
    let s = Sandbox::new();
    rich_map(&s);
    let backup = file_in(&s, "before.db");
    s.ok(&["backup", text(&backup)]);
    let old = s.snapshot();
    s.ok(&["add", "Dev", "--category", "peer"]);
    s.ok(&["checkin", "dev"]);
    let new = s.snapshot();

    let junk = file_in(&s, "junk.db");
    let junk_bytes = b"these are my notes, not a database\n".repeat(300);
    std::fs::write(&junk, &junk_bytes).unwrap();
    let err = s.fails(3, &["restore", text(&junk)]);
    assert!(err.contains("holds no supportmap map"), "{err}");
    assert_unchanged(&new, &s.snapshot(), "the refused restore of junk");
    assert_eq!(std::fs::read(&junk).unwrap(), junk_bytes);

    let newer = file_in(&s, "newer.db");
    std::fs::copy(&backup, &newer).unwrap();
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let newer_bytes = std::fs::read(&newer).unwrap();
    let err = s.fails(3, &["restore", text(&newer)]);
    assert!(err.contains("newer"), "{err}");
    assert_unchanged(&new, &s.snapshot(), "the refused restore of a newer map");
    assert_eq!(std::fs::read(&newer).unwrap(), newer_bytes);

    let out = s.ok(&["restore", text(&backup)]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with(&format!(
            "Restored the map from {}, written ",
            backup.display()
        )),
        "{out}"
    );
    assert!(lines[0].ends_with(" (4 supporters, 3 check-ins)."), "{out}");
    let (saved, again) = lines[1]
        .strip_prefix("The map you had is saved at ")
        .and_then(|rest| rest.split_once("; to go back: "))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(again, format!("supportmap restore {saved}"));
    let saved = PathBuf::from(saved);
    assert_eq!(
        saved.parent().unwrap(),
        s.db.parent().unwrap().join("backups")
    );
    assert_eq!(mode(&saved), 0o600);
    assert_unchanged(
        &old,
        &s.snapshot(),
        "restoring the backup (it should be as backed up)",
    );
    assert!(s.list(&["--all"]).iter().all(|p| p.name != "Dev"));

    // The copy it kept puts the replaced map back.
    s.ok(&["restore", text(&saved)]);
    assert_unchanged(
        &new,
        &s.snapshot(),
        "restoring the saved map (it should be as replaced)",
    );
    assert_eq!(s.supporter("dev").category, "peer");
}

#[test]
fn checkin_list_shows_the_newest_twenty_and_says_how_many_more() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    for day in 1..=25 {
        let at = format!("{day}d ago");
        let note = format!("day {day:02}");
        s.ok(&["checkin", "jo", "--at", &at, "--note", &note, "-q"]);
    }
    let list = |args: &[&str]| -> (String, String) {
        let mut all = vec!["checkin", "list"];
        all.extend_from_slice(args);
        let out = s.cmd().args(&all).output().unwrap();
        assert!(out.status.success(), "{all:?}");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };

    let (out, note) = list(&[]);
    let rows = table_rows(&out);
    assert_eq!(rows.len(), 20, "{out}");
    assert!(
        rows[0].contains("day 01") && rows[19].contains("day 20"),
        "{out}"
    );
    assert!(!out.contains("day 21"), "{out}");
    assert_eq!(
        note,
        "Showing the newest 20 of 25 check-ins; see more with --limit N, or all of them with --all.\n"
    );

    let (out, note) = list(&["--limit", "5"]);
    let rows = table_rows(&out);
    assert_eq!(rows.len(), 5, "{out}");
    assert!(rows[4].contains("day 05"), "{out}");
    assert!(note.contains("newest 5 of 25"), "{note}");

    let (out, note) = list(&["--all"]);
    let rows = table_rows(&out);
    assert_eq!(rows.len(), 25, "{out}");
    assert!(rows[24].contains("day 25"), "{out}");
    assert_eq!(note, "", "nothing more to say");

    let (out, _) = list(&["--all", "--json"]);
    let all: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(all.len(), 25);
    assert_eq!(all[24]["note"], "day 25");
    let (out, _) = list(&["--json"]);
    let newest: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(newest.len(), 20);
}

#[test]
fn a_hand_made_row_never_wipes_what_the_map_has_but_an_edited_export_is_applied() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--phone",
        "555-0101",
        "--crisis",
        "--role",
        "NA sponsor",
    ]);
    // A row with only a name and a category: Jo is already here, and stays as she is.
    let thin = file_in(&s, "thin.csv");
    std::fs::write(&thin, "name,category\nJo,peer\nKim,friend\n").unwrap();
    let out = s.ok(&["import", text(&thin)]);
    assert!(out.starts_with("Added 1 supporter"), "{out}");
    assert!(
        out.contains("1 supporter kept as the map has them"),
        "{out}"
    );
    let jo = s.supporter("jo");
    assert_eq!(jo.phone.as_deref(), Some("555-0101"));
    assert_eq!(jo.category, "sponsor");
    assert!(s.ok(&["crisis"]).contains("555-0101"));

    // An export edited in a spreadsheet keeps its time, so its edit is applied.
    let sheet = file_in(&s, "sheet.csv");
    s.ok(&["export", "--format", "csv", "--out", text(&sheet)]);
    let edited = std::fs::read_to_string(&sheet)
        .unwrap()
        .replace("555-0101", "555-0177");
    std::fs::write(&sheet, edited).unwrap();
    let out = s.ok(&["import", text(&sheet)]);
    assert!(out.starts_with("Updated 1 supporter"), "{out}");
    assert_eq!(s.supporter("jo").phone.as_deref(), Some("555-0177"));
}

#[test]
fn files_in_the_wrong_place_are_pointed_to_the_right_command() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor", "--phone", "555-0101"]);
    let db_file = file_in(&s, "copy.db");
    s.ok(&["backup", text(&db_file)]);
    let before = s.snapshot();
    let err = s.fails(2, &["import", text(&db_file)]);
    assert!(err.contains("is a database"), "{err}");
    assert!(err.contains("supportmap restore"), "{err}");

    let json = export_to(&s, "map.json");
    let err = s.fails(3, &["restore", text(&json)]);
    assert!(err.contains("supportmap import"), "{err}");
    assert_unchanged(&before, &s.snapshot(), "a file given to the wrong command");

    // Times in the future, or before any map could have been written, are refused.
    let doc = std::fs::read_to_string(&json).unwrap();
    let future = doc.replacen("\"updated_at\": \"202", "\"updated_at\": \"212", 1);
    let bad = file_in(&s, "future.json");
    std::fs::write(&bad, future).unwrap();
    let err = s.fails(2, &["import", text(&bad)]);
    assert!(
        err.contains("supporters[0].updated_at") && err.contains("in the future"),
        "{err}"
    );
    assert_unchanged(&before, &s.snapshot(), "a time in the future");

    // A byte-order mark is not part of the text.
    let bom = file_in(&s, "bom.json");
    std::fs::write(&bom, format!("\u{feff}{doc}")).unwrap();
    s.ok(&["import", text(&bom), "--dry-run"]);

    // `--out -` is standard output, as `import -` is standard input.
    let out = s.ok(&["export", "--format", "csv", "--out", "-"]);
    assert!(out.starts_with("id,name,"), "{out}");
    assert!(!Path::new("-").exists(), "no file named - was written");
}

#[test]
fn a_phones_cards_of_people_already_in_the_map_need_no_category() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo Smith", "--category", "sponsor"]);
    let cards = file_in(&s, "jo.vcf");
    std::fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo Smith\r\nTEL;TYPE=CELL:555-0101\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let out = s.ok(&["import", text(&cards)]);
    assert!(out.starts_with("Nothing added or updated"), "{out}");
    assert_eq!(s.supporter("jo").category, "sponsor");
}

#[test]
fn an_import_is_one_change_that_undo_takes_back_and_redo_puts_back_exactly() {
    let a = Sandbox::new();
    rich_map(&a);
    let file = export_to(&a, "map.json");
    let b = Sandbox::new();
    b.ok(&["add", "Ana", "--category", "friend"]);
    b.ok(&["checkin", "ana", "--at", "2d ago"]);
    let before = common::map_state(&b.db);
    b.ok(&["import", text(&file)]);
    let imported = common::map_state(&b.db);
    assert_ne!(before, imported);

    // The check-ins are one block of the history, named as such.
    let history = b.ok(&["history"]);
    assert!(history.contains("added 3 check-ins"), "{history}");

    let undone = b.ok(&["undo", "--yes"]);
    assert!(undone.contains("added 3 check-ins"), "{undone}");
    assert_eq!(
        common::map_state(&b.db),
        before,
        "undo restores the map exactly"
    );
    b.ok(&["redo", "--yes"]);
    assert_eq!(
        common::map_state(&b.db),
        imported,
        "redo puts the import back exactly"
    );
    b.ok(&["undo", "--yes"]);
    assert_eq!(
        common::map_state(&b.db),
        before,
        "a second undo takes it back again"
    );
    b.ok(&["redo", "--yes"]);
    assert_eq!(common::map_state(&b.db), imported);
}

#[test]
fn an_export_read_as_it_comes_refuses_a_repeated_or_stray_checkin_and_changes_nothing() {
    let s = Sandbox::new();
    rich_map(&s);
    // The export as written (check-ins last, one per line): read a check-in at a time.
    let export = s.ok(&["export"]);
    let lines: Vec<&str> = export.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.trim_start().starts_with("{\"id\""))
        .expect("a check-in line");
    let with_line = |extra: &str| -> String {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let last = out
            .iter()
            .rposition(|l| l.trim_start().starts_with("{\"id\""))
            .unwrap();
        out[last].push(',');
        out.insert(last + 1, format!("    {extra}"));
        out.join("\n")
    };
    let again = with_line(lines[first].trim().trim_end_matches(','));
    let stray: Value = serde_json::from_str(lines[first].trim().trim_end_matches(',')).unwrap();
    let mut stray = stray;
    stray["id"] = "3e0f6a1b-2c4d-4e8f-9a0b-1c2d3e4f5a6b".into();
    stray["batch"] = "3e0f6a1b-2c4d-4e8f-9a0b-1c2d3e4f5a6b".into();
    stray["supporter"] = "11111111-2222-4333-8444-555555555555".into();
    let stray = with_line(&stray.to_string());

    let b = Sandbox::new();
    b.ok(&["add", "Ana", "--category", "friend"]);
    let before = b.snapshot();
    for (name, text_of, expected) in [
        (
            "again.json",
            &again,
            "checkins[3].id: the same id as an earlier check-in in the file",
        ),
        (
            "stray.json",
            &stray,
            "checkins[3].supporter: no supporter with id",
        ),
    ] {
        let path = file_in(&b, name);
        std::fs::write(&path, text_of).unwrap();
        let err = b.fails(2, &["import", text(&path)]);
        assert!(
            err.starts_with(&format!("error: {}: {expected}", path.display())),
            "{err}"
        );
        assert_unchanged(&before, &b.snapshot(), "the refused import");
    }
    // The same file whole imports, and a second time adds nothing.
    let whole = file_in(&b, "whole.json");
    std::fs::write(&whole, &export).unwrap();
    assert!(
        b.ok(&["import", text(&whole)])
            .starts_with("Added 4 supporters, 3 check-ins")
    );
    assert_eq!(
        b.ok(&["import", text(&whole)]),
        "Nothing added or updated.\n"
    );
}

#[test]
fn a_file_named_as_an_encrypted_export_that_is_not_one_is_refused() {
    let s = Sandbox::with_jo();
    let before = s.snapshot();
    let fake = s.dir.path().join("map.json.age");
    std::fs::write(&fake, "{\"format\": \"supportmap\"}").unwrap();
    let err = s.fails(2, &["import", fake.to_str().unwrap()]);
    assert!(
        err.contains("is named as an encrypted export (.age), but it is not one"),
        "{err}"
    );
    assert_eq!(s.snapshot(), before);
}
