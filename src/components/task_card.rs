//! One task in a list or on the board: where, what, how urgent, how long is left, who
//! has it, and one big button for the next step. Also the badges and the deadline
//! line that the task's own page shows too.

use bellhop_api::tasks::{overdue, Overdue, TaskAction, TaskStatus, TaskSummary};
use chrono::DateTime;
use leptos::prelude::*;

use crate::i18n::{action_name, fill, minutes_text, priority_name, status_name, td_string, use_i18n, Locale};
use crate::router::{follow, use_router, Route};

/// Priority 1 and guest complaints draw attention everywhere (as the server's live
/// events do).
pub fn is_urgent(task: &TaskSummary) -> bool {
    task.priority == 1 || task.type_code == "complaint"
}

/// Late at `now_ms`, worked out here so countdowns turn red between reloads.
pub fn is_late(task: &TaskSummary, now_ms: i64) -> bool {
    DateTime::from_timestamp_millis(now_ms).is_some_and(|now| overdue(task.status, task.deadlines, now).is_some())
}

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
#[component]
pub fn TaskBadges(
    /// The task.
    task: TaskSummary,
    /// The language to write them in.
    locale: Locale,
) -> impl IntoView {
    let (status, priority) = (task.status, task.priority);
    let escalation = match task.escalation_level {
        0 => None,
        1 => Some(td_string!(locale, tasks.escalated_supervisor)),
        _ => Some(td_string!(locale, tasks.escalated_manager)),
    };
    view! {
        <span class="pill" data-status=status.as_str()>{status_name(locale, status)}</span>
        <span class="pill" class:pill-urgent=priority == 1>
            {format!("{priority} · {}", priority_name(locale, priority))}
        </span>
        {task.vip.then(|| view! { <span class="pill pill-vip">{td_string!(locale, tasks.vip)}</span> })}
        {task.guest_facing.then(|| view! { <span class="pill">{td_string!(locale, tasks.guest_facing)}</span> })}
        {escalation.map(|text| view! { <span class="pill pill-urgent">{text}</span> })}
    }
}

/// A card of a long list: its words are written once in the language of the moment
/// (the list draws its cards again when the language changes), so that a board of a
/// thousand cards follows only what moves — the countdown, the flash and the busy
/// button.
#[component]
pub fn TaskCard(
    /// The task.
    task: TaskSummary,
    /// The time in ms, for the countdown.
    #[prop(into)]
    now: Signal<i64>,
    /// The task type's name as shown.
    type_label: String,
    /// Called with the task and the action of its big button (see [`next_action`]).
    #[prop(into)]
    on_action: Callback<(TaskSummary, TaskAction)>,
    /// Disables the button while a step is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Just arrived or changed live: drawn with a flash.
    #[prop(into)]
    fresh: Signal<bool>,
) -> impl IntoView {
    let locale = use_i18n().locale_now();
    let href = Route::task(task.id);
    let urgent = is_urgent(&task);
    let t = task.clone();
    let due = Memo::new(move |_| deadline_text(locale, &t, now.get()));
    let late = move || due.with(|d| d.1);
    let where_ = match (&task.room_number, &task.location) {
        (Some(room), _) => view! {
            <span class="task-where-label">{td_string!(locale, tasks.room)}</span>
            <span class="task-room">{room.clone()}</span>
        }
        .into_any(),
        (None, Some(place)) => view! { <span class="task-place">{place.clone()}</span> }.into_any(),
        (None, None) => ().into_any(),
    };
    let who = task
        .assignee_name
        .clone()
        .unwrap_or_else(|| td_string!(locale, tasks.pool).to_owned());
    let room = task.room_number.clone();
    let (id, title) = (task.id.to_string(), task.title.clone());
    let button = next_action(task.status).map(|action| {
        let t = task.clone();
        view! {
            <button
                type="button"
                class="btn btn-primary task-next"
                data-action=action.as_str()
                disabled=busy
                on:click=move |_| on_action.run((t.clone(), action))
            >
                {action_name(locale, action)}
            </button>
        }
    });
    view! {
        <li
            class="task-card"
            class:urgent=urgent
            class:late=late
            class:flash=fresh
            data-task=id
            data-room=room
        >
            <a href=href.clone() class="task-card-main" on:click=follow(use_router(), href)>
                <span class="task-where">{where_}</span>
                <span class="task-body">
                    <span class="task-title">{title}</span>
                    <span class="task-meta">{type_label} " · " {who}</span>
                    <span class="task-badges">
                        <TaskBadges task=task locale=locale />
                    </span>
                    <span class="task-due" class:late=late>{move || due.with(|d| d.0.clone())}</span>
                </span>
            </a>
            {button}
        </li>
    }
}
