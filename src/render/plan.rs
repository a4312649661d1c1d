//! The crisis card, and the safety plan as text, Markdown, HTML and JSON.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use super::time::{days_ago, local_day};
use super::{Output, escape_xml};
use crate::domain::available;
use crate::domain::country::{self, Country};
use crate::domain::gaps::always_available;
use crate::domain::names::shell_word;
use crate::domain::plan::{Plan, is_professional};
use crate::domain::{Kind, Section, Status, Supporter, Tie};

/// Where help is, whatever the map holds: the user's country (from settings) and, when
/// none is set, the country their locale suggests (only ever offered, never assumed).
#[derive(Debug, Clone, Copy, Default)]
pub struct Help {
    pub country: Option<&'static Country>,
    /// The locale's country, offered only when the user has set no country at all.
    pub suggested: Option<&'static Country>,
    /// A country is set, even one supportmap has no numbers for.
    pub country_set: bool,
}

impl Help {
    /// What to do in immediate danger.
    pub fn emergency(&self) -> String {
        country::help_lines(self.country).0
    }

    /// A crisis line that answers at any hour.
    pub fn crisis_line(&self) -> String {
        country::help_lines(self.country).1
    }

    /// Both, for a card that could not read the map.
    pub fn fallback(&self) -> String {
        format!("{}\n{}", self.emergency(), self.crisis_line())
    }

    /// A pointer to the country setting, when none is set.
    fn set_country(&self) -> Option<String> {
        if self.country_set {
            return None;
        }
        Some(match self.suggested {
            Some(c) => format!(
                "For your country's numbers on this card (your locale suggests {}):\n  \
                 supportmap settings country {}",
                c.name, c.code
            ),
            None => "For your country's numbers on this card:\n  supportmap settings country CODE"
                .to_string(),
        })
    }

    /// The command that saves the crisis line of the user's country (988 as an example).
    fn add_line_command(&self) -> String {
        let (name, number) = self
            .country
            .map_or(("Crisis line", "988"), |c| (c.line_name, c.line_number));
        format!(
            "supportmap add {} --kind service --category professional \\\n      \
             --crisis --phone {} --available 24/7",
            shell_word(name),
            shell_word(number)
        )
    }
}

/// One crisis contact in `crisis --json` and in the plan's JSON.
#[derive(Debug, Serialize)]
pub struct ContactJson<'a> {
    /// Place on the card, 1 first.
    pub position: usize,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub available: Option<&'a str>,
    pub reachable_24_7: bool,
    pub crisis_order: Option<u32>,
    pub category: crate::domain::Category,
    pub kind: crate::domain::Kind,
}

pub fn contacts_json<'a>(contacts: &[&'a Supporter]) -> Vec<ContactJson<'a>> {
    contacts
        .iter()
        .enumerate()
        .map(|(i, s)| ContactJson {
            position: i + 1,
            name: &s.profile.name,
            role: s.profile.role.as_deref(),
            phone: s.profile.phone.as_deref(),
            available: s.profile.available.as_deref(),
            reachable_24_7: always_available(s),
            crisis_order: s.profile.crisis_order,
            category: s.profile.category,
            kind: s.profile.kind,
        })
        .collect()
}

