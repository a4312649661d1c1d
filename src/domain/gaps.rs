//! The gap analysis (DESIGN.md, "Gap rules"): what the network is missing, why each gap
//! fired, and what the user could do about it. Each rule is a small pure function from
//! the [`Network`] to the gaps it finds; [`find`] runs them all, most severe first.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};

use super::checkin::next_due;
use super::country::Country;
use super::names::{sentence, shell_word};
use super::plan::{Plan, REVIEW_EVERY_DAYS, is_professional};
use super::supporter::Supporter;
use super::vocabulary::{Category, Circle, Function, Kind, Mode, Status, Tie};

/// Every threshold the rules use, in one place; the `why` texts are built from them.
pub mod thresholds {
    /// Fewer crisis contacts than this is a warning.
    pub const MIN_CRISIS_CONTACTS: usize = 3;
    /// Fewer active supporters than this is a small network.
    pub const MIN_NETWORK: usize = 3;
    /// One supporter giving at least this share of all functions given is over-reliance.
    pub const RELIANCE_FUNCTION_SHARE: f64 = 0.5;
    /// One supporter taking at least this share of recent check-ins is over-reliance...
    pub const RELIANCE_CHECKIN_SHARE: f64 = 0.6;
    /// ...when the map has at least this many active supporters...
    pub const RELIANCE_MIN_SUPPORTERS: usize = 4;
    /// ...and at least this many recent check-ins, so one call is not a pattern.
    pub const RELIANCE_MIN_CHECKINS: u32 = 5;
    /// The function share counts once the map has this many active supporters (with
    /// fewer, the small-network gap says it).
    pub const RELIANCE_MIN_SUPPORTERS_FOR_FUNCTIONS: usize = 3;
    /// The window for "recent" check-ins, in days.
    pub const RECENT_DAYS: i64 = 30;
    /// An inner-circle supporter without a rhythm and without contact for this many
    /// days is drifting.
    pub const DRIFTING_DAYS: i64 = 30;
    /// A map this many days past its last review (or, never reviewed, this old) is due
    /// one.
    pub const REVIEW_DUE_DAYS: i64 = 90;
}

use thresholds::*;

pub use super::vocabulary::Severity;

/// One finding of the analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Stable across runs, e.g. `category-missing:peer`, `overdue:Jo`.
    pub id: String,
    pub severity: Severity,
    /// One line: what is missing.
    pub message: String,
    /// The figures that made the rule fire.
    pub why: String,
    /// What the user could do, in plain words.
    pub suggestion: String,
    /// The command that acts on it.
    pub command: Option<String>,
    /// The supporters it concerns, by name.
    pub supporters: Vec<String>,
    /// Within a severity, a higher number comes first (days past a rhythm).
    pub urgency: i64,
}

/// What the rules look at: the supporters, each one's last contact, how many check-ins
/// each had in the last [`RECENT_DAYS`], and the user's "now" and calendar.
pub struct Network<'a> {
    pub supporters: &'a [Supporter],
    pub plan: &'a Plan,
    pub last_contact: &'a HashMap<i64, DateTime<Utc>>,
    pub recent_checkins: &'a HashMap<i64, u32>,
    pub now: DateTime<Utc>,
    pub day_of: fn(DateTime<Utc>) -> NaiveDate,
    /// Where the user lives, for the crisis line the suggestions name.
    pub country: Option<&'static Country>,
    /// When the user last walked through the map with `supportmap review`.
    pub last_review: Option<DateTime<Utc>>,
}

impl<'a> Network<'a> {
    /// The supporters who count toward coverage: active ones whose tie is not stressful
    /// (a tie that takes more than it gives is not counted as support).
    pub fn active(&self) -> impl Iterator<Item = &'a Supporter> + '_ {
        self.in_touch().filter(|s| s.profile.tie != Tie::Stressful)
    }

    /// Every active supporter, stressful ties included: rhythms are kept with them too.
    pub fn in_touch(&self) -> impl Iterator<Item = &'a Supporter> + '_ {
        self.supporters
            .iter()
            .filter(|s| s.profile.status == Status::Active)
    }

    fn today(&self) -> NaiveDate {
        (self.day_of)(self.now)
    }
}

/// The coverage figures printed above the gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub active_supporters: usize,
    pub categories_missing: Vec<Category>,
    pub functions_missing: Vec<Function>,
    pub crisis_contacts: usize,
    pub crisis_always_available: bool,
    pub inner_circle: usize,
}

pub fn summary(network: &Network<'_>) -> Summary {
    let active: Vec<&Supporter> = network.active().collect();
    let categories: BTreeSet<Category> = active.iter().map(|s| s.profile.category).collect();
    let functions: BTreeSet<Function> = active
        .iter()
        .flat_map(|s| s.profile.gives.iter().copied())
        .collect();
    let crisis: Vec<&&Supporter> = active.iter().filter(|s| s.profile.is_crisis()).collect();
    Summary {
        active_supporters: active.len(),
        categories_missing: Category::ALL
            .iter()
            .filter(|c| !categories.contains(c))
            .copied()
            .collect(),
        functions_missing: Function::ALL
            .iter()
            .filter(|f| !functions.contains(f))
            .copied()
            .collect(),
        crisis_contacts: crisis.len(),
        crisis_always_available: crisis.iter().any(|s| always_available(s)),
        inner_circle: active
            .iter()
            .filter(|s| s.profile.circle == Circle::Inner)
            .count(),
    }
}

/// Every gap in the network, most severe first, then the most urgent (the longest past
/// a rhythm), then by id.
pub fn find(network: &Network<'_>) -> Vec<Gap> {
    let rules: [fn(&Network<'_>) -> Vec<Gap>; 12] = [
        crisis_contacts,
        missing_categories,
        functions,
        over_reliance,
        rhythm,
        network_size,
        one_mode,
        paused_crisis_contacts,
        safety_plan,
        professional_crisis_contact,
        stressful_ties,
        review_due,
    ];
    let mut gaps: Vec<Gap> = rules.iter().flat_map(|rule| rule(network)).collect();
    gaps.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| b.urgency.cmp(&a.urgency))
            .then_with(|| a.id.cmp(&b.id))
    });
    gaps
}

/// Reachable at any hour: "24/7", "any time", "always", …
pub fn always_available(s: &Supporter) -> bool {
    let Some(available) = &s.profile.available else {
        return false;
    };
    let text = available.to_lowercase();
    [
        "24/7",
        "24x7",
        "24-7",
        "24 hours",
        "24h",
        "any time",
        "anytime",
        "always",
        "day and night",
    ]
    .iter()
    .any(|word| text.contains(word))
}

