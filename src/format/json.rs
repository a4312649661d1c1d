//! The JSON export: one versioned document with everything needed to rebuild the map.
//!
//! ```text
//! { "format": "supportmap", "format_version": 1, "schema_version": 9,
//!   "supportmap_version": "0.1.0", "exported_at": "…", "redacted": false,
//!   "settings": [...], "supporters": [...],
//!   "plan": { "lines": [...], "reviews": [...] }, "dismissed_gaps": [...],
//!   "checkins": [ {...}, {...} ] }
//! ```
//!
//! The check-ins come last, one per line, so the writer streams them and a long history
//! never has to be held in memory to be exported. The fields are documented in README.

use std::io::Write;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::checkin::Contact;
use crate::domain::records::{
    self, CheckinRecord, DismissalRecord, FieldError, MapRecords, PlanLine, RawSupporter,
    ReviewRecord, SettingRecord, SupporterRecord,
};
use crate::domain::settings::Key;
use crate::domain::text::{self, Shape};
use crate::domain::{By, Section, Via};

/// The name in every document's `format` field.
pub const FORMAT: &str = "supportmap";

/// The version of the document's shape; a newer one is refused with a hint to upgrade.
pub const FORMAT_VERSION: u32 = 1;

/// What the document says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub schema_version: i64,
    pub exported_at: DateTime<Utc>,
    /// Names are initials and contact details and notes are left out: a document to
    /// show, never to import.
    pub redacted: bool,
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The document without its check-ins. Written, its supporters are a sequence
/// serialised as it is read ([`crate::render::Streamed`]); read, a list.
#[derive(Serialize, Deserialize)]
struct Head<S = Vec<WireSupporter>> {
    format: String,
    format_version: u32,
    #[serde(default)]
    schema_version: i64,
    #[serde(default)]
    supportmap_version: String,
    #[serde(default)]
    exported_at: String,
    #[serde(default)]
    redacted: bool,
    #[serde(default)]
    settings: Vec<WireSetting>,
    #[serde(default)]
    supporters: S,
    #[serde(default)]
    plan: WirePlan,
    #[serde(default)]
    dismissed_gaps: Vec<WireDismissal>,
    #[serde(default)]
    reviews: Vec<WireReview>,
}

#[derive(Deserialize)]
struct Whole {
    #[serde(flatten)]
    head: Head,
    #[serde(default)]
    checkins: Vec<WireCheckin>,
}

#[derive(Serialize, Deserialize)]
struct WireSetting {
    key: String,
    value: String,
    #[serde(default)]
    updated_at: String,
}

/// A supporter as the document holds it: the stable id, the fields as `add` takes them,
/// and the times. The field names are the CSV headers too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WireSupporter {
    pub id: String,
    #[serde(flatten)]
    pub fields: RawSupporter,
    pub created_at: String,
    pub updated_at: String,
}

/// A check-in as the document holds it. The field names are the CSV headers too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WireCheckin {
    pub id: String,
    pub batch: String,
    pub supporter: Option<String>,
    pub supporter_name: Option<String>,
    pub at: String,
    pub via: String,
    pub initiated_by: String,
    pub mood: Option<i64>,
    pub note: Option<String>,
    pub created_at: String,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
struct WirePlan {
    lines: Vec<WireLine>,
    reviews: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct WireLine {
    #[serde(default)]
    id: String,
    section: String,
    #[serde(default = "first")]
    position: i64,
    text: String,
    #[serde(default)]
    created_at: String,
}

/// A plan line without a position goes first; import puts it after the section's last
/// line when that place is taken.
fn first() -> i64 {
    1
}

#[derive(Serialize, Deserialize)]
struct WireReview {
    #[serde(default)]
    id: String,
    at: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WireDismissal {
    gap: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    dismissed_at: String,
    #[serde(default)]
    until: Option<String>,
}

impl WireSupporter {
    /// A record as written to a file.
    pub fn from_record(r: &SupporterRecord) -> WireSupporter {
        WireSupporter {
            id: r.uid.clone(),
            fields: RawSupporter::from_profile(&r.profile),
            created_at: stamp(r.created_at),
            updated_at: stamp(r.updated_at),
        }
    }

