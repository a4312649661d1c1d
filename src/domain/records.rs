//! The whole map as records that carry their stable ids: what `export` writes and
//! `import` reads, whatever the file format. Pure values: the formats (in `crate::format`)
//! turn them into bytes and back, the database side reads and writes them.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use super::checkin::Contact;
use super::rhythm::Rhythm;
use super::settings::Key;
use super::supporter::{Profile, clean_name, is_email, is_phone, parse_date};
use super::text::{self, Shape, TextError};
use super::vocabulary::{Function, Section, UnknownWord, normalize};

/// A supporter with their stable id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupporterRecord {
    /// A UUID given at creation; the same on every machine the map is carried to.
    pub uid: String,
    pub profile: Profile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The file did not say when the record last changed (a hand-made row, a phone's
    /// card): it may add someone new, but never overwrites what the map has.
    pub undated: bool,
}

/// A check-in with its stable id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinRecord {
    pub uid: String,
    /// The check-ins logged by one command share a batch: here, the stable id of the
    /// batch's first check-in.
    pub batch: String,
    /// The supporter's stable id; `None` for a check-in that names nobody.
    pub supporter: Option<String>,
    /// The supporter's name, for a reader of the file (import goes by `supporter`).
    pub supporter_name: Option<String>,
    pub contact: Contact,
    pub created_at: DateTime<Utc>,
}

/// One line the user wrote in a section of the safety plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    pub uid: String,
    pub section: Section,
    /// 1 first, within its section.
    pub position: u32,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// A gap the user dismissed, or snoozed until a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DismissalRecord {
    pub gap: String,
    pub reason: Option<String>,
    pub dismissed_at: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

/// One guided review of the map (`supportmap review`), with the note kept with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    pub uid: String,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// One of the user's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingRecord {
    pub key: Key,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

/// Everything but the check-ins, which are read and written one at a time so that a
/// long history never has to fit in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapRecords {
    pub settings: Vec<SettingRecord>,
    /// Ordered by name.
    pub supporters: Vec<SupporterRecord>,
    /// Ordered by section, then position.
    pub plan: Vec<PlanLine>,
    /// When the safety plan was reviewed, oldest first.
    pub reviews: Vec<DateTime<Utc>>,
    /// Ordered by gap id.
    pub dismissals: Vec<DismissalRecord>,
    /// The guided reviews, oldest first.
    pub map_reviews: Vec<ReviewRecord>,
}

impl MapRecords {
    /// The shape of the map without what identifies anyone: see [`redact_profile`].
    /// Plan lines keep their section but not their words; dismissal reasons and the
    /// recovery date go; a name in a dismissed gap's id becomes initials.
    pub fn redacted(mut self) -> MapRecords {
        // Gap ids name people ("overdue:Jo Smith"): those become initials too.
        let names: std::collections::HashMap<String, String> = self
            .supporters
            .iter()
            .map(|s| (s.profile.name_key(), initials(&s.profile.name)))
            .collect();
        for d in &mut self.dismissals {
            d.gap = redact_gap_id(&d.gap, &names);
        }
        for s in &mut self.supporters {
            redact_profile(&mut s.profile);
        }
        // A recovery date is the user's own, and says more than the map's shape.
        self.settings.retain(|s| s.key != Key::RecoveryDate);
        for setting in &mut self.settings {
            if setting.key == Key::Name {
                setting.value = initials(&setting.value);
            }
        }
        for line in &mut self.plan {
            line.text = "(left out)".to_string();
        }
        for d in &mut self.dismissals {
            d.reason = None;
        }
        for r in &mut self.map_reviews {
            r.note = None;
        }
        self
    }
}

/// A gap's id with the name in it as initials ("overdue:Jo Smith" → "overdue:J. S."),
/// given each supporter's name key and initials; an id naming nobody stays as it is.
pub fn redact_gap_id(id: &str, names: &std::collections::HashMap<String, String>) -> String {
    match id.split_once(':') {
        Some((kind, name)) => match names.get(&name.to_lowercase()) {
            Some(short) => format!("{kind}:{short}"),
            None => id.to_string(),
        },
        None => id.to_string(),
    }
}

/// A profile with what identifies the person left out: the name becomes initials;
/// phone, email, other contact details, notes, the paused reason, the role and when they
/// can be reached go (the last two are free text, where a name or number can hide). What
/// remains is the shape of the tie: category, circle, what they give, rhythm and status.
pub fn redact_profile(p: &mut Profile) {
    p.name = initials(&p.name);
    p.phone = None;
    p.email = None;
    p.contact = None;
    p.note = None;
    p.paused_reason = None;
    // Free text, where a name or a number can hide ("after 6pm ring Tina on 07700...").
    p.role = None;
    p.available = None;
}

/// A check-in without its note, and with the supporter's name as initials.
pub fn redact_checkin(c: &mut CheckinRecord) {
    c.contact.note = None;
    c.supporter_name = c.supporter_name.as_deref().map(initials);
}

