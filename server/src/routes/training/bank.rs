//! The question bank (managers): list, write, archive, and import/export as JSON or CSV
//! (columns in `bellhop_api::training::csv`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use bellhop_api::training::{
    self, BankFormat, BankImport, ImportSummary, Question, QuestionBankQuery, QuestionInput, QuestionKind,
};
use bellhop_api::validate::FieldErrors;
use bellhop_api::{ErrorBody, Page};
use sqlx::AnyConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{from_body, to_body};
use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::download;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::paging::Paging;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(replace, archive))
        .routes(routes!(export_json))
        .routes(routes!(export_csv))
        .routes(routes!(import))
}

/// The most questions one import may carry.
const IMPORT_MAX: usize = 2000;

pub fn shown(q: QuestionInput) -> Question {
    Question {
        kind: QuestionKind::of(&q.key, q.case.as_deref()),
        question: q,
    }
}

/// The bank's live questions, by category, then as written.
#[utoipa::path(get, path = "/training/questions", tag = "training", params(QuestionBankQuery), responses(
    (status = 200, body = Page<Question>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Query(q): Query<QuestionBankQuery>,
) -> ApiResult<Json<Page<Question>>> {
    let page = Paging::new(q.limit, q.offset);
    let filter = "property_id = $1 AND archived = 0 AND ($2 = '' OR category = $2)";
    let category = q.category.unwrap_or_default();
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT body FROM training_questions WHERE {filter} ORDER BY category, created_at, id LIMIT $3 OFFSET $4"
    ))
    .bind(auth.property_id())
    .bind(&category)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM training_questions WHERE {filter}"))
        .bind(auth.property_id())
        .bind(&category)
        .fetch_one(&state.db.pool)
        .await?;
    let items = rows
        .iter()
        .map(|(b,)| from_body(b).map(shown))
        .collect::<ApiResult<_>>()?;
    Ok(Json(page.page(items, total)?))
}

/// Adds a question. Sending the same `id` again answers 200 with what is stored.
#[utoipa::path(post, path = "/training/questions", tag = "training", request_body = QuestionInput, responses(
    (status = 201, body = Question),
    (status = 200, description = "A retry of a create that already happened", body = Question),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The id belongs to another property", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(q): Json<QuestionInput>,
) -> ApiResult<(StatusCode, Json<Question>)> {
    training::question(&q).map_err(ApiError::Invalid)?;
    if let Some(existing) = super::load_question(&state.db.pool, auth.property_id(), &q.id.to_string()).await? {
        return Ok((StatusCode::OK, Json(shown(existing))));
    }
    let mut tx = state.db.begin_write().await?;
    store(tx.conn(), auth.property_id(), &q, state.clock.now_ms()).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(shown(q))))
}

/// Rewrites a question. Attempts already started keep the version they began with.
#[utoipa::path(put, path = "/training/questions/{id}", tag = "training", params(("id" = Uuid, Path)),
    request_body = QuestionInput, responses(
    (status = 200, body = Question),
    (status = 403, body = ErrorBody),
))]
async fn replace(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
    Json(q): Json<QuestionInput>,
) -> ApiResult<Json<Question>> {
    super::same_id(q.id, id)?;
    training::question(&q).map_err(ApiError::Invalid)?;
    super::load_question(&state.db.pool, auth.property_id(), &id.to_string())
        .await?
        .ok_or_else(|| ApiError::not_found("question"))?;
    let mut tx = state.db.begin_write().await?;
    store(tx.conn(), auth.property_id(), &q, state.clock.now_ms()).await?;
    tx.commit().await?;
    Ok(Json(shown(q)))
}

/// Takes a question out of the bank; quizzes stop asking it, past attempts keep it.
#[utoipa::path(delete, path = "/training/questions/{id}", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Archived"),
    (status = 403, body = ErrorBody),
))]
async fn archive(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::retire(&state, auth.property_id(), super::Retirable::Question, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn everything(state: &AppState, property_id: &str) -> ApiResult<Vec<QuestionInput>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT body FROM training_questions WHERE property_id = $1 AND archived = 0 ORDER BY category, created_at, id",
    )
    .bind(property_id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter().map(|(b,)| from_body(b)).collect()
}

/// The whole bank as a JSON list, the form `/training/bank/import` reads back.
#[utoipa::path(get, path = "/training/bank/export.json", tag = "training", responses(
    (status = 200, body = Vec<QuestionInput>),
    (status = 403, body = ErrorBody),
))]
async fn export_json(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
) -> ApiResult<Json<Vec<QuestionInput>>> {
    Ok(Json(everything(&state, auth.property_id()).await?))
}

