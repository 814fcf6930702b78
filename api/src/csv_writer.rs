//! The one CSV writer. Every CSV file Bellhop writes — the task, training and audit
//! reports and the question-bank export — goes through [`CsvWriter`], so quoting and
//! formula neutralisation are decided once.
//!
//! Quoting is the `csv` crate's (RFC 4180: a field with a comma, quote or line end is
//! quoted, quotes doubled); lines end in `\n`. A spreadsheet runs a cell that starts
//! with `=`, `+`, `-` or `@` (and, in some, tab or carriage return) as a formula, so a
//! name typed as `=HYPERLINK("http://evil.example","click")` would become a live link in
//! the manager's spreadsheet. Such a cell is written with a leading `'` (OWASP's CSV
//! injection advice), which spreadsheets show as text. A plain number such as `-15.25`
//! is not a formula and stays as it is, so it still reads as a number.
//!
//! [`restore`] undoes [`neutralise`] exactly, for a file Bellhop reads back (the
//! question bank's import): a value that itself starts with `'` before a formula
//! character gets one more `'` on the way out, so nothing typed is lost.

use std::borrow::Cow;

/// First characters that make a spreadsheet evaluate a cell.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `value` would be written with a protecting `'`.
fn needs_guard(value: &str) -> bool {
    let after_quotes = value.trim_start_matches('\'');
    after_quotes.starts_with(FORMULA_STARTS) && !value.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The cell as written: `value`, or `'value` when a spreadsheet would run it.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    if needs_guard(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// The value a cell written by [`neutralise`] holds.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(value) if needs_guard(value) => value,
        _ => cell,
    }
}

/// A CSV file built in memory, one record at a time.
pub struct CsvWriter {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvWriter {
    /// A file whose first line is `header`; every row must have as many cells.
    pub fn new(header: &[&str]) -> CsvWriter {
        let mut writer = CsvWriter {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new()),
        };
        writer.row(header);
        writer
    }

    /// Appends one record; each cell is neutralised and quoted as needed.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells.into_iter().map(|c| neutralise(c.as_ref()).into_owned()).collect();
        // Writing to memory cannot fail; a row of the wrong width is a bug in the caller.
        self.writer
            .write_record(&cells)
            .expect("a CSV row as wide as its header");
    }

    /// The file's text.
    pub fn finish(self) -> String {
        let bytes = self.writer.into_inner().expect("flushing to memory cannot fail");
        String::from_utf8(bytes).expect("every cell was a str")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_written_as_text() {
        let mut csv = CsvWriter::new(&["name", "score"]);
        csv.row([r#"=HYPERLINK("http://evil.example","click")"#, "-15.25"]);
        csv.row(["+1+cmd|' /C calc'!A0", "@SUM(A1)"]);
        csv.row(["-2+3", "\tx"]);
        csv.row(["\rx", "two\nlines"]);
        csv.row(["Front, desk", "'quoted"]);
        assert_eq!(
            csv.finish(),
            "name,score\n\
             \"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",-15.25\n\
             '+1+cmd|' /C calc'!A0,'@SUM(A1)\n\
             '-2+3,'\tx\n\
             \"'\rx\",\"two\nlines\"\n\
             \"Front, desk\",'quoted\n"
        );
    }

    #[test]
    fn a_guarded_cell_reads_back_as_typed() {
        for value in ["=1+1", "'=1+1", "''@x", "'Tis", "-15.25", "-inf", "plain", ""] {
            assert_eq!(restore(&neutralise(value)), value, "{value:?}");
        }
        assert_eq!(neutralise("'=1+1"), "''=1+1");
        assert_eq!(neutralise("'Tis"), "'Tis");
    }

    #[test]
    #[should_panic(expected = "as wide as its header")]
    fn a_row_of_the_wrong_width_is_a_bug() {
        CsvWriter::new(&["a", "b"]).row(["only one"]);
    }

    proptest! {
        #[test]
        fn neutralise_loses_nothing_and_leaves_no_formula(value in "['=+@\\t\\r-]{0,3}.{0,12}") {
            let cell = neutralise(&value);
            prop_assert_eq!(restore(&cell), value.as_str());
            let number = cell.parse::<f64>().is_ok_and(f64::is_finite);
            prop_assert!(number || !cell.starts_with(FORMULA_STARTS), "{:?}", cell);
        }
    }
}