fn names(supporters: &[&Supporter]) -> Vec<String> {
    supporters.iter().map(|s| s.profile.name.clone()).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The command that logs a contact with `name`: `supportmap checkin NAME`, or with
/// `add` spelled out when the name is also one of `checkin`'s own words (`list`, `due`).
pub fn checkin_command(name: &str) -> String {
    let words = ["add", "list", "due", "undo", "remove", "help"];
    let add = if words.contains(&name.to_lowercase().as_str()) {
        "add "
    } else {
        ""
    };
    format!("supportmap checkin {add}{}", shell_word(name))
}

/// The command that saves the user's crisis line: their country's, or 988 as an example.
fn crisis_line_add(country: Option<&Country>) -> String {
    let (name, number) = country.map_or(("Crisis line", "988"), |c| (c.line_name, c.line_number));
    format!(
        "supportmap add {} --kind service --category professional --crisis --phone {} \
         --available 24/7 --circle outer",
        shell_word(name),
        shell_word(number)
    )
}

/// "988 in the US, or your local line", or the user's own country's line.
fn crisis_line_words(country: Option<&Country>) -> String {
    match country {
        Some(c) => format!("{}, {}", c.line_name, c.line_number),
        None => "988 in the US, or your local line".to_string(),
    }
}

/// Rule 1: crisis contacts. None at all is critical (a paused crisis contact does not
/// count); fewer than [`MIN_CRISIS_CONTACTS`], none reachable 24/7, or one without a
/// phone number is a warning. With exactly one, `function-single:crisis` says it.
pub fn crisis_contacts(network: &Network<'_>) -> Vec<Gap> {
    let crisis: Vec<&Supporter> = network.active().filter(|s| s.profile.is_crisis()).collect();
    let paused = network
        .supporters
        .iter()
        .filter(|s| s.profile.status == Status::Paused && s.profile.is_crisis())
        .count();
    let stressful = network
        .in_touch()
        .filter(|s| s.profile.tie == Tie::Stressful && s.profile.is_crisis())
        .count();
    let mut gaps = Vec::new();
    if crisis.is_empty() {
        let mut not_counted = Vec::new();
        if paused > 0 {
            not_counted.push(format!(
                "{} paused",
                plural(paused, "crisis contact is", "crisis contacts are")
            ));
        }
        if stressful > 0 {
            not_counted.push(format!(
                "{} stressful, so not counted",
                plural(
                    stressful,
                    "crisis contact's tie is",
                    "crisis contacts' ties are"
                )
            ));
        }
        gaps.push(Gap {
            id: "crisis-none".into(),
            severity: Severity::Critical,
            message: "There is no one to call in a crisis".into(),
            why: if not_counted.is_empty() {
                "0 crisis contacts".into()
            } else {
                format!("0 active crisis contacts ({})", not_counted.join("; "))
            },
            suggestion: format!(
                "Add someone you trust to call when things get hard, and a 24/7 crisis line \
                 ({}).",
                crisis_line_words(network.country)
            ),
            command: Some(crisis_line_add(network.country)),
            supporters: Vec::new(),
            urgency: 0,
        });
        return gaps;
    }
    // With exactly one crisis contact in a network of MIN_NETWORK or more,
    // `function-single:crisis` says it; otherwise this gap does.
    let active = network.active().count();
    let single_said_elsewhere = crisis.len() == 1 && active >= MIN_NETWORK;
    if crisis.len() < MIN_CRISIS_CONTACTS && !single_said_elsewhere {
        gaps.push(Gap {
            id: "crisis-few".into(),
            severity: Severity::Warning,
            message: if crisis.len() == 1 {
                "Only one crisis contact".to_string()
            } else {
                format!("Only {} crisis contacts", crisis.len())
            },
            why: format!(
                "{} ({}); at least {MIN_CRISIS_CONTACTS} means someone answers when another cannot",
                plural(crisis.len(), "crisis contact", "crisis contacts"),
                sentence(&names(&crisis))
            ),
            suggestion: "Is there someone else you could call in a crisis: a friend, a \
                         family member, a sponsor or mentor, or a professional?"
                .into(),
            command: Some("supportmap contacts edit NAME --crisis".into()),
            supporters: names(&crisis),
            urgency: 0,
        });
    }
    if !crisis.iter().any(|s| always_available(s)) {
        gaps.push(Gap {
            id: "crisis-no-24-7".into(),
            severity: Severity::Warning,
            message: "No crisis contact is reachable 24/7".into(),
            why: if crisis.len() == 1 {
                format!(
                    "{} has no availability like \"24/7\" or \"any time\"",
                    crisis[0].profile.name
                )
            } else {
                format!(
                    "none of {} has availability like \"24/7\" or \"any time\"",
                    sentence(&names(&crisis))
                )
            },
            suggestion: format!(
                "A crisis line answers at any hour: {}. If someone already is reachable any \
                 time, say so with --available.",
                crisis_line_words(network.country)
            ),
            command: Some(crisis_line_add(network.country)),
            supporters: names(&crisis),
            urgency: 0,
        });
    }
    for s in crisis.iter().filter(|s| s.profile.phone.is_none()) {
        gaps.push(Gap {
            id: format!("crisis-no-phone:{}", s.profile.name),
            severity: Severity::Warning,
            message: format!(
                "{} is a crisis contact with no phone number",
                s.profile.name
            ),
            why: "in a crisis, a number to call should be one step away".into(),
            suggestion: format!("Add {}'s number, if you have it.", s.profile.name),
            command: Some(format!(
                "supportmap contacts edit {} --phone NUMBER",
                shell_word(&s.profile.name)
            )),
            supporters: vec![s.profile.name.clone()],
            urgency: 0,
        });
    }
    gaps
}

/// Where to look for each category, in our own words; every option is one of several.
fn category_suggestion(category: Category) -> (&'static str, &'static str) {
    match category {
        Category::Family | Category::Friend => (
            "People who know you outside recovery matter: family (chosen family counts) or \
             friends you trust.",
            "supportmap add NAME --category friend --gives emotional,belonging",
        ),
        Category::Peer => (
            "Peers who share the road: a mutual-help group (AA, NA, SMART Recovery, Refuge \
             Recovery, online meetings, among others) or a peer support worker.",
            "supportmap add NAME --kind group --category peer --gives belonging,encouragement",
        ),
        Category::Professional => (
            "A professional can help: a therapist, counsellor, recovery coach, case manager \
             or doctor.",
            "supportmap add NAME --category professional --gives advice",
        ),
        Category::Sponsor => (
            "A sponsor or mentor who has walked the same road; mutual-help groups and peer \
             programmes are places to meet one, if that appeals.",
            "supportmap add NAME --category sponsor --gives accountability,advice",
        ),
        Category::Community => (
            "Community can hold you up too: a club, volunteering, a class, your workplace, or \
             a housing, job or education programme.",
            "supportmap add NAME --kind group --category community --gives belonging",
        ),
        Category::Spiritual => (
            "If it speaks to you: a faith community, a meditation group or a cultural healing \
             circle. Dismiss this one if it does not.",
            "supportmap add NAME --kind group --category spiritual --gives belonging",
        ),
    }
}

/// Rule 2: a category with no one in it. No family *and* no friend, no peer, no
/// professional: warning; no sponsor, community or spiritual: info.
pub fn missing_categories(network: &Network<'_>) -> Vec<Gap> {
    let present: BTreeSet<Category> = network.active().map(|s| s.profile.category).collect();
    let mut gaps = Vec::new();
    if !present.contains(&Category::Family) && !present.contains(&Category::Friend) {
        let (suggestion, command) = category_suggestion(Category::Friend);
        gaps.push(Gap {
            id: "category-missing:family-or-friend".into(),
            severity: Severity::Warning,
            message: "No family or friends in the map".into(),
            why: "0 active supporters in the family and friend categories".into(),
            suggestion: suggestion.into(),
            command: Some(command.into()),
            supporters: Vec::new(),
            urgency: 0,
        });
    }
    for (category, severity) in [
        (Category::Peer, Severity::Warning),
        (Category::Professional, Severity::Warning),
        (Category::Sponsor, Severity::Info),
        (Category::Community, Severity::Info),
        (Category::Spiritual, Severity::Info),
    ] {
        if present.contains(&category) {
            continue;
        }
        let (suggestion, command) = category_suggestion(category);
        gaps.push(Gap {
            id: format!("category-missing:{category}"),
            severity,
            message: match category {
                Category::Peer => "No peer support in the map".to_string(),
                Category::Professional => "No professional support in the map".to_string(),
                Category::Sponsor => "No sponsor or mentor in the map".to_string(),
                Category::Community => "No community group or activity in the map".to_string(),
                Category::Spiritual => "No spiritual community in the map".to_string(),
                other => format!("No {other} in the map"),
            },
            why: format!("0 active supporters in the {category} category"),
            suggestion: suggestion.into(),
            command: Some(command.into()),
            supporters: Vec::new(),
            urgency: 0,
        });
    }
    gaps
}

fn function_suggestion(function: Function) -> &'static str {
    match function {
        Function::Emotional => {
            "Someone who listens without judging: a friend, family member, peer or therapist."
        }
        Function::Practical => {
            "People who can help with rides, meals, childcare, money or paperwork; a case \
             manager or community programme can help too."
        }
        Function::Advice => {
            "Someone to turn to for information and coping skills: a counsellor, sponsor, \
             peer group or recovery coach."
        }
        Function::Accountability => {
            "Someone who checks in on your goals and notices warning signs: a sponsor, peer, \
             coach or counsellor."
        }
        Function::Encouragement => {
            "Someone who cheers you on and celebrates progress, big or small."
        }
        Function::Crisis => "Someone you could call when things get hard.",
        Function::Belonging => {
            "Company and shared activities: a group, a club, a meeting, friends to spend time \
             with."
        }
    }
}

