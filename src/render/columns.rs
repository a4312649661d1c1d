//! Tables that fit the terminal without splitting a word: which columns to show, and in
//! which form, is one function of the width ([`choose`]). Each table lists its columns
//! (every cell in a full form, and for some a shorter one) and the order in which to
//! give detail up; the least useful detail goes first, and the columns a person in a
//! hurry needs (name, crisis place, last contact, due) are never hidden.

use comfy_table::{Attribute, Cell, Color};

use super::{Output, width};

/// How a column is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Full,
    Short,
    Hidden,
}

/// One column: its header and cells in full, and optionally in a shorter form.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: &'static str,
    pub cells: Vec<String>,
    pub short_header: &'static str,
    pub short: Option<Vec<String>>,
    /// Cells drawn in red (the crisis place).
    pub red: bool,
    /// Free text that may wrap between words (a note): it counts only its longest word.
    pub wraps: bool,
}

impl Column {
    pub fn new(header: &'static str, cells: Vec<String>) -> Column {
        Column {
            header,
            cells,
            short_header: header,
            short: None,
            red: false,
            wraps: false,
        }
    }

    /// Free text that may wrap between words, never inside one.
    pub fn wraps(mut self) -> Column {
        self.wraps = true;
        self
    }

    /// A shorter form of every cell, for a narrow terminal.
    pub fn short(mut self, header: &'static str, cells: Vec<String>) -> Column {
        self.short_header = header;
        self.short = Some(cells);
        self
    }

    pub fn red(mut self) -> Column {
        self.red = true;
        self
    }

    fn widest(&self, form: Form) -> usize {
        let (header, cells) = match (form, &self.short) {
            (Form::Short, Some(short)) => (self.short_header, short),
            _ => (self.header, &self.cells),
        };
        let pieces: Box<dyn Iterator<Item = &str>> = if self.wraps {
            Box::new(cells.iter().flat_map(|c| c.split_whitespace()))
        } else {
            Box::new(cells.iter().flat_map(|c| c.lines()))
        };
        pieces.map(width).chain([width(header)]).max().unwrap_or(0)
    }
}

/// The width a table of these columns takes: each shown column is its widest cell plus
/// a space either side, with a one-column gap between columns.
pub fn table_width(columns: &[Column], forms: &[Form]) -> usize {
    let shown: Vec<usize> = columns
        .iter()
        .zip(forms)
        .filter(|(_, form)| **form != Form::Hidden)
        .map(|(column, form)| column.widest(*form) + 2)
        .collect();
    shown.iter().sum::<usize>() + shown.len().saturating_sub(1)
}

/// One step of giving detail up: the columns it changes and the form each takes.
pub type Step = &'static [(usize, Form)];

/// The forms to show the columns in: all in full when they fit `width` (or when there
/// is no width to fit), otherwise each of `steps` in turn until the table fits. When
/// nothing fits, every step is taken.
pub fn choose(columns: &[Column], steps: &[Step], width: Option<usize>) -> Vec<Form> {
    let mut forms = vec![Form::Full; columns.len()];
    let Some(width) = width else { return forms };
    for step in steps {
        if table_width(columns, &forms) <= width {
            break;
        }
        for &(index, form) in *step {
            // A column that is not there, or has no short form, stays as it is.
            let Some(column) = columns.get(index) else {
                continue;
            };
            if form == Form::Short && column.short.is_none() {
                continue;
            }
            forms[index] = form;
        }
    }
    forms
}

/// The table for this width, with `dim` rows (paused, archived) dimmed when colour is on.
pub fn render(columns: &[Column], steps: &[Step], dim: &[bool], out: &Output) -> String {
    let forms = choose(columns, steps, out.width.map(usize::from));
    let mut table = out.table();
    let shown: Vec<(&Column, Form)> = columns
        .iter()
        .zip(forms)
        .filter(|(_, form)| *form != Form::Hidden)
        .collect();
    table.set_header(shown.iter().map(|(column, form)| {
        let header = if *form == Form::Short {
            column.short_header
        } else {
            column.header
        };
        Cell::new(header).add_attribute(Attribute::Bold)
    }));
    for (row, dimmed) in dim.iter().enumerate() {
        table.add_row(shown.iter().map(|(column, form)| {
            let text = match (form, &column.short) {
                (Form::Short, Some(short)) => &short[row],
                _ => &column.cells[row],
            };
            let mut cell = Cell::new(text);
            if *dimmed {
                cell = cell.add_attribute(Attribute::Dim);
            }
            if column.red {
                cell = cell.fg(Color::Red);
            }
            cell
        }));
    }
    super::finish(&mut table)
}

