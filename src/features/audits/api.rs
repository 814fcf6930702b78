//! Mystery-shopper audits: templates, the month's plan, audits with their answers and
//! photos, results, feedback and the report.

use bellhop_api::audit_wire::{
    AnswerSave, Audit, AuditCreate, AuditFeedback, AuditListQuery, AuditPlan, AuditReport, AuditSummary,
    AuditTargetSet, AuditTemplate, AuditTemplateCreate, AuditTemplateSummary, AuditTemplateUpdate,
    CorrectiveActionCreate, MonthQuery, SavedAnswer,
};
use bellhop_api::people::Colleague;
use bellhop_api::Page;
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{fetch, list_url, send, send_bytes, send_json, url, Result};
use crate::offline::reads;

pub async fn audit_templates() -> Result<Vec<AuditTemplateSummary>> {
    send(Request::get(&url("/audit-templates"))).await
}

pub async fn audit_template(id: Uuid) -> Result<AuditTemplate> {
    reads::get(url(&format!("/audit-templates/{id}"))).await
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

/// Audits.
pub async fn audits(query: &AuditListQuery) -> Result<Page<AuditSummary>> {
    reads::get(list_url("/audits", query)).await
}

pub async fn create_audit(req: &AuditCreate) -> Result<Audit> {
    send_json(Request::post(&url("/audits")), req).await
}

pub async fn audit(id: Uuid) -> Result<Audit> {
    reads::get(url(&format!("/audits/{id}"))).await
}

pub async fn save_audit_answer(id: Uuid, key: &str, req: &AnswerSave) -> Result<SavedAnswer> {
    send_json(Request::put(&url(&format!("/audits/{id}/answers/{key}"))), req).await
}

/// Sends the picture itself (a file or bytes, not JSON) with its content type.
pub async fn upload_photo(id: Uuid, key: &str, picture: &wasm_bindgen::JsValue, content_type: &str) -> Result<()> {
    send_bytes(
        Request::put(&url(&format!("/audits/{id}/photos/{key}"))),
        content_type,
        picture,
    )
    .await
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

pub async fn audit_report(query: &MonthQuery) -> Result<AuditReport> {
    send(Request::get(&list_url("/reports/audits", query))).await
}

pub fn audit_report_csv(query: &MonthQuery) -> String {
    list_url("/reports/audits.csv", query)
}
