//! Turning values into output: tables and text for people, JSON for scripts. The output
//! switch (human or JSON, colour or not) is decided once, in [`Output::new`].

pub mod checkins;
pub mod columns;
pub mod contacts;
pub mod gaps;
pub mod map;
pub mod plan;
pub mod report;
pub mod time;
pub mod trends;

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};
use comfy_table::{ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width};
use serde::Serialize;

use crate::domain::text;

/// Tables have a rule under the header and nothing else: quiet to read, easy to grep.
pub(super) const TABLE_STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

/// How this run prints.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub color: bool,
    pub quiet: bool,
    /// The width tables wrap to; `None` lets them be as wide as they need.
    pub width: Option<u16>,
}

impl Output {
    /// Decides once: colour only on a terminal, never with `--no-color` or `NO_COLOR`,
    /// always with `CLICOLOR_FORCE`. Tables wrap to `COLUMNS` or the terminal.
    pub fn new(json: bool, no_color: bool, quiet: bool) -> Output {
        let env_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let stdout_tty = std::io::stdout().is_terminal();
        let forced = std::env::var("CLICOLOR_FORCE").is_ok_and(|v| !v.is_empty() && v != "0");
        let color = !json && !no_color && !env_set("NO_COLOR") && (forced || stdout_tty);
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w >= 20)
            .or_else(|| {
                stdout_tty
                    .then(|| comfy_table::Table::new().width())
                    .flatten()
            });
        Output {
            json,
            color,
            quiet,
            width,
        }
    }

    /// Writes text for people to stdout, made safe for a terminal ([`terminal_safe`]).
    /// A closed pipe comes back as an error that `main` treats as a quiet success,
    /// instead of the panic `println!` would give.
    pub fn print(&self, text: &str) -> Result<()> {
        self.print_document(&terminal_safe(text))
    }

    /// Writes a document in a machine format (SVG, DOT, Mermaid, Markdown, HTML, JSON) to
    /// stdout as it is: each format escapes text by its own rules.
    pub fn print_document(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| {
                if text.ends_with('\n') {
                    Ok(())
                } else {
                    out.write_all(b"\n")
                }
            })
            .and_then(|()| out.flush())
            .context("could not write output")
    }

    /// Writes `value` as pretty JSON to stdout.
    /// Written as it is made, never whole in memory: a map of 10,000 supporters is
    /// megabytes of JSON.
    pub fn print_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        serde_json::to_writer_pretty(&mut out, value)
            // An I/O error stays one (a closed pipe is then told apart from a bug).
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush())
            .context("could not write output")
    }

    /// A confirmation or note for a person ("Added Jo."): on stdout, left out with
    /// `--quiet` or `--json` so scripts see only data.
    pub fn say(&self, text: &str) -> Result<()> {
        if self.quiet || self.json {
            return Ok(());
        }
        self.print(text)
    }

    /// A diagnostic for a person, on stderr, left out with `--quiet`.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{}", terminal_safe(text));
        }
    }

    /// `text` in an SGR style (`"33"` is yellow) when colour is on; plain otherwise.
    pub fn paint(&self, text: &str, sgr: &str) -> String {
        if self.color {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A table in the house style, wrapped to the output width.
    pub fn table(&self) -> Table {
        let mut table = Table::new();
        table
            .load_style(TABLE_STYLE)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(width) = self.width {
            table.set_width(width);
        }
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table
    }
}

/// How many terminal columns `text` takes: a CJK character or most emoji take two.
pub fn width(text: &str) -> usize {
    // Printable ASCII, as nearly every name, date and number is: one column a byte.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    unicode_width::UnicodeWidthStr::width(text)
}

/// Text made safe for a terminal: line breaks, tabs and the colour (SGR) sequences
/// supportmap writes itself stay; any other control or invisible format character is
/// shown as a visible escape, so stored text can never move the cursor, clear the
/// screen or reorder a line. Stored text is checked on the way in; this is the defence
/// on the way out.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let risky = |c: char| text::is_hidden(c) && c != '\n' && c != '\t';
    // Printable ASCII, line breaks and tabs hide nothing.
    let plain = text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) || b == b'\n' || b == b'\t');
    if plain || !text.chars().any(risky) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' {
            let sgr = rest[1..].strip_prefix('[').and_then(|after| {
                let len = after
                    .find(|ch: char| !(ch.is_ascii_digit() || ch == ';'))
                    .unwrap_or(after.len());
                after[len..].starts_with('m').then_some(len + 3)
            });
            if let Some(len) = sgr {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        if risky(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The pages' own rule that nothing outside them loads: no scripts, no requests, only
/// their inline styles and pictures.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// A self-contained HTML page around `body`: its title (already escaped), its inline
/// style, and a policy that lets it load nothing from anywhere.
pub fn html_page(title: &str, style: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\"/>
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>
<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>
<title>{title}</title>
<style>
{style}</style>
</head>
<body>
{body}</body>
</html>
"
    )
}

/// Text made safe inside XML, SVG and HTML, as element text or a quoted attribute.
pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Words longer than this may be broken across lines when a table must wrap.
const MAX_UNBROKEN_WORD: usize = 16;

/// A table as text. When it must wrap to fit the width, rows get a rule between them
/// so a wrapped row reads as one, and no column is narrower than its longest word
/// (up to [`MAX_UNBROKEN_WORD`]), so words are not split. Line-end padding is trimmed.
pub fn finish(table: &mut Table) -> String {
    let columns = table.column_count();
    let natural: usize = table
        .column_max_content_widths()
        .iter()
        .map(|w| usize::from(*w) + 2)
        .sum();
    let wraps = table.width().is_some_and(|w| natural > usize::from(w));
    if wraps {
        table.load_style(TABLE_STYLE.row_separator(LineStyle::none().fill('┄').junction(' ')));
        let longest_words: Vec<usize> = (0..columns)
            .map(|index| {
                table
                    .column_cells_with_header_iter(index)
                    .flatten()
                    .flat_map(|cell| {
                        cell.content()
                            .split_whitespace()
                            .map(width)
                            .collect::<Vec<_>>()
                    })
                    .max()
                    .unwrap_or(1)
                    .min(MAX_UNBROKEN_WORD)
            })
            .collect();
        // Keep words whole only when that still fits the width; past it, a broken word
        // is better than a table wider than the screen.
        let width = table.width().map_or(usize::MAX, usize::from);
        let fits = |table: &Table| {
            table
                .lines()
                .all(|line| self::width(line.trim_end()) <= width)
        };
        let plain = table.clone();
        for (index, longest) in longest_words.into_iter().enumerate() {
            if let Some(column) = table.column_mut(index) {
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                    u16::try_from(longest + 2).unwrap_or(u16::MAX),
                )));
            }
        }
        if !fits(table) {
            *table = plain;
        }
    }
    let lines: Vec<String> = table.lines().map(|l| l.trim_end().to_string()).collect();
    lines.join("\n")
}