/// A function as words in a sentence: "emotional support", "advice", "belonging".
fn phrase(function: Function) -> &'static str {
    match function {
        Function::Emotional => "emotional support",
        Function::Practical => "practical help",
        Function::Advice => "advice",
        Function::Accountability => "accountability",
        Function::Encouragement => "encouragement",
        Function::Crisis => "crisis support",
        Function::Belonging => "belonging",
    }
}

/// Rule 3: a function nobody gives (warning for emotional, practical, accountability;
/// info for the rest), or only one supporter gives (warning: a single point of failure).
/// Nobody giving crisis support is rule 1's critical gap, so it is not repeated here.
pub fn functions(network: &Network<'_>) -> Vec<Gap> {
    let active: Vec<&Supporter> = network.active().collect();
    let mut gaps = Vec::new();
    for function in Function::ALL.iter().copied() {
        let givers: Vec<&Supporter> = active
            .iter()
            .copied()
            .filter(|s| s.profile.gives.contains(&function))
            .collect();
        match givers.len() {
            0 if function == Function::Crisis => {}
            0 => gaps.push(Gap {
                id: format!("function-missing:{function}"),
                severity: match function {
                    Function::Emotional | Function::Practical | Function::Accountability => {
                        Severity::Warning
                    }
                    _ => Severity::Info,
                },
                message: format!("Nobody gives {}", phrase(function)),
                why: format!(
                    "0 of {} {}",
                    plural(
                        active.len(),
                        "active supporter gives",
                        "active supporters give"
                    ),
                    phrase(function)
                ),
                suggestion: function_suggestion(function).into(),
                command: Some(if active.is_empty() {
                    format!("supportmap add NAME --category CATEGORY --gives {function}")
                } else {
                    format!("supportmap contacts edit NAME --add-gives {function}")
                }),
                supporters: Vec::new(),
                urgency: 0,
            }),
            // With fewer than MIN_NETWORK people, the small-network gap says it better.
            1 if active.len() >= MIN_NETWORK => {
                let only = &givers[0].profile.name;
                gaps.push(Gap {
                    id: format!("function-single:{function}"),
                    severity: Severity::Warning,
                    message: format!("Only {only} gives {}", phrase(function)),
                    why: format!(
                        "1 of {} gives {}: if {only} is away, nobody does",
                        plural(active.len(), "active supporter", "active supporters"),
                        phrase(function)
                    ),
                    suggestion: format!(
                        "Who else could share this with {only}? {}",
                        function_suggestion(function)
                    ),
                    command: Some(format!(
                        "supportmap contacts edit NAME --add-gives {function}"
                    )),
                    supporters: vec![only.clone()],
                    urgency: 0,
                });
            }
            _ => {}
        }
    }
    gaps
}

