//! Who goes where on the eco-map: a pure function from supporters to positions, used by
//! the SVG writer and checked on its own. Concentric rings are the circles (inner,
//! middle, outer); each category has an angular sector, wider for busier categories, and
//! an empty category keeps a visible, labelled sector. Each node sits in the middle of
//! its ring's band (a crowded cell splits into rows across the band). Labels are written
//! level, beside the node where there is room: outward first, then below or above, then
//! inward; a label is made smaller, and only then shortened, when no place near its node
//! is free.

use std::collections::HashMap;
use std::f64::consts::{FRAC_PI_2, TAU};

use super::supporter::Supporter;
use super::text;
use super::vocabulary::{Category, Circle, Status};

/// The drawing's size and the rings' radii, in SVG user units.
pub const WIDTH: f64 = 1760.0;
pub const HEIGHT: f64 = 1600.0;
pub const CENTER: (f64, f64) = (770.0, 830.0);
pub const ME_RADIUS: f64 = 50.0;
/// Outer radius of the inner, middle and outer rings.
pub const RING_RADII: [f64; 3] = [215.0, 375.0, 535.0];
/// A gap at the top, free of nodes, where the rings' names are written.
pub const GUTTER: f64 = 0.14;
/// Type sizes tried for supporter labels, largest first.
const FONT_SIZES: [f64; 7] = [16.0, 15.0, 14.0, 13.0, 12.0, 11.0, 10.0];
/// How many lines above or below a node a label may go in a very crowded cell.
const FAR_LINES: u8 = 10;
/// Most rows a crowded cell splits into within its ring.
const MAX_ROWS: usize = 6;
/// Space kept between neighbouring labels, and between a node and its label.
const GAP: f64 = 3.0;
/// A node's radius, and the smallest one a crowded cell may use.
const NODE_RADIUS: f64 = 8.0;
const SMALL_NODE_RADIUS: f64 = 5.0;
/// Labels stay left of the legend and below the title.
pub const LABEL_AREA: (f64, f64, f64, f64) = (30.0, 100.0, 1440.0, HEIGHT);
pub const SECTOR_FONT: f64 = 16.0;
pub const RING_FONT: f64 = 11.0;

/// A point on the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A rectangle turned by `angle` radians about its own frame: `along` runs in the
/// direction of the angle from `start`, `across` is centred on that line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strip {
    pub start: Point,
    pub angle: f64,
    pub along: f64,
    pub across: f64,
}

impl Strip {
    /// The four corners, for overlap tests.
    pub fn corners(&self) -> [Point; 4] {
        let (dx, dy) = (self.angle.cos(), self.angle.sin());
        let (nx, ny) = (-dy, dx);
        let h = self.across / 2.0;
        let p = |a: f64, b: f64| Point {
            x: self.start.x + dx * a + nx * b,
            y: self.start.y + dy * a + ny * b,
        };
        [p(0.0, -h), p(self.along, -h), p(self.along, h), p(0.0, h)]
    }

    /// True when the two rectangles share any area (separating axis test).
    pub fn overlaps(&self, other: &Strip) -> bool {
        let (a, b) = (self.corners(), other.corners());
        let axes = [
            self.angle,
            self.angle + FRAC_PI_2,
            other.angle,
            other.angle + FRAC_PI_2,
        ];
        axes.iter().all(|axis| {
            let (ax, ay) = (axis.cos(), axis.sin());
            let project = |pts: &[Point; 4]| {
                pts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                    let v = p.x * ax + p.y * ay;
                    (lo.min(v), hi.max(v))
                })
            };
            let (a_lo, a_hi) = project(&a);
            let (b_lo, b_hi) = project(&b);
            // Touching edges are not an overlap.
            a_hi > b_lo + 1e-6 && b_hi > a_lo + 1e-6
        })
    }
}

/// One supporter on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index into the supporters given to [`layout`].
    pub index: usize,
    pub category: Category,
    pub circle: Circle,
    pub at: Point,
    /// Direction from the centre, radians (SVG: clockwise from the +x axis).
    pub angle: f64,
    pub radius: f64,
    pub font: f64,
    /// The label as drawn: the name, shortened with "…" only when no place near the
    /// node has room for all of it.
    pub label: String,
    /// Where the label sits (level: its angle is 0), for drawing and overlap tests.
    pub label_box: Strip,
}