/// The crisis card: who to call, in order, each number alone on its own line so it can
/// be read at a glance and copied, then the 24/7 services.
/// `paused` names crisis contacts the user has paused, so an empty card can say so.
///
/// A contact whose availability says they are likely closed at `local_now` is marked,
/// never moved: the order is the user's. Without `local_now` (on paper, where "right
/// now" goes stale) nothing is marked.
pub fn card(
    contacts: &[&Supporter],
    paused: &[&str],
    help: &Help,
    local_now: Option<NaiveDateTime>,
    out: &Output,
) -> String {
    let width = super::gaps::report_width(out);
    // Each paragraph wrapped to the width; the help lines keep their own line breaks.
    let para = |text: &str| -> String {
        text.lines()
            .map(|line| super::wrap(line, width, ""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut text = String::new();
    if contacts.is_empty() {
        if paused.is_empty() {
            text.push_str(&out.paint("No crisis contacts are saved yet.", "1"));
        } else {
            text.push_str(&out.paint(
                &para(&format!(
                    "Your crisis contacts are all paused: {}.",
                    paused.join(", ")
                )),
                "1",
            ));
            text.push('\n');
            text.push_str(&para(
                "If you want to reach one of them now, that is your choice to make; \
                 `supportmap contacts resume NAME` puts them back on this card.",
            ));
        }
        text.push_str(&format!(
            "\n\n{}\n{}\n\nTo save someone to call:\n  \
             supportmap add NAME --category CATEGORY --crisis --phone NUMBER\nTo save a crisis line:\n  \
             {}\n",
            para(&help.emergency()),
            para(&help.crisis_line()),
            help.add_line_command()
        ));
        if let Some(set) = help.set_country() {
            text.push_str(&format!("{set}\n"));
        }
        return text;
    }
    text.push_str(&out.paint("IN A CRISIS, CALL", "1;31"));
    text.push('\n');
    for (i, s) in contacts.iter().enumerate() {
        let p = &s.profile;
        let mut heading = format!("{}. {}", i + 1, p.name);
        match &p.role {
            Some(role) => heading.push_str(&format!(" ({role})")),
            None => heading.push_str(&format!(" ({})", p.category)),
        }
        let mut marker = None;
        if let Some(available) = &p.available {
            heading.push_str(&format!(", {available}"));
            if local_now.and_then(|now| available::open_at(available, now)) == Some(false) {
                // A person is not "closed": they may simply not be free.
                marker = Some(match p.kind {
                    Kind::Person => "(may not be free right now)",
                    Kind::Group | Kind::Service => "(likely closed right now)",
                });
            }
        }
        if let Some(marker) = marker {
            heading.push(' ');
            heading.push_str(marker);
        }
        let mut heading = super::wrap(&heading, width, "   ");
        if let Some(marker) = marker {
            heading = heading.replacen(marker, &out.paint(marker, "2"), 1);
        }
        text.push_str(&format!("\n{heading}\n"));
        match &p.phone {
            Some(phone) => text.push_str(&format!("   {}\n", out.paint(phone, "1"))),
            None => {
                for other in [&p.email, &p.contact].into_iter().flatten() {
                    text.push_str(&format!("   {other}\n"));
                }
                text.push_str("   (no phone number saved)\n");
            }
        }
    }
    let always: Vec<String> = contacts
        .iter()
        .filter(|s| always_available(s))
        .map(|s| match &s.profile.phone {
            Some(phone) => format!("{} {phone}", s.profile.name),
            None => s.profile.name.clone(),
        })
        .collect();
    text.push('\n');
    if always.is_empty() {
        text.push_str(&para("Nobody here is marked as reachable 24/7."));
    } else {
        text.push_str(&para(&format!("Open 24/7: {}", always.join(" · "))));
    }
    // The country's own line always shows, whoever else is saved.
    text.push_str(&format!(
        "\n{}\n{}\n",
        para(&help.crisis_line()),
        para(&help.emergency())
    ));
    if let Some(set) = help.set_country() {
        text.push_str(&format!("{set}\n"));
    }
    text
}

/// One section of the plan, ready for any format.
#[derive(Debug, Serialize)]
pub struct SectionView {
    /// The section's word for `plan add`, or null for a section filled from the map.
    pub id: Option<Section>,
    pub title: &'static str,
    pub lines: Vec<String>,
    /// For the two sections of people to ask for help: each person, with the number set
    /// apart (the HTML page makes it a `tel:` link). Empty for the other sections.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<ContactView>,
}

/// One person to call, as the printed plan shows them.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub name: String,
    pub role: Option<String>,
    pub phone: Option<String>,
    /// Another way to reach them when there is no phone number.
    pub contact: Option<String>,
    pub available: Option<String>,
}

impl ContactView {
    fn new(s: &Supporter) -> ContactView {
        let p = &s.profile;
        ContactView {
            name: p.name.clone(),
            role: p.role.clone(),
            phone: p.phone.clone(),
            contact: p.contact.clone(),
            available: p.available.clone(),
        }
    }
}

/// A `tel:` address for a phone number as typed: its digits, with a leading `+` kept;
/// `None` when it has no digits.
pub fn tel(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let plus = if phone.trim_start().starts_with('+') {
        "+"
    } else {
        ""
    };
    Some(format!("tel:{plus}{digits}"))
}

/// The whole plan, ready for any format.
#[derive(Debug, Serialize)]
pub struct PlanView {
    /// Whose plan it is (the `name` setting), when known.
    pub owner: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub sections: Vec<SectionView>,
    /// What to do in immediate danger, for the user's country.
    pub emergency: String,
    /// A crisis line that answers at any hour, for the user's country.
    pub crisis_line: String,
}

pub fn title(section: Section) -> &'static str {
    match section {
        Section::WarningSigns => "Warning signs that a crisis may be coming",
        Section::Coping => "Things I can do on my own to cope",
        Section::Distractions => "People and places that take my mind off things",
        Section::Reasons => "My reasons for living and for recovery",
        Section::SafeEnvironment => "Making my surroundings safe",
        Section::Avoid => "People, places and situations I keep away from",
    }
}

/// "Jo (NA sponsor): 555-0101, any time".
fn contact_line(s: &Supporter) -> String {
    let p = &s.profile;
    let mut line = p.name.clone();
    if let Some(role) = &p.role {
        line.push_str(&format!(" ({role})"));
    }
    let reach = p.phone.as_deref().or(p.contact.as_deref());
    if let Some(reach) = reach {
        line.push_str(&format!(": {reach}"));
    }
    if let Some(available) = &p.available {
        line.push_str(&format!(", {available}"));
    }
    line
}

/// The plan in Stanley–Brown order, with the two sections about people taken from the
/// crisis contacts in the map, and relapse prevention's people and places to avoid last
/// (see [`add_kept_away`] for the people the map adds to it).
pub fn view(plan: &Plan, contacts: &[&Supporter], owner: Option<&str>, help: &Help) -> PlanView {
    let own = |section: Section| SectionView {
        id: Some(section),
        title: title(section),
        lines: plan.section(section).map(|i| i.text.clone()).collect(),
        contacts: Vec::new(),
    };
    let from_map = |title: &'static str, professional: bool| {
        let people: Vec<&&Supporter> = contacts
            .iter()
            .filter(|s| is_professional(s) == professional)
            .collect();
        SectionView {
            id: None,
            title,
            lines: people.iter().map(|s| contact_line(s)).collect(),
            contacts: people.iter().map(|s| ContactView::new(s)).collect(),
        }
    };
    PlanView {
        owner: owner.map(str::to_string),
        emergency: help.emergency(),
        crisis_line: help.crisis_line(),
        reviewed_at: plan.reviewed_at,
        sections: vec![
            own(Section::WarningSigns),
            own(Section::Coping),
            own(Section::Distractions),
            own(Section::Reasons),
            from_map("People I can ask for help", false),
            from_map("Professionals and agencies I can contact", true),
            own(Section::SafeEnvironment),
            own(Section::Avoid),
        ],
    }
}

