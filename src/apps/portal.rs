//! The portal: translation, router and session contexts, the start-up check, and the
//! shell for every route. Without a session it hands over to the sign-in app.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::apps::to_signin;
use crate::i18n::I18n;
use crate::pages::{not_found::NotFound, shell::Shell};
use crate::router::{Route, Router};
use crate::session::{Auth, Notice};

#[component]
pub fn PortalApp() -> impl IntoView {
    let i18n = I18n::provide();
    let auth = Auth::new(i18n);
    provide_context(auth);
    let router = Router::provide();

    // Any 401 `unauthenticated` while someone is signed in (expired, signed out
    // elsewhere, deactivated) clears the screen and returns to sign-in.
    api::on_session_lost(move || {
        if auth.session.with_untracked(Option::is_some) {
            auth.clear(Notice::SessionEnded);
        }
    });

    spawn_local(async move {
        match api::session().await {
            Ok(info) => {
                auth.signed_in(info);
                auth.checked.set(true);
            }
            // No session: sign in first, then come back to this page.
            Err(_) => to_signin(None, Some(&router.path().get_untracked())),
        }
    });

    let route = Memo::new(move |_| router.path().with(|p| Route::parse(p)));
    // The shell stays as the person moves between its pages (with its event stream
    // and idle lock); only leaving it draws something else.
    let screen = Memo::new(move |_| match route.get() {
        Route::NotFound => Screen::NotFound,
        Route::SignIn | Route::Enroll => Screen::SignIn,
        _ => Screen::Shell,
    });
    move || match screen.get() {
        Screen::NotFound => view! { <NotFound /> }.into_any(),
        // Served by the sign-in app; reached here only through an old link.
        Screen::SignIn => {
            to_signin(None, None);
            ().into_any()
        }
        Screen::Shell => view! { <Shell route=route /> }.into_any(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Screen {
    NotFound,
    SignIn,
    Shell,
}
