//! CSV for spreadsheets: supporters or check-ins, one row each, with the JSON export's
//! field names as headers (RFC 4180 quoting, by the `csv` crate). A cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) gets a leading `'`, which import takes off again.

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};

use super::json::{ReadError, WireCheckin, WireSupporter};
use crate::domain::records::{CheckinRecord, RawSupporter, SupporterRecord};

/// The supporter columns, in order: the JSON export's field names.
pub const SUPPORTER_COLUMNS: &[&str] = &[
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

/// The check-in columns, in order.
pub const CHECKIN_COLUMNS: &[&str] = &[
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

/// Lists inside one cell (what someone gives, their tags) are joined with this.
const LIST: &str = "; ";

/// A cell made safe for spreadsheet programs.
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A cell as written before [`defuse`].
pub fn restore(cell: &str) -> &str {
    let mut chars = cell.chars();
    match (chars.next(), chars.next()) {
        (Some('\''), Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'')) => &cell[1..],
        _ => cell,
    }
}

fn opt(value: &Option<String>) -> String {
    value.as_deref().map(defuse).unwrap_or_default()
}

fn num(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn failed(e: csv::Error) -> anyhow::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => anyhow::anyhow!("could not write CSV: {other:?}"),
    }
}

/// Every supporter, one row each.
pub fn write_supporters(out: &mut dyn Write, records: &[SupporterRecord]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SUPPORTER_COLUMNS).map_err(failed)?;
    for r in records {
        let s = WireSupporter::from_record(r);
        let f = &s.fields;
        w.write_record([
            s.id.clone(),
            defuse(&f.name),
            opt(&f.kind),
            defuse(&f.category),
            opt(&f.role),
            opt(&f.circle),
            opt(&f.tie),
            opt(&f.mode),
            f.gives.join(LIST),
            opt(&f.phone),
            opt(&f.email),
            opt(&f.contact),
            num(f.crisis_order),
            opt(&f.available),
            num(f.every_days),
            opt(&f.status),
            opt(&f.paused_reason),
            opt(&f.since),
            opt(&f.note),
            f.tags
                .iter()
                .map(|t| defuse(t))
                .collect::<Vec<_>>()
                .join(LIST),
            s.created_at.clone(),
            s.updated_at.clone(),
        ])
        .map_err(failed)?;
    }
    w.flush()?;
    Ok(())
}

/// A writer of check-in rows: the header first, then one row per [`CheckinRows::row`].
pub struct CheckinRows<'a> {
    w: csv::Writer<&'a mut dyn Write>,
}

impl<'a> CheckinRows<'a> {
    pub fn new(out: &'a mut dyn Write) -> Result<CheckinRows<'a>> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CHECKIN_COLUMNS).map_err(failed)?;
        Ok(CheckinRows { w })
    }

    pub fn row(&mut self, record: &CheckinRecord) -> Result<()> {
        let c = WireCheckin::from_record(record);
        self.w
            .write_record([
                c.id,
                c.batch,
                c.supporter.unwrap_or_default(),
                opt(&c.supporter_name),
                c.at,
                c.via,
                c.initiated_by,
                num(c.mood),
                opt(&c.note),
                c.created_at,
            ])
            .map_err(failed)
    }

    pub fn finish(mut self) -> Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// Reads supporters from CSV with a header row. Only `name` and `category` are needed;
