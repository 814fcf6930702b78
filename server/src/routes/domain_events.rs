//! What a change in one feature means to another. Tasks publish that a task changed;
//! the features that care about it are listed here — audits, whose corrective actions
//! are tasks, and rooms, which an inspection's Done makes inspected and a verified
//! repair brings back — so tasks never call into audits or rooms, and those only use
//! the tasks' store to file their tasks: they meet here, one way each.

use super::tasks::store::TaskRow;
use super::{audits, rooms};
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
        DomainEvent::TaskChanged(task) => {
            audits::announce::task_changed(state, tx, task).await?;
            rooms::hooks::task_changed(state, tx, task).await
        }
    }
}
