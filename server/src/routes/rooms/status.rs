//! The room board: every room's status with filters and counts, the one-tap changes
//! (who may make which is `bellhop_api::room_status::may`), a room's history, and the
//! front desk's queue for a waiting guest.

use axum::extract::State;
use bellhop_api::room_status::{
    self, BoardCounts, BoardQuery, Housekeeping, HousekeepingCount, Occupancy, OccupancyCount, RoomAction,
    RoomHistoryEntry, RoomQueue, RoomRelation, RoomStatus, RoomStatusChange,
};
use bellhop_api::ErrorBody;
use bellhop_api::FieldReason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::effects::{self, RoomChange, RoomTask};
use super::status_store::{self, Bind, StatusRow};
use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::routes::domain_events::{self, DomainEvent};
use crate::routes::property;
use crate::routes::tasks::detail::TEXT_MAX;
use crate::routes::tasks::store as tasks;
use bellhop_api::tasks::{TaskAction, TaskEventKind, TaskStatus};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(board))
        .routes(routes!(counts))
        .routes(routes!(one, change))
        .routes(routes!(history))
        .routes(routes!(queue))
}

/// Every active room's status by floor and number, with today's attendant; filtered by
/// housekeeping state, occupancy, floor, section, or ready rooms only.
#[utoipa::path(get, path = "/rooms/board", tag = "rooms", params(BoardQuery), responses(
    (status = 200, body = Vec<RoomStatus>),
))]
async fn board(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<BoardQuery>,
) -> ApiResult<Json<Vec<RoomStatus>>> {
    let (_, _, day) = effects::today(&state, auth.property_id()).await?;
    let mut conditions = Vec::new();
    let mut binds = Vec::new();
    let mut filter = |condition: &str, bind: Bind| {
        conditions.push(condition.replace('?', &format!("${}", binds.len() + 3)));
        binds.push(bind);
    };
    if let Some(state) = q.housekeeping {
        filter("r.housekeeping = ?", Bind::Text(state.code().into()));
    }
    if let Some(occupancy) = q.occupancy {
        filter("r.occupancy = ?", Bind::Text(occupancy.code().into()));
    }
    if let Some(floor) = q.floor {
        filter("r.floor = ?", Bind::Int(floor));
    }
    if let Some(section) = q.section {
        filter("r.section = ?", Bind::Text(section));
    }
    let rows = status_store::list(&state.db.pool, auth.property_id(), day, &conditions, binds).await?;
    let mut rooms = rows.iter().map(StatusRow::to_api).collect::<ApiResult<Vec<_>>>()?;
    if q.ready {
        rooms.retain(RoomStatus::is_ready);
    }
    Ok(Json(rooms))
}

/// How many active rooms are in each housekeeping state and occupancy, ready, with do
/// not disturb, and with a discrepancy.
#[utoipa::path(get, path = "/rooms/board/counts", tag = "rooms", responses(
    (status = 200, body = BoardCounts),
))]
async fn counts(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<BoardCounts>> {
    let (_, _, day) = effects::today(&state, auth.property_id()).await?;
    let rows = status_store::list(&state.db.pool, auth.property_id(), day, &[], vec![]).await?;
    let rooms = rows.iter().map(StatusRow::to_api).collect::<ApiResult<Vec<_>>>()?;
    let count = |keep: &dyn Fn(&RoomStatus) -> bool| rooms.iter().filter(|r| keep(r)).count() as u32;
    Ok(Json(BoardCounts {
        total: rooms.len() as u32,
        housekeeping: Housekeeping::ALL
            .iter()
            .map(|&s| HousekeepingCount {
                state: s,
                rooms: count(&|r| r.housekeeping == s),
            })
            .collect(),
        occupancy: Occupancy::ALL
            .iter()
            .map(|&s| OccupancyCount {
                state: s,
                rooms: count(&|r| r.occupancy == s),
            })
            .collect(),
        ready: count(&RoomStatus::is_ready),
        do_not_disturb: count(&|r| r.do_not_disturb),
        discrepancies: count(&|r| r.discrepancy.is_some()),
    }))
}

/// A room of the asker's hotel, or 404.
async fn room(state: &AppState, auth: &Auth, id: Uuid) -> ApiResult<StatusRow> {
    let (_, _, day) = effects::today(state, auth.property_id()).await?;
    status_store::by_id(&state.db.pool, auth.property_id(), day, &id.to_string())
        .await?
        .ok_or_else(|| ApiError::not_found("room"))
}

/// A room of the asker's hotel that is still in use, for a change: 404 when there is
/// none, 409 when it is retired.
async fn working_room(state: &AppState, auth: &Auth, id: Uuid) -> ApiResult<StatusRow> {
    let row = room(state, auth, id).await?;
    if row.active == 0 {
        return Err(ApiError::conflict("the room is retired"));
    }
    Ok(row)
}

/// Reads the room again inside `tx`, for the answer.
async fn reread(state: &AppState, tx: &mut crate::db::WriteTx, room: &StatusRow) -> ApiResult<StatusRow> {
    let (_, _, day) = effects::today(state, &room.property_id).await?;
    status_store::by_id(tx.conn(), &room.property_id, day, &room.id)
        .await?
        .ok_or_else(|| ApiError::not_found("room"))
}

/// How `auth` stands to `room`.
pub async fn relation(
    state: &AppState,
    auth: &Auth,
    room: &StatusRow,
    repair_task: Option<Uuid>,
) -> ApiResult<RoomRelation> {
    let department = property::department_code(&state.db.pool, auth.department_id.as_deref()).await?;
    let with_repair_task = match repair_task {
        Some(task) => repair_of(state, &room.id, task).await?,
        None => false,
    };
    Ok(RoomRelation {
        housekeeping: department.as_deref() == Some("housekeeping"),
        front_office: department.as_deref() == Some("front_office"),
        attendant: room.attendant_id.as_deref() == Some(auth.staff.id.as_str()),
        with_repair_task,
    })
}

/// Whether `task` is an open repair of `room_id`.
async fn repair_of(state: &AppState, room_id: &str, task: Uuid) -> ApiResult<bool> {
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT t.id FROM tasks t JOIN task_types ty ON ty.id = t.type_id \
         WHERE t.id = $1 AND t.room_id = $2 AND ty.code = 'repair' AND t.is_active = 1",
    )
    .bind(task.to_string())
    .bind(room_id)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(found.is_some())
}

