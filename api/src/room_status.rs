//! Each room's status: its occupancy (from the hotel's PMS) beside its housekeeping
//! state (from the floor), the flags guests set, what happens to it and who may make it
//! happen, and the board that shows every room.
//!
//! A check-out makes a room dirty, the attendant cleans it (one tap, which files the
//! supervisor's 3-step inspection), the inspection's Done makes it inspected — ready for
//! the front desk. A failed inspection sends it back to dirty with a reason and a
//! re-clean task. A room is out of order through a repair task or a manager, and comes
//! back (dirty, to be cleaned) when its repair is verified.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::people::Role;

wire_codes! {
    /// What the front desk (the PMS) says of the room.
    #[derive(Deserialize, PartialOrd, Ord)]
    pub enum Occupancy {
        Vacant = "vacant",
        Occupied = "occupied",
        /// Occupied, and the guest leaves today.
        DueOut = "due_out",
        /// The guest checked out; the room is empty and waits for its clean.
        Departed = "departed",
        /// Vacant, and a guest arrives today.
        ArrivalExpected = "arrival_expected",
    }
}

impl Occupancy {
    /// A guest is staying in it, as the front desk sees it.
    pub fn is_occupied(self) -> bool {
        matches!(self, Occupancy::Occupied | Occupancy::DueOut)
    }
}

wire_codes! {
    /// The room's state as housekeeping keeps it.
    #[derive(Deserialize, PartialOrd, Ord)]
    pub enum Housekeeping {
        Dirty = "dirty",
        Clean = "clean",
        /// Clean and passed the supervisor's inspection: ready to sell.
        Inspected = "inspected",
        /// Clean but touched since (a guest looked at it): a quick tidy.
        PickUp = "pick_up",
        /// Broken: off sale until its repair task is verified.
        OutOfOrder = "out_of_order",
        /// Held back for a short while (deep clean, a hold), sellable in principle.
        OutOfService = "out_of_service",
    }
}

impl Housekeeping {
    /// Waits for an attendant.
    pub fn needs_cleaning(self) -> bool {
        matches!(self, Housekeeping::Dirty | Housekeeping::PickUp)
    }

    /// Off the board's working states: out of order or out of service.
    pub fn is_off(self) -> bool {
        matches!(self, Housekeeping::OutOfOrder | Housekeeping::OutOfService)
    }
}

wire_codes! {
    /// What housekeeping found in the room when it disagrees with the front desk.
    #[derive(Deserialize)]
    pub enum Discrepancy {
        /// The front desk has a guest in it; housekeeping found it empty (the guest
        /// left without checking out).
        Skip = "skip",
        /// The front desk has it vacant; housekeeping found someone living in it.
        Sleep = "sleep",
    }
}

wire_codes! {
    /// What housekeeping saw in the room, for the discrepancy check.
    #[derive(Deserialize)]
    pub enum Seen {
        Vacant = "vacant",
        Occupied = "occupied",
    }
}

/// Skip or sleep when housekeeping's look disagrees with the front desk.
pub fn discrepancy(occupancy: Occupancy, seen: Option<Seen>) -> Option<Discrepancy> {
    match (occupancy.is_occupied(), seen?) {
        (true, Seen::Vacant) => Some(Discrepancy::Skip),
        (false, Seen::Occupied) => Some(Discrepancy::Sleep),
        _ => None,
    }
}

wire_codes! {
    /// A one-tap change of a room (`POST /rooms/{id}/status`).
    #[derive(Deserialize)]
    pub enum RoomAction {
        /// The attendant goes in: the clock of "minutes per room" starts.
        StartCleaning = "start_cleaning",
        /// Dirty or pick-up → clean; files the supervisor's inspection.
        MarkClean = "mark_clean",
        /// Back to dirty (a guest used it again); needs a reason.
        MarkDirty = "mark_dirty",
        /// Clean or inspected → pick-up.
        MarkPickUp = "mark_pick_up",
        /// The supervisor found it not good enough: dirty again with the reason, a
        /// re-clean task for its attendant, and its open inspection task cancelled.
        FailInspection = "fail_inspection",
        /// Out of order, with a reason, an expected return date and (unless a manager
        /// does it) the repair task that fixes it.
        OutOfOrder = "out_of_order",
        /// A manager ends out of order by hand (a verified repair ends it by itself).
        BackInOrder = "back_in_order",
        OutOfService = "out_of_service",
        BackInService = "back_in_service",
        DoNotDisturbOn = "do_not_disturb_on",
        DoNotDisturbOff = "do_not_disturb_off",
        /// The guest declined today's service.
        ServiceRefused = "service_refused",
        ServiceAccepted = "service_accepted",
        /// Housekeeping found it empty or lived in (`seen` says which).
        ReportSeen = "report_seen",
    }
}