/// Adds to the plan's people and places to avoid the people the map says to: those the
/// user keeps away from, and ties marked stressful (from the map, so the plan never goes
/// stale when a tie changes).
pub fn add_kept_away(view: &mut PlanView, supporters: &[Supporter]) {
    let Some(section) = view
        .sections
        .iter_mut()
        .find(|s| s.id == Some(Section::Avoid))
    else {
        return;
    };
    for s in supporters {
        let p = &s.profile;
        let mut line = p.name.clone();
        if let Some(role) = &p.role {
            line.push_str(&format!(" ({role})"));
        }
        match (p.status, p.tie) {
            (Status::Avoid, _) => {
                line.push_str(": someone I keep away from");
                if let Some(reason) = &p.paused_reason {
                    line.push_str(&format!(" ({reason})"));
                }
            }
            (Status::Active | Status::Paused, Tie::Stressful) => {
                line.push_str(": a tie that can be stressful; I can look after myself around them");
            }
            _ => continue,
        }
        section.lines.push(line);
    }
}

/// The line at the foot of a printed plan, to fill in by hand.
const SIGNED: &str = "Date: ______________    Made with (counsellor or supporter): ______________";

/// "Last reviewed 2026-11-01 (3 weeks ago)"; on paper (`relative` false) the date alone,
/// since "3 weeks ago" goes stale once printed.
fn reviewed(view: &PlanView, now: DateTime<Utc>, relative: bool) -> String {
    match view.reviewed_at {
        Some(at) if relative => format!(
            "Last reviewed {} ({})",
            local_day(at),
            days_ago(local_day(at), local_day(now))
        ),
        Some(at) => format!("Last reviewed {}", local_day(at)),
        None if relative => "Not reviewed yet: when you have looked it over, `supportmap plan \
                             review` marks it"
            .to_string(),
        None => "Not reviewed yet: a good next step is to read it through with someone you trust"
            .to_string(),
    }
}

