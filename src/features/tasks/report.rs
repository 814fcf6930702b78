//! `/tasks/report` (supervisors: their department; managers: any or all): tasks
//! created and done per day or week as a bar chart, the times to accept and to
//! complete (median, 90th percentile), share on time, complaints closed within 24 h
//! and what is overdue now, with the same numbers as a CSV download.

use bellhop_api::tasks::{Bucket, TaskReport, TaskReportQuery, TaskReportRow};
use leptos::prelude::*;
use uuid::Uuid;

use super::tabs::DepartmentPage;
use crate::api::ApiError;
use crate::components::field::DepartmentField;
use crate::components::status::{phase_of, Loaded, Phase};
use crate::components::tile::{tenths, Tile};
use crate::data::Data;
use crate::features::tasks::api;
use crate::i18n::{department_name, field_text, tr, use_i18n};
use crate::paths::query_filter;
use crate::session::use_auth;

const DAY_MS: f64 = 86_400_000.0;

/// Noon of a `YYYY-MM-DD` day in the browser's time zone (noon: a daylight-saving
/// change never moves it to another day).
fn noon(day: &str) -> Option<js_sys::Date> {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    Some(js_sys::Date::new_with_year_month_day_hr_min_sec(
        u32::try_from(y).ok()?,
        m - 1,
        d,
        12,
        0,
        0,
    ))
}

fn iso(d: &js_sys::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// The hotel's today minus `days`, as `YYYY-MM-DD`.
fn days_ago(days: u32) -> String {
    let today = noon(&crate::clock::now().date()).unwrap_or_else(js_sys::Date::new_0);
    iso(&js_sys::Date::new(
        &(today.get_time() - f64::from(days) * DAY_MS).into(),
    ))
}

/// Every period from `from` to `to` (weeks start on Monday, as the server's do), so
/// quiet days show as empty bars rather than vanish.
fn periods(from: &str, to: &str, bucket: Bucket) -> Vec<String> {
    let (Some(start), Some(end)) = (noon(from), noon(to)) else {
        return Vec::new();
    };
    let mut t = start.get_time();
    let step = match bucket {
        Bucket::Day => 1.0,
        Bucket::Week => {
            t -= f64::from((start.get_day() + 6) % 7) * DAY_MS;
            7.0
        }
    };
    let mut out = Vec::new();
    while t <= end.get_time() && out.len() < 100 {
        out.push(iso(&js_sys::Date::new(&t.into())));
        t += step * DAY_MS;
    }
    out
}

#[component]
pub fn ReportPage() -> impl IntoView {
    view! {
        <DepartmentPage>
            <Report />
        </DepartmentPage>
    }
}

#[component]
fn Report() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let sees_all = auth
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.user.role.manages_property()));
    // Every choice lives in the address: a reload or a shared link shows the same report.
    let (weeks, set_weeks) = query_filter::<String>("bucket");
    let bucket = Signal::derive(move || {
        if weeks.with(|w| w.as_deref() == Some("week")) {
            Bucket::Week
        } else {
            Bucket::Day
        }
    });
    let (picked_from, set_from) = query_filter::<String>("from");
    let (picked_to, set_to) = query_filter::<String>("to");
    // Weeks want a longer look back than the default week of days.
    let from = Signal::derive(move || {
        picked_from
            .get()
            .unwrap_or_else(|| days_ago(if bucket.get() == Bucket::Week { 55 } else { 6 }))
    });
    let to = Signal::derive(move || picked_to.get().unwrap_or_else(|| days_ago(0)));
    let (department, set_department) = query_filter::<Uuid>("department");

    let query = Memo::new(move |_| TaskReportQuery {
        department_id: department.get(),
        from: from.with(|d| d.parse().ok()),
        to: to.with(|d| d.parse().ok()),
        bucket: bucket.get(),
    });
    let report = Data::new(move || {
        let q = query.get();
        async move { api::task_report(&q).await }
    });

    let set_bucket = move |b: Bucket| {
        set_weeks.set((b == Bucket::Week).then(|| "week".to_owned()));
        set_from.set(None);
        set_to.set(None);
    };
    let range_error = move || {
        report.with(|r| match r {
            Some(Err(ApiError::Api { body, .. })) => body.fields.get("from").cloned(),
            _ => None,
        })
    };

    let loaded = phase_of(report);
    // A range the server refuses is said beside the dates, not as a failure.
    let phase = Signal::derive(move || match loaded.get() {
        Phase::Failed(_) if range_error().is_some() => Phase::Ready,
        phase => phase,
    });
    let body = move || {
        report.get().and_then(Result::ok).map(|r| {
            let all = periods(&from.get_untracked(), &to.get_untracked(), r.bucket);
            view! { <ReportBody report=r periods=all by_department=department.get_untracked().is_none() && sees_all /> }
        })
    };

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, report.title)}</h1>
            <a class="btn btn-secondary" href=move || api::task_report_csv(&query.get()) download="tasks-report.csv">
                {tr!(i18n, report.csv)}
            </a>
        </div>
        <div class="filters">
            <div class="field">
                <span class="label">{tr!(i18n, report.group_by)}</span>
                <div class="segments" role="group" aria-label=tr!(i18n, report.group_by)>
                    <button
                        type="button"
                        class="btn btn-segment"
                        aria-pressed=move || (bucket.get() == Bucket::Day).to_string()
                        on:click=move |_| set_bucket(Bucket::Day)
                    >
                        {tr!(i18n, report.by_day)}
                    </button>
                    <button
                        type="button"
                        class="btn btn-segment"
                        aria-pressed=move || (bucket.get() == Bucket::Week).to_string()
                        on:click=move |_| set_bucket(Bucket::Week)
                    >
                        {tr!(i18n, report.by_week)}
                    </button>
                </div>
            </div>
            <div class="field" class:invalid=move || range_error().is_some()>
                <label for="f-from">{tr!(i18n, report.from)}</label>
                <input id="f-from" type="date" prop:value=from on:change=move |ev| set_from.set(Some(event_target_value(&ev))) />
            </div>
            <div class="field" class:invalid=move || range_error().is_some()>
                <label for="f-to">{tr!(i18n, report.to)}</label>
                <input id="f-to" type="date" prop:value=to on:change=move |ev| set_to.set(Some(event_target_value(&ev))) />
            </div>
            {sees_all.then(|| view! { <DepartmentField label=tr!(i18n, staff.department) none=tr!(i18n, report.all_departments) id="f-report-department" value=department on_change=set_department /> })}
        </div>
        {move || {
            range_error()
                .map(|reason| view! { <p class="field-error" role="alert">{field_text(i18n.get_locale(), reason)}</p> })
        }}
        <Loaded phase=phase retry=move |()| report.refetch()>
            {body}
        </Loaded>
    }
}

