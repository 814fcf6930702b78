//! Typed client of the Bellhop REST API: one async fn per endpoint, each returning
//! `Result<T, ApiError>`.
//!
//! Every request goes through [`send`], which adds the CSRF header the server demands
//! on state-changing requests, reads the one error shape of the API into [`ApiError`],
//! and tells the app (through [`on_session_lost`]) when a signed-in session has ended
//! on the server, so that any 401 anywhere returns the tablet to sign-in.

use std::cell::RefCell;

use bellhop_api::audit_wire::{
    AnswerSave as AuditAnswerSave, Audit, AuditCreate, AuditFeedback, AuditPlan, AuditReport, AuditSummary,
    AuditTargetSet, AuditTemplate, AuditTemplateCreate, AuditTemplateSummary, AuditTemplateUpdate,
    CorrectiveActionCreate, SavedAnswer,
};
use bellhop_api::people::{Colleague, Department, MyPreferences, SecretReset, StaffCreate, StaffMember, StaffUpdate};
use bellhop_api::property::Room;
use bellhop_api::session::{Device, DeviceCreate, DeviceCreated, DeviceEnroll, SessionInfo, SignIn, ThisDevice};
use bellhop_api::star::{BallotCast, ComplimentCreate, Nominee, StarCycle, StarResults, StarSettings, WallEntry};
use bellhop_api::tasks::{
    ChecklistTick, CommentCreate, FollowUpCreate, Task, TaskActionRequest, TaskAssign, TaskCreate, TaskReport,
    TaskSummary, TaskType, TaskTypeCreate, TaskTypeUpdate,
};
use bellhop_api::training::{
    AnswerSave, Assignment, AssignmentCreate, Attempt, AttemptQuestion, BankImport, ImportSummary, MyTraining,
    PersonCoverage, PersonHistory, Plan, PlanCreate, PlanMemberAdd, Question, QuestionInput, Quiz, TrainingReport,
};
use bellhop_api::{ErrorBody, ErrorCode, Page};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

const BASE: &str = "/api";

/// What can go wrong with a call: the server answered with its error body, or the
/// request never got an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server refused; `retry_after` is the Retry-After header in seconds.
    Api { body: ErrorBody, retry_after: Option<u32> },
    /// No answer (offline, server down) or an answer that is not the API's.
    Network,
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Api { body, .. } => Some(body.error),
            ApiError::Network => None,
        }
    }

    /// Whole minutes until a locked account may try again (at least 1).
    pub fn retry_minutes(&self) -> Option<u32> {
        match self {
            ApiError::Api {
                retry_after: Some(secs),
                ..
            } => Some(secs.div_ceil(60).max(1)),
            _ => None,
        }
    }
}

type Result<T> = std::result::Result<T, ApiError>;

