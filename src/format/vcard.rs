//! vCard: supporters written as contact cards (3.0 or 4.0) for a phone or an address
//! book, and contact cards read back as people to add to the map.
//!
//! Writing is done here, line by line, with [`push_line`] and [`escape`]: supportmap
//! writes a handful of properties and wants to control each one. Reading goes through
//! `calcard`, which copes with what real address books export: vCard 2.1, 3.0 and 4.0,
//! folded lines, `\n` or `\r\n` endings, quoted-printable values and their charsets.
//! Reading does not judge the text (control characters and the like): the caller applies
//! the map's rule for stored text to what comes back.

use std::fmt;

use calcard::vcard::{
    VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
};
use calcard::{Entry, Parser};

use crate::domain::Kind;
use crate::domain::records::SupporterRecord;
use crate::format::lines::{escape, push_line};

/// Written on every card, so a card can be traced back to where it came from.
const PRODID: &str = "-//supportmap//supportmap//EN";

/// Every card supportmap writes carries this category.
const CATEGORY: &str = "supportmap";

/// Which vCard to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// vCard 3.0 (RFC 2426): what most phones and address books import.
    V3,
    /// vCard 4.0 (RFC 6350).
    V4,
}

/// Every record as a card, in order; CRLF line endings, folded lines.
pub fn write(records: &[SupporterRecord], version: Version) -> String {
    let mut out = String::new();
    for record in records {
        write_card(&mut out, record, version);
    }
    out
}

fn write_card(out: &mut String, record: &SupporterRecord, version: Version) {
    let p = &record.profile;
    push_line(out, "BEGIN:VCARD");
    push_line(
        out,
        match version {
            Version::V3 => "VERSION:3.0",
            Version::V4 => "VERSION:4.0",
        },
    );
    push_line(out, &format!("PRODID:{PRODID}"));
    push_line(out, &uid_line(&record.uid, version));
    push_line(out, &format!("FN:{}", escape(&p.name)));
    let (family, given) = split_name(&p.name, p.kind);
    push_line(out, &format!("N:{};{};;;", escape(&family), escape(&given)));
    // 4.0 only. vCard 3.0 has no KIND, and the group marker some address books read in
    // 3.0 makes the card a list of other contacts, hiding its phone number: a group is
    // written there like a person.
    if version == Version::V4 {
        match p.kind {
            Kind::Person => {}
            Kind::Group => push_line(out, "KIND:group"),
            Kind::Service => push_line(out, "KIND:org"),
        }
    }
    if let Some(phone) = &p.phone {
        push_line(out, &tel_line(phone, version));
    }
    if let Some(email) = &p.email {
        let line = match version {
            Version::V3 => format!("EMAIL;TYPE=INTERNET:{}", escape(email)),
            Version::V4 => format!("EMAIL:{}", escape(email)),
        };
        push_line(out, &line);
    }
    let note: Vec<String> = [
        p.role.as_ref().map(|role| format!("Role: {role}")),
        p.available
            .as_ref()
            .map(|when| format!("Reachable: {when}")),
        p.note.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !note.is_empty() {
        push_line(out, &format!("NOTE:{}", escape(&note.join("\n"))));
    }
    let mut categories = vec![CATEGORY, p.category.as_str()];
    if p.is_crisis() {
        categories.push("crisis");
    }
    let categories: Vec<String> = categories.into_iter().map(escape).collect();
    push_line(out, &format!("CATEGORIES:{}", categories.join(",")));
    // REV is a timestamp in both versions (RFC 2426 §3.6.4, RFC 6350 §6.7.4); this basic
    // ISO 8601 form is valid in each.
    push_line(
        out,
        &format!("REV:{}", record.updated_at.format("%Y%m%dT%H%M%SZ")),
    );
    push_line(out, "END:VCARD");
}

/// 3.0 takes the id as text; 4.0 wants a URI, so a UUID becomes a `urn:uuid:`. An id
/// that is not a UUID (none should be) is kept as text, which 4.0 allows when it says so.
fn uid_line(uid: &str, version: Version) -> String {
    match (version, uuid::Uuid::parse_str(uid)) {
        (Version::V3, _) => format!("UID:{}", escape(uid)),
        (Version::V4, Ok(uuid)) => format!("UID:urn:uuid:{}", uuid.hyphenated()),
        (Version::V4, Err(_)) => format!("UID;VALUE=text:{}", escape(uid)),
    }
}

/// The structured name: a person's last word is the family name and the words before it
/// the given names; a single word ("Jo", "Mum") is a given name. A group or service
/// keeps its whole name as the family name, which address books sort by.
fn split_name(name: &str, kind: Kind) -> (String, String) {
    let name = name.trim();
    if kind != Kind::Person {
        return (name.to_string(), String::new());
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((last, given)) if !given.is_empty() => (last.to_string(), given.join(" ")),
        _ => (String::new(), name.to_string()),
    }
}

fn tel_line(phone: &str, version: Version) -> String {
    match (version, tel_uri(phone)) {
        (Version::V3, _) => format!("TEL;TYPE=CELL:{}", escape(phone)),
        (Version::V4, Some(uri)) => format!("TEL;VALUE=uri;TYPE=cell:{uri}"),
        // A number without a country code can't be a valid `tel:` URI without a
        // phone-context, and one with words in it ("ext 12") can't be one at all; free
        // text is TEL's default value type in 4.0 (RFC 6350 §6.4.1).
        (Version::V4, None) => format!("TEL;TYPE=cell:{}", escape(phone)),
    }
}

/// `+44 7700 900123` → `tel:+44-7700-900123`: a global number (RFC 3966), each run of
/// spaces and separators one hyphen. `None` unless the number starts with `+` and has
/// nothing but digits, spaces and the usual separators.
fn tel_uri(phone: &str) -> Option<String> {
    let rest = phone.trim().strip_prefix('+')?;
    let separator = |c: char| c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')');
    if !rest.chars().all(|c| c.is_ascii_digit() || separator(c)) {
        return None;
    }
    let groups: Vec<&str> = rest.split(separator).filter(|g| !g.is_empty()).collect();
    if groups.is_empty() {
        return None;
    }
    Some(format!("tel:+{}", groups.join("-")))
}

