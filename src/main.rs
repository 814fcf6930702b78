//! Bellhop's staff portal in the browser: a Leptos client-side app built by Trunk.
//! It keeps person data in memory only; see `session.rs`.

mod api;
mod app;
mod components;
mod i18n;
mod live;
mod pages;
mod router;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    // index.html shows a plain "loading" line until the app takes over.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
