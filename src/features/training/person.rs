//! `/training/people/:id` (supervisors: their department; managers: anyone): one
//! person's training — what they must take and how it stands, their certificates with
//! expiry, and every attempt with its score and whether it passed.

use bellhop_api::training::{AttemptSummary, Certificate, TrainingItem};
use leptos::prelude::*;
use uuid::Uuid;

use super::report::ReportTable;
use super::{percent, status_text, validity};
use crate::components::status::{phase_of, Loaded};
use crate::components::sub_page::SubPage;
use crate::data::Data;
use crate::features::training::api;
use crate::i18n::{short_time, tr, trf, use_i18n};
use crate::paths::Screen;

#[component]
pub fn PersonPage(
    /// The person's id from the path.
    id: Uuid,
) -> impl IntoView {
    let i18n = use_i18n();
    let back = (Screen::TrainingReport, tr!(i18n, training.back_report));
    view! {
        <SubPage class="person-training" back=back>
            <History id=id />
        </SubPage>
    }
}

#[component]
fn History(
    /// The person.
    id: Uuid,
) -> impl IntoView {
    let history = Data::new(move || api::person_training(id));
    let shown = move || {
        history.get().and_then(Result::ok).map(|h| {
            view! {
                <h1>{h.display_name}</h1>
                <Items items=h.items />
                <Certificates certificates=h.certificates />
                <Attempts attempts=h.attempts />
            }
        })
    };
    view! {
        <Loaded phase=phase_of(history) retry=move |()| history.refetch()>
            {shown}
        </Loaded>
    }
}

#[component]
fn Items(
    /// What the person must take.
    items: Vec<TrainingItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = items.is_empty();
    let rows = items
        .into_iter()
        .map(|i| {
            let status = i.status;
            let (due, used, best) = (i.due_on, i.attempts_used, i.best_score);
            // "Due 2026-02-01 · Attempts: 1 · Best score: 100%", as far as each applies.
            let line = move || {
                let mut parts = Vec::new();
                if let Some(d) = due {
                    parts.push(trf!(i18n, training.due_on, date = d).get());
                }
                parts.push(trf!(i18n, training.attempts_used, n = used).get());
                if let Some(s) = best {
                    let s = percent(s);
                    parts.push(trf!(i18n, training.best_score, score = s).get());
                }
                parts.join(" · ")
            };
            view! {
                <li class="history-item" data-quiz=i.quiz_id.to_string() data-status=status.code()>
                    <div class="item-head">
                        <span class="cert-title">{i.quiz_title}</span>
                        <span class="status-badge">{status_text(i18n, status)}</span>
                    </div>
                    <p class="hint">{line}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{tr!(i18n, training.to_take)}</h2>
            {empty.then(|| view! { <p class="empty">{tr!(i18n, training.nothing_to_take)}</p> })}
            <ul class="plain-list">{rows}</ul>
        </section>
    }
}

#[component]
fn Certificates(
    /// The latest certificate per quiz.
    certificates: Vec<Certificate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = certificates.is_empty();
    let rows = certificates
        .into_iter()
        .map(|c| {
            let issued = short_time(c.issued_at);
            let validity = validity(i18n, &c);
            view! {
                <li class="certificate" class:expired=c.expired>
                    <span class="cert-title">{c.quiz_title}</span>
                    <span class="hint">{trf!(i18n, training.cert_issued, date = issued)}" · "{validity}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{tr!(i18n, training.person_certificates)}</h2>
            {empty.then(|| view! { <p class="empty">{tr!(i18n, training.no_certificates)}</p> })}
            <ul class="plain-list">{rows}</ul>
        </section>
    }
}

#[component]
fn Attempts(
    /// Every attempt, newest first.
    attempts: Vec<AttemptSummary>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = attempts.is_empty();
    let rows = attempts
        .into_iter()
        .map(|a| {
            let verdict = match a.passed {
                Some(true) => tr!(i18n, training.passed),
                Some(false) => tr!(i18n, training.not_passed),
                None => tr!(i18n, training.in_progress),
            };
            view! {
                <tr class="history-attempt" data-attempt=a.id.to_string() data-passed=a.passed.map(|p| p.to_string())>
                    <td>{a.quiz_title}</td>
                    <td class="num">{a.attempt_no}</td>
                    <td class="num">{short_time(a.started_at)}</td>
                    <td class="num attempt-score">{a.score.map_or_else(|| "–".to_owned(), percent)}</td>
                    <td class="num attempt-verdict" class:alert=a.passed == Some(false)>{verdict}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{tr!(i18n, training.all_attempts)}</h2>
            {empty.then(|| view! { <p class="empty">{tr!(i18n, training.no_attempts)}</p> })}
            <ReportTable headers=vec![
                tr!(i18n, training.quiz),
                tr!(i18n, training.attempt),
                tr!(i18n, training.started),
                tr!(i18n, training.score),
                tr!(i18n, training.result),
            ]>{rows}</ReportTable>
        </section>
    }
}
