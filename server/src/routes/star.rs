//! The monthly Service Star: one secret ballot per employee per month, guest
//! compliments, and the close that names the star with the shared crate's blend.
//!
//! Ballots are stored without their voter. A keyed hash of (cycle, voter) lets the
//! server find and replace a person's own ballot, and a separate roll records only that
//! someone voted. No response ever pairs a voter with a choice, except a person's own.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::people::Role;
use bellhop_api::star::{
    self, BallotCast, Candidate, ComplimentCreate, CycleState, Nominee, StarCycle, StarResults, StarWinner, WallEntry,
    Weights,
};
use bellhop_api::ErrorBody;
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{secrets, Auth, Authorized, Managers};
use crate::clock::{day_number, from_ms, local_midnight_ms};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::people::parse_id;
use crate::routes::property;
use crate::routes::tasks::detail::wire_name;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current))
        .routes(routes!(nominees))
        .routes(routes!(cast))
        .routes(routes!(compliment))
        .routes(routes!(close))
        .routes(routes!(results))
        .routes(routes!(wall))
}

const REASON_MAX: usize = 280;

#[derive(Debug, Clone, sqlx::FromRow)]
struct CycleRow {
    id: String,
    month: String,
    opens_at: i64,
    closes_at: i64,
    closed_at: Option<i64>,
    weights: Option<String>,
}

impl CycleRow {
    fn state(&self, now: i64) -> CycleState {
        match self.closed_at {
            Some(_) => CycleState::Closed,
            None if now < self.opens_at => CycleState::Upcoming,
            None if now < self.closes_at => CycleState::Open,
            None => CycleState::Counting,
        }
    }
}

#[derive(sqlx::FromRow)]
struct StarSettings {
    time_zone: String,
    star_open_day: i64,
    star_min_days: i64,
    star_managers_eligible: i64,
}

async fn settings(state: &AppState, property_id: &str) -> ApiResult<StarSettings> {
    Ok(sqlx::query_as(
        "SELECT time_zone, star_open_day, star_min_days, star_managers_eligible FROM properties WHERE id = $1",
    )
    .bind(property_id)
    .fetch_one(&state.db.pool)
    .await?)
}

