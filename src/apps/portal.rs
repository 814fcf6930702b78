//! The portal: translation and session contexts, the start-up check, and the router
//! over every signed-in page. Without a session it hands over to the sign-in app.

use leptos::prelude::*;
use leptos_router::components::{Router, Routes};

use crate::api::on_session_lost;
use crate::apps::routes::PortalRoutes;
use crate::apps::{current_address, to_signin};
use crate::data::Data;
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

    // Who is signed in, asked once at start.
    let session = Data::new(api::session);
    Effect::new(move |_| match session.get() {
        Some(Ok(info)) => untrack(|| {
            auth.signed_in(info);
            auth.checked.set(true);
        }),
        // No session: sign in first, then come back to this page.
        Some(Err(_)) => to_signin(None, Some(&current_address())),
        None => {}
    });

    view! {
        <Router>
            <Routes fallback=|| view! { <main><NotFound /></main> }>
                <PortalRoutes />
            </Routes>
        </Router>
    }
}
