//! `/rooms/report` (those who run a department): one day's work per attendant — rooms
//! assigned and cleaned, minutes per room from start to clean, inspections passed and
//! failed, the pass rate, re-cleans — with the same numbers as CSV. The day is kept in
//! the address; without one it is the hotel's today.

use bellhop_api::room_assignments::DayQuery;
use leptos::prelude::*;

use super::api;
use super::tabs::RoomsPage;
use crate::components::status::{phase_of, Loaded};
use crate::components::tile::tenths;
use crate::data::Data;
use crate::i18n::{tr, use_i18n};
use crate::paths::query_text;

#[component]
pub fn RoomReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let (day, set_day) = query_text("day");
    let query = Memo::new(move |_| DayQuery {
        day: day.with(|d| d.parse().ok()),
    });
    let report = Data::new(move || {
        let q = query.get();
        async move { api::report(&q).await }
    });
    let shown_day = move || {
        report
            .with(|r| r.and_then(Result::ok).map(|r| r.day.to_string()))
            .unwrap_or_else(|| day.get())
    };
    let rows = move || {
        report.with(|r| {
            let r = r.and_then(Result::ok)?;
            if r.attendants.is_empty() {
                return Some(view! { <p class="empty">{tr!(i18n, room_board.report_empty)}</p> }.into_any());
            }
            let rows = r
                .attendants
                .iter()
                .map(|a| {
                    let rate = a
                        .pass_rate
                        .map(|r| format!("{}%", tenths(Some(r))))
                        .unwrap_or_else(|| "–".into());
                    view! {
                        <tr data-attendant=a.attendant_id.to_string()>
                            <th scope="row">{a.attendant_name.clone()}</th>
                            <td class="num">{a.rooms_assigned}</td>
                            <td class="num">{a.rooms_cleaned}</td>
                            <td class="num">{tenths(a.average_minutes)}</td>
                            <td class="num">{format!("{} / {}", a.inspections_passed, a.inspections_failed)}</td>
                            <td class="num">{rate}</td>
                            <td class="num">{a.recleans}</td>
                        </tr>
                    }
                })
                .collect_view();
            Some(
                view! {
                    <div class="table-scroll">
                        <table class="report room-report">
                            <thead>
                                <tr>
                                    <th scope="col">{tr!(i18n, room_board.attendant)}</th>
                                    <th scope="col" class="num">{tr!(i18n, room_board.rooms_assigned)}</th>
                                    <th scope="col" class="num">{tr!(i18n, room_board.rooms_cleaned)}</th>
                                    <th scope="col" class="num">{tr!(i18n, room_board.minutes)}</th>
                                    <th scope="col" class="num">{tr!(i18n, room_board.passed_failed)}</th>
                                    <th scope="col" class="num">{tr!(i18n, room_board.pass_rate)}</th>
                                    <th scope="col" class="num">{tr!(i18n, room_board.recleans)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any(),
            )
        })
    };
    view! {
        <RoomsPage>
            <div class="toolbar">
                <h1>{tr!(i18n, room_board.report_title)}</h1>
                <a class="btn btn-secondary" href=move || api::report_csv(&query.get()) download="rooms-report.csv">
                    {tr!(i18n, room_board.csv)}
                </a>
            </div>
            <div class="filters">
                <div class="field">
                    <label for="f-room-day">{tr!(i18n, room_board.day)}</label>
                    <input
                        id="f-room-day"
                        type="date"
                        prop:value=shown_day
                        on:change=move |ev| set_day.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <Loaded phase=phase_of(report) retry=move |()| report.refetch()>
                {rows}
            </Loaded>
        </RoomsPage>
    }
}
