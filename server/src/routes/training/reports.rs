//! Training numbers: coverage per department (assigned, attempted, passed, overdue),
//! pass rate per quiz and the hardest questions (per person: `people`). Managers see
//! the property; supervisors their own department.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use bellhop_api::csv_writer::CsvWriter;
use bellhop_api::people::Role;
use bellhop_api::training::{
    CoverageRow, CsvTable, ItemStatus, QuestionInput, QuestionStats, QuizStats, TrainingCsvQuery, TrainingReport,
    TrainingReportQuery,
};
use bellhop_api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::items::{self, Scope};
use super::{all_quizzes, from_body};
use crate::app::AppState;
use crate::auth::Auth;
use crate::download;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::people::HOTEL_STAFF;
use crate::routes::property;
use crate::rows::Row;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report)).routes(routes!(report_csv))
}

/// How many of the hardest questions a report lists.
const HARDEST: usize = 20;

/// The department the asker may see: `None` for the whole property.
pub(super) fn scope_of(auth: &Auth, asked: Option<Uuid>) -> ApiResult<Option<String>> {
    match auth.role() {
        Role::Manager | Role::Admin => Ok(asked.map(|d| d.to_string())),
        Role::Supervisor => {
            let own = auth.department_id.clone().ok_or_else(ApiError::forbidden)?;
            match asked {
                Some(d) if d.to_string() != own => Err(ApiError::forbidden()),
                _ => Ok(Some(own)),
            }
        }
        _ => Err(ApiError::forbidden()),
    }
}

/// Coverage, pass rates and the hardest questions.
#[utoipa::path(get, path = "/reports/training", tag = "training", params(TrainingReportQuery), responses(
    (status = 200, body = TrainingReport),
    (status = 403, body = ErrorBody),
))]
async fn report(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<TrainingReportQuery>,
) -> ApiResult<Json<TrainingReport>> {
    let department = scope_of(&auth, q.department_id)?;
    Ok(Json(build(&state, auth.property_id(), department.as_deref()).await?))
}

/// One table of the report as CSV: coverage per department (the default), pass rate
/// per quiz, or the hardest questions.
#[utoipa::path(get, path = "/reports/training.csv", tag = "training", params(TrainingCsvQuery), responses(
    (status = 200, description = "text/csv", content_type = "text/csv", body = String),
    (status = 403, body = ErrorBody),
))]
async fn report_csv(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<TrainingCsvQuery>,
) -> ApiResult<Response> {
    let department = scope_of(&auth, q.department_id)?;
    let report = build(&state, auth.property_id(), department.as_deref()).await?;
    let rate = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    let csv = match q.table {
        CsvTable::Coverage => {
            let mut csv = CsvWriter::new(&["department", "people", "assigned", "attempted", "passed", "overdue"]);
            for r in &report.coverage {
                csv.row([
                    r.department.clone(),
                    r.people.to_string(),
                    r.assigned.to_string(),
                    r.attempted.to_string(),
                    r.passed.to_string(),
                    r.overdue.to_string(),
                ]);
            }
            csv
        }
        CsvTable::Quizzes => {
            let mut csv = CsvWriter::new(&["quiz", "attempts", "passed", "pass_rate_pct"]);
            for r in &report.quizzes {
                csv.row([
                    r.title.clone(),
                    r.attempts.to_string(),
                    r.passed.to_string(),
                    rate(r.pass_rate),
                ]);
            }
            csv
        }
        CsvTable::Hardest => {
            let mut csv = CsvWriter::new(&["question", "answered", "correct", "share_correct_pct"]);
            for r in &report.hardest {
                csv.row([
                    r.prompt.clone(),
                    r.answered.to_string(),
                    r.correct.to_string(),
                    rate(Some(r.share_correct)),
                ]);
            }
            csv
        }
    };
    Ok(download::csv("training-report.csv", csv.finish()))
}

