//! Task rows as stored, the queries every task route shares, history and announcements.

use bellhop_api::tasks::{
    self, ChecklistCode, ChecklistItem, ChecklistTemplateItem, Comment, Complaint, Deadlines, FollowUp, FollowUpLevel,
    Relation, Task, TaskEvent, TaskEventKind, TaskStatus, TaskSummary,
};
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Auth;
use crate::db::{flag, WriteTx};
use crate::error::{ApiError, ApiResult};
use crate::live::{Change, TaskNotice};
use crate::people;
use crate::rows::Row;
use bellhop_api::live::TaskChanged;
use bellhop_api::FieldReason;

/// The columns of [`TaskRow`], joined with the names lists show.
pub const TASK_SELECT: &str = "SELECT t.id, t.version, ty.code AS type_code, t.title, t.details, \
        r.number AS room_number, r.floor AS floor, t.location, t.department_id, t.priority, t.status, \
        t.assignee_id, a.display_name AS assignee_name, t.guest_facing, t.vip, t.created_at, t.respond_by, \
        t.resolve_by, t.escalation_level, t.created_by, c.display_name AS created_by_name, \
        t.complaint_channel, t.complaint_category \
    FROM tasks t \
    JOIN task_types ty ON ty.id = t.type_id \
    JOIN staff c ON c.id = t.created_by \
    LEFT JOIN rooms r ON r.id = t.room_id \
    LEFT JOIN staff a ON a.id = t.assignee_id";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaskRow {
    pub id: String,
    pub version: i64,
    pub type_code: String,
    pub title: String,
    pub details: String,
    pub room_number: Option<String>,
    pub floor: Option<i64>,
    pub location: Option<String>,
    pub department_id: String,
    pub priority: i64,
    pub status: String,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub guest_facing: i64,
    pub vip: i64,
    pub created_at: i64,
    pub respond_by: i64,
    pub resolve_by: i64,
    pub escalation_level: i64,
    pub created_by: String,
    pub created_by_name: String,
    pub complaint_channel: Option<String>,
    pub complaint_category: Option<String>,
}

impl TaskRow {
    fn row(&self) -> Row<'_> {
        Row::new("tasks", &self.id)
    }

    pub fn status(&self) -> ApiResult<TaskStatus> {
        self.row().code("status", &self.status, TaskStatus::parse)
    }

    pub fn department_id(&self) -> ApiResult<Uuid> {
        self.row().id("department_id", &self.department_id)
    }

    pub fn deadlines(&self) -> ApiResult<Deadlines> {
        let row = self.row();
        Ok(Deadlines {
            respond_by: row.time("respond_by", self.respond_by)?,
            resolve_by: row.time("resolve_by", self.resolve_by)?,
        })
    }

    pub fn summary(&self, now: DateTime<Utc>) -> ApiResult<TaskSummary> {
        let row = self.row();
        let status = self.status()?;
        let deadlines = self.deadlines()?;
        Ok(TaskSummary {
            id: row.own_id()?,
            version: self.version,
            type_code: self.type_code.clone(),
            title: self.title.clone(),
            room_number: self.room_number.clone(),
            floor: self.floor,
            location: self.location.clone(),
            department_id: self.department_id()?,
            priority: row.number("priority", self.priority)?,
            status,
            assignee_id: row.opt_id("assignee_id", self.assignee_id.as_deref())?,
            assignee_name: self.assignee_name.clone(),
            guest_facing: self.guest_facing != 0,
            vip: self.vip != 0,
            created_at: row.time("created_at", self.created_at)?,
            deadlines,
            overdue: tasks::overdue(status, deadlines, now),
            escalation_level: row.number("escalation_level", self.escalation_level)?,
        })
    }

    /// A complaint's channel and category; neither is stored on other tasks.
    pub fn complaint(&self) -> ApiResult<Option<Complaint>> {
        let (Some(channel), Some(category)) = (&self.complaint_channel, &self.complaint_category) else {
            return Ok(None);
        };
        Ok(Some(Complaint {
            channel: self.row().serde_name("complaint_channel", channel)?,
            category: self.row().serde_name("complaint_category", category)?,
        }))
    }

    /// How `auth` stands to this task.
    pub fn relation(&self, auth: &Auth) -> Relation {
        Relation {
            same_department: auth.department_id.as_deref() == Some(self.department_id.as_str()),
            assignee: self.assignee_id.as_deref() == Some(auth.staff.id.as_str()),
            unassigned: self.assignee_id.is_none(),
            requester: self.created_by == auth.staff.id,
        }
    }

    pub fn is_urgent(&self) -> bool {
        tasks::is_urgent(self.priority, &self.type_code)
    }
}

