//! The two lists floor staff live in: "my tasks" and the department board. Both read only
//! active tasks through indexes that lead with the property and the active flag, so they
//! stay as quick with a million closed tasks as with none.

use axum::extract::State;
use bellhop_api::tasks::{BoardQuery, MineQuery, TaskSummary, COMPLAINT};
use bellhop_api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{TaskRow, TASK_SELECT};
use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(mine)).routes(routes!(board))
}

/// Overdue first, then urgent (`bellhop_api::tasks::is_urgent`), then by priority, then
/// oldest first. The apps keep this order: it is decided here only.
fn urgency_order() -> String {
    format!(
        "ORDER BY CASE WHEN t.status <> 'done' AND (t.resolve_by < $2 \
         OR (t.status = 'new' AND t.respond_by < $2)) THEN 0 ELSE 1 END, \
         CASE WHEN t.priority = 1 OR ty.code = '{COMPLAINT}' THEN 0 ELSE 1 END, \
         t.priority, t.created_at, t.id"
    )
}

/// The signed-in person's tasks: assigned to them, waiting in their department's pool,
/// or done and waiting for them to verify as the requester. Overdue and urgent first.
#[utoipa::path(get, path = "/tasks/mine", tag = "tasks", params(MineQuery), responses(
    (status = 200, body = Vec<TaskSummary>),
))]
async fn mine(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<MineQuery>,
) -> ApiResult<Json<Vec<TaskSummary>>> {
    let now = state.clock.now();
    let sql = format!(
        "{TASK_SELECT} WHERE t.property_id = $1 AND t.is_active = 1 AND ( \
            (t.status <> 'done' AND (t.assignee_id = $3 OR (t.assignee_id IS NULL AND t.department_id = $4))) \
            OR (t.status = 'done' AND t.created_by = $3)) \
         AND ($5 = '' OR r.number = $5) {order} LIMIT 200",
        order = urgency_order()
    );
    let rows: Vec<TaskRow> = sqlx::query_as(&sql)
        .bind(auth.property_id())
        .bind(now.timestamp_millis())
        .bind(&auth.staff.id)
        .bind(auth.department_id.as_deref().unwrap_or(""))
        .bind(q.room.as_deref().map(str::trim).unwrap_or(""))
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Json(rows.iter().map(|r| r.summary(now)).collect::<ApiResult<_>>()?))
}

/// A department's active tasks (new, accepted, in progress, paused, done awaiting
/// verification) for its board, with optional filters; every department's for a
/// manager who names none.
#[utoipa::path(get, path = "/tasks/board", tag = "tasks", params(BoardQuery), responses(
    (status = 200, body = Vec<TaskSummary>),
    (status = 403, description = "Another department's board, for someone not a manager", body = ErrorBody),
))]
async fn board(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<BoardQuery>,
) -> ApiResult<Json<Vec<TaskSummary>>> {
    let own = auth.department_id.clone();
    let department = match (q.department_id.map(|d| d.to_string()), own) {
        (Some(asked), own) if own.as_deref() == Some(asked.as_str()) || auth.role().manages_property() => asked,
        (Some(_), _) => return Err(ApiError::forbidden()),
        (None, Some(own)) => own,
        // Every department's board at once.
        (None, None) if auth.role().manages_property() => String::new(),
        (None, None) => return Err(ApiError::field("department_id", FieldReason::Required)),
    };
    let now = state.clock.now();
    let sql = format!(
        "{TASK_SELECT} WHERE t.property_id = $1 AND ($3 = '' OR t.department_id = $3) AND t.is_active = 1 \
         AND ($4 < 0 OR r.floor = $4) AND ($5 = '' OR r.number = $5) \
         AND ($6 = '' OR t.assignee_id = $6) AND ($7 = '' OR t.type_id = $7) {order} LIMIT 1000",
        order = urgency_order()
    );
    let rows: Vec<TaskRow> = sqlx::query_as(&sql)
        .bind(auth.property_id())
        .bind(now.timestamp_millis())
        .bind(department)
        .bind(q.floor.unwrap_or(-1))
        .bind(q.room.as_deref().map(str::trim).unwrap_or(""))
        .bind(q.assignee_id.map(|a| a.to_string()).unwrap_or_default())
        .bind(q.type_id.map(|t| t.to_string()).unwrap_or_default())
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Json(rows.iter().map(|r| r.summary(now)).collect::<ApiResult<_>>()?))
}
