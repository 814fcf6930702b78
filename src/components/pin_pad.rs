//! The on-screen PIN keypad of shared tablets: big keys, no keyboard needed.

use leptos::prelude::*;

use bellhop_api::validate::PIN_DIGITS;

/// What a key of the pad does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadKey {
    Digit(char),
    Delete,
    Submit,
}

#[component]
pub fn PinPad(
    /// How many digits are typed so far (the digits themselves stay with the parent).
    #[prop(into)]
    length: Signal<usize>,
    /// Called for every key press.
    #[prop(into)]
    on_key: Callback<PadKey>,
    /// Accessible label of the delete key.
    #[prop(into)]
    delete_label: Signal<String>,
    /// Text of the submit key.
    #[prop(into)]
    submit_label: Signal<String>,
    /// Greys out the pad while a sign-in is on its way.
    #[prop(into)]
    disabled: Signal<bool>,
    /// Accessible label of the dots that stand for the typed digits.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let max = *PIN_DIGITS.end();
    let dots = move || {
        (0..max)
            .map(|i| {
                let filled = move || i < length.get();
                view! { <span class="pin-dot" class:filled=filled></span> }
            })
            .collect_view()
    };
    let digit = move |d: char| {
        view! {
            <button
                type="button"
                class="pad-key"
                data-key=d.to_string()
                disabled=move || { disabled.get() || length.get() >= max }
                on:click=move |_| on_key.run(PadKey::Digit(d))
            >
                {d.to_string()}
            </button>
        }
    };
    view! {
        <div class="pin">
            <div class="pin-dots" role="img" aria-label=move || format!("{}: {}", label.get(), length.get())>
                {dots}
            </div>
            <div class="pad">
                {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit).collect_view()}
                <button
                    type="button"
                    class="pad-key pad-delete"
                    aria-label=delete_label
                    disabled=move || { disabled.get() || length.get() == 0 }
                    on:click=move |_| on_key.run(PadKey::Delete)
                >
                    "⌫"
                </button>
                {digit('0')}
                <button
                    type="button"
                    class="pad-key pad-submit"
                    disabled=move || { disabled.get() || !PIN_DIGITS.contains(&length.get()) }
                    on:click=move |_| on_key.run(PadKey::Submit)
                >
                    {submit_label}
                </button>
            </div>
        </div>
    }
}
