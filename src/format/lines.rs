//! What vCard and iCalendar share: content lines folded at 75 octets, CRLF endings, and
//! text values escaped. Written here rather than taken from a crate: it is a dozen lines,
//! and the writers of both formats need exactly this (RFC 6350 §3.2, RFC 5545 §3.1).

/// Appends one content line to `out`, folded so that no line is longer than 75 octets
/// (a fold is CRLF and one space), never inside a UTF-8 character, ending in CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            // The space that starts a continuation line counts toward its 75.
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// A text value escaped: backslash, comma and semicolon get a backslash; a line break
/// becomes `\n`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_and_never_inside_a_character() {
        let mut out = String::new();
        let line = format!("NOTE:{}", "é".repeat(80));
        push_line(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn short_lines_stay_whole() {
        let mut out = String::new();
        push_line(&mut out, "FN:Jo");
        assert_eq!(out, "FN:Jo\r\n");
    }

    #[test]
    fn escapes_what_would_split_a_value() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
