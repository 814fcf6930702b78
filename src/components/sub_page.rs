//! The frame of a page below a section's main page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::paths::Screen;

/// A page below a section's main page: the way back, then the content.
#[component]
pub fn SubPage(
    /// CSS class of the page.
    class: &'static str,
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
            {children()}
        </section>
    }
}
