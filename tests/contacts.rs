//! `add` and `contacts`, driven end to end through the binary.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::Sandbox;

fn sandbox_with_jo() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--gives",
        "accountability,advice",
        "--crisis",
        "--phone",
        "555-0101",
        "--circle",
        "inner",
        "--every",
        "weekly",
    ]);
    s
}

#[test]
fn add_records_every_field_and_show_json_returns_it() {
    let s = Sandbox::new();
    let out = s.ok(&[
        "add",
        "Tuesday NA",
        "--kind",
        "group",
        "--category",
        "na",
        "--role",
        "home group",
        "--gives",
        "belonging",
        "--gives",
        "encouragement,accountability",
        "--circle",
        "middle",
        "--mode",
        "hybrid",
        "--phone",
        "+1 (555) 010-2000",
        "--email",
        "tues@example.org",
        "--contact",
        "Tuesdays 7pm, St Mark's",
        "--crisis-order",
        "2",
        "--available",
        "Tue evenings",
        "--every",
        "2w",
        "--since",
        "2024-03-01",
        "--note",
        "bring coffee",
        "--tag",
        "NA",
        "--tag",
        "Evening,weekly",
    ]);
    assert_eq!(
        out,
        "Added Tuesday NA (peer, middle circle, crisis contact).\n"
    );
    let t = s.supporter("tuesday na");
    assert_eq!(t.name, "Tuesday NA");
    assert_eq!(t.kind, "group");
    assert_eq!(t.category, "peer");
    assert_eq!(t.role.as_deref(), Some("home group"));
    assert_eq!(
        t.gives,
        ["accountability", "encouragement", "crisis", "belonging"]
    );
    assert_eq!(t.mode, "hybrid");
    assert_eq!(t.phone.as_deref(), Some("+1 (555) 010-2000"));
    assert_eq!(t.email.as_deref(), Some("tues@example.org"));
    assert_eq!(t.contact.as_deref(), Some("Tuesdays 7pm, St Mark's"));
    assert!(t.crisis, "--crisis-order makes a crisis contact");
    assert_eq!(t.crisis_order, Some(2));
    assert_eq!(t.available.as_deref(), Some("Tue evenings"));
    assert_eq!(t.every.as_deref(), Some("biweekly"));
    assert_eq!(t.every_days, Some(14));
    assert_eq!(t.since.as_deref(), Some("2024-03-01"));
    assert_eq!(t.note.as_deref(), Some("bring coffee"));
    assert_eq!(t.tags, ["evening", "na", "weekly"]);
    assert_eq!(t.status, "active");
    assert!(t.created_at.ends_with('Z'));
}

#[test]
fn add_fills_in_the_documented_defaults() {
    let s = Sandbox::new();
    s.ok(&["add", "Priya", "--category", "friends"]);
    let p = s.supporter("Priya");
    assert_eq!(
        (
            p.kind.as_str(),
            p.category.as_str(),
            p.circle.as_str(),
            p.mode.as_str()
        ),
        ("person", "friend", "middle", "in-person")
    );
    assert!(!p.crisis);
    assert!(p.gives.is_empty());
}

#[test]
fn aliases_are_stored_as_canonical_words() {
    let s = Sandbox::new();
    for (name, alias, canonical) in [
        ("A", "na", "peer"),
        ("B", "therapist", "professional"),
        ("C", "friends", "friend"),
        ("D", "mentor", "sponsor"),
        ("E", "church", "spiritual"),
        ("F", "SMART", "peer"),
    ] {
        s.ok(&["add", name, "--category", alias]);
        assert_eq!(s.supporter(name).category, canonical, "{alias}");
    }
    s.ok(&[
        "add",
        "G",
        "--category",
        "family",
        "--gives",
        "listening,emergency",
    ]);
    assert_eq!(s.supporter("G").gives, ["emotional", "crisis"]);
}

#[test]
fn gives_crisis_and_the_crisis_flag_mean_the_same() {
    let s = Sandbox::new();
    s.ok(&["add", "By flag", "--category", "friend", "--crisis"]);
    s.ok(&[
        "add",
        "By gives",
        "--category",
        "friend",
        "--gives",
        "crisis",
    ]);
    let (a, b) = (s.supporter("By flag"), s.supporter("By gives"));
    assert!(a.crisis && b.crisis);
    assert_eq!(a.gives, b.gives);
    assert_eq!(s.list(&["--crisis"]).len(), 2);
}

