//! The board's room tiles, floor by floor, written as markup in one go (see
//! `components::markup`): a thousand tiles set as one `innerHTML`. Each tile tells its
//! state in words and a mark as well as by colour, and carries the taps the person may
//! make on it; one click handler serves them all.

use std::fmt::Write;

use bellhop_api::room_status::{may, may_queue, Discrepancy, Housekeeping, RoomAction, RoomStatus};
use leptos::html::Div;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use uuid::Uuid;
use web_sys::{Element, MouseEvent};

use super::{occupancy_name, state_mark, state_name, Me};
use crate::components::markup::{push_element, push_text};
use crate::i18n::{fill, td_string, use_i18n, Locale};

/// What a tap on a tile asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tap {
    /// A change of the room's status.
    Act(RoomAction),
    /// Open the room's 3-step inspection.
    Inspect,
    /// Fail the inspection: asks for the reason first.
    Fail,
    /// A guest is waiting for it (`true`) or no longer (`false`).
    Queue(bool),
}

impl Tap {
    fn code(self) -> &'static str {
        match self {
            Tap::Act(action) => action.code(),
            Tap::Inspect => "inspect",
            Tap::Fail => "fail",
            Tap::Queue(true) => "queue",
            Tap::Queue(false) => "unqueue",
        }
    }

    fn from_code(code: &str) -> Option<Tap> {
        Some(match code {
            "inspect" => Tap::Inspect,
            "fail" => Tap::Fail,
            "queue" => Tap::Queue(true),
            "unqueue" => Tap::Queue(false),
            other => Tap::Act(RoomAction::parse(other)?),
        })
    }

    fn label(self, locale: Locale) -> &'static str {
        match self {
            Tap::Act(RoomAction::StartCleaning) => td_string!(locale, room_board.start),
            Tap::Act(_) => td_string!(locale, room_board.mark_clean),
            Tap::Inspect => td_string!(locale, room_board.inspect),
            Tap::Fail => td_string!(locale, room_board.fail),
            Tap::Queue(true) => td_string!(locale, room_board.queue),
            Tap::Queue(false) => td_string!(locale, room_board.unqueue),
        }
    }
}

/// The taps `me` may make on `room` now, the likeliest first.
pub fn taps(me: Me, room: &RoomStatus) -> Vec<Tap> {
    let rel = me.relation(room);
    let state = room.housekeeping;
    let mut taps = Vec::new();
    if state.needs_cleaning() && may(me.role, rel, RoomAction::MarkClean) {
        taps.push(Tap::Act(RoomAction::MarkClean));
    }
    if state == Housekeeping::Clean && may(me.role, rel, RoomAction::FailInspection) {
        taps.push(Tap::Inspect);
        taps.push(Tap::Fail);
    }
    if !room.is_ready() && !state.is_off() && may_queue(me.role, rel) {
        taps.push(Tap::Queue(!room.urgent));
    }
    taps
}

/// The words of a room's flags: ready, guest waiting, do not disturb, …
fn push_flags(out: &mut String, locale: Locale, room: &RoomStatus) {
    let flags = [
        (room.is_ready(), "pill pill-ready", td_string!(locale, room_board.ready)),
        (room.urgent, "pill pill-urgent", td_string!(locale, room_board.waiting)),
        (room.do_not_disturb, "pill", td_string!(locale, room_board.dnd)),
        (room.service_refused, "pill", td_string!(locale, room_board.refused)),
        (
            room.discrepancy == Some(Discrepancy::Skip),
            "pill pill-urgent",
            td_string!(locale, room_board.skip),
        ),
        (
            room.discrepancy == Some(Discrepancy::Sleep),
            "pill pill-urgent",
            td_string!(locale, room_board.sleep),
        ),
    ];
    for (on, class, text) in flags {
        if on {
            push_element(out, "span", class, text);
        }
    }
    if let Some(ooo) = &room.out_of_order {
        push_element(out, "span", "pill", &ooo.reason);
    }
}

