//! Any path the app does not know.

use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::paths::Screen;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="signin-screen">
            <div class="signin-card">
                <h1>{tr!(i18n, pages.not_found)}</h1>
                <A href=Screen::Tasks attr:class="btn btn-primary">
                    {tr!(i18n, pages.go_home)}
                </A>
            </div>
        </div>
    }
}
