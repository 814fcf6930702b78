//! A labelled form field with its error underneath.

use leptos::prelude::*;

use crate::i18n::{field_text, use_i18n};

#[component]
pub fn TextField(
    /// The label above the input.
    #[prop(into)]
    label: Signal<String>,
    /// The current text.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every input.
    #[prop(into)]
    on_input: Callback<String>,
    /// A reason code (e.g. `pin_format`) from validation or the server.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The input's `type` (`text`, `password`, …).
    #[prop(default = "text")]
    kind: &'static str,
    /// The input's `name`, also used for its id and by tests.
    name: &'static str,
    /// The `autocomplete` attribute; `off` by default on shared devices.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The `inputmode` attribute (`numeric` for PINs).
    #[prop(default = "text")]
    inputmode: &'static str,
    /// The `autocapitalize` attribute (`characters` for employee numbers).
    #[prop(default = "off")]
    autocapitalize: &'static str,
    /// Focus this field when it appears.
    #[prop(optional)]
    autofocus: bool,
    /// Shows the value without letting it be changed.
    #[prop(optional, into)]
    readonly: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{name}");
    let err_id = format!("{id}-err");
    let err_id2 = err_id.clone();
    let has_error = move || error.with(Option::is_some);
    // The `autofocus` attribute only works on page load; a field that appears later
    // (sign-in after "Switch user") is focused here, ready for the next person.
    let input_ref = NodeRef::<leptos::html::Input>::new();
    if autofocus {
        Effect::new(move |_| {
            if let Some(input) = input_ref.get() {
                let _ = input.focus();
            }
        });
    }
    view! {
        <div class="field" class:invalid=has_error>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <input
                node_ref=input_ref
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                autocapitalize=autocapitalize
                spellcheck="false"
                autofocus=autofocus
                readonly=readonly
                aria-invalid=move || has_error().to_string()
                aria-describedby=move || has_error().then(|| err_id.clone())
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            {move || {
                error
                    .get()
                    .map(|reason| {
                        view! {
                            <p class="field-error" id=err_id2.clone()>
                                {field_text(i18n.get_locale(), &reason)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
