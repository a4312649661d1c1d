//! The network as a picture: nested circles in the terminal, an SVG eco-map drawn by
//! supportmap itself, Graphviz DOT, Mermaid, and JSON with everything the picture uses.

use std::collections::HashMap;
use std::f64::consts::PI;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::time::{ago, local_day};
use super::{Output, escape_xml};
use crate::domain::compare::Compare;
use crate::domain::layout::{
    self, CENTER, EMPTY_FONT, HEIGHT, Layout, ME_RADIUS, RING_FONT, RING_RADII, SECTOR_FONT, WIDTH,
};
use crate::domain::{Category, Circle, Function, Status, Supporter, Tie};

/// What every format needs: the supporters drawn (active and paused), their last
/// contacts, the name at the centre and the day the map is drawn.
pub struct MapInput<'a> {
    pub supporters: &'a [Supporter],
    pub last: &'a HashMap<i64, DateTime<Utc>>,
    pub now: DateTime<Utc>,
    pub me: &'a str,
    /// Categories the user chose not to fill for now (their gap dismissed or snoozed):
    /// drawn plainly, "set aside", never hatched as "nobody yet".
    pub set_aside: &'a [Category],
    /// The map then, to mark who is new, who moved circle and who left (SVG and JSON).
    pub compare: Option<&'a Compare>,
}

impl MapInput<'_> {
    /// How an empty category reads: set aside by the user, or nobody yet.
    fn empty_words(&self, category: Category) -> &'static str {
        if self.set_aside.contains(&category) {
            "set aside for now"
        } else {
            "nobody yet"
        }
    }

    fn drawn(&self) -> impl Iterator<Item = &Supporter> {
        self.supporters
            .iter()
            // The map is of support: someone the user keeps away from is not drawn.
            .filter(|s| !matches!(s.profile.status, Status::Archived | Status::Avoid))
    }

    /// The picture's layout, keeping labels clear of the marks for who moved.
    fn layout(&self) -> Layout {
        match self.compare {
            Some(compare) => layout::layout_marked(self.supporters, &compare.moved),
            None => layout::layout(self.supporters),
        }
    }

    fn date(&self) -> NaiveDate {
        local_day(self.now)
    }

    fn counts(&self) -> (usize, usize) {
        let active = self
            .drawn()
            .filter(|s| s.profile.status == Status::Active)
            .count();
        (active, self.drawn().count() - active)
    }
}

/// One colour per category (Okabe–Ito, readable by most people with colour blindness).
pub fn colour(category: Category) -> &'static str {
    match category {
        Category::Family => "#E69F00",
        Category::Friend => "#56B4E9",
        Category::Peer => "#009E73",
        Category::Sponsor => "#CC79A7",
        Category::Professional => "#0072B2",
        Category::Community => "#D55E00",
        Category::Spiritual => "#7B6FB0",
    }
}

const CRISIS_COLOUR: &str = "#C62828";
/// The ring around someone new since the day a map is compared with.
const NEW_COLOUR: &str = "#2E7D32";

/// A darker shade of each category's colour for words on white, with the contrast
/// WCAG AA asks of text (4.5:1); the lighter colours stay for fills.
pub fn text_colour(category: Category) -> &'static str {
    match category {
        Category::Family => "#8A5F00",
        Category::Friend => "#1F6E99",
        Category::Peer => "#00704F",
        Category::Sponsor => "#9B3F74",
        Category::Professional => "#0072B2",
        Category::Community => "#AD4B00",
        Category::Spiritual => "#5E5296",
    }
}

/// The contrast ratio of two `#rrggbb` colours, as WCAG 2 defines it (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let v =
                f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0))
                    / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `fill`.
fn ink_on(fill: &str) -> &'static str {
    if contrast("#000000", fill) >= contrast("#ffffff", fill) {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// Short marks for what a supporter gives, for the terminal map.
fn mark(function: Function) -> &'static str {
    match function {
        Function::Emotional => "emo",
        Function::Practical => "pra",
        Function::Advice => "adv",
        Function::Accountability => "acc",
        Function::Encouragement => "enc",
        Function::Crisis => "cri",
        Function::Belonging => "bel",
    }
}

fn marks(s: &Supporter) -> String {
    s.profile
        .gives
        .iter()
        .filter(|f| **f != Function::Crisis)
        .map(|f| mark(*f))
        .collect::<Vec<_>>()
        .join(" ")
}

fn since(s: &Supporter, input: &MapInput<'_>) -> Option<String> {
    input.last.get(&s.id).map(|at| ago(*at, input.now))
}

// ---------------------------------------------------------------- terminal

