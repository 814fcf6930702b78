//! Stored values back into domain values. The server writes every id, status and code
//! itself, so one that does not read back is a corrupt row: an error naming the table,
//! the row and the column, logged and answered as the documented 500, never a silent
//! default (a nil id, the first status, a zero).

use std::fmt::Debug;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::clock::from_ms;
use crate::error::{ApiError, ApiResult};

/// One stored row being read: its table and its id, for the error.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    table: &'static str,
    id: &'a str,
}

impl<'a> Row<'a> {
    pub fn new(table: &'static str, id: &'a str) -> Self {
        Row { table, id }
    }

    /// The error for `column` holding `value`.
    pub fn corrupt(&self, column: &str, value: &dyn Debug) -> ApiError {
        ApiError::Internal(format!("corrupt row: {} {}: {column} = {value:?}", self.table, self.id))
    }

    /// The row's own id.
    pub fn own_id(&self) -> ApiResult<Uuid> {
        self.id("id", self.id)
    }

    /// A stored id.
    pub fn id(&self, column: &str, value: &str) -> ApiResult<Uuid> {
        Uuid::parse_str(value).map_err(|_| self.corrupt(column, &value))
    }

    /// A stored id that may be NULL.
    pub fn opt_id(&self, column: &str, value: Option<&str>) -> ApiResult<Option<Uuid>> {
        value.map(|v| self.id(column, v)).transpose()
    }

    /// A stored code (a status, a role, a level), read by `parse`.
    pub fn code<T>(&self, column: &str, value: &str, parse: impl FnOnce(&str) -> Option<T>) -> ApiResult<T> {
        parse(value).ok_or_else(|| self.corrupt(column, &value))
    }

    /// A stored code that may be NULL.
    pub fn opt_code<T>(
        &self,
        column: &str,
        value: Option<&str>,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> ApiResult<Option<T>> {
        value.map(|v| self.code(column, v, parse)).transpose()
    }

    /// A stored number in the narrower type the API gives it.
    pub fn number<T: TryFrom<i64>>(&self, column: &str, value: i64) -> ApiResult<T> {
        T::try_from(value).map_err(|_| self.corrupt(column, &value))
    }

    /// A stored time (Unix ms).
    pub fn time(&self, column: &str, value: i64) -> ApiResult<DateTime<Utc>> {
        from_ms(value).ok_or_else(|| self.corrupt(column, &value))
    }

    /// A stored time that may be NULL.
    pub fn opt_time(&self, column: &str, value: Option<i64>) -> ApiResult<Option<DateTime<Utc>>> {
        value.map(|v| self.time(column, v)).transpose()
    }

    /// A value stored as the JSON the server wrote (sections, a result, weights).
    pub fn json<T: DeserializeOwned>(&self, column: &str, value: &str) -> ApiResult<T> {
        serde_json::from_str(value).map_err(|_| self.corrupt(column, &value))
    }

    /// A snake_case enum stored as its serde name.
    pub fn serde_name<T: DeserializeOwned>(&self, column: &str, value: &str) -> ApiResult<T> {
        serde_json::from_value(value.into()).map_err(|_| self.corrupt(column, &value))
    }

    /// A column every row in this state has set (a published audit's result).
    pub fn present<T>(&self, column: &str, value: Option<T>) -> ApiResult<T> {
        value.ok_or_else(|| self.corrupt(column, &"NULL"))
    }
}

/// A `COUNT(*)` in the unsigned type the API gives it.
pub fn count<T: TryFrom<i64>>(n: i64) -> ApiResult<T> {
    T::try_from(n).map_err(|_| ApiError::Internal(format!("count out of range: {n}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_out_of_range_is_a_corrupt_row_not_1970() {
        let row = Row::new("tasks", "t1");
        assert_eq!(row.time("created_at", 0).unwrap().timestamp_millis(), 0);
        assert_eq!(
            row.opt_time("done_at", Some(1_700_000_000_000))
                .unwrap()
                .map(|t| t.timestamp_millis()),
            Some(1_700_000_000_000)
        );
        assert_eq!(row.opt_time("done_at", None).unwrap(), None);
        let err = row.time("created_at", i64::MAX).unwrap_err();
        assert!(
            matches!(&err, ApiError::Internal(m) if m.contains("tasks t1: created_at")),
            "{err:?}"
        );
    }
}
