//! How the task page shows a change the tablet keeps until the network is back: what
//! the server will make of it when it arrives, by the same rules (`bellhop_api::tasks`).
//! The server's answer replaces it once it is sent.

use bellhop_api::people::Role;
use bellhop_api::tasks::{allowed_actions, Comment, Relation, Task, TaskAction, TaskStatus};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Who made the change.
#[derive(Clone)]
pub struct Me {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub department: Option<Uuid>,
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The buttons the server would offer `me` for the task as it is now.
fn allow(task: &mut Task, me: &Me) {
    let s = &task.summary;
    let relation = Relation {
        same_department: me.department == Some(s.department_id),
        assignee: s.assignee_id == Some(me.id),
        unassigned: s.assignee_id.is_none(),
        requester: task.created_by == me.id,
    };
    task.allowed_actions = allowed_actions(me.role, relation, s.status);
}

/// A step (accept, start, …) made at `version`.
pub fn step(task: &mut Task, action: TaskAction, version: i64, me: &Me) {
    let Some(next) = action.next_status(task.summary.status) else {
        return;
    };
    let s = &mut task.summary;
    // Accepting from the pool takes the task.
    if action == TaskAction::Accept && s.assignee_id.is_none() {
        s.assignee_id = Some(me.id);
        s.assignee_name = Some(me.name.clone());
    }
    s.status = next;
    s.version = version + 1;
    allow(task, me);
}

/// A checklist tick made at `version`.
pub fn tick(task: &mut Task, position: usize, done: bool, version: i64, me: &Me) {
    if let Some(item) = task.checklist.get_mut(position) {
        item.done = done;
        item.done_by = done.then_some(me.id);
        item.done_at = done.then(now);
    }
    task.summary.version = version + 1;
}

/// A comment.
pub fn comment(task: &mut Task, id: Uuid, body: String, me: &Me) {
    task.comments.push(Comment {
        id,
        author_id: me.id,
        author_name: me.name.clone(),
        at: now(),
        body,
    });
}

/// An assignment or hand-off made at `version`: a new holder or department must accept
/// it again.
pub fn assign(task: &mut Task, assignee: Option<Uuid>, department: Option<Uuid>, version: i64, me: &Me) {
    let s = &mut task.summary;
    let handed_off = department.is_some_and(|d| d != s.department_id);
    if assignee != s.assignee_id || handed_off {
        s.status = TaskStatus::New;
    }
    if let Some(d) = department {
        s.department_id = d;
    }
    s.assignee_id = assignee;
    s.assignee_name = (assignee == Some(me.id)).then(|| me.name.clone());
    s.version = version + 1;
    allow(task, me);
}
