//! The working parts of a task's page: checklist, complaint follow-up, assignment and
//! hand-off, comments, history. Each follows the task shown and sends its change
//! through the page's [`Editor`](super::Editor).

use bellhop_api::people::Role;
use bellhop_api::tasks::{
    may_assign, ChecklistTick, CommentCreate, FollowUpCreate, FollowUpLevel, Relation, Task, TaskAction, TaskAssign,
    TaskEventKind,
};
use leptos::prelude::*;
use uuid::Uuid;

use super::{local, use_editor, Draft};
use crate::api::new_id;
use crate::components::field::{DepartmentOptions, Form};
use crate::components::status::{phase_of, Loaded};
use crate::data::Data;
use crate::features::shell::api as shell_api;
use crate::features::tasks::api;
use crate::i18n::{
    checklist_label, fill, follow_up_name, history_kind, short_time, status_name, td_string, tr, trf, use_i18n,
};
use crate::session::use_auth;

/// Who is looking: id, role, department.
fn me() -> impl Fn() -> Option<(Uuid, Role, Option<Uuid>)> + Copy {
    let auth = use_auth();
    move || {
        auth.session
            .with(|s| s.as_ref().map(|s| (s.user.id, s.user.role, s.user.department_id)))
    }
}

/// The big tick boxes; a refused "Done" marks the required ones still open.
#[component]
pub fn Checklist(
    /// The task shown.
    #[prop(into)]
    task: Signal<Option<Task>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let items = move || task.with(|t| t.as_ref().map(|t| t.checklist.clone()).unwrap_or_default());
    // Whoever may work the task may tick; the server checks again.
    let may_tick = move || {
        task.with(|t| {
            t.as_ref().is_some_and(|t| {
                t.summary.status.is_open()
                    && [
                        TaskAction::Start,
                        TaskAction::Pause,
                        TaskAction::Resume,
                        TaskAction::Done,
                    ]
                    .iter()
                    .any(|a| t.allowed_actions.iter().any(|x| x == a.as_str()))
            })
        })
    };
    let tick = move |position: usize, done: bool| {
        let (Some(id), Some(me)) = (editor.id(), editor.me()) else {
            return;
        };
        let version = editor.version();
        let req = ChecklistTick { version, done };
        editor.change(
            api::tick(id, position, &req),
            move |t| local::tick(t, position, done, version, &me),
            || {},
        );
    };
    move || {
        let items = items();
        (!items.is_empty()).then(|| {
            let missing = editor.missing_items();
            let rows = items
                .into_iter()
                .enumerate()
                .map(|(n, item)| {
                    let done = item.done;
                    let when = item.done_at.map(short_time);
                    let (code, label) = (item.code, item.label.clone());
                    view! {
                        <li>
                            <button
                                type="button"
                                role="checkbox"
                                class="check-item"
                                class:missing=missing.contains(&n)
                                aria-checked=done.to_string()
                                data-position=n
                                disabled=move || !may_tick() || editor.pending.get()
                                on:click=move |_| tick(n, !done)
                            >
                                <span class="check-box" aria-hidden="true">
                                    {done.then_some("✓")}
                                </span>
                                <span class="check-label">
                                    {move || checklist_label(i18n.get_locale(), code, &label)}
                                    {item.required.then(|| view! { <span class="required">" *"</span> })}
                                </span>
                                <span class="check-when">{when}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="card">
                    <h2>{tr!(i18n, task.checklist)}</h2>
                    <p class="hint">{tr!(i18n, task.required_hint)}</p>
                    <ul class="checklist">{rows}</ul>
                </section>
            }
        })
    }
}

/// The three steps of a complaint's follow-up, and a form for the next one when the
/// person may record it.
#[component]
pub fn FollowUps(
    /// The task shown.
    #[prop(into)]
    task: Signal<Option<Task>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let me = me();
    let outcome = Draft::new();
    let is_complaint = move || task.with(|t| t.as_ref().is_some_and(|t| t.summary.is_complaint()));
    let next = move || {
        task.with(|t| {
            let t = t.as_ref()?;
            let done: Vec<FollowUpLevel> = t.follow_ups.iter().map(|f| f.level).collect();
            let level = FollowUpLevel::next_after(&done)?;
            let (_, role, dept) = me()?;
            level
                .may_record(role, dept == Some(t.summary.department_id))
                .then_some(level)
        })
    };
    let record = move |level: FollowUpLevel| {
        let (Some(text), Some(id)) = (outcome.take(), editor.id()) else {
            return;
        };
        let req = FollowUpCreate { level, outcome: text };
        editor.change(api::follow_up(id, &req), |_| {}, move || outcome.clear());
    };
    let steps = move || {
        let done = task.with(|t| t.as_ref().map(|t| t.follow_ups.clone()).unwrap_or_default());
        FollowUpLevel::ALL
            .into_iter()
            .map(|level| {
                let step = done.iter().find(|f| f.level == level).cloned();
                let name = move || follow_up_name(i18n.get_locale(), level);
                match step {
                    Some(f) => view! {
                        <li class="step done">
                            <p class="step-name">"✓ " {name}</p>
                            <p class="row-detail">{format!("{} · {}", f.by_name, short_time(f.at))}</p>
                            <p>{f.outcome}</p>
                        </li>
                    }
                    .into_any(),
                    None => view! {
                        <li class="step">
                            <p class="step-name">{name}</p>
                            <p class="row-detail">{tr!(i18n, task.step_open)}</p>
                        </li>
                    }
                    .into_any(),
                }
            })
            .collect_view()
    };
    let form = move || {
        next().map(|level| {
            view! {
                <Form class="follow-up-form" on_submit=move |()| record(level)>
                    {outcome.area(trf!(i18n, task.step_outcome, step = follow_up_name(i18n.get_locale(), level)), "outcome")}
                    <button type="submit" class="btn btn-primary" disabled=editor.pending>
                        {tr!(i18n, task.record_step)}
                    </button>
                </Form>
            }
        })
    };
    view! {
        <Show when=is_complaint>
            <section class="card">
                <h2>{tr!(i18n, task.follow_up)}</h2>
                <ol class="steps">{steps}</ol>
                {form}
            </section>
        </Show>
    }
}

/// Take it, give it to a colleague by name, give it back to the pool, or hand it to
/// another department with a note.
#[component]
pub fn HandOff(
    /// The task shown.
    #[prop(into)]
    task: Signal<Option<Task>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let me = me();
    let to_department = RwSignal::new(None::<Uuid>);
    let note = Draft::new();

    // (may assign, is the assignee, is held by someone, runs the department)
    // Tried, not assumed: signing out from this page drops the task before this
    // closure, which follows the session too, hears of it.
    let standing = move || {
        task.try_with(|t| {
            let t = t.as_ref()?;
            let (id, role, dept) = me()?;
            let s = &t.summary;
            let relation = Relation {
                same_department: dept == Some(s.department_id),
                assignee: s.assignee_id == Some(id),
                unassigned: s.assignee_id.is_none(),
                requester: t.created_by == id,
            };
            let runs = role.manages_property() || (role == Role::Supervisor && relation.same_department);
            let may = may_assign(role, relation) && s.status.is_open();
            may.then_some((id, relation.assignee, !relation.unassigned, runs, s.department_id))
        })
        .flatten()
    };
    let assign = move |assignee_id: Option<Uuid>, department_id: Option<Uuid>, note_text: Option<String>| {
        let (Some(id), Some(me)) = (editor.id(), editor.me()) else {
            return;
        };
        let version = editor.version();
        let req = TaskAssign {
            version,
            assignee_id,
            department_id,
            note: note_text,
        };
        editor.change(
            api::assign(id, &req),
            move |t| local::assign(t, assignee_id, department_id, version, &me),
            move || {
                note.clear();
                to_department.set(None);
            },
        );
    };
    let hand_off = move || {
        let Some(dept) = to_department.get_untracked() else {
            return;
        };
        if let Some(text) = note.take() {
            assign(None, Some(dept), Some(text));
        }
    };

    move || {
        standing().map(|(me_id, is_assignee, held, runs, current_dept)| {
            let take = (runs && !is_assignee).then(|| {
                view! {
                    <button
                        type="button"
                        class="btn btn-secondary"
                        disabled=editor.pending
                        on:click=move |_| assign(Some(me_id), None, None)
                    >
                        {tr!(i18n, task.take)}
                    </button>
                }
            });
            let release = held.then(|| {
                view! {
                    <button
                        type="button"
                        class="btn btn-secondary"
                        data-testid="to-pool"
                        disabled=editor.pending
                        on:click=move |_| assign(None, None, None)
                    >
                        {tr!(i18n, task.to_pool)}
                    </button>
                }
            });
            let current = task.with_untracked(|t| t.as_ref().and_then(|t| t.summary.assignee_id));
            let by_name = runs.then(|| {
                view! {
                    <PeoplePicker
                        department=current_dept
                        current=current
                        on_pick=Callback::new(move |person| assign(Some(person), None, None))
                    />
                }
            });
            view! {
                <section class="card">
                    <h2>{tr!(i18n, task.assign)}</h2>
                    <div class="form-actions">{take} {release}</div>
                    {by_name}
                    <Form class="hand-off" on_submit=move |()| hand_off()>
                        <div class="field">
                            <label for="f-hand-off">{tr!(i18n, task.hand_off_to)}</label>
                            <select
                                id="f-hand-off"
                                name="hand_off"
                                on:change=move |ev| to_department.set(event_target_value(&ev).parse().ok())
                            >
                                <option value="" selected=move || to_department.get().is_none()>
                                    {tr!(i18n, new_task.choose)}
                                </option>
                                <DepartmentOptions selected=to_department except=current_dept />
                            </select>
                        </div>
                        <Show when=move || to_department.with(Option::is_some)>
                            {note.area(tr!(i18n, task.hand_off_note), "hand_off_note")}
                            <button type="submit" class="btn btn-primary" disabled=editor.pending>
                                {tr!(i18n, task.hand_off)}
                            </button>
                        </Show>
                    </Form>
                </section>
            }
        })
    }
}

/// Comments, oldest first, and a box for a new one.
#[component]
pub fn Comments(
    /// The task shown.
    #[prop(into)]
    task: Signal<Option<Task>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let body = Draft::new();
    // One id per draft, so a retry adds the comment once.
    let draft = StoredValue::new(new_id());
    let send = move || {
        let (Some(text), Some(id), Some(me)) = (body.take(), editor.id(), editor.me()) else {
            return;
        };
        let req = CommentCreate {
            id: draft.get_value(),
            body: text,
        };
        let (comment_id, text) = (req.id, req.body.clone());
        editor.change(
            api::comment(id, &req),
            move |t| local::comment(t, comment_id, text, &me),
            move || {
                body.clear();
                draft.set_value(new_id());
            },
        );
    };
    let list = move || {
        task.with(|t| t.as_ref().map(|t| t.comments.clone()).unwrap_or_default())
            .into_iter()
            .map(|c| {
                view! {
                    <li class="comment">
                        <p class="row-detail">{format!("{} · {}", c.author_name, short_time(c.at))}</p>
                        <p>{c.body}</p>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>{tr!(i18n, task.comments)}</h2>
            <ul class="comments">{list}</ul>
            <Form on_submit=move |()| send()>
                {body.area(tr!(i18n, task.new_comment), "comment")}
                <button type="submit" class="btn btn-secondary" disabled=editor.pending>
                    {tr!(i18n, task.add_comment)}
                </button>
            </Form>
        </section>
    }
}

/// Everything that happened to the task, newest first; nobody edits it.
#[component]
pub fn History(
    /// The task shown.
    #[prop(into)]
    task: Signal<Option<Task>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = move || {
        let locale = i18n.get_locale();
        let events = task.with(|t| t.as_ref().map(|t| t.history.clone()).unwrap_or_default());
        // A tick's note names the line by its text; the line itself knows its code.
        let code_of = |label: &str| {
            task.with(|t| {
                t.as_ref()
                    .and_then(|t| t.checklist.iter().find(|i| i.label == label))
                    .and_then(|i| i.code)
            })
        };
        events
            .into_iter()
            .rev()
            .map(|e| {
                let mut what = history_kind(locale, e.kind).to_owned();
                if let (Some(from), Some(to)) = (e.from_status, e.to_status) {
                    if from != to {
                        let (from, to) = (status_name(locale, from), status_name(locale, to));
                        what = fill(
                            td_string!(locale, history.status_change),
                            &[("what", &what), ("from", &from), ("to", &to)],
                        );
                    }
                }
                let note = e.note.map(|n| match (e.kind, n.as_str()) {
                    (TaskEventKind::Escalated, "supervisor") => td_string!(locale, history.to_supervisor).to_owned(),
                    (TaskEventKind::Escalated, _) => td_string!(locale, history.to_manager).to_owned(),
                    (TaskEventKind::FollowUp, level) => {
                        FollowUpLevel::parse(level).map_or(n.clone(), |l| follow_up_name(locale, l).to_owned())
                    }
                    (TaskEventKind::Checklist, _) => match n.split_once(' ') {
                        Some((mark, label)) => format!("{mark} {}", checklist_label(locale, code_of(label), label)),
                        None => n,
                    },
                    _ => n,
                });
                let who = e
                    .actor_name
                    .unwrap_or_else(|| td_string!(locale, history.system).to_owned());
                view! {
                    <li>
                        <p class="row-detail">{format!("{} · {who}", short_time(e.at))}</p>
                        <p class="history-what">{what}</p>
                        {note.map(|n| view! { <p class="history-note">{n}</p> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>{tr!(i18n, task.history)}</h2>
            <ol class="history">{list}</ol>
        </section>
    }
}

/// The department's people as big buttons: one tap assigns the task to that person.
#[component]
fn PeoplePicker(
    /// The task's department.
    department: Uuid,
    /// Who holds the task now (left out).
    current: Option<Uuid>,
    /// Called with the person tapped.
    on_pick: Callback<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let people = Data::new(move || shell_api::department_staff(department));
    let list = move || {
        people.get().and_then(Result::ok).map(|list| {
            view! {
                <h3>{tr!(i18n, task.assign_to)}</h3>
                <div class="choice-grid people" role="group" aria-label=tr!(i18n, task.assign_to)>
                    {list
                        .into_iter()
                        .filter(|p| Some(p.id) != current)
                        .map(|p| {
                            let id = p.id;
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-choice"
                                    data-person=id.to_string()
                                    disabled=editor.pending
                                    on:click=move |_| on_pick.run(id)
                                >
                                    {p.display_name}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            }
        })
    };
    view! {
        <Loaded phase=phase_of(people) retry=move |()| people.refetch()>
            {list}
        </Loaded>
    }
}
