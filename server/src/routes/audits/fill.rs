//! Filling an audit in: reading it, autosaving each answer, photos, and the submit.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use bellhop_api::audit_wire::{self, AnswerSave, Audit, AuditResult, SavedAnswer, SectionResult, PHOTO_MAX_BYTES};
use bellhop_api::audits::{self, Answer, AuditScore, TemplateSection};
use bellhop_api::{ErrorBody, ErrorCode};
use chrono::Duration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::actions::{self, NewAction};
use super::plans::today;
use super::store::{self, AuditRow};
use crate::app::AppState;
use crate::auth::{Auditors, Auth, Authorized};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};

pub fn router() -> OpenApiRouter<AppState> {
    let photos = OpenApiRouter::new()
        .routes(routes!(put_photo, get_photo))
        // Photos may be larger than the JSON limit; the handler reports the excess.
        .layer(DefaultBodyLimit::max(PHOTO_MAX_BYTES));
    OpenApiRouter::new()
        .routes(routes!(get))
        .routes(routes!(save_answer))
        .routes(routes!(submit))
        .merge(photos)
}

/// Everything about one audit: the items of its template version, every saved answer
/// and note, the result, and its corrective tasks. For its auditor and managers.
#[utoipa::path(get, path = "/audits/{id}", tag = "audits", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Audit),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody),
))]
async fn get(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Audit>> {
    let row = store::readable(&state, &auth, id).await?;
    Ok(Json(store::detail(&state, &row).await?))
}

fn submitted() -> ApiError {
    ApiError::conflict("this audit has been submitted; it can no longer change")
}

/// Marks the draft as being worked on, inside the caller's transaction. On PostgreSQL
/// this also locks the audit row, so a save and a submit cannot interleave.
async fn hold_draft(conn: &mut sqlx::AnyConnection, audit_id: &str) -> ApiResult<()> {
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
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody),
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
    let sections = row.sections();
    let item = store::item(&sections, &key).ok_or_else(|| ApiError::not_found("item"))?;
    if req
        .answer
        .as_ref()
        .is_some_and(|a| !audit_wire::answer_fits(&item.kind, a))
    {
        return Err(ApiError::field("answer", "does_not_fit_item"));
    }
    if req.note.chars().count() > audit_wire::NOTE_MAX {
        return Err(ApiError::field("note", "too_long"));
    }
    if !row.status().is_draft() {
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
    tx.commit().await?;
    Ok(Json(SavedAnswer {
        item_key: key,
        answer: req.answer,
        note: req.note,
        revision: req.revision + 1,
        photo: photos > 0,
    }))
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
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody),
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
    let sections = row.sections();
    let item = store::item(&sections, &key).ok_or_else(|| ApiError::not_found("item"))?;
    if !item.photo {
        return Err(ApiError::field("photo", "not_allowed_for_item"));
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
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An item's photo, for those who may see the audit: its auditor, managers, and once
/// published the audited person and their supervisor.
#[utoipa::path(get, path = "/audits/{id}/photos/{key}", tag = "audits", params(("id" = Uuid, Path), ("key" = String, Path)), responses(
    (status = 200, description = "The image", content_type = "image/jpeg", body = Vec<u8>),
    (status = 401, body = ErrorBody),
    (status = 404, body = ErrorBody),
))]
async fn get_photo(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, key)): Path<(Uuid, String)>,
) -> ApiResult<impl IntoResponse> {
    let row = store::load(&state, auth.property_id(), id).await?;
    row.filter(|r| r.readable_by(&auth) || r.feedback_for(&auth))
        .ok_or_else(|| ApiError::not_found("audit"))?;
    let photo: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT content_type, bytes FROM audit_photos WHERE audit_id = $1 AND item_key = $2")
            .bind(id.to_string())
            .bind(&key)
            .fetch_optional(&state.db.pool)
            .await?;
    let (content_type, bytes) = photo.ok_or_else(|| ApiError::not_found("photo"))?;
    Ok(([(header::CONTENT_TYPE, content_type)], bytes))
}