/// The plan for the terminal; `hints` adds how to fill each empty section.
pub fn text(view: &PlanView, now: DateTime<Utc>, hints: bool) -> String {
    let mut text = format!(
        "{}\n{}\n",
        title_line(view).to_uppercase(),
        reviewed(view, now, hints)
    );
    for (n, section) in view.sections.iter().enumerate() {
        text.push_str(&format!("\n{}. {}\n", n + 1, section.title));
        for (i, line) in section.lines.iter().enumerate() {
            let line = line.replace('\n', "\n      ");
            text.push_str(&format!("   {}. {line}\n", i + 1));
        }
        if section.lines.is_empty() {
            let hint = match (hints, section.id) {
                (true, Some(id)) => format!("; add one: supportmap plan add {id} \"...\""),
                (true, None) => {
                    "; crisis contacts appear here: supportmap add NAME --category CATEGORY --crisis --phone NUMBER"
                        .to_string()
                }
                (false, _) => String::new(),
            };
            text.push_str(&format!("   (none yet{hint})\n"));
        }
    }
    text.push_str(&format!("\n{}\n{}\n", view.emergency, view.crisis_line));
    if !hints {
        // On paper: a line to fill in by hand.
        text.push_str(&format!("\n{SIGNED}\n"));
    }
    text
}

/// "Safety plan", or "Safety plan for Maya".
fn title_line(view: &PlanView) -> String {
    match &view.owner {
        Some(name) => format!("Safety plan for {name}"),
        None => "Safety plan".to_string(),
    }
}

