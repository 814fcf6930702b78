//! The people a manager may assign audits to: the property's active auditors.

use axum::extract::State;
use bellhop_api::people::{Colleague, Role};
use bellhop_api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::error::ApiResult;
use crate::extract::Json;
use crate::people::HOTEL_STAFF;
use crate::rows::Row;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// The property's active auditors, by name, for the assign form.
#[utoipa::path(get, path = "/audit-auditors", tag = "audits", responses(
    (status = 200, body = Vec<Colleague>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
) -> ApiResult<Json<Vec<Colleague>>> {
    let rows: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT id, display_name FROM {HOTEL_STAFF} s WHERE property_id = $1 AND role = $2 AND active = 1 \
         ORDER BY display_name, id LIMIT 500"
    ))
    .bind(auth.property_id())
    .bind(Role::Auditor.as_str())
    .fetch_all(&state.db.pool)
    .await?;
    let auditors = rows
        .into_iter()
        .map(|(id, display_name)| {
            Ok(Colleague {
                id: Row::new("staff", &id).own_id()?,
                display_name,
                role: Role::Auditor,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(auditors))
}