/// Submits the audit: every required item must be answered (else 422 naming them by
/// key); the shared scoring computes the score, section scores and pass or fail, and
/// failed critical items become corrective tasks for the template's department.
///
/// Idempotent: the first submit stores the result; any repeat, even twenty at once,
/// returns that same result with 200 and files nothing more.
#[utoipa::path(post, path = "/audits/{id}/submit", tag = "audits", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Audit),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody),
    (status = 422, description = "Required items are unanswered; `fields` names them", body = ErrorBody),
))]
async fn submit(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Audit>> {
    let row = store::own(&state, &auth, id).await?;
    if row.status().is_draft() {
        let filed = record_submission(&state, &auth, &row).await?;
        actions::announce(&state, auth.property_id(), &filed).await?;
    }
    let row = store::readable(&state, &auth, id).await?;
    Ok(Json(store::detail(&state, &row).await?))
}

/// Stores the result unless another request already did; returns the tasks it filed.
async fn record_submission(state: &AppState, auth: &Auth, row: &AuditRow) -> ApiResult<Vec<String>> {
    let sections = row.sections();
    let (today, tz) = today(state, auth.property_id()).await?;
    let now = state.clock.now();
    let now_ms = now.timestamp_millis();
    let month = now.with_timezone(&tz).format("%Y-%m").to_string();
    let mut tx = state.db.begin_write().await?;
    // Whoever gets the draft first submits; the others find it submitted and stop.
    let claimed =
        sqlx::query("UPDATE audits SET status = 'submitted' WHERE id = $1 AND status IN ('assigned', 'in_progress')")
            .bind(&row.id)
            .execute(tx.conn())
            .await?;
    if claimed.rows_affected() == 0 {
        return Ok(Vec::new());
    }
    let answers = store::answers(tx.conn(), &row.id).await?;
    let missing = audits::missing_required(&sections, &answers);
    if !missing.is_empty() {
        drop(tx);
        return Err(ApiError::Invalid(
            missing.into_iter().map(|k| (k, "required".to_owned())).collect(),
        ));
    }
    let scored = store_result(
        tx.conn(),
        &Scoring {
            audit_id: &row.id,
            property_id: auth.property_id(),
            template_id: &row.template_id,
            sections: &sections,
            answers: &answers,
            pass_mark: row.pass_mark,
            submitted_at: now_ms,
            month: &month,
        },
    )
    .await?;
    let notes = notes(tx.conn(), &row.id).await?;
    let mut filed = Vec::new();
    for key in &scored.failed_items {
        let Some(item) = store::item(&sections, key) else {
            continue;
        };
        if item.critical {
            // Filed in the template owner's name: the task list must not reveal the auditor.
            let action = NewAction {
                audit: row,
                item,
                note: notes.get(key).map(String::as_str).unwrap_or_default(),
                filed_by: &row.owner_id,
                due_on: today + Duration::days(actions::CRITICAL_DUE_DAYS),
                tz,
                now,
            };
            filed.extend(actions::raise(tx.conn(), &action).await?);
        }
    }
    tx.commit().await?;
    Ok(filed)
}

/// An audit's answers to score and store as its result.
pub struct Scoring<'a> {
    pub audit_id: &'a str,
    pub property_id: &'a str,
    pub template_id: &'a str,
    pub sections: &'a [TemplateSection],
    pub answers: &'a BTreeMap<String, Answer>,
    pub pass_mark: f64,
    pub submitted_at: i64,
    /// `YYYY-MM` of `submitted_at`, hotel time.
    pub month: &'a str,
}

/// Scores with the shared crate and stores the result on the audit, with its section
/// scores and failed items broken out for reports. Status and tasks are the caller's.
pub async fn store_result(conn: &mut sqlx::AnyConnection, s: &Scoring<'_>) -> ApiResult<AuditScore> {
    let scored = audits::score(s.sections, s.answers, s.pass_mark);
    let result = AuditResult {
        score: scored.score,
        passed: scored.passed,
        critical_failed: scored.critical_failed,
        sections: s
            .sections
            .iter()
            .zip(&scored.sections)
            .map(|(section, score)| SectionResult {
                title: section.title.clone(),
                score: *score,
            })
            .collect(),
        failed_items: scored.failed_items.clone(),
    };
    sqlx::query(
        "UPDATE audits SET submitted_at = $1, result_month = $2, score = $3, passed = $4, critical_failed = $5, \
            result = $6 WHERE id = $7",
    )
    .bind(s.submitted_at)
    .bind(s.month)
    .bind(scored.score)
    .bind(i64::from(scored.passed))
    .bind(i64::from(scored.critical_failed))
    .bind(serde_json::to_string(&result).unwrap_or_default())
    .bind(s.audit_id)
    .execute(&mut *conn)
    .await?;
    for (position, section) in result.sections.iter().enumerate() {
        sqlx::query(
            "INSERT INTO audit_section_scores (audit_id, position, property_id, result_month, template_id, title, score) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.audit_id)
        .bind(i64::try_from(position).unwrap_or_default())
        .bind(s.property_id)
        .bind(s.month)
        .bind(s.template_id)
        .bind(&section.title)
        .bind(section.score)
        .execute(&mut *conn)
        .await?;
    }
    for key in &scored.failed_items {
        let Some(item) = store::item(s.sections, key) else {
            continue;
        };
        sqlx::query(
            "INSERT INTO audit_failed_items (audit_id, item_key, property_id, result_month, template_id, text, critical) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.audit_id)
        .bind(key)
        .bind(s.property_id)
        .bind(s.month)
        .bind(s.template_id)
        .bind(&item.text)
        .bind(i64::from(item.critical))
        .execute(&mut *conn)
        .await?;
    }
    Ok(scored)
}

pub async fn notes(conn: &mut sqlx::AnyConnection, audit_id: &str) -> ApiResult<BTreeMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT item_key, note FROM audit_answers WHERE audit_id = $1 AND note <> ''")
            .bind(audit_id)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}
