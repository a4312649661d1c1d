//! The whole map as records that carry their stable ids: what `export` writes and
//! `import` reads, whatever the file format. Pure values: the formats (in `crate::format`)
//! turn them into bytes and back, the database side reads and writes them.

use chrono::{DateTime, NaiveDate, Utc};

use super::checkin::Contact;
use super::plan::REVIEW_EVERY_DAYS;
use super::settings::Key;
use super::supporter::Profile;
use super::vocabulary::Section;

/// A supporter with their stable id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupporterRecord {
    /// A UUID given at creation; the same on every machine the map is carried to.
    pub uid: String,
    pub profile: Profile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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
}

impl MapRecords {
    /// The day the safety plan is next due for a review, if it has been begun.
    pub fn plan_review_due(&self) -> Option<NaiveDate> {
        let last = self
            .reviews
            .iter()
            .max()
            .copied()
            .or_else(|| self.plan.iter().map(|l| l.created_at).min())?;
        Some((last + chrono::Duration::days(REVIEW_EVERY_DAYS)).date_naive())
    }

    /// The shape of the map without what identifies anyone: see [`redact_profile`].
    /// Plan lines keep their section but not their words; dismissal reasons go.
    pub fn redacted(mut self) -> MapRecords {
        for s in &mut self.supporters {
            redact_profile(&mut s.profile);
        }
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
        self
    }
}

/// A profile with what identifies the person left out: the name becomes initials;
/// phone, email, other contact details, notes and the paused reason go. What remains is
/// the shape of the tie: category, circle, what they give, rhythm, role and status.
pub fn redact_profile(p: &mut Profile) {
    p.name = initials(&p.name);
    p.phone = None;
    p.email = None;
    p.contact = None;
    p.note = None;
    p.paused_reason = None;
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
        p.role = Some("neighbour".into());
        redact_profile(&mut p);
        assert_eq!(p.name, "J. S.");
        assert_eq!(
            (p.phone, p.email, p.contact, p.note, p.paused_reason),
            (None, None, None, None, None)
        );
        assert_eq!(p.role.as_deref(), Some("neighbour"));
    }
}
