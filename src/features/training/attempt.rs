//! `/training/attempts/:id`: one question per screen with a progress bar, Back and
//! Next, and a countdown when the quiz is timed. Every answer goes to the server as it
//! is given, so a reload (or another device) resumes the same attempt with its answers;
//! the time limit is the server's (`deadline_at`), so the countdown survives a reload.

use std::time::Duration;

use bellhop_api::quiz::Response;
use bellhop_api::training::{AnswerSave, Attempt};
use bellhop_api::ErrorCode;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::question::QuestionView;
use super::result::ResultView;
use super::to_training;
use crate::api::{decode, ApiError};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::components::sub_page::SubPage;
use crate::data::{Call, Data};
use crate::features::training::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::offline::outbox::Entry;
use crate::offline::{use_outbox, Outbox, Outcome};

/// How soon a failed save is tried again.
const RETRY: Duration = Duration::from_secs(3);

#[component]
pub fn AttemptPage(
    /// The attempt id from the path.
    id: Uuid,
) -> impl IntoView {
    // Everyone takes the quizzes assigned to them.
    view! {
        <SubPage class="attempt-page" back=to_training()>
            <AttemptView id=id />
        </SubPage>
    }
}

#[component]
fn AttemptView(
    /// The attempt to show.
    id: Uuid,
) -> impl IntoView {
    let attempt = Data::new(move || api::attempt(id));
    let on_graded = Callback::new(move |a: Attempt| attempt.set(a));
    let shown = move || {
        attempt.get().and_then(Result::ok).map(|a| {
            if a.result.is_some() {
                view! { <ResultView attempt=a /> }.into_any()
            } else {
                view! { <Taking attempt=a on_graded=on_graded /> }.into_any()
            }
        })
    };
    view! {
        <Loaded phase=phase_of(attempt) retry=move |()| attempt.refetch()>
            {shown}
        </Loaded>
    }
}

/// Sends answers to the server one at a time, the latest of each question, and tries
/// again after a failure until they are in.
#[derive(Clone, Copy)]
struct Saver {
    id: Uuid,
    responses: RwSignal<Vec<Option<Response>>>,
    /// Per question: the answer's version here, and the version the server has.
    given: RwSignal<Vec<u32>>,
    stored: RwSignal<Vec<u32>>,
    running: StoredValue<bool>,
    failed: RwSignal<Option<ApiError>>,
    /// The server refused because the attempt is graded (time ran out): show the result.
    closed: Callback<()>,
    outbox: Outbox,
    /// This attempt's writes waiting in the outbox.
    waiting: Signal<Vec<Entry>>,
}

impl Saver {
    fn answer(self, position: usize, response: Response) {
        self.responses.update(|r| r[position] = Some(response));
        self.given.update(|g| g[position] += 1);
        self.flush();
    }

    /// Answers not yet handed to the outbox: the hand-in waits for them.
    fn unsaved(self) -> bool {
        let stored = self.stored.get();
        self.given.with(|g| g != &stored)
    }

    /// Answers the server does not have yet: not handed over, or waiting on the tablet.
    fn unsent(self) -> bool {
        self.unsaved() || !self.waiting.with(Vec::is_empty)
    }

    /// Answers wait on the tablet for the network.
    fn stuck(self) -> bool {
        !self.waiting.with(Vec::is_empty) && !self.outbox.online.get()
    }

    /// Tries again now: what was not handed over, and what waits on the tablet.
    fn retry(self) {
        self.flush();
        self.outbox.flush();
    }

    fn flush(self) {
        if self.running.try_get_value() != Some(false) {
            return;
        }
        self.running.set_value(true);
        spawn_local(async move {
            loop {
                let Some(given) = self.given.try_get_untracked() else {
                    return;
                };
                let stored = self.stored.get_untracked();
                let Some(position) = (0..given.len()).find(|p| given[*p] != stored[*p]) else {
                    break;
                };
                let version = given[position];
                let Some(response) = self.responses.with_untracked(|r| r[position].clone()) else {
                    self.stored.update(|s| s[position] = version);
                    continue;
                };
                let at = u32::try_from(position).unwrap_or_default();
                let write = api::save_answer(self.id, at, &AnswerSave { response });
                match self.outbox.submit(write).await {
                    // Kept on the tablet counts as saved here: the outbox sends it, in
                    // order, before the hand-in.
                    Outcome::Answered(_) | Outcome::Queued => {
                        self.failed.try_set(None);
                        self.stored.try_update(|s| s[position] = version);
                    }
                    Outcome::Refused(err) if err.code() == Some(ErrorCode::Conflict) => {
                        let _ = self.running.try_set_value(false);
                        self.closed.run(());
                        return;
                    }
                    Outcome::Refused(err) => {
                        self.failed.try_set(Some(err));
                        let _ = self.running.try_set_value(false);
                        return;
                    }
                }
            }
            let _ = self.running.try_set_value(false);
        });
    }
}