/// The cycle of the month `now` falls in (property time), made on first use.
async fn cycle_for(state: &AppState, property_id: &str, month: Option<&str>) -> ApiResult<CycleRow> {
    let settings = settings(state, property_id).await?;
    let tz: Tz = settings.time_zone.parse().unwrap_or(Tz::UTC);
    let first = match month {
        Some(m) => {
            NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").map_err(|_| ApiError::not_found("month"))?
        }
        None => {
            let today = state.clock.now().with_timezone(&tz).date_naive();
            today.with_day(1).unwrap_or(today)
        }
    };
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    let open_day = u32::try_from(settings.star_open_day).unwrap_or(20).clamp(1, 28);
    let opens = first.with_day(open_day).unwrap_or(first);
    let month = first.format("%Y-%m").to_string();
    sqlx::query(
        "INSERT INTO star_cycles (id, property_id, month, opens_at, closes_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (property_id, month) DO NOTHING",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(property_id)
    .bind(&month)
    .bind(local_midnight_ms(&tz, opens))
    .bind(local_midnight_ms(&tz, next))
    .execute(&state.db.pool)
    .await?;
    Ok(sqlx::query_as(
        "SELECT id, month, opens_at, closes_at, closed_at, weights FROM star_cycles WHERE property_id = $1 AND month = $2",
    )
    .bind(property_id)
    .bind(&month)
    .fetch_one(&state.db.pool)
    .await?)
}

/// The server's ballot key, made once and kept; read from the database once per process.
async fn ballot_key(state: &AppState) -> ApiResult<&[u8]> {
    let key = state.ballot_key.get_or_try_init(|| load_ballot_key(state)).await?;
    Ok(key)
}

async fn load_ballot_key(state: &AppState) -> ApiResult<Vec<u8>> {
    sqlx::query("INSERT INTO server_secrets (name, value) VALUES ('ballot_key', $1) ON CONFLICT (name) DO NOTHING")
        .bind(secrets::new_token())
        .execute(&state.db.pool)
        .await?;
    let (value,): (String,) = sqlx::query_as("SELECT value FROM server_secrets WHERE name = 'ballot_key'")
        .fetch_one(&state.db.pool)
        .await?;
    Ok(value.into_bytes())
}

/// The keyed hash that stands for `person` in `cycle`'s ballot box.
fn ballot_hash(key: &[u8], cycle_id: &str, person: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(format!("{cycle_id}:{person}").as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(sqlx::FromRow)]
struct NomineeRow {
    id: String,
    display_name: String,
    department_id: Option<String>,
}

/// The last hire date that counts as long enough with the hotel.
fn hired_by(state: &AppState, s: &StarSettings) -> i64 {
    let tz: Tz = s.time_zone.parse().unwrap_or(Tz::UTC);
    day_number(state.clock.today(&tz)) - s.star_min_days
}

/// Active colleagues who may be chosen: employed long enough (from the hire date), and
/// managers only where the hotel says so.
async fn eligible(state: &AppState, property_id: &str, s: &StarSettings) -> ApiResult<Vec<NomineeRow>> {
    Ok(sqlx::query_as(
        "SELECT id, display_name, department_id FROM staff WHERE property_id = $1 AND active = 1 \
         AND hired_on <= $2 AND ($3 = 1 OR role NOT IN ('manager', 'admin')) ORDER BY display_name",
    )
    .bind(property_id)
    .bind(hired_by(state, s))
    .bind(s.star_managers_eligible)
    .fetch_all(&state.db.pool)
    .await?)
}

/// This month's cycle, and the signed-in person's own choice if they voted.
#[utoipa::path(get, path = "/star/current", tag = "star", responses(
    (status = 200, body = StarCycle),
    (status = 401, body = ErrorBody),
))]
async fn current(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<StarCycle>> {
    let cycle = cycle_for(&state, auth.property_id(), None).await?;
    Ok(Json(cycle_view(&state, &auth, &cycle).await?))
}

async fn cycle_view(state: &AppState, auth: &Auth, cycle: &CycleRow) -> ApiResult<StarCycle> {
    let key = ballot_key(state).await?;
    let mine: Option<(String,)> =
        sqlx::query_as("SELECT candidate_id FROM star_ballots WHERE cycle_id = $1 AND ballot_key = $2")
            .bind(&cycle.id)
            .bind(ballot_hash(key, &cycle.id, &auth.staff.id))
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(StarCycle {
        month: cycle.month.clone(),
        opens_at: from_ms(cycle.opens_at),
        closes_at: from_ms(cycle.closes_at),
        state: cycle.state(state.clock.now_ms()),
        my_choice: mine.map(|(c,)| parse_id(&c)),
    })
}

/// Colleagues the signed-in person may vote for (never themselves).
#[utoipa::path(get, path = "/star/nominees", tag = "star", responses(
    (status = 200, body = Vec<Nominee>),
    (status = 401, body = ErrorBody),
))]
async fn nominees(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<Nominee>>> {
    let settings = settings(&state, auth.property_id()).await?;
    let rows = eligible(&state, auth.property_id(), &settings).await?;
    Ok(Json(
        rows.into_iter()
            .filter(|r| r.id != auth.staff.id)
            .map(|r| Nominee {
                id: parse_id(&r.id),
                display_name: r.display_name,
                department_id: r.department_id.as_deref().map(parse_id),
            })
            .collect(),
    ))
}

/// Casts or changes the signed-in person's ballot while voting is open. Only the last
/// ballot counts; sent many times at once, it is still one ballot.
#[utoipa::path(put, path = "/star/ballot", tag = "star", request_body = BallotCast, responses(
    (status = 200, body = StarCycle),
    (status = 401, body = ErrorBody),
    (status = 409, description = "Voting is not open", body = ErrorBody),
    (status = 422, description = "Oneself, or someone who cannot be chosen", body = ErrorBody),
))]
async fn cast(State(state): State<AppState>, auth: Auth, Json(req): Json<BallotCast>) -> ApiResult<Json<StarCycle>> {
    let reason = req.reason.trim();
    if reason.chars().count() > REASON_MAX {
        return Err(ApiError::field("reason", "too_long"));
    }
    let candidate = req.candidate_id.to_string();
    if candidate == auth.staff.id {
        return Err(ApiError::field("candidate_id", "self_vote"));
    }
    let cycle = cycle_for(&state, auth.property_id(), None).await?;
    if cycle.state(state.clock.now_ms()) != CycleState::Open {
        return Err(ApiError::conflict("voting is not open"));
    }
    let settings = settings(&state, auth.property_id()).await?;
    let nominees = eligible(&state, auth.property_id(), &settings).await?;
    if !nominees.iter().any(|n| n.id == candidate) {
        return Err(ApiError::field("candidate_id", "not_eligible"));
    }
    if !voter_eligible(&state, &auth, &settings).await? {
        return Err(ApiError::forbidden());
    }
    let key = ballot_key(&state).await?;
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO star_ballots (cycle_id, ballot_key, candidate_key, property_id, candidate_id, \
                                   voter_department_id, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (cycle_id, ballot_key) DO UPDATE SET candidate_key = excluded.candidate_key, \
             candidate_id = excluded.candidate_id, reason = excluded.reason",
    )
    .bind(&cycle.id)
    .bind(ballot_hash(key, &cycle.id, &auth.staff.id))
    .bind(ballot_hash(key, &cycle.id, &candidate))
    .bind(auth.property_id())
    .bind(&candidate)
    .bind(auth.staff.department_id.as_deref())
    .bind(reason)
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "INSERT INTO star_voters (cycle_id, voter_id, property_id) VALUES ($1, $2, $3) \
         ON CONFLICT (cycle_id, voter_id) DO NOTHING",
    )
    .bind(&cycle.id)
    .bind(&auth.staff.id)
    .bind(auth.property_id())
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(Json(cycle_view(&state, &auth, &cycle).await?))
}