/// One person read from a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The card's UID, with any `urn:uuid:` prefix removed.
    pub uid: Option<String>,
    /// FN, else N joined as "given additional family"; never empty.
    pub name: String,
    /// A TEL typed cell or mobile; else the one marked preferred; else the first. Any
    /// `tel:` prefix is removed.
    pub phone: Option<String>,
    /// The EMAIL marked preferred, else the first.
    pub email: Option<String>,
    /// Every NOTE, one after another on lines of their own.
    pub note: Option<String>,
    /// Every value of every CATEGORIES, in order.
    pub categories: Vec<String>,
}

/// Why a card could not be read; `index` counts cards from 1 in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardError {
    /// The card's place in the file, from 1; 0 when the trouble is the whole file.
    pub index: usize,
    /// What is wrong, in words for the user.
    pub message: String,
}

impl fmt::Display for CardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.index == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "card {}: {}", self.index, self.message)
        }
    }
}

impl std::error::Error for CardError {}

/// Every card in `input` (one or many; vCard 2.1, 3.0 and 4.0). A card with no name at all
/// is an error naming it. A file with no card at all is an error too (index 0). Anything
/// that is not a vCard (an iCalendar inside, garbage lines) is skipped unless no card is
/// found. Never panics on any input.
pub fn read(input: &str) -> Result<Vec<Card>, CardError> {
    let mut cards = Vec::new();
    for vcard in split_cards(input).flat_map(parse_cards) {
        let index = cards.len() + 1;
        cards.push(card(&vcard).ok_or_else(|| CardError {
            index,
            message: "it has no name (its FN and N are missing or empty)".to_string(),
        })?);
    }
    if cards.is_empty() {
        return Err(CardError {
            index: 0,
            message: "there is no vCard in it (no BEGIN:VCARD line)".to_string(),
        });
    }
    Ok(cards)
}