#[test]
fn names_are_stored_verbatim_and_unique_in_any_case() {
    let s = Sandbox::new();
    let odd = "Robert'); DROP TABLE supporters;-- \"Bobby\" 🌱 Ñoño";
    s.ok(&["add", odd, "--category", "friend"]);
    s.ok(&["add", "Émile", "--category", "family"]);
    assert_eq!(s.supporter(odd).name, odd);
    let before = s.snapshot();
    let err = s.fails(2, &["add", "ÉMILE", "--category", "friend"]);
    assert!(err.contains("\"Émile\" is already in your map"), "{err}");
    assert!(err.contains("hint: change their details with: supportmap contacts edit"));
    assert_eq!(s.snapshot(), before);
}

#[test]
fn bad_input_gets_one_error_line_exit_2_and_an_unchanged_database() {
    let s = sandbox_with_jo();
    let cases: &[(&[&str], &str)] = &[
        (
            &["add", "X", "--category", "frend"],
            "did you mean \"friend\"",
        ),
        (
            &["add", "X", "--category", "friend", "--gives", "hugs"],
            "unknown support function \"hugs\"",
        ),
        (
            &["add", "X", "--category", "friend", "--circle", "innermost"],
            "unknown circle",
        ),
        (
            &["add", "X", "--category", "friend", "--every", "often"],
            "unknown rhythm \"often\"",
        ),
        (
            &["add", "X", "--category", "friend", "--every", "0d"],
            "a rhythm of \"0d\" is never",
        ),
        (
            &["add", "X", "--category", "friend", "--kind", "robot"],
            "unknown kind",
        ),
        (
            &["add", "X", "--category", "friend", "--mode", "telepathy"],
            "unknown mode",
        ),
        (
            &["add", "X", "--category", "friend", "--since", "last year"],
            "use YYYY-MM-DD",
        ),
        (
            &["add", "X", "--category", "friend", "--since", "2999-01-01"],
            "in the future",
        ),
        (
            &["add", "X", "--category", "friend", "--phone", "none"],
            "has no digits",
        ),
        (
            &["add", "X", "--category", "friend", "--email", "nope"],
            "does not look like an address",
        ),
        (
            &["add", "X", "--category", "friend", "--crisis-order", "0"],
            "use a whole number from 1 (called first)",
        ),
        (
            &["add", "X", "--category", "friend", "--crisis-order=-1"],
            "\"-1\" is not a place in the crisis order",
        ),
        (&["add", "  ", "--category", "friend"], "the name is empty"),
        (
            &["add", "JO", "--category", "friend"],
            "already in your map",
        ),
        (
            &["add", "--category", "friend"],
            "missing the supporter's name",
        ),
        (&["add", "X"], "missing --category"),
        (
            &["add", "X", "--category", "friend", "--bogus"],
            "unexpected argument '--bogus'",
        ),
        (&["contacts", "edit", "jo"], "nothing to change"),
        (
            &["contacts", "edit", "jo", "--phone", "1", "--clear", "phone"],
            "--phone and --clear phone",
        ),
        (
            &["contacts", "edit", "jo", "--clear", "name"],
            "unknown field to clear",
        ),
        (
            &["contacts", "edit", "jo", "--crisis", "--no-crisis"],
            "cannot be used with",
        ),
        (
            &["contacts", "edit", "nobody", "--phone", "1"],
            "no supporter named \"nobody\"",
        ),
        (&["contacts", "show", "zz"], "no supporter named \"zz\""),
        (
            &["contacts", "pause", "jo", "--reason", " "],
            "--reason is empty",
        ),
        (&["contacts", "remove", "jo"], "needs --yes"),
        (&["contacts", "--status", "gone"], "unknown status"),
    ];
    s.refuses_all(cases);
}

#[test]
fn missing_flags_without_a_terminal_create_no_database() {
    let s = Sandbox::new();
    let err = s.fails(2, &["add", "Jo"]);
    assert!(err.contains("missing --category (there is no terminal to ask on)"));
    assert!(err.contains("hint: add --category with one of: family, friend"));
    s.fails(2, &["add", "Jo", "--category", "frend"]);
    assert!(!s.db.exists());
    assert!(!s.db.parent().unwrap().exists());
}