/// Cuts `text` to `width` terminal columns, with "…" when cut (never half of a wide
/// character).
fn cut(text: &str, width: usize) -> String {
    if super::width(text) <= width {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width.saturating_sub(1) {
            break;
        }
        kept.push(c);
        used += w;
    }
    format!("{kept}…")
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let len = super::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// One supporter as a line of the terminal map, `width` characters wide (before colour).
fn line(s: &Supporter, input: &MapInput<'_>, width: usize, out: &Output) -> String {
    let p = &s.profile;
    let paused = p.status == Status::Paused;
    let marker = if p.is_crisis() { "+" } else { " " };
    let name = match (paused, p.tie) {
        (true, _) => format!("({})", p.name),
        // A stressful tie, marked as the legend says.
        (false, Tie::Stressful) => format!("{} ~", p.name),
        (false, Tie::Strong) => format!("{} =", p.name),
        _ => p.name.clone(),
    };
    let when = if paused {
        "paused".to_string()
    } else {
        since(s, input).unwrap_or_else(|| "-".to_string())
    };
    let name_w = 18.min(width.saturating_sub(40)).max(8);
    let rest_w = width.saturating_sub(2 + name_w + 1 + 13 + 1 + 12);
    let gives = cut(&marks(s), rest_w.max(3));
    let plain = format!(
        "{marker} {} {} {} {}",
        pad(&cut(&name, name_w), name_w),
        pad(&cut(p.category.as_str(), 12), 13),
        pad(&gives, rest_w.max(3)),
        cut(&when, 12)
    );
    let plain = pad(&cut(&plain, width), width);
    if !out.color {
        return plain;
    }
    // Colour the marker red, the category in its colour, and a paused tie dim.
    let mut text = plain.clone();
    if p.is_crisis() {
        text = format!("{}{}", out.paint("+", "1;31"), &text[1..]);
    }
    let word = p.category.as_str();
    if let Some(at) = text.find(&format!(" {word}")) {
        let coloured = out.paint(word, ansi(p.category));
        text = format!("{} {coloured}{}", &text[..at], &text[at + 1 + word.len()..]);
    }
    if paused {
        text = out.paint(&text, "2");
    }
    text
}

/// The 256-colour code closest to each category colour.
fn ansi(category: Category) -> &'static str {
    match category {
        Category::Family => "38;5;178",
        Category::Friend => "38;5;74",
        Category::Peer => "38;5;36",
        Category::Sponsor => "38;5;175",
        Category::Professional => "38;5;25",
        Category::Community => "38;5;166",
        Category::Spiritual => "38;5;97",
    }
}

/// The terminal map: the circles as nested boxes with "me" at the centre, innermost
/// first; `by_category` lists one box per category instead.
pub fn text(input: &MapInput<'_>, by_category: bool, out: &Output) -> String {
    let width = usize::from(out.width.unwrap_or(80)).clamp(60, 110);
    let (active, paused) = input.counts();
    let mut text = format!(
        "Support map · {active} active{} · {}\n",
        if paused > 0 {
            format!(", {paused} paused")
        } else {
            String::new()
        },
        input.date()
    );
    let empty: Vec<Category> = Category::ALL
        .iter()
        .filter(|c| !input.drawn().any(|s| s.profile.category == **c))
        .copied()
        .collect();
    if by_category {
        let centre = format!("{:^width$}", format!("( {} )", input.me));
        text.push_str(centre.trim_end());
        text.push('\n');
        for category in Category::ALL {
            let members: Vec<&Supporter> = input
                .drawn()
                .filter(|s| s.profile.category == *category)
                .collect();
            let mut body = Vec::new();
            if members.is_empty() {
                body.push(pad(
                    &format!("  {}", input.empty_words(*category)),
                    width - 4,
                ));
            }
            for circle in Circle::ALL {
                for s in members.iter().filter(|s| s.profile.circle == *circle) {
                    let row = line(s, input, width - 4 - 9, out);
                    body.push(format!("{} {row}", pad(circle.as_str(), 8)));
                }
            }
            text.push_str(&boxed(category.as_str(), &body, width, out));
        }
    } else {
        // Innermost first: inner, then middle around it, then outer around both.
        let mut inside: Vec<String> = Vec::new();
        for (depth, circle) in Circle::ALL.iter().enumerate() {
            let box_width = width - 4 * (2 - depth);
            let content = box_width - 4;
            let mut body = Vec::new();
            if depth == 0 {
                body.push(format!(
                    "{:^content$}",
                    format!("( {} )", cut(input.me, 30))
                ));
            } else {
                body.append(&mut inside);
            }
            let members: Vec<&Supporter> = input
                .drawn()
                .filter(|s| s.profile.circle == *circle)
                .collect();
            for s in &members {
                body.push(line(s, input, content, out));
            }
            if members.is_empty() {
                body.push(pad("  nobody in this circle yet", content));
            }
            if depth == 2 && !empty.is_empty() {
                body.push(pad("", content));
                for category in &empty {
                    body.push(pad(
                        &format!("  ○ {category}: {}", input.empty_words(*category)),
                        content,
                    ));
                }
            }
            inside = boxed_lines(&format!("{circle} circle"), &body, box_width, out);
        }
        for l in inside {
            text.push_str(&l);
            text.push('\n');
        }
    }
    text.push_str(&super::wrap(
        "+ crisis contact · (name) paused · name = strong tie · name ~ stressful tie (not \
         counted) · gives: emo emotional, pra practical, adv advice, acc accountability, enc \
         encouragement, bel belonging",
        width,
        "",
    ));
    text.push('\n');
    text
}

