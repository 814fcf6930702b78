//! The signed-in person's inbox: their notifications, newest first, with the unread
//! count; marking one or all read; and which kinds push, and quiet hours. A person only
//! ever reaches their own, in the hotel they are signed in to.

mod store;

use axum::extract::State;
use bellhop_api::live::NotificationChanged;
use bellhop_api::notifications::{NotificationList, NotificationPreferences, UnreadCount};
use bellhop_api::{Page, PageQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::notify;
use crate::paging::Paging;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(read_one))
        .routes(routes!(read_all))
        .routes(routes!(get_preferences, set_preferences))
}

/// The signed-in person's notifications, newest first, and how many are unread.
#[utoipa::path(get, path = "/notifications", tag = "notifications", params(PageQuery), responses(
    (status = 200, body = NotificationList),
))]
async fn list(State(state): State<AppState>, auth: Auth, paging: Paging) -> ApiResult<Json<NotificationList>> {
    let (property, me) = (auth.property_id(), auth.staff.id.as_str());
    let (items, total) = store::page(&state.db.pool, property, me, paging.limit(), paging.offset()).await?;
    let unread = store::unread(&mut *state.db.pool.acquire().await?, property, me).await?;
    let Page {
        items,
        total,
        offset,
        limit,
    } = paging.page(items, total)?;
    Ok(Json(NotificationList {
        items,
        total,
        unread,
        offset,
        limit,
    }))
}

/// Marks one of the person's notifications read (again is no change); answers how many
/// are left unread.
#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications", params(("id" = Uuid, Path)), responses(
    (status = 200, body = UnreadCount),
))]
async fn read_one(State(state): State<AppState>, auth: Auth, Path(id): Path<Uuid>) -> ApiResult<Json<UnreadCount>> {
    mark_read(&state, &auth, Some(&id.to_string())).await
}

/// Marks all of the person's notifications read; answers how many are left unread.
#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications", responses(
    (status = 200, body = UnreadCount),
))]
async fn read_all(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<UnreadCount>> {
    mark_read(&state, &auth, None).await
}

/// Marks read, tells the person's other open apps, and counts what is left.
async fn mark_read(state: &AppState, auth: &Auth, id: Option<&str>) -> ApiResult<Json<UnreadCount>> {
    let (property, me) = (auth.property_id(), auth.staff.id.as_str());
    let mut tx = state.db.begin_write().await?;
    if let Some(id) = id {
        if !store::exists(tx.conn(), property, me, id).await? {
            return Err(ApiError::not_found("notification"));
        }
    }
    let marked = store::mark_read(tx.conn(), property, me, id, state.clock.now_ms()).await?;
    if marked > 0 {
        let change = NotificationChanged {
            notification_id: None,
            kind: None,
        };
        notify::announce(state, &mut tx, property, me, change).await?;
    }
    let unread = store::unread(tx.conn(), property, me).await?;
    tx.commit().await?;
    Ok(Json(UnreadCount { unread }))
}

/// Which kinds of notification push to the person's devices, and their quiet hours.
#[utoipa::path(get, path = "/notifications/preferences", tag = "notifications", responses(
    (status = 200, body = NotificationPreferences),
))]
async fn get_preferences(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<NotificationPreferences>> {
    Ok(Json(store::preferences(&state.db.pool, &auth.staff.id).await?))
}

/// Sets which kinds push and the quiet hours (minutes after the hotel's midnight, 0–1439;
/// 422 `out_of_range` naming the field otherwise). Answers them as stored: each kind
/// once, in the kinds' order, and equal minutes as no quiet hours.
#[utoipa::path(put, path = "/notifications/preferences", tag = "notifications", request_body = NotificationPreferences, responses(
    (status = 200, body = NotificationPreferences),
))]
async fn set_preferences(
    State(state): State<AppState>,
    auth: Auth,
    Json(req): Json<NotificationPreferences>,
) -> ApiResult<Json<NotificationPreferences>> {
    let preferences = req
        .normalized()
        .map_err(|(field, reason)| ApiError::field(field, reason))?;
    store::set_preferences(&state.db.pool, &auth.staff.id, &preferences, state.clock.now_ms()).await?;
    Ok(Json(preferences))
}
