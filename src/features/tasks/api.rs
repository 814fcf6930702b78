//! Work orders: types and deadlines, the lists, one task's steps, and the report.

use bellhop_api::tasks::{
    BoardQuery, ChecklistTick, CommentCreate, FollowUpCreate, Task, TaskActionRequest, TaskAssign, TaskCreate,
    TaskReport, TaskReportQuery, TaskSummary, TaskType, TaskTypeCreate, TaskTypeUpdate,
};
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{list_url, send, send_json, url, Result};

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

/// A department's board.
pub async fn board(query: &BoardQuery) -> Result<Vec<TaskSummary>> {
    send(Request::get(&list_url("/tasks/board", query))).await
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

/// The supervisors' numbers.
pub async fn task_report(query: &TaskReportQuery) -> Result<TaskReport> {
    send(Request::get(&list_url("/reports/tasks", query))).await
}

/// The address of the same numbers as a CSV download.
pub fn task_report_csv(query: &TaskReportQuery) -> String {
    list_url("/reports/tasks.csv", query)
}
