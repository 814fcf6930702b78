//! Guest compliments naming a colleague, one of the blend's inputs.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::star::ComplimentCreate;
use bellhop_api::ErrorBody;

use super::REASON_MAX;
use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::routes::property;
use crate::routes::tasks::detail::wire_name;
use bellhop_api::FieldReason;

/// Records a guest compliment naming a colleague (front office, supervisors, managers).
#[utoipa::path(post, path = "/star/compliments", tag = "star", request_body = ComplimentCreate, responses(
    (status = 201, description = "Recorded"),
    (status = 200, description = "A retry of a compliment already recorded"),
    (status = 403, body = ErrorBody),
))]
pub async fn record(
    State(state): State<AppState>,
    auth: Auth,
    Json(req): Json<ComplimentCreate>,
) -> ApiResult<StatusCode> {
    let front_office =
        property::department_code(&state.db.pool, auth.department_id.as_deref()).await? == Some("front_office".into());
    if !(front_office || auth.role().runs_department()) {
        return Err(ApiError::forbidden());
    }
    if req.note.chars().count() > REASON_MAX * 4 {
        return Err(ApiError::field("note", FieldReason::TooLong));
    }
    let person = crate::people::of_hotel(&state.db.pool, auth.property_id(), req.staff_id).await?;
    person
        .filter(|p| p.is_active())
        .ok_or_else(|| ApiError::field("staff_id", FieldReason::UnknownPerson))?;
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
