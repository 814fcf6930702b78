//! A graded attempt: score, pass or not, the certificate earned, and the review (right
//! answers and explanations) only when the server sent one.

use bellhop_api::quiz::{AnswerKey, Response};
use bellhop_api::training::{Attempt, AttemptQuestion, ReviewItem};
use leptos::prelude::*;

use super::percent;
use crate::i18n::{short_time, td_string, tr, trf, use_i18n, Locale};
use crate::paths::Screen;
use leptos_router::components::A;

/// Options by shown position, joined: "A, C" or "1. A → 2. B".
fn options_text(q: &AttemptQuestion, picks: &[usize], arrow: bool) -> String {
    let texts: Vec<String> = picks.iter().filter_map(|p| q.options.get(*p).cloned()).collect();
    texts.join(if arrow { " → " } else { ", " })
}

fn yes_no(locale: Locale, value: bool) -> String {
    if value {
        td_string!(locale, training.true_).to_owned()
    } else {
        td_string!(locale, training.false_).to_owned()
    }
}

fn response_text(locale: Locale, q: &AttemptQuestion) -> String {
    match &q.response {
        None => td_string!(locale, training.no_answer).to_owned(),
        Some(Response::Choice(c)) => options_text(q, &[*c], false),
        Some(Response::Choices(cs)) => options_text(q, cs, false),
        Some(Response::Order(o)) => options_text(q, o, true),
        Some(Response::Bool(b)) => yes_no(locale, *b),
        Some(Response::Number(n)) => n.to_string(),
    }
}

fn key_text(locale: Locale, q: &AttemptQuestion, key: &AnswerKey) -> String {
    match key {
        AnswerKey::SingleChoice { correct } => options_text(q, &[*correct], false),
        AnswerKey::MultipleChoice { correct, .. } => options_text(q, correct, false),
        AnswerKey::Ordering { correct } => options_text(q, correct, true),
        AnswerKey::TrueFalse { correct } => yes_no(locale, *correct),
        AnswerKey::Numeric { expected, tolerance } if *tolerance > 0.0 => format!("{expected} ± {tolerance}"),
        AnswerKey::Numeric { expected, .. } => expected.to_string(),
    }
}

#[component]
pub fn ResultView(
    /// The graded attempt.
    attempt: Attempt,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(result) = attempt.result.clone() else {
        return ().into_any();
    };
    let passed = result.passed;
    // Graded at the deadline: the time ran out before it was handed in.
    let timed_out = attempt.deadline_at.is_some_and(|d| result.graded_at >= d);
    let score = percent(result.score);
    let certificate = result.certificate_expires_at.map(|t| {
        let date = short_time(t);
        view! {
            <div class="notice notice-success certificate-earned">
                <p>{trf!(i18n, training.certificate_earned, date = date)}</p>
            </div>
        }
    });
    let review = match result.review {
        Some(items) => {
            let rows = items
                .into_iter()
                .filter_map(|item| {
                    let q = attempt.questions.iter().find(|q| q.position == item.position)?.clone();
                    Some(view! { <ReviewRow question=q item=item /> })
                })
                .collect_view();
            view! {
                <section class="card review">
                    <h2>{tr!(i18n, training.review)}</h2>
                    <ol class="review-list">{rows}</ol>
                </section>
            }
            .into_any()
        }
        None => view! { <p class="hint no-review">{tr!(i18n, training.no_review)}</p> }.into_any(),
    };
    view! {
        <h1>{attempt.quiz_title.clone()}</h1>
        {timed_out
            .then(|| {
                view! {
                    <div class="notice notice-info time-up" role="status">
                        <p>{tr!(i18n, training.time_up)}</p>
                    </div>
                }
            })}
        <div class="card result-card" data-passed=passed.to_string()>
            <p class="result-score-big">{score}</p>
            <p class="result-verdict">
                {if passed { tr!(i18n, training.passed) } else { tr!(i18n, training.not_passed) }}
            </p>
            <p class="hint">{trf!(i18n, training.attempt_no, n = attempt.attempt_no)}</p>
        </div>
        {certificate}
        {review}
        <A href=Screen::Training attr:class="btn btn-primary btn-block btn-big">
            {tr!(i18n, training.back)}
        </A>
    }
    .into_any()
}

#[component]
fn ReviewRow(
    /// The question as it was shown, with the answer given.
    question: AttemptQuestion,
    /// Its right answer and explanation.
    item: ReviewItem,
) -> impl IntoView {
    let i18n = use_i18n();
    let right = item.credit >= 1.0;
    let q = StoredValue::new(question.clone());
    let key = item.key.clone();
    view! {
        <li class="review-item" class:right=right>
            <p class="prompt">{question.prompt}</p>
            <p>
                <span class="label">{tr!(i18n, training.you_answered)}</span>
                " "
                {move || q.with_value(|q| response_text(i18n.get_locale(), q))}
            </p>
            <p>
                <span class="label">{tr!(i18n, training.right_answer)}</span>
                " "
                {move || q.with_value(|q| key_text(i18n.get_locale(), q, &key))}
            </p>
            {(!item.explanation.is_empty()).then(|| view! { <p class="explanation">{item.explanation}</p> })}
        </li>
    }
}