/// Rule 4: one supporter carries at least [`RELIANCE_FUNCTION_SHARE`] of all functions
/// given across the map (with 2+ active supporters), or at least
/// [`RELIANCE_CHECKIN_SHARE`] of the last [`RECENT_DAYS`] days' check-ins while the map
/// has [`RELIANCE_MIN_SUPPORTERS`]+ active supporters.
pub fn over_reliance(network: &Network<'_>) -> Vec<Gap> {
    let active: Vec<&Supporter> = network.active().collect();
    let total_given: usize = active.iter().map(|s| s.profile.gives.len()).sum();
    let total_recent: u32 = active
        .iter()
        .map(|s| network.recent_checkins.get(&s.id).copied().unwrap_or(0))
        .sum();
    let mut gaps = Vec::new();
    for s in &active {
        let mut reasons = Vec::new();
        let given = s.profile.gives.len();
        if active.len() >= RELIANCE_MIN_SUPPORTERS_FOR_FUNCTIONS
            && total_given > 0
            && given as f64 / total_given as f64 >= RELIANCE_FUNCTION_SHARE
        {
            reasons.push(format!(
                "{} gives {given} of the {total_given} functions given across the map \
                 (at least {:.0}%)",
                s.profile.name,
                RELIANCE_FUNCTION_SHARE * 100.0
            ));
        }
        let recent = network.recent_checkins.get(&s.id).copied().unwrap_or(0);
        if active.len() >= RELIANCE_MIN_SUPPORTERS
            && total_recent >= RELIANCE_MIN_CHECKINS
            && f64::from(recent) / f64::from(total_recent) >= RELIANCE_CHECKIN_SHARE
        {
            reasons.push(format!(
                "{recent} of the last {RECENT_DAYS} days' {total_recent} check-ins were with {} \
                 (at least {:.0}%)",
                s.profile.name,
                RELIANCE_CHECKIN_SHARE * 100.0
            ));
        }
        if reasons.is_empty() {
            continue;
        }
        gaps.push(Gap {
            id: format!("over-reliance:{}", s.profile.name),
            severity: Severity::Warning,
            message: format!("Much of your support rests on {}", s.profile.name),
            why: reasons.join("; "),
            suggestion: format!(
                "Support spread across a few people stays steadier, for you and for them. \
                 Could others share some of what {} gives, or hear from you more often?",
                s.profile.name
            ),
            command: Some("supportmap checkin due --within 7".into()),
            supporters: vec![s.profile.name.clone()],
            urgency: 0,
        });
    }
    gaps
}

/// Rule 5: overdue by the supporter's rhythm (warning), or an inner-circle supporter
/// with no rhythm and no contact for [`DRIFTING_DAYS`] days (info).
pub fn rhythm(network: &Network<'_>) -> Vec<Gap> {
    let today = network.today();
    let mut gaps = Vec::new();
    for s in network.in_touch() {
        let last = network.last_contact.get(&s.id).copied();
        let name = &s.profile.name;
        let since = match last {
            Some(at) => format!(
                "last contact {} days ago",
                (today - (network.day_of)(at)).num_days()
            ),
            None => "no contact logged yet".to_string(),
        };
        if let (Some(every), Some(due_on)) = (s.profile.every, next_due(s, last, network.day_of)) {
            let overdue = (today - due_on).num_days();
            if overdue > 0 {
                // A group is gone to, not "been in touch with".
                let group = s.profile.kind == Kind::Group;
                let message = match (last, group) {
                    (Some(at), false) => format!(
                        "Last in touch with {name} {} days ago (you hoped for {every})",
                        (today - (network.day_of)(at)).num_days()
                    ),
                    (Some(at), true) => format!(
                        "Last went to {name} {} days ago (you hoped for {every})",
                        (today - (network.day_of)(at)).num_days()
                    ),
                    (None, false) => {
                        format!("No contact with {name} logged yet (you hoped for {every})")
                    }
                    (None, true) => {
                        format!("No visit to {name} logged yet (you hoped for {every})")
                    }
                };
                let reach = if group {
                    format!("going to {name}")
                } else {
                    format!("a call or a message to {name}")
                };
                gaps.push(Gap {
                    id: format!("overdue:{name}"),
                    severity: Severity::Warning,
                    message,
                    why: format!(
                        "{since}; a rhythm of every {} made {due_on} the day to reach out, {} ago",
                        plural(every.days() as usize, "day", "days"),
                        plural(overdue as usize, "day", "days")
                    ),
                    suggestion: if s.profile.tie == Tie::Stressful {
                        format!(
                            "The tie with {name} is marked stressful. If you still want this \
                             rhythm, {reach} when you feel ready; changing or clearing the \
                             rhythm is a fine choice too."
                        )
                    } else {
                        format!(
                            "When you are ready, {reach} keeps the tie alive. Or change the \
                             rhythm if it no longer fits."
                        )
                    },
                    command: Some(checkin_command(name)),
                    supporters: vec![name.clone()],
                    urgency: overdue,
                });
            }
        } else if s.profile.every.is_none() && s.profile.circle == Circle::Inner {
            let quiet_since = (network.day_of)(last.unwrap_or(s.created_at));
            let quiet_days = (today - quiet_since).num_days();
            if quiet_days >= DRIFTING_DAYS {
                gaps.push(Gap {
                    id: format!("drifting:{name}"),
                    severity: Severity::Info,
                    message: format!("{name} may be drifting"),
                    why: format!(
                        "{name} is in your inner circle, with no rhythm set and {since} \
                         ({DRIFTING_DAYS}+ days)"
                    ),
                    suggestion: format!(
                        "A short message can keep a close tie warm. A rhythm for {name} would \
                         remind you."
                    ),
                    command: Some(format!(
                        "supportmap contacts edit {} --every monthly",
                        shell_word(name)
                    )),
                    supporters: vec![name.clone()],
                    urgency: 0,
                });
            }
        }
    }
    gaps
}

/// Rule 6: fewer than [`MIN_NETWORK`] active supporters, or an empty inner circle.
pub fn network_size(network: &Network<'_>) -> Vec<Gap> {
    let active: Vec<&Supporter> = network.active().collect();
    let mut gaps = Vec::new();
    if active.len() < MIN_NETWORK {
        gaps.push(Gap {
            id: "network-small".into(),
            severity: Severity::Warning,
            message: "The network is small".into(),
            why: format!(
                "{}; with at least {MIN_NETWORK}, no one person carries everything",
                plural(active.len(), "active supporter", "active supporters")
            ),
            suggestion: "Think of anyone who has helped, even a little: a neighbour, a \
                         coworker, someone from a group. They can start in your outer circle."
                .into(),
            command: Some("supportmap add NAME --category CATEGORY --circle outer".into()),
            supporters: names(&active),
            urgency: 0,
        });
    }
    if !active.is_empty() && !active.iter().any(|s| s.profile.circle == Circle::Inner) {
        gaps.push(Gap {
            id: "inner-circle-empty".into(),
            severity: Severity::Warning,
            message: "Nobody is in your inner circle".into(),
            why: format!(
                "0 of {} are in the inner circle",
                plural(active.len(), "active supporter", "active supporters")
            ),
            suggestion: "Is anyone close enough to be in your inner circle: someone you could \
                         tell how you really are?"
                .into(),
            command: Some("supportmap contacts edit NAME --circle inner".into()),
            supporters: Vec::new(),
            urgency: 0,
        });
    }
    gaps
}

