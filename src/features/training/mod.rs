//! Training quizzes. `/training` is "My training": what is assigned and when it is due,
//! the onboarding plan, certificates and recent results, with a big Start or Resume
//! per quiz. `/training/attempts/:id` takes a quiz one question per screen and shows
//! its result; `/training/report` (with each person's history under
//! `/training/people/:id`) is for supervisors and managers; managers keep the bank,
//! the quizzes (`/training/quizzes`) and the onboarding plans (`/training/plans`).

pub mod api;
mod assign;
mod attempt;
mod bank;
mod person;
mod plan_edit;
mod plans;
mod question;
mod question_edit;
mod quiz_edit;
mod quizzes;
mod report;
mod result;
mod retire;

use bellhop_api::training::{Certificate, ItemSource, ItemStatus, MyTraining, QuestionKind, TrainingItem};
use bellhop_api::FieldReason;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::components::button::Button;
use crate::components::restricted::may_open;
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::i18n::{field_text, short_time, td_string, tr, trf, use_i18n, I18n, Locale};
use crate::paths::Screen;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

pub use attempt::AttemptPage;
pub use bank::BankPage;
pub use person::PersonPage;
pub use plan_edit::PlanPage;
pub use plans::PlansPage;
pub use question_edit::QuestionPage;
pub use quiz_edit::QuizPage;
pub use quizzes::QuizzesPage;
pub use report::TrainingReportPage;

/// `87` for a score of 86.6: whole percents, no float formatting code shipped.
fn percent(score: f64) -> String {
    format!("{}%", score.round() as i64)
}

fn status_text(i18n: I18n, status: ItemStatus) -> Signal<String> {
    match status {
        ItemStatus::Assigned => tr!(i18n, training.status_assigned),
        ItemStatus::Due => tr!(i18n, training.status_due),
        ItemStatus::Overdue => tr!(i18n, training.status_overdue),
        ItemStatus::Passed => tr!(i18n, training.status_passed),
    }
}

/// What kind of question it is, in words.
fn kind_text(i18n: I18n, kind: QuestionKind) -> Signal<String> {
    match kind {
        QuestionKind::SingleChoice => tr!(i18n, training.kind_single),
        QuestionKind::MultipleChoice => tr!(i18n, training.kind_multiple),
        QuestionKind::TrueFalse => tr!(i18n, training.kind_true_false),
        QuestionKind::Scenario => tr!(i18n, training.kind_scenario),
        QuestionKind::Ordering => tr!(i18n, training.kind_ordering),
        QuestionKind::Numeric => tr!(i18n, training.kind_numeric),
    }
}

/// The training apps' words for the field reasons of their own forms (the app's
/// [`Reasons`](crate::i18n::Reasons)).
pub fn reasons(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    use FieldReason::*;
    Some(match reason {
        OneToAHundredQuestions => td_string!(locale, training.reason_question_count),
        DuplicateQuestion => td_string!(locale, training.reason_duplicate_question),
        DuplicateCategory => td_string!(locale, training.reason_duplicate_category),
        UnknownQuestion => td_string!(locale, training.reason_unknown_question),
        NotEnoughQuestions => td_string!(locale, training.reason_not_enough_questions),
        OneToTwentySteps => td_string!(locale, training.reason_step_count),
        UnknownQuiz => td_string!(locale, training.reason_unknown_quiz),
        NoSuchOption => td_string!(locale, training.reason_no_right_option),
        TwoToEightOptions => td_string!(locale, training.reason_option_count),
        NotAnOrderOfTheOptions => td_string!(locale, training.reason_not_an_order),
        ChoiceQuestionsOnly => td_string!(locale, training.reason_case_choice_only),
        PipeCharacter => td_string!(locale, training.reason_pipe),
        UnknownDepartment => td_string!(locale, field.unknown_department),
        _ => return None,
    })
}

/// The words for a training form's problem: its own, else the app's field texts.
fn reason_text(locale: Locale, reason: FieldReason) -> &'static str {
    reasons(locale, reason).unwrap_or_else(|| field_text(locale, reason))
}

