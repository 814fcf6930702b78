//! How the property runs its Service Star: voting days, eligibility, weights.

use axum::extract::State;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::star::StarSettings;
use bellhop_api::ErrorBody;

use super::{setup, Setup};
use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::routes::admin_events::Entry;

#[utoipa::path(get, path = "/star/settings", tag = "star", responses(
    (status = 200, body = StarSettings),
    (status = 403, body = ErrorBody),
))]
pub async fn read(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
) -> ApiResult<Json<StarSettings>> {
    Ok(Json(setup(&state, auth.property_id()).await?.settings))
}

/// Replaces the settings. New voting days apply to this month too unless its count
/// is closed; results already out keep the weights they were counted with.
#[utoipa::path(put, path = "/star/settings", tag = "star", request_body = StarSettings, responses(
    (status = 200, body = StarSettings),
    (status = 403, body = ErrorBody),
))]
pub async fn replace(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<StarSettings>,
) -> ApiResult<Json<StarSettings>> {
    req.validate().map_err(ApiError::Invalid)?;
    let current = setup(&state, auth.property_id()).await?;
    let before = current.settings;
    let setup = Setup {
        tz: current.tz,
        settings: req,
    };
    let first = setup.this_month(&state);
    let (opens_at, closes_at) = setup.voting_window(first);
    let s = &setup.settings;
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE properties SET star_open_day = $1, star_close_day = $2, star_min_days = $3, \
             star_managers_eligible = $4, star_department_stars = $5, star_weight_peer = $6, \
             star_weight_guest = $7, star_weight_skills = $8 WHERE id = $9",
    )
    .bind(i64::from(s.open_day))
    .bind(i64::from(s.close_day))
    .bind(i64::from(s.min_days_employed))
    .bind(db::flag(s.managers_eligible))
    .bind(db::flag(s.department_stars))
    .bind(i64::from(s.weights.peer))
    .bind(i64::from(s.weights.guest))
    .bind(i64::from(s.weights.skills))
    .bind(auth.property_id())
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "UPDATE star_cycles SET opens_at = $1, closes_at = $2 WHERE property_id = $3 AND month = $4 AND closed_at IS NULL",
    )
    .bind(opens_at)
    .bind(closes_at)
    .bind(auth.property_id())
    .bind(first.format("%Y-%m").to_string())
    .execute(tx.conn())
    .await?;
    if before != setup.settings {
        Entry::by(
            &auth,
            state.clock.now_ms(),
            AdminEventKind::StarSettingsChanged,
            auth.property_id(),
        )
        .label("Service Star settings")
        .before(&before)?
        .after(&setup.settings)?
        .record(tx.conn())
        .await?;
    }
    tx.commit().await?;
    Ok(Json(setup.settings))
}
