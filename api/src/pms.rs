//! The hotel's PMS and Bellhop: tokens an admin issues to the PMS, the events the PMS
//! sends (`POST /pms/events` with `Authorization: Bearer <token>`), and the signed
//! webhook that tells the PMS when a room becomes inspected, goes out of order or comes
//! back.
//!
//! Each event carries the PMS's own id: sent again, it changes nothing and gets the
//! answer the first one got. The webhook's body is signed with HMAC-SHA256 under the
//! secret the admin set; the header [`SIGNATURE_HEADER`] carries `sha256=<hex>`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::room_status::{Housekeeping, Occupancy};

/// The webhook's signature header: `sha256=` and the lowercase hex HMAC-SHA256 of the
/// raw body under the hotel's webhook secret.
pub const SIGNATURE_HEADER: &str = "x-bellhop-signature";
/// The delivery's id, the same on every retry, so the PMS can drop repeats.
pub const DELIVERY_HEADER: &str = "x-bellhop-delivery";

/// The most rooms one arrivals/departures list may name.
pub const DAY_LIST_MAX: usize = 5000;

/// One event of the PMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"event_id": "opera-7731", "type": "check_out", "room": "1208"})))]
pub struct PmsEvent {
    /// The PMS's own id of the event (1–100 characters): a second event with the same
    /// id is a replay.
    pub event_id: String,
    #[serde(flatten)]
    pub kind: PmsEventKind,
}

/// What happened, by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PmsEventKind {
    /// A guest moved in: the room is occupied.
    CheckIn { room: String },
    /// A guest left: the room is departed and dirty, and (as the hotel chooses) its
    /// cleaning task is filed.
    CheckOut { room: String },
    /// A guest moved from one room to another: the first as a check-out, the second as
    /// a check-in.
    RoomMove { from_room: String, to_room: String },
    /// The day's lists: vacant rooms of `arrivals` expect a guest, occupied rooms of
    /// `departures` are due out.
    DayList {
        #[serde(default)]
        arrivals: Vec<String>,
        #[serde(default)]
        departures: Vec<String>,
    },
}

impl PmsEventKind {
    pub fn code(&self) -> &'static str {
        match self {
            PmsEventKind::CheckIn { .. } => "check_in",
            PmsEventKind::CheckOut { .. } => "check_out",
            PmsEventKind::RoomMove { .. } => "room_move",
            PmsEventKind::DayList { .. } => "day_list",
        }
    }
}

/// The answer to an event: each room it touched, as it left it. A replay gets the
/// same answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PmsReceipt {
    pub event_id: String,
    pub rooms: Vec<PmsRoom>,
    /// Room numbers the event named that the hotel does not have.
    pub unknown_rooms: Vec<String>,
    /// The cleaning task a check-out filed, if it filed one.
    pub cleaning_task_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PmsRoom {
    pub number: String,
    pub occupancy: Occupancy,
    pub housekeeping: Housekeeping,
}

/// A PMS token as the admin lists it: never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PmsToken {
    pub id: Uuid,
    pub name: String,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub last_used_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `POST /pms/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PmsTokenCreate {
    pub id: Uuid,
    /// What it is for, e.g. `OPERA production`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub name: String,
}

/// A new token: the secret is shown this once and stored only as its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PmsTokenIssued {
    pub token: PmsToken,
    pub secret: String,
}

/// `PUT /pms/settings`: what a check-out does, and where room changes are sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PmsSettings {
    /// A check-out files the room's cleaning task (for today's attendant, if any).
    pub checkout_files_cleaning: bool,
    /// `http://` or `https://`; `null` or `""` turns the webhook off.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::webhook_url_or_null))]
    pub webhook_url: Option<String>,
    /// 16–200 characters to sign with; absent keeps the one stored. A url needs one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::webhook_secret_or_null))]
    pub webhook_secret: Option<String>,
}

/// `GET /pms/settings`: the settings without the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PmsSettingsView {
    pub checkout_files_cleaning: bool,
    pub webhook_url: Option<String>,
    pub has_webhook_secret: bool,
}

/// A webhook address: `http://` or `https://` and at least one more character, no
/// spaces or control characters, at most [`WEBHOOK_URL_MAX_CHARS`] characters.
pub fn webhook_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c.is_control()))
        && url.chars().count() <= WEBHOOK_URL_MAX_CHARS
}

pub const WEBHOOK_URL_MAX_CHARS: usize = 500;

/// A webhook secret's length, in characters.
pub const SECRET_CHARS: std::ops::RangeInclusive<usize> = 16..=200;

wire_codes! {
    /// What the webhook tells the PMS.
    #[derive(Deserialize)]
    pub enum WebhookEvent {
        RoomInspected = "room_inspected",
        RoomOutOfOrder = "room_out_of_order",
        RoomBackInOrder = "room_back_in_order",
    }
}

/// The webhook's JSON body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookBody {
    pub delivery_id: Uuid,
    pub event: WebhookEvent,
    pub room: String,
    pub housekeeping: Housekeeping,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub at: DateTime<Utc>,
}

/// One delivery as the admin's log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    pub id: Uuid,
    pub event: WebhookEvent,
    pub room: String,
    pub url: String,
    pub attempts: u32,
    /// The last answer's HTTP status, if one came.
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub delivered_at: Option<DateTime<Utc>>,
    /// When the next try is due; `None` once delivered or given up.
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub next_attempt_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_are_http_addresses_without_spaces() {
        assert!(webhook_url("https://pms.example/bellhop") && webhook_url("http://10.0.0.5:8080/in"));
        for bad in [
            "ftp://pms.example",
            "https://",
            "M002",
            " https://pms.example",
            "https://a b",
            "https://a\u{85}",
        ] {
            assert!(!webhook_url(bad), "{bad}");
        }
        assert!(!webhook_url(&format!("https://{}", "a".repeat(WEBHOOK_URL_MAX_CHARS))));
    }

    #[test]
    fn events_read_by_type() {
        let event: PmsEvent =
            serde_json::from_str(r#"{"event_id": "e1", "type": "room_move", "from_room": "901", "to_room": "1002"}"#)
                .unwrap();
        assert_eq!(
            event.kind,
            PmsEventKind::RoomMove {
                from_room: "901".into(),
                to_room: "1002".into()
            }
        );
        assert_eq!(event.kind.code(), "room_move");
        assert!(serde_json::from_str::<PmsEvent>(r#"{"event_id": "e1", "type": "check_out"}"#).is_err());
        for &code in WebhookEvent::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.code());
        }
    }
}
