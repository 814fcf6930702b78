//! One tap per answer: big buttons for yes / no / N/A, a rating from 1 to 5 and the
//! template's choices; a number field with its target beside it; a text box for notes.

use bellhop_api::audits::{Answer, ItemKind};
use leptos::prelude::*;

use crate::i18n::{td_string, trf, use_i18n, Locale};

/// A change of answer; `true` while typing (saved after a pause, not per key).
pub type OnAnswer = Callback<(Option<Answer>, bool)>;

fn na_label(locale: Locale) -> &'static str {
    td_string!(locale, audits.not_applicable)
}

/// One answer button, pressed while it is the answer.
fn choice(
    value: Signal<Option<Answer>>,
    on_answer: OnAnswer,
    this: Answer,
    code: String,
    label: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let mine = this.clone();
    let pressed = move || value.with(|v| v.as_ref() == Some(&mine)).to_string();
    view! {
        <button
            type="button"
            class="btn btn-choice btn-big"
            data-value=code
            aria-pressed=pressed
            on:click=move |_| on_answer.run((Some(this.clone()), false))
        >
            {label}
        </button>
    }
}

#[component]
pub fn AnswerInput(
    /// What the item asks for.
    kind: ItemKind,
    /// The item key, for the ids of its fields.
    item_key: String,
    /// The answer shown.
    #[prop(into)]
    value: Signal<Option<Answer>>,
    /// Called with every change.
    on_answer: OnAnswer,
) -> impl IntoView {
    let i18n = use_i18n();
    let na = move || {
        choice(value, on_answer, Answer::NotApplicable, "na".into(), move || {
            na_label(i18n.get_locale()).to_owned()
        })
    };
    match kind {
        ItemKind::YesNo => view! {
            <div class="answer-buttons">
                {choice(value, on_answer, Answer::Yes, "yes".into(), move || td_string!(i18n.get_locale(), audits.yes).to_owned())}
                {choice(value, on_answer, Answer::No, "no".into(), move || td_string!(i18n.get_locale(), audits.no).to_owned())}
                {na()}
            </div>
        }
        .into_any(),
        ItemKind::Rating { .. } => {
            let stars = (1..=5u8)
                .map(|r| choice(value, on_answer, Answer::Rating(r), r.to_string(), move || r.to_string()))
                .collect_view();
            view! { <div class="answer-buttons rating">{stars} {na()}</div> }.into_any()
        }
        ItemKind::Choice { options } => {
            let buttons = options
                .into_iter()
                .enumerate()
                .map(|(i, o)| choice(value, on_answer, Answer::Choice(i), i.to_string(), move || o.label.clone()))
                .collect_view();
            view! { <div class="answer-buttons">{buttons} {na()}</div> }.into_any()
        }
        ItemKind::Number { target, at_most, unit } => {
            let id = format!("n-{item_key}");
            let shown = move || match value.get() {
                Some(Answer::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let target = format!("{target} {unit}");
            let hint = if at_most {
                trf!(i18n, audits.target_at_most, target = target)
            } else {
                trf!(i18n, audits.target_at_least, target = target)
            };
            view! {
                <div class="answer-number">
                    <label for=id.clone()>{hint}</label>
                    <div class="answer-buttons">
                        <input
                            id=id
                            type="number"
                            inputmode="decimal"
                            step="any"
                            prop:value=shown
                            on:change=move |ev| {
                                let text = event_target_value(&ev);
                                let answer = text.trim().parse::<f64>().ok().filter(|n| n.is_finite()).map(Answer::Number);
                                on_answer.run((answer, false));
                            }
                        />
                        {na()}
                    </div>
                </div>
            }
            .into_any()
        }
        ItemKind::Note => {
            let text = move || match value.get() {
                Some(Answer::Note(t)) => t,
                _ => String::new(),
            };
            let on_input = Callback::new(move |t: String| {
                let answer = (!t.trim().is_empty()).then_some(Answer::Note(t));
                on_answer.run((answer, true));
            });
            view! { <NoteBox class="answer-note" value=Signal::derive(text) on_input=on_input /> }.into_any()
        }
    }
}

/// A text box for a note, labelled "Note".
#[component]
pub fn NoteBox(
    /// `answer-note` (the item's answer) or `item-note` (beside the answer).
    class: &'static str,
    /// The text shown.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the text on every input.
    on_input: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <textarea
            class=class
            rows="3"
            aria-label=move || td_string!(i18n.get_locale(), audits.note)
            prop:value=value
            on:input=move |ev| on_input.run(event_target_value(&ev))
        ></textarea>
    }
}