/// One category's slice of the circle.
#[derive(Debug, Clone, PartialEq)]
pub struct Sector {
    pub category: Category,
    pub start: f64,
    pub end: f64,
    /// Active and paused supporters in it.
    pub count: usize,
    /// The category's name, written level outside the outer ring; an empty sector's
    /// label has a second, smaller line ("nobody yet", or "set aside for now").
    pub label: String,
    pub label_box: Strip,
}

/// The whole map.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub sectors: Vec<Sector>,
    pub nodes: Vec<Node>,
    /// The rings' names, written in the top gutter.
    pub ring_labels: Vec<(Circle, Strip)>,
}

/// Estimated width of `text` in a sans-serif face at `font` size: wide characters (CJK,
/// emoji) take a full em, others a little over half. Generous, so real text fits.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 1.0 } else { 0.58 })
        .sum::<f64>()
        * font
}

/// `text` cut with "…" to fit in `width` at `font`.
pub fn fit(text: &str, width: f64, font: f64) -> String {
    if text_width(text, font) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for piece in text::clusters(text) {
        let candidate = format!("{out}{piece}…");
        if text_width(&candidate, font) > width {
            break;
        }
        out.push_str(piece);
    }
    format!("{}…", out.trim_end())
}

fn polar(radius: f64, angle: f64) -> Point {
    Point {
        x: CENTER.0 + radius * angle.cos(),
        y: CENTER.1 + radius * angle.sin(),
    }
}

/// The inner and outer radius of a circle's ring.
pub fn band(circle: Circle) -> (f64, f64) {
    match circle {
        Circle::Inner => (ME_RADIUS, RING_RADII[0]),
        Circle::Middle => (RING_RADII[0], RING_RADII[1]),
        Circle::Outer => (RING_RADII[1], RING_RADII[2]),
    }
}

/// Places every active and paused supporter (archived ones are not drawn).
pub fn layout(supporters: &[Supporter]) -> Layout {
    layout_marked(supporters, &HashMap::new())
}

/// Where a moved supporter's arrow starts: the middle of the ring they were in, on the
/// line from the centre to their node.
pub fn moved_from(node: &Node, was: Circle) -> Point {
    let (inner, outer) = band(was);
    polar((inner + outer) / 2.0, node.angle)
}