/// Rule 7: everyone online only, or everyone in person only (hybrid counts as both).
pub fn one_mode(network: &Network<'_>) -> Vec<Gap> {
    let active: Vec<&Supporter> = network.active().collect();
    if active.len() < 2 {
        return Vec::new();
    }
    let all = |mode: Mode| active.iter().all(|s| s.profile.mode == mode);
    let (id, message, suggestion) = if all(Mode::Online) {
        (
            "mode-online-only",
            "Everyone in the map is online only",
            "An in-person group or activity, if one is within reach, adds a different kind of \
             support.",
        )
    } else if all(Mode::InPerson) {
        (
            "mode-in-person-only",
            "Everyone in the map is in person only",
            "Online meetings or video calls can help on days when getting out is hard.",
        )
    } else {
        return Vec::new();
    };
    vec![Gap {
        id: id.into(),
        severity: Severity::Info,
        message: message.into(),
        why: format!("all {} active supporters share one mode", active.len()),
        suggestion: suggestion.into(),
        command: Some("supportmap contacts edit NAME --mode hybrid".into()),
        supporters: Vec::new(),
        urgency: 0,
    }]
}

/// Rule 8: a paused supporter who is still a crisis contact.
pub fn paused_crisis_contacts(network: &Network<'_>) -> Vec<Gap> {
    network
        .supporters
        .iter()
        .filter(|s| s.profile.status == Status::Paused && s.profile.is_crisis())
        .map(|s| {
            let name = &s.profile.name;
            Gap {
                id: format!("paused-crisis:{name}"),
                severity: Severity::Warning,
                message: format!("{name} is paused but still a crisis contact"),
                why: format!(
                    "{name} is paused{}",
                    s.profile
                        .paused_reason
                        .as_ref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                ),
                suggestion: format!(
                    "Pausing is a healthy boundary. If you would rather not call {name} in a \
                     crisis for now, take them off the crisis list; you can add them back with \
                     --crisis whenever you choose."
                ),
                command: Some(format!(
                    "supportmap contacts edit {} --no-crisis",
                    shell_word(name)
                )),
                supporters: vec![name.clone()],
                urgency: 0,
            }
        })
        .collect()
}

/// The regular review: none in [`REVIEW_DUE_DAYS`] days, or none yet on a map that old
/// (info: support work is reviewed every few weeks or months).
pub fn review_due(network: &Network<'_>) -> Vec<Gap> {
    let today = network.today();
    let (id, message, why) = match network.last_review {
        Some(at) => {
            let days = (today - (network.day_of)(at)).num_days();
            if days < REVIEW_DUE_DAYS {
                return Vec::new();
            }
            (
                "review-due",
                format!("It has been {days} days since your last review of the map"),
                format!(
                    "last reviewed {days} days ago; a review every {REVIEW_DUE_DAYS} days or so keeps the map true"
                ),
            )
        }
        None => {
            let Some(oldest) = network.in_touch().map(|s| s.created_at).min() else {
                return Vec::new();
            };
            let days = (today - (network.day_of)(oldest)).num_days();
            if days < REVIEW_DUE_DAYS || network.in_touch().count() < MIN_NETWORK {
                return Vec::new();
            }
            (
                "review-none",
                "The map has not been reviewed yet".to_string(),
                format!("the map is {days} days old and has no review"),
            )
        }
    };
    vec![Gap {
        id: id.into(),
        severity: Severity::Info,
        message,
        why,
        suggestion: "A few minutes going through who is still there, and what has changed, \
                     on your own or with your counsellor."
            .into(),
        command: Some("supportmap review".into()),
        supporters: Vec::new(),
        urgency: 0,
    }]
}

/// Ties marked stressful: a crisis contact whose tie is stressful (warning: a crisis
/// call should steady you), and a stressful tie in the inner circle (info, gently:
/// closeness and strain often go together).
pub fn stressful_ties(network: &Network<'_>) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for s in network
        .in_touch()
        .filter(|s| s.profile.tie == Tie::Stressful)
    {
        let name = &s.profile.name;
        if s.profile.is_crisis() {
            gaps.push(Gap {
                id: format!("stressful-crisis:{name}"),
                severity: Severity::Warning,
                message: format!("{name} is a crisis contact, and the tie is marked stressful"),
                why: format!("the tie with {name} is marked stressful"),
                suggestion: format!(
                    "In a crisis you deserve someone who steadies you. If {name} is not that \
                     person right now, you could take them off the crisis list; it can change \
                     again whenever you choose."
                ),
                command: Some(format!(
                    "supportmap contacts edit {} --no-crisis",
                    shell_word(name)
                )),
                supporters: vec![name.clone()],
                urgency: 0,
            });
        }
        if s.profile.circle == Circle::Inner {
            gaps.push(Gap {
                id: format!("stressful-inner:{name}"),
                severity: Severity::Info,
                message: format!("A stressful tie in your inner circle: {name}"),
                why: format!("{name} is in the inner circle, and the tie is marked stressful"),
                suggestion: format!(
                    "Closeness and strain often go together. Talking this tie through with \
                     someone you trust, or your counsellor, may help; moving {name} to another \
                     circle, or pausing for a while, are options too."
                ),
                command: Some(format!(
                    "supportmap contacts edit {} --circle middle",
                    shell_word(name)
                )),
                supporters: vec![name.clone()],
                urgency: 0,
            });
        }
    }
    gaps
}

/// A safety plan: none written yet, or not looked over in [`REVIEW_EVERY_DAYS`] days
/// (counted from its last review, or from when it was begun): warning.
pub fn safety_plan(network: &Network<'_>) -> Vec<Gap> {
    let plan = network.plan;
    let Some(looked_at) = plan.last_looked_at() else {
        return vec![Gap {
            id: "plan-missing".into(),
            severity: Severity::Warning,
            message: "No safety plan written yet".into(),
            why: "the plan's own sections (warning signs, coping, distractions, reasons, a safe \
                  environment) are empty"
                .into(),
            suggestion: "A safety plan, written on a calmer day, is there when a hard one \
                         comes. One line is a start: a warning sign you notice in yourself."
                .into(),
            command: Some("supportmap plan add warning-signs \"...\"".into()),
            supporters: Vec::new(),
            urgency: 0,
        }];
    };
    let days = (network.today() - (network.day_of)(looked_at)).num_days();
    if days < REVIEW_EVERY_DAYS {
        return Vec::new();
    }
    vec![Gap {
        id: "plan-stale".into(),
        severity: Severity::Warning,
        message: format!("The safety plan has not been reviewed in {REVIEW_EVERY_DAYS} days"),
        why: match plan.reviewed_at {
            Some(_) => format!("last reviewed {days} days ago"),
            None => format!("begun {days} days ago and not reviewed since"),
        },
        suggestion: "Looking it over keeps it true to your life now: people, numbers and \
                     what helps can change."
            .into(),
        command: Some("supportmap plan review".into()),
        supporters: Vec::new(),
        urgency: 0,
    }]
}

