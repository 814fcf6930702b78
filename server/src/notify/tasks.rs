//! Who hears of a task: its holder when it is given to them, its department when it
//! lands in their pool, the department's supervisors of urgent work and of work running
//! late, the managers when it escalates, and whoever did it when it is reopened or
//! verified. Nobody is told of their own step.

use bellhop_api::notifications::NotificationKind;
use bellhop_api::tasks::TaskAction;

use super::{department, managers, send, without, Notice, Params};
use crate::app::AppState;
use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::routes::tasks::store::TaskRow;

/// What a task's notifications say of it.
fn params(task: &TaskRow) -> Params {
    let mut params = Params::from([("title", task.title.clone()), ("priority", task.priority.to_string())]);
    if let Some(place) = task.room_number.as_ref().or(task.location.as_ref()) {
        params.insert("place", place.clone());
    }
    params
}

/// The event of the task's current version (every step by a person makes one).
fn version_key(task: &TaskRow) -> String {
    format!("task:{}:v{}", task.id, task.version)
}

/// A task filed, or given to someone or to a pool (assigned, handed off), by `actor`;
/// the row as `tx` leaves it. Its holder is told it is theirs. Urgent work in a pool
/// goes to everyone of the department, urgent work someone holds to the department's
/// supervisors; other work in a pool to the department.
pub async fn given(state: &AppState, tx: &mut WriteTx, property: &str, task: &TaskRow, actor: &str) -> ApiResult<()> {
    let key = version_key(task);
    let params = params(task);
    let notice = |kind| Notice {
        kind,
        object_id: &task.id,
        params: &params,
        event_key: &key,
    };
    if let Some(holder) = task.assignee_id.as_deref().filter(|h| *h != actor) {
        send(
            state,
            tx,
            property,
            &[holder.to_owned()],
            &notice(NotificationKind::TaskAssigned),
        )
        .await?;
    }
    let urgent = task.is_urgent();
    let pooled = task.assignee_id.is_none();
    if !urgent && !pooled {
        return Ok(());
    }
    let people = department(tx.conn(), property, &task.department_id, !pooled).await?;
    let people = without(people, &[actor, task.assignee_id.as_deref().unwrap_or_default()]);
    let kind = if urgent {
        NotificationKind::TaskUrgent
    } else {
        NotificationKind::TaskPooled
    };
    send(state, tx, property, &people, &notice(kind)).await?;
    Ok(())
}

/// A person's step on a task: a reopened or verified task is news to whoever did it.
pub async fn acted(
    state: &AppState,
    tx: &mut WriteTx,
    property: &str,
    task: &TaskRow,
    actor: &str,
    action: TaskAction,
) -> ApiResult<()> {
    let kind = match action {
        TaskAction::Reopen => NotificationKind::TaskReopened,
        TaskAction::Verify => NotificationKind::TaskVerified,
        _ => return Ok(()),
    };
    let Some(holder) = task.assignee_id.as_deref().filter(|h| *h != actor) else {
        return Ok(());
    };
    let notice = Notice {
        kind,
        object_id: &task.id,
        params: &params(task),
        event_key: &version_key(task),
    };
    send(state, tx, property, &[holder.to_owned()], &notice).await?;
    Ok(())
}

/// The escalation job raised a late task to `level`: 1 tells the department's
/// supervisors, 2 the hotel's managers. Once per task and level.
pub async fn late(state: &AppState, tx: &mut WriteTx, property: &str, task: &TaskRow, level: i64) -> ApiResult<()> {
    let (kind, people, key) = match level {
        1 => (
            NotificationKind::TaskLate,
            department(tx.conn(), property, &task.department_id, true).await?,
            format!("task:{}:late", task.id),
        ),
        _ => (
            NotificationKind::TaskEscalated,
            managers(tx.conn(), property).await?,
            format!("task:{}:escalated", task.id),
        ),
    };
    let notice = Notice {
        kind,
        object_id: &task.id,
        params: &params(task),
        event_key: &key,
    };
    send(state, tx, property, &people, &notice).await?;
    Ok(())
}
