//! Encryption at rest (built with `--features encryption`): nothing readable in the
//! file, every command by hand and from cron, the crisis card without a passphrase,
//! backups that stay encrypted, and a map that survives being interrupted.

mod common;

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_encrypt_says_how_to_get_it() {
    let s = common::Sandbox::with_jo();
    let before = s.snapshot();
    let err = s.fails(2, &["encrypt"]);
    assert!(err.contains("built without encryption"), "{err}");
    assert!(err.contains("--features encryption"), "{err}");
    assert_eq!(s.snapshot(), before);
}

/// An export of a map holding Rae Okafor, sealed by the standard `age` tool (armoured,
/// passphrase "fixture words").
const SEALED_BY_AGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rae.json.age");

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_an_encrypted_export_says_how_to_open_it() {
    let s = common::Sandbox::with_jo();
    let before = s.snapshot();
    let err = s.fails(2, &["import", SEALED_BY_AGE]);
    assert!(err.contains("is encrypted (age)"), "{err}");
    assert!(err.contains("built without encryption"), "{err}");
    assert!(err.contains("age -d -o plain.json"), "{err}");
    assert_eq!(s.snapshot(), before);
}

#[cfg(feature = "encryption")]
mod with_encryption {
    use std::os::unix::fs::PermissionsExt;
    use std::path::{Path, PathBuf};

    use super::common::{Sandbox, term::Term};

    /// Things stored in the map that must never be found in its bytes once encrypted.
    const SECRETS: [&str; 7] = [
        "Jo Marsh",
        "555-0101",
        "jo@example.org",
        "met at the allotment",
        "Walk by the river",
        "coffee at Luigi",
        "Maya Quinn",
    ];

    fn private_file(s: &Sandbox, name: &str, text: &str) -> PathBuf {
        let path = s.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        path
    }

    /// A map holding every kind of thing, encrypted under "correct horse".
    fn encrypted() -> (Sandbox, PathBuf) {
        let s = Sandbox::new();
        s.ok(&[
            "add",
            "Jo Marsh",
            "--category",
            "sponsor",
            "--crisis",
            "--phone",
            "555-0101",
            "--email",
            "jo@example.org",
            "--note",
            "met at the allotment",
        ]);
        s.ok(&["plan", "add", "coping", "Walk by the river"]);
        s.ok(&["checkin", "jo", "--note", "coffee at Luigi's"]);
        s.ok(&["settings", "name", "Maya Quinn"]);
        let pass = private_file(&s, "pass", "correct horse\n");
        s.ok(&["--passphrase-file", pass.to_str().unwrap(), "encrypt"]);
        (s, pass)
    }

    fn bytes_of(path: &Path) -> Vec<u8> {
        let mut all = std::fs::read(path).unwrap();
        for side in ["-wal", "-journal"] {
            let mut name = path.as_os_str().to_owned();
            name.push(side);
            if let Ok(more) = std::fs::read(PathBuf::from(name)) {
                all.extend(more);
            }
        }
        all
    }

    fn holds(bytes: &[u8], text: &str) -> bool {
        bytes.windows(text.len()).any(|w| w == text.as_bytes())
    }

