//! What each person must take, worked out on every read from assignments (to a
//! department, a role or a person), onboarding plans (days after the hire date) and
//! renewals, so nothing goes stale when someone changes department.
//!
//! One item per (person, quiz): the earliest due date wins, and a pass counts if it came
//! after the latest request (`since`), so a renewal needs a fresh pass.

use std::collections::BTreeMap;

use bellhop_api::training::{AttemptSummary, Certificate, ItemSource, ItemStatus, PlanStep, Quiz, TrainingItem};
use chrono::NaiveDate;

use super::from_body;
use crate::app::AppState;
use crate::clock::from_day_number;
use crate::error::ApiResult;
use crate::people::HOTEL_STAFF;
use crate::rows::Row;

#[derive(Debug, Clone)]
pub struct Item {
    pub staff_id: String,
    pub department_id: Option<String>,
    pub quiz_id: String,
    pub source: ItemSource,
    /// Day number (days since 1970-01-01).
    pub due_on: Option<i64>,
    /// Unix ms; passes before it do not count.
    pub since: i64,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: String,
    department_id: Option<String>,
    role: String,
    hired_on: i64,
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    id: String,
    quiz_id: String,
    target_kind: String,
    target: String,
    due_on: Option<i64>,
    certificate_id: Option<String>,
    created_at: i64,
}

/// Whose items to work out.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    Property,
    Department(&'a str),
    Person(&'a str),
}

/// Every item of the active people in `scope`.
pub async fn items(state: &AppState, property_id: &str, scope: Scope<'_>) -> ApiResult<Vec<Item>> {
    let pool = &state.db.pool;
    let (filter, value) = match scope {
        Scope::Property => ("", ""),
        Scope::Department(d) => (" AND department_id = $2", d),
        Scope::Person(p) => (" AND id = $2", p),
    };
    let sql = format!(
        "SELECT id, department_id, role, hired_on FROM {HOTEL_STAFF} s WHERE property_id = $1 AND active = 1{filter}"
    );
    let mut query = sqlx::query_as::<_, PersonRow>(&sql).bind(property_id);
    if !filter.is_empty() {
        query = query.bind(value);
    }
    let people = query.fetch_all(pool).await?;
    let assignments: Vec<AssignmentRow> = sqlx::query_as(
        "SELECT a.id, a.quiz_id, a.target_kind, a.target, a.due_on, a.certificate_id, a.created_at \
         FROM training_assignments a JOIN training_quizzes q ON q.id = a.quiz_id \
         WHERE a.property_id = $1 AND a.archived = 0 AND q.archived = 0",
    )
    .bind(property_id)
    .fetch_all(pool)
    .await?;
    let plans: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.staff_id, p.steps FROM training_plan_members m JOIN training_plans p ON p.id = m.plan_id \
         WHERE m.property_id = $1",
    )
    .bind(property_id)
    .fetch_all(pool)
    .await?;
    let live: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM training_quizzes WHERE property_id = $1 AND archived = 0")
            .bind(property_id)
            .fetch_all(pool)
            .await?;
    let mut merged: BTreeMap<(String, String), Item> = BTreeMap::new();
    let mut add = |item: Item| {
        let key = (item.staff_id.clone(), item.quiz_id.clone());
        match merged.get_mut(&key) {
            None => {
                merged.insert(key, item);
            }
            Some(held) => {
                held.due_on = match (held.due_on, item.due_on) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if item.since > held.since {
                    held.since = item.since;
                    held.source = item.source;
                }
            }
        }
    };
    for person in &people {
        for a in &assignments {
            let applies = match a.target_kind.as_str() {
                "department" => person.department_id.as_deref() == Some(a.target.as_str()),
                "role" => person.role == a.target,
                "person" => person.id == a.target,
                other => return Err(Row::new("training_assignments", &a.id).corrupt("target_kind", &other)),
            };
            if applies {
                add(Item {
                    staff_id: person.id.clone(),
                    department_id: person.department_id.clone(),
                    quiz_id: a.quiz_id.clone(),
                    source: if a.certificate_id.is_some() {
                        ItemSource::Recertification
                    } else {
                        ItemSource::Assignment
                    },
                    due_on: a.due_on,
                    since: a.created_at,
                });
            }
        }
        for (staff_id, steps) in &plans {
            if *staff_id != person.id {
                continue;
            }
            let steps: Vec<PlanStep> = from_body(steps)?;
            for step in steps {
                let quiz_id = step.quiz_id.to_string();
                if !live.iter().any(|(q,)| *q == quiz_id) {
                    continue;
                }
                add(Item {
                    staff_id: person.id.clone(),
                    department_id: person.department_id.clone(),
                    quiz_id,
                    source: ItemSource::Onboarding,
                    due_on: Some(person.hired_on + i64::from(step.day)),
                    since: 0,
                });
            }
        }
    }
    Ok(merged.into_values().collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: String,
    pub quiz_id: String,
    pub staff_id: String,
    pub attempt_no: i64,
    pub started_at: i64,
    pub deadline_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub score: Option<f64>,
    pub passed: Option<i64>,
}

pub const ATTEMPT_COLUMNS: &str =
    "id, quiz_id, staff_id, attempt_no, started_at, deadline_at, submitted_at, score, passed";

/// Attempts of the property, of one person if given, newest first.
pub async fn attempts(state: &AppState, property_id: &str, person: Option<&str>) -> ApiResult<Vec<AttemptRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM training_attempts WHERE property_id = $1 AND ($2 = '' OR staff_id = $2) \
         ORDER BY started_at DESC, attempt_no DESC"
    ))
    .bind(property_id)
    .bind(person.unwrap_or(""))
    .fetch_all(&state.db.pool)
    .await?)
}

