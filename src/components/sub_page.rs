//! The frame of a page below a section's main page.

use bellhop_api::people::Role;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::restricted::Restricted;
use crate::paths::Screen;

/// A page below a section's main page: the way back, then the content for the roles
/// `allowed` lets in.
#[component]
pub fn SubPage(
    /// CSS class of the page.
    class: &'static str,
    /// Who may see the content.
    allowed: fn(Role) -> bool,
    /// Where the back link leads, and what it says.
    back: (Screen, Signal<String>),
    /// The content.
    children: ChildrenFn,
) -> impl IntoView {
    let (to, label) = back;
    view! {
        <section class=format!("page {class}")>
            <A href=to attr:class="btn btn-link back-link">
                {label}
            </A>
            <Restricted allowed=allowed>{children()}</Restricted>
        </section>
    }
}