    /// The record these fields describe, checked as `add` checks its flags. A missing id
    /// (a hand-made file) gets a new one; missing times are `now`.
    pub fn check(
        &self,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<SupporterRecord, FieldError> {
        Ok(SupporterRecord {
            uid: id_or_new("id", &self.id)?,
            profile: self.fields.check(today)?,
            created_at: moment_or("created_at", &self.created_at, now)?,
            updated_at: moment_or("updated_at", &self.updated_at, now)?,
            undated: self.updated_at.trim().is_empty(),
        })
    }
}

impl WireCheckin {
    /// A record as written to a file.
    pub fn from_record(c: &CheckinRecord) -> WireCheckin {
        WireCheckin {
            id: c.uid.clone(),
            batch: c.batch.clone(),
            supporter: c.supporter.clone(),
            supporter_name: c.supporter_name.clone(),
            at: stamp(c.contact.at),
            via: c.contact.via.as_str().to_string(),
            initiated_by: c.contact.by.as_str().to_string(),
            mood: c.contact.mood.map(i64::from),
            note: c.contact.note.clone(),
            created_at: stamp(c.created_at),
        }
    }

    /// The record these fields describe. A check-in without a batch is a batch of its own.
    pub fn check(&self, now: DateTime<Utc>) -> Result<CheckinRecord, FieldError> {
        let uid = id_or_new("id", &self.id)?;
        let batch = if self.batch.trim().is_empty() {
            uid.clone()
        } else {
            records::uid("batch", &self.batch)?
        };
        let supporter = match self.supporter.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(id) => Some(records::uid("supporter", id)?),
        };
        let mood = match self.mood {
            None => None,
            Some(m @ 1..=10) => Some(m as u8),
            Some(m) => {
                return Err(FieldError::new(
                    "mood",
                    format!("{m} is not a mood; use 1 (very low) to 10 (very good)"),
                ));
            }
        };
        let at = records::moment("at", &self.at)?;
        if at > now {
            return Err(FieldError::new(
                "at",
                format!("{} is in the future", self.at.trim()),
            ));
        }
        Ok(CheckinRecord {
            uid,
            batch,
            supporter,
            supporter_name: records::optional_text(
                "supporter_name",
                self.supporter_name.as_deref(),
                Shape::Line,
            )?,
            contact: Contact {
                at,
                via: records::word::<Via>("via", &self.via)?,
                by: records::word::<By>("initiated_by", &self.initiated_by)?,
                mood,
                note: records::optional_text("note", self.note.as_deref(), Shape::Lines)?,
            },
            created_at: moment_or("created_at", &self.created_at, now)?,
        })
    }
}

/// An id from the file, or a new one when the field is empty.
fn id_or_new(field: &'static str, value: &str) -> Result<String, FieldError> {
    if value.trim().is_empty() {
        Ok(uuid::Uuid::new_v4().to_string())
    } else {
        records::uid(field, value)
    }
}

fn moment_or(
    field: &'static str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, FieldError> {
    if value.trim().is_empty() {
        Ok(now)
    } else {
        records::past_moment(field, value, now)
    }
}

/// Where check-ins come from, one at a time: called once with a sink for the records.
pub type Stream<'a> = dyn FnMut(&mut dyn FnMut(&CheckinRecord) -> Result<()>) -> Result<()> + 'a;

/// Writes the document: everything in `map`, then each check-in `checkins` hands over,
/// one per line. `checkins` is called once with a sink for the records.
pub fn write(
    out: &mut dyn Write,
    meta: &Meta,
    map: &MapRecords,
    checkins: &mut Stream<'_>,
) -> Result<()> {
    let head = Head {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        schema_version: meta.schema_version,
        supportmap_version: env!("CARGO_PKG_VERSION").to_string(),
        exported_at: stamp(meta.exported_at),
        redacted: meta.redacted,
        settings: map
            .settings
            .iter()
            .map(|s| WireSetting {
                key: s.key.as_str().to_string(),
                value: s.value.clone(),
                updated_at: stamp(s.updated_at),
            })
            .collect(),
        supporters: crate::render::Streamed::new(
            map.supporters.iter().map(WireSupporter::from_record),
        ),
        plan: WirePlan {
            lines: map
                .plan
                .iter()
                .map(|l| WireLine {
                    id: l.uid.clone(),
                    section: l.section.as_str().to_string(),
                    position: i64::from(l.position),
                    text: l.text.clone(),
                    created_at: stamp(l.created_at),
                })
                .collect(),
            reviews: map.reviews.iter().map(|r| stamp(*r)).collect(),
        },
        dismissed_gaps: map
            .dismissals
            .iter()
            .map(|d| WireDismissal {
                gap: d.gap.clone(),
                reason: d.reason.clone(),
                dismissed_at: stamp(d.dismissed_at),
                until: d.until.map(stamp),
            })
            .collect(),
        reviews: map
            .map_reviews
            .iter()
            .map(|r| WireReview {
                id: r.uid.clone(),
                at: stamp(r.at),
                note: r.note.clone(),
            })
            .collect(),
    };
    // The head is an object; the check-ins are added before its closing brace, which
    // is held back as the head is written.
    let mut open = HoldBack {
        out: &mut *out,
        held: Vec::new(),
    };
    serde_json::to_writer_pretty(&mut open, &head).context("could not write JSON")?;
    if open.held != b"\n}" {
        anyhow::bail!("could not write JSON: the document's head did not end as expected");
    }
    out.write_all(b",\n  \"checkins\": [")?;
    let mut first = true;
    checkins(&mut |record| {
        let line = serde_json::to_string(&WireCheckin::from_record(record))?;
        out.write_all(if first { b"\n    " } else { b",\n    " })?;
        out.write_all(line.as_bytes())?;
        first = false;
        Ok(())
    })?;
    out.write_all(if first { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
    Ok(())
}

/// Writes through all but the last two bytes (a pretty-printed object's closing line).
struct HoldBack<'a> {
    out: &'a mut dyn Write,
    held: Vec<u8>,
}

impl Write for HoldBack<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.held.extend_from_slice(buf);
        if self.held.len() > 2 {
            let through = self.held.len() - 2;
            self.out.write_all(&self.held[..through])?;
            self.held.drain(..through);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// A document read and checked: every record as the map would store it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub meta: Meta,
    pub map: MapRecords,
    pub checkins: Vec<CheckinRecord>,
}

/// Why a document was refused: where (`supporters[3].phone`, or a line and column), and
/// why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub place: String,
    pub message: String,
}

impl std::error::Error for ReadError {}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.place, self.message)
        }
    }
}