/// Text that Markdown shows exactly as typed, while the source stays readable: the
/// characters that make markup (emphasis, code, strikethrough, links, HTML, entities)
/// are backslash-escaped; so are a list marker at the start, and the `://` or `www.` that
/// would make a bare address a link. A line break becomes a space: each plan line is
/// one list item.
fn markdown_escape(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    // A leading "-", "+" or "3." would start a list inside the item.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let marker_at = match chars.first() {
        Some('-' | '+') => Some(0),
        Some(_) if digits > 0 && matches!(chars.get(digits), Some('.' | ')')) => Some(digits),
        _ => None,
    };
    for (i, &c) in chars.iter().enumerate() {
        let rest: String = chars[i..].iter().take(4).collect();
        let before: String = chars[i.saturating_sub(3)..i].iter().collect();
        let escape = "\\`*_{}[]<>#|!~&\"".contains(c)
            || marker_at == Some(i)
            || (c == ':' && rest.starts_with("://"))
            || (c == '.' && before.eq_ignore_ascii_case("www"));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn markdown(view: &PlanView, now: DateTime<Utc>) -> String {
    let mut text = format!(
        "# {}\n\n_{}_\n",
        markdown_escape(&title_line(view)),
        reviewed(view, now, false)
    );
    for (n, section) in view.sections.iter().enumerate() {
        text.push_str(&format!("\n## {}. {}\n\n", n + 1, section.title));
        if section.lines.is_empty() {
            text.push_str("_(none yet)_\n");
        }
        for (i, line) in section.lines.iter().enumerate() {
            text.push_str(&format!("{}. {}\n", i + 1, markdown_escape(line)));
        }
    }
    text.push_str(&format!(
        "\n**{}**\n\n{}\n\n{}\n",
        markdown_escape(&view.emergency),
        markdown_escape(&view.crisis_line),
        markdown_escape(SIGNED)
    ));
    text
}

/// One person in the HTML plan: the name and role, then the number on a line of its own,
/// large, as a `tel:` link a phone can call from, then when they can be reached.
fn contact_html(c: &ContactView) -> String {
    let mut who = escape_xml(&c.name);
    if let Some(role) = &c.role {
        who.push_str(&format!(
            " <span class=\"role\">({})</span>",
            escape_xml(role)
        ));
    }
    let reach = match (&c.phone, &c.contact) {
        (Some(phone), _) => match tel(phone) {
            Some(href) => format!(
                "<a class=\"tel\" href=\"{}\">{}</a>",
                escape_xml(&href),
                escape_xml(phone)
            ),
            None => format!("<span class=\"tel\">{}</span>", escape_xml(phone)),
        },
        (None, Some(contact)) => format!("<span class=\"reach\">{}</span>", escape_xml(contact)),
        (None, None) => String::new(),
    };
    let when = c
        .available
        .as_ref()
        .map(|a| format!("<span class=\"available\">{}</span>", escape_xml(a)))
        .unwrap_or_default();
    format!("<li><span class=\"who\">{who}</span><br/>{reach} {when}</li>\n")
}

/// The plan page's look, shared with the session report.
pub const HTML_STYLE: &str = "h2 { font-size: 1.05em; margin: 1em 0 0.3em; border-bottom: 1px solid #999; }
ol { margin: 0.2em 0; }
.reviewed, .empty { color: #555; }
.emergency { font-weight: bold; margin-top: 1.2em; }
.people li { margin-bottom: 0.4em; }
.tel { font-size: 1.25em; font-weight: bold; letter-spacing: 0.03em; color: #111; text-decoration: none; }
.role, .available { color: #444; }
.signed { margin-top: 1.5em; color: #333; }
@media print { section { break-inside: avoid; } }
";

/// The plan as HTML for a page's body: when it was reviewed, each section (people to
/// call with their numbers as `tel:` links), the help lines and the line to sign.
/// Shared by the plan page and the session report.
pub fn html_body(view: &PlanView, now: DateTime<Utc>) -> String {
    let mut body = format!(
        "<p class=\"reviewed\">{}</p>\n",
        escape_xml(&reviewed(view, now, false))
    );
    for (n, section) in view.sections.iter().enumerate() {
        body.push_str(&format!(
            "<section>\n<h2>{}. {}</h2>\n",
            n + 1,
            escape_xml(section.title)
        ));
        if section.lines.is_empty() {
            body.push_str("<p class=\"empty\">(none yet)</p>\n");
        } else if !section.contacts.is_empty() {
            body.push_str("<ol class=\"people\">\n");
            for c in &section.contacts {
                body.push_str(&contact_html(c));
            }
            body.push_str("</ol>\n");
        } else {
            body.push_str("<ol>\n");
            for line in &section.lines {
                body.push_str(&format!("<li>{}</li>\n", escape_xml(line)));
            }
            body.push_str("</ol>\n");
        }
        body.push_str("</section>\n");
    }
    body.push_str(&format!(
        "<p class=\"emergency\">{}</p>\n<p>{}</p>\n<p class=\"signed\">{}</p>\n",
        escape_xml(&view.emergency.replace('\n', " ")),
        escape_xml(&view.crisis_line.replace('\n', " ")),
        escape_xml(SIGNED),
    ));
    body
}

/// The title of the plan, as its page and the session report show it.
pub fn html_title(view: &PlanView) -> String {
    escape_xml(&title_line(view))
}

/// A self-contained page (no scripts, no outside files) that prints on one sheet.
pub fn html(view: &PlanView, now: DateTime<Utc>) -> String {
    let style = format!(
        "body {{ font-family: system-ui, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.4; color: #111; }}
h1 {{ margin-bottom: 0.2em; }}
{HTML_STYLE}@media print {{ body {{ margin: 0; max-width: none; font-size: 10.5pt; }} }}
"
    );
    let title = html_title(view);
    super::html_page(
        &title,
        &style,
        &format!("<h1>{title}</h1>\n{}", html_body(view, now)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_text_literal() {
        assert_eq!(
            escape_xml("<b>Tom & \"Jo\"</b>"),
            "&lt;b&gt;Tom &amp; &quot;Jo&quot;&lt;/b&gt;"
        );
        assert_eq!(
            markdown_escape("*not* a # heading"),
            "\\*not\\* a \\# heading"
        );
        assert_eq!(
            markdown_escape("~~x~~ `y` https://e.org www.e.org &amp; 18:30"),
            "\\~\\~x\\~\\~ \\`y\\` https\\://e.org www\\.e.org \\&amp; 18:30"
        );
        assert_eq!(markdown_escape("- not a list"), "\\- not a list");
        assert_eq!(markdown_escape("12. not a list"), "12\\. not a list");
        assert_eq!(markdown_escape("a\nb"), "a b");
    }

    #[test]
    fn a_number_becomes_a_tel_link_of_its_digits() {
        assert_eq!(tel("555-0101").as_deref(), Some("tel:5550101"));
        assert_eq!(
            tel(" +44 20 7946 0000").as_deref(),
            Some("tel:+442079460000")
        );
        assert_eq!(tel("988").as_deref(), Some("tel:988"));
        assert_eq!(tel("call the desk"), None);
    }
}
