//! Naming people loosely: a name matches case-insensitively, or by any unambiguous
//! prefix; an exact match beats a prefix.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;

use super::supporter::name_key;

/// How many close names an unknown name suggests.
const MAX_SUGGESTIONS: usize = 3;
/// How alike two names must be to count as close (Jaro-Winkler).
const CLOSE_NAME: f64 = 0.75;

/// A name that did not pick out exactly one supporter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nobody matches; `closest` holds the most alike names, best first.
    Unknown { query: String, closest: Vec<String> },
    /// Several supporters start with the query.
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Unknown { query, .. } => write!(f, "no supporter named \"{query}\""),
            NameError::Ambiguous { query, candidates } => write!(
                f,
                "\"{query}\" matches {} supporters: {}",
                candidates.len(),
                candidates.join(", ")
            ),
        }
    }
}

impl std::error::Error for NameError {}

impl NameError {
    /// What to try next, for the `hint:` line.
    pub fn hint(&self) -> String {
        match self {
            NameError::Unknown { closest, .. } if closest.is_empty() => {
                "`supportmap contacts --all` lists everyone in the map".to_string()
            }
            NameError::Unknown { closest, .. } => {
                let names: Vec<String> = closest.iter().map(|n| format!("\"{n}\"")).collect();
                format!("did you mean {}?", names.join(" or "))
            }
            NameError::Ambiguous { .. } => "type more of the name, or all of it".to_string(),
        }
    }
}

/// A name or id as it would be typed in a suggested command, so that bash and zsh read
/// back exactly that text: bare when it is plain (`Jo`, `Zoë`, `overdue:Jo`), otherwise
/// in single quotes, inside which neither shell expands `$`, `!`, backticks or
/// backslashes; a single quote itself is written `'\''`.
pub fn shell_word(name: &str) -> String {
    quoted(name, false)
}

/// Any argument of a command (a flag such as `--category` stays bare), quoted like
/// [`shell_word`].
pub fn shell_arg(arg: &str) -> String {
    quoted(arg, true)
}

