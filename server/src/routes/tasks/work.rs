//! Working a task: status changes, assignment and hand-off, checklist ticks, comments
//! and the complaint follow-up. Every change checks the version the person saw, so two
//! tablets acting at once get one winner and one clear 409.

use axum::extract::State;
use bellhop_api::tasks::{
    self, ChecklistTick, CommentCreate, FollowUpCreate, FollowUpLevel, Task, TaskAction, TaskActionRequest, TaskAssign,
    TaskEventKind, TaskStatus,
};
use bellhop_api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::detail::TEXT_MAX;
use super::store::{self, NewEvent, TaskRow};
use crate::app::AppState;
use crate::auth::Auth;
use crate::db::{flag, WriteTx};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::notify;
use crate::routes::domain_events::{self, DomainEvent};
use crate::routes::property;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(act))
        .routes(routes!(assign))
        .routes(routes!(tick))
        .routes(routes!(comment))
        .routes(routes!(follow_up))
}

fn stale() -> ApiError {
    ApiError::conflict("someone changed this task first; reload it and try again")
}

fn require_version(row: &TaskRow, version: i64) -> ApiResult<()> {
    if row.version == version {
        Ok(())
    } else {
        Err(stale())
    }
}

/// Accept, start, pause, resume, done, verify, reopen or cancel. Pause, reopen and
/// cancel need a reason; done needs every required checklist item ticked. Accepting a
/// task from the pool takes it, so only someone of its department may (422 `action:
/// outside_department`); a manager may accept a held task on its holder's behalf.
#[utoipa::path(post, path = "/tasks/{id}/actions", tag = "tasks", params(("id" = Uuid, Path)), request_body = TaskActionRequest, responses(
    (status = 200, body = Task),
    (status = 403, body = ErrorBody),
    (status = 409, description = "Someone acted first, or the action does not apply now", body = ErrorBody),
    (status = 422, description = "A reason is missing, required checklist items are not ticked, or the task would be taken outside its department", body = ErrorBody),
))]
async fn act(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Json(req): Json<TaskActionRequest>,
) -> ApiResult<Json<Task>> {
    let row = store::visible(&state, &auth, id).await?;
    // Stale first: whoever lost a race hears "someone was first", not "not yours".
    require_version(&row, req.version)?;
    let action = req.action;
    if !tasks::may(auth.role(), row.relation(&auth), action) {
        return Err(ApiError::forbidden());
    }
    if tasks::claims_outside_department(row.relation(&auth), action) {
        return Err(ApiError::field("action", FieldReason::OutsideDepartment));
    }
    let reason = req.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if action.needs_reason() && reason.is_none() {
        return Err(ApiError::field("reason", FieldReason::Required));
    }
    if reason.is_some_and(|r| r.chars().count() > TEXT_MAX) {
        return Err(ApiError::field("reason", FieldReason::TooLong));
    }
    let from = row.status()?;
    let to = action.next_status(from).ok_or_else(|| {
        ApiError::conflict(format!(
            "a task that is {} cannot be {}ed",
            from.as_str(),
            action.as_str()
        ))
    })?;
    if action == TaskAction::Done {
        if let Some(fields) = tasks::checklist_blocks_done(&store::checklist(&state.db.pool, &row.id).await?) {
            return Err(ApiError::Invalid(fields));
        }
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE tasks SET status = $1, is_active = $2, version = version + 1, \
            assignee_id = CASE WHEN $3 = 1 AND assignee_id IS NULL THEN $4 ELSE assignee_id END, \
            accepted_at = CASE WHEN $3 = 1 THEN COALESCE(accepted_at, $5) ELSE accepted_at END, \
            done_at = CASE WHEN $6 = 1 THEN $5 WHEN $7 = 1 THEN NULL ELSE done_at END, \
            closed_at = CASE WHEN $2 = 0 THEN $5 ELSE NULL END \
         WHERE id = $8 AND version = $9 AND status = $10",
    )
    .bind(to.as_str())
    .bind(flag(to.is_active()))
    .bind(flag(action == TaskAction::Accept))
    .bind(&auth.staff.id)
    .bind(now)
    .bind(flag(action == TaskAction::Done))
    .bind(flag(action == TaskAction::Reopen))
    .bind(&row.id)
    .bind(req.version)
    .bind(from.as_str())
    .execute(tx.conn())
    .await?;
    if changed.rows_affected() == 0 {
        return Err(stale());
    }
    store::record(
        tx.conn(),
        NewEvent::by(&auth, &row.id, now, TaskEventKind::Action(action))
            .status(Some(from), to)
            .note(reason),
    )
    .await?;
    finish(&state, &auth, tx, &row.id, News::Acted(action)).await
}

