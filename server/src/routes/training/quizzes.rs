//! Quizzes (managers): which questions, pass mark, time limit, attempts and wait,
//! review policy, certification.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::training::{self, Quiz, Selection};
use bellhop_api::{ErrorBody, Page, PageQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{from_body, load_quiz, to_body};
use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::paging::Paging;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, replace, archive))
}

/// The property's live quizzes, by title, a page at a time.
#[utoipa::path(get, path = "/training/quizzes", tag = "training", params(PageQuery), responses(
    (status = 200, body = Page<Quiz>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    page: Paging,
) -> ApiResult<Json<Page<Quiz>>> {
    let pool = &state.db.pool;
    let live = "FROM training_quizzes WHERE property_id = $1 AND archived = 0";
    let rows: Vec<(String,)> = sqlx::query_as(&format!("SELECT body {live} ORDER BY title, id LIMIT $2 OFFSET $3"))
        .bind(auth.property_id())
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(pool)
        .await?;
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {live}"))
        .bind(auth.property_id())
        .fetch_one(pool)
        .await?;
    Ok(Json(page.page(
        rows.iter().map(|(b,)| from_body(b)).collect::<ApiResult<_>>()?,
        total,
    )?))
}

/// Makes a quiz. Sending the same `id` again answers 200 with what is stored.
#[utoipa::path(post, path = "/training/quizzes", tag = "training", request_body = Quiz, responses(
    (status = 201, body = Quiz),
    (status = 200, description = "A retry of a create that already happened", body = Quiz),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The id is taken", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(quiz): Json<Quiz>,
) -> ApiResult<(StatusCode, Json<Quiz>)> {
    check(&state, auth.property_id(), &quiz).await?;
    if let Ok(existing) = load_quiz(&state.db.pool, auth.property_id(), &quiz.id.to_string()).await {
        return Ok((StatusCode::OK, Json(existing)));
    }
    let now = state.clock.now_ms();
    sqlx::query(
        "INSERT INTO training_quizzes (id, property_id, title, body, archived, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $5)",
    )
    .bind(quiz.id.to_string())
    .bind(auth.property_id())
    .bind(quiz.title.trim())
    .bind(to_body(&quiz))
    .bind(now)
    .execute(&state.db.pool)
    .await?;
    Ok((StatusCode::CREATED, Json(quiz)))
}

#[utoipa::path(get, path = "/training/quizzes/{id}", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Quiz),
    (status = 403, body = ErrorBody),
))]
async fn get(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Quiz>> {
    Ok(Json(
        load_quiz(&state.db.pool, auth.property_id(), &id.to_string()).await?,
    ))
}

/// Rewrites a quiz's rules; attempts already started keep their questions.
#[utoipa::path(put, path = "/training/quizzes/{id}", tag = "training", params(("id" = Uuid, Path)),
    request_body = Quiz, responses(
    (status = 200, body = Quiz),
    (status = 403, body = ErrorBody),
))]
async fn replace(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
    Json(quiz): Json<Quiz>,
) -> ApiResult<Json<Quiz>> {
    super::same_id(quiz.id, id)?;
    load_quiz(&state.db.pool, auth.property_id(), &id.to_string()).await?;
    check(&state, auth.property_id(), &quiz).await?;
    sqlx::query("UPDATE training_quizzes SET title = $1, body = $2, updated_at = $3 WHERE id = $4")
        .bind(quiz.title.trim())
        .bind(to_body(&quiz))
        .bind(state.clock.now_ms())
        .bind(id.to_string())
        .execute(&state.db.pool)
        .await?;
    Ok(Json(quiz))
}

/// Retires a quiz: it leaves every list and assignment; attempts and certificates stay.
#[utoipa::path(delete, path = "/training/quizzes/{id}", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Archived"),
    (status = 403, body = ErrorBody),
))]
async fn archive(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    super::retire(&state, auth.property_id(), super::Retirable::Quiz, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The shared checks, then that the questions exist in this property's bank.
async fn check(state: &AppState, property_id: &str, quiz: &Quiz) -> ApiResult<()> {
    training::quiz(quiz).map_err(ApiError::Invalid)?;
    match &quiz.selection {
        Selection::Fixed { question_ids } => {
            for id in question_ids {
                if super::load_question(&state.db.pool, property_id, &id.to_string())
                    .await?
                    .is_none()
                {
                    return Err(ApiError::field("selection", FieldReason::UnknownQuestion));
                }
            }
        }
        Selection::Draw { draws } => {
            for draw in draws {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM training_questions WHERE property_id = $1 AND category = $2 AND archived = 0",
                )
                .bind(property_id)
                .bind(&draw.category)
                .fetch_one(&state.db.pool)
                .await?;
                if n < i64::from(draw.count) {
                    return Err(ApiError::field("selection", FieldReason::NotEnoughQuestions));
                }
            }
        }
    }
    Ok(())
}
