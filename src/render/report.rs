//! The session report: one self-contained HTML page for a counsellor and client to look
//! at together and keep. Every part comes from the renderer its own command uses (the
//! map's SVG, the crisis card, the plan's HTML, the trends' charts, the changes' rows);
//! this module only lays them out on two printed pages.

use chrono::{DateTime, NaiveDate, Utc};

use super::escape_xml;
use super::gaps::{coverage_rows, coverage_title, label};
use super::plan::{self, PlanView};
use crate::domain::gaps::{Gap, Summary};

/// Everything on the page, each part already rendered by its own command's renderer.
pub struct Report<'a> {
    /// Whose report it is.
    pub me: &'a str,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// "It has been 8 months ... since your recovery date", when the user set one.
    pub milestone: Option<String>,
    /// "Since your last review on 2026-11-01 (3 weeks ago)".
    pub since: String,
    /// The map as `map --format svg` draws it.
    pub map_svg: &'a str,
    pub summary: &'a Summary,
    /// The most useful open gaps, most severe first.
    pub gaps: &'a [Gap],
    /// The crisis card as `crisis` prints it (no colour).
    pub card: &'a str,
    pub plan: &'a PlanView,
    /// What changed: kind of change, then the names.
    pub changes: &'a [(&'static str, String)],
    /// The trends' charts (SVG elements) and the header that says what they count.
    pub trends_header: &'a str,
    pub checkins_svg: &'a str,
    pub moods_svg: Option<&'a str>,
    /// Each rhythm and how it was kept.
    pub rhythms: &'a [(String, String)],
    pub redacted: bool,
}