fn at(list: &str, index: usize) -> impl Fn(FieldError) -> ReadError + '_ {
    move |e| ReadError {
        place: format!("{list}[{index}].{}", e.field),
        message: e.message,
    }
}

/// Reads and checks a whole document. Each record passes the checks `add`, `checkin`,
/// `plan add`, `gaps dismiss` and `settings` make; the first bad one is named.
pub fn read(input: &str, today: NaiveDate, now: DateTime<Utc>) -> Result<Document, ReadError> {
    let whole: Whole = serde_json::from_str(input).map_err(|e| parse_error(&e))?;
    let (meta, map) = check_head(&whole.head, today, now)?;
    let checkins = whole
        .checkins
        .iter()
        .enumerate()
        .map(|(i, c)| c.check(now).map_err(at("checkins", i)))
        .collect::<Result<Vec<_>, _>>()?;
    let doc = Document {
        meta,
        map,
        checkins,
    };
    duplicates(&doc)?;
    Ok(doc)
}

/// Reads a document as it comes, for an import of any size: the check-ins are checked and
/// handed to `each` one at a time (with their place in the list), never held together.
///
/// `head` gets the document's own fields and the map's records (checked) before the
/// first check-in, or at the end when there are none; the map's records that come after
/// the check-ins (an export puts none there) are in what `read_each` returns. Check-ins
/// that come before the supporters (a hand-made file) are held until the end. Unlike
/// [`read`], two check-ins with one id are not looked for: the caller's store finds them.
/// An error from `head` or `each` ends the reading and is returned as it is.
pub fn read_each(
    input: impl std::io::Read,
    today: NaiveDate,
    now: DateTime<Utc>,
    head: &mut dyn FnMut(&Meta, &MapRecords) -> Result<()>,
    each: &mut dyn FnMut(usize, &CheckinRecord) -> Result<()>,
) -> Result<(Meta, MapRecords)> {
    let mut reading = Reading {
        today,
        now,
        head,
        each,
        failed: None,
        supporters: None,
    };
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
    let parsed = serde::Deserializer::deserialize_map(&mut de, &mut reading)
        .and_then(|found| de.end().map(|()| found));
    let (wire, handed, held) = match parsed {
        Ok(found) => found,
        Err(e) => {
            return Err(match reading.failed.take() {
                Some(failed) => failed,
                None => parse_error(&e).into(),
            });
        }
    };
    let (meta, mut map) = check_head(&wire, today, now)?;
    // Handed over already, the supporters were checked then and let go of as written.
    if let Some(supporters) = reading.supporters.take() {
        if !map.supporters.is_empty() {
            return Err(ReadError {
                place: "supporters".into(),
                message: "the list of supporters comes twice".into(),
            }
            .into());
        }
        map.supporters = supporters;
    }
    duplicate_supporters(&map)?;
    duplicate_others(&map)?;
    if !handed {
        (reading.head)(&meta, &map)?;
        for (i, c) in held.iter().enumerate() {
            let record = c.check(now).map_err(at("checkins", i))?;
            (reading.each)(i, &record)?;
        }
    }
    Ok((meta, map))
}

