//! The sign-in app: sign-in and tablet enrollment. It reads why it was opened
//! (`?notice=`) and where to go next (`?next=`), hands over to the portal once someone
//! is signed in, and meanwhile warms the browser cache with the portal's files.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::apps::to_portal;
use crate::i18n::I18n;
use crate::pages::{enroll::EnrollPage, signin::SignInPage};
use crate::paths::{self, Screen};
use crate::session::{Auth, Notice};

#[component]
pub fn SignInApp() -> impl IntoView {
    let i18n = I18n::provide();
    let auth = Auth::new(i18n);
    provide_context(auth);
    let query = web_sys::UrlSearchParams::new_with_str(&window().location().search().unwrap_or_default()).ok();
    let param = |name: &str| query.as_ref().and_then(|q| q.get(name));
    auth.notice.set(param("notice").as_deref().and_then(Notice::from_code));
    let next = param("next").unwrap_or_else(|| Screen::Tasks.href());
    // Two pages, each a page load of this small app: no router needed.
    let path = window().location().pathname().unwrap_or_default();
    // The notice is for this visit only: a reload shows the plain form.
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }

    auth.refresh_device();
    let already = next.clone();
    spawn_local(async move {
        // Someone is signed in already (a second tab, a back button): carry on.
        if api::has_session().await {
            to_portal(&already);
        }
    });
    warm_portal_cache();

    if path.trim_end_matches('/') == paths::ENROLL {
        view! { <EnrollPage /> }.into_any()
    } else {
        view! { <SignInPage on_signed_in=Callback::new(move |()| to_portal(&next)) /> }.into_any()
    }
}

/// Fetches the portal's page and the files it names (script, wasm, styles), so that
/// after sign-in the portal starts from the browser cache: its hashed files are cached
/// for a year.
fn warm_portal_cache() {
    spawn_local(async move {
        let Ok(page) = gloo_net::http::Request::get(&Screen::Tasks.href()).send().await else {
            return;
        };
        let Ok(html) = page.text().await else { return };
        for file in linked_files(&html) {
            let _ = gloo_net::http::Request::get(&file).send().await;
        }
    });
}

/// The `href`s of built files (`.js`, `.wasm`, `.css`) in a page, quoted or not
/// (the release build minifies the HTML).
fn linked_files(html: &str) -> Vec<String> {
    html.split("href=")
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start_matches(['"', '\'']);
            rest.split(['"', '\'', ' ', '>']).next()
        })
        .filter(|href| [".js", ".wasm", ".css"].iter().any(|ext| href.ends_with(ext)))
        .map(str::to_owned)
        .collect()
}
