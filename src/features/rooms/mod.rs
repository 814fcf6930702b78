//! Housekeeping's rooms, the Rooms app. `/rooms` is the board (every room by floor,
//! filters in the address, counts per state, one-tap changes, live); `/rooms/mine` an
//! attendant's rooms today in order; `/rooms/assignments` the supervisor's split of the
//! day's rooms; `/rooms/report` the end-of-day report. Who may do what to a room is
//! `bellhop_api::room_status::may`, the server's own rule.

pub mod api;
mod assignments;
mod board;
mod mine;
mod report;
mod tabs;
mod tiles;

use bellhop_api::people::Role;
use bellhop_api::room_assignments::CleanKind;
use bellhop_api::room_status::{self, Housekeeping, Occupancy, RoomRelation, RoomStatus};
use bellhop_api::FieldReason;
use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{td_string, Locale};
use crate::session::use_auth;

pub use assignments::RoomAssignmentsPage;
pub use board::RoomBoardPage;
pub use mine::MyRoomsPage;
pub use report::RoomReportPage;

/// The Rooms app's words for the field reasons of its own requests.
pub fn reasons(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    use FieldReason::*;
    Some(match reason {
        UnknownRoom => td_string!(locale, field.unknown_room),
        _ => return None,
    })
}

pub fn state_name(locale: Locale, state: Housekeeping) -> &'static str {
    match state {
        Housekeeping::Dirty => td_string!(locale, room_board.dirty),
        Housekeeping::Clean => td_string!(locale, room_board.clean),
        Housekeeping::Inspected => td_string!(locale, room_board.inspected),
        Housekeeping::PickUp => td_string!(locale, room_board.pick_up),
        Housekeeping::OutOfOrder => td_string!(locale, room_board.out_of_order),
        Housekeeping::OutOfService => td_string!(locale, room_board.out_of_service),
    }
}

pub fn occupancy_name(locale: Locale, occupancy: Occupancy) -> &'static str {
    match occupancy {
        Occupancy::Vacant => td_string!(locale, room_board.vacant),
        Occupancy::Occupied => td_string!(locale, room_board.occupied),
        Occupancy::DueOut => td_string!(locale, room_board.due_out),
        Occupancy::Departed => td_string!(locale, room_board.departed),
        Occupancy::ArrivalExpected => td_string!(locale, room_board.arrival_expected),
    }
}

pub fn kind_name(locale: Locale, kind: CleanKind) -> &'static str {
    match kind {
        CleanKind::Departure => td_string!(locale, room_board.departure),
        CleanKind::StayOver => td_string!(locale, room_board.stay_over),
    }
}

/// A mark beside the state's name, so the state reads without its colour.
pub fn state_mark(state: Housekeeping) -> &'static str {
    match state {
        Housekeeping::Dirty => "●",
        Housekeeping::Clean => "○",
        Housekeeping::Inspected => "✓",
        Housekeeping::PickUp => "◐",
        Housekeeping::OutOfOrder => "✕",
        Housekeeping::OutOfService => "–",
    }
}

/// The signed-in person as the room rules see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Me {
    pub id: Uuid,
    pub role: Role,
    pub housekeeping: bool,
    pub front_office: bool,
}

impl Me {
    /// How the person stands to `room` (a repair task is never named from the board).
    pub fn relation(self, room: &RoomStatus) -> RoomRelation {
        RoomRelation {
            housekeeping: self.housekeeping,
            front_office: self.front_office,
            attendant: room.attendant_id == Some(self.id),
            with_repair_task: false,
        }
    }

    /// Runs the day's assignments and reads the report (housekeeping's supervisors,
    /// managers, admins) — any room stands the same for this.
    pub fn assigns(self) -> bool {
        room_status::may_assign(
            self.role,
            RoomRelation {
                housekeeping: self.housekeeping,
                front_office: self.front_office,
                attendant: false,
                with_repair_task: false,
            },
        )
    }
}

/// The signed-in person, once the session and the departments are in.
pub fn use_me() -> Memo<Option<Me>> {
    let auth = use_auth();
    Memo::new(move |_| {
        let (id, role, department) = auth
            .session
            .with(|s| s.as_ref().map(|s| (s.user.id, s.user.role, s.user.department_id)))?;
        let code = auth.departments.with(|ds| {
            ds.iter()
                .find(|d| Some(d.id) == department)
                .map(|d| d.code.clone())
                .unwrap_or_default()
        });
        Some(Me {
            id,
            role,
            housekeeping: code == "housekeeping",
            front_office: code == "front_office",
        })
    })
}