/// The input cut before each line that begins a card. calcard ends a card at the next
/// BEGIN line when its END:VCARD is missing, and then reads the following card's lines
/// as stray ones: that card would be lost without a word. Cut apart, each card stands
/// on its own, and one left open costs only its own missing END.
fn split_cards(input: &str) -> impl Iterator<Item = &str> {
    let mut starts: Vec<usize> = input
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .filter(|(_, line)| {
            let line = line.trim_start_matches('\u{feff}').trim();
            line.len() == "BEGIN:VCARD".len() && line.eq_ignore_ascii_case("BEGIN:VCARD")
        })
        .map(|(start, _)| start)
        .collect();
    if starts.first() != Some(&0) {
        // What comes before the first card: most often nothing, but calcard may find a
        // card there that this cut did not see.
        starts.insert(0, 0);
    }
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([input.len()])
        .collect();
    starts
        .into_iter()
        .zip(ends)
        .map(move |(start, end)| &input[start..end])
}

/// The cards calcard finds in a piece of the input; what is not a card (an iCalendar, a
/// stray line, a component left open) is passed over.
fn parse_cards(piece: &str) -> Vec<VCard> {
    let mut parser = Parser::new(piece);
    let mut cards = Vec::new();
    // Each entry consumes at least one byte; the bound only guards against a parser that
    // stopped making progress.
    for _ in 0..=piece.len() {
        match parser.entry() {
            Entry::VCard(vcard) => cards.push(vcard),
            Entry::Eof => break,
            _ => {}
        }
    }
    cards
}

/// The person on a card; `None` when it has no name.
fn card(vcard: &VCard) -> Option<Card> {
    let name = first_text(vcard, &VCardProperty::Fn).or_else(|| structured_name(vcard))?;
    let uid = first_text(vcard, &VCardProperty::Uid).and_then(|uid| {
        let uid = strip_prefix_ignore_case(&uid, "urn:uuid:").trim();
        non_empty(uid)
    });
    let phone = chosen_text(vcard, &VCardProperty::Tel, &["cell", "mobile"]).and_then(|tel| {
        let tel = strip_prefix_ignore_case(&tel, "tel:").trim();
        non_empty(tel)
    });
    let email = chosen_text(vcard, &VCardProperty::Email, &[]);
    let notes: Vec<String> = vcard
        .properties(&VCardProperty::Note)
        .filter_map(entry_text)
        .collect();
    let note = non_empty(&notes.join("\n"));
    let categories = vcard
        .properties(&VCardProperty::Categories)
        .flat_map(|entry| entry.values.iter())
        .filter_map(value_text)
        .filter_map(|category| non_empty(&category))
        .collect();
    Some(Card {
        uid,
        name,
        phone,
        email,
        note,
        categories,
    })
}

/// N's parts (family; given; additional; prefix; suffix) as "given additional family".
fn structured_name(vcard: &VCard) -> Option<String> {
    let entry = vcard.property(&VCardProperty::N)?;
    let part = |i: usize| entry.values.get(i).and_then(value_text).unwrap_or_default();
    let words = [part(1), part(2), part(0)];
    let words: Vec<&str> = words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect();
    non_empty(&words.join(" "))
}

/// The first property of this name with some text in it.
fn first_text(vcard: &VCard, property: &VCardProperty) -> Option<String> {
    vcard.properties(property).find_map(entry_text)
}

/// The property of this name to use when a card has several: one typed as one of
/// `types` before any other, the most preferred before the rest, and otherwise the first
/// in the card; only ones with text count.
fn chosen_text(vcard: &VCard, property: &VCardProperty, types: &[&str]) -> Option<String> {
    vcard
        .properties(property)
        .filter_map(|entry| Some((entry, entry_text(entry)?)))
        .min_by_key(|(entry, _)| {
            let typed = types.iter().any(|t| has_type(entry, t));
            (!typed, preference(entry).unwrap_or(u32::MAX))
        })
        .map(|(_, text)| text)
}

/// Whether a property is typed `word`: `TYPE=word` (3.0, 4.0, in any case, alone or in
/// a list) or a bare `word` parameter (2.1).
fn has_type(entry: &VCardEntry, word: &str) -> bool {
    entry.params.iter().any(|param| match &param.name {
        VCardParameterName::Type => param
            .value
            .as_text()
            .is_some_and(|t| t.eq_ignore_ascii_case(word)),
        VCardParameterName::Other(name) => {
            param.value == VCardParameterValue::Null && name.eq_ignore_ascii_case(word)
        }
        _ => false,
    })
}

