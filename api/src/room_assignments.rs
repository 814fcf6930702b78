//! The day's room assignments: credits per room type and kind of clean (set by the
//! hotel), a proposed split of the day's rooms that balances credits between
//! attendants, each attendant's rooms in order, progress through the day, and the
//! end-of-day report with its CSV.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::csv_writer::CsvWriter;
use crate::room_status::{Housekeeping, Occupancy, RoomStatus};

wire_codes! {
    /// What a room needs today.
    #[derive(Deserialize, PartialOrd, Ord)]
    pub enum CleanKind {
        /// The guest left (or leaves today): a full clean.
        Departure = "departure",
        /// The guest stays: a lighter service.
        StayOver = "stay_over",
    }
}

/// The clean a room needs today, if any: departures and dirty empty rooms get a full
/// clean, occupied rooms a stay-over; clean, inspected and out-of-order rooms none.
pub fn clean_kind(occupancy: Occupancy, housekeeping: Housekeeping) -> Option<CleanKind> {
    if housekeeping.is_off() {
        return None;
    }
    match occupancy {
        Occupancy::Departed | Occupancy::DueOut => Some(CleanKind::Departure),
        Occupancy::Occupied => Some(CleanKind::StayOver),
        Occupancy::Vacant | Occupancy::ArrivalExpected => housekeeping.needs_cleaning().then_some(CleanKind::Departure),
    }
}

/// Credits of one room type; the empty room type is every type without its own line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreditRule {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::short_text))]
    pub room_type: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::credits))]
    pub departure: u32,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::credits))]
    pub stay_over: u32,
}

/// Without a line of the hotel's own: a departure is worth three stay-overs.
pub static DEFAULT_CREDITS: CreditRule = CreditRule {
    room_type: String::new(),
    departure: 3,
    stay_over: 1,
};

/// The most credits one room may count.
pub const CREDITS_MAX: u32 = 100;

/// The credits a room of `room_type` counts for `kind`, by the hotel's `rules`.
pub fn credits(rules: &[CreditRule], room_type: &str, kind: CleanKind) -> u32 {
    let rule = rules
        .iter()
        .find(|r| r.room_type == room_type)
        .or_else(|| rules.iter().find(|r| r.room_type.is_empty()))
        .unwrap_or(&DEFAULT_CREDITS);
    match kind {
        CleanKind::Departure => rule.departure,
        CleanKind::StayOver => rule.stay_over,
    }
}

/// `PUT /rooms/credits`: the hotel's whole list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreditRules {
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub rules: Vec<CreditRule>,
}

/// One room of the day's work, with what it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayRoom {
    pub room_id: Uuid,
    pub number: String,
    pub floor: i64,
    pub section: String,
    pub kind: CleanKind,
    pub credits: u32,
}

/// Splits `rooms` (in walking order: section, floor, number) between `attendants`
/// into runs of neighbouring rooms, each run as close to an equal share of the credits
/// as whole rooms allow. Returns, per attendant, the indexes of its rooms.
pub fn propose(rooms: &[DayRoom], attendants: usize) -> Vec<Vec<usize>> {
    let mut split = vec![Vec::new(); attendants];
    if attendants == 0 {
        return split;
    }
    let total: u64 = rooms.iter().map(|r| u64::from(r.credits)).sum();
    let mut done: u64 = 0;
    let mut who = 0;
    for (index, room) in rooms.iter().enumerate() {
        let credits = u64::from(room.credits);
        // Move on when taking the room would overshoot this attendant's share by more
        // than leaving it falls short of it.
        while who + 1 < attendants {
            let share_end = total * (who as u64 + 1) / attendants as u64;
            let over = (done + credits).saturating_sub(share_end);
            let short = share_end.saturating_sub(done);
            if over <= short {
                break;
            }
            who += 1;
        }
        split[who].push(index);
        done += credits;
    }
    split
}

/// `GET /rooms/assignments/proposal`: the day's rooms split between the attendants on
/// duty (every active housekeeping attendant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub day: NaiveDate,
    pub attendants: Vec<AttendantShare>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendantShare {
    pub attendant_id: Uuid,
    pub attendant_name: String,
    pub credits: u32,
    pub rooms: Vec<DayRoom>,
}

/// `PUT /rooms/assignments`: today's list of each attendant, in order; rooms left out
/// are on nobody's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentsSave {
    pub attendants: Vec<AttendantRooms>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendantRooms {
    pub attendant_id: Uuid,
    pub room_ids: Vec<Uuid>,
}

