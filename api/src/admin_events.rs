//! The trail of administrative changes: who changed which account, tablet, setting,
//! department or room, when, and what it was before and after. The server writes an
//! entry in the same transaction as the change and never changes or removes one.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::csv_writer::CsvWriter;

/// What kind of change an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminEventKind {
    StaffCreated,
    /// Name, language, hire date or a return from deactivation.
    StaffChanged,
    StaffDeactivated,
    RoleChanged,
    /// A person moved to another department (or to none).
    StaffDepartmentChanged,
    /// An admin set a new PIN or password.
    SecretReset,
    /// An admin gave someone a new set-up code.
    SetupCodeIssued,
    /// A person chose their secret with their set-up code.
    SetupCodeRedeemed,
    StaffImported,
    TabletAdded,
    TabletEnrolled,
    TabletRevoked,
    /// The hotel's name, time zone, escalation delay or default language.
    HotelChanged,
    DepartmentAdded,
    /// Renamed, or brought back from retirement.
    DepartmentChanged,
    DepartmentRetired,
    RoomAdded,
    /// Number, floor, type, section, or brought back from retirement.
    RoomChanged,
    RoomRetired,
    RoomsImported,
    TaskTypeAdded,
    /// Name, department, checklist or deadline targets.
    TaskTypeChanged,
    StarSettingsChanged,
    /// The chain admin made a hotel (the entry belongs to the new hotel).
    HotelCreated,
    HotelRenamed,
    HotelRetired,
    /// A retired hotel brought back.
    HotelReopened,
    /// Someone of another hotel was given a role in this one, or had it changed.
    HotelRoleGiven,
    HotelRoleTaken,
    /// Someone of this hotel was made a chain admin.
    ChainAdminGranted,
    ChainAdminWithdrawn,
}

impl AdminEventKind {
    pub const ALL: [AdminEventKind; 31] = [
        AdminEventKind::StaffCreated,
        AdminEventKind::StaffChanged,
        AdminEventKind::StaffDeactivated,
        AdminEventKind::RoleChanged,
        AdminEventKind::StaffDepartmentChanged,
        AdminEventKind::SecretReset,
        AdminEventKind::SetupCodeIssued,
        AdminEventKind::SetupCodeRedeemed,
        AdminEventKind::StaffImported,
        AdminEventKind::TabletAdded,
        AdminEventKind::TabletEnrolled,
        AdminEventKind::TabletRevoked,
        AdminEventKind::HotelChanged,
        AdminEventKind::DepartmentAdded,
        AdminEventKind::DepartmentChanged,
        AdminEventKind::DepartmentRetired,
        AdminEventKind::RoomAdded,
        AdminEventKind::RoomChanged,
        AdminEventKind::RoomRetired,
        AdminEventKind::RoomsImported,
        AdminEventKind::TaskTypeAdded,
        AdminEventKind::TaskTypeChanged,
        AdminEventKind::StarSettingsChanged,
        AdminEventKind::HotelCreated,
        AdminEventKind::HotelRenamed,
        AdminEventKind::HotelRetired,
        AdminEventKind::HotelReopened,
        AdminEventKind::HotelRoleGiven,
        AdminEventKind::HotelRoleTaken,
        AdminEventKind::ChainAdminGranted,
        AdminEventKind::ChainAdminWithdrawn,
    ];

    /// The wire name, e.g. `role_changed`; the database stores the same.
    pub fn as_str(self) -> &'static str {
        use AdminEventKind::*;
        match self {
            StaffCreated => "staff_created",
            StaffChanged => "staff_changed",
            StaffDeactivated => "staff_deactivated",
            RoleChanged => "role_changed",
            StaffDepartmentChanged => "staff_department_changed",
            SecretReset => "secret_reset",
            SetupCodeIssued => "setup_code_issued",
            SetupCodeRedeemed => "setup_code_redeemed",
            StaffImported => "staff_imported",
            TabletAdded => "tablet_added",
            TabletEnrolled => "tablet_enrolled",
            TabletRevoked => "tablet_revoked",
            HotelChanged => "hotel_changed",
            DepartmentAdded => "department_added",
            DepartmentChanged => "department_changed",
            DepartmentRetired => "department_retired",
            RoomAdded => "room_added",
            RoomChanged => "room_changed",
            RoomRetired => "room_retired",
            RoomsImported => "rooms_imported",
            TaskTypeAdded => "task_type_added",
            TaskTypeChanged => "task_type_changed",
            StarSettingsChanged => "star_settings_changed",
            HotelCreated => "hotel_created",
            HotelRenamed => "hotel_renamed",
            HotelRetired => "hotel_retired",
            HotelReopened => "hotel_reopened",
            HotelRoleGiven => "hotel_role_given",
            HotelRoleTaken => "hotel_role_taken",
            ChainAdminGranted => "chain_admin_granted",
            ChainAdminWithdrawn => "chain_admin_withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<AdminEventKind> {
        AdminEventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entry of the trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminEvent {
    pub id: Uuid,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub at: DateTime<Utc>,
    /// Who made the change; none when no one was signed in (a tablet typing its code).
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub kind: AdminEventKind,
    /// The person, tablet, department, room, task type or hotel changed.
    pub subject_id: Uuid,
    /// How the subject read at the time, e.g. `H201 Fong Leung` or `Room 1208`.
    pub subject_label: String,
    /// The record as the API showed it before the change; none for an addition.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    /// The record after the change.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
}

/// `GET /admin-events` and its CSV: every filter is optional and they combine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct AdminEventQuery {
    pub kind: Option<AdminEventKind>,
    /// Changes made by this person.
    pub actor: Option<Uuid>,
    /// Changes to this person, tablet, department, room, task type or hotel.
    pub subject: Option<Uuid>,
    /// From this day on, in the hotel's time zone.
    pub from: Option<NaiveDate>,
    /// Up to and including this day.
    pub to: Option<NaiveDate>,
    /// Items to return (1–200, default 50); the CSV has every match.
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

pub const CSV_HEADER: [&str; 8] = [
    "at",
    "actor_id",
    "actor_name",
    "kind",
    "subject_id",
    "subject_label",
    "before",
    "after",
];

/// The entries as CSV, newest first as listed; before and after as JSON text.
pub fn write_csv(events: &[AdminEvent]) -> String {
    let json = |value: &Option<serde_json::Value>| value.as_ref().map(|v| v.to_string()).unwrap_or_default();
    let mut out = CsvWriter::new(&CSV_HEADER);
    for e in events {
        out.row([
            e.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            e.actor_id.map(|id| id.to_string()).unwrap_or_default(),
            e.actor_name.clone().unwrap_or_default(),
            e.kind.as_str().to_owned(),
            e.subject_id.to_string(),
            e.subject_label.clone(),
            json(&e.before),
            json(&e.after),
        ]);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_snake_case_on_the_wire() {
        for kind in AdminEventKind::ALL {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
            assert_eq!(AdminEventKind::parse(kind.as_str()), Some(kind));
        }
    }
}
