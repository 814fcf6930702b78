//! `/rooms`, the room board: every room by floor as large tiles, filtered by state,
//! floor and section (kept in the address), with the count of rooms in each state.
//! Attendants clean their rooms with one tap, housekeeping's supervisor inspects
//! (the room's 3-step inspection task) or fails the inspection with a reason, the front
//! desk sees the rooms ready and queues one for a waiting guest. Live: every room
//! event reloads the board and its counts.

use bellhop_api::room_status::{
    BoardCounts, BoardQuery, Housekeeping, RoomAction, RoomQueue, RoomStatus, RoomStatusChange,
};
use bellhop_api::tasks::BoardQuery as TaskBoardQuery;
use bellhop_api::ErrorCode;
use leptos::prelude::*;

use super::tabs::RoomsPage;
use super::tiles::{RoomTiles, Tap};
use super::{api, state_mark, state_name, use_me};
use crate::api::ApiError;
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::i18n::{td_string, tr, trf, use_i18n};
use crate::live::use_live;
use crate::paths::{query_filter, query_text, Screen};
use crate::session::use_auth;

/// `state` in the address: a housekeeping state's code, or `ready`.
const READY: &str = "ready";

#[component]
pub fn RoomBoardPage() -> impl IntoView {
    view! {
        <RoomsPage wide=true>
            <Board />
        </RoomsPage>
    }
}

