//! Server-side sessions: created at sign-in with a fresh token, ended by sign-out,
//! idle time, the absolute limit, a new sign-in over them, or deactivation.

use axum_extra::extract::cookie::{Cookie, SameSite};
use sqlx::AnyPool;

use super::{secrets, Auth, DEVICE_COOKIE, SESSION_COOKIE};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::people::StaffRow;

/// Activity is written back at most this often, so reads stay reads.
const TOUCH_EVERY_MS: i64 = 15_000;

#[derive(sqlx::FromRow)]
struct SessionRow {
    session_property_id: String,
    property_active: i64,
    /// The person's role in the session's hotel, and their department there, when it is
    /// not their own.
    granted_role: Option<String>,
    granted_department: Option<String>,
    device_id: Option<String>,
    last_seen_at: i64,
    idle_timeout_secs: i64,
    expires_at: i64,
    device_revoked_at: Option<i64>,
    #[sqlx(flatten)]
    staff: StaffRow,
}

impl SessionRow {
    /// Past its absolute or idle limit, on a revoked tablet, its person deactivated, or
    /// its hotel retired.
    fn ended(&self, now: i64) -> bool {
        let idle_end = self.last_seen_at + self.idle_timeout_secs * 1000;
        now >= self.expires_at
            || now >= idle_end
            || self.device_revoked_at.is_some()
            || !self.staff.is_active()
            || self.property_active == 0
    }

    /// The role in the session's hotel; none once it was taken away.
    fn role(&self) -> ApiResult<Option<bellhop_api::people::Role>> {
        self.staff
            .role_in(&self.session_property_id, self.granted_role.as_deref())
    }
}

/// One query: the session, its hotel, its tablet and its person with their role there.
async fn find(state: &AppState, hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.property_id AS session_property_id, p.active AS property_active, g.role AS granted_role, \
                g.department_id AS granted_department, \
                s.device_id, s.last_seen_at, s.idle_timeout_secs, s.expires_at, \
                d.revoked_at AS device_revoked_at, st.* \
         FROM sessions s JOIN staff st ON st.id = s.staff_id JOIN properties p ON p.id = s.property_id \
         LEFT JOIN devices d ON d.id = s.device_id \
         LEFT JOIN staff_hotel_roles g ON g.staff_id = s.staff_id AND g.property_id = s.property_id \
         WHERE s.token_hash = $1",
    )
    .bind(hash)
    .fetch_optional(&state.db.pool)
    .await
}

/// Whether a session token would be accepted, without counting the look as activity or
/// writing anything: the page server asks this before handing out the portal.
pub async fn is_live(state: &AppState, token: &str) -> Result<bool, sqlx::Error> {
    let row = find(state, &secrets::digest(token)).await?;
    Ok(row.is_some_and(|row| !row.ended(state.clock.now_ms()) && matches!(row.role(), Ok(Some(_)))))
}

/// The id of the person behind a live session token, without counting the look as
/// activity: writes are keyed by person for their idempotency keys.
pub async fn person_of(state: &AppState, token: &str) -> Result<Option<String>, sqlx::Error> {
    let row = find(state, &secrets::digest(token)).await?;
    Ok(row
        .filter(|row| !row.ended(state.clock.now_ms()))
        .map(|row| row.staff.id))
}

/// The person behind a session token, or 401.
pub async fn resolve(state: &AppState, token: &str) -> ApiResult<Auth> {
    resolve_hash(state, secrets::digest(token)).await
}

async fn resolve_hash(state: &AppState, hash: String) -> ApiResult<Auth> {
    let row = find(state, &hash).await?.ok_or_else(ApiError::unauthenticated)?;
    let now = state.clock.now_ms();
    let role = row.role()?;
    let Some(role) = role.filter(|_| !row.ended(now)) else {
        end(&state.db.pool, &hash).await?;
        return Err(ApiError::unauthenticated());
    };
    if now - row.last_seen_at >= TOUCH_EVERY_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&state.db.pool)
            .await?;
    }
    let department_id = row
        .staff
        .department_in(&row.session_property_id, row.granted_department.as_deref());
    Ok(Auth {
        role,
        department_id,
        property_id: row.session_property_id,
        staff: row.staff,
        session_hash: hash,
        device_id: row.device_id,
        idle_timeout_secs: row.idle_timeout_secs,
        expires_at: row.expires_at,
    })
}

/// Starts a session for `staff` and returns its cookie token. Any session the browser
/// held before (`previous_token`) ends, so its cookie is dead from now on.
pub async fn start(
    state: &AppState,
    staff: &StaffRow,
    device_id: Option<&str>,
    previous_token: Option<&str>,
) -> ApiResult<(String, Auth)> {
    let token = secrets::new_token();
    let hash = secrets::digest(&token);
    let now = state.clock.now_ms();
    let idle = if device_id.is_some() {
        state.config.idle_timeout_tablet
    } else {
        state.config.idle_timeout
    };
    let idle_timeout_secs = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
    let expires_at = now + i64::try_from(state.config.session_max.as_millis()).unwrap_or(i64::MAX);
    let mut tx = state.db.begin_write().await?;
    if let Some(previous) = previous_token {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(secrets::digest(previous))
            .execute(tx.conn())
            .await?;
    }
    sqlx::query(
        "INSERT INTO sessions (token_hash, property_id, staff_id, device_id, created_at, last_seen_at, \
                               idle_timeout_secs, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
    )
    .bind(&hash)
    .bind(&staff.property_id)
    .bind(&staff.id)
    .bind(device_id)
    .bind(now)
    .bind(idle_timeout_secs)
    .bind(expires_at)
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    let auth = Auth {
        role: staff.role()?,
        department_id: staff.department_id.clone(),
        property_id: staff.property_id.clone(),
        staff: staff.clone(),
        session_hash: hash,
        device_id: device_id.map(str::to_owned),
        idle_timeout_secs,
        expires_at,
    };
    Ok((token, auth))
}

/// Moves the session to `property_id`, where the person holds a role (checked by the
/// caller); the token stays, everything read afterwards is that hotel's, with the role
/// and department held there.
pub async fn move_to(state: &AppState, auth: &Auth, property_id: &str) -> ApiResult<Auth> {
    sqlx::query("UPDATE sessions SET property_id = $1 WHERE token_hash = $2")
        .bind(property_id)
        .bind(&auth.session_hash)
        .execute(&state.db.pool)
        .await?;
    resolve_hash(state, auth.session_hash.clone()).await
}

pub async fn end(pool: &AnyPool, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes sessions that can no longer be used, so the table does not grow forever.
pub async fn purge_expired(pool: &AnyPool, now_ms: i64) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at + idle_timeout_secs * 1000 <= $1")
            .bind(now_ms)
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

/// Ends every session of a person, e.g. when they are deactivated.
pub async fn end_all_for(conn: &mut sqlx::AnyConnection, staff_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE staff_id = $1")
        .bind(staff_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// HttpOnly, SameSite=Strict; it lives as long as the browser keeps it, the server
/// decides when it stops working.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.secure_cookies)
        .build()
}

/// The enrolled tablet's cookie: long-lived, only ever sent to the API.
pub fn device_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((DEVICE_COOKIE, token))
        .path("/api")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.secure_cookies)
        .max_age(time::Duration::days(400))
        .build()
}

/// A cookie that tells the browser to forget a revoked tablet's device cookie.
pub fn cleared_device_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = device_cookie(state, String::new());
    cookie.make_removal();
    cookie
}

/// A cookie that tells the browser to forget the session cookie.
pub fn cleared_session_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = session_cookie(state, String::new());
    cookie.make_removal();
    cookie
}
