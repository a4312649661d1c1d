//! A supporter: a person, group or service in the map, and the rules for changing one.
//! Pure values: no I/O, no SQL, no printing.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use super::rhythm::Rhythm;
use super::text::{self, Shape, TextError};
use super::vocabulary::{
    Category, Circle, Function, Kind, Mode, Status, Tie, UnknownWord, lookup, normalize,
};

/// Everything the user says about a supporter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub kind: Kind,
    pub category: Category,
    pub role: Option<String>,
    /// Includes [`Function::Crisis`] exactly when the supporter is a crisis contact.
    pub gives: BTreeSet<Function>,
    pub circle: Circle,
    /// The tie's quality; a stressful tie never counts toward coverage.
    pub tie: Tie,
    pub mode: Mode,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub contact: Option<String>,
    /// Who to call first in a crisis (1 first); only set on crisis contacts.
    pub crisis_order: Option<u32>,
    pub available: Option<String>,
    pub every: Option<Rhythm>,
    pub status: Status,
    /// Why the user paused or archived this tie; cleared when they are active again.
    pub paused_reason: Option<String>,
    pub since: Option<NaiveDate>,
    pub note: Option<String>,
    pub tags: BTreeSet<String>,
}

impl Profile {
    /// A new supporter with the defaults: a person, middle circle, in person, active.
    pub fn new(name: String, category: Category) -> Profile {
        Profile {
            name,
            kind: Kind::Person,
            category,
            role: None,
            gives: BTreeSet::new(),
            circle: Circle::Middle,
            tie: Tie::Steady,
            mode: Mode::InPerson,
            phone: None,
            email: None,
            contact: None,
            crisis_order: None,
            available: None,
            every: None,
            status: Status::Active,
            paused_reason: None,
            since: None,
            note: None,
            tags: BTreeSet::new(),
        }
    }

    /// May be called in a crisis (`--crisis`, or `--gives crisis`: the same thing).
    pub fn is_crisis(&self) -> bool {
        self.gives.contains(&Function::Crisis)
    }

    /// The name as it is compared: case-insensitive, Unicode-aware.
    pub fn name_key(&self) -> String {
        name_key(&self.name)
    }
}

/// Parses a place in the crisis order (`--crisis-order`): a whole number from 1.
pub fn parse_crisis_order(input: &str) -> Result<u32, String> {
    match input.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "\"{}\" is not a place in the crisis order; use a whole number from 1 (called first)",
            input.trim()
        )),
    }
}

/// Parses a calendar date as `YYYY-MM-DD` (for `--since`).
pub fn parse_date(input: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "\"{}\" is not a date; use YYYY-MM-DD, like 2024-03-01",
            input.trim()
        )
    })
}

/// A supporter as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supporter {
    pub id: i64,
    pub profile: Profile,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The key names are unique by: lower-cased, so "jo" and "JO" are one person.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// Why a change to a supporter was refused. Each message names the flag to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeError {
    Empty(&'static str),
    /// A field's text broke the one rule for stored text ([`text::clean`]).
    Text(&'static str, TextError),
    /// A name that would read as an option when typed after a command.
    LeadingDash(String),
    SetAndCleared(Field),
    NoDigits(String),
    BadEmail(String),
    FutureSince(NaiveDate),
    CrisisOrderZero,
    /// Two flags that ask for opposite things.
    Contradiction(&'static str, &'static str),
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::Empty(what) if what.starts_with("--") => write!(
                f,
                "{what} is empty; leave it out, or empty the field with `contacts edit NAME \
                 --clear {}`",
                what.trim_start_matches("--")
            ),
            ChangeError::Empty(what) => write!(f, "{what} is empty"),
            ChangeError::Text(what, error) => write!(f, "{what} {error}"),
            ChangeError::LeadingDash(name) => write!(
                f,
                "the name \"{}\" starts with '-', which would read as an option",
                super::text::visible(name)
            ),
            ChangeError::SetAndCleared(field) => {
                write!(
                    f,
                    "--{field} and --clear {field} were both given; choose one"
                )
            }
            ChangeError::NoDigits(phone) => {
                write!(f, "phone number \"{phone}\" has no digits")
            }
            ChangeError::BadEmail(email) => {
                write!(f, "email \"{email}\" does not look like an address (no @)")
            }
            ChangeError::FutureSince(date) => {
                write!(f, "--since {date} is in the future")
            }
            ChangeError::CrisisOrderZero => {
                write!(f, "--crisis-order counts from 1 (who to call first)")
            }
            ChangeError::Contradiction(a, b) => {
                write!(f, "{a} and {b} ask for opposite things; choose one")
            }
        }
    }
}

