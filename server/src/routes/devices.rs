//! Shared tablets: a manager adds one and gets a one-time code; typed on the tablet,
//! the code gives it a long-lived device cookie that allows PIN sign-in there.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum_extra::extract::CookieJar;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::session::{Device, DeviceCreate, DeviceCreated, DeviceEnroll, EnrolledTablet, ThisDevice};
use bellhop_api::{validate, ErrorBody, ErrorCode};
use sqlx::{Any, Executor};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{secrets, session, Authorized, Managers, DEVICE_COOKIE};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::routes::admin_events::Entry;
use crate::rows::Row;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(this))
        .routes(routes!(enroll))
        .routes(routes!(list, create))
        .routes(routes!(revoke))
}

const DEVICE_COLUMNS: &str = "id, property_id, name, enrolled_at, last_seen_at, revoked_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeviceRow {
    pub id: String,
    pub property_id: String,
    pub name: String,
    pub enrolled_at: Option<i64>,
    pub last_seen_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl DeviceRow {
    fn to_api(&self) -> ApiResult<Device> {
        let row = Row::new("devices", &self.id);
        Ok(Device {
            id: row.own_id()?,
            name: self.name.clone(),
            enrolled_at: row.opt_time("enrolled_at", self.enrolled_at)?,
            last_seen_at: row.opt_time("last_seen_at", self.last_seen_at)?,
            revoked: self.revoked_at.is_some(),
        })
    }
}

/// The enrolled, unrevoked tablet this browser is, if it is one.
pub async fn this_device(state: &AppState, jar: &CookieJar) -> ApiResult<Option<DeviceRow>> {
    let Some(cookie) = jar.get(DEVICE_COOKIE) else {
        return Ok(None);
    };
    let row: Option<DeviceRow> = sqlx::query_as(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE token_hash = $1 AND revoked_at IS NULL"
    ))
    .bind(secrets::digest(cookie.value()))
    .fetch_optional(&state.db.pool)
    .await?;
    if let Some(device) = &row {
        sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE id = $2")
            .bind(state.clock.now_ms())
            .bind(&device.id)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(row)
}

pub async fn load<'c>(db: impl Executor<'c, Database = Any>, property_id: &str, id: &str) -> ApiResult<Option<Device>> {
    let row: Option<DeviceRow> = sqlx::query_as(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE id = $1 AND property_id = $2"
    ))
    .bind(id)
    .bind(property_id)
    .fetch_optional(db)
    .await?;
    row.map(|r| r.to_api()).transpose()
}

/// Whether this browser is an enrolled tablet (then the sign-in screen offers the PIN pad).
/// A device cookie that no tablet answers to any more is a revoked tablet's: the answer
/// removes it and, with `Clear-Site-Data: "storage"`, everything the app kept on the
/// tablet for anyone (unsent writes, kept reads, the offline copy of the app).
#[utoipa::path(get, path = "/devices/this", tag = "devices", security(()), responses((status = 200, body = ThisDevice)))]
async fn this(State(state): State<AppState>, jar: CookieJar) -> ApiResult<(CookieJar, HeaderMap, Json<ThisDevice>)> {
    let Some(device) = this_device(&state, &jar).await? else {
        let mut headers = HeaderMap::new();
        let jar = if jar.get(DEVICE_COOKIE).is_some() {
            headers.insert("clear-site-data", HeaderValue::from_static("\"storage\""));
            jar.add(session::cleared_device_cookie(&state))
        } else {
            jar
        };
        // A single hotel greets by name everywhere; a chain's sign-in page cannot know which.
        let names: Vec<(String,)> = sqlx::query_as("SELECT name FROM properties WHERE active = 1 LIMIT 2")
            .fetch_all(&state.db.pool)
            .await?;
        let property_name = match names.as_slice() {
            [(name,)] => Some(name.clone()),
            _ => None,
        };
        return Ok((
            jar,
            headers,
            Json(ThisDevice {
                device: None,
                property_name,
            }),
        ));
    };
    let (name,): (String,) = sqlx::query_as("SELECT name FROM properties WHERE id = $1")
        .bind(&device.property_id)
        .fetch_one(&state.db.pool)
        .await?;
    Ok((
        jar,
        HeaderMap::new(),
        Json(ThisDevice {
            device: Some(EnrolledTablet { name: device.name }),
            property_name: Some(name),
        }),
    ))
}