/// The state of [`read_each`] while serde walks the document.
struct Reading<'a> {
    today: NaiveDate,
    now: DateTime<Utc>,
    head: &'a mut dyn FnMut(&Meta, &MapRecords) -> Result<()>,
    each: &'a mut dyn FnMut(usize, &CheckinRecord) -> Result<()>,
    /// The error behind a stop: serde carries only a message, this keeps the error.
    failed: Option<anyhow::Error>,
    /// The supporters, checked, once handed over (their text as written is let go).
    supporters: Option<Vec<SupporterRecord>>,
}

impl Reading<'_> {
    fn fail<E: serde::de::Error>(&mut self, error: anyhow::Error) -> E {
        let message = error.to_string();
        self.failed = Some(error);
        E::custom(message)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut Reading<'_> {
    /// The head's fields, whether `head` has had them, and check-ins held back.
    type Value = (Head, bool, Vec<WireCheckin>);

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a supportmap export (a JSON object)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut head = Head {
            format: String::new(),
            format_version: 0,
            schema_version: 0,
            supportmap_version: String::new(),
            exported_at: String::new(),
            redacted: false,
            settings: Vec::new(),
            supporters: Vec::new(),
            plan: WirePlan::default(),
            dismissed_gaps: Vec::new(),
            reviews: Vec::new(),
        };
        let (mut format, mut supporters, mut handed) = (false, false, false);
        let mut held = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    head.format = map.next_value()?;
                    format = true;
                }
                "format_version" => head.format_version = map.next_value()?,
                "schema_version" => head.schema_version = map.next_value()?,
                "supportmap_version" => head.supportmap_version = map.next_value()?,
                "exported_at" => head.exported_at = map.next_value()?,
                "redacted" => head.redacted = map.next_value()?,
                "settings" => head.settings = map.next_value()?,
                "supporters" => {
                    head.supporters = map.next_value()?;
                    supporters = true;
                }
                "plan" => head.plan = map.next_value()?,
                "dismissed_gaps" => head.dismissed_gaps = map.next_value()?,
                "reviews" => head.reviews = map.next_value()?,
                "checkins" if format && supporters && !handed => {
                    let checked = check_head(&head, self.today, self.now)
                        .and_then(|(meta, map)| {
                            duplicate_supporters(&map)?;
                            Ok((meta, map))
                        })
                        .map_err(anyhow::Error::from)
                        .and_then(|(meta, records)| {
                            (self.head)(&meta, &records)?;
                            Ok(records.supporters)
                        });
                    match checked {
                        Ok(supporters) => self.supporters = Some(supporters),
                        Err(e) => return Err(self.fail(e)),
                    }
                    head.supporters = Vec::new();
                    handed = true;
                    map.next_value_seed(EachCheckin(&mut *self))?;
                }
                "checkins" => held = map.next_value()?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok((head, handed, held))
    }
}

/// The list of check-ins, each checked and handed on as it is read.
struct EachCheckin<'r, 'a>(&'r mut Reading<'a>);

impl<'de> serde::de::DeserializeSeed<'de> for EachCheckin<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EachCheckin<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of check-ins")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let reading = self.0;
        let mut i = 0;
        while let Some(wire) = seq.next_element::<WireCheckin>()? {
            let done = wire
                .check(reading.now)
                .map_err(at("checkins", i))
                .map_err(anyhow::Error::from)
                .and_then(|record| (reading.each)(i, &record));
            if let Err(e) = done {
                return Err(reading.fail(e));
            }
            i += 1;
        }
        Ok(())
    }
}

