//! The `/api` routes, one module per feature, each owning its `router()`.

pub mod audits;
pub mod devices;
pub mod health;
pub mod property;
pub mod session;
pub mod setup;
pub mod staff;
pub mod star;
pub mod tasks;
pub mod training;

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

/// Every API route, with its OpenAPI description collected on the way.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(health::router())
        .merge(setup::router())
        .merge(session::router())
        .merge(devices::router())
        .merge(staff::router())
        .merge(property::router())
        .merge(tasks::router())
        .merge(star::router())
        .merge(training::router())
        .merge(audits::router())
        .merge(crate::live::router())
}