impl RoomAction {
    /// A supervisor will want to know why.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            RoomAction::MarkDirty | RoomAction::FailInspection | RoomAction::OutOfOrder | RoomAction::OutOfService
        )
    }

    /// The housekeeping state this action leads to from `from`: `Some(same)` for the
    /// actions that leave it as it is, `None` where the action does not apply.
    pub fn next_state(self, from: Housekeeping) -> Option<Housekeeping> {
        use Housekeeping::*;
        match (self, from) {
            (RoomAction::StartCleaning, Dirty | PickUp) => Some(from),
            (RoomAction::MarkClean, Dirty | PickUp) => Some(Clean),
            (RoomAction::MarkDirty, Clean | Inspected | PickUp) => Some(Dirty),
            (RoomAction::MarkPickUp, Clean | Inspected) => Some(PickUp),
            (RoomAction::FailInspection, Clean | PickUp | Inspected) => Some(Dirty),
            (RoomAction::OutOfOrder, Dirty | Clean | Inspected | PickUp | OutOfService) => Some(OutOfOrder),
            (RoomAction::BackInOrder, OutOfOrder) => Some(Dirty),
            (RoomAction::OutOfService, Dirty | Clean | Inspected | PickUp) => Some(OutOfService),
            (RoomAction::BackInService, OutOfService) => Some(Dirty),
            (
                RoomAction::DoNotDisturbOn
                | RoomAction::DoNotDisturbOff
                | RoomAction::ServiceRefused
                | RoomAction::ServiceAccepted
                | RoomAction::ReportSeen,
                _,
            ) => Some(from),
            _ => None,
        }
    }
}

/// How the person asking stands to a room; with their role it decides what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoomRelation {
    /// The person works in housekeeping.
    pub housekeeping: bool,
    /// The person works at the front office.
    pub front_office: bool,
    /// The room is on the person's list today.
    pub attendant: bool,
    /// The room is out of order for a repair task that is named and open.
    pub with_repair_task: bool,
}

/// Who may do what to a room. Managers and admins anything; housekeeping's supervisor
/// everything but out of order without a repair task and back in order by hand;
/// attendants work the rooms on their list; the front desk sets the guest's flags;
/// any supervisor may take a room out of order for an open repair task of it.
pub fn may(role: Role, rel: RoomRelation, action: RoomAction) -> bool {
    use RoomAction::*;
    if role.manages_property() {
        return true;
    }
    let hk_supervisor = role == Role::Supervisor && rel.housekeeping;
    match action {
        OutOfOrder => role == Role::Supervisor && rel.with_repair_task,
        BackInOrder => false,
        FailInspection | OutOfService | BackInService => hk_supervisor,
        StartCleaning | MarkClean | MarkDirty | MarkPickUp | ReportSeen => {
            hk_supervisor || (rel.housekeeping && rel.attendant)
        }
        DoNotDisturbOn | DoNotDisturbOff | ServiceRefused | ServiceAccepted => {
            hk_supervisor || (rel.housekeeping && rel.attendant) || rel.front_office
        }
    }
}

/// Who may queue a room for a waiting guest: the front office, supervisors and up.
pub fn may_queue(role: Role, rel: RoomRelation) -> bool {
    role.runs_department() || rel.front_office
}

/// Who runs the day's assignments and reads the report: housekeeping's supervisor,
/// managers and admins.
pub fn may_assign(role: Role, rel: RoomRelation) -> bool {
    role.manages_property() || (role == Role::Supervisor && rel.housekeeping)
}

/// A room as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoomStatus {
    pub room_id: Uuid,
    pub number: String,
    pub floor: i64,
    pub room_type: String,
    pub section: String,
    pub occupancy: Occupancy,
    pub housekeeping: Housekeeping,
    pub do_not_disturb: bool,
    pub service_refused: bool,
    /// What housekeeping last saw, when it disagrees with the front desk.
    pub discrepancy: Option<Discrepancy>,
    /// Out of order: why, until when, and the repair that brings it back.
    pub out_of_order: Option<OutOfOrder>,
    /// Queued by the front desk for a waiting guest: first on its attendant's list.
    pub urgent: bool,
    /// Today's attendant, if the room is on someone's list.
    pub attendant_id: Option<Uuid>,
    pub attendant_name: Option<String>,
    /// Raised by every change; a change based on an older version is refused.
    pub version: i64,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub changed_at: DateTime<Utc>,
}

