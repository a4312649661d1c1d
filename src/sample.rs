//! The sample network `supportmap demo` shows: a dozen supporters across every category
//! and circle, a realistic mix of functions, crisis contacts and one paused tie.
//! Everyone is fictional; phone numbers use the 555-01xx range kept for fiction.

use chrono::NaiveDate;

use crate::domain::{
    Category, Circle, Function, Kind, Mode, Profile, Rhythm, Section, Status, Via,
};

/// A sample supporter, written compactly.
struct Entry {
    name: &'static str,
    kind: Kind,
    category: Category,
    role: Option<&'static str>,
    gives: &'static [Function],
    circle: Circle,
    mode: Mode,
    phone: Option<&'static str>,
    contact: Option<&'static str>,
    crisis_order: Option<u32>,
    available: Option<&'static str>,
    every_days: Option<u32>,
    since: Option<(i32, u32, u32)>,
    paused: Option<&'static str>,
    tags: &'static [&'static str],
}

const BASE: Entry = Entry {
    name: "",
    kind: Kind::Person,
    category: Category::Friend,
    role: None,
    gives: &[],
    circle: Circle::Middle,
    mode: Mode::InPerson,
    phone: None,
    contact: None,
    crisis_order: None,
    available: None,
    every_days: None,
    since: None,
    paused: None,
    tags: &[],
};

use Function::{Accountability, Advice, Belonging, Crisis, Emotional, Encouragement, Practical};

const NETWORK: &[Entry] = &[
    Entry {
        name: "Jo",
        category: Category::Sponsor,
        role: Some("NA sponsor"),
        gives: &[Accountability, Advice, Encouragement, Crisis],
        circle: Circle::Inner,
        phone: Some("555-0101"),
        crisis_order: Some(1),
        available: Some("any time"),
        every_days: Some(7),
        since: Some((2025, 3, 14)),
        tags: &["na"],
        ..BASE
    },
    Entry {
        name: "Sam",
        category: Category::Family,
        role: Some("sister"),
        gives: &[Emotional, Practical, Crisis],
        circle: Circle::Inner,
        phone: Some("555-0102"),
        crisis_order: Some(2),
        available: Some("evenings and weekends"),
        every_days: Some(7),
        ..BASE
    },
    Entry {
        name: "Priya",
        category: Category::Friend,
        role: Some("friend from work"),
        gives: &[Emotional, Belonging, Practical],
        circle: Circle::Inner,
        phone: Some("555-0103"),
        every_days: Some(14),
        ..BASE
    },
    Entry {
        name: "Dr Amara Okafor",
        category: Category::Professional,
        role: Some("therapist"),
        gives: &[Advice, Emotional],
        phone: Some("555-0104"),
        contact: Some("Thursdays 4pm, Riverside Clinic"),
        every_days: Some(14),
        since: Some((2025, 1, 9)),
        mode: Mode::Hybrid,
        ..BASE
    },
    Entry {
        name: "Tuesday Night NA",
        kind: Kind::Group,
        category: Category::Peer,
        role: Some("home group"),
        gives: &[Belonging, Encouragement, Accountability],
        contact: Some("Tuesdays 7pm, St Mark's hall"),
        every_days: Some(7),
        tags: &["na"],
        ..BASE
    },
    Entry {
        name: "Marcus",
        category: Category::Peer,
        role: Some("peer support worker"),
        gives: &[Encouragement, Advice],
        mode: Mode::Online,
        phone: Some("555-0106"),
        ..BASE
    },
    Entry {
        name: "Grandma Rose",
        category: Category::Family,
        role: Some("grandmother"),
        gives: &[Emotional, Encouragement],
        phone: Some("555-0107"),
        every_days: Some(30),
        ..BASE
    },
    Entry {
        name: "988 Lifeline",
        kind: Kind::Service,
        category: Category::Professional,
        role: Some("crisis line"),
        gives: &[Crisis, Emotional],
        circle: Circle::Outer,
        mode: Mode::Hybrid,
        phone: Some("988"),
        contact: Some("call or text 988"),
        crisis_order: Some(3),
        available: Some("24/7"),
        ..BASE
    },
    Entry {
        name: "Lena",
        category: Category::Professional,
        role: Some("case manager"),
        gives: &[Practical, Advice],
        circle: Circle::Outer,
        phone: Some("555-0109"),
        available: Some("weekdays 9-5"),
        every_days: Some(30),
        ..BASE
    },
    Entry {
        name: "Riverside Food Co-op",
        kind: Kind::Group,
        category: Category::Community,
        role: Some("volunteering Saturdays"),
        gives: &[Belonging, Practical],
        circle: Circle::Outer,
        ..BASE
    },
    Entry {
        name: "Sunrise Meditation Circle",
        kind: Kind::Group,
        category: Category::Spiritual,
        gives: &[Belonging, Emotional],
        circle: Circle::Outer,
        mode: Mode::Hybrid,
        contact: Some("Sundays 8am, online or at the library"),
        ..BASE
    },
    Entry {
        name: "SMART Recovery online",
        kind: Kind::Group,
        category: Category::Peer,
        gives: &[Advice, Belonging],
        circle: Circle::Outer,
        mode: Mode::Online,
        tags: &["smart"],
        ..BASE
    },
    Entry {
        name: "Dev",
        category: Category::Friend,
        role: Some("old friend"),
        gives: &[Belonging],
        circle: Circle::Middle,
        phone: Some("555-0113"),
        paused: Some("taking space while I settle into recovery"),
        ..BASE
    },
];