/// [`layout`] for a map that marks who moved circle (`moved`: supporter id to the
/// circle they were in): their arrows and the marks where they were are kept clear of
/// labels too.
pub fn layout_marked(supporters: &[Supporter], moved: &HashMap<i64, Circle>) -> Layout {
    let drawn: Vec<usize> = (0..supporters.len())
        .filter(|&i| {
            !matches!(
                supporters[i].profile.status,
                Status::Archived | Status::Avoid
            )
        })
        .collect();
    let count = |c: Category| {
        drawn
            .iter()
            .filter(|&&i| supporters[i].profile.category == c)
            .count()
    };
    // Sector widths: every category gets a base share, busier ones more.
    let weights: Vec<f64> = Category::ALL
        .iter()
        .map(|c| 2.0 + count(*c) as f64)
        .collect();
    let total: f64 = weights.iter().sum();
    let usable = TAU - GUTTER;
    let mut start = -FRAC_PI_2 + GUTTER / 2.0;
    let mut sectors = Vec::new();
    let mut nodes = Vec::new();
    for (category, weight) in Category::ALL.iter().zip(&weights) {
        let span = usable * weight / total;
        let end = start + span;
        let n = count(*category);
        let label = category.to_string();
        let mid = start + span / 2.0;
        sectors.push(Sector {
            category: *category,
            start,
            end,
            count: n,
            label_box: sector_label_box(&label, n == 0, mid, &sectors),
            label,
        });
        let cells: Vec<(Circle, Vec<usize>)> = Circle::ALL
            .iter()
            .map(|circle| {
                let mut members: Vec<usize> = drawn
                    .iter()
                    .copied()
                    .filter(|&i| {
                        supporters[i].profile.category == *category
                            && supporters[i].profile.circle == *circle
                    })
                    .collect();
                members.sort_by_key(|&i| supporters[i].profile.name_key());
                (*circle, members)
            })
            .collect();
        place_sector(&cells, *category, start, end, &mut nodes);
        start = end;
    }
    let ring_labels: Vec<(Circle, Strip)> = Circle::ALL
        .iter()
        .map(|circle| {
            let (inner, outer) = band(*circle);
            let text = format!("{circle}");
            let length = text_width(&text, RING_FONT);
            let middle = (inner + outer) / 2.0;
            (
                *circle,
                Strip {
                    start: polar(middle - length / 2.0, -FRAC_PI_2),
                    angle: -FRAC_PI_2,
                    along: length,
                    across: RING_FONT,
                },
            )
        })
        .collect();
    let mut fixed: Vec<Strip> = nodes.iter().map(node_box).collect();
    fixed.push(centre_box());
    for node in &nodes {
        if let Some(was) = moved.get(&supporters[node.index].id) {
            let from = moved_from(node, *was);
            let (dx, dy) = (node.at.x - from.x, node.at.y - from.y);
            fixed.push(Strip {
                start: from,
                angle: dy.atan2(dx),
                along: dx.hypot(dy),
                across: 8.0,
            });
            fixed.push(Strip {
                start: Point {
                    x: from.x - node.radius,
                    y: from.y,
                },
                angle: 0.0,
                along: 2.0 * node.radius,
                across: 2.0 * node.radius,
            });
        }
    }
    fixed.extend(sectors.iter().map(|s| s.label_box));
    fixed.extend(ring_labels.iter().map(|(_, strip)| *strip));
    place_labels(supporters, &mut nodes, fixed);
    Layout {
        sectors,
        nodes,
        ring_labels,
    }
}

/// The second line of an empty sector's label at its longest, and its type size.
pub const EMPTY_WORDS: &str = "set aside for now";
pub const EMPTY_FONT: f64 = 12.0;

/// Where a sector's label goes: level, just outside the outer ring at the middle of the
/// sector, reaching away from the circle (to the right on the right, to the left on the
/// left, centred at the top and bottom).
/// Narrow sectors side by side would write their labels over each other: a label that
/// meets one already placed moves out, a line at a time.
fn sector_label_box(label: &str, empty: bool, mid: f64, placed: &[Sector]) -> Strip {
    let width = if empty {
        text_width(label, SECTOR_FONT).max(text_width(EMPTY_WORDS, EMPTY_FONT))
    } else {
        text_width(label, SECTOR_FONT)
    };
    let height = if empty {
        SECTOR_FONT + EMPTY_FONT + GAP
    } else {
        SECTOR_FONT
    };
    let (cos, sin) = (mid.cos(), mid.sin());
    let at = |out: f64| {
        let anchor = polar(RING_RADII[2] + 8.0 + out, mid);
        let left = if cos > 0.35 {
            anchor.x
        } else if cos < -0.35 {
            anchor.x - width
        } else {
            anchor.x - width / 2.0
        };
        Strip {
            start: Point {
                x: left,
                y: anchor.y + sin * height / 2.0,
            },
            angle: 0.0,
            along: width,
            across: height,
        }
    };
    (0..8)
        .map(|step| at(f64::from(step) * (SECTOR_FONT + GAP)))
        .find(|strip| !placed.iter().any(|p| p.label_box.overlaps(strip)))
        .unwrap_or_else(|| at(0.0))
}