/// "Jo Smith" → "J. S."; "Tuesday SMART Recovery" → "T. S. R.". Only letters and digits
/// start a word; a name with none becomes "?".
pub fn initials(name: &str) -> String {
    let letters: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect();
    if letters.is_empty() {
        "?".to_string()
    } else {
        letters.join(" ")
    }
}

/// A supporter's fields as a file gives them, words and dates still text: what import
/// reads from JSON and CSV before [`RawSupporter::check`] turns it into a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RawSupporter {
    pub name: String,
    pub kind: Option<String>,
    pub category: String,
    pub role: Option<String>,
    pub circle: Option<String>,
    pub tie: Option<String>,
    pub mode: Option<String>,
    pub gives: Vec<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub contact: Option<String>,
    pub crisis_order: Option<i64>,
    pub available: Option<String>,
    pub every_days: Option<i64>,
    pub status: Option<String>,
    pub paused_reason: Option<String>,
    pub since: Option<String>,
    pub note: Option<String>,
    pub tags: Vec<String>,
}

/// Why one field of a record was refused: the field's name in the file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// One text field through the one rule for stored text; empty means absent.
pub fn optional_text(
    field: &'static str,
    value: Option<&str>,
    shape: Shape,
) -> Result<Option<String>, FieldError> {
    match value.map(|v| text::clean(v, shape)) {
        None | Some(Err(TextError::Empty)) => Ok(None),
        Some(Ok(clean)) => Ok(Some(clean)),
        Some(Err(error)) => Err(FieldError::new(field, error.to_string())),
    }
}

/// A word of the vocabulary (category, circle, …), by name or alias.
pub fn word<T: FromStr<Err = UnknownWord>>(
    field: &'static str,
    value: &str,
) -> Result<T, FieldError> {
    value
        .parse()
        .map_err(|e: UnknownWord| FieldError::new(field, e.to_string()))
}

/// A moment as supportmap writes it (RFC 3339), between the years 1900 and 2200.
pub fn moment(field: &'static str, value: &str) -> Result<DateTime<Utc>, FieldError> {
    let at = DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            FieldError::new(
                field,
                format!(
                    "\"{}\" is not a date and time; use RFC 3339, like 2026-03-01T18:30:00Z",
                    text::visible(value.trim())
                ),
            )
        })?;
    if !(1900..=2200).contains(&chrono::Datelike::year(&at)) {
        return Err(FieldError::new(
            field,
            format!(
                "{} is not a date supportmap keeps (the years 1900 to 2200)",
                value.trim()
            ),
        ));
    }
    Ok(at)
}

/// [`moment`], and not in the future (a day's leeway for clocks and time zones).
pub fn past_moment(
    field: &'static str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, FieldError> {
    let at = moment(field, value)?;
    if at > now + chrono::Duration::days(1) {
        return Err(FieldError::new(
            field,
            format!("{} is in the future", value.trim()),
        ));
    }
    Ok(at)
}

/// A stable id: a UUID, stored in its lower-case hyphenated form.
pub fn uid(field: &'static str, value: &str) -> Result<String, FieldError> {
    uuid::Uuid::parse_str(value.trim())
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| {
            FieldError::new(
                field,
                format!(
                    "\"{}\" is not an id; supportmap's ids are UUIDs, like \
                     0b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b",
                    text::visible(value.trim())
                ),
            )
        })
}