#[test]
fn names_match_in_any_case_or_by_unambiguous_prefix() {
    let s = sandbox_with_jo();
    s.ok(&["add", "Jordan", "--category", "friend"]);
    s.ok(&["add", "Jamie", "--category", "family"]);
    assert_eq!(
        s.supporter("JO").name,
        "Jo",
        "an exact match beats a prefix"
    );
    assert_eq!(s.supporter("jor").name, "Jordan");
    assert_eq!(s.supporter("ja").name, "Jamie");
    let err = s.fails(2, &["contacts", "show", "j"]);
    assert_eq!(
        err,
        "error: \"j\" matches 3 supporters: Jamie, Jo, Jordan\n\
         hint: type more of the name, or all of it\n"
    );
    let err = s.fails(2, &["contacts", "show", "Jordon"]);
    assert!(err.contains("hint: did you mean \"Jordan\""), "{err}");
}

#[test]
fn list_filters_and_hides_archived_unless_asked() {
    let s = sandbox_with_jo();
    s.ok(&[
        "add",
        "Sam",
        "--category",
        "family",
        "--gives",
        "practical",
        "--tag",
        "home",
    ]);
    s.ok(&["add", "Dev", "--category", "friend", "--circle", "outer"]);
    s.ok(&["add", "Old", "--category", "friend"]);
    s.ok(&["contacts", "pause", "Dev", "--reason", "taking space"]);
    s.ok(&["contacts", "archive", "Old"]);

    let names =
        |args: &[&str]| -> Vec<String> { s.list(args).into_iter().map(|p| p.name).collect() };
    assert_eq!(names(&[]), ["Dev", "Jo", "Sam"]);
    assert_eq!(names(&["--all"]), ["Dev", "Jo", "Old", "Sam"]);
    assert_eq!(names(&["--status", "archived"]), ["Old"]);
    assert_eq!(names(&["--status", "paused"]), ["Dev"]);
    assert_eq!(names(&["--category", "friends"]), ["Dev"]);
    assert_eq!(names(&["--gives", "practical"]), ["Sam"]);
    assert_eq!(names(&["--circle", "inner"]), ["Jo"]);
    assert_eq!(names(&["--crisis"]), ["Jo"]);
    assert_eq!(names(&["--tag", "HOME"]), ["Sam"]);
    assert!(names(&["--category", "spiritual"]).is_empty());
    // `contacts` alone lists, just like `contacts list`.
    assert_eq!(s.ok(&["contacts"]), s.ok(&["contacts", "list"]));
}

/// A map with a paused tie, a role, a crisis place, rhythms and a wide-character name.
fn table_map() -> Sandbox {
    let s = Sandbox::new();
    for args in [
        &[
            "add",
            "Jo",
            "--category",
            "sponsor",
            "--gives",
            "advice,accountability",
            "--crisis-order",
            "1",
            "--every",
            "weekly",
            "--circle",
            "inner",
        ][..],
        &[
            "add",
            "Dr Amara Okafor",
            "--category",
            "professional",
            "--role",
            "therapist",
            "--gives",
            "emotional,advice",
            "--every",
            "biweekly",
        ],
        &[
            "add",
            "Dev",
            "--category",
            "friend",
            "--role",
            "old friend",
            "--circle",
            "outer",
        ],
        &["contacts", "pause", "dev", "--reason", "taking space"],
        &[
            "add",
            "陳大文",
            "--category",
            "family",
            "--gives",
            "emotional,practical,belonging",
            "--circle",
            "inner",
        ],
        &["checkin", "jo", "--at", "3d ago"],
        &["checkin", "dr", "--at", "20d ago"],
    ] {
        s.ok(args);
    }
    s
}

