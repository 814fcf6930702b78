//! Training: my training and attempts, the bank, quizzes, plans, assignments and the
//! reports.

use bellhop_api::training::{
    AnswerSave, Assignment, AssignmentCreate, Attempt, BankImport, ImportSummary, MyTraining, PersonCoverage,
    PersonHistory, Plan, PlanCreate, PlanMemberAdd, Question, QuestionBankQuery, QuestionInput, Quiz, TrainingCsvQuery,
    TrainingPeopleQuery, TrainingReport, TrainingReportQuery,
};
use bellhop_api::{Page, PageQuery};
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{all_pages, encode, fetch, list_url, send, send_json, url, Result};
use crate::offline::{reads, Method, Write};

pub async fn my_training() -> Result<MyTraining> {
    send(Request::get(&url("/training/me"))).await
}

/// Starts an attempt at a quiz, or resumes the one open.
pub async fn start_attempt(quiz_id: Uuid) -> Result<Attempt> {
    send(Request::post(&url(&format!("/training/quizzes/{quiz_id}/attempts")))).await
}

pub fn attempt(id: Uuid) -> impl std::future::Future<Output = Result<Attempt>> {
    reads::get(url(&format!("/training/attempts/{id}")))
}

/// What the outbox orders an attempt's answers and hand-in by.
pub fn attempt_object(id: Uuid) -> String {
    format!("attempt/{id}")
}

/// An answer, saved as it is given.
pub fn save_answer(id: Uuid, position: u32, req: &AnswerSave) -> Write {
    Write {
        object: attempt_object(id),
        what: "answer",
        method: Method::Put,
        path: format!("/training/attempts/{id}/answers/{position}"),
        body: encode(req),
        version: None,
    }
}

/// The hand-in (answered with the graded attempt).
pub fn submit_attempt(id: Uuid) -> Write {
    Write {
        object: attempt_object(id),
        what: "hand_in",
        method: Method::Post,
        path: format!("/training/attempts/{id}/submit"),
        body: None,
        version: None,
    }
}

/// A page of the quizzes by title.
pub async fn quizzes(page: &PageQuery) -> Result<Page<Quiz>> {
    send(Request::get(&list_url("/training/quizzes", page))).await
}

/// Every quiz, for a picker.
pub async fn all_quizzes() -> Result<Vec<Quiz>> {
    all_pages(|page| async move { quizzes(&page).await }).await
}

pub async fn quiz(id: Uuid) -> Result<Quiz> {
    send(Request::get(&url(&format!("/training/quizzes/{id}")))).await
}

pub async fn create_quiz(req: &Quiz) -> Result<Quiz> {
    send_json(Request::post(&url("/training/quizzes")), req).await
}

pub async fn update_quiz(req: &Quiz) -> Result<Quiz> {
    send_json(Request::put(&url(&format!("/training/quizzes/{}", req.id))), req).await
}

/// Retires a quiz: it leaves every list; attempts and certificates stay.
pub async fn retire_quiz(id: Uuid) -> Result<()> {
    fetch(Request::delete(&url(&format!("/training/quizzes/{id}"))), None)
        .await
        .map(drop)
}

/// A page of the onboarding plans by name.
pub async fn plans(page: &PageQuery) -> Result<Page<Plan>> {
    send(Request::get(&list_url("/training/plans", page))).await
}

pub async fn plan(id: Uuid) -> Result<Plan> {
    send(Request::get(&url(&format!("/training/plans/{id}")))).await
}

pub async fn create_plan(req: &PlanCreate) -> Result<Plan> {
    send_json(Request::post(&url("/training/plans")), req).await
}

pub async fn update_plan(req: &PlanCreate) -> Result<Plan> {
    send_json(Request::put(&url(&format!("/training/plans/{}", req.id))), req).await
}

pub async fn add_plan_member(id: Uuid, req: &PlanMemberAdd) -> Result<Plan> {
    send_json(Request::post(&url(&format!("/training/plans/{id}/members"))), req).await
}

pub async fn remove_plan_member(id: Uuid, staff_id: Uuid) -> Result<Plan> {
    send(Request::delete(&url(&format!(
        "/training/plans/{id}/members/{staff_id}"
    ))))
    .await
}

pub async fn create_assignment(req: &AssignmentCreate) -> Result<Assignment> {
    send_json(Request::post(&url("/training/assignments")), req).await
}

/// A page of the question bank.
pub async fn questions(query: &QuestionBankQuery) -> Result<Page<Question>> {
    send(Request::get(&list_url("/training/questions", query))).await
}

/// The whole bank, for the quiz editor.
pub async fn all_questions() -> Result<Vec<Question>> {
    all_pages(|page| async move {
        let query = QuestionBankQuery {
            category: None,
            limit: page.limit,
            offset: page.offset,
        };
        questions(&query).await
    })
    .await
}

/// Adds a question to the bank; sending the same id again changes nothing.
pub async fn create_question(req: &QuestionInput) -> Result<Question> {
    send_json(Request::post(&url("/training/questions")), req).await
}

/// Rewrites a question; attempts already started keep the version they began with.
pub async fn update_question(req: &QuestionInput) -> Result<Question> {
    send_json(Request::put(&url(&format!("/training/questions/{}", req.id))), req).await
}

/// Takes a question out of the bank; quizzes stop asking it, past attempts keep it.
pub async fn retire_question(id: Uuid) -> Result<()> {
    fetch(Request::delete(&url(&format!("/training/questions/{id}"))), None)
        .await
        .map(drop)
}

/// Imports a bank file; one bad row and nothing is stored (row-numbered field errors).
pub async fn import_bank(req: &BankImport) -> Result<ImportSummary> {
    send_json(Request::post(&url("/training/bank/import")), req).await
}

/// The address of the whole bank as a download, `json` or `csv`.
pub fn bank_export(format: &str) -> String {
    url(&format!("/training/bank/export.{format}"))
}

/// Coverage, pass rates and the hardest questions.
pub async fn training_report(query: &TrainingReportQuery) -> Result<TrainingReport> {
    send(Request::get(&list_url("/reports/training", query))).await
}

/// A page of each person's training numbers.
pub async fn training_people(query: &TrainingPeopleQuery) -> Result<Page<PersonCoverage>> {
    send(Request::get(&list_url("/reports/training/people", query))).await
}

/// One person's whole training: items, certificates, every attempt.
pub async fn person_training(id: Uuid) -> Result<PersonHistory> {
    send(Request::get(&url(&format!("/reports/training/people/{id}")))).await
}

/// The address of one table of the training report as CSV.
pub fn training_report_csv(query: &TrainingCsvQuery) -> String {
    list_url("/reports/training.csv", query)
}