/// The most rooms one day's save may hold.
pub const ASSIGN_MAX_ROOMS: usize = 5000;

/// `GET /rooms/mine` and each attendant's line of `GET /rooms/assignments`: rooms in
/// the order to work them (queued ones first) and how far the day has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendantDay {
    pub attendant_id: Uuid,
    pub attendant_name: String,
    pub rooms: Vec<AssignedRoom>,
    pub progress: Progress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignedRoom {
    pub status: RoomStatus,
    pub kind: CleanKind,
    pub credits: u32,
    /// Cleaned today (clean or inspected since it was assigned).
    pub done: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    pub rooms: u32,
    pub done: u32,
    pub credits: u32,
    pub credits_done: u32,
}

/// `GET /rooms/report` and `/rooms/report.csv`: one day, hotel time (today if absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    pub day: Option<NaiveDate>,
}

/// The day's work per attendant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayReport {
    pub day: NaiveDate,
    pub attendants: Vec<AttendantReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendantReport {
    pub attendant_id: Uuid,
    pub attendant_name: String,
    pub rooms_assigned: u32,
    pub rooms_cleaned: u32,
    /// From start_cleaning to clean, over the rooms that have both, to a tenth; `None`
    /// if none.
    pub average_minutes: Option<f64>,
    pub inspections_passed: u32,
    pub inspections_failed: u32,
    /// Passed ÷ inspected, 0–100 to a tenth; `None` before any inspection.
    pub pass_rate: Option<f64>,
    /// Re-cleans after a failed inspection.
    pub recleans: u32,
}

pub const REPORT_CSV_HEADER: [&str; 9] = [
    "day",
    "attendant",
    "rooms_assigned",
    "rooms_cleaned",
    "average_minutes",
    "inspections_passed",
    "inspections_failed",
    "pass_rate",
    "recleans",
];

/// The report as a spreadsheet reads it, one attendant a row.
pub fn report_csv(report: &DayReport) -> String {
    let mut out = CsvWriter::new(&REPORT_CSV_HEADER);
    let one = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    for a in &report.attendants {
        out.row([
            report.day.to_string(),
            a.attendant_name.clone(),
            a.rooms_assigned.to_string(),
            a.rooms_cleaned.to_string(),
            one(a.average_minutes),
            a.inspections_passed.to_string(),
            a.inspections_failed.to_string(),
            one(a.pass_rate),
            a.recleans.to_string(),
        ]);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(credits: u32) -> DayRoom {
        DayRoom {
            room_id: Uuid::nil(),
            number: String::new(),
            floor: 1,
            section: String::new(),
            kind: CleanKind::Departure,
            credits,
        }
    }

    fn loads(rooms: &[DayRoom], split: &[Vec<usize>]) -> Vec<u32> {
        split
            .iter()
            .map(|s| s.iter().map(|&i| rooms[i].credits).sum())
            .collect()
    }

    #[test]
    fn the_split_balances_credits_within_one_room() {
        let rooms: Vec<DayRoom> = [3, 1, 1, 3, 3, 1, 3, 1, 1, 1, 3, 3, 1, 3]
            .into_iter()
            .map(room)
            .collect();
        for attendants in 1..=5 {
            let split = propose(&rooms, attendants);
            assert_eq!(split.iter().map(Vec::len).sum::<usize>(), rooms.len());
            let loads = loads(&rooms, &split);
            let spread = loads.iter().max().unwrap() - loads.iter().min().unwrap();
            assert!(spread <= 3, "{attendants}: {loads:?}");
        }
    }

    #[test]
    fn nobody_on_duty_gets_nothing() {
        assert!(propose(&[room(3)], 0).is_empty());
    }

    #[test]
    fn credits_follow_the_room_type_then_the_default_line() {
        let rules = vec![
            CreditRule {
                room_type: "Suite".into(),
                departure: 6,
                stay_over: 2,
            },
            CreditRule {
                room_type: String::new(),
                departure: 4,
                stay_over: 1,
            },
        ];
        assert_eq!(credits(&rules, "Suite", CleanKind::Departure), 6);
        assert_eq!(credits(&rules, "Twin", CleanKind::Departure), 4);
        assert_eq!(credits(&[], "Twin", CleanKind::StayOver), 1);
        assert_eq!(
            clean_kind(Occupancy::Vacant, Housekeeping::Clean),
            None,
            "a clean empty room needs nothing"
        );
        assert_eq!(
            clean_kind(Occupancy::Occupied, Housekeeping::Inspected),
            Some(CleanKind::StayOver)
        );
    }
}
