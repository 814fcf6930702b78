//! Reading the CSV files people upload (rooms, staff). Parsing is the `csv` crate's
//! (RFC 4180, as [`crate::csv_writer`] writes); this module adds what every import
//! shares: the header must be the documented one, rows are numbered by the line they
//! start on (so a spreadsheet's row numbers and an editor's line numbers agree), cells
//! are trimmed and a cell the export guarded against spreadsheets reads back as typed.

use serde::{Deserialize, Serialize};

use crate::csv_writer::restore;
use crate::error::RowError;
use crate::reason::FieldReason;

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    pub created: u32,
    pub updated: u32,
}

/// One data row: its number and its cells, as many as the header has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub row: u32,
    pub cells: Vec<String>,
}

impl Record {
    /// The cell under `header[index]`.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

/// The data rows of `text`, whose first row must be `header`. A row with another
/// number of cells is named with the field `row`; blank lines are passed over.
pub fn records(text: &str, header: &[&str], max_rows: usize) -> Result<Vec<Record>, Vec<RowError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = LineCounter::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = reader.records();
    let header_ok = match rows.next() {
        Some(Ok(first)) => first.iter().map(str::trim).eq(header.iter().copied()),
        _ => false,
    };
    if !header_ok {
        return Err(vec![RowError::new(1, "row", FieldReason::HeaderMismatch)]);
    }
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for result in rows {
        let record = match result {
            Ok(record) => record,
            Err(err) => {
                let row = lines.at(err.position().map_or(0, |p| p.byte()));
                errors.push(RowError::new(row, "row", FieldReason::Unreadable));
                continue;
            }
        };
        let row = lines.at(record.position().map_or(0, |p| p.byte()));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            errors.push(RowError::new(row, "row", FieldReason::WrongNumberOfColumns));
            continue;
        }
        if records.len() == max_rows {
            return Err(vec![RowError::new(row, "row", FieldReason::TooManyRows)]);
        }
        let cells = record.iter().map(|cell| restore(cell.trim()).to_owned()).collect();
        records.push(Record { row, cells });
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

/// Line numbers from byte offsets that only grow. The `csv` crate's own line count
/// leaves out the blank lines it passes over, which a spreadsheet still numbers.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record read from byte `offset`: a record read after blank lines
    /// starts where they do, so they are passed over first.
    fn at(&mut self, offset: u64) -> u32 {
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX).min(self.text.len());
        while matches!(self.text.get(offset), Some(b'\n' | b'\r')) {
            offset += 1;
        }
        if offset > self.offset {
            let newlines = self.text[self.offset..offset].iter().filter(|&&b| b == b'\n').count();
            self.line = self.line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            self.offset = offset;
        }
        self.line
    }
}

/// A yes/no cell: `true`/`false`, `yes`/`no` or `1`/`0`, any case; empty is `default`.
pub fn flag(cell: &str, default: bool) -> Result<bool, FieldReason> {
    match cell.to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(FieldReason::NotTrueOrFalse),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: [&str; 2] = ["number", "floor"];

    #[test]
    fn rows_are_numbered_by_their_line_and_cells_read_as_typed() {
        let text = "\u{feff}number, floor\n901,9\n\n\" 902 \",'-1\n\"9\n03\",9\n'=1,2\n";
        let rows = records(text, &HEADER, 10).unwrap();
        let seen: Vec<(u32, Vec<&str>)> = rows
            .iter()
            .map(|r| (r.row, r.cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            seen,
            [
                (2, vec!["901", "9"]),
                (4, vec!["902", "'-1"]),
                (5, vec!["9\n03", "9"]),
                (7, vec!["=1", "2"])
            ]
        );
    }

    #[test]
    fn a_wrong_header_or_width_is_named() {
        assert_eq!(
            records("floor,number\n1,2\n", &HEADER, 10).unwrap_err(),
            [RowError::new(1, "row", FieldReason::HeaderMismatch)]
        );
        assert_eq!(
            records("", &HEADER, 10).unwrap_err(),
            [RowError::new(1, "row", FieldReason::HeaderMismatch)]
        );
        assert_eq!(
            records("number,floor\n1\n2,2\n3,3,3\n", &HEADER, 10).unwrap_err(),
            [
                RowError::new(2, "row", FieldReason::WrongNumberOfColumns),
                RowError::new(4, "row", FieldReason::WrongNumberOfColumns)
            ]
        );
        assert_eq!(
            records("number,floor\n1,1\n2,2\n", &HEADER, 1).unwrap_err(),
            [RowError::new(3, "row", FieldReason::TooManyRows)]
        );
    }

    #[test]
    fn flags_read_the_usual_spellings() {
        assert_eq!(flag("", true), Ok(true));
        assert_eq!(flag("No", true), Ok(false));
        assert_eq!(flag("1", false), Ok(true));
        assert_eq!(flag("maybe", true), Err(FieldReason::NotTrueOrFalse));
    }
}
