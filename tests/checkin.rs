//! `checkin add|list|due|undo|remove`, driven end to end, including from cron-like
//! environments and several processes at once.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::Sandbox;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckInJson {
    id: i64,
    batch: i64,
    supporter: Option<String>,
    at: String,
    via: String,
    by: String,
    mood: Option<u8>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DueJson {
    name: String,
    every: String,
    every_days: u32,
    last_contact: Option<String>,
    due_on: String,
    overdue_days: i64,
    phone: Option<String>,
}

fn checkins(s: &Sandbox, args: &[&str]) -> Vec<CheckInJson> {
    let mut all = vec!["checkin", "list", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&s.ok(&all)).expect("checkin list --json parses")
}

fn due(s: &Sandbox, args: &[&str]) -> Vec<DueJson> {
    let mut all = vec!["checkin", "due", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&s.ok(&all)).expect("checkin due --json parses")
}

fn at(c: &CheckInJson) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&c.at)
        .unwrap()
        .with_timezone(&Utc)
}

fn close(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).num_seconds().abs() < 120
}

/// Moves a supporter's "added" time into the past, as if they were added back then.
fn added_days_ago(s: &Sandbox, name: &str, days: i64) {
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let when =
        (Utc::now() - Duration::days(days)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    conn.execute(
        "UPDATE supporters SET created_at = ?1 WHERE name = ?2",
        [when.as_str(), name],
    )
    .unwrap();
}

fn with_jo_and_sam() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--every",
        "weekly",
        "--phone",
        "555-0101",
    ]);
    s.ok(&["add", "Sam", "--category", "family", "--every", "3d"]);
    s
}

#[test]
fn every_at_form_is_understood() {
    let s = with_jo_and_sam();
    let now = Utc::now();
    let today = now.date_naive();
    let yesterday = today.pred_opt().unwrap();
    let cases: Vec<(&str, DateTime<Utc>)> = vec![
        ("now", now),
        ("today", now),
        (
            "yesterday",
            yesterday.and_hms_opt(12, 0, 0).unwrap().and_utc(),
        ),
        ("2026-01-05", "2026-01-05T12:00:00Z".parse().unwrap()),
        ("2026-01-05 18:30", "2026-01-05T18:30:00Z".parse().unwrap()),
        (
            "2026-01-05T08:00:00+02:00",
            "2026-01-05T06:00:00Z".parse().unwrap(),
        ),
        ("90m ago", now - Duration::minutes(90)),
        ("3h ago", now - Duration::hours(3)),
        ("2d ago", now - Duration::days(2)),
        ("2 days ago", now - Duration::days(2)),
        ("1w ago", now - Duration::weeks(1)),
    ];
    for (form, expected) in &cases {
        s.ok(&["-q", "checkin", "jo", "--at", form]);
        let newest_logged = checkins(&s, &[]).into_iter().max_by_key(|c| c.id).unwrap();
        assert!(
            close(at(&newest_logged), *expected),
            "--at {form}: stored {} expected {expected}",
            newest_logged.at
        );
    }
}

#[test]
fn a_contact_is_logged_by_prefix_with_its_details() {
    let s = with_jo_and_sam();
    let out = s.ok(&[
        "checkin",
        "jo",
        "SA",
        "--via",
        "in-person",
        "--at",
        "2h ago",
        "--by",
        "them",
        "--mood",
        "7",
        "--note",
        "coffee after the meeting",
    ]);
    assert_eq!(
        out,
        "Logged an in-person contact with Jo and Sam (2 hours ago). They reached out.\n"
    );
    let logged = checkins(&s, &[]);
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[0].batch, logged[1].batch, "one contact, one batch");
    let jo = logged
        .iter()
        .find(|c| c.supporter.as_deref() == Some("Jo"))
        .unwrap();
    assert_eq!(
        (jo.via.as_str(), jo.by.as_str(), jo.mood, jo.note.as_deref()),
        (
            "in-person",
            "them",
            Some(7),
            Some("coffee after the meeting")
        )
    );
    // Defaults: a call, by me, now.
    assert_eq!(
        s.ok(&["checkin", "add", "jo"]),
        "Logged a call with Jo (just now).\n"
    );
    let newest = &checkins(&s, &["jo", "--limit", "1"])[0];
    assert_eq!((newest.via.as_str(), newest.by.as_str()), ("call", "me"));
    assert!(close(at(newest), Utc::now()));
}

