//! `/admin/rooms` (managers and admins): the hotel's rooms by floor, filtered by floor
//! or words (both kept in the address), retired rooms apart; adding, editing, retiring
//! and bringing back one room, and the rooms file both ways (`import.rs`).

mod form;
mod import;

use bellhop_api::rooms::{Room, RoomUpdate};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::button::Button;
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::admin::{api, AdminTabs};
use crate::i18n::{tr, trf, use_i18n};
use crate::paths::{query_filter, query_text};

use self::form::RoomForm;
use self::import::RoomsFile;

#[component]
pub fn RoomsPage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <Rooms />
        </section>
    }
}

/// Which form is open above the list.
#[derive(Debug, Clone, PartialEq)]
enum Panel {
    Closed,
    New,
    Edit(Room),
}

/// Whether `room` is among those asked for: on `floor`, and `words` in its number, type
/// or section.
fn shown(room: &Room, floor: Option<i64>, words: &str) -> bool {
    let words = words.trim().to_lowercase();
    floor.is_none_or(|f| room.floor == f)
        && (words.is_empty()
            || [&room.number, &room.room_type, &room.section]
                .iter()
                .any(|text| text.to_lowercase().contains(&words)))
}

#[component]
fn Rooms() -> impl IntoView {
    let i18n = use_i18n();
    let list = Data::new(api::rooms);
    let (floor, set_floor) = query_filter::<i64>("floor");
    let (words, set_words) = query_text("q");
    let panel = RwSignal::new(Panel::Closed);

    let toggle = Call::each();
    let set_active = move |id: Uuid, active: bool| {
        let req = RoomUpdate {
            active: Some(active),
            ..Default::default()
        };
        toggle.run(async move {
            api::update_room(id, &req).await?;
            list.refetch();
            Ok(())
        })
    };

    let row = move |r: Room| {
        let id = r.id;
        let active = r.active;
        let detail = [r.room_type.clone(), r.section.clone()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let edit = r.clone();
        let (number, floor_no) = (r.number.clone(), r.floor);
        view! {
            <li class="row-card" class:muted=!active data-room=r.number.clone()>
                <div class="row-main">
                    <p class="row-title">
                        {trf!(i18n, rooms.room, number = number)}
                        <span class="pill">{trf!(i18n, rooms.floor_n, floor = floor_no)}</span>
                    </p>
                    <p class="row-detail">{detail}</p>
                </div>
                <div class="row-actions">
                    <button type="button" class="btn btn-secondary" on:click=move |_| panel.set(Panel::Edit(edit.clone()))>
                        {tr!(i18n, rooms.edit)}
                    </button>
                    <Button
                        label=if active { tr!(i18n, rooms.retire) } else { tr!(i18n, rooms.restore) }
                        call=toggle
                        class=if active { "btn btn-danger-outline" } else { "btn btn-secondary" }
                        on_click=Callback::new(move |()| set_active(id, !active))
                    />
                </div>
            </li>
        }
    };

    let floors = move || {
        let mut floors: Vec<i64> = list
            .with(|l| {
                l.and_then(Result::ok)
                    .map(|rooms| rooms.iter().map(|r| r.floor).collect())
            })
            .unwrap_or_default();
        floors.sort_unstable();
        floors.dedup();
        floors
            .into_iter()
            .map(|f| {
                view! {
                    <option value=f.to_string() selected=move || floor.get() == Some(f)>
                        {trf!(i18n, rooms.floor_n, floor = f)}
                    </option>
                }
            })
            .collect_view()
    };

    let on_saved = Callback::new(move |()| {
        panel.set(Panel::Closed);
        list.refetch();
    });
    let on_cancel = Callback::new(move |()| panel.set(Panel::Closed));

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, rooms.title)}</h1>
            <button type="button" class="btn btn-primary" on:click=move |_| panel.set(Panel::New)>
                {tr!(i18n, rooms.add)}
            </button>
        </div>
        {move || match panel.get() {
            Panel::Closed => ().into_any(),
            Panel::New => view! { <RoomForm room=None on_saved=on_saved on_cancel=on_cancel /> }.into_any(),
            Panel::Edit(r) => view! { <RoomForm room=Some(r) on_saved=on_saved on_cancel=on_cancel /> }.into_any(),
        }}
        <div class="filters">
            <div class="field">
                <label for="f-rooms-floor">{tr!(i18n, rooms.floor)}</label>
                <select id="f-rooms-floor" on:change=move |ev| set_floor.set(event_target_value(&ev).parse().ok())>
                    <option value="">{tr!(i18n, board.all_floors)}</option>
                    {floors}
                </select>
            </div>
            <div class="field search">
                <label for="f-rooms-q">{tr!(i18n, rooms.search)}</label>
                <input
                    id="f-rooms-q"
                    type="search"
                    prop:value=words
                    on:input=move |ev| set_words.set(event_target_value(&ev))
                />
            </div>
        </div>
        <ErrorNotice error=toggle.error />
        <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
            {move || {
                list.get().and_then(Result::ok).map(|all| {
                    let (f, w) = (floor.get(), words.get());
                    let (active, retired): (Vec<Room>, Vec<Room>) = all
                        .into_iter()
                        .filter(|r| shown(r, f, &w))
                        .partition(|r| r.active);
                    let empty = active.is_empty();
                    let retired = (!retired.is_empty()).then(|| {
                        view! {
                            <h2>{tr!(i18n, rooms.retired_title)}</h2>
                            <ul class="rows retired">{retired.into_iter().map(row).collect_view()}</ul>
                        }
                    });
                    view! {
                        {empty.then(|| view! { <p class="empty">{tr!(i18n, rooms.empty)}</p> })}
                        <ul class="rows">{active.into_iter().map(row).collect_view()}</ul>
                        {retired}
                    }
                })
            }}
        </Loaded>
        <RoomsFile on_imported=Callback::new(move |()| list.refetch()) />
    }
}
