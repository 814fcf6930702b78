//! The route-level guard: a page shows only to the roles it opens for, "no access" to
//! everyone else. The rules are `Screen::opens_for`; the route tables put every page
//! behind this guard.

use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::paths::Screen;
use crate::session::use_auth;

/// The page `screen` (its content) for the roles it opens for, "no access" for
/// everyone else.
#[component]
pub fn Restricted(
    /// The page's address, whose rule decides.
    screen: Screen,
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let open = may_open(screen);
    move || {
        if open.get() {
            children().into_any()
        } else {
            view! { <NoAccess /> }.into_any()
        }
    }
}

/// Whether the signed-in person may open `screen`: for links to it. The chain's pages
/// also need the chain admin's flag.
pub fn may_open(screen: Screen) -> Signal<bool> {
    let auth = use_auth();
    Signal::derive(move || {
        auth.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| screen.opens_for(s.user.role) && (s.chain_admin || !screen.for_chain_admins()))
        })
    })
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
