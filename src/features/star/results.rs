//! A closed month's star with colleagues' reasons and how the blend works, the close of
//! the count by a manager, and the wall of past stars.

use bellhop_api::star::{StarResults, StarWinner};
use leptos::prelude::*;

use super::with_month;
use crate::components::button::Button;
use crate::components::icon::{Icon, IconKind};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::star::api;
use crate::i18n::{department_name, month_label, td_string, tr, trf, use_i18n};
use crate::paths::Screen;
use crate::session::use_auth;
use leptos_router::components::A;

#[component]
pub fn Results(
    /// The closed month to show; nothing while `None`.
    #[prop(into)]
    month: Signal<Option<String>>,
) -> impl IntoView {
    let results = Data::new(move || {
        let month = month.get();
        async move {
            match month {
                Some(month) => api::star_results(&month).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let shown = move || {
        results
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|r| view! { <Announcement results=r /> })
    };
    view! {
        <Show when=move || month.with(Option::is_some)>
            <Loaded phase=phase_of(results) retry=move |()| results.refetch()>
                {shown}
            </Loaded>
        </Show>
    }
}

#[component]
fn Announcement(results: StarResults) -> impl IntoView {
    let i18n = use_i18n();
    let title = with_month(i18n, |l| td_string!(l, star.results_title), results.month.clone());
    let (votes, compliments) = (results.my_votes, results.my_compliments);
    let departments = (!results.department_stars.is_empty()).then(|| {
        let stars = results.department_stars.clone();
        view! {
            <h3>{tr!(i18n, star.department_stars)}</h3>
            <ul class="rows department-stars">
                {stars.into_iter().map(|s| view! { <li class="row-card"><Winner star=s big=false /></li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <div class="card star-results">
            <h2>{title}</h2>
            {match results.winner {
                Some(star) => view! { <Winner star=star big=true /> }.into_any(),
                None => view! { <p class="empty">{tr!(i18n, star.no_winner)}</p> }.into_any(),
            }}
            <p class="my-counts">{trf!(i18n, star.my_counts, votes = votes, compliments = compliments)}</p>
            {departments}
            <Formula weights=results.weights />
        </div>
    }
}

/// A star: the name, the department, and what colleagues said (without names).
#[component]
fn Winner(star: StarWinner, big: bool) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let department = move || {
        let id = star.department_id?;
        auth.departments.with(|ds| {
            ds.iter()
                .find(|d| d.id == id)
                .map(|d| department_name(i18n.get_locale(), d))
        })
    };
    let reasons = star.reasons.clone();
    view! {
        <div class="star-winner" class:big=big>
            <span class="star-badge"><Icon kind=IconKind::Star /></span>
            <p class="star-name">{star.display_name.clone()}</p>
            <p class="star-department">{department}</p>
            {(!reasons.is_empty()).then(|| view! {
                <div class="reasons">
                    <p class="hint">{tr!(i18n, star.reasons_note)}</p>
                    {reasons.into_iter().map(|r| view! { <blockquote>{r}</blockquote> }).collect_view()}
                </div>
            })}
        </div>
    }
}

/// The blend explained, with the month's weights as one stacked bar.
#[component]
fn Formula(weights: bellhop_api::star::Weights) -> impl IntoView {
    let i18n = use_i18n();
    let total = (weights.peer + weights.guest + weights.skills).max(1);
    let part = |value: u32, class: &'static str| {
        let width = format!("width: {}%", value * 100 / total);
        (value > 0).then(|| view! { <span class=class style=width></span> })
    };
    view! {
        <details class="formula">
            <summary>{tr!(i18n, star.formula_title)}</summary>
            <div class="weights-bar" aria-hidden="true">
                {part(weights.peer, "w-peer")}
                {part(weights.guest, "w-guest")}
                {part(weights.skills, "w-skills")}
            </div>
            <ul class="formula-list">
                <li class="w-peer">{trf!(i18n, star.formula_peer, pct = weights.peer)}</li>
                <li class="w-guest">{trf!(i18n, star.formula_guest, pct = weights.guest)}</li>
                <li class="w-skills">{trf!(i18n, star.formula_skills, pct = weights.skills)}</li>
            </ul>
            <p class="hint">{tr!(i18n, star.formula_ties)}</p>
        </details>
    }
}

/// For managers, once a month's voting days are over: count and announce, after a
/// second tap (ballots can no longer change).
#[component]
pub fn CloseCount(
    /// `YYYY-MM`.
    month: String,
    /// Called once the star is announced.
    on_closed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asked = RwSignal::new(false);
    let title = with_month(i18n, |l| td_string!(l, star.close_title), month.clone());
    let close = Call::new(move || {
        let month = month.clone();
        async move {
            match api::close_star(&month).await {
                Ok(_) => {
                    on_closed.try_run(());
                    Ok(())
                }
                Err(err) => {
                    asked.set(false);
                    Err(err)
                }
            }
        }
    });
    view! {
        <div class="card close-count">
            <h2>{title}</h2>
            <p>{tr!(i18n, star.close_hint)}</p>
            <ErrorNotice error=close.error />
            {move || {
                if asked.get() {
                    view! {
                        <div class="form-actions">
                            <Button label=tr!(i18n, star.close_confirm) call=close class="btn btn-primary btn-big" />
                            <button type="button" class="btn btn-secondary btn-big" on:click=move |_| asked.set(false)>
                                {tr!(i18n, star.not_yet)}
                            </button>
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <button type="button" class="btn btn-primary btn-big" on:click=move |_| asked.set(true)>
                            {tr!(i18n, star.close_button)}
                        </button>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

/// Every past star, newest first; each month opens its results.
#[component]
pub fn Wall(
    /// The latest month with results: the wall loads again when a count closes.
    #[prop(into)]
    latest: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let wall = Data::new(move || {
        latest.track();
        api::star_wall()
    });
    let entries = move || {
        wall.get().and_then(Result::ok).map(|list| {
            if list.is_empty() {
                return view! { <p class="empty">{tr!(i18n, star.wall_empty)}</p> }.into_any();
            }
            view! {
            <ul class="wall">
                {list
                    .into_iter()
                    .map(|e| {
                        let month = e.month.clone();
                        view! {
                            <li>
                                <A href=Screen::StarMonth(e.month.clone()) attr:class="wall-entry">
                                    <span class="star-badge small"><Icon kind=IconKind::Star /></span>
                                    <span class="wall-month">{move || month_label(i18n.get_locale(), &month)}</span>
                                    <span class="wall-name">{e.display_name}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            }
            .into_any()
        })
    };
    view! {
        <section class="card star-wall">
            <h2>{tr!(i18n, star.wall_title)}</h2>
            <Loaded phase=phase_of(wall) retry=move |()| wall.refetch()>
                {entries}
            </Loaded>
        </section>
    }
}
