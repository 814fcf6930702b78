//! Signing in, sessions and shared tablets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::people::StaffMember;
use crate::property::Property;

/// Sign in with an employee number and either a PIN (enrolled tablets only, floor
/// roles only) or a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub employee_no: String,
    pub pin: Option<String>,
    pub password: Option<String>,
    /// The hotel, where the number is used in several and this is no enrolled tablet
    /// (a tablet's hotel decides there); without it such a sign-in is answered 409
    /// `hotel_required` with the hotels to choose from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_id: Option<Uuid>,
}

/// Who is signed in and for how long the session lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub user: StaffMember,
    pub property: Property,
    /// The enrolled tablet this session runs on, if any.
    pub device: Option<Device>,
    /// The session ends after this long without a request.
    pub idle_timeout_secs: u32,
    /// The session ends at this time whatever happens.
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub expires_at: DateTime<Utc>,
    /// A chain admin creates hotels and gives people roles in them.
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub chain_admin: bool,
    /// The hotels this person may work in, this one included, by name; a person of one
    /// hotel has just theirs.
    #[serde(default)]
    pub hotels: Vec<crate::chain::HotelRole>,
}

/// A shared tablet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Device {
    pub id: Uuid,
    pub name: String,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub enrolled_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub last_seen_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// The tablet a browser is, as its sign-in screen names it: only what that screen
/// shows, so the first app a device loads reads no times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolledTablet {
    pub name: String,
}

/// A manager adds a tablet; the answer holds a one-time code to type on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceCreate {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceCreated {
    pub device: Device,
    /// Typed on the tablet's "Enroll this tablet" screen.
    pub enroll_code: String,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub code_expires_at: DateTime<Utc>,
}

/// Typed on the tablet itself; on success the tablet holds the device cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceEnroll {
    pub code: String,
}

/// What the sign-in screen needs to know about the browser it runs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThisDevice {
    /// Set when this browser is an enrolled, unrevoked tablet: PIN sign-in works.
    pub device: Option<EnrolledTablet>,
    /// The tablet's hotel, or the only hotel of a single-hotel install.
    pub property_name: Option<String>,
}