fn boxed(title: &str, body: &[String], width: usize, out: &Output) -> String {
    boxed_lines(title, body, width, out)
        .into_iter()
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A rounded box `width` columns wide around `body` (each line `width - 4` wide).
fn boxed_lines(title: &str, body: &[String], width: usize, out: &Output) -> Vec<String> {
    let inner = width - 2;
    let head = format!("─ {} ", out.paint(&title.to_uppercase(), "1"));
    let head_len = super::width(title) + 3;
    let mut lines = vec![format!(
        "╭{head}{}╮",
        "─".repeat(inner.saturating_sub(head_len))
    )];
    for l in body {
        lines.push(format!("│ {l} │"));
    }
    lines.push(format!("╰{}╯", "─".repeat(inner)));
    lines
}

// ---------------------------------------------------------------- SVG

fn point(radius: f64, angle: f64) -> (f64, f64) {
    (
        CENTER.0 + radius * angle.cos(),
        CENTER.1 + radius * angle.sin(),
    )
}

fn wedge(inner: f64, outer: f64, start: f64, end: f64) -> String {
    let large = i32::from(end - start > PI);
    let (x0, y0) = point(outer, start);
    let (x1, y1) = point(outer, end);
    let (x2, y2) = point(inner, end);
    let (x3, y3) = point(inner, start);
    format!(
        "M {x0:.1} {y0:.1} A {outer} {outer} 0 {large} 1 {x1:.1} {y1:.1} L {x2:.1} {y2:.1} \
         A {inner} {inner} 0 {large} 0 {x3:.1} {y3:.1} Z"
    )
}

/// Text along a radius, upright on both halves of the circle, starting at `(x, y)` and
/// running away from the centre.
fn radial_text(x: f64, y: f64, angle: f64, size: f64, attrs: &str, text: &str) -> String {
    let degrees = angle.to_degrees();
    let (rotate, anchor) = if angle.cos() >= -1e-9 {
        (degrees, "start")
    } else {
        (degrees + 180.0, "end")
    };
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" dy=\"0.35em\" font-size=\"{size}\" text-anchor=\"{anchor}\" \
         transform=\"rotate({rotate:.2} {x:.1} {y:.1})\"{attrs}>{}</text>",
        escape_xml(text)
    )
}

