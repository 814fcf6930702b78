//! What a change in one feature means to another. Tasks publish that a task changed;
//! the features that care about it are listed here — audits, whose corrective actions
//! are tasks — so tasks never call into audits, and audits only use the tasks' store to
//! file their actions: the two meet here, one way each.

use super::audits;
use super::tasks::store::TaskRow;
use crate::app::AppState;
use crate::db::WriteTx;
use crate::error::ApiResult;

pub enum DomainEvent<'a> {
    /// Someone's step, or the escalation job, changed a task; the row as `tx` leaves it.
    TaskChanged(&'a TaskRow),
}

/// Hands `event` to the features that care, as part of `tx`.
pub async fn publish(state: &AppState, tx: &mut WriteTx, event: DomainEvent<'_>) -> ApiResult<()> {
    match event {
        DomainEvent::TaskChanged(task) => audits::announce::task_changed(state, tx, task).await,
    }
}
