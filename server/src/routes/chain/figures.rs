//! Each hotel's headline figures side by side, read through the hotels' own reports
//! (tasks, audits, training, the star's wall) rather than queries of their own, so the
//! chain view and a hotel's report always agree.

use axum::extract::State;
use axum::response::Response;
use bellhop_api::audit_wire::{self, MonthQuery};
use bellhop_api::chain::{ChainFigures, HotelFigures};
use bellhop_api::tasks::{Bucket, TaskReportQuery};
use bellhop_api::ErrorBody;
use chrono::{Datelike, Months, NaiveDate};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::ChainAdmin;
use crate::download;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::routes::{audits, property, star, tasks, training};
use crate::rows::Row;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(figures))
        .routes(routes!(figures_csv))
}

/// Each active hotel's month: tasks done on time, complaints closed within 24 hours,
/// audits done against the target with their average score, training coverage and
/// pass rate, and the latest Service Star. Without `month`, each hotel's current month
/// in its own time zone.
#[utoipa::path(get, path = "/chain/figures", tag = "chain", params(MonthQuery), responses(
    (status = 200, body = ChainFigures),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
    (status = 422, description = "`month` is not a `YYYY-MM` month", body = ErrorBody),
))]
async fn figures(
    State(state): State<AppState>,
    ChainAdmin(_auth): ChainAdmin,
    Query(q): Query<MonthQuery>,
) -> ApiResult<Json<ChainFigures>> {
    Ok(Json(build(&state, &q).await?))
}

/// The same, one line per hotel, as CSV.
#[utoipa::path(get, path = "/chain/figures.csv", tag = "chain", params(MonthQuery), responses(
    (status = 200, description = "text/csv", content_type = "text/csv", body = String),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
    (status = 422, description = "`month` is not a `YYYY-MM` month", body = ErrorBody),
))]
async fn figures_csv(
    State(state): State<AppState>,
    ChainAdmin(_auth): ChainAdmin,
    Query(q): Query<MonthQuery>,
) -> ApiResult<Response> {
    Ok(download::csv("chain-figures.csv", build(&state, &q).await?.csv()))
}

async fn build(state: &AppState, q: &MonthQuery) -> ApiResult<ChainFigures> {
    let asked = match &q.month {
        Some(m) => Some(audit_wire::month(m).map_err(|r| ApiError::field("month", r))?),
        None => None,
    };
    let hotels: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM properties WHERE active = 1 ORDER BY name, id")
            .fetch_all(&state.db.pool)
            .await?;
    let mut figures = Vec::with_capacity(hotels.len());
    for (id, name) in hotels {
        figures.push(hotel(state, &id, name, asked).await?);
    }
    Ok(ChainFigures {
        at: state.clock.now(),
        hotels: figures,
    })
}

async fn hotel(state: &AppState, id: &str, name: String, asked: Option<NaiveDate>) -> ApiResult<HotelFigures> {
    let first = match asked {
        Some(first) => first,
        None => {
            let today = state.clock.today(&property::zone(&state.db.pool, id).await?);
            today.with_day(1).unwrap_or(today)
        }
    };
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(first);
    let month = first.format("%Y-%m").to_string();
    let task_query = TaskReportQuery {
        department_id: None,
        from: Some(first),
        to: Some(last),
        bucket: Bucket::Week,
    };
    let tasks = tasks::reports::build_in(state, id, None, &task_query).await?;
    let audits = audits::reports::build(state, id, &month).await?;
    let training = training::reports::build(state, id, None).await?;
    let star = star::results::wall_of(&state.db.pool, id, 1).await?.into_iter().next();
    let sum = |of: &dyn Fn(&bellhop_api::tasks::TaskReportRow) -> u32| tasks.rows.iter().map(of).sum::<u32>();
    Ok(HotelFigures {
        property_id: Row::new("properties", id).own_id()?,
        name,
        month,
        tasks_done: sum(&|r| r.done),
        // The report keeps each row's share; its count is that share of the row's done.
        tasks_on_time: sum(&|r| (r.on_time_pct.unwrap_or(0.0) * f64::from(r.done) / 100.0).round() as u32),
        complaints: sum(&|r| r.complaints),
        complaints_closed_24h: sum(&|r| r.complaints_closed_24h),
        audits_done: audits.done,
        audits_target: audits.target,
        audits_planned: audits.planned,
        audit_average: audits.average,
        training_assigned: training.coverage.iter().map(|c| c.assigned).sum(),
        training_attempted: training.coverage.iter().map(|c| c.attempted).sum(),
        training_passed: training.coverage.iter().map(|c| c.passed).sum(),
        star,
    })
}