/// A self-contained SVG eco-map: rings for the circles, a sector per category, a node
/// per supporter, ties from the centre (dashed while paused), crisis contacts ringed in
/// red, a title, the date and a legend. No fonts, scripts or files outside it.
pub fn svg(input: &MapInput<'_>) -> String {
    let map: Layout = input.layout();
    let (active, paused) = input.counts();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">"
    );
    let _ = writeln!(
        s,
        "<title>Support map of {}, {}</title>",
        escape_xml(input.me),
        input.date()
    );
    s.push_str(
        "<defs><pattern id=\"nobody\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"10\" \
         stroke=\"#cccccc\" stroke-width=\"2\"/></pattern>\
         <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" \
         orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#455A64\"/></marker></defs>\n",
    );
    let _ = writeln!(
        s,
        "<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>"
    );
    let _ = writeln!(
        s,
        "<text class=\"heading\" x=\"40\" y=\"56\" font-size=\"30\" font-weight=\"bold\" fill=\"#222222\">Support map</text>"
    );
    let _ = writeln!(
        s,
        "<text class=\"heading\" x=\"40\" y=\"86\" font-size=\"16\" fill=\"#555555\">{} · {active} active{} · drawn {}{}</text>",
        escape_xml(input.me),
        if paused > 0 {
            format!(", {paused} paused")
        } else {
            String::new()
        },
        input.date(),
        match input.compare.and_then(|c| c.since) {
            Some(since) => format!(" · compared with {}", local_day(since)),
            None => String::new(),
        }
    );

    s.push_str("<g id=\"sectors\">\n");
    for sector in &map.sectors {
        let set_aside = sector.count == 0 && input.set_aside.contains(&sector.category);
        let fill = if set_aside {
            "#ffffff".to_string()
        } else if sector.count == 0 {
            "url(#nobody)".to_string()
        } else {
            colour(sector.category).to_string()
        };
        let opacity = if sector.count == 0 { "1" } else { "0.10" };
        let _ = writeln!(
            s,
            "<path class=\"sector\" data-category=\"{}\" d=\"{}\" fill=\"{fill}\" fill-opacity=\"{opacity}\"/>",
            sector.category,
            wedge(ME_RADIUS, RING_RADII[2], sector.start, sector.end)
        );
    }
    s.push_str("</g>\n<g id=\"rings\" fill=\"none\" stroke=\"#9e9e9e\">\n");
    for radius in RING_RADII {
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\" stroke-width=\"1.5\"/>",
            CENTER.0, CENTER.1
        );
    }
    for sector in &map.sectors {
        let (x0, y0) = point(ME_RADIUS, sector.start);
        let (x1, y1) = point(RING_RADII[2], sector.start);
        let _ = writeln!(
            s,
            "<line x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x1:.1}\" y2=\"{y1:.1}\" stroke=\"#d0d0d0\"/>"
        );
    }
    s.push_str("</g>\n<g id=\"ring-labels\" fill=\"#757575\">\n");
    for (circle, strip) in &map.ring_labels {
        s.push_str(&radial_text(
            strip.start.x,
            strip.start.y,
            strip.angle,
            RING_FONT,
            "",
            circle.as_str(),
        ));
        s.push('\n');
    }

    s.push_str("</g>\n<g id=\"ties\">\n");
    for node in &map.nodes {
        let sup = &input.supporters[node.index];
        let (x0, y0) = point(ME_RADIUS, node.angle);
        let (x1, y1) = (node.at.x, node.at.y);
        let _ = writeln!(
            s,
            "{}",
            tie_line(sup.profile.status, sup.profile.tie, (x0, y0), (x1, y1))
        );
    }
    if let Some(compare) = input.compare {
        s.push_str("</g>\n<g id=\"moved\">\n");
        for node in &map.nodes {
            let sup = &input.supporters[node.index];
            let Some(was) = compare.moved.get(&sup.id) else {
                continue;
            };
            // A faint mark where they were (the middle of that ring), and an arrow from
            // it to the edge of the node.
            let from = layout::moved_from(node, *was);
            let (dx, dy) = (node.at.x - from.x, node.at.y - from.y);
            let length = dx.hypot(dy).max(1.0);
            let begin = (node.radius + 1.0) / length;
            let stop = (length - node.radius - 3.0).max(0.0) / length;
            let name = escape_xml(&sup.profile.name);
            let _ = writeln!(
                s,
                "<circle class=\"was\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"none\" stroke=\"#90A4AE\" stroke-dasharray=\"2 2\"/>\
                 <line class=\"moved\" data-name=\"{name}\" data-from=\"{was}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" \
                 stroke=\"#455A64\" stroke-width=\"1.6\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"><title>{name} moved from the {was} circle</title></line>",
                from.x,
                from.y,
                node.radius,
                from.x + dx * begin,
                from.y + dy * begin,
                from.x + dx * stop,
                from.y + dy * stop,
            );
        }
    }
    s.push_str("</g>\n<g id=\"supporters\">\n");
    for node in &map.nodes {
        let sup = &input.supporters[node.index];
        let p = &sup.profile;
        let paused = p.status == Status::Paused;
        let mut about = format!("{} — {}, {} circle", p.name, p.category, p.circle);
        if p.is_crisis() {
            about.push_str(", crisis contact");
        }
        if paused {
            about.push_str(", paused");
        }
        if let Some(when) = since(sup, input) {
            about.push_str(&format!(", last contact {when}"));
        }
        let _ = writeln!(
            s,
            "<g class=\"supporter\" data-name=\"{}\" data-category=\"{}\" data-circle=\"{}\" \
             data-status=\"{}\" data-crisis=\"{}\"><title>{}</title>",
            escape_xml(&p.name),
            p.category,
            p.circle,
            p.status,
            p.is_crisis(),
            escape_xml(&about)
        );
        if input.compare.is_some_and(|c| c.new.contains(&sup.id)) {
            let _ = writeln!(
                s,
                "<circle class=\"new\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"none\" stroke=\"{NEW_COLOUR}\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>",
                node.at.x,
                node.at.y,
                node.radius + 4.0
            );
        }
        if p.is_crisis() {
            let _ = writeln!(
                s,
                "<circle class=\"crisis\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"none\" stroke=\"{CRISIS_COLOUR}\" stroke-width=\"2.5\"/>",
                node.at.x, node.at.y, node.radius
            );
        }
        let (fill, stroke) = if paused {
            ("#ffffff", colour(p.category))
        } else {
            (colour(p.category), "#ffffff")
        };
        let inner_r = if p.is_crisis() {
            node.radius - 2.5
        } else {
            node.radius
        };
        let _ = writeln!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
            node.at.x,
            node.at.y,
            inner_r.max(2.0)
        );
        // A white halo keeps a name readable where a tie or ring line runs under it.
        let style = if paused {
            " fill=\"#595959\" font-style=\"italic\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""
        } else {
            " fill=\"#222222\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""
        };
        s.push_str(&radial_text(
            node.label_box.start.x,
            node.label_box.start.y,
            node.label_box.angle,
            node.font,
            style,
            &node.label,
        ));
        s.push_str("\n</g>\n");
    }
    s.push_str("</g>\n<g id=\"sector-labels\" font-weight=\"bold\">\n");
    for sector in &map.sectors {
        // The box's left edge and its top; an empty sector says why on a second line.
        let b = sector.label_box;
        let top = b.start.y - b.across / 2.0;
        let _ = write!(
            s,
            "<text data-category=\"{}\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{SECTOR_FONT}\" fill=\"{}\">{}",
            sector.category,
            b.start.x,
            top + SECTOR_FONT * 0.85,
            text_colour(sector.category),
            escape_xml(&sector.label)
        );
        if sector.count == 0 {
            let _ = write!(
                s,
                "<tspan x=\"{:.1}\" dy=\"{:.1}\" font-size=\"{EMPTY_FONT}\" font-weight=\"normal\" fill=\"#595959\">{}</tspan>",
                b.start.x,
                EMPTY_FONT + 3.0,
                input.empty_words(sector.category)
            );
        }
        s.push_str("</text>\n");
    }
    let _ = writeln!(
        s,
        "</g>\n<g id=\"me\"><circle cx=\"{}\" cy=\"{}\" r=\"{ME_RADIUS}\" fill=\"#37474F\"/>{}</g>",
        CENTER.0,
        CENTER.1,
        centre_name(input.me)
    );
    s.push_str(&legend(&map, input.compare));
    s.push_str("</svg>\n");
    s
}

