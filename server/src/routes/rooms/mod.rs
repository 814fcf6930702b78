//! The hotel's rooms. Everyone reads the active ones (task forms pick from them);
//! managers and admins add, edit and retire rooms, one at a time or from a file
//! ([`files`]). A room is never deleted: tasks keep pointing at it.
//!
//! Each room's status — the board, its changes and history ([`status`]), the tasks
//! that move it ([`hooks`]), the day's assignments ([`assignments`]) and their report
//! ([`report`]) — lives here too; [`effects`] is what every change of it does.

pub mod assign_store;
mod assignments;
pub mod effects;
mod files;
pub mod hooks;
mod report;
mod status;
pub mod status_store;
mod store;

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::rooms::{self, Room, RoomCreate, RoomInput, RoomUpdate, RoomsQuery};
use bellhop_api::ErrorBody;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Auth, Authorized, Managers};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::routes::admin_events::Entry;
use bellhop_api::FieldReason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update))
        .merge(files::router())
        .merge(status::router())
        .merge(assignments::router())
        .merge(report::router())
}

/// The hotel's active rooms (every one with `include_retired`), by floor and number.
#[utoipa::path(get, path = "/rooms", tag = "property", params(RoomsQuery), responses(
    (status = 200, body = Vec<Room>),
))]
async fn list(State(state): State<AppState>, auth: Auth, Query(q): Query<RoomsQuery>) -> ApiResult<Json<Vec<Room>>> {
    Ok(Json(
        store::list(&state.db.pool, auth.property_id(), q.include_retired).await?,
    ))
}

/// Adds a room. Sending the same `id` again returns the room already made (200).
#[utoipa::path(post, path = "/rooms", tag = "property", request_body = RoomCreate, responses(
    (status = 201, body = Room),
    (status = 200, description = "A retry of a create that already happened", body = Room),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The id is another room's", body = ErrorBody),
    (status = 422, description = "`number: taken` when the hotel has the number already", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<RoomCreate>,
) -> ApiResult<(StatusCode, Json<Room>)> {
    rooms::validate_create(&req).map_err(ApiError::Invalid)?;
    let input = RoomInput {
        number: req.number.trim().to_owned(),
        floor: req.floor,
        room_type: req.room_type.trim().to_owned(),
        section: req.section.trim().to_owned(),
        active: true,
    };
    let id = req.id.to_string();
    let mut tx = state.db.begin_write().await?;
    if let Some(existing) = store::by_id(tx.conn(), auth.property_id(), &id).await? {
        return if existing.number == input.number {
            Ok((StatusCode::OK, Json(existing)))
        } else {
            Err(ApiError::conflict("this id belongs to another room"))
        };
    }
    if store::by_number(tx.conn(), auth.property_id(), &input.number)
        .await?
        .is_some()
    {
        return Err(ApiError::field("number", FieldReason::Taken));
    }
    store::insert(tx.conn(), auth.property_id(), &id, &input).await?;
    let room = store::by_id(tx.conn(), auth.property_id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("room"))?;
    Entry::by(&auth, state.clock.now_ms(), AdminEventKind::RoomAdded, room.id)
        .label(&room.number)
        .after(&room)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(room)))
}

/// Edits a room; `active: false` retires it (its tasks keep it), `true` brings it back.
#[utoipa::path(patch, path = "/rooms/{id}", tag = "property", params(("id" = Uuid, Path)), request_body = RoomUpdate, responses(
    (status = 200, body = Room),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`number: taken` when another room has the number", body = ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
    Json(req): Json<RoomUpdate>,
) -> ApiResult<Json<Room>> {
    rooms::validate_update(&req).map_err(ApiError::Invalid)?;
    let id = id.to_string();
    let mut tx = state.db.begin_write().await?;
    let current = store::by_id(tx.conn(), auth.property_id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("room"))?;
    let input = RoomInput {
        number: req.number.as_deref().map_or(&*current.number, str::trim).to_owned(),
        floor: req.floor.unwrap_or(current.floor),
        room_type: req
            .room_type
            .as_deref()
            .map_or(&*current.room_type, str::trim)
            .to_owned(),
        section: req.section.as_deref().map_or(&*current.section, str::trim).to_owned(),
        active: req.active.unwrap_or(current.active),
    };
    if input.number != current.number
        && store::by_number(tx.conn(), auth.property_id(), &input.number)
            .await?
            .is_some()
    {
        return Err(ApiError::field("number", FieldReason::Taken));
    }
    store::update(tx.conn(), &id, &input).await?;
    let room = store::by_id(tx.conn(), auth.property_id(), &id)
        .await?
        .ok_or_else(|| ApiError::not_found("room"))?;
    if room == current {
        return Ok(Json(room));
    }
    let kind = if current.active && !room.active {
        AdminEventKind::RoomRetired
    } else {
        AdminEventKind::RoomChanged
    };
    Entry::by(&auth, state.clock.now_ms(), kind, room.id)
        .label(&room.number)
        .before(&current)?
        .after(&room)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(Json(room))
}