impl AttemptRow {
    pub fn row(&self) -> Row<'_> {
        Row::new("training_attempts", &self.id)
    }
}

pub fn summary(row: &AttemptRow, quizzes: &[Quiz]) -> ApiResult<AttemptSummary> {
    let stored = row.row();
    Ok(AttemptSummary {
        id: stored.own_id()?,
        quiz_id: stored.id("quiz_id", &row.quiz_id)?,
        quiz_title: title(quizzes, &row.quiz_id),
        attempt_no: stored.number("attempt_no", row.attempt_no)?,
        started_at: stored.time("started_at", row.started_at)?,
        graded_at: stored.opt_time("submitted_at", row.submitted_at)?,
        score: row.score,
        passed: row.passed.map(|p| p != 0),
    })
}

pub fn title(quizzes: &[Quiz], quiz_id: &str) -> String {
    quizzes
        .iter()
        .find(|q| q.id.to_string() == quiz_id)
        .map(|q| q.title.clone())
        .unwrap_or_default()
}

/// How an item stands, given all attempts of its person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub attempted: bool,
    pub passed: bool,
    pub status: ItemStatus,
}

pub fn standing(item: &Item, attempts: &[AttemptRow], today: NaiveDate) -> Standing {
    let counted = || {
        attempts.iter().filter(|a| {
            a.staff_id == item.staff_id && a.quiz_id == item.quiz_id && a.submitted_at.is_some_and(|t| t >= item.since)
        })
    };
    let passed = counted().any(|a| a.passed == Some(1));
    Standing {
        attempted: counted().next().is_some(),
        passed,
        status: ItemStatus::of(passed, item.due_on.map(from_day_number), today),
    }
}

/// The item as its person sees it: status, attempts left and when the next may start.
pub fn view(
    item: &Item,
    attempts: &[AttemptRow],
    quizzes: &[Quiz],
    today: NaiveDate,
    now: i64,
) -> ApiResult<TrainingItem> {
    let quiz = quizzes.iter().find(|q| q.id.to_string() == item.quiz_id);
    let mine: Vec<&AttemptRow> = attempts
        .iter()
        .filter(|a| a.staff_id == item.staff_id && a.quiz_id == item.quiz_id && a.started_at >= item.since)
        .collect();
    let used = u32::try_from(mine.len()).unwrap_or(u32::MAX);
    let last_graded = mine
        .iter()
        .filter(|a| a.submitted_at.is_some())
        .max_by_key(|a| a.submitted_at);
    let wait_ms = quiz.map_or(0, |q| i64::from(q.wait_mins) * 60_000);
    let open_attempt = mine.iter().find(|a| a.submitted_at.is_none());
    Ok(TrainingItem {
        quiz_id: Row::new("training_quizzes", &item.quiz_id).own_id()?,
        quiz_title: title(quizzes, &item.quiz_id),
        source: item.source,
        due_on: item.due_on.map(from_day_number),
        status: standing(item, attempts, today).status,
        attempts_used: used,
        attempts_left: quiz.and_then(|q| q.max_attempts).map(|m| m.saturating_sub(used)),
        next_attempt_at: last_graded
            .and_then(|a| Some((a, a.submitted_at? + wait_ms)))
            .filter(|(_, t)| *t > now)
            .map(|(a, t)| a.row().time("submitted_at", t))
            .transpose()?,
        open_attempt_id: open_attempt.map(|a| a.row().own_id()).transpose()?,
        best_score: mine.iter().filter_map(|a| a.score).reduce(f64::max),
    })
}

#[derive(sqlx::FromRow)]
struct CertificateRow {
    id: String,
    quiz_id: String,
    issued_at: i64,
    expires_at: i64,
}

/// A person's certificates, the latest per quiz, soonest expiry first.
pub async fn certificates(
    state: &AppState,
    property_id: &str,
    person: &str,
    quizzes: &[Quiz],
) -> ApiResult<Vec<Certificate>> {
    let rows: Vec<CertificateRow> = sqlx::query_as(
        "SELECT id, quiz_id, issued_at, expires_at FROM training_certificates c \
         WHERE property_id = $1 AND staff_id = $2 AND NOT EXISTS (SELECT 1 FROM training_certificates n \
             WHERE n.staff_id = c.staff_id AND n.quiz_id = c.quiz_id AND n.issued_at > c.issued_at) \
         ORDER BY expires_at",
    )
    .bind(property_id)
    .bind(person)
    .fetch_all(&state.db.pool)
    .await?;
    let now = state.clock.now_ms();
    rows.into_iter()
        .map(|c| {
            let stored = Row::new("training_certificates", &c.id);
            Ok(Certificate {
                id: stored.own_id()?,
                quiz_id: stored.id("quiz_id", &c.quiz_id)?,
                quiz_title: title(quizzes, &c.quiz_id),
                issued_at: stored.time("issued_at", c.issued_at)?,
                expires_at: stored.time("expires_at", c.expires_at)?,
                expired: c.expires_at <= now,
            })
        })
        .collect()
}
