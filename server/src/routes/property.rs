//! The hotel itself and its departments.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::people::{Colleague, Department, DepartmentCreate, Role};
use bellhop_api::property::{Property, PropertyUpdate, Room};
use bellhop_api::{validate, ErrorBody};
use sqlx::AnyPool;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Admins, Auth, Authorized};
use crate::db::flag;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::rows::Row;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get, update))
        .routes(routes!(departments, create_department))
        .routes(routes!(department_staff))
        .routes(routes!(rooms))
}

#[derive(sqlx::FromRow)]
struct PropertyRow {
    id: String,
    name: String,
    time_zone: String,
    escalate_after_mins: i64,
}

pub async fn load(pool: &AnyPool, id: &str) -> ApiResult<Property> {
    let row: Option<PropertyRow> =
        sqlx::query_as("SELECT id, name, time_zone, escalate_after_mins FROM properties WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    let row = row.ok_or_else(|| ApiError::not_found("property"))?;
    let stored = Row::new("properties", &row.id);
    Ok(Property {
        id: stored.own_id()?,
        escalate_after_mins: stored.number("escalate_after_mins", row.escalate_after_mins)?,
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

/// 422 unless `department` is one of the property's own departments.
pub async fn require_department(pool: &AnyPool, property_id: &str, department: Uuid) -> ApiResult<()> {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM departments WHERE id = $1 AND property_id = $2")
        .bind(department.to_string())
        .bind(property_id)
        .fetch_optional(pool)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| ApiError::field("department_id", "unknown_department"))
}

/// The signed-in person's hotel.
#[utoipa::path(get, path = "/property", tag = "property", responses(
    (status = 200, body = Property),
    (status = 401, body = ErrorBody),
))]
async fn get(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Property>> {
    Ok(Json(load(&state.db.pool, auth.property_id()).await?))
}

/// Renames the hotel or changes its time zone (an IANA name such as `Asia/Hong_Kong`).
#[utoipa::path(patch, path = "/property", tag = "property", request_body = PropertyUpdate, responses(
    (status = 200, body = Property),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 422, body = ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Json(req): Json<PropertyUpdate>,
) -> ApiResult<Json<Property>> {
    validate::property_update(&req).map_err(ApiError::Invalid)?;
    if let Some(zone) = &req.time_zone {
        zone.parse::<chrono_tz::Tz>()
            .map_err(|_| ApiError::field("time_zone", "unknown_time_zone"))?;
    }
    let current = load(&state.db.pool, auth.property_id()).await?;
    sqlx::query("UPDATE properties SET name = $1, time_zone = $2, escalate_after_mins = $3 WHERE id = $4")
        .bind(req.name.as_deref().map(str::trim).unwrap_or(&current.name))
        .bind(req.time_zone.as_deref().unwrap_or(&current.time_zone))
        .bind(i64::from(
            req.escalate_after_mins.unwrap_or(current.escalate_after_mins),
        ))
        .bind(auth.property_id())
        .execute(&state.db.pool)
        .await?;
    Ok(Json(load(&state.db.pool, auth.property_id()).await?))
}

#[derive(sqlx::FromRow)]
struct DepartmentRow {
    id: String,
    code: String,
    name: String,
    builtin: i64,
}

/// The hotel's departments: the four built-in ones and any it added.
#[utoipa::path(get, path = "/departments", tag = "property", responses(
    (status = 200, body = Vec<Department>),
    (status = 401, body = ErrorBody),
))]
async fn departments(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<Department>>> {
    let rows: Vec<DepartmentRow> = sqlx::query_as(
        "SELECT id, code, name, builtin FROM departments WHERE property_id = $1 ORDER BY builtin DESC, name",
    )
    .bind(auth.property_id())
    .fetch_all(&state.db.pool)
    .await?;
    let departments = rows
        .into_iter()
        .map(|r| {
            Ok(Department {
                id: Row::new("departments", &r.id).own_id()?,
                code: r.code,
                name: r.name,
                builtin: r.builtin != 0,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(departments))
}

/// Adds a custom department (e.g. spa, security).
#[utoipa::path(post, path = "/departments", tag = "property", request_body = DepartmentCreate, responses(
    (status = 201, body = Department),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The code or id is taken", body = ErrorBody),
    (status = 422, body = ErrorBody),
))]
async fn create_department(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Json(req): Json<DepartmentCreate>,
) -> ApiResult<(StatusCode, Json<Department>)> {
    validate::department_create(&req).map_err(ApiError::Invalid)?;
    sqlx::query("INSERT INTO departments (id, property_id, code, name, builtin) VALUES ($1, $2, $3, $4, $5)")
        .bind(req.id.to_string())
        .bind(auth.property_id())
        .bind(&req.code)
        .bind(req.name.trim())
        .bind(flag(false))
        .execute(&state.db.pool)
        .await?;
    let department = Department {
        id: req.id,
        code: req.code,
        name: req.name.trim().to_owned(),
        builtin: false,
    };
    Ok((StatusCode::CREATED, Json(department)))
}

#[derive(sqlx::FromRow)]
struct RoomRow {
    id: String,
    number: String,
    floor: i64,
}

/// The hotel's rooms, by floor and number.
#[utoipa::path(get, path = "/rooms", tag = "property", responses(
    (status = 200, body = Vec<Room>),
    (status = 401, body = ErrorBody),
))]
async fn rooms(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<Room>>> {
    let rows: Vec<RoomRow> =
        sqlx::query_as("SELECT id, number, floor FROM rooms WHERE property_id = $1 ORDER BY floor, number LIMIT 5000")
            .bind(auth.property_id())
            .fetch_all(&state.db.pool)
            .await?;
    let rooms = rows
        .into_iter()
        .map(|r| {
            Ok(Room {
                id: Row::new("rooms", &r.id).own_id()?,
                number: r.number,
                floor: r.floor,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(rooms))
}

/// A department's active people, for assigning work by name: supervisors see their own
/// department, managers and admins any.
#[utoipa::path(get, path = "/departments/{id}/staff", tag = "property", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<Colleague>),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody),
))]
async fn department_staff(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<Colleague>>> {
    let id = id.to_string();
    let own = auth.staff.department_id.as_deref() == Some(id.as_str());
    let allowed = auth.role().manages_property() || (auth.role() == Role::Supervisor && own);
    if !allowed {
        return Err(ApiError::forbidden());
    }
    let department: Option<(String,)> = sqlx::query_as("SELECT id FROM departments WHERE id = $1 AND property_id = $2")
        .bind(&id)
        .bind(auth.property_id())
        .fetch_optional(&state.db.pool)
        .await?;
    department.ok_or_else(|| ApiError::not_found("department"))?;
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, display_name, role FROM staff WHERE department_id = $1 AND property_id = $2 AND active = 1 \
         ORDER BY display_name LIMIT 500",
    )
    .bind(&id)
    .bind(auth.property_id())
    .fetch_all(&state.db.pool)
    .await?;
    let colleagues = rows
        .into_iter()
        .map(|(id, display_name, role)| {
            let row = Row::new("staff", &id);
            Ok(Colleague {
                id: row.own_id()?,
                role: row.code("role", &role, Role::parse)?,
                display_name,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(colleagues))
}
