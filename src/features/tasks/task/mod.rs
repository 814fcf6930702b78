//! `/tasks/:id`: one task. The header (where, what, status, priority, deadlines,
//! escalation) and the buttons of the actions the server allows now, with a reason
//! asked for pause, reopen and cancel; then checklist, complaint follow-up, hand-off,
//! comments and history (`work.rs`). The task reloads when it changes live; a change
//! someone else made first (409) reloads it and says so.

mod local;
mod work;

use bellhop_api::tasks::{checklist_blocks_done, Task, TaskAction, TaskActionRequest};
use bellhop_api::{ErrorBody, ErrorCode};
use leptos::prelude::*;
use uuid::Uuid;

use super::card::{deadline_text, push_badges};
use crate::api::{decode, ApiError};
use crate::components::field::{Form, TextArea};
use crate::components::icon::{Icon, IconKind};
use crate::components::status::{ErrorNotice, Loading};
use crate::data::{Call, Data};
use crate::features::tasks::api;
use crate::i18n::{
    action_name, category_name, channel_name, department_name, short_time, td_string, tr, trf, type_name, use_i18n,
};
use crate::live::{use_live, use_now};
use crate::offline::{reads, use_outbox, Outbox, Outcome, Write};
use crate::paths::Screen;
use crate::session::{use_auth, Auth};
use bellhop_api::FieldReason;
use leptos_router::components::A;

#[component]
pub fn TaskPage(
    /// The task id from the path.
    id: Uuid,
) -> impl IntoView {
    view! { <TaskView id=id /> }
}

#[component]
fn BackLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href=Screen::Tasks attr:class="btn btn-link back-link">
            <Icon kind=IconKind::Back />
            {tr!(i18n, tasks.mine)}
        </A>
    }
}

/// The task on screen and how a change to it goes; a context of the task page.
#[derive(Clone, Copy)]
struct Editor {
    task: Data<Task>,
    /// Every change goes through it: sent at once, or kept until the network is back.
    outbox: Outbox,
    /// The change on its way; one at a time.
    call: Call,
    /// A change is on its way: the buttons wait.
    pending: Memo<bool>,
    /// Someone else changed the task first; it was reloaded.
    conflict: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    auth: Auth,
}

impl Editor {
    fn new(task: Data<Task>) -> Self {
        let call = Call::each();
        Editor {
            task,
            auth: use_auth(),
            outbox: use_outbox(),
            call,
            pending: call.pending(),
            conflict: RwSignal::new(false),
            error: call.error,
        }
    }

    fn id(self) -> Option<Uuid> {
        self.task
            .with_untracked(|t| t.and_then(Result::ok).map(|t| t.summary.id))
    }

    /// Who is making changes.
    fn me(self) -> Option<local::Me> {
        self.auth.session.with_untracked(|s| {
            s.as_ref().map(|s| local::Me {
                id: s.user.id,
                name: s.user.display_name.clone(),
                role: s.user.role,
                department: s.user.department_id,
            })
        })
    }

    /// The version a change carries: the one shown, or the one after the changes still
    /// waiting on the tablet.
    fn version(self) -> i64 {
        let (Some(id), shown) = (
            self.id(),
            self.task.with_untracked(|t| {
                t.as_ref()
                    .and_then(|t| t.as_ref().ok())
                    .map_or(0, |t| t.summary.version)
            }),
        ) else {
            return 0;
        };
        self.outbox.version_for(&api::object(id), shown)
    }

    /// Sends a change, unless one is on its way. Its answer replaces the task shown;
    /// kept for later (no network), `local` shows it meanwhile. Either way `on_ok` runs.
    /// A 409 reloads and says that someone was first.
    fn change(self, write: Write, local: impl FnOnce(&mut Task) + 'static, on_ok: impl FnOnce() + 'static) {
        self.change_boxed(write, Box::new(local), Box::new(on_ok));
    }