#[component]
fn Board() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let auth = use_auth();
    let me = use_me();
    let (state, set_state) = query_text("state");
    let (floor, set_floor) = query_filter::<i64>("floor");
    let (section, set_section) = query_text("section");

    let query = Memo::new(move |_| {
        let state = state.get();
        BoardQuery {
            housekeeping: Housekeeping::parse(&state),
            floor: floor.get(),
            section: section.with(|s| (!s.is_empty()).then(|| s.clone())),
            ready: state == READY,
            ..BoardQuery::default()
        }
    });
    let list = Data::new(move || {
        let q = query.get();
        async move { api::board(&q).await }
    });
    let counts = Data::new(api::counts);
    live.on_room_change(move |_| {
        list.refetch();
        counts.refetch();
    });

    let call = Call::each();
    // The room whose inspection is being failed, waiting for the reason.
    let failing = RwSignal::new(None::<RoomStatus>);
    // A room with no inspection waiting, when asked to inspect it.
    let no_inspection = RwSignal::new(None::<String>);
    let done = move |answer: RoomStatus| {
        list.update(|rooms| {
            if let Some(room) = rooms.iter_mut().find(|r| r.room_id == answer.room_id) {
                *room = answer;
            }
        });
        counts.refetch();
    };
    // Someone changed the room first: show the board as it is now.
    let stale = move |err: ApiError| {
        if err.code() == Some(ErrorCode::Conflict) {
            list.refetch();
            counts.refetch();
        }
        err
    };
    let on_tap = Callback::new(move |(room, tap): (RoomStatus, Tap)| {
        no_inspection.set(None);
        match tap {
            Tap::Act(action) => call.run(async move {
                let answer = api::change(room.room_id, &RoomStatusChange::new(room.version, action))
                    .await
                    .map_err(stale)?;
                done(answer);
                Ok(())
            }),
            Tap::Queue(waiting) => call.run(async move {
                let answer = api::queue(room.room_id, &RoomQueue { waiting }).await.map_err(stale)?;
                done(answer);
                Ok(())
            }),
            Tap::Fail => failing.set(Some(room)),
            Tap::Inspect => {
                // A manager has no department of their own: housekeeping's board.
                let department = auth
                    .departments
                    .with_untracked(|ds| ds.iter().find(|d| d.code == "housekeeping").map(|d| d.id));
                call.run(async move {
                    let q = TaskBoardQuery {
                        department_id: department,
                        room: Some(room.number.clone()),
                        ..TaskBoardQuery::default()
                    };
                    let tasks = api::room_tasks(&q).await?;
                    let open = tasks.iter().find(|t| {
                        t.type_code == "inspection"
                            && t.room_number.as_deref() == Some(room.number.as_str())
                            && t.status.is_open()
                    });
                    match open {
                        Some(task) => {
                            let _ = window().location().set_href(&Screen::Task(task.id).href());
                        }
                        None => no_inspection.set(Some(room.number.clone())),
                    }
                    Ok(())
                })
            }
        }
    });

    let rooms = Memo::new(move |_| list.with(|l| l.and_then(Result::ok).cloned().unwrap_or_default()));
    let empty = Memo::new(move |_| rooms.with(Vec::is_empty));

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, room_board.title)}</h1>
        </div>
        <StateCounts counts=counts state=state set_state=set_state />
        <div class="filters">
            <div class="field">
                <label for="f-room-floor">{tr!(i18n, room_board.floor)}</label>
                <select id="f-room-floor" on:change=move |ev| set_floor.set(event_target_value(&ev).parse().ok())>
                    <option value="">{tr!(i18n, room_board.all_floors)}</option>
                    {move || {
                        let mut floors: Vec<i64> = live.rooms.with(|rs| rs.iter().map(|r| r.floor).collect());
                        floors.sort_unstable();
                        floors.dedup();
                        floors
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <option value=f selected=move || floor.get() == Some(f)>
                                        {trf!(i18n, room_board.floor_n, floor = f)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="f-room-section">{tr!(i18n, room_board.section)}</label>
                <select id="f-room-section" on:change=move |ev| set_section.set(event_target_value(&ev))>
                    <option value="">{tr!(i18n, room_board.all_sections)}</option>
                    {move || {
                        let mut sections: Vec<String> = live
                            .rooms
                            .with(|rs| rs.iter().map(|r| r.section.clone()).filter(|s| !s.is_empty()).collect());
                        sections.sort_unstable();
                        sections.dedup();
                        sections
                            .into_iter()
                            .map(|s| {
                                let (picked, value) = (s.clone(), s.clone());
                                view! {
                                    <option value=value selected=move || section.with(|c| *c == picked)>
                                        {s}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </div>
        <FailInspection failing=failing on_done=Callback::new(done) stale=stale />
        {move || {
            no_inspection
                .get()
                .map(|number| {
                    view! {
                        <div class="notice notice-info" role="status">
                            <p>{trf!(i18n, room_board.no_inspection, number = number.clone())}</p>
                        </div>
                    }
                })
        }}
        <ErrorNotice error=call.error />
        <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
            <Show when=move || !empty.get() fallback=move || view! { <p class="empty">{tr!(i18n, room_board.empty)}</p> }>
                <RoomTiles rooms=rooms me=me busy=call.pending() on_tap=on_tap />
            </Show>
        </Loaded>
    }
}

/// The count of rooms in each state, each a filter button; "All" and "Ready" first.
#[component]
fn StateCounts(
    /// The counts, loaded.
    counts: Data<BoardCounts>,
    /// The state filter as the address holds it.
    state: Signal<String>,
    /// Sets the state filter ("" for all).
    set_state: SignalSetter<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chip = move |code: &'static str, label: String, mark: &'static str, count: u32| {
        let pressed = move || state.with(|s| s == code).to_string();
        view! {
            <button
                type="button"
                class="btn btn-choice state-count"
                data-state=code
                aria-pressed=pressed
                on:click=move |_| set_state.set(code.to_owned())
            >
                <span aria-hidden="true">{mark}</span>
                <span class="state-name">{label}</span>
                <span class="count">{count}</span>
            </button>
        }
    };
    move || {
        let locale = i18n.get_locale();
        counts.with(|c| {
            c.and_then(Result::ok).map(|c| {
                let mut chips = vec![
                    chip("", td_string!(locale, room_board.all).to_owned(), "", c.total),
                    chip(READY, td_string!(locale, room_board.ready).to_owned(), "★", c.ready),
                ];
                chips.extend(c.housekeeping.iter().map(|h| {
                    chip(
                        h.state.code(),
                        state_name(locale, h.state).to_owned(),
                        state_mark(h.state),
                        h.rooms,
                    )
                }));
                view! {
                    <div class="state-counts" role="group" aria-label=tr!(i18n, room_board.by_state)>
                        {chips}
                    </div>
                }
            })
        })
    }
}

/// The reason for a failed inspection, asked for before the room goes back to dirty
/// and its attendant gets a re-clean.
#[component]
fn FailInspection(
    /// The room whose inspection fails; the form shows while it is set.
    failing: RwSignal<Option<RoomStatus>>,
    /// Called with the room as it is after the change.
    on_done: Callback<RoomStatus>,
    /// Turns a refusal into the error to show (reloading the board on a conflict).
    stale: impl Fn(ApiError) -> ApiError + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let send = Call::new(move || {
        let room = failing.get_untracked();
        let text = reason.get_untracked();
        async move {
            let Some(room) = room else { return Ok(()) };
            let mut change = RoomStatusChange::new(room.version, RoomAction::FailInspection);
            change.reason = Some(text);
            let answer = api::change(room.room_id, &change).await.map_err(stale)?;
            failing.set(None);
            reason.set(String::new());
            on_done.run(answer);
            Ok(())
        }
    });
    move || {
        failing.get().map(|room| {
            view! {
                <form
                    class="card fail-inspection"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        send.start();
                    }
                >
                    <h2>{trf!(i18n, room_board.fail_title, number = room.number.clone())}</h2>
                    <div class="field">
                        <label for="f-fail-reason">{tr!(i18n, room_board.fail_reason)}</label>
                        <textarea
                            id="f-fail-reason"
                            required
                            maxlength="2000"
                            prop:value=reason
                            on:input=move |ev| reason.set(event_target_value(&ev))
                        ></textarea>
                    </div>
                    <ErrorNotice error=send.error />
                    <div class="actions">
                        <button type="submit" class="btn btn-primary" disabled=send.pending()>
                            {tr!(i18n, room_board.fail_send)}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| failing.set(None)>
                            {tr!(i18n, app.cancel)}
                        </button>
                    </div>
                </form>
            }
        })
    }
}