impl RoomStatus {
    /// Ready for a guest: inspected and empty.
    pub fn is_ready(&self) -> bool {
        self.housekeeping == Housekeeping::Inspected && !self.occupancy.is_occupied()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutOfOrder {
    pub reason: String,
    pub until: Option<NaiveDate>,
    pub repair_task_id: Option<Uuid>,
}

/// `GET /rooms/board`: every active room, or those of one state, floor or section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct BoardQuery {
    pub housekeeping: Option<Housekeeping>,
    pub occupancy: Option<Occupancy>,
    pub floor: Option<i64>,
    pub section: Option<String>,
    /// Only rooms ready for a guest (inspected and empty).
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub ready: bool,
}

/// `GET /rooms/board/counts`: how many active rooms are in each state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardCounts {
    pub total: u32,
    /// Every housekeeping state, zeros too, in the order declared.
    pub housekeeping: Vec<HousekeepingCount>,
    /// Every occupancy, zeros too, in the order declared.
    pub occupancy: Vec<OccupancyCount>,
    pub ready: u32,
    pub do_not_disturb: u32,
    pub discrepancies: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HousekeepingCount {
    pub state: Housekeeping,
    pub rooms: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccupancyCount {
    pub state: Occupancy,
    pub rooms: u32,
}

/// `POST /rooms/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoomStatusChange {
    /// The version the person saw.
    pub version: i64,
    pub action: RoomAction,
    /// Required for mark_dirty, fail_inspection, out_of_order and out_of_service.
    #[serde(default)]
    pub reason: Option<String>,
    /// out_of_order: the day it should be back.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// out_of_order: the open repair task of this room (required unless a manager).
    #[serde(default)]
    pub repair_task_id: Option<Uuid>,
    /// report_seen: what housekeeping found.
    #[serde(default)]
    pub seen: Option<Seen>,
}

impl RoomStatusChange {
    /// A change with nothing but the action.
    pub fn new(version: i64, action: RoomAction) -> RoomStatusChange {
        RoomStatusChange {
            version,
            action,
            reason: None,
            until: None,
            repair_task_id: None,
            seen: None,
        }
    }
}

/// `POST /rooms/{id}/queue`: the front desk has a guest waiting (or no longer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoomQueue {
    pub waiting: bool,
}

wire_codes! {
    /// Where a change of a room came from.
    #[derive(Deserialize)]
    pub enum ChangeSource {
        /// Someone at the board.
        Staff = "staff",
        /// The hotel's PMS feed.
        Pms = "pms",
        /// A task: an inspection done, a repair verified.
        Task = "task",
    }
}

/// One change of a room, with who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoomHistoryEntry {
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub at: DateTime<Utc>,
    /// A room action's code, a PMS event type (`check_out`…), `inspected`,
    /// `back_in_order` or `queued`.
    pub what: String,
    pub source: ChangeSource,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub from_housekeeping: Option<Housekeeping>,
    pub to_housekeeping: Option<Housekeeping>,
    pub from_occupancy: Option<Occupancy>,
    pub to_occupancy: Option<Occupancy>,
    pub note: Option<String>,
    pub task_id: Option<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for &code in Housekeeping::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.code());
            assert_eq!(Housekeeping::parse(code.code()), Some(code));
        }
        for &code in Occupancy::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.code());
        }
        for &code in RoomAction::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.code());
            assert_eq!(serde_json::from_value::<RoomAction>(code.code().into()).unwrap(), code);
        }
        for &code in ChangeSource::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.code());
        }
    }

    #[test]
    fn a_room_goes_dirty_clean_and_back() {
        let clean = RoomAction::MarkClean.next_state(Housekeeping::Dirty);
        assert_eq!(clean, Some(Housekeeping::Clean));
        assert_eq!(RoomAction::MarkClean.next_state(Housekeeping::OutOfOrder), None);
        assert_eq!(
            RoomAction::FailInspection.next_state(Housekeeping::Clean),
            Some(Housekeeping::Dirty)
        );
        assert_eq!(
            RoomAction::BackInOrder.next_state(Housekeeping::OutOfOrder),
            Some(Housekeeping::Dirty)
        );
    }

    #[test]
    fn attendants_work_their_rooms_and_only_managers_take_rooms_off_by_hand() {
        let mine = RoomRelation {
            housekeeping: true,
            attendant: true,
            ..Default::default()
        };
        let not_mine = RoomRelation {
            housekeeping: true,
            ..Default::default()
        };
        assert!(may(Role::Staff, mine, RoomAction::MarkClean));
        assert!(!may(Role::Staff, not_mine, RoomAction::MarkClean));
        assert!(!may(Role::Staff, mine, RoomAction::FailInspection));
        assert!(may(Role::Supervisor, not_mine, RoomAction::FailInspection));
        assert!(!may(Role::Supervisor, not_mine, RoomAction::OutOfOrder));
        let repair = RoomRelation {
            with_repair_task: true,
            ..Default::default()
        };
        assert!(may(Role::Supervisor, repair, RoomAction::OutOfOrder));
        assert!(!may(Role::Staff, repair, RoomAction::OutOfOrder));
        assert!(may(Role::Manager, RoomRelation::default(), RoomAction::OutOfOrder));
        assert!(!may(Role::Supervisor, not_mine, RoomAction::BackInOrder));
    }

    #[test]
    fn skip_and_sleep() {
        assert_eq!(
            discrepancy(Occupancy::Occupied, Some(Seen::Vacant)),
            Some(Discrepancy::Skip)
        );
        assert_eq!(
            discrepancy(Occupancy::Vacant, Some(Seen::Occupied)),
            Some(Discrepancy::Sleep)
        );
        assert_eq!(discrepancy(Occupancy::DueOut, Some(Seen::Occupied)), None);
        assert_eq!(discrepancy(Occupancy::Vacant, None), None);
    }
}
