//! The frame of the Rooms pages: the tab row (Board, My rooms, Assignments, Report).

use leptos::prelude::*;
use leptos_router::components::A;

use super::use_me;
use crate::i18n::{tr, use_i18n};
use crate::paths::Screen;

/// A Rooms page under the tabs.
#[component]
pub fn RoomsPage(
    /// Room for the board's tiles.
    #[prop(optional)]
    wide: bool,
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    // A supervisor of another department may open the pages but gets no lists.
    let assigns = move || me.get().is_some_and(|m| m.assigns());
    // My rooms is for those who clean them.
    let cleans = move || me.get().is_some_and(|m| m.housekeeping);
    view! {
        <section class="page rooms-page" class:page-wide=wide>
            <nav class="tabs" aria-label=tr!(i18n, nav.room_board)>
                <A href=Screen::Rooms attr:class="tab" exact=true>
                    {tr!(i18n, room_board.tab_board)}
                </A>
                <Show when=cleans>
                    <A href=Screen::MyRooms attr:class="tab">
                        {tr!(i18n, room_board.tab_mine)}
                    </A>
                </Show>
                <Show when=assigns>
                    <A href=Screen::RoomAssignments attr:class="tab">
                        {tr!(i18n, room_board.tab_assignments)}
                    </A>
                    <A href=Screen::RoomReport attr:class="tab">
                        {tr!(i18n, room_board.tab_report)}
                    </A>
                </Show>
            </nav>
            {children()}
        </section>
    }
}
