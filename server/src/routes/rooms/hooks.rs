//! `DomainEvent::TaskChanged` as the rooms hear it: an inspection task's Done makes its
//! room inspected (and ready for the waiting guest), a repair's verification brings its
//! out-of-order room back (dirty: it is cleaned before it is sold).

use bellhop_api::room_status::{ChangeSource, Housekeeping};
use bellhop_api::tasks::TaskStatus;

use super::effects::{self, RoomChange};
use super::status_store::{self, StatusRow};
use crate::app::AppState;
use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::routes::tasks::store::TaskRow;

pub async fn task_changed(state: &AppState, tx: &mut WriteTx, task: &TaskRow) -> ApiResult<()> {
    let status = task.status()?;
    match (task.type_code.as_str(), status) {
        ("inspection", TaskStatus::Done) => inspected(state, tx, task).await,
        ("repair", TaskStatus::Verified) => repaired(state, tx, task).await,
        _ => Ok(()),
    }
}

/// The task's room as `tx` sees it, and when the task was done.
async fn room_of(state: &AppState, tx: &mut WriteTx, task: &TaskRow) -> ApiResult<Option<(StatusRow, Option<i64>)>> {
    let row: Option<(Option<String>, String, Option<i64>)> =
        sqlx::query_as("SELECT room_id, property_id, done_at FROM tasks WHERE id = $1")
            .bind(&task.id)
            .fetch_optional(tx.conn())
            .await?;
    let Some((Some(room_id), property, done_at)) = row else {
        return Ok(None);
    };
    let (_, _, day) = effects::today(state, &property).await?;
    let room = status_store::by_id(tx.conn(), &property, day, &room_id).await?;
    Ok(room.map(|room| (room, done_at)))
}

async fn inspected(state: &AppState, tx: &mut WriteTx, task: &TaskRow) -> ApiResult<()> {
    let Some((room, done_at)) = room_of(state, tx, task).await? else {
        return Ok(());
    };
    // Each Done counts once: a tick or comment on a done task changes nothing here.
    let counted: Option<(String,)> =
        sqlx::query_as("SELECT id FROM room_events WHERE task_id = $1 AND what = 'inspected' AND at >= $2")
            .bind(&task.id)
            .bind(done_at.unwrap_or(0))
            .fetch_optional(tx.conn())
            .await?;
    if counted.is_some() {
        return Ok(());
    }
    let before = room.fields()?;
    if before.housekeeping.is_off() {
        return Ok(());
    }
    let mut after = before;
    after.housekeeping = Housekeeping::Inspected;
    // The waiting guest's room is ready.
    after.queued_at = None;
    // Whoever marked the inspection done.
    let actor: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT actor_id FROM task_events WHERE task_id = $1 AND kind = 'done' ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(&task.id)
    .fetch_optional(tx.conn())
    .await?;
    let actor = actor.and_then(|(a,)| a);
    let change = RoomChange::new(&room, after, "inspected", ChangeSource::Task)
        .actor(actor.as_deref())
        .task(Some(&task.id));
    effects::apply(state, tx, change).await
}

async fn repaired(state: &AppState, tx: &mut WriteTx, task: &TaskRow) -> ApiResult<()> {
    let Some((room, _)) = room_of(state, tx, task).await? else {
        return Ok(());
    };
    let before = room.fields()?;
    if before.housekeeping != Housekeeping::OutOfOrder || before.repair_task_id.as_deref() != Some(task.id.as_str()) {
        return Ok(());
    }
    let mut after = before;
    after.housekeeping = Housekeeping::Dirty;
    after.ooo_reason = None;
    after.ooo_until = None;
    after.repair_task_id = None;
    let change = RoomChange::new(&room, after, "back_in_order", ChangeSource::Task).task(Some(&task.id));
    effects::apply(state, tx, change).await
}