#[test]
fn a_solo_check_in_must_be_asked_for() {
    let s = Sandbox::new();
    let err = s.fails(2, &["checkin"]);
    assert!(
        err.contains("name who you were in touch with, or give --solo"),
        "{err}"
    );
    assert!(!s.db.exists(), "a refused check-in creates nothing");
    assert_eq!(
        s.ok(&["checkin", "--solo", "--via", "meeting"]),
        "Logged a meeting on your own (just now).\n"
    );
    let logged = checkins(&s, &[]);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].supporter, None);
    s.fails(2, &["checkin", "jo", "--solo"]);
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let s = with_jo_and_sam();
    s.ok(&["checkin", "jo", "--at", "3d ago"]);
    let cases: &[(&[&str], &str)] = &[
        (&["checkin", "jo", "--at", "2999-01-01"], "is in the future"),
        (
            &["checkin", "jo", "--at", "1h ago", "--at", "10m ago"],
            "cannot be used multiple times",
        ),
        (
            &["checkin", "jo", "--at", "in 2 days"],
            "is not a time supportmap understands",
        ),
        (
            &["checkin", "jo", "--at", "2026-02-30"],
            "is not a time supportmap understands",
        ),
        (&["checkin", "nobody"], "no supporter named \"nobody\""),
        (
            &["checkin", "jo", "nobody"],
            "no supporter named \"nobody\"",
        ),
        (
            &["checkin", "jo", "--via", "pigeon"],
            "unknown way of contact \"pigeon\"",
        ),
        (
            &["checkin", "jo", "--by", "everyone"],
            "unknown --by value \"everyone\"; choose from me, them",
        ),
        (
            &["checkin", "jo", "--mood", "0"],
            "\"0\" is not a mood; use a whole number from 1 (low) to 10 (good)",
        ),
        (&["checkin", "jo", "--mood", "11"], "\"11\" is not a mood"),
        (&["checkin", "jo", "--mood", "-3"], "\"-3\" is not a mood"),
        (
            &["checkin", "remove", "abc", "--yes"],
            "\"abc\" is not a check-in id",
        ),
        (&["checkin", "jo", "--note", " "], "--note is empty"),
        (
            &["checkin", "list", "--since", "whenever"],
            "--since: \"whenever\"",
        ),
        (
            &["checkin", "list", "--since", "today", "--until", "3d ago"],
            "--since is after --until",
        ),
        (
            &["checkin", "due", "--within", "soon"],
            "is not a number of days",
        ),
        (&["checkin", "undo"], "needs --yes"),
        (
            &["checkin", "remove", "999", "--yes"],
            "there is no check-in #999",
        ),
    ];
    s.refuses_all(cases);
}

#[test]
fn the_history_lists_newest_first_and_filters() {
    let s = with_jo_and_sam();
    s.ok(&["checkin", "jo", "--at", "2026-01-10", "--via", "text"]);
    s.ok(&["checkin", "sam", "--at", "2026-01-12"]);
    s.ok(&[
        "checkin",
        "jo",
        "--at",
        "2026-01-14 09:00",
        "--via",
        "video",
    ]);

    let whos = |args: &[&str]| -> Vec<String> {
        checkins(&s, args)
            .into_iter()
            .map(|c| format!("{} {}", c.supporter.unwrap(), &c.at[..10]))
            .collect()
    };
    assert_eq!(
        whos(&[]),
        ["Jo 2026-01-14", "Sam 2026-01-12", "Jo 2026-01-10"]
    );
    assert_eq!(whos(&["jo"]), ["Jo 2026-01-14", "Jo 2026-01-10"]);
    assert_eq!(
        whos(&["--since", "2026-01-12"]),
        ["Jo 2026-01-14", "Sam 2026-01-12"]
    );
    assert_eq!(
        whos(&["--until", "2026-01-12"]),
        ["Sam 2026-01-12", "Jo 2026-01-10"]
    );
    assert_eq!(whos(&["--via", "text"]), ["Jo 2026-01-10"]);
    assert_eq!(whos(&["--limit", "1"]), ["Jo 2026-01-14"]);
    assert!(whos(&["--since", "2w"]).is_empty());

    let table = s.ok(&["checkin", "list", "--limit", "1"]);
    assert!(table.contains("(2026-01-14 09:00)"), "{table}");
    assert!(table.contains("video"), "{table}");
}

