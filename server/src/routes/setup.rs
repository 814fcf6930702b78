//! The first-run set-up over HTTP, for the app's first-run screen (see `crate::setup`).

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::property::Property;
use bellhop_api::setup::{SetupRequest, SetupStatus};
use bellhop_api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::setup::{already_set_up, create_hotel, hotel_exists};
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(status, set_up))
}

/// Whether the server still waits for its hotel to be set up.
#[utoipa::path(get, path = "/setup", tag = "system", security(()), responses((status = 200, body = SetupStatus)))]
async fn status(State(state): State<AppState>) -> ApiResult<Json<SetupStatus>> {
    let needed = !hotel_exists(&state.db.pool).await?;
    Ok(Json(SetupStatus { needed }))
}

/// Creates the hotel and its first admin on a server with no hotel yet, once, with the
/// one-time code the server printed on its console at start. The admin then signs in
/// with the employee number and password given here.
#[utoipa::path(post, path = "/setup", tag = "system", security(()), request_body = SetupRequest, responses(
    (status = 201, body = Property),
    (status = 409, description = "The server already has a hotel", body = ErrorBody),
    (status = 422, description = "A field is invalid, or the code is wrong (`fields.code` = `wrong_code`)", body = ErrorBody),
))]
async fn set_up(
    State(state): State<AppState>,
    Json(req): Json<SetupRequest>,
) -> ApiResult<(StatusCode, Json<Property>)> {
    if hotel_exists(&state.db.pool).await? {
        return Err(already_set_up());
    }
    let claim = state
        .setup_code
        .claim(&req.code)
        .ok_or_else(|| ApiError::field("code", FieldReason::WrongCode))?;
    let property = create_hotel(&state.db, &state.hasher, &state.clock, &req).await?;
    claim.spend();
    Ok((StatusCode::CREATED, Json(property)))
}
