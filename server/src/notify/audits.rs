//! Who hears of an audit: its auditor when someone else assigns it to them, and once it
//! is published the person audited and their department's supervisors, who read its
//! feedback. What they are told names the form, never the auditor: the audit is
//! undercover.

use bellhop_api::notifications::NotificationKind;

use super::{department, send, without, Notice, Params};
use crate::app::AppState;
use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::routes::audits::store::AuditRow;

/// An audit was made by `actor` for its auditor to fill in.
pub async fn assigned(state: &AppState, tx: &mut WriteTx, audit: &AuditRow, actor: &str) -> ApiResult<()> {
    if audit.auditor_id == actor {
        return Ok(());
    }
    let mut params = Params::from([("title", audit.template_name.clone())]);
    if let Some(due_on) = &audit.due_on {
        params.insert("due_on", due_on.clone());
    }
    let notice = Notice {
        kind: NotificationKind::AuditAssigned,
        object_id: &audit.id,
        params: &params,
        event_key: &format!("audit:{}:assigned", audit.id),
    };
    send(
        state,
        tx,
        &audit.property_id,
        std::slice::from_ref(&audit.auditor_id),
        &notice,
    )
    .await?;
    Ok(())
}

/// A submitted audit was published by `actor`.
pub async fn published(state: &AppState, tx: &mut WriteTx, audit: &AuditRow, actor: &str) -> ApiResult<()> {
    let mut people = department(tx.conn(), &audit.property_id, &audit.department_id, true).await?;
    people.extend(audit.subject_staff_id.clone());
    people.sort();
    people.dedup();
    // An auditor is never of a department; left out all the same, as is the publisher.
    let people = without(people, &[actor, &audit.auditor_id]);
    let mut params = Params::from([("title", audit.template_name.clone())]);
    if let Some(score) = audit.score {
        params.insert("score", format!("{score}"));
    }
    if let Some(passed) = audit.passed {
        params.insert("passed", (passed != 0).to_string());
    }
    let notice = Notice {
        kind: NotificationKind::AuditPublished,
        object_id: &audit.id,
        params: &params,
        event_key: &format!("audit:{}:published", audit.id),
    };
    send(state, tx, &audit.property_id, &people, &notice).await?;
    Ok(())
}
