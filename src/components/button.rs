//! A button that starts a call.

use leptos::prelude::*;

/// A button that starts a call: disabled while a call of its screen is on its way.
#[component]
pub fn Button(
    /// What it does.
    #[prop(into)]
    label: Signal<String>,
    /// A call is on its way.
    #[prop(into)]
    pending: Signal<bool>,
    /// CSS classes.
    #[prop(default = "btn btn-secondary")]
    class: &'static str,
    /// Starts the call.
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button type="button" class=class disabled=pending on:click=move |_| on_click.run(())>
            {label}
        </button>
    }
}
