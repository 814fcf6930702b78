//! A long list of task cards, written as markup in one go and then kept current only
//! where it moves: the countdowns on every tick, the flash of tasks that just came in,
//! the buttons while a step is on its way. One click handler serves the whole list.

use bellhop_api::tasks::{TaskAction, TaskSummary};
use leptos::html::Ul;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use uuid::Uuid;
use web_sys::{Element, MouseEvent};

use super::card::{deadline_text, push_card, CardLook};
use crate::i18n::use_i18n;

#[component]
pub fn TaskCards(
    /// The tasks, in the order shown.
    #[prop(into)]
    tasks: Signal<Vec<TaskSummary>>,
    /// The time in ms, for the countdowns.
    #[prop(into)]
    now: Signal<i64>,
    /// A task type's name as shown, from its code; the list is written again when what
    /// it reads changes.
    label_of: Callback<String, String>,
    /// Called with the task and the action of its big button.
    on_action: Callback<(TaskSummary, TaskAction)>,
    /// Disables the buttons while a step is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Tasks that just arrived or changed live: their cards flash.
    #[prop(into)]
    fresh: Signal<Vec<Uuid>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = NodeRef::<Ul>::new();

    let markup = Memo::new(move |_| {
        let locale = i18n.get_locale();
        let (now_ms, busy, fresh) = (now.get_untracked(), busy.get_untracked(), fresh.get_untracked());
        tasks.with(|tasks| {
            let mut labels: Vec<(&str, String)> = Vec::new();
            let mut out = String::with_capacity(tasks.len() * 800);
            for task in tasks {
                let code = task.type_code.as_str();
                if !labels.iter().any(|(c, _)| *c == code) {
                    labels.push((code, label_of.run(code.to_owned())));
                }
                let type_label = labels.iter().find(|(c, _)| *c == code).map_or("", |(_, l)| l.as_str());
                let look = CardLook {
                    locale,
                    type_label,
                    now_ms,
                    busy,
                    fresh: fresh.contains(&task.id),
                };
                push_card(&mut out, task, &look);
            }
            out
        })
    });

    // The markup is written with the state of the moment; these follow its changes.
    Effect::new(move |drawn: Option<()>| {
        let (now_ms, locale) = (now.get(), i18n.locale_now());
        if drawn.is_some() {
            each_card(list, tasks, |card, task| {
                let (text, late) = deadline_text(locale, task, now_ms);
                let _ = card.class_list().toggle_with_force("late", late);
                if let Ok(Some(due)) = card.query_selector(".task-due") {
                    due.set_text_content(Some(&text));
                    let _ = due.class_list().toggle_with_force("late", late);
                }
            });
        }
    });
    Effect::new(move |before: Option<Vec<Uuid>>| {
        let now_fresh = fresh.get();
        if let Some(before) = before {
            each_card(list, tasks, |card, task| {
                if before.contains(&task.id) != now_fresh.contains(&task.id) {
                    let _ = card
                        .class_list()
                        .toggle_with_force("flash", now_fresh.contains(&task.id));
                }
            });
        }
        now_fresh
    });
    Effect::new(move |drawn: Option<()>| {
        let busy = busy.get();
        if drawn.is_some() {
            each_card(list, tasks, |card, _| {
                if let Ok(Some(button)) = card.query_selector("button.task-next") {
                    let _ = button.toggle_attribute_with_force("disabled", busy);
                }
            });
        }
    });

    // The big button runs its step; the rest of the card is a link the router follows.
    let on_click = move |ev: MouseEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let closest = |selector: &str| target.closest(selector).ok().flatten();
        let id = closest("li.task-card")
            .and_then(|card| card.get_attribute("data-task"))
            .and_then(|id| Uuid::parse_str(&id).ok());
        let Some(task) = id.and_then(|id| tasks.with_untracked(|ts| ts.iter().find(|t| t.id == id).cloned())) else {
            return;
        };
        if let Some(button) = closest("button.task-next") {
            let action = button.get_attribute("data-action");
            if let Some(action) = TaskAction::ALL
                .into_iter()
                .find(|a| action.as_deref() == Some(a.as_str()))
            {
                on_action.run((task, action));
            }
        }
    };

    view! { <ul class="task-list" node_ref=list inner_html=markup on:click=on_click></ul> }
}

/// Runs `change` on each card as drawn, with its task. Cards of an older list are left
/// alone: the new list's markup is on its way.
fn each_card(list: NodeRef<Ul>, tasks: Signal<Vec<TaskSummary>>, mut change: impl FnMut(&Element, &TaskSummary)) {
    let Some(ul) = list.get_untracked() else { return };
    let cards = ul.children();
    tasks.with_untracked(|tasks| {
        for (i, task) in tasks.iter().enumerate() {
            let Some(card) = cards.item(i as u32) else { return };
            if card
                .get_attribute("data-task")
                .is_some_and(|id| id == task.id.to_string())
            {
                change(&card, task);
            }
        }
    });
}
