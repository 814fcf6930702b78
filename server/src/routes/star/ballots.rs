//! This month's cycle, the colleagues one may choose, and casting a ballot.

use axum::extract::State;
use bellhop_api::star::{BallotCast, CycleState, Nominee, StarCycle};
use bellhop_api::ErrorBody;

use super::{
    ballot_hash, ballot_key, cycle_as_read, cycle_for, eligible, known_ballot_key, setup, CycleRow, REASON_MAX,
};
use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::rows::Row;
use bellhop_api::FieldReason;

/// This month's cycle, the signed-in person's own choice if they voted, and which
/// months wait for their count or have results out.
#[utoipa::path(get, path = "/star/current", tag = "star", responses(
    (status = 200, body = StarCycle),
))]
pub async fn current(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<StarCycle>> {
    let setup = setup(&state, auth.property_id()).await?;
    let cycle = cycle_as_read(&state, auth.property_id(), &setup).await?;
    Ok(Json(cycle_view(&state, &auth, &cycle).await?))
}

async fn cycle_view(state: &AppState, auth: &Auth, cycle: &CycleRow) -> ApiResult<StarCycle> {
    let pool = &state.db.pool;
    let mine: Option<(String,)> = match known_ballot_key(state).await? {
        Some(key) => {
            sqlx::query_as("SELECT candidate_id FROM star_ballots WHERE cycle_id = $1 AND ballot_key = $2")
                .bind(&cycle.id)
                .bind(ballot_hash(key, &cycle.id, &auth.staff.id))
                .fetch_optional(pool)
                .await?
        }
        None => None,
    };
    let now = state.clock.now_ms();
    let awaiting_close: Option<(String,)> = sqlx::query_as(
        "SELECT month FROM star_cycles WHERE property_id = $1 AND closed_at IS NULL AND closes_at <= $2 \
         ORDER BY month LIMIT 1",
    )
    .bind(auth.property_id())
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let last_closed: Option<(String,)> = sqlx::query_as(
        "SELECT month FROM star_cycles WHERE property_id = $1 AND closed_at IS NOT NULL ORDER BY month DESC LIMIT 1",
    )
    .bind(auth.property_id())
    .fetch_optional(pool)
    .await?;
    Ok(StarCycle {
        month: cycle.month.clone(),
        opens_at: Row::new("star_cycles", &cycle.id).time("opens_at", cycle.opens_at)?,
        closes_at: Row::new("star_cycles", &cycle.id).time("closes_at", cycle.closes_at)?,
        state: cycle.state(now),
        my_choice: Row::new("star_ballots", &cycle.id).opt_id("candidate_id", mine.as_ref().map(|(c,)| c.as_str()))?,
        awaiting_close: awaiting_close.map(|(m,)| m),
        last_closed: last_closed.map(|(m,)| m),
    })
}

/// Colleagues the signed-in person may vote for (never themselves).
#[utoipa::path(get, path = "/star/nominees", tag = "star", responses(
    (status = 200, body = Vec<Nominee>),
))]
pub async fn nominees(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<Nominee>>> {
    let setup = setup(&state, auth.property_id()).await?;
    let rows = eligible(&state, auth.property_id(), &setup).await?;
    let nominees = rows
        .into_iter()
        .filter(|r| r.id != auth.staff.id)
        .map(|r| {
            let stored = Row::new("staff", &r.id);
            Ok(Nominee {
                id: stored.own_id()?,
                department_id: stored.opt_id("department_id", r.department_id.as_deref())?,
                display_name: r.display_name,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(nominees))
}

/// Casts or changes the signed-in person's ballot while voting is open. Only the last
/// ballot counts; sent many times at once, it is still one ballot.
#[utoipa::path(put, path = "/star/ballot", tag = "star", request_body = BallotCast, responses(
    (status = 200, body = StarCycle),
    (status = 403, description = "Not with the hotel long enough to vote", body = ErrorBody),
    (status = 409, description = "Voting is not open", body = ErrorBody),
    (status = 422, description = "Oneself, or someone who cannot be chosen", body = ErrorBody),
))]
pub async fn cast(
    State(state): State<AppState>,
    auth: Auth,
    Json(req): Json<BallotCast>,
) -> ApiResult<Json<StarCycle>> {
    let reason = req.reason.trim();
    if reason.chars().count() > REASON_MAX {
        return Err(ApiError::field("reason", FieldReason::TooLong));
    }
    let candidate = req.candidate_id.to_string();
    if candidate == auth.staff.id {
        return Err(ApiError::field("candidate_id", FieldReason::SelfVote));
    }
    let setup = setup(&state, auth.property_id()).await?;
    let cycle = cycle_for(&state, auth.property_id(), &setup, None).await?;
    if cycle.state(state.clock.now_ms()) != CycleState::Open {
        return Err(ApiError::conflict("voting is not open"));
    }
    let nominees = eligible(&state, auth.property_id(), &setup).await?;
    if !nominees.iter().any(|n| n.id == candidate) {
        return Err(ApiError::field("candidate_id", FieldReason::NotEligible));
    }
    // Voters need only be active and long enough with the hotel (managers vote too).
    if auth.staff.hired_on > setup.hired_by(&state) {
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
    .bind(auth.department_id.as_deref())
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
