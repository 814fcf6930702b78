//! The trail of administrative changes, for managers and admins of the hotel: a paged
//! list with filters, and the same as CSV. The trail is read here and written only by
//! the handlers that make the changes ([`Entry`]); no route changes or removes an entry.

mod store;

use axum::extract::State;
use axum::response::Response;
use bellhop_api::admin_events::{self, AdminEvent, AdminEventQuery};
use bellhop_api::{ErrorBody, Page};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use store::Entry;

use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::clock::local_midnight_ms;
use crate::download;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::paging::Paging;
use crate::routes::property;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(export))
}

/// The most entries one CSV file holds, newest first.
const CSV_MAX: i64 = 20_000;

async fn filter(state: &AppState, property_id: &str, q: &AdminEventQuery) -> ApiResult<store::Filter> {
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(ApiError::field("from", FieldReason::AfterTo));
        }
    }
    let zone = property::zone(&state.db.pool, property_id).await?;
    Ok(store::Filter {
        kind: q.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        actor: q.actor.map(|id| id.to_string()).unwrap_or_default(),
        subject: q.subject.map(|id| id.to_string()).unwrap_or_default(),
        from_ms: q.from.map_or(i64::MIN, |day| local_midnight_ms(&zone, day)),
        until_ms: q
            .to
            .and_then(|day| day.succ_opt())
            .map_or(i64::MAX, |day| local_midnight_ms(&zone, day)),
    })
}

/// Administrative changes in the hotel, newest first: who, when, what before and after.
#[utoipa::path(get, path = "/admin-events", tag = "admin", params(AdminEventQuery), responses(
    (status = 200, body = Page<AdminEvent>),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`from` is after `to`", body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Query(q): Query<AdminEventQuery>,
) -> ApiResult<Json<Page<AdminEvent>>> {
    let page = Paging::new(q.limit, q.offset);
    let filter = filter(&state, auth.property_id(), &q).await?;
    let (events, total) = store::list(&state.db.pool, auth.property_id(), &filter, page.limit(), page.offset()).await?;
    Ok(Json(page.page(events, total)?))
}

/// The same entries as CSV (paging aside), before and after as JSON text.
#[utoipa::path(get, path = "/admin-events.csv", tag = "admin", params(AdminEventQuery), responses(
    (status = 200, description = "text/csv", content_type = "text/csv", body = String),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`from` is after `to`", body = ErrorBody),
))]
async fn export(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Query(q): Query<AdminEventQuery>,
) -> ApiResult<Response> {
    let filter = filter(&state, auth.property_id(), &q).await?;
    let (events, _) = store::list(&state.db.pool, auth.property_id(), &filter, CSV_MAX, 0).await?;
    Ok(download::csv("admin-events.csv", admin_events::write_csv(&events)))
}