/// One room's status.
#[utoipa::path(get, path = "/rooms/{id}/status", tag = "rooms", params(("id" = Uuid, Path)), responses(
    (status = 200, body = RoomStatus),
))]
async fn one(State(state): State<AppState>, auth: Auth, Path(id): Path<Uuid>) -> ApiResult<Json<RoomStatus>> {
    Ok(Json(room(&state, &auth, id).await?.to_api()?))
}

/// A one-tap change. Attendants work the rooms on their list today (start, clean,
/// dirty, pick-up, do not disturb, service refused, what they saw); housekeeping's
/// supervisor any room, and fails inspections (back to dirty with a reason, a re-clean
/// for the attendant, the open inspection cancelled); the front desk sets the guest's
/// flags. Out of order needs a reason and, unless a manager takes it there, the open
/// repair task of the room (`repair_task_id`); only a manager brings it back by hand —
/// otherwise its repair's verification does. Marking a room clean files its 3-step
/// inspection, whose Done makes it inspected.
#[utoipa::path(post, path = "/rooms/{id}/status", tag = "rooms", params(("id" = Uuid, Path)), request_body = RoomStatusChange, responses(
    (status = 200, body = RoomStatus),
    (status = 403, description = "The role or relation to the room does not allow the action", body = ErrorBody),
    (status = 409, description = "Someone changed the room first, the action does not apply to its state, or the room is retired", body = ErrorBody),
    (status = 422, description = "`reason: required`, `repair_task_id: unknown_task` (a manager naming no open repair of the room), `seen: required`", body = ErrorBody),
))]
async fn change(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Json(req): Json<RoomStatusChange>,
) -> ApiResult<Json<RoomStatus>> {
    let row = working_room(&state, &auth, id).await?;
    if row.status_version != req.version {
        return Err(effects::stale());
    }
    let action = req.action;
    let rel = relation(&state, &auth, &row, req.repair_task_id).await?;
    if !room_status::may(auth.role(), rel, action) {
        return Err(ApiError::forbidden());
    }
    let reason = req.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if action.needs_reason() && reason.is_none() {
        return Err(ApiError::field("reason", FieldReason::Required));
    }
    if reason.is_some_and(|r| r.chars().count() > TEXT_MAX) {
        return Err(ApiError::field("reason", FieldReason::TooLong));
    }
    let before = row.fields()?;
    let to = action.next_state(before.housekeeping).ok_or_else(|| {
        ApiError::conflict(format!(
            "a room that is {} cannot take {}",
            before.housekeeping.code(),
            action.code()
        ))
    })?;
    let mut after = before.clone();
    after.housekeeping = to;
    match action {
        RoomAction::OutOfOrder => {
            if req.repair_task_id.is_some() && !rel.with_repair_task {
                return Err(ApiError::field("repair_task_id", FieldReason::UnknownTask));
            }
            after.ooo_reason = reason.map(str::to_owned);
            after.ooo_until = req.until;
            after.repair_task_id = req.repair_task_id.map(|t| t.to_string());
        }
        RoomAction::BackInOrder => {
            after.ooo_reason = None;
            after.ooo_until = None;
            after.repair_task_id = None;
        }
        RoomAction::DoNotDisturbOn => after.do_not_disturb = true,
        RoomAction::DoNotDisturbOff => after.do_not_disturb = false,
        RoomAction::ServiceRefused => after.service_refused = true,
        RoomAction::ServiceAccepted => after.service_refused = false,
        RoomAction::ReportSeen => {
            after.seen = Some(req.seen.ok_or_else(|| ApiError::field("seen", FieldReason::Required))?);
        }
        _ => {}
    }
    let repair_task = req.repair_task_id.map(|t| t.to_string());
    let mut tx = state.db.begin_write().await?;
    let change = RoomChange::by_staff(&row, after, action.code(), &auth.staff.id)
        .note(reason)
        .task(repair_task.as_deref());
    effects::apply(&state, &mut tx, change).await?;
    match action {
        RoomAction::MarkClean => file_inspection(&state, &mut tx, &auth, &row).await?,
        RoomAction::FailInspection => fail_inspection(&state, &mut tx, &auth, &row, reason.unwrap_or_default()).await?,
        _ => {}
    }
    let answer = reread(&state, &mut tx, &row).await?;
    tx.commit().await?;
    Ok(Json(answer.to_api()?))
}

