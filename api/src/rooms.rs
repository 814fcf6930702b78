//! The hotel's rooms: the records, their checks, and the rooms file (CSV) that imports
//! and exports them. Rooms are retired (`active: false`), never deleted, because tasks
//! keep pointing at them.
//!
//! The rooms file has one header line, `number,floor,room_type,section,active`, then
//! one room per row; `room_type` and `section` may be empty, `active` is
//! `true`/`false` (`yes`/`no`, `1`/`0`; empty is `true`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::csv_reader::{self, Record};
use crate::csv_writer::CsvWriter;
use crate::error::RowError;
use crate::reason::FieldReason;
use crate::validate::{FieldErrors, NAME_MAX_CHARS};

pub const CSV_HEADER: [&str; 5] = ["number", "floor", "room_type", "section", "active"];

/// The most rooms one file may hold.
pub const IMPORT_MAX_ROWS: usize = 5000;

/// A guest room, e.g. number `1208` on floor 12.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Room {
    pub id: Uuid,
    pub number: String,
    pub floor: i64,
    /// The hotel's own words, e.g. `Deluxe King`; may be empty.
    #[serde(default)]
    pub room_type: String,
    /// A block of rooms an attendant works, e.g. `12 East`; may be empty.
    #[serde(default)]
    pub section: String,
    /// Retired rooms drop out of pickers; their tasks keep them.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A new room. `id` is made by the client so a retried submission is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoomCreate {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[A-Za-z0-9-]{1,20}\s*$"))]
    pub number: String,
    #[cfg_attr(feature = "openapi", schema(minimum = -20, maximum = 300))]
    pub floor: i64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[^\x00-\x1f\x7f-\x9f]{0,80}\s*$"))]
    pub room_type: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[^\x00-\x1f\x7f-\x9f]{0,80}\s*$"))]
    pub section: String,
}

/// A partial edit; absent fields stay as they are. `active: false` retires the room.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoomUpdate {
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[A-Za-z0-9-]{1,20}\s*$"))]
    pub number: Option<String>,
    #[cfg_attr(feature = "openapi", schema(minimum = -20, maximum = 300))]
    pub floor: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[^\x00-\x1f\x7f-\x9f]{0,80}\s*$"))]
    pub room_type: Option<String>,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[^\x00-\x1f\x7f-\x9f]{0,80}\s*$"))]
    pub section: Option<String>,
    pub active: Option<bool>,
}

/// `GET /rooms`: active rooms, or every room for the set-up screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct RoomsQuery {
    /// Also list retired rooms.
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub include_retired: bool,
}

/// A room as a form or a file row gives it, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomInput {
    pub number: String,
    pub floor: i64,
    pub room_type: String,
    pub section: String,
    pub active: bool,
}

/// Room numbers: 1–20 letters, digits or dashes, as on the door. The fields' schemas
/// (`RoomCreate`, `RoomUpdate`) state this rule, the floors' and the labels' too.
pub fn number(value: &str) -> Result<(), FieldReason> {
    let ok = (1..=20).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(()).ok_or(FieldReason::RoomNumberFormat)
}

/// Floors from the deepest basement to the tallest tower.
pub fn floor(value: i64) -> Result<(), FieldReason> {
    (-20..=300)
        .contains(&value)
        .then_some(())
        .ok_or(FieldReason::OutOfRange)
}

/// A room type or section: may be empty, else a short line of text.
pub fn label(value: &str) -> Result<(), FieldReason> {
    if value.chars().count() > NAME_MAX_CHARS {
        return Err(FieldReason::TooLong);
    }
    (!value.chars().any(char::is_control))
        .then_some(())
        .ok_or(FieldReason::ControlCharacters)
}

fn check(errors: &mut FieldErrors, field: &str, result: Result<(), FieldReason>) {
    if let Err(reason) = result {
        errors.insert(field.to_owned(), reason);
    }
}

pub fn validate_create(req: &RoomCreate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    check(&mut errors, "number", number(req.number.trim()));
    check(&mut errors, "floor", floor(req.floor));
    check(&mut errors, "room_type", label(req.room_type.trim()));
    check(&mut errors, "section", label(req.section.trim()));
    errors.is_empty().then_some(()).ok_or(errors)
}

