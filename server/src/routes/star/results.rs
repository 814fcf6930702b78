//! Closing a month's count, its results and the wall of past stars.

use std::collections::BTreeMap;

use axum::extract::State;
use bellhop_api::star::{self, Candidate, CycleState, StarResults, StarWinner, WallEntry, Weights};
use bellhop_api::ErrorBody;

use super::{cycle_for, eligible, setup, CycleRow, CYCLE_COLUMNS};
use crate::app::AppState;
use crate::auth::{Auth, Authorized, Managers};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::notify;
use crate::people::HOTEL_STAFF;
use crate::rows::{self, Row};

/// Closes the count once the voting days are over, and names the star.
#[utoipa::path(post, path = "/star/cycles/{month}/close", tag = "star", params(("month" = String, Path)), responses(
    (status = 200, body = StarResults),
    (status = 403, body = ErrorBody),
    (status = 409, description = "Voting is still open, or the cycle is closed", body = ErrorBody),
))]
pub async fn close(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(month): Path<String>,
) -> ApiResult<Json<StarResults>> {
    let setup = setup(&state, auth.property_id()).await?;
    let cycle = cycle_for(&state, auth.property_id(), &setup, Some(&month)).await?;
    match cycle.state(state.clock.now_ms()) {
        CycleState::Counting => {}
        CycleState::Closed => return Err(ApiError::conflict("this month is already closed")),
        _ => return Err(ApiError::conflict("voting is still open or has not started")),
    }
    let pool = &state.db.pool;
    let eligible = eligible(&state, auth.property_id(), &setup).await?;
    let ballots: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT candidate_id, voter_department_id FROM star_ballots WHERE cycle_id = $1")
            .bind(&cycle.id)
            .fetch_all(pool)
            .await?;
    let start = crate::clock::local_midnight_ms(&setup.tz, cycle.first_day()?);
    let compliments: Vec<(String, i64)> = sqlx::query_as(
        "SELECT staff_id, COUNT(*) FROM star_compliments WHERE property_id = $1 AND at >= $2 AND at < $3 GROUP BY staff_id",
    )
    .bind(auth.property_id())
    .bind(start)
    .bind(cycle.closes_at)
    .fetch_all(pool)
    .await?;
    let voters: Vec<(Option<String>, i64)> = sqlx::query_as(&format!(
        "SELECT department_id, COUNT(*) FROM {HOTEL_STAFF} s WHERE property_id = $1 AND active = 1 \
         GROUP BY department_id"
    ))
    .bind(auth.property_id())
    .fetch_all(pool)
    .await?;
    // People outside every department vote as one group of their own.
    let voters_per_department: BTreeMap<String, u32> = voters
        .into_iter()
        .map(|(d, n)| Ok((d.unwrap_or_default(), rows::count(n)?)))
        .collect::<ApiResult<_>>()?;
    let skills = skills_of_the_month(&state, auth.property_id(), &cycle, start).await?;
    let candidates: Vec<Candidate> = eligible
        .iter()
        .map(|n| {
            Ok(Candidate {
                employee_no: n.id.clone(),
                ballots_from: ballots
                    .iter()
                    .filter(|(c, _)| *c == n.id)
                    .map(|(_, d)| d.clone().unwrap_or_default())
                    .collect(),
                compliments: match compliments.iter().find(|(s, _)| *s == n.id) {
                    Some((_, c)) => rows::count(*c)?,
                    None => 0,
                },
                skills: skills.get(&n.id).copied(),
            })
        })
        .collect::<ApiResult<_>>()?;
    let weights = setup.settings.weights;
    let standings = star::rank(&candidates, &voters_per_department, weights);
    let in_force = weights.in_force(candidates.iter().any(|c| c.skills.is_some()));
    let mut tx = state.db.begin_write().await?;
    let closed = sqlx::query(
        "UPDATE star_cycles SET closed_at = $1, weights = $2, department_stars = $3 WHERE id = $4 AND closed_at IS NULL",
    )
    .bind(state.clock.now_ms())
    .bind(serde_json::to_string(&in_force).unwrap_or_default())
    .bind(db::flag(setup.settings.department_stars))
    .bind(&cycle.id)
    .execute(tx.conn())
    .await?;
    if closed.rows_affected() == 0 {
        return Err(ApiError::conflict("this month is already closed"));
    }
    for (position, standing) in standings.iter().enumerate() {
        let candidate = candidates.iter().find(|c| c.employee_no == standing.employee_no);
        let department = eligible
            .iter()
            .find(|n| n.id == standing.employee_no)
            .and_then(|n| n.department_id.as_deref());
        sqlx::query(
            "INSERT INTO star_results (cycle_id, staff_id, property_id, position, score, votes, compliments, \
                                       department_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&cycle.id)
        .bind(&standing.employee_no)
        .bind(auth.property_id())
        .bind(i64::try_from(position).unwrap_or(i64::MAX) + 1)
        .bind(standing.score)
        .bind(candidate.map_or(0, |c| c.ballots_from.len() as i64))
        .bind(candidate.map_or(0, |c| i64::from(c.compliments)))
        .bind(department)
        .execute(tx.conn())
        .await?;
    }
    notify::star::announced(&state, &mut tx, auth.property_id(), &cycle.month, &auth.staff.id).await?;
    tx.commit().await?;
    Ok(Json(load_results(&state, &auth, &month).await?))
}

/// Each person's skills score for the month, 0–100: the mean of their average quiz
/// score (attempts handed in from `start` to the close) and their average audit score
/// (audits of their service submitted that month), over whichever of the two exist.
async fn skills_of_the_month(
    state: &AppState,
    property_id: &str,
    cycle: &CycleRow,
    start: i64,
) -> ApiResult<BTreeMap<String, f64>> {
    let pool = &state.db.pool;
    let quizzes: Vec<(String, f64)> = sqlx::query_as(
        "SELECT staff_id, AVG(score) FROM training_attempts WHERE property_id = $1 AND score IS NOT NULL \
         AND submitted_at >= $2 AND submitted_at < $3 GROUP BY staff_id",
    )
    .bind(property_id)
    .bind(start)
    .bind(cycle.closes_at)
    .fetch_all(pool)
    .await?;
    let audits: Vec<(String, f64)> = sqlx::query_as(
        "SELECT subject_staff_id, AVG(score) FROM audits WHERE property_id = $1 AND result_month = $2 \
         AND score IS NOT NULL AND subject_staff_id IS NOT NULL GROUP BY subject_staff_id",
    )
    .bind(property_id)
    .bind(&cycle.month)
    .fetch_all(pool)
    .await?;
    let mut sums: BTreeMap<String, (f64, u32)> = BTreeMap::new();
    for (person, average) in quizzes.into_iter().chain(audits) {
        let entry = sums.entry(person).or_default();
        entry.0 += average;
        entry.1 += 1;
    }
    Ok(sums
        .into_iter()
        .map(|(person, (sum, n))| (person, (sum / f64::from(n)).clamp(0.0, 100.0)))
        .collect())
}

/// A closed month's star, the colleagues' reasons without names, and what the asker
/// received. Before the close nothing is shown.
#[utoipa::path(get, path = "/star/results/{month}", tag = "star", params(("month" = String, Path)), responses(
    (status = 200, body = StarResults),
    (status = 404, description = "Unknown month, or not closed yet", body = ErrorBody),
))]
pub async fn results(
    State(state): State<AppState>,
    auth: Auth,
    Path(month): Path<String>,
) -> ApiResult<Json<StarResults>> {
    Ok(Json(load_results(&state, &auth, &month).await?))
}

