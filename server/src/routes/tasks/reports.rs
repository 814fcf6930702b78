//! Supervisors' numbers per department and day or week: created, done, time to accept
//! and to complete (median, 90th percentile), share on time, complaints closed within
//! 24 hours, and what is overdue now — as JSON for the chart and as CSV.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use bellhop_api::csv_writer::CsvWriter;
use bellhop_api::people::Role;
use bellhop_api::tasks::{self, percentile, Bucket, TaskReport, TaskReportQuery, TaskReportRow};
use bellhop_api::ErrorBody;
use chrono::{Datelike, Duration, NaiveDate};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Auth;
use crate::clock::local_midnight_ms;
use crate::download;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::routes::property;
use crate::rows::{self, Row};
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report)).routes(routes!(report_csv))
}

/// The longest range one report covers.
const MAX_DAYS: i64 = 92;

#[derive(sqlx::FromRow)]
struct FactRow {
    id: String,
    department_id: String,
    type_code: String,
    created_at: i64,
    accepted_at: Option<i64>,
    done_at: Option<i64>,
    resolve_by: i64,
}

/// Numbers per department and period, for a chart.
#[utoipa::path(get, path = "/reports/tasks", tag = "tasks", params(TaskReportQuery), responses(
    (status = 200, body = TaskReport),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`from` is after `to`, or the range is too long", body = ErrorBody),
))]
async fn report(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<TaskReportQuery>,
) -> ApiResult<Json<TaskReport>> {
    Ok(Json(build(&state, &auth, &q).await?))
}

/// The same numbers as CSV, one line per department and period.
#[utoipa::path(get, path = "/reports/tasks.csv", tag = "tasks", params(TaskReportQuery), responses(
    (status = 200, description = "text/csv", content_type = "text/csv", body = String),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`from` is after `to`, or the range is too long", body = ErrorBody),
))]
async fn report_csv(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<TaskReportQuery>,
) -> ApiResult<Response> {
    let report = build(&state, &auth, &q).await?;
    let names = department_names(&state, auth.property_id()).await?;
    let mut csv = CsvWriter::new(&[
        "department",
        "period",
        "created",
        "done",
        "accept_median_mins",
        "accept_p90_mins",
        "complete_median_mins",
        "complete_p90_mins",
        "on_time_pct",
        "complaints",
        "complaints_closed_24h",
    ]);
    let num = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    for r in &report.rows {
        let name = names.get(&r.department_id).map(String::as_str).unwrap_or("");
        csv.row([
            name.to_owned(),
            r.period.clone(),
            r.created.to_string(),
            r.done.to_string(),
            num(r.accept_median_mins),
            num(r.accept_p90_mins),
            num(r.complete_median_mins),
            num(r.complete_p90_mins),
            num(r.on_time_pct),
            r.complaints.to_string(),
            r.complaints_closed_24h.to_string(),
        ]);
    }
    Ok(download::csv("tasks-report.csv", csv.finish()))
}

async fn department_names(state: &AppState, property_id: &str) -> ApiResult<BTreeMap<Uuid, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, name FROM departments WHERE property_id = $1")
        .bind(property_id)
        .fetch_all(&state.db.pool)
        .await?;
    rows.into_iter()
        .map(|(id, name)| Ok((Row::new("departments", &id).own_id()?, name)))
        .collect()
}

async fn build(state: &AppState, auth: &Auth, q: &TaskReportQuery) -> ApiResult<TaskReport> {
    let department = match (auth.role(), q.department_id) {
        (role, asked) if role.manages_property() => asked.map(|d| d.to_string()),
        (Role::Supervisor, asked) => {
            let own = auth.department_id.clone().ok_or_else(ApiError::forbidden)?;
            if asked.is_some_and(|a| a.to_string() != own) {
                return Err(ApiError::forbidden());
            }
            Some(own)
        }
        _ => return Err(ApiError::forbidden()),
    };
    build_in(state, auth.property_id(), department.as_deref(), q).await
}

