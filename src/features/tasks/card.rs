//! One task in a list or on the board — where, what, how urgent, how long is left, who
//! has it, and one big button for the next step — written as markup (see `markup`).
//! Also the badges and the deadline line that the task's own page shows too.

use bellhop_api::tasks::{overdue, Overdue, TaskAction, TaskStatus, TaskSummary};
use std::fmt::Write;

use chrono::DateTime;

use crate::components::markup::{push_element, push_text};
use crate::i18n::{action_name, fill, minutes_text, priority_name, status_name, td_string, Locale};
use crate::paths::Screen;

/// "Due in 12 min", "Overdue 5 min", … and whether it is late.
pub fn deadline_text(locale: Locale, task: &TaskSummary, now_ms: i64) -> (String, bool) {
    let Some(now) = DateTime::from_timestamp_millis(now_ms) else {
        return (String::new(), false);
    };
    let d = task.deadlines;
    let mins = |later: DateTime<chrono::Utc>, earlier: DateTime<chrono::Utc>| {
        // Round up, so "due in 0 min" never shows while time is left.
        ((later - earlier).num_seconds() + 59) / 60
    };
    let (key, time, late) = match overdue(task.status, d, now) {
        Some(Overdue::Resolution) => (td_string!(locale, tasks.overdue), mins(now, d.resolve_by), true),
        Some(Overdue::Response) => (td_string!(locale, tasks.overdue), mins(now, d.respond_by), true),
        None if task.status == TaskStatus::Done => (td_string!(locale, tasks.awaiting_verify), 0, false),
        None if !task.status.is_open() => return (String::new(), false),
        None if task.status == TaskStatus::New => {
            (td_string!(locale, tasks.respond_in), mins(d.respond_by, now), false)
        }
        None => (td_string!(locale, tasks.due_in), mins(d.resolve_by, now), false),
    };
    (fill(key, &[("time", &minutes_text(locale, time))]), late)
}

/// The one tap that moves a task on from where it is; `None` when there is nothing
/// simple to do.
pub fn next_action(status: TaskStatus) -> Option<TaskAction> {
    match status {
        TaskStatus::New => Some(TaskAction::Accept),
        TaskStatus::Accepted => Some(TaskAction::Start),
        TaskStatus::InProgress => Some(TaskAction::Done),
        TaskStatus::Paused => Some(TaskAction::Resume),
        TaskStatus::Done => Some(TaskAction::Verify),
        TaskStatus::Verified | TaskStatus::Cancelled => None,
    }
}

/// Status, priority, VIP, guest-facing and escalation, as small pills, in `locale`.
pub fn push_badges(out: &mut String, locale: Locale, task: &TaskSummary) {
    let status = task.status;
    let _ = write!(out, r#"<span class="pill" data-status="{}">"#, status.as_str());
    push_text(out, status_name(locale, status));
    out.push_str("</span>");
    let priority = task.priority;
    let class = if priority == 1 { "pill pill-urgent" } else { "pill" };
    push_element(
        out,
        "span",
        class,
        &format!("{priority} · {}", priority_name(locale, priority)),
    );
    if task.vip {
        push_element(out, "span", "pill pill-vip", td_string!(locale, tasks.vip));
    }
    if task.guest_facing {
        push_element(out, "span", "pill", td_string!(locale, tasks.guest_facing));
    }
    let escalation = match task.escalation_level {
        0 => None,
        1 => Some(td_string!(locale, tasks.escalated_supervisor)),
        _ => Some(td_string!(locale, tasks.escalated_manager)),
    };
    if let Some(text) = escalation {
        push_element(out, "span", "pill pill-urgent", text);
    }
}

/// What a card shows besides the task itself.
pub struct CardLook<'a> {
    pub locale: Locale,
    /// The task type's name as shown.
    pub type_label: &'a str,
    /// The time in ms, for the countdown.
    pub now_ms: i64,
    /// A step is on its way: the button waits.
    pub busy: bool,
    /// Just arrived or changed live: drawn with a flash.
    pub fresh: bool,
}

/// One card: where, what, how urgent, how long is left, who has it, and one big button
/// for the next step (its `data-action` names the step).
pub fn push_card(out: &mut String, task: &TaskSummary, look: &CardLook) {
    let locale = look.locale;
    let (due, late) = deadline_text(locale, task, look.now_ms);
    out.push_str(r#"<li class="task-card"#);
    for (on, class) in [(task.is_urgent(), " urgent"), (late, " late"), (look.fresh, " flash")] {
        if on {
            out.push_str(class);
        }
    }
    let _ = write!(out, r#"" data-task="{}""#, task.id);
    if let Some(room) = &task.room_number {
        out.push_str(r#" data-room=""#);
        push_text(out, room);
        out.push('"');
    }
    let _ = write!(
        out,
        r#"><a href="{}" class="task-card-main"><span class="task-where">"#,
        Screen::Task(task.id).href()
    );
    match (&task.room_number, &task.location) {
        (Some(room), _) => {
            push_element(out, "span", "task-where-label", td_string!(locale, tasks.room));
            push_element(out, "span", "task-room", room);
        }
        (None, Some(place)) => push_element(out, "span", "task-place", place),
        (None, None) => {}
    }
    out.push_str(r#"</span><span class="task-body">"#);
    push_element(out, "span", "task-title", &task.title);
    let who = task.assignee_name.as_deref().unwrap_or(td_string!(locale, tasks.pool));
    push_element(out, "span", "task-meta", &format!("{} · {who}", look.type_label));
    out.push_str(r#"<span class="task-badges">"#);
    push_badges(out, locale, task);
    out.push_str("</span>");
    push_element(out, "span", if late { "task-due late" } else { "task-due" }, &due);
    out.push_str("</span></a>");
    if let Some(action) = next_action(task.status) {
        let _ = write!(
            out,
            r#"<button type="button" class="btn btn-primary task-next" data-action="{}"{}>"#,
            action.as_str(),
            if look.busy { " disabled" } else { "" }
        );
        push_text(out, action_name(locale, action));
        out.push_str("</button>");
    }
    out.push_str("</li>");
}
