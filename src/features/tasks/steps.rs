//! The one-tap step of a task card, shared by My tasks and the board.

use std::time::Duration;

use bellhop_api::live::TaskChanged;
use bellhop_api::tasks::{Task, TaskAction, TaskActionRequest, TaskSummary};
use bellhop_api::ErrorCode;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use super::cards::TaskCards;
use crate::api::{decode, ApiError};
use crate::components::status::ErrorNotice;
use crate::data::{Call, Data};
use crate::features::tasks::api;
use crate::i18n::{tr, type_name, use_i18n};
use crate::live::{use_live, Live};
use crate::offline::{use_outbox, Outbox, Outcome};
use crate::paths::Screen;

type TaskList = Data<Vec<TaskSummary>>;

/// The one-tap step of a task card, shared by My tasks and the board.
#[derive(Clone, Copy)]
pub struct QuickSteps {
    /// The list the cards come from; a step's answer updates its card at once.
    list: TaskList,
    /// The step on its way (the buttons wait) and its refusal.
    step: Call,
    /// Someone else changed the task first; the list was reloaded.
    pub conflict: RwSignal<bool>,
    /// Tasks that just arrived or changed live and are urgent: their cards flash.
    pub fresh: RwSignal<Vec<Uuid>>,
    live: Live,
    outbox: Outbox,
    /// Opens a task's page.
    open: Callback<Uuid>,
}

impl QuickSteps {
    /// Steps on the cards of `list`; it reloads on every live change too, flashing
    /// urgent ones for a while.
    pub fn new(list: TaskList) -> Self {
        let steps = QuickSteps {
            list,
            step: Call::each(),
            conflict: RwSignal::new(false),
            fresh: RwSignal::new(Vec::new()),
            live: use_live(),
            outbox: use_outbox(),
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
            list.refetch();
        });
        // A step sent later, or refused, shows as the server has it.
        let settled = steps.outbox.settled;
        Effect::new(move |_| {
            if settled.with(|s| s.as_ref().is_some_and(|s| s.object.starts_with("task/"))) {
                list.refetch();
            }
        });
        steps
    }

    /// Runs `action` on `task`. A task whose checklist must be ticked first opens
    /// instead; a 409 (someone was first) reloads and says so.
    pub fn run(self, (task, action): (TaskSummary, TaskAction)) {
        let open = move || self.open.try_run(task.id);
        if action == TaskAction::Done && self.live.has_required_checklist(&task) {
            open();
            return;
        }
        let version = self.outbox.version_for(&api::object(task.id), task.version);
        let req = TaskActionRequest {
            version,
            action,
            reason: None,
        };
        self.step.run(async move {
            let outcome = self.outbox.submit(api::act(task.id, &req)).await;
            self.conflict.try_set(false);
            // The card shows the next step before the reload answers (or, off the
            // network, before the step is sent), so a quick second tap meets the new
            // version, not a 409.
            let queued = matches!(outcome, Outcome::Queued);
            let changed = match outcome {
                Outcome::Answered(answer) => decode::<Task>(&answer).ok().map(|t| t.summary),
                Outcome::Queued => action.next_status(task.status).map(|status| TaskSummary {
                    status,
                    version: version + 1,
                    ..task.clone()
                }),
                Outcome::Refused(err) if err.code() == Some(ErrorCode::Conflict) => {
                    self.conflict.try_set(true);
                    None
                }
                // Required items not ticked (the type changed since): tick them there.
                Outcome::Refused(ApiError::Api { body, .. })
                    if body.fields.keys().any(|k| k.starts_with("checklist.")) =>
                {
                    open();
                    None
                }
                Outcome::Refused(err) => return Err(err),
            };
            if let Some(changed) = changed {
                self.list.update(|tasks| {
                    for t in tasks.iter_mut().filter(|t| t.id == changed.id) {
                        *t = changed.clone();
                    }
                });
            }
            // Off the network a reload would bring back the copy read before the step.
            if !queued {
                self.list.refetch();
            }
            Ok(())
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
            <ErrorNotice error=self.step.error />
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
                busy=self.step.pending()
                fresh=self.fresh
            />
        }
    }
}
