//! Who goes where on the eco-map: a pure function from supporters to positions, used by
//! the SVG writer and checked on its own. Concentric rings are the circles (inner,
//! middle, outer); each category has an angular sector, wider for busier categories, and
//! an empty category keeps a visible, labelled sector. Labels run along the radius, away
//! from the centre, so labels in one ring never meet; crowded cells shrink the type and
//! then split into rows within the ring.

use std::f64::consts::{FRAC_PI_2, TAU};

use super::supporter::Supporter;
use super::vocabulary::{Category, Circle, Status};

/// The drawing's size and the rings' radii, in SVG user units.
pub const WIDTH: f64 = 1760.0;
pub const HEIGHT: f64 = 1600.0;
pub const CENTER: (f64, f64) = (780.0, 830.0);
pub const ME_RADIUS: f64 = 50.0;
/// Outer radius of the inner, middle and outer rings.
pub const RING_RADII: [f64; 3] = [215.0, 375.0, 535.0];
/// A gap at the top, free of nodes, where the rings' names are written.
pub const GUTTER: f64 = 0.14;
/// Type sizes tried for supporter labels, largest first.
const FONT_SIZES: [f64; 5] = [14.0, 13.0, 12.0, 11.0, 10.0];
/// Most rows a crowded cell splits into within its ring.
const MAX_ROWS: usize = 6;
/// Space kept between neighbouring labels, and between a node and its label.
const GAP: f64 = 3.0;
/// How far a node sits inside its ring's inner edge, so it is not read as sitting on the
/// ring line below.
const NODE_INSET: f64 = 10.0;
pub const SECTOR_FONT: f64 = 14.0;
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
    /// The label as drawn: the name, shortened with "…" when it would not fit.
    pub label: String,
    /// Where the label sits, for overlap tests; it starts just past the node.
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
    /// The category's label, outside the outer ring.
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
    for c in text.chars() {
        let candidate = format!("{out}{c}…");
        if text_width(&candidate, font) > width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

fn polar(radius: f64, angle: f64) -> Point {
    Point {
        x: CENTER.0 + radius * angle.cos(),
        y: CENTER.1 + radius * angle.sin(),
    }
}

fn band(circle: Circle) -> (f64, f64) {
    match circle {
        Circle::Inner => (ME_RADIUS, RING_RADII[0]),
        Circle::Middle => (RING_RADII[0], RING_RADII[1]),
        Circle::Outer => (RING_RADII[1], RING_RADII[2]),
    }
}

/// Places every active and paused supporter (archived ones are not drawn).
pub fn layout(supporters: &[Supporter]) -> Layout {
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
        let label = if n == 0 {
            format!("{category} · nobody yet")
        } else {
            category.to_string()
        };
        let mid = start + span / 2.0;
        sectors.push(Sector {
            category: *category,
            start,
            end,
            count: n,
            label_box: Strip {
                start: polar(RING_RADII[2] + 10.0, mid),
                angle: mid,
                along: text_width(&label, SECTOR_FONT),
                across: SECTOR_FONT,
            },
            label,
        });
        for circle in Circle::ALL {
            let mut members: Vec<usize> = drawn
                .iter()
                .copied()
                .filter(|&i| {
                    supporters[i].profile.category == *category
                        && supporters[i].profile.circle == *circle
                })
                .collect();
            members.sort_by_key(|&i| supporters[i].profile.name_key());
            place_cell(
                supporters, &members, *category, *circle, start, end, &mut nodes,
            );
        }
        start = end;
    }
    let ring_labels = Circle::ALL
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
    Layout {
        sectors,
        nodes,
        ring_labels,
    }
}

/// Places one cell (a category within a circle): the largest type that fits, then more
/// rows within the ring, each row's labels ending before the next row begins.
fn place_cell(
    supporters: &[Supporter],
    members: &[usize],
    category: Category,
    circle: Circle,
    start: f64,
    end: f64,
    nodes: &mut Vec<Node>,
) {
    let n = members.len();
    if n == 0 {
        return;
    }
    let (inner, outer) = band(circle);
    let pad = ((end - start) * 0.08).min(0.05);
    let (from, span) = (start + pad, (end - start) - 2.0 * pad);
    let thickness = outer - inner;
    // Try each size with 1, 2, … rows; take the first that gives every node room.
    let mut choice = None;
    'search: for font in FONT_SIZES {
        for rows in 1..=MAX_ROWS {
            let per_row = n.div_ceil(rows);
            let node_r = (font / 2.0).max(4.0);
            let fits = (0..rows).all(|row| {
                let r = inner + thickness * row as f64 / rows as f64 + node_r + NODE_INSET;
                span * r / per_row as f64 >= (font + GAP).max(2.0 * node_r + GAP)
            });
            if fits && thickness / rows as f64 >= 2.0 * node_r + NODE_INSET + GAP + 3.0 * font {
                choice = Some((font, rows));
                break 'search;
            }
        }
    }
    let (font, rows) = choice.unwrap_or((FONT_SIZES[FONT_SIZES.len() - 1], MAX_ROWS));
    let node_r = (font / 2.0).max(4.0);
    let per_row = n.div_ceil(rows);
    for (k, &index) in members.iter().enumerate() {
        let (row, slot) = (k / per_row, k % per_row);
        let in_row = per_row.min(n - row * per_row);
        let row_inner = inner + thickness * row as f64 / rows as f64;
        let row_outer = inner + thickness * (row + 1) as f64 / rows as f64;
        let r = row_inner + node_r + NODE_INSET;
        // Rows are offset by half a slot, so a label never lines up with the node
        // in the row beyond it.
        let offset = if row % 2 == 1 { 0.25 } else { 0.0 };
        let angle = from + span * ((slot as f64 + 0.5 + offset) / in_row as f64).min(0.999);
        let at = polar(r, angle);
        let label_start = r + node_r + GAP;
        let room = (row_outer - GAP - label_start).max(font);
        let label = fit(&supporters[index].profile.name, room, font);
        nodes.push(Node {
            index,
            category,
            circle,
            at,
            angle,
            radius: node_r,
            font,
            label_box: Strip {
                start: polar(label_start, angle),
                angle,
                along: text_width(&label, font),
                across: font,
            },
            label,
        });
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
            // The label stays inside the node's ring.
            let end = r + node.radius + node.label_box.along;
            assert!(end <= outer, "{} runs out of its ring", node.label);
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
        // Everything stays on the canvas (the legend has the area right of x = 1400).
        for (name, strip) in &boxes {
            for corner in strip.corners() {
                assert!(
                    corner.x >= 0.0
                        && corner.x <= 1400.0
                        && corner.y >= 100.0
                        && corner.y <= HEIGHT,
                    "{name} leaves the canvas at {corner:?}"
                );
            }
        }
        for (i, (a_name, a)) in boxes.iter().enumerate() {
            for (b_name, b) in &boxes[i + 1..] {
                // A node and its own label are placed apart by construction.
                assert!(!a.overlaps(b), "{a_name} overlaps {b_name}");
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
                .any(|s| s.label == "spiritual · nobody yet")
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
    fn sixty_in_one_cell_shrink_and_split_into_rows() {
        let map = check(&network(&[(Category::Peer, Circle::Inner, 60)]));
        assert!(map.nodes.iter().all(|n| n.font < FONT_SIZES[0]));
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