/// Voters need only be active and long enough with the hotel (managers vote too).
async fn voter_eligible(state: &AppState, auth: &Auth, s: &StarSettings) -> ApiResult<bool> {
    Ok(auth.staff.hired_on <= hired_by(state, s))
}

/// Records a guest compliment naming a colleague (front office, supervisors, managers).
#[utoipa::path(post, path = "/star/compliments", tag = "star", request_body = ComplimentCreate, responses(
    (status = 201, description = "Recorded"),
    (status = 200, description = "A retry of a compliment already recorded"),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 422, body = ErrorBody),
))]
async fn compliment(
    State(state): State<AppState>,
    auth: Auth,
    Json(req): Json<ComplimentCreate>,
) -> ApiResult<StatusCode> {
    let front_office = property::department_code(&state.db.pool, auth.staff.department_id.as_deref()).await?
        == Some("front_office".into());
    if !(front_office || matches!(auth.role(), Role::Supervisor | Role::Manager | Role::Admin)) {
        return Err(ApiError::forbidden());
    }
    if req.note.chars().count() > REASON_MAX * 4 {
        return Err(ApiError::field("note", "too_long"));
    }
    let person = crate::people::by_id(&state.db.pool, auth.property_id(), req.staff_id).await?;
    person
        .filter(|p| p.is_active())
        .ok_or_else(|| ApiError::field("staff_id", "unknown_person"))?;
    let inserted = sqlx::query(
        "INSERT INTO star_compliments (id, property_id, staff_id, source, note, recorded_by, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
    )
    .bind(req.id.to_string())
    .bind(auth.property_id())
    .bind(req.staff_id.to_string())
    .bind(wire_name(&req.source))
    .bind(req.note.trim())
    .bind(&auth.staff.id)
    .bind(state.clock.now_ms())
    .execute(&state.db.pool)
    .await?;
    Ok(if inserted.rows_affected() == 1 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

/// Closes the count once the voting days are over, and names the star.
#[utoipa::path(post, path = "/star/cycles/{month}/close", tag = "star", params(("month" = String, Path)), responses(
    (status = 200, body = StarResults),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody),
    (status = 409, description = "Voting is still open, or the cycle is closed", body = ErrorBody),
))]
async fn close(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(month): Path<String>,
) -> ApiResult<Json<StarResults>> {
    let cycle = cycle_for(&state, auth.property_id(), Some(&month)).await?;
    match cycle.state(state.clock.now_ms()) {
        CycleState::Counting => {}
        CycleState::Closed => return Err(ApiError::conflict("this month is already closed")),
        _ => return Err(ApiError::conflict("voting is still open or has not started")),
    }
    let pool = &state.db.pool;
    let settings = settings(&state, auth.property_id()).await?;
    let eligible = eligible(&state, auth.property_id(), &settings).await?;
    let ballots: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT candidate_id, voter_department_id FROM star_ballots WHERE cycle_id = $1")
            .bind(&cycle.id)
            .fetch_all(pool)
            .await?;
    let start = cycle.closes_at - month_length_ms(&cycle);
    let compliments: Vec<(String, i64)> = sqlx::query_as(
        "SELECT staff_id, COUNT(*) FROM star_compliments WHERE property_id = $1 AND at >= $2 AND at < $3 GROUP BY staff_id",
    )
    .bind(auth.property_id())
    .bind(start)
    .bind(cycle.closes_at)
    .fetch_all(pool)
    .await?;
    let voters: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT department_id, COUNT(*) FROM staff WHERE property_id = $1 AND active = 1 GROUP BY department_id",
    )
    .bind(auth.property_id())
    .fetch_all(pool)
    .await?;
    let voters_per_department: BTreeMap<String, u32> = voters
        .into_iter()
        .map(|(d, n)| (d.unwrap_or_default(), u32::try_from(n).unwrap_or(0)))
        .collect();
    let candidates: Vec<Candidate> = eligible
        .iter()
        .map(|n| Candidate {
            employee_no: n.id.clone(),
            ballots_from: ballots
                .iter()
                .filter(|(c, _)| *c == n.id)
                .map(|(_, d)| d.clone().unwrap_or_default())
                .collect(),
            compliments: compliments
                .iter()
                .find(|(s, _)| *s == n.id)
                .map_or(0, |(_, c)| u32::try_from(*c).unwrap_or(0)),
            skills: None,
        })
        .collect();
    let weights = Weights::default();
    let standings = star::rank(&candidates, &voters_per_department, weights);
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let closed = sqlx::query("UPDATE star_cycles SET closed_at = $1, weights = $2 WHERE id = $3 AND closed_at IS NULL")
        .bind(now)
        .bind(serde_json::to_string(&weights).unwrap_or_default())
        .bind(&cycle.id)
        .execute(tx.conn())
        .await?;
    if closed.rows_affected() == 0 {
        return Err(ApiError::conflict("this month is already closed"));
    }
    for (position, standing) in standings.iter().enumerate() {
        let candidate = candidates.iter().find(|c| c.employee_no == standing.employee_no);
        sqlx::query(
            "INSERT INTO star_results (cycle_id, staff_id, property_id, position, score, votes, compliments) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&cycle.id)
        .bind(&standing.employee_no)
        .bind(auth.property_id())
        .bind(i64::try_from(position).unwrap_or(i64::MAX) + 1)
        .bind(standing.score)
        .bind(candidate.map_or(0, |c| c.ballots_from.len() as i64))
        .bind(candidate.map_or(0, |c| i64::from(c.compliments)))
        .execute(tx.conn())
        .await?;
    }
    tx.commit().await?;
    Ok(Json(load_results(&state, &auth, &month).await?))
}