    /// [`Self::change`] with its types erased: one copy for every kind of change.
    fn change_boxed(self, write: Write, local: Box<dyn FnOnce(&mut Task)>, on_ok: Box<dyn FnOnce()>) {
        self.call.run(async move {
            let outcome = self.outbox.submit(write).await;
            self.conflict.try_set(false);
            match outcome {
                Outcome::Answered(answer) => {
                    if let Ok(task) = decode::<Task>(&answer) {
                        self.task.set(task);
                    }
                    on_ok();
                    Ok(())
                }
                Outcome::Queued => {
                    self.task.update(local);
                    if let (Some(id), Some(Ok(task))) = (self.id(), self.task.get_untracked()) {
                        reads::keep(api::task_url(id), &task);
                    }
                    on_ok();
                    Ok(())
                }
                Outcome::Refused(err) if err.code() == Some(ErrorCode::Conflict) => {
                    self.conflict.try_set(true);
                    self.task.refetch();
                    Ok(())
                }
                Outcome::Refused(err) => Err(err),
            }
        });
    }

    /// Follows the outbox: a change of this task it sent later shows its answer; one
    /// the server refused shows the task as the server has it now.
    fn follow_outbox(self, id: Uuid) {
        let object = api::object(id);
        let settled = self.outbox.settled;
        Effect::new(move |_| {
            let Some(done) = settled.get().filter(|s| s.object == object) else {
                return;
            };
            match done.answer.as_deref().map(decode::<Task>) {
                Some(Ok(task)) => self.task.set(task),
                _ => self.task.refetch(),
            }
        });
    }

    /// Required checklist items the server said are not ticked.
    fn missing_items(self) -> Vec<usize> {
        self.error.with(|e| match e {
            Some(ApiError::Api { body, .. }) => body
                .fields
                .keys()
                .filter_map(|k| k.strip_prefix("checklist.")?.parse().ok())
                .collect(),
            _ => Vec::new(),
        })
    }
}

fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// Text typed for a change (a reason, an outcome, a note, a comment), required.
#[derive(Clone, Copy)]
struct Draft {
    text: RwSignal<String>,
    error: RwSignal<Option<FieldReason>>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            text: RwSignal::new(String::new()),
            error: RwSignal::new(None),
        }
    }

    /// The text without surrounding blanks; `None`, and "required" shown, when empty.
    fn take(self) -> Option<String> {
        let text = self.text.get_untracked().trim().to_owned();
        self.error.set(text.is_empty().then_some(FieldReason::Required));
        (!text.is_empty()).then_some(text)
    }

    fn clear(self) {
        self.text.set(String::new());
        self.error.set(None);
    }

    /// Its text box.
    fn area(self, label: Signal<String>, name: &'static str) -> impl IntoView {
        view! {
            <TextArea
                label=label
                name=name
                value=self.text
                on_input=Callback::new(move |v| self.text.set(v))
                error=self.error
            />
        }
    }
}

#[component]
fn TaskView(
    /// The task's id.
    id: Uuid,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let task = Data::new(move || api::task(id));
    live.on_change(move |change| {
        if change.is_none_or(|c| c.task_id == id) {
            task.refetch();
        }
    });
    let editor = Editor::new(task);
    editor.follow_outbox(id);
    provide_context(editor);

    // Drafts (a comment, a reason) live in the parts below, which are drawn once and
    // follow the task as it changes; only a failed reload replaces them.
    let current = Memo::new(move |_| task.with(|t| t.and_then(Result::ok).cloned()));
    let loaded = Memo::new(move |_| current.with(Option::is_some));
    let current: Signal<Option<Task>> = current.into();
    let page = move || {
        if loaded.get() {
            return view! {
                <section class="page task-page">
                    <BackLink />
                    {move || current.get().map(|t| view! { <TaskHeader task=t /> })}
                    <Notices />
                    <ActionBar task=current />
                    <work::Checklist task=current />
                    <work::FollowUps task=current />
                    <work::HandOff task=current />
                    <work::Comments task=current />
                    <work::History task=current />
                </section>
            }
            .into_any();
        }
        // Read here, inside the transition, so that it waits for the first answer.
        let body = task.get().and_then(Result::err).map(|err| {
            view! {
                <h1>{tr!(i18n, task.title)}</h1>
                <ErrorNotice error=Some(err) on_retry=Callback::new(move |()| task.refetch()) />
            }
        });
        view! {
            <section class="page">
                <BackLink />
                {body}
            </section>
        }
        .into_any()
    };
    view! {
        <Transition fallback=|| {
            view! {
                <section class="page">
                    <BackLink />
                    <Loading />
                </section>
            }
        }>{page}</Transition>
    }
}

