//! The gap analysis for people (a coverage summary, then each gap as a short block)
//! and for scripts (`--json`).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Output, wrap, wrap_command};
use crate::db::gaps::Dismissal;
use crate::domain::gaps::{Gap, Summary};
use crate::domain::{Category, Function, Severity};

/// Reports wrap to the terminal (or `COLUMNS`), and to 80 columns in pipes and mail.
pub fn report_width(out: &Output) -> usize {
    usize::from(out.width.unwrap_or(80)).max(40)
}

/// A gap with the user's dismissal, if any.
pub struct Shown<'a> {
    pub gap: &'a Gap,
    pub dismissed: Option<&'a Dismissal>,
}

#[derive(Debug, Serialize)]
pub struct SummaryJson {
    pub active_supporters: usize,
    pub categories_covered: usize,
    pub categories_total: usize,
    pub categories_missing: Vec<Category>,
    pub functions_covered: usize,
    pub functions_total: usize,
    pub functions_missing: Vec<Function>,
    pub crisis_contacts: usize,
    pub crisis_reachable_24_7: bool,
    pub inner_circle: usize,
}

#[derive(Debug, Serialize)]
pub struct GapJson<'a> {
    pub id: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub why: &'a str,
    pub suggestion: &'a str,
    pub command: Option<&'a str>,
    pub supporters: &'a [String],
    pub dismissed: bool,
    pub dismissed_reason: Option<&'a str>,
    pub dismissed_at: Option<DateTime<Utc>>,
    /// The end of a snooze; null for a dismissal that lasts until restored.
    pub dismissed_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    pub summary: SummaryJson,
    pub gaps: Vec<GapJson<'a>>,
}

pub fn to_json<'a>(summary: &Summary, shown: &'a [Shown<'a>]) -> ReportJson<'a> {
    ReportJson {
        summary: SummaryJson {
            active_supporters: summary.active_supporters,
            categories_covered: Category::ALL.len() - summary.categories_missing.len(),
            categories_total: Category::ALL.len(),
            categories_missing: summary.categories_missing.clone(),
            functions_covered: Function::ALL.len() - summary.functions_missing.len(),
            functions_total: Function::ALL.len(),
            functions_missing: summary.functions_missing.clone(),
            crisis_contacts: summary.crisis_contacts,
            crisis_reachable_24_7: summary.crisis_always_available,
            inner_circle: summary.inner_circle,
        },
        gaps: shown
            .iter()
            .map(|s| GapJson {
                id: &s.gap.id,
                severity: s.gap.severity,
                message: &s.gap.message,
                why: &s.gap.why,
                suggestion: &s.gap.suggestion,
                command: s.gap.command.as_deref(),
                supporters: &s.gap.supporters,
                dismissed: s.dismissed.is_some(),
                dismissed_reason: s.dismissed.and_then(|d| d.reason.as_deref()),
                dismissed_at: s.dismissed.map(|d| d.at),
                dismissed_until: s.dismissed.and_then(|d| d.until),
            })
            .collect(),
    }
}

fn words<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The coverage figures in words, one row each (what, then how it stands): for the
/// terminal's summary and the session report.
pub fn coverage_rows(summary: &Summary) -> [(&'static str, String); 4] {
    let covered = |missing: usize, total: usize| format!("{} of {total}", total - missing);
    let categories = if summary.categories_missing.is_empty() {
        covered(0, Category::ALL.len())
    } else {
        format!(
            "{} (none yet: {})",
            covered(summary.categories_missing.len(), Category::ALL.len()),
            words(&summary.categories_missing)
        )
    };
    let functions = if summary.functions_missing.is_empty() {
        covered(0, Function::ALL.len())
    } else {
        format!(
            "{} (nobody gives: {})",
            covered(summary.functions_missing.len(), Function::ALL.len()),
            words(&summary.functions_missing)
        )
    };
    let crisis = match (summary.crisis_contacts, summary.crisis_always_available) {
        (0, _) => "none".to_string(),
        (n, true) => format!("{n}, at least one reachable 24/7"),
        (n, false) => format!("{n}, none reachable 24/7"),
    };
    [
        ("categories", categories),
        ("functions", functions),
        ("crisis", crisis),
        ("inner circle", summary.inner_circle.to_string()),
    ]
}

/// "Coverage (12 active supporters)".
pub fn coverage_title(summary: &Summary) -> String {
    let plural = if summary.active_supporters == 1 {
        ""
    } else {
        "s"
    };
    format!(
        "Coverage ({} active supporter{plural})",
        summary.active_supporters
    )
}

/// The coverage lines printed first, wrapped to `width`.
pub fn summary(summary: &Summary, width: usize) -> String {
    let mut text = coverage_title(summary);
    text.push('\n');
    for (what, value) in coverage_rows(summary) {
        text.push_str(&format!(
            "  {what:<13} {}\n",
            wrap(&value, width, "                ")
        ));
    }
    text
}

/// How many gaps `gaps` shows before "N more ideas" (every critical one is shown).
pub const FIRST_FEW: usize = 5;
/// How many next steps a new or small map is shown.
pub const GETTING_STARTED: usize = 3;

/// The words a person reads for a severity; JSON keeps `critical`, `warning`, `info`.
pub fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "needs attention",
        Severity::Warning => "worth a look",
        Severity::Info => "an idea",
    }
}

