//! The sign-in app: the sign-in page. It reads why it was opened
//! (`?notice=`) and where to go next (`?next=`, set by the server when a signed-out
//! browser asked for a portal page), and hands over to the portal once someone is
//! signed in.
//!
//! It fetches nothing of the portal before that: a device that nobody has signed in on
//! loads only this app. The portal's hashed files are then cached for a year, so only
//! the first sign-in on a device waits for them (fetching them after sign-in instead of
//! at the portal's page load would gain nothing: that page load follows at once).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::apps::to_portal;
use crate::features::signin::SignInPage;
use crate::features::signin::{self, api};
use crate::i18n::{I18n, Reasons};
use crate::paths::Screen;
use crate::session::{Auth, Notice};

#[component]
pub fn SignInApp() -> impl IntoView {
    let i18n = I18n::provide();
    Reasons(signin::reasons).provide();
    let auth = Auth::new(i18n);
    provide_context(auth);
    let query = web_sys::UrlSearchParams::new_with_str(&window().location().search().unwrap_or_default()).ok();
    let param = |name: &str| query.as_ref().and_then(|q| q.get(name));
    auth.notice.set(param("notice").as_deref().and_then(Notice::from_code));
    // One page: no router needed.
    let path = window().location().pathname().unwrap_or_default();
    // The notice is for this visit only: a reload shows the plain form, still bound
    // for the page that was asked for.
    let mut address = path.clone();
    if let Some(next) = param("next") {
        address = format!("{address}?next={}", js_sys::encode_uri_component(&next));
    }
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
    // `to_portal` follows it only if it is a path on this site.
    let next = param("next").unwrap_or_else(|| Screen::Tasks.href());

    auth.refresh_device();
    let already = next.clone();
    spawn_local(async move {
        // Someone is signed in already (a second tab, a back button): carry on.
        if api::has_session().await {
            to_portal(&already);
        }
    });

    view! { <SignInPage on_signed_in=Callback::new(move |()| to_portal(&next)) /> }
}
