//! Audit rows as stored, who may see them, and the detail every audit route answers with.

use std::collections::BTreeMap;

use bellhop_api::audit_wire::{Audit, AuditResult, AuditStatus, AuditSummary, CorrectiveAction, SavedAnswer};
use bellhop_api::audits::{Answer, TemplateItem, TemplateSection};
use bellhop_api::people::Role;
use bellhop_api::tasks::TaskStatus;
use chrono::NaiveDate;
use sqlx::AnyPool;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::rows::Row;

/// The columns of [`AuditRow`]; `{sections}` is the version's items or an empty text
/// where a list does not need them.
const AUDIT_SELECT: &str =
    "SELECT a.id, a.property_id, a.template_id, a.template_version, v.name AS template_name, a.area, \
        a.department_id, a.auditor_id, au.display_name AS auditor_name, a.subject_staff_id, \
        su.display_name AS subject_staff_name, a.subject_area, a.planned, a.due_on, a.status, a.score, a.passed, \
        a.submitted_at, a.published_at, a.result, v.pass_mark, {sections} AS sections, t.created_by AS owner_id \
    FROM audits a \
    JOIN audit_template_versions v ON v.template_id = a.template_id AND v.version = a.template_version \
    JOIN audit_templates t ON t.id = a.template_id \
    JOIN staff au ON au.id = a.auditor_id \
    LEFT JOIN staff su ON su.id = a.subject_staff_id";

pub fn select_full() -> String {
    AUDIT_SELECT.replace("{sections}", "v.sections")
}

pub fn select_summary() -> String {
    AUDIT_SELECT.replace("{sections}", "''")
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: String,
    pub property_id: String,
    pub template_id: String,
    pub template_version: i64,
    pub template_name: String,
    pub area: String,
    pub department_id: String,
    pub auditor_id: String,
    pub auditor_name: String,
    pub subject_staff_id: Option<String>,
    pub subject_staff_name: Option<String>,
    pub subject_area: Option<String>,
    pub planned: i64,
    pub due_on: Option<String>,
    pub status: String,
    pub score: Option<f64>,
    pub passed: Option<i64>,
    pub submitted_at: Option<i64>,
    pub published_at: Option<i64>,
    pub result: Option<String>,
    pub pass_mark: f64,
    pub sections: String,
    /// The template's owner, in whose name automatic corrective tasks are filed.
    pub owner_id: String,
}

impl AuditRow {
    pub fn row(&self) -> Row<'_> {
        Row::new("audits", &self.id)
    }

    pub fn status(&self) -> ApiResult<AuditStatus> {
        self.row().code("status", &self.status, AuditStatus::parse)
    }

    /// The items of the audit's template version; only rows read with [`select_full`]
    /// have them.
    pub fn sections(&self) -> ApiResult<Vec<TemplateSection>> {
        self.row().json("sections", &self.sections)
    }

    /// The result, once submitted.
    pub fn result(&self) -> ApiResult<Option<AuditResult>> {
        self.result.as_deref().map(|r| self.row().json("result", r)).transpose()
    }

    pub fn summary(&self) -> ApiResult<AuditSummary> {
        let row = self.row();
        Ok(AuditSummary {
            id: row.own_id()?,
            template_id: row.id("template_id", &self.template_id)?,
            template_version: row.number("template_version", self.template_version)?,
            template_name: self.template_name.clone(),
            area: self.area.clone(),
            department_id: row.id("department_id", &self.department_id)?,
            auditor_id: row.id("auditor_id", &self.auditor_id)?,
            auditor_name: self.auditor_name.clone(),
            subject_staff_id: row.opt_id("subject_staff_id", self.subject_staff_id.as_deref())?,
            subject_staff_name: self.subject_staff_name.clone(),
            subject_area: self.subject_area.clone(),
            planned: self.planned != 0,
            due_on: row.opt_code("due_on", self.due_on.as_deref(), |d| d.parse::<NaiveDate>().ok())?,
            status: self.status()?,
            score: self.score,
            passed: self.passed.map(|p| p != 0),
            submitted_at: row.opt_time("submitted_at", self.submitted_at)?,
        })
    }

    /// Whether `auth` may read the audit in full: its auditor, and the property's managers.
    pub fn readable_by(&self, auth: &Auth) -> bool {
        auth.role().manages_property() || self.auditor_id == auth.staff.id
    }

    /// Whether `auth` gets the published feedback: the audited person, and the
    /// supervisor of the audited department.
    pub fn feedback_for(&self, auth: &Auth) -> ApiResult<bool> {
        Ok(self.status()? == AuditStatus::Published
            && (self.subject_staff_id.as_deref() == Some(auth.staff.id.as_str())
                || (auth.role() == Role::Supervisor
                    && auth.department_id.as_deref() == Some(self.department_id.as_str()))))
    }
}