/// The table picks its columns by the width: no word is ever split, and the name,
/// crisis place, last contact and due are always there.
#[test]
fn the_table_fits_60_80_100_and_140_columns_without_splitting_a_word() {
    let s = table_map();
    let expected: [(&str, &str); 4] = [
        (
            "60",
            concat!(
                " Name              Category       Crisis   Last     Due\n",
                "───────────────── ────────────── ──────── ──────── ────────\n",
                " (Dev)             friend                  -        -\n",
                " Dr Amara Okafor   professional            2w ago   6d ago\n",
                " Jo                sponsor        1st      3d ago   in 4d\n",
                " 陳大文            family                  -        -\n",
                "4 supporters, 1 paused\n",
            ),
        ),
        (
            "80",
            concat!(
                " Name              Category       Circle   Crisis   Last     Due      Status\n",
                "───────────────── ────────────── ──────── ──────── ──────── ──────── ────────\n",
                " Dev               friend         outer             -        -        paused\n",
                " Dr Amara Okafor   professional   middle            2w ago   6d ago\n",
                " Jo                sponsor        inner    1st      3d ago   in 4d\n",
                " 陳大文            family         inner             -        -\n",
                "4 supporters, 1 paused\n",
            ),
        ),
        (
            "100",
            concat!(
                " Name              Category       Circle   Gives         Crisis   Last     Due      Status\n",
                "───────────────── ────────────── ──────── ───────────── ──────── ──────── ──────── ────────\n",
                " Dev               friend         outer                           -        -        paused\n",
                " Dr Amara Okafor   professional   middle   emo adv                2w ago   6d ago\n",
                " Jo                sponsor        inner    adv acc       1st      3d ago   in 4d\n",
                " 陳大文            family         inner    emo pra bel            -        -\n",
                "4 supporters, 1 paused\n",
            ),
        ),
        (
            "140",
            concat!(
                " Name              Category                   Circle   Gives                             Crisis   Last contact   Due          Status\n",
                "───────────────── ────────────────────────── ──────── ───────────────────────────────── ──────── ────────────── ──────────── ────────\n",
                " Dev               friend (old friend)        outer                                               -              -            paused\n",
                " Dr Amara Okafor   professional (therapist)   middle   emotional, advice                          2 weeks ago    6 days ago\n",
                " Jo                sponsor                    inner    advice, accountability            1st      3 days ago     in 4 days\n",
                " 陳大文            family                     inner    emotional, practical, belonging            -              -\n",
                "4 supporters, 1 paused\n",
            ),
        ),
    ];
    for (width, table) in expected {
        let out = s
            .cmd()
            .env("COLUMNS", width)
            .arg("contacts")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text, table, "at {width} columns");
        let width: usize = width.parse().unwrap();
        assert!(
            text.lines()
                .all(|l| unicode_width::UnicodeWidthStr::width(l) <= width)
        );
    }
}

