//! Bellhop's staff portal in the browser: Leptos client-side apps built by Trunk.
//!
//! Ten apps share this library. The **sign-in app** (`/signin`) is all a
//! signed-out device downloads: the server sends it there from any portal address. The
//! **first-run app** (`/setup`, `/signin/code`, `/enroll`) holds what each hotel, person or tablet does
//! once. The **portal** is the signed-in shell with its pages, built as one app per
//! section (`bellhop_api::sections`) so that a device downloads only the section it
//! opens. Crossing between apps is a full page load, which also drops everything of the
//! previous person from memory when sign-in hands over. Person data lives in memory
//! only; see `session.rs`.

pub mod api;
pub mod apps;
pub mod clock;
pub mod components;
pub mod data;
pub mod drafts;
pub mod features;
pub mod i18n;
pub mod live;
pub mod offline;
pub mod paths;
pub mod service_worker;
pub mod session;

/// Mounts `app` in place of index.html's "loading" line.
fn mount<V: leptos::IntoView + 'static>(app: impl FnOnce() -> V + 'static) {
    // A release build's panics abort without a message (the size budgets), so the hook
    // that shows the message in the console is only worth its bytes in development.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app);
}

/// The sign-in app's entry point.
pub fn start_signin() {
    mount(apps::signin::SignInApp);
}

/// The first-run app's entry point.
pub fn start_setup() {
    mount(features::first_run::FirstRunApp);
}

/// The entry point of `section`'s portal app, routing with its table `routes`; its
/// forms' own field reasons are worded by `reasons`.
pub fn start_portal<R>(section: bellhop_api::sections::Section, routes: fn() -> R, reasons: i18n::Reasons)
where
    R: leptos_router::MatchNestedRoutes + Clone + Send + 'static,
{
    mount(move || {
        reasons.provide();
        apps::portal::portal_app(section, routes())
    });
}