fn severity_label(severity: Severity, out: &Output) -> String {
    // SGR colours: bold red, yellow, cyan.
    let code = match severity {
        Severity::Critical => "1;31",
        Severity::Warning => "33",
        Severity::Info => "36",
    };
    out.paint(label(severity), code)
}

/// Each gap as a block: its label and message, then why, what to try and the command.
pub fn gaps(shown: &[Shown<'_>], out: &Output) -> String {
    let width = report_width(out);
    let indent = "         ";
    let mut text = String::new();
    for s in shown {
        let gap = s.gap;
        let head = format!("{} · {}", label(gap.severity), gap.message);
        let wrapped = wrap(&head, width, "  ");
        // Colour only the label, after wrapping by the plain text.
        let painted = wrapped.replacen(label(gap.severity), &severity_label(gap.severity, out), 1);
        text.push_str(&format!("\n{painted}\n"));
        text.push_str(&format!("  why    {}\n", wrap(&gap.why, width, indent)));
        text.push_str(&format!(
            "  try    {}\n",
            wrap(&gap.suggestion, width, indent)
        ));
        if let Some(command) = &gap.command {
            text.push_str(&format!(
                "{indent}{}\n",
                wrap_command(command, width, indent)
            ));
        }
        let mut id = format!("  id     {}", gap.id);
        if let Some(dismissed) = s.dismissed {
            match dismissed.until {
                Some(until) => id.push_str(&format!(
                    " (snoozed until {}",
                    super::time::local_day(until)
                )),
                None => id.push_str(" (dismissed"),
            }
            if let Some(reason) = &dismissed.reason {
                id.push_str(&format!(": {reason}"));
            }
            id.push(')');
        }
        text.push_str(&id);
        text.push('\n');
    }
    text
}

/// The closing lines: how many gaps are open, how many more ideas `gaps --all` has,
/// and how to set one aside.
pub fn footer(shown: &[Shown<'_>], more: usize, hidden: usize, width: usize) -> String {
    let open: Vec<&Gap> = shown
        .iter()
        .filter(|s| s.dismissed.is_none())
        .map(|s| s.gap)
        .collect();
    let count = |severity: Severity| open.iter().filter(|g| g.severity == severity).count();
    let mut parts = Vec::new();
    for (severity, one, many) in [
        (Severity::Critical, "needs attention", "need attention"),
        (Severity::Warning, "worth a look", "worth a look"),
        (Severity::Info, "idea", "ideas"),
    ] {
        match count(severity) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    let mut text = if open.is_empty() && more == 0 {
        "Nothing open right now.".to_string()
    } else if open.is_empty() {
        String::new()
    } else {
        format!("Shown: {}.", parts.join(", "))
    };
    let more_line = (more > 0).then(|| {
        format!(
            "{more} more idea{}: supportmap gaps --all",
            if more == 1 { "" } else { "s" }
        )
    });
    let marked = shown.len() - open.len();
    if marked > 0 {
        text.push_str(&format!(" {marked} set aside, shown marked."));
    }
    if hidden > 0 {
        text.push_str(&format!(
            " {hidden} set aside (gaps --all shows {}).",
            if hidden == 1 { "it" } else { "them" }
        ));
    }
    // The counts wrap; each command stays whole on a line of its own.
    let mut lines = vec![wrap(text.trim(), width, "")];
    lines.extend(more_line);
    if !open.is_empty() {
        lines.push("Decided not to fill one? supportmap gaps dismiss <id>".to_string());
        lines.push("Not now? supportmap gaps snooze <id> --for 2w".to_string());
    }
    lines.retain(|l| !l.is_empty());
    lines.join("\n")
}