#[test]
fn show_prints_every_field() {
    let s = sandbox_with_jo();
    s.ok(&[
        "contacts",
        "edit",
        "jo",
        "--since",
        "2024-02-01",
        "--note",
        "met at NA",
    ]);
    let out = s.ok(&["contacts", "show", "jo"]);
    assert!(
        out.starts_with("Jo\n  kind          person\n  category      sponsor\n"),
        "{out}"
    );
    for line in [
        "  circle        inner",
        "  gives         advice, accountability, crisis",
        "  phone         555-0101",
        "  email         -",
        "  crisis        yes",
        "  every         weekly",
        "  status        active",
        "  note          met at NA",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    assert!(out.contains("  since         2024-02-01 ("), "{out}");
}

#[test]
fn edit_changes_only_what_it_is_told() {
    let s = sandbox_with_jo();
    s.ok(&[
        "contacts",
        "edit",
        "jo",
        "--rename",
        "Jo B",
        "--add-gives",
        "emotional",
        "--remove-gives",
        "advice",
        "--crisis-order",
        "1",
        "--add-tag",
        "na",
    ]);
    let jo = s.supporter("jo b");
    assert_eq!(jo.gives, ["emotional", "accountability", "crisis"]);
    assert_eq!(jo.crisis_order, Some(1));
    assert_eq!(jo.phone.as_deref(), Some("555-0101"));
    assert_eq!(jo.every.as_deref(), Some("weekly"));
    assert_eq!(jo.tags, ["na"]);

    s.ok(&[
        "contacts",
        "edit",
        "jo b",
        "--no-crisis",
        "--clear",
        "phone,every",
        "--remove-tag",
        "na",
    ]);
    let jo = s.supporter("jo b");
    assert!(!jo.crisis);
    assert_eq!(
        jo.crisis_order, None,
        "leaving the crisis list clears the order"
    );
    assert_eq!((jo.phone, jo.every), (None, None));
    assert!(jo.tags.is_empty());

    s.ok(&[
        "contacts",
        "edit",
        "jo b",
        "--gives",
        "practical",
        "--category",
        "friend",
    ]);
    let jo = s.supporter("jo b");
    assert_eq!(jo.gives, ["practical"]);
    assert_eq!(jo.category, "friend");

    s.ok(&["add", "Sam", "--category", "family"]);
    let before = s.snapshot();
    s.fails(2, &["contacts", "edit", "sam", "--rename", "JO B"]);
    assert_eq!(s.snapshot(), before);
    // A change of case in one's own name is fine.
    s.ok(&["contacts", "edit", "sam", "--rename", "SAM"]);
    assert_eq!(s.supporter("sam").name, "SAM");
}

#[test]
fn pausing_is_a_boundary_that_resume_lifts() {
    let s = sandbox_with_jo();
    let out = s.ok(&["contacts", "pause", "jo", "--reason", "taking space"]);
    assert!(out.starts_with("Paused Jo. They stay in your map"), "{out}");
    assert!(out.contains("still a crisis contact"), "{out}");
    assert!(
        out.contains("supportmap contacts edit Jo --no-crisis"),
        "{out}"
    );
    let jo = s.supporter("jo");
    assert_eq!(jo.status, "paused");
    assert_eq!(jo.paused_reason.as_deref(), Some("taking space"));
    assert!(
        s.ok(&["contacts", "show", "jo"])
            .contains("  status        paused: taking space")
    );

    assert_eq!(s.ok(&["contacts", "resume", "jo"]), "Resumed Jo.\n");
    let jo = s.supporter("jo");
    assert_eq!((jo.status.as_str(), jo.paused_reason), ("active", None));
    assert_eq!(
        s.ok(&["contacts", "resume", "jo"]),
        "Jo is already active.\n"
    );

    s.ok(&["contacts", "archive", "jo"]);
    assert_eq!(s.supporter("jo").status, "archived");
    s.ok(&["contacts", "resume", "jo"]);
    assert_eq!(s.supporter("jo").status, "active");
}

#[test]
fn remove_needs_yes_without_a_terminal() {
    let s = sandbox_with_jo();
    let before = s.snapshot();
    let err = s.fails(2, &["contacts", "remove", "jo"]);
    assert!(err.contains("removing Jo needs --yes when there is no terminal"));
    assert_eq!(s.snapshot(), before);
    assert_eq!(
        s.ok(&["contacts", "remove", "jo", "--yes"]),
        "Removed Jo. `supportmap undo` brings them back; their details stay in the history \
         until you prune it.\n"
    );
    assert!(s.list(&["--all"]).is_empty());
    s.ok(&["undo", "--yes"]);
    assert_eq!(s.supporter("jo").name, "Jo");
}

#[test]
fn read_commands_on_a_missing_database_are_empty_and_create_nothing() {
    let s = Sandbox::new();
    let out = s.cmd().args(["contacts"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Your map is empty"));
    assert_eq!(s.ok(&["contacts", "--json"]).trim(), "[]");
    assert_eq!(s.ok(&["-q", "contacts"]), "");
    s.fails(2, &["contacts", "show", "jo"]);
    s.fails(2, &["contacts", "pause", "jo"]);
    assert!(!s.db.exists());
    assert!(!s.db.parent().unwrap().exists());
}

#[test]
fn json_output_of_writes_is_the_stored_supporter() {
    let s = Sandbox::new();
    let out = s.ok(&["--json", "add", "Jo", "--category", "sponsor"]);
    let added: common::SupporterJson = serde_json::from_str(&out).unwrap();
    assert_eq!(added, s.supporter("jo"));
    let out = s.ok(&["contacts", "edit", "jo", "--phone", "555", "--json"]);
    let edited: common::SupporterJson = serde_json::from_str(&out).unwrap();
    assert_eq!(edited.phone.as_deref(), Some("555"));
}

#[test]
fn quiet_leaves_out_confirmations() {
    let s = Sandbox::new();
    assert_eq!(s.ok(&["-q", "add", "Jo", "--category", "sponsor"]), "");
    assert_eq!(s.list(&[]).len(), 1);
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let s = Sandbox::new();
    for i in 0..200 {
        s.ok(&[
            "-q",
            "add",
            &format!("Person {i:03}"),
            "--category",
            "friend",
        ]);
    }
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("supportmap"))
        .env("SUPPORTMAP_DB", &s.db)
        .arg("contacts")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn colour_only_when_forced_and_never_with_no_color() {
    let s = sandbox_with_jo();
    let forced = s
        .cmd()
        .env("CLICOLOR_FORCE", "1")
        .arg("contacts")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'));
    let plain = s
        .cmd()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .arg("contacts")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let flag = s
        .cmd()
        .env("CLICOLOR_FORCE", "1")
        .args(["--no-color", "contacts"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&flag.stdout).contains('\u{1b}'));
    assert!(!s.ok(&["contacts"]).contains('\u{1b}'));
}

#[test]
fn ids_are_never_handed_out_twice() {
    let s = Sandbox::new();
    s.ok(&["add", "Zed", "--category", "friend"]);
    let zed = s.supporter("zed").id;
    s.ok(&["contacts", "remove", "zed", "--yes"]);
    s.ok(&["add", "Yan", "--category", "friend"]);
    assert_ne!(s.supporter("yan").id, zed);
}

#[test]
fn a_place_in_the_crisis_order_is_never_shared() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Maria",
        "--category",
        "friend",
        "--crisis-order",
        "1",
    ]);
    s.ok(&["add", "Ben", "--category", "friend", "--crisis-order", "2"]);
    s.ok(&["add", "Mum", "--category", "family", "--crisis-order", "1"]);
    let order = |name: &str| s.supporter(name).crisis_order;
    assert_eq!(
        (order("mum"), order("maria"), order("ben")),
        (Some(1), Some(2), Some(3))
    );
    s.ok(&["contacts", "edit", "ben", "--crisis-order", "1"]);
    assert_eq!(
        (order("ben"), order("mum"), order("maria")),
        (Some(1), Some(2), Some(3))
    );
    // `contacts --crisis` lists them in the order to call them.
    let names: Vec<String> = s.list(&["--crisis"]).into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Ben", "Mum", "Maria"]);
}