/// A task of the asker's property that they may see, or 404 (never 403: whether a task
/// exists elsewhere is not theirs to know).
pub async fn visible(state: &AppState, auth: &Auth, id: Uuid) -> ApiResult<TaskRow> {
    let row: Option<TaskRow> = sqlx::query_as(&format!("{TASK_SELECT} WHERE t.id = $1 AND t.property_id = $2"))
        .bind(id.to_string())
        .bind(auth.property_id())
        .fetch_optional(&state.db.pool)
        .await?;
    row.filter(|r| tasks::may_see(auth.role(), r.relation(auth)))
        .ok_or_else(|| ApiError::not_found("task"))
}

/// Everything about one task, as its detail screen shows it.
pub async fn detail(state: &AppState, auth: &Auth, row: &TaskRow) -> ApiResult<Task> {
    let pool = &state.db.pool;
    let now = state.clock.now();
    let relation = row.relation(auth);
    let status = row.status()?;
    let allowed_actions = tasks::allowed_actions(auth.role(), relation, status);
    Ok(Task {
        summary: row.summary(now)?,
        details: row.details.clone(),
        created_by: row.row().id("created_by", &row.created_by)?,
        created_by_name: row.created_by_name.clone(),
        complaint: row.complaint()?,
        checklist: checklist(pool, &row.id).await?,
        comments: comments(pool, &row.id).await?,
        follow_ups: follow_ups(pool, &row.id).await?,
        history: history(pool, &row.id).await?,
        allowed_actions,
    })
}

#[derive(sqlx::FromRow)]
struct ChecklistRow {
    code: Option<String>,
    label: String,
    required: i64,
    done_by: Option<String>,
    done_at: Option<i64>,
}

