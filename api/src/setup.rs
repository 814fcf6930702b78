//! The first start of a real hotel: the hotel and its first admin, made once on an
//! empty database, guarded by a one-time code that the server prints on its console.

use serde::{Deserialize, Serialize};

/// `GET /api/setup`: whether the database has no hotel yet, so the app shows set-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupStatus {
    pub needed: bool,
}

/// `POST /api/setup`, and the same fields on `bellhop-server setup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    /// The one-time set-up code the server printed on its console at start.
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub hotel_name: String,
    /// IANA time zone, e.g. `Asia/Hong_Kong`.
    pub time_zone: String,
    /// The hotel's default language: `en`, `zh-Hant` or `zh-Hans`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::people::Language))]
    pub language: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::employee_no))]
    pub admin_employee_no: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub admin_name: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::password))]
    pub admin_password: String,
}
