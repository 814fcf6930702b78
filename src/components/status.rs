//! The visible loading and error states every page uses.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::data::Data;
use bellhop_api::ErrorCode;

use crate::i18n::{error_text, trf, use_i18n};

/// Where a load stands, without its data. A page switches its layout on this, so that
/// a reload with new rows (a live update) flows into the lists already drawn instead
/// of drawing the page again.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Loading,
    Failed(ApiError),
    Ready,
}

/// The [`Phase`] of a page's data, for [`Loaded`].
pub fn phase_of<T: Send + Sync + 'static>(data: Data<T>) -> Signal<Phase> {
    data.phase()
}

/// The phase of two loads a page needs together: failed if either failed, ready once
/// both are in.
pub fn both(a: Signal<Phase>, b: Signal<Phase>) -> Signal<Phase> {
    Signal::derive(move || match (a.get(), b.get()) {
        (Phase::Failed(err), _) | (_, Phase::Failed(err)) => Phase::Failed(err),
        (Phase::Ready, Phase::Ready) => Phase::Ready,
        _ => Phase::Loading,
    })
}

/// The part of a page that shows loaded data: "Loading…" until the first answer, then
/// `children`, or the failure with a "Try again". It is a `Transition`: a reload (a
/// live update, a new filter) keeps what is shown until its answer is in, and
/// `children` are drawn again only when the phase changes, so rows that arrive flow
/// into the lists already drawn.
#[component]
pub fn Loaded(
    /// Where the load stands, from [`phase_of`] (or several loads together).
    #[prop(into)]
    phase: Signal<Phase>,
    /// Loads again.
    #[prop(into)]
    retry: Callback<()>,
    /// What the page shows once its data is in.
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <PhaseSwitch phase=phase retry=retry children=children.clone() />
        </Transition>
    }
}

/// Made inside the transition, so that reading the data registers it there; the memo
/// changes only with the phase.
#[component]
fn PhaseSwitch(
    /// Where the load stands.
    phase: Signal<Phase>,
    /// Loads again.
    retry: Callback<()>,
    /// What the page shows once its data is in.
    children: ChildrenFn,
) -> impl IntoView {
    let phase = Memo::new(move |_| phase.get());
    move || match phase.get() {
        Phase::Loading => view! { <Loading /> }.into_any(),
        Phase::Failed(err) => view! { <ErrorNotice error=Some(err) on_retry=retry /> }.into_any(),
        Phase::Ready => children().into_any(),
    }
}

/// A spinner with "Loading…", announced to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{move || crate::i18n::td_string!(i18n.get_locale(), app.loading)}</span>
        </div>
    }
}

/// An error box with the translated message of a failed call; nothing when `None`.
#[component]
pub fn ErrorNotice(
    /// The failure to explain.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Offered as a "Try again" button when given.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|err| {
            let retry = on_retry.map(|cb| {
                view! {
                    <button type="button" class="btn btn-secondary" on:click=move |_| cb.run(())>
                        {crate::i18n::td_string!(i18n.get_locale(), app.retry)}
                    </button>
                }
            });
            let text = match (err.code(), err.retry_minutes()) {
                (Some(ErrorCode::TooManyAttempts), Some(minutes)) => {
                    trf!(i18n, error.locked, minutes = minutes).into_any()
                }
                _ => (move || error_text(i18n.get_locale(), &err)).into_any(),
            };
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{text}</p>
                    {retry}
                </div>
            }
        })
    }
}
