//! Filing a task and reading one.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::tasks::{self, Task, TaskCreate, PRIORITIES};
use bellhop_api::validate::FieldErrors;
use bellhop_api::{validate, ErrorBody};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::store;
use super::types;
use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::notify;
use crate::routes::property;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create)).routes(routes!(get))
}

pub const TITLE_MAX: usize = 120;
pub const TEXT_MAX: usize = 2000;

/// Everything about one task: checklist, comments, follow-ups, history, and which
/// actions the asker may take now.
#[utoipa::path(get, path = "/tasks/{id}", tag = "tasks", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Task),
))]
async fn get(State(state): State<AppState>, auth: Auth, Path(id): Path<Uuid>) -> ApiResult<Json<Task>> {
    let row = store::visible(&state, &auth, id).await?;
    Ok(Json(store::detail(&state, &auth, &row).await?))
}

/// Files a work order. Anyone signed in may file one for any department; it goes to
/// the department's pool unless an assignee is named, who must be of that department
/// (422 `assignee_id: outside_department` otherwise). Sending the same `id` again
/// returns the task already filed (200).
#[utoipa::path(post, path = "/tasks", tag = "tasks", request_body = TaskCreate, responses(
    (status = 201, body = Task),
    (status = 200, description = "A retry of a task already filed", body = Task),
    (status = 409, body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Json(req): Json<TaskCreate>,
) -> ApiResult<(StatusCode, Json<Task>)> {
    if let Some(existing) = already_filed(&state, &auth, req.id).await? {
        return Ok((StatusCode::OK, Json(existing)));
    }
    let pool = &state.db.pool;
    let property_id = auth.property_id();
    let mut errors = shape_errors(&req);
    let task_type = types::load(pool, property_id, req.type_id).await?;
    let Some(task_type) = task_type else {
        errors.insert("type_id".into(), FieldReason::UnknownType);
        return Err(ApiError::Invalid(errors));
    };
    if (task_type.code == tasks::COMPLAINT) != req.complaint.is_some() {
        errors.insert("complaint".into(), FieldReason::ComplaintDetailsForComplaintsOnly);
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let department = req.department_id.or(task_type.default_department_id()?);
    let department = department.ok_or_else(|| ApiError::field("department_id", FieldReason::Required))?;
    property::require_department(pool, property_id, department).await?;
    if let Some(room) = req.room_id {
        // A retired room keeps its tasks but takes no new ones.
        let found: Option<(i64,)> = sqlx::query_as("SELECT active FROM rooms WHERE id = $1 AND property_id = $2")
            .bind(room.to_string())
            .bind(property_id)
            .fetch_optional(pool)
            .await?;
        match found {
            Some((0,)) => return Err(ApiError::field("room_id", FieldReason::RetiredRoom)),
            Some(_) => {}
            None => return Err(ApiError::field("room_id", FieldReason::UnknownRoom)),
        }
    }
    let department_id = department.to_string();
    if let Some(assignee) = req.assignee_id {
        store::require_holder(pool, property_id, assignee, department).await?;
    }

    let now = state.clock.now();
    let deadlines = task_type.targets_for(req.priority)?.deadlines(now);
    let id = req.id.to_string();
    let room_id = req.room_id.map(|r| r.to_string());
    let assignee_id = req.assignee_id.map(|a| a.to_string());
    let channel = req.complaint.map(|c| wire_name(&c.channel));
    let category = req.complaint.map(|c| wire_name(&c.category));
    let task = store::NewTask {
        id: &id,
        property_id,
        type_id: &task_type.id,
        title: req.title.trim(),
        details: req.details.trim(),
        room_id: room_id.as_deref(),
        location: req.location.as_deref().map(str::trim).filter(|l| !l.is_empty()),
        department_id: &department_id,
        priority: req.priority,
        created_by: &auth.staff.id,
        assignee_id: assignee_id.as_deref(),
        guest_facing: req.guest_facing,
        vip: req.vip,
        complaint_channel: channel.as_deref(),
        complaint_category: category.as_deref(),
        created_at: now.timestamp_millis(),
        deadlines,
        checklist: &task_type.checklist()?,
    };
    let mut tx = state.db.begin_write().await?;
    if let Err(err) = store::insert(tx.conn(), &task).await {
        drop(tx);
        // A retry racing its original loses on the primary key: answer as a retry.
        return match already_filed(&state, &auth, req.id).await? {
            Some(existing) => Ok((StatusCode::OK, Json(existing))),
            None => Err(err.into()),
        };
    }
    let row = store::announce_current(&state, &mut tx, property_id, &id).await?;
    notify::tasks::given(&state, &mut tx, property_id, &row, &auth.staff.id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(store::detail(&state, &auth, &row).await?)))
}

/// The task an earlier submission with this id filed; 409 if the id is someone else's.
async fn already_filed(state: &AppState, auth: &Auth, id: Uuid) -> ApiResult<Option<Task>> {
    let row: Option<store::TaskRow> = sqlx::query_as(&format!(
        "{} WHERE t.id = $1 AND t.property_id = $2",
        store::TASK_SELECT
    ))
    .bind(id.to_string())
    .bind(auth.property_id())
    .fetch_optional(&state.db.pool)
    .await?;
    match row {
        Some(row) if row.created_by == auth.staff.id => Ok(Some(store::detail(state, auth, &row).await?)),
        Some(_) => Err(ApiError::conflict("this id belongs to another task")),
        None => Ok(None),
    }
}

fn shape_errors(req: &TaskCreate) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if let Err(reason) = validate::display_name(&req.title) {
        errors.insert("title".into(), reason);
    } else if req.title.chars().count() > TITLE_MAX {
        errors.insert("title".into(), FieldReason::TooLong);
    }
    if req.details.chars().count() > TEXT_MAX {
        errors.insert("details".into(), FieldReason::TooLong);
    }
    if req
        .location
        .as_deref()
        .is_some_and(|l| l.chars().count() > validate::NAME_MAX_CHARS)
    {
        errors.insert("location".into(), FieldReason::TooLong);
    }
    if !PRIORITIES.contains(&req.priority) {
        errors.insert("priority".into(), FieldReason::OutOfRange);
    }
    if req.room_id.is_none() && req.location.as_deref().is_none_or(|l| l.trim().is_empty()) {
        errors.insert("room_id".into(), FieldReason::RoomOrLocationRequired);
    }
    errors
}

/// The snake_case name an enum has on the wire, for storing it.
pub fn wire_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
