//! Shell conventions: completions that a real bash loads, and a man page that `man`
//! renders, both generated from the same command tree as `--help`.

mod common;

use std::process::Command;

use common::Sandbox;

#[test]
fn bash_loads_the_completions_and_completes_commands() {
    let s = Sandbox::new();
    let script = s.ok(&["completions", "bash"]);
    let file = s.dir.path().join("supportmap.bash");
    std::fs::write(&file, script).unwrap();
    // Load the file, then ask the completion function what follows `supportmap co`.
    let probe = format!(
        "source '{}' && complete -p supportmap && \
         COMP_WORDS=(supportmap co) COMP_CWORD=1 COMP_LINE='supportmap co' COMP_POINT=13 && \
         _supportmap supportmap co supportmap && printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = Command::new("bash").args(["-c", &probe]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("-F _supportmap supportmap"), "{text}");
    for word in ["contacts", "completions"] {
        assert!(text.lines().any(|l| l == word), "{word} missing: {text}");
    }
    for shell in ["zsh", "fish", "elvish", "powershell", "BASH"] {
        assert!(!s.ok(&["completions", shell]).is_empty(), "{shell}");
    }
    s.fails(2, &["completions", "tcsh"]);
}

#[test]
fn man_renders_the_page_with_every_command() {
    let s = Sandbox::new();
    let page = s.ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH supportmap 1"),
        "{page}"
    );
    let file = s.dir.path().join("supportmap.1");
    s.ok(&["man", "--out", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), page);
    let Ok(out) = Command::new("man")
        .args(["-l", file.to_str().unwrap()])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
    else {
        eprintln!("note: man is not installed; the rendering check is skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("NAME"), "{text}");
    for command in [
        "add", "contacts", "checkin", "gaps", "crisis", "doctor", "settings",
    ] {
        assert!(
            text.contains(command),
            "{command} missing from the man page"
        );
    }
    // The safe writer guards --out here too.
    s.fails(2, &["man", "--out", file.to_str().unwrap()]);
}

#[test]
fn every_command_the_main_page_lists_has_a_page_of_its_own() {
    let s = Sandbox::new();
    let page = s.ok(&["man", "checkin", "add"]);
    assert!(page.contains(".TH supportmap-checkin-add 1"), "{page}");
    assert!(page.contains("\\-\\-at"), "{page}");
    let checkin = s.ok(&["man", "checkin"]);
    assert!(
        checkin.contains("last tuesday"),
        "the --at forms are on the page"
    );
    for command in ["add", "contacts", "gaps", "settings", "doctor"] {
        assert!(!s.ok(&["man", command]).is_empty(), "{command}");
    }
    let err = s.fails(2, &["man", "frob"]);
    assert!(
        err.contains("\"frob\" is not a supportmap command"),
        "{err}"
    );
}

#[test]
fn the_version_is_the_package_version_however_it_is_asked() {
    let s = Sandbox::new();
    let expected = format!("supportmap {}\n", env!("CARGO_PKG_VERSION"));
    for args in [&["--version"][..], &["-V"], &["--db", "x.db", "--version"]] {
        assert_eq!(s.ok(args), expected, "{args:?}");
    }
    assert!(!s.db.exists(), "asking the version never starts a map");
}
