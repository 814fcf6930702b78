//! `/training/quizzes/new` and `/training/quizzes/:id` (managers): a quiz's title, its
//! questions (chosen from the bank, or drawn at random per category) and its rules —
//! pass mark, time limit, attempts and the wait between them, when the right answers
//! show, shuffled options, a certificate and its validity. The server checks and names
//! what is wrong next to each field. A saved quiz is assigned below it, or retired.

mod draft;
mod questions;

use bellhop_api::training::{Quiz, ReviewPolicy};
use bellhop_api::validate::FieldErrors;
use leptos::prelude::*;
use uuid::Uuid;

use self::draft::Draft;
use self::questions::{ChosenQuestions, DrawRows};
use super::assign::AssignForm;
use super::reason_text;
use super::retire::{Retirable, Retire};
use crate::api::new_id;
use crate::components::field::{
    checked, field_error, show_refusal, FieldError, Form, SelectField, TextArea, TextField, Toggle,
};
use crate::components::status::{phase_of, ErrorNotice, Loaded, Loading};
use crate::components::sub_page::SubPage;
use crate::data::{Call, Data};
use crate::features::training::api;
use crate::i18n::{tr, use_i18n, I18n};
use crate::paths::{in_place, Screen};
use leptos_router::hooks::use_navigate;

const REVIEWS: [ReviewPolicy; 3] = [
    ReviewPolicy::Never,
    ReviewPolicy::AfterEachAttempt,
    ReviewPolicy::AfterPassing,
];

fn review_text(i18n: I18n, review: ReviewPolicy) -> Signal<String> {
    match review {
        ReviewPolicy::Never => tr!(i18n, training.review_never),
        ReviewPolicy::AfterEachAttempt => tr!(i18n, training.review_after_each),
        ReviewPolicy::AfterPassing => tr!(i18n, training.review_after_passing),
    }
}

#[component]
pub fn QuizPage(
    /// The quiz id from the path; `None` for a new quiz.
    id: Option<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let back = (Screen::TrainingQuizzes, tr!(i18n, training.back_quizzes));
    view! {
        <SubPage class="quiz-editor" back=back>
            {match id {
                None => view! { <QuizEditor quiz=None /> }.into_any(),
                Some(id) => view! { <SavedQuiz id=id /> }.into_any(),
            }}
        </SubPage>
    }
}

/// A stored quiz: its editor, then its assignment form.
#[component]
fn SavedQuiz(
    /// The quiz.
    id: Uuid,
) -> impl IntoView {
    let quiz = Data::new(move || api::quiz(id));
    // Drawn once: saving changes the fields, not the page.
    view! {
        <Loaded phase=phase_of(quiz) retry=move |()| quiz.refetch()>
            {move || {
                let q = quiz.get_untracked().and_then(Result::ok);
                view! {
                    <QuizEditor quiz=q />
                    <AssignForm on_assigned=Callback::new(|()| ()) quiz=id />
                }
            }}
        </Loaded>
    }
}