    fn with_pass(s: &Sandbox, pass: &Path, args: &[&str]) -> String {
        let out = s
            .cmd()
            .env("SUPPORTMAP_PASSPHRASE_FILE", pass)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn nothing_stored_can_be_read_in_the_file_and_cron_still_works() {
        let (s, pass) = encrypted();
        let plain_before = std::fs::read(&s.db).unwrap();
        assert!(
            !plain_before.starts_with(b"SQLite format 3"),
            "no SQLite header"
        );
        for secret in SECRETS {
            assert!(
                !holds(&bytes_of(&s.db), secret),
                "{secret} is readable in the map"
            );
        }
        // Without the passphrase, nothing but the card: one line, exit 2.
        let err = s.fails(2, &["contacts"]);
        assert!(
            err.contains("is encrypted, and supportmap needs its passphrase"),
            "{err}"
        );
        // From cron: the passphrase file in the environment, every command as before.
        assert!(with_pass(&s, &pass, &["contacts"]).contains("Jo Marsh"));
        with_pass(&s, &pass, &["checkin", "due"]);
        with_pass(
            &s,
            &pass,
            &[
                "add",
                "Sam Reyes",
                "--category",
                "family",
                "--phone",
                "555-0102",
            ],
        );
        assert!(with_pass(&s, &pass, &["gaps", "--json"]).contains("summary"));
        assert!(with_pass(&s, &pass, &["history"]).contains("Sam Reyes"));
        assert!(
            !holds(&bytes_of(&s.db), "Sam Reyes"),
            "new rows are encrypted too"
        );
        // From cron without the passphrase, doctor checks what it can and says so.
        let unchecked = s.ok(&["doctor"]);
        assert!(
            unchecked.contains("the map's contents were not checked: they need the passphrase"),
            "{unchecked}"
        );
        assert!(
            unchecked.contains("Nothing wrong in what could be checked without the passphrase.")
        );
        let doctor = with_pass(&s, &pass, &["doctor"]);
        assert!(doctor.contains("encrypted    yes"), "{doctor}");
        assert!(doctor.contains("journal      wal"), "{doctor}");
    }

    #[test]
    fn the_crisis_card_needs_no_passphrase_and_follows_changes() {
        let (s, pass) = encrypted();
        let card = PathBuf::from(format!("{}.crisis.txt", s.db.display()));
        let mode = std::fs::metadata(&card).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let shown = s.ok(&["crisis"]);
        assert!(
            shown.contains("1. Jo Marsh (sponsor)") && shown.contains("555-0101"),
            "{shown}"
        );
        let kept = std::fs::read_to_string(&card).unwrap();
        for private in [
            "jo@example.org",
            "met at the allotment",
            "Walk by the river",
        ] {
            assert!(
                !kept.contains(private),
                "the card holds only what a card needs"
            );
        }
        with_pass(
            &s,
            &pass,
            &[
                "add",
                "Ana",
                "--category",
                "friend",
                "--crisis",
                "--phone",
                "555-0199",
            ],
        );
        assert!(
            s.ok(&["crisis"]).contains("555-0199"),
            "rewritten on every change"
        );

        // Without a card kept, the crisis command still gives the country's numbers.
        let s2 = Sandbox::with_jo();
        let pass2 = private_file(&s2, "pass", "another one\n");
        s2.ok(&[
            "--passphrase-file",
            pass2.to_str().unwrap(),
            "encrypt",
            "--no-plain-card",
        ]);
        let out = s2.cmd().arg("crisis").output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stdout).contains("emergency"));
        assert!(!PathBuf::from(format!("{}.crisis.txt", s2.db.display())).exists());
    }

    #[test]
    fn the_card_answers_even_a_wrong_passphrase_and_can_be_kept_again() {
        let (s, pass) = encrypted();
        let wrong = private_file(&s, "wrong", "not it\n");
        let out = s
            .cmd()
            .args(["--passphrase-file", wrong.to_str().unwrap(), "crisis"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        assert!(String::from_utf8_lossy(&out.stdout).contains("555-0101"));
        assert!(String::from_utf8_lossy(&out.stderr).contains("the plain one kept beside"));
        // Lost by hand, and kept again.
        let card = PathBuf::from(format!("{}.crisis.txt", s.db.display()));
        std::fs::remove_file(&card).unwrap();
        with_pass(&s, &pass, &["encrypt", "--plain-card"]);
        assert!(std::fs::read_to_string(&card).unwrap().contains("555-0101"));
        with_pass(&s, &pass, &["encrypt", "--no-plain-card"]);
        assert!(!card.exists());
    }

    #[test]
    fn a_stopped_rewrite_leaves_nothing_readable_behind_for_long() {
        let (s, pass) = encrypted();
        // As a `decrypt` stopped while writing its plain copy would leave it.
        let staged = PathBuf::from(format!("{}.rekey", s.db.display()));
        std::fs::write(&staged, "SQLite format 3\0 Jo Marsh 555-0101").unwrap();
        let out = s
            .cmd()
            .env("SUPPORTMAP_PASSPHRASE_FILE", &pass)
            .arg("doctor")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("was left by an encrypt, decrypt or passphrase that was stopped"),
            "{said}"
        );
        with_pass(&s, &pass, &["checkin", "jo"]);
        assert!(!staged.exists(), "the next write removes it");
        assert!(with_pass(&s, &pass, &["doctor"]).contains("journal      wal"));
    }

    #[test]
    fn a_wrong_passphrase_or_an_open_file_is_refused_and_the_map_untouched() {
        let (s, _) = encrypted();
        let before = std::fs::read(&s.db).unwrap();
        let wrong = private_file(&s, "wrong", "not it\n");
        let err = s.fails(
            3,
            &["--passphrase-file", wrong.to_str().unwrap(), "contacts"],
        );
        assert!(err.contains("the passphrase does not open"), "{err}");
        assert!(
            !err.contains("ERROR CORE"),
            "SQLCipher's own log stays quiet"
        );
        let open = s.dir.path().join("open");
        std::fs::write(&open, "correct horse\n").unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = s.fails(
            2,
            &["--passphrase-file", open.to_str().unwrap(), "contacts"],
        );
        assert!(err.contains("can be read by others (mode 0644)"), "{err}");
        assert!(err.contains("chmod 600"), "{err}");
        assert_eq!(std::fs::read(&s.db).unwrap(), before, "byte for byte");
    }

    #[test]
    fn encrypt_then_decrypt_gives_back_exactly_the_same_map() {
        let s = Sandbox::with_jo();
        s.ok(&["plan", "add", "coping", "Walk by the river"]);
        s.ok(&["checkin", "jo", "--mood", "7"]);
        let export = |s: &Sandbox, extra: &[&str]| -> String {
            let mut args = vec!["export"];
            args.extend_from_slice(extra);
            s.ok(&args)
                .lines()
                .filter(|l| !l.contains("exported_at"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let before = export(&s, &[]);
        let short = private_file(&s, "short", "dog\n");
        let err = s.fails(
            2,
            &["--passphrase-file", short.to_str().unwrap(), "encrypt"],
        );
        assert!(
            err.contains("has 3 characters; supportmap asks for at least 8"),
            "{err}"
        );
        let pass = private_file(&s, "pass", "first passphrase\n");
        let p = pass.to_str().unwrap();
        s.ok(&["--passphrase-file", p, "encrypt"]);
        let err = s.fails(
            2,
            &[
                "--passphrase-file",
                p,
                "passphrase",
                "--new-passphrase-file",
                p,
            ],
        );
        assert!(err.contains("is the one the map already has"), "{err}");
        // An export of an encrypted map is sealed unless asked for plainly.
        let out = s
            .cmd()
            .args(["--passphrase-file", p, "export"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(out.stdout.starts_with(b"age-encryption.org/v1\n"));
        assert!(!holds(&out.stdout, "555-0101"));
        assert_eq!(export(&s, &["--passphrase-file", p, "--plain"]), before);
        let new = private_file(&s, "new", "second passphrase\n");
        s.ok(&[
            "--passphrase-file",
            p,
            "passphrase",
            "--new-passphrase-file",
            new.to_str().unwrap(),
        ]);
        s.fails(3, &["--passphrase-file", p, "contacts"]);
        s.ok(&["--passphrase-file", new.to_str().unwrap(), "decrypt"]);
        assert!(
            std::fs::read(&s.db)
                .unwrap()
                .starts_with(b"SQLite format 3\0")
        );
        assert_eq!(export(&s, &[]), before);
        assert!(!PathBuf::from(format!("{}.crisis.txt", s.db.display())).exists());
    }

    #[test]
    fn backups_stay_encrypted_and_restore() {
        let (s, pass) = encrypted();
        let p = pass.to_str().unwrap();
        let copy = s.dir.path().join("copy.db");
        s.ok(&["--passphrase-file", p, "backup", copy.to_str().unwrap()]);
        for secret in SECRETS {
            assert!(
                !holds(&std::fs::read(&copy).unwrap(), secret),
                "{secret} in the backup"
            );
        }
        s.ok(&["--passphrase-file", p, "contacts", "remove", "jo", "--yes"]);
        s.ok(&["--passphrase-file", p, "restore", copy.to_str().unwrap()]);
        assert!(with_pass(&s, &pass, &["contacts"]).contains("Jo Marsh"));
        // A plain backup is not put into an encrypted map.
        let plain = Sandbox::with_jo();
        let plain_copy = plain.dir.path().join("plain.db");
        plain.ok(&["backup", plain_copy.to_str().unwrap()]);
        let err = s.fails(
            2,
            &[
                "--passphrase-file",
                p,
                "restore",
                plain_copy.to_str().unwrap(),
            ],
        );
        assert!(err.contains("is not encrypted, and the map is"), "{err}");
    }

    #[test]
    fn on_a_terminal_the_passphrase_is_asked_twice_and_never_shown() {
        let s = Sandbox::with_jo();
        let mut term = Term::spawn(&s, &["encrypt"]);
        term.answer("New passphrase:", "walk the dog\r");
        term.answer("The same again:", "walk the dgo\r");
        let out = term.finish_with_code(2);
        assert!(
            out.contains("the two passphrases differ; nothing was changed"),
            "{out}"
        );
        assert!(
            !out.contains("walk the d"),
            "typed passphrases are never echoed"
        );
        assert!(
            std::fs::read(&s.db)
                .unwrap()
                .starts_with(b"SQLite format 3\0")
        );

        let mut term = Term::spawn(&s, &["encrypt", "--plain-card"]);
        term.answer("New passphrase:", "walk the dog\r");
        term.answer("The same again:", "walk the dog\r");
        term.expect("Encrypted");
        term.finish();
        let mut term = Term::spawn(&s, &["contacts", "show", "jo"]);
        term.answer("Passphrase for", "walk the dog\r");
        term.expect("555-0101");
        term.finish();
    }

    #[test]
    fn killed_while_encrypting_the_map_is_still_whole() {
        let s = Sandbox::new();
        for n in 0..40 {
            s.ok(&["add", &format!("Person {n}"), "--category", "friend"]);
        }
        let pass = private_file(&s, "pass", "pass phrase\n");
        for delay_ms in [0u64, 2, 5, 10, 20, 40, 80] {
            let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("supportmap"))
                .args([
                    "--db",
                    s.db.to_str().unwrap(),
                    "--passphrase-file",
                    pass.to_str().unwrap(),
                ])
                .args(["encrypt", "--plain-card"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            let _ = child.kill();
            let _ = child.wait();
            // Whatever happened, the map opens (plain, or with the passphrase) whole.
            let list = with_pass(&s, &pass, &["contacts", "--json"]);
            let people: serde_json::Value = serde_json::from_str(&list).unwrap();
            assert_eq!(people.as_array().unwrap().len(), 40, "after {delay_ms} ms");
            // Back to plain for the next round.
            let out = s
                .cmd()
                .env("SUPPORTMAP_PASSPHRASE_FILE", &pass)
                .arg("decrypt")
                .output()
                .unwrap();
            assert!(
                out.status.code() == Some(0) || out.status.code() == Some(2),
                "{out:?}"
            );
        }
    }

    /// An export, read as lines without the moment it was made.
    fn lines_of(json: &str) -> String {
        json.lines()
            .filter(|l| !l.contains("exported_at"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn exports_stay_encrypted_and_import_back() {
        let (s, pass) = encrypted();
        let p = pass.to_str().unwrap();
        let sealed = s.dir.path().join("map.json.age");
        let said = s.ok(&[
            "--passphrase-file",
            p,
            "export",
            "--out",
            sealed.to_str().unwrap(),
        ]);
        assert!(
            said.contains("encrypted with the map's passphrase"),
            "{said}"
        );
        assert!(said.contains("age -d -o"), "{said}");
        let bytes = std::fs::read(&sealed).unwrap();
        assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
        for secret in SECRETS {
            assert!(!holds(&bytes, secret), "{secret} in the export");
        }
        let mode = std::fs::metadata(&sealed).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // Back into the same map: everything is already there.
        let again = s.ok(&[
            "--passphrase-file",
            p,
            "import",
            sealed.to_str().unwrap(),
            "--dry-run",
        ]);
        assert!(
            again.contains("Nothing would be added or updated"),
            "{again}"
        );

        // Into a new, plain map, with the passphrase from a file: all of it, and a word
        // that the new map is not encrypted.
        let other = Sandbox::new();
        let err = other.fails(2, &["import", sealed.to_str().unwrap()]);
        assert!(
            err.contains("is an encrypted export, and supportmap needs its passphrase"),
            "{err}"
        );
        let wrong = private_file(&other, "wrong", "not it\n");
        let err = other.fails(
            2,
            &[
                "--passphrase-file",
                wrong.to_str().unwrap(),
                "import",
                sealed.to_str().unwrap(),
            ],
        );
        assert!(err.contains("the passphrase does not open"), "{err}");
        assert!(!other.db.exists(), "nothing was started");
        let told = other.ok(&["--passphrase-file", p, "import", sealed.to_str().unwrap()]);
        assert!(told.contains("Added 1 supporter"), "{told}");
        assert!(told.contains("was encrypted; the map is not"), "{told}");
        assert_eq!(
            lines_of(&other.ok(&["export"])),
            lines_of(&with_pass(&s, &pass, &["export", "--plain"]))
        );

        // Cut short, anywhere: one line, nothing imported.
        let mut many = String::from(
            r#"{"format":"supportmap","format_version":1,"supporters":[{"name":"Jo Marsh","category":"sponsor"}],"checkins":["#,
        );
        for i in 0..300 {
            if i > 0 {
                many.push(',');
            }
            many.push_str(&format!(
                r#"{{"at":"2026-03-{:02}T10:00:00Z","via":"call","initiated_by":"me","note":"a note long enough to fill the export past one chunk, number {i}"}}"#,
                i % 28 + 1
            ));
        }
        many.push_str("]}");
        let many_file = private_file(&s, "many.json", &many);
        with_pass(&s, &pass, &["import", many_file.to_str().unwrap()]);
        let big = s.dir.path().join("big.json.age");
        with_pass(&s, &pass, &["export", "--out", big.to_str().unwrap()]);
        let whole = std::fs::read(&big).unwrap();
        assert!(whole.len() > 70_000, "more than one chunk");
        for keep in [whole.len() - 10, 70_000, 400] {
            let cut = s.dir.path().join("cut.json.age");
            std::fs::write(&cut, &whole[..keep]).unwrap();
            let before = other.snapshot();
            let err = other.fails(
                2,
                &["--passphrase-file", p, "import", cut.to_str().unwrap()],
            );
            assert!(
                err.contains("the encrypted export is cut short or damaged")
                    && err.contains("export it again"),
                "cut at {keep}: {err}"
            );
            assert_eq!(other.snapshot(), before, "cut at {keep}");
        }

        // A redacted export is sealed too, unless asked for plainly.
        let shape = with_pass(&s, &pass, &["export", "--redact", "--plain"]);
        assert!(shape.contains("\"redacted\": true") && !shape.contains("Jo Marsh"));
        let out = s
            .cmd()
            .env("SUPPORTMAP_PASSPHRASE_FILE", &pass)
            .args(["export", "--redact"])
            .output()
            .unwrap();
        assert!(out.stdout.starts_with(b"age-encryption.org/v1\n"));
    }

    #[test]
    fn files_sealed_by_the_age_tool_are_read_and_asked_for() {
        // Into a plain map, with the file's passphrase from a file.
        let plain = Sandbox::new();
        let words = private_file(&plain, "words", "fixture words\n");
        let told = plain.ok(&[
            "--passphrase-file",
            words.to_str().unwrap(),
            "import",
            super::SEALED_BY_AGE,
        ]);
        assert!(told.contains("Added 1 supporter and 1 check-in"), "{told}");
        assert!(plain.ok(&["contacts"]).contains("Rae Okafor"));

        // Into an encrypted map: the map's passphrase does not open it; from a script
        // that is one line and the map is untouched; on a terminal the file's own is asked.
        let (s, pass) = encrypted();
        let before = std::fs::read(&s.db).unwrap();
        let err = s.fails(
            2,
            &[
                "--passphrase-file",
                pass.to_str().unwrap(),
                "import",
                super::SEALED_BY_AGE,
            ],
        );
        assert!(err.contains("the map's passphrase does not open"), "{err}");
        assert!(err.contains("on a terminal"), "{err}");
        assert_eq!(std::fs::read(&s.db).unwrap(), before);
        let mut term = Term::spawn_with(
            &s,
            &["import", super::SEALED_BY_AGE],
            &[("SUPPORTMAP_PASSPHRASE_FILE", pass.to_str().unwrap())],
        );
        term.answer("Passphrase for", "fixture words\r");
        term.expect("Added 1 supporter and 1 check-in");
        let out = term.finish();
        assert!(!out.contains("fixture words"), "never echoed: {out}");
        assert!(with_pass(&s, &pass, &["contacts"]).contains("Rae Okafor"));
    }

    /// The standard `age` tool opens an export (skipped, with a note, where it is not
    /// installed; `.ci/run` installs it).
    #[test]
    fn the_age_tool_opens_an_export() {
        if std::process::Command::new("age")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!(
                "note: the age tool is not installed; skipping the check that it opens an export"
            );
            return;
        }
        let (s, pass) = encrypted();
        let sealed = s.dir.path().join("map.json.age");
        with_pass(&s, &pass, &["export", "--out", sealed.to_str().unwrap()]);
        let opened = s.dir.path().join("opened.json");
        let mut cmd = std::process::Command::new("age");
        cmd.args([
            "-d",
            "-o",
            opened.to_str().unwrap(),
            sealed.to_str().unwrap(),
        ]);
        let mut age = rexpect::session::spawn_with_options(
            cmd,
            rexpect::session::Options::new().timeout_ms(Some(30_000)),
        )
        .unwrap();
        age.exp_string("passphrase").unwrap();
        age.send_line("correct horse").unwrap();
        age.exp_eof().unwrap();
        let text = std::fs::read_to_string(&opened).unwrap();
        assert_eq!(
            lines_of(&text),
            lines_of(&with_pass(&s, &pass, &["export", "--plain"]))
        );
    }

    #[test]
    fn stopped_politely_while_decrypting_no_plain_copy_is_left() {
        let (s, pass) = encrypted();
        let staged = PathBuf::from(format!("{}.rekey", s.db.display()));
        // At once, and the moment the plain copy is begun.
        for at_once in [true, false, false, false] {
            let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("supportmap"))
                .args(["--db", s.db.to_str().unwrap()])
                .args(["--passphrase-file", pass.to_str().unwrap(), "decrypt"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            while !at_once && !staged.exists() && child.try_wait().unwrap().is_none() {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            let wait = if at_once { "no" } else { "the copy's" };
            // SAFETY: kill only sends a signal to the child started above.
            unsafe {
                libc::kill(child.id() as i32, libc::SIGTERM);
            }
            let _ = child.wait_with_output();
            assert!(!staged.exists(), "a plain copy left after {wait} wait");
            let list = with_pass(&s, &pass, &["contacts", "--json"]);
            assert!(list.contains("Jo Marsh"), "after {wait} wait");
            if !std::fs::read(&s.db)
                .unwrap()
                .starts_with(b"SQLite format 3")
            {
                continue;
            }
            with_pass(&s, &pass, &["encrypt", "--plain-card"]);
        }
    }
}