pub async fn checklist(pool: &AnyPool, task_id: &str) -> ApiResult<Vec<ChecklistItem>> {
    let rows: Vec<ChecklistRow> = sqlx::query_as(
        "SELECT code, label, required, done_by, done_at FROM task_checklist_items WHERE task_id = $1 ORDER BY position",
    )
    .bind(task_id)
    .fetch_all(pool)
    .await?;
    let row = Row::new("task_checklist_items", task_id);
    rows.into_iter()
        .map(|r| {
            Ok(ChecklistItem {
                code: row.opt_code("code", r.code.as_deref(), ChecklistCode::parse)?,
                done_by: row.opt_id("done_by", r.done_by.as_deref())?,
                label: r.label,
                required: r.required != 0,
                done: r.done_at.is_some(),
                done_at: row.opt_time("done_at", r.done_at)?,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: String,
    author_id: String,
    author_name: String,
    at: i64,
    body: String,
}

async fn comments(pool: &AnyPool, task_id: &str) -> ApiResult<Vec<Comment>> {
    let rows: Vec<CommentRow> = sqlx::query_as(
        "SELECT c.id, c.author_id, s.display_name AS author_name, c.at, c.body FROM task_comments c \
         JOIN staff s ON s.id = c.author_id WHERE c.task_id = $1 ORDER BY c.at, c.id",
    )
    .bind(task_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let row = Row::new("task_comments", &r.id);
            Ok(Comment {
                id: row.own_id()?,
                author_id: row.id("author_id", &r.author_id)?,
                author_name: r.author_name,
                at: row.time("at", r.at)?,
                body: r.body,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct FollowUpRow {
    level: String,
    by_id: String,
    by_name: String,
    at: i64,
    outcome: String,
}

pub async fn follow_ups(pool: &AnyPool, task_id: &str) -> ApiResult<Vec<FollowUp>> {
    let rows: Vec<FollowUpRow> = sqlx::query_as(
        "SELECT f.level, f.by_id, s.display_name AS by_name, f.at, f.outcome FROM complaint_follow_ups f \
         JOIN staff s ON s.id = f.by_id WHERE f.task_id = $1 ORDER BY f.at",
    )
    .bind(task_id)
    .fetch_all(pool)
    .await?;
    let row = Row::new("complaint_follow_ups", task_id);
    let mut steps = rows
        .into_iter()
        .map(|r| {
            Ok(FollowUp {
                level: row.code("level", &r.level, FollowUpLevel::parse)?,
                by: row.id("by_id", &r.by_id)?,
                by_name: r.by_name,
                at: row.time("at", r.at)?,
                outcome: r.outcome,
            })
        })
        .collect::<ApiResult<Vec<FollowUp>>>()?;
    steps.sort_by_key(|s| s.level);
    Ok(steps)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    kind: String,
    actor_id: Option<String>,
    actor_name: Option<String>,
    from_status: Option<String>,
    to_status: Option<String>,
    note: Option<String>,
}

async fn history(pool: &AnyPool, task_id: &str) -> ApiResult<Vec<TaskEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.at, e.kind, e.actor_id, s.display_name AS actor_name, e.from_status, e.to_status, e.note \
         FROM task_events e LEFT JOIN staff s ON s.id = e.actor_id WHERE e.task_id = $1 ORDER BY e.at, e.id",
    )
    .bind(task_id)
    .fetch_all(pool)
    .await?;
    let row = Row::new("task_events", task_id);
    rows.into_iter()
        .map(|r| {
            Ok(TaskEvent {
                at: row.time("at", r.at)?,
                actor_id: row.opt_id("actor_id", r.actor_id.as_deref())?,
                from_status: row.opt_code("from_status", r.from_status.as_deref(), TaskStatus::parse)?,
                to_status: row.opt_code("to_status", r.to_status.as_deref(), TaskStatus::parse)?,
                kind: row.code("kind", &r.kind, TaskEventKind::parse)?,
                actor_name: r.actor_name,
                note: r.note,
            })
        })
        .collect()
}

/// One line of history. Ids are time-ordered so entries of the same millisecond keep
/// their order.
pub struct NewEvent<'a> {
    pub task_id: &'a str,
    pub property_id: &'a str,
    pub at: i64,
    pub kind: TaskEventKind,
    pub actor_id: Option<&'a str>,
    pub from_status: Option<TaskStatus>,
    pub to_status: Option<TaskStatus>,
    pub note: Option<&'a str>,
}

impl<'a> NewEvent<'a> {
    /// An entry made by the signed-in person.
    pub fn by(auth: &'a Auth, task_id: &'a str, at: i64, kind: TaskEventKind) -> Self {
        NewEvent {
            task_id,
            property_id: auth.property_id(),
            at,
            kind,
            actor_id: Some(&auth.staff.id),
            from_status: None,
            to_status: None,
            note: None,
        }
    }

    pub fn status(self, from: Option<TaskStatus>, to: TaskStatus) -> Self {
        NewEvent {
            from_status: from,
            to_status: Some(to),
            ..self
        }
    }

    pub fn note(self, note: Option<&'a str>) -> Self {
        NewEvent { note, ..self }
    }
}

pub async fn record(conn: &mut AnyConnection, event: NewEvent<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO task_events (id, task_id, property_id, at, kind, actor_id, from_status, to_status, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(event.task_id)
    .bind(event.property_id)
    .bind(event.at)
    .bind(event.kind.as_str())
    .bind(event.actor_id)
    .bind(event.from_status.map(TaskStatus::as_str))
    .bind(event.to_status.map(TaskStatus::as_str))
    .bind(event.note)
    .execute(conn)
    .await?;
    Ok(())
}

/// A task to file. Every task, whoever files it, is made by [`insert`]: the row, its
/// checklist and the "created" history entry.
pub struct NewTask<'a> {
    pub id: &'a str,
    pub property_id: &'a str,
    pub type_id: &'a str,
    pub title: &'a str,
    pub details: &'a str,
    pub room_id: Option<&'a str>,
    pub location: Option<&'a str>,
    pub department_id: &'a str,
    pub priority: u8,
    /// Also the actor of the history entry.
    pub created_by: &'a str,
    pub assignee_id: Option<&'a str>,
    pub guest_facing: bool,
    pub vip: bool,
    pub complaint_channel: Option<&'a str>,
    pub complaint_category: Option<&'a str>,
    pub created_at: i64,
    pub deadlines: Deadlines,
    pub checklist: &'a [ChecklistTemplateItem],
}

/// Files `task` inside the caller's transaction; announce it there too.
pub async fn insert(conn: &mut AnyConnection, task: &NewTask<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tasks (id, property_id, type_id, title, details, room_id, location, department_id, priority, \
            status, is_active, created_by, assignee_id, guest_facing, vip, complaint_channel, complaint_category, \
            version, created_at, respond_by, resolve_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'new', 1, $10, $11, $12, $13, $14, $15, 1, $16, $17, $18)",
    )
    .bind(task.id)
    .bind(task.property_id)
    .bind(task.type_id)
    .bind(task.title)
    .bind(task.details)
    .bind(task.room_id)
    .bind(task.location)
    .bind(task.department_id)
    .bind(i64::from(task.priority))
    .bind(task.created_by)
    .bind(task.assignee_id)
    .bind(flag(task.guest_facing))
    .bind(flag(task.vip))
    .bind(task.complaint_channel)
    .bind(task.complaint_category)
    .bind(task.created_at)
    .bind(task.deadlines.respond_by.timestamp_millis())
    .bind(task.deadlines.resolve_by.timestamp_millis())
    .execute(&mut *conn)
    .await?;
    for (position, item) in task.checklist.iter().enumerate() {
        sqlx::query(
            "INSERT INTO task_checklist_items (task_id, position, property_id, code, label, required) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(task.id)
        .bind(i64::try_from(position).unwrap_or_default())
        .bind(task.property_id)
        .bind(item.code.map(ChecklistCode::code))
        .bind(&item.label)
        .bind(flag(item.required))
        .execute(&mut *conn)
        .await?;
    }
    record(
        conn,
        NewEvent {
            task_id: task.id,
            property_id: task.property_id,
            at: task.created_at,
            kind: TaskEventKind::Created,
            actor_id: Some(task.created_by),
            from_status: None,
            to_status: Some(TaskStatus::New),
            note: None,
        },
    )
    .await
}

/// Tells the open tablets that a task changed, as part of `tx`: they hear of it once
/// it commits.
pub async fn announce(state: &AppState, tx: &mut WriteTx, property_id: &str, row: &TaskRow) -> ApiResult<()> {
    let (Ok(task_id), Ok(department_id)) = (row.id.parse(), row.department_id.parse()) else {
        tracing::error!(task = %row.id, "task row with a malformed id: not announced");
        return Ok(());
    };
    let notice = TaskNotice {
        property_id: property_id.to_owned(),
        people: [Some(row.created_by.clone()), row.assignee_id.clone()],
        change: TaskChanged {
            task_id,
            department_id,
            version: row.version,
            urgent: row.is_urgent(),
        },
    };
    Ok(state
        .live
        .announce(tx, state.clock.now_ms(), Change::Task(notice))
        .await?)
}

/// Reads a task as `tx` changed it, for the announcement and the answer.
pub async fn reload(conn: &mut AnyConnection, property_id: &str, id: &str) -> ApiResult<TaskRow> {
    let row: Option<TaskRow> = sqlx::query_as(&format!("{TASK_SELECT} WHERE t.id = $1 AND t.property_id = $2"))
        .bind(id)
        .bind(property_id)
        .fetch_optional(conn)
        .await?;
    row.ok_or_else(|| ApiError::not_found("task"))
}

/// Reloads a task within `tx` and announces it.
pub async fn announce_current(state: &AppState, tx: &mut WriteTx, property_id: &str, id: &str) -> ApiResult<TaskRow> {
    let row = reload(tx.conn(), property_id, id).await?;
    announce(state, tx, property_id, &row).await?;
    Ok(row)
}

/// Refuses an assignee who is not an active person of the property (`unknown_person`)
/// or not of `department_id`, the department the task will be in (`outside_department`).
pub async fn require_holder(pool: &AnyPool, property_id: &str, assignee: Uuid, department_id: Uuid) -> ApiResult<()> {
    let person = people::of_hotel(pool, property_id, assignee)
        .await?
        .filter(|p| p.is_active())
        .ok_or_else(|| ApiError::field("assignee_id", FieldReason::UnknownPerson))?;
    let theirs = person.department_id()?;
    if tasks::may_hold(theirs, department_id) {
        Ok(())
    } else {
        Err(ApiError::field("assignee_id", FieldReason::OutsideDepartment))
    }
}
