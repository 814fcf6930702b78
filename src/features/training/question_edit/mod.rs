//! `/training/questions/new` and `/training/questions/:id` (managers): one question of
//! the bank — its category, kind, prompt (and a scenario's case), the options with the
//! right one(s) or their right order, true or false, a number with its tolerance, and
//! the explanation shown after grading. The shared validation checks it before it is
//! sent; its reasons and the server's show next to their fields. Saving goes back to
//! the bank with the question shown; a stored question can be retired.

mod draft;
mod options;

use std::collections::BTreeSet;

use bellhop_api::training::{Question, QuestionKind};
use bellhop_api::validate::FieldErrors;
use leptos::prelude::*;
use uuid::Uuid;

use self::draft::Draft;
use self::options::AnswerFields;
use super::bank::show_after_save;
use super::kind_text;
use super::retire::{Retirable, Retire};
use super::{reason_text, NotFoundNotice};
use crate::api::new_id;
use crate::components::field::{checked, field_error, show_refusal, FieldError, Form, SelectField, TextArea};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::components::sub_page::SubPage;
use crate::data::{Call, Data};
use crate::features::training::api;
use crate::i18n::{tr, use_i18n};
use crate::paths::{in_place, Screen};
use leptos_router::hooks::use_navigate;

const KINDS: [QuestionKind; 6] = [
    QuestionKind::SingleChoice,
    QuestionKind::MultipleChoice,
    QuestionKind::TrueFalse,
    QuestionKind::Scenario,
    QuestionKind::Ordering,
    QuestionKind::Numeric,
];

#[component]
pub fn QuestionPage(
    /// The question id from the path; `None` for a new question.
    id: Option<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let back = (Screen::TrainingBank, tr!(i18n, training.back_bank));
    view! {
        <SubPage class="question-editor" back=back>
            <WithBank id=id />
        </SubPage>
    }
}

/// Loads the bank (its categories, and the question to edit), then the editor.
#[component]
fn WithBank(
    /// The stored question, or `None` for a new one.
    id: Option<Uuid>,
) -> impl IntoView {
    let bank = Data::new(api::all_questions);
    // Drawn once: saving changes the fields, not the page.
    let editor = move || {
        let all = bank.get_untracked().and_then(Result::ok).unwrap_or_default();
        let categories: Vec<String> = all
            .iter()
            .map(|q| q.question.category.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        match id {
            None => view! { <QuestionEditor question=None categories=categories /> }.into_any(),
            Some(id) => match all.into_iter().find(|q| q.question.id == id) {
                Some(q) => view! { <QuestionEditor question=Some(q) categories=categories /> }.into_any(),
                None => view! { <NotFoundNotice /> }.into_any(),
            },
        }
    };
    view! {
        <Loaded phase=phase_of(bank) retry=move |()| bank.refetch()>
            {editor}
        </Loaded>
    }
}

#[component]
fn QuestionEditor(
    /// The stored question, or `None` for a new one.
    question: Option<Question>,
    /// The bank's categories, offered while typing one.
    categories: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let is_new = question.is_none();
    let draft = Draft::of(question.as_ref().map(|q| &q.question), new_id());
    let fields = RwSignal::new(FieldErrors::new());
    let save = Call::new(move || {
        let (input, navigate) = (checked(draft.to_input(), fields), navigate.clone());
        async move {
            let Some(input) = input else {
                return Ok(());
            };
            let answer = if is_new {
                api::create_question(&input).await
            } else {
                api::update_question(&input).await
            };
            let stored = answer.map_err(|err| show_refusal(err, fields))?;
            show_after_save(stored.question.id);
            navigate(&Screen::TrainingBank.href(), in_place());
            Ok(())
        }
    });
    let text = |signal: RwSignal<String>| Callback::new(move |v| signal.set(v));
    let suggestions = categories
        .into_iter()
        .map(|c| view! { <option value=c></option> })
        .collect_view();
    let category_error = field_error(fields, "category");
    let category_invalid = move || category_error.with(Option::is_some);
    view! {
        <h1>{if is_new { tr!(i18n, training.new_question) } else { tr!(i18n, training.edit_question) }}</h1>
        <Form class="question-form" on_submit=move |()| save.start()>
            <section class="card">
                <div class="field" class:invalid=category_invalid>
                    <label for="f-question-category">{tr!(i18n, training.category)}</label>
                    <p class="hint">{tr!(i18n, training.category_hint)}</p>
                    <input
                        id="f-question-category"
                        type="text"
                        list="bank-categories"
                        autocomplete="off"
                        aria-invalid=move || category_invalid().to_string()
                        prop:value=draft.category
                        on:input=move |ev| draft.category.set(event_target_value(&ev))
                    />
                    <datalist id="bank-categories">{suggestions}</datalist>
                    <FieldError error=category_error id="f-question-category-err".to_owned() text=reason_text />
                </div>
                <SelectField
                    label=tr!(i18n, training.question_kind)
                    id="f-question-kind"
                    all=&KINDS
                    value=draft.kind
                    text=kind_text
                    on_change=Callback::new(move |_| draft.keep_one_mark())
                />
                <Show when=move || draft.kind.get() == QuestionKind::Scenario>
                    <TextArea
                        label=tr!(i18n, training.case_text)
                        name="question_case"
                        value=draft.case
                        on_input=text(draft.case)
                        error=field_error(fields, "case")
                    />
                    <label class="toggle" for="f-question_several">
                        <input
                            type="checkbox"
                            id="f-question_several"
                            prop:checked=draft.scenario_multiple
                            on:change=move |ev| {
                                draft.scenario_multiple.set(event_target_checked(&ev));
                                draft.keep_one_mark();
                            }
                        />
                        <span>{tr!(i18n, training.scenario_several)}</span>
                    </label>
                </Show>
                <TextArea
                    label=tr!(i18n, training.prompt)
                    name="question_prompt"
                    value=draft.prompt
                    on_input=text(draft.prompt)
                    error=field_error(fields, "prompt")
                />
            </section>
            <AnswerFields draft=draft fields=fields />
            <section class="card">
                <TextArea
                    label=tr!(i18n, training.explanation)
                    name="question_explanation"
                    value=draft.explanation
                    on_input=text(draft.explanation)
                    error=field_error(fields, "explanation")
                />
                <p class="hint">{tr!(i18n, training.explanation_hint)}</p>
            </section>
            <ErrorNotice error=save.error />
            <button type="submit" class="btn btn-primary btn-block btn-big save-question" disabled=save.pending()>
                {if is_new { tr!(i18n, training.create_question) } else { tr!(i18n, training.save_question) }}
            </button>
        </Form>
        {(!is_new).then(|| view! { <Retire what=Retirable::Question id=draft.id /> })}
    }
}
