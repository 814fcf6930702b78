//! Photos as evidence: one per item that allows it, stored in the database, and taken
//! off again while the audit is a draft.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use bellhop_api::audit_wire::PHOTO_MAX_BYTES;
use bellhop_api::{ErrorBody, ErrorCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::fill::hold_draft;
use super::{announce, store};
use crate::app::AppState;
use crate::auth::{Auditors, Auth, Authorized};
use crate::error::{ApiError, ApiResult};
use crate::extract::Path;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_photo, get_photo, delete_photo))
        // Photos may be larger than the JSON limit; the handler reports the excess.
        .layer(DefaultBodyLimit::max(PHOTO_MAX_BYTES))
}

/// Which image the bytes are, by their first bytes (not by what the sender claims).
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Attaches a photo to an item that allows one, replacing any earlier photo. The body
/// is the image itself: JPEG, PNG or WebP, at most 2 MiB.
#[utoipa::path(put, path = "/audits/{id}/photos/{key}", tag = "audits", params(("id" = Uuid, Path), ("key" = String, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg"), responses(
    (status = 204, description = "Stored"),
    (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody),
    (status = 413, description = "Over 2 MiB", body = ErrorBody),
    (status = 415, description = "Not a JPEG, PNG or WebP image", body = ErrorBody),
    (status = 422, description = "The item takes no photo", body = ErrorBody),
))]
async fn put_photo(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Path((id, key)): Path<(Uuid, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<StatusCode> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(ErrorCode::PayloadTooLarge, "photos may be at most 2 MiB")
        } else {
            ApiError::new(ErrorCode::MalformedRequest, rejection.body_text())
        }
    })?;
    let row = store::own(&state, &auth, id).await?;
    let sections = row.sections()?;
    let item = store::item(&sections, &key).ok_or_else(|| ApiError::not_found("item"))?;
    if !item.photo {
        return Err(ApiError::field("photo", FieldReason::NotAllowedForItem));
    }
    let content_type = image_type(&body).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "photos must be JPEG, PNG or WebP images",
        )
    })?;
    let mut tx = state.db.begin_write().await?;
    hold_draft(tx.conn(), &row.id).await?;
    sqlx::query(
        "INSERT INTO audit_photos (audit_id, item_key, property_id, content_type, bytes, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (audit_id, item_key) DO UPDATE SET \
             content_type = excluded.content_type, bytes = excluded.bytes, uploaded_at = excluded.uploaded_at",
    )
    .bind(&row.id)
    .bind(&key)
    .bind(auth.property_id())
    .bind(content_type)
    .bind(body.to_vec())
    .bind(state.clock.now_ms())
    .execute(tx.conn())
    .await?;
    announce::draft_saved(&state, &mut tx, &row).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An item's photo, for those who may see the audit: its auditor, managers, and once
/// published the audited person and their supervisor.
#[utoipa::path(get, path = "/audits/{id}/photos/{key}", tag = "audits", params(("id" = Uuid, Path), ("key" = String, Path)), responses(
    (status = 200, description = "The image", content_type = "image/jpeg", body = Vec<u8>),
))]
async fn get_photo(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, key)): Path<(Uuid, String)>,
) -> ApiResult<impl IntoResponse> {
    let row = store::load(&state, auth.property_id(), id).await?;
    let row = row.ok_or_else(|| ApiError::not_found("audit"))?;
    if !(row.readable_by(&auth) || row.feedback_for(&auth)?) {
        return Err(ApiError::not_found("audit"));
    }
    let photo: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT content_type, bytes FROM audit_photos WHERE audit_id = $1 AND item_key = $2")
            .bind(id.to_string())
            .bind(&key)
            .fetch_optional(&state.db.pool)
            .await?;
    let (content_type, bytes) = photo.ok_or_else(|| ApiError::not_found("photo"))?;
    Ok(([(header::CONTENT_TYPE, content_type)], bytes))
}

/// Takes an item's photo off a draft. Removing a photo that is not there is no error,
/// so a retried tap gets 204 too; once the audit is submitted its photos stay (409).
#[utoipa::path(delete, path = "/audits/{id}/photos/{key}", tag = "audits", params(("id" = Uuid, Path), ("key" = String, Path)), responses(
    (status = 204, description = "Removed, or there was none"),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The audit is submitted", body = ErrorBody),
))]
async fn delete_photo(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Path((id, key)): Path<(Uuid, String)>,
) -> ApiResult<StatusCode> {
    let row = store::own(&state, &auth, id).await?;
    store::item(&row.sections()?, &key).ok_or_else(|| ApiError::not_found("item"))?;
    let mut tx = state.db.begin_write().await?;
    hold_draft(tx.conn(), &row.id).await?;
    sqlx::query("DELETE FROM audit_photos WHERE audit_id = $1 AND item_key = $2")
        .bind(&row.id)
        .bind(&key)
        .execute(tx.conn())
        .await?;
    announce::draft_saved(&state, &mut tx, &row).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