/// A table too long to hold, printed a page of rows at a time exactly as one table of
/// all its rows would print. A first pass hands every page to [`Extremes::add`], which
/// keeps only the cells that decide the layout (in each column and form, the widest
/// line and the longest word); [`Extremes::layout`] lays those few cells out as the
/// whole table would be (forms, widths, whether rows are ruled apart) and a second
/// pass prints each page with [`PagedLayout::page`] in that layout.
#[derive(Debug, Default)]
pub struct Extremes {
    /// Per column: the full form's kept cells, then the short form's.
    kept: Vec<[Kept; 2]>,
}

/// The cells of one column and form that decide its width.
#[derive(Debug, Default, Clone)]
struct Kept {
    widest_line: (usize, String),
    longest_word: (usize, String),
}

impl Kept {
    fn add(&mut self, cell: &str, wraps: bool) {
        let line = cell.lines().map(super::width).max().unwrap_or(0);
        if line > self.widest_line.0 {
            self.widest_line = (line, cell.to_string());
        }
        let word = cell.split_whitespace().map(super::width).max().unwrap_or(0);
        if wraps && word > self.longest_word.0 {
            self.longest_word = (word, cell.to_string());
        }
    }

    fn cells(&self) -> Vec<String> {
        vec![self.widest_line.1.clone(), self.longest_word.1.clone()]
    }
}

impl Extremes {
    /// Takes in one page's columns.
    pub fn add(&mut self, columns: &[Column]) {
        self.kept.resize_with(columns.len(), Default::default);
        for (column, kept) in columns.iter().zip(&mut self.kept) {
            for cell in &column.cells {
                kept[0].add(cell, column.wraps);
            }
            for cell in column.short.iter().flatten() {
                kept[1].add(cell, column.wraps);
            }
        }
    }

    /// The layout the whole table takes: `template` gives the columns' headers and
    /// kinds (its cells are not read).
    pub fn layout(&self, template: &[Column], steps: &[Step], out: &Output) -> PagedLayout {
        let columns: Vec<Column> = template
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let kept = self.kept.get(i).cloned().unwrap_or_default();
                Column {
                    cells: kept[0].cells(),
                    short: column.short.as_ref().map(|_| kept[1].cells()),
                    ..column.clone()
                }
            })
            .collect();
        let forms = choose(&columns, steps, out.width.map(usize::from));
        let drawn = render(&columns, steps, &[false, false], out);
        // The ruled line under the header gives each column's width; a dotted line
        // between the two rows shows that rows are ruled apart.
        let rule = |fill: char| {
            drawn
                .lines()
                .find(|line| line.contains(fill) && line.chars().all(|c| c == fill || c == ' '))
        };
        let widths = rule('─')
            .map(|line| {
                line.split(' ')
                    .filter(|run| !run.is_empty())
                    .map(|run| run.chars().count())
                    .collect()
            })
            .unwrap_or_default();
        PagedLayout {
            forms,
            widths,
            ruled: rule('┄').is_some(),
        }
    }
}

/// How every page of a paged table is drawn (see [`Extremes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagedLayout {
    forms: Vec<Form>,
    /// Each shown column's width, padding included.
    widths: Vec<usize>,
    /// Rows are ruled apart (a note wraps): a dotted line between pages too.
    ruled: bool,
}

