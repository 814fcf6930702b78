//! Retiring a quiz or a bank question, after a second tap. Either leaves every list;
//! past attempts and certificates keep what they used.

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::button::Button;
use crate::components::status::ErrorNotice;
use crate::data::Call;
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
    let retire = Call::new(move || {
        let (navigate, back) = (navigate.clone(), back.clone());
        async move {
            match what {
                Retirable::Quiz => api::retire_quiz(id).await?,
                Retirable::Question => api::retire_question(id).await?,
            }
            navigate(&back.href(), in_place());
            Ok(())
        }
    });
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
                <ErrorNotice error=retire.error />
                <div class="form-actions">
                    <Button label=tr!(i18n, training.retire_yes) call=retire class="btn btn-danger confirm-retire" />
                    <button type="button" class="btn btn-secondary" on:click=move |_| confirming.set(false)>
                        {tr!(i18n, training.keep_quiz)}
                    </button>
                </div>
            </Show>
        </section>
    }
}
