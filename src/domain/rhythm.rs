//! The check-in rhythm a user wants with a supporter (`--every`).

use std::fmt;
use std::str::FromStr;

/// The longest rhythm accepted, in days: ten years is already "no rhythm".
pub const MAX_RHYTHM_DAYS: u32 = 3650;

/// How often the user wants to be in touch, as a number of days.
///
/// `daily`, `weekly`, `biweekly` and `monthly` are 1, 7, 14 and 30 days; `Nd` and `Nw`
/// give any other count. It prints back in the friendliest of those forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rhythm {
    days: u32,
}

impl Rhythm {
    pub fn from_days(days: u32) -> Option<Rhythm> {
        (1..=MAX_RHYTHM_DAYS)
            .contains(&days)
            .then_some(Rhythm { days })
    }

    pub fn days(self) -> u32 {
        self.days
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRhythm(String);

impl fmt::Display for BadRhythm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = self.0.to_lowercase();
        if word.starts_with('0')
            && word
                .trim_start_matches('0')
                .starts_with(|c: char| !c.is_ascii_digit())
        {
            return write!(
                f,
                "a rhythm of \"{}\" is never; it counts from 1 (1d, 1w)",
                self.0
            );
        }
        let close = ["daily", "weekly", "biweekly", "monthly", "fortnightly"]
            .into_iter()
            .map(|w| (strsim::jaro_winkler(w, &word), w))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        write!(f, "unknown rhythm \"{}\"", self.0)?;
        if let Some((_, word)) = close {
            write!(f, " (did you mean {word}?)")?;
        }
        write!(
            f,
            "; use daily, weekly, biweekly, monthly, or a count like 3d or 2w (at most \
             {MAX_RHYTHM_DAYS} days)"
        )
    }
}

impl std::error::Error for BadRhythm {}

impl FromStr for Rhythm {
    type Err = BadRhythm;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = || BadRhythm(input.trim().to_string());
        let word = input.trim().to_lowercase();
        let days = match word.as_str() {
            "daily" | "day" => 1,
            "weekly" | "week" => 7,
            "biweekly" | "fortnightly" => 14,
            "monthly" | "month" => 30,
            _ => {
                let (count, unit) = word
                    .find(|c: char| !c.is_ascii_digit())
                    .map(|at| word.split_at(at))
                    .ok_or_else(bad)?;
                let count: u32 = count.parse().map_err(|_| bad())?;
                let per = match unit.trim() {
                    "d" | "day" | "days" => 1,
                    "w" | "week" | "weeks" => 7,
                    _ => return Err(bad()),
                };
                count.checked_mul(per).ok_or_else(bad)?
            }
        };
        Rhythm::from_days(days).ok_or_else(bad)
    }
}

impl fmt::Display for Rhythm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.days {
            1 => "daily".to_string(),
            7 => "weekly".to_string(),
            14 => "biweekly".to_string(),
            30 => "monthly".to_string(),
            d if d % 7 == 0 => format!("{}w", d / 7),
            d => format!("{d}d"),
        };
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelled_or_zero_rhythm_says_what_was_meant() {
        let err = "weakly".parse::<Rhythm>().unwrap_err().to_string();
        assert!(err.contains("(did you mean weekly?)"), "{err}");
        let err = "0d".parse::<Rhythm>().unwrap_err().to_string();
        assert_eq!(
            err,
            "a rhythm of \"0d\" is never; it counts from 1 (1d, 1w)"
        );
    }

    #[test]
    fn words_and_counts_parse() {
        let days = |s: &str| s.parse::<Rhythm>().map(Rhythm::days);
        assert_eq!(days("daily"), Ok(1));
        assert_eq!(days("Weekly"), Ok(7));
        assert_eq!(days("fortnightly"), Ok(14));
        assert_eq!(days("monthly"), Ok(30));
        assert_eq!(days("3d"), Ok(3));
        assert_eq!(days("2w"), Ok(14));
        assert_eq!(days("10 days"), Ok(10));
        assert_eq!(days("3650d"), Ok(3650));
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "often",
            "0d",
            "3651d",
            "-1d",
            "2x",
            "d",
            "99999999999w",
            "1.5w",
        ] {
            assert!(bad.parse::<Rhythm>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn prints_the_friendliest_form_and_round_trips() {
        for (days, text) in [
            (1, "daily"),
            (7, "weekly"),
            (14, "biweekly"),
            (30, "monthly"),
        ] {
            let rhythm = Rhythm::from_days(days).unwrap();
            assert_eq!(rhythm.to_string(), text);
        }
        for days in [2, 3, 21, 28, 60, 365] {
            let rhythm = Rhythm::from_days(days).unwrap();
            assert_eq!(rhythm.to_string().parse::<Rhythm>(), Ok(rhythm));
        }
        assert_eq!(Rhythm::from_days(21).unwrap().to_string(), "3w");
        assert_eq!(Rhythm::from_days(10).unwrap().to_string(), "10d");
    }
}
