//! Work orders: types, statuses and the rules that move a task between them, response
//! and resolution deadlines, checklists and the complaint follow-up.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::people::Role;
use crate::reason::FieldReason;

/// Where a task is in its life. `Done` waits for the requester or a supervisor to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    New,
    Accepted,
    InProgress,
    Paused,
    Done,
    Verified,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 7] = [
        TaskStatus::New,
        TaskStatus::Accepted,
        TaskStatus::InProgress,
        TaskStatus::Paused,
        TaskStatus::Done,
        TaskStatus::Verified,
        TaskStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::New => "new",
            TaskStatus::Accepted => "accepted",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Paused => "paused",
            TaskStatus::Done => "done",
            TaskStatus::Verified => "verified",
            TaskStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Still someone's work: shown in lists and carried over to the next shift.
    pub fn is_open(self) -> bool {
        !matches!(self, TaskStatus::Done | TaskStatus::Verified | TaskStatus::Cancelled)
    }

    /// Not yet verified or cancelled: it belongs on the board (done work waits there for
    /// its verification).
    pub fn is_active(self) -> bool {
        !matches!(self, TaskStatus::Verified | TaskStatus::Cancelled)
    }

    /// Someone has taken it on (the response deadline is met).
    pub fn is_responded(self) -> bool {
        self != TaskStatus::New
    }
}

/// A status change asked for by a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskAction {
    Accept,
    Start,
    Pause,
    Resume,
    Done,
    Verify,
    Reopen,
    Cancel,
}

impl TaskAction {
    pub const ALL: [TaskAction; 8] = [
        TaskAction::Accept,
        TaskAction::Start,
        TaskAction::Pause,
        TaskAction::Resume,
        TaskAction::Done,
        TaskAction::Verify,
        TaskAction::Reopen,
        TaskAction::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskAction::Accept => "accept",
            TaskAction::Start => "start",
            TaskAction::Pause => "pause",
            TaskAction::Resume => "resume",
            TaskAction::Done => "done",
            TaskAction::Verify => "verify",
            TaskAction::Reopen => "reopen",
            TaskAction::Cancel => "cancel",
        }
    }

    /// A supervisor will want to know why a task stopped, came back or was dropped.
    pub fn needs_reason(self) -> bool {
        matches!(self, TaskAction::Pause | TaskAction::Reopen | TaskAction::Cancel)
    }

    /// The status this action leads to from `from`, or `None` if it does not apply there.
    pub fn next_status(self, from: TaskStatus) -> Option<TaskStatus> {
        use TaskStatus::*;
        match (self, from) {
            (TaskAction::Accept, New) => Some(Accepted),
            (TaskAction::Start, Accepted) => Some(InProgress),
            (TaskAction::Pause, InProgress) => Some(Paused),
            (TaskAction::Resume, Paused) => Some(InProgress),
            (TaskAction::Done, InProgress) => Some(Done),
            (TaskAction::Verify, Done) => Some(Verified),
            (TaskAction::Reopen, Done) => Some(Accepted),
            (TaskAction::Cancel, New | Accepted | InProgress | Paused) => Some(Cancelled),
            _ => None,
        }
    }
}

/// How the person asking stands to a task; with their role it decides what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relation {
    /// The task is in the person's department.
    pub same_department: bool,
    /// The person is its assignee.
    pub assignee: bool,
    /// No one is assigned: it sits in the department's pool.
    pub unassigned: bool,
    /// The person filed it.
    pub requester: bool,
}

/// Who may do what. Managers and admins may do anything in their property; a
/// supervisor anything in their department; staff work their own and their pool's
/// tasks; the requester closes the loop (verify, reopen) and may cancel.
pub fn may(role: Role, rel: Relation, action: TaskAction) -> bool {
    if matches!(role, Role::Manager | Role::Admin) || (role == Role::Supervisor && rel.same_department) {
        return true;
    }
    match action {
        TaskAction::Accept => rel.assignee || (rel.unassigned && rel.same_department),
        TaskAction::Start | TaskAction::Pause | TaskAction::Resume | TaskAction::Done => rel.assignee,
        TaskAction::Verify | TaskAction::Reopen | TaskAction::Cancel => rel.requester,
    }
}

/// Whether the person may see the task at all.
pub fn may_see(role: Role, rel: Relation) -> bool {
    matches!(role, Role::Manager | Role::Admin) || rel.same_department || rel.assignee || rel.requester
}