/// Where, what, how urgent, by when, who has it, who filed it.
#[component]
fn TaskHeader(
    /// The task.
    task: Task,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let live = use_live();
    let now = use_now();
    let t = task.summary.clone();
    let s = task.summary.clone();
    let due = Memo::new(move |_| deadline_text(i18n.get_locale(), &s, now.get()));
    let place = match (t.room_number.clone(), t.location.clone()) {
        (Some(room), _) => trf!(i18n, task.room_no, room = room),
        (None, place) => {
            let place = place.unwrap_or_default();
            Signal::derive(move || place.clone())
        }
    };
    let code = t.type_code.clone();
    let kind = move || {
        let name = live.task_type(&code).map(|t| t.name);
        type_name(i18n.get_locale(), &code, name.as_deref())
    };
    let department = t.department_id;
    let department = move || {
        let locale = i18n.get_locale();
        auth.departments.with(|ds| {
            ds.iter()
                .find(|d| d.id == department)
                .map(|d| department_name(locale, d))
                .unwrap_or_default()
        })
    };
    let assignee = match t.assignee_name.clone() {
        Some(name) => Signal::derive(move || name.clone()),
        None => tr!(i18n, tasks.pool),
    };
    let filed = trf!(
        i18n,
        task.filed_by,
        name = task.created_by_name,
        time = short_time(t.created_at)
    );
    let complaint = task.complaint.map(|c| {
        view! {
            <dt>{tr!(i18n, task.complaint)}</dt>
            <dd>
                {move || {
                    let locale = i18n.get_locale();
                    format!("{} · {}", channel_name(locale, c.channel), category_name(locale, c.category))
                }}
            </dd>
        }
    });
    let details = (!task.details.is_empty()).then(|| view! { <p class="task-details">{task.details.clone()}</p> });
    view! {
        <header class="card task-head" class:late=move || due.with(|d| d.1)>
            <p class="task-head-where">{place}</p>
            <h1>{t.title.clone()}</h1>
            <p
                class="task-badges"
                inner_html={
                    let t = t.clone();
                    move || {
                        let mut out = String::new();
                        push_badges(&mut out, i18n.get_locale(), &t);
                        out
                    }
                }
            ></p>
            <p class="task-due" class:late=move || due.with(|d| d.1)>
                {move || due.with(|d| d.0.clone())}
            </p>
            {details}
            <dl class="facts">
                <dt>{tr!(i18n, task.type_label)}</dt>
                <dd>{kind}</dd>
                <dt>{tr!(i18n, staff.department)}</dt>
                <dd>{department}</dd>
                <dt>{tr!(i18n, task.assignee)}</dt>
                <dd>{assignee}</dd>
                <dt>{tr!(i18n, task.respond_by)}</dt>
                <dd>{short_time(t.deadlines.respond_by)}</dd>
                <dt>{tr!(i18n, task.resolve_by)}</dt>
                <dd>{short_time(t.deadlines.resolve_by)}</dd>
                <dt>{tr!(i18n, task.filed)}</dt>
                <dd>{filed}</dd>
                {complaint}
            </dl>
        </header>
    }
}

