//! Taking a quiz: start (or resume), save answers as they are given, submit. Nothing
//! before grading (in `grading`) shows a key or an explanation. The time limit is the
//! server's: answers after it (and a short grace for the network) are refused, and an
//! attempt past it is graded as it stands by the next write that touches it or by the
//! expiry job (`crate::jobs`), within seconds. Reading an attempt never grades it.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::quiz::AnswerKey;
use bellhop_api::training::{
    self, AnswerSave, Attempt, AttemptQuestion, AttemptResult, QuestionInput, Quiz, ReviewItem, ReviewPolicy, Selection,
};
use bellhop_api::ErrorBody;
use rand::seq::SliceRandom;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::grading::{close_expired, grade, questions, quiz_any, to_shown, QuestionRow, GRACE_MS};
use super::items::{self, AttemptRow, Scope, ATTEMPT_COLUMNS};
use super::{from_body, load_quiz, to_body};
use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::rows::Row;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(get))
        .routes(routes!(save))
        .routes(routes!(submit))
}

/// Starts an attempt at a quiz assigned to the signed-in person, or resumes the one they
/// have open (same questions, same option order, saved answers). Respects the attempt
/// limit and the wait between attempts, also when many starts arrive at once.
#[utoipa::path(post, path = "/training/quizzes/{id}/attempts", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 201, description = "A new attempt", body = Attempt),
    (status = 200, description = "The attempt already open", body = Attempt),
    (status = 403, description = "The quiz is not assigned to this person", body = ErrorBody),
    (status = 409, description = "No attempts left, or the wait is not over", body = ErrorBody),
))]
async fn start(
    State(state): State<AppState>,
    auth: Auth,
    Path(quiz_id): Path<Uuid>,
) -> ApiResult<(StatusCode, Json<Attempt>)> {
    let property_id = auth.property_id();
    let quiz_id = quiz_id.to_string();
    let quiz = load_quiz(&state.db.pool, property_id, &quiz_id).await?;
    let me = &auth.staff.id;
    let mine = items::items(&state, property_id, Scope::Person(me)).await?;
    let since = match mine.iter().find(|i| i.quiz_id == quiz_id) {
        Some(item) => item.since,
        // Managers may try any quiz, e.g. before assigning it.
        None if auth.role().manages_property() => 0,
        None => return Err(ApiError::forbidden()),
    };
    close_expired(&state, property_id, me).await?;
    let picks = pick(&state, property_id, &quiz).await?;
    if picks.is_empty() {
        return Err(ApiError::conflict("this quiz has no questions"));
    }
    let now = state.clock.now_ms();
    // A lost race on the attempt number means another start won: go round and resume it.
    for _ in 0..5 {
        let mut tx = state.db.begin_write().await?;
        // One statement, one snapshot: an attempt committed by a parallel start is seen
        // either as open (resume it) or in the count (and our number then collides).
        let (total, used, last_graded, open): (i64, i64, Option<i64>, Option<String>) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(CASE WHEN started_at >= $3 THEN 1 END), MAX(submitted_at), \
                    MAX(CASE WHEN submitted_at IS NULL THEN id END) \
             FROM training_attempts WHERE quiz_id = $1 AND staff_id = $2",
        )
        .bind(&quiz_id)
        .bind(me)
        .bind(since)
        .fetch_one(tx.conn())
        .await?;
        if let Some(id) = open {
            drop(tx);
            return Ok((
                StatusCode::OK,
                Json(view(&state, &auth, &own(&state, &auth, &id).await?).await?),
            ));
        }
        if quiz.max_attempts.is_some_and(|max| used >= i64::from(max)) {
            return Err(ApiError::conflict("no attempts left at this quiz"));
        }
        if let Some(next) = last_graded.map(|t| t + i64::from(quiz.wait_mins) * 60_000) {
            if next > now {
                return Err(ApiError::conflict(format!(
                    "the next attempt may start at {}",
                    Row::new("training_attempts", &quiz_id)
                        .time("submitted_at", next)?
                        .to_rfc3339()
                )));
            }
        }
        let id = Uuid::new_v4().to_string();
        let deadline = quiz.time_limit_mins.map(|m| now + i64::from(m) * 60_000);
        let inserted = sqlx::query(
            "INSERT INTO training_attempts (id, property_id, quiz_id, staff_id, attempt_no, started_at, deadline_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (quiz_id, staff_id, attempt_no) DO NOTHING",
        )
        .bind(&id)
        .bind(property_id)
        .bind(&quiz_id)
        .bind(me)
        .bind(total + 1)
        .bind(now)
        .bind(deadline)
        .execute(tx.conn())
        .await?;
        if inserted.rows_affected() == 0 {
            continue;
        }
        for (position, (question_id, q)) in picks.iter().enumerate() {
            sqlx::query(
                "INSERT INTO training_attempt_questions (attempt_id, position, question_id, question, option_order) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(question_id)
            .bind(to_body(q))
            .bind(to_body(&shown_order(q, quiz.shuffle_options)))
            .execute(tx.conn())
            .await?;
        }
        tx.commit().await?;
        return Ok((
            StatusCode::CREATED,
            Json(view(&state, &auth, &own(&state, &auth, &id).await?).await?),
        ));
    }
    Err(ApiError::conflict("too many starts at once; try again"))
}