/// Wraps `text` to `width` columns at spaces, for printing after a label as wide as
/// `indent`: the first line continues the label's line, later lines start with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let start = self::width(indent);
    let mut out = String::new();
    let mut column = start;
    let mut fresh = true;
    for word in text.split_whitespace() {
        let len = self::width(word);
        if !fresh && column + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            column = start;
            fresh = true;
        }
        if !fresh {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
        fresh = false;
    }
    out
}

/// Wraps a shell command to `width` like [`wrap`], breaking only between arguments
/// (never inside a quoted one) and ending each broken line with ` \`, so it can still
/// be copied and pasted as it is.
pub fn wrap_command(command: &str, width: usize, indent: &str) -> String {
    // Split as a shell would: a space inside single or double quotes, or after a
    // backslash, belongs to its word.
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in command.chars() {
        match (quote, c) {
            _ if escaped => {
                escaped = false;
                current.push(c);
            }
            (None | Some('"'), '\\') => {
                escaped = true;
                current.push(c);
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                current.push(c);
            }
            (Some(open), _) if c == open => {
                quote = None;
                current.push(c);
            }
            (None, ' ') => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let continued = format!("{indent}    ");
    let mut out = String::new();
    let mut column = self::width(indent);
    for (i, word) in words.iter().enumerate() {
        let len = self::width(word);
        // Leave room for the " \" that ends a broken line.
        if i > 0 && column + 1 + len + 2 > width {
            out.push_str(" \\\n");
            out.push_str(&continued);
            column = self::width(&continued);
        } else if i > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
    }
    out
}

/// A sequence serialised as it is iterated, so a long listing goes to the output one
/// item at a time instead of being collected first.
pub struct Streamed<I>(std::cell::Cell<Option<I>>);

impl<I> Streamed<I> {
    pub fn new(items: I) -> Streamed<I> {
        Streamed(std::cell::Cell::new(Some(items)))
    }
}

impl<I, T> Serialize for Streamed<I>
where
    I: Iterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => serializer.collect_seq(items),
            None => Err(serde::ser::Error::custom(
                "a streamed sequence can be written only once",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_width_of_plain_text_is_the_unicode_width() {
        let ascii: String = (b' '..=b'~').map(char::from).collect();
        assert_eq!(
            width(&ascii),
            unicode_width::UnicodeWidthStr::width(ascii.as_str())
        );
        for text in [
            "Jo",
            "",
            "in 3 days",
            "Siobhán",
            "陳大文",
            "Ana 🙂",
            "a\tb",
            "x\u{7f}",
        ] {
            assert_eq!(
                width(text),
                unicode_width::UnicodeWidthStr::width(text),
                "{text:?}"
            );
        }
        assert_eq!(terminal_safe("Jo\tnotes\n"), "Jo\tnotes\n");
        assert_eq!(terminal_safe("a\u{7f}b"), "a\\u{7f}b");
    }

    #[test]
    fn terminal_output_keeps_colour_and_shows_other_controls() {
        assert_eq!(
            terminal_safe("\u{1b}[1;31mJo\u{1b}[0m\n"),
            "\u{1b}[1;31mJo\u{1b}[0m\n"
        );
        assert_eq!(
            terminal_safe("Jo\u{1b}[2J\u{1b}]0;x\u{7}"),
            "Jo\\u{1b}[2J\\u{1b}]0;x\\u{7}"
        );
        assert_eq!(terminal_safe("a\u{202e}b\rc"), "a\\u{202e}b\\rc");
        assert_eq!(terminal_safe("plain\ttext"), "plain\ttext");
    }

    #[test]
    fn commands_never_wrap_inside_a_quoted_word() {
        let command =
            "supportmap gaps restore 'overdue:Tuesday SMART Recovery' --x 'O'\\''Brien Kay'";
        let wrapped = wrap_command(command, 30, "");
        assert_eq!(
            wrapped,
            "supportmap gaps restore \\\n    'overdue:Tuesday SMART Recovery' \\\n    \
             --x 'O'\\''Brien Kay'"
        );
    }

    #[test]
    fn commands_wrap_between_arguments_with_continuations() {
        let command = "supportmap add \"Crisis line\" --kind service --phone 988";
        assert_eq!(
            wrap_command(command, 30, "  "),
            "supportmap add \\\n      \"Crisis line\" --kind \\\n      service --phone 988"
        );
        assert_eq!(
            wrap_command("supportmap checkin Jo", 80, ""),
            "supportmap checkin Jo"
        );
    }

    #[test]
    fn wrap_breaks_at_spaces_and_indents() {
        assert_eq!(
            wrap("one two three four", 11, "  "),
            "one two\n  three\n  four"
        );
        assert_eq!(wrap("short", 80, "  "), "short");
        assert_eq!(
            wrap("unbreakable-long-word x", 5, ""),
            "unbreakable-long-word\nx"
        );
    }
}
