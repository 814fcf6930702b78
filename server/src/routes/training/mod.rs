//! Training quizzes: the question bank, quizzes, attempts graded on the server with the
//! shared crate's `quiz::grade`, assignments and onboarding plans, certificates and
//! their renewal, and the reports.
//!
//! Who may do what: managers and admins write the bank, quizzes, assignments and plans
//! (the design names no trainer role); supervisors read the reports of their own
//! department; everyone takes the quizzes assigned to them and reads their own training.

pub mod assignments;
pub mod attempts;
pub mod bank;
pub mod grading;
pub mod items;
pub mod people;
pub mod plans;
pub mod quizzes;
pub mod recertify;
pub mod reports;

use bellhop_api::training::{QuestionInput, Quiz};
use sqlx::AnyPool;
use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(bank::router())
        .merge(quizzes::router())
        .merge(attempts::router())
        .merge(assignments::router())
        .merge(plans::router())
        .merge(reports::router())
        .merge(people::router())
}

pub const DAY_MS: i64 = 86_400_000;

/// A rewrite names what it rewrites twice, in the path and in the body; they must agree.
fn same_id(in_body: uuid::Uuid, in_path: uuid::Uuid) -> ApiResult<()> {
    if in_body == in_path {
        Ok(())
    } else {
        Err(ApiError::field("id", FieldReason::DoesNotMatchPath))
    }
}

/// A bank or quiz row that can be retired: its table and what the 404 names.
pub enum Retirable {
    Question,
    Quiz,
}

/// Retires one of the property's questions or quizzes: it leaves every list, while
/// past attempts keep what they asked. A second retirement is a 404, like an unknown id.
pub async fn retire(state: &AppState, property_id: &str, what: Retirable, id: uuid::Uuid) -> ApiResult<()> {
    let (table, name) = match what {
        Retirable::Question => ("training_questions", "question"),
        Retirable::Quiz => ("training_quizzes", "quiz"),
    };
    let done = sqlx::query(&format!(
        "UPDATE {table} SET archived = 1, updated_at = $1 WHERE id = $2 AND property_id = $3 AND archived = 0"
    ))
    .bind(state.clock.now_ms())
    .bind(id.to_string())
    .bind(property_id)
    .execute(&state.db.pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::not_found(name));
    }
    Ok(())
}

/// Bodies are stored as the JSON the API wrote; a row that does not read back is a
/// server fault, not the client's.
pub fn from_body<T: serde::de::DeserializeOwned>(body: &str) -> ApiResult<T> {
    serde_json::from_str(body).map_err(|e| ApiError::Internal(format!("stored training body: {e}")))
}

pub fn to_body<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A live quiz of the property, or 404.
pub async fn load_quiz(pool: &AnyPool, property_id: &str, id: &str) -> ApiResult<Quiz> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT body FROM training_quizzes WHERE id = $1 AND property_id = $2 AND archived = 0")
            .bind(id)
            .bind(property_id)
            .fetch_optional(pool)
            .await?;
    from_body(&row.ok_or_else(|| ApiError::not_found("quiz"))?.0)
}

/// Every live quiz of the property, by id.
pub async fn all_quizzes(pool: &AnyPool, property_id: &str) -> ApiResult<Vec<Quiz>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT body FROM training_quizzes WHERE property_id = $1 AND archived = 0 ORDER BY title")
            .bind(property_id)
            .fetch_all(pool)
            .await?;
    rows.iter().map(|(b,)| from_body(b)).collect()
}

/// A live question of the property, or `None`.
pub async fn load_question(pool: &AnyPool, property_id: &str, id: &str) -> ApiResult<Option<QuestionInput>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT body FROM training_questions WHERE id = $1 AND property_id = $2 AND archived = 0")
            .bind(id)
            .bind(property_id)
            .fetch_optional(pool)
            .await?;
    row.map(|(b,)| from_body(&b)).transpose()
}
