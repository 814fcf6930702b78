//! Delay warnings: an active task past its response or resolution deadline alerts the
//! department's supervisor, and after the property's further delay the manager. Each
//! step is recorded in the task's history, announced live and notified to those it
//! alerts.

use std::time::Duration;

use bellhop_api::tasks::TaskEventKind;

use super::store::{self, NewEvent};
use crate::app::AppState;
use crate::error::ApiResult;
use crate::notify;
use crate::routes::domain_events::{self, DomainEvent};

/// How often the server looks for late tasks (`crate::jobs`); "overdue" itself is worked out on every
/// read, so lists never wait for this.
pub const EVERY: Duration = Duration::from_secs(20);

#[derive(sqlx::FromRow)]
struct LateRow {
    id: String,
    property_id: String,
    escalation_level: i64,
    escalated_at: Option<i64>,
    escalate_after_mins: i64,
}

/// Raises every late task of the open hotels one step where due (a retired hotel's
/// tasks stay as they were); returns how many steps were taken.
pub async fn run_once(state: &AppState) -> ApiResult<usize> {
    let now = state.clock.now_ms();
    let late: Vec<LateRow> = sqlx::query_as(
        "SELECT t.id, t.property_id, t.escalation_level, t.escalated_at, p.escalate_after_mins \
         FROM tasks t JOIN properties p ON p.id = t.property_id \
         WHERE p.active = 1 AND t.is_active = 1 AND t.status <> 'done' AND t.escalation_level < 2 \
           AND (t.resolve_by < $1 OR (t.status = 'new' AND t.respond_by < $1))",
    )
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    let mut steps = 0;
    for task in late {
        let (level, to) = match task.escalation_level {
            0 => (1, "supervisor"),
            _ if now >= task.escalated_at.unwrap_or(now) + task.escalate_after_mins * 60_000 => (2, "manager"),
            _ => continue,
        };
        let mut tx = state.db.begin_write().await?;
        // Conditional on the level seen, so two servers never record the same step twice.
        let raised = sqlx::query(
            "UPDATE tasks SET escalation_level = $1, escalated_at = $2 WHERE id = $3 AND escalation_level = $4",
        )
        .bind(level)
        .bind(now)
        .bind(&task.id)
        .bind(task.escalation_level)
        .execute(tx.conn())
        .await?;
        if raised.rows_affected() == 0 {
            continue;
        }
        let event = NewEvent {
            task_id: &task.id,
            property_id: &task.property_id,
            at: now,
            kind: TaskEventKind::Escalated,
            actor_id: None,
            from_status: None,
            to_status: None,
            note: Some(to),
        };
        store::record(tx.conn(), event).await?;
        let row = store::announce_current(state, &mut tx, &task.property_id, &task.id).await?;
        notify::tasks::late(state, &mut tx, &task.property_id, &row, level).await?;
        domain_events::publish(state, &mut tx, DomainEvent::TaskChanged(&row)).await?;
        tx.commit().await?;
        steps += 1;
    }
    Ok(steps)
}