/// The user's name in the disc at the centre: on one line when it fits, else on up to
/// three lines broken at spaces and after hyphens (shortened only when even that does
/// not fit).
fn centre_name(me: &str) -> String {
    let line = |text: &str, dy: f64, size: f64| {
        format!(
            "<text x=\"{}\" y=\"{}\" dy=\"{dy:.2}em\" font-size=\"{size}\" text-anchor=\"middle\" fill=\"#ffffff\">{}</text>",
            CENTER.0,
            CENTER.1,
            escape_xml(text)
        )
    };
    if layout::text_width(me, 15.0) <= ME_RADIUS * 1.8 {
        return line(me, 0.35, 15.0);
    }
    const SIZE: f64 = 12.0;
    let width = ME_RADIUS * 1.6;
    // Pieces that may end a line: words, and the parts of a hyphenated word.
    let mut pieces: Vec<String> = Vec::new();
    for word in me.split_whitespace() {
        let mut rest = word;
        while let Some(at) = rest.find('-').filter(|&at| at + 1 < rest.len()) {
            pieces.push(rest[..=at].to_string());
            rest = &rest[at + 1..];
        }
        pieces.push(format!("{rest} "));
    }
    let mut lines: Vec<String> = Vec::new();
    for piece in pieces {
        match lines.last_mut() {
            Some(last) if layout::text_width((last.clone() + &piece).trim_end(), SIZE) <= width => {
                last.push_str(&piece);
            }
            _ => lines.push(piece),
        }
    }
    let mut lines: Vec<String> = lines.iter().map(|l| l.trim_end().to_string()).collect();
    if lines.len() > 3 {
        let rest = lines[2..].join(" ");
        lines.truncate(2);
        lines.push(rest);
    }
    let first = -0.6 * (lines.len() as f64 - 1.0) + 0.35;
    lines
        .iter()
        .enumerate()
        .map(|(i, text)| {
            line(
                &layout::fit(text, width, SIZE),
                first + 1.2 * i as f64,
                SIZE,
            )
        })
        .collect()
}

/// The colour of a stressful tie's zig-zag.
const STRESSFUL_COLOUR: &str = "#a5533c";

/// One tie from the centre to a supporter, drawn as an eco-map draws it: a steady tie a
/// thin line, a strong one thick, a tenuous one dotted, a stressful one a zig-zag; a
/// paused tie (a boundary) long-dashed.
fn tie_line(status: Status, tie: Tie, from: (f64, f64), to: (f64, f64)) -> String {
    let dash = if status == Status::Paused {
        " stroke-dasharray=\"6 5\""
    } else if tie == Tie::Tenuous {
        " stroke-dasharray=\"1.5 4\" stroke-linecap=\"round\""
    } else {
        ""
    };
    let attrs = format!("class=\"tie\" data-status=\"{status}\" data-tie=\"{tie}\"");
    let (x0, y0) = from;
    let (x1, y1) = to;
    if tie == Tie::Stressful {
        return format!(
            "<path {attrs} d=\"{}\" fill=\"none\" stroke=\"{STRESSFUL_COLOUR}\" \
             stroke-width=\"1.4\" stroke-opacity=\"0.85\" stroke-linejoin=\"round\"{dash}/>",
            zigzag(from, to)
        );
    }
    let width = if tie == Tie::Strong { 3.5 } else { 1.2 };
    format!(
        "<line {attrs} x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x1:.1}\" y2=\"{y1:.1}\" \
         stroke=\"#b0b0b0\" stroke-width=\"{width}\" stroke-opacity=\"0.7\"{dash}/>"
    )
}

/// A zig-zag path from `from` to `to`: teeth every 8 px, 4 px to each side.
fn zigzag(from: (f64, f64), to: (f64, f64)) -> String {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (nx, ny) = (-dy / length * 4.0, dx / length * 4.0);
    let steps = ((length / 8.0).floor() as usize).max(2);
    let mut d = format!("M{:.1},{:.1}", from.0, from.1);
    for i in 1..steps {
        let t = i as f64 / steps as f64;
        let side = if i % 2 == 0 { -1.0 } else { 1.0 };
        let _ = write!(
            d,
            " L{:.1},{:.1}",
            from.0 + dx * t + nx * side,
            from.1 + dy * t + ny * side
        );
    }
    let _ = write!(d, " L{:.1},{:.1}", to.0, to.1);
    d
}

fn legend(map: &Layout, compare: Option<&Compare>) -> String {
    let (x, mut y) = (1455.0, 160.0);
    let mut s = format!(
        "<g id=\"legend\" font-size=\"14\" fill=\"#333333\">\n<text x=\"{x}\" y=\"{y}\" font-weight=\"bold\" font-size=\"16\">Categories</text>\n"
    );
    for sector in &map.sectors {
        y += 26.0;
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" dy=\"0.35em\">{} ({})</text>",
            x + 7.0,
            y,
            colour(sector.category),
            x + 22.0,
            y,
            sector.category,
            sector.count
        );
    }
    y += 44.0;
    let _ = writeln!(
        s,
        "<text x=\"{x}\" y=\"{y}\" font-weight=\"bold\" font-size=\"16\">Ties</text>"
    );
    for (status, tie, words) in [
        (Status::Active, Tie::Strong, "strong"),
        (Status::Active, Tie::Steady, "steady"),
        (Status::Active, Tie::Tenuous, "tenuous"),
        (Status::Active, Tie::Stressful, "stressful (not counted)"),
        (Status::Paused, Tie::Steady, "paused (a boundary)"),
    ] {
        y += 26.0;
        let _ = writeln!(
            s,
            "{}<text x=\"{}\" y=\"{y}\" dy=\"0.35em\">{words}</text>",
            tie_line(status, tie, (x, y), (x + 30.0, y)).replace("class=\"tie\" ", ""),
            x + 40.0
        );
    }
    y += 26.0;
    let _ = writeln!(
        s,
        "<circle cx=\"{}\" cy=\"{y}\" r=\"7\" fill=\"none\" stroke=\"{CRISIS_COLOUR}\" stroke-width=\"2.5\"/><text x=\"{}\" y=\"{y}\" dy=\"0.35em\">crisis contact</text>",
        x + 15.0,
        x + 40.0
    );
    y += 26.0;
    let _ = writeln!(
        s,
        "<rect x=\"{x}\" y=\"{}\" width=\"30\" height=\"16\" fill=\"url(#nobody)\"/><text x=\"{}\" y=\"{y}\" dy=\"0.35em\">nobody yet</text>",
        y - 8.0,
        x + 40.0
    );
    y += 44.0;
    let _ = writeln!(
        s,
        "<text x=\"{x}\" y=\"{y}\" font-weight=\"bold\" font-size=\"16\">Rings</text>\n<text x=\"{x}\" y=\"{}\">inner, middle, outer:</text>\n<text x=\"{x}\" y=\"{}\">closest at the centre</text>",
        y + 24.0,
        y + 44.0
    );
    if let Some(compare) = compare {
        s.push_str(&then_and_now(compare, x, y + 88.0));
    }
    s.push_str("</g>\n");
    s
}