/// Whether the person may assign or hand the task to someone or another department.
pub fn may_assign(role: Role, rel: Relation) -> bool {
    matches!(role, Role::Manager | Role::Admin) || (role == Role::Supervisor && rel.same_department) || rel.assignee
}

/// Work is held within its department: a task's assignee must belong to the task's
/// department. Hand-off (changing the task's department, then assigning within the new
/// one) is how work moves across departments. People without a department (managers,
/// admins, auditors) hold no tasks.
pub fn may_hold(person_department: Option<Uuid>, task_department: Uuid) -> bool {
    person_department == Some(task_department)
}

/// Whether `action` would make the person the holder of a task outside their
/// department: accepting from the pool takes the task. Accepting a task someone else
/// holds (a manager on their behalf) leaves the holder as it is.
pub fn claims_outside_department(rel: Relation, action: TaskAction) -> bool {
    action == TaskAction::Accept && rel.unassigned && !rel.same_department
}

/// What the person may do to a task in `status` now, by the actions' codes: the task
/// page shows only these buttons (the server's answer, or the app's own after a step
/// kept on the tablet for later).
pub fn allowed_actions(role: Role, rel: Relation, status: TaskStatus) -> Vec<String> {
    TaskAction::ALL
        .into_iter()
        .filter(|a| a.next_status(status).is_some() && may(role, rel, *a) && !claims_outside_department(rel, *a))
        .map(|a| a.as_str().to_owned())
        .collect()
}

/// The built-in type of guest complaints: always urgent, with the complaint deadlines
/// (a first response within 15 minutes, closed within 24 hours) and the three-level
/// follow-up.
pub const COMPLAINT: &str = "complaint";

/// Urgent work draws attention wherever it shows: priority 1, and every complaint.
pub fn is_urgent(priority: i64, type_code: &str) -> bool {
    priority == 1 || type_code == COMPLAINT
}

/// Priority 1 is the most urgent, 5 the least.
pub const PRIORITIES: std::ops::RangeInclusive<u8> = 1..=5;

/// Minutes to respond (accept) and to resolve (done), counted from creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Targets {
    pub respond_mins: u32,
    pub resolve_mins: u32,
}

impl Targets {
    /// Defaults by priority; an urgent repair is answered in 15 minutes and fixed in 25.
    pub fn default_for(type_code: &str, priority: u8) -> Targets {
        if type_code == COMPLAINT {
            // First response within 15 minutes, closed within 24 hours.
            return Targets {
                respond_mins: 15,
                resolve_mins: 24 * 60,
            };
        }
        let (respond_mins, resolve_mins) = match priority {
            1 => (15, 25),
            2 => (30, 120),
            3 => (60, 240),
            4 => (120, 480),
            _ => (240, 24 * 60),
        };
        Targets {
            respond_mins,
            resolve_mins,
        }
    }

