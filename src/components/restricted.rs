//! What a page shows to roles it is not for: "no access" instead of its content.

use bellhop_api::people::Role;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::session::use_role;

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