/// The questions of a new attempt: the fixed list, or a random draw per category.
async fn pick(state: &AppState, property_id: &str, quiz: &Quiz) -> ApiResult<Vec<(String, QuestionInput)>> {
    let mut picks = Vec::new();
    match &quiz.selection {
        Selection::Fixed { question_ids } => {
            for id in question_ids {
                let id = id.to_string();
                // An archived question drops out of the quiz.
                if let Some(q) = super::load_question(&state.db.pool, property_id, &id).await? {
                    picks.push((id, q));
                }
            }
        }
        Selection::Draw { draws } => {
            for draw in draws {
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT id, body FROM training_questions WHERE property_id = $1 AND category = $2 AND archived = 0",
                )
                .bind(property_id)
                .bind(&draw.category)
                .fetch_all(&state.db.pool)
                .await?;
                let count = usize::try_from(draw.count).unwrap_or(usize::MAX);
                let chosen: Vec<(String, String)> =
                    rows.choose_multiple(&mut rand::thread_rng(), count).cloned().collect();
                for (id, body) in chosen {
                    picks.push((id, from_body(&body)?));
                }
            }
        }
    }
    Ok(picks)
}

/// The order options are shown in: position `d` shows option `order[d]`. Ordering
/// questions are always shuffled, or the written order would give the answer away.
fn shown_order(q: &QuestionInput, shuffle: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..q.options.len()).collect();
    if shuffle || matches!(q.key, AnswerKey::Ordering { .. }) {
        order.shuffle(&mut rand::thread_rng());
    }
    order
}

/// The signed-in person's own attempt, or 404 (someone else's is not theirs to see).
async fn own(state: &AppState, auth: &Auth, id: &str) -> ApiResult<AttemptRow> {
    let row: Option<AttemptRow> = sqlx::query_as(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM training_attempts WHERE id = $1 AND property_id = $2 AND staff_id = $3"
    ))
    .bind(id)
    .bind(auth.property_id())
    .bind(&auth.staff.id)
    .fetch_optional(&state.db.pool)
    .await?;
    row.ok_or_else(|| ApiError::not_found("attempt"))
}

/// Own attempt, graded first if its time ran out; for the writes to an attempt.
async fn current(state: &AppState, auth: &Auth, id: Uuid) -> ApiResult<AttemptRow> {
    let id = id.to_string();
    let row = own(state, auth, &id).await?;
    match row.deadline_at {
        Some(deadline) if row.submitted_at.is_none() && state.clock.now_ms() > deadline + GRACE_MS => {
            grade(state, auth.property_id(), &id, deadline).await?;
            own(state, auth, &id).await
        }
        _ => Ok(row),
    }
}

/// A question as the person taking it sees it; never the key or the explanation.
fn shown(row: &QuestionRow) -> ApiResult<AttemptQuestion> {
    let q: QuestionInput = from_body(&row.question)?;
    let order: Vec<usize> = from_body(&row.option_order)?;
    Ok(AttemptQuestion::shown(
        row.position()?,
        &q,
        &order,
        row.response.as_deref().map(from_body).transpose()?,
    ))
}

async fn view(state: &AppState, auth: &Auth, row: &AttemptRow) -> ApiResult<Attempt> {
    let rows = questions(state, &row.id).await?;
    let quiz = quiz_any(state, &row.quiz_id).await?;
    let stored = row.row();
    let result = match (row.submitted_at, row.score, row.passed) {
        (Some(graded_at), Some(score), Some(passed)) => {
            let certificate: Option<(String, i64)> =
                sqlx::query_as("SELECT id, expires_at FROM training_certificates WHERE attempt_id = $1")
                    .bind(&row.id)
                    .fetch_optional(&state.db.pool)
                    .await?;
            // While another attempt at the quiz is open, an earlier review would be a
            // crib sheet for it.
            let allowed = !has_open(state, auth, &row.quiz_id).await?
                && match quiz.review {
                    ReviewPolicy::Never => false,
                    ReviewPolicy::AfterEachAttempt => true,
                    ReviewPolicy::AfterPassing => passed == 1 || has_passed(state, auth, &row.quiz_id).await?,
                };
            let review = if allowed {
                let mut items = Vec::new();
                for r in &rows {
                    let q: QuestionInput = from_body(&r.question)?;
                    let order: Vec<usize> = from_body(&r.option_order)?;
                    items.push(ReviewItem {
                        position: r.position()?,
                        key: to_shown(&q.key, &order),
                        explanation: q.explanation,
                        credit: r.credit()?,
                    });
                }
                Some(items)
            } else {
                None
            };
            Some(AttemptResult {
                score,
                passed: passed == 1,
                graded_at: stored.time("submitted_at", graded_at)?,
                certificate_expires_at: certificate
                    .map(|(id, t)| Row::new("training_certificates", &id).time("expires_at", t))
                    .transpose()?,
                review,
            })
        }
        _ => None,
    };
    Ok(Attempt {
        id: stored.own_id()?,
        quiz_id: stored.id("quiz_id", &row.quiz_id)?,
        quiz_title: quiz.title,
        attempt_no: stored.number("attempt_no", row.attempt_no)?,
        started_at: stored.time("started_at", row.started_at)?,
        deadline_at: stored.opt_time("deadline_at", row.deadline_at)?,
        questions: rows.iter().map(shown).collect::<ApiResult<_>>()?,
        result,
    })
}

