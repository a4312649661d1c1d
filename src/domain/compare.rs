//! Then and now on one map: who is new since a day, who moved circle, who left. Pure:
//! two lists of supporters in, the differences out.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::supporter::Supporter;
use super::vocabulary::{Circle, Status};

/// The map now beside the map then.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compare {
    /// The moment compared with.
    pub since: Option<DateTime<Utc>>,
    /// On the map now and not then: added, or back from the archive.
    pub new: HashSet<i64>,
    /// On the map then and now, in another circle: the circle they were in.
    pub moved: HashMap<i64, Circle>,
    /// On the map then and not now, with what happened: their name as it was, and
    /// "archived", "kept away" or "removed". By name.
    pub left: Vec<(String, &'static str)>,
}

/// On the map: active or paused (archived supporters and those kept away are not drawn).
fn drawn(s: &Supporter) -> bool {
    !matches!(s.profile.status, Status::Archived | Status::Avoid)
}

/// What differs between `before` and `after` (the same map at two moments; a supporter
/// keeps their id across them).
pub fn compare(before: &[Supporter], after: &[Supporter], since: DateTime<Utc>) -> Compare {
    let then: HashMap<i64, &Supporter> = before
        .iter()
        .filter(|s| drawn(s))
        .map(|s| (s.id, s))
        .collect();
    let now: HashMap<i64, &Supporter> = after.iter().map(|s| (s.id, s)).collect();
    let mut found = Compare {
        since: Some(since),
        ..Compare::default()
    };
    for s in after.iter().filter(|s| drawn(s)) {
        match then.get(&s.id) {
            None => {
                found.new.insert(s.id);
            }
            Some(was) if was.profile.circle != s.profile.circle => {
                found.moved.insert(s.id, was.profile.circle);
            }
            Some(_) => {}
        }
    }
    let mut left: Vec<(String, &'static str)> = then
        .values()
        .filter_map(|was| match now.get(&was.id) {
            None => Some((was.profile.name.clone(), "removed")),
            Some(s) if s.profile.status == Status::Archived => {
                Some((was.profile.name.clone(), "archived"))
            }
            Some(s) if s.profile.status == Status::Avoid => {
                Some((was.profile.name.clone(), "kept away"))
            }
            Some(_) => None,
        })
        .collect();
    left.sort_by_key(|(name, _)| name.to_lowercase());
    found.left = left;
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Profile};

    fn person(id: i64, name: &str, circle: Circle, status: Status) -> Supporter {
        let mut profile = Profile::new(name.to_string(), Category::Friend);
        profile.circle = circle;
        profile.status = status;
        Supporter {
            id,
            profile,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn new_moved_and_left_are_told_apart() {
        let before = [
            person(1, "Jo", Circle::Outer, Status::Active),
            person(2, "Sam", Circle::Inner, Status::Active),
            person(3, "Lee", Circle::Middle, Status::Active),
            person(4, "Ash", Circle::Middle, Status::Paused),
            person(5, "Old", Circle::Outer, Status::Archived),
            person(6, "Kim", Circle::Inner, Status::Active),
        ];
        let after = [
            person(1, "Jo", Circle::Inner, Status::Active),
            person(2, "Sam", Circle::Inner, Status::Archived),
            // Lee was removed; Ash stays paused in the same circle.
            person(4, "Ash", Circle::Middle, Status::Paused),
            person(5, "Old", Circle::Outer, Status::Active),
            person(6, "Kim", Circle::Inner, Status::Avoid),
            person(7, "Priya", Circle::Middle, Status::Active),
        ];
        let c = compare(&before, &after, Utc::now());
        assert_eq!(
            c.new,
            HashSet::from([5, 7]),
            "back from the archive, and added"
        );
        assert_eq!(c.moved, HashMap::from([(1, Circle::Outer)]));
        assert_eq!(
            c.left,
            [
                ("Kim".to_string(), "kept away"),
                ("Lee".to_string(), "removed"),
                ("Sam".to_string(), "archived")
            ]
        );
    }
}