/// How preferred a property is, 1 most: 4.0's `PREF=n`, or 2.1's and 3.0's `PREF` type,
/// which has no rank and counts as 1. `None` when it is not marked.
fn preference(entry: &VCardEntry) -> Option<u32> {
    let ranked = entry
        .params
        .iter()
        .filter(|param| param.name == VCardParameterName::Pref)
        .map(|param| match param.value {
            VCardParameterValue::Integer(n) => n.max(1),
            _ => 1,
        })
        .min();
    ranked.or_else(|| has_type(entry, "pref").then_some(1))
}

/// A property's value as trimmed text; `None` when there is none. A value split on
/// commas by the parser is joined back.
fn entry_text(entry: &VCardEntry) -> Option<String> {
    let parts: Vec<String> = entry.values.iter().filter_map(value_text).collect();
    non_empty(&parts.join(","))
}

fn value_text(value: &VCardValue) -> Option<String> {
    match value {
        VCardValue::Text(text) => Some(text.clone()),
        VCardValue::Component(parts) => Some(parts.join(" ")),
        // What calcard could not decode as text: quoted-printable in an unknown charset,
        // or a `data:` URI. Kept as far as it reads.
        VCardValue::Binary(data) => Some(String::from_utf8_lossy(&data.data).into_owned()),
        VCardValue::Integer(n) => Some(n.to_string()),
        other => other.as_text().map(str::to_string),
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> &'a str {
    match text.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => &text[prefix.len()..],
        _ => text,
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Function, Profile};
    use calcard::vcard::VCardKind;
    use chrono::{TimeZone, Utc};

    fn record(name: &str, phone: Option<&str>, email: Option<&str>) -> SupporterRecord {
        let mut profile = Profile::new(name.to_string(), Category::Sponsor);
        profile.phone = phone.map(str::to_string);
        profile.email = email.map(str::to_string);
        SupporterRecord {
            uid: "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f".to_string(),
            profile,
            created_at: Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap(),
            updated_at: Utc.with_ymd_and_hms(2026, 11, 22, 10, 15, 0).unwrap(),
            undated: false,
        }
    }

    fn jo() -> SupporterRecord {
        let mut r = record(
            "Jo Anne Smith",
            Some("+44 7700 900123"),
            Some("jo@example.org"),
        );
        r.profile.role = Some("sponsor".to_string());
        r.profile.available = Some("evenings".to_string());
        r.profile.note = Some("met at the Tuesday meeting".to_string());
        r.profile.gives.insert(Function::Crisis);
        r
    }

    fn only(input: &str) -> Card {
        let mut cards = read(input).unwrap();
        assert_eq!(cards.len(), 1, "{cards:?}");
        cards.remove(0)
    }

    fn parse(text: &str) -> Vec<VCard> {
        let mut parser = Parser::new(text);
        let mut cards = Vec::new();
        loop {
            match parser.entry() {
                Entry::VCard(card) => cards.push(card),
                Entry::Eof => return cards,
                other => panic!("not a card: {other:?}"),
            }
        }
    }

    fn texts(card: &VCard, property: VCardProperty) -> Vec<String> {
        card.properties(&property)
            .flat_map(|e| e.values.iter())
            .filter_map(value_text)
            .collect()
    }

    #[test]
    fn reads_a_2_1_card_with_quoted_printable_utf8_and_picks_the_cell_number() {
        let input = "BEGIN:VCARD\r\n\
                     VERSION:2.1\r\n\
                     N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Dupr=C3=A9;Ren=C3=A9e;;;\r\n\
                     TEL;HOME;VOICE:+33 1 23 45 67 89\r\n\
                     TEL;PREF;WORK:+33 1 98 76 54 32\r\n\
                     TEL;CELL:+33 6 12 34 56 78\r\n\
                     NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Caf=C3=A9 apr=C3=A8s la r=C3=A9un=\r\n\
                     ion, le mardi=0D=0AAppeler avant 21h\r\n\
                     END:VCARD\r\n";
        let card = only(input);
        assert_eq!(card.name, "Renée Dupré");
        assert_eq!(card.phone.as_deref(), Some("+33 6 12 34 56 78"));
        assert_eq!(
            card.note.as_deref(),
            Some("Café après la réunion, le mardi\r\nAppeler avant 21h")
        );
        assert_eq!(card.uid, None);
    }

    #[test]
    fn without_a_cell_number_the_preferred_one_wins_then_the_first() {
        let card = only(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Sam\nTEL;TYPE=HOME:111\n\
             TEL;TYPE=WORK,PREF:222\nEMAIL:a@example.org\nEMAIL;TYPE=pref:b@example.org\n\
             END:VCARD\n",
        );
        assert_eq!(card.phone.as_deref(), Some("222"));
        assert_eq!(card.email.as_deref(), Some("b@example.org"));
        let card = only("BEGIN:VCARD\nVERSION:4.0\nFN:Sam\nTEL:111\nTEL;PREF=1:222\nEND:VCARD\n");
        assert_eq!(card.phone.as_deref(), Some("222"));
        let card = only("BEGIN:VCARD\nFN:Sam\nTEL:111\nTEL:222\nEMAIL:a@x.org\nEND:VCARD\n");
        assert_eq!(card.phone.as_deref(), Some("111"));
        assert_eq!(card.email.as_deref(), Some("a@x.org"));
        let card = only(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Sam\nitem1.TEL;type=pref:111\n\
             item2.TEL;type=IPHONE;type=CELL;type=VOICE:222\nEND:VCARD\n",
        );
        assert_eq!(card.phone.as_deref(), Some("222"));
    }

    #[test]
    fn reads_a_3_0_card_with_folded_lines() {
        let input = "BEGIN:VCARD\r\n\
                     VERSION:3.0\r\n\
                     UID:0e4a1f9c-3d2b-4a5e-8f10-\r\n 2b3c4d5e6f70\r\n\
                     FN:Alexandra Kowal\r\n \tczyk\r\n\
                     TEL;TYPE=CELL:+48 600\r\n  100 200\r\n\
                     EMAIL;TYPE=INTERNET:ola@exam\r\n ple.org\r\n\
                     NOTE:First line\\nsecond line\\, with a comma and a long tail that goes\r\n  on past the fold\r\n\
                     CATEGORIES:supportmap,peer,cris\r\n is\r\n\
                     END:VCARD\r\n";
        let card = only(input);
        assert_eq!(
            card.uid.as_deref(),
            Some("0e4a1f9c-3d2b-4a5e-8f10-2b3c4d5e6f70")
        );
        assert_eq!(card.name, "Alexandra Kowal\tczyk");
        assert_eq!(card.phone.as_deref(), Some("+48 600 100 200"));
        assert_eq!(card.email.as_deref(), Some("ola@example.org"));
        assert_eq!(
            card.note.as_deref(),
            Some(
                "First line\nsecond line, with a comma and a long tail that goes on past the fold"
            )
        );
        assert_eq!(card.categories, ["supportmap", "peer", "crisis"]);
    }

    #[test]
    fn reads_a_4_0_card_with_a_urn_uid_and_a_tel_uri() {
        let card = only(
            "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:6F1C2A4E-8B3D-4C5E-9F70-1A2B3C4D5E6F\n\
             FN:  Dr. Lee  \nTEL;VALUE=uri;TYPE=cell:tel:+1-555-0100\nEMAIL: \nNOTE:\n\
             END:VCARD\n",
        );
        assert_eq!(
            card.uid.as_deref(),
            Some("6F1C2A4E-8B3D-4C5E-9F70-1A2B3C4D5E6F")
        );
        assert_eq!(card.name, "Dr. Lee");
        assert_eq!(card.phone.as_deref(), Some("+1-555-0100"));
        assert_eq!(card.email, None);
        assert_eq!(card.note, None);
        assert!(card.categories.is_empty());
    }

    #[test]
    fn reads_many_cards_in_order_and_skips_what_is_not_a_card() {
        let input = "junk before\n\
                     BEGIN:VCARD\nVERSION:3.0\nFN:One\nEND:VCARD\n\
                     BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:Meeting\nEND:VEVENT\n\
                     END:VCALENDAR\n\
                     not a property\n\
                     BEGIN:VCARD\nVERSION:4.0\nFN:Two\nEND:VCARD\n\
                     BEGIN:VCARD\nVERSION:2.1\nFN:Three\nEND:VCARD";
        let names: Vec<String> = read(input).unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["One", "Two", "Three"]);
    }

    #[test]
    fn a_card_left_open_does_not_swallow_the_next() {
        let input = "BEGIN:VCARD\nVERSION:3.0\nFN:One\nTEL:1\n\
                     begin:vcard\r\nFN:Two\r\nEND:VCARD\r\n\
                     BEGIN:VCARD\nFN:Three";
        let cards = read(input).unwrap();
        let names: Vec<&str> = cards.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["One", "Two", "Three"]);
        assert_eq!(cards[0].phone.as_deref(), Some("1"));
    }

    #[test]
    fn a_card_without_fn_is_named_from_n() {
        let card = only("BEGIN:VCARD\nVERSION:3.0\nN:Smith;Mary,Jo;Ann;Dr.;\nEND:VCARD\n");
        assert_eq!(card.name, "Mary Jo Ann Smith");
        let card = only("BEGIN:VCARD\nVERSION:3.0\nFN: \nN:;Mum;;;\nEND:VCARD\n");
        assert_eq!(card.name, "Mum");
    }

    #[test]
    fn a_card_with_no_name_is_an_error_naming_it() {
        let input = "BEGIN:VCARD\nFN:One\nEND:VCARD\n\
                     BEGIN:VCARD\nVERSION:3.0\nFN:  \nN:;;;;\nTEL:123\nEND:VCARD\n\
                     BEGIN:VCARD\nFN:Three\nEND:VCARD\n";
        let err = read(input).unwrap_err();
        assert_eq!(err.index, 2);
        assert_eq!(
            err.to_string(),
            "card 2: it has no name (its FN and N are missing or empty)"
        );
    }

    #[test]
    fn a_file_without_cards_is_an_error() {
        for input in [
            "",
            "\n\n",
            "FN:Jo\nTEL:123\n",
            "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n",
        ] {
            let err = read(input).unwrap_err();
            assert_eq!(err.index, 0, "{input:?}");
            assert_eq!(
                err.to_string(),
                "there is no vCard in it (no BEGIN:VCARD line)"
            );
        }
    }

    #[test]
    fn writes_the_expected_v3_card() {
        let text = write(&[jo()], Version::V3);
        assert_eq!(
            text,
            "BEGIN:VCARD\r\n\
             VERSION:3.0\r\n\
             PRODID:-//supportmap//supportmap//EN\r\n\
             UID:6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f\r\n\
             FN:Jo Anne Smith\r\n\
             N:Smith;Jo Anne;;;\r\n\
             TEL;TYPE=CELL:+44 7700 900123\r\n\
             EMAIL;TYPE=INTERNET:jo@example.org\r\n\
             NOTE:Role: sponsor\\nReachable: evenings\\nmet at the Tuesday meeting\r\n\
             CATEGORIES:supportmap,sponsor,crisis\r\n\
             REV:20261122T101500Z\r\n\
             END:VCARD\r\n"
        );
    }

    #[test]
    fn writes_the_expected_v4_card() {
        let mut group = record("Tuesday NA", Some("0800 123 456"), None);
        group.profile.kind = Kind::Group;
        group.profile.category = Category::Peer;
        let text = write(&[jo(), group], Version::V4);
        let second = text.split("END:VCARD\r\n").nth(1).unwrap();
        assert!(
            text.contains("\r\nUID:urn:uuid:6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f\r\n"),
            "{text}"
        );
        assert!(text.contains("\r\nTEL;VALUE=uri;TYPE=cell:tel:+44-7700-900123\r\n"));
        assert!(text.contains("\r\nEMAIL:jo@example.org\r\n"));
        assert!(text.contains("\r\nREV:20261122T101500Z\r\n"));
        assert!(second.contains("\r\nN:Tuesday NA;;;;\r\n"), "{second}");
        assert!(second.contains("\r\nKIND:group\r\n"));
        assert!(second.contains("\r\nTEL;TYPE=cell:0800 123 456\r\n"));
        assert!(second.contains("\r\nCATEGORIES:supportmap,peer\r\n"));
        assert!(!second.contains("NOTE"));
        assert_eq!(text.matches("BEGIN:VCARD\r\nVERSION:4.0\r\n").count(), 2);
    }

    #[test]
    fn tel_uris_are_valid_or_not_written() {
        assert_eq!(
            tel_uri(" +1 (555) 010.0 "),
            Some("tel:+1-555-010-0".to_string())
        );
        assert_eq!(
            tel_uri("+44  7700--900123"),
            Some("tel:+44-7700-900123".to_string())
        );
        assert_eq!(tel_uri("07700 900123"), None);
        assert_eq!(tel_uri("+44 7700 900123 ext 4"), None);
        assert_eq!(tel_uri("+ - "), None);
    }

    #[test]
    fn names_split_into_family_and_given() {
        let split = |name, kind| split_name(name, kind);
        assert_eq!(split("Jo", Kind::Person), (String::new(), "Jo".to_string()));
        assert_eq!(
            split(" Mary  Ann Lee ", Kind::Person),
            ("Lee".to_string(), "Mary Ann".to_string())
        );
        assert_eq!(
            split("Samaritans", Kind::Service),
            ("Samaritans".to_string(), String::new())
        );
    }

    #[test]
    fn written_cards_read_back() {
        let mut plain = record("Mum", None, None);
        plain.uid = "0e4a1f9c-3d2b-4a5e-8f10-2b3c4d5e6f70".to_string();
        for version in [Version::V3, Version::V4] {
            let cards = read(&write(&[jo(), plain.clone()], version)).unwrap();
            assert_eq!(cards.len(), 2);
            let (jo, mum) = (&cards[0], &cards[1]);
            assert_eq!(
                jo.uid.as_deref(),
                Some("6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f")
            );
            assert_eq!(jo.name, "Jo Anne Smith");
            let phone = match version {
                Version::V3 => "+44 7700 900123",
                Version::V4 => "+44-7700-900123",
            };
            assert_eq!(jo.phone.as_deref(), Some(phone));
            assert_eq!(jo.email.as_deref(), Some("jo@example.org"));
            assert_eq!(
                jo.note.as_deref(),
                Some("Role: sponsor\nReachable: evenings\nmet at the Tuesday meeting")
            );
            assert_eq!(jo.categories, ["supportmap", "sponsor", "crisis"]);
            assert_eq!(
                mum.uid.as_deref(),
                Some("0e4a1f9c-3d2b-4a5e-8f10-2b3c4d5e6f70")
            );
            assert_eq!(mum.name, "Mum");
            assert_eq!((&mum.phone, &mum.email, &mum.note), (&None, &None, &None));
        }
    }

    #[test]
    fn calcard_reads_written_cards_as_meant() {
        for version in [Version::V3, Version::V4] {
            let cards = parse(&write(&[jo()], version));
            assert_eq!(cards.len(), 1);
            let card = &cards[0];
            let uid = match version {
                Version::V3 => "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f",
                Version::V4 => "urn:uuid:6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f",
            };
            assert_eq!(card.uid(), Some(uid));
            assert_eq!(texts(card, VCardProperty::Fn), ["Jo Anne Smith"]);
            assert_eq!(
                texts(card, VCardProperty::N),
                ["Smith", "Jo Anne", "", "", ""]
            );
            assert_eq!(
                texts(card, VCardProperty::Categories),
                ["supportmap", "sponsor", "crisis"]
            );
            assert_eq!(
                texts(card, VCardProperty::Prodid),
                ["-//supportmap//supportmap//EN"]
            );
            let tel = card.property(&VCardProperty::Tel).unwrap();
            assert!(has_type(tel, "cell"), "{tel:?}");
            let rev = card.property(&VCardProperty::Rev).unwrap();
            let rev = rev.values[0].as_partial_date_time().unwrap();
            assert_eq!(
                (rev.year, rev.month, rev.day, rev.hour, rev.minute),
                (Some(2026), Some(11), Some(22), Some(10), Some(15))
            );
            match version {
                Version::V3 => {
                    assert_eq!(texts(card, VCardProperty::Version), ["3.0"]);
                    assert_eq!(texts(card, VCardProperty::Tel), ["+44 7700 900123"]);
                }
                Version::V4 => {
                    assert_eq!(texts(card, VCardProperty::Version), ["4.0"]);
                    assert_eq!(texts(card, VCardProperty::Tel), ["tel:+44-7700-900123"]);
                    assert!(tel.params.iter().any(|p| {
                        p.name == VCardParameterName::Value
                            && p.value
                                .as_text()
                                .is_some_and(|v| v.eq_ignore_ascii_case("uri"))
                    }));
                }
            }
        }
        let mut service = record("Samaritans", Some("116 123"), None);
        service.profile.kind = Kind::Service;
        let cards = parse(&write(&[service], Version::V4));
        let kind = cards[0].property(&VCardProperty::Kind).unwrap();
        assert_eq!(kind.values, [VCardValue::Kind(VCardKind::Org)]);
        assert!(matches!(
            cards[0].property(&VCardProperty::Tel).unwrap().params[0].value,
            VCardParameterValue::Type(_)
        ));
    }

    #[test]
    fn every_written_line_is_folded_and_ends_in_crlf() {
        let mut long = jo();
        long.profile.name =
            "Ëlisabeth-Ånne Marguerite Østergaard-Villanueva de la Cruz y Montes".into();
        long.profile.note =
            Some("☀️ ".repeat(60) + "\nand a second paragraph, with; punctuation\\");
        long.profile.email = Some(format!("{}@example.org", "a".repeat(90)));
        for version in [Version::V3, Version::V4] {
            let text = write(&[long.clone(), jo()], version);
            assert!(text.ends_with("END:VCARD\r\n"));
            let body = text.strip_suffix("\r\n").unwrap();
            for line in body.split("\r\n") {
                assert!(line.len() <= 75, "{} octets: {line}", line.len());
                assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
            }
            let cards = read(&text).unwrap();
            assert_eq!(cards[0].name, long.profile.name);
            assert_eq!(cards[0].email, long.profile.email);
            assert!(cards[0].note.as_deref().unwrap().ends_with("punctuation\\"));
        }
    }

    #[test]
    fn names_with_commas_semicolons_and_backslashes_are_escaped_and_read_back() {
        let name = r"O'Brien, Jo; the \one\";
        let text = write(&[record(name, None, None)], Version::V3);
        assert!(text.contains(r"FN:O'Brien\, Jo\; the \\one\\"), "{text}");
        assert!(text.contains(r"N:\\one\\;O'Brien\, Jo\; the;;;"), "{text}");
        for version in [Version::V3, Version::V4] {
            let card = only(&write(&[record(name, None, None)], version));
            assert_eq!(card.name, name);
            let parsed = parse(&write(&[record(name, None, None)], version));
            assert_eq!(
                texts(&parsed[0], VCardProperty::N)[..2],
                [r"\one\", "O'Brien, Jo; the"]
            );
        }
    }

    #[test]
    fn every_truncation_of_a_file_reads_without_panicking() {
        let text = write(
            &[jo(), record("Mum", Some("07700 900456"), None)],
            Version::V4,
        ) + "BEGIN:VCARD\nVERSION:2.1\nNOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=\n=A9\nEND:VCARD\n";
        for (end, _) in text.char_indices() {
            let _ = read(&text[..end]);
        }
    }

    /// The nearest char boundary at or before `i`.
    fn char_boundary(text: &str, i: usize) -> usize {
        let mut i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        #[test]
        fn any_bytes_read_without_panicking(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = read(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn any_mangled_card_reads_without_panicking(
            cut in 0usize..2000,
            at in 0usize..2000,
            insert in "[\\\\;:,=\"\r\n \t.a-zA-Z0-9\u{e9}\u{feff}]{0,12}",
        ) {
            let text = write(&[jo()], Version::V3) + &write(&[jo()], Version::V4);
            let cut = char_boundary(&text, cut);
            let at = char_boundary(&text, at.min(cut));
            let mangled = format!("{}{insert}{}", &text[..at], &text[at..cut]);
            let _ = read(&mangled);
        }
    }
}
