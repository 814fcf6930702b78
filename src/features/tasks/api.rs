//! Work orders: types and deadlines, the lists, one task's steps, and the report.
//! The lists and a task are read through the kept reads (they show off the network);
//! every change on the floor is a [`Write`] for the outbox.

use bellhop_api::tasks::{
    BoardQuery, ChecklistTick, CommentCreate, FollowUpCreate, Task, TaskActionRequest, TaskAssign, TaskCreate,
    TaskReport, TaskReportQuery, TaskSummary, TaskType, TaskTypeCreate, TaskTypeUpdate,
};
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{encode, list_url, send, send_json, url, Result};
use crate::offline::reads;
use crate::offline::{Method, Write};

pub async fn task_types() -> Result<Vec<TaskType>> {
    send(Request::get(&url("/task-types"))).await
}

pub async fn create_task_type(req: &TaskTypeCreate) -> Result<TaskType> {
    send_json(Request::post(&url("/task-types")), req).await
}

pub async fn update_task_type(id: Uuid, req: &TaskTypeUpdate) -> Result<TaskType> {
    send_json(Request::patch(&url(&format!("/task-types/{id}"))), req).await
}

pub fn my_tasks() -> impl std::future::Future<Output = Result<Vec<TaskSummary>>> {
    reads::get(url("/tasks/mine"))
}

/// A department's board.
pub fn board(query: &BoardQuery) -> impl std::future::Future<Output = Result<Vec<TaskSummary>>> {
    reads::get(list_url("/tasks/board", query))
}

pub fn task(id: Uuid) -> impl std::future::Future<Output = Result<Task>> {
    reads::get(task_url(id))
}

/// The address a task is read from.
pub fn task_url(id: Uuid) -> String {
    url(&format!("/tasks/{id}"))
}

/// What the outbox orders a task's writes by.
pub fn object(id: Uuid) -> String {
    format!("task/{id}")
}

fn write(
    id: Uuid,
    what: &'static str,
    method: Method,
    path: String,
    body: Option<String>,
    version: Option<i64>,
) -> Write {
    Write {
        object: object(id),
        what,
        method,
        path,
        body,
        version,
    }
}

/// Files a new task (answered with the task).
pub fn create_task(req: &TaskCreate) -> Write {
    write(req.id, "new_task", Method::Post, "/tasks".to_owned(), encode(req), None)
}

/// A step: accept, start, pause, resume, done, verify, reopen, cancel.
pub fn act(id: Uuid, req: &TaskActionRequest) -> Write {
    let path = format!("/tasks/{id}/actions");
    write(
        id,
        req.action.as_str(),
        Method::Post,
        path,
        encode(req),
        Some(req.version),
    )
}

/// Assigns the task, gives it back to the pool, or hands it to another department.
pub fn assign(id: Uuid, req: &TaskAssign) -> Write {
    let path = format!("/tasks/{id}/assign");
    write(id, "assign", Method::Post, path, encode(req), Some(req.version))
}

pub fn tick(id: Uuid, position: usize, req: &ChecklistTick) -> Write {
    let path = format!("/tasks/{id}/checklist/{position}");
    write(id, "tick", Method::Put, path, encode(req), Some(req.version))
}

pub fn comment(id: Uuid, req: &CommentCreate) -> Write {
    write(
        id,
        "comment",
        Method::Post,
        format!("/tasks/{id}/comments"),
        encode(req),
        None,
    )
}

pub fn follow_up(id: Uuid, req: &FollowUpCreate) -> Write {
    let path = format!("/tasks/{id}/follow-ups");
    write(id, "follow_up", Method::Post, path, encode(req), None)
}

/// The supervisors' numbers.
pub async fn task_report(query: &TaskReportQuery) -> Result<TaskReport> {
    send(Request::get(&list_url("/reports/tasks", query))).await
}

/// The address of the same numbers as a CSV download.
pub fn task_report_csv(query: &TaskReportQuery) -> String {
    list_url("/reports/tasks.csv", query)
}