impl std::error::Error for ChangeError {}

impl ChangeError {
    /// What to do instead, for the `hint:` line, where there is something to say.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ChangeError::Text(_, TextError::LineBreak) => {
                Some("use a space instead; longer text with lines of its own can go in --note")
            }
            ChangeError::Text(_, TextError::Tab) => Some("type it again with spaces"),
            ChangeError::Text(_, TextError::Hidden(_)) => {
                Some("type it again, or paste it as plain text")
            }
            ChangeError::Text(_, TextError::Placeholder(_)) => {
                Some("write the person's or group's own name in its place")
            }
            ChangeError::Text(_, TextError::TooLong(_)) => {
                Some("shorten it; a longer note can go in --note")
            }
            ChangeError::LeadingDash(_) => Some("start the name with a letter or number"),
            _ => None,
        }
    }
}

/// A field `contacts edit --clear` can empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Role,
    Gives,
    Phone,
    Email,
    Contact,
    Crisis,
    CrisisOrder,
    Available,
    Every,
    Since,
    Note,
    Tags,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::Role,
        Field::Gives,
        Field::Phone,
        Field::Email,
        Field::Contact,
        Field::Crisis,
        Field::CrisisOrder,
        Field::Available,
        Field::Every,
        Field::Since,
        Field::Note,
        Field::Tags,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Role => "role",
            Field::Gives => "gives",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Contact => "contact",
            Field::Crisis => "crisis",
            Field::CrisisOrder => "crisis-order",
            Field::Available => "available",
            Field::Every => "every",
            Field::Since => "since",
            Field::Note => "note",
            Field::Tags => "tags",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Field {
    type Err = UnknownWord;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let aliases = [
            ("tag", Field::Tags),
            ("give", Field::Gives),
            ("rhythm", Field::Every),
            ("order", Field::CrisisOrder),
        ];
        let words: Vec<(&'static str, Field)> = Field::ALL
            .iter()
            .map(|f| (f.as_str(), *f))
            .chain(aliases)
            .collect();
        let choices = Field::ALL.iter().map(|f| f.as_str()).collect();
        lookup("field to clear", input, &words, choices)
    }
}

/// A set of changes to a profile, from `add` or `contacts edit` flags or from prompts.
/// `None` and empty lists leave a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub name: Option<String>,
    pub kind: Option<Kind>,
    pub category: Option<Category>,
    pub role: Option<String>,
    pub gives: Option<BTreeSet<Function>>,
    pub add_gives: Vec<Function>,
    pub remove_gives: Vec<Function>,
    pub circle: Option<Circle>,
    pub tie: Option<Tie>,
    pub mode: Option<Mode>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub contact: Option<String>,
    pub crisis: Option<bool>,
    pub crisis_order: Option<u32>,
    pub available: Option<String>,
    pub every: Option<Rhythm>,
    pub since: Option<NaiveDate>,
    pub note: Option<String>,
    pub tags: Option<BTreeSet<String>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub clear: Vec<Field>,
}

