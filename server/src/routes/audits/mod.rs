//! Mystery-shopper audits: templates with versions, planning, filling in with autosave
//! and photos, an idempotent submit scored by the shared crate, corrective tasks,
//! anonymous feedback to staff, and the monthly report.

pub mod actions;
pub mod announce;
pub mod auditors;
pub mod feedback;
pub mod fill;
pub mod photos;
pub mod plans;
pub mod reports;
pub mod store;
pub mod submit;
pub mod templates;

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(templates::router())
        .merge(plans::router())
        .merge(auditors::router())
        .merge(fill::router())
        .merge(photos::router())
        .merge(submit::router())
        .merge(actions::router())
        .merge(feedback::router())
        .merge(reports::router())
}