#[component]
fn QuizEditor(
    /// The stored quiz, or `None` for a new one.
    quiz: Option<Quiz>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let is_new = quiz.is_none();
    let draft = Draft::of(quiz.as_ref(), new_id());
    let bank = Data::new(api::all_questions);
    let questions = Signal::derive(move || bank.with(|b| b.and_then(Result::ok).cloned().unwrap_or_default()));
    let fields = RwSignal::new(FieldErrors::new());
    let saved = RwSignal::new(false);
    let save = Call::new(move || {
        saved.set(false);
        let (quiz, navigate) = (checked(draft.to_quiz(), fields), navigate.clone());
        async move {
            let Some(quiz) = quiz else {
                return Ok(());
            };
            let answer = if is_new {
                api::create_quiz(&quiz).await
            } else {
                api::update_quiz(&quiz).await
            };
            let stored = answer.map_err(|err| show_refusal(err, fields))?;
            if is_new {
                navigate(&Screen::TrainingQuiz(stored.id).href(), in_place());
            } else {
                saved.try_set(true);
            }
            Ok(())
        }
    });
    let mode_button = move |draw: bool, label: Signal<String>| {
        view! {
            <button
                type="button"
                class="btn btn-segment"
                aria-pressed=move || (draft.by_draw.get() == draw).to_string()
                on:click=move |_| draft.by_draw.set(draw)
            >
                {label}
            </button>
        }
    };
    let bank_state = move || match bank.get() {
        None => Some(view! { <Loading /> }.into_any()),
        Some(Err(err)) => {
            Some(view! { <ErrorNotice error=Some(err) on_retry=Callback::new(move |()| bank.refetch()) /> }.into_any())
        }
        Some(Ok(_)) => None,
    };
    let text = |signal: RwSignal<String>| Callback::new(move |v| signal.set(v));
    view! {
        <h1>{if is_new { tr!(i18n, training.new_quiz) } else { tr!(i18n, training.edit_quiz) }}</h1>
        <Form class="quiz-form" on_submit=move |()| save.start()>
            <section class="card">
                <TextField
                    label=tr!(i18n, training.quiz_title)
                    name="quiz_title"
                    value=draft.title
                    on_input=text(draft.title)
                    error=field_error(fields, "title")
                />
                <TextArea
                    label=tr!(i18n, training.description)
                    name="quiz_description"
                    value=draft.description
                    on_input=text(draft.description)
                    error=field_error(fields, "description")
                />
            </section>
            <section class="card quiz-questions">
                <h2>{tr!(i18n, training.questions)}</h2>
                <div class="segments" role="group" aria-label=tr!(i18n, training.questions)>
                    {mode_button(false, tr!(i18n, training.mode_chosen))}
                    {mode_button(true, tr!(i18n, training.mode_draw))}
                </div>
                <FieldError error=field_error(fields, "selection") id="f-selection-err".to_owned() text=reason_text />
                {bank_state}
                <Show
                    when=move || draft.by_draw.get()
                    fallback=move || view! { <ChosenQuestions chosen=draft.chosen bank=questions /> }
                >
                    <DrawRows draws=draft.draws bank=questions />
                </Show>
            </section>
            <Rules draft=draft fields=fields />
            <ErrorNotice error=save.error />
            <Show when=move || saved.get()>
                <div class="notice notice-success" role="status">
                    <p>{tr!(i18n, training.quiz_saved)}</p>
                </div>
            </Show>
            <button type="submit" class="btn btn-primary btn-block btn-big save-quiz" disabled=save.pending()>
                {if is_new { tr!(i18n, training.create_quiz) } else { tr!(i18n, training.save_quiz) }}
            </button>
        </Form>
        {(!is_new).then(|| view! { <Retire what=Retirable::Quiz id=draft.id /> })}
    }
}

/// Pass mark, time, attempts, review, shuffling and the certificate.
#[component]
fn Rules(
    /// The quiz being edited.
    draft: Draft,
    /// Reasons by field, from this screen or the server.
    fields: RwSignal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = |signal: RwSignal<String>| Callback::new(move |v| signal.set(v));
    view! {
        <section class="card quiz-rules">
            <h2>{tr!(i18n, training.rules)}</h2>
            <div class="field-row">
                <TextField
                    label=tr!(i18n, training.pass_mark)
                    name="quiz_pass_mark"
                    inputmode="decimal"
                    value=draft.pass_mark
                    on_input=text(draft.pass_mark)
                    error=field_error(fields, "pass_mark")
                />
                <TextField
                    label=tr!(i18n, training.time_limit)
                    hint=tr!(i18n, training.time_limit_hint)
                    name="quiz_time_limit"
                    inputmode="numeric"
                    value=draft.time_limit
                    on_input=text(draft.time_limit)
                    error=field_error(fields, "time_limit_mins")
                />
            </div>
            <div class="field-row">
                <TextField
                    label=tr!(i18n, training.max_attempts)
                    hint=tr!(i18n, training.max_attempts_hint)
                    name="quiz_max_attempts"
                    inputmode="numeric"
                    value=draft.max_attempts
                    on_input=text(draft.max_attempts)
                    error=field_error(fields, "max_attempts")
                />
                <TextField
                    label=tr!(i18n, training.wait)
                    name="quiz_wait"
                    inputmode="numeric"
                    value=draft.wait_mins
                    on_input=text(draft.wait_mins)
                    error=field_error(fields, "wait_mins")
                />
            </div>
            <SelectField
                label=tr!(i18n, training.review_label)
                id="f-quiz-review"
                all=&REVIEWS
                value=draft.review
                text=review_text
            />
            <Toggle value=draft.shuffle name="quiz_shuffle" label=tr!(i18n, training.shuffle) />
            <Toggle value=draft.certify name="quiz_certify" label=tr!(i18n, training.certify) />
            <Show when=move || draft.certify.get()>
                <div class="field-row">
                    <TextField
                        label=tr!(i18n, training.certificate_months)
                        name="quiz_certificate_months"
                        inputmode="numeric"
                        value=draft.certificate_months
                        on_input=text(draft.certificate_months)
                        error=field_error(fields, "certificate_months")
                    />
                    <TextField
                        label=tr!(i18n, training.recertify_days)
                        name="quiz_recertify_days"
                        inputmode="numeric"
                        value=draft.recertify_days
                        on_input=text(draft.recertify_days)
                        error=field_error(fields, "recertify_days_before")
                    />
                </div>
            </Show>
        </section>
    }
}