/// Tiles, the chart and the table of one answer.
#[component]
fn ReportBody(
    /// The server's numbers.
    report: TaskReport,
    /// Every period of the range, first to last.
    periods: Vec<String>,
    /// Rows of several departments: the table names each.
    by_department: bool,
) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let sum = |f: fn(&TaskReportRow) -> u32| report.rows.iter().map(f).sum::<u32>();
    let (created, done) = (sum(|r| r.created), sum(|r| r.done));
    let (complaints, closed) = (sum(|r| r.complaints), sum(|r| r.complaints_closed_24h));
    let overdue: u32 = report.overdue_now.iter().map(|(_, n)| n).sum();
    let bars: Vec<(String, u32, u32)> = periods
        .into_iter()
        .map(|p| {
            let of = |f: fn(&TaskReportRow) -> u32| report.rows.iter().filter(|r| r.period == p).map(f).sum();
            let (c, d) = (of(|r| r.created), of(|r| r.done));
            (p, c, d)
        })
        .collect();
    // Newest period first, in the order the server sent each period's departments.
    let newest_first: Vec<TaskReportRow> = bars
        .iter()
        .rev()
        .flat_map(|(p, ..)| report.rows.iter().filter(move |r| r.period == *p))
        .cloned()
        .collect();
    let table_rows = newest_first
        .into_iter()
        .map(|r| {
            let dept = by_department.then(|| {
                let id = r.department_id;
                let name = move || {
                    let locale = i18n.get_locale();
                    auth.departments
                        .with(|ds| ds.iter().find(|d| d.id == id).map(|d| department_name(locale, d)))
                };
                view! { <td>{name}</td> }
            });
            view! {
                <tr>
                    <td>{r.period.clone()}</td>
                    {dept}
                    <td class="num">{r.created}</td>
                    <td class="num">{r.done}</td>
                    <td class="num">{format!("{} / {}", tenths(r.accept_median_mins), tenths(r.accept_p90_mins))}</td>
                    <td class="num">{format!("{} / {}", tenths(r.complete_median_mins), tenths(r.complete_p90_mins))}</td>
                    <td class="num">{r.on_time_pct.map_or_else(|| "–".into(), |p| format!("{}%", p.round() as i64))}</td>
                    <td class="num">{format!("{} / {}", r.complaints_closed_24h, r.complaints)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="tiles">
            <Tile label=tr!(i18n, report.created) value=created.to_string() />
            <Tile label=tr!(i18n, report.done) value=done.to_string() />
            <Tile label=tr!(i18n, report.overdue_now) value=overdue.to_string() alert={ overdue > 0 } />
            <Tile label=tr!(i18n, report.complaints_24h) value=format!("{closed} / {complaints}") />
        </div>
        <section class="card">
            <h2>{tr!(i18n, report.chart_title)}</h2>
            <Chart bars=bars />
            <p class="legend">
                <span class="key key-created"></span>
                {tr!(i18n, report.created)}
                <span class="key key-done"></span>
                {tr!(i18n, report.done)}
            </p>
        </section>
        <section class="card table-card">
            <h2>{tr!(i18n, report.table_title)}</h2>
            <div class="table-scroll">
                <table class="report">
                    <thead>
                        <tr>
                            <th>{tr!(i18n, report.period)}</th>
                            {by_department.then(|| view! { <th>{tr!(i18n, staff.department)}</th> })}
                            <th class="num">{tr!(i18n, report.created)}</th>
                            <th class="num">{tr!(i18n, report.done)}</th>
                            <th class="num">{tr!(i18n, report.accept_mins)}</th>
                            <th class="num">{tr!(i18n, report.complete_mins)}</th>
                            <th class="num">{tr!(i18n, report.on_time)}</th>
                            <th class="num">{tr!(i18n, report.complaints_24h)}</th>
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
            <p class="hint">{tr!(i18n, report.minutes_hint)}</p>
        </section>
    }
}

/// Created and done side by side per period, as inline SVG (no chart library).
#[component]
fn Chart(
    /// (period `YYYY-MM-DD`, created, done), first period first.
    bars: Vec<(String, u32, u32)>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Whole units throughout: integer attributes need no float formatting code.
    const W: u32 = 640;
    const H: u32 = 220;
    const LEFT: u32 = 36;
    const TOP: u32 = 16;
    const PLOT: u32 = H - TOP - 28;
    let max = bars.iter().map(|(_, c, d)| (*c).max(*d)).max().unwrap_or(0).max(1);
    let n = u32::try_from(bars.len()).unwrap_or(1).max(1);
    let slot = (W - LEFT) / n;
    let bar = (slot * 36 / 100).clamp(1, 26);
    // Labels for at most about ten periods, so they never overlap.
    let every = n.div_ceil(10);
    let height = |v: u32| PLOT * v / max;
    let groups = bars
        .into_iter()
        .zip(0u32..)
        .map(|((period, created, done), i)| {
            let x = LEFT + slot * i + slot.saturating_sub(2 * bar + 2) / 2;
            let label = (i % every == 0).then(|| {
                view! {
                    <text x=x + bar class="axis" y=H - 6 text-anchor="middle">
                        {period.get(5..).unwrap_or(&period).to_owned()}
                    </text>
                }
            });
            view! {
                <g>
                    <rect
                        class="bar-created"
                        x=x
                        y=TOP + PLOT - height(created)
                        width=bar
                        height=height(created)
                    >
                        <title>{format!("{period}: {created}")}</title>
                    </rect>
                    <rect class="bar-done" x=x + bar + 2 y=TOP + PLOT - height(done) width=bar height=height(done)>
                        <title>{format!("{period}: {done}")}</title>
                    </rect>
                    {label}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart"
            viewBox=format!("0 0 {W} {H}")
            role="img"
            aria-label=tr!(i18n, report.chart_title)
        >
            <line class="grid" x1=LEFT y1=TOP x2=W y2=TOP />
            <line class="grid" x1=LEFT y1=TOP + PLOT x2=W y2=TOP + PLOT />
            <text class="axis" x=LEFT - 4 y=TOP + 4 text-anchor="end">{max}</text>
            <text class="axis" x=LEFT - 4 y=TOP + PLOT + 4 text-anchor="end">"0"</text>
            {groups}
        </svg>
    }
}
