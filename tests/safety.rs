//! "Your data is safe": no command can lose the map, change a file it was not asked to
//! write, hang, panic, or print a line the user did not write as if supportmap had
//! written it. Each test drives the binary on a map of its own.

mod common;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::Duration;

use common::Sandbox;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// A map with one crisis contact, so every output has something in it.
fn with_jo() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--crisis",
        "--phone",
        "555-0101",
        "--circle",
        "inner",
    ]);
    s
}

/// True when this machine lets a test make a private mount namespace (root, with
/// `unshare`); otherwise the test says so and is skipped.
fn can_unshare() -> bool {
    let ok = Process::new("unshare")
        .args(["-m", "--propagation", "private", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("note: unshare -m is not permitted here; this check is skipped");
    }
    ok
}

/// Runs `script` with `sh` in a private mount namespace, with `$SM` the binary and
/// `$HOME` the sandbox's home (so the default map is the sandbox's).
fn in_namespace(s: &Sandbox, script: &str) -> std::process::Output {
    Process::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c", script])
        .env("SM", assert_cmd::cargo::cargo_bin("supportmap"))
        .env("HOME", s.home())
        .env("XDG_DATA_HOME", s.home().join(".local/share"))
        .env_remove("SUPPORTMAP_DB")
        .env("TZ", "UTC")
        .output()
        .expect("unshare runs")
}

// 1. --out never destroys anything.

#[test]
fn out_never_writes_over_the_map_by_any_name() {
    let s = with_jo();
    let before = std::fs::read(&s.db).unwrap();
    let folder = s.db.parent().unwrap();
    let hard = s.dir.path().join("hard-link.db");
    std::fs::hard_link(&s.db, &hard).unwrap();
    let dotted = folder.join(".").join("supportmap.db");
    let wal = folder.join("supportmap.db-wal");
    let shm = folder.join("supportmap.db-shm");
    for target in [&s.db, &hard, &dotted, &wal, &shm] {
        for args in [
            vec![
                "map",
                "--format",
                "svg",
                "--out",
                path_str(target),
                "--force",
            ],
            vec!["plan", "export", "--out", path_str(target), "--force"],
            vec!["demo", "--svg", path_str(target), "--force"],
        ] {
            let err = s.fails(2, &args);
            assert!(err.contains("your map's database"), "{args:?}: {err}");
        }
    }
    assert_eq!(std::fs::read(&s.db).unwrap(), before, "the map changed");
    assert_eq!(s.list(&[]).len(), 1);
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_ends_private() {
    let s = with_jo();
    let file = s.dir.path().join("map.svg");
    std::fs::write(&file, "my own drawing").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = s.fails(2, &["map", "--format", "svg", "--out", path_str(&file)]);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own drawing");
    assert_eq!(mode(&file), 0o644);

    s.ok(&[
        "map",
        "--format",
        "svg",
        "--out",
        path_str(&file),
        "--force",
    ]);
    assert!(std::fs::read_to_string(&file).unwrap().contains("<svg"));
    assert_eq!(mode(&file), 0o600, "the replaced file is private");
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !names.iter().any(|n| n.to_string_lossy().ends_with(".tmp")),
        "{names:?}"
    );

    // The same for the plan export.
    let plan = s.dir.path().join("plan.html");
    s.ok(&[
        "plan",
        "export",
        "--format",
        "html",
        "--out",
        path_str(&plan),
    ]);
    assert_eq!(mode(&plan), 0o600);
    s.fails(2, &["plan", "export", "--out", path_str(&plan)]);
    s.ok(&["plan", "export", "--out", path_str(&plan), "--force"]);
}

#[test]
fn links_folders_pipes_and_devices_are_refused_without_a_write_or_a_hang() {
    let s = with_jo();
    let real = s.dir.path().join("real.txt");
    std::fs::write(&real, "keep me").unwrap();
    let link = s.dir.path().join("link.svg");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let dangling = s.dir.path().join("dangling.svg");
    std::os::unix::fs::symlink(s.dir.path().join("nowhere.svg"), &dangling).unwrap();
    let fifo = s.dir.path().join("pipe.svg");
    assert!(
        Process::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success(),
        "mkfifo"
    );
    let null_mode = mode(Path::new("/dev/null"));
    for (target, expected) in [
        (&link, "symbolic link"),
        (&dangling, "symbolic link"),
        (&fifo, "named pipe"),
        (&s.dir.path().to_path_buf(), "is a folder"),
        (&PathBuf::from("/dev/null"), "a device"),
    ] {
        let out = s
            .cmd()
            .args([
                "map",
                "--format",
                "svg",
                "--force",
                "--out",
                path_str(target),
            ])
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{target:?}: {err}");
        assert!(err.contains(expected), "{target:?}: {err}");
        assert_eq!(err.lines().count(), 2, "{err}");
    }
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "keep me");
    assert!(!s.dir.path().join("nowhere.svg").exists());
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(mode(Path::new("/dev/null")), null_mode);
}