thread_local! {
    static SESSION_LOST: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what to do when the server says the session is gone (401
/// `unauthenticated`). The app installs one hook at start.
pub fn on_session_lost(hook: impl Fn() + 'static) {
    SESSION_LOST.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
}

fn session_lost() {
    SESSION_LOST.with(|h| {
        if let Some(hook) = h.borrow().as_ref() {
            hook();
        }
    });
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// The server refuses state-changing requests without this header (CSRF rule); a
/// cross-site form cannot set it.
fn csrf(req: RequestBuilder) -> RequestBuilder {
    req.header("X-Requested-With", "bellhop")
}

/// Sends a request and returns the body of a 2xx answer as text. Not generic, so the
/// wasm holds one copy of the request machinery, not one per response type.
async fn fetch(req: RequestBuilder, body: Option<String>) -> Result<String> {
    let req = csrf(req);
    let req = match body {
        Some(json) => req.header("Content-Type", "application/json").body(json),
        None => req.build(),
    }
    .map_err(|_| ApiError::Network)?;
    answer(req).await
}

/// Sends a built request; the text of a 2xx answer, or the API's error.
async fn answer(req: Request) -> Result<String> {
    let resp = req.send().await.map_err(|_| ApiError::Network)?;
    let text = resp.text().await.map_err(|_| ApiError::Network)?;
    if resp.ok() {
        return Ok(text);
    }
    let retry_after = resp.headers().get("retry-after").and_then(|v| v.trim().parse().ok());
    let body = serde_json::from_str::<ErrorBody>(&text)
        // Not the API's answer (a proxy page, say): keep what the status tells.
        .unwrap_or_else(|_| ErrorBody::new(fallback_code(resp.status()), resp.status_text()));
    if body.error == ErrorCode::Unauthenticated {
        session_lost();
    }
    Err(ApiError::Api { body, retry_after })
}

fn fallback_code(status: u16) -> ErrorCode {
    match status {
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        422 => ErrorCode::Invalid,
        429 => ErrorCode::TooManyAttempts,
        502..=504 => ErrorCode::Unavailable,
        _ => ErrorCode::Internal,
    }
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|_| ApiError::Network)
}

fn encode<B: Serialize + ?Sized>(body: &B) -> Option<String> {
    serde_json::to_string(body).ok()
}

async fn send<T: DeserializeOwned>(req: RequestBuilder) -> Result<T> {
    decode(&fetch(req, None).await?)
}

async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(req: RequestBuilder, body: &B) -> Result<T> {
    decode(&fetch(req, encode(body)).await?)
}

// ---- public ----

pub async fn this_device() -> Result<ThisDevice> {
    send(Request::get(&url("/devices/this"))).await
}

pub async fn enroll(req: &DeviceEnroll) -> Result<Device> {
    send_json(Request::post(&url("/devices/enroll")), req).await
}

/// Signs in; the portal reads the session it starts (the sign-in app needs none of it).
pub async fn sign_in(req: &SignIn) -> Result<()> {
    fetch(Request::post(&url("/session")), encode(req)).await.map(drop)
}

/// Whether this browser holds a live session, without reading it.
pub async fn has_session() -> bool {
    fetch(Request::get(&url("/session")), None).await.is_ok()
}

// ---- signed in ----

pub async fn session() -> Result<SessionInfo> {
    send(Request::get(&url("/session"))).await
}

pub async fn sign_out() -> Result<()> {
    fetch(Request::delete(&url("/session")), None).await.map(drop)
}

pub async fn set_preferences(req: &MyPreferences) -> Result<StaffMember> {
    send_json(Request::put(&url("/me/preferences")), req).await
}

pub async fn departments() -> Result<Vec<Department>> {
    send(Request::get(&url("/departments"))).await
}

/// A department's active people, for a supervisor assigning work by name.
pub async fn department_staff(id: Uuid) -> Result<Vec<Colleague>> {
    send(Request::get(&url(&format!("/departments/{id}/staff")))).await
}

pub async fn rooms() -> Result<Vec<Room>> {
    send(Request::get(&url("/rooms"))).await
}

// ---- tasks ----

/// `?a=1&b=x` from the pairs that have a value, each value URI-encoded.
pub fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            let v = v.as_deref().filter(|v| !v.is_empty())?;
            Some(format!("{k}={}", js_sys::encode_uri_component(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

pub async fn task_types() -> Result<Vec<TaskType>> {
    send(Request::get(&url("/task-types"))).await
}

pub async fn create_task_type(req: &TaskTypeCreate) -> Result<TaskType> {
    send_json(Request::post(&url("/task-types")), req).await
}

pub async fn update_task_type(id: Uuid, req: &TaskTypeUpdate) -> Result<TaskType> {
    send_json(Request::patch(&url(&format!("/task-types/{id}"))), req).await
}

pub async fn my_tasks() -> Result<Vec<TaskSummary>> {
    send(Request::get(&url("/tasks/mine"))).await
}

/// A department's board; `query` from [`query`].
pub async fn board(query: &str) -> Result<Vec<TaskSummary>> {
    send(Request::get(&url(&format!("/tasks/board{query}")))).await
}

pub async fn create_task(req: &TaskCreate) -> Result<Task> {
    send_json(Request::post(&url("/tasks")), req).await
}

pub async fn task(id: Uuid) -> Result<Task> {
    send(Request::get(&url(&format!("/tasks/{id}")))).await
}

pub async fn act(id: Uuid, req: &TaskActionRequest) -> Result<Task> {
    send_json(Request::post(&url(&format!("/tasks/{id}/actions"))), req).await
}

pub async fn assign(id: Uuid, req: &TaskAssign) -> Result<Task> {
    send_json(Request::post(&url(&format!("/tasks/{id}/assign"))), req).await
}

pub async fn tick(id: Uuid, position: usize, req: &ChecklistTick) -> Result<Task> {
    send_json(Request::put(&url(&format!("/tasks/{id}/checklist/{position}"))), req).await
}

pub async fn comment(id: Uuid, req: &CommentCreate) -> Result<Task> {
    send_json(Request::post(&url(&format!("/tasks/{id}/comments"))), req).await
}

pub async fn follow_up(id: Uuid, req: &FollowUpCreate) -> Result<Task> {
    send_json(Request::post(&url(&format!("/tasks/{id}/follow-ups"))), req).await
}

/// The supervisors' numbers; `query` from [`query`].
pub async fn task_report(query: &str) -> Result<TaskReport> {
    send(Request::get(&url(&format!("/reports/tasks{query}")))).await
}

/// The address of the same numbers as a CSV download.
pub fn task_report_csv(query: &str) -> String {
    url(&format!("/reports/tasks.csv{query}"))
}

// ---- Service Star ----

pub async fn star_current() -> Result<StarCycle> {
    send(Request::get(&url("/star/current"))).await
}

pub async fn star_nominees() -> Result<Vec<Nominee>> {
    send(Request::get(&url("/star/nominees"))).await
}

pub async fn cast_ballot(req: &BallotCast) -> Result<StarCycle> {
    send_json(Request::put(&url("/star/ballot")), req).await
}

pub async fn record_compliment(req: &ComplimentCreate) -> Result<()> {
    fetch(Request::post(&url("/star/compliments")), encode(req))
        .await
        .map(drop)
}

pub async fn close_star(month: &str) -> Result<StarResults> {
    send(Request::post(&url(&format!("/star/cycles/{month}/close")))).await
}

pub async fn star_results(month: &str) -> Result<StarResults> {
    send(Request::get(&url(&format!("/star/results/{month}")))).await
}

pub async fn star_wall() -> Result<Vec<WallEntry>> {
    send(Request::get(&url("/star/wall"))).await
}

pub async fn star_settings() -> Result<StarSettings> {
    send(Request::get(&url("/star/settings"))).await
}

pub async fn save_star_settings(req: &StarSettings) -> Result<StarSettings> {
    send_json(Request::put(&url("/star/settings")), req).await
}

// ---- training ----

pub async fn my_training() -> Result<MyTraining> {
    send(Request::get(&url("/training/me"))).await
}

/// Starts an attempt at a quiz, or resumes the one open.
pub async fn start_attempt(quiz_id: Uuid) -> Result<Attempt> {
    send(Request::post(&url(&format!("/training/quizzes/{quiz_id}/attempts")))).await
}

pub async fn attempt(id: Uuid) -> Result<Attempt> {
    send(Request::get(&url(&format!("/training/attempts/{id}")))).await
}

pub async fn save_answer(id: Uuid, position: u32, req: &AnswerSave) -> Result<AttemptQuestion> {
    send_json(
        Request::put(&url(&format!("/training/attempts/{id}/answers/{position}"))),
        req,
    )
    .await
}

pub async fn submit_attempt(id: Uuid) -> Result<Attempt> {
    send(Request::post(&url(&format!("/training/attempts/{id}/submit")))).await
}

/// A page of the quizzes by title; `query` from [`query`] (`limit`, `offset`).
pub async fn quizzes(query: &str) -> Result<Page<Quiz>> {
    send(Request::get(&url(&format!("/training/quizzes{query}")))).await
}

/// Every item of a paged list, for a picker: the largest pages one after the other.
/// `fetch` takes the query (`?limit=…&offset=…`).
async fn all_pages<T, Fut>(fetch: impl Fn(String) -> Fut) -> Result<Vec<T>>
where
    Fut: std::future::Future<Output = Result<Page<T>>>,
{
    let mut all: Vec<T> = Vec::new();
    loop {
        let page = fetch(format!("?limit={}&offset={}", Page::<()>::MAX_LIMIT, all.len())).await?;
        let done = page.items.is_empty() || all.len() + page.items.len() >= page.total as usize;
        all.extend(page.items);
        if done {
            return Ok(all);
        }
    }
}

/// Every quiz, for a picker.
pub async fn all_quizzes() -> Result<Vec<Quiz>> {
    all_pages(|query| async move { quizzes(&query).await }).await
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

/// A page of the onboarding plans by name; `query` from [`query`].
pub async fn plans(query: &str) -> Result<Page<Plan>> {
    send(Request::get(&url(&format!("/training/plans{query}")))).await
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

/// A page of the question bank; `query` from [`query`].
pub async fn questions(query: &str) -> Result<Page<Question>> {
    send(Request::get(&url(&format!("/training/questions{query}")))).await
}

/// The whole bank, for the quiz editor.
pub async fn all_questions() -> Result<Vec<Question>> {
    all_pages(|query| async move { questions(&query).await }).await
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

/// Coverage, pass rates and the hardest questions; `query` from [`query`].
pub async fn training_report(query: &str) -> Result<TrainingReport> {
    send(Request::get(&url(&format!("/reports/training{query}")))).await
}

/// A page of each person's training numbers; `query` from [`query`].
pub async fn training_people(query: &str) -> Result<Page<PersonCoverage>> {
    send(Request::get(&url(&format!("/reports/training/people{query}")))).await
}

/// One person's whole training: items, certificates, every attempt.
pub async fn person_training(id: Uuid) -> Result<PersonHistory> {
    send(Request::get(&url(&format!("/reports/training/people/{id}")))).await
}

/// The address of one table of the training report as CSV; `query` from [`query`].
pub fn training_report_csv(query: &str) -> String {
    url(&format!("/reports/training.csv{query}"))
}

// ---- audits ----

pub async fn audit_templates() -> Result<Vec<AuditTemplateSummary>> {
    send(Request::get(&url("/audit-templates"))).await
}

pub async fn audit_template(id: Uuid) -> Result<AuditTemplate> {
    send(Request::get(&url(&format!("/audit-templates/{id}")))).await
}

pub async fn create_audit_template(req: &AuditTemplateCreate) -> Result<AuditTemplate> {
    send_json(Request::post(&url("/audit-templates")), req).await
}

/// Saves the content as the template's next version.
pub async fn update_audit_template(id: Uuid, req: &AuditTemplateUpdate) -> Result<AuditTemplate> {
    send_json(Request::put(&url(&format!("/audit-templates/{id}"))), req).await
}

/// The property's active auditors, for the assign form.
pub async fn auditors() -> Result<Vec<Colleague>> {
    send(Request::get(&url("/audit-auditors"))).await
}

/// `month` is `YYYY-MM`.
pub async fn audit_plan(month: &str) -> Result<AuditPlan> {
    send(Request::get(&url(&format!("/audit-plans/{month}")))).await
}

pub async fn set_audit_target(month: &str, req: &AuditTargetSet) -> Result<AuditPlan> {
    send_json(Request::put(&url(&format!("/audit-plans/{month}"))), req).await
}

/// Audits; `query` from [`query`] (`filter`, `month`, `limit`).
pub async fn audits(query: &str) -> Result<Page<AuditSummary>> {
    send(Request::get(&url(&format!("/audits{query}")))).await
}

pub async fn create_audit(req: &AuditCreate) -> Result<Audit> {
    send_json(Request::post(&url("/audits")), req).await
}

pub async fn audit(id: Uuid) -> Result<Audit> {
    send(Request::get(&url(&format!("/audits/{id}")))).await
}

pub async fn save_audit_answer(id: Uuid, key: &str, req: &AuditAnswerSave) -> Result<SavedAnswer> {
    send_json(Request::put(&url(&format!("/audits/{id}/answers/{key}"))), req).await
}

/// Sends the picture itself (a file or bytes, not JSON) with its content type.
pub async fn upload_photo(id: Uuid, key: &str, picture: &wasm_bindgen::JsValue, content_type: &str) -> Result<()> {
    let req = csrf(Request::put(&url(&format!("/audits/{id}/photos/{key}"))))
        .header("Content-Type", content_type)
        .body(picture.clone())
        .map_err(|_| ApiError::Network)?;
    answer(req).await.map(drop)
}

pub async fn delete_photo(id: Uuid, key: &str) -> Result<()> {
    fetch(Request::delete(&url(&format!("/audits/{id}/photos/{key}"))), None)
        .await
        .map(drop)
}

/// The address of an item's photo; `version` changes it after an upload.
pub fn audit_photo_url(id: Uuid, key: &str, version: u32) -> String {
    url(&format!("/audits/{id}/photos/{key}?v={version}"))
}

pub async fn submit_audit(id: Uuid) -> Result<Audit> {
    send(Request::post(&url(&format!("/audits/{id}/submit")))).await
}

pub async fn raise_action(id: Uuid, req: &CorrectiveActionCreate) -> Result<Audit> {
    send_json(Request::post(&url(&format!("/audits/{id}/actions"))), req).await
}

pub async fn publish_audit(id: Uuid) -> Result<Audit> {
    send(Request::post(&url(&format!("/audits/{id}/publish")))).await
}

pub async fn audit_feedback() -> Result<Page<AuditFeedback>> {
    send(Request::get(&url("/audit-feedback"))).await
}

pub async fn audit_report(month: &str) -> Result<AuditReport> {
    send(Request::get(&url(&format!("/reports/audits?month={month}")))).await
}

pub fn audit_report_csv(month: &str) -> String {
    url(&format!("/reports/audits.csv?month={month}"))
}

// ---- managers and admins ----

pub async fn devices() -> Result<Vec<Device>> {
    send(Request::get(&url("/devices"))).await
}

pub async fn create_device(req: &DeviceCreate) -> Result<DeviceCreated> {
    send_json(Request::post(&url("/devices")), req).await
}

pub async fn revoke_device(id: Uuid) -> Result<Device> {
    send(Request::post(&url(&format!("/devices/{id}/revoke")))).await
}

// ---- admins ----

pub async fn staff(limit: u32, offset: u32) -> Result<Page<StaffMember>> {
    send(Request::get(&url(&format!("/staff?limit={limit}&offset={offset}")))).await
}

pub async fn create_staff(req: &StaffCreate) -> Result<StaffMember> {
    send_json(Request::post(&url("/staff")), req).await
}

pub async fn update_staff(id: Uuid, req: &StaffUpdate) -> Result<StaffMember> {
    send_json(Request::patch(&url(&format!("/staff/{id}"))), req).await
}

pub async fn reset_secret(id: Uuid, req: &SecretReset) -> Result<StaffMember> {
    send_json(Request::put(&url(&format!("/staff/{id}/secret"))), req).await
}

/// A random (version 4) id for a record made here, so a retried submission is
/// recognised by the server. `crypto.getRandomValues` works on plain http too.
pub fn new_id() -> Uuid {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Loads into `target` with at most one request on its way: a reload asked for
/// meanwhile runs once after it, so a burst of live events costs two requests, not
/// twenty. What is shown stays until the new answer replaces it (no flicker).
pub fn loader<T, F, Fut>(
    target: leptos::prelude::RwSignal<Option<Result<T>>>,
    load: F,
) -> impl Fn() + Copy + Send + Sync + 'static
where
    T: Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T>> + 'static,
{
    use leptos::prelude::*;
    let load = StoredValue::new_local(load);
    // 0 idle, 1 loading, 2 loading and asked again.
    let state = StoredValue::new(0u8);
    move || {
        if state.get_value() != 0 {
            state.set_value(2);
            return;
        }
        state.set_value(1);
        leptos::task::spawn_local(async move {
            // `try_`: the page may be gone by the time an answer arrives.
            while let Some(next) = load.try_with_value(|f| f()) {
                let answer = next.await;
                if target.try_set(Some(answer)).is_some() || state.try_get_value() != Some(2) {
                    let _ = state.try_set_value(0);
                    return;
                }
                state.set_value(1);
            }
        });
    }
}

/// Runs a call started by a button: `pending` is set while it runs (to disable the
/// button and show progress) and a second tap meanwhile is ignored.
pub fn spawn_pending(pending: leptos::prelude::RwSignal<bool>, call: impl std::future::Future<Output = ()> + 'static) {
    // Boxed, so the task machinery below exists once rather than once per button.
    spawn_pending_boxed(pending, Box::pin(call));
}

fn spawn_pending_boxed(
    pending: leptos::prelude::RwSignal<bool>,
    call: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>,
) {
    use leptos::prelude::{GetUntracked, Set};
    if pending.get_untracked() {
        return;
    }
    pending.set(true);
    leptos::task::spawn_local(async move {
        call.await;
        // The screen may be gone by now (left, or swapped by a live update).
        pending.try_set(false);
    });
}
