//! The fixed vocabularies of the map (DESIGN.md): kinds, categories, support functions,
//! circles, modes and statuses. Each is an enum with one canonical word, which is what is
//! stored and printed, plus the aliases people naturally type on input.

use std::fmt;
use std::str::FromStr;

/// How closely two words must match before an unknown word gets a "did you mean".
const SUGGEST_THRESHOLD: f64 = 0.8;

/// An input word that is not in a vocabulary. Its message names the vocabulary, the
/// closest word when there is one, and every choice, so it reads as a whole error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    pub what: &'static str,
    pub input: String,
    pub suggestion: Option<&'static str>,
    pub choices: Vec<&'static str>,
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} \"{}\"", self.what, self.input)?;
        if let Some(word) = self.suggestion {
            write!(f, " (did you mean \"{word}\"?)")?;
        }
        write!(f, "; choose from {}", self.choices.join(", "))
    }
}

impl std::error::Error for UnknownWord {}

/// Lower-case, trim, and treat `_` and spaces as `-`, so `In Person`, `in_person` and
/// `in-person` are one word.
pub fn normalize(input: &str) -> String {
    input
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c == '_' || c.is_whitespace() {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// Finds `input` among `(word, value)` pairs, or explains why not.
pub(crate) fn lookup<T: Copy>(
    what: &'static str,
    input: &str,
    words: &[(&'static str, T)],
    choices: Vec<&'static str>,
) -> Result<T, UnknownWord> {
    let key = normalize(input);
    if let Some((_, value)) = words.iter().find(|(word, _)| *word == key) {
        return Ok(*value);
    }
    let suggestion = words
        .iter()
        .map(|(word, _)| (strsim::jaro_winkler(word, &key), *word))
        .filter(|(score, _)| *score >= SUGGEST_THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, word)| word);
    Err(UnknownWord {
        what,
        input: input.trim().to_string(),
        suggestion,
        choices,
    })
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $word:literal $(, $alias:literal)* ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical word, as stored and printed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// Words accepted on input besides the canonical one.
            pub fn aliases(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$($alias),*],)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                // The canonical word (as stored) is found without building the list.
                if let Some(value) = Self::ALL.iter().find(|v| v.as_str() == input) {
                    return Ok(*value);
                }
                let words: Vec<(&'static str, $name)> = Self::ALL
                    .iter()
                    .flat_map(|v| std::iter::once(v.as_str()).chain(v.aliases().iter().copied()).map(move |w| (w, *v)))
                    .collect();
                lookup($what, input, &words, Self::ALL.iter().map(|v| v.as_str()).collect())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What a supporter is.
    pub enum Kind ("kind") {
        Person = "person", "individual";
        /// An AA home group, a church, a club.
        Group = "group", "organisation", "organization", "org";
        /// A crisis line, a clinic.
        Service = "service", "line", "hotline";
    }
}

vocabulary! {
    /// The type of support a supporter belongs to; exactly one each.
    pub enum Category ("category") {
        Family = "family", "families", "parent", "parents", "partner", "spouse", "sibling",
            "siblings", "relative", "relatives", "chosen-family", "mum", "mom", "dad",
            "brother", "sister";
        Friend = "friend", "friends", "coworker", "co-worker", "colleague", "neighbour",
            "neighbor";
        Peer = "peer", "peers", "aa", "na", "ca", "ma", "smart", "smart-recovery", "refuge",
            "refuge-recovery", "mutual-help", "mutual-aid", "peer-support", "support-group";
        Sponsor = "sponsor", "sponsors", "mentor", "mentors";
        Professional = "professional", "professionals", "pro", "therapist", "counsellor",
            "counselor", "psychiatrist", "psychologist", "doctor", "gp", "nurse",
            "case-manager", "recovery-coach", "coach", "social-worker", "clinic",
            "crisis-line";
        Community = "community", "communities", "club", "volunteering", "volunteer",
            "workplace", "work", "programme", "program";
        Spiritual = "spiritual", "faith", "church", "mosque", "temple", "synagogue",
            "meditation", "sangha", "elder", "elders";
    }
}

vocabulary! {
    /// What a supporter gives.
    pub enum Function ("support function") {
        /// Listening, validation.
        Emotional = "emotional", "emotion", "emotional-support", "listening";
        /// Rides, meals, childcare, money, paperwork.
        Practical = "practical", "practical-help", "help";
        /// Information, guidance, coping skills.
        Advice = "advice", "guidance", "information", "info";
        /// Holds the user to their goals, notices warning signs.
        Accountability = "accountability", "accountable";
        /// Motivation, celebrating progress.
        Encouragement = "encouragement", "encourage", "motivation";
        /// Can be reached in a crisis.
        Crisis = "crisis", "emergency";
        /// Company, community, shared activities.
        Belonging = "belonging", "company", "social";
    }
}

vocabulary! {
    /// Closeness, as in the convoy model's concentric circles.
    pub enum Circle ("circle") {
        Inner = "inner", "close", "closest";
        Middle = "middle", "mid";
        Outer = "outer", "far";
    }
}

vocabulary! {
    /// How contact with a supporter happens.
    pub enum Mode ("mode") {
        InPerson = "in-person", "inperson", "offline", "face-to-face", "irl";
        Online = "online", "remote", "virtual";
        Hybrid = "hybrid", "both";
    }
}

vocabulary! {
    /// Where a supporter stands in the map.
    pub enum Status ("status") {
        Active = "active";
        /// A boundary: the user is limiting contact.
        Paused = "paused", "pause";
        Archived = "archived", "archive";
        /// Someone the user keeps away from: not a supporter, never counted, listed in the
        /// safety plan's people and places to avoid.
        Avoid = "avoid", "avoided", "keep-away", "avoiding";
    }
}

vocabulary! {
    /// The quality of a tie, as on a counsellor's eco-map.
    pub enum Tie ("tie quality") {
        Strong = "strong", "close", "solid";
        Steady = "steady", "ok", "normal", "default";
        Tenuous = "tenuous", "weak", "distant", "fragile";
        /// Drains more than it gives; never counts toward coverage.
        Stressful = "stressful", "stress", "strained", "difficult", "conflict";
    }
}

vocabulary! {
    /// How a check-in happened.
    pub enum Via ("way of contact") {
        Call = "call", "phone", "phoned", "called", "ring";
        Text = "text", "sms", "texted";
        InPerson = "in-person", "inperson", "face-to-face", "visit", "irl";
        Video = "video", "video-call", "zoom", "facetime";
        Meeting = "meeting", "group", "session";
        Message = "message", "messages", "chat", "dm", "email";
    }
}

vocabulary! {
    /// Who reached out.
    pub enum By ("--by value") {
        Me = "me", "i", "self";
        Them = "them", "they", "other";
    }
}

vocabulary! {
    /// How much a gap matters. Ordered: `Info < Warning < Critical`.
    pub enum Severity ("severity") {
        Info = "info";
        Warning = "warning", "warn";
        Critical = "critical", "crit";
    }
}

vocabulary! {
    /// The safety plan's sections the user writes (Stanley–Brown, with MY3's reasons).
    pub enum Section ("plan section") {
        WarningSigns = "warning-signs", "warning", "warnings", "signs", "triggers";
        Coping = "coping", "coping-strategies", "strategies";
        Distractions = "distractions", "distraction";
        Reasons = "reasons", "reasons-for-living", "reason";
        SafeEnvironment = "safe-environment", "safety", "environment", "safe";
        /// People, places, times and feelings to avoid (relapse prevention's high-risk
        /// situations).
        Avoid = "avoid", "high-risk", "risks", "avoidance", "triggers-to-avoid";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_round_trips() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(*c));
            assert_eq!(c.to_string(), c.as_str());
        }
        for f in Function::ALL {
            assert_eq!(f.as_str().parse::<Function>(), Ok(*f));
        }
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(*k));
        }
        for c in Circle::ALL {
            assert_eq!(c.as_str().parse::<Circle>(), Ok(*c));
        }
        for m in Mode::ALL {
            assert_eq!(m.as_str().parse::<Mode>(), Ok(*m));
        }
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(*s));
        }
        for v in Via::ALL {
            assert_eq!(v.as_str().parse::<Via>(), Ok(*v));
        }
        for b in By::ALL {
            assert_eq!(b.as_str().parse::<By>(), Ok(*b));
        }
    }

    #[test]
    fn aliases_map_to_canonical_words() {
        assert_eq!("na".parse(), Ok(Category::Peer));
        assert_eq!("AA".parse(), Ok(Category::Peer));
        assert_eq!("therapist".parse(), Ok(Category::Professional));
        assert_eq!("friends".parse(), Ok(Category::Friend));
        assert_eq!("mentor".parse(), Ok(Category::Sponsor));
        assert_eq!("church".parse(), Ok(Category::Spiritual));
        assert_eq!("Smart Recovery".parse(), Ok(Category::Peer));
        assert_eq!("In_Person".parse(), Ok(Mode::InPerson));
        assert_eq!(" listening ".parse(), Ok(Function::Emotional));
    }

    #[test]
    fn no_alias_is_claimed_twice() {
        let mut seen = std::collections::HashSet::new();
        for c in Category::ALL {
            for w in std::iter::once(c.as_str()).chain(c.aliases().iter().copied()) {
                assert!(seen.insert(w), "{w} is claimed twice");
            }
        }
    }

    #[test]
    fn unknown_words_suggest_the_closest_and_list_choices() {
        let err = "frend".parse::<Category>().unwrap_err();
        assert_eq!(err.suggestion, Some("friend"));
        assert_eq!(
            err.to_string(),
            "unknown category \"frend\" (did you mean \"friend\"?); choose from family, \
             friend, peer, sponsor, professional, community, spiritual"
        );
        let err = "zzz".parse::<Circle>().unwrap_err();
        assert_eq!(err.suggestion, None);
        assert_eq!(
            err.to_string(),
            "unknown circle \"zzz\"; choose from inner, middle, outer"
        );
    }
}
