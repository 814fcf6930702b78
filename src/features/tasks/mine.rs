//! `/tasks`, My tasks: the signed-in person's tasks, their department's unassigned
//! pool and the work they filed that waits for their verification; late and urgent
//! first, one big tap for the next step, a search by room, and live updates.

use leptos::prelude::*;
use leptos_router::components::A;

use super::steps::QuickSteps;
use super::tabs::{RoomSearch, TaskTabs};
use crate::components::status::{phase_of, Loaded};
use crate::data::Data;
use crate::features::tasks::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::live::use_now;
use crate::paths::{query_text, Screen};

#[component]
pub fn TasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let now = use_now();
    let list = Data::new(api::my_tasks);
    let steps = QuickSteps::new(list);

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

    let empty = Memo::new(move |_| shown.with(Vec::is_empty));
    let body = move || {
        if empty.get() {
            let q = search.get();
            let text = if q.trim().is_empty() {
                tr!(i18n, tasks.empty)
            } else {
                trf!(i18n, tasks.empty_room, room = q.trim().to_owned())
            };
            view! { <p class="empty">{text}</p> }.into_any()
        } else {
            steps.list(shown.into(), now).into_any()
        }
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
            <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
                {body}
            </Loaded>
        </section>
    }
}
