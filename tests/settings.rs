//! Settings, and a crisis card for where the user lives.

mod common;

use common::Sandbox;
use supportmap::domain::country::COUNTRIES;

#[test]
fn every_country_renders_on_the_card_in_the_plan_and_in_the_gaps() {
    let s = Sandbox::with_jo();
    for country in COUNTRIES {
        s.ok(&["settings", "country", &country.code.to_lowercase()]);
        let card = s.ok(&["crisis"]);
        assert!(
            card.contains(&format!(
                "If you are in danger right now, call {}.",
                country.emergency
            )),
            "{}: {card}",
            country.code
        );
        assert!(
            card.contains(country.line_number),
            "{}: {card}",
            country.code
        );
        assert!(!card.contains("911 in the US"), "{}: {card}", country.code);
        for format in ["text", "markdown", "html"] {
            let plan = s.ok(&["plan", "export", "--format", format]);
            assert!(
                plan.contains(country.line_number),
                "{} {format}",
                country.code
            );
        }
        let gaps = s.ok(&["gaps", "--all"]);
        assert!(
            gaps.contains(country.line_number),
            "{}: {gaps}",
            country.code
        );
    }
}

#[test]
fn without_a_country_the_card_gives_general_advice_and_the_locale_only_suggests() {
    let s = Sandbox::with_jo();
    let card = s
        .cmd()
        .env("LANG", "en_GB.UTF-8")
        .env_remove("LC_ALL")
        .arg("crisis")
        .output()
        .unwrap();
    let card = String::from_utf8(card.stdout).unwrap();
    assert!(
        card.contains("911 in the US, 112 in the EU, 999 in the UK"),
        "{card}"
    );
    assert!(
        card.contains(
            "For your country's numbers on this card (your locale suggests United Kingdom):\n  \
             supportmap settings country GB"
        ),
        "{card}"
    );
    let settings = s
        .cmd()
        .env("LANG", "en_GB.UTF-8")
        .env_remove("LC_ALL")
        .arg("settings")
        .output()
        .unwrap();
    let settings = String::from_utf8(settings.stdout).unwrap();
    assert!(settings.contains("your locale suggests GB"), "{settings}");

    // A country supportmap has no line for keeps the general advice.
    let out = s.ok(&["settings", "country", "BR"]);
    assert!(out.contains("no crisis line for that country yet"), "{out}");
    let card = s
        .cmd()
        .env("LANG", "en_US.UTF-8")
        .arg("crisis")
        .output()
        .unwrap();
    let card = String::from_utf8(card.stdout).unwrap();
    assert!(card.contains("your local emergency number"), "{card}");
    // A country is set: the locale no longer suggests another.
    assert!(!card.contains("your locale suggests"), "{card}");
    // UK is GB; two letters that are no country are refused.
    assert!(
        s.ok(&["settings", "country", "uk"])
            .starts_with("Set country to GB.")
    );
    s.fails(2, &["settings", "country", "XX"]);
}

#[test]
fn settings_are_set_shown_checked_and_cleared() {
    let s = Sandbox::new();
    s.ok(&["settings", "name", "Maya"]);
    s.ok(&["settings", "recovery-date", "2026-03-14"]);
    assert_eq!(s.ok(&["settings", "name"]), "Maya\n");
    let json: serde_json::Value = serde_json::from_str(&s.ok(&["settings", "--json"])).unwrap();
    assert_eq!(json["name"], "Maya");
    assert_eq!(json["recovery_date"], "2026-03-14");
    // The name is the centre of the map and the plan's title.
    assert!(
        s.ok(&["map", "--format", "mermaid"])
            .contains("me((\"Maya\"))")
    );
    assert!(s.ok(&["plan"]).starts_with("SAFETY PLAN FOR MAYA"));
    s.refuses_all(&[
        (&["settings", "country", "Britain"], "not a country code"),
        (
            &["settings", "recovery-date", "2099-01-01"],
            "in the future",
        ),
        (&["settings", "name", "Ma\nya"], "one line"),
        (&["settings", "colour", "blue"], "setting"),
    ]);
    assert_eq!(s.ok(&["settings", "name", "--unset"]), "Cleared name.\n");
    assert_eq!(s.ok(&["settings", "name"]), "-\n");
}

#[test]
fn a_crisis_contact_likely_closed_right_now_is_marked_not_moved() {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Clinic",
        "--kind",
        "service",
        "--category",
        "professional",
        "--crisis",
        "--phone",
        "555-0100",
        "--crisis-order",
        "1",
        "--available",
        "Mon-Fri 09:00-17:00",
    ]);
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--crisis",
        "--phone",
        "555-0101",
        "--available",
        "24/7",
    ]);
    let Ok(out) = std::process::Command::new("faketime")
        .args([
            "2026-11-21 10:00:00",
            assert_cmd::cargo::cargo_bin("supportmap").to_str().unwrap(),
            "crisis",
        ])
        .env("HOME", s.home())
        .env("XDG_DATA_HOME", s.home().join(".local/share"))
        .env("TZ", "UTC")
        .output()
    else {
        eprintln!("note: faketime is not installed; this check is skipped");
        return;
    };
    let card = String::from_utf8_lossy(&out.stdout);
    assert!(
        card.contains("1. Clinic (professional), Mon-Fri 09:00-17:00 (likely closed right now)"),
        "{card}"
    );
    assert!(card.contains("2. Jo (sponsor), 24/7\n"), "{card}");
    // Contacts numbers them as the card does.
    let list = s.ok(&["contacts", "--crisis"]);
    assert!(
        list.contains("Clinic") && list.contains("1st") && list.contains("2nd"),
        "{list}"
    );
}

#[test]
fn a_crisis_contact_without_a_phone_number_is_pointed_out_at_once() {
    let s = Sandbox::new();
    let out = s
        .cmd()
        .args(["add", "Jo", "--category", "sponsor", "--crisis"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "Jo is a crisis contact with no phone number, so the crisis card cannot show one."
        ),
        "{err}"
    );
    let out = s
        .cmd()
        .args(["contacts", "edit", "jo", "--phone", "555"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