/// A JSON syntax error, or a field of the wrong type, placed by line and column.
fn parse_error(e: &serde_json::Error) -> ReadError {
    ReadError {
        place: if e.line() > 0 {
            format!("line {}, column {}", e.line(), e.column())
        } else {
            String::new()
        },
        message: serde_message(e),
    }
}

/// Checks everything but the check-ins: what the document says about itself, and each
/// record of the map.
fn check_head(
    head: &Head,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Meta, MapRecords), ReadError> {
    if head.format != FORMAT {
        return Err(ReadError {
            place: "format".into(),
            message: format!(
                "\"{}\" is not a supportmap export",
                text::visible(&head.format)
            ),
        });
    }
    if head.format_version > FORMAT_VERSION || head.format_version == 0 {
        return Err(ReadError {
            place: "format_version".into(),
            message: format!(
                "this file is format version {}; this supportmap reads version {FORMAT_VERSION} \
                 (install a newer supportmap to read it)",
                head.format_version
            ),
        });
    }
    let exported_at = moment_or("exported_at", &head.exported_at, now).map_err(|e| ReadError {
        place: e.field.into(),
        message: e.message,
    })?;
    let mut map = MapRecords::default();
    for (i, s) in head.settings.iter().enumerate() {
        let fail = at("settings", i);
        let key: Key = records::word("key", &s.key).map_err(&fail)?;
        let value = key
            .check(&s.value, today)
            .map_err(|m| fail(FieldError::new("value", m)))?;
        map.settings.push(SettingRecord {
            key,
            value,
            updated_at: moment_or("updated_at", &s.updated_at, now).map_err(&fail)?,
        });
    }
    for (i, s) in head.supporters.iter().enumerate() {
        map.supporters
            .push(s.check(today, now).map_err(at("supporters", i))?);
    }
    for (i, l) in head.plan.lines.iter().enumerate() {
        let fail = at("plan.lines", i);
        let text = records::optional_text("text", Some(&l.text), Shape::Lines)
            .map_err(&fail)?
            .ok_or_else(|| fail(FieldError::new("text", "is empty")))?;
        map.plan.push(PlanLine {
            uid: id_or_new("id", &l.id).map_err(&fail)?,
            section: records::word::<Section>("section", &l.section).map_err(&fail)?,
            position: u32::try_from(l.position)
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| fail(FieldError::new("position", "counts from 1")))?,
            text,
            created_at: moment_or("created_at", &l.created_at, now).map_err(&fail)?,
        });
    }
    for (i, r) in head.plan.reviews.iter().enumerate() {
        map.reviews.push(
            records::past_moment("reviewed_at", r, now).map_err(|e| ReadError {
                place: format!("plan.reviews[{i}]"),
                message: e.message,
            })?,
        );
    }
    for (i, d) in head.dismissed_gaps.iter().enumerate() {
        let fail = at("dismissed_gaps", i);
        let gap = records::optional_text("gap", Some(&d.gap), Shape::Line)
            .map_err(&fail)?
            .ok_or_else(|| fail(FieldError::new("gap", "is empty")))?;
        map.dismissals.push(DismissalRecord {
            gap,
            reason: records::optional_text("reason", d.reason.as_deref(), Shape::Line)
                .map_err(&fail)?,
            dismissed_at: moment_or("dismissed_at", &d.dismissed_at, now).map_err(&fail)?,
            until: d
                .until
                .as_deref()
                .map(|u| records::moment("until", u))
                .transpose()
                .map_err(&fail)?,
        });
    }
    for (i, r) in head.reviews.iter().enumerate() {
        let fail = at("reviews", i);
        map.map_reviews.push(ReviewRecord {
            uid: id_or_new("id", &r.id).map_err(&fail)?,
            at: records::past_moment("at", &r.at, now).map_err(&fail)?,
            note: records::optional_text("note", r.note.as_deref(), Shape::Lines).map_err(&fail)?,
        });
    }
    Ok((
        Meta {
            schema_version: head.schema_version,
            exported_at,
            redacted: head.redacted,
        },
        map,
    ))
}

/// Two records with one id, or two supporters with one name, cannot both be stored.
fn duplicates(doc: &Document) -> Result<(), ReadError> {
    duplicate_supporters(&doc.map)?;
    repeat(
        "checkins",
        "id",
        &mut doc.checkins.iter().map(|c| c.uid.clone()),
    )?;
    duplicate_others(&doc.map)
}