/// The report of one hotel (one department of it when `department` is given); the
/// chain's figures read each hotel's through this.
pub async fn build(state: &AppState, property_id: &str, department: Option<&str>) -> ApiResult<TrainingReport> {
    let pool = &state.db.pool;
    let today = state.clock.today(&property::zone(pool, property_id).await?);
    let scope = department.map_or(Scope::Property, Scope::Department);
    let due = items::items(state, property_id, scope).await?;
    let all = items::attempts(state, property_id, None).await?;
    let departments: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, name FROM departments WHERE property_id = $1 AND ($2 = '' OR id = $2) ORDER BY name",
    )
    .bind(property_id)
    .bind(department.unwrap_or(""))
    .fetch_all(pool)
    .await?;
    let people: Vec<(Option<String>, String)> = sqlx::query_as(&format!(
        "SELECT department_id, id FROM {HOTEL_STAFF} s WHERE property_id = $1 AND active = 1"
    ))
    .bind(property_id)
    .fetch_all(pool)
    .await?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let row = |id: Option<&str>, name: &str| {
        let mine: Vec<_> = due
            .iter()
            .filter(|i| i.department_id.as_deref() == id)
            .map(|i| items::standing(i, &all, today))
            .collect();
        Ok(CoverageRow {
            department_id: id.map(|d| Row::new("departments", d).own_id()).transpose()?,
            department: name.to_owned(),
            people: count(people.iter().filter(|(d, _)| d.as_deref() == id).count()),
            assigned: count(mine.len()),
            attempted: count(mine.iter().filter(|s| s.attempted).count()),
            passed: count(mine.iter().filter(|s| s.passed).count()),
            overdue: count(mine.iter().filter(|s| s.status == ItemStatus::Overdue).count()),
        })
    };
    let mut coverage: Vec<CoverageRow> = departments
        .iter()
        .map(|(id, name)| row(Some(id), name))
        .collect::<ApiResult<_>>()?;
    // People outside every department (a new hire not yet placed) still have training.
    if department.is_none() && due.iter().any(|i| i.department_id.is_none()) {
        coverage.push(row(None, "No department")?);
    }
    let in_scope: Vec<&str> = people
        .iter()
        .filter(|(d, _)| department.is_none() || d.as_deref() == department)
        .map(|(_, id)| id.as_str())
        .collect();
    let graded: Vec<_> = all
        .iter()
        .filter(|a| a.submitted_at.is_some() && in_scope.contains(&a.staff_id.as_str()))
        .collect();
    let quizzes = all_quizzes(pool, property_id).await?;
    let quiz_stats = quizzes
        .iter()
        .map(|q| {
            let id = q.id.to_string();
            let attempts = graded.iter().filter(|a| a.quiz_id == id).count();
            let passed = graded.iter().filter(|a| a.quiz_id == id && a.passed == Some(1)).count();
            QuizStats {
                quiz_id: q.id,
                title: q.title.clone(),
                attempts: count(attempts),
                passed: count(passed),
                pass_rate: (attempts > 0).then(|| 100.0 * passed as f64 / attempts as f64),
            }
        })
        .collect();
    Ok(TrainingReport {
        coverage,
        quizzes: quiz_stats,
        hardest: hardest(state, property_id, department).await?,
    })
}

/// Questions by share of full-credit answers in graded attempts, lowest first.
async fn hardest(state: &AppState, property_id: &str, department: Option<&str>) -> ApiResult<Vec<QuestionStats>> {
    let rows: Vec<(String, String, String, Option<f64>)> = sqlx::query_as(&format!(
        "SELECT aq.attempt_id, aq.question_id, aq.question, aq.credit FROM training_attempt_questions aq \
         JOIN training_attempts a ON a.id = aq.attempt_id \
         JOIN {HOTEL_STAFF} s ON s.id = a.staff_id AND s.property_id = a.property_id \
         WHERE a.property_id = $1 AND a.submitted_at IS NOT NULL AND ($2 = '' OR s.department_id = $2)",
    ))
    .bind(property_id)
    .bind(department.unwrap_or(""))
    .fetch_all(&state.db.pool)
    .await?;
    let mut by_question: BTreeMap<Uuid, (String, u32, u32)> = BTreeMap::new();
    for (attempt_id, id, body, credit) in rows {
        let stored = Row::new("training_attempt_questions", &attempt_id);
        let credit = stored.present("credit", credit)?;
        let id = stored.id("question_id", &id)?;
        let entry = match by_question.get_mut(&id) {
            Some(entry) => entry,
            None => {
                let q: QuestionInput = from_body(&body)?;
                by_question.entry(id).or_insert((q.prompt, 0, 0))
            }
        };
        entry.1 += 1;
        if credit >= 1.0 - 1e-9 {
            entry.2 += 1;
        }
    }
    let mut stats: Vec<QuestionStats> = by_question
        .into_iter()
        .map(|(id, (prompt, answered, correct))| QuestionStats {
            question_id: id,
            prompt,
            answered,
            correct,
            share_correct: 100.0 * f64::from(correct) / f64::from(answered.max(1)),
        })
        .collect();
    stats.sort_by(|a, b| {
        a.share_correct
            .total_cmp(&b.share_correct)
            .then(b.answered.cmp(&a.answered))
    });
    stats.truncate(HARDEST);
    Ok(stats)
}