impl Changes {
    /// Applies the changes to `profile`, or explains what is wrong and leaves it as it was.
    /// `today` is the user's local date, for refusing a `since` in the future.
    pub fn apply(&self, profile: &Profile, today: NaiveDate) -> Result<Profile, ChangeError> {
        self.check_conflicts()?;
        let mut p = profile.clone();

        for field in &self.clear {
            match field {
                Field::Role => p.role = None,
                Field::Gives => p.gives.clear(),
                Field::Phone => p.phone = None,
                Field::Email => p.email = None,
                Field::Contact => p.contact = None,
                Field::Crisis => {
                    p.gives.remove(&Function::Crisis);
                }
                Field::CrisisOrder => p.crisis_order = None,
                Field::Available => p.available = None,
                Field::Every => p.every = None,
                Field::Since => p.since = None,
                Field::Note => p.note = None,
                Field::Tags => p.tags.clear(),
            }
        }

        if let Some(name) = &self.name {
            p.name = clean_name(name)?;
        }
        set(&mut p.kind, self.kind);
        set(&mut p.category, self.category);
        set(&mut p.circle, self.circle);
        set(&mut p.tie, self.tie);
        set(&mut p.mode, self.mode);
        set_text(&mut p.role, &self.role, "--role", Shape::Line)?;
        set_text(&mut p.contact, &self.contact, "--contact", Shape::Line)?;
        set_text(
            &mut p.available,
            &self.available,
            "--available",
            Shape::Line,
        )?;
        set_text(&mut p.note, &self.note, "--note", Shape::Lines)?;
        if let Some(phone) = &self.phone {
            p.phone = Some(clean_phone(phone)?);
        }
        if let Some(email) = &self.email {
            let email = clean_text(email, "--email", Shape::Line)?;
            if !is_email(&email) {
                return Err(ChangeError::BadEmail(email));
            }
            p.email = Some(email);
        }
        if let Some(since) = self.since {
            if since > today {
                return Err(ChangeError::FutureSince(since));
            }
            p.since = Some(since);
        }
        if let Some(every) = self.every {
            p.every = Some(every);
        }

        if let Some(gives) = &self.gives {
            p.gives = gives.clone();
        }
        p.gives.extend(self.add_gives.iter().copied());
        for function in &self.remove_gives {
            p.gives.remove(function);
        }

        if let Some(tags) = &self.tags {
            p.tags = clean_tags(tags.iter())?;
        }
        p.tags.extend(clean_tags(self.add_tags.iter())?);
        for tag in clean_tags(self.remove_tags.iter())? {
            p.tags.remove(&tag);
        }

        if let Some(order) = self.crisis_order {
            if order == 0 {
                return Err(ChangeError::CrisisOrderZero);
            }
            // Giving someone a place in the crisis order makes them a crisis contact.
            p.crisis_order = Some(order);
            p.gives.insert(Function::Crisis);
        }
        match self.crisis {
            Some(true) => {
                p.gives.insert(Function::Crisis);
            }
            Some(false) => {
                p.gives.remove(&Function::Crisis);
            }
            None => {}
        }
        if !p.is_crisis() {
            p.crisis_order = None;
        }
        Ok(p)
    }

    fn check_conflicts(&self) -> Result<(), ChangeError> {
        let gives_crisis = self
            .gives
            .as_ref()
            .is_some_and(|g| g.contains(&Function::Crisis))
            || self.add_gives.contains(&Function::Crisis);
        if self.crisis == Some(false) && gives_crisis {
            return Err(ChangeError::Contradiction(
                "--no-crisis",
                "giving crisis support",
            ));
        }
        if (self.crisis == Some(true) || self.crisis_order.is_some() || gives_crisis)
            && self.remove_gives.contains(&Function::Crisis)
        {
            return Err(ChangeError::Contradiction(
                "--remove-gives crisis",
                "--crisis",
            ));
        }
        for field in &self.clear {
            let set = match field {
                Field::Role => self.role.is_some(),
                Field::Gives => self.gives.is_some(),
                Field::Phone => self.phone.is_some(),
                Field::Email => self.email.is_some(),
                Field::Contact => self.contact.is_some(),
                Field::Crisis => self.crisis == Some(true) || self.crisis_order.is_some(),
                Field::CrisisOrder => self.crisis_order.is_some(),
                Field::Available => self.available.is_some(),
                Field::Every => self.every.is_some(),
                Field::Since => self.since.is_some(),
                Field::Note => self.note.is_some(),
                Field::Tags => self.tags.is_some(),
            };
            if set {
                return Err(ChangeError::SetAndCleared(*field));
            }
        }
        Ok(())
    }

    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self == &Changes::default()
    }
}