pub fn validate_update(req: &RoomUpdate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if let Some(value) = &req.number {
        check(&mut errors, "number", number(value.trim()));
    }
    if let Some(value) = req.floor {
        check(&mut errors, "floor", floor(value));
    }
    if let Some(value) = &req.room_type {
        check(&mut errors, "room_type", label(value.trim()));
    }
    if let Some(value) = &req.section {
        check(&mut errors, "section", label(value.trim()));
    }
    errors.is_empty().then_some(()).ok_or(errors)
}

/// The rooms of a file, each row checked; a number twice in the file is a problem
/// of the later row. One problem means no rooms.
pub fn read_csv(text: &str) -> Result<Vec<RoomInput>, Vec<RowError>> {
    let records = csv_reader::records(text, &CSV_HEADER, IMPORT_MAX_ROWS)?;
    let mut errors = Vec::new();
    let mut rooms = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for record in &records {
        match parse_row(record) {
            Ok(room) if !seen.insert(room.number.clone()) => {
                errors.push(RowError::new(record.row, "number", FieldReason::DuplicateInFile));
            }
            Ok(room) => rooms.push(room),
            Err(mut row_errors) => errors.append(&mut row_errors),
        }
    }
    if errors.is_empty() {
        Ok(rooms)
    } else {
        Err(errors)
    }
}

fn parse_row(record: &Record) -> Result<RoomInput, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut problem = |field: &str, result: Result<(), FieldReason>| {
        if let Err(reason) = result {
            errors.push(RowError::new(record.row, field, reason));
        }
    };
    let room_number = record.cell(0).to_owned();
    problem("number", number(&room_number));
    let room_floor = match record.cell(1).parse::<i64>() {
        Ok(value) => {
            problem("floor", floor(value));
            value
        }
        Err(_) => {
            problem("floor", Err(FieldReason::NotANumber));
            0
        }
    };
    problem("room_type", label(record.cell(2)));
    problem("section", label(record.cell(3)));
    let active = csv_reader::flag(record.cell(4), true);
    problem("active", active.map(|_| ()));
    if errors.is_empty() {
        Ok(RoomInput {
            number: room_number,
            floor: room_floor,
            room_type: record.cell(2).to_owned(),
            section: record.cell(3).to_owned(),
            active: active.unwrap_or(true),
        })
    } else {
        Err(errors)
    }
}

/// The rooms as a file that [`read_csv`] reads back.
pub fn write_csv(rooms: &[Room]) -> String {
    let mut out = CsvWriter::new(&CSV_HEADER);
    for room in rooms {
        out.row([
            room.number.as_str(),
            &room.floor.to_string(),
            &room.room_type,
            &room.section,
            if room.active { "true" } else { "false" },
        ]);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_row_is_named_and_nothing_is_read() {
        let text = "number,floor,room_type,section,active\n\
                    901,9,Deluxe,9 East,\n\
                    9 02,9,,,\n\
                    903,nine,,,maybe\n\
                    901,9,,,\n";
        assert_eq!(
            read_csv(text).unwrap_err(),
            [
                RowError::new(3, "number", FieldReason::RoomNumberFormat),
                RowError::new(4, "floor", FieldReason::NotANumber),
                RowError::new(4, "active", FieldReason::NotTrueOrFalse),
                RowError::new(5, "number", FieldReason::DuplicateInFile),
            ]
        );
    }

    #[test]
    fn the_export_reads_back() {
        let rooms = vec![
            Room {
                id: Uuid::nil(),
                number: "B1-01".into(),
                floor: -1,
                room_type: "=Store".into(),
                section: "Back, of house".into(),
                active: false,
            },
            Room {
                id: Uuid::nil(),
                number: "1208".into(),
                floor: 12,
                room_type: String::new(),
                section: String::new(),
                active: true,
            },
        ];
        let text = write_csv(&rooms);
        assert!(text.contains("'=Store"), "formula cells are guarded: {text}");
        let read: Vec<(String, i64, String, String, bool)> = read_csv(&text)
            .unwrap()
            .into_iter()
            .map(|r| (r.number, r.floor, r.room_type, r.section, r.active))
            .collect();
        let written: Vec<(String, i64, String, String, bool)> = rooms
            .into_iter()
            .map(|r| (r.number, r.floor, r.room_type, r.section, r.active))
            .collect();
        assert_eq!(read, written);
    }
}
