//! `/audits/report` (managers): a month of audits — done against planned and the
//! target, averages by area, department and section, the twelve-month trend, the
//! items failed most and the results per staff member, with a CSV download.

use bellhop_api::audit_wire::{AuditReport, MonthQuery, ScoreGroup};
use leptos::prelude::*;

use super::manage::this_month;
use super::{percent, BackLink};
use crate::components::status::{phase_of, Loaded};
use crate::components::tile::Tile;
use crate::data::Data;
use crate::features::audits::api;
use crate::i18n::{month_label, tr, use_i18n};
use crate::paths::query_filter;

#[component]
pub fn AuditReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let (picked, set_month) = query_filter::<String>("month");
    let month = Signal::derive(move || picked.get().filter(|m| m.len() == 7).unwrap_or_else(this_month));
    let query = Memo::new(move |_| MonthQuery {
        month: Some(month.get()),
    });
    let report = Data::new(move || {
        let q = query.get();
        async move { api::audit_report(&q).await }
    });
    let body = move || {
        report
            .get()
            .and_then(Result::ok)
            .map(|r| view! { <ReportBody report=r /> })
    };
    view! {
        <section class="page audit-report">
            <BackLink />
            <div class="toolbar">
                <h1>{tr!(i18n, audits.report_title)}</h1>
                <a class="btn btn-secondary" href=move || api::audit_report_csv(&query.get()) download="audits-report.csv">
                    {tr!(i18n, report.csv)}
                </a>
            </div>
            <div class="filters">
                <div class="field">
                    <label for="f-month">{tr!(i18n, audits.month)}</label>
                    <input
                        id="f-month"
                        type="month"
                        prop:value=month
                        on:change=move |ev| {
                            let m = event_target_value(&ev);
                            if m.len() == 7 {
                                set_month.set(Some(m));
                            }
                        }
                    />
                </div>
            </div>
            <Loaded phase=phase_of(report) retry=move |()| report.refetch()>
                {body}
            </Loaded>
        </section>
    }
}

#[component]
fn ReportBody(
    /// The server's numbers.
    report: AuditReport,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = report;
    let staff_rows = r
        .by_staff
        .iter()
        .map(|s| {
            view! {
                <tr>
                    <td>{s.name.clone()}</td>
                    <td class="num">{s.audits}</td>
                    <td class="num">{s.passed}</td>
                    <td class="num">{percent(s.average)}</td>
                </tr>
            }
        })
        .collect_view();
    let failed_rows = r
        .most_failed
        .iter()
        .map(|f| {
            view! {
                <tr>
                    <td>
                        {f.text.clone()}
                        {f.critical.then(|| view! { " " <span class="pill pill-urgent">{tr!(i18n, audits.critical)}</span> })}
                    </td>
                    <td>{f.template_name.clone()}</td>
                    <td class="num">{f.failures}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="tiles">
            <Tile label=tr!(i18n, audits.done_planned) value=format!("{} / {}", r.done, r.planned) />
            <Tile label=tr!(i18n, audits.target) value=r.target.to_string() />
            <Tile label=tr!(i18n, audits.passed) value=r.passed.to_string() />
            <Tile label=tr!(i18n, audits.average) value=percent(r.average) />
        </div>
        <section class="card">
            <h2>{tr!(i18n, audits.trend)}</h2>
            <Trend months=r.trend.clone() />
        </section>
        <Groups title=tr!(i18n, audits.by_area) groups=r.by_area.clone() />
        <Groups title=tr!(i18n, audits.by_department) groups=r.by_department.clone() />
        <Groups title=tr!(i18n, audits.by_section) groups=r.by_section.clone() />
        <section class="card table-card">
            <h2>{tr!(i18n, audits.most_failed)}</h2>
            <div class="table-scroll">
                <table class="report">
                    <thead>
                        <tr>
                            <th>{tr!(i18n, audits.item)}</th>
                            <th>{tr!(i18n, audits.template)}</th>
                            <th class="num">{tr!(i18n, audits.failures)}</th>
                        </tr>
                    </thead>
                    <tbody>{failed_rows}</tbody>
                </table>
            </div>
        </section>
        <section class="card table-card">
            <h2>{tr!(i18n, audits.by_staff)}</h2>
            <div class="table-scroll">
                <table class="report">
                    <thead>
                        <tr>
                            <th>{tr!(i18n, audits.staff_member)}</th>
                            <th class="num">{tr!(i18n, audits.audits)}</th>
                            <th class="num">{tr!(i18n, audits.passed)}</th>
                            <th class="num">{tr!(i18n, audits.average)}</th>
                        </tr>
                    </thead>
                    <tbody>{staff_rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Averages of one grouping as a table.
#[component]
fn Groups(
    /// The heading.
    #[prop(into)]
    title: Signal<String>,
    /// The lines.
    groups: Vec<ScoreGroup>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = groups
        .into_iter()
        .map(|g| {
            view! {
                <tr>
                    <td>{g.label}</td>
                    <td class="num">{g.audits}</td>
                    <td class="num">{percent(g.average)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card table-card">
            <h2>{title}</h2>
            <div class="table-scroll">
                <table class="report">
                    <thead>
                        <tr>
                            <th></th>
                            <th class="num">{tr!(i18n, audits.audits)}</th>
                            <th class="num">{tr!(i18n, audits.average)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The monthly average score as bars on a 0–100 scale, inline SVG (no chart library).
#[component]
fn Trend(
    /// Twelve months, oldest first; `key` is `YYYY-MM`.
    months: Vec<ScoreGroup>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Whole units: integer attributes need no float formatting code.
    const W: u32 = 640;
    const H: u32 = 220;
    const LEFT: u32 = 40;
    const TOP: u32 = 16;
    const PLOT: u32 = H - TOP - 28;
    let n = u32::try_from(months.len()).unwrap_or(1).max(1);
    let slot = (W - LEFT) / n;
    let bar = (slot * 60 / 100).clamp(1, 36);
    let bars = months
        .into_iter()
        .zip(0u32..)
        .map(|(m, i)| {
            let x = LEFT + slot * i + (slot - bar) / 2;
            let h = PLOT * m.average.unwrap_or(0.0).clamp(0.0, 100.0).round() as u32 / 100;
            let label = m.key.get(5..).unwrap_or(&m.key).to_owned();
            let title = move || format!("{}: {}", month_label(i18n.get_locale(), &m.key), percent(m.average));
            view! {
                <g>
                    <rect class="bar-done" x=x y=TOP + PLOT - h width=bar height=h>
                        <title>{title}</title>
                    </rect>
                    <text x=x + bar / 2 class="axis" y=H - 6 text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=tr!(i18n, audits.trend)>
            <line class="grid" x1=LEFT y1=TOP x2=W y2=TOP />
            <line class="grid" x1=LEFT y1=TOP + PLOT / 2 x2=W y2=TOP + PLOT / 2 />
            <line class="grid" x1=LEFT y1=TOP + PLOT x2=W y2=TOP + PLOT />
            <text class="axis" x=LEFT - 4 y=TOP + 4 text-anchor="end">"100"</text>
            <text class="axis" x=LEFT - 4 y=TOP + PLOT / 2 + 4 text-anchor="end">"50"</text>
            <text class="axis" x=LEFT - 4 y=TOP + PLOT + 4 text-anchor="end">"0"</text>
            {bars}
        </svg>
    }
}