/// The legend's part for a compared map: the marks for new and moved, and who is no
/// longer on the map (the first dozen by name, then how many more).
fn then_and_now(compare: &Compare, x: f64, mut y: f64) -> String {
    let day = compare.since.map(local_day);
    let mut s = format!(
        "<g id=\"then-and-now\">\n<text x=\"{x}\" y=\"{y}\" font-weight=\"bold\" font-size=\"16\">Since {}</text>\n",
        day.map(|d| d.to_string()).unwrap_or_default()
    );
    y += 26.0;
    let _ = writeln!(
        s,
        "<circle cx=\"{}\" cy=\"{y}\" r=\"9\" fill=\"none\" stroke=\"{NEW_COLOUR}\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/><text x=\"{}\" y=\"{y}\" dy=\"0.35em\">new ({})</text>",
        x + 15.0,
        x + 40.0,
        compare.new.len()
    );
    y += 26.0;
    let _ = writeln!(
        s,
        "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#455A64\" stroke-width=\"1.6\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"/><text x=\"{}\" y=\"{y}\" dy=\"0.35em\">moved circle ({})</text>",
        x + 30.0,
        x + 40.0,
        compare.moved.len()
    );
    y += 30.0;
    if compare.left.is_empty() {
        let _ = writeln!(s, "<text x=\"{x}\" y=\"{y}\">Nobody left the map.</text>");
    } else {
        let _ = writeln!(s, "<text x=\"{x}\" y=\"{y}\">No longer on the map:</text>");
        const SHOWN: usize = 12;
        for (name, why) in compare.left.iter().take(SHOWN) {
            y += 20.0;
            let _ = writeln!(
                s,
                "<text class=\"left\" x=\"{}\" y=\"{y}\">{} ({why})</text>",
                x + 10.0,
                escape_xml(&layout::fit(name, 200.0, 14.0))
            );
        }
        if compare.left.len() > SHOWN {
            y += 20.0;
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{y}\">and {} more</text>",
                x + 10.0,
                compare.left.len() - SHOWN
            );
        }
    }
    s.push_str("</g>\n");
    s
}

// ---------------------------------------------------------------- DOT and Mermaid