/// Where to resume: the first question without an answer, else the last.
fn resume_at(attempt: &Attempt) -> usize {
    let n = attempt.questions.len();
    attempt
        .questions
        .iter()
        .position(|q| q.response.is_none())
        .unwrap_or(n.saturating_sub(1))
}

#[component]
fn Taking(
    /// The open attempt, with the answers saved so far.
    attempt: Attempt,
    /// Called with the graded attempt.
    on_graded: Callback<Attempt>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = attempt.id;
    let n = attempt.questions.len();
    let current = RwSignal::new(resume_at(&attempt));
    let confirming = RwSignal::new(false);
    // The question above may be long: bring the confirm step into sight on a phone.
    let confirm_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(card) = confirm_ref.get() {
            card.scroll_into_view();
        }
    });
    let outbox = use_outbox();
    // Handed in off the network: it waits on the tablet after the answers, and the
    // grade shows once it is sent.
    let handed_in = RwSignal::new(false);
    let submit = Call::new(move || async move {
        match outbox.submit(api::submit_attempt(id)).await {
            Outcome::Answered(answer) => {
                if let Ok(graded) = decode::<Attempt>(&answer) {
                    on_graded.try_run(graded);
                }
                Ok(())
            }
            Outcome::Queued => {
                handed_in.try_set(true);
                Ok(())
            }
            Outcome::Refused(err) => Err(err),
        }
    });
    let object = api::attempt_object(id);
    Effect::new(move |_| {
        let Some(done) = outbox.settled.get().filter(|s| s.object == object) else {
            return;
        };
        if let Some(graded) = done.answer.as_deref().and_then(|a| decode::<Attempt>(a).ok()) {
            if graded.result.is_some() {
                on_graded.run(graded);
            }
        }
    });
    let (pending, error) = (submit.pending(), submit.error);
    let saver = Saver {
        id,
        responses: RwSignal::new(attempt.questions.iter().map(|q| q.response.clone()).collect()),
        given: RwSignal::new(vec![0; n]),
        stored: RwSignal::new(vec![0; n]),
        running: StoredValue::new(false),
        failed: RwSignal::new(None),
        // Graded meanwhile: the submit answers with the graded attempt.
        closed: Callback::new(move |()| submit.start()),
        outbox,
        waiting: outbox.waiting_for(api::attempt_object(id)),
    };
    let questions = StoredValue::new(attempt.questions);
    let answered = move || saver.responses.with(|r| r.iter().filter(|r| r.is_some()).count());
    let progress = move || format!("width: {}%", (current.get() + 1) * 100 / n.max(1));
    let question = move || {
        let at = current.get();
        questions.with_value(|qs| qs.get(at).cloned()).map(|q| {
            let response = Signal::derive(move || saver.responses.with(|r| r.get(at).cloned().flatten()));
            view! {
                <QuestionView
                    question=q
                    response=response
                    on_answer=Callback::new(move |r| saver.answer(at, r))
                />
            }
        })
    };
    let last = move || current.get() + 1 >= n;
    let countdown = attempt.deadline_at.map(|deadline| {
        let on_time_up = Callback::new(move |()| {
            saver.flush();
            // A moment for answers still on their way; the server grades as it stood.
            set_timeout(move || submit.start(), RETRY);
        });
        view! { <Countdown deadline=deadline on_time_up=on_time_up /> }
    });
    let unanswered = move || n - answered();
    view! {
        <div class="attempt-head">
            <h1>{attempt.quiz_title}</h1>
            {countdown}
        </div>
        <p class="progress-text">
            {move || trf!(i18n, training.question_of, n = current.get() + 1, total = n).get()}
        </p>
        <div class="progress" role="presentation">
            <div class="progress-bar" style=progress></div>
        </div>
        <SaveState saver=saver />
        <Show when=move || handed_in.get()>
            <p class="notice notice-info" role="status" data-state="handed-in">{tr!(i18n, training.handed_in_waiting)}</p>
        </Show>
        <div class="card question-card" data-position=move || current.get().to_string()>{question}</div>
        <div class="attempt-nav">
            <button
                type="button"
                class="btn btn-secondary btn-big nav-back"
                disabled=move || current.get() == 0
                on:click=move |_| {
                    confirming.set(false);
                    current.update(|c| *c = c.saturating_sub(1));
                }
            >
                {tr!(i18n, training.previous)}
            </button>
            <Show
                when=last
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="btn btn-primary btn-big nav-next"
                            on:click=move |_| current.update(|c| *c += 1)
                        >
                            {tr!(i18n, training.next)}
                        </button>
                    }
                }
            >
                <button
                    type="button"
                    class="btn btn-primary btn-big hand-in"
                    on:click=move |_| confirming.set(true)
                >
                    {tr!(i18n, training.hand_in)}
                </button>
            </Show>
        </div>
        <Show when=move || confirming.get()>
            <div class="card confirm-hand-in" role="alertdialog" node_ref=confirm_ref>
                <p class="lead">
                    {move || match unanswered() {
                        0 => tr!(i18n, training.confirm_all).get(),
                        left => trf!(i18n, training.confirm_unanswered, n = left).get(),
                    }}
                </p>
                <Show when=move || saver.unsaved()>
                    <p class="hint">{tr!(i18n, training.wait_saving)}</p>
                </Show>
                <ErrorNotice error=error />
                <div class="form-actions">
                    <button
                        type="button"
                        class="btn btn-primary btn-big confirm-yes"
                        disabled=move || pending.get() || saver.unsaved()
                        on:click=move |_| submit.start()
                    >
                        {tr!(i18n, training.confirm_yes)}
                    </button>
                    <button type="button" class="btn btn-secondary btn-big" on:click=move |_| confirming.set(false)>
                        {tr!(i18n, training.confirm_no)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// "Saved", "Saving…" or "Not saved yet" with a Try again.
#[component]
fn SaveState(
    /// The answers' way to the server.
    saver: Saver,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let unsaved = saver.unsent();
        // A refused answer, or answers kept on the tablet until the network is back
        // (the outbox tries again by itself).
        let failed = match saver.failed.get().filter(|_| saver.unsaved()) {
            Some(err) if err.code() == Some(ErrorCode::Invalid) => Some(tr!(i18n, training.answer_refused)),
            Some(_) => Some(tr!(i18n, training.not_saved)),
            None => saver.stuck().then(|| tr!(i18n, training.not_saved)),
        };
        match failed {
            Some(text) => view! {
                <div class="save-state save-failed" role="alert" data-state="failed">
                    <span>{text}</span>
                    <button type="button" class="btn btn-secondary" on:click=move |_| saver.retry()>
                        {tr!(i18n, app.retry)}
                    </button>
                </div>
            }
            .into_any(),
            _ if unsaved => view! {
                <p class="save-state" role="status" data-state="saving">
                    {tr!(i18n, training.saving)}
                </p>
            }
            .into_any(),
            // Nothing answered on this device yet: nothing to report.
            _ if saver.given.with(|g| g.iter().all(|v| *v == 0)) => ().into_any(),
            _ => view! {
                <p class="save-state save-ok" role="status" data-state="saved">
                    {tr!(i18n, training.saved)}
                </p>
            }
            .into_any(),
        }
    }
}

/// Minutes and seconds left until the server's deadline; at zero, `on_time_up` once.
#[component]
fn Countdown(
    /// When the server stops taking answers.
    deadline: DateTime<Utc>,
    /// Called when the time is up.
    on_time_up: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(js_sys::Date::now());
    let handle = set_interval_with_handle(
        move || {
            now.try_set(js_sys::Date::now());
        },
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    let left = move || {
        ((deadline.timestamp_millis() as f64 - now.get()) / 1000.0)
            .ceil()
            .max(0.0) as i64
    };
    let fired = StoredValue::new(false);
    Effect::new(move |_| {
        if left() == 0 && !fired.get_value() {
            fired.set_value(true);
            on_time_up.run(());
        }
    });
    view! {
        <p class="countdown" class:short=move || { left() < 60 } role="timer" aria-label=tr!(i18n, training.time_left)>
            {move || format!("{}:{:02}", left() / 60, left() % 60)}
        </p>
    }
}
