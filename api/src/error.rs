//! The one error body every 4xx and 5xx response carries.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::reason::FieldReason;

/// `{"error": "snake_case_code", "message": "human text", "fields": {...}}`, and for a
/// refused file `"rows": [{"row": 7, "field": "floor", "reason": "not_a_number"}, ...]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Machine-readable code; the app translates it for the person at the screen.
    pub error: ErrorCode,
    /// English text for logs and API users.
    pub message: String,
    /// Per-field problems of a rejected body, field name → reason code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldReason>,
    /// Each problem of a refused file (a CSV import), by row, for a list beside the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowError>,
    /// For `hotel_required`: the hotels where the employee number is used, to choose
    /// from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hotels: Vec<HotelChoice>,
}

/// A hotel to choose at sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotelChoice {
    pub id: uuid::Uuid,
    pub name: String,
}

/// One problem in one row of an uploaded file. Rows are numbered as a spreadsheet shows
/// them: the header is row 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub row: u32,
    /// The column's header name, or `row` for the row as a whole.
    pub field: String,
    /// Why, as in `fields`.
    pub reason: FieldReason,
}

impl RowError {
    pub fn new(row: u32, field: &str, reason: FieldReason) -> RowError {
        RowError {
            row,
            field: field.to_owned(),
            reason,
        }
    }

    /// The key the problem has in `fields`: `row_7.floor`, as the question bank's
    /// import names its problems.
    pub fn key(&self) -> String {
        format!("row_{}.{}", self.row, self.field)
    }
}

wire_codes! {
    /// Every error code the API returns, with the HTTP status it travels with.
    pub enum ErrorCode {
        /// 400: the body is not valid JSON, or a query string cannot be read.
        MalformedRequest = "malformed_request",
        /// 401: no session, or it has ended.
        Unauthenticated = "unauthenticated",
        /// 401: the employee number or the secret is wrong.
        InvalidCredentials = "invalid_credentials",
        /// 403: signed in, but this role may not do that.
        Forbidden = "forbidden",
        /// 403: a state-changing request that did not come from the app.
        CsrfRejected = "csrf_rejected",
        /// 403: PIN sign-in from a browser that is not an enrolled tablet.
        DeviceNotEnrolled = "device_not_enrolled",
        /// 404: no such record or route.
        NotFound = "not_found",
        /// 405: the route exists but not with this method.
        MethodNotAllowed = "method_not_allowed",
        /// 409: a duplicate or a conflicting change.
        Conflict = "conflict",
        /// 409: the employee number is used in several hotels; sign in again naming
        /// one of `hotels`.
        HotelRequired = "hotel_required",
        /// 413: the body is over the size limit.
        PayloadTooLarge = "payload_too_large",
        /// 415: the body is not `application/json`.
        UnsupportedMediaType = "unsupported_media_type",
        /// 422: well-formed but invalid (see `fields`), or unknown fields.
        Invalid = "invalid",
        /// 429: too many wrong attempts; see the Retry-After header.
        TooManyAttempts = "too_many_attempts",
        /// 500: something failed on the server; the log has the request id.
        Internal = "internal",
        /// 503: the server is busy or the database is unreachable; retry later.
        Unavailable = "unavailable",
    }
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            MalformedRequest => 400,
            Unauthenticated | InvalidCredentials => 401,
            Forbidden | CsrfRejected | DeviceNotEnrolled => 403,
            NotFound => 404,
            MethodNotAllowed => 405,
            Conflict | HotelRequired => 409,
            PayloadTooLarge => 413,
            UnsupportedMediaType => 415,
            Invalid => 422,
            TooManyAttempts => 429,
            Internal => 500,
            Unavailable => 503,
        }
    }
}

/// Read through [`ErrorCode::parse`] rather than serde's derive, which compiles a
/// second matcher of the same names into every app.
impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        ErrorCode::parse(&code).ok_or_else(|| serde::de::Error::custom("unknown error code"))
    }
}

impl ErrorBody {
    pub fn new(error: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error,
            message: message.into(),
            fields: BTreeMap::new(),
            rows: Vec::new(),
            hotels: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_name_matches_serde() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.code()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        assert!(serde_json::from_str::<ErrorCode>("\"no_such_code\"").is_err());
    }

    #[test]
    fn fields_are_omitted_when_empty() {
        let body = ErrorBody::new(ErrorCode::NotFound, "no such task");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": "not_found", "message": "no such task"})
        );
    }
}