/// Assigns the task to a person of its department or back to the pool, or hands it to
/// another department (whose pool, or the named person of it, then has it, waiting to be
/// accepted) with a note. Hand-off is the one way work crosses departments: an assignee
/// outside the department the task ends up in is refused (422 `assignee_id:
/// outside_department`).
#[utoipa::path(post, path = "/tasks/{id}/assign", tag = "tasks", params(("id" = Uuid, Path)), request_body = TaskAssign, responses(
    (status = 200, body = Task),
    (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody),
))]
async fn assign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Json(req): Json<TaskAssign>,
) -> ApiResult<Json<Task>> {
    let row = store::visible(&state, &auth, id).await?;
    require_version(&row, req.version)?;
    if !tasks::may_assign(auth.role(), row.relation(&auth)) {
        return Err(ApiError::forbidden());
    }
    if !row.status()?.is_open() {
        return Err(ApiError::conflict("finished tasks are not reassigned; reopen it first"));
    }
    let note = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > TEXT_MAX) {
        return Err(ApiError::field("note", FieldReason::TooLong));
    }
    let pool = &state.db.pool;
    let department_id = match req.department_id {
        Some(d) => {
            property::require_department(pool, auth.property_id(), d).await?;
            d
        }
        None => row.department_id()?,
    };
    let department = department_id.to_string();
    let handed_off = department != row.department_id;
    if handed_off && note.is_none() {
        return Err(ApiError::field("note", FieldReason::Required));
    }
    // The assignee must be of the department the task ends up in: a hand-off may name
    // someone of the receiving department, never an outsider of the current one.
    if let Some(assignee) = req.assignee_id {
        store::require_holder(pool, auth.property_id(), assignee, department_id).await?;
    }
    let assignee = req.assignee_id.map(|a| a.to_string());
    // A new holder must accept it again; the response clock still runs from creation.
    let from = row.status()?;
    let to = if assignee != row.assignee_id || handed_off {
        TaskStatus::New
    } else {
        from
    };
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE tasks SET department_id = $1, assignee_id = $2, status = $3, version = version + 1 \
         WHERE id = $4 AND version = $5",
    )
    .bind(&department)
    .bind(&assignee)
    .bind(to.as_str())
    .bind(&row.id)
    .bind(req.version)
    .execute(tx.conn())
    .await?;
    if changed.rows_affected() == 0 {
        return Err(stale());
    }
    store::record(
        tx.conn(),
        NewEvent::by(
            &auth,
            &row.id,
            now,
            if handed_off {
                TaskEventKind::HandedOff
            } else {
                TaskEventKind::Assigned
            },
        )
        .status(Some(from), to)
        .note(note),
    )
    .await?;
    // The department that gave the task away hears of it too.
    store::announce(&state, &mut tx, auth.property_id(), &row).await?;
    let news = if assignee != row.assignee_id || handed_off {
        News::Given
    } else {
        News::Nothing
    };
    finish(&state, &auth, tx, &row.id, news).await
}

/// Ticks or unticks checklist item `position` (from 0).
#[utoipa::path(put, path = "/tasks/{id}/checklist/{position}", tag = "tasks",
    params(("id" = Uuid, Path), ("position" = u32, Path)), request_body = ChecklistTick, responses(
    (status = 200, body = Task),
    (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody),
))]
async fn tick(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, position)): Path<(Uuid, u32)>,
    Json(req): Json<ChecklistTick>,
) -> ApiResult<Json<Task>> {
    let row = store::visible(&state, &auth, id).await?;
    require_version(&row, req.version)?;
    if !tasks::may(auth.role(), row.relation(&auth), TaskAction::Done) {
        return Err(ApiError::forbidden());
    }
    if !row.status()?.is_open() {
        return Err(ApiError::conflict("the checklist of a finished task is closed"));
    }
    let items = store::checklist(&state.db.pool, &row.id).await?;
    let item = items
        .get(position as usize)
        .ok_or_else(|| ApiError::not_found("checklist item"))?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query("UPDATE tasks SET version = version + 1 WHERE id = $1 AND version = $2")
        .bind(&row.id)
        .bind(req.version)
        .execute(tx.conn())
        .await?;
    if changed.rows_affected() == 0 {
        return Err(stale());
    }
    sqlx::query("UPDATE task_checklist_items SET done_by = $1, done_at = $2 WHERE task_id = $3 AND position = $4")
        .bind(req.done.then_some(&auth.staff.id))
        .bind(req.done.then_some(now))
        .bind(&row.id)
        .bind(i64::from(position))
        .execute(tx.conn())
        .await?;
    let note = format!("{} {}", if req.done { "✓" } else { "✗" }, item.label);
    store::record(
        tx.conn(),
        NewEvent::by(&auth, &row.id, now, TaskEventKind::Checklist).note(Some(&note)),
    )
    .await?;
    finish(&state, &auth, tx, &row.id, News::Nothing).await
}

