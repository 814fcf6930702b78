//! `/tasks`, My tasks: the signed-in person's tasks, their department's unassigned
//! pool and the work they filed that waits for their verification; late and urgent
//! first, one big tap for the next step, a search by room, and live updates. Also the
//! tabs and the one-tap step that the department board shares.

use std::time::Duration;

use bellhop_api::live::TaskChanged;
use bellhop_api::people::Role;
use bellhop_api::tasks::{TaskAction, TaskActionRequest, TaskSummary};
use bellhop_api::ErrorCode;
use leptos::prelude::*;
use uuid::Uuid;

use super::cards::TaskCards;
use crate::api::{loader, spawn_pending, ApiError};
use crate::components::restricted::Restricted;
use crate::components::status::{phase_of, ErrorNotice, Loading, Phase};
use crate::features::tasks::api;
use crate::i18n::{tr, trf, type_name, use_i18n};
use crate::live::{use_live, use_now, Live};
use crate::paths::{query_text, Screen};
use crate::session::use_role;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// A page for those who run a department, under the tabs.
#[component]
pub fn DepartmentPage(
    /// Room for the board's columns.
    #[prop(optional)]
    wide: bool,
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <section class="page" class:page-wide=wide>
            <TaskTabs />
            <Restricted allowed=Role::runs_department>
                {children()}
            </Restricted>
        </section>
    }
}

/// A search box for room numbers (filters as the person types).
#[component]
pub fn RoomSearch(
    /// The text typed.
    #[prop(into)]
    value: Signal<String>,
    /// Takes the text as it is typed.
    #[prop(into)]
    on_change: SignalSetter<String>,
    /// The label above the box.
    #[prop(into)]
    label: Signal<String>,
    /// The input's id.
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field search">
            <label for=id>{label}</label>
            <input
                id=id
                type="search"
                inputmode="numeric"
                autocomplete="off"
                placeholder=tr!(i18n, tasks.search_hint)
                prop:value=value
                on:input=move |ev| on_change.set(event_target_value(&ev))
            />
        </div>
    }
}

/// My tasks | Board | Report, for those who run a department.
#[component]
pub fn TaskTabs() -> impl IntoView {
    let i18n = use_i18n();
    let role = use_role();
    view! {
        <Show when=move || role.get().is_some_and(Role::runs_department)>
            <nav class="tabs" aria-label=tr!(i18n, nav.tasks)>
                <A href=Screen::Tasks attr:class="tab" exact=true>
                    {tr!(i18n, tasks.mine)}
                </A>
                <A href=Screen::TaskBoard attr:class="tab">
                    {tr!(i18n, board.tab)}
                </A>
                <A href=Screen::TaskReport attr:class="tab">
                    {tr!(i18n, report.title)}
                </A>
                <Show when=move || role.get().is_some_and(Role::manages_property)>
                    <A href=Screen::TaskTypes attr:class="tab">
                        {tr!(i18n, task_types.tab)}
                    </A>
                </Show>
            </nav>
        </Show>
    }
}

type TaskList = RwSignal<Option<Result<Vec<TaskSummary>, ApiError>>>;

/// The one-tap step of a task card, shared by My tasks and the board.
#[derive(Clone, Copy)]
pub struct QuickSteps {
    /// The list the cards come from; a step's answer updates its card at once.
    list: TaskList,
    /// Loads the list again.
    reload: Callback<()>,
    /// A step is on its way (the buttons wait).
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// Someone else changed the task first; the list was reloaded.
    pub conflict: RwSignal<bool>,
    /// Tasks that just arrived or changed live and are urgent: their cards flash.
    pub fresh: RwSignal<Vec<Uuid>>,
    live: Live,
    /// Opens a task's page.
    open: Callback<Uuid>,
}