    pub fn deadlines(self, created: DateTime<Utc>) -> Deadlines {
        Deadlines {
            respond_by: created + Duration::minutes(i64::from(self.respond_mins)),
            resolve_by: created + Duration::minutes(i64::from(self.resolve_mins)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadlines {
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub respond_by: DateTime<Utc>,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub resolve_by: DateTime<Utc>,
}

/// Which deadline a task has missed, if any, at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Overdue {
    /// Nobody accepted it in time.
    Response,
    /// Not done in time.
    Resolution,
}

pub fn overdue(status: TaskStatus, deadlines: Deadlines, now: DateTime<Utc>) -> Option<Overdue> {
    if !status.is_open() {
        return None;
    }
    if now > deadlines.resolve_by {
        Some(Overdue::Resolution)
    } else if !status.is_responded() && now > deadlines.respond_by {
        Some(Overdue::Response)
    } else {
        None
    }
}

wire_codes! {
    /// A built-in checklist line, known by its code so each language shows its own
    /// words; a hotel's own lines have none and show as written.
    #[derive(Deserialize)]
    pub enum ChecklistCode {
        MakeBeds = "make_beds",
        Bathroom = "bathroom",
        Restock = "restock",
        Vacuum = "vacuum",
        FinalLook = "final_look",
        Minibar = "minibar",
        Damage = "damage",
        Released = "released",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    /// A built-in line's code; the label is then its English text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ChecklistCode>,
    pub label: String,
    pub required: bool,
    pub done: bool,
    pub done_by: Option<Uuid>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub done_at: Option<DateTime<Utc>>,
}

/// A template line of a task type's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChecklistTemplateItem {
    /// A built-in line's code; a line whose text is changed is the hotel's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ChecklistCode>,
    pub label: String,
    pub required: bool,
}

/// Field errors for a task that may not be marked done yet.
pub fn checklist_blocks_done(items: &[ChecklistItem]) -> Option<BTreeMap<String, FieldReason>> {
    let missing: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.required && !i.done)
        .map(|(n, _)| n)
        .collect();
    (!missing.is_empty()).then(|| {
        missing
            .into_iter()
            .map(|n| (format!("checklist.{n}"), FieldReason::RequiredItemNotDone))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn history_kinds_are_stored_and_sent_by_one_name() {
        let kinds = TaskAction::ALL.map(TaskEventKind::Action);
        for kind in kinds.into_iter().chain(TaskEventKind::STEPS) {
            assert_eq!(TaskEventKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
            assert_eq!(
                serde_json::from_value::<TaskEventKind>(kind.as_str().into()).unwrap(),
                kind
            );
        }
        assert_eq!(
            TaskEventKind::parse("accept"),
            Some(TaskEventKind::Action(TaskAction::Accept))
        );
        assert_eq!(TaskEventKind::parse("mislaid"), None);
        crate::codes::assert_codes_round_trip(ChecklistCode::ALL, ChecklistCode::code, ChecklistCode::parse);
    }

    #[test]
    fn the_happy_path_runs_new_to_verified() {
        let mut status = TaskStatus::New;
        for action in [
            TaskAction::Accept,
            TaskAction::Start,
            TaskAction::Done,
            TaskAction::Verify,
        ] {
            status = action.next_status(status).unwrap();
        }
        assert_eq!(status, TaskStatus::Verified);
    }

    #[test]
    fn closed_tasks_only_reopen_from_done() {
        for action in TaskAction::ALL {
            assert_eq!(action.next_status(TaskStatus::Verified), None, "{action:?} on verified");
            assert_eq!(
                action.next_status(TaskStatus::Cancelled),
                None,
                "{action:?} on cancelled"
            );
        }
        let reopened = TaskAction::Reopen.next_status(TaskStatus::Done);
        assert_eq!(reopened, Some(TaskStatus::Accepted));
    }

    #[test]
    fn staff_work_their_own_tasks_and_requesters_close_the_loop() {
        let pool = Relation {
            same_department: true,
            unassigned: true,
            ..Default::default()
        };
        assert!(may(Role::Staff, pool, TaskAction::Accept));
        assert!(!may(Role::Staff, pool, TaskAction::Done));
        let someone_elses = Relation {
            same_department: true,
            ..Default::default()
        };
        assert!(!may(Role::Staff, someone_elses, TaskAction::Accept));
        let mine = Relation {
            same_department: true,
            assignee: true,
            ..Default::default()
        };
        assert!(may(Role::Staff, mine, TaskAction::Done));
        assert!(
            !may(Role::Staff, mine, TaskAction::Verify),
            "nobody verifies their own work"
        );
        let filed = Relation {
            requester: true,
            ..Default::default()
        };
        assert!(may(Role::Staff, filed, TaskAction::Verify));
        assert!(!may(Role::Staff, filed, TaskAction::Accept));
        let other_department = Relation::default();
        assert!(!may(Role::Supervisor, other_department, TaskAction::Cancel));
        assert!(may(Role::Manager, other_department, TaskAction::Cancel));
    }

    #[test]
    fn tasks_are_held_within_their_department() {
        let (housekeeping, engineering) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert!(may_hold(Some(housekeeping), housekeeping));
        assert!(!may_hold(Some(engineering), housekeeping));
        assert!(!may_hold(None, housekeeping), "a manager holds no task");
        let pool_elsewhere = Relation {
            unassigned: true,
            ..Default::default()
        };
        assert!(claims_outside_department(pool_elsewhere, TaskAction::Accept));
        assert!(!claims_outside_department(pool_elsewhere, TaskAction::Cancel));
        let held_elsewhere = Relation::default();
        assert!(
            !claims_outside_department(held_elsewhere, TaskAction::Accept),
            "accepting on the holder's behalf"
        );
        let own_pool = Relation {
            unassigned: true,
            same_department: true,
            ..Default::default()
        };
        assert!(!claims_outside_department(own_pool, TaskAction::Accept));
    }

    #[test]
    fn an_urgent_repair_has_fifteen_and_twenty_five_minutes() {
        let t = Targets::default_for("repair", 1);
        assert_eq!((t.respond_mins, t.resolve_mins), (15, 25));
        let complaint = Targets::default_for("complaint", 3);
        assert_eq!((complaint.respond_mins, complaint.resolve_mins), (15, 1440));
    }

    #[test]
    fn overdue_names_the_missed_deadline() {
        let created = DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let d = Targets::default_for("repair", 1).deadlines(created);
        let at = |mins| created + Duration::minutes(mins);
        assert_eq!(overdue(TaskStatus::New, d, at(14)), None);
        assert_eq!(overdue(TaskStatus::New, d, at(16)), Some(Overdue::Response));
        assert_eq!(overdue(TaskStatus::Accepted, d, at(16)), None);
        assert_eq!(overdue(TaskStatus::InProgress, d, at(26)), Some(Overdue::Resolution));
        assert_eq!(overdue(TaskStatus::Done, d, at(600)), None);
    }

    #[test]
    fn required_items_block_done() {
        let item = |required, done| ChecklistItem {
            code: None,
            label: "x".into(),
            required,
            done,
            done_by: None,
            done_at: None,
        };
        assert_eq!(checklist_blocks_done(&[item(false, false), item(true, true)]), None);
        let blocked = checklist_blocks_done(&[item(true, true), item(true, false)]).unwrap();
        assert_eq!(blocked.keys().collect::<Vec<_>>(), ["checklist.1"]);
    }

    proptest! {
        #[test]
        fn deadlines_are_ordered_and_later_than_creation(p in 1u8..=5, secs in 0i64..4_000_000_000) {
            let created = DateTime::from_timestamp(secs, 0).unwrap();
            for code in ["repair", "cleaning", "complaint"] {
                let d = Targets::default_for(code, p).deadlines(created);
                prop_assert!(created < d.respond_by && d.respond_by <= d.resolve_by);
            }
        }

        #[test]
        fn every_transition_leaves_a_status_it_applies_to(i in 0usize..8, s in 0usize..7) {
            let action = TaskAction::ALL[i];
            let from = TaskStatus::ALL[s];
            if let Some(to) = action.next_status(from) {
                prop_assert_ne!(to, from);
                prop_assert!(from.is_open() || from == TaskStatus::Done);
            }
        }
    }

    #[test]
    fn type_update_leaves_out_what_it_does_not_change() {
        let department = Uuid::from_u128(3);
        let cases = [
            (None, None),
            (Some(None), Some(serde_json::Value::Null)),
            (Some(Some(department)), Some(serde_json::json!(department))),
        ];
        for (default_department_id, sent) in cases {
            let update = TaskTypeUpdate {
                name: Some("Deep clean".into()),
                default_department_id,
                ..Default::default()
            };
            let body = serde_json::to_value(&update).unwrap();
            assert_eq!(body.get("default_department_id"), sent.as_ref(), "{body}");
            assert_eq!(serde_json::from_value::<TaskTypeUpdate>(body).unwrap(), update);
        }
    }
}

// ---- wire types -------------------------------------------------------------------

/// A kind of work order. Built-in codes: `room_request`, `repair`, `cleaning`,
/// `inspection`, `complaint`, `other`; managers add their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskType {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub builtin: bool,
    /// The department new tasks of this type go to unless the requester picks another.
    pub default_department_id: Option<Uuid>,
    pub checklist: Vec<ChecklistTemplateItem>,
    /// Targets per priority 1–5 (index 0 is priority 1).
    pub targets: Vec<Targets>,
}

pub const BUILTIN_TASK_TYPES: [&str; 6] = ["room_request", "repair", "cleaning", "inspection", COMPLAINT, "other"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskTypeCreate {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub default_department_id: Option<Uuid>,
    #[serde(default)]
    pub checklist: Vec<ChecklistTemplateItem>,
    /// Five entries, priority 1 first; defaults apply when absent.
    pub targets: Option<Vec<Targets>>,
}

/// A manager's change to a type: checklist and deadlines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskTypeUpdate {
    pub name: Option<String>,
    /// `Some(None)` clears the default department; `None` leaves it and is not sent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::people::double_option"
    )]
    pub default_department_id: Option<Option<Uuid>>,
    pub checklist: Option<Vec<ChecklistTemplateItem>>,
    pub targets: Option<Vec<Targets>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintChannel {
    Phone,
    Email,
    FrontDesk,
    OnlineReview,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintCategory {
    ServiceAttitude,
    FacilityFault,
    Cleanliness,
    Noise,
    FoodBeverage,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    pub channel: ComplaintChannel,
    pub category: ComplaintCategory,
}

/// The three-level follow-up of a complaint, in this order: the customer-service
/// manager contacts the guest, the department head reviews, the general manager
/// spot-checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowUpLevel {
    GuestContacted,
    DepartmentReview,
    ManagerSpotCheck,
}

impl FollowUpLevel {
    pub const ALL: [FollowUpLevel; 3] = [
        FollowUpLevel::GuestContacted,
        FollowUpLevel::DepartmentReview,
        FollowUpLevel::ManagerSpotCheck,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpLevel::GuestContacted => "guest_contacted",
            FollowUpLevel::DepartmentReview => "department_review",
            FollowUpLevel::ManagerSpotCheck => "manager_spot_check",
        }
    }

    pub fn parse(s: &str) -> Option<FollowUpLevel> {
        FollowUpLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The step that must come next after `done` steps, if any is left.
    pub fn next_after(done: &[FollowUpLevel]) -> Option<FollowUpLevel> {
        FollowUpLevel::ALL.into_iter().find(|l| !done.contains(l))
    }

    /// Managers take the first and last steps; the department's supervisor (or a
    /// manager) the review.
    pub fn may_record(self, role: Role, same_department: bool) -> bool {
        match self {
            FollowUpLevel::GuestContacted | FollowUpLevel::ManagerSpotCheck => {
                matches!(role, Role::Manager | Role::Admin)
            }
            FollowUpLevel::DepartmentReview => {
                matches!(role, Role::Manager | Role::Admin) || (role == Role::Supervisor && same_department)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub level: FollowUpLevel,
    pub by: Uuid,
    pub by_name: String,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub at: DateTime<Utc>,
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FollowUpCreate {
    pub level: FollowUpLevel,
    pub outcome: String,
}

/// A new work order; `id` is made on the tablet so a retry is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskCreate {
    pub id: Uuid,
    pub type_id: Uuid,
    pub title: String,
    #[serde(default)]
    pub details: String,
    pub room_id: Option<Uuid>,
    /// Where, when it is not a room ("lobby", "pool bar").
    pub location: Option<String>,
    /// Defaults to the type's department.
    pub department_id: Option<Uuid>,
    pub priority: u8,
    /// A person of the task's department; absent means the department's pool.
    pub assignee_id: Option<Uuid>,
    #[serde(default)]
    pub guest_facing: bool,
    #[serde(default)]
    pub vip: bool,
    /// Required for the `complaint` type.
    pub complaint: Option<Complaint>,
}

/// One line in a task list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskSummary {
    pub id: Uuid,
    pub version: i64,
    pub type_code: String,
    pub title: String,
    pub room_number: Option<String>,
    pub floor: Option<i64>,
    pub location: Option<String>,
    pub department_id: Uuid,
    pub priority: u8,
    pub status: TaskStatus,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub guest_facing: bool,
    pub vip: bool,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub created_at: DateTime<Utc>,
    pub deadlines: Deadlines,
    pub overdue: Option<Overdue>,
    /// 0 none, 1 the department's supervisor was alerted, 2 the manager too.
    pub escalation_level: u8,
}

impl TaskSummary {
    pub fn is_urgent(&self) -> bool {
        is_urgent(i64::from(self.priority), &self.type_code)
    }

    pub fn is_complaint(&self) -> bool {
        self.type_code == COMPLAINT
    }
}

/// Everything about one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    #[serde(flatten)]
    pub summary: TaskSummary,
    pub details: String,
    pub created_by: Uuid,
    pub created_by_name: String,
    pub complaint: Option<Complaint>,
    pub checklist: Vec<ChecklistItem>,
    pub comments: Vec<Comment>,
    pub follow_ups: Vec<FollowUp>,
    pub history: Vec<TaskEvent>,
    /// What the person asking may do now, so the app shows only those buttons.
    pub allowed_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: Uuid,
    pub author_id: Uuid,
    pub author_name: String,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub at: DateTime<Utc>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentCreate {
    pub id: Uuid,
    pub body: String,
}

/// What an entry of a task's history records: its filing, a status change a person
/// asked for (named as the action), or another step. Written as one snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskEventKind {
    Created,
    /// A status change, named as the action asked for (`accept`, `pause`, …).
    Action(TaskAction),
    Assigned,
    HandedOff,
    /// A checklist item ticked or unticked; the note says which.
    Checklist,
    /// Raised by the deadline job; the note names the level.
    Escalated,
    /// A complaint's follow-up step; the note names the level.
    FollowUp,
}

impl TaskEventKind {
    /// The kinds that are not actions.
    const STEPS: [TaskEventKind; 6] = [
        TaskEventKind::Created,
        TaskEventKind::Assigned,
        TaskEventKind::HandedOff,
        TaskEventKind::Checklist,
        TaskEventKind::Escalated,
        TaskEventKind::FollowUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskEventKind::Created => "created",
            TaskEventKind::Action(action) => action.as_str(),
            TaskEventKind::Assigned => "assigned",
            TaskEventKind::HandedOff => "handed_off",
            TaskEventKind::Checklist => "checklist",
            TaskEventKind::Escalated => "escalated",
            TaskEventKind::FollowUp => "follow_up",
        }
    }

    pub fn parse(s: &str) -> Option<TaskEventKind> {
        TaskAction::ALL
            .into_iter()
            .map(TaskEventKind::Action)
            .chain(Self::STEPS)
            .find(|k| k.as_str() == s)
    }
}

impl Serialize for TaskEventKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TaskEventKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        TaskEventKind::parse(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown history kind `{name}`")))
    }
}

/// One entry of a task's history; nobody edits these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskEvent {
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub at: DateTime<Utc>,
    /// `created`, an action name (`accept`, `pause`, …), `assigned`, `handed_off`,
    /// `checklist`, `escalated` or `follow_up`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: TaskEventKind,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub from_status: Option<TaskStatus>,
    pub to_status: Option<TaskStatus>,
    pub note: Option<String>,
}

/// A status change; `version` is the task version the person saw, so a change made
/// on an old screen is refused (409) rather than applied blindly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskActionRequest {
    pub version: i64,
    pub action: TaskAction,
    /// Required for pause, reopen and cancel.
    pub reason: Option<String>,
}

