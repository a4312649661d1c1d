//! The change journal in plain words: what one change did, field by field ("paused Sam
//! (taking space for now)", "moved Jo to the inner circle", "added accountability to
//! what Jo gives"). Pure: it reads row images, as the journal keeps them.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

/// A row image: column name to value.
pub type Row = Map<String, Value>;

/// One row change, as the journal keeps it.
pub struct Change<'a> {
    pub table: &'a str,
    pub before: Option<&'a Row>,
    pub after: Option<&'a Row>,
}

fn text<'r>(row: &'r Row, column: &str) -> Option<&'r str> {
    row.get(column).and_then(Value::as_str)
}

fn int(row: &Row, column: &str) -> Option<i64> {
    row.get(column).and_then(Value::as_i64)
}

/// The words a user reads for a supporter's column.
fn field_word(column: &str) -> Option<&'static str> {
    Some(match column {
        "kind" => "kind",
        "category" => "category",
        "role" => "role",
        "mode" => "mode",
        "phone" => "phone number",
        "email" => "email",
        "contact" => "contact details",
        "available" => "availability",
        "every_days" => "rhythm",
        "since" => "since",
        "note" => "note",
        _ => return None,
    })
}

fn join(words: &[String]) -> String {
    super::names::sentence(words)
}

/// What one change did, in plain words, in the order it did it. `names` gives a
/// supporter's name by id, for rows that name only the id (what someone gives, tags,
/// check-ins); supporters in `changes` themselves are found there first.
pub fn describe(changes: &[Change<'_>], names: &HashMap<i64, String>) -> Vec<String> {
    let mut names = names.clone();
    let mut whole: std::collections::HashSet<i64> = std::collections::HashSet::new();
    for c in changes.iter().filter(|c| c.table == "supporters") {
        for row in [c.before, c.after].into_iter().flatten() {
            if let (Some(id), Some(name)) = (int(row, "id"), text(row, "name")) {
                names.insert(id, name.to_string());
            }
        }
        // A supporter added or removed whole: their gives, tags and check-ins go with them.
        if c.before.is_none() || c.after.is_none() {
            whole.extend(
                [c.before, c.after]
                    .into_iter()
                    .flatten()
                    .filter_map(|r| int(r, "id")),
            );
        }
    }
    let name_of = |id: Option<i64>| -> String {
        id.and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "someone removed since".to_string())
    };
    // A list replaced whole (an edit rewrites what someone gives) deletes and re-adds
    // rows that did not change: only what differs in the end is said.
    let mut net: HashMap<(String, String), i32> = HashMap::new();
    for c in changes
        .iter()
        .filter(|c| matches!(c.table, "supporter_gives" | "supporter_tags"))
    {
        let row = c.after.or(c.before).expect("a change has a row");
        let key = (c.table.to_string(), format!("{row:?}"));
        *net.entry(key).or_default() += if c.before.is_none() { 1 } else { -1 };
    }
    let unchanged = |c: &Change<'_>| -> bool {
        let row = c.after.or(c.before).expect("a change has a row");
        net.get(&(c.table.to_string(), format!("{row:?}"))) == Some(&0)
    };
    let mut out: Vec<String> = Vec::new();
    let mut checkins: BTreeMap<i64, (String, Vec<String>)> = BTreeMap::new();
    let mut removed_checkins: Vec<String> = Vec::new();
    let mut reordered: Vec<String> = Vec::new();
    let mut shifted: Vec<String> = Vec::new();
    for c in changes {
        match (c.table, c.before, c.after) {
            ("supporters", None, Some(row)) => {
                out.push(format!("added {}", text(row, "name").unwrap_or("someone")));
            }
            ("supporters", Some(row), None) => {
                out.push(format!(
                    "removed {}",
                    text(row, "name").unwrap_or("someone")
                ));
            }
            // Someone moved down the crisis order to make room: said after the change
            // that made the room.
            ("supporters", Some(old), Some(new)) if order_only(old, new) => {
                shifted.push(text(new, "name").unwrap_or("someone").to_string());
            }
            ("supporters", Some(old), Some(new)) => out.extend(supporter_update(old, new)),
            ("supporter_gives", before, after) => {
                let row = after.or(before).expect("a change has a row");
                let id = int(row, "supporter_id");
                if id.is_some_and(|id| whole.contains(&id)) || unchanged(c) {
                    continue;
                }
                let who = name_of(id);
                let function = text(row, "function").unwrap_or("something");
                out.push(match (before, function) {
                    (None, "crisis") => format!("made {who} a crisis contact"),
                    (Some(_), "crisis") => format!("{who} is no longer a crisis contact"),
                    (None, f) => format!("added {f} to what {who} gives"),
                    (Some(_), f) => format!("removed {f} from what {who} gives"),
                });
            }
            ("supporter_tags", before, after) => {
                let row = after.or(before).expect("a change has a row");
                let id = int(row, "supporter_id");
                if id.is_some_and(|id| whole.contains(&id)) || unchanged(c) {
                    continue;
                }
                let tag = text(row, "tag").unwrap_or("a tag");
                out.push(match before {
                    None => format!("tagged {} {tag}", name_of(id)),
                    Some(_) => format!("took the tag {tag} off {}", name_of(id)),
                });
            }
            ("checkins", None, Some(row)) => {
                let batch = int(row, "batch").unwrap_or_default();
                let via = text(row, "via").unwrap_or("contact").to_string();
                let entry = checkins.entry(batch).or_insert_with(|| (via, Vec::new()));
                if let Some(id) = int(row, "supporter_id") {
                    entry.1.push(name_of(Some(id)));
                }
            }
            ("checkins", Some(row), None) => {
                let id = int(row, "supporter_id");
                if id.is_some_and(|id| whole.contains(&id)) {
                    continue;
                }
                let via = text(row, "via").unwrap_or("contact");
                let day = text(row, "at").map(|at| at.chars().take(10).collect::<String>());
                let with = match id {
                    Some(_) => format!(" with {}", name_of(id)),
                    None => " on your own".to_string(),
                };
                removed_checkins.push(format!(
                    "removed a {via}{with}{}",
                    day.map_or(String::new(), |d| format!(" from {d}"))
                ));
            }
            ("checkins", Some(_), Some(_)) => out.push("changed a check-in".to_string()),
            ("plan_items", None, Some(row)) => out.push(format!(
                "added to the safety plan ({}): \u{201c}{}\u{201d}",
                text(row, "section").unwrap_or("a section"),
                text(row, "text").unwrap_or_default()
            )),
            ("plan_items", Some(row), None) => out.push(format!(
                "removed from the safety plan ({}): \u{201c}{}\u{201d}",
                text(row, "section").unwrap_or("a section"),
                text(row, "text").unwrap_or_default()
            )),
            ("plan_items", Some(_), Some(row)) => {
                let section = text(row, "section").unwrap_or("a section").to_string();
                if !reordered.contains(&section) {
                    reordered.push(section);
                }
            }
            ("plan_reviews", None, Some(_)) => {
                out.push("marked the safety plan as reviewed".to_string());
            }
            ("plan_reviews", Some(_), None) => {
                out.push("took back a review of the safety plan".to_string());
            }
            ("reviews", None, Some(row)) => {
                let note = text(row, "note").map_or(String::new(), |n| format!(" ({n})"));
                out.push(format!("reviewed the map{note}"));
            }
            ("reviews", Some(_), None) => {
                out.push("took back a review of the map".to_string());
            }
            ("dismissed_gaps", _, Some(row)) => {
                let id = text(row, "gap_id").unwrap_or("a gap");
                let reason = text(row, "reason").map_or(String::new(), |r| format!(" ({r})"));
                out.push(match text(row, "until") {
                    Some(until) => format!(
                        "snoozed {id} until {}{reason}",
                        until.chars().take(10).collect::<String>()
                    ),
                    None => format!("dismissed {id}{reason}"),
                });
            }
            ("dismissed_gaps", Some(row), None) => {
                out.push(format!(
                    "restored {}",
                    text(row, "gap_id").unwrap_or("a gap")
                ));
            }
            // A block of check-ins an import added at once (`journal::CHECKINS_ADDED`).
            ("checkins_added", None, Some(row)) => {
                let count = int(row, "count").unwrap_or_default();
                out.push(if count == 1 {
                    "added 1 check-in".to_string()
                } else {
                    format!("added {count} check-ins")
                });
            }
            ("settings", _, Some(row)) => out.push(format!(
                "set {} to {}",
                text(row, "key").unwrap_or("a setting"),
                text(row, "value").unwrap_or_default()
            )),
            ("settings", Some(row), None) => {
                out.push(format!(
                    "cleared {}",
                    text(row, "key").unwrap_or("a setting")
                ));
            }
            _ => {}
        }
    }
    for (via, names) in checkins.into_values() {
        let via = match via.as_str() {
            "in-person" => "an in-person contact".to_string(),
            "video" => "a video call".to_string(),
            v => format!("a {v}"),
        };
        out.push(if names.is_empty() {
            format!("logged {via} on your own")
        } else {
            format!("logged {via} with {}", join(&names))
        });
    }
    out.extend(removed_checkins);
    out.extend(
        reordered
            .into_iter()
            .map(|s| format!("reordered the safety plan ({s})")),
    );
    // One phrase once: a crisis order made room for someone moves several rows.
    let mut seen = std::collections::HashSet::new();
    out.retain(|phrase| seen.insert(phrase.clone()));
    out
}