#[derive(sqlx::FromRow)]
struct ResultRow {
    staff_id: String,
    display_name: String,
    department_id: Option<String>,
    score: f64,
}

async fn load_results(state: &AppState, auth: &Auth, month: &str) -> ApiResult<StarResults> {
    let pool = &state.db.pool;
    let cycle: Option<CycleRow> = sqlx::query_as(&format!(
        "SELECT {CYCLE_COLUMNS} FROM star_cycles WHERE property_id = $1 AND month = $2"
    ))
    .bind(auth.property_id())
    .bind(month)
    .fetch_optional(pool)
    .await?;
    let cycle = cycle
        .filter(|c| c.closed_at.is_some())
        .ok_or_else(|| ApiError::not_found("closed month"))?;
    // Everyone who scored, best first: the first is the star, the first of each
    // department that department's.
    let scored: Vec<ResultRow> = sqlx::query_as(
        "SELECT r.staff_id, s.display_name, r.department_id, r.score FROM star_results r \
         JOIN staff s ON s.id = r.staff_id WHERE r.cycle_id = $1 AND r.score > 0 ORDER BY r.position",
    )
    .bind(&cycle.id)
    .fetch_all(pool)
    .await?;
    let winner = match scored.first() {
        Some(top) => Some(star_of(state, &cycle, top).await?),
        None => None,
    };
    let mut department_stars = Vec::new();
    if cycle.department_stars != 0 {
        let mut seen = Vec::new();
        for row in scored.iter().filter(|r| r.department_id.is_some()) {
            if !seen.contains(&row.department_id) {
                seen.push(row.department_id.clone());
                department_stars.push(star_of(state, &cycle, row).await?);
            }
        }
    }
    let mine: Option<(i64, i64)> =
        sqlx::query_as("SELECT votes, compliments FROM star_results WHERE cycle_id = $1 AND staff_id = $2")
            .bind(&cycle.id)
            .bind(&auth.staff.id)
            .fetch_optional(pool)
            .await?;
    // The close stores the weights it used.
    let stored = cycle.row();
    let weights: Weights = stored.json("weights", stored.present("weights", cycle.weights.as_deref())?)?;
    let (votes, compliments) = mine.unwrap_or_default();
    Ok(StarResults {
        my_votes: Row::new("star_results", &cycle.id).number("votes", votes)?,
        my_compliments: Row::new("star_results", &cycle.id).number("compliments", compliments)?,
        month: cycle.month,
        winner,
        weights,
        department_stars,
    })
}

