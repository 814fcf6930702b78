//! Planning: a month's target, audits assigned to auditors (or started unplanned by
//! one), and the lists: an auditor's own queue, every audit for managers.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::audit_wire::{
    self, Audit, AuditCreate, AuditListFilter, AuditListQuery, AuditPlan, AuditStatus, AuditSummary, AuditTargetSet,
};
use bellhop_api::people::Role;
use bellhop_api::validate::{self, FieldErrors};
use bellhop_api::{ErrorBody, Page};
use chrono::NaiveDate;
use chrono_tz::Tz;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::announce::announce_current;
use super::store::{self, AuditRow};
use super::templates;
use crate::app::AppState;
use crate::auth::{Auditors, Auth, Authorized, Managers};
use crate::db::flag;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::notify;
use crate::paging::Paging;
use crate::people;
use crate::routes::property;
use crate::rows::{self, Row};
use bellhop_api::live::AuditChange;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_plan, set_target))
        .routes(routes!(list, create))
}

pub const TARGET_MAX: u32 = 10_000;

/// Today in the hotel's time zone.
pub async fn today(state: &AppState, property_id: &str) -> ApiResult<(NaiveDate, Tz)> {
    let tz = property::zone(&state.db.pool, property_id).await?;
    Ok((state.clock.now().with_timezone(&tz).date_naive(), tz))
}

fn month_of(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

fn path_month(value: &str) -> ApiResult<String> {
    audit_wire::month(value).map_err(|_| ApiError::not_found("month"))?;
    Ok(value.to_owned())
}

/// The month's target and how far the plan has come.
#[utoipa::path(get, path = "/audit-plans/{month}", tag = "audits", params(("month" = String, Path, description = "YYYY-MM")), responses(
    (status = 200, body = AuditPlan),
    (status = 403, body = ErrorBody),
))]
async fn get_plan(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(month): Path<String>,
) -> ApiResult<Json<AuditPlan>> {
    let month = path_month(&month)?;
    Ok(Json(plan(&state, auth.property_id(), &month).await?))
}

/// Sets the month's target number of audits (e.g. 200).
#[utoipa::path(put, path = "/audit-plans/{month}", tag = "audits", params(("month" = String, Path, description = "YYYY-MM")), request_body = AuditTargetSet, responses(
    (status = 200, body = AuditPlan),
    (status = 403, body = ErrorBody),
))]
async fn set_target(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(month): Path<String>,
    Json(req): Json<AuditTargetSet>,
) -> ApiResult<Json<AuditPlan>> {
    let month = path_month(&month)?;
    if req.target > TARGET_MAX {
        return Err(ApiError::field("target", FieldReason::OutOfRange));
    }
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO audit_targets (property_id, month, target) VALUES ($1, $2, $3) \
         ON CONFLICT (property_id, month) DO UPDATE SET target = excluded.target",
    )
    .bind(auth.property_id())
    .bind(&month)
    .bind(i64::from(req.target))
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(Json(plan(&state, auth.property_id(), &month).await?))
}

pub async fn target(state: &AppState, property_id: &str, month: &str) -> ApiResult<u32> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT target FROM audit_targets WHERE property_id = $1 AND month = $2")
        .bind(property_id)
        .bind(month)
        .fetch_optional(&state.db.pool)
        .await?;
    row.map_or(Ok(0), |(t,)| Row::new("audit_targets", month).number("target", t))
}

async fn plan(state: &AppState, property_id: &str, month: &str) -> ApiResult<AuditPlan> {
    let (assigned, in_progress, done): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(CASE WHEN status = 'in_progress' THEN 1 END), \
                COUNT(CASE WHEN status IN ('submitted', 'published') THEN 1 END) \
         FROM audits WHERE property_id = $1 AND plan_month = $2",
    )
    .bind(property_id)
    .bind(month)
    .fetch_one(&state.db.pool)
    .await?;
    Ok(AuditPlan {
        month: month.to_owned(),
        target: target(state, property_id, month).await?,
        assigned: rows::count(assigned)?,
        in_progress: rows::count(in_progress)?,
        done: rows::count(done)?,
    })
}

