//! Liveness and readiness for load balancers and the set-up scripts.

use axum::extract::State;
use bellhop_api::system::{DatabaseHealth, Health};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::extract::Json;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// The server's version and whether the database answers.
#[utoipa::path(get, path = "/health", tag = "system", security(()), responses((status = 200, body = Health)))]
async fn health(State(state): State<AppState>) -> Json<Health> {
    let reachable = state.db.is_reachable().await;
    Json(Health {
        status: if reachable { "ok" } else { "degraded" }.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: DatabaseHealth {
            backend: state.db.backend.name().into(),
            reachable,
        },
    })
}
