//! How pages read and write the server's data, the Leptos way and shared.
//!
//! Reads: a [`Data`] is a `LocalResource` — a load that runs when the page asks and
//! again when what its fetch read changes or it is told to, one request at a time (a
//! reload asked for meanwhile runs once after it) — shown through
//! [`Loaded`](crate::components::status::Loaded), a `Transition`. Writes: a [`Call`] is
//! an `Action`, pending while it runs (its buttons wait and show it), which ignores a
//! second start meanwhile and keeps the refusal of its last run.
//!
//! Both are thin typed faces over one shared machine each: every page's data lives in
//! the same `LocalResource` type and every write in the same `Action` type, so the wasm
//! holds one copy of the machinery rather than one per data type (the portal's size
//! budget).

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::status::Phase;

/// A page's data of any type, as the one resource type holds it.
type Payload = Arc<dyn Any + Send + Sync>;
type Loaded = Result<Payload, ApiError>;
type Fetch = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Loaded>>>>;

/// Data a page reads: a typed face over a `LocalResource`.
pub struct Data<T> {
    inner: LocalResource<Loaded>,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for Data<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Data<T> {}

impl<T: Send + Sync + 'static> Data<T> {
    /// Starts loading with `fetch`, and loads again whenever a signal it reads changes.
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        Data {
            inner: resource(Box::new(move || {
                let load = fetch();
                Box::pin(async move { load.await.map(|value| Arc::new(value) as Payload) })
            })),
            ty: PhantomData,
        }
    }

    /// Reads what is loaded: nothing yet, the answer, or the failure. What is shown stays
    /// while a reload runs.
    pub fn with<R>(self, f: impl FnOnce(Option<Result<&T, &ApiError>>) -> R) -> R {
        self.inner.with(|loaded| f(typed(loaded)))
    }

    /// [`Data::with`] without following changes.
    pub fn with_untracked<R>(self, f: impl FnOnce(Option<Result<&T, &ApiError>>) -> R) -> R {
        self.inner.with_untracked(|loaded| f(typed(loaded)))
    }

    /// A copy of what is loaded.
    pub fn get(self) -> Option<Result<T, ApiError>>
    where
        T: Clone,
    {
        self.with(copied)
    }

    /// [`Data::get`] without following changes.
    pub fn get_untracked(self) -> Option<Result<T, ApiError>>
    where
        T: Clone,
    {
        self.with_untracked(copied)
    }

    /// Shows `value` now (a write's answer); a reload on its way is dropped. Nothing
    /// once the page is gone.
    pub fn set(self, value: T) {
        self.inner.try_set(Some(Ok(Arc::new(value))));
    }

    /// Changes what is shown in place (a card that moved on); nothing before it loaded,
    /// or once the page is gone.
    pub fn update(self, f: impl FnOnce(&mut T))
    where
        T: Clone,
    {
        let loaded = self
            .inner
            .try_with_untracked(|l| typed::<T>(l).and_then(Result::ok).cloned());
        if let Some(mut value) = loaded.flatten() {
            f(&mut value);
            self.set(value);
        }
    }

    /// Loads again.
    pub fn refetch(self) {
        self.inner.refetch();
    }

    /// Where the load stands, for [`Loaded`](crate::components::status::Loaded).
    pub fn phase(self) -> Signal<Phase> {
        phase(self.inner)
    }
}

fn resource(fetch: Fetch) -> LocalResource<Loaded> {
    LocalResource::new(fetch)
}

fn typed<T: 'static>(loaded: &Option<Loaded>) -> Option<Result<&T, &ApiError>> {
    match loaded.as_ref()? {
        Ok(value) => value.downcast_ref().map(Ok),
        Err(err) => Some(Err(err)),
    }
}

fn copied<T: Clone>(loaded: Option<Result<&T, &ApiError>>) -> Option<Result<T, ApiError>> {
    loaded.map(|l| l.cloned().map_err(Clone::clone))
}

fn phase(inner: LocalResource<Loaded>) -> Signal<Phase> {
    Signal::derive(move || {
        inner.with(|l| match l {
            None => Phase::Loading,
            Some(Err(err)) => Phase::Failed(err.clone()),
            Some(Ok(_)) => Phase::Ready,
        })
    })
}

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
                if let Some(job) = job {
                    if let Err(err) = job.await {
                        error.try_set(Some(err));
                    }
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
