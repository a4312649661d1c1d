//! The crisis card and the safety plan: who to call, in order, and the plan's sections.
//! The "people to ask for help" and "professionals and agencies" sections come from the
//! map itself, so the plan never goes stale when a number changes.

use chrono::{DateTime, Utc};

use super::supporter::Supporter;
use super::vocabulary::{Category, Kind, Section, Status};

/// The plan is due for a review after this many days.
pub const REVIEW_EVERY_DAYS: i64 = 90;

/// One line the user wrote in a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    pub id: i64,
    pub section: Section,
    /// 1 first, within its section.
    pub position: u32,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// The user's own sections, and when the plan was last reviewed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Ordered by section, then position.
    pub items: Vec<PlanItem>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

impl Plan {
    pub fn section(&self, section: Section) -> impl Iterator<Item = &PlanItem> {
        self.items.iter().filter(move |i| i.section == section)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The day the plan is next due for a review ([`REVIEW_EVERY_DAYS`] after it was last
    /// looked over), if it has been begun.
    pub fn review_due(&self) -> Option<chrono::NaiveDate> {
        Some((self.last_looked_at()? + chrono::Duration::days(REVIEW_EVERY_DAYS)).date_naive())
    }

    /// When the plan was last looked over: its last review, or else when it was begun.
    pub fn last_looked_at(&self) -> Option<DateTime<Utc>> {
        self.reviewed_at
            .or_else(|| self.items.iter().map(|i| i.created_at).min())
    }
}

/// Active crisis contacts in the order to call them: their `crisis_order` (those without
/// one after), then inner circle first, then by name. Paused ties are left off: the user
/// chose the boundary, and the gap analysis points out any paused crisis contact.
pub fn crisis_contacts(supporters: &[Supporter]) -> Vec<&Supporter> {
    let mut contacts: Vec<&Supporter> = supporters
        .iter()
        .filter(|s| s.profile.status == Status::Active && s.profile.is_crisis())
        .collect();
    contacts.sort_by_key(|s| crisis_rank(s));
    contacts
}

/// Where a supporter comes when calling in a crisis: by `crisis_order` (none last),
/// then inner circle first, then by name.
pub fn crisis_rank(s: &Supporter) -> (u32, crate::domain::Circle, String) {
    (
        s.profile.crisis_order.unwrap_or(u32::MAX),
        s.profile.circle,
        s.profile.name_key(),
    )
}

/// A professional or a service (a clinic, a crisis line): the plan's "professionals and
/// agencies"; everyone else is one of the "people to ask for help".
pub fn is_professional(s: &Supporter) -> bool {
    s.profile.category == Category::Professional || s.profile.kind == Kind::Service
}

/// Parses a section the user writes, and explains the two that come from the map.
pub fn parse_section(input: &str) -> Result<Section, String> {
    let word = crate::domain::vocabulary::normalize(input);
    if [
        "people",
        "help",
        "professionals",
        "agencies",
        "contacts",
        "professional",
    ]
    .contains(&word.as_str())
    {
        return Err(format!(
            "\"{}\" comes from your crisis contacts, not from `plan add`: save someone with \
             `supportmap add NAME --category CATEGORY --crisis --phone NUMBER` (a professional \
             or service goes under professionals and agencies)",
            input.trim()
        ));
    }
    input.parse::<Section>().map_err(|e| e.to_string())
}

/// Why an edit to the plan was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    NoSuchItem {
        section: Section,
        number: u32,
        count: usize,
    },
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::NoSuchItem {
                section,
                number,
                count: 0,
            } => write!(f, "{section} has no line {number}: it is empty"),
            PlanError::NoSuchItem {
                section,
                number,
                count,
            } => write!(
                f,
                "{section} has no line {number}: it has {count} (numbered from 1)"
            ),
        }
    }
}

impl std::error::Error for PlanError {}

/// Checks that `number` (from 1) is a line of a section with `count` lines.
pub fn check_line(section: Section, number: u32, count: usize) -> Result<(), PlanError> {
    if number >= 1 && (number as usize) <= count {
        Ok(())
    } else {
        Err(PlanError::NoSuchItem {
            section,
            number,
            count,
        })
    }
}

/// The section's order after moving line `from` to place `to` (both from 1): a list of
/// the original positions in their new order.
pub fn moved(count: usize, from: u32, to: u32) -> Vec<u32> {
    let mut order: Vec<u32> = (1..=count as u32).collect();
    let item = order.remove(from as usize - 1);
    order.insert(to as usize - 1, item);
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Circle, Function, Profile};

    fn contact(id: i64, name: &str, order: Option<u32>, circle: Circle) -> Supporter {
        let mut profile = Profile::new(name.into(), Category::Friend);
        profile.gives = [Function::Crisis].into();
        profile.crisis_order = order;
        profile.circle = circle;
        Supporter {
            id,
            profile,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_card_orders_by_crisis_order_then_circle_then_name() {
        let mut paused = contact(5, "Paused", Some(1), Circle::Inner);
        paused.profile.status = Status::Paused;
        let people = [
            contact(1, "Zed", None, Circle::Inner),
            contact(2, "Amy", None, Circle::Outer),
            contact(3, "Second", Some(2), Circle::Outer),
            contact(4, "First", Some(1), Circle::Outer),
            paused,
            contact(6, "Bea", None, Circle::Inner),
        ];
        let names: Vec<&str> = crisis_contacts(&people)
            .iter()
            .map(|s| s.profile.name.as_str())
            .collect();
        assert_eq!(names, ["First", "Second", "Bea", "Zed", "Amy"]);
    }

    #[test]
    fn lines_are_checked_and_moved() {
        assert!(check_line(Section::Coping, 1, 1).is_ok());
        assert_eq!(
            check_line(Section::Coping, 3, 2).unwrap_err().to_string(),
            "coping has no line 3: it has 2 (numbered from 1)"
        );
        assert_eq!(
            check_line(Section::Reasons, 1, 0).unwrap_err().to_string(),
            "reasons has no line 1: it is empty"
        );
        assert!(check_line(Section::Coping, 0, 2).is_err());
        assert_eq!(moved(4, 4, 1), [4, 1, 2, 3]);
        assert_eq!(moved(4, 1, 3), [2, 3, 1, 4]);
        assert_eq!(moved(2, 2, 2), [1, 2]);
    }
}
