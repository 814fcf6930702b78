//! The hotel's departments: the four built-in ones and any it adds (spa, security…).
//! Admins add, rename and retire them; a retired department drops out of the lists
//! that pickers read, while its tasks, audits and results keep showing its name.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::people::{Colleague, Department, DepartmentCreate, DepartmentUpdate, DepartmentsQuery, Role};
use bellhop_api::{validate, ErrorBody};
use sqlx::{Any, Executor};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Admins, Auth, Authorized};
use crate::db::flag;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::people::HOTEL_STAFF;
use crate::routes::admin_events::Entry;
use crate::rows::Row;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update))
        .routes(routes!(department_staff))
}

const DEPARTMENT_COLUMNS: &str = "id, code, name, builtin, active";

#[derive(sqlx::FromRow)]
struct DepartmentRow {
    id: String,
    code: String,
    name: String,
    builtin: i64,
    active: i64,
}

impl DepartmentRow {
    fn to_api(&self) -> ApiResult<Department> {
        Ok(Department {
            id: Row::new("departments", &self.id).own_id()?,
            code: self.code.clone(),
            name: self.name.clone(),
            builtin: self.builtin != 0,
            active: self.active != 0,
        })
    }
}

async fn load<'c>(db: impl Executor<'c, Database = Any>, property_id: &str, id: &str) -> ApiResult<Department> {
    let row: Option<DepartmentRow> = sqlx::query_as(&format!(
        "SELECT {DEPARTMENT_COLUMNS} FROM departments WHERE id = $1 AND property_id = $2"
    ))
    .bind(id)
    .bind(property_id)
    .fetch_optional(db)
    .await?;
    row.ok_or_else(|| ApiError::not_found("department"))?.to_api()
}

/// The hotel's active departments (every one with `include_retired`), built-in first.
#[utoipa::path(get, path = "/departments", tag = "property", params(DepartmentsQuery), responses(
    (status = 200, body = Vec<Department>),
))]
async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<DepartmentsQuery>,
) -> ApiResult<Json<Vec<Department>>> {
    let rows: Vec<DepartmentRow> = sqlx::query_as(&format!(
        "SELECT {DEPARTMENT_COLUMNS} FROM departments WHERE property_id = $1 AND (active = 1 OR $2 = 1) \
         ORDER BY builtin DESC, name"
    ))
    .bind(auth.property_id())
    .bind(flag(q.include_retired))
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(rows.iter().map(DepartmentRow::to_api).collect::<ApiResult<_>>()?))
}

/// Adds a custom department (e.g. spa, security).
#[utoipa::path(post, path = "/departments", tag = "property", request_body = DepartmentCreate, responses(
    (status = 201, body = Department),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The code or id is taken", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Json(req): Json<DepartmentCreate>,
) -> ApiResult<(StatusCode, Json<Department>)> {
    validate::department_create(&req).map_err(ApiError::Invalid)?;
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO departments (id, property_id, code, name, builtin, active) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(req.id.to_string())
    .bind(auth.property_id())
    .bind(&req.code)
    .bind(req.name.trim())
    .bind(flag(false))
    .bind(flag(true))
    .execute(tx.conn())
    .await?;
    let department = load(tx.conn(), auth.property_id(), &req.id.to_string()).await?;
    Entry::by(
        &auth,
        state.clock.now_ms(),
        AdminEventKind::DepartmentAdded,
        department.id,
    )
    .label(&department.name)
    .after(&department)?
    .record(tx.conn())
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(department)))
}

/// Renames a department, or retires it (`active: false`) or brings it back. Retiring
/// keeps its people, tasks and history; it only stops new work going to it.
#[utoipa::path(patch, path = "/departments/{id}", tag = "property", params(("id" = Uuid, Path)), request_body = DepartmentUpdate, responses(
    (status = 200, body = Department),
    (status = 403, body = ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Path(id): Path<Uuid>,
    Json(req): Json<DepartmentUpdate>,
) -> ApiResult<Json<Department>> {
    validate::department_update(&req).map_err(ApiError::Invalid)?;
    let id = id.to_string();
    let mut tx = state.db.begin_write().await?;
    let current = load(tx.conn(), auth.property_id(), &id).await?;
    let name = req.name.as_deref().map_or(current.name.as_str(), str::trim);
    let active = req.active.unwrap_or(current.active);
    if name == current.name && active == current.active {
        return Ok(Json(current));
    }
    sqlx::query("UPDATE departments SET name = $1, active = $2 WHERE id = $3")
        .bind(name)
        .bind(flag(active))
        .bind(&id)
        .execute(tx.conn())
        .await?;
    let updated = load(tx.conn(), auth.property_id(), &id).await?;
    let kind = if current.active && !active {
        AdminEventKind::DepartmentRetired
    } else {
        AdminEventKind::DepartmentChanged
    };
    Entry::by(&auth, state.clock.now_ms(), kind, updated.id)
        .label(&updated.name)
        .before(&current)?
        .after(&updated)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(Json(updated))
}

/// A department's active people, for assigning work by name: supervisors see their own
/// department, managers and admins any.
#[utoipa::path(get, path = "/departments/{id}/staff", tag = "property", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<Colleague>),
    (status = 403, body = ErrorBody),
))]
async fn department_staff(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<Colleague>>> {
    let id = id.to_string();
    let own = auth.department_id.as_deref() == Some(id.as_str());
    let allowed = auth.role().manages_property() || (auth.role() == Role::Supervisor && own);
    if !allowed {
        return Err(ApiError::forbidden());
    }
    load(&state.db.pool, auth.property_id(), &id).await?;
    let rows: Vec<(String, String, String)> = sqlx::query_as(&format!(
        "SELECT id, display_name, role FROM {HOTEL_STAFF} s WHERE department_id = $1 AND property_id = $2 \
         AND active = 1 ORDER BY display_name, id LIMIT 500"
    ))
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
