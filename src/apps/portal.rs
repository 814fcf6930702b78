//! The portal: translation and session contexts, the start-up check, and the router
//! over every signed-in page. Without a session it hands over to the sign-in app.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Router, Routes};

use crate::api::on_session_lost;
use crate::apps::routes::PortalRoutes;
use crate::apps::{current_address, to_signin};
use crate::features::shell::api;
use crate::features::shell::not_found::NotFound;
use crate::i18n::I18n;
use crate::session::{Auth, Notice};

#[component]
pub fn PortalApp() -> impl IntoView {
    let i18n = I18n::provide();
    let auth = Auth::new(i18n);
    provide_context(auth);

    // Any 401 `unauthenticated` while someone is signed in (expired, signed out
    // elsewhere, deactivated) clears the screen and returns to sign-in.
    on_session_lost(move || {
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
            Err(_) => to_signin(None, Some(&current_address())),
        }
    });

    view! {
        <Router>
            <Routes fallback=|| view! { <main><NotFound /></main> }>
                <PortalRoutes />
            </Routes>
        </Router>
    }
}
