//! Corrective actions: a failed item becomes a task in the task list of the template's
//! department, filed through the one task insert, and linked back to the audit.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::audit_wire::{Audit, CorrectiveActionCreate};
use bellhop_api::audits::{self, TemplateItem};
use bellhop_api::tasks::{Deadlines, Targets};
use bellhop_api::ErrorBody;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use sqlx::AnyConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::announce::{announce as announce_audit, ACTION_TYPE};
use super::plans::today;
use super::store::{self, AuditRow};
use super::submit::notes;
use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::clock::local_midnight_ms;
use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::notify;
use crate::routes::tasks::detail::{TEXT_MAX, TITLE_MAX};
use crate::routes::tasks::store as tasks;
use bellhop_api::live::AuditChange;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create))
}

/// Failed critical items are due two days after the submit.
pub const CRITICAL_DUE_DAYS: i64 = 2;
/// Other actions, when the manager names no date.
const DEFAULT_DUE_DAYS: i64 = 7;

pub struct NewAction<'a> {
    pub audit: &'a AuditRow,
    pub item: &'a TemplateItem,
    pub note: &'a str,
    pub filed_by: &'a str,
    /// Due at the end of this day, hotel time.
    pub due_on: NaiveDate,
    pub tz: Tz,
    pub now: DateTime<Utc>,
}

/// Files the task of a failed item unless the item has one; returns the new task's id.
pub async fn raise(conn: &mut AnyConnection, action: &NewAction<'_>) -> ApiResult<Option<String>> {
    let audit = action.audit;
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT task_id FROM audit_actions WHERE audit_id = $1 AND item_key = $2")
            .bind(&audit.id)
            .bind(&action.item.key)
            .fetch_optional(&mut *conn)
            .await?;
    if existing.is_some() {
        return Ok(None);
    }
    let type_id = task_type(conn, &audit.property_id).await?;
    let resolve_by = local_midnight_ms(&action.tz, action.due_on + Duration::days(1));
    // Someone should take it on the same shift; the fix itself has until the due day.
    let priority = if action.item.critical { 3 } else { 4 };
    let respond = Targets::default_for(ACTION_TYPE, priority)
        .deadlines(action.now)
        .respond_by;
    let resolve_by = DateTime::from_timestamp_millis(resolve_by)
        .unwrap_or(respond)
        .max(respond);
    let title: String = format!("Audit: {}", action.item.text).chars().take(TITLE_MAX).collect();
    let subject = audit
        .subject_area
        .as_deref()
        .or(audit.subject_staff_name.as_deref())
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    let mut details = format!(
        "{} audit{subject}: \"{}\" was not met.",
        audit.template_name, action.item.text
    );
    if !action.note.is_empty() {
        details.push_str(&format!(" Note: {}", action.note));
    }
    let details: String = details.chars().take(TEXT_MAX).collect();
    let id = Uuid::new_v4().to_string();
    tasks::insert(
        conn,
        &tasks::NewTask {
            id: &id,
            property_id: &audit.property_id,
            type_id: &type_id,
            title: &title,
            details: &details,
            room_id: None,
            location: Some(audit.subject_area.as_deref().unwrap_or(&audit.area)),
            department_id: &audit.department_id,
            priority,
            created_by: action.filed_by,
            assignee_id: None,
            guest_facing: false,
            vip: false,
            complaint_channel: None,
            complaint_category: None,
            created_at: action.now.timestamp_millis(),
            deadlines: Deadlines {
                respond_by: respond,
                resolve_by,
            },
            checklist: &[],
        },
    )
    .await?;
    sqlx::query("INSERT INTO audit_actions (audit_id, item_key, property_id, task_id) VALUES ($1, $2, $3, $4)")
        .bind(&audit.id)
        .bind(&action.item.key)
        .bind(&audit.property_id)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    Ok(Some(id))
}

/// The property's corrective-action task type, made on first use.
async fn task_type(conn: &mut AnyConnection, property: &str) -> ApiResult<String> {
    sqlx::query(
        "INSERT INTO task_types (id, property_id, code, name, builtin, default_department_id, checklist, targets) \
         VALUES ($1, $2, $3, 'Audit corrective action', 0, NULL, '[]', '[]') ON CONFLICT (property_id, code) DO NOTHING",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(property)
    .bind(ACTION_TYPE)
    .execute(&mut *conn)
    .await?;
    let (id,): (String,) = sqlx::query_as("SELECT id FROM task_types WHERE property_id = $1 AND code = $2")
        .bind(property)
        .bind(ACTION_TYPE)
        .fetch_one(&mut *conn)
        .await?;
    Ok(id)
}

/// Tells open tablets and the department about newly filed tasks, as part of `tx`.
pub async fn announce(state: &AppState, tx: &mut WriteTx, property_id: &str, task_ids: &[String]) -> ApiResult<()> {
    for id in task_ids {
        let row = tasks::announce_current(state, tx, property_id, id).await?;
        notify::tasks::given(state, tx, property_id, &row, &row.created_by).await?;
    }
    Ok(())
}

/// Turns a failed item of a submitted audit (a "no", a rating under its threshold, a
/// missed target) into a task for the template's department. Asking again for the
/// same item returns the audit with the task already filed (200).
#[utoipa::path(post, path = "/audits/{id}/actions", tag = "audits", params(("id" = Uuid, Path)), request_body = CorrectiveActionCreate, responses(
    (status = 201, body = Audit),
    (status = 200, description = "The item already has its task", body = Audit),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The audit is not submitted yet", body = ErrorBody),
    (status = 422, description = "The item did not fail", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
    Json(req): Json<CorrectiveActionCreate>,
) -> ApiResult<(StatusCode, Json<Audit>)> {
    let row = store::readable(&state, &auth, id).await?;
    if row.status()?.is_draft() {
        return Err(ApiError::conflict("corrective actions follow the submit"));
    }
    let sections = row.sections()?;
    let item =
        store::item(&sections, &req.item_key).ok_or_else(|| ApiError::field("item_key", FieldReason::UnknownItem))?;
    let answers = store::answers(&state.db.pool, &row.id).await?;
    let failed = answers
        .get(&item.key)
        .is_some_and(|a| audits::item_failed(&item.kind, a));
    if !failed {
        return Err(ApiError::field("item_key", FieldReason::NotFailed));
    }
    let (today, tz) = today(&state, auth.property_id()).await?;
    let due_on = req.due_on.unwrap_or(today + Duration::days(DEFAULT_DUE_DAYS));
    if due_on < today {
        return Err(ApiError::field("due_on", FieldReason::InThePast));
    }
    let mut tx = state.db.begin_write().await?;
    // Locks the audit row, so two managers asking at once file one task.
    sqlx::query("UPDATE audits SET status = status WHERE id = $1")
        .bind(&row.id)
        .execute(tx.conn())
        .await?;
    let notes = notes(tx.conn(), &row.id).await?;
    let action = NewAction {
        audit: &row,
        item,
        note: notes.get(&item.key).map(String::as_str).unwrap_or_default(),
        filed_by: &auth.staff.id,
        due_on,
        tz,
        now: state.clock.now(),
    };
    let filed = raise(tx.conn(), &action).await?;
    let status = if filed.is_some() {
        announce_audit(&state, &mut tx, &row, AuditChange::Action).await?;
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    announce(
        &state,
        &mut tx,
        auth.property_id(),
        &filed.into_iter().collect::<Vec<_>>(),
    )
    .await?;
    tx.commit().await?;
    let row = store::readable(&state, &auth, id).await?;
    Ok((status, Json(store::detail(&state, &row).await?)))
}
