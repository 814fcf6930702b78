//! The rooms file: exported through the one CSV writer, imported all or nothing. Every
//! row is checked before anything is stored (`bellhop_api::rooms::read_csv`); a good
//! file then updates the rooms whose numbers it names and adds the rest, in one
//! transaction.

use axum::extract::State;
use axum::response::Response;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::csv_reader::ImportSummary;
use bellhop_api::rooms;
use bellhop_api::ErrorBody;
use serde_json::json;
use uuid::Uuid;

use super::store;
use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::download;
use crate::error::{ApiError, ApiResult};
use crate::extract::{CsvBody, Json};
use crate::routes::admin_events::Entry;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export)).routes(routes!(import))
}

/// Every room, retired ones too, as the file the import reads
/// (`number,floor,room_type,section,active`).
#[utoipa::path(get, path = "/rooms.csv", tag = "property", responses(
    (status = 200, description = "text/csv", content_type = "text/csv", body = String),
    (status = 403, body = ErrorBody),
))]
async fn export(State(state): State<AppState>, Authorized(auth, _): Authorized<Managers>) -> ApiResult<Response> {
    let rooms = store::list(&state.db.pool, auth.property_id(), true).await?;
    Ok(download::csv("rooms.csv", rooms::write_csv(&rooms)))
}

/// Imports a rooms file (`text/csv`, header `number,floor,room_type,section,active`).
/// Any bad row stores nothing: the 422 names each problem in `rows` (and in `fields`
/// as `row_N.column`), rows counted as a spreadsheet shows them. A good file updates
/// the rooms it names by number and adds the others.
#[utoipa::path(post, path = "/rooms/import", tag = "property",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, body = ImportSummary),
        (status = 403, body = ErrorBody),
        (status = 413, description = "Over the body limit", body = ErrorBody),
        (status = 415, description = "Not sent as text/csv", body = ErrorBody),
        (status = 422, description = "Problems by row in `rows`; `body: not_utf8` for a file that is not UTF-8", body = ErrorBody),
    )
)]
async fn import(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    CsvBody(text): CsvBody,
) -> ApiResult<Json<ImportSummary>> {
    let file = rooms::read_csv(&text).map_err(ApiError::InvalidRows)?;
    let mut summary = ImportSummary { created: 0, updated: 0 };
    let mut tx = state.db.begin_write().await?;
    for room in &file {
        match store::by_number(tx.conn(), auth.property_id(), &room.number).await? {
            Some(existing) => {
                store::update(tx.conn(), &existing.id.to_string(), room).await?;
                summary.updated += 1;
            }
            None => {
                store::insert(tx.conn(), auth.property_id(), &Uuid::new_v4().to_string(), room).await?;
                summary.created += 1;
            }
        }
    }
    // The file changes the hotel's rooms as a whole: the hotel is the subject.
    Entry::by(
        &auth,
        state.clock.now_ms(),
        AdminEventKind::RoomsImported,
        auth.property_id(),
    )
    .label("rooms file")
    .after(&json!({"created": summary.created, "updated": summary.updated}))?
    .record(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(Json(summary))
}
