//! The `/api` routes, one module per feature, each owning its `router()`.

pub mod admin_events;
pub mod audits;
pub mod chain;
pub mod departments;
pub mod devices;
pub mod domain_events;
pub mod health;
pub mod notifications;
pub mod pms;
pub mod property;
pub mod rooms;
pub mod session;
pub mod setup;
pub mod setup_codes;
pub mod staff;
pub mod staff_import;
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
        .merge(staff_import::router())
        .merge(setup_codes::router())
        .merge(property::router())
        .merge(departments::router())
        .merge(rooms::router())
        .merge(pms::router())
        .merge(admin_events::router())
        .merge(chain::router())
        .merge(tasks::router())
        .merge(star::router())
        .merge(training::router())
        .merge(audits::router())
        .merge(notifications::router())
        .merge(crate::live::router())
}