/// The page's look on screen and on paper (A4 or Letter, two sheets).
const STYLE: &str = "body { font-family: system-ui, sans-serif; max-width: 60em; margin: 1.5em auto; padding: 0 1em; line-height: 1.35; color: #111; }
h1 { font-size: 1.5em; margin: 0 0 0.1em; }
.meta { color: #444; margin: 0.1em 0; }
.top { display: flex; gap: 1em; align-items: flex-start; }
.map { flex: 0 0 72%; min-width: 0; }
.map svg { width: 100%; height: auto; display: block; }
.side { flex: 1 1 28%; min-width: 0; font-size: 0.92em; }
.side table th { display: block; }
.below { display: flex; gap: 1.2em; align-items: flex-start; }
.below > div { flex: 1 1 50%; min-width: 0; }
.card { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 0.8em; white-space: pre-wrap; border: 2px solid #C62828; padding: 0.5em 0.7em; margin: 0.3em 0 0.8em; }
h2 { font-size: 1.1em; margin: 0.8em 0 0.3em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: 0.1em 0.5em 0.1em 0; }
th { font-weight: 600; white-space: nowrap; }
.gap { margin: 0.3em 0; }
.severity { font-weight: 600; }
.charts { display: flex; gap: 1em; }
.charts figure { flex: 1 1 50%; margin: 0; }
.charts svg { width: 100%; height: auto; }
figcaption { font-size: 0.85em; color: #444; }
.plan { columns: 2; column-gap: 1.5em; font-size: 0.92em; }
.plan h2 { margin-top: 0.4em; }
.muted { color: #555; }
.page2 { break-before: page; }
@page { size: auto; margin: 11mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  .tel { font-size: 1.1em; }
}
";

/// The page.
pub fn html(r: &Report<'_>) -> String {
    let mut body = String::new();
    body.push_str(&format!(
        "<h1>Session report: {}</h1>\n<p class=\"meta\">{} · {}</p>\n",
        escape_xml(r.me),
        r.today.format("%-d %B %Y"),
        escape_xml(&r.since)
    ));
    if let Some(milestone) = &r.milestone {
        body.push_str(&format!(
            "<p class=\"meta\">{}</p>\n",
            escape_xml(milestone)
        ));
    }
    if r.redacted {
        body.push_str(
            "<p class=\"meta\">Shared with names as initials; numbers, notes and the plan's \
             words are left out.</p>\n",
        );
    }
    body.push_str("<div class=\"top\">\n<div class=\"map\">\n");
    body.push_str(svg_element(r.map_svg));
    body.push_str("\n</div>\n<div class=\"side\">\n");
    body.push_str(&coverage(r.summary));
    body.push_str("</div>\n</div>\n<div class=\"below\">\n<div>\n<h2>Crisis card</h2>\n");
    body.push_str(&format!(
        "<div class=\"card\">{}</div>\n</div>\n<div>\n",
        escape_xml(r.card.trim_end())
    ));
    body.push_str(&gaps(r.gaps));
    body.push_str("</div>\n</div>\n<div class=\"page2\">\n");
    body.push_str(&changes(r.changes));
    body.push_str(&format!(
        "<h2>How contact has gone</h2>\n<p class=\"muted\">{}</p>\n<div class=\"charts\">\n\
         <figure>{}<figcaption>Check-ins</figcaption></figure>\n",
        escape_xml(r.trends_header),
        r.checkins_svg
    ));
    match r.moods_svg {
        Some(svg) => body.push_str(&format!(
            "<figure>{svg}<figcaption>How you felt afterwards (1 to 10)</figcaption></figure>\n"
        )),
        None => body.push_str(
            "<figure><p class=\"muted\">No moods noted in these weeks. `supportmap checkin \
             NAME --mood 7` notes one, if that would help.</p></figure>\n",
        ),
    }
    body.push_str("</div>\n");
    body.push_str(&rhythms(r.rhythms));
    body.push_str(&format!(
        "<h2>{}</h2>\n<div class=\"plan\">\n{}</div>\n</div>\n",
        plan::html_title(r.plan),
        plan::html_body(r.plan, r.now)
    ));
    super::html_page(
        &format!("Session report: {}, {}", escape_xml(r.me), r.today),
        &format!("{}{STYLE}", plan::HTML_STYLE),
        &body,
    )
}

/// The `<svg>` element of a standalone SVG file, without its XML declaration.
fn svg_element(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(at) => svg[at..].trim_end(),
        None => svg,
    }
}

/// The coverage summary as a small table, in the words `gaps` uses.
fn coverage(s: &Summary) -> String {
    format!(
        "<h2>{}</h2>\n{}",
        escape_xml(&coverage_title(s)),
        table(&coverage_rows(s))
    )
}

/// Rows of a name and a value, as a table; `empty` when there are none.
fn table<K: AsRef<str>>(rows: &[(K, String)]) -> String {
    let mut html = String::from("<table>\n");
    for (name, value) in rows {
        html.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            escape_xml(name.as_ref()),
            escape_xml(value)
        ));
    }
    html.push_str("</table>\n");
    html
}

/// The few most useful gaps: what, and what the user could try.
fn gaps(gaps: &[Gap]) -> String {
    let mut html = String::from("<h2>Worth talking about</h2>\n");
    if gaps.is_empty() {
        html.push_str("<p class=\"muted\">Nothing open right now.</p>\n");
    }
    for gap in gaps {
        html.push_str(&format!(
            "<p class=\"gap\"><span class=\"severity\">{}</span> · {}<br/><span class=\"muted\">{}</span></p>\n",
            label(gap.severity),
            escape_xml(&gap.message),
            escape_xml(&gap.suggestion)
        ));
    }
    html
}

/// What changed since the last review, one row per kind of change.
fn changes(rows: &[(&'static str, String)]) -> String {
    let mut html = String::from("<h2>What changed</h2>\n");
    if rows.is_empty() {
        html.push_str(
            "<p class=\"muted\">Nothing changed in the network, and no check-ins were logged.</p>\n",
        );
    } else {
        html.push_str(&table(rows));
    }
    html
}

/// Each rhythm and how it was kept.
fn rhythms(rows: &[(String, String)]) -> String {
    let mut html = String::from("<h2>Rhythms</h2>\n");
    if rows.is_empty() {
        html.push_str(
            "<p class=\"muted\">No rhythms set. `supportmap contacts edit NAME --every weekly` \
             sets one, if a reminder would help.</p>\n",
        );
    } else {
        html.push_str(&table(rows));
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_goes_in_without_its_xml_declaration() {
        let svg = "<?xml version=\"1.0\"?>\n<svg a=\"1\"></svg>\n";
        assert_eq!(svg_element(svg), "<svg a=\"1\"></svg>");
    }
}