/// "Valid until …" or "Expired …".
fn validity(i18n: I18n, certificate: &Certificate) -> Signal<String> {
    let expires = short_time(certificate.expires_at);
    if certificate.expired {
        trf!(i18n, training.cert_expired, date = expires)
    } else {
        trf!(i18n, training.cert_expires, date = expires)
    }
}

/// The way back to My training, for the pages below it.
fn to_training() -> (Screen, Signal<String>) {
    let i18n = use_i18n();
    (Screen::Training, tr!(i18n, training.back))
}

/// What a page says when its path names nothing (a mistyped or stale link).
#[component]
fn NotFoundNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-error" role="alert">
            <p>{tr!(i18n, error.not_found)}</p>
        </div>
    }
}

/// A card with a title over a plain list.
#[component]
fn ListCard(
    /// The card's title.
    #[prop(into)]
    title: Signal<String>,
    /// The `<li>`s.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{title}</h2>
            <ul class="plain-list">{children()}</ul>
        </section>
    }
}

#[component]
pub fn TrainingPage() -> impl IntoView {
    let i18n = use_i18n();
    let may_report = may_open(Screen::TrainingReport);
    let may_edit = may_open(Screen::TrainingQuizzes);
    let mine = Data::new(api::my_training);
    let body = move || {
        mine.get()
            .and_then(Result::ok)
            .map(|m| view! { <MyTrainingView mine=m /> })
    };
    view! {
        <section class="page training-page">
            <div class="toolbar">
                <h1>{tr!(i18n, nav.training)}</h1>
                <div class="form-actions">
                    {move || {
                        may_report.get()
                            .then(|| {
                                view! {
                                    <A href=Screen::TrainingReport attr:class="btn btn-secondary">
                                        {tr!(i18n, training.report_link)}
                                    </A>
                                }
                            })
                    }}
                    {move || {
                        may_edit.get()
                            .then(|| {
                                view! {
                                    <A href=Screen::TrainingQuizzes attr:class="btn btn-secondary">
                                        {tr!(i18n, training.quizzes_title)}
                                    </A>
                                    <A href=Screen::TrainingPlans attr:class="btn btn-secondary">
                                        {tr!(i18n, training.plans_title)}
                                    </A>
                                    <A href=Screen::TrainingBank attr:class="btn btn-secondary">
                                        {tr!(i18n, training.bank_title)}
                                    </A>
                                }
                            })
                    }}
                </div>
            </div>
            <Loaded phase=phase_of(mine) retry=move |()| mine.refetch()>
                {body}
            </Loaded>
        </section>
    }
}