/// Finds an item of a template version by key.
pub fn item<'a>(sections: &'a [TemplateSection], key: &str) -> Option<&'a TemplateItem> {
    sections.iter().flat_map(|s| &s.items).find(|i| i.key == key)
}

pub async fn load(state: &AppState, property_id: &str, id: Uuid) -> ApiResult<Option<AuditRow>> {
    Ok(
        sqlx::query_as(&format!("{} WHERE a.id = $1 AND a.property_id = $2", select_full()))
            .bind(id.to_string())
            .bind(property_id)
            .fetch_optional(&state.db.pool)
            .await?,
    )
}

/// An audit `auth` may read in full, or 404: whether it exists is not theirs to know.
pub async fn readable(state: &AppState, auth: &Auth, id: Uuid) -> ApiResult<AuditRow> {
    load(state, auth.property_id(), id)
        .await?
        .filter(|r| r.readable_by(auth))
        .ok_or_else(|| ApiError::not_found("audit"))
}

/// An audit the signed-in auditor fills in: 404 if they may not see it, 403 for a
/// manager looking at someone else's.
pub async fn own(state: &AppState, auth: &Auth, id: Uuid) -> ApiResult<AuditRow> {
    let row = readable(state, auth, id).await?;
    if row.auditor_id != auth.staff.id {
        return Err(ApiError::forbidden());
    }
    Ok(row)
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    item_key: String,
    answer: Option<String>,
    note: String,
    revision: i64,
}

/// The stored answers by item key (answers with only a note are left out).
pub async fn answers<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(
    conn: E,
    audit_id: &str,
) -> ApiResult<BTreeMap<String, Answer>> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT item_key, answer FROM audit_answers WHERE audit_id = $1")
            .bind(audit_id)
            .fetch_all(conn)
            .await?;
    let row = Row::new("audit_answers", audit_id);
    let mut answers = BTreeMap::new();
    for (key, answer) in rows {
        if let Some(answer) = answer {
            answers.insert(key, row.json("answer", &answer)?);
        }
    }
    Ok(answers)
}

/// Every saved answer and note, and which items have a photo.
pub async fn saved_answers(pool: &AnyPool, audit_id: &str) -> ApiResult<Vec<SavedAnswer>> {
    let rows: Vec<AnswerRow> = sqlx::query_as(
        "SELECT item_key, answer, note, revision FROM audit_answers WHERE audit_id = $1 ORDER BY item_key",
    )
    .bind(audit_id)
    .fetch_all(pool)
    .await?;
    let photos: Vec<(String,)> = sqlx::query_as("SELECT item_key FROM audit_photos WHERE audit_id = $1")
        .bind(audit_id)
        .fetch_all(pool)
        .await?;
    let row = Row::new("audit_answers", audit_id);
    let mut saved: BTreeMap<String, SavedAnswer> = rows
        .into_iter()
        .map(|r| {
            let saved = SavedAnswer {
                item_key: r.item_key.clone(),
                answer: r.answer.as_deref().map(|a| row.json("answer", a)).transpose()?,
                note: r.note,
                revision: row.number("revision", r.revision)?,
                photo: false,
            };
            Ok((r.item_key, saved))
        })
        .collect::<ApiResult<_>>()?;
    for (key,) in photos {
        saved
            .entry(key.clone())
            .or_insert_with(|| SavedAnswer {
                item_key: key,
                answer: None,
                note: String::new(),
                revision: 0,
                photo: false,
            })
            .photo = true;
    }
    Ok(saved.into_values().collect())
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    item_key: String,
    task_id: String,
    title: String,
    status: String,
    resolve_by: i64,
}

pub async fn actions(pool: &AnyPool, audit_id: &str) -> ApiResult<Vec<CorrectiveAction>> {
    let rows: Vec<ActionRow> = sqlx::query_as(
        "SELECT x.item_key, x.task_id, t.title, t.status, t.resolve_by FROM audit_actions x \
         JOIN tasks t ON t.id = x.task_id WHERE x.audit_id = $1 ORDER BY x.item_key",
    )
    .bind(audit_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let task = Row::new("tasks", &r.task_id);
            Ok(CorrectiveAction {
                task_id: task.own_id()?,
                status: task.code("status", &r.status, TaskStatus::parse)?,
                item_key: r.item_key,
                title: r.title,
                resolve_by: task.time("resolve_by", r.resolve_by)?,
            })
        })
        .collect()
}

/// The audit in full, for its auditor and managers.
pub async fn detail(state: &AppState, row: &AuditRow) -> ApiResult<Audit> {
    let pool = &state.db.pool;
    let actions = actions(pool, &row.id).await?;
    Ok(Audit {
        summary: row.summary()?,
        pass_mark: row.pass_mark,
        sections: row.sections()?,
        answers: saved_answers(pool, &row.id).await?,
        result: row.result()?,
        actions_closed: actions.iter().all(|a| !a.status.is_open()),
        actions,
        published_at: row.row().opt_time("published_at", row.published_at)?,
    })
}