fn dot_string(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

/// Graphviz DOT with the picture's styling as attributes: a cluster per category (empty
/// ones dashed, with a "nobody yet" note), ties from "me" dashed while paused, crisis
/// contacts with a red double outline.
pub fn dot(input: &MapInput<'_>) -> String {
    let mut s = format!(
        "graph supportmap {{\n  graph [label={}, labelloc=t, fontname=\"Helvetica\", overlap=false];\n  \
         node [fontname=\"Helvetica\", style=filled, shape=ellipse];\n  \
         me [label={}, shape=doublecircle, fillcolor=\"#37474F\", fontcolor=\"white\"];\n",
        dot_string(&format!("Support map of {}, {}", input.me, input.date())),
        dot_string(input.me)
    );
    for category in Category::ALL {
        let members: Vec<&Supporter> = input
            .drawn()
            .filter(|s| s.profile.category == *category)
            .collect();
        let title = if members.is_empty() {
            format!("{category} ({})", input.empty_words(*category))
        } else {
            category.to_string()
        };
        let _ = writeln!(
            s,
            "  subgraph cluster_{category} {{\n    label={}; color={}; fontcolor={};{}",
            dot_string(&title),
            dot_string(colour(*category)),
            dot_string(colour(*category)),
            if members.is_empty() {
                " style=dashed;"
            } else {
                ""
            }
        );
        if members.is_empty() {
            let _ = writeln!(
                s,
                "    nobody_{category} [label=\"{}\", shape=plaintext, style=\"\", fontcolor=\"#888888\"];",
                input.empty_words(*category)
            );
        }
        for sup in members {
            let p = &sup.profile;
            let mut attrs = format!(
                "label={}, fillcolor={}, tooltip={}",
                dot_string(&p.name),
                dot_string(colour(p.category)),
                dot_string(&format!("{}, {} circle", p.category, p.circle))
            );
            if p.is_crisis() {
                attrs.push_str(&format!(
                    ", peripheries=2, color={}, penwidth=2",
                    dot_string(CRISIS_COLOUR)
                ));
            }
            if p.status == Status::Paused {
                attrs.push_str(", style=\"filled,dashed\", fontcolor=\"#555555\"");
            }
            let _ = writeln!(s, "    s{} [{attrs}];", sup.id);
        }
        s.push_str("  }\n");
    }
    for sup in input.drawn() {
        let p = &sup.profile;
        let len = match p.circle {
            Circle::Inner => 1.0,
            Circle::Middle => 2.0,
            Circle::Outer => 3.0,
        };
        let style = if p.status == Status::Paused {
            "dashed"
        } else if p.tie == Tie::Tenuous {
            "dotted"
        } else {
            "solid"
        };
        // A stressful tie is hatched: three parallel lines in a warm red-brown.
        let (color, width) = match p.tie {
            Tie::Strong => ("#9e9e9e".to_string(), 3.0),
            Tie::Stressful => (format!("{STRESSFUL_COLOUR}:invis:{STRESSFUL_COLOUR}"), 1.0),
            _ => ("#9e9e9e".to_string(), 1.0),
        };
        let _ = writeln!(
            s,
            "  me -- s{} [style={style}, len={len}, color=\"{color}\", penwidth={width}];",
            sup.id
        );
    }
    s.push_str("}\n");
    s
}

/// A quoted Mermaid label that shows exactly what was typed: every character Mermaid
/// would read as markup (an entity code such as `#lt;`, a backtick that starts a
/// Markdown string, HTML) is written as a numeric entity code, which Mermaid shows as
/// that one character.
fn mermaid_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '#' | '&' | '<' | '>' | '`' | '\\' | '*' | '_' | '~' | '|' | '[' | ']' | '{'
            | '}' | '(' | ')' => out.push_str(&format!("#{};", u32::from(c))),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Mermaid flowchart: a subgraph per category (an empty one holds a "nobody yet" note),
/// ties from "me" (dotted while paused), classes for colour and crisis contacts.
pub fn mermaid(input: &MapInput<'_>) -> String {
    let mut s = format!("flowchart LR\n  me(({}))\n", mermaid_string(input.me));
    for category in Category::ALL {
        let members: Vec<&Supporter> = input
            .drawn()
            .filter(|s| s.profile.category == *category)
            .collect();
        let _ = writeln!(
            s,
            "  subgraph {category}[{}]",
            mermaid_string(category.as_str())
        );
        if members.is_empty() {
            let _ = writeln!(
                s,
                "    nobody_{category}[\"{}\"]:::nobody",
                input.empty_words(*category)
            );
        }
        for sup in &members {
            let _ = writeln!(
                s,
                "    s{}[{}]:::{}",
                sup.id,
                mermaid_string(&sup.profile.name),
                category
            );
        }
        s.push_str("  end\n");
    }
    let mut stressful = Vec::new();
    for (i, sup) in input.drawn().enumerate() {
        let link = match (sup.profile.status, sup.profile.tie) {
            (Status::Paused, _) => "-.-",
            (_, Tie::Strong) => "===",
            (_, Tie::Tenuous) => "-.-",
            (_, Tie::Stressful) => "-- stressful ---",
            _ => "---",
        };
        if sup.profile.tie == Tie::Stressful {
            stressful.push(i.to_string());
        }
        let _ = writeln!(s, "  me {link} s{}", sup.id);
    }
    if !stressful.is_empty() {
        let _ = writeln!(
            s,
            "  linkStyle {} stroke:{STRESSFUL_COLOUR},stroke-width:2px",
            stressful.join(",")
        );
    }
    for category in Category::ALL {
        let _ = writeln!(
            s,
            "  classDef {category} fill:{},color:{}",
            colour(*category),
            ink_on(colour(*category))
        );
    }
    s.push_str(
        "  classDef nobody fill:#ffffff,stroke:#aaaaaa,stroke-dasharray:4 3,color:#595959\n",
    );
    let crisis: Vec<String> = input
        .drawn()
        .filter(|s| s.profile.is_crisis())
        .map(|s| format!("s{}", s.id))
        .collect();
    if !crisis.is_empty() {
        let _ = writeln!(
            s,
            "  classDef crisis stroke:{CRISIS_COLOUR},stroke-width:3px"
        );
        let _ = writeln!(s, "  class {} crisis", crisis.join(","));
    }
    let paused: Vec<String> = input
        .drawn()
        .filter(|s| s.profile.status == Status::Paused)
        .map(|s| format!("s{}", s.id))
        .collect();
    if !paused.is_empty() {
        // Dashed, not faded: fading would take the name's contrast below what reads.
        s.push_str("  classDef paused stroke-dasharray:5 4\n");
        let _ = writeln!(s, "  class {} paused", paused.join(","));
    }
    s
}

// ---------------------------------------------------------------- JSON

#[derive(Debug, Serialize)]
pub struct MapJson<'a> {
    pub me: &'a str,
    pub date: NaiveDate,
    pub width: f64,
    pub height: f64,
    pub center: [f64; 2],
    pub rings: Vec<RingJson>,
    pub sectors: Vec<SectorJson>,
    pub nodes: Vec<NodeJson<'a>>,
    pub edges: Vec<EdgeJson>,
    /// With `--compare`: the moment compared with, and who is no longer on the map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared_with: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<Vec<LeftJson<'a>>>,
}