impl PagedLayout {
    /// One page of the table: the header only on the first page, and a dotted line
    /// before each later page when rows are ruled apart.
    pub fn page(&self, columns: &[Column], dim: &[bool], first: bool, out: &Output) -> String {
        if !out.color
            && let Some(page) = self.plain_page(columns, first)
        {
            return page;
        }
        self.drawn_page(columns, dim, first, out)
    }

    /// A page drawn directly, when it reads exactly as the table would draw it: no
    /// colour, rows not ruled apart, and every cell one line that fits its column.
    /// (A history of a million check-ins is mostly such pages.) `None` otherwise.
    fn plain_page(&self, columns: &[Column], first: bool) -> Option<String> {
        let shown: Vec<&Vec<String>> = columns
            .iter()
            .zip(self.forms.iter().copied())
            .filter(|(_, form)| *form != Form::Hidden)
            .map(|(column, form)| match (form, &column.short) {
                (Form::Short, Some(short)) => short,
                _ => &column.cells,
            })
            .collect();
        let headers: Vec<&str> = columns
            .iter()
            .zip(self.forms.iter().copied())
            .filter(|(_, form)| *form != Form::Hidden)
            .map(|(column, form)| match form {
                Form::Short => column.short_header,
                _ => column.header,
            })
            .collect();
        if self.ruled || shown.len() != self.widths.len() {
            return None;
        }
        let fits = |text: &str, column: usize| -> bool {
            !text.contains(['\n', '\r', '\t'])
                && text.trim() == text
                && super::width(text) + 2 <= self.widths[column]
        };
        let rows = shown.first().map_or(0, |cells| cells.len());
        let all_fit = (0..shown.len()).all(|column| {
            fits(headers[column], column) && shown[column].iter().all(|cell| fits(cell, column))
        });
        if !all_fit || shown.iter().any(|cells| cells.len() != rows) {
            return None;
        }
        let mut text = String::new();
        let line = |text: &mut String, cells: &mut dyn Iterator<Item = &str>| {
            let start = text.len();
            for (column, cell) in cells.enumerate() {
                if column > 0 {
                    text.push(' ');
                }
                text.push(' ');
                text.push_str(cell);
                let pad = self.widths[column] - 1 - super::width(cell);
                text.extend(std::iter::repeat_n(' ', pad));
            }
            let end = text[start..].trim_end().len();
            text.truncate(start + end);
            text.push('\n');
        };
        if first {
            line(&mut text, &mut headers.iter().copied());
            let rules: Vec<String> = self.widths.iter().map(|w| "─".repeat(*w)).collect();
            text.push_str(rules.join(" ").trim_end());
            text.push('\n');
        }
        for row in 0..rows {
            line(
                &mut text,
                &mut shown.iter().map(|cells| cells[row].as_str()),
            );
        }
        text.pop();
        Some(text)
    }

    /// A page drawn by the table itself.
    fn drawn_page(&self, columns: &[Column], dim: &[bool], first: bool, out: &Output) -> String {
        let mut table = out.table();
        if self.ruled {
            table.load_style(
                super::TABLE_STYLE
                    .row_separator(comfy_table::LineStyle::none().fill('┄').junction(' ')),
            );
        }
        let shown: Vec<(&Column, Form)> = columns
            .iter()
            .zip(self.forms.iter().copied())
            .filter(|(_, form)| *form != Form::Hidden)
            .collect();
        let rows = columns.first().map_or(0, |c| c.cells.len());
        let cell = |column: &Column, form: Form, row: usize| -> String {
            match (form, &column.short) {
                (Form::Short, Some(short)) => short[row].clone(),
                _ => column.cells[row].clone(),
            }
        };
        if first {
            table.set_header(shown.iter().map(|(column, form)| {
                let header = if *form == Form::Short {
                    column.short_header
                } else {
                    column.header
                };
                Cell::new(header).add_attribute(Attribute::Bold)
            }));
        }
        for row in 0..rows {
            let dimmed = dim.get(row).copied().unwrap_or(false);
            table.add_row(shown.iter().map(|(column, form)| {
                let mut cell = Cell::new(cell(column, *form, row));
                if dimmed {
                    cell = cell.add_attribute(Attribute::Dim);
                }
                if column.red {
                    cell = cell.fg(Color::Red);
                }
                cell
            }));
        }
        for (index, width) in self.widths.iter().enumerate() {
            if let Some(column) = table.column_mut(index) {
                column.set_constraint(comfy_table::ColumnConstraint::Absolute(
                    comfy_table::Width::Fixed(u16::try_from(*width).unwrap_or(u16::MAX)),
                ));
            }
        }
        let mut lines: Vec<String> = Vec::new();
        if self.ruled && !first && rows > 0 {
            let dots: Vec<String> = self.widths.iter().map(|w| "┄".repeat(*w)).collect();
            lines.push(dots.join(" ").trim_end().to_string());
        }
        lines.extend(table.lines().map(|l| l.trim_end().to_string()));
        lines.join("\n")
    }
}

