//! The end-of-day report: per attendant, rooms assigned and cleaned, minutes per room
//! from start to clean, inspections passed and failed, and re-cleans; as JSON and CSV.
//! Each room counts for the attendant whose list it was on that day.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use bellhop_api::room_assignments::{self, AttendantReport, DayQuery, DayReport};
use bellhop_api::ErrorBody;
use chrono::Duration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::assign_store;
use super::assignments::require_assigner;
use super::effects;
use super::status_store;
use crate::app::AppState;
use crate::auth::Auth;
use crate::clock::{day_number, local_midnight_ms};
use crate::download;
use crate::error::ApiResult;
use crate::extract::{Json, Query};
use crate::rows::Row;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report)).routes(routes!(report_csv))
}

/// The day's work per attendant (today if no `day`).
#[utoipa::path(get, path = "/rooms/report", tag = "rooms", params(DayQuery), responses(
    (status = 200, body = DayReport),
    (status = 403, body = ErrorBody),
))]
async fn report(State(state): State<AppState>, auth: Auth, Query(q): Query<DayQuery>) -> ApiResult<Json<DayReport>> {
    require_assigner(&state, &auth).await?;
    Ok(Json(build(&state, auth.property_id(), q).await?))
}

/// The same report as a CSV file, one attendant a row.
#[utoipa::path(get, path = "/rooms/report.csv", tag = "rooms", params(DayQuery), responses(
    (status = 200, description = "text/csv", content_type = "text/csv", body = String),
    (status = 403, body = ErrorBody),
))]
async fn report_csv(State(state): State<AppState>, auth: Auth, Query(q): Query<DayQuery>) -> ApiResult<Response> {
    require_assigner(&state, &auth).await?;
    let report = build(&state, auth.property_id(), q).await?;
    Ok(download::csv(
        &format!("rooms-{}.csv", report.day),
        room_assignments::report_csv(&report),
    ))
}

#[derive(Default)]
struct Tally {
    name: String,
    assigned: u32,
    cleaned: u32,
    minutes: Vec<f64>,
    passed: u32,
    failed: u32,
}

/// Reports show minutes and rates to a tenth.
fn tenth(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

async fn build(state: &AppState, property_id: &str, q: DayQuery) -> ApiResult<DayReport> {
    let (today, tz, _) = effects::today(state, property_id).await?;
    let day = q.day.unwrap_or(today);
    let from = local_midnight_ms(&tz, day);
    let to = local_midnight_ms(&tz, day + Duration::days(1));
    let assignments = assign_store::day(&state.db.pool, property_id, day_number(day)).await?;
    let mut order = Vec::new();
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    let mut owner: HashMap<String, String> = HashMap::new();
    for a in &assignments {
        if !tallies.contains_key(&a.attendant_id) {
            order.push(a.attendant_id.clone());
        }
        let tally = tallies.entry(a.attendant_id.clone()).or_default();
        tally.name = a.attendant_name.clone();
        tally.assigned += 1;
        owner.insert(a.room_id.clone(), a.attendant_id.clone());
    }
    let mut started: HashMap<String, i64> = HashMap::new();
    for event in status_store::between(&state.db.pool, property_id, from, to).await? {
        let Some(tally) = owner.get(&event.room_id).and_then(|who| tallies.get_mut(who)) else {
            continue;
        };
        match event.what.as_str() {
            "start_cleaning" => {
                started.entry(event.room_id.clone()).or_insert(event.at);
            }
            "mark_clean" => {
                tally.cleaned += 1;
                if let Some(start) = started.remove(&event.room_id) {
                    tally.minutes.push((event.at - start) as f64 / 60_000.0);
                }
            }
            "inspected" => tally.passed += 1,
            "fail_inspection" => tally.failed += 1,
            _ => {}
        }
    }
    let attendants = order
        .into_iter()
        .map(|id| {
            let t = tallies.remove(&id).unwrap_or_default();
            let inspected = t.passed + t.failed;
            Ok(AttendantReport {
                attendant_id: Row::new("room_assignments", &id).id("attendant_id", &id)?,
                attendant_name: t.name,
                rooms_assigned: t.assigned,
                rooms_cleaned: t.cleaned,
                average_minutes: (!t.minutes.is_empty())
                    .then(|| tenth(t.minutes.iter().sum::<f64>() / t.minutes.len() as f64)),
                inspections_passed: t.passed,
                inspections_failed: t.failed,
                pass_rate: (inspected > 0).then(|| tenth(f64::from(t.passed) * 100.0 / f64::from(inspected))),
                recleans: t.failed,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(DayReport { day, attendants })
}