/// Crisis contacts with no professional or service among them (MY3's rule): warning.
pub fn professional_crisis_contact(network: &Network<'_>) -> Vec<Gap> {
    let crisis: Vec<&Supporter> = network.active().filter(|s| s.profile.is_crisis()).collect();
    if crisis.is_empty() || crisis.iter().any(|s| is_professional(s)) {
        return Vec::new();
    }
    vec![Gap {
        id: "crisis-no-professional".into(),
        severity: Severity::Warning,
        message: "No professional among your crisis contacts".into(),
        why: match crisis.as_slice() {
            [only] => format!("{} is not a professional or a service", only.profile.name),
            _ => format!(
                "none of your {} crisis contacts is a professional or a service",
                crisis.len()
            ),
        },
        suggestion: format!(
            "Alongside the people you trust, a crisis line ({}) or a professional such as \
             your therapist or doctor can help in ways friends cannot.",
            crisis_line_words(network.country)
        ),
        command: Some(crisis_line_add(network.country)),
        supporters: names(&crisis),
        urgency: 0,
    }]
}

#[cfg(test)]
mod command_tests {
    use super::checkin_command;

    #[test]
    fn a_name_that_is_a_checkin_word_gets_add_spelled_out() {
        assert_eq!(checkin_command("Jo"), "supportmap checkin Jo");
        assert_eq!(checkin_command("Due"), "supportmap checkin add Due");
        assert_eq!(checkin_command("list"), "supportmap checkin add list");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Profile, Rhythm};
    use Function::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn days_ago(days: i64) -> DateTime<Utc> {
        now() - chrono::Duration::days(days)
    }

    fn person(id: i64, name: &str, category: Category, gives: &[Function]) -> Supporter {
        let mut profile = Profile::new(name.into(), category);
        profile.gives = gives.iter().copied().collect();
        profile.circle = Circle::Inner;
        profile.phone = Some("555".into());
        Supporter {
            id,
            profile,
            created_at: days_ago(100),
            updated_at: days_ago(100),
        }
    }