/// Enrolls this browser as the tablet whose code was typed. The tablet keeps a device
/// cookie; enrolling again with a new code replaces the old one.
#[utoipa::path(post, path = "/devices/enroll", tag = "devices", security(()), request_body = DeviceEnroll, responses(
    (status = 200, body = Device),
    (status = 404, description = "Unknown, used, expired or revoked code", body = ErrorBody),
))]
async fn enroll(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(req): Json<DeviceEnroll>,
) -> ApiResult<(CookieJar, Json<Device>)> {
    let code_hash = secrets::digest(&secrets::normalize_code(&req.code));
    let now = state.clock.now_ms();
    let row: Option<DeviceRow> = sqlx::query_as(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE enroll_code_hash = $1 AND revoked_at IS NULL \
         AND (enroll_expires_at IS NULL OR enroll_expires_at > $2)"
    ))
    .bind(&code_hash)
    .bind(now)
    .fetch_optional(&state.db.pool)
    .await?;
    let mut device =
        row.ok_or_else(|| ApiError::new(ErrorCode::NotFound, "this enrollment code is unknown or expired"))?;
    let token = secrets::new_token();
    let before = device.to_api()?;
    let mut tx = state.db.begin_write().await?;
    // A code with an expiry is single-use; the demo tablet's code (no expiry) is not.
    sqlx::query(
        "UPDATE devices SET token_hash = $1, enrolled_at = $2, last_seen_at = $2, \
            enroll_code_hash = CASE WHEN enroll_expires_at IS NULL THEN enroll_code_hash ELSE NULL END \
         WHERE id = $3",
    )
    .bind(secrets::digest(&token))
    .bind(now)
    .bind(&device.id)
    .execute(tx.conn())
    .await?;
    device.enrolled_at = Some(now);
    device.last_seen_at = Some(now);
    let after = device.to_api()?;
    // Typed on the tablet itself: no one is signed in there to name.
    Entry::new(
        &device.property_id,
        None,
        now,
        AdminEventKind::TabletEnrolled,
        &device.id,
    )
    .label(&device.name)
    .before(&before)?
    .after(&after)?
    .record(tx.conn())
    .await?;
    tx.commit().await?;
    Ok((jar.add(session::device_cookie(&state, token)), Json(after)))
}

/// The property's tablets.
#[utoipa::path(get, path = "/devices", tag = "devices", responses(
    (status = 200, body = Vec<Device>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
) -> ApiResult<Json<Vec<Device>>> {
    let rows: Vec<DeviceRow> = sqlx::query_as(&format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE property_id = $1 ORDER BY name LIMIT 500"
    ))
    .bind(auth.property_id())
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(rows.iter().map(DeviceRow::to_api).collect::<ApiResult<_>>()?))
}

/// Adds a tablet and returns its one-time enrollment code.
#[utoipa::path(post, path = "/devices", tag = "devices", request_body = DeviceCreate, responses(
    (status = 201, body = DeviceCreated),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The id is taken", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<DeviceCreate>,
) -> ApiResult<(StatusCode, Json<DeviceCreated>)> {
    validate::device_create(&req).map_err(ApiError::Invalid)?;
    let code = secrets::new_enroll_code();
    let now = state.clock.now_ms();
    let expires = now + i64::try_from(state.config.enroll_code_ttl.as_millis()).unwrap_or(i64::MAX);
    let code_expires_at = Row::new("devices", &req.id.to_string()).time("enroll_expires_at", expires)?;
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO devices (id, property_id, name, enroll_code_hash, enroll_expires_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(req.id.to_string())
    .bind(auth.property_id())
    .bind(req.name.trim())
    .bind(secrets::digest(&secrets::normalize_code(&code)))
    .bind(expires)
    .bind(&auth.staff.id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    let device = Device {
        id: req.id,
        name: req.name.trim().to_owned(),
        enrolled_at: None,
        last_seen_at: None,
        revoked: false,
    };
    Entry::by(&auth, now, AdminEventKind::TabletAdded, device.id)
        .label(&device.name)
        .after(&device)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(DeviceCreated {
            device,
            enroll_code: code,
            code_expires_at,
        }),
    ))
}

/// Revokes a tablet: its cookie stops working and the sessions on it end.
#[utoipa::path(post, path = "/devices/{id}/revoke", tag = "devices", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Device),
    (status = 403, body = ErrorBody),
))]
async fn revoke(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Device>> {
    let id = id.to_string();
    let mut tx = state.db.begin_write().await?;
    let before = load(tx.conn(), auth.property_id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("tablet"))?;
    let updated = sqlx::query(
        "UPDATE devices SET revoked_at = $1, token_hash = NULL, enroll_code_hash = NULL \
         WHERE id = $2 AND property_id = $3 AND revoked_at IS NULL",
    )
    .bind(state.clock.now_ms())
    .bind(&id)
    .bind(auth.property_id())
    .execute(tx.conn())
    .await?;
    let after = load(tx.conn(), auth.property_id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("tablet"))?;
    if updated.rows_affected() > 0 {
        sqlx::query("DELETE FROM sessions WHERE device_id = $1")
            .bind(&id)
            .execute(tx.conn())
            .await?;
        Entry::by(&auth, state.clock.now_ms(), AdminEventKind::TabletRevoked, &id)
            .label(&after.name)
            .before(&before)?
            .after(&after)?
            .record(tx.conn())
            .await?;
    }
    tx.commit().await?;
    Ok(Json(after))
}
