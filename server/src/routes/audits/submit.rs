//! The submit: required items, the shared scoring, the stored result and the
//! automatic corrective tasks, once however often it is sent.

use std::collections::BTreeMap;

use axum::extract::State;
use bellhop_api::audit_wire::{Audit, AuditResult, SectionResult};
use bellhop_api::audits::{self, Answer, AuditScore, TemplateSection};
use bellhop_api::ErrorBody;
use chrono::Duration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::actions::{self, NewAction};
use super::announce::announce;
use super::plans::today;
use super::store::{self, AuditRow};
use crate::app::AppState;
use crate::auth::{Auditors, Auth, Authorized};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use bellhop_api::live::AuditChange;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(submit))
}

/// Submits the audit: every required item must be answered (else 422 naming them by
/// key); the shared scoring computes the score, section scores and pass or fail, and
/// failed critical items become corrective tasks for the template's department.
///
/// Idempotent: the first submit stores the result; any repeat, even twenty at once,
/// returns that same result with 200 and files nothing more.
#[utoipa::path(post, path = "/audits/{id}/submit", tag = "audits", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Audit),
    (status = 403, body = ErrorBody),
    (status = 422, description = "Required items are unanswered; `fields` names them", body = ErrorBody),
))]
async fn submit(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Audit>> {
    let row = store::own(&state, &auth, id).await?;
    if row.status()?.is_draft() {
        record_submission(&state, &auth, &row).await?;
    }
    let row = store::readable(&state, &auth, id).await?;
    Ok(Json(store::detail(&state, &row).await?))
}

/// Stores the result and files the corrective tasks, unless another request already did.
async fn record_submission(state: &AppState, auth: &Auth, row: &AuditRow) -> ApiResult<()> {
    let sections = row.sections()?;
    let (today, tz) = today(state, auth.property_id()).await?;
    let now = state.clock.now();
    let now_ms = now.timestamp_millis();
    let month = now.with_timezone(&tz).format("%Y-%m").to_string();
    let mut tx = state.db.begin_write().await?;
    // Whoever gets the draft first submits; the others find it submitted and stop.
    let claimed =
        sqlx::query("UPDATE audits SET status = 'submitted' WHERE id = $1 AND status IN ('assigned', 'in_progress')")
            .bind(&row.id)
            .execute(tx.conn())
            .await?;
    if claimed.rows_affected() == 0 {
        return Ok(());
    }
    let answers = store::answers(tx.conn(), &row.id).await?;
    let missing = audits::missing_required(&sections, &answers);
    if !missing.is_empty() {
        drop(tx);
        return Err(ApiError::Invalid(
            missing.into_iter().map(|k| (k, FieldReason::Required)).collect(),
        ));
    }
    let scored = store_result(
        tx.conn(),
        &Scoring {
            audit_id: &row.id,
            property_id: auth.property_id(),
            template_id: &row.template_id,
            sections: &sections,
            answers: &answers,
            pass_mark: row.pass_mark,
            submitted_at: now_ms,
            month: &month,
        },
    )
    .await?;
    let notes = notes(tx.conn(), &row.id).await?;
    let mut filed = Vec::new();
    for key in &scored.failed_items {
        let Some(item) = store::item(&sections, key) else {
            continue;
        };
        if item.critical {
            // Filed in the template owner's name: the task list must not reveal the auditor.
            let action = NewAction {
                audit: row,
                item,
                note: notes.get(key).map(String::as_str).unwrap_or_default(),
                filed_by: &row.owner_id,
                due_on: today + Duration::days(actions::CRITICAL_DUE_DAYS),
                tz,
                now,
            };
            filed.extend(actions::raise(tx.conn(), &action).await?);
        }
    }
    announce(state, &mut tx, row, AuditChange::Submitted).await?;
    actions::announce(state, &mut tx, auth.property_id(), &filed).await?;
    tx.commit().await?;
    Ok(())
}

/// An audit's answers to score and store as its result.
pub struct Scoring<'a> {
    pub audit_id: &'a str,
    pub property_id: &'a str,
    pub template_id: &'a str,
    pub sections: &'a [TemplateSection],
    pub answers: &'a BTreeMap<String, Answer>,
    pub pass_mark: f64,
    pub submitted_at: i64,
    /// `YYYY-MM` of `submitted_at`, hotel time.
    pub month: &'a str,
}

/// Scores with the shared crate and stores the result on the audit, with its section
/// scores and failed items broken out for reports. Status and tasks are the caller's.
pub async fn store_result(conn: &mut sqlx::AnyConnection, s: &Scoring<'_>) -> ApiResult<AuditScore> {
    let scored = audits::score(s.sections, s.answers, s.pass_mark);
    let result = AuditResult {
        score: scored.score,
        passed: scored.passed,
        critical_failed: scored.critical_failed,
        sections: s
            .sections
            .iter()
            .zip(&scored.sections)
            .map(|(section, score)| SectionResult {
                title: section.title.clone(),
                score: *score,
            })
            .collect(),
        failed_items: scored.failed_items.clone(),
    };
    sqlx::query(
        "UPDATE audits SET submitted_at = $1, result_month = $2, score = $3, passed = $4, critical_failed = $5, \
            result = $6 WHERE id = $7",
    )
    .bind(s.submitted_at)
    .bind(s.month)
    .bind(scored.score)
    .bind(i64::from(scored.passed))
    .bind(i64::from(scored.critical_failed))
    .bind(serde_json::to_string(&result).unwrap_or_default())
    .bind(s.audit_id)
    .execute(&mut *conn)
    .await?;
    for (position, section) in result.sections.iter().enumerate() {
        sqlx::query(
            "INSERT INTO audit_section_scores (audit_id, position, property_id, result_month, template_id, title, score) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.audit_id)
        .bind(i64::try_from(position).unwrap_or_default())
        .bind(s.property_id)
        .bind(s.month)
        .bind(s.template_id)
        .bind(&section.title)
        .bind(section.score)
        .execute(&mut *conn)
        .await?;
    }
    for key in &scored.failed_items {
        let Some(item) = store::item(s.sections, key) else {
            continue;
        };
        sqlx::query(
            "INSERT INTO audit_failed_items (audit_id, item_key, property_id, result_month, template_id, text, critical) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.audit_id)
        .bind(key)
        .bind(s.property_id)
        .bind(s.month)
        .bind(s.template_id)
        .bind(&item.text)
        .bind(i64::from(item.critical))
        .execute(&mut *conn)
        .await?;
    }
    Ok(scored)
}

pub async fn notes(conn: &mut sqlx::AnyConnection, audit_id: &str) -> ApiResult<BTreeMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT item_key, note FROM audit_answers WHERE audit_id = $1 AND note <> ''")
            .bind(audit_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}