    /// Runs `rule` on the supporters, with optional last contacts and recent counts.
    fn run(
        rule: fn(&Network<'_>) -> Vec<Gap>,
        supporters: &[Supporter],
        last: &[(i64, i64)],
        recent: &[(i64, u32)],
    ) -> Vec<Gap> {
        let last: HashMap<i64, DateTime<Utc>> =
            last.iter().map(|(id, d)| (*id, days_ago(*d))).collect();
        let recent: HashMap<i64, u32> = recent.iter().copied().collect();
        let plan = Plan::default();
        rule(&Network {
            supporters,
            plan: &plan,
            last_contact: &last,
            recent_checkins: &recent,
            now: now(),
            day_of: |t| t.date_naive(),
            country: None,
            last_review: None,
        })
    }

    fn ids(gaps: &[Gap]) -> Vec<(String, Severity)> {
        gaps.iter().map(|g| (g.id.clone(), g.severity)).collect()
    }

    fn id(text: &str, severity: Severity) -> (String, Severity) {
        (text.to_string(), severity)
    }

    fn crisis(id: i64, name: &str, available: Option<&str>) -> Supporter {
        let mut s = person(id, name, Category::Friend, &[Crisis]);
        s.profile.available = available.map(str::to_string);
        s
    }

    #[test]
    fn no_crisis_contact_is_critical_and_paused_ones_do_not_count() {
        let gaps = run(
            crisis_contacts,
            &[person(1, "Jo", Category::Friend, &[])],
            &[],
            &[],
        );
        assert_eq!(ids(&gaps), [id("crisis-none", Severity::Critical)]);
        let mut paused = crisis(1, "Jo", Some("24/7"));
        paused.profile.status = Status::Paused;
        let gaps = run(crisis_contacts, &[paused], &[], &[]);
        assert_eq!(ids(&gaps), [id("crisis-none", Severity::Critical)]);
        assert_eq!(
            gaps[0].why,
            "0 active crisis contacts (1 crisis contact is paused)"
        );
    }

    #[test]
    fn fewer_than_three_crisis_contacts_is_a_warning() {
        let two = [crisis(1, "A", Some("24/7")), crisis(2, "B", None)];
        let gaps = run(crisis_contacts, &two, &[], &[]);
        assert_eq!(ids(&gaps), [id("crisis-few", Severity::Warning)]);
        assert!(gaps[0].why.contains("at least 3"), "{}", gaps[0].why);
        let three = [
            crisis(1, "A", Some("24/7")),
            crisis(2, "B", None),
            crisis(3, "C", None),
        ];
        assert!(run(crisis_contacts, &three, &[], &[]).is_empty());
        // Alone in a small map, one crisis contact is "few"...
        let alone = [crisis(1, "A", Some("any time"))];
        assert_eq!(
            ids(&run(crisis_contacts, &alone, &[], &[])),
            [id("crisis-few", Severity::Warning)]
        );
        // ...and in a network of three or more, function-single:crisis says it instead.
        let one = [
            crisis(1, "A", Some("any time")),
            person(2, "B", Category::Friend, &[]),
            person(3, "C", Category::Friend, &[]),
        ];
        assert!(run(crisis_contacts, &one, &[], &[]).is_empty());
        assert_eq!(
            ids(&run(functions, &one, &[], &[]))
                .into_iter()
                .filter(|(i, _)| i.contains("crisis"))
                .collect::<Vec<_>>(),
            [id("function-single:crisis", Severity::Warning)]
        );
    }

    #[test]
    fn crisis_contacts_need_one_reachable_24_7_and_phone_numbers() {
        let three = [
            crisis(1, "A", Some("weekdays")),
            crisis(2, "B", None),
            crisis(3, "C", None),
        ];
        assert_eq!(
            ids(&run(crisis_contacts, &three, &[], &[])),
            [id("crisis-no-24-7", Severity::Warning)]
        );
        let mut no_phone = crisis(3, "C", Some("24/7"));
        no_phone.profile.phone = None;
        let three = [crisis(1, "A", None), crisis(2, "B", None), no_phone];
        assert_eq!(
            ids(&run(crisis_contacts, &three, &[], &[])),
            [id("crisis-no-phone:C", Severity::Warning)]
        );
    }

    #[test]
    fn missing_categories_by_importance() {
        let all: Vec<Supporter> = Category::ALL
            .iter()
            .enumerate()
            .map(|(i, c)| person(i as i64, c.as_str(), *c, &[]))
            .collect();
        assert!(run(missing_categories, &all, &[], &[]).is_empty());

        let only_friend = [person(1, "F", Category::Friend, &[])];
        let gaps = ids(&run(missing_categories, &only_friend, &[], &[]));
        assert!(
            !gaps.iter().any(|(i, _)| i.contains("family")),
            "a friend is enough"
        );
        assert!(gaps.contains(&id("category-missing:peer", Severity::Warning)));
        assert!(gaps.contains(&id("category-missing:professional", Severity::Warning)));
        assert!(gaps.contains(&id("category-missing:sponsor", Severity::Info)));
        assert!(gaps.contains(&id("category-missing:community", Severity::Info)));
        assert!(gaps.contains(&id("category-missing:spiritual", Severity::Info)));

        let only_peer = [person(1, "P", Category::Peer, &[])];
        let gaps = ids(&run(missing_categories, &only_peer, &[], &[]));
        assert!(gaps.contains(&id("category-missing:family-or-friend", Severity::Warning)));
    }

    #[test]
    fn functions_nobody_gives_and_single_points_of_failure() {
        let givers = [
            person(
                1,
                "A",
                Category::Friend,
                &[Emotional, Practical, Accountability, Crisis],
            ),
            person(
                2,
                "B",
                Category::Friend,
                &[Emotional, Practical, Accountability, Crisis],
            ),
        ];
        let gaps = ids(&run(functions, &givers, &[], &[]));
        assert_eq!(
            gaps,
            [
                id("function-missing:advice", Severity::Info),
                id("function-missing:encouragement", Severity::Info),
                id("function-missing:belonging", Severity::Info),
            ]
        );
        let nobody = [
            person(1, "A", Category::Friend, &[Advice]),
            person(2, "B", Category::Friend, &[]),
            person(3, "C", Category::Friend, &[]),
        ];
        let gaps = ids(&run(functions, &nobody, &[], &[]));
        assert!(gaps.contains(&id("function-missing:emotional", Severity::Warning)));
        assert!(gaps.contains(&id("function-missing:practical", Severity::Warning)));
        assert!(gaps.contains(&id("function-missing:accountability", Severity::Warning)));
        assert!(gaps.contains(&id("function-single:advice", Severity::Warning)));
        assert!(
            !gaps.iter().any(|(i, _)| i == "function-missing:crisis"),
            "rule 1 says it"
        );
    }

    #[test]
    fn over_reliance_on_functions_at_half_and_not_below() {
        let half = [
            person(1, "A", Category::Friend, &[Emotional, Practical, Advice]),
            person(2, "B", Category::Friend, &[Belonging, Encouragement]),
            person(3, "C", Category::Friend, &[Accountability]),
        ];
        let gaps = run(over_reliance, &half, &[], &[]);
        assert_eq!(ids(&gaps), [id("over-reliance:A", Severity::Warning)]);
        assert!(
            gaps[0].why.contains("3 of the 6 functions"),
            "{}",
            gaps[0].why
        );
        let below = [
            person(1, "A", Category::Friend, &[Emotional, Practical]),
            person(2, "B", Category::Friend, &[Belonging, Encouragement]),
            person(3, "C", Category::Friend, &[Advice]),
        ];
        assert!(run(over_reliance, &below, &[], &[]).is_empty());
        let alone = [person(1, "A", Category::Friend, &[Emotional])];
        assert!(
            run(over_reliance, &alone, &[], &[]).is_empty(),
            "rule 6 covers one person"
        );
    }

    #[test]
    fn over_reliance_on_check_ins_at_sixty_percent_with_four_supporters() {
        let four: Vec<Supporter> = (1..=4)
            .map(|i| person(i, &format!("P{i}"), Category::Friend, &[Emotional]))
            .collect();
        let gaps = run(over_reliance, &four, &[], &[(1, 6), (2, 4)]);
        assert_eq!(ids(&gaps), [id("over-reliance:P1", Severity::Warning)]);
        assert!(
            gaps[0].why.contains("6 of the last 30 days' 10 check-ins"),
            "{}",
            gaps[0].why
        );
        assert!(run(over_reliance, &four, &[], &[(1, 5), (2, 5)]).is_empty());
        assert!(
            run(over_reliance, &four[..3], &[], &[(1, 10)]).is_empty(),
            "needs 4 supporters"
        );
    }

    #[test]
    fn overdue_is_past_the_rhythm_not_on_its_day() {
        let mut jo = person(1, "Jo", Category::Friend, &[]);
        jo.profile.every = Rhythm::from_days(7);
        let on_the_day = run(rhythm, std::slice::from_ref(&jo), &[(1, 7)], &[]);
        assert!(on_the_day.is_empty());
        let gaps = run(rhythm, std::slice::from_ref(&jo), &[(1, 8)], &[]);
        assert_eq!(ids(&gaps), [id("overdue:Jo", Severity::Warning)]);
        assert_eq!(
            gaps[0].message,
            "Last in touch with Jo 8 days ago (you hoped for weekly)"
        );
        assert_eq!(gaps[0].command.as_deref(), Some("supportmap checkin Jo"));
        // Never contacted: counted from when they were added (100 days ago).
        assert_eq!(
            ids(&run(rhythm, &[jo], &[], &[])),
            [id("overdue:Jo", Severity::Warning)]
        );
    }

    #[test]
    fn an_inner_circle_supporter_without_rhythm_drifts_after_thirty_days() {
        let sam = person(1, "Sam", Category::Family, &[]);
        assert!(run(rhythm, std::slice::from_ref(&sam), &[(1, 29)], &[]).is_empty());
        assert_eq!(
            ids(&run(rhythm, std::slice::from_ref(&sam), &[(1, 30)], &[])),
            [id("drifting:Sam", Severity::Info)]
        );
        let mut middle = sam.clone();
        middle.profile.circle = Circle::Middle;
        assert!(run(rhythm, &[middle], &[(1, 300)], &[]).is_empty());
    }

    #[test]
    fn small_networks_and_empty_inner_circles() {
        let two: Vec<Supporter> = (1..=2)
            .map(|i| person(i, &format!("P{i}"), Category::Friend, &[]))
            .collect();
        assert_eq!(
            ids(&run(network_size, &two, &[], &[])),
            [id("network-small", Severity::Warning)]
        );
        let mut three: Vec<Supporter> = (1..=3)
            .map(|i| person(i, &format!("P{i}"), Category::Friend, &[]))
            .collect();
        assert!(run(network_size, &three, &[], &[]).is_empty());
        for s in &mut three {
            s.profile.circle = Circle::Outer;
        }
        assert_eq!(
            ids(&run(network_size, &three, &[], &[])),
            [id("inner-circle-empty", Severity::Warning)]
        );
        assert!(
            run(network_size, &[], &[], &[])[0]
                .why
                .starts_with("0 active supporters")
        );
    }

    #[test]
    fn one_mode_only() {
        let mut a = person(1, "A", Category::Friend, &[]);
        let mut b = person(2, "B", Category::Friend, &[]);
        assert_eq!(
            ids(&run(one_mode, &[a.clone(), b.clone()], &[], &[])),
            [id("mode-in-person-only", Severity::Info)]
        );
        a.profile.mode = Mode::Online;
        b.profile.mode = Mode::Online;
        assert_eq!(
            ids(&run(one_mode, &[a.clone(), b.clone()], &[], &[])),
            [id("mode-online-only", Severity::Info)]
        );
        b.profile.mode = Mode::Hybrid;
        assert!(run(one_mode, &[a, b], &[], &[]).is_empty());
    }

    #[test]
    fn a_paused_crisis_contact_is_flagged() {
        let mut dev = crisis(1, "Dev", None);
        dev.profile.status = Status::Paused;
        dev.profile.paused_reason = Some("taking space".into());
        let gaps = run(paused_crisis_contacts, std::slice::from_ref(&dev), &[], &[]);
        assert_eq!(ids(&gaps), [id("paused-crisis:Dev", Severity::Warning)]);
        assert_eq!(gaps[0].why, "Dev is paused (taking space)");
        dev.profile.gives.clear();
        assert!(run(paused_crisis_contacts, &[dev], &[], &[]).is_empty());
    }

    fn plan_looked_at(days: i64, reviewed: bool) -> Plan {
        Plan {
            items: vec![crate::domain::plan::PlanItem {
                id: 1,
                section: crate::domain::Section::Coping,
                position: 1,
                text: "walk".into(),
                created_at: if reviewed {
                    days_ago(400)
                } else {
                    days_ago(days)
                },
            }],
            reviewed_at: reviewed.then(|| days_ago(days)),
        }
    }

    fn run_plan(plan: &Plan) -> Vec<Gap> {
        let (last, recent) = (HashMap::new(), HashMap::new());
        safety_plan(&Network {
            supporters: &[],
            plan,
            last_contact: &last,
            recent_checkins: &recent,
            now: now(),
            day_of: |t| t.date_naive(),
            country: None,
            last_review: None,
        })
    }

    #[test]
    fn a_missing_or_stale_safety_plan_is_a_warning() {
        assert_eq!(
            ids(&run_plan(&Plan::default())),
            [id("plan-missing", Severity::Warning)]
        );
        assert!(run_plan(&plan_looked_at(89, true)).is_empty());
        let stale = run_plan(&plan_looked_at(90, true));
        assert_eq!(ids(&stale), [id("plan-stale", Severity::Warning)]);
        assert_eq!(stale[0].why, "last reviewed 90 days ago");
        let never = run_plan(&plan_looked_at(120, false));
        assert_eq!(never[0].why, "begun 120 days ago and not reviewed since");
        assert!(run_plan(&plan_looked_at(10, false)).is_empty());
    }

    #[test]
    fn crisis_contacts_need_a_professional_among_them() {
        let friends = [crisis(1, "A", None), crisis(2, "B", None)];
        assert_eq!(
            ids(&run(professional_crisis_contact, &friends, &[], &[])),
            [id("crisis-no-professional", Severity::Warning)]
        );
        let mut line = crisis(3, "Line", Some("24/7"));
        line.profile.kind = crate::domain::Kind::Service;
        assert!(
            run(
                professional_crisis_contact,
                &[crisis(1, "A", None), line],
                &[],
                &[]
            )
            .is_empty()
        );
        assert!(
            run(professional_crisis_contact, &[], &[], &[]).is_empty(),
            "rule 1 covers none"
        );
    }

    #[test]
    fn find_puts_the_most_severe_first_and_only_active_supporters_count() {
        let mut archived = crisis(1, "Old", Some("24/7"));
        archived.profile.status = Status::Archived;
        let gaps = run(find, &[archived], &[], &[]);
        assert_eq!(gaps[0].id, "crisis-none");
        assert!(gaps.windows(2).all(|w| w[0].severity >= w[1].severity));
    }

    #[test]
    fn a_stressful_tie_never_counts_toward_coverage() {
        let mut jo = person(1, "Jo", Category::Peer, &[Emotional]);
        jo.profile.tie = Tie::Stressful;
        let gaps = run(missing_categories, std::slice::from_ref(&jo), &[], &[]);
        assert!(
            gaps.iter().any(|g| g.id == "category-missing:peer"),
            "{:?}",
            ids(&gaps)
        );
        let gaps = run(functions, std::slice::from_ref(&jo), &[], &[]);
        assert!(
            gaps.iter().any(|g| g.id == "function-missing:emotional"),
            "{:?}",
            ids(&gaps)
        );
        jo.profile.tie = Tie::Tenuous;
        let gaps = run(missing_categories, std::slice::from_ref(&jo), &[], &[]);
        assert!(!gaps.iter().any(|g| g.id == "category-missing:peer"));
    }

    #[test]
    fn stressful_ties_in_the_crisis_list_and_the_inner_circle_are_named_gently() {
        let mut jo = crisis(1, "Jo", Some("24/7"));
        jo.profile.tie = Tie::Stressful;
        let mut sam = person(2, "Sam", Category::Family, &[Emotional]);
        sam.profile.tie = Tie::Stressful;
        sam.profile.circle = Circle::Middle;
        let gaps = run(stressful_ties, &[jo, sam], &[], &[]);
        assert_eq!(
            ids(&gaps),
            [
                id("stressful-crisis:Jo", Severity::Warning),
                id("stressful-inner:Jo", Severity::Info)
            ]
        );
        assert!(
            gaps[0]
                .suggestion
                .contains("deserve someone who steadies you")
        );
        assert_eq!(
            gaps[1].command.as_deref(),
            Some("supportmap contacts edit Jo --circle middle")
        );
    }

    #[test]
    fn a_review_is_due_after_ninety_days_and_never_on_a_young_map() {
        let people = [
            person(1, "A", Category::Friend, &[]),
            person(2, "B", Category::Family, &[]),
            person(3, "C", Category::Peer, &[]),
        ];
        // The supporters were added 100 days ago, and there has been no review.
        assert_eq!(
            ids(&run(review_due, &people, &[], &[])),
            [id("review-none", Severity::Info)]
        );
        let (last, recent, plan) = (HashMap::new(), HashMap::new(), Plan::default());
        let with_review = |days: i64| {
            review_due(&Network {
                supporters: &people,
                plan: &plan,
                last_contact: &last,
                recent_checkins: &recent,
                now: now(),
                day_of: |t| t.date_naive(),
                country: None,
                last_review: Some(days_ago(days)),
            })
        };
        assert!(with_review(30).is_empty());
        let gaps = with_review(95);
        assert_eq!(ids(&gaps), [id("review-due", Severity::Info)]);
        assert!(gaps[0].message.contains("95 days"), "{}", gaps[0].message);
        let young = [person(1, "A", Category::Friend, &[])];
        assert!(run(review_due, &young, &[], &[]).is_empty());
    }
}
