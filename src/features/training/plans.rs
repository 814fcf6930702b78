//! `/training/plans` (managers): the onboarding plans by name, a page at a time, each
//! with its days and how many people follow it; and the way to a new one.

use leptos::prelude::*;

use super::to_training;
use crate::components::paging::{page_window, Pages, ShowMore};
use crate::components::sub_page::SubPage;
use crate::features::training::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::paths::Screen;
use leptos_router::components::A;

#[component]
pub fn PlansPage() -> impl IntoView {
    view! {
        <SubPage class="training-plans" back=to_training()>
            <Plans />
        </SubPage>
    }
}

#[component]
fn Plans() -> impl IntoView {
    let i18n = use_i18n();
    let pages = Pages::new(|offset| async move { api::plans(&page_window(offset)).await });
    pages.reload();
    let rows = move || {
        pages
            .rows
            .get()
            .into_iter()
            .map(|p| {
                let days = p
                    .steps
                    .iter()
                    .map(|s| s.day.to_string())
                    .collect::<Vec<_>>()
                    .join(" / ");
                let people = p.members.len();
                view! {
                    <li class="plan-row" data-plan=p.id.to_string()>
                        <A href=Screen::TrainingPlan(p.id) attr:class="row-link">
                            <span class="row-title">{p.name}</span>
                            <span class="hint">
                                {trf!(i18n, training.plan_days, days = days)}
                                " · "
                                {trf!(i18n, training.plan_people, n = people)}
                            </span>
                        </A>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, training.plans_title)}</h1>
            <A href=Screen::TrainingNewPlan attr:class="btn btn-primary new-plan">
                {tr!(i18n, training.new_plan)}
            </A>
        </div>
        <p class="lead">{tr!(i18n, training.plans_intro)}</p>
        <Show when=move || pages.ready() && pages.rows.with(Vec::is_empty)>
            <p class="empty">{tr!(i18n, training.no_plans)}</p>
        </Show>
        <ul class="card row-list plan-list">{rows}</ul>
        <ShowMore pages=pages />
    }
}