impl RawSupporter {
    /// The profile these fields describe, checked as `add` checks its flags: the one rule
    /// for stored text, words of the vocabulary (aliases too), a phone number with digits,
    /// an email with an @, a rhythm and crisis order in range, a `since` not in the future.
    pub fn check(&self, today: NaiveDate) -> Result<Profile, FieldError> {
        let name = clean_name(&self.name).map_err(|e| FieldError::new("name", e.to_string()))?;
        let mut p = Profile::new(name, word("category", &self.category)?);
        if let Some(kind) = &self.kind {
            p.kind = word("kind", kind)?;
        }
        if let Some(circle) = &self.circle {
            p.circle = word("circle", circle)?;
        }
        if let Some(tie) = &self.tie {
            p.tie = word("tie", tie)?;
        }
        if let Some(mode) = &self.mode {
            p.mode = word("mode", mode)?;
        }
        if let Some(status) = &self.status {
            p.status = word("status", status)?;
        }
        for function in &self.gives {
            p.gives.insert(word::<Function>("gives", function)?);
        }
        p.role = optional_text("role", self.role.as_deref(), Shape::Line)?;
        p.contact = optional_text("contact", self.contact.as_deref(), Shape::Line)?;
        p.available = optional_text("available", self.available.as_deref(), Shape::Line)?;
        p.paused_reason =
            optional_text("paused_reason", self.paused_reason.as_deref(), Shape::Line)?;
        p.note = optional_text("note", self.note.as_deref(), Shape::Lines)?;
        p.phone = optional_text("phone", self.phone.as_deref(), Shape::Line)?;
        if let Some(phone) = &p.phone {
            if !is_phone(phone) {
                return Err(FieldError::new(
                    "phone",
                    format!("\"{phone}\" has no digits"),
                ));
            }
        }
        p.email = optional_text("email", self.email.as_deref(), Shape::Line)?;
        if let Some(email) = &p.email {
            if !is_email(email) {
                return Err(FieldError::new(
                    "email",
                    format!("\"{email}\" does not look like an address (no @)"),
                ));
            }
        }
        if let Some(days) = self.every_days {
            let rhythm = u32::try_from(days).ok().and_then(Rhythm::from_days);
            p.every = Some(rhythm.ok_or_else(|| {
                FieldError::new("every_days", format!("{days} is not a rhythm in days"))
            })?);
        }
        if let Some(order) = self.crisis_order {
            let order = u32::try_from(order)
                .ok()
                .filter(|o| *o >= 1)
                .ok_or_else(|| {
                    FieldError::new("crisis_order", "counts from 1 (who to call first)")
                })?;
            // A place in the crisis order makes a crisis contact, as `--crisis-order` does.
            p.crisis_order = Some(order);
            p.gives.insert(Function::Crisis);
        }
        if let Some(since) = &self.since {
            let date = parse_date(since).map_err(|e| FieldError::new("since", e))?;
            if date > today {
                return Err(FieldError::new("since", format!("{date} is in the future")));
            }
            p.since = Some(date);
        }
        for tag in &self.tags {
            let tag = text::clean(&normalize(tag), Shape::Line)
                .map_err(|e| FieldError::new("tags", format!("a tag {e}")))?;
            p.tags.insert(tag);
        }
        Ok(p)
    }

    /// The fields of a profile as a file gives them (the inverse of [`RawSupporter::check`]).
    pub fn from_profile(p: &Profile) -> RawSupporter {
        RawSupporter {
            name: p.name.clone(),
            kind: Some(p.kind.as_str().to_string()),
            category: p.category.as_str().to_string(),
            role: p.role.clone(),
            circle: Some(p.circle.as_str().to_string()),
            tie: Some(p.tie.as_str().to_string()),
            mode: Some(p.mode.as_str().to_string()),
            gives: p.gives.iter().map(|f| f.as_str().to_string()).collect(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            contact: p.contact.clone(),
            crisis_order: p.crisis_order.map(i64::from),
            available: p.available.clone(),
            every_days: p.every.map(|r| i64::from(r.days())),
            status: Some(p.status.as_str().to_string()),
            paused_reason: p.paused_reason.clone(),
            since: p.since.map(|d| d.to_string()),
            note: p.note.clone(),
            tags: p.tags.iter().cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Category;

    #[test]
    fn initials_keep_the_shape_of_a_name_and_nothing_else() {
        assert_eq!(initials("Jo Smith"), "J. S.");
        assert_eq!(initials("Tuesday SMART Recovery"), "T. S. R.");
        assert_eq!(initials("Anne-Marie"), "A. M.");
        assert_eq!(initials("ørjan"), "Ø.");
        assert_eq!(initials("(  )"), "?");
    }

    #[test]
    fn redacting_leaves_out_every_contact_detail_and_note() {
        let mut p = Profile::new("Jo Smith".into(), Category::Friend);
        p.phone = Some("+44 7700 900123".into());
        p.email = Some("jo@example.org".into());
        p.contact = Some("@jo".into());
        p.note = Some("met at the allotment".into());
        p.paused_reason = Some("needed space".into());
        p.role = Some("GP; email tina.f@nhs.example".into());
        p.available = Some("after 6pm ring Tina on 07700 900999".into());
        redact_profile(&mut p);
        assert_eq!(p.name, "J. S.");
        assert_eq!(
            (p.phone, p.email, p.contact, p.note, p.paused_reason),
            (None, None, None, None, None)
        );
        assert_eq!(
            (p.role, p.available),
            (None, None),
            "free text can hide a name"
        );
        assert_eq!(p.category, Category::Friend, "the shape stays");
    }

    #[test]
    fn a_redacted_map_names_nobody_even_in_gap_ids() {
        let jo = SupporterRecord {
            uid: "u".into(),
            profile: Profile::new("Sam O'Neill".into(), Category::Friend),
            created_at: DateTime::default(),
            updated_at: DateTime::default(),
            undated: false,
        };
        let map = MapRecords {
            supporters: vec![jo],
            dismissals: vec![DismissalRecord {
                gap: "overdue:Sam O'Neill".into(),
                reason: Some("he is away".into()),
                dismissed_at: DateTime::default(),
                until: None,
            }],
            settings: vec![SettingRecord {
                key: Key::RecoveryDate,
                value: "2026-03-14".into(),
                updated_at: DateTime::default(),
            }],
            ..MapRecords::default()
        }
        .redacted();
        assert_eq!(map.dismissals[0].gap, "overdue:S. O.");
        assert_eq!(map.dismissals[0].reason, None);
        assert!(map.settings.is_empty());
    }
}