/// Only the crisis order (and the time of the change) differs.
fn order_only(old: &Row, new: &Row) -> bool {
    old.keys()
        .filter(|c| old.get(*c) != new.get(*c))
        .all(|c| c == "crisis_order" || c == "updated_at")
        && old.get("crisis_order") != new.get("crisis_order")
        && int(old, "crisis_order").is_some()
        && int(new, "crisis_order").is_some()
}

/// A supporter's row before and after: what changed, as a person says it.
fn supporter_update(old: &Row, new: &Row) -> Vec<String> {
    let name = text(new, "name").unwrap_or("someone").to_string();
    let mut out = Vec::new();
    let changed = |c: &str| old.get(c) != new.get(c);
    if changed("name") {
        out.push(format!(
            "renamed {} to {name}",
            text(old, "name").unwrap_or("someone")
        ));
    }
    if changed("status") {
        let reason = text(new, "paused_reason").map_or(String::new(), |r| format!(" ({r})"));
        out.push(match text(new, "status") {
            Some("paused") => format!("paused {name}{reason}"),
            Some("archived") => format!("archived {name}{reason}"),
            Some("avoid") => format!("marked {name} as someone to keep away from{reason}"),
            _ => format!("made {name} active again"),
        });
    } else if changed("paused_reason") {
        out.push(format!("changed the reason given for {name}"));
    }
    if changed("tie") {
        out.push(format!(
            "marked the tie with {name} {}",
            text(new, "tie").unwrap_or("steady")
        ));
    }
    if changed("circle") {
        out.push(format!(
            "moved {name} to the {} circle",
            text(new, "circle").unwrap_or("another")
        ));
    }
    if changed("crisis_order") {
        out.push(match int(new, "crisis_order") {
            Some(order) => format!("put {name} at place {order} in the crisis order"),
            None => format!("took {name} out of the crisis order"),
        });
    }
    // Each field with what it was and what it became, when both are short enough to read.
    let shown = |row: &Row, c: &str| -> Option<String> {
        match row.get(c) {
            Some(Value::String(v)) if v.chars().count() <= 40 => Some(v.clone()),
            Some(Value::Number(n)) if c == "every_days" => n
                .as_u64()
                .and_then(|d| u32::try_from(d).ok())
                .and_then(super::rhythm::Rhythm::from_days)
                .map(|r| r.to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Null) | None => Some("nothing".to_string()),
            _ => None,
        }
    };
    let fields: Vec<String> = old
        .keys()
        .filter(|c| changed(c))
        .filter_map(|c| {
            let word = field_word(c)?;
            Some(match (shown(old, c), shown(new, c)) {
                (Some(a), Some(b)) if c != "note" => format!("{word} ({a} → {b})"),
                _ => word.to_string(),
            })
        })
        .collect();
    if !fields.is_empty() {
        out.push(format!("changed {name}'s {}", join(&fields)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(value: serde_json::Value) -> Row {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn a_pause_a_move_and_a_gift_read_as_a_person_says_them() {
        let old = row(
            json!({"id": 1, "name": "Sam", "status": "active", "paused_reason": null,
            "circle": "middle", "phone": "555", "role": null, "updated_at": "a"}),
        );
        let new = row(json!({"id": 1, "name": "Sam", "status": "paused",
            "paused_reason": "taking space for now", "circle": "inner", "phone": "556",
            "role": "sister", "updated_at": "b"}));
        let gift = row(json!({"supporter_id": 1, "function": "accountability"}));
        let changes = [
            Change {
                table: "supporters",
                before: Some(&old),
                after: Some(&new),
            },
            Change {
                table: "supporter_gives",
                before: None,
                after: Some(&gift),
            },
        ];
        assert_eq!(
            describe(&changes, &HashMap::new()),
            [
                "paused Sam (taking space for now)",
                "moved Sam to the inner circle",
                "changed Sam's phone number (555 → 556) and role (nothing → sister)",
                "added accountability to what Sam gives",
            ]
        );
    }

    #[test]
    fn a_supporter_added_whole_is_one_phrase_and_check_ins_group_by_batch() {
        let jo = row(json!({"id": 2, "name": "Jo"}));
        let gives = row(json!({"supporter_id": 2, "function": "advice"}));
        let c1 = row(json!({"id": 7, "supporter_id": 2, "batch": 7, "via": "call"}));
        let c2 = row(json!({"id": 8, "supporter_id": 3, "batch": 7, "via": "call"}));
        let names = HashMap::from([(2, "Jo".to_string()), (3, "Sam".to_string())]);
        let added = [
            Change {
                table: "supporters",
                before: None,
                after: Some(&jo),
            },
            Change {
                table: "supporter_gives",
                before: None,
                after: Some(&gives),
            },
        ];
        assert_eq!(describe(&added, &names), ["added Jo"]);
        let logged = [
            Change {
                table: "checkins",
                before: None,
                after: Some(&c1),
            },
            Change {
                table: "checkins",
                before: None,
                after: Some(&c2),
            },
        ];
        assert_eq!(describe(&logged, &names), ["logged a call with Jo and Sam"]);
    }

    #[test]
    fn a_list_rewritten_whole_says_only_what_changed() {
        let crisis = row(json!({"supporter_id": 1, "function": "crisis"}));
        let advice = row(json!({"supporter_id": 1, "function": "advice"}));
        let names = HashMap::from([(1, "Jo".to_string())]);
        let changes = [
            Change {
                table: "supporter_gives",
                before: Some(&crisis),
                after: None,
            },
            Change {
                table: "supporter_gives",
                before: None,
                after: Some(&crisis),
            },
            Change {
                table: "supporter_gives",
                before: None,
                after: Some(&advice),
            },
        ];
        assert_eq!(
            describe(&changes, &names),
            ["added advice to what Jo gives"]
        );
    }

    #[test]
    fn gaps_settings_and_the_plan() {
        let snooze =
            row(json!({"gap_id": "overdue:Jo", "reason": null, "until": "2026-12-01T00:00:00Z"}));
        let country = row(json!({"key": "country", "value": "GB"}));
        let line = row(json!({"id": 1, "section": "coping", "text": "A walk"}));
        let changes = [
            Change {
                table: "dismissed_gaps",
                before: None,
                after: Some(&snooze),
            },
            Change {
                table: "settings",
                before: None,
                after: Some(&country),
            },
            Change {
                table: "plan_items",
                before: Some(&line),
                after: None,
            },
        ];
        assert_eq!(
            describe(&changes, &HashMap::new()),
            [
                "snoozed overdue:Jo until 2026-12-01",
                "set country to GB",
                "removed from the safety plan (coping): \u{201c}A walk\u{201d}",
            ]
        );
    }
}
