//! Staff accounts (admins): list, create, edit, deactivate, reset PIN or password.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::people::{SecretReset, StaffCreate, StaffMember, StaffUpdate};
use bellhop_api::{validate, ErrorBody, Page, PageQuery};
use sqlx::{Any, Executor};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{session, Admins, Authorized};
use crate::clock::day_number;
use crate::db::flag;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::paging::Paging;
use crate::people::{self, NewStaff, StaffRow, HOTEL_STAFF, STAFF_COLUMNS};
use crate::routes::admin_events::Entry;
use crate::routes::property;
use bellhop_api::FieldReason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, update))
        .routes(routes!(reset_secret))
}

/// The property's staff, by employee number: its own, and those of other hotels of the
/// chain given a role here, with their role and department here.
#[utoipa::path(get, path = "/staff", tag = "staff", params(PageQuery), responses(
    (status = 200, body = Page<StaffMember>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    page: Paging,
) -> ApiResult<Json<Page<StaffMember>>> {
    let rows: Vec<StaffRow> = sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM {HOTEL_STAFF} s WHERE property_id = $1 ORDER BY employee_no, id LIMIT $2 OFFSET $3"
    ))
    .bind(auth.property_id())
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {HOTEL_STAFF} s WHERE property_id = $1"))
        .bind(auth.property_id())
        .fetch_one(&state.db.pool)
        .await?;
    let items = rows.iter().map(StaffMember::try_from).collect::<ApiResult<_>>()?;
    Ok(Json(page.page(items, total)?))
}

/// Creates an account. Sending the same `id` again returns the account already made
/// (200) instead of a second one.
#[utoipa::path(post, path = "/staff", tag = "staff", request_body = StaffCreate, responses(
    (status = 201, body = StaffMember),
    (status = 200, description = "A retry of a create that already happened", body = StaffMember),
    (status = 403, body = ErrorBody),
    (status = 409, description = "Employee number taken", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Json(req): Json<StaffCreate>,
) -> ApiResult<(StatusCode, Json<StaffMember>)> {
    validate::staff_create(&req).map_err(ApiError::Invalid)?;
    if let Some(existing) = already_created(&state, auth.property_id(), &req).await? {
        return Ok((StatusCode::OK, Json(existing)));
    }
    if let Some(department) = req.department_id {
        property::require_department(&state.db.pool, auth.property_id(), department).await?;
    }
    let pin_hash = match req.pin.clone() {
        Some(pin) => Some(state.hasher.hash(pin).await?),
        None => None,
    };
    let password_hash = match req.password.clone() {
        Some(password) => Some(state.hasher.hash(password).await?),
        None => None,
    };
    let now = state.clock.now_ms();
    let hired_on = match req.hired_on {
        Some(day) => day,
        None => state
            .clock
            .today(&property::zone(&state.db.pool, auth.property_id()).await?),
    };
    let id = req.id.to_string();
    let department_id = req.department_id.map(|d| d.to_string());
    let new = NewStaff {
        id: &id,
        property_id: auth.property_id(),
        employee_no: req.employee_no.trim(),
        display_name: req.display_name.trim(),
        department_id: department_id.as_deref(),
        role: req.role,
        language: req.language,
        password_hash,
        pin_hash,
        hired_on,
        chain_admin: false,
    };
    let mut tx = state.db.begin_write().await?;
    if let Err(err) = people::insert(tx.conn(), &new, now).await {
        drop(tx);
        // A retry racing its original loses on the primary key: answer as a retry.
        return match already_created(&state, auth.property_id(), &req).await? {
            Some(existing) => Ok((StatusCode::OK, Json(existing))),
            None => Err(err.into()),
        };
    }
    let created = fetch(tx.conn(), auth.property_id(), req.id).await?;
    let member = StaffMember::try_from(&created)?;
    Entry::by(&auth, now, AdminEventKind::StaffCreated, &created.id)
        .label(people::label(&created.employee_no, &created.display_name))
        .after(&member)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(member)))
}

