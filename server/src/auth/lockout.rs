//! Wrong secrets lock the one account they were typed for, for a while: at sign-in and
//! when a set-up code is redeemed. The lock is per account, never per tablet, so
//! colleagues on the same tablet are not affected.

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::people::StaffRow;

/// The refusal while `staff` is locked, if it is.
pub fn check(state: &AppState, staff: &StaffRow) -> ApiResult<()> {
    let now = state.clock.now_ms();
    match staff.locked_until.filter(|&t| t > now) {
        Some(until) => Err(locked(until - now)),
        None => Ok(()),
    }
}

/// Counts a wrong secret; returns when the account is now locked until, if it is.
pub async fn record_failure(state: &AppState, staff: &StaffRow) -> ApiResult<Option<i64>> {
    let limit = i64::from(state.config.lockout_attempts.max(1));
    let until = state.clock.now_ms() + i64::try_from(state.config.lockout.as_millis()).unwrap_or(i64::MAX);
    // One statement, so wrong guesses arriving together are all counted.
    let (locked_until,): (Option<i64>,) = sqlx::query_as(
        "UPDATE staff SET \
            locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3 ELSE locked_until END, \
            failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END \
         WHERE id = $1 RETURNING locked_until",
    )
    .bind(&staff.id)
    .bind(limit)
    .bind(until)
    .fetch_one(&state.db.pool)
    .await?;
    Ok(locked_until.filter(|&t| t == until))
}

pub fn locked(remaining_ms: i64) -> ApiError {
    let secs = u64::try_from((remaining_ms + 999) / 1000).unwrap_or(1).max(1);
    ApiError::TooManyAttempts { retry_after_secs: secs }
}
