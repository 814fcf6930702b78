//! `/admin`: sends admins to staff accounts and managers to tablets. Also the tab row
//! and the "no access" note the admin pages share.

use bellhop_api::people::Role;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::paths::{in_place, Screen};
use crate::session::use_auth;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The signed-in person's role (the shell only renders pages with a session).
pub fn use_role() -> Signal<Option<Role>> {
    let auth = use_auth();
    Signal::derive(move || auth.session.with(|s| s.as_ref().map(|s| s.user.role)))
}

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

/// Its content for the roles `allowed` lets in, "no access" for everyone else.
#[component]
pub fn Restricted(
    /// Who may see the content.
    allowed: fn(Role) -> bool,
    /// The content.
    children: ChildrenFn,
) -> impl IntoView {
    let role = use_role();
    move || {
        if role.get().is_some_and(allowed) {
            children().into_any()
        } else {
            view! { <NoAccess /> }.into_any()
        }
    }
}

#[component]
pub fn NoAccess() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-error" role="alert">
            <p>{tr!(i18n, pages.no_access)}</p>
        </div>
    }
}