/// Plans an audit or starts one. A manager assigns it to an auditor with a due date;
/// an auditor starts an unplanned one for themselves. Both name the template and the
/// staff member or area audited. Sending the same `id` again returns the same audit (200).
#[utoipa::path(post, path = "/audits", tag = "audits", request_body = AuditCreate, responses(
    (status = 201, body = Audit),
    (status = 200, description = "A retry of an audit already made", body = Audit),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The id belongs to another audit", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Json(req): Json<AuditCreate>,
) -> ApiResult<(StatusCode, Json<Audit>)> {
    if let Some(existing) = already_made(&state, &auth, req.id).await? {
        return Ok((StatusCode::OK, Json(existing)));
    }
    let pool = &state.db.pool;
    let property_id = auth.property_id();
    let managing = auth.role() != Role::Auditor;
    let mut errors = FieldErrors::new();
    let auditor = match (managing, req.auditor_id) {
        (true, None) => {
            errors.insert("auditor_id".into(), FieldReason::Required);
            None
        }
        (true, Some(id)) => {
            let person = people::of_hotel(pool, property_id, id).await?;
            let ok = match person {
                Some(p) if p.is_active() && p.role()? == Role::Auditor => Some(p),
                _ => None,
            };
            if ok.is_none() {
                errors.insert("auditor_id".into(), FieldReason::NotAnAuditor);
            }
            ok.map(|p| p.id)
        }
        (false, Some(id)) if id.to_string() != auth.staff.id => return Err(ApiError::forbidden()),
        (false, _) => Some(auth.staff.id.clone()),
    };
    if managing && req.due_on.is_none() {
        errors.insert("due_on".into(), FieldReason::Required);
    }
    let subject_area = req.subject_area.as_deref().map(str::trim).filter(|a| !a.is_empty());
    if let Some(Err(reason)) = subject_area.map(validate::display_name) {
        errors.insert("subject_area".into(), reason);
    }
    if req.subject_staff_id.is_none() && subject_area.is_none() {
        errors.insert("subject_area".into(), FieldReason::StaffOrAreaRequired);
    }
    if let Some(subject) = req.subject_staff_id {
        let person = people::of_hotel(pool, property_id, subject).await?;
        if person.is_none_or(|p| !p.is_active()) {
            errors.insert("subject_staff_id".into(), FieldReason::UnknownPerson);
        }
    }
    let template = templates::load(&state, property_id, req.template_id, None).await?;
    match &template {
        None => {
            errors.insert("template_id".into(), FieldReason::UnknownTemplate);
        }
        Some(t) if t.archived_at.is_some() => {
            errors.insert("template_id".into(), FieldReason::Archived);
        }
        Some(_) => {}
    }
    let (Some(template), Some(auditor), true) = (template, auditor, errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let (today, _) = today(&state, property_id).await?;
    let plan_month = month_of(req.due_on.unwrap_or(today));
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO audits (id, property_id, template_id, template_version, area, department_id, auditor_id, \
            created_by, subject_staff_id, subject_area, planned, plan_month, due_on, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(req.id.to_string())
    .bind(property_id)
    .bind(&template.id)
    .bind(template.version)
    .bind(&template.area)
    .bind(&template.department_id)
    .bind(&auditor)
    .bind(&auth.staff.id)
    .bind(req.subject_staff_id.map(|s| s.to_string()))
    .bind(subject_area)
    .bind(flag(managing))
    .bind(&plan_month)
    .bind(req.due_on.map(|d| d.to_string()))
    .bind(AuditStatus::Assigned.as_str())
    .bind(now)
    .execute(tx.conn())
    .await;
    if let Err(err) = inserted {
        drop(tx);
        // A retry racing its original loses on the primary key: answer as a retry.
        return match already_made(&state, &auth, req.id).await? {
            Some(existing) => Ok((StatusCode::OK, Json(existing))),
            None => Err(err.into()),
        };
    }
    let made = announce_current(&state, &mut tx, &req.id.to_string(), AuditChange::Assigned).await?;
    notify::audits::assigned(&state, &mut tx, &made, &auth.staff.id).await?;
    tx.commit().await?;
    let row = store::readable(&state, &auth, req.id).await?;
    Ok((StatusCode::CREATED, Json(store::detail(&state, &row).await?)))
}

/// The audit an earlier request with this id made; 409 if the id is another's.
async fn already_made(state: &AppState, auth: &Auth, id: Uuid) -> ApiResult<Option<Audit>> {
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM audits WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_none() {
        return Ok(None);
    }
    match store::load(state, auth.property_id(), id).await? {
        Some(row) if row.readable_by(auth) => Ok(Some(store::detail(state, &row).await?)),
        _ => Err(ApiError::conflict("this id belongs to another audit")),
    }
}

/// Audits, newest due first within the filter. Auditors get their own only (by default
/// their queue of open audits); managers get every audit of the property.
#[utoipa::path(get, path = "/audits", tag = "audits", params(AuditListQuery), responses(
    (status = 200, body = Page<AuditSummary>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Query(q): Query<AuditListQuery>,
) -> ApiResult<Json<Page<AuditSummary>>> {
    if let Some(m) = &q.month {
        audit_wire::month(m).map_err(|r| ApiError::field("month", r))?;
    }
    let page = Paging::new(q.limit, q.offset);
    let statuses = match q.filter {
        AuditListFilter::Open => "('assigned', 'in_progress')",
        AuditListFilter::Done => "('submitted', 'published')",
        AuditListFilter::All => "('assigned', 'in_progress', 'submitted', 'published')",
    };
    let auditor = if auth.role() == Role::Auditor {
        auth.staff.id.as_str()
    } else {
        ""
    };
    let filter = format!(
        "WHERE a.property_id = $1 AND ($2 = '' OR a.auditor_id = $2) AND ($3 = '' OR a.plan_month = $3) \
         AND a.status IN {statuses}"
    );
    let month = q.month.as_deref().unwrap_or("");
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM audits a {filter}"))
        .bind(auth.property_id())
        .bind(auditor)
        .bind(month)
        .fetch_one(&state.db.pool)
        .await?;
    let rows: Vec<AuditRow> = sqlx::query_as(&format!(
        "{} {filter} ORDER BY CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on, a.created_at, a.id \
         LIMIT $4 OFFSET $5",
        store::select_summary()
    ))
    .bind(auth.property_id())
    .bind(auditor)
    .bind(month)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    let items = rows.iter().map(AuditRow::summary).collect::<ApiResult<_>>()?;
    Ok(Json(page.page(items, total)?))
}