/// One of the property's staff, or someone of another hotel given a role here (whose
/// account their own hotel keeps: changing it here finds no such staff member).
#[utoipa::path(get, path = "/staff/{id}", tag = "staff", params(("id" = Uuid, Path)), responses(
    (status = 200, body = StaffMember),
    (status = 403, body = ErrorBody),
))]
async fn get(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<StaffMember>> {
    let member = people::of_hotel(&state.db.pool, auth.property_id(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("staff member"))?;
    Ok(Json(StaffMember::try_from(&member)?))
}

/// Edits an account. `active: false` deactivates it and ends its sessions at once.
#[utoipa::path(patch, path = "/staff/{id}", tag = "staff", params(("id" = Uuid, Path)), request_body = StaffUpdate, responses(
    (status = 200, body = StaffMember),
    (status = 403, body = ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Path(id): Path<Uuid>,
    Json(req): Json<StaffUpdate>,
) -> ApiResult<Json<StaffMember>> {
    validate::staff_update(&req).map_err(ApiError::Invalid)?;
    if auth.staff.id == id.to_string() && (req.active == Some(false) || req.role.is_some_and(|r| r != auth.role())) {
        return Err(ApiError::field("active", FieldReason::CannotDemoteSelf));
    }
    let current = fetch(&state.db.pool, auth.property_id(), id).await?;
    if let Some(Some(department)) = req.department_id {
        property::require_department(&state.db.pool, auth.property_id(), department).await?;
    }
    let department_id = match req.department_id {
        Some(new) => new.map(|d| d.to_string()),
        None => current.department_id.clone(),
    };
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE staff SET display_name = $1, department_id = $2, role = $3, language = $4, active = $5, \
                          updated_at = $6, hired_on = $7 WHERE id = $8",
    )
    .bind(
        req.display_name
            .as_deref()
            .map(str::trim)
            .unwrap_or(&current.display_name),
    )
    .bind(department_id)
    .bind(req.role.map_or_else(|| current.role(), Ok)?.as_str())
    .bind(req.language.map(|l| l.tag()).unwrap_or(&current.language))
    .bind(flag(req.active.unwrap_or(current.is_active())))
    .bind(state.clock.now_ms())
    .bind(req.hired_on.map_or(current.hired_on, day_number))
    .bind(&current.id)
    .execute(tx.conn())
    .await?;
    if req.active == Some(false) {
        session::end_all_for(tx.conn(), &current.id).await?;
    }
    let before = StaffMember::try_from(&current)?;
    let after = StaffMember::try_from(&fetch(tx.conn(), auth.property_id(), id).await?)?;
    let now = state.clock.now_ms();
    for kind in changes(&before, &after) {
        Entry::by(&auth, now, kind, &current.id)
            .label(people::label(&after.employee_no, &after.display_name))
            .before(&before)?
            .after(&after)?
            .record(tx.conn())
            .await?;
    }
    tx.commit().await?;
    Ok(Json(after))
}

/// The kinds of change between two versions of an account, for the trail: a role or a
/// department change and a deactivation each stand out; anything else is a change.
fn changes(before: &StaffMember, after: &StaffMember) -> Vec<AdminEventKind> {
    let mut kinds = Vec::new();
    if before.role != after.role {
        kinds.push(AdminEventKind::RoleChanged);
    }
    if before.department_id != after.department_id {
        kinds.push(AdminEventKind::StaffDepartmentChanged);
    }
    if before.active && !after.active {
        kinds.push(AdminEventKind::StaffDeactivated);
    }
    let rest_differs = before.display_name != after.display_name
        || before.language != after.language
        || before.hired_on != after.hired_on
        || (!before.active && after.active);
    if rest_differs {
        kinds.push(AdminEventKind::StaffChanged);
    }
    kinds
}

/// Sets a new PIN and/or password, and lifts a lockout.
#[utoipa::path(put, path = "/staff/{id}/secret", tag = "staff", params(("id" = Uuid, Path)), request_body = SecretReset, responses(
    (status = 200, body = StaffMember),
    (status = 403, body = ErrorBody),
))]
async fn reset_secret(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Path(id): Path<Uuid>,
    Json(req): Json<SecretReset>,
) -> ApiResult<Json<StaffMember>> {
    validate::secret_reset(&req).map_err(ApiError::Invalid)?;
    let current = fetch(&state.db.pool, auth.property_id(), id).await?;
    let secrets = people::new_secrets(&state.hasher, &current, req.pin, req.password).await?;
    let mut tx = state.db.begin_write().await?;
    people::store_secrets(tx.conn(), &current.id, secrets, state.clock.now_ms()).await?;
    let after = StaffMember::try_from(&fetch(tx.conn(), auth.property_id(), id).await?)?;
    // The trail shows which secrets a person has, never a secret or its hash.
    Entry::by(&auth, state.clock.now_ms(), AdminEventKind::SecretReset, &current.id)
        .label(people::label(&current.employee_no, &current.display_name))
        .before(&StaffMember::try_from(&current)?)?
        .after(&after)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(Json(after))
}

/// The account an earlier submission with this id created; 409 if the id is another's.
async fn already_created(state: &AppState, property_id: &str, req: &StaffCreate) -> ApiResult<Option<StaffMember>> {
    match people::by_id(&state.db.pool, property_id, req.id).await? {
        Some(existing) if existing.employee_no == req.employee_no.trim() => Ok(Some(StaffMember::try_from(&existing)?)),
        Some(_) => Err(ApiError::conflict("this id belongs to another account")),
        None => Ok(None),
    }
}

async fn fetch<'c>(db: impl Executor<'c, Database = Any>, property_id: &str, id: Uuid) -> ApiResult<StaffRow> {
    people::by_id(db, property_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("staff member"))
}