/// Places a sector's nodes. Each node has an angle of its own across the sector (each
/// ring spread evenly over it), so no two nodes line up along a radius and every tie from the centre passes between the nodes in front of it. Within
/// its ring a node sits in the middle of the band; a crowded ring splits into rows
/// across the band, neighbours alternating between rows.
fn place_sector(
    cells: &[(Circle, Vec<usize>)],
    category: Category,
    start: f64,
    end: f64,
    nodes: &mut Vec<Node>,
) {
    let total: usize = cells.iter().map(|(_, m)| m.len()).sum();
    if total == 0 {
        return;
    }
    let pad = ((end - start) * 0.08).min(0.05);
    let (from, span) = (start + pad, (end - start) - 2.0 * pad);
    // The order across the sector: each ring spread evenly over it, the rings taking
    // turns where they meet.
    let mut order: Vec<(f64, usize, Circle, usize, usize)> = Vec::with_capacity(total);
    for (ring, (circle, members)) in cells.iter().enumerate() {
        for (k, &index) in members.iter().enumerate() {
            let at = (k as f64 + 0.5) / members.len() as f64;
            order.push((at, ring, *circle, k, index));
        }
    }
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let layouts: Vec<(Circle, usize, f64)> = cells
        .iter()
        .map(|(circle, members)| {
            let (rows, node_r) = rows_for(*circle, members.len(), total, span);
            (*circle, rows, node_r)
        })
        .collect();
    for (slot, (_, _, circle, k, index)) in order.into_iter().enumerate() {
        let (_, rows, node_r) = layouts
            .iter()
            .copied()
            .find(|(c, _, _)| *c == circle)
            .unwrap_or((circle, 1, NODE_RADIUS));
        let (inner, outer) = band(circle);
        let r = inner + (outer - inner) * ((k % rows) as f64 + 0.5) / rows as f64;
        let angle = from + span * (slot as f64 + 0.5) / total as f64;
        let at = polar(r, angle);
        nodes.push(Node {
            index,
            category,
            circle,
            at,
            angle,
            radius: node_r,
            font: FONT_SIZES[0],
            label: String::new(),
            label_box: Strip {
                start: at,
                angle: 0.0,
                along: 0.0,
                across: 0.0,
            },
        });
    }
}

/// How many rows a ring takes in a sector `span` radians wide holding `total` nodes in
/// all, and how large each node is: the fewest rows (and the larger node) that leave
/// room for a label between neighbours in a row and between rows. The ring's `n` nodes
/// are spread over the sector's `total` slots, and neighbours in a row are `rows` apart.
fn rows_for(circle: Circle, n: usize, total: usize, span: f64) -> (usize, f64) {
    let (inner, outer) = band(circle);
    let thickness = outer - inner;
    // Neighbours in this ring are at least this many of the sector's slots apart.
    let apart = (total / n.max(1)).max(1) as f64;
    let fits = |rows: usize, node_r: f64| {
        let room = 2.0 * node_r + FONT_SIZES[0] + 2.0 * GAP;
        let first = inner + thickness * 0.5 / rows as f64;
        let slot = span / total.max(1) as f64;
        rows <= n.max(1)
            && first * slot * apart * rows as f64 >= room
            && thickness / rows as f64 >= room
    };
    (1..=MAX_ROWS)
        .map(|rows| (rows, NODE_RADIUS))
        .chain((1..=MAX_ROWS).map(|rows| (rows, SMALL_NODE_RADIUS)))
        .find(|&(rows, r)| fits(rows, r))
        .unwrap_or((MAX_ROWS, SMALL_NODE_RADIUS))
}

/// The places tried for a label `width` wide at `font` beside `node`, best first: on
/// the side away from the centre, then the outward corners, below, above, the inward
/// corners, and the side towards the centre; then, for a crowded cell, a line or two
/// further up or down. Each is level, given by its left middle.
pub fn label_places(node: &Node, width: f64, font: f64) -> Vec<Strip> {
    places(node, width, font, 3)
}

