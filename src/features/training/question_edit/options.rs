//! The answer part of the question editor, by kind: options with their right
//! answer(s) (a radio for one, checkboxes for several) and the partial-credit rule;
//! ordering items in their right order; true or false; a number with its tolerance.

use bellhop_api::quiz::PartialCredit;
use bellhop_api::training::{QuestionKind, OPTIONS_MAX};
use bellhop_api::validate::FieldErrors;
use leptos::prelude::*;

use super::draft::{Draft, OptionRow};
use crate::components::field::{field_error, FieldError, SelectField, TextField};
use crate::features::training::question::MoveButtons;
use crate::features::training::reason_text;
use crate::i18n::{tr, trf, use_i18n, I18n};

const RULES: [PartialCredit; 2] = [PartialCredit::AllOrNothing, PartialCredit::RightMinusWrong];

#[component]
pub fn AnswerFields(
    /// The question being edited.
    draft: Draft,
    /// Reasons by field, from this screen or the server.
    fields: RwSignal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = draft.kind;
    let has_options = move || !matches!(kind.get(), QuestionKind::TrueFalse | QuestionKind::Numeric);
    let key_error = field_error(fields, "key");
    view! {
        <section class="card question-answers">
            <h2>{tr!(i18n, training.answers)}</h2>
            <Show when=has_options>
                <Options draft=draft />
                <FieldError error=field_error(fields, "options") id="f-question-options-err".to_owned() text=reason_text />
            </Show>
            <Show when=move || kind.get() == QuestionKind::TrueFalse>
                <TrueFalse draft=draft />
            </Show>
            <Show when=move || kind.get() == QuestionKind::Numeric>
                <div class="field-row">
                    <TextField
                        label=tr!(i18n, training.numeric_answer)
                        name="question_expected"
                        inputmode="decimal"
                        value=draft.expected
                        on_input=Callback::new(move |v| draft.expected.set(v))
                    />
                    <TextField
                        label=tr!(i18n, training.tolerance)
                        name="question_tolerance"
                        inputmode="decimal"
                        value=draft.tolerance
                        on_input=Callback::new(move |v| draft.tolerance.set(v))
                    />
                </div>
            </Show>
            <FieldError error=key_error id="f-question-key-err".to_owned() text=reason_text />
            <Show when=move || draft.picks_several()>
                <SelectField
                    label=tr!(i18n, training.rule_label)
                    id="f-question-rule"
                    all=&RULES
                    value=draft.rule
                    text=rule_text
                />
            </Show>
        </section>
    }
}

/// The options in order, each with its right mark, moves and removal; then Add.
#[component]
fn Options(
    /// The question being edited.
    draft: Draft,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = draft.options;
    let ordering = move || draft.kind.get() == QuestionKind::Ordering;
    let hint = move || {
        if ordering() {
            tr!(i18n, training.options_hint_ordering).get()
        } else if draft.picks_several() {
            tr!(i18n, training.options_hint_several).get()
        } else {
            tr!(i18n, training.options_hint_one).get()
        }
    };
    let swap = Callback::new(move |(a, b): (usize, usize)| options.update(|o| o.swap(a, b)));
    let rows = move || {
        let rows = options.get();
        let n = rows.len();
        rows.into_iter()
            .enumerate()
            .map(|(at, row)| view! { <OptionLine draft=draft row=row at=at n=n on_swap=swap /> })
            .collect_view()
    };
    view! {
        <p class="hint">{hint}</p>
        <ol class="option-list">{rows}</ol>
        <button
            type="button"
            class="btn btn-secondary btn-block add-option"
            disabled=move || options.with(|o| o.len() >= OPTIONS_MAX)
            on:click=move |_| options.update(|o| o.push(OptionRow::new("", false)))
        >
            {tr!(i18n, training.add_option)}
        </button>
    }
}

#[component]
fn OptionLine(
    /// The question being edited.
    draft: Draft,
    /// This option.
    row: OptionRow,
    /// Its position.
    at: usize,
    /// How many options there are.
    n: usize,
    /// Called with (this position, the one to change places with).
    on_swap: Callback<(usize, usize)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = trf!(i18n, training.option_n, n = at + 1);
    let marker = move || {
        (draft.kind.get() != QuestionKind::Ordering).then(|| {
            let kind = if draft.picks_several() { "checkbox" } else { "radio" };
            view! {
                <label class="option-correct">
                    <input
                        type=kind
                        name="question-correct"
                        aria-label=tr!(i18n, training.right_option)
                        prop:checked=row.correct
                        on:change=move |ev| draft.mark(at, event_target_checked(&ev))
                    />
                </label>
            }
        })
    };
    view! {
        <li class="option-row" class:correct=move || row.correct.get() && draft.kind.get() != QuestionKind::Ordering>
            {marker}
            <input
                type="text"
                class="option-text"
                aria-label=label
                prop:value=row.text
                on:input=move |ev| row.text.set(event_target_value(&ev))
            />
            <span class="row-tools">
                <MoveButtons at=at n=n on_swap=on_swap />
                <button
                    type="button"
                    class="btn btn-secondary remove-option"
                    aria-label=tr!(i18n, training.remove)
                    on:click=move |_| draft.options.update(|o| { o.remove(at); })
                >
                    "✕"
                </button>
            </span>
        </li>
    }
}

#[component]
fn TrueFalse(
    /// The question being edited.
    draft: Draft,
) -> impl IntoView {
    let i18n = use_i18n();
    let choice = move |value: bool, label: Signal<String>| {
        view! {
            <button
                type="button"
                class="btn btn-segment"
                data-value=value.to_string()
                aria-pressed=move || (draft.true_false.get() == value).to_string()
                on:click=move |_| draft.true_false.set(value)
            >
                {label}
            </button>
        }
    };
    view! {
        <p class="hint">{tr!(i18n, training.statement_is)}</p>
        <div class="segments true-false" role="group" aria-label=tr!(i18n, training.statement_is)>
            {choice(true, tr!(i18n, training.true_))}
            {choice(false, tr!(i18n, training.false_))}
        </div>
    }
}

/// The words for how a question with several right options gives credit.
fn rule_text(i18n: I18n, rule: PartialCredit) -> Signal<String> {
    match rule {
        PartialCredit::AllOrNothing => tr!(i18n, training.rule_all_or_nothing),
        PartialCredit::RightMinusWrong => tr!(i18n, training.rule_right_minus_wrong),
    }
}
