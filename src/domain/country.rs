//! Where help is, country by country: the emergency number and a crisis line that
//! answers at any hour, for the crisis card, the safety plan and the gap suggestions.
//!
//! Data, in one place. Each entry names its source. `checked` says when the entry was
//! last compared with its source or with recent reporting of it (a line that changed
//! number or hours would show there); "not re-checked" marks an entry written from the
//! service's published number without such a comparison. Numbers change rarely, but they
//! do change (the Netherlands' 113 became free to call in October 2025). Anyone updating
//! an entry updates its `checked`.

/// A country's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case.
    pub code: &'static str,
    pub name: &'static str,
    /// The number for immediate danger, as dialled.
    pub emergency: &'static str,
    /// A crisis line that answers at any hour.
    pub line_name: &'static str,
    pub line_number: &'static str,
    /// How to reach it: "call or text", "call".
    pub line_how: &'static str,
    /// Free to call.
    pub free: bool,
    /// Another number for the same line, if there is one.
    pub also: Option<&'static str>,
    pub source: &'static str,
    pub checked: &'static str,
}

pub const COUNTRIES: &[Country] = &[
    Country {
        code: "US",
        name: "United States",
        emergency: "911",
        line_name: "988 Suicide & Crisis Lifeline",
        line_number: "988",
        line_how: "call or text",
        free: false,
        also: None,
        source: "https://988lifeline.org",
        checked: "2026-11",
    },
    Country {
        code: "CA",
        name: "Canada",
        emergency: "911",
        line_name: "9-8-8 Suicide Crisis Helpline",
        line_number: "988",
        line_how: "call or text",
        free: false,
        also: None,
        source: "https://988.ca",
        checked: "2026-11",
    },
    Country {
        code: "GB",
        name: "United Kingdom",
        emergency: "999",
        line_name: "Samaritans",
        line_number: "116 123",
        line_how: "call",
        free: true,
        also: None,
        source: "https://www.samaritans.org",
        checked: "2026-11",
    },
    Country {
        code: "IE",
        name: "Ireland",
        emergency: "112 or 999",
        line_name: "Samaritans",
        line_number: "116 123",
        line_how: "call",
        free: true,
        also: None,
        source: "https://www.samaritans.org/ireland",
        checked: "2026-11",
    },
    Country {
        code: "AU",
        name: "Australia",
        emergency: "000",
        line_name: "Lifeline",
        line_number: "13 11 14",
        line_how: "call",
        free: false,
        also: None,
        source: "https://www.lifeline.org.au",
        checked: "2026-11",
    },
    Country {
        code: "NZ",
        name: "New Zealand",
        emergency: "111",
        line_name: "Need to talk? 1737",
        line_number: "1737",
        line_how: "call or text",
        free: true,
        also: None,
        source: "https://1737.org.nz",
        checked: "not re-checked",
    },
    Country {
        code: "DE",
        name: "Germany",
        emergency: "112",
        line_name: "TelefonSeelsorge",
        line_number: "0800 111 0 111",
        line_how: "call",
        free: true,
        also: Some("0800 111 0 222"),
        source: "https://www.telefonseelsorge.de",
        checked: "2026-11",
    },
    Country {
        code: "FR",
        name: "France",
        emergency: "112 (SAMU: 15)",
        line_name: "3114, numéro national de prévention du suicide",
        line_number: "3114",
        line_how: "call",
        free: true,
        also: None,
        source: "https://3114.fr",
        checked: "2026-11",
    },
    Country {
        code: "ES",
        name: "Spain",
        emergency: "112",
        line_name: "024, línea de atención a la conducta suicida",
        line_number: "024",
        line_how: "call",
        free: true,
        also: None,
        source: "https://www.sanidad.gob.es/linea024/",
        checked: "2026-11",
    },
    Country {
        code: "NL",
        name: "Netherlands",
        emergency: "112",
        line_name: "113 Zelfmoordpreventie",
        line_number: "113",
        line_how: "call",
        free: true,
        also: Some("0800-0113"),
        source: "https://www.113.nl",
        checked: "2026-11",
    },
    Country {
        code: "IN",
        name: "India",
        emergency: "112",
        line_name: "Tele-MANAS",
        line_number: "14416",
        line_how: "call",
        free: true,
        also: Some("1-800-891-4416"),
        source: "https://telemanas.mohfw.gov.in",
        checked: "2026-11",
    },
    Country {
        code: "ZA",
        name: "South Africa",
        emergency: "112 from a mobile, 10111 (police), 10177 (ambulance)",
        line_name: "SADAG Suicide Crisis Helpline",
        line_number: "0800 567 567",
        line_how: "call",
        free: true,
        also: Some("0800 456 789"),
        source: "https://www.sadag.org",
        checked: "2026-11",
    },
];