fn month_length_ms(cycle: &CycleRow) -> i64 {
    let first = NaiveDate::parse_from_str(&format!("{}-01", cycle.month), "%Y-%m-%d").unwrap_or_default();
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    (next - first).num_milliseconds()
}

/// A closed month's star, the colleagues' reasons without names, and what the asker
/// received. Before the close nothing is shown.
#[utoipa::path(get, path = "/star/results/{month}", tag = "star", params(("month" = String, Path)), responses(
    (status = 200, body = StarResults),
    (status = 401, body = ErrorBody),
    (status = 404, description = "Unknown month, or not closed yet", body = ErrorBody),
))]
async fn results(State(state): State<AppState>, auth: Auth, Path(month): Path<String>) -> ApiResult<Json<StarResults>> {
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
    let cycle: Option<CycleRow> = sqlx::query_as(
        "SELECT id, month, opens_at, closes_at, closed_at, weights FROM star_cycles WHERE property_id = $1 AND month = $2",
    )
    .bind(auth.property_id())
    .bind(month)
    .fetch_optional(pool)
    .await?;
    let cycle = cycle
        .filter(|c| c.closed_at.is_some())
        .ok_or_else(|| ApiError::not_found("closed month"))?;
    let top: Option<ResultRow> = sqlx::query_as(
        "SELECT r.staff_id, s.display_name, s.department_id, r.score FROM star_results r \
         JOIN staff s ON s.id = r.staff_id WHERE r.cycle_id = $1 AND r.position = 1 AND r.score > 0",
    )
    .bind(&cycle.id)
    .fetch_optional(pool)
    .await?;
    let winner = match top {
        Some(top) => {
            let mut reasons: Vec<(String,)> = sqlx::query_as(
                "SELECT reason FROM star_ballots WHERE cycle_id = $1 AND candidate_id = $2 AND reason <> ''",
            )
            .bind(&cycle.id)
            .bind(&top.staff_id)
            .fetch_all(pool)
            .await?;
            // Sorted, so the order gives nothing away about when (or by whom) it was cast.
            reasons.sort();
            Some(StarWinner {
                staff_id: parse_id(&top.staff_id),
                display_name: top.display_name,
                department_id: top.department_id.as_deref().map(parse_id),
                score: top.score,
                reasons: reasons.into_iter().map(|(r,)| r).collect(),
            })
        }
        None => None,
    };
    let mine: Option<(i64, i64)> =
        sqlx::query_as("SELECT votes, compliments FROM star_results WHERE cycle_id = $1 AND staff_id = $2")
            .bind(&cycle.id)
            .bind(&auth.staff.id)
            .fetch_optional(pool)
            .await?;
    let weights = cycle
        .weights
        .as_deref()
        .and_then(|w| serde_json::from_str(w).ok())
        .unwrap_or_default();
    let (votes, compliments) = mine.unwrap_or_default();
    Ok(StarResults {
        month: cycle.month,
        winner,
        weights,
        my_votes: u32::try_from(votes).unwrap_or(0),
        my_compliments: u32::try_from(compliments).unwrap_or(0),
    })
}

/// Every past star, newest first.
#[utoipa::path(get, path = "/star/wall", tag = "star", responses(
    (status = 200, body = Vec<WallEntry>),
    (status = 401, body = ErrorBody),
))]
async fn wall(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<WallEntry>>> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.month, r.staff_id, s.display_name, s.department_id FROM star_results r \
         JOIN star_cycles c ON c.id = r.cycle_id JOIN staff s ON s.id = r.staff_id \
         WHERE r.property_id = $1 AND r.position = 1 AND r.score > 0 ORDER BY c.month DESC LIMIT 120",
    )
    .bind(auth.property_id())
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(month, id, name, department)| WallEntry {
                month,
                staff_id: parse_id(&id),
                display_name: name,
                department_id: department.as_deref().map(parse_id),
            })
            .collect(),
    ))
}