async fn has_passed(state: &AppState, auth: &Auth, quiz_id: &str) -> ApiResult<bool> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM training_attempts WHERE quiz_id = $1 AND staff_id = $2 AND passed = 1 LIMIT 1")
            .bind(quiz_id)
            .bind(&auth.staff.id)
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(found.is_some())
}

async fn has_open(state: &AppState, auth: &Auth, quiz_id: &str) -> ApiResult<bool> {
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM training_attempts WHERE quiz_id = $1 AND staff_id = $2 AND submitted_at IS NULL LIMIT 1",
    )
    .bind(quiz_id)
    .bind(&auth.staff.id)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(found.is_some())
}

/// One of the signed-in person's attempts: open, or graded with its result (and the
/// review where the quiz allows).
#[utoipa::path(get, path = "/training/attempts/{id}", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Attempt),
))]
async fn get(State(state): State<AppState>, auth: Auth, Path(id): Path<Uuid>) -> ApiResult<Json<Attempt>> {
    let row = own(&state, &auth, &id.to_string()).await?;
    Ok(Json(view(&state, &auth, &row).await?))
}

/// Saves the answer to one question (`position` from 0) of an open attempt, so a reload
/// or another device resumes where the person was. Positions of options are as shown.
#[utoipa::path(put, path = "/training/attempts/{id}/answers/{position}", tag = "training",
    params(("id" = Uuid, Path), ("position" = u32, Path)), request_body = AnswerSave, responses(
    (status = 200, body = AttemptQuestion),
    (status = 409, description = "Graded, or the time limit has passed", body = ErrorBody),
    (status = 422, description = "The answer does not fit the question", body = ErrorBody),
))]
async fn save(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, position)): Path<(Uuid, u32)>,
    Json(req): Json<AnswerSave>,
) -> ApiResult<Json<AttemptQuestion>> {
    let row = current(&state, &auth, id).await?;
    if row.submitted_at.is_some() {
        let over = row.deadline_at.is_some_and(|d| state.clock.now_ms() > d + GRACE_MS);
        return Err(ApiError::conflict(if over {
            "the time limit has passed; the attempt was graded as it stood"
        } else {
            "this attempt is already graded"
        }));
    }
    let found: Option<QuestionRow> = sqlx::query_as(
        "SELECT attempt_id, position, question, option_order, response, credit FROM training_attempt_questions \
         WHERE attempt_id = $1 AND position = $2",
    )
    .bind(&row.id)
    .bind(i64::from(position))
    .fetch_optional(&state.db.pool)
    .await?;
    let mut question = found.ok_or_else(|| ApiError::not_found("question in this attempt"))?;
    let q: QuestionInput = from_body(&question.question)?;
    if !training::response_fits(&q.key, q.options.len(), &req.response) {
        return Err(ApiError::field("response", FieldReason::DoesNotFitQuestion));
    }
    let response = to_body(&req.response);
    let mut tx = state.db.begin_write().await?;
    // Only while open, holding the attempt's row (a write that changes nothing) so a
    // grading in flight finishes first and this save is then refused.
    let open = sqlx::query("UPDATE training_attempts SET submitted_at = NULL WHERE id = $1 AND submitted_at IS NULL")
        .bind(&row.id)
        .execute(tx.conn())
        .await?;
    if open.rows_affected() == 0 {
        return Err(ApiError::conflict("this attempt is already graded"));
    }
    sqlx::query("UPDATE training_attempt_questions SET response = $1 WHERE attempt_id = $2 AND position = $3")
        .bind(&response)
        .bind(&row.id)
        .bind(i64::from(position))
        .execute(tx.conn())
        .await?;
    tx.commit().await?;
    question.response = Some(response);
    Ok(Json(shown(&question)?))
}

/// Hands the attempt in for grading. A repeat returns the graded attempt.
#[utoipa::path(post, path = "/training/attempts/{id}/submit", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Attempt),
))]
async fn submit(State(state): State<AppState>, auth: Auth, Path(id): Path<Uuid>) -> ApiResult<Json<Attempt>> {
    let row = current(&state, &auth, id).await?;
    if row.submitted_at.is_none() {
        let now = state.clock.now_ms();
        let at = row.deadline_at.map_or(now, |d| now.min(d));
        grade(&state, auth.property_id(), &row.id, at).await?;
    }
    let row = own(&state, &auth, &row.id).await?;
    Ok(Json(view(&state, &auth, &row).await?))
}
