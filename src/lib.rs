//! Bellhop's staff portal in the browser: Leptos client-side apps built by Trunk.
//!
//! Two apps share this library. The **sign-in app** (`/signin`, `/enroll`) is all a
//! signed-out device downloads: the server sends it there from any portal address. The
//! **portal** (every other route) is the signed-in shell with its pages. Crossing between them is a full page load, which also drops
//! everything of the previous person from memory. Person data lives in memory only;
//! see `session.rs`.

pub mod api;
pub mod apps;
pub mod components;
pub mod data;
pub mod drafts;
pub mod features;
pub mod i18n;
pub mod live;
pub mod paths;
pub mod session;

/// Mounts `app` in place of index.html's "loading" line.
fn mount<V: leptos::IntoView + 'static>(app: fn() -> V) {
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

/// The portal's entry point.
pub fn start_portal() {
    mount(apps::portal::PortalApp);
}