/// [`label_places`], reaching up to `lines` lines above and below the node.
fn places(node: &Node, width: f64, font: f64, lines: u8) -> Vec<Strip> {
    // A little room beyond the node, for the ring that marks someone new.
    let (x, y, r) = (node.at.x, node.at.y, node.radius + GAP);
    let outward = if x >= CENTER.0 { 1.0 } else { -1.0 };
    let diagonal = r * 0.7 + GAP;
    let beside = |side: f64, dy: f64, near: f64| {
        let left = if side > 0.0 {
            x + near
        } else {
            x - near - width
        };
        Point { x: left, y: y + dy }
    };
    let level = |start: Point| Strip {
        start,
        angle: 0.0,
        along: width,
        across: font,
    };
    let centred = |dy: f64| Point {
        x: x - width / 2.0,
        y: y + dy,
    };
    let corner = r * 0.7 + font / 2.0;
    [
        beside(outward, 0.0, r + GAP),
        beside(outward, corner, diagonal),
        beside(outward, -corner, diagonal),
        centred(r + GAP + font / 2.0),
        centred(-(r + GAP + font / 2.0)),
        beside(-outward, corner, diagonal),
        beside(-outward, -corner, diagonal),
        beside(-outward, 0.0, r + GAP),
    ]
    .into_iter()
    // Where a cell is crowded: a line or two further up or down, still beside the node.
    .chain(
        (1..=lines)
            .flat_map(|n| [f64::from(n), -f64::from(n)])
            .flat_map(|step: f64| {
                let dy = step * (font + GAP) + step.signum() * r * 0.7;
                [
                    beside(outward, dy, diagonal),
                    beside(-outward, dy, diagonal),
                ]
            }),
    )
    .map(level)
    .collect()
}

/// True when `strip` lies inside the area labels may use.
fn on_canvas(strip: &Strip) -> bool {
    let (left, top, right, bottom) = LABEL_AREA;
    strip
        .corners()
        .iter()
        .all(|p| p.x >= left && p.x <= right && p.y >= top && p.y <= bottom)
}

/// The first free place for `text` at `font` beside `node`, if any.
fn free_place(node: &Node, text: &str, font: f64, taken: &[Strip]) -> Option<Strip> {
    label_places(node, text_width(text, font), font)
        .into_iter()
        .find(|place| on_canvas(place) && !taken.iter().any(|t| t.overlaps(place)))
}

/// Labels every node, innermost ring first (where room is scarcest), each at the first
/// free place: the whole name at the largest type that fits, then at smaller type, and
/// only then shortened. `taken` starts with everything already drawn.
fn place_labels(supporters: &[Supporter], nodes: &mut [Node], mut taken: Vec<Strip>) {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let ring = |n: &Node| Circle::ALL.iter().position(|c| *c == n.circle);
        let (na, nb) = (&nodes[a], &nodes[b]);
        ring(na).cmp(&ring(nb)).then(na.angle.total_cmp(&nb.angle))
    });
    let smallest = FONT_SIZES[FONT_SIZES.len() - 1];
    for k in order {
        let node = &nodes[k];
        let name = &supporters[node.index].profile.name;
        let whole = FONT_SIZES.iter().find_map(|&font| {
            free_place(node, name, font, &taken).map(|p| (name.clone(), font, p))
        });
        let chosen = whole.or_else(|| {
            // Shortened: the longest cut that has a free place.
            let pieces = text::clusters(name);
            (1..pieces.len()).rev().find_map(|keep| {
                let cut: String = pieces[..keep].concat();
                let text = format!("{}…", cut.trim_end());
                free_place(node, &text, smallest, &taken).map(|p| (text, smallest, p))
            })
        });
        let (label, font, place) = chosen
            .or_else(|| {
                // A very crowded cell: a few lines further from the node, shortened.
                let pieces = text::clusters(name);
                (1..=pieces.len()).rev().find_map(|keep| {
                    let cut: String = pieces[..keep].concat();
                    let text = if keep == pieces.len() {
                        cut
                    } else {
                        format!("{}…", cut.trim_end())
                    };
                    places(node, text_width(&text, smallest), smallest, FAR_LINES)
                        .into_iter()
                        .find(|p| on_canvas(p) && !taken.iter().any(|t| t.overlaps(p)))
                        .map(|p| (text, smallest, p))
                })
            })
            .unwrap_or_else(|| {
                // Nowhere at all: "…" beside the node; its name stays in the node's title.
                let place = label_places(node, text_width("…", smallest), smallest)[0];
                ("…".to_string(), smallest, place)
            });
        let node = &mut nodes[k];
        node.label = label;
        node.font = font;
        node.label_box = place;
        taken.push(place);
    }
}

/// The disc at the centre (the user's name), as a square, for overlap tests.
pub fn centre_box() -> Strip {
    Strip {
        start: Point {
            x: CENTER.0 - ME_RADIUS,
            y: CENTER.1,
        },
        angle: 0.0,
        along: 2.0 * ME_RADIUS,
        across: 2.0 * ME_RADIUS,
    }
}

