//! Writes: what a person starts with a button or a form, through one Leptos `Action`.
//!
//! A [`Call`] is pending while it runs (its buttons wait and show it), ignores a second
//! start meanwhile, and keeps the refusal of its last run. Reads go through
//! `LocalResource` and [`Loaded`](crate::components::status::Loaded).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::api::ApiError;

type Job = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// A write a person starts: a thin hook over an `Action`.
#[derive(Clone, Copy)]
pub struct Call {
    action: Action<(), ()>,
    pending: Memo<bool>,
    /// The refusal of the last run; cleared when the next one starts.
    pub error: RwSignal<Option<ApiError>>,
    /// What [`Call::run`] hands over for the next run.
    next: StoredValue<Option<Job>, LocalStorage>,
}

impl Call {
    /// A call that runs `run` each time it is started. What it does with an answer is
    /// up to `run`; an `Err` it returns is kept in [`Call::error`]. The page may be gone
    /// by the time the answer arrives: signals are set with `set` or `try_set`, which
    /// do nothing then.
    pub fn new<Fut>(run: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<(), ApiError>> + 'static,
    {
        Call::boxed(Some(Box::new(move || Box::pin(run()))))
    }

    /// A call whose runs are handed to it by [`Call::run`]: several buttons of one
    /// screen, each with its own request, one at a time.
    pub fn each() -> Self {
        Call::boxed(None)
    }

    /// Not generic, so the wasm holds one `Action` for every call, not one per page.
    #[allow(clippy::type_complexity)]
    fn boxed(run: Option<Box<dyn Fn() -> Job>>) -> Self {
        let error = RwSignal::new(None);
        let next = StoredValue::new_local(None::<Job>);
        let action = Action::new_local(move |(): &()| {
            let job = match &run {
                Some(run) => Some(run()),
                None => next.try_update_value(Option::take).flatten(),
            };
            async move {
                if let Some(Err(err)) = match job {
                    Some(job) => Some(job.await),
                    None => None,
                } {
                    error.try_set(Some(err));
                }
            }
        });
        Call {
            action,
            pending: action.pending(),
            error,
            next,
        }
    }

    /// Starts a run, unless one is on its way (a second tap).
    pub fn start(self) {
        if !self.pending.get_untracked() {
            self.error.set(None);
            self.action.dispatch_local(());
        }
    }

    /// Runs `job` (on a call made by [`Call::each`]), unless a run is on its way.
    pub fn run(self, job: impl Future<Output = Result<(), ApiError>> + 'static) {
        if !self.pending.get_untracked() {
            self.next.set_value(Some(Box::pin(job)));
            self.start();
        }
    }

    /// A run is on its way.
    pub fn pending(self) -> Memo<bool> {
        self.pending
    }
}