#[component]
fn MyTrainingView(
    /// The person's training as the server tells it.
    mine: MyTraining,
) -> impl IntoView {
    let i18n = use_i18n();
    let hired_on = mine.hired_on;
    let (onboarding, others): (Vec<TrainingItem>, Vec<TrainingItem>) =
        mine.items.into_iter().partition(|i| i.source == ItemSource::Onboarding);
    // Onboarding quizzes are also to do: list them with the rest, and the plan below.
    let mut todo: Vec<TrainingItem> = others.iter().chain(&onboarding).cloned().collect();
    todo.sort_by_key(|i| (i.status == ItemStatus::Passed, i.due_on.is_none(), i.due_on));
    let empty = todo.is_empty();
    let cards = todo
        .into_iter()
        .map(|item| view! { <ItemCard item=item /> })
        .collect_view();
    let plan = (!onboarding.is_empty()).then(|| {
        let steps = onboarding
            .into_iter()
            .map(|i| {
                let day = i.due_on.map(|d| (d - hired_on).num_days()).unwrap_or_default();
                let status = i.status;
                view! {
                    <li class="plan-step" data-status=status.code()>
                        <span class="plan-day">{trf!(i18n, training.plan_day, day = day)}</span>
                        <span class="plan-quiz">{i.quiz_title}</span>
                        <span class="status-badge">{status_text(i18n, status)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card">
                <h2>{tr!(i18n, training.plan_title)}</h2>
                <ol class="plan">{steps}</ol>
            </section>
        }
    });
    let certificates = (!mine.certificates.is_empty()).then(|| {
        let rows = mine
            .certificates
            .into_iter()
            .map(|c| {
                let text = validity(i18n, &c);
                view! {
                    <li class="certificate" class:expired=c.expired>
                        <span class="cert-title">{c.quiz_title}</span>
                        <span class="hint">{text}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ListCard title=tr!(i18n, training.certificates)>{rows}</ListCard> }
    });
    let graded: Vec<_> = mine
        .attempts
        .into_iter()
        .filter(|a| a.graded_at.is_some())
        .take(5)
        .collect();
    let results = (!graded.is_empty()).then(|| {
        let rows = graded
            .into_iter()
            .map(|a| {
                let passed = a.passed == Some(true);
                let verdict = if passed {
                    tr!(i18n, training.passed)
                } else {
                    tr!(i18n, training.not_passed)
                };
                view! {
                    <li class="recent-result">
                        <A href=Screen::TrainingAttempt(a.id) attr:class="result-link">
                            <span class="cert-title">{a.quiz_title}</span>
                            <span class="result-score" class:passed=passed>
                                {a.score.map(percent)}
                                " · "
                                {verdict}
                            </span>
                        </A>
                    </li>
                }
            })
            .collect_view();
        view! { <ListCard title=tr!(i18n, training.recent)>{rows}</ListCard> }
    });
    view! {
        {empty.then(|| view! { <p class="empty">{tr!(i18n, training.nothing_assigned)}</p> })}
        <div class="training-items">{cards}</div>
        {plan}
        {certificates}
        {results}
    }
}

/// The wait after an attempt, if it has not ended.
fn waiting_until(item: &TrainingItem) -> Option<DateTime<Utc>> {
    item.next_attempt_at
        .filter(|t| t.timestamp_millis() as f64 > js_sys::Date::now())
}

/// One quiz to take: status, due date, attempts left, and Start or Resume.
#[component]
fn ItemCard(
    /// The quiz as it stands for this person.
    item: TrainingItem,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let quiz_id = item.quiz_id;
    let open = item.open_attempt_id;
    let status = item.status;
    let wait = waiting_until(&item);
    let none_left = item.attempts_left == Some(0);
    let can_start = open.is_some() || (status != ItemStatus::Passed && !none_left && wait.is_none());
    // Resumes the open attempt, or starts one.
    let start = Call::new(move || {
        let navigate = navigate.clone();
        async move {
            let id = match open {
                Some(id) => id,
                None => api::start_attempt(quiz_id).await?.id,
            };
            navigate(&Screen::TrainingAttempt(id).href(), Default::default());
            Ok(())
        }
    });
    let due = item.due_on.map(|d| {
        let date = d.to_string();
        view! { <p class="item-due">{trf!(i18n, training.due_on, date = date)}</p> }
    });
    let left = item.attempts_left.map(|n| {
        view! { <p class="hint">{trf!(i18n, training.attempts_left, n = n)}</p> }
    });
    let wait = wait.map(|t| {
        let at = short_time(t);
        view! { <p class="hint">{trf!(i18n, training.next_attempt, time = at)}</p> }
    });
    let best = item.best_score.map(|s| {
        let s = percent(s);
        view! { <p class="hint">{trf!(i18n, training.best_score, score = s)}</p> }
    });
    let source = match item.source {
        ItemSource::Recertification => Some(tr!(i18n, training.renewal)),
        ItemSource::Onboarding => Some(tr!(i18n, training.onboarding)),
        ItemSource::Assignment => None,
    };
    let label = if open.is_some() {
        tr!(i18n, training.resume)
    } else {
        tr!(i18n, training.start)
    };
    view! {
        <article class="card training-item" data-status=status.code()>
            <div class="item-head">
                <h2>{item.quiz_title}</h2>
                <span class="status-badge">{status_text(i18n, status)}</span>
            </div>
            {source.map(|s| view! { <p class="hint">{s}</p> })}
            {due}
            {left}
            {wait}
            {best}
            <ErrorNotice error=start.error />
            {can_start
                .then(|| view! { <Button label=label call=start class="btn btn-primary btn-block btn-big start-quiz" /> })}
        </article>
    }
}