/// The node as a square, for overlap tests.
pub fn node_box(node: &Node) -> Strip {
    Strip {
        start: Point {
            x: node.at.x - node.radius * node.angle.cos(),
            y: node.at.y - node.radius * node.angle.sin(),
        },
        angle: node.angle,
        along: 2.0 * node.radius,
        across: 2.0 * node.radius,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Profile;
    use chrono::Utc;

    fn network(spec: &[(Category, Circle, usize)]) -> Vec<Supporter> {
        let mut out = Vec::new();
        for (category, circle, n) in spec {
            for i in 0..*n {
                let mut profile = Profile::new(
                    format!("{category} {circle} person {i} with a long name"),
                    *category,
                );
                profile.circle = *circle;
                out.push(Supporter {
                    id: out.len() as i64,
                    profile,
                    created_at: Utc::now(),
                    updated_at: Utc::now(),
                });
            }
        }
        out
    }

    fn check(supporters: &[Supporter]) -> Layout {
        let map = layout(supporters);
        let drawn = supporters
            .iter()
            .filter(|s| !matches!(s.profile.status, Status::Archived | Status::Avoid))
            .count();
        assert_eq!(map.nodes.len(), drawn);
        for node in &map.nodes {
            let (inner, outer) = band(node.circle);
            let (dx, dy) = (node.at.x - CENTER.0, node.at.y - CENTER.1);
            let r = (dx * dx + dy * dy).sqrt();
            assert!(
                r - node.radius >= inner && r + node.radius <= outer,
                "{node:?} not in its ring"
            );
            let sector = map
                .sectors
                .iter()
                .find(|s| s.category == node.category)
                .unwrap();
            let a = (node.angle - sector.start).rem_euclid(TAU);
            let width = sector.end - sector.start;
            assert!(a > 0.0 && a < width, "{node:?} not in its sector");
            assert!(!node.label.is_empty());
        }
        let mut boxes: Vec<(String, Strip)> = Vec::new();
        for node in &map.nodes {
            boxes.push((format!("label {}", node.label), node.label_box));
            boxes.push((format!("node {}", node.label), node_box(node)));
        }
        for sector in &map.sectors {
            boxes.push((format!("sector {}", sector.label), sector.label_box));
        }
        for (circle, strip) in &map.ring_labels {
            boxes.push((format!("ring {circle}"), *strip));
        }
        // Everything stays on the canvas, clear of the title and the legend.
        for (name, strip) in &boxes {
            assert!(on_canvas(strip), "{name} leaves the canvas at {strip:?}");
        }
        for (i, (a_name, a)) in boxes.iter().enumerate() {
            for (b_name, b) in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "{a_name} overlaps {b_name}");
            }
        }
        // A tie from the centre to a node never runs under another node (where a ring
        // is so crowded that it splits into rows, ties may pass close to the inner rows).
        let single_row = |n: &Node| {
            let (inner, outer) = band(n.circle);
            ((n.at.x - CENTER.0).hypot(n.at.y - CENTER.1) - (inner + outer) / 2.0).abs() < 0.01
        };
        for node in &map.nodes {
            for other in map
                .nodes
                .iter()
                .filter(|o| o.index != node.index && single_row(o))
            {
                let (ax, ay) = (CENTER.0, CENTER.1);
                let (bx, by) = (node.at.x - ax, node.at.y - ay);
                let t = (((other.at.x - ax) * bx + (other.at.y - ay) * by) / (bx * bx + by * by))
                    .clamp(0.0, 1.0);
                let (px, py) = (ax + bx * t - other.at.x, ay + by * t - other.at.y);
                assert!(
                    px.hypot(py) > other.radius,
                    "the tie to {} runs under {}",
                    node.label,
                    other.label
                );
            }
        }
        // A label is shortened only when no place beside its node has room for the whole
        // name at any size: every such place leaves the canvas or meets something drawn.
        let mut drawn: Vec<Strip> = boxes.iter().map(|(_, strip)| *strip).collect();
        drawn.push(centre_box());
        for node in &map.nodes {
            let name = &supporters[node.index].profile.name;
            if node.label == *name {
                continue;
            }
            for font in FONT_SIZES {
                for place in label_places(node, text_width(name, font), font) {
                    let free = on_canvas(&place)
                        && !drawn
                            .iter()
                            .any(|d| *d != node.label_box && d.overlaps(&place));
                    assert!(
                        !free,
                        "{name} was shortened to {} though {place:?} had room",
                        node.label
                    );
                }
            }
        }
        map
    }

    #[test]
    fn one_supporter() {
        let map = check(&network(&[(Category::Friend, Circle::Inner, 1)]));
        assert_eq!(map.sectors.len(), 7);
        assert_eq!(
            map.sectors.iter().filter(|s| s.count == 0).count(),
            6,
            "empty categories keep a sector"
        );
        assert!(
            map.sectors
                .iter()
                .any(|s| s.label == "spiritual" && s.count == 0)
        );
    }

    #[test]
    fn seven_one_in_each_category() {
        let spec: Vec<(Category, Circle, usize)> = Category::ALL
            .iter()
            .zip(Circle::ALL.iter().cycle())
            .map(|(c, r)| (*c, *r, 1))
            .collect();
        check(&network(&spec));
    }

    #[test]
    fn twelve_like_the_demo() {
        check(&network(&[
            (Category::Family, Circle::Inner, 1),
            (Category::Family, Circle::Middle, 1),
            (Category::Friend, Circle::Inner, 1),
            (Category::Friend, Circle::Middle, 1),
            (Category::Peer, Circle::Middle, 2),
            (Category::Peer, Circle::Outer, 1),
            (Category::Sponsor, Circle::Inner, 1),
            (Category::Professional, Circle::Middle, 1),
            (Category::Professional, Circle::Outer, 2),
            (Category::Community, Circle::Outer, 1),
        ]));
    }

    #[test]
    fn sixty_skewed_thirty_friends_one_professional() {
        let map = check(&network(&[
            (Category::Friend, Circle::Inner, 10),
            (Category::Friend, Circle::Middle, 10),
            (Category::Friend, Circle::Outer, 10),
            (Category::Family, Circle::Inner, 6),
            (Category::Peer, Circle::Middle, 8),
            (Category::Community, Circle::Outer, 5),
            (Category::Professional, Circle::Middle, 1),
        ]));
        // Even names of nearly forty characters stay readable on a 60-person map.
        let cut: Vec<&str> = map
            .nodes
            .iter()
            .filter(|n| n.label.chars().count() < 20)
            .map(|n| n.label.as_str())
            .collect();
        assert!(cut.is_empty(), "shortened: {cut:?}");
        let friend = map
            .sectors
            .iter()
            .find(|s| s.category == Category::Friend)
            .unwrap();
        let pro = map
            .sectors
            .iter()
            .find(|s| s.category == Category::Professional)
            .unwrap();
        assert!(friend.end - friend.start > 4.0 * (pro.end - pro.start));
    }

    #[test]
    fn sixty_people_with_everyday_names_are_all_written_whole() {
        let mut supporters = network(&[
            (Category::Friend, Circle::Inner, 8),
            (Category::Family, Circle::Inner, 7),
            (Category::Friend, Circle::Middle, 12),
            (Category::Peer, Circle::Middle, 10),
            (Category::Friend, Circle::Outer, 10),
            (Category::Community, Circle::Outer, 8),
            (Category::Professional, Circle::Outer, 5),
        ]);
        for (i, s) in supporters.iter_mut().enumerate() {
            s.profile.name = format!("Person {}", i + 1);
        }
        let map = check(&supporters);
        for node in &map.nodes {
            assert_eq!(node.label, supporters[node.index].profile.name);
        }
    }

    #[test]
    fn sixty_in_one_cell_split_into_rows() {
        let map = check(&network(&[(Category::Peer, Circle::Inner, 60)]));
        let mut radii: Vec<i64> = map
            .nodes
            .iter()
            .map(|n| ((n.at.x - CENTER.0).hypot(n.at.y - CENTER.1)).round() as i64)
            .collect();
        radii.sort_unstable();
        radii.dedup();
        assert!(radii.len() > 1, "one row for sixty: {radii:?}");
    }

    /// Names as people type them: short, long, with initials, in wide characters.
    const NAMES: [&str; 14] = [
        "AB WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
        "Ac Wordy Wordy Wordy Wordy Wordy Wordy Wordy Wordy Wordy Wordy Wordy Wordy Wordy Wordy",
        "Jo",
        "Sam",
        "Grandma Rose",
        "Tuesday SMART Recovery",
        "Dr Amara Okafor-Whitfield of the Riverside Clinic",
        "陳大文",
        "Ngozi Adébáyọ̀",
        "988 Lifeline",
        "Sunrise Meditation Circle",
        "Priya",
        "Father Michael at St Anne's",
        "🌻 Allotment group",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(120))]

        /// Maps of 1 to 60 supporters, skewed towards a few categories and circles, with
        /// long and wide-character names: nothing overlaps, everything stays on the
        /// canvas, and no label is shortened while its node has room beside it.
        #[test]
        fn generated_maps_keep_every_label_clear(
            people in proptest::collection::vec((0usize..14, 0usize..100, 0usize..10, 0usize..12), 1..=60),
            skew in 0usize..7,
        ) {
            let mut out = Vec::new();
            for (i, (name, category, circle, _)) in people.iter().enumerate() {
                // Half of everyone in one category, the rest spread.
                let category = if *category < 50 { skew } else { category % 7 };
                let circle = match circle { 0..=2 => Circle::Inner, 3..=6 => Circle::Middle, _ => Circle::Outer };
                let mut profile = Profile::new(format!("{} {i}", NAMES[*name]), Category::ALL[category]);
                profile.circle = circle;
                out.push(Supporter {
                    id: i as i64,
                    profile,
                    created_at: Utc::now(),
                    updated_at: Utc::now(),
                });
            }
            check(&out);
        }
    }

    #[test]
    fn nodes_sit_in_the_middle_of_their_band() {
        let map = check(&network(&[
            (Category::Family, Circle::Inner, 1),
            (Category::Peer, Circle::Middle, 2),
            (Category::Professional, Circle::Outer, 1),
        ]));
        for node in &map.nodes {
            let (inner, outer) = band(node.circle);
            let (dx, dy) = (node.at.x - CENTER.0, node.at.y - CENTER.1);
            let r = (dx * dx + dy * dy).sqrt();
            assert!((r - (inner + outer) / 2.0).abs() < 0.01, "{node:?}");
        }
    }

    #[test]
    fn a_long_name_beside_an_empty_sector_is_written_whole() {
        let mut supporters = network(&[
            (Category::Peer, Circle::Middle, 3),
            (Category::Friend, Circle::Inner, 2),
        ]);
        supporters[0].profile.name = "Tuesday SMART Recovery".to_string();
        let map = check(&supporters);
        assert!(
            map.nodes
                .iter()
                .any(|n| n.label == "Tuesday SMART Recovery")
        );
    }

    #[test]
    fn long_and_wide_names_are_shortened_to_fit() {
        assert_eq!(fit("Jo", 100.0, 12.0), "Jo");
        let cut = fit(
            "Dr Amara Okafor-Whitfield of the Riverside Clinic",
            90.0,
            12.0,
        );
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 12.0) <= 90.0);
        assert!(text_width("陳大文", 12.0) > text_width("abc", 12.0));
    }

    #[test]
    fn overlap_test_sees_rotated_rectangles() {
        let a = Strip {
            start: Point { x: 0.0, y: 0.0 },
            angle: 0.0,
            along: 10.0,
            across: 2.0,
        };
        let b = Strip {
            start: Point { x: 5.0, y: -5.0 },
            angle: FRAC_PI_2,
            along: 10.0,
            across: 2.0,
        };
        assert!(a.overlaps(&b));
        let c = Strip {
            start: Point { x: 20.0, y: -5.0 },
            angle: FRAC_PI_2,
            along: 10.0,
            across: 2.0,
        };
        assert!(!a.overlaps(&c));
    }
}