fn quoted(name: &str, flag: bool) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_.:/,+@%=".contains(c);
    let bad_start = name.starts_with('=') || (!flag && name.starts_with('-'));
    if !name.is_empty() && name.chars().all(plain) && !bad_start {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

/// Names as a sentence: "Jo", "Jo and Sam", "Jo, Sam and Priya".
pub fn sentence<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// A name as people type it: lower case, accents dropped (`siobhan` for "Siobhán"),
/// typographic quotes and dashes made plain (`O’Brien` is `O'Brien`), spaces collapsed.
pub fn fold(name: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let plain: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' | '`' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Picks the one entry `query` names from `(id, name)` pairs, returning its id: the
/// name in any case, then the name as people type it ([`fold`]), then an unambiguous
/// start of it.
pub fn resolve(entries: &[(i64, String)], query: &str) -> Result<i64, NameError> {
    let exact = name_key(query.trim());
    if let Some((id, _)) = entries.iter().find(|(_, name)| name_key(name) == exact) {
        return Ok(*id);
    }
    let key = fold(query);
    let folded: Vec<&(i64, String)> = entries.iter().filter(|(_, n)| fold(n) == key).collect();
    if let [(id, _)] = folded[..] {
        return Ok(*id);
    }
    let name_key = fold;
    let mut prefixed: Vec<&(i64, String)> = if key.is_empty() {
        Vec::new()
    } else {
        entries
            .iter()
            .filter(|(_, name)| name_key(name).starts_with(&key))
            .collect()
    };
    match prefixed.len() {
        1 => Ok(prefixed[0].0),
        0 => {
            // A name one of whose later words starts with the query ("kay" for "Peer
            // mentor Kay") is the best suggestion; then names that are spelled alike.
            let word_start = |name: &str| {
                !key.is_empty()
                    && name_key(name)
                        .split_whitespace()
                        .any(|word| word.starts_with(&key))
            };
            let mut scored: Vec<(f64, &String)> = entries
                .iter()
                .map(|(_, name)| {
                    let score = if word_start(name) {
                        2.0
                    } else {
                        strsim::jaro_winkler(&name_key(name), &key)
                    };
                    (score, name)
                })
                .filter(|(score, _)| *score >= CLOSE_NAME)
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            Err(NameError::Unknown {
                query: query.trim().to_string(),
                closest: scored
                    .into_iter()
                    .take(MAX_SUGGESTIONS)
                    .map(|(_, name)| name.clone())
                    .collect(),
            })
        }
        _ => {
            prefixed.sort_by_key(|(_, name)| name_key(name));
            Err(NameError::Ambiguous {
                query: query.trim().to_string(),
                candidates: prefixed.into_iter().map(|(_, n)| n.clone()).collect(),
            })
        }
    }
}

/// Every supporter's name, indexed once so that naming many people in one command
/// (`checkin add` with thousands of names) costs a hash lookup or a binary search per
/// name, O(n log n) in all, instead of a pass over the whole map per name. It picks the
/// same supporter [`resolve`] does; when a name picks out nobody or several people,
/// [`resolve`] itself explains why.
pub struct Directory {
    entries: Vec<(i64, String)>,
    /// Each name in any case (`name_key`), to its id.
    exact: HashMap<String, i64>,
    /// Each name as people type it ([`fold`]), sorted, so that the names starting with a
    /// query are one run of it. Built on first need: an exact name never needs it.
    folded: OnceCell<Vec<(String, i64)>>,
}

impl Directory {
    pub fn new(entries: Vec<(i64, String)>) -> Directory {
        let mut exact = HashMap::with_capacity(entries.len());
        for (id, name) in &entries {
            exact.entry(name_key(name)).or_insert(*id);
        }
        Directory {
            entries,
            exact,
            folded: OnceCell::new(),
        }
    }

    /// The one supporter `query` names, as [`resolve`] picks them.
    pub fn resolve(&self, query: &str) -> Result<i64, NameError> {
        if let Some(id) = self.exact.get(&name_key(query.trim())) {
            return Ok(*id);
        }
        let key = fold(query);
        if !key.is_empty() {
            let folded = self.folded.get_or_init(|| {
                let mut folded: Vec<(String, i64)> =
                    self.entries.iter().map(|(id, n)| (fold(n), *id)).collect();
                folded.sort();
                folded
            });
            // A name equal to the key sorts before every longer name it starts.
            let start = folded.partition_point(|(f, _)| f.as_str() < key.as_str());
            let mut run = folded[start..]
                .iter()
                .take_while(|(f, _)| f.starts_with(&key));
            match (run.next(), run.next()) {
                // The only name that starts so (equal to the key or not).
                (Some((_, id)), None) => return Ok(*id),
                // The only name equal to the key, with longer ones after it.
                (Some((first, id)), Some((second, _))) if *first == key && *second != key => {
                    return Ok(*id);
                }
                _ => {}
            }
        }
        resolve(&self.entries, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<(i64, String)> {
        ["Jo", "Jordan", "Jamie", "Dr Amara Okafor", "Émile"]
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64 + 1, n.to_string()))
            .collect()
    }

    #[test]
    fn names_join_like_a_sentence() {
        assert_eq!(sentence(&["Jo"]), "Jo");
        assert_eq!(sentence(&["Jo", "Sam"]), "Jo and Sam");
        assert_eq!(sentence(&["Jo", "Sam", "Priya"]), "Jo, Sam and Priya");
    }

    #[test]
    fn suggested_commands_quote_names_that_need_it() {
        assert_eq!(shell_word("Jo"), "Jo");
        assert_eq!(shell_word("Zoë"), "Zoë");
        assert_eq!(shell_word("overdue:Jo"), "overdue:Jo");
        assert_eq!(shell_word("Dr Amara"), "'Dr Amara'");
        assert_eq!(shell_word("say \"hi\" $HOME!"), "'say \"hi\" $HOME!'");
        assert_eq!(shell_word("O'Brien"), "'O'\\''Brien'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn exact_names_match_in_any_case_and_beat_prefixes() {
        assert_eq!(resolve(&people(), "jo"), Ok(1));
        assert_eq!(resolve(&people(), "JO"), Ok(1));
        assert_eq!(resolve(&people(), "émile"), Ok(5));
    }

    #[test]
    fn an_unambiguous_prefix_matches() {
        assert_eq!(resolve(&people(), "jor"), Ok(2));
        assert_eq!(resolve(&people(), "dr a"), Ok(4));
        assert_eq!(resolve(&people(), "ÉM"), Ok(5));
    }

    #[test]
    fn accents_quotes_and_spaces_are_matched_as_people_type_them() {
        let people: Vec<(i64, String)> = ["Siobhán O'Brien", "Zoë", "Jo"]
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64 + 1, n.to_string()))
            .collect();
        assert_eq!(resolve(&people, "siobhan"), Ok(1));
        assert_eq!(resolve(&people, "Siobhan O’Brien"), Ok(1));
        assert_eq!(resolve(&people, "siobhan  o'brien"), Ok(1));
        assert_eq!(resolve(&people, "zoe"), Ok(2));
        assert_eq!(
            fold("Élodie  “Lo” Dupré–Smith"),
            "elodie \"lo\" dupre-smith"
        );
    }

    #[test]
    fn an_ambiguous_prefix_lists_the_candidates() {
        let err = resolve(&people(), "j").unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"j\" matches 3 supporters: Jamie, Jo, Jordan"
        );
        assert_eq!(err.hint(), "type more of the name, or all of it");
    }

    #[test]
    fn an_unknown_name_suggests_close_ones() {
        let err = resolve(&people(), "Jamei").unwrap_err();
        assert_eq!(err.to_string(), "no supporter named \"Jamei\"");
        assert_eq!(err.hint(), "did you mean \"Jamie\"?");
        let err = resolve(&people(), "okafor").unwrap_err();
        assert_eq!(err.hint(), "did you mean \"Dr Amara Okafor\"?");
        let err = resolve(&people(), "Xavier").unwrap_err();
        assert!(err.hint().contains("contacts --all"));
        assert!(resolve(&[], "anyone").is_err());
        assert!(resolve(&people(), "").is_err());
    }

    #[test]
    fn the_directory_picks_whom_resolve_picks() {
        let mut many = people();
        many.extend(
            [
                "Siobhán O'Brien",
                "Zoë",
                "Sam",
                "Samir",
                "Samira",
                "Dr Amara",
            ]
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64 + 10, n.to_string())),
        );
        let directory = Directory::new(many.clone());
        for query in [
            "jo",
            "JO",
            "jor",
            "j",
            "ja",
            "dr a",
            "dr amara",
            "ÉM",
            "émile",
            "siobhan",
            "Siobhan O’Brien",
            "zoe",
            "sam",
            "sami",
            "samir",
            "samira",
            "x",
            "",
            "  ",
            "Jamei",
            "okafor",
        ] {
            assert_eq!(
                directory.resolve(query),
                resolve(&many, query),
                "query {query:?}"
            );
        }
    }
}