/// the other columns are those `write_supporters` writes, in any order. Categories,
/// support functions and the other words go by name or alias, as with `add`.
pub fn read_supporters(
    input: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<SupporterRecord>, ReadError> {
    let at_line = |line: u64, field: &str, message: String| ReadError {
        place: if field.is_empty() {
            format!("line {line}")
        } else {
            format!("line {line}, {field}")
        },
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(input.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| at_line(1, "", format!("could not read the header row: {e}")))?
        .iter()
        .map(|h| {
            h.trim_start_matches('\u{feff}')
                .to_lowercase()
                .replace(' ', "_")
        })
        .collect();
    for h in &headers {
        if !SUPPORTER_COLUMNS.contains(&h.as_str()) {
            return Err(at_line(
                1,
                "",
                format!(
                    "\"{}\" is not a column supportmap reads; the columns are {}",
                    crate::domain::text::visible(h),
                    SUPPORTER_COLUMNS.join(", ")
                ),
            ));
        }
    }
    for needed in ["name", "category"] {
        if !headers.iter().any(|h| h == needed) {
            return Err(at_line(1, "", format!("there is no \"{needed}\" column")));
        }
    }
    let mut records = Vec::new();
    let mut names = std::collections::HashMap::new();
    for (i, row) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let row = row.map_err(|e| at_line(line, "", csv_message(&e)))?;
        let cell = |name: &str| -> Option<String> {
            let index = headers.iter().position(|h| h == name)?;
            let value = restore(row.get(index)?).trim();
            (!value.is_empty()).then(|| value.to_string())
        };
        let list = |name: &str| -> Vec<String> {
            cell(name)
                .map(|v| {
                    v.split([';', ','])
                        .map(|part| restore(part.trim()).to_string())
                        .filter(|part| !part.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        let number = |name: &'static str| -> Result<Option<i64>, ReadError> {
            cell(name)
                .map(|v| {
                    v.parse::<i64>()
                        .map_err(|_| at_line(line, name, format!("\"{v}\" is not a whole number")))
                })
                .transpose()
        };
        let wire = WireSupporter {
            id: cell("id").unwrap_or_default(),
            fields: RawSupporter {
                name: cell("name").unwrap_or_default(),
                kind: cell("kind"),
                category: cell("category").unwrap_or_default(),
                role: cell("role"),
                circle: cell("circle"),
                tie: cell("tie"),
                mode: cell("mode"),
                gives: list("gives"),
                phone: cell("phone"),
                email: cell("email"),
                contact: cell("contact"),
                crisis_order: number("crisis_order")?,
                available: cell("available"),
                every_days: number("every_days")?,
                status: cell("status"),
                paused_reason: cell("paused_reason"),
                since: cell("since"),
                note: cell("note"),
                tags: list("tags"),
            },
            created_at: cell("created_at").unwrap_or_default(),
            updated_at: cell("updated_at").unwrap_or_default(),
        };
        if wire.fields.category.is_empty() {
            return Err(at_line(
                line,
                "category",
                "is empty; every supporter needs one".into(),
            ));
        }
        let record = wire
            .check(today, now)
            .map_err(|e| at_line(line, e.field, e.message))?;
        if let Some(first) = names.insert(record.profile.name_key(), line) {
            return Err(at_line(
                line,
                "name",
                format!("\"{}\" is already on line {first}", record.profile.name),
            ));
        }
        records.push(record);
    }
    Ok(records)
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} cells where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Function, Profile};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T10:00:00Z".parse().unwrap()
    }

    fn record(name: &str) -> SupporterRecord {
        let mut p = Profile::new(name.into(), Category::Peer);
        p.phone = Some("+44 7700 900123".into());
        p.gives.insert(Function::Emotional);
        p.gives.insert(Function::Crisis);
        p.crisis_order = Some(1);
        p.note = Some("=HYPERLINK(\"http://x\")\nsecond line, with \"quotes\"".into());
        p.tags.insert("-odd".into());
        SupporterRecord {
            uid: "0b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b".into(),
            profile: p,
            created_at: now(),
            updated_at: now(),
            undated: false,
        }
    }

    fn written(records: &[SupporterRecord]) -> String {
        let mut out = Vec::new();
        write_supporters(&mut out, records).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_header_is_the_json_field_names() {
        let text = written(&[]);
        assert_eq!(text.trim_end(), SUPPORTER_COLUMNS.join(","));
    }

    #[test]
    fn formulas_are_defused_and_come_back_as_written() {
        let text = written(&[record("Jo")]);
        assert!(text.contains("'+44 7700 900123"), "{text}");
        assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")"), "{text}");
        let back = read_supporters(&text, now().date_naive(), now()).unwrap();
        assert_eq!(back, vec![record("Jo")]);
    }

    #[test]
    fn a_hand_made_sheet_needs_only_name_and_category_and_takes_aliases() {
        let text = "Name,Category,Gives\nJo,therapist,listening; crisis\nSam,aa,\n";
        let back = read_supporters(text, now().date_naive(), now()).unwrap();
        assert_eq!(back[0].profile.category, Category::Professional);
        assert!(back[0].profile.is_crisis());
        assert_eq!(back[1].profile.category, Category::Peer);
        assert_ne!(back[0].uid, back[1].uid);
    }

    #[test]
    fn a_bad_row_is_named_by_its_line_and_column() {
        let err = read_supporters(
            "name,category\nJo,friend\nSam,sponsr\n",
            now().date_naive(),
            now(),
        )
        .unwrap_err();
        assert_eq!(err.place, "line 3, category", "{err}");
        let err = read_supporters(
            "name,category,colour\nJo,friend,red\n",
            now().date_naive(),
            now(),
        )
        .unwrap_err();
        assert!(err.message.contains("not a column"), "{err}");
        let err = read_supporters("name,category\nJo\n", now().date_naive(), now()).unwrap_err();
        assert_eq!(err.place, "line 2");
        let err = read_supporters(
            "name,category\nJo,friend\njo,family\n",
            now().date_naive(),
            now(),
        )
        .unwrap_err();
        assert!(err.message.contains("already on line 2"), "{err}");
    }

    proptest! {
        #[test]
        fn any_valid_supporter_survives_the_round_trip(
            name in "[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,;\"'=+@.-]{0,30}",
            note in proptest::option::of("[ -~\n]{1,60}"),
            role in proptest::option::of("[=+@'a-z ,;\"]{1,20}"),
        ) {
            let mut r = record("x");
            r.profile.name = crate::domain::text::clean(&name, crate::domain::text::Shape::Line)
                .unwrap_or_else(|_| "x".into());
            prop_assume!(!r.profile.name.starts_with('-'));
            r.profile.note = note.and_then(|n| crate::domain::text::clean(&n, crate::domain::text::Shape::Lines).ok());
            r.profile.role = role.and_then(|n| crate::domain::text::clean(&n, crate::domain::text::Shape::Line).ok());
            let text = written(std::slice::from_ref(&r));
            let back = read_supporters(&text, now().date_naive(), now()).unwrap();
            prop_assert_eq!(back, vec![r]);
        }

        #[test]
        fn any_input_is_read_or_refused_without_a_panic(input in ".{0,300}") {
            let _ = read_supporters(&input, now().date_naive(), now());
        }
    }
}