fn twice(list: &str, field: &str, i: usize, first: usize) -> ReadError {
    ReadError {
        place: format!("{list}[{i}].{field}"),
        message: format!("the same {field} as {list}[{first}]"),
    }
}

fn repeat(
    list: &str,
    field: &str,
    keys: &mut dyn Iterator<Item = String>,
) -> Result<(), ReadError> {
    let mut seen = std::collections::HashMap::new();
    for (i, key) in keys.enumerate() {
        if let Some(first) = seen.insert(key, i) {
            return Err(twice(list, field, i, first));
        }
    }
    Ok(())
}

fn duplicate_supporters(map: &MapRecords) -> Result<(), ReadError> {
    let mut seen = std::collections::HashMap::new();
    let mut names = std::collections::HashMap::new();
    for (i, s) in map.supporters.iter().enumerate() {
        if let Some(first) = seen.insert(s.uid.as_str(), i) {
            return Err(twice("supporters", "id", i, first));
        }
        if let Some(first) = names.insert(s.profile.name_key(), i) {
            return Err(twice("supporters", "name", i, first));
        }
    }
    Ok(())
}

fn duplicate_others(map: &MapRecords) -> Result<(), ReadError> {
    repeat(
        "plan.lines",
        "id",
        &mut map.plan.iter().map(|l| l.uid.clone()),
    )?;
    repeat(
        "dismissed_gaps",
        "gap",
        &mut map.dismissals.iter().map(|d| d.gap.clone()),
    )?;
    repeat(
        "settings",
        "key",
        &mut map.settings.iter().map(|s| s.key.as_str().to_string()),
    )
}