#[test]
fn times_are_shown_in_the_users_time_zone() {
    let s = with_jo_and_sam();
    s.ok(&["checkin", "jo", "--at", "2026-01-14T09:00:00Z"]);
    let out = s
        .cmd()
        .env("TZ", "XXX-05:30")
        .args(["checkin", "list"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(2026-01-14 14:30)"), "{text}");
    // And a local time typed in that zone is stored in UTC.
    s.cmd()
        .env("TZ", "XXX-05:30")
        .args(["checkin", "sam", "--at", "2026-01-14 14:30"])
        .assert()
        .success();
    let sam = &checkins(&s, &["sam"])[0];
    assert_eq!(sam.at, "2026-01-14T09:00:00Z");
}

#[test]
fn contacts_show_the_last_contact_and_next_due() {
    let s = with_jo_and_sam();
    s.ok(&["checkin", "jo", "--at", "2d ago"]);
    let show = s.ok(&["contacts", "show", "jo"]);
    assert!(show.contains("  last contact  2 days ago ("), "{show}");
    assert!(show.contains("  due           in 5 days ("), "{show}");
    let table = s
        .cmd()
        .env("COLUMNS", "200")
        .arg("contacts")
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Last contact"), "{table}");
    assert!(table.contains("2 days ago"), "{table}");
    assert!(table.contains("in 5 days"), "{table}");
}

#[test]
fn due_follows_the_rhythm_and_clears_when_contact_is_logged() {
    let s = with_jo_and_sam();
    // Nobody is due on the day they are added.
    assert!(due(&s, &[]).is_empty());
    assert_eq!(s.ok(&["checkin", "due"]), "Nobody is due today.\n");

    // Added ten days ago and never contacted: both are due, most overdue first.
    added_days_ago(&s, "Jo", 10);
    added_days_ago(&s, "Sam", 10);
    let found = due(&s, &[]);
    let names: Vec<(&str, i64)> = found
        .iter()
        .map(|d| (d.name.as_str(), d.overdue_days))
        .collect();
    assert_eq!(names, [("Sam", 7), ("Jo", 3)]);
    assert_eq!(found[1].every, "weekly");
    assert_eq!(found[1].every_days, 7);
    assert_eq!(found[1].last_contact, None);
    assert_eq!(found[1].phone.as_deref(), Some("555-0101"));
    assert_eq!(found[1].due_on.len(), 10);

    let table = s.ok(&["checkin", "due"]);
    assert!(table.contains("7 days ago"), "{table}");
    assert!(table.contains("never (added"), "{table}");

    // A contact with Sam resets Sam's rhythm; within 3 days Sam is due again.
    s.ok(&["checkin", "sam", "--at", "1h ago"]);
    let names: Vec<String> = due(&s, &[]).into_iter().map(|d| d.name).collect();
    assert_eq!(names, ["Jo"]);
    let soon: Vec<(String, i64)> = due(&s, &["--within", "3d"])
        .into_iter()
        .map(|d| (d.name, d.overdue_days))
        .collect();
    assert_eq!(soon, [("Jo".to_string(), 3), ("Sam".to_string(), -3)]);

    // Paused and archived supporters are never due.
    s.ok(&["contacts", "pause", "jo"]);
    assert!(due(&s, &[]).is_empty());
    s.ok(&["contacts", "resume", "jo"]);
    s.ok(&["contacts", "archive", "jo"]);
    assert!(due(&s, &[]).is_empty());
}

#[test]
fn exit_code_and_quiet_are_made_for_cron() {
    let s = with_jo_and_sam();
    let quiet = s
        .cmd()
        .args(["checkin", "due", "-q", "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(0));
    assert!(
        quiet.stdout.is_empty() && quiet.stderr.is_empty(),
        "nothing due: nothing at all"
    );

    added_days_ago(&s, "Jo", 8);
    let found = s
        .cmd()
        .args(["checkin", "due", "-q", "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(found.status.code(), Some(1));
    let text = String::from_utf8(found.stdout).unwrap();
    assert!(text.contains("Jo") && text.contains("yesterday"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour without a terminal");
    assert!(
        !text.contains("When you have been in touch"),
        "-q leaves out the hint"
    );

    // Without --exit-code, finding someone due is still success.
    s.ok(&["checkin", "due"]);
}

#[test]
fn a_missing_database_is_nobody_due_and_stays_missing() {
    let s = Sandbox::new();
    let out = s
        .cmd()
        .args(["checkin", "due", "-q", "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert_eq!(s.ok(&["checkin", "list", "--json"]).trim(), "[]");
    assert_eq!(s.ok(&["checkin", "due", "--json"]).trim(), "[]");
    assert!(!s.db.exists());
}

#[test]
fn undo_takes_back_the_last_check_in_change_and_nothing_else() {
    let s = with_jo_and_sam();
    s.ok(&["checkin", "jo", "--at", "1d ago"]);
    s.ok(&["checkin", "jo", "sam", "--via", "meeting", "--at", "3d ago"]);
    // An edit in between is not a check-in: `checkin undo` leaves it.
    s.ok(&["contacts", "edit", "jo", "--phone", "555"]);
    let out = s.ok(&["checkin", "undo", "--yes"]);
    assert!(
        out.contains("): logged a meeting with Jo and Sam."),
        "{out}"
    );
    let left = checkins(&s, &[]);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, 1);
    assert_eq!(s.supporter("jo").phone.as_deref(), Some("555"));

    // After `checkin remove`, `checkin undo` brings the removed check-in back: it never
    // deletes a check-in the user did not just add.
    s.ok(&["checkin", "sam", "--at", "2d ago"]);
    let out = s.ok(&["checkin", "remove", "1", "--yes"]);
    assert!(out.starts_with("Removed #1 Jo: call"), "{out}");
    let out = s.ok(&["checkin", "undo", "--yes"]);
    assert!(out.contains("): removed a call with Jo"), "{out}");
    let mut ids: Vec<i64> = checkins(&s, &[]).into_iter().map(|c| c.id).collect();
    ids.sort();
    assert_eq!(ids, [1, 4]);
    s.ok(&["checkin", "undo", "--yes"]);
    s.ok(&["checkin", "undo", "--yes"]);
    assert!(checkins(&s, &[]).is_empty());
    let err = s.fails(2, &["checkin", "undo", "--yes"]);
    assert!(err.contains("there is no check-in to take back"), "{err}");
}

#[test]
fn removing_a_supporter_removes_their_check_ins() {
    let s = with_jo_and_sam();
    s.ok(&["checkin", "jo", "sam"]);
    s.ok(&["contacts", "remove", "jo", "--yes"]);
    let left: Vec<Option<String>> = checkins(&s, &[]).into_iter().map(|c| c.supporter).collect();
    assert_eq!(left, [Some("Sam".to_string())]);
}

#[test]
fn four_processes_writing_at_once_lose_nothing() {
    let s = with_jo_and_sam();
    let bin = assert_cmd::cargo::cargo_bin("supportmap");
    std::thread::scope(|scope| {
        for worker in 0..4 {
            let (bin, db) = (&bin, &s.db);
            scope.spawn(move || {
                for i in 0..150 {
                    let out = std::process::Command::new(bin)
                        .args(["-q", "checkin", if worker % 2 == 0 { "jo" } else { "sam" }])
                        .args(["--note", &format!("worker {worker} #{i}")])
                        .env("SUPPORTMAP_DB", db)
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "worker {worker} #{i}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    let all = checkins(&s, &["--all"]);
    assert_eq!(all.len(), 600);
    let batches: std::collections::HashSet<i64> = all.iter().map(|c| c.batch).collect();
    assert_eq!(batches.len(), 600, "every check-in got its own batch");
}

#[test]
fn cron_like_environments_work_without_a_terminal_or_xdg() {
    let s = with_jo_and_sam();
    added_days_ago(&s, "Jo", 9);
    let cron = |args: &[&str]| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("supportmap"))
            .args(args)
            .env_clear()
            .env("HOME", s.home())
            .env("PATH", "/usr/bin:/bin")
            .env("SUPPORTMAP_DB", &s.db)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let out = cron(&["checkin", "due", "-q", "--exit-code"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2 days ago"), "{text}");
    assert!(!text.contains('\u{1b}'));

    let out = cron(&["checkin", "jo", "--via", "text", "--note", "sent from cron"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cron(&["checkin", "due", "-q", "--exit-code"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn a_database_from_the_first_schema_is_migrated_in_place() {
    let s = Sandbox::new();
    s.schema_one_database(
        "INSERT INTO supporters (name, name_key, kind, category, circle, mode, status,
                 every_days, created_at, updated_at)
             VALUES ('Jo', 'jo', 'person', 'sponsor', 'inner', 'in-person', 'active', 7,
                 '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
    );
    // A read migrates too, and keeps what was there.
    assert_eq!(s.list(&[])[0].name, "Jo");
    s.ok(&["checkin", "jo"]);
    assert_eq!(checkins(&s, &[]).len(), 1);
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, supportmap::db::LATEST_VERSION);
}

#[test]
fn check_in_ids_are_not_reused_after_undo() {
    let s = with_jo_and_sam();
    s.ok(&["checkin", "jo", "--note", "first"]);
    let first = checkins(&s, &[])[0].id;
    s.ok(&["checkin", "undo", "--yes"]);
    s.ok(&["checkin", "jo", "--note", "second"]);
    let second = checkins(&s, &[])[0].id;
    assert_ne!(
        first, second,
        "an id noted down never means another check-in"
    );
}

#[test]
fn within_takes_a_plain_number_of_days() {
    let s = with_jo_and_sam();
    assert_eq!(due(&s, &["--within", "7"]).len(), 2);
    assert_eq!(due(&s, &["--within", "3"]).len(), 1);
}

#[test]
fn the_list_fits_the_width_and_wraps_notes_between_words() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    s.ok(&["add", "Dr Amara Okafor", "--category", "professional"]);
    s.ok(&["checkin", "jo", "--at", "3d ago"]);
    s.ok(&["checkin", "dr", "--at", "20d ago"]);
    s.ok(&[
        "checkin",
        "jo",
        "--at",
        "1d ago",
        "--note",
        "a long talk about the weekend plans and the new job",
    ]);
    let expected: [(&str, &str); 2] = [
        (
            "60",
            concat!(
                " When        Who        Via    Mood   Note               Id\n",
                "─────────── ────────── ────── ────── ────────────────── ────\n",
                " yesterday   Jo         call          a long talk        3\n",
                "                                      about the\n",
                "                                      weekend plans\n",
                "                                      and the new job\n",
                "┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄┄┄ ┄┄┄┄┄┄ ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄\n",
                " 3d ago      Jo         call                             1\n",
                "┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄┄┄ ┄┄┄┄┄┄ ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄\n",
                " 2w ago      Dr Amara   call                             2\n",
                "             Okafor\n",
            ),
        ),
        (
            "80",
            concat!(
                " When        Who               Via    By   Mood   Note                    Id\n",
                "─────────── ───────────────── ────── ──── ────── ─────────────────────── ────\n",
                " yesterday   Jo                call   me          a long talk about the   3\n",
                "                                                  weekend plans and the\n",
                "                                                  new job\n",
                "┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄┄┄ ┄┄┄┄ ┄┄┄┄┄┄ ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄\n",
                " 3d ago      Jo                call   me                                  1\n",
                "┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄┄┄ ┄┄┄┄ ┄┄┄┄┄┄ ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄ ┄┄┄┄\n",
                " 2w ago      Dr Amara Okafor   call   me                                  2\n",
            ),
        ),
    ];
    for (width, table) in expected {
        let out = s
            .cmd()
            .env("COLUMNS", width)
            .args(["checkin", "list"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            table,
            "at {width} columns"
        );
    }
}

#[test]
fn the_confirmation_says_who_reached_out_and_notes_a_paused_tie() {
    let s = with_jo_and_sam();
    assert_eq!(
        s.ok(&["checkin", "jo", "--by", "them", "--at", "1h ago"]),
        "Logged a call with Jo (1 hour ago). Jo reached out.\n"
    );
    assert_eq!(
        s.ok(&["checkin", "--solo", "--at", "1h ago"]),
        "Logged a solo check-in (1 hour ago).\n"
    );
    assert_eq!(
        s.ok(&["checkin", "--solo", "--via", "meeting", "--at", "1h ago"]),
        "Logged a meeting on your own (1 hour ago).\n"
    );
    s.ok(&["contacts", "pause", "sam"]);
    let out = s.ok(&["checkin", "sam", "--via", "text", "--at", "1h ago"]);
    assert_eq!(
        out,
        "Logged a text with Sam (1 hour ago).\nSam is paused; the contact is logged all the \
         same. `supportmap contacts resume Sam` makes them active again, whenever you choose.\n"
    );
    assert_eq!(checkins(&s, &["sam"]).len(), 1);
}

#[test]
fn when_is_understood_as_people_say_it() {
    let s = with_jo_and_sam();
    for at in [
        "yesterday 18:00",
        "last tuesday",
        "tuesday 19:00",
        "2d",
        "00:00",
    ] {
        s.ok(&["checkin", "jo", "--at", at]);
    }
    let err = s.fails(2, &["checkin", "jo", "--at", "20/12/2025"]);
    assert!(
        err.contains("write dates year first, as 2025-12-20"),
        "{err}"
    );
}
