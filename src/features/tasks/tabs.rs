//! The frame of the pages for those who run a department: the tab row (My tasks,
//! Board, Report, Types & deadlines) and the room search My tasks and the board share.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::restricted::may_open;
use crate::i18n::{tr, use_i18n};
use crate::paths::Screen;

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
            {children()}
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
    let runs_department = may_open(Screen::TaskBoard);
    let edits_types = may_open(Screen::TaskTypes);
    view! {
        <Show when=move || runs_department.get()>
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
                <Show when=move || edits_types.get()>
                    <A href=Screen::TaskTypes attr:class="tab">
                        {tr!(i18n, task_types.tab)}
                    </A>
                </Show>
            </nav>
        </Show>
    }
}
