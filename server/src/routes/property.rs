//! The hotel itself, and the department checks other features share.

use axum::extract::State;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::people::Language;
use bellhop_api::property::{Property, PropertyUpdate};
use bellhop_api::{validate, ErrorBody};
use sqlx::{Any, AnyPool, Executor};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Admins, Auth, Authorized};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::routes::admin_events::Entry;
use crate::rows::Row;
use bellhop_api::FieldReason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get, update))
}

#[derive(sqlx::FromRow)]
struct PropertyRow {
    id: String,
    name: String,
    time_zone: String,
    escalate_after_mins: i64,
    default_language: String,
}

pub async fn load<'c>(db: impl Executor<'c, Database = Any>, id: &str) -> ApiResult<Property> {
    let row: Option<PropertyRow> = sqlx::query_as(
        "SELECT id, name, time_zone, escalate_after_mins, default_language FROM properties WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let row = row.ok_or_else(|| ApiError::not_found("property"))?;
    let stored = Row::new("properties", &row.id);
    Ok(Property {
        id: stored.own_id()?,
        escalate_after_mins: stored.number("escalate_after_mins", row.escalate_after_mins)?,
        default_language: stored.code("default_language", &row.default_language, Language::parse)?,
        name: row.name,
        time_zone: row.time_zone,
    })
}

/// The property's time zone, which decides what "today" is.
pub async fn zone(pool: &AnyPool, property_id: &str) -> ApiResult<chrono_tz::Tz> {
    let (zone,): (String,) = sqlx::query_as("SELECT time_zone FROM properties WHERE id = $1")
        .bind(property_id)
        .fetch_one(pool)
        .await?;
    time_zone(property_id, &zone)
}

/// A property's stored time zone; updates only store names that parse.
pub fn time_zone(property_id: &str, zone: &str) -> ApiResult<chrono_tz::Tz> {
    Row::new("properties", property_id).code("time_zone", zone, |z| z.parse().ok())
}

/// The code of a department (`front_office`, …), if there is one.
pub async fn department_code(pool: &AnyPool, department_id: Option<&str>) -> ApiResult<Option<String>> {
    let Some(id) = department_id else { return Ok(None) };
    let row: Option<(String,)> = sqlx::query_as("SELECT code FROM departments WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(code,)| code))
}

/// 422 unless `department` is one of the property's own departments and not retired:
/// nothing new is filed to, assigned to or made for a retired department.
pub async fn require_department(pool: &AnyPool, property_id: &str, department: Uuid) -> ApiResult<()> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT active FROM departments WHERE id = $1 AND property_id = $2")
        .bind(department.to_string())
        .bind(property_id)
        .fetch_optional(pool)
        .await?;
    match found {
        Some((0,)) => Err(ApiError::field("department_id", FieldReason::RetiredDepartment)),
        Some(_) => Ok(()),
        None => Err(ApiError::field("department_id", FieldReason::UnknownDepartment)),
    }
}

/// The signed-in person's hotel.
#[utoipa::path(get, path = "/property", tag = "property", responses(
    (status = 200, body = Property),
))]
async fn get(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Property>> {
    Ok(Json(load(&state.db.pool, auth.property_id()).await?))
}

/// Renames the hotel, or changes its time zone (an IANA name such as `Asia/Hong_Kong`),
/// escalation delay or default language.
#[utoipa::path(patch, path = "/property", tag = "property", request_body = PropertyUpdate, responses(
    (status = 200, body = Property),
    (status = 403, body = ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Json(req): Json<PropertyUpdate>,
) -> ApiResult<Json<Property>> {
    validate::property_update(&req).map_err(ApiError::Invalid)?;
    if let Some(zone) = &req.time_zone {
        zone.parse::<chrono_tz::Tz>()
            .map_err(|_| ApiError::field("time_zone", FieldReason::UnknownTimeZone))?;
    }
    let mut tx = state.db.begin_write().await?;
    let current = load(tx.conn(), auth.property_id()).await?;
    sqlx::query(
        "UPDATE properties SET name = $1, time_zone = $2, escalate_after_mins = $3, default_language = $4 \
         WHERE id = $5",
    )
    .bind(req.name.as_deref().map(str::trim).unwrap_or(&current.name))
    .bind(req.time_zone.as_deref().unwrap_or(&current.time_zone))
    .bind(i64::from(
        req.escalate_after_mins.unwrap_or(current.escalate_after_mins),
    ))
    .bind(req.default_language.unwrap_or(current.default_language).tag())
    .bind(auth.property_id())
    .execute(tx.conn())
    .await?;
    let updated = load(tx.conn(), auth.property_id()).await?;
    Entry::by(&auth, state.clock.now_ms(), AdminEventKind::HotelChanged, updated.id)
        .label(&updated.name)
        .before(&current)?
        .after(&updated)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(Json(updated))
}
