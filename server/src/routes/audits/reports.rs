//! The monthly audit report and its CSV. Every figure is aggregated in SQL over the
//! month's rows (indexed by property and result month), so a report reads a month, not
//! the history.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use bellhop_api::audit_wire::{self, AuditReport, FailedItemCount, MonthQuery, ScoreGroup, StaffResult};
use bellhop_api::csv_writer::CsvWriter;
use bellhop_api::ErrorBody;
use chrono::Months;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::plans::{self, today};
use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::download;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::rows::{count, Row};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report)).routes(routes!(report_csv))
}

async fn month(state: &AppState, property_id: &str, q: &MonthQuery) -> ApiResult<String> {
    match &q.month {
        Some(m) => {
            audit_wire::month(m).map_err(|r| ApiError::field("month", r))?;
            Ok(m.clone())
        }
        None => Ok(today(state, property_id).await?.0.format("%Y-%m").to_string()),
    }
}

/// A month of audits: done against planned and the target, averages by area,
/// department and section, the twelve-month trend, the most-failed items and the
/// results per audited staff member.
#[utoipa::path(get, path = "/reports/audits", tag = "audits", params(MonthQuery), responses(
    (status = 200, body = AuditReport),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`month` is not a `YYYY-MM` month", body = ErrorBody),
))]
async fn report(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Query(q): Query<MonthQuery>,
) -> ApiResult<Json<AuditReport>> {
    let month = month(&state, auth.property_id(), &q).await?;
    Ok(Json(build(&state, auth.property_id(), &month).await?))
}

type Group = (String, String, i64, Option<f64>);

fn groups(rows: Vec<Group>) -> ApiResult<Vec<ScoreGroup>> {
    rows.into_iter()
        .map(|(key, label, audits, average)| {
            Ok(ScoreGroup {
                key,
                label,
                audits: count(audits)?,
                average,
            })
        })
        .collect()
}

pub async fn build(state: &AppState, property_id: &str, month: &str) -> ApiResult<AuditReport> {
    let pool = &state.db.pool;
    let (planned,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audits WHERE property_id = $1 AND plan_month = $2")
        .bind(property_id)
        .bind(month)
        .fetch_one(pool)
        .await?;
    let (done, passed, average): (i64, i64, Option<f64>) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(CASE WHEN passed = 1 THEN 1 END), AVG(score) FROM audits \
         WHERE property_id = $1 AND result_month = $2",
    )
    .bind(property_id)
    .bind(month)
    .fetch_one(pool)
    .await?;
    let by_area: Vec<Group> = sqlx::query_as(
        "SELECT area, area, COUNT(*), AVG(score) FROM audits WHERE property_id = $1 AND result_month = $2 \
         GROUP BY area ORDER BY area",
    )
    .bind(property_id)
    .bind(month)
    .fetch_all(pool)
    .await?;
    let by_department: Vec<Group> = sqlx::query_as(
        "SELECT a.department_id, d.name, COUNT(*), AVG(a.score) FROM audits a JOIN departments d ON d.id = a.department_id \
         WHERE a.property_id = $1 AND a.result_month = $2 GROUP BY a.department_id, d.name ORDER BY d.name",
    )
    .bind(property_id)
    .bind(month)
    .fetch_all(pool)
    .await?;
    let by_section: Vec<Group> = sqlx::query_as(
        "SELECT s.template_id || ':' || s.title, MAX(v.name) || ' — ' || s.title, COUNT(s.score), AVG(s.score) \
         FROM audit_section_scores s JOIN audit_templates t ON t.id = s.template_id \
         JOIN audit_template_versions v ON v.template_id = t.id AND v.version = t.latest_version \
         WHERE s.property_id = $1 AND s.result_month = $2 GROUP BY s.template_id, s.title ORDER BY 2",
    )
    .bind(property_id)
    .bind(month)
    .fetch_all(pool)
    .await?;
    let first = audit_wire::month(month).map_err(|r| ApiError::field("month", r))?;
    let months: Vec<String> = (0..12)
        .rev()
        .filter_map(|back| first.checked_sub_months(Months::new(back)))
        .map(|d| d.format("%Y-%m").to_string())
        .collect();
    let trend_rows: Vec<(String, i64, Option<f64>)> = sqlx::query_as(
        "SELECT result_month, COUNT(*), AVG(score) FROM audits \
         WHERE property_id = $1 AND result_month >= $2 AND result_month <= $3 GROUP BY result_month",
    )
    .bind(property_id)
    .bind(&months[0])
    .bind(month)
    .fetch_all(pool)
    .await?;
    let trend_rows: BTreeMap<String, (i64, Option<f64>)> =
        trend_rows.into_iter().map(|(m, n, avg)| (m, (n, avg))).collect();
    let trend = months
        .into_iter()
        .map(|m| {
            let (audits, average) = trend_rows.get(&m).copied().unwrap_or((0, None));
            Ok(ScoreGroup {
                key: m.clone(),
                label: m,
                audits: count(audits)?,
                average,
            })
        })
        .collect::<ApiResult<_>>()?;
    let failed: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT MAX(v.name), f.item_key, MAX(f.text), MAX(f.critical), COUNT(*) FROM audit_failed_items f \
         JOIN audit_templates t ON t.id = f.template_id \
         JOIN audit_template_versions v ON v.template_id = t.id AND v.version = t.latest_version \
         WHERE f.property_id = $1 AND f.result_month = $2 GROUP BY f.template_id, f.item_key \
         ORDER BY COUNT(*) DESC, f.item_key LIMIT 10",
    )
    .bind(property_id)
    .bind(month)
    .fetch_all(pool)
    .await?;
    let staff: Vec<(String, String, i64, i64, Option<f64>)> = sqlx::query_as(
        "SELECT a.subject_staff_id, s.display_name, COUNT(*), COUNT(CASE WHEN a.passed = 1 THEN 1 END), AVG(a.score) \
         FROM audits a JOIN staff s ON s.id = a.subject_staff_id \
         WHERE a.property_id = $1 AND a.result_month = $2 GROUP BY a.subject_staff_id, s.display_name \
         ORDER BY s.display_name",
    )
    .bind(property_id)
    .bind(month)
    .fetch_all(pool)
    .await?;
    Ok(AuditReport {
        month: month.to_owned(),
        target: plans::target(state, property_id, month).await?,
        planned: count(planned)?,
        done: count(done)?,
        passed: count(passed)?,
        average,
        by_area: groups(by_area)?,
        by_department: groups(by_department)?,
        by_section: groups(by_section)?,
        trend,
        most_failed: failed
            .into_iter()
            .map(|(template_name, item_key, text, critical, failures)| {
                Ok(FailedItemCount {
                    template_name,
                    item_key,
                    text,
                    critical: critical != 0,
                    failures: count(failures)?,
                })
            })
            .collect::<ApiResult<_>>()?,
        by_staff: staff
            .into_iter()
            .map(|(id, name, audits, passed, average)| {
                Ok(StaffResult {
                    staff_id: Row::new("audits", &id).id("subject_staff_id", &id)?,
                    name,
                    audits: count(audits)?,
                    passed: count(passed)?,
                    average,
                })
            })
            .collect::<ApiResult<_>>()?,
    })
}

