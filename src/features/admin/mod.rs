//! The hotel's administration: staff accounts (`/admin/staff`, for admins) and enrolled
//! tablets (`/admin/tablets`, for managers and admins). `/admin` sends each to theirs.

pub mod api;
mod staff;
mod tablets;

use bellhop_api::people::Role;
use leptos::prelude::*;

use crate::components::restricted::NoAccess;
use crate::i18n::{tr, use_i18n};
use crate::paths::{in_place, Screen};
use crate::session::use_role;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

pub use staff::StaffPage;
pub use tablets::TabletsPage;

#[component]
pub fn AdminIndex() -> impl IntoView {
    let role = use_role();
    let navigate = use_navigate();
    Effect::new(move |_| match role.get() {
        Some(Role::Admin) => navigate(&Screen::AdminStaff.href(), in_place()),
        Some(Role::Manager) => navigate(&Screen::AdminTablets.href(), in_place()),
        _ => {}
    });
    move || (!role.get().is_some_and(Role::manages_devices)).then(|| view! { <NoAccess /> })
}

/// Staff | Tablets, for admins (managers only have tablets).
#[component]
pub fn AdminTabs() -> impl IntoView {
    let i18n = use_i18n();
    let role = use_role();
    view! {
        <Show when=move || role.get() == Some(Role::Admin)>
            <nav class="tabs" aria-label=move || tr!(i18n, nav.admin)>
                <A href=Screen::AdminStaff attr:class="tab">{tr!(i18n, nav.staff)}</A>
                <A href=Screen::AdminTablets attr:class="tab">{tr!(i18n, nav.tablets)}</A>
            </nav>
        </Show>
    }
}