#[test]
fn a_write_that_fails_on_a_full_disk_leaves_the_old_file_whole() {
    let s = with_jo();
    if !can_unshare() {
        return;
    }
    let small = s.dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let script = format!(
        "set -u; mount -t tmpfs -o size=1m tmpfs '{dir}' || exit 99
         printf 'the old picture' > '{dir}/map.svg'
         dd if=/dev/zero of='{dir}/fill' bs=4k 2>/dev/null
         \"$SM\" map --format svg --out '{dir}/map.svg' --force; echo \"rc=$?\"
         cat '{dir}/map.svg'; echo; ls -a '{dir}'",
        dir = small.display()
    );
    let out = in_namespace(&s, &script);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(99) {
        eprintln!("note: tmpfs cannot be mounted here; this check is skipped");
        return;
    }
    assert!(stdout.contains("rc=2"), "{stdout}{stderr}");
    assert!(stdout.contains("the old picture"), "{stdout}");
    assert!(
        !stdout.contains(".tmp"),
        "a temporary file was left: {stdout}"
    );
    assert!(stderr.contains("error: could not write"), "{stderr}");
    assert!(stderr.contains("hint: the disk is full"), "{stderr}");
}

// 2. --db never harms what it points at. 3. A named map must exist for a read.

#[test]
fn devices_and_fifos_as_the_map_are_refused_and_untouched() {
    let s = Sandbox::new();
    let fifo = s.dir.path().join("map.fifo");
    assert!(
        Process::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // A private copy of /dev/null (root only), so its mode can be watched safely.
    let null = s.dir.path().join("null");
    let have_null = Process::new("mknod")
        .args([path_str(&null), "c", "1", "3"])
        .status()
        .is_ok_and(|st| st.success());
    if have_null {
        std::fs::set_permissions(&null, std::fs::Permissions::from_mode(0o666)).unwrap();
    } else {
        eprintln!("note: mknod is not permitted here; the device check uses only the FIFO");
    }
    let mut targets = vec![fifo.clone()];
    if have_null {
        targets.push(null.clone());
    }
    for target in &targets {
        for args in [
            vec!["crisis"],
            vec!["contacts"],
            vec!["add", "Jo", "--category", "friend"],
            vec!["doctor"],
        ] {
            let out = s
                .cmd()
                .arg("--db")
                .arg(target)
                .args(&args)
                .timeout(Duration::from_secs(20))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{target:?} {args:?}: {err}");
            assert!(
                err.contains("not a map file") || stdout_has(&out, "not a map file"),
                "{err}"
            );
        }
    }
    if have_null {
        assert_eq!(mode(&null), 0o666, "the device's mode changed");
    }
    let leftovers: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-journal") || n.contains("-wal") || n.contains("-shm"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn stdout_has(out: &std::process::Output, text: &str) -> bool {
    String::from_utf8_lossy(&out.stdout).contains(text)
}

#[test]
fn a_named_map_that_is_missing_is_an_error_for_reads_and_announced_for_writes() {
    let s = Sandbox::new();
    let typo = s.dir.path().join("suportmap.db");
    for args in [
        vec!["checkin", "due", "-q", "--exit-code"],
        vec!["contacts"],
        vec!["gaps"],
        vec!["map"],
        vec!["plan"],
    ] {
        let out = s
            .cmd()
            .env("SUPPORTMAP_DB", &typo)
            .args(&args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert!(
            err.contains(&format!("error: no map at {}", typo.display())),
            "{err}"
        );
        assert!(err.contains("hint: SUPPORTMAP_DB names this path"), "{err}");
    }
    let mut args = vec!["--db", path_str(&typo)];
    args.push("contacts");
    let err = s.fails(3, &args);
    assert!(err.contains("hint: check the path"), "{err}");
    // The crisis card still shows where help is, then says what is wrong.
    let out = s
        .cmd()
        .args(["--db", path_str(&typo), "crisis"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout_has(&out, "emergency number"));
    assert!(!typo.exists(), "a read created the map");

    // The default place keeps its quiet empty answer.
    assert_eq!(s.ok(&["contacts", "--json"]).trim(), "[]");

    // A write to a new named path starts a map there, and says so once.
    let out = s
        .cmd()
        .args(["--db", path_str(&typo), "add", "Jo", "--category", "friend"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        format!("Started a new map at {}.", typo.display())
    );
    let out = s
        .cmd()
        .args([
            "--db",
            path_str(&typo),
            "add",
            "Sam",
            "--category",
            "friend",
        ])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "said again on the second write");
}

// 4. No panics, ever.

#[test]
fn arguments_that_are_not_utf8_get_a_usage_error() {
    let s = with_jo();
    let bad = OsString::from_vec(b"J\xffo".to_vec());
    for args in [
        vec![
            OsString::from("contacts"),
            OsString::from("show"),
            bad.clone(),
        ],
        vec![OsString::from("add"), bad.clone()],
        vec![OsString::from("checkin"), bad.clone()],
        vec![bad.clone()],
        vec![OsString::from("map"), OsString::from("--me"), bad.clone()],
    ] {
        let out = s.cmd().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.lines().count() <= 2, "{err}");
    }
}

// 5. Text from the user can't drive the terminal or fake a line.

const PAYLOADS: &[&str] = &[
    "Jo\u{1b}[2J",
    "Jo\u{1b}]0;pwned\u{7}",
    "Jo\u{9b}31m",
    "Jo\u{202e}5550",
    "Jo\u{2066}x\u{2069}",
    "Jo\u{200b}",
    "Jo\u{feff}",
    "Jo\u{e0041}",
    "Jo\u{7f}",
];

#[test]
fn hidden_characters_are_refused_in_every_stored_field() {
    let s = with_jo();
    s.ok(&["add", "Sam", "--category", "friend"]);
    let mut cases: Vec<Vec<String>> = Vec::new();
    for payload in PAYLOADS {
        let p = payload.to_string();
        let add = |flag: &str, value: &str| -> Vec<String> {
            let mut v: Vec<String> = ["add", "Kay", "--category", "peer"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            v.push(flag.to_string());
            v.push(value.to_string());
            v
        };
        cases.push(vec![
            "add".into(),
            p.clone(),
            "--category".into(),
            "peer".into(),
        ]);
        for flag in [
            "--role",
            "--phone",
            "--email",
            "--contact",
            "--available",
            "--note",
            "--tag",
        ] {
            let value = if flag == "--email" {
                format!("{p}@x.org")
            } else {
                format!("{p}5")
            };
            cases.push(add(flag, &value));
        }
        cases.push(vec![
            "contacts".into(),
            "edit".into(),
            "jo".into(),
            "--rename".into(),
            p.clone(),
        ]);
        cases.push(vec![
            "checkin".into(),
            "jo".into(),
            "--note".into(),
            p.clone(),
        ]);
        cases.push(vec![
            "contacts".into(),
            "pause".into(),
            "sam".into(),
            "--reason".into(),
            p.clone(),
        ]);
        cases.push(vec![
            "gaps".into(),
            "dismiss".into(),
            "category-missing:spiritual".into(),
            "--reason".into(),
            p.clone(),
        ]);
        cases.push(vec![
            "plan".into(),
            "add".into(),
            "coping".into(),
            p.clone(),
        ]);
    }
    // One-line fields refuse line breaks: a role cannot put a fake number on the card.
    for flag in ["--role", "--phone", "--available", "--contact"] {
        cases.push(
            [
                "add",
                "Kay",
                "--category",
                "peer",
                flag,
                "sister\n2. Fake 555-0000",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        );
    }
    cases.push(
        ["contacts", "pause", "sam", "--reason", "one\ntwo"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    let before = s.snapshot();
    for case in &cases {
        let args: Vec<&str> = case.iter().map(String::as_str).collect();
        let err = s.fails(2, &args);
        assert!(
            err.contains("hidden control character") || err.contains("one line"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "{err:?}"
        );
        assert_eq!(s.snapshot(), before, "{args:?} changed the map");
    }
}

/// A map from an older supportmap (schema 4), with escape sequences and a fake crisis
/// line stored before the rule existed.
fn legacy_map(s: &Sandbox) {
    std::fs::create_dir_all(s.db.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    for sql in [
        include_str!("../migrations/0001_init.sql"),
        include_str!("../migrations/0002_checkins.sql"),
        include_str!("../migrations/0003_dismissed_gaps.sql"),
        include_str!("../migrations/0004_safety_plan.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "PRAGMA user_version = 4;
         INSERT INTO supporters (id, name, name_key, kind, category, role, circle, mode, phone,
             status, paused_reason, note, created_at, updated_at)
         VALUES (1, 'Jo', 'jo', 'person', 'sponsor',
             'sister' || char(10) || '2. Fake (friend) 555-6666', 'inner', 'in-person',
             '555-0101', 'active', NULL, 'note' || char(27) || '[2J',
             '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
             (2, 'Sam' || char(8238) || 'x', 'sam' || char(8238) || 'x', 'person', 'friend',
             NULL, 'middle', 'online', NULL, 'paused', 'why' || char(27) || ']0;t' || char(7),
             NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO supporter_gives VALUES (1, 'crisis');
         INSERT INTO checkins (supporter_id, batch, at, via, initiated_by, note, created_at)
         VALUES (1, 1, '2026-01-02T00:00:00Z', 'call', 'me', 'x' || char(27) || '[31mred',
             '2026-01-02T00:00:00Z');
         INSERT INTO dismissed_gaps VALUES ('category-missing:peer', 'r' || char(155) || 'x',
             '2026-01-02T00:00:00Z');
         INSERT INTO plan_items (section, position, text, created_at)
         VALUES ('coping', 1, 'walk' || char(27) || '[8m', '2026-01-02T00:00:00Z');",
    )
    .unwrap();
    std::fs::set_permissions(&s.db, std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn assert_clean(what: &str, text: &str) {
    for c in text.chars() {
        let hidden = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}');
        assert!(!hidden, "{what} printed {c:?}:\n{text}");
    }
}

#[test]
fn text_stored_by_older_versions_is_made_visible_in_every_output() {
    let s = Sandbox::new();
    legacy_map(&s);
    let outputs: &[&[&str]] = &[
        &["contacts", "--all"],
        &["contacts", "show", "jo"],
        &["contacts", "show", "jo", "--json"],
        &["contacts", "--all", "--json"],
        &["checkin", "list"],
        &["checkin", "list", "--json"],
        &["crisis"],
        &["crisis", "--json"],
        &["gaps", "--all"],
        &["gaps", "--all", "--json"],
        &["map"],
        &["map", "--format", "svg"],
        &["map", "--format", "dot"],
        &["map", "--format", "mermaid"],
        &["map", "--format", "json"],
        &["plan"],
        &["plan", "export", "--format", "markdown"],
        &["plan", "export", "--format", "html"],
        &["doctor"],
    ];
    for args in outputs {
        let out = s.ok(args);
        assert_clean(&format!("{args:?}"), &out);
    }
    // Nothing was lost: the escapes are there as visible text, on one line.
    let jo = s.supporter("jo");
    assert_eq!(jo.role.as_deref(), Some("sister 2. Fake (friend) 555-6666"));
    assert_eq!(jo.note.as_deref(), Some("note\\u{1b}[2J"));
    // The crisis card has one numbered line: the role cannot fake a second contact.
    let card = s.ok(&["crisis"]);
    let numbered = card
        .lines()
        .filter(|l| l.trim_start().starts_with("2."))
        .count();
    assert_eq!(numbered, 0, "{card}");
    // The SVG is still well-formed XML.
    roxmltree::Document::parse(&s.ok(&["map", "--format", "svg"])).expect("well-formed SVG");
}

#[test]
fn the_crisis_card_repairs_old_text_even_before_the_map_is_upgraded() {
    let s = Sandbox::new();
    legacy_map(&s);
    // `crisis` reads without migrating: the repair happens as it reads.
    let card = s.ok(&["crisis"]);
    assert_clean("crisis", &card);
    let numbered = card
        .lines()
        .filter(|l| l.trim_start().starts_with("2."))
        .count();
    assert_eq!(numbered, 0, "{card}");
    let version: i64 = rusqlite::Connection::open(&s.db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4, "crisis migrated the map");
}

#[test]
fn blank_look_alike_and_placeholder_names_are_refused() {
    let s = with_jo();
    let before = s.snapshot();
    for (name, expected) in [
        ("\u{3164}", "is empty"),
        ("\u{2800}", "is empty"),
        ("Jo\u{fe0f}", "hidden"),
        ("J\u{34f}o", "hidden"),
        ("NAME", "placeholder"),
    ] {
        let err = s.fails(2, &["add", name, "--category", "friend"]);
        assert!(err.contains(expected), "{name:?}: {err}");
    }
    let err = s.fails(2, &["plan", "add", "coping", "..."]);
    assert!(err.contains("placeholder"), "{err}");
    let err = s.fails(
        2,
        &["add", "Kay", "--category", "peer", "--role", "peer\tmentor"],
    );
    assert!(
        err.contains("--role contains a tab; use a space instead"),
        "{err}"
    );
    let err = s.fails(
        2,
        &[
            "add",
            "Kay",
            "--category",
            "peer",
            "--role",
            &"x".repeat(400),
        ],
    );
    assert!(err.contains("longer than 300 characters"), "{err}");
    let err = s.fails(2, &["checkin", "jo", "--at", "300000 weeks ago"]);
    assert!(err.contains("too far from today"), "{err}");
    assert_eq!(s.snapshot(), before);
}

#[test]
fn out_is_protected_through_a_link_to_the_map() {
    let s = with_jo();
    let link = s.dir.path().join("link.db");
    std::os::unix::fs::symlink(&s.db, &link).unwrap();
    let real_wal = format!("{}-wal", s.db.display());
    for target in [real_wal.as_str(), path_str(&s.db)] {
        let err = s.fails(
            2,
            &[
                "--db",
                path_str(&link),
                "map",
                "--format",
                "svg",
                "--force",
                "--out",
                target,
            ],
        );
        assert!(err.contains("your map's database"), "{target}: {err}");
    }
}

#[test]
fn a_dangling_link_as_the_map_is_named() {
    let s = Sandbox::new();
    let link = s.dir.path().join("map.db");
    std::os::unix::fs::symlink(s.dir.path().join("gone.db"), &link).unwrap();
    let err = s.fails(
        3,
        &["--db", path_str(&link), "add", "Jo", "--category", "friend"],
    );
    assert!(
        err.contains("is a link to a file that does not exist"),
        "{err}"
    );
    assert!(!s.dir.path().join("gone.db").exists());
}

#[test]
fn errors_show_what_was_typed_visibly_on_one_line() {
    let s = with_jo();
    let err = s.fails(2, &["contacts", "show", "x\u{1b}[2J\ny"]);
    assert!(err.contains("x\\u{1b}[2J\\ny"), "{err}");
    let err = s.fails(2, &["gaps", "dismiss", "no\u{202e}such"]);
    assert!(err.contains("no\\u{202e}such"), "{err}");
}

// 6. The crisis card answers whenever the file can be read.

#[test]
fn the_crisis_card_leaves_nothing_beside_a_closed_map() {
    let s = with_jo();
    let folder = s.db.parent().unwrap();
    let before: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(s.ok(&["crisis"]).contains("555-0101"));
    let after: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "crisis left files beside the map");
}

#[test]
fn the_crisis_card_answers_on_a_read_only_mount_and_a_full_disk() {
    let s = with_jo();
    if !can_unshare() {
        return;
    }
    let folder = s.db.parent().unwrap().display().to_string();
    let script = format!(
        "mount --bind '{folder}' '{folder}' && mount -o remount,ro,bind '{folder}' || exit 99
         \"$SM\" crisis; echo \"rc=$?\"; \"$SM\" contacts; echo \"rc=$?\"
         \"$SM\" add Sam --category friend; echo \"rc=$?\"; ls -a '{folder}'"
    );
    let out = in_namespace(&s, &script);
    if out.status.code() == Some(99) {
        eprintln!("note: a read-only bind mount is not permitted here; skipped");
        return;
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("1. Jo"), "{stdout}{stderr}");
    assert!(stdout.contains("555-0101"), "{stdout}");
    let codes: Vec<&str> = stdout.lines().filter(|l| l.starts_with("rc=")).collect();
    assert_eq!(codes, ["rc=0", "rc=0", "rc=3"], "{stdout}{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");

    // A full disk: the map copied onto a tmpfs with no room left for a -shm.
    let full = s.dir.path().join("full");
    std::fs::create_dir(&full).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=256k tmpfs '{dir}' || exit 99
         cp '{db}' '{dir}/map.db'
         dd if=/dev/zero of='{dir}/fill' bs=1k 2>/dev/null
         \"$SM\" --db '{dir}/map.db' crisis; echo \"rc=$?\"",
        dir = full.display(),
        db = s.db.display()
    );
    let out = in_namespace(&s, &script);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() == Some(99) {
        return;
    }
    assert!(
        stdout.contains("555-0101"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("rc=0"), "{stdout}");
}

// 7. Suggested commands paste safely.

#[test]
fn suggested_commands_read_back_exactly_in_bash() {
    let s = Sandbox::new();
    let names = [
        "Tuesday SMART Recovery",
        "Siobhán O'Brien",
        "Dollar $HOME",
        "Bang! now",
        "Tick `whoami`",
        "Quote\"d",
        "Back\\slash",
    ];
    for name in names {
        s.ok(&["add", name, "--category", "peer", "--every", "weekly"]);
        s.ok(&["checkin", name, "--at", "30d ago"]);
    }
    let report = s
        .cmd()
        .env("COLUMNS", "60")
        .args(["gaps", "--all"])
        .output()
        .unwrap();
    let report = String::from_utf8(report.stdout).unwrap();
    // Each suggested `supportmap checkin ...` command, with its continuations joined.
    let joined = report.replace(" \\\n", " ");
    let commands: Vec<&str> = joined
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("supportmap checkin "))
        .collect();
    assert_eq!(commands.len(), names.len(), "{report}");
    for (command, name) in commands.iter().zip(names_in_report_order(&report, &names)) {
        let args = bash_words(command);
        assert_eq!(args, ["checkin", name], "{command}");
    }

    // The confirmation after a dismissal names a restore command that works when pasted.
    let out = s.ok(&["gaps", "dismiss", "overdue:Tuesday SMART Recovery"]);
    let restore = out
        .split('`')
        .find(|part| part.starts_with("supportmap gaps restore"))
        .expect("a restore command");
    assert_eq!(
        bash_words(restore),
        ["gaps", "restore", "overdue:Tuesday SMART Recovery"]
    );
    let words = bash_words(restore);
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    s.ok(&args);
}

/// The names in the order their gaps appear in the report.
fn names_in_report_order<'a>(report: &str, names: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(usize, &str)> = names
        .iter()
        .map(|n| {
            let at = report
                .find(&format!("Last in touch with {n}"))
                .unwrap_or_else(|| panic!("no gap for {n}:\n{report}"));
            (at, *n)
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

/// What bash passes to `supportmap` when `command` is pasted.
fn bash_words(command: &str) -> Vec<String> {
    let script = format!("supportmap() {{ printf '%s\\0' \"$@\"; }}; {command}");
    let out = Process::new("bash").args(["-c", &script]).output().unwrap();
    assert!(
        out.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\0')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

// 8. Odd database states get exit 3 with a clear line.

#[test]
fn odd_database_states_are_refused_with_one_clear_line() {
    let cases: &[(&str, &str)] = &[
        (
            "PRAGMA application_id = 1397580144; PRAGMA user_version = -2;",
            "schema version supportmap never writes",
        ),
        (
            "PRAGMA application_id = 1397580144; CREATE TABLE supporters (x);",
            "tables but no schema version",
        ),
        (
            "PRAGMA user_version = 7; CREATE TABLE t (x);",
            "not a supportmap database",
        ),
    ];
    for (sql, expected) in cases {
        let s = Sandbox::new();
        std::fs::create_dir_all(s.db.parent().unwrap()).unwrap();
        let conn = rusqlite::Connection::open(&s.db).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let before = std::fs::read(&s.db).unwrap();
        for args in [
            &["contacts"][..],
            &["add", "Jo", "--category", "friend"],
            &["crisis"],
        ] {
            let out = s.cmd().args(args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{sql} {args:?}: {err}");
            assert!(err.contains(expected), "{sql}: {err}");
            let lines: Vec<&str> = err.lines().collect();
            assert!(lines.len() <= 2 && lines[0].starts_with("error: "), "{err}");
        }
        assert_eq!(
            std::fs::read(&s.db).unwrap(),
            before,
            "{sql}: the file changed"
        );
        let out = s.cmd().arg("doctor").output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{sql}");
        assert!(stdout_has(&out, expected), "{sql}");
    }
}

#[test]
fn a_damaged_map_is_named_as_damaged() {
    let s = with_jo();
    for i in 2..=10 {
        s.ok(&[
            "add",
            &format!("Person {i}"),
            "--category",
            "friend",
            "--note",
            &"x".repeat(900),
        ]);
    }
    // Overwrite the second page (the supporters table's first page) with garbage.
    let mut bytes = std::fs::read(&s.db).unwrap();
    for b in &mut bytes[4096..4096 + 200] {
        *b = 0xA5;
    }
    std::fs::write(&s.db, &bytes).unwrap();
    let err = s.fails(3, &["contacts"]);
    assert!(
        err.contains("malformed") || err.contains("damaged"),
        "{err}"
    );
    let out = s.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout_has(&out, "problem"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

// 9. Literal output in every format.

#[test]
fn mermaid_and_markdown_show_exactly_what_was_typed() {
    let s = Sandbox::new();
    s.ok(&["add", "`Kay` #lt;b#gt; ~~x~~", "--category", "peer"]);
    let mermaid = s.ok(&["map", "--format", "mermaid"]);
    assert!(
        mermaid.contains("#96;Kay#96; #35;lt;b#35;gt; #126;#126;x#126;#126;"),
        "{mermaid}"
    );
    s.ok(&[
        "plan",
        "add",
        "coping",
        "see https://example.org and www.example.org ~~not struck~~ `not code` #lt; **plain**",
    ]);
    let markdown = s.ok(&["plan", "export", "--format", "markdown"]);
    let script =
        "import sys, cmarkgfm; print(cmarkgfm.github_flavored_markdown_to_html(sys.stdin.read()))";
    let rendered = Process::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(markdown.as_bytes())?;
            child.wait_with_output()
        });
    match rendered {
        Ok(out) if out.status.success() => {
            let page = String::from_utf8(out.stdout).unwrap();
            let html = page
                .lines()
                .find(|l| l.contains("see https"))
                .unwrap_or_else(|| panic!("no plan line in {page}"));
            for tag in ["<a ", "<del>", "<code>", "<strong>", "<em>"] {
                assert!(!html.contains(tag), "{tag} in {html}");
            }
            assert!(
                html.contains("see https://example.org and www.example.org ~~not struck~~ `not code` #lt; **plain**"),
                "{html}"
            );
        }
        _ => eprintln!("note: Python's cmarkgfm is not installed; the Markdown check is skipped"),
    }
}

// 10. doctor.

#[test]
fn doctor_reports_the_map_and_its_health() {
    let s = with_jo();
    let out = s.ok(&["doctor"]);
    for expected in [
        &format!(
            "map          {} (the default place, under XDG_DATA_HOME)",
            s.db.display()
        )[..],
        "mode 600",
        "folder       mode 700",
        &format!("schema       version {}", supportmap::db::LATEST_VERSION)[..],
        "journal      wal",
        "integrity    ok",
        "holds        1 supporter, 0 check-ins",
        "All is well.",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let json: serde_json::Value = serde_json::from_str(&s.ok(&["doctor", "--json"])).unwrap();
    assert_eq!(json["source"], "default");
    assert_eq!(json["ok"], true);
    assert_eq!(json["integrity"], "ok");

    std::fs::set_permissions(&s.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = s.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout_has(&out, "can be read by other accounts"));

    let out = s
        .cmd()
        .env("SUPPORTMAP_DB", s.dir.path().join("missing.db"))
        .arg("doctor")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout_has(&out, "(from SUPPORTMAP_DB)"));
    assert!(!s.dir.path().join("missing.db").exists());
}
