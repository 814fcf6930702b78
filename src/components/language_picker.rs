//! Three buttons to pick English, 繁體中文 or 简体中文. Each language is named in
//! itself, as language pickers do, so a person finds theirs whatever is on screen.

use bellhop_api::people::Language;
use leptos::prelude::*;

#[component]
pub fn LanguagePicker(
    /// The language shown as chosen.
    #[prop(into)]
    value: Signal<Language>,
    /// Called with the language tapped.
    #[prop(into)]
    on_change: Callback<Language>,
    /// Accessible name of the group, e.g. "Language".
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="lang-picker" role="group" aria-label=label>
            {Language::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            class="btn btn-segment"
                            lang=lang.tag()
                            aria-pressed=move || (value.get() == lang).to_string()
                            on:click=move |_| on_change.run(lang)
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A form's choice of a language (a hotel's default), each named in itself.
#[component]
pub fn LanguageField(
    /// The label above the list.
    #[prop(into)]
    label: Signal<String>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The list's id is `f-<name>`.
    name: &'static str,
    /// The language chosen.
    value: RwSignal<Language>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="hint">{hint}</p> })}
            <select
                id=id
                on:change=move |ev| {
                    if let Some(l) = Language::parse(&event_target_value(&ev)) {
                        value.set(l);
                    }
                }
            >
                {Language::ALL
                    .into_iter()
                    .map(|l| view! { <option value=l.tag() selected=move || value.get() == l>{l.native_name()}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}
