//! Tells open tablets that an audit changed (after the commit), so the managers' month
//! and the auditor's queue refresh by themselves. `crate::live` decides who hears it.

use bellhop_api::audit_wire::AuditStatus;

use super::store::AuditRow;
use crate::app::AppState;
use crate::error::ApiResult;
use bellhop_api::live::{AuditChange, AuditChanged};

use crate::live::AuditNotice;
use crate::routes::tasks::store::TaskRow;

/// The task type every corrective action is filed under.
pub const ACTION_TYPE: &str = "audit_action";

pub fn announce(state: &AppState, audit: &AuditRow, change: AuditChange) {
    let Ok(audit_id) = audit.id.parse() else {
        tracing::error!(audit = %audit.id, "audit row with a malformed id: not announced");
        return;
    };
    state.live.audit_changed(AuditNotice {
        property_id: audit.property_id.clone(),
        auditor_id: audit.auditor_id.clone(),
        subject_staff_id: audit.subject_staff_id.clone(),
        department_id: audit.department_id.clone(),
        change: AuditChanged { audit_id, change },
    });
}

/// After a save to a draft as it was loaded before the save: the first one starts it.
pub fn draft_saved(state: &AppState, audit: &AuditRow) -> ApiResult<()> {
    if audit.status()? == AuditStatus::Assigned {
        announce(state, audit, AuditChange::Started);
    }
    Ok(())
}

/// A task changed: if it is an audit's corrective action, that audit changed too.
pub async fn task_changed(state: &AppState, task: &TaskRow) -> ApiResult<()> {
    if task.type_code != ACTION_TYPE {
        return Ok(());
    }
    let audit: Option<AuditRow> = sqlx::query_as(&format!(
        "{} WHERE a.id = (SELECT audit_id FROM audit_actions WHERE task_id = $1)",
        super::store::select_summary()
    ))
    .bind(&task.id)
    .fetch_optional(&state.db.pool)
    .await?;
    if let Some(audit) = audit {
        announce(state, &audit, AuditChange::Action);
    }
    Ok(())
}
