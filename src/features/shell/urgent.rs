//! "New urgent task: room 1208" on every page when an urgent task arrives for the
//! person or their department's pool, until it is opened, dismissed or taken.

use bellhop_api::tasks::TaskStatus;
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos_router::components::A;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{send, url, Result};
use crate::i18n::{tr, trf, use_i18n};
use crate::live::use_live;
use crate::paths::Screen;
use crate::session::use_auth;

/// What the banner reads of a task (`GET /tasks/{id}`, the rest of the answer
/// unread): every section's app carries the banner, and reading the whole task would
/// put its history, checklist and comments' reader into each of them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Arrival {
    id: Uuid,
    title: String,
    room_number: Option<String>,
    location: Option<String>,
    status: TaskStatus,
    assignee_id: Option<Uuid>,
    created_by: Uuid,
}

impl Arrival {
    /// The task still waits for `me`: nobody has taken it, or it is given to me and
    /// not yet accepted.
    fn waits_for(&self, me: Uuid) -> bool {
        self.status == TaskStatus::New && self.assignee_id.is_none_or(|a| a == me)
    }
}

async fn arrival(id: Uuid) -> Result<Arrival> {
    send(Request::get(&url(&format!("/tasks/{id}")))).await
}

#[component]
pub fn UrgentBanner() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let live = use_live();
    let shown = RwSignal::new(None::<Arrival>);
    // Each task is announced once, however often it changes afterwards.
    let announced = StoredValue::new(Vec::<Uuid>::new());
    // Every urgent arrival is looked up, each to the end: a second one arriving meanwhile
    // is announced too.
    let announce = Action::new_local(move |&(id, me): &(Uuid, Uuid)| async move {
        let Ok(task) = arrival(id).await else {
            return;
        };
        let first = announced.try_update_value(|a| {
            let first = !a.contains(&task.id);
            a.push(task.id);
            first
        });
        if task.waits_for(me) && task.created_by != me && first == Some(true) {
            shown.try_set(Some(task));
        }
    });
    // The banner goes once its task has moved on: accepted (by anyone), handed to
    // someone else, cancelled.
    let recheck = Action::new_local(move |&(id, me): &(Uuid, Uuid)| async move {
        let Ok(task) = arrival(id).await else {
            return;
        };
        if !task.waits_for(me) {
            shown.try_update(|s| {
                if s.as_ref().is_some_and(|s| s.id == id) {
                    *s = None;
                }
            });
        }
    });
    live.on_change(move |change| {
        let me = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| (s.user.id, s.user.department_id)));
        let (Some(change), Some((me, department))) = (change, me) else {
            return;
        };
        if shown.with_untracked(|s| s.as_ref().is_some_and(|t| t.id == change.task_id)) {
            recheck.dispatch_local((change.task_id, me));
        }
        let mine = department == Some(change.department_id);
        if !change.urgent || !mine || announced.with_value(|a| a.contains(&change.task_id)) {
            return;
        }
        announce.dispatch_local((change.task_id, me));
    });
    move || {
        shown.get().map(|t| {
            let text = match (t.room_number.clone(), t.location.clone()) {
                (Some(room), _) => trf!(i18n, live.urgent_room, room = room, title = t.title),
                (None, place) => {
                    let place = place.unwrap_or_default();
                    trf!(i18n, live.urgent_place, place = place, title = t.title)
                }
            };
            view! {
                <div class="urgent-banner" role="alert">
                    <p>{text}</p>
                    <A href=Screen::Task(t.id) on:click=move |_| shown.set(None) attr:class="btn btn-light">
                        {tr!(i18n, live.open)}
                    </A>
                    <button type="button" class="btn btn-ghost" on:click=move |_| shown.set(None)>
                        {tr!(i18n, live.dismiss)}
                    </button>
                </div>
            }
        })
    }
}