/// Assign within the department, or hand off to another department with a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskAssign {
    pub version: i64,
    /// A person of the department the task ends up in; `None` returns it to that
    /// department's pool.
    pub assignee_id: Option<Uuid>,
    /// Another department to hand the task to; its pool gets it.
    pub department_id: Option<Uuid>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChecklistTick {
    pub version: i64,
    pub done: bool,
}

/// `GET /tasks/mine`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct MineQuery {
    /// Only tasks for this room number.
    pub room: Option<String>,
}

/// `GET /tasks/board`: every filter is optional and they combine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct BoardQuery {
    /// Defaults to the person's own department; other departments are for managers,
    /// and a manager without a department of their own who names none sees them all.
    pub department_id: Option<Uuid>,
    pub floor: Option<i64>,
    pub room: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub type_id: Option<Uuid>,
}

// ---- numbers for supervisors --------------------------------------------------------

/// `GET /reports/tasks` and its CSV.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct TaskReportQuery {
    /// One department; supervisors may only ask for their own (the default for them).
    pub department_id: Option<Uuid>,
    /// First day, `YYYY-MM-DD` in the hotel's time zone; default six days before `to`.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive; default today.
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub bucket: Bucket,
}

/// How the report groups days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    #[default]
    Day,
    Week,
}

/// One department over one day or week (in the property's time zone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskReportRow {
    pub department_id: Uuid,
    /// The first day of the bucket, `YYYY-MM-DD`.
    pub period: String,
    pub created: u32,
    pub done: u32,
    pub accept_median_mins: Option<f64>,
    pub accept_p90_mins: Option<f64>,
    pub complete_median_mins: Option<f64>,
    pub complete_p90_mins: Option<f64>,
    /// Share of the period's finished tasks done by their resolution deadline, 0–100.
    pub on_time_pct: Option<f64>,
    pub complaints: u32,
    pub complaints_closed_24h: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskReport {
    pub bucket: Bucket,
    pub rows: Vec<TaskReportRow>,
    /// Open tasks past a deadline right now, per department.
    pub overdue_now: Vec<(Uuid, u32)>,
}

/// The value below which `p` (0–1) of the sorted `values` lie (nearest rank).
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

#[cfg(test)]
mod report_tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), Some(5.0));
        assert_eq!(percentile(&v, 0.9), Some(9.0));
        assert_eq!(percentile(&v, 1.0), Some(10.0));
        assert_eq!(percentile(&[], 0.5), None);
        assert_eq!(percentile(&[7.0], 0.9), Some(7.0));
    }
}
