//! Work orders across departments: types, lists, detail, work on a task, delay
//! escalation and the supervisors' numbers.

pub mod detail;
pub mod escalation;
pub mod lists;
pub mod reports;
pub mod store;
pub mod types;
pub mod work;

use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(types::router())
        .merge(lists::router())
        .merge(detail::router())
        .merge(work::router())
        .merge(reports::router())
}
