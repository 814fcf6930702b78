//! The wire contract between the Bellhop app and server.
//!
//! Both sides compile this crate, so a request or response type cannot drift between
//! them. It holds serde types, the error body, enums, validation and pure domain rules;
//! nothing here touches the network, a database or an async runtime.

#[macro_use]
mod codes;

pub mod admin_events;
pub mod audit_wire;
pub mod audits;
pub mod chain;
pub mod csv_reader;
pub mod csv_writer;
pub mod error;
pub mod live;
pub mod notifications;
pub mod people;
pub mod pms;
pub mod property;
pub mod quiz;
pub mod reason;
pub mod room_assignments;
pub mod room_status;
pub mod rooms;
pub mod sections;
pub mod session;
pub mod setup;
pub mod staff_import;
pub mod star;
pub mod system;
pub mod tasks;
pub mod timestamp;
pub mod training;
pub mod validate;

pub use error::{ErrorBody, ErrorCode, HotelChoice, RowError};
pub use reason::FieldReason;

/// The query string of a list or report request (`?a=1&b=x`, empty when no field is
/// set), written from the list's query struct. The server reads the struct back with
/// the same crate (axum's `Query`), so both sides agree on every name and value.
pub fn query_string<Q: serde::Serialize>(query: &Q) -> String {
    match serde_urlencoded::to_string(query) {
        Ok(pairs) if !pairs.is_empty() => format!("?{pairs}"),
        // The query structs are flat: optional scalars, which always serialise.
        _ => String::new(),
    }
}

/// For `skip_serializing_if`: a flag that is off stays out of the address.
pub(crate) fn is_false(flag: &bool) -> bool {
    !flag
}

/// Paging for list endpoints. `limit` is clamped to [`Page::MAX_LIMIT`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Items to return (1–200, default 50).
    pub limit: Option<u32>,
    /// Items to skip.
    pub offset: Option<u32>,
}

impl PageQuery {
    pub fn limit(&self) -> u32 {
        self.limit
            .unwrap_or(Page::<()>::DEFAULT_LIMIT)
            .clamp(1, Page::<()>::MAX_LIMIT)
    }
    pub fn offset(&self) -> u32 {
        self.offset.unwrap_or(0)
    }
}

/// One page of a list, with the total so a screen can show "12 of 40".
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub offset: u32,
    pub limit: u32,
}

impl<T> Page<T> {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 200;
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde::de::DeserializeOwned;
    use uuid::Uuid;

    use serde::Serialize;

    use super::*;
    use crate::admin_events::{AdminEventKind, AdminEventQuery};
    use crate::audit_wire::{AuditListFilter, AuditListQuery, MonthQuery, TemplateListQuery};
    use crate::rooms::RoomsQuery;
    use crate::tasks::{BoardQuery, Bucket, TaskReportQuery};
    use crate::training::{CsvTable, QuestionBankQuery, TrainingCsvQuery};

    /// The address the client writes, and what the server reads back from it.
    fn written<Q: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(query: &Q) -> String {
        let text = query_string(query);
        let back: Q = serde_urlencoded::from_str(text.trim_start_matches('?')).unwrap();
        assert_eq!(&back, query, "{text}");
        text
    }

    #[test]
    fn queries_name_only_what_is_set_and_read_back_the_same() {
        let id = Uuid::from_u128(7);
        assert_eq!(written(&BoardQuery::default()), "");
        assert_eq!(
            written(&BoardQuery {
                department_id: Some(id),
                floor: Some(-1),
                room: Some("12 A&B".into()),
                ..BoardQuery::default()
            }),
            format!("?department_id={id}&floor=-1&room=12+A%26B")
        );
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        assert_eq!(
            written(&TaskReportQuery {
                department_id: None,
                from: Some(day(1)),
                to: Some(day(7)),
                bucket: Bucket::Week,
            }),
            "?from=2026-03-01&to=2026-03-07&bucket=week"
        );
        assert_eq!(
            written(&TrainingCsvQuery {
                department_id: None,
                table: CsvTable::Hardest,
            }),
            "?table=hardest"
        );
        assert_eq!(
            written(&AuditListQuery {
                filter: AuditListFilter::Done,
                month: Some("2026-03".into()),
                limit: Some(200),
                offset: None,
            }),
            "?filter=done&month=2026-03&limit=200"
        );
        assert_eq!(
            written(&AdminEventQuery {
                kind: Some(AdminEventKind::TabletAdded),
                ..AdminEventQuery::default()
            }),
            "?kind=tablet_added"
        );
        assert_eq!(written(&MonthQuery { month: None }), "");
        assert_eq!(
            written(&PageQuery {
                limit: Some(20),
                offset: Some(40)
            }),
            "?limit=20&offset=40"
        );
        assert_eq!(
            written(&QuestionBankQuery {
                limit: Some(200),
                ..QuestionBankQuery::default()
            }),
            "?limit=200"
        );
        // A flag that is off is left out, as before.
        assert_eq!(written(&RoomsQuery { include_retired: false }), "");
        assert_eq!(written(&RoomsQuery { include_retired: true }), "?include_retired=true");
        assert_eq!(written(&TemplateListQuery { archived: true }), "?archived=true");
    }
}
