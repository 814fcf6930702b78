//! Live changes on `GET /api/events` (Server-Sent Events): each event's name and the
//! JSON it carries. An event only names what changed; the app reads it anew through
//! the ordinary, permission-checked reads.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::notifications::NotificationKind;
use crate::room_status::{Housekeeping, Occupancy};

/// The data of a `task` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskChanged {
    pub task_id: Uuid,
    pub department_id: Uuid,
    pub version: i64,
    /// Priority 1 or a guest complaint: the app draws attention to it.
    pub urgent: bool,
}

/// What happened to an audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditChange {
    Assigned,
    /// The first answer or photo was saved.
    Started,
    Submitted,
    Published,
    /// A corrective task was raised or changed.
    Action,
}

/// The data of an `audit` event. Who audited never leaves the server: the audited
/// person and their supervisor may be listening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditChanged {
    pub audit_id: Uuid,
    pub change: AuditChange,
}

/// The data of a `room` event: a room's status changed (the board reads it anew).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoomChanged {
    pub room_id: Uuid,
    pub version: i64,
    pub housekeeping: Housekeeping,
    pub occupancy: Occupancy,
    /// Queued for a waiting guest: the attendant's list draws attention to it.
    pub urgent: bool,
}

/// The data of a `notification` event, heard only by the person it is for: a
/// notification arrived (its id and kind), or some were marked read (both `null`). The
/// bell reads its count anew.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationChanged {
    pub notification_id: Option<Uuid>,
    pub kind: Option<NotificationKind>,
}

/// `GET /events`: where a stream the app opens again picks up. The browser's own
/// reconnects send the `Last-Event-ID` header instead, which wins over this.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    /// The id of the last event heard: the events since follow first, or a `resync`
    /// when they are no longer all kept (more than 1,000, or older than a day).
    pub last_event_id: Option<String>,
}

/// One event of the stream.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    Task(TaskChanged),
    Audit(AuditChanged),
    Room(RoomChanged),
    Notification(NotificationChanged),
    /// Some changes were missed (a listener fell behind, a server lost its relay, a
    /// reconnect came too late to replay what it missed): everything shown may have
    /// changed.
    Resync,
}

impl LiveEvent {
    /// Every event name the stream uses.
    pub const NAMES: [&'static str; 5] = ["task", "audit", "room", "notification", "resync"];

    /// The event's name on the stream.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Task(_) => Self::NAMES[0],
            LiveEvent::Audit(_) => Self::NAMES[1],
            LiveEvent::Room(_) => Self::NAMES[2],
            LiveEvent::Notification(_) => Self::NAMES[3],
            LiveEvent::Resync => Self::NAMES[4],
        }
    }

    /// The event's data on the stream: its JSON (`{}` for a resync).
    pub fn data(&self) -> String {
        let json = match self {
            LiveEvent::Task(change) => serde_json::to_string(change),
            LiveEvent::Audit(change) => serde_json::to_string(change),
            LiveEvent::Room(change) => serde_json::to_string(change),
            LiveEvent::Notification(change) => serde_json::to_string(change),
            LiveEvent::Resync => Ok("{}".to_owned()),
        };
        // Plain structs of ids, numbers and flags always serialise.
        json.unwrap_or_default()
    }

    /// Reads an event from its name and data, as a listener receives them.
    pub fn read(name: &str, data: &str) -> Result<LiveEvent, serde_json::Error> {
        Ok(match name {
            "task" => LiveEvent::Task(serde_json::from_str(data)?),
            "audit" => LiveEvent::Audit(serde_json::from_str(data)?),
            "room" => LiveEvent::Room(serde_json::from_str(data)?),
            "notification" => LiveEvent::Notification(serde_json::from_str(data)?),
            _ => LiveEvent::Resync,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_reads_back_as_written() {
        let events = [
            LiveEvent::Task(TaskChanged {
                task_id: Uuid::from_u128(1),
                department_id: Uuid::from_u128(2),
                version: 3,
                urgent: true,
            }),
            LiveEvent::Audit(AuditChanged {
                audit_id: Uuid::from_u128(4),
                change: AuditChange::Published,
            }),
            LiveEvent::Room(RoomChanged {
                room_id: Uuid::from_u128(5),
                version: 2,
                housekeeping: Housekeeping::Inspected,
                occupancy: Occupancy::Vacant,
                urgent: false,
            }),
            LiveEvent::Notification(NotificationChanged {
                notification_id: Some(Uuid::from_u128(6)),
                kind: Some(NotificationKind::TaskUrgent),
            }),
            LiveEvent::Notification(NotificationChanged {
                notification_id: None,
                kind: None,
            }),
            LiveEvent::Resync,
        ];
        for event in events {
            assert_eq!(LiveEvent::read(event.name(), &event.data()).unwrap(), event);
        }
    }

    #[test]
    fn a_malformed_payload_is_an_error_not_a_default() {
        assert!(LiveEvent::read("task", r#"{"task_id":"nope"}"#).is_err());
        assert!(LiveEvent::read(
            "audit",
            r#"{"audit_id":"00000000-0000-0000-0000-000000000004","change":"eaten"}"#
        )
        .is_err());
    }
}
