//! The user's own settings: their name (the centre of the map, the plan's title), their
//! country (which crisis line and emergency number the card shows), and, if they want
//! it, a recovery date.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::country::{self, Country};
use super::text::{self, Shape};
use super::vocabulary::{UnknownWord, lookup};

/// A setting's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Name,
    Country,
    RecoveryDate,
}

impl Key {
    pub const ALL: &'static [Key] = &[Key::Name, Key::Country, Key::RecoveryDate];

    pub fn as_str(self) -> &'static str {
        match self {
            Key::Name => "name",
            Key::Country => "country",
            Key::RecoveryDate => "recovery-date",
        }
    }

    /// Checks a value for this key and returns it as stored.
    pub fn check(self, value: &str, today: NaiveDate) -> Result<String, String> {
        match self {
            Key::Name => text::clean(value, Shape::Line).map_err(|e| format!("the name {e}")),
            Key::Country => country::code(value).ok_or_else(|| {
                format!(
                    "\"{}\" is not a country code; use the two letters of ISO 3166, such as \
                     US, GB (or UK), IE, AU or DE",
                    text::visible(value.trim())
                )
            }),
            Key::RecoveryDate => {
                let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
                    format!(
                        "\"{}\" is not a date; use YYYY-MM-DD, like 2026-03-14",
                        text::visible(value.trim())
                    )
                })?;
                if date > today {
                    return Err(format!("{date} is in the future"));
                }
                Ok(date.to_string())
            }
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Key {
    type Err = UnknownWord;

    fn from_str(input: &str) -> Result<Key, UnknownWord> {
        let words: Vec<(&'static str, Key)> = Key::ALL
            .iter()
            .map(|k| (k.as_str(), *k))
            .chain([("me", Key::Name), ("sober-date", Key::RecoveryDate)])
            .collect();
        lookup(
            "setting",
            input,
            &words,
            Key::ALL.iter().map(|k| k.as_str()).collect(),
        )
    }
}

/// The settings as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub values: BTreeMap<Key, String>,
}

impl Settings {
    pub fn get(&self, key: Key) -> Option<&str> {
        self.values.get(&key).map(String::as_str)
    }

    /// The country whose numbers the card shows: the setting, if supportmap knows it.
    pub fn country(&self) -> Option<&'static Country> {
        self.get(Key::Country).and_then(country::find)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn values_are_checked_for_their_key() {
        assert_eq!(Key::Country.check(" gb ", today()), Ok("GB".to_string()));
        assert!(Key::Country.check("Britain", today()).is_err());
        assert!(Key::Country.check("XX", today()).is_err());
        assert_eq!(Key::Country.check("uk", today()), Ok("GB".to_string()));
        assert_eq!(Key::Name.check(" Maya ", today()), Ok("Maya".to_string()));
        assert!(Key::Name.check("Ma\nya", today()).is_err());
        assert_eq!(
            Key::RecoveryDate.check("2026-03-14", today()),
            Ok("2026-03-14".to_string())
        );
        assert!(Key::RecoveryDate.check("2027-01-01", today()).is_err());
        assert!(Key::RecoveryDate.check("14/03/2026", today()).is_err());
    }

    #[test]
    fn keys_parse_with_aliases() {
        assert_eq!("Country".parse::<Key>(), Ok(Key::Country));
        assert_eq!("recovery_date".parse::<Key>(), Ok(Key::RecoveryDate));
        assert!("colour".parse::<Key>().is_err());
    }
}