/// A cleaned room waits for the supervisor's 3-step inspection: filed once.
async fn file_inspection(
    state: &AppState,
    tx: &mut crate::db::WriteTx,
    auth: &Auth,
    room: &StatusRow,
) -> ApiResult<()> {
    if !effects::active_tasks(tx.conn(), &room.id, "inspection")
        .await?
        .is_empty()
    {
        return Ok(());
    }
    effects::file_task(
        state,
        tx,
        RoomTask {
            type_code: "inspection",
            room,
            title: format!("Inspect {}", room.number),
            details: String::new(),
            priority: if room.queued_at.is_some() { 1 } else { 3 },
            created_by: &auth.staff.id,
            assignee_id: None,
        },
    )
    .await?;
    Ok(())
}

/// The open inspection ends (cancelled, with the reason) and the attendant gets a
/// re-clean.
async fn fail_inspection(
    state: &AppState,
    tx: &mut crate::db::WriteTx,
    auth: &Auth,
    room: &StatusRow,
    reason: &str,
) -> ApiResult<()> {
    let now = state.clock.now_ms();
    let note = format!("Inspection failed: {reason}");
    for task_id in effects::active_tasks(tx.conn(), &room.id, "inspection").await? {
        let task = tasks::reload(tx.conn(), &room.property_id, &task_id).await?;
        let from = task.status()?;
        sqlx::query(
            "UPDATE tasks SET status = 'cancelled', is_active = 0, version = version + 1, closed_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(&task_id)
        .execute(tx.conn())
        .await?;
        tasks::record(
            tx.conn(),
            tasks::NewEvent::by(auth, &task_id, now, TaskEventKind::Action(TaskAction::Cancel))
                .status(Some(from), TaskStatus::Cancelled)
                .note(Some(&note)),
        )
        .await?;
        let row = tasks::announce_current(state, tx, &room.property_id, &task_id).await?;
        domain_events::publish(state, tx, DomainEvent::TaskChanged(&row)).await?;
    }
    effects::file_task(
        state,
        tx,
        RoomTask {
            type_code: "cleaning",
            room,
            title: format!("Re-clean {}", room.number),
            details: note.clone(),
            priority: 2,
            created_by: &auth.staff.id,
            assignee_id: room.attendant_id.as_deref(),
        },
    )
    .await?;
    Ok(())
}

/// The room's changes, newest first (the last 200), with who and when.
#[utoipa::path(get, path = "/rooms/{id}/history", tag = "rooms", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<RoomHistoryEntry>),
))]
async fn history(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<RoomHistoryEntry>>> {
    let row = room(&state, &auth, id).await?;
    let events = status_store::history(&state.db.pool, &row.id, 200).await?;
    Ok(Json(events.iter().map(|e| e.to_api()).collect::<ApiResult<_>>()?))
}

/// The front desk has a guest waiting for this room (`waiting: true`): it goes first on
/// its attendant's list, flagged urgent, until it is inspected or `waiting: false`.
#[utoipa::path(post, path = "/rooms/{id}/queue", tag = "rooms", params(("id" = Uuid, Path)), request_body = RoomQueue, responses(
    (status = 200, body = RoomStatus),
    (status = 403, description = "Not the front office, a supervisor or a manager", body = ErrorBody),
    (status = 409, description = "The room is retired", body = ErrorBody),
))]
async fn queue(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Json(req): Json<RoomQueue>,
) -> ApiResult<Json<RoomStatus>> {
    let row = working_room(&state, &auth, id).await?;
    let rel = relation(&state, &auth, &row, None).await?;
    if !room_status::may_queue(auth.role(), rel) {
        return Err(ApiError::forbidden());
    }
    let before = row.fields()?;
    if before.queued_at.is_some() == req.waiting {
        return Ok(Json(row.to_api()?));
    }
    let mut after = before;
    after.queued_at = req.waiting.then(|| state.clock.now_ms());
    let what = if req.waiting { "queued" } else { "unqueued" };
    let mut tx = state.db.begin_write().await?;
    effects::apply(&state, &mut tx, RoomChange::by_staff(&row, after, what, &auth.staff.id)).await?;
    let answer = reread(&state, &mut tx, &row).await?;
    tx.commit().await?;
    Ok(Json(answer.to_api()?))
}