impl QuickSteps {
    /// Steps on the cards of `list`, which `reload` loads; it reloads on every live
    /// change too, flashing urgent ones for a while.
    pub fn new(list: TaskList, reload: impl Fn() + Send + Sync + 'static) -> Self {
        let steps = QuickSteps {
            list,
            reload: Callback::new(move |()| reload()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            conflict: RwSignal::new(false),
            fresh: RwSignal::new(Vec::new()),
            live: use_live(),
            open: {
                let navigate = use_navigate();
                Callback::new(move |id: Uuid| navigate(&Screen::Task(id).href(), Default::default()))
            },
        };
        let fresh = steps.fresh;
        steps.live.on_change(move |change: Option<TaskChanged>| {
            if let Some(id) = change.filter(|c| c.urgent).map(|c| c.task_id) {
                fresh.update(|f| f.push(id));
                set_timeout(
                    move || {
                        fresh.try_update(|f| f.retain(|x| *x != id));
                    },
                    Duration::from_secs(10),
                );
            }
            steps.reload.run(());
        });
        steps
    }

    /// Runs `action` on `task`. A task whose checklist must be ticked first opens
    /// instead; a 409 (someone was first) reloads and says so.
    pub fn run(self, (task, action): (TaskSummary, TaskAction)) {
        let open = move || self.open.run(task.id);
        if action == TaskAction::Done && self.live.has_required_checklist(&task) {
            open();
            return;
        }
        let req = TaskActionRequest {
            version: task.version,
            action,
            reason: None,
        };
        spawn_pending(self.busy, async move {
            let result = api::act(task.id, &req).await;
            self.conflict.try_set(false);
            self.error.try_set(None);
            match result {
                // The card shows the next step before the reload answers, so a quick
                // second tap meets the new version, not a 409.
                Ok(changed) => {
                    self.list.try_update(|l| {
                        let tasks = l.as_mut().and_then(|l| l.as_mut().ok());
                        for t in tasks.into_iter().flatten().filter(|t| t.id == changed.summary.id) {
                            *t = changed.summary.clone();
                        }
                    });
                }
                Err(err) if err.code() == Some(ErrorCode::Conflict) => {
                    self.conflict.try_set(true);
                }
                // Required items not ticked (the type changed since): tick them there.
                Err(ApiError::Api { body, .. }) if body.fields.keys().any(|k| k.starts_with("checklist.")) => open(),
                Err(err) => {
                    self.error.try_set(Some(err));
                }
            }
            self.reload.try_run(());
        });
    }

    /// The conflict note and any other refusal.
    pub fn notices(self) -> impl IntoView {
        let i18n = use_i18n();
        view! {
            <Show when=move || self.conflict.get()>
                <div class="notice notice-info" role="status">
                    <p>{tr!(i18n, tasks.conflict)}</p>
                </div>
            </Show>
            <ErrorNotice error=self.error />
        }
    }

    /// Cards for `tasks`, written again when the list, the language or the hotel's
    /// task types change.
    pub fn list(self, tasks: Signal<Vec<TaskSummary>>, now: Signal<i64>) -> impl IntoView {
        let (live, i18n) = (self.live, use_i18n());
        let label_of = Callback::new(move |code: String| {
            let locale = i18n.get_locale();
            let name = live
                .types
                .with(|ts| ts.iter().find(|t| t.code == code).map(|t| t.name.clone()));
            type_name(locale, &code, name.as_deref())
        });
        view! {
            <TaskCards
                tasks=tasks
                now=now
                label_of=label_of
                on_action=Callback::new(move |step| self.run(step))
                busy=self.busy
                fresh=self.fresh
            />
        }
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let now = use_now();
    let list = RwSignal::new(None::<Result<Vec<TaskSummary>, ApiError>>);
    let reload = loader(list, api::my_tasks);
    reload();
    let steps = QuickSteps::new(list, reload);

    let (search, set_search) = query_text("room");
    let shown = Memo::new(move |_| {
        let q = search.with(|s| s.trim().to_lowercase());
        // In the server's order: late first, then urgent.
        list.with(|l| match l {
            Some(Ok(tasks)) => tasks
                .iter()
                .filter(|t| {
                    q.is_empty()
                        || t.room_number.as_deref().is_some_and(|r| r.starts_with(&q))
                        || t.location.as_deref().is_some_and(|l| l.to_lowercase().contains(&q))
                })
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    });

    let phase = phase_of(list);
    let empty = Memo::new(move |_| shown.with(Vec::is_empty));
    let body = move || match phase.get() {
        Phase::Loading => view! { <Loading /> }.into_any(),
        Phase::Failed(err) => {
            view! { <ErrorNotice error=Some(err) on_retry=Callback::new(move |()| reload()) /> }.into_any()
        }
        Phase::Ready if empty.get() => {
            let q = search.get();
            let text = if q.trim().is_empty() {
                tr!(i18n, tasks.empty)
            } else {
                trf!(i18n, tasks.empty_room, room = q.trim().to_owned())
            };
            view! { <p class="empty">{text}</p> }.into_any()
        }
        Phase::Ready => steps.list(shown.into(), now).into_any(),
    };

    view! {
        <section class="page">
            <TaskTabs />
            <div class="toolbar">
                <h1>{tr!(i18n, tasks.mine)}</h1>
                <A href=Screen::NewTask attr:class="btn btn-primary btn-big">
                    {tr!(i18n, tasks.new)}
                </A>
            </div>
            <RoomSearch value=search on_change=set_search label=tr!(i18n, tasks.search) id="f-room-search" />
            {steps.notices()}
            {body}
        </section>
    }
}
