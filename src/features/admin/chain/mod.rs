//! The chain's pages, for chain admins: the chain view (`/admin/chain`, each hotel's
//! figures side by side with a bar chart and CSV), its hotels (`hotels.rs`) and people's
//! roles in hotels other than their own (`people.rs`).

mod hotels;
mod people;

use bellhop_api::audit_wire::MonthQuery;
use bellhop_api::chain::HotelFigures;
use leptos::prelude::*;

use crate::components::status::{phase_of, Loaded};
use crate::data::Data;
use crate::features::admin::{api, AdminTabs};
use crate::i18n::{tr, use_i18n};
use crate::paths::query_filter;

pub use hotels::HotelsPage;
pub use people::ChainPeoplePage;

#[component]
pub fn ChainPage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <Figures />
        </section>
    }
}

/// `87.5 %`, or a dash without a whole to take a share of.
fn pct(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1} %"))
}

#[component]
fn Figures() -> impl IntoView {
    let i18n = use_i18n();
    let (month, set_month) = query_filter::<String>("month");
    let query = Memo::new(move |_| MonthQuery { month: month.get() });
    let figures = Data::new(move || {
        let q = query.get();
        async move { api::chain_figures(&q).await }
    });
    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, chain.title)}</h1>
            <a
                class="btn btn-secondary"
                href=move || api::chain_figures_csv(&query.get())
                download="chain-figures.csv"
            >
                {tr!(i18n, chain.csv)}
            </a>
        </div>
        <p class="hint">{tr!(i18n, chain.about)}</p>
        <div class="filters">
            <div class="field">
                <label for="f-chain-month">{tr!(i18n, chain.month)}</label>
                <input
                    id="f-chain-month"
                    type="month"
                    prop:value=move || month.get().unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_month.set((!v.is_empty()).then_some(v));
                    }
                />
            </div>
        </div>
        <Loaded phase=phase_of(figures) retry=move |()| figures.refetch()>
            {move || {
                figures
                    .get()
                    .and_then(Result::ok)
                    .map(|f| {
                        if f.hotels.is_empty() {
                            view! { <p class="empty">{tr!(i18n, chain.empty)}</p> }.into_any()
                        } else {
                            view! {
                                <OnTimeChart hotels=f.hotels.clone() />
                                <FiguresTable hotels=f.hotels />
                            }
                                .into_any()
                        }
                    })
            }}
        </Loaded>
    }
}

/// Tasks on time per hotel as horizontal bars, 0–100 %.
#[component]
fn OnTimeChart(
    /// The hotels, in the order listed.
    hotels: Vec<HotelFigures>,
) -> impl IntoView {
    let i18n = use_i18n();
    const ROW: usize = 36;
    let height = ROW * hotels.len();
    let bars = hotels
        .iter()
        .enumerate()
        .map(|(n, h)| {
            let y = n * ROW;
            let share = h.on_time_pct();
            let width = share.unwrap_or(0.0).clamp(0.0, 100.0) * 3.0;
            view! {
                <text x="0" y=y + 23 class="chart-label">{h.name.clone()}</text>
                <rect x="200" y=y + 6 width=width height="24" rx="4" class="chart-bar" />
                <text x=210.0 + width y=y + 23 class="chart-value">{pct(share)}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="card chain-chart">
            <figcaption>{tr!(i18n, chain.on_time)}</figcaption>
            <svg
                class="chart"
                viewBox=format!("0 0 600 {height}")
                role="img"
                aria-label=move || tr!(i18n, chain.on_time).get()
            >
                {bars}
            </svg>
        </figure>
    }
}

#[component]
fn FiguresTable(
    /// The hotels, in the order listed.
    hotels: Vec<HotelFigures>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = hotels
        .into_iter()
        .map(|h| {
            let star = h
                .star
                .as_ref()
                .map_or_else(|| "–".to_owned(), |s| format!("{} ({})", s.display_name, s.month));
            view! {
                <tr data-hotel=h.property_id.to_string()>
                    <th scope="row">{h.name.clone()}</th>
                    <td>{pct(h.on_time_pct())}</td>
                    <td>{pct(h.complaints_closed_pct())}</td>
                    <td>{format!("{} / {}", h.audits_done, h.audits_target)}</td>
                    <td>{h.audit_average.map_or_else(|| "–".to_owned(), |a| format!("{a:.1}"))}</td>
                    <td>{pct(h.training_coverage_pct())}</td>
                    <td>{pct(h.training_pass_pct())}</td>
                    <td>{star}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="report chain-table">
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, chain.hotel)}</th>
                        <th scope="col">{tr!(i18n, chain.on_time)}</th>
                        <th scope="col">{tr!(i18n, chain.complaints_24h)}</th>
                        <th scope="col">{tr!(i18n, chain.audits)}</th>
                        <th scope="col">{tr!(i18n, chain.audit_average)}</th>
                        <th scope="col">{tr!(i18n, chain.coverage)}</th>
                        <th scope="col">{tr!(i18n, chain.pass_rate)}</th>
                        <th scope="col">{tr!(i18n, chain.star)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
