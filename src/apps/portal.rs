//! The portal app of one section: translation and session contexts, the start-up check,
//! and the router over the section's pages. Without a session it hands over to the
//! sign-in app; a link to another section's page loads that section's app.

use std::time::Duration;

use leptos::children::ToChildren;
use leptos::prelude::*;
use leptos_router::components::{Router, Routes, RoutesProps};
use leptos_router::hooks::use_location;
use leptos_router::MatchNestedRoutes;

use crate::api::{on_session_lost, ApiError};
use crate::apps::{current_address, to_signin};
use crate::components::status::Loading;
use crate::data::Data;
use crate::features::shell::api;
use crate::features::shell::not_found::NotFound;
use crate::i18n::I18n;
use crate::service_worker::Release;
use crate::session::{Auth, Notice};
use bellhop_api::sections::Section;

/// How often an app that opened off the network asks again who is signed in.
const OFFLINE_RETRY: Duration = Duration::from_secs(5);

/// The app of `section`, routing with its table `routes`.
pub fn portal_app<R>(section: Section, routes: R) -> impl IntoView
where
    R: MatchNestedRoutes + Clone + Send + 'static,
{
    provide_context(section);
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

    Release::provide();

    // Who is signed in, asked at start; if the tablet was off the network, asked again
    // when the browser says it is back and every few seconds (Wi-Fi may return
    // without the browser noticing, or the first request after it may still fail).
    let session = Data::new(api::session);
    Effect::new(move |_| match session.get() {
        Some(Ok(info)) => untrack(|| {
            auth.unreachable.set(false);
            auth.signed_in(info);
            auth.checked.set(true);
        }),
        Some(Err(ApiError::Network)) => auth.unreachable.set(true),
        // No session: sign in first, then come back to this page.
        Some(Err(_)) => to_signin(None, Some(&current_address())),
        None => {}
    });
    let ask_again = move || {
        if auth.unreachable.get_untracked() {
            session.refetch();
        }
    };
    let _ = window_event_listener(leptos::ev::online, move |_| ask_again());
    set_interval(ask_again, OFFLINE_RETRY);

    view! {
        <Router>
            {Routes(
                RoutesProps::builder()
                    .fallback(|| view! { <main><NoPageHere /></main> })
                    .children(ToChildren::to_children(move || routes))
                    .build(),
            )}
        </Router>
    }
}

/// An address this app has no page for (no route, or a route whose id is not one):
/// another section's page is that section's app's to show (the server serves it on a
/// full load); else there is no such page.
#[component]
pub fn NoPageHere() -> impl IntoView {
    let section = expect_context::<Section>();
    // The router's address: on a link's click it is ahead of the address bar. The load
    // takes the place of the history entry the router makes for it.
    let location = use_location();
    let path = location.pathname.get_untracked();
    if Section::of_path(&path) != section {
        let search = location.search.get_untracked();
        let query = if search.is_empty() {
            search
        } else {
            format!("?{search}")
        };
        let address = path + &query + &location.hash.get_untracked();
        let _ = window().location().replace(&address);
        return view! { <Loading /> }.into_any();
    }
    view! { <NotFound /> }.into_any()
}
