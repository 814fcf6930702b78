//! The root component: translation, router and session contexts, the start-up
//! checks, and which page the current route shows.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::i18n::I18n;
use crate::pages::{enroll::EnrollPage, not_found::NotFound, shell::Shell, signin::SignInPage};
use crate::router::{Route, Router};
use crate::session::{Auth, Notice};

/// The screens outside the shell, and the shell itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    SignIn,
    Enroll,
    Shell,
    NotFound,
}

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    let auth = Auth::new(i18n);
    provide_context(auth);
    let router = Router::provide();

    // Any 401 `unauthenticated` while someone is signed in (expired, signed out
    // elsewhere, deactivated) clears the screen and returns to sign-in.
    api::on_session_lost(move || {
        if auth.session.with_untracked(Option::is_some) {
            auth.clear(Notice::SessionEnded);
            router.navigate(Route::SIGN_IN, false);
        }
    });

    auth.refresh_device();
    spawn_local(async move {
        if let Ok(info) = api::session().await {
            auth.signed_in(info);
        }
        auth.checked.set(true);
    });

    let route = Memo::new(move |_| router.path().with(|p| Route::parse(p)));
    let screen = Memo::new(move |_| match route.get() {
        Route::SignIn => Screen::SignIn,
        Route::Enroll => Screen::Enroll,
        Route::NotFound => Screen::NotFound,
        _ => Screen::Shell,
    });
    move || match screen.get() {
        Screen::SignIn => view! { <SignInPage /> }.into_any(),
        Screen::Enroll => view! { <EnrollPage /> }.into_any(),
        Screen::NotFound => view! { <NotFound /> }.into_any(),
        Screen::Shell => view! { <Shell route=route /> }.into_any(),
    }
}
