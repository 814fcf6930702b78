//! Grading: an attempt's answers, mapped from the positions shown back to the written
//! options, go through the shared `quiz::grade`; a pass may earn a certificate. Also the
//! server's clock on attempts: one past its limit and grace is graded as it stood, by
//! the next write that touches it or by the expiry job, whichever comes first.

use bellhop_api::quiz::{self, AnswerKey, Response};
use bellhop_api::training::{QuestionInput, Quiz};
use uuid::Uuid;

use super::from_body;
use crate::app::AppState;
use crate::db::flag;
use crate::error::ApiResult;
use crate::rows::Row;

/// Answers that arrive this long after the limit still count: they left the tablet in
/// time.
pub const GRACE_MS: i64 = 10_000;

#[derive(sqlx::FromRow)]
pub struct QuestionRow {
    pub attempt_id: String,
    pub position: i64,
    pub question: String,
    pub option_order: String,
    pub response: Option<String>,
    pub credit: Option<f64>,
}

pub const QUESTIONS_OF: &str = "SELECT attempt_id, position, question, option_order, response, credit \
     FROM training_attempt_questions WHERE attempt_id = $1 ORDER BY position";

impl QuestionRow {
    fn row(&self) -> Row<'_> {
        Row::new("training_attempt_questions", &self.attempt_id)
    }

    pub fn position(&self) -> ApiResult<u32> {
        self.row().number("position", self.position)
    }

    /// The credit grading gave it; every question of a graded attempt has one.
    pub fn credit(&self) -> ApiResult<f64> {
        self.row().present("credit", self.credit)
    }
}

pub async fn questions(state: &AppState, attempt_id: &str) -> ApiResult<Vec<QuestionRow>> {
    Ok(sqlx::query_as(QUESTIONS_OF)
        .bind(attempt_id)
        .fetch_all(&state.db.pool)
        .await?)
}

/// A response in shown positions, in written option indices for grading.
pub fn to_written(response: &Response, order: &[usize]) -> Response {
    let map = |d: &usize| order.get(*d).copied().unwrap_or(usize::MAX);
    match response {
        Response::Choice(d) => Response::Choice(map(d)),
        Response::Choices(ds) => Response::Choices(ds.iter().map(map).collect()),
        Response::Order(ds) => Response::Order(ds.iter().map(map).collect()),
        other => other.clone(),
    }
}

/// A key in written indices, in the shown positions of this attempt.
pub fn to_shown(key: &AnswerKey, order: &[usize]) -> AnswerKey {
    let map = |w: &usize| order.iter().position(|o| o == w).unwrap_or(*w);
    match key {
        AnswerKey::SingleChoice { correct } => AnswerKey::SingleChoice { correct: map(correct) },
        AnswerKey::MultipleChoice { correct, rule } => AnswerKey::MultipleChoice {
            correct: correct.iter().map(map).collect(),
            rule: *rule,
        },
        AnswerKey::Ordering { correct } => AnswerKey::Ordering {
            correct: correct.iter().map(map).collect(),
        },
        other => other.clone(),
    }
}

/// A quiz by id, archived or not: old attempts still need their rules.
pub async fn quiz_any(state: &AppState, quiz_id: &str) -> ApiResult<Quiz> {
    let (body,): (String,) = sqlx::query_as("SELECT body FROM training_quizzes WHERE id = $1")
        .bind(quiz_id)
        .fetch_one(&state.db.pool)
        .await?;
    from_body(&body)
}

