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
