//! The wire contract between the Bellhop app and server.
//!
//! Both sides compile this crate, so a request or response type cannot drift between
//! them. It holds serde types, the error body, enums, validation and pure domain rules;
//! nothing here touches the network, a database or an async runtime.

pub mod admin_events;
pub mod audit_wire;
pub mod audits;
pub mod csv_reader;
pub mod csv_writer;
pub mod error;
pub mod live;
pub mod people;
pub mod property;
pub mod quiz;
pub mod reason;
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

pub use error::{ErrorBody, ErrorCode, RowError};
pub use reason::FieldReason;

/// Paging for list endpoints. `limit` is clamped to [`Page::MAX_LIMIT`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
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
