//! The service worker (`worker/service-worker.js`) that keeps every app's files on the
//! tablet, so that the portal opens without a network. Each portal app registers it and
//! asks now and then whether a new release is out. A release that has arrived waits:
//! the shell says so ([`Release::ready`]) and it takes over when the person taps reload
//! ([`Release::take`]) or the next time someone goes to sign in.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// Served at the root, so that it may answer for every address of the site.
const SCRIPT: &str = "/sw.js";
/// Said to a waiting worker to take over; the worker listens for exactly this.
const SKIP_WAITING: &str = "skip-waiting";
/// A tablet may stay on one page for a whole shift: how often to ask for a new release.
const CHECK_EVERY: Duration = Duration::from_secs(15 * 60);

/// The app's release: whether a new one is waiting, and the way to take it.
#[derive(Clone, Copy)]
pub struct Release {
    ready: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
}

impl Release {
    /// Registers the worker and provides the release to the app's pages.
    pub fn provide() -> Release {
        let release = Release {
            ready: RwSignal::new(false),
            registration: StoredValue::new_local(None),
        };
        provide_context(release);
        // No worker where the browser offers none (an address that is not a secure context).
        let Some(workers) = container() else {
            return release;
        };
        let registering = JsFuture::from(workers.register(SCRIPT));
        spawn_local(async move {
            let Ok(registration) = registering.await else {
                return;
            };
            let registration: ServiceWorkerRegistration = registration.unchecked_into();
            release.watch(&registration);
            release.registration.set_value(Some(registration));
        });
        set_interval(
            move || {
                release.registration.with_value(|r| {
                    if let Some(r) = r {
                        let _ = r.update();
                    }
                })
            },
            CHECK_EVERY,
        );
        release
    }

    /// A new release is on the tablet and waiting to take over.
    pub fn ready(self) -> Signal<bool> {
        self.ready.into()
    }

    /// Lets the waiting release take over; the page loads again under it.
    pub fn take(self) {
        let Some(workers) = container() else {
            return;
        };
        let reload = Closure::<dyn FnMut()>::new(|| {
            let _ = window().location().reload();
        });
        workers.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
        reload.forget();
        self.registration.with_value(|r| {
            if let Some(waiting) = r.as_ref().and_then(ServiceWorkerRegistration::waiting) {
                let _ = waiting.post_message(&SKIP_WAITING.into());
            }
        });
    }

    /// Marks the release ready when a new worker has installed beside the one in
    /// control. The very first install is no update: it simply takes over.
    fn watch(self, registration: &ServiceWorkerRegistration) {
        let is_update = || container().is_some_and(|w| w.controller().is_some());
        if registration.waiting().is_some() && is_update() {
            self.ready.set(true);
        }
        let found = registration.clone();
        let on_update_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = found.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state_change = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && is_update() {
                    self.ready.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
            on_state_change.forget();
        });
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget();
    }
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = window().navigator();
    // Absent outside a secure context: the property is then undefined.
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// The app's release, provided by [`Release::provide`].
pub fn use_release() -> Release {
    expect_context::<Release>()
}