/// Grades an open attempt as it stands, at `at`; a certificate if it passed and the quiz
/// certifies. Doing it twice is harmless: only the first grading is kept.
pub async fn grade(state: &AppState, property_id: &str, attempt_id: &str, at: i64) -> ApiResult<()> {
    let (quiz_id, staff_id): (String, String) =
        sqlx::query_as("SELECT quiz_id, staff_id FROM training_attempts WHERE id = $1")
            .bind(attempt_id)
            .fetch_one(&state.db.pool)
            .await?;
    let quiz = quiz_any(state, &quiz_id).await?;
    let mut tx = state.db.begin_write().await?;
    // Claim the attempt first: the row lock makes a save in flight either land before
    // this (and be graded) or find the attempt closed (and be refused).
    let claimed = sqlx::query("UPDATE training_attempts SET submitted_at = $1 WHERE id = $2 AND submitted_at IS NULL")
        .bind(at)
        .bind(attempt_id)
        .execute(tx.conn())
        .await?;
    if claimed.rows_affected() == 0 {
        return Ok(());
    }
    let rows: Vec<QuestionRow> = sqlx::query_as(QUESTIONS_OF)
        .bind(attempt_id)
        .fetch_all(tx.conn())
        .await?;
    let mut keys = Vec::new();
    let mut responses = Vec::new();
    for r in &rows {
        let q: QuestionInput = from_body(&r.question)?;
        let order: Vec<usize> = from_body(&r.option_order)?;
        let response: Option<Response> = r.response.as_deref().map(from_body).transpose()?;
        keys.push((q.points, q.key));
        responses.push(response.map(|r| to_written(&r, &order)));
    }
    let grade = quiz::grade(&keys, &responses, quiz.pass_mark);
    sqlx::query("UPDATE training_attempts SET score = $1, passed = $2 WHERE id = $3")
        .bind(grade.score)
        .bind(flag(grade.passed))
        .bind(attempt_id)
        .execute(tx.conn())
        .await?;
    for (r, credit) in rows.iter().zip(&grade.credits) {
        sqlx::query("UPDATE training_attempt_questions SET credit = $1 WHERE attempt_id = $2 AND position = $3")
            .bind(*credit)
            .bind(attempt_id)
            .bind(r.position)
            .execute(tx.conn())
            .await?;
    }
    if let (true, Some(months)) = (grade.passed, quiz.certificate_months) {
        let issued = Row::new("training_attempts", attempt_id).time("submitted_at", at)?;
        let expires = issued.checked_add_months(chrono::Months::new(months)).unwrap_or(issued);
        sqlx::query(
            "INSERT INTO training_certificates (id, property_id, quiz_id, staff_id, attempt_id, issued_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(property_id)
        .bind(&quiz_id)
        .bind(&staff_id)
        .bind(attempt_id)
        .bind(at)
        .bind(expires.timestamp_millis())
        .execute(tx.conn())
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Grades every open attempt of one person whose time ran out: a write that may depend
/// on them (a new start) does this first rather than wait for [`close_all_expired`].
pub async fn close_expired(state: &AppState, property_id: &str, person: &str) -> ApiResult<usize> {
    close(state, property_id, person).await
}

/// Grades every open attempt, in every open hotel, whose time ran out; the job that
/// keeps reads from having to (see `crate::jobs`). Returns how many it graded.
pub async fn close_all_expired(state: &AppState) -> ApiResult<usize> {
    close(state, "", "").await
}

async fn close(state: &AppState, property_id: &str, person: &str) -> ApiResult<usize> {
    let late: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT id, property_id, deadline_at FROM training_attempts \
         WHERE ($1 = '' OR property_id = $1) AND ($2 = '' OR staff_id = $2) \
         AND submitted_at IS NULL AND deadline_at IS NOT NULL AND deadline_at < $3 \
         AND property_id IN (SELECT id FROM properties WHERE active = 1)",
    )
    .bind(property_id)
    .bind(person)
    .bind(state.clock.now_ms() - GRACE_MS)
    .fetch_all(&state.db.pool)
    .await?;
    for (id, property_id, deadline) in &late {
        grade(state, property_id, id, *deadline).await?;
    }
    Ok(late.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_positions_map_back_to_written_options() {
        // Shown: written options 2, 0, 1.
        let order = [2, 0, 1];
        let key = AnswerKey::Ordering { correct: vec![1, 2, 0] };
        let shown_key = to_shown(&key, &order);
        assert_eq!(shown_key, AnswerKey::Ordering { correct: vec![2, 0, 1] });
        let AnswerKey::Ordering { correct } = shown_key else {
            unreachable!()
        };
        let back = to_written(&Response::Order(correct), &order);
        assert_eq!(quiz::credit(&key, &back), 1.0);
        let single = AnswerKey::SingleChoice { correct: 0 };
        assert_eq!(quiz::credit(&single, &to_written(&Response::Choice(1), &order)), 1.0);
    }
}
