//! Filling an audit in: reading it and autosaving each answer.

use axum::extract::State;
use bellhop_api::audit_wire::{self, AnswerSave, Audit, SavedAnswer};
use bellhop_api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{announce, store};
use crate::app::AppState;
use crate::auth::{Auditors, Authorized};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get)).routes(routes!(save_answer))
}

/// Everything about one audit: the items of its template version, every saved answer
/// and note, the result, and its corrective tasks. For its auditor and managers.
#[utoipa::path(get, path = "/audits/{id}", tag = "audits", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Audit),
    (status = 403, body = ErrorBody),
))]
async fn get(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Audit>> {
    let row = store::readable(&state, &auth, id).await?;
    Ok(Json(store::detail(&state, &row).await?))
}

pub fn submitted() -> ApiError {
    ApiError::conflict("this audit has been submitted; it can no longer change")
}

/// Marks the draft as being worked on, inside the caller's transaction. On PostgreSQL
/// this also locks the audit row, so a save and a submit cannot interleave.
pub async fn hold_draft(conn: &mut sqlx::AnyConnection, audit_id: &str) -> ApiResult<()> {
    let held =
        sqlx::query("UPDATE audits SET status = 'in_progress' WHERE id = $1 AND status IN ('assigned', 'in_progress')")
            .bind(audit_id)
            .execute(conn)
            .await?;
    if held.rows_affected() == 0 {
        return Err(submitted());
    }
    Ok(())
}

/// Autosaves one item: its answer and note. The app sends every change.
///
/// Lost updates are guarded per item: each item has a revision, and a save must name
/// the revision it was based on (0 for an item never saved). A save based on an older
/// revision — another device changed the item meanwhile — is refused with 409 and
/// changes nothing; the app reloads the audit and shows the newer answer. Saves of
/// different items never conflict.
#[utoipa::path(put, path = "/audits/{id}/answers/{key}", tag = "audits", params(("id" = Uuid, Path), ("key" = String, Path)), request_body = AnswerSave, responses(
    (status = 200, body = SavedAnswer),
    (status = 403, body = ErrorBody),
    (status = 409, description = "A newer save of this item exists, or the audit is submitted", body = ErrorBody),
    (status = 422, description = "The answer does not fit the item, or the note is too long", body = ErrorBody),
))]
async fn save_answer(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Path((id, key)): Path<(Uuid, String)>,
    Json(req): Json<AnswerSave>,
) -> ApiResult<Json<SavedAnswer>> {
    let row = store::own(&state, &auth, id).await?;
    let sections = row.sections()?;
    let item = store::item(&sections, &key).ok_or_else(|| ApiError::not_found("item"))?;
    if req
        .answer
        .as_ref()
        .is_some_and(|a| !audit_wire::answer_fits(&item.kind, a))
    {
        return Err(ApiError::field("answer", FieldReason::DoesNotFitItem));
    }
    if req.note.chars().count() > audit_wire::NOTE_MAX {
        return Err(ApiError::field("note", FieldReason::TooLong));
    }
    if !row.status()?.is_draft() {
        return Err(submitted());
    }
    let answer = req.answer.as_ref().and_then(|a| serde_json::to_string(a).ok());
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    hold_draft(tx.conn(), &row.id).await?;
    let saved = if req.revision == 0 {
        sqlx::query(
            "INSERT INTO audit_answers (audit_id, item_key, property_id, answer, note, revision, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (audit_id, item_key) DO NOTHING",
        )
        .bind(&row.id)
        .bind(&key)
        .bind(auth.property_id())
        .bind(&answer)
        .bind(&req.note)
        .bind(now)
        .execute(tx.conn())
        .await?
    } else {
        sqlx::query(
            "UPDATE audit_answers SET answer = $1, note = $2, revision = revision + 1, updated_at = $3 \
             WHERE audit_id = $4 AND item_key = $5 AND revision = $6",
        )
        .bind(&answer)
        .bind(&req.note)
        .bind(now)
        .bind(&row.id)
        .bind(&key)
        .bind(i64::from(req.revision))
        .execute(tx.conn())
        .await?
    };
    if saved.rows_affected() == 0 {
        return Err(ApiError::conflict(
            "this answer was changed on another device; reload the audit and try again",
        ));
    }
    let (photos,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_photos WHERE audit_id = $1 AND item_key = $2")
        .bind(&row.id)
        .bind(&key)
        .fetch_one(tx.conn())
        .await?;
    announce::draft_saved(&state, &mut tx, &row).await?;
    tx.commit().await?;
    Ok(Json(SavedAnswer {
        item_key: key,
        answer: req.answer,
        note: req.note,
        revision: req.revision + 1,
        photo: photos > 0,
    }))
}