#[test]
fn contradictory_flags_and_odd_paths_are_refused_kindly() {
    let s = sandbox_with_jo();
    let before = s.snapshot();
    for args in [
        &["contacts", "edit", "jo", "--gives", "crisis", "--no-crisis"][..],
        &[
            "contacts",
            "edit",
            "jo",
            "--add-gives",
            "crisis",
            "--no-crisis",
        ],
        &[
            "contacts",
            "edit",
            "jo",
            "--crisis",
            "--remove-gives",
            "crisis",
        ],
    ] {
        let err = s.fails(2, args);
        assert!(err.contains("ask for opposite things"), "{err}");
    }
    let err = s.fails(2, &["add", "X", "--category", "friend", "--phone", ""]);
    assert!(err.contains("--clear phone"), "{err}");
    assert_eq!(s.snapshot(), before);

    let folder = s.dir.path().to_str().unwrap().to_string();
    let err = s.fails(3, &["--db", &folder, "contacts"]);
    assert!(err.contains("is a folder, not a database file"), "{err}");
    assert!(err.contains("hint: pass a file inside it"), "{err}");
}

#[test]
fn pausing_twice_says_so_and_archiving_a_crisis_contact_notes_it() {
    let s = sandbox_with_jo();
    s.ok(&["contacts", "pause", "jo"]);
    assert_eq!(
        s.ok(&["contacts", "pause", "jo"]),
        "Jo is already paused.\n"
    );
    assert_eq!(
        s.ok(&["contacts", "pause", "jo", "--reason", "space"]),
        "Jo is already paused; the reason is updated.\n"
    );
    assert_eq!(s.supporter("jo").paused_reason.as_deref(), Some("space"));
    let out = s.ok(&["contacts", "archive", "jo"]);
    assert!(out.contains("They were a crisis contact"), "{out}");
}

#[test]
fn an_empty_file_given_as_the_database_becomes_private() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.db.parent().unwrap()).unwrap();
    std::fs::write(&s.db, b"").unwrap();
    std::fs::set_permissions(&s.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    let mode = std::fs::metadata(&s.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_name_that_is_a_later_word_is_suggested() {
    let s = Sandbox::new();
    s.ok(&["add", "Peer mentor Kay", "--category", "peer"]);
    let err = s.fails(2, &["checkin", "kay"]);
    assert!(
        err.contains("hint: did you mean \"Peer mentor Kay\"?"),
        "{err}"
    );
}

#[test]
fn names_are_found_as_people_type_them() {
    let s = Sandbox::new();
    s.ok(&["add", "Siobhán O'Brien", "--category", "friend"]);
    assert_eq!(s.supporter("siobhan").name, "Siobhán O'Brien");
    assert_eq!(s.supporter("Siobhan O’Brien").name, "Siobhán O'Brien");
    s.ok(&["checkin", "siobhan o'b"]);

    // Two words without quotes: a hint with the command to type.
    let err = s.fails(2, &["add", "Auntie", "Bea", "--category", "family"]);
    assert!(
        err.contains("error: a name of more than one word needs quotes"),
        "{err}"
    );
    assert!(
        err.contains("hint: put the name in quotes: supportmap add 'Auntie Bea' --category family"),
        "{err}"
    );
}