/// Someone on the map then and not now.
#[derive(Debug, Serialize)]
pub struct LeftJson<'a> {
    pub name: &'a str,
    /// "archived", "kept away" or "removed".
    pub why: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RingJson {
    pub circle: Circle,
    pub inner_radius: f64,
    pub outer_radius: f64,
}

#[derive(Debug, Serialize)]
pub struct SectorJson {
    pub category: Category,
    pub color: &'static str,
    pub start_angle: f64,
    pub end_angle: f64,
    pub count: usize,
    pub empty: bool,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct NodeJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub label: String,
    pub role: Option<&'a str>,
    pub category: Category,
    pub color: &'static str,
    pub circle: Circle,
    pub status: Status,
    pub tie: Tie,
    pub crisis: bool,
    pub crisis_order: Option<u32>,
    pub gives: Vec<Function>,
    pub last_contact: Option<DateTime<Utc>>,
    pub x: f64,
    pub y: f64,
    pub angle: f64,
    pub font_size: f64,
    /// With `--compare`: "new" or "moved" since then, else null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<Circle>,
}

#[derive(Debug, Serialize)]
pub struct EdgeJson {
    pub from: &'static str,
    pub to: i64,
    /// "solid" for an active tie, "dashed" for a paused one.
    pub style: &'static str,
    /// strong, steady, tenuous or stressful.
    pub tie: Tie,
}

pub fn json<'a>(input: &'a MapInput<'a>) -> MapJson<'a> {
    let map = input.layout();
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let rings = Circle::ALL
        .iter()
        .zip([ME_RADIUS, RING_RADII[0], RING_RADII[1]])
        .zip(RING_RADII)
        .map(|((circle, inner), outer)| RingJson {
            circle: *circle,
            inner_radius: inner,
            outer_radius: outer,
        })
        .collect();
    MapJson {
        me: input.me,
        date: input.date(),
        width: WIDTH,
        height: HEIGHT,
        center: [CENTER.0, CENTER.1],
        rings,
        sectors: map
            .sectors
            .iter()
            .map(|s| SectorJson {
                category: s.category,
                color: colour(s.category),
                start_angle: (s.start.to_degrees() * 100.0).round() / 100.0,
                end_angle: (s.end.to_degrees() * 100.0).round() / 100.0,
                count: s.count,
                empty: s.count == 0,
                label: if s.count == 0 {
                    format!("{} · {}", s.label, input.empty_words(s.category))
                } else {
                    s.label.clone()
                },
            })
            .collect(),
        nodes: map
            .nodes
            .iter()
            .map(|n| {
                let sup = &input.supporters[n.index];
                let p = &sup.profile;
                NodeJson {
                    id: sup.id,
                    name: &p.name,
                    label: n.label.clone(),
                    role: p.role.as_deref(),
                    category: p.category,
                    color: colour(p.category),
                    circle: p.circle,
                    status: p.status,
                    tie: p.tie,
                    crisis: p.is_crisis(),
                    crisis_order: p.crisis_order,
                    gives: p.gives.iter().copied().collect(),
                    last_contact: input.last.get(&sup.id).copied(),
                    x: round(n.at.x),
                    y: round(n.at.y),
                    angle: (n.angle.to_degrees() * 100.0).round() / 100.0,
                    font_size: n.font,
                    since: input.compare.and_then(|c| {
                        if c.new.contains(&sup.id) {
                            Some("new")
                        } else if c.moved.contains_key(&sup.id) {
                            Some("moved")
                        } else {
                            None
                        }
                    }),
                    moved_from: input.compare.and_then(|c| c.moved.get(&sup.id).copied()),
                }
            })
            .collect(),
        edges: input
            .drawn()
            .map(|s| EdgeJson {
                from: "me",
                to: s.id,
                style: if s.profile.status == Status::Paused {
                    "dashed"
                } else {
                    "solid"
                },
                tie: s.profile.tie,
            })
            .collect(),
        compared_with: input.compare.and_then(|c| c.since),
        left: input.compare.map(|c| {
            c.left
                .iter()
                .map(|(name, why)| LeftJson { name, why })
                .collect()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
        assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
    }

    /// Every class Mermaid draws a name in keeps WCAG AA contrast (4.5:1) between the
    /// words and their fill, and each category's words on white do too.
    #[test]
    fn mermaid_and_label_colours_keep_text_contrast() {
        let last = HashMap::new();
        let input = MapInput {
            supporters: &[],
            last: &last,
            now: Utc::now(),
            me: "me",
            set_aside: &[],
            compare: None,
        };
        let m = mermaid(&input);
        let mut checked = 0;
        for line in m.lines().filter(|l| l.trim_start().starts_with("classDef")) {
            let style = |key: &str| {
                line.split([' ', ','])
                    .find_map(|part| part.strip_prefix(key))
                    .map(str::to_string)
            };
            let (Some(fill), Some(ink)) = (style("fill:"), style("color:")) else {
                continue;
            };
            assert!(
                contrast(&fill, &ink) >= 4.5,
                "{line}: {:.2}",
                contrast(&fill, &ink)
            );
            checked += 1;
        }
        assert_eq!(checked, Category::ALL.len() + 1, "{m}");
        for category in Category::ALL {
            assert!(
                contrast(text_colour(*category), "#ffffff") >= 4.5,
                "{category}"
            );
        }
    }
}
