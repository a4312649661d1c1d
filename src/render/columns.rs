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

#[cfg(test)]
mod tests {
    use super::*;

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
