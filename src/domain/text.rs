//! The one rule for text a user gives supportmap to keep: every stored field passes
//! through [`clean`], so no name, number or note can move the cursor, recolour the
//! terminal, reorder what is shown (bidi controls) or fake a line on the crisis card.

use std::fmt;

/// What shape a field's text may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line: names, phone numbers, roles, availability, reasons, tags.
    Line,
    /// Free text that may run over several lines: notes and safety-plan lines.
    Lines,
}

/// Why a text was refused.
/// The longest one-line text, in characters: far past any real name or number, short
/// enough that a table stays a table.
pub const MAX_LINE: usize = 300;
/// The longest free text (a note, a plan line), in characters.
pub const MAX_LINES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Empty,
    /// Longer than [`MAX_LINE`] or [`MAX_LINES`] characters.
    TooLong(usize),
    /// The `...` of an example command, pasted as it was.
    Placeholder(String),
    /// A tab in a one-line field (often pasted from a spreadsheet).
    Tab,
    /// A line break in a one-line field.
    LineBreak,
    /// A control character, or an invisible character that changes how text reads.
    Hidden(char),
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty => f.write_str("is empty"),
            TextError::TooLong(max) => write!(f, "is longer than {max} characters"),
            TextError::Placeholder(text) => write!(
                f,
                "is \"{text}\", the placeholder of an example; put your own words there"
            ),
            TextError::Tab => f.write_str("contains a tab; use a space instead"),
            TextError::LineBreak => f.write_str("must be one line (it contains a line break)"),
            TextError::Hidden(c) => write!(
                f,
                "contains a hidden control character (U+{:04X}), which could change how \
                 other text shows",
                u32::from(*c)
            ),
        }
    }
}

impl std::error::Error for TextError {}

