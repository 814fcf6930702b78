//! The hotel's administration, for admins (managers where the server lets them):
//! the hotel's settings, departments, rooms, staff and their import, tablets, and the
//! trail of changes; for chain admins the chain view, its hotels and people's roles in
//! them. `/admin` lists the pages a person may open.

pub mod api;
mod chain;
mod departments;
mod hotel;
mod rooms;
mod staff;
mod staff_import;
mod tablets;
mod trail;

use bellhop_api::people::Role;
use bellhop_api::FieldReason;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{people_reason, td_string, tr, use_i18n, Locale};
use crate::paths::Screen;
use crate::session::{use_auth, Auth};

pub use chain::{ChainPage, ChainPeoplePage, HotelsPage};
pub use departments::DepartmentsPage;
pub use hotel::HotelPage;
pub use rooms::RoomsPage;
pub use staff::StaffPage;
pub use staff_import::StaffImportPage;
pub use tablets::TabletsPage;
pub use trail::TrailPage;

/// The admin pages in the order offered: the page (which says who may open it), its
/// name and what it is for.
type Entry = (Screen, fn(Locale) -> &'static str, fn(Locale) -> &'static str);

const PAGES: [Entry; 9] = [
    (
        Screen::AdminHotel,
        |l| td_string!(l, nav.hotel),
        |l| td_string!(l, hotel.about),
    ),
    (
        Screen::AdminDepartments,
        |l| td_string!(l, nav.departments),
        |l| td_string!(l, departments.about),
    ),
    (
        Screen::AdminRooms,
        |l| td_string!(l, nav.rooms),
        |l| td_string!(l, rooms.about),
    ),
    (
        Screen::AdminStaff,
        |l| td_string!(l, nav.staff),
        |l| td_string!(l, staff.about),
    ),
    (
        Screen::AdminTablets,
        |l| td_string!(l, nav.tablets),
        |l| td_string!(l, tablets.about),
    ),
    (
        Screen::AdminTrail,
        |l| td_string!(l, nav.trail),
        |l| td_string!(l, trail.about),
    ),
    (
        Screen::AdminChain,
        |l| td_string!(l, nav.chain),
        |l| td_string!(l, chain.about),
    ),
    (
        Screen::AdminChainHotels,
        |l| td_string!(l, nav.hotels),
        |l| td_string!(l, chain.hotels_about),
    ),
    (
        Screen::AdminChainPeople,
        |l| td_string!(l, nav.chain_people),
        |l| td_string!(l, chain.people_about),
    ),
];

/// The pages the signed-in person may open (the chain's for chain admins only).
fn pages_for(auth: Auth) -> impl Iterator<Item = &'static Entry> {
    let (role, chain_admin) = auth
        .session
        .with(|s| s.as_ref().map_or((None, false), |s| (Some(s.user.role), s.chain_admin)));
    PAGES.iter().filter(move |(screen, _, _)| {
        role.is_some_and(|r: Role| screen.opens_for(r)) && (chain_admin || !screen.for_chain_admins())
    })
}

/// `/admin`: a big link to each page the person may open.
#[component]
pub fn AdminIndex() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <section class="page admin-index">
            <h1>{tr!(i18n, nav.admin)}</h1>
            <ul class="admin-links">
                {move || {
                    let locale = i18n.get_locale();
                    pages_for(auth)
                        .map(|(screen, name, about)| {
                            view! {
                                <li>
                                    <A href=screen.clone() attr:class="admin-link">
                                        <span class="admin-link-name">{name(locale)}</span>
                                        <span class="admin-link-about">{about(locale)}</span>
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// The admin pages side by side, above each of them.
#[component]
pub fn AdminTabs() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <nav class="tabs admin-tabs" aria-label=move || tr!(i18n, nav.admin).get()>
            {move || {
                let locale = i18n.get_locale();
                pages_for(auth)
                    .map(|(screen, name, _)| view! { <A href=screen.clone() attr:class="tab">{name(locale)}</A> })
                    .collect_view()
            }}
        </nav>
    }
}

/// The Admin app's words for the field reasons of its own forms (its
/// [`Reasons`](crate::i18n::Reasons)): those about people and the hotel, and room numbers.
pub fn reasons(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    match reason {
        FieldReason::RoomNumberFormat => Some(td_string!(locale, field.room_number_format)),
        FieldReason::UnknownHotel => Some(td_string!(locale, field.unknown_hotel)),
        FieldReason::RetiredHotel => Some(td_string!(locale, field.retired_hotel)),
        FieldReason::HomeHotel => Some(td_string!(locale, field.home_hotel)),
        _ => people_reason(locale, reason),
    }
}
