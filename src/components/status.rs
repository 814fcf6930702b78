//! The visible loading and error states every page uses.

use leptos::prelude::*;

use crate::api::ApiError;
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

/// The [`Phase`] of `loaded`; it changes only when the phase does.
pub fn phase_of<T: Send + Sync + 'static>(loaded: RwSignal<Option<Result<T, ApiError>>>) -> Memo<Phase> {
    Memo::new(move |_| {
        loaded.with(|l| match l {
            None => Phase::Loading,
            Some(Err(err)) => Phase::Failed(err.clone()),
            Some(Ok(_)) => Phase::Ready,
        })
    })
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
