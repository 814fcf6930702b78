//! `/training/quizzes` (managers): the hotel's quizzes by title, a page at a time, each
//! opening its editor; and the way to a new one.

use bellhop_api::training::{Quiz, Selection};
use leptos::prelude::*;

use super::to_training;
use crate::components::paging::{page_window, Pages, ShowMore};
use crate::components::sub_page::SubPage;
use crate::features::training::api;
use crate::i18n::{tr, trf, use_i18n, I18n};
use crate::paths::Screen;
use leptos_router::components::A;

/// How many questions an attempt at `quiz` asks.
pub fn question_total(quiz: &Quiz) -> usize {
    match &quiz.selection {
        Selection::Fixed { question_ids } => question_ids.len(),
        Selection::Draw { draws } => draws.iter().map(|d| d.count as usize).sum(),
    }
}

/// "10 questions · pass 80% · 10 min · certificate 12 months", as far as each applies.
fn summary(i18n: I18n, quiz: &Quiz) -> Signal<String> {
    let (n, mark) = (question_total(quiz), quiz.pass_mark.round() as i64);
    let (minutes, months) = (quiz.time_limit_mins, quiz.certificate_months);
    Signal::derive(move || {
        let mut parts = vec![
            trf!(i18n, training.question_count, n = n).get(),
            trf!(i18n, training.pass_at, mark = mark).get(),
        ];
        if let Some(m) = minutes {
            parts.push(trf!(i18n, training.minutes_limit, n = m).get());
        }
        if let Some(m) = months {
            parts.push(trf!(i18n, training.certificate_for, n = m).get());
        }
        parts.join(" · ")
    })
}

#[component]
pub fn QuizzesPage() -> impl IntoView {
    view! {
        <SubPage class="training-quizzes" back=to_training()>
            <Quizzes />
        </SubPage>
    }
}

#[component]
fn Quizzes() -> impl IntoView {
    let i18n = use_i18n();
    let pages = Pages::new(|offset| async move { api::quizzes(&page_window(offset)).await });
    pages.reload();
    let rows = move || {
        pages
            .rows
            .get()
            .into_iter()
            .map(|q| {
                let line = summary(i18n, &q);
                view! {
                    <li class="quiz-row" data-quiz=q.id.to_string()>
                        <A href=Screen::TrainingQuiz(q.id) attr:class="row-link">
                            <span class="row-title">{q.title}</span>
                            <span class="hint">{line}</span>
                        </A>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, training.quizzes_title)}</h1>
            <A href=Screen::TrainingNewQuiz attr:class="btn btn-primary new-quiz">
                {tr!(i18n, training.new_quiz)}
            </A>
        </div>
        <Show when=move || pages.ready() && pages.rows.with(Vec::is_empty)>
            <p class="empty">{tr!(i18n, training.no_quizzes)}</p>
        </Show>
        <ul class="card row-list quiz-list">{rows}</ul>
        <ShowMore pages=pages />
    }
}