/// `text` in the pieces a reader sees as one character, near enough to Unicode's
/// grapheme clusters for cutting a name short: a letter with its combining marks (an
/// accent, a Thai tone mark, a Devanagari virama), an emoji with its modifiers and the
/// pieces joined to it by a zero-width joiner, a flag's pair of regional indicators.
pub fn clusters(text: &str) -> Vec<&str> {
    let joins = |c: char| {
        unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
    };
    let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    let mut pieces: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    let mut regionals = 0;
    for (at, c) in text.char_indices() {
        let stays = match previous {
            None => true,
            Some(p) => {
                joins(c) || p == '\u{200D}' || (regional(c) && regional(p) && regionals % 2 == 1)
            }
        };
        if !stays {
            pieces.push(&text[start..at]);
            start = at;
        }
        regionals = if regional(c) { regionals + 1 } else { 0 };
        previous = Some(c);
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

/// Checks one field's text and returns it as it is stored: trimmed, Windows line
/// endings made plain, never empty. Refuses C0 and C1 controls (a tab only in free
/// text), Unicode format characters (bidi overrides and isolates, zero-width spaces,
/// invisible tag characters) and, in a one-line field, any line break.
pub fn clean(value: &str, shape: Shape) -> Result<String, TextError> {
    let value = value.replace("\r\n", "\n");
    let value = value.trim();
    if value.is_empty() {
        return Err(TextError::Empty);
    }
    let chars: Vec<char> = value.chars().collect();
    let max = match shape {
        Shape::Line => MAX_LINE,
        Shape::Lines => MAX_LINES,
    };
    if chars.len() > max {
        return Err(TextError::TooLong(max));
    }
    if chars
        .iter()
        .all(|c| c.is_whitespace() || is_blank(*c) || is_format(*c))
    {
        return Err(TextError::Empty);
    }
    if chars.iter().all(|c| matches!(c, '.' | '…')) {
        return Err(TextError::Placeholder(value.to_string()));
    }
    for (i, &c) in chars.iter().enumerate() {
        let line_break = is_line_break(c);
        if line_break {
            if shape == Shape::Line || c != '\n' {
                return Err(if shape == Shape::Line {
                    TextError::LineBreak
                } else {
                    TextError::Hidden(c)
                });
            }
            continue;
        }
        if c == '\t' {
            match shape {
                Shape::Lines => continue,
                Shape::Line => return Err(TextError::Tab),
            }
        }
        if c.is_control() {
            return Err(TextError::Hidden(c));
        }
        if is_format(c) && !joins_script(&chars, i) {
            return Err(TextError::Hidden(c));
        }
        if is_blank(c) && !selects_variant(&chars, i) {
            return Err(TextError::Hidden(c));
        }
    }
    Ok(value.to_string())
}

/// A line break of any kind: LF, CR, VT, FF, NEL, and the Unicode line and paragraph
/// separators.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// A character that does not show as itself when echoed: a control, a format
/// character, or a Unicode line or paragraph separator.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Unicode format characters (general category Cf) that can hide or reorder text.
/// Listed by hand: the set is small and stable, and no crate in the tree has it.
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Characters that draw nothing or look like nothing, without being format controls:
/// Hangul fillers, the blank braille pattern, the combining grapheme joiner, and
/// variation selectors (which [`selects_variant`] allows after an emoji or other
/// non-ASCII symbol, where they choose how it is drawn). Refused so that two names that
/// look the same cannot differ, and no name can look empty.
pub fn is_blank(c: char) -> bool {
    matches!(
        c,
        '\u{34f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{ffa0}'
            | '\u{2800}'
            | '\u{180b}'..='\u{180d}'
            | '\u{180f}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{e0100}'..='\u{e01ef}'
    )
}

/// A variation selector right after a non-ASCII, visible character (`❤️`).
fn selects_variant(chars: &[char], i: usize) -> bool {
    let selector = matches!(chars[i], '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}');
    selector
        && i > 0
        && !chars[i - 1].is_ascii()
        && !chars[i - 1].is_whitespace()
        && !is_blank(chars[i - 1])
}

/// The zero-width joiner and non-joiner are part of how some names are written
/// (Persian, Hindi) and of emoji sequences: allowed between two non-ASCII letters or
/// symbols, never beside ASCII, a space or the edge of the text, where they would only
/// make two names that look the same differ.
fn joins_script(chars: &[char], i: usize) -> bool {
    if !matches!(chars[i], '\u{200c}' | '\u{200d}') || i == 0 {
        return false;
    }
    let shaped = |c: &char| !c.is_ascii() && !c.is_whitespace() && !c.is_control();
    chars.get(i - 1).is_some_and(shaped) && chars.get(i + 1).is_some_and(shaped)
}

/// Text stored before the rule existed, made to pass it without losing anything: line
/// breaks in a one-line field become spaces, and hidden characters become their visible
/// escapes. Text that already passes is returned as it is.
pub fn repair(value: &str, shape: Shape) -> String {
    if is_plain(value) {
        return value.to_string();
    }
    repair_slow(value, shape)
}

/// [`repair`] of a value already owned: plain text (nearly every stored value) is kept
/// as it is, without a copy. Every stored text is read through here.
pub fn repair_owned(value: String, shape: Shape) -> String {
    if is_plain(&value) {
        return value;
    }
    repair_slow(&value, shape)
}

/// Printable ASCII with no space at either end: text [`clean`] keeps exactly as it is
/// in either shape (even one too long or all dots, which [`repair`] keeps too), so it
/// needs no checking character by character.
fn is_plain(value: &str) -> bool {
    !value.is_empty()
        && value.bytes().all(|b| (0x20..0x7f).contains(&b))
        && !value.starts_with(' ')
        && !value.ends_with(' ')
}

fn repair_slow(value: &str, shape: Shape) -> String {
    if clean(value, shape).is_ok_and(|c| c == value) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let chars: Vec<char> = value.replace("\r\n", "\n").chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let line_break = is_line_break(c);
        match shape {
            Shape::Line if line_break => out.push(' '),
            Shape::Lines if c == '\n' || c == '\t' => out.push(c),
            _ if c.is_control()
                || line_break
                || (is_format(c) && !joins_script(&chars, i))
                || (is_blank(c) && !selects_variant(&chars, i)) =>
            {
                out.extend(c.escape_default());
            }
            _ => out.push(c),
        }
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        "?".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Text as it may be echoed to a terminal: control, format and line-break characters
/// are shown as `\u{..}` escapes (an escape sequence becomes visible text, never an
/// instruction to the terminal). Used for whatever supportmap echoes back that did not
/// pass [`clean`]: error messages, and text stored by older versions.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_keep_marks_joiners_and_flags_whole() {
        assert_eq!(clusters("Jo"), ["J", "o"]);
        assert_eq!(clusters("A\u{301}me\u{301}"), ["A\u{301}", "m", "e\u{301}"]);
        assert_eq!(clusters("🇬🇧🇫🇷"), ["🇬🇧", "🇫🇷"]);
        assert_eq!(
            clusters("👩\u{200D}👩\u{200D}👧!"),
            ["👩\u{200D}👩\u{200D}👧", "!"]
        );
        assert_eq!(clusters("ก่า"), ["ก่", "า"]);
        assert_eq!(clusters(""), Vec::<&str>::new());
    }

    #[test]
    fn plain_text_is_trimmed_and_kept() {
        assert_eq!(clean("  Jo  ", Shape::Line).unwrap(), "Jo");
        assert_eq!(
            clean("Siobhán O'Brien", Shape::Line).unwrap(),
            "Siobhán O'Brien"
        );
        assert_eq!(clean("李小龍 🌟", Shape::Line).unwrap(), "李小龍 🌟");
        assert_eq!(
            clean("first\r\nsecond\tindented", Shape::Lines).unwrap(),
            "first\nsecond\tindented"
        );
    }

    #[test]
    fn empty_text_is_refused() {
        assert_eq!(clean("   ", Shape::Line), Err(TextError::Empty));
        assert_eq!(clean("\n\n", Shape::Lines), Err(TextError::Empty));
    }

    #[test]
    fn one_line_fields_refuse_every_kind_of_line_break() {
        for text in [
            "a\nb",
            "a\rb",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{2029}b",
            "a\u{0b}b",
        ] {
            assert_eq!(
                clean(text, Shape::Line),
                Err(TextError::LineBreak),
                "{text:?}"
            );
        }
        assert_eq!(clean("a\tb", Shape::Line), Err(TextError::Tab));
        assert_eq!(
            clean("...", Shape::Lines),
            Err(TextError::Placeholder("...".into()))
        );
    }

    #[test]
    fn controls_and_invisible_characters_are_refused_everywhere() {
        for c in [
            '\u{1b}',
            '\u{7}',
            '\u{0}',
            '\u{7f}',
            '\u{9b}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{200b}',
            '\u{200e}',
            '\u{feff}',
            '\u{e0041}',
            '\u{61c}',
        ] {
            let text = format!("Jo{c}555");
            for shape in [Shape::Line, Shape::Lines] {
                assert_eq!(clean(&text, shape), Err(TextError::Hidden(c)), "{c:?}");
            }
        }
        assert_eq!(
            clean("a\u{2028}b", Shape::Lines),
            Err(TextError::Hidden('\u{2028}'))
        );
    }

    #[test]
    fn blank_and_look_alike_characters_are_refused() {
        for text in [
            "\u{3164}",
            "\u{2800}",
            "Jo\u{fe0f}",
            "J\u{34f}o",
            "\u{3164}Jo",
        ] {
            assert!(clean(text, Shape::Line).is_err(), "{text:?}");
        }
        assert!(clean("❤\u{fe0f} Jo", Shape::Line).is_ok());
        assert_eq!(clean("\u{3164}", Shape::Line), Err(TextError::Empty));
    }

    #[test]
    fn very_long_text_is_refused() {
        assert_eq!(
            clean(&"x".repeat(MAX_LINE + 1), Shape::Line),
            Err(TextError::TooLong(MAX_LINE))
        );
        assert!(clean(&"x".repeat(MAX_LINE + 1), Shape::Lines).is_ok());
    }

    #[test]
    fn joiners_are_kept_inside_scripts_and_emoji_only() {
        assert!(clean("👩\u{200d}👧", Shape::Line).is_ok());
        assert!(clean("می\u{200c}خواهم", Shape::Line).is_ok());
        assert!(clean("Jo\u{200d}", Shape::Line).is_err());
        assert!(clean("J\u{200d}o", Shape::Line).is_err());
        assert!(clean("\u{200c}مریم", Shape::Line).is_err());
    }

    #[test]
    fn plain_text_is_kept_as_the_full_check_would_keep_it() {
        for text in [
            "Jo",
            "Person 00001",
            "+44 7700 900000",
            "...",
            "a note, with (punctuation) & symbols: ~!@#$%^*",
            &"x".repeat(MAX_LINE + 5),
        ] {
            assert!(is_plain(text), "{text:?}");
            for shape in [Shape::Line, Shape::Lines] {
                assert_eq!(repair(text, shape), repair_slow(text, shape), "{text:?}");
            }
        }
        for text in ["", " Jo", "Jo ", "Zoë", "a\tb", "a\nb", "\u{7f}"] {
            assert!(!is_plain(text), "{text:?}");
        }
    }

    #[test]
    fn repair_keeps_every_character_visible() {
        assert_eq!(repair("Jo", Shape::Line), "Jo");
        assert_eq!(repair("sister\n555-9999", Shape::Line), "sister 555-9999");
        assert_eq!(repair("ok\u{1b}[2J", Shape::Lines), "ok\\u{1b}[2J");
        assert_eq!(repair("two\nlines", Shape::Lines), "two\nlines");
        assert_eq!(repair(" \u{202e} ", Shape::Line), "\\u{202e}");
        for text in ["a\u{85}b", "\u{7}", "x\u{2066}y\rz"] {
            for shape in [Shape::Line, Shape::Lines] {
                assert!(clean(&repair(text, shape), shape).is_ok(), "{text:?}");
            }
        }
    }

    #[test]
    fn visible_shows_controls_as_escapes_and_keeps_the_rest() {
        assert_eq!(visible("Jo\u{1b}[2J"), "Jo\\u{1b}[2J");
        assert_eq!(visible("a\nb\u{202e}c"), "a\\nb\\u{202e}c");
        assert_eq!(visible("Zoë 李"), "Zoë 李");
    }
}