/// Every ISO 3166-1 alpha-2 code, for telling a country code from a typo.
const ISO_CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI \
    BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX \
    CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL \
    GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
    KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK \
    ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE \
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM \
    SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY \
    UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// A country code as stored: upper case, with `UK` (which people write) as `GB` (which
/// ISO writes); `None` for two letters that are no country's code.
pub fn code(typed: &str) -> Option<String> {
    let code = typed.trim().to_uppercase();
    let code = if code == "UK" { "GB".to_string() } else { code };
    ISO_CODES
        .split_whitespace()
        .any(|c| c == code)
        .then_some(code)
}

/// The country with this ISO code, in any case (`UK` is `GB`).
pub fn find(code: &str) -> Option<&'static Country> {
    let code = self::code(code)?;
    COUNTRIES.iter().find(|c| c.code == code)
}

/// The country a locale names (`en_GB.UTF-8`, `fr_FR`, `de-DE`), if supportmap knows it.
pub fn from_locale(locale: &str) -> Option<&'static Country> {
    let base = locale.split(['.', '@']).next()?;
    let region = base.split(['_', '-']).nth(1)?;
    find(region)
}

impl Country {
    /// The line for immediate danger.
    pub fn emergency_line(&self) -> String {
        format!("If you are in danger right now, call {}.", self.emergency)
    }

    /// Where help is at any hour.
    pub fn crisis_line(&self) -> String {
        let free = if self.free { " (free)" } else { "" };
        let also = self.also.map_or(String::new(), |n| format!(" or {n}"));
        format!(
            "{} answers at any hour{free}: {} {}{also}.",
            self.line_name, self.line_how, self.line_number
        )
    }
}

/// The lines for immediate danger and a crisis line, for this country or, without one,
/// in general words.
pub fn help_lines(country: Option<&Country>) -> (String, String) {
    match country {
        Some(c) => (c.emergency_line(), c.crisis_line()),
        None => (
            "If you are in danger right now, call your local emergency number\n\
             (911 in the US, 112 in the EU, 999 in the UK)."
                .to_string(),
            "In the US, call or text 988 (Suicide & Crisis Lifeline) at any hour;\n\
             elsewhere, your local crisis line."
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_has_its_numbers_and_a_source() {
        for c in COUNTRIES {
            assert_eq!(c.code.len(), 2, "{c:?}");
            assert!(c.emergency.chars().any(|d| d.is_ascii_digit()), "{c:?}");
            assert!(c.line_number.chars().any(|d| d.is_ascii_digit()), "{c:?}");
            assert!(c.source.starts_with("https://"), "{c:?}");
            assert!(!c.checked.is_empty(), "{c:?}");
        }
        for code in [
            "US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "ES", "NL", "IN", "ZA",
        ] {
            assert!(find(code).is_some(), "{code} is missing");
        }
    }

    #[test]
    fn uk_is_gb_and_nonsense_is_no_code() {
        assert_eq!(code("uk").as_deref(), Some("GB"));
        assert_eq!(code("br").as_deref(), Some("BR"));
        assert_eq!(code("XX"), None);
        assert_eq!(find("UK").map(|c| c.code), Some("GB"));
    }

    #[test]
    fn codes_and_locales_find_the_country() {
        assert_eq!(find("gb").map(|c| c.line_number), Some("116 123"));
        assert_eq!(from_locale("en_GB.UTF-8").map(|c| c.code), Some("GB"));
        assert_eq!(from_locale("fr_FR@euro").map(|c| c.code), Some("FR"));
        assert_eq!(from_locale("en-AU").map(|c| c.code), Some("AU"));
        assert_eq!(from_locale("C.UTF-8"), None);
        assert_eq!(from_locale("POSIX"), None);
        assert_eq!(find("XX"), None);
    }

    #[test]
    fn help_lines_name_the_countrys_numbers() {
        let (danger, line) = help_lines(find("AU"));
        assert_eq!(danger, "If you are in danger right now, call 000.");
        assert_eq!(line, "Lifeline answers at any hour: call 13 11 14.");
        let (danger, _) = help_lines(None);
        assert!(danger.contains("911 in the US"));
    }
}