/// The whole bank as CSV, one question per record.
#[utoipa::path(get, path = "/training/bank/export.csv", tag = "training", responses(
    (status = 200, description = "text/csv", content_type = "text/csv", body = String),
    (status = 403, body = ErrorBody),
))]
async fn export_csv(State(state): State<AppState>, Authorized(auth, _): Authorized<Managers>) -> ApiResult<Response> {
    let text = training::csv::write(&everything(&state, auth.property_id()).await?);
    Ok(download::csv("question-bank.csv", text))
}

/// Imports a bank file: every row is checked first, and any problem (named `row_N.field`,
/// rows counted as a spreadsheet shows them, or from 1 in a JSON list) stores nothing.
#[utoipa::path(post, path = "/training/bank/import", tag = "training", request_body = BankImport, responses(
    (status = 200, body = ImportSummary),
    (status = 403, body = ErrorBody),
    (status = 422, description = "Row-numbered problems in `fields`", body = ErrorBody),
))]
async fn import(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<BankImport>,
) -> ApiResult<Json<ImportSummary>> {
    let questions = match req.format {
        BankFormat::Csv => training::csv::read(&req.content).map_err(ApiError::Invalid)?,
        BankFormat::Json => read_json(&req.content).map_err(ApiError::Invalid)?,
    };
    if questions.len() > IMPORT_MAX {
        return Err(ApiError::field("content", FieldReason::TooManyQuestions));
    }
    // A file may name a question twice; the second would silently win.
    let mut seen = std::collections::BTreeSet::new();
    let mut errors = FieldErrors::new();
    for (n, q) in questions.iter().enumerate() {
        if !q.id.is_nil() && !seen.insert(q.id) {
            errors.insert(format!("row_{}.id", row_no(req.format, n)), FieldReason::DuplicateId);
        }
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let mut summary = ImportSummary { created: 0, updated: 0 };
    for (n, q) in questions.iter().enumerate() {
        let mut q = q.clone();
        if q.id.is_nil() {
            q.id = Uuid::new_v4();
        }
        match store(tx.conn(), auth.property_id(), &q, now).await {
            Ok(true) => summary.created += 1,
            Ok(false) => summary.updated += 1,
            Err(ApiError::Client { .. }) => {
                errors.insert(
                    format!("row_{}.id", row_no(req.format, n)),
                    FieldReason::BelongsElsewhere,
                );
            }
            Err(other) => return Err(other),
        }
    }
    if !errors.is_empty() {
        // Dropping the transaction undoes every row stored so far.
        return Err(ApiError::Invalid(errors));
    }
    tx.commit().await?;
    Ok(Json(summary))
}

fn row_no(format: BankFormat, index: usize) -> usize {
    match format {
        BankFormat::Csv => index + 2,
        BankFormat::Json => index + 1,
    }
}

/// A JSON list of questions, each checked, problems numbered from 1.
fn read_json(content: &str) -> Result<Vec<QuestionInput>, FieldErrors> {
    let items: Vec<serde_json::Value> = serde_json::from_str(content)
        .map_err(|_| FieldErrors::from([("content".into(), FieldReason::NotAJsonList)]))?;
    let mut errors = FieldErrors::new();
    let mut questions = Vec::new();
    for (n, item) in items.into_iter().enumerate() {
        match serde_json::from_value::<QuestionInput>(item) {
            Ok(q) => match training::question(&q) {
                Ok(()) => questions.push(q),
                Err(fields) => errors.extend(fields.into_iter().map(|(f, r)| (format!("row_{}.{f}", n + 1), r))),
            },
            Err(_) => {
                errors.insert(format!("row_{}", n + 1), FieldReason::NotAQuestion);
            }
        }
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

/// Writes a question; true if it is new. A conflict if the id is another property's.
async fn store(conn: &mut AnyConnection, property_id: &str, q: &QuestionInput, now: i64) -> ApiResult<bool> {
    let owner: Option<(String,)> = sqlx::query_as("SELECT property_id FROM training_questions WHERE id = $1")
        .bind(q.id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    match owner {
        Some((owner,)) if owner != property_id => Err(ApiError::conflict("this id belongs to another property")),
        Some(_) => {
            sqlx::query(
                "UPDATE training_questions SET category = $1, body = $2, archived = 0, updated_at = $3 WHERE id = $4",
            )
            .bind(&q.category)
            .bind(to_body(q))
            .bind(now)
            .bind(q.id.to_string())
            .execute(&mut *conn)
            .await?;
            Ok(false)
        }
        None => {
            sqlx::query(
                "INSERT INTO training_questions (id, property_id, category, body, archived, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 0, $5, $5)",
            )
            .bind(q.id.to_string())
            .bind(property_id)
            .bind(&q.category)
            .bind(to_body(q))
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Ok(true)
        }
    }
}

/// Writes seed questions (used by the demo hotel).
pub async fn store_all(conn: &mut AnyConnection, property_id: &str, qs: &[QuestionInput], now: i64) -> ApiResult<()> {
    for q in qs {
        store(conn, property_id, q, now).await?;
    }
    Ok(())
}
