//! The session report: one self-contained HTML page for a counsellor and client to look
//! at together and keep. Every part comes from the renderer its own command uses (the
//! map's SVG, the crisis card, the plan's HTML, the trends' charts, the changes' rows);
//! this module only lays them out on two printed pages.

use chrono::{DateTime, NaiveDate, Utc};

use super::escape_xml;
use super::gaps::{coverage_rows, coverage_title, label};
use super::plan::{self, PlanView};
use crate::domain::gaps::{Gap, Summary};
use crate::domain::layout::{HEIGHT, LABEL_AREA, WIDTH};

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
    /// The last week or month is still running (its bar is paler).
    pub week_running: bool,
    pub moods_svg: Option<&'a str>,
    /// Each rhythm and how it was kept.
    pub rhythms: &'a [(String, String)],
    pub redacted: bool,
}

/// The page's look on screen and on paper (A4 or Letter, two sheets): the map across
/// the first sheet with coverage, what changed and the gaps under it; the crisis card,
/// the charts and rhythms side by side on the second, and the plan in two columns.
const STYLE: &str = "body { font-family: system-ui, sans-serif; max-width: 62em; margin: 1.5em auto; padding: 0 1em; line-height: 1.3; color: #111; overflow-wrap: anywhere; }
h1 { font-size: 1.5em; margin: 0 0 0.1em; }
h2 { font-size: 1.1em; margin: 0.7em 0 0.3em; border-bottom: 1px solid #999; }
.meta { color: #444; margin: 0.1em 0; }
.map svg { width: 100%; height: auto; display: block; overflow: hidden; }
.map .heading { display: none; }
.cols { display: flex; gap: 1.4em; align-items: flex-start; }
.cols > div { flex: 1 1 50%; min-width: 0; }
.card { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 0.82em; white-space: pre-wrap; border: 2px solid #C62828; padding: 0.4em 0.6em; margin: 0.3em 0 0.6em; }
table { border-collapse: collapse; }
td, th { text-align: left; vertical-align: top; padding: 0.1em 1em 0.1em 0; }
th { font-weight: 600; white-space: nowrap; }
.gap { margin: 0.3em 0; }
.severity { font-weight: 600; }
figure { margin: 0 0 0.4em; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 0.85em; color: #444; }
.plan { columns: 2; column-gap: 1.5em; font-size: 0.95em; }
.plan h2 { margin-top: 0.3em; }
.plan section { break-inside: avoid; }
.muted { color: #555; }
.page2 { break-before: page; }
@page { size: auto; margin: 10mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 8.5pt; }
  .map svg { width: auto; height: 158mm; margin: 0 auto; }
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
    body.push_str("<div class=\"map\">\n");
    body.push_str(&svg_element(r.map_svg));
    body.push_str("\n</div>\n<div class=\"cols\">\n<div>\n");
    body.push_str(&coverage(r.summary));
    body.push_str(&changes(r.changes));
    body.push_str("</div>\n<div>\n");
    body.push_str(&gaps(r.gaps));
    body.push_str("</div>\n</div>\n<div class=\"page2\">\n<div class=\"cols\">\n<div>\n<h2>Crisis card</h2>\n");
    body.push_str(&format!(
        "<div class=\"card\">{}</div>\n",
        escape_xml(r.card.trim_end())
    ));
    body.push_str("</div>\n<div>\n");
    let so_far = if r.week_running {
        " (the last, paler bar is so far)"
    } else {
        ""
    };
    body.push_str(&format!(
        "<h2>How contact has gone</h2>\n<p class=\"muted\">{}</p>\n\
         <figure>{}<figcaption>Check-ins{so_far}</figcaption></figure>\n",
        escape_xml(r.trends_header),
        r.checkins_svg
    ));
    match r.moods_svg {
        Some(svg) => body.push_str(&format!(
            "<figure>{svg}<figcaption>How you felt afterwards, on average (1 low, 10 good)</figcaption></figure>\n"
        )),
        None => body.push_str(
            "<p class=\"muted\">No moods noted in these weeks. `supportmap checkin \
             NAME --mood 7` notes one, if that would help.</p>\n",
        ),
    }
    body.push_str(&rhythms(r.rhythms));
    body.push_str(&format!(
        "</div>\n</div>\n<h2>{}</h2>\n<div class=\"plan\">\n{}</div>\n</div>\n",
        plan::html_title(r.plan),
        plan::html_body(r.plan, r.now)
    ));
    super::html_page(
        &format!("Session report: {}, {}", escape_xml(r.me), r.today),
        &format!("{}{STYLE}", plan::HTML_STYLE),
        &body,
    )
}

/// The map's `<svg>` element, without its XML declaration, and cropped to the drawing:
/// the page has its own title, so the picture's is left out and the rest is larger.
fn svg_element(svg: &str) -> String {
    let element = match svg.find("<svg") {
        Some(at) => svg[at..].trim_end(),
        None => svg,
    };
    let whole = format!("viewBox=\"0 0 {WIDTH} {HEIGHT}\"");
    let cropped = format!(
        "viewBox=\"{} {} {} {}\"",
        MAP_CROP.0,
        MAP_CROP.1,
        WIDTH - MAP_CROP.0 - MAP_CROP.2,
        HEIGHT - MAP_CROP.1
    );
    element.replacen(&whole, &cropped, 1)
}

/// What the report leaves off the map picture: the margin left of where labels may go,
/// the picture's own title above them, and a margin on the right, in SVG units.
const MAP_CROP: (f64, f64, f64) = (LABEL_AREA.0, LABEL_AREA.1, 10.0);

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
        let svg = "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 1760 1600\"></svg>\n";
        assert_eq!(svg_element(svg), "<svg viewBox=\"30 100 1720 1500\"></svg>");
    }
}