/// "Someone changed this task first" and other refusals, kept in view at the bottom
/// of the screen wherever the change was made.
#[component]
fn Notices() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let checklist_refused = move || !editor.missing_items().is_empty();
    view! {
        <div class="toast-area" aria-live="polite">
            <Show when=move || editor.conflict.get()>
                <div class="notice notice-info toast" role="status">
                    <p>{tr!(i18n, tasks.conflict)}</p>
                    <button type="button" class="btn btn-secondary" on:click=move |_| editor.conflict.set(false)>
                        {tr!(i18n, app.close)}
                    </button>
                </div>
            </Show>
            <Show
                when=checklist_refused
                fallback=move || view! { <ErrorNotice error=editor.error /> }
            >
                <div class="notice notice-error toast" role="alert">
                    <p>{tr!(i18n, task.tick_first)}</p>
                </div>
            </Show>
        </div>
    }
}

/// One button per action allowed now; pause, reopen and cancel ask for a reason first.
#[component]
fn ActionBar(
    /// The task shown.
    #[prop(into)]
    task: Signal<Option<Task>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let asking = RwSignal::new(None::<TaskAction>);
    let reason = Draft::new();

    let act = move |action: TaskAction, reason_text: Option<String>| {
        let (Some(id), version) = (editor.id(), editor.version()) else {
            return;
        };
        // Done waits for the required ticks: asked here, so that it holds off the
        // network too (the server checks again).
        let blocked = (action == TaskAction::Done)
            .then(|| task.with_untracked(|t| t.as_ref().and_then(|t| checklist_blocks_done(&t.checklist))))
            .flatten();
        if let Some(fields) = blocked {
            let mut body = ErrorBody::new(ErrorCode::Invalid, "tick the required items first");
            body.fields = fields;
            editor.error.set(Some(ApiError::Api {
                body,
                retry_after: None,
            }));
            return;
        }
        let Some(me) = editor.me() else { return };
        let req = TaskActionRequest {
            version,
            action,
            reason: reason_text,
        };
        editor.change(
            api::act(id, &req),
            move |t| local::step(t, action, version, &me),
            move || {
                asking.set(None);
                reason.clear();
            },
        );
    };
    let tap = move |action: TaskAction| {
        if action.needs_reason() {
            reason.clear();
            asking.set(Some(action));
        } else {
            act(action, None);
        }
    };
    let allowed = move || -> Vec<TaskAction> {
        task.with(|t| {
            t.as_ref()
                .map(|t| {
                    TaskAction::ALL
                        .into_iter()
                        .filter(|a| t.allowed_actions.iter().any(|x| x == a.as_str()))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let buttons = move || {
        allowed()
            .into_iter()
            .map(|action| {
                let class = match action {
                    TaskAction::Cancel => "btn btn-danger-outline btn-big",
                    TaskAction::Pause | TaskAction::Reopen => "btn btn-secondary btn-big",
                    _ => "btn btn-primary btn-big",
                };
                view! {
                    <button
                        type="button"
                        class=class
                        data-action=action.as_str()
                        disabled=editor.pending
                        on:click=move |_| tap(action)
                    >
                        {move || action_name(i18n.get_locale(), action)}
                    </button>
                }
            })
            .collect_view()
    };
    let dialog = move || {
        asking.get().map(|action| {
            let question = match action {
                TaskAction::Pause => tr!(i18n, task.why_pause),
                TaskAction::Reopen => tr!(i18n, task.why_reopen),
                _ => tr!(i18n, task.why_cancel),
            };
            view! {
                <Form
                    class="card reason"
                    attr:role="dialog"
                    attr:aria-label=question
                    on_submit=move |()| {
                        if let Some(text) = reason.take() {
                            act(action, Some(text));
                        }
                    }
                >
                    {reason.area(question, "reason")}
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=editor.pending>
                            {move || action_name(i18n.get_locale(), action)}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| asking.set(None)>
                            {tr!(i18n, app.cancel)}
                        </button>
                    </div>
                </Form>
            }
        })
    };
    view! {
        <div class="actions" role="group" aria-label=tr!(i18n, task.actions)>
            {buttons}
        </div>
        {dialog}
        <p class="hint">
            {move || allowed().is_empty().then(|| td_string!(i18n.get_locale(), task.no_actions))}
        </p>
    }
}
