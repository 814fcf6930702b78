//! Publishing a submitted audit, and the feedback the audited staff and their
//! supervisors then read. Feedback is built from [`AuditFeedback`], a type with no
//! place for the auditor, so no response to them can name one.

use axum::extract::State;
use bellhop_api::audit_wire::{Audit, AuditFeedback, AuditStatus, FeedbackItem};
use bellhop_api::people::Role;
use bellhop_api::{ErrorBody, Page, PageQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::announce::announce;
use super::store::{self, AuditRow};
use crate::app::AppState;
use crate::auth::{Auth, Authorized, Managers};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::notify;
use crate::paging::Paging;
use bellhop_api::live::AuditChange;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(publish)).routes(routes!(feedback))
}

/// Publishes a submitted audit to the audited staff and their supervisor. Publishing
/// again changes nothing.
#[utoipa::path(post, path = "/audits/{id}/publish", tag = "audits", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Audit),
    (status = 403, body = ErrorBody),
    (status = 409, description = "Not submitted yet", body = ErrorBody),
))]
async fn publish(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Audit>> {
    let row = store::readable(&state, &auth, id).await?;
    if row.status()?.is_draft() {
        return Err(ApiError::conflict("only submitted audits are published"));
    }
    let mut tx = state.db.begin_write().await?;
    let published =
        sqlx::query("UPDATE audits SET status = 'published', published_at = $1 WHERE id = $2 AND status = 'submitted'")
            .bind(state.clock.now_ms())
            .bind(&row.id)
            .execute(tx.conn())
            .await?;
    if published.rows_affected() > 0 {
        announce(&state, &mut tx, &row, AuditChange::Published).await?;
        notify::audits::published(&state, &mut tx, &row, &auth.staff.id).await?;
    }
    tx.commit().await?;
    let row = store::readable(&state, &auth, id).await?;
    Ok(Json(store::detail(&state, &row).await?))
}

/// Published audits about the signed-in person, and for a supervisor about their
/// department, newest first: score, sections, failed items and notes, never the auditor.
#[utoipa::path(get, path = "/audit-feedback", tag = "audits", params(PageQuery), responses(
    (status = 200, body = Page<AuditFeedback>),
))]
async fn feedback(State(state): State<AppState>, auth: Auth, page: Paging) -> ApiResult<Json<Page<AuditFeedback>>> {
    let department = match auth.role() {
        Role::Supervisor => auth.department_id.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let filter = "WHERE a.property_id = $1 AND a.status = 'published' \
                  AND (a.subject_staff_id = $2 OR ($3 <> '' AND a.department_id = $3))";
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM audits a {filter}"))
        .bind(auth.property_id())
        .bind(&auth.staff.id)
        .bind(&department)
        .fetch_one(&state.db.pool)
        .await?;
    let rows: Vec<AuditRow> = sqlx::query_as(&format!(
        "{} {filter} ORDER BY a.published_at DESC, a.id LIMIT $4 OFFSET $5",
        store::select_full()
    ))
    .bind(auth.property_id())
    .bind(&auth.staff.id)
    .bind(&department)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.feedback_for(&auth)? {
            items.push(to_feedback(&state, row).await?);
        }
    }
    Ok(Json(page.page(items, total)?))
}

async fn to_feedback(state: &AppState, row: &AuditRow) -> ApiResult<AuditFeedback> {
    debug_assert_eq!(row.status()?, AuditStatus::Published);
    let sections = row.sections()?;
    // Published audits were submitted, so they have their result.
    let stored = row.row();
    let result = stored.present("result", row.result()?)?;
    let answers = store::saved_answers(&state.db.pool, &row.id).await?;
    let note_of = |key: &str| {
        answers
            .iter()
            .find(|a| a.item_key == key)
            .map(|a| a.note.clone())
            .unwrap_or_default()
    };
    let failed_keys = result.failed_items.clone();
    let as_item = |key: &str| {
        store::item(&sections, key).map(|item| FeedbackItem {
            item_key: item.key.clone(),
            text: item.text.clone(),
            critical: item.critical,
            note: note_of(key),
        })
    };
    let failed_items = failed_keys.iter().filter_map(|k| as_item(k)).collect();
    let notes = answers
        .iter()
        .filter(|a| !a.note.is_empty() && !failed_keys.contains(&a.item_key))
        .filter_map(|a| as_item(&a.item_key))
        .collect();
    Ok(AuditFeedback {
        id: stored.own_id()?,
        template_name: row.template_name.clone(),
        area: row.area.clone(),
        department_id: stored.id("department_id", &row.department_id)?,
        subject_staff_id: stored.opt_id("subject_staff_id", row.subject_staff_id.as_deref())?,
        subject_staff_name: row.subject_staff_name.clone(),
        subject_area: row.subject_area.clone(),
        published_at: stored.time("published_at", stored.present("published_at", row.published_at)?)?,
        score: row.score,
        passed: row.passed.is_some_and(|p| p != 0),
        sections: result.sections,
        failed_items,
        notes,
    })
}