/// Adds a comment. The id is made on the tablet; sending it again adds nothing.
#[utoipa::path(post, path = "/tasks/{id}/comments", tag = "tasks", params(("id" = Uuid, Path)), request_body = CommentCreate, responses(
    (status = 200, body = Task),
))]
async fn comment(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Json(req): Json<CommentCreate>,
) -> ApiResult<Json<Task>> {
    let row = store::visible(&state, &auth, id).await?;
    let body = req.body.trim();
    if body.is_empty() || body.chars().count() > TEXT_MAX {
        return Err(ApiError::field(
            "body",
            if body.is_empty() {
                FieldReason::Required
            } else {
                FieldReason::TooLong
            },
        ));
    }
    let existing: Option<(String,)> = sqlx::query_as("SELECT task_id FROM task_comments WHERE id = $1")
        .bind(req.id.to_string())
        .fetch_optional(&state.db.pool)
        .await?;
    match existing {
        Some((task,)) if task == row.id => {}
        Some(_) => return Err(ApiError::conflict("this id belongs to another comment")),
        None => {
            let mut tx = state.db.begin_write().await?;
            let inserted = sqlx::query(
                "INSERT INTO task_comments (id, task_id, property_id, author_id, at, body) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(req.id.to_string())
            .bind(&row.id)
            .bind(auth.property_id())
            .bind(&auth.staff.id)
            .bind(state.clock.now_ms())
            .bind(body)
            .execute(tx.conn())
            .await?;
            // A retry racing its original finds the comment there: nothing more to do.
            if inserted.rows_affected() > 0 {
                return finish(&state, &auth, tx, &row.id, News::Nothing).await;
            }
        }
    }
    Ok(Json(store::detail(&state, &auth, &row).await?))
}

/// Records the next step of a complaint's three-level follow-up, in order.
#[utoipa::path(post, path = "/tasks/{id}/follow-ups", tag = "tasks", params(("id" = Uuid, Path)), request_body = FollowUpCreate, responses(
    (status = 200, body = Task),
    (status = 403, body = ErrorBody),
    (status = 409, description = "Not a complaint, or not the next step", body = ErrorBody),
))]
async fn follow_up(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Json(req): Json<FollowUpCreate>,
) -> ApiResult<Json<Task>> {
    let row = store::visible(&state, &auth, id).await?;
    if row.type_code != tasks::COMPLAINT {
        return Err(ApiError::conflict("only complaints have a follow-up"));
    }
    if !req.level.may_record(auth.role(), row.relation(&auth).same_department) {
        return Err(ApiError::forbidden());
    }
    let outcome = req.outcome.trim();
    if outcome.is_empty() || outcome.chars().count() > TEXT_MAX {
        return Err(ApiError::field(
            "outcome",
            if outcome.is_empty() {
                FieldReason::Required
            } else {
                FieldReason::TooLong
            },
        ));
    }
    let done: Vec<FollowUpLevel> = store::follow_ups(&state.db.pool, &row.id)
        .await?
        .into_iter()
        .map(|f| f.level)
        .collect();
    if FollowUpLevel::next_after(&done) != Some(req.level) {
        return Err(ApiError::conflict(
            "follow-up steps go in order: guest contact, department review, spot check",
        ));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO complaint_follow_ups (task_id, level, property_id, by_id, at, outcome) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&row.id)
    .bind(req.level.as_str())
    .bind(auth.property_id())
    .bind(&auth.staff.id)
    .bind(now)
    .bind(outcome)
    .execute(tx.conn())
    .await?;
    store::record(
        tx.conn(),
        NewEvent::by(&auth, &row.id, now, TaskEventKind::FollowUp).note(Some(req.level.as_str())),
    )
    .await?;
    finish(&state, &auth, tx, &row.id, News::Nothing).await
}

/// What a step means to people other than the one who took it.
enum News {
    Nothing,
    /// The task went to someone or to a pool.
    Given,
    Acted(TaskAction),
}

/// Tells the tablets of the changed task and the people it concerns, commits, and
/// answers with its detail.
async fn finish(state: &AppState, auth: &Auth, mut tx: WriteTx, id: &str, news: News) -> ApiResult<Json<Task>> {
    let property = auth.property_id();
    let row = store::announce_current(state, &mut tx, property, id).await?;
    match news {
        News::Nothing => {}
        News::Given => notify::tasks::given(state, &mut tx, property, &row, &auth.staff.id).await?,
        News::Acted(action) => notify::tasks::acted(state, &mut tx, property, &row, &auth.staff.id, action).await?,
    }
    domain_events::publish(state, &mut tx, DomainEvent::TaskChanged(&row)).await?;
    tx.commit().await?;
    Ok(Json(store::detail(state, auth, &row).await?))
}