/// The report of one hotel (one department of it when `department` is given), without
/// asking who may read it: the chain's figures read each hotel's through this.
pub async fn build_in(
    state: &AppState,
    property_id: &str,
    department: Option<&str>,
    q: &TaskReportQuery,
) -> ApiResult<TaskReport> {
    let tz = property::zone(&state.db.pool, property_id).await?;
    let today = state.clock.now().with_timezone(&tz).date_naive();
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or(to - Duration::days(6));
    if from > to || (to - from).num_days() >= MAX_DAYS {
        return Err(ApiError::field("from", FieldReason::RangeInvalid));
    }
    let start = local_midnight_ms(&tz, from);
    let end = local_midnight_ms(&tz, to + Duration::days(1));
    let facts: Vec<FactRow> = sqlx::query_as(
        "SELECT t.id, t.department_id, ty.code AS type_code, t.created_at, t.accepted_at, t.done_at, t.resolve_by \
         FROM tasks t JOIN task_types ty ON ty.id = t.type_id \
         WHERE t.property_id = $1 AND t.created_at >= $2 AND t.created_at < $3 AND ($4 = '' OR t.department_id = $4)",
    )
    .bind(property_id)
    .bind(start)
    .bind(end)
    .bind(department.unwrap_or(""))
    .fetch_all(&state.db.pool)
    .await?;

    let mut groups: BTreeMap<(String, NaiveDate), Vec<FactRow>> = BTreeMap::new();
    for fact in facts {
        let created = Row::new("tasks", &fact.id).time("created_at", fact.created_at)?;
        let day = created.with_timezone(&tz).date_naive();
        let period = match q.bucket {
            Bucket::Day => day,
            Bucket::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        };
        groups
            .entry((fact.department_id.clone(), period))
            .or_default()
            .push(fact);
    }
    let rows = groups
        .into_iter()
        .map(|((department, period), facts)| summarize(&department, period, &facts))
        .collect::<ApiResult<_>>()?;

    let now = state.clock.now_ms();
    let overdue: Vec<(String, i64)> = sqlx::query_as(
        "SELECT department_id, COUNT(*) FROM tasks WHERE property_id = $1 AND is_active = 1 AND status <> 'done' \
         AND (resolve_by < $2 OR (status = 'new' AND respond_by < $2)) AND ($3 = '' OR department_id = $3) \
         GROUP BY department_id",
    )
    .bind(property_id)
    .bind(now)
    .bind(department.unwrap_or(""))
    .fetch_all(&state.db.pool)
    .await?;
    let overdue_now = overdue
        .into_iter()
        .map(|(d, n)| Ok((Row::new("tasks", &d).id("department_id", &d)?, rows::count(n)?)))
        .collect::<ApiResult<_>>()?;
    Ok(TaskReport {
        bucket: q.bucket,
        rows,
        overdue_now,
    })
}

fn summarize(department: &str, period: NaiveDate, facts: &[FactRow]) -> ApiResult<TaskReportRow> {
    // Tenths of a minute: finer is noise on a supervisor's chart.
    let minutes = |from: i64, to: i64| ((to - from) as f64 / 6_000.0).round() / 10.0;
    let sorted = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v
    };
    let accept = sorted(
        facts
            .iter()
            .filter_map(|f| Some(minutes(f.created_at, f.accepted_at?)))
            .collect(),
    );
    let complete = sorted(
        facts
            .iter()
            .filter_map(|f| Some(minutes(f.created_at, f.done_at?)))
            .collect(),
    );
    let done: Vec<&FactRow> = facts.iter().filter(|f| f.done_at.is_some()).collect();
    let on_time = done
        .iter()
        .filter(|f| f.done_at.is_some_and(|d| d <= f.resolve_by))
        .count();
    let complaints: Vec<&FactRow> = facts.iter().filter(|f| f.type_code == tasks::COMPLAINT).collect();
    let closed_24h = complaints
        .iter()
        .filter(|f| f.done_at.is_some_and(|d| d - f.created_at <= 24 * 3_600_000))
        .count();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(TaskReportRow {
        department_id: Row::new("tasks", department).id("department_id", department)?,
        period: period.format("%Y-%m-%d").to_string(),
        created: count(facts.len()),
        done: count(done.len()),
        accept_median_mins: percentile(&accept, 0.5),
        accept_p90_mins: percentile(&accept, 0.9),
        complete_median_mins: percentile(&complete, 0.5),
        complete_p90_mins: percentile(&complete, 0.9),
        on_time_pct: (!done.is_empty()).then(|| 100.0 * on_time as f64 / done.len() as f64),
        complaints: count(complaints.len()),
        complaints_closed_24h: count(closed_24h),
    })
}
