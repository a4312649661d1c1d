//! The map as records with stable ids, for `export`, and an import's records merged in,
//! all in the caller's one transaction.

use std::collections::HashMap;

use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, params};

use super::{optional_text, parse_column, text_column, timestamp, timestamp_column};
use crate::domain::checkin::Contact;
use crate::domain::records::{
    CheckinRecord, DismissalRecord, MapRecords, PlanLine, ReviewRecord, SettingRecord,
    SupporterRecord,
};
use crate::domain::text::Shape;
use crate::error::Failure;

/// Each supporter's stable id, by local id.
pub fn supporter_uids(conn: &Connection) -> Result<HashMap<i64, String>> {
    conn.prepare("SELECT id, uid FROM supporters WHERE uid IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()
        .context("could not read supporters")
}

/// Everything but the check-ins.
pub fn map_records(conn: &Connection) -> Result<MapRecords> {
    let uids = supporter_uids(conn)?;
    let supporters = super::supporters::all(conn)?
        .into_iter()
        .map(|s| SupporterRecord {
            uid: uids.get(&s.id).cloned().unwrap_or_default(),
            profile: s.profile,
            created_at: s.created_at,
            updated_at: s.updated_at,
            undated: false,
        })
        .collect();
    let mut plan: Vec<PlanLine> = conn
        .prepare("SELECT uid, section, position, text, created_at FROM plan_items")?
        .query_map([], |row| {
            Ok(PlanLine {
                uid: row.get(0)?,
                section: parse_column(row, 1)?,
                position: row.get(2)?,
                text: text_column(row, 3, Shape::Lines)?,
                created_at: timestamp_column(row, 4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()
        .context("could not read the safety plan")?;
    plan.sort_by_key(|l| (l.section, l.position));
    let reviews = conn
        .prepare("SELECT reviewed_at FROM plan_reviews ORDER BY reviewed_at")?
        .query_map([], |row| timestamp_column(row, 0))?
        .collect::<rusqlite::Result<_>>()
        .context("could not read the plan's reviews")?;
    let dismissals = conn
        .prepare("SELECT gap_id, reason, dismissed_at, until FROM dismissed_gaps ORDER BY gap_id")?
        .query_map([], |row| {
            let until: Option<String> = row.get(3)?;
            Ok(DismissalRecord {
                gap: text_column(row, 0, Shape::Line)?,
                reason: optional_text(row, 1, Shape::Line)?,
                dismissed_at: timestamp_column(row, 2)?,
                until: until.as_deref().and_then(super::parse_timestamp),
            })
        })?
        .collect::<rusqlite::Result<_>>()
        .context("could not read dismissed gaps")?;
    let settings = conn
        .prepare("SELECT key, value, updated_at FROM settings ORDER BY key")?
        .query_map([], |row| {
            Ok(SettingRecord {
                key: parse_column(row, 0)?,
                value: text_column(row, 1, Shape::Line)?,
                updated_at: timestamp_column(row, 2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()
        .context("could not read settings")?;
    let map_reviews = super::reviews::all(conn)?
        .into_iter()
        .map(|r| ReviewRecord {
            uid: r.uid,
            at: r.at,
            note: r.note,
        })
        .collect();
    Ok(MapRecords {
        settings,
        supporters,
        plan,
        reviews,
        dismissals,
        map_reviews,
    })
}

/// Hands every check-in to `each`, oldest entered first, one row at a time: memory
/// stays flat however long the history.
pub fn each_checkin(
    conn: &Connection,
    each: &mut dyn FnMut(&CheckinRecord) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT c.uid,
                (SELECT b.uid FROM checkins b WHERE b.batch = c.batch ORDER BY b.id LIMIT 1),
                s.uid, s.name, c.at, c.via, c.initiated_by, c.mood, c.note, c.created_at
         FROM checkins c LEFT JOIN supporters s ON s.id = c.supporter_id
         ORDER BY c.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next().context("could not read check-ins")? {
        let record = (|| -> rusqlite::Result<CheckinRecord> {
            let uid: String = row.get(0)?;
            Ok(CheckinRecord {
                batch: row
                    .get::<_, Option<String>>(1)?
                    .unwrap_or_else(|| uid.clone()),
                uid,
                supporter: row.get(2)?,
                supporter_name: optional_text(row, 3, Shape::Line)?,
                contact: Contact {
                    at: timestamp_column(row, 4)?,
                    via: parse_column(row, 5)?,
                    by: parse_column(row, 6)?,
                    mood: row.get(7)?,
                    note: optional_text(row, 8, Shape::Lines)?,
                },
                created_at: timestamp_column(row, 9)?,
            })
        })()
        .context("could not read check-ins")?;
        each(&record)?;
    }
    Ok(())
}

/// What an import did (or, with `--dry-run`, would do), kind by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    pub supporters: Counts,
    pub checkins: Counts,
    pub plan_lines: Counts,
    pub plan_reviews: Counts,
    pub dismissed_gaps: Counts,
    pub settings: Counts,
    pub reviews: Counts,
    /// Supporters whose details differ in the file but were kept as the map has them
    /// (the map's copy is newer, or the file does not say when it changed).
    pub kept_from_map: usize,
}

/// A refusal naming the file and the record: `map.json: checkins[4].supporter: ...`.
fn refuse(file: &str, place: String, message: String) -> anyhow::Error {
    Failure::usage(format!("{file}: {place}: {message}"))
        .hint("the map was left as it was; fix that record in the file and import it again")
        .into()
}

/// Merges records into the map. A record is found by its stable id (a supporter also by
/// name, so one person added on two machines stays one person); a new one is added, a
/// changed one is updated when the file's copy is newer (`updated_at`), and the rest are
/// left. Check-ins, plan lines and reviews never change once written: they are added or
/// left. `file` names the file in a refusal. With `update` false (a phone's contact cards), nobody already in the map is
/// changed.
pub fn merge(
    conn: &Connection,
    file: &str,
    map: &MapRecords,
    checkins: &[CheckinRecord],
    update: bool,
) -> Result<Outcome> {
    let mut merge = Merge::new(conn, file, update);
    merge.supporters(&map.supporters)?;
    for (i, record) in checkins.iter().enumerate() {
        merge.checkin(i, record)?;
    }
    merge.finish(map)
}

/// [`merge`] a part at a time, for an import read as it comes: the supporters first,
/// then each check-in as it is read (none held in memory), then the rest of the map.
/// The check-ins go in as one block of the journal ([`super::journal::Quiet`]): one row
/// however many there are, and `undo` still takes the whole import back.
pub struct Merge<'c> {
    conn: &'c Connection,
    file: String,
    update: bool,
    outcome: Outcome,
    /// Each supporter of the file, by stable id, to its id in the map.
    local: HashMap<String, i64>,
    checkins: Option<Checkins>,
}

/// Where the check-ins stand while they go in.
struct Checkins {
    quiet: super::journal::Quiet,
    next_batch: i64,
    /// Batches named by a check-in not yet stored (a file whose batch's first check-in
    /// comes later, or never): by that id, to the number they were given. An export
    /// names each batch by its first check-in, already stored when the others come, so
    /// this stays empty however long the history.
    waiting: HashMap<String, i64>,
}

impl<'c> Merge<'c> {
    /// `file` names the file in a refusal. With `update` false (a phone's contact
    /// cards), nobody already in the map is changed.
    pub fn new(conn: &'c Connection, file: &str, update: bool) -> Merge<'c> {
        Merge {
            conn,
            file: file.to_string(),
            update,
            outcome: Outcome::default(),
            local: HashMap::new(),
            checkins: None,
        }
    }

    /// Merges the supporters; before any check-in.
    pub fn supporters(&mut self, supporters: &[SupporterRecord]) -> Result<()> {
        let conn = self.conn;
        let mut seen = std::collections::HashSet::new();
        for (i, record) in supporters.iter().enumerate() {
            let by_uid: Option<(i64, String)> = conn
                .query_row(
                    "SELECT id, updated_at FROM supporters WHERE uid = ?1",
                    [&record.uid],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let found = match by_uid {
                Some(found) => Some(found),
                None => conn
                    .query_row(
                        "SELECT id, updated_at FROM supporters WHERE name_key = ?1",
                        [record.profile.name_key()],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?,
            };
            let id = match found {
                None => {
                    self.outcome.supporters.added += 1;
                    super::supporters::insert_record(
                        conn,
                        &record.uid,
                        &record.profile,
                        record.created_at,
                        record.updated_at,
                    )?
                }
                Some((id, updated_at)) => {
                    if !seen.insert(id) {
                        return Err(refuse(
                            &self.file,
                            format!("supporters[{i}]"),
                            "is the same person as an earlier record in the file (by id or by \
                         name)"
                                .to_string(),
                        ));
                    }
                    let ours = super::supporters::get(conn, id)?;
                    // The file's copy wins when it is at least as new as the map's: a copy
                    // edited in a spreadsheet since it was exported keeps its time and wins;
                    // a change made in the map since then is newer and stays.
                    let newer = super::parse_timestamp(&updated_at)
                        .is_none_or(|ours| record.updated_at >= ours);
                    let differs = ours.profile != record.profile;
                    if self.update && newer && differs && !record.undated {
                        let clash: Option<i64> = conn
                            .query_row(
                                "SELECT id FROM supporters WHERE name_key = ?1 AND id != ?2",
                                params![record.profile.name_key(), id],
                                |r| r.get(0),
                            )
                            .optional()?;
                        if clash.is_some() {
                            return Err(refuse(
                                &self.file,
                                format!("supporters[{i}].name"),
                                format!(
                                    "\"{}\" is already another supporter in this map",
                                    record.profile.name
                                ),
                            ));
                        }
                        super::supporters::update(conn, id, &record.profile, record.updated_at)?;
                        self.outcome.supporters.updated += 1;
                    } else {
                        self.outcome.supporters.unchanged += 1;
                        if differs {
                            self.outcome.kept_from_map += 1;
                        }
                    }
                    id
                }
            };
            self.local.insert(record.uid.clone(), id);
        }
        Ok(())
    }

    /// Adds one check-in unless the map has it already (by stable id), with its
    /// supporter's id in this map and its batch renumbered for this map. `i` is its
    /// place in the file, for a refusal.
    pub fn checkin(&mut self, i: usize, record: &CheckinRecord) -> Result<()> {
        let conn = self.conn;
        if self.checkins.is_none() {
            self.checkins = Some(Checkins {
                quiet: super::journal::Quiet::begin(conn)?,
                next_batch: super::checkins::next_batch(conn)?,
                waiting: HashMap::new(),
            });
        }
        let Some(state) = self.checkins.as_mut() else {
            return Ok(());
        };
        let found: Option<i64> = conn
            .prepare_cached("SELECT id FROM checkins WHERE uid = ?1")?
            .query_row([&record.uid], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            if id > state.quiet.before {
                return Err(refuse(
                    &self.file,
                    format!("checkins[{i}].id"),
                    "the same id as an earlier check-in in the file".to_string(),
                ));
            }
            self.outcome.checkins.unchanged += 1;
            return Ok(());
        }
        let supporter = match &record.supporter {
            None => None,
            Some(uid) => match self.local.get(uid) {
                Some(id) => Some(*id),
                None => {
                    let id: Option<i64> = conn
                        .prepare_cached("SELECT id FROM supporters WHERE uid = ?1")?
                        .query_row([uid], |r| r.get(0))
                        .optional()?;
                    Some(id.ok_or_else(|| {
                        refuse(
                            &self.file,
                            format!("checkins[{i}].supporter"),
                            format!("no supporter with id {uid} in the file or in the map"),
                        )
                    })?)
                }
            },
        };
        let mut new_batch = || {
            state.next_batch += 1;
            state.next_batch - 1
        };
        let batch = if record.batch == record.uid {
            // The first of its batch (as an export names batches).
            match state.waiting.remove(&record.uid) {
                Some(batch) => batch,
                None => new_batch(),
            }
        } else {
            let stored: Option<i64> = conn
                .prepare_cached("SELECT batch FROM checkins WHERE uid = ?1")?
                .query_row([&record.batch], |r| r.get(0))
                .optional()?;
            match stored {
                Some(batch) => batch,
                None => match state.waiting.get(&record.batch) {
                    Some(batch) => *batch,
                    None => {
                        let batch = new_batch();
                        state.waiting.insert(record.batch.clone(), batch);
                        batch
                    }
                },
            }
        };
        super::checkins::insert_record(
            conn,
            &record.uid,
            supporter,
            batch,
            &record.contact,
            record.created_at,
        )?;
        self.outcome.checkins.added += 1;
        Ok(())
    }

    /// Ends the check-ins' block and merges the rest of the map: plan lines and
    /// reviews, dismissals, reviews, settings.
    pub fn finish(mut self, map: &MapRecords) -> Result<Outcome> {
        if let Some(state) = self.checkins.take() {
            state.quiet.end(self.conn)?;
        }
        let conn = self.conn;
        for line in &map.plan {
            let exists: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM plan_items WHERE uid = ?1)",
                [&line.uid],
                |r| r.get(0),
            )?;
            if exists {
                self.outcome.plan_lines.unchanged += 1;
                continue;
            }
            // Its own place when free (an import into an empty map keeps the order exactly);
            // otherwise after the section's last line.
            let taken: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM plan_items WHERE section = ?1 AND position = ?2)",
                params![line.section.as_str(), line.position],
                |r| r.get(0),
            )?;
            let position = if taken {
                self.conn.query_row(
                    "SELECT coalesce(max(position), 0) + 1 FROM plan_items WHERE section = ?1",
                    [line.section.as_str()],
                    |r| r.get(0),
                )?
            } else {
                line.position
            };
            super::plan::insert_line(
                self.conn,
                &line.uid,
                line.section,
                position,
                &line.text,
                line.created_at,
            )?;
            self.outcome.plan_lines.added += 1;
        }

        for review in &map.reviews {
            let exists: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM plan_reviews WHERE reviewed_at = ?1)",
                [timestamp(*review)],
                |r| r.get(0),
            )?;
            if exists {
                self.outcome.plan_reviews.unchanged += 1;
            } else {
                self.conn
                    .execute(
                        "INSERT INTO plan_reviews (reviewed_at) VALUES (?1)",
                        [timestamp(*review)],
                    )
                    .context("could not save the review")?;
                self.outcome.plan_reviews.added += 1;
            }
        }

        for d in &map.dismissals {
            let ours: Option<String> = conn
                .query_row(
                    "SELECT dismissed_at FROM dismissed_gaps WHERE gap_id = ?1",
                    [&d.gap],
                    |r| r.get(0),
                )
                .optional()?;
            let counts = &mut self.outcome.dismissed_gaps;
            match ours.as_deref().map(super::parse_timestamp) {
                Some(Some(ours)) if ours >= d.dismissed_at => counts.unchanged += 1,
                found => {
                    super::guard("the reason", d.reason.as_deref(), Shape::Line)?;
                    self.conn
                        .execute(
                            "INSERT INTO dismissed_gaps (gap_id, reason, dismissed_at, until)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (gap_id) DO UPDATE SET reason = excluded.reason,
                             dismissed_at = excluded.dismissed_at, until = excluded.until",
                            params![
                                d.gap,
                                d.reason,
                                timestamp(d.dismissed_at),
                                d.until.map(timestamp)
                            ],
                        )
                        .context("could not save the dismissal")?;
                    if found.is_some() {
                        counts.updated += 1;
                    } else {
                        counts.added += 1;
                    }
                }
            }
        }

        for r in &map.map_reviews {
            let exists: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE uid = ?1)",
                [&r.uid],
                |row| row.get(0),
            )?;
            if exists {
                self.outcome.reviews.unchanged += 1;
            } else {
                super::guard("the note", r.note.as_deref(), Shape::Lines)?;
                self.conn
                    .execute(
                        "INSERT INTO reviews (uid, at, note) VALUES (?1, ?2, ?3)",
                        params![r.uid, timestamp(r.at), r.note],
                    )
                    .context("could not save the review")?;
                self.outcome.reviews.added += 1;
            }
        }

        for s in &map.settings {
            let ours: Option<(String, String)> = conn
                .query_row(
                    "SELECT value, updated_at FROM settings WHERE key = ?1",
                    [s.key.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let counts = &mut self.outcome.settings;
            match ours {
                Some((value, at))
                    if value == s.value
                        || super::parse_timestamp(&at).is_some_and(|at| at >= s.updated_at) =>
                {
                    counts.unchanged += 1
                }
                found => {
                    super::settings::set(self.conn, s.key, &s.value, s.updated_at)?;
                    if found.is_some() {
                        counts.updated += 1;
                    } else {
                        counts.added += 1;
                    }
                }
            }
        }
        Ok(self.outcome)
    }
}

/// True when the map has nothing in it yet (an import then rebuilds it exactly).
pub fn is_empty(conn: &Connection) -> Result<bool> {
    conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM supporters) AND NOT EXISTS (SELECT 1 FROM checkins)
            AND NOT EXISTS (SELECT 1 FROM plan_items)",
        [],
        |r| r.get(0),
    )
    .context("could not read the map")
}
