//! A hotel. Every domain record belongs to one.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::people::Language;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Property {
    pub id: Uuid,
    pub name: String,
    /// IANA time zone, e.g. `Asia/Hong_Kong`; decides what "today" and "this month" mean.
    pub time_zone: String,
    /// Minutes after the supervisor's alert that an overdue task also alerts the manager.
    pub escalate_after_mins: u32,
    /// The language the hotel's new people start with (a staff import's empty cell).
    #[serde(default)]
    pub default_language: Language,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PropertyUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name_or_null))]
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub escalate_after_mins: Option<u32>,
    pub default_language: Option<Language>,
}

pub use crate::rooms::Room;