/// serde's message without its own " at line L column C" (the place says it), and in
/// the words of the document rather than of the program's types.
fn serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let text = text
        .replace("struct Whole", "a supportmap export (a JSON object)")
        .replace("struct WireSupporter", "a supporter (a JSON object)")
        .replace("struct WireCheckin", "a check-in (a JSON object)")
        .replace("struct WirePlan", "the plan (a JSON object)")
        .replace("struct WireLine", "a plan line (a JSON object)")
        .replace("struct WireDismissal", "a dismissed gap (a JSON object)")
        .replace("struct WireReview", "a review (a JSON object)")
        .replace("struct WireSetting", "a setting (a JSON object)")
        .replace("expected i64", "expected a whole number")
        .replace("expected u32", "expected a whole number");
    text::visible(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Profile};

    fn now() -> DateTime<Utc> {
        "2026-11-22T10:00:00Z".parse().unwrap()
    }

    fn sample() -> (MapRecords, Vec<CheckinRecord>) {
        let mut jo = Profile::new("Jo, \"the\" sponsor".into(), Category::Sponsor);
        jo.phone = Some("+44 7700 900123".into());
        jo.note = Some("line one\nline two".into());
        jo.tags.insert("na".into());
        let jo = SupporterRecord {
            uid: "0b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b".into(),
            profile: jo,
            created_at: "2026-01-01T09:00:00Z".parse().unwrap(),
            updated_at: "2026-02-01T09:00:00Z".parse().unwrap(),
            undated: false,
        };
        let map = MapRecords {
            settings: vec![SettingRecord {
                key: Key::Name,
                value: "Sam".into(),
                updated_at: now(),
            }],
            supporters: vec![jo],
            plan: vec![PlanLine {
                uid: "1b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b".into(),
                section: Section::Coping,
                position: 1,
                text: "walk".into(),
                created_at: now(),
            }],
            reviews: vec![now()],
            dismissals: vec![DismissalRecord {
                gap: "category-missing:spiritual".into(),
                reason: None,
                dismissed_at: now(),
                until: None,
            }],
            map_reviews: vec![ReviewRecord {
                uid: "3b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b".into(),
                at: now(),
                note: Some("after the move\nfeeling steadier".into()),
            }],
        };
        let checkin = CheckinRecord {
            uid: "2b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b".into(),
            batch: "2b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b".into(),
            supporter: Some("0b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b".into()),
            supporter_name: Some("Jo, \"the\" sponsor".into()),
            contact: Contact {
                at: "2026-11-01T18:00:00Z".parse().unwrap(),
                via: Via::Call,
                by: By::Me,
                mood: Some(7),
                note: Some("good".into()),
            },
            created_at: "2026-11-01T18:05:00Z".parse().unwrap(),
        };
        (map, vec![checkin])
    }

    fn written(map: &MapRecords, checkins: &[CheckinRecord]) -> String {
        let meta = Meta {
            schema_version: 9,
            exported_at: now(),
            redacted: false,
        };
        let mut out = Vec::new();
        write(&mut out, &meta, map, &mut |sink| {
            checkins.iter().try_for_each(&mut *sink)
        })
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_document_reads_back_as_the_records_it_was_written_from() {
        let (map, checkins) = sample();
        let text = written(&map, &checkins);
        let doc = read(&text, now().date_naive(), now()).unwrap();
        assert_eq!(doc.map, map);
        assert_eq!(doc.checkins, checkins);
        assert!(!doc.meta.redacted);
        // And it is one JSON value.
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["format_version"], 1);
        assert_eq!(value["checkins"][0]["via"], "call");
    }

    #[test]
    fn a_document_read_as_it_comes_hands_over_the_same_records_in_either_order() {
        let (map, checkins) = sample();
        let as_written = written(&map, &checkins);
        // serde_json's own map sorts the keys: the check-ins come before the supporters.
        let value: serde_json::Value = serde_json::from_str(&as_written).unwrap();
        let sorted = serde_json::to_string(&value).unwrap();
        for text in [as_written, sorted] {
            let mut heads = Vec::new();
            let mut each = Vec::new();
            let (meta, read) = read_each(
                text.as_bytes(),
                now().date_naive(),
                now(),
                &mut |_, map| {
                    heads.push(map.supporters.clone());
                    Ok(())
                },
                &mut |i, record| {
                    each.push((i, record.clone()));
                    Ok(())
                },
            )
            .unwrap();
            assert!(!meta.redacted);
            assert_eq!(heads.len(), 1, "the head once, before any check-in");
            assert_eq!(heads[0], map.supporters);
            assert_eq!(read, map);
            let expected: Vec<(usize, CheckinRecord)> =
                checkins.iter().cloned().enumerate().collect();
            assert_eq!(each, expected);
        }
        // A bad check-in is named by its place; an error from the caller comes back as is.
        let bad = written(&map, &checkins).replacen("\"via\":\"call\"", "\"via\":\"fax\"", 1);
        let err = read_each(
            bad.as_bytes(),
            now().date_naive(),
            now(),
            &mut |_, _| Ok(()),
            &mut |_, _| Ok(()),
        )
        .unwrap_err();
        let err = err.downcast::<ReadError>().unwrap();
        assert_eq!(err.place, "checkins[0].via");
        let err = read_each(
            written(&map, &checkins).as_bytes(),
            now().date_naive(),
            now(),
            &mut |_, _| Ok(()),
            &mut |_, _| anyhow::bail!("stop here"),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "stop here");
    }

    #[test]
    fn an_empty_map_is_a_valid_document() {
        let text = written(&MapRecords::default(), &[]);
        let doc = read(&text, now().date_naive(), now()).unwrap();
        assert!(doc.map.supporters.is_empty() && doc.checkins.is_empty());
    }

    #[test]
    fn a_bad_field_is_named_by_its_place() {
        let (map, checkins) = sample();
        let text = written(&map, &checkins).replace("+44 7700 900123", "no number");
        let err = read(&text, now().date_naive(), now()).unwrap_err();
        assert_eq!(err.place, "supporters[0].phone");
        assert!(err.message.contains("no digits"), "{err}");

        let text = written(&map, &checkins).replace("\"sponsor\",", "\"sponsr\",");
        let err = read(&text, now().date_naive(), now()).unwrap_err();
        assert_eq!(err.place, "supporters[0].category", "{err}");

        let text = written(&map, &checkins).replace("\"mood\":7", "\"mood\":11");
        let err = read(&text, now().date_naive(), now()).unwrap_err();
        assert_eq!(err.place, "checkins[0].mood", "{err}");

        let text = written(&map, &checkins).replace("Sam", "Sam\\u0007");
        let err = read(&text, now().date_naive(), now()).unwrap_err();
        assert_eq!(err.place, "settings[0].value", "{err}");
    }

    #[test]
    fn broken_json_and_newer_formats_are_refused_with_a_place() {
        let err = read("{\"format\": \"supportmap\",", now().date_naive(), now()).unwrap_err();
        assert!(err.place.starts_with("line 1"), "{err}");
        let text = written(&MapRecords::default(), &[])
            .replace("\"format_version\": 1", "\"format_version\": 2");
        let err = read(&text, now().date_naive(), now()).unwrap_err();
        assert!(err.message.contains("newer supportmap"), "{err}");
        let err = read(
            "{\"format\": \"other\", \"format_version\": 1}",
            now().date_naive(),
            now(),
        )
        .unwrap_err();
        assert!(err.message.contains("not a supportmap export"), "{err}");
    }

    #[test]
    fn two_records_with_one_id_are_refused() {
        let (map, mut checkins) = sample();
        checkins.push(checkins[0].clone());
        let err = read(&written(&map, &checkins), now().date_naive(), now()).unwrap_err();
        assert_eq!(err.place, "checkins[1].id");
    }

    mod round_trip {
        use super::*;
        use crate::domain::{Circle, Function, Mode, Rhythm, Status};
        use proptest::prelude::*;

        fn line() -> impl Strategy<Value = String> {
            "[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,;:\"'=+@./()&-]{0,40}"
                .prop_filter_map("clean text", |t| {
                    crate::domain::text::clean(&t, Shape::Line).ok()
                })
        }

        fn supporter() -> impl Strategy<Value = SupporterRecord> {
            (
                line().prop_filter("not an option", |n| !n.starts_with('-') && n != "NAME"),
                0..Category::ALL.len(),
                0..Circle::ALL.len(),
                0..Mode::ALL.len(),
                0..Status::ALL.len(),
                proptest::collection::btree_set(0..Function::ALL.len(), 0..4),
                proptest::option::of("\\+?[0-9 ]{1,15}[0-9]"),
                proptest::option::of(line()),
                proptest::option::of(1u32..400),
                proptest::option::of("[ -~]{1,30}(\n[ -~]{1,30}){0,2}"),
                0i64..1_700_000_000,
            )
                .prop_map(
                    |(name, cat, circle, mode, status, gives, phone, role, every, note, secs)| {
                        let mut p = Profile::new(name, Category::ALL[cat]);
                        p.circle = Circle::ALL[circle];
                        p.mode = Mode::ALL[mode];
                        p.status = Status::ALL[status];
                        p.gives = gives.into_iter().map(|i| Function::ALL[i]).collect();
                        p.phone =
                            phone.and_then(|n| crate::domain::text::clean(&n, Shape::Line).ok());
                        p.role = role;
                        p.every = every.and_then(Rhythm::from_days);
                        p.note =
                            note.and_then(|n| crate::domain::text::clean(&n, Shape::Lines).ok());
                        let at = DateTime::from_timestamp(secs, 0).unwrap();
                        SupporterRecord {
                            uid: uuid::Uuid::new_v4().to_string(),
                            profile: p,
                            created_at: at,
                            updated_at: at,
                            undated: false,
                        }
                    },
                )
        }

        proptest! {
            #[test]
            fn any_map_reads_back_as_it_was_written(
                supporters in proptest::collection::vec(supporter(), 0..6),
                moods in proptest::collection::vec(proptest::option::of(1u8..=10), 0..8),
            ) {
                let mut names = std::collections::HashSet::new();
                let supporters: Vec<SupporterRecord> = supporters
                    .into_iter()
                    .filter(|s| names.insert(s.profile.name_key()))
                    .collect();
                let checkins: Vec<CheckinRecord> = moods
                    .iter()
                    .enumerate()
                    .map(|(i, mood)| {
                        let uid = uuid::Uuid::new_v4().to_string();
                        let who = supporters.get(i % (supporters.len() + 1));
                        CheckinRecord {
                            batch: uid.clone(),
                            uid,
                            supporter: who.map(|s| s.uid.clone()),
                            supporter_name: who.map(|s| s.profile.name.clone()),
                            contact: Contact {
                                at: now() - chrono::Duration::hours(i as i64),
                                via: Via::ALL[i % Via::ALL.len()],
                                by: By::ALL[i % By::ALL.len()],
                                mood: *mood,
                                note: None,
                            },
                            created_at: now(),
                        }
                    })
                    .collect();
                let map = MapRecords { supporters, ..MapRecords::default() };
                let doc = read(&written(&map, &checkins), now().date_naive(), now()).unwrap();
                prop_assert_eq!(doc.map, map);
                prop_assert_eq!(doc.checkins, checkins);
            }

            #[test]
            fn any_input_is_read_or_refused_without_a_panic(input in ".{0,400}") {
                let _ = read(&input, now().date_naive(), now());
            }
        }
    }
}
