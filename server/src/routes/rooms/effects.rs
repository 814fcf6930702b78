//! What every change of a room's status does, whoever makes it (a person at the board,
//! the PMS, a task): saved against the version seen, kept in the history, announced on
//! the live stream, and — for inspected, out of order and back — sent to the PMS's
//! webhook. All of it in the caller's transaction.

use bellhop_api::live::RoomChanged;
use bellhop_api::pms::WebhookEvent;
use bellhop_api::room_status::{ChangeSource, Housekeeping};
use chrono::NaiveDate;
use chrono_tz::Tz;
use sqlx::AnyConnection;
use uuid::Uuid;

use super::status_store::{self, Fields, NewRoomEvent, StatusRow};
use crate::app::AppState;
use crate::clock::day_number;
use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::live::{Change, RoomNotice};
use crate::notify;
use crate::routes::pms::webhook;
use crate::routes::property;
use crate::routes::tasks::detail::{TEXT_MAX, TITLE_MAX};
use crate::routes::tasks::{store as tasks, types};

/// The hotel's today, its time zone and its day number (the assignments' key).
pub async fn today(state: &AppState, property_id: &str) -> ApiResult<(NaiveDate, Tz, i64)> {
    let tz = property::zone(&state.db.pool, property_id).await?;
    let day = state.clock.today(&tz);
    Ok((day, tz, day_number(day)))
}

pub fn stale() -> ApiError {
    ApiError::conflict("someone changed this room first; reload it and try again")
}

/// One change of one room.
pub struct RoomChange<'a> {
    pub room: &'a StatusRow,
    pub after: Fields,
    /// The action's code, the PMS event's type, `inspected`, `back_in_order`, `queued`.
    pub what: &'a str,
    pub source: ChangeSource,
    pub actor_id: Option<&'a str>,
    pub note: Option<&'a str>,
    pub task_id: Option<&'a str>,
}

impl<'a> RoomChange<'a> {
    /// A change with no actor, note or task yet.
    pub fn new(room: &'a StatusRow, after: Fields, what: &'a str, source: ChangeSource) -> Self {
        RoomChange {
            room,
            after,
            what,
            source,
            actor_id: None,
            note: None,
            task_id: None,
        }
    }

    /// Made by a person at the board.
    pub fn by_staff(room: &'a StatusRow, after: Fields, what: &'a str, actor_id: &'a str) -> Self {
        RoomChange {
            actor_id: Some(actor_id),
            ..RoomChange::new(room, after, what, ChangeSource::Staff)
        }
    }

    pub fn actor(self, actor_id: Option<&'a str>) -> Self {
        RoomChange { actor_id, ..self }
    }

    pub fn note(self, note: Option<&'a str>) -> Self {
        RoomChange { note, ..self }
    }

    pub fn task(self, task_id: Option<&'a str>) -> Self {
        RoomChange { task_id, ..self }
    }
}

/// Saves, records, announces and (where the PMS wants to know) queues the webhook.
/// Refused as stale when the room moved on since `change.room` was read.
pub async fn apply(state: &AppState, tx: &mut WriteTx, change: RoomChange<'_>) -> ApiResult<()> {
    let room = change.room;
    let before = room.fields()?;
    let now = state.clock.now_ms();
    if !status_store::save(tx.conn(), &room.id, room.status_version, &change.after, now).await? {
        return Err(stale());
    }
    status_store::record(
        tx.conn(),
        NewRoomEvent {
            room_id: &room.id,
            property_id: &room.property_id,
            at: now,
            what: change.what,
            source: change.source,
            actor_id: change.actor_id,
            before: &before,
            after: &change.after,
            note: change.note,
            task_id: change.task_id,
        },
    )
    .await?;
    let notice = RoomNotice {
        property_id: room.property_id.clone(),
        change: RoomChanged {
            room_id: Uuid::parse_str(&room.id).map_err(|_| ApiError::Internal(format!("room id {}", room.id)))?,
            version: room.status_version + 1,
            housekeeping: change.after.housekeeping,
            occupancy: change.after.occupancy,
            urgent: change.after.queued_at.is_some(),
        },
    };
    state.live.announce(tx, now, Change::Room(notice)).await?;
    if let Some(event) = webhook_event(before.housekeeping, change.after.housekeeping) {
        webhook::enqueue(
            tx.conn(),
            &room.property_id,
            event,
            &room.number,
            change.after.housekeeping,
            now,
        )
        .await?;
    }
    Ok(())
}

/// What the PMS hears of a move between housekeeping states.
fn webhook_event(from: Housekeeping, to: Housekeeping) -> Option<WebhookEvent> {
    match (from, to) {
        (from, to) if from == to => None,
        (_, Housekeeping::Inspected) => Some(WebhookEvent::RoomInspected),
        (_, Housekeeping::OutOfOrder) => Some(WebhookEvent::RoomOutOfOrder),
        (Housekeeping::OutOfOrder, _) => Some(WebhookEvent::RoomBackInOrder),
        _ => None,
    }
}

/// A task the room's status files: cleaning after a check-out, the inspection after a
/// clean, a re-clean after a failed inspection.
pub struct RoomTask<'a> {
    pub type_code: &'a str,
    pub room: &'a StatusRow,
    pub title: String,
    pub details: String,
    pub priority: u8,
    pub created_by: &'a str,
    /// Today's attendant, for the room's cleans; the pool otherwise.
    pub assignee_id: Option<&'a str>,
}

/// Files `task` with its type's checklist, department and targets, and announces it;
/// returns its id.
pub async fn file_task(state: &AppState, tx: &mut WriteTx, task: RoomTask<'_>) -> ApiResult<String> {
    let room = task.room;
    let task_type = types::by_code(tx.conn(), &room.property_id, task.type_code)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("no {} task type in {}", task.type_code, room.property_id)))?;
    let department = task_type
        .default_department_id
        .clone()
        .ok_or_else(|| ApiError::Internal(format!("{} type without a department", task.type_code)))?;
    let now = state.clock.now();
    let id = Uuid::new_v4().to_string();
    let title: String = task.title.chars().take(TITLE_MAX).collect();
    let details: String = task.details.chars().take(TEXT_MAX).collect();
    tasks::insert(
        tx.conn(),
        &tasks::NewTask {
            id: &id,
            property_id: &room.property_id,
            type_id: &task_type.id,
            title: &title,
            details: &details,
            room_id: Some(&room.id),
            location: None,
            department_id: &department,
            priority: task.priority,
            created_by: task.created_by,
            assignee_id: task.assignee_id,
            guest_facing: false,
            vip: false,
            complaint_channel: None,
            complaint_category: None,
            created_at: now.timestamp_millis(),
            deadlines: task_type.targets_for(task.priority)?.deadlines(now),
            checklist: &task_type.checklist()?,
        },
    )
    .await?;
    let row = tasks::announce_current(state, tx, &room.property_id, &id).await?;
    notify::tasks::given(state, tx, &room.property_id, &row, task.created_by).await?;
    Ok(id)
}

/// The room's active tasks of `type_code`, oldest first.
pub async fn active_tasks(conn: &mut AnyConnection, room_id: &str, type_code: &str) -> ApiResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT t.id FROM tasks t JOIN task_types ty ON ty.id = t.type_id \
         WHERE t.room_id = $1 AND ty.code = $2 AND t.is_active = 1 ORDER BY t.created_at",
    )
    .bind(room_id)
    .bind(type_code)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