#[derive(sqlx::FromRow)]
struct CsvRow {
    id: String,
    submitted_at: i64,
    template_name: String,
    template_version: i64,
    area: String,
    department: String,
    subject_staff: Option<String>,
    subject_area: Option<String>,
    auditor: String,
    status: String,
    score: Option<f64>,
    passed: Option<i64>,
    critical_failed: Option<i64>,
    failed_items: i64,
}

/// The month's submitted audits as CSV, one line each.
#[utoipa::path(get, path = "/reports/audits.csv", tag = "audits", params(MonthQuery), responses(
    (status = 200, description = "text/csv", content_type = "text/csv", body = String),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`month` is not a `YYYY-MM` month", body = ErrorBody),
))]
async fn report_csv(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Query(q): Query<MonthQuery>,
) -> ApiResult<Response> {
    let month = month(&state, auth.property_id(), &q).await?;
    let rows: Vec<CsvRow> = sqlx::query_as(
        "SELECT a.id, a.submitted_at, v.name AS template_name, a.template_version, a.area, d.name AS department, \
            su.display_name AS subject_staff, a.subject_area, au.display_name AS auditor, a.status, a.score, \
            a.passed, a.critical_failed, \
            (SELECT COUNT(*) FROM audit_failed_items f WHERE f.audit_id = a.id) AS failed_items \
         FROM audits a \
         JOIN audit_template_versions v ON v.template_id = a.template_id AND v.version = a.template_version \
         JOIN departments d ON d.id = a.department_id \
         JOIN staff au ON au.id = a.auditor_id \
         LEFT JOIN staff su ON su.id = a.subject_staff_id \
         WHERE a.property_id = $1 AND a.result_month = $2 ORDER BY a.submitted_at, a.id",
    )
    .bind(auth.property_id())
    .bind(&month)
    .fetch_all(&state.db.pool)
    .await?;
    let mut csv = CsvWriter::new(&[
        "audit_id",
        "submitted_at",
        "template",
        "version",
        "area",
        "department",
        "staff",
        "subject_area",
        "auditor",
        "status",
        "score",
        "passed",
        "critical_failed",
        "failed_items",
    ]);
    let flag = |v: Option<i64>| match v {
        Some(0) => "no",
        Some(_) => "yes",
        None => "",
    };
    for r in rows {
        let submitted = Row::new("audits", &r.id).time("submitted_at", r.submitted_at)?;
        csv.row([
            r.id,
            submitted.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            r.template_name,
            r.template_version.to_string(),
            r.area,
            r.department,
            r.subject_staff.unwrap_or_default(),
            r.subject_area.unwrap_or_default(),
            r.auditor,
            r.status,
            r.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            flag(r.passed).to_owned(),
            flag(r.critical_failed).to_owned(),
            r.failed_items.to_string(),
        ]);
    }
    Ok(download::csv(&format!("audits-{month}.csv"), csv.finish()))
}
