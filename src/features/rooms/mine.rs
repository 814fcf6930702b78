//! `/rooms/mine`: the signed-in attendant's rooms today in the order to work them —
//! rooms a guest waits for first, flagged urgent — with the day's progress and one tap
//! to start a room and one to mark it clean. Live, like the board.

use bellhop_api::room_assignments::{AssignedRoom, AttendantDay, Progress};
use bellhop_api::room_status::{RoomAction, RoomStatusChange};
use leptos::prelude::*;

use super::tabs::RoomsPage;
use super::{api, kind_name, occupancy_name, state_mark, state_name};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::i18n::{tr, trf, use_i18n};
use crate::live::use_live;

#[component]
pub fn MyRoomsPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let day = Data::new(api::mine);
    live.on_room_change(move |_| day.refetch());
    let call = Call::each();
    let act = Callback::new(move |(room, action): (AssignedRoom, RoomAction)| {
        call.run(async move {
            let result = api::change(room.status.room_id, &RoomStatusChange::new(room.status.version, action)).await;
            // Whatever the answer, the list shows the rooms as they are now.
            day.refetch();
            result.map(drop)
        })
    });
    let body = move || {
        day.with(|d| match d {
            Some(Ok(day)) => Some(my_day(day, act, call)),
            _ => None,
        })
    };
    view! {
        <RoomsPage>
            <div class="toolbar">
                <h1>{tr!(i18n, room_board.mine_title)}</h1>
            </div>
            <ErrorNotice error=call.error />
            <Loaded phase=phase_of(day) retry=move |()| day.refetch()>
                {body}
            </Loaded>
        </RoomsPage>
    }
}

fn my_day(day: &AttendantDay, act: Callback<(AssignedRoom, RoomAction)>, call: Call) -> AnyView {
    let i18n = use_i18n();
    if day.rooms.is_empty() {
        return view! { <p class="empty">{tr!(i18n, room_board.mine_empty)}</p> }.into_any();
    }
    let p = day.progress;
    let rooms = day
        .rooms
        .iter()
        .map(|room| {
            let r = room.status.clone();
            let (state, kind, occupancy) = (r.housekeeping, room.kind, r.occupancy);
            let cleanable = state.needs_cleaning() && !room.done;
            let start = room.clone();
            let clean = room.clone();
            let busy = call.pending();
            view! {
                <li class="room-row" class:urgent=r.urgent class:done=room.done data-room=r.room_id.to_string() data-state=state.code()>
                    <span class="room-no">{r.number.clone()}</span>
                    <span class="room-row-body">
                        <span class="room-state">
                            <span aria-hidden="true">{state_mark(state)}</span>
                            " "
                            {move || state_name(i18n.get_locale(), state)}
                        </span>
                        <span class="room-occupancy">
                            {move || {
                                let locale = i18n.get_locale();
                                format!("{} · {}", occupancy_name(locale, occupancy), kind_name(locale, kind))
                            }}
                        </span>
                        <span class="room-flags">
                            {r.urgent.then(|| view! { <span class="pill pill-urgent">{tr!(i18n, room_board.waiting)}</span> })}
                            {r.do_not_disturb.then(|| view! { <span class="pill">{tr!(i18n, room_board.dnd)}</span> })}
                            {r.service_refused.then(|| view! { <span class="pill">{tr!(i18n, room_board.refused)}</span> })}
                            {room.done.then(|| view! { <span class="pill pill-ready">{tr!(i18n, room_board.done)}</span> })}
                        </span>
                    </span>
                    {cleanable
                        .then(|| {
                            view! {
                                <span class="room-actions">
                                    <button
                                        type="button"
                                        class="btn btn-secondary"
                                        data-tap="start_cleaning"
                                        disabled=busy
                                        on:click=move |_| act.run((start.clone(), RoomAction::StartCleaning))
                                    >
                                        {tr!(i18n, room_board.start)}
                                    </button>
                                    <button
                                        type="button"
                                        class="btn btn-primary"
                                        data-tap="mark_clean"
                                        disabled=busy
                                        on:click=move |_| act.run((clean.clone(), RoomAction::MarkClean))
                                    >
                                        {tr!(i18n, room_board.mark_clean)}
                                    </button>
                                </span>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    view! {
        <DayProgress progress=p />
        <ul class="room-rows">{rooms}</ul>
    }
    .into_any()
}

/// How far an attendant's day has come: rooms and credits done, and a bar of the
/// credits.
#[component]
pub fn DayProgress(
    /// The day's numbers.
    progress: Progress,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = progress;
    let percent = (p.credits_done * 100).checked_div(p.credits).unwrap_or(0).min(100);
    view! {
        <div class="progress-line">
            <p class="progress-text">
                {trf!(
                    i18n, room_board.progress, done = p.done, rooms = p.rooms, credits_done = p.credits_done, credits = p.credits
                )}
            </p>
            <div
                class="progress"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax=p.credits
                aria-valuenow=p.credits_done
            >
                <div class="progress-bar" style=format!("width: {percent}%")></div>
            </div>
        </div>
    }
}
