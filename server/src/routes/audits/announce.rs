//! Tells open tablets that an audit changed (in the writing transaction), so the
//! managers' month and the auditor's queue refresh by themselves. `crate::live` decides
//! who hears it.

use bellhop_api::audit_wire::AuditStatus;
use sqlx::AnyConnection;

use super::store::AuditRow;
use crate::app::AppState;
use crate::db::WriteTx;
use crate::error::ApiResult;
use bellhop_api::live::{AuditChange, AuditChanged};

use crate::live::{AuditNotice, Change};
use crate::routes::tasks::store::TaskRow;

/// The task type every corrective action is filed under.
pub const ACTION_TYPE: &str = "audit_action";

pub async fn announce(state: &AppState, tx: &mut WriteTx, audit: &AuditRow, change: AuditChange) -> ApiResult<()> {
    let Ok(audit_id) = audit.id.parse() else {
        tracing::error!(audit = %audit.id, "audit row with a malformed id: not announced");
        return Ok(());
    };
    let notice = AuditNotice {
        property_id: audit.property_id.clone(),
        auditor_id: audit.auditor_id.clone(),
        subject_staff_id: audit.subject_staff_id.clone(),
        department_id: audit.department_id.clone(),
        change: AuditChanged { audit_id, change },
    };
    Ok(state
        .live
        .announce(tx, state.clock.now_ms(), Change::Audit(notice))
        .await?)
}

/// Announces the audit as `tx` left it (one made in it, too); returns it.
pub async fn announce_current(
    state: &AppState,
    tx: &mut WriteTx,
    audit_id: &str,
    change: AuditChange,
) -> ApiResult<AuditRow> {
    let audit: AuditRow = sqlx::query_as(&format!("{} WHERE a.id = $1", super::store::select_summary()))
        .bind(audit_id)
        .fetch_one(tx.conn())
        .await?;
    announce(state, tx, &audit, change).await?;
    Ok(audit)
}

/// After a save to a draft as it was loaded before the save: the first one starts it.
pub async fn draft_saved(state: &AppState, tx: &mut WriteTx, audit: &AuditRow) -> ApiResult<()> {
    if audit.status()? == AuditStatus::Assigned {
        announce(state, tx, audit, AuditChange::Started).await?;
    }
    Ok(())
}

/// `DomainEvent::TaskChanged`: if the task is an audit's corrective action, that audit
/// changed too.
pub async fn task_changed(state: &AppState, tx: &mut WriteTx, task: &TaskRow) -> ApiResult<()> {
    if task.type_code != ACTION_TYPE {
        return Ok(());
    }
    if let Some(audit) = action_of(tx.conn(), &task.id).await? {
        announce(state, tx, &audit, AuditChange::Action).await?;
    }
    Ok(())
}

/// The audit a corrective task was raised for.
async fn action_of(conn: &mut AnyConnection, task_id: &str) -> ApiResult<Option<AuditRow>> {
    Ok(sqlx::query_as(&format!(
        "{} WHERE a.id = (SELECT audit_id FROM audit_actions WHERE task_id = $1)",
        super::store::select_summary()
    ))
    .bind(task_id)
    .fetch_optional(conn)
    .await?)
}
