//! One item of the form: its text, guidance and markers, the answer, a note and,
//! where the template allows, a photo as evidence.

use std::time::Duration;

use bellhop_api::audits::{ItemKind, TemplateItem};
use leptos::prelude::*;

use super::answer_input::{AnswerInput, NoteBox};
use super::autosave::Autosave;
use super::photo::Photo;
use crate::i18n::{tr, use_i18n};

/// Typing is saved after this pause rather than per key.
const TYPING_PAUSE: Duration = Duration::from_millis(700);

#[component]
pub fn Item(
    /// The item as the template version has it.
    item: TemplateItem,
    /// Where changes go.
    save: Autosave,
    /// Marked as a required item still without an answer.
    #[prop(into)]
    missing: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(item.key.clone());
    let current = Memo::new(move |_| key.with_value(|k| save.current(k)));
    let answer = Signal::derive(move || current.with(|c| c.0.clone()));
    let note = Signal::derive(move || current.with(|c| c.1.clone()));
    let on_answer = Callback::new(move |(a, typing): (Option<bellhop_api::audits::Answer>, bool)| {
        let delay = typing.then_some(TYPING_PAUSE);
        save.change(key.get_value(), a, note.get_untracked(), delay);
    });
    let note_open = RwSignal::new(false);
    let is_note = matches!(item.kind, ItemKind::Note);
    let show_note = move || !is_note && (note_open.get() || note.with(|n| !n.is_empty()));
    let critical = item
        .critical
        .then(|| view! { <span class="pill pill-urgent">{tr!(i18n, audits.critical)}</span> });
    let required = item
        .required
        .then(|| view! { <span class="required" title=tr!(i18n, audits.required)>"*"</span> });
    let guidance = (!item.guidance.is_empty()).then(|| view! { <p class="hint">{item.guidance.clone()}</p> });
    let photo = item
        .photo
        .then(|| view! { <Photo item_key=item.key.clone() save=save /> });
    view! {
        <div
            class="audit-item"
            id=format!("item-{}", item.key)
            data-key=item.key.clone()
            class:missing=move || missing.get() && answer.with(Option::is_none)
            class:answered=move || answer.with(Option::is_some)
        >
            <p class="item-text">{item.text.clone()} {required} " " {critical}</p>
            {guidance}
            <AnswerInput kind=item.kind.clone() item_key=item.key.clone() value=answer on_answer=on_answer />
            <Show when=show_note>
                <NoteBox
                    class="item-note"
                    value=note
                    on_input=Callback::new(move |text| {
                        save.change(key.get_value(), answer.get_untracked(), text, Some(TYPING_PAUSE));
                    })
                />
            </Show>
            <div class="item-tools">
                {(!is_note)
                    .then(|| {
                        view! {
                            <Show when=move || !show_note()>
                                <button type="button" class="btn btn-secondary" on:click=move |_| note_open.set(true)>
                                    {tr!(i18n, audits.add_note)}
                                </button>
                            </Show>
                        }
                    })}
                {photo}
            </div>
        </div>
    }
}