/// Days before the demo's "now" that the sample supporters were added.
pub const ADDED_DAYS_AGO: i64 = 90;

/// Sample check-ins: who, how many days ago, how, and the mood afterwards.
pub const CHECKINS: &[(&str, i64, Via, u8)] = &[
    ("Jo", 2, Via::Call, 8),
    ("Jo", 9, Via::InPerson, 7),
    ("Sam", 9, Via::InPerson, 8),
    ("Priya", 4, Via::Text, 7),
    ("Dr Amara Okafor", 13, Via::InPerson, 6),
    ("Tuesday Night NA", 5, Via::Meeting, 8),
    ("Grandma Rose", 40, Via::Call, 9),
    ("Lena", 20, Via::Call, 6),
    ("Marcus", 3, Via::Video, 7),
];

/// The sample safety plan's own lines.
pub const PLAN: &[(Section, &str)] = &[
    (
        Section::WarningSigns,
        "Skipping meals and staying in bed past noon",
    ),
    (Section::WarningSigns, "Not answering Jo's calls"),
    (Section::Coping, "A walk round the park with music on"),
    (
        Section::Coping,
        "Box breathing: in four, hold four, out four",
    ),
    (
        Section::Distractions,
        "The Saturday shift at the food co-op",
    ),
    (Section::Reasons, "Sam's wedding next spring"),
    (Section::Reasons, "Eight months of recovery, and counting"),
    (
        Section::SafeEnvironment,
        "Keep no alcohol in the flat; Sam holds my spare key",
    ),
];

/// Days before the demo's "now" that the sample plan was last reviewed.
pub const PLAN_REVIEWED_DAYS_AGO: i64 = 20;

/// The sample network as profiles, ready to store.
pub fn network() -> Vec<Profile> {
    NETWORK
        .iter()
        .map(|e| {
            let mut p = Profile::new(e.name.to_string(), e.category);
            p.kind = e.kind;
            p.role = e.role.map(str::to_string);
            p.gives = e.gives.iter().copied().collect();
            p.circle = e.circle;
            p.mode = e.mode;
            p.phone = e.phone.map(str::to_string);
            p.contact = e.contact.map(str::to_string);
            p.crisis_order = e.crisis_order;
            p.available = e.available.map(str::to_string);
            p.every = e.every_days.and_then(Rhythm::from_days);
            p.since = e
                .since
                .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            if let Some(reason) = e.paused {
                p.status = Status::Paused;
                p.paused_reason = Some(reason.to_string());
            }
            p.tags = e.tags.iter().map(|t| t.to_string()).collect();
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_sample_covers_every_category_and_circle() {
        let network = network();
        assert!(network.len() >= 12);
        let categories: BTreeSet<Category> = network.iter().map(|p| p.category).collect();
        assert_eq!(categories.len(), Category::ALL.len());
        let circles: BTreeSet<Circle> = network.iter().map(|p| p.circle).collect();
        assert_eq!(circles.len(), Circle::ALL.len());
        assert!(network.iter().filter(|p| p.is_crisis()).count() >= 3);
        assert_eq!(
            network
                .iter()
                .filter(|p| p.status == Status::Paused)
                .count(),
            1
        );
        // Every crisis order belongs to a crisis contact, and names are unique.
        assert!(
            network
                .iter()
                .all(|p| p.crisis_order.is_none() || p.is_crisis())
        );
        let names: BTreeSet<String> = network.iter().map(|p| p.name_key()).collect();
        assert_eq!(names.len(), network.len());
        for (name, ..) in CHECKINS {
            assert!(
                names.contains(&name.to_lowercase()),
                "{name} is in the sample"
            );
        }
    }
}