/// One tile: number, state (mark and words), occupancy and type, attendant, flags and
/// the person's taps.
pub fn push_tile(out: &mut String, locale: Locale, me: Option<Me>, room: &RoomStatus) {
    let state = room.housekeeping;
    out.push_str(r#"<li class="room-tile"#);
    if room.urgent {
        out.push_str(" urgent");
    }
    let _ = write!(
        out,
        r#"" data-room="{}" data-state="{}" data-occupancy="{}" data-ready="{}"><div class="room-head">"#,
        room.room_id,
        state.code(),
        room.occupancy.code(),
        room.is_ready()
    );
    push_element(out, "span", "room-no", &room.number);
    let _ = write!(
        out,
        r#"<span class="room-state"><span aria-hidden="true">{}</span> "#,
        state_mark(state)
    );
    push_text(out, state_name(locale, state));
    out.push_str("</span></div>");
    let mut occupancy = occupancy_name(locale, room.occupancy).to_owned();
    if !room.room_type.is_empty() {
        occupancy.push_str(" · ");
        occupancy.push_str(&room.room_type);
    }
    push_element(out, "span", "room-occupancy", &occupancy);
    let who = room
        .attendant_name
        .as_deref()
        .unwrap_or(td_string!(locale, room_board.nobody));
    push_element(out, "span", "room-who", who);
    out.push_str(r#"<span class="room-flags">"#);
    push_flags(out, locale, room);
    out.push_str("</span>");
    let taps = me.map(|me| taps(me, room)).unwrap_or_default();
    if !taps.is_empty() {
        out.push_str(r#"<span class="room-actions">"#);
        for (n, tap) in taps.into_iter().enumerate() {
            let class = if n == 0 { "btn btn-primary" } else { "btn btn-secondary" };
            let _ = write!(
                out,
                r#"<button type="button" class="{class}" data-tap="{}">"#,
                tap.code()
            );
            push_text(out, tap.label(locale));
            out.push_str("</button>");
        }
        out.push_str("</span>");
    }
    out.push_str("</li>");
}

/// Every room of `rooms` (in the server's order: floor, number) as tiles under their
/// floor's heading.
fn push_floors(out: &mut String, locale: Locale, me: Option<Me>, rooms: &[RoomStatus]) {
    let mut floor = None;
    for room in rooms {
        if floor != Some(room.floor) {
            if floor.is_some() {
                out.push_str("</ul></section>");
            }
            floor = Some(room.floor);
            let _ = write!(out, r#"<section class="floor" data-floor="{}"><h2>"#, room.floor);
            push_text(
                out,
                &fill(td_string!(locale, room_board.floor_n), &[("floor", &room.floor)]),
            );
            out.push_str(r#"</h2><ul class="room-grid">"#);
        }
        push_tile(out, locale, me, room);
    }
    if floor.is_some() {
        out.push_str("</ul></section>");
    }
}

#[component]
pub fn RoomTiles(
    /// The rooms, by floor and number.
    #[prop(into)]
    rooms: Signal<Vec<RoomStatus>>,
    /// The signed-in person, whose taps the tiles carry.
    #[prop(into)]
    me: Signal<Option<Me>>,
    /// Disables the taps while one is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called with the room and the tap.
    on_tap: Callback<(RoomStatus, Tap)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let board = NodeRef::<Div>::new();
    let markup = Memo::new(move |_| {
        let (locale, me) = (i18n.get_locale(), me.get());
        rooms.with(|rooms| {
            let mut out = String::with_capacity(rooms.len() * 600);
            push_floors(&mut out, locale, me, rooms);
            out
        })
    });
    // The markup is written with every tap enabled; this follows a tap on its way.
    Effect::new(move |_| {
        let busy = busy.get();
        markup.track();
        let Some(div) = board.get() else { return };
        let Ok(buttons) = div.query_selector_all("button[data-tap]") else {
            return;
        };
        for i in 0..buttons.length() {
            if let Some(button) = buttons.item(i).and_then(|b| b.dyn_into::<Element>().ok()) {
                let _ = button.toggle_attribute_with_force("disabled", busy);
            }
        }
    });
    let on_click = move |ev: MouseEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(button) = target.closest("button[data-tap]").ok().flatten() else {
            return;
        };
        let tap = button.get_attribute("data-tap").and_then(|c| Tap::from_code(&c));
        let id = button
            .closest("li.room-tile")
            .ok()
            .flatten()
            .and_then(|tile| tile.get_attribute("data-room"))
            .and_then(|id| Uuid::parse_str(&id).ok());
        let room = id.and_then(|id| rooms.with_untracked(|rs| rs.iter().find(|r| r.room_id == id).cloned()));
        if let (Some(room), Some(tap)) = (room, tap) {
            on_tap.run((room, tap));
        }
    };
    view! { <div class="room-board" node_ref=board inner_html=markup on:click=on_click></div> }
}
