//! A button that starts a call.

use leptos::prelude::*;

use crate::data::Call;

/// A button that starts `call`: while the call is on its way it waits (disabled, and
/// `aria-busy` for assistive technology and the styles), so a second tap does nothing.
#[component]
pub fn Button(
    /// What it does.
    #[prop(into)]
    label: Signal<String>,
    /// The call it starts.
    call: Call,
    /// CSS classes.
    #[prop(default = "btn btn-secondary")]
    class: &'static str,
    /// What a tap does instead of starting `call`: hands a run to a call made by
    /// `Call::each`.
    #[prop(optional, into)]
    on_click: Option<Callback<()>>,
) -> impl IntoView {
    let pending = call.pending();
    view! {
        <button
            type="button"
            class=class
            disabled=pending
            aria-busy=move || pending.get().to_string()
            on:click=move |_| match on_click {
                Some(on_click) => on_click.run(()),
                None => call.start(),
            }
        >
            {label}
        </button>
    }
}
