//! Retiring a quiz or a bank question, after a second tap. Either leaves every list;
//! past attempts and certificates keep what they used.

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{spawn_pending, ApiError};
use crate::components::status::ErrorNotice;
use crate::features::training::api;
use crate::i18n::{tr, use_i18n};
use crate::paths::{in_place, Screen};
use leptos_router::hooks::use_navigate;

/// What is retired.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Retirable {
    Quiz,
    Question,
}

#[component]
pub fn Retire(
    /// What kind of thing it is.
    what: Retirable,
    /// Its id.
    id: Uuid,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let confirming = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let (label, ask, class, back) = match what {
        Retirable::Quiz => (
            tr!(i18n, training.retire_quiz),
            tr!(i18n, training.retire_confirm),
            "btn btn-danger retire-quiz",
            Screen::TrainingQuizzes,
        ),
        Retirable::Question => (
            tr!(i18n, training.retire_question),
            tr!(i18n, training.retire_question_confirm),
            "btn btn-danger retire-question",
            Screen::TrainingBank,
        ),
    };
    let retire = move |_| {
        let (navigate, back) = (navigate.clone(), back.clone());
        spawn_pending(pending, async move {
            let done = match what {
                Retirable::Quiz => api::retire_quiz(id).await,
                Retirable::Question => api::retire_question(id).await,
            };
            match done {
                Ok(()) => navigate(&back.href(), in_place()),
                Err(err) => {
                    error.try_set(Some(err));
                }
            }
        });
    };
    view! {
        <section class="card retire">
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <button type="button" class=class on:click=move |_| confirming.set(true)>
                            {label}
                        </button>
                    }
                }
            >
                <p class="lead">{ask}</p>
                <ErrorNotice error=error />
                <div class="form-actions">
                    <button type="button" class="btn btn-danger confirm-retire" disabled=move || pending.get() on:click=retire.clone()>
                        {tr!(i18n, training.retire_yes)}
                    </button>
                    <button type="button" class="btn btn-secondary" on:click=move |_| confirming.set(false)>
                        {tr!(i18n, training.keep_quiz)}
                    </button>
                </div>
            </Show>
        </section>
    }
}