/// A star with the reasons colleagues gave, without names.
async fn star_of(state: &AppState, cycle: &CycleRow, row: &ResultRow) -> ApiResult<StarWinner> {
    let mut reasons: Vec<(String,)> =
        sqlx::query_as("SELECT reason FROM star_ballots WHERE cycle_id = $1 AND candidate_id = $2 AND reason <> ''")
            .bind(&cycle.id)
            .bind(&row.staff_id)
            .fetch_all(&state.db.pool)
            .await?;
    // Sorted, so the order gives nothing away about when (or by whom) it was cast.
    reasons.sort();
    let stored = Row::new("star_results", &cycle.id);
    Ok(StarWinner {
        staff_id: stored.id("staff_id", &row.staff_id)?,
        display_name: row.display_name.clone(),
        department_id: stored.opt_id("department_id", row.department_id.as_deref())?,
        score: row.score,
        reasons: reasons.into_iter().map(|(r,)| r).collect(),
    })
}

/// Every past star, newest first.
#[utoipa::path(get, path = "/star/wall", tag = "star", responses(
    (status = 200, body = Vec<WallEntry>),
))]
pub async fn wall(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<WallEntry>>> {
    Ok(Json(wall_of(&state.db.pool, auth.property_id(), 120).await?))
}

/// A hotel's latest `limit` stars, newest first; the chain's figures show the first.
pub async fn wall_of(pool: &sqlx::AnyPool, property_id: &str, limit: i64) -> ApiResult<Vec<WallEntry>> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(&format!(
        "SELECT c.month, r.staff_id, s.display_name, s.department_id FROM star_results r \
         JOIN star_cycles c ON c.id = r.cycle_id \
         JOIN {HOTEL_STAFF} s ON s.id = r.staff_id AND s.property_id = r.property_id \
         WHERE r.property_id = $1 AND r.position = 1 AND r.score > 0 ORDER BY c.month DESC LIMIT $2"
    ))
    .bind(property_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(month, id, name, department)| {
            let stored = Row::new("star_results", &month);
            Ok(WallEntry {
                staff_id: stored.id("staff_id", &id)?,
                department_id: stored.opt_id("department_id", department.as_deref())?,
                display_name: name,
                month,
            })
        })
        .collect()
}