fn set<T: Copy>(target: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *target = value;
    }
}

fn set_text(
    target: &mut Option<String>,
    value: &Option<String>,
    flag: &'static str,
    shape: Shape,
) -> Result<(), ChangeError> {
    if let Some(value) = value {
        *target = Some(clean_text(value, flag, shape)?);
    }
    Ok(())
}

/// A name as stored: verbatim apart from surrounding spaces; one line, never empty,
/// never starting with '-' (a command would take it for an option).
pub fn clean_name(name: &str) -> Result<String, ChangeError> {
    let name = clean_text(name, "the name", Shape::Line)?;
    if name.starts_with('-') {
        return Err(ChangeError::LeadingDash(name));
    }
    // `supportmap add NAME ...` pasted from a suggestion as it was.
    if name == "NAME" {
        return Err(ChangeError::Text("the name", TextError::Placeholder(name)));
    }
    Ok(name)
}

/// A phone number has at least one digit ("988", "+44 20 7946 0000").
pub fn is_phone(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

/// An email address has an @.
pub fn is_email(text: &str) -> bool {
    text.contains('@')
}

/// A phone number: one line with at least one digit ("988", "+44 20 7946 0000").
pub fn clean_phone(phone: &str) -> Result<String, ChangeError> {
    let phone = clean_text(phone, "--phone", Shape::Line)?;
    if !is_phone(&phone) {
        return Err(ChangeError::NoDigits(phone));
    }
    Ok(phone)
}

/// Any text field through the one rule for stored text, with the flag that gave it.
fn clean_text(value: &str, what: &'static str, shape: Shape) -> Result<String, ChangeError> {
    text::clean(value, shape).map_err(|error| match error {
        TextError::Empty => ChangeError::Empty(what),
        error => ChangeError::Text(what, error),
    })
}

/// Tags are lower-case single words; `--tag "Work Friends"` becomes `work-friends`.
fn clean_tags<'a>(tags: impl Iterator<Item = &'a String>) -> Result<BTreeSet<String>, ChangeError> {
    tags.map(|tag| clean_text(&normalize(tag), "a --tag", Shape::Line))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn jo() -> Profile {
        Profile::new("Jo".into(), Category::Sponsor)
    }

    #[test]
    fn new_profiles_have_the_documented_defaults() {
        let p = jo();
        assert_eq!(p.kind, Kind::Person);
        assert_eq!(p.circle, Circle::Middle);
        assert_eq!(p.mode, Mode::InPerson);
        assert_eq!(p.status, Status::Active);
        assert!(!p.is_crisis());
    }

    #[test]
    fn crisis_flag_and_crisis_function_are_one_thing() {
        let by_flag = Changes {
            crisis: Some(true),
            ..Changes::default()
        }
        .apply(&jo(), today())
        .unwrap();
        let by_gives = Changes {
            gives: Some([Function::Crisis].into()),
            ..Changes::default()
        }
        .apply(&jo(), today())
        .unwrap();
        assert!(by_flag.is_crisis());
        assert_eq!(by_flag, by_gives);
    }

    #[test]
    fn a_crisis_order_makes_a_crisis_contact_and_leaving_clears_it() {
        let p = Changes {
            crisis_order: Some(2),
            ..Changes::default()
        }
        .apply(&jo(), today())
        .unwrap();
        assert!(p.is_crisis());
        assert_eq!(p.crisis_order, Some(2));
        let p = Changes {
            crisis: Some(false),
            ..Changes::default()
        }
        .apply(&p, today())
        .unwrap();
        assert!(!p.is_crisis());
        assert_eq!(p.crisis_order, None);
    }

    #[test]
    fn gives_can_be_replaced_added_to_and_removed_from() {
        let p = Changes {
            gives: Some([Function::Emotional, Function::Advice].into()),
            ..Changes::default()
        }
        .apply(&jo(), today())
        .unwrap();
        let p = Changes {
            add_gives: vec![Function::Practical],
            remove_gives: vec![Function::Advice],
            ..Changes::default()
        }
        .apply(&p, today())
        .unwrap();
        assert_eq!(p.gives, [Function::Emotional, Function::Practical].into());
    }

    #[test]
    fn contradictory_crisis_flags_are_refused() {
        for changes in [
            Changes {
                crisis: Some(false),
                gives: Some([Function::Crisis].into()),
                ..Changes::default()
            },
            Changes {
                crisis: Some(false),
                add_gives: vec![Function::Crisis],
                ..Changes::default()
            },
            Changes {
                crisis: Some(true),
                remove_gives: vec![Function::Crisis],
                ..Changes::default()
            },
        ] {
            let err = changes.apply(&jo(), today()).unwrap_err();
            assert!(err.to_string().contains("ask for opposite things"), "{err}");
        }
        assert_eq!(parse_crisis_order("2"), Ok(2));
        assert!(parse_crisis_order("0").is_err());
        assert!(
            parse_crisis_order("-1")
                .unwrap_err()
                .contains("whole number from 1")
        );
    }

    #[test]
    fn clearing_and_setting_one_field_is_refused() {
        let err = Changes {
            phone: Some("555".into()),
            clear: vec![Field::Phone],
            ..Changes::default()
        }
        .apply(&jo(), today())
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "--phone and --clear phone were both given; choose one"
        );
    }

    #[test]
    fn bad_text_is_refused_with_the_flag_named() {
        let refuse = |c: Changes| c.apply(&jo(), today()).unwrap_err().to_string();
        assert_eq!(
            refuse(Changes {
                name: Some("  ".into()),
                ..Changes::default()
            }),
            "the name is empty"
        );
        assert_eq!(
            refuse(Changes {
                name: Some("Jo\nJo".into()),
                ..Changes::default()
            }),
            "the name must be one line (it contains a line break)"
        );
        assert_eq!(
            refuse(Changes {
                role: Some("sister\n+1 555 0000 Mum".into()),
                ..Changes::default()
            }),
            "--role must be one line (it contains a line break)"
        );
        assert_eq!(
            refuse(Changes {
                available: Some("24/7\u{202e}".into()),
                ..Changes::default()
            }),
            "--available contains a hidden control character (U+202E), which could change \
             how other text shows"
        );
        assert_eq!(
            refuse(Changes {
                name: Some("-rf".into()),
                ..Changes::default()
            }),
            "the name \"-rf\" starts with '-', which would read as an option"
        );
        assert_eq!(
            refuse(Changes {
                phone: Some("call me".into()),
                ..Changes::default()
            }),
            "phone number \"call me\" has no digits"
        );
        assert_eq!(
            refuse(Changes {
                since: NaiveDate::from_ymd_opt(2027, 1, 1),
                ..Changes::default()
            }),
            "--since 2027-01-01 is in the future"
        );
    }

    #[test]
    fn names_are_kept_verbatim_apart_from_outer_spaces() {
        let p = Changes {
            name: Some("  O'Brien; DROP TABLE supporters; -- ☀️ ".into()),
            ..Changes::default()
        }
        .apply(&jo(), today())
        .unwrap();
        assert_eq!(p.name, "O'Brien; DROP TABLE supporters; -- ☀️");
        assert_eq!(name_key("ÉMILE"), name_key("émile"));
    }

    #[test]
    fn tags_are_normalised() {
        let p = Changes {
            tags: Some(["Work Friends".to_string(), "gym".to_string()].into()),
            ..Changes::default()
        }
        .apply(&jo(), today())
        .unwrap();
        assert_eq!(
            p.tags,
            ["gym".to_string(), "work-friends".to_string()].into()
        );
    }

    #[test]
    fn fields_parse_with_aliases() {
        assert_eq!("crisis-order".parse(), Ok(Field::CrisisOrder));
        assert_eq!("tag".parse(), Ok(Field::Tags));
        assert!("name".parse::<Field>().is_err());
    }
}
