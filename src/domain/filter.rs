//! Which supporters a listing shows.

use super::supporter::Supporter;
use super::vocabulary::{Category, Circle, Function, Status, normalize};

/// A listing's filters; every one that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub category: Option<Category>,
    pub gives: Option<Function>,
    pub circle: Option<Circle>,
    pub crisis_only: bool,
    /// Only this status; without it, active and paused supporters (archived with `all`).
    pub status: Option<Status>,
    pub tag: Option<String>,
    pub all: bool,
}

impl Filter {
    pub fn matches(&self, s: &Supporter) -> bool {
        let p = &s.profile;
        let status_ok = match self.status {
            Some(status) => p.status == status,
            // Someone the user keeps away from is listed apart, never among supporters.
            None => self.all || !matches!(p.status, Status::Archived | Status::Avoid),
        };
        status_ok
            && self.category.is_none_or(|c| p.category == c)
            && self.gives.is_none_or(|f| p.gives.contains(&f))
            && self.circle.is_none_or(|c| p.circle == c)
            && (!self.crisis_only || p.is_crisis())
            && self
                .tag
                .as_ref()
                .is_none_or(|t| p.tags.contains(&normalize(t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Profile;
    use chrono::Utc;

    fn supporter(name: &str, category: Category, status: Status) -> Supporter {
        let mut profile = Profile::new(name.into(), category);
        profile.status = status;
        Supporter {
            id: 1,
            profile,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn archived_supporters_show_only_when_asked_for() {
        let archived = supporter("Al", Category::Friend, Status::Archived);
        let paused = supporter("Pat", Category::Friend, Status::Paused);
        assert!(!Filter::default().matches(&archived));
        assert!(Filter::default().matches(&paused));
        let all = Filter {
            all: true,
            ..Filter::default()
        };
        assert!(all.matches(&archived));
        let only_archived = Filter {
            status: Some(Status::Archived),
            ..Filter::default()
        };
        assert!(only_archived.matches(&archived));
        assert!(!only_archived.matches(&paused));
    }

    #[test]
    fn every_set_filter_must_match() {
        let mut jo = supporter("Jo", Category::Sponsor, Status::Active);
        jo.profile.gives.insert(Function::Crisis);
        jo.profile.tags.insert("na".into());
        let f = Filter {
            category: Some(Category::Sponsor),
            crisis_only: true,
            tag: Some("NA".into()),
            ..Filter::default()
        };
        assert!(f.matches(&jo));
        let f = Filter {
            gives: Some(Function::Practical),
            ..Filter::default()
        };
        assert!(!f.matches(&jo));
    }
}