/// The most rows a table lays out at once: a longer one is printed a page at a time,
/// exactly as it would print whole (see [`Extremes`]), so memory stays flat however
/// many rows there are.
pub const PAGE_ROWS: usize = 1000;

/// Prints a table of `rows` rows through `print`, a page of [`PAGE_ROWS`] at a time when
/// it is longer: `page(range)` gives those rows' columns and which of them are dimmed.
/// Each page is built twice (once to measure, once to print), never all at once.
pub fn print_paged(
    rows: usize,
    steps: &[Step],
    out: &Output,
    page: &dyn Fn(std::ops::Range<usize>) -> (Vec<Column>, Vec<bool>),
    print: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if rows <= PAGE_ROWS {
        let (columns, dim) = page(0..rows);
        return print(&render(&columns, steps, &dim, out));
    }
    let ranges = || {
        (0..rows)
            .step_by(PAGE_ROWS)
            .map(move |start| start..(start + PAGE_ROWS).min(rows))
    };
    let mut extremes = Extremes::default();
    let mut template = Vec::new();
    for range in ranges() {
        let (columns, _) = page(range);
        extremes.add(&columns);
        if template.is_empty() {
            template = columns;
        }
    }
    let layout = extremes.layout(&template, steps, out);
    drop(template);
    for (i, range) in ranges().enumerate() {
        let (columns, dim) = page(range);
        print(&layout.page(&columns, &dim, i == 0, out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page drawn directly reads exactly as the table draws it, whenever it is drawn
    /// directly: names with accents, wide characters and emoji, empty cells, short forms.
    #[test]
    fn a_page_drawn_directly_reads_as_the_table_draws_it() {
        let names = [
            "Jo",
            "Siobhán O'Brien",
            "陳大文",
            "Ana 🙂",
            "",
            "Dr Amara Okafor",
            "x",
            "👩‍👩‍👧 family",
            "Zoë",
        ];
        let build = |offset: usize| -> Vec<Column> {
            let rows = 0..names.len() * 3;
            vec![
                Column::new(
                    "Name",
                    rows.clone()
                        .map(|i| names[(i + offset) % names.len()].to_string())
                        .collect(),
                ),
                Column::new(
                    "Due",
                    rows.clone().map(|i| format!("in {i} days")).collect(),
                )
                .short("Due", rows.clone().map(|i| format!("{i}d")).collect()),
                Column::new(
                    "Phone",
                    rows.clone()
                        .map(|i| {
                            if i % 4 == 0 {
                                String::new()
                            } else {
                                format!("555-{i:04}")
                            }
                        })
                        .collect(),
                ),
            ]
        };
        const STEPS: &[Step] = &[&[(1, Form::Short)]];
        let mut direct = 0;
        for width in [None, Some(120), Some(40), Some(30), Some(22)] {
            let out = Output {
                json: false,
                color: false,
                quiet: false,
                width,
            };
            let mut extremes = Extremes::default();
            for offset in 0..3 {
                extremes.add(&build(offset));
            }
            let layout = extremes.layout(&build(0), STEPS, &out);
            for (offset, first) in [(0, true), (1, false), (2, false)] {
                let columns = build(offset);
                let drawn = layout.drawn_page(&columns, &[], first, &out);
                if let Some(plain) = layout.plain_page(&columns, first) {
                    assert_eq!(plain, drawn, "at width {width:?}");
                    direct += 1;
                }
                assert_eq!(layout.page(&columns, &[], first, &out), drawn);
            }
        }
        assert!(direct >= 6, "most pages are drawn directly ({direct})");
    }

    /// A long table printed a page at a time reads exactly as the whole table would,
    /// at any width, with long notes that wrap and dimmed rows.
    #[test]
    fn a_paged_table_prints_as_the_whole_table() {
        let rows = PAGE_ROWS * 2 + 317;
        let name = |i: usize| match i {
            1500 => "Someone with a much longer name than the rest".to_string(),
            _ => format!("Person {i}"),
        };
        let note = |i: usize| match i % 97 {
            0 => "a note long enough to wrap on a narrow terminal, of several words".to_string(),
            _ => format!("note {}", i % 13),
        };
        let build = |range: std::ops::Range<usize>| -> (Vec<Column>, Vec<bool>) {
            let columns = vec![
                Column::new("Name", range.clone().map(name).collect()),
                Column::new(
                    "Category",
                    range.clone().map(|i| format!("friend ({i})")).collect(),
                )
                .short(
                    "Category",
                    range.clone().map(|_| "friend".to_string()).collect(),
                ),
                Column::new("Note", range.clone().map(note).collect()).wraps(),
            ];
            (columns, range.map(|i| i % 5 == 0).collect())
        };
        const STEPS: &[Step] = &[&[(1, Form::Short)]];
        for (width, color) in [
            (None, false),
            (Some(200), true),
            (Some(70), false),
            (Some(40), true),
        ] {
            let out = Output {
                json: false,
                color,
                quiet: false,
                width,
            };
            let (columns, dim) = build(0..rows);
            let whole = render(&columns, STEPS, &dim, &out);
            let mut paged = Vec::new();
            print_paged(rows, STEPS, &out, &build, &mut |text| {
                paged.push(text.to_string());
                Ok(())
            })
            .unwrap();
            assert_eq!(paged.len(), 3);
            assert_eq!(paged.join("\n"), whole, "at width {width:?}");
        }
    }

    fn columns() -> Vec<Column> {
        vec![
            Column::new("Name", vec!["Jo".into(), "Dr Amara Okafor".into()]),
            Column::new(
                "Category",
                vec!["sponsor".into(), "professional (therapist)".into()],
            )
            .short("Category", vec!["sponsor".into(), "professional".into()]),
            Column::new("Gives", vec!["emotional, advice".into(), String::new()])
                .short("Gives", vec!["emo adv".into(), String::new()]),
            Column::new("Due", vec!["in 3 days".into(), "-".into()]),
        ]
    }

    const STEPS: &[Step] = &[
        &[(1, Form::Short)],
        &[(2, Form::Short)],
        &[(2, Form::Hidden)],
        &[(9, Form::Hidden)],
    ];

    #[test]
    fn widths_count_padding_gaps_and_wide_characters() {
        let all = [Form::Full; 4];
        // 15+2, 24+2, 17+2, 9+2, and three gaps.
        assert_eq!(table_width(&columns(), &all), 17 + 26 + 19 + 11 + 3);
        let wide = [Column::new("Name", vec!["陳大文".into()])];
        assert_eq!(table_width(&wide, &[Form::Full]), 8);
    }

    #[test]
    fn detail_goes_in_order_until_the_table_fits() {
        let c = columns();
        assert_eq!(choose(&c, STEPS, None), [Form::Full; 4]);
        assert_eq!(choose(&c, STEPS, Some(76)), [Form::Full; 4]);
        assert_eq!(
            choose(&c, STEPS, Some(75)),
            [Form::Full, Form::Short, Form::Full, Form::Full]
        );
        assert_eq!(
            choose(&c, STEPS, Some(55)),
            [Form::Full, Form::Short, Form::Short, Form::Full]
        );
        assert_eq!(
            choose(&c, STEPS, Some(40)),
            [Form::Full, Form::Short, Form::Hidden, Form::Full]
        );
    }
}
