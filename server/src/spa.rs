//! Serves the built apps: the sign-in app's page at `/signin` and `/enroll`; the
//! portal's `index.html` for any other path that is not a file (so deep links such as
//! `/tasks/42` load the portal) — but only to a browser with a live session: a
//! signed-out one is sent to `/signin?next=<where it was going>`, so it never downloads
//! the portal's code before someone signs in. Files go out as the build's brotli or
//! gzip copy when the browser takes one; hashed assets are cached for a year,
//! everything else revalidated.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, MethodRouter};
use axum::Router;
use axum_extra::extract::CookieJar;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::app::AppState;
use crate::auth::{session, SESSION_COOKIE};

/// Where the build puts the sign-in app, under the static folder.
pub const SIGNIN_APP_DIR: &str = "signin-app";

/// Where a signed-out browser is sent.
const SIGN_IN: &str = "/signin";

pub fn router(state: AppState) -> Router {
    let dir = state.config.static_dir.clone();
    let page = portal_page(state, &dir);
    // `/` and any unknown path are pages of the portal, decided by `portal_page`;
    // directories are not served as their index.html behind its back.
    let files = precompressed_dir(&dir)
        .append_index_html_on_directories(false)
        .fallback(page.clone());
    let signin = precompressed_file(&dir.join(SIGNIN_APP_DIR).join("index.html"));
    Router::new()
        .route_service("/signin", signin.clone())
        .route_service("/enroll", signin)
        .route("/", page.clone())
        .route("/index.html", page)
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// The build writes `file.br` and `file.gz` beside each text and wasm file
/// (`build_app` in scripts/lib/toolchain.sh); the browser gets the one it accepts.
fn precompressed_dir(dir: &Path) -> ServeDir {
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

fn precompressed_file(file: &Path) -> ServeFile {
    ServeFile::new(file).precompressed_br().precompressed_gzip()
}

#[derive(Clone)]
struct Portal {
    state: AppState,
    index: ServeFile,
}

/// The portal's page for a browser with a live session, else a redirect to sign-in.
fn portal_page(state: AppState, dir: &Path) -> MethodRouter {
    let index = precompressed_file(&dir.join("index.html"));
    get(serve_portal).with_state(Portal { state, index })
}

async fn serve_portal(State(portal): State<Portal>, jar: CookieJar, request: Request) -> Response {
    if !signed_in(&portal.state, &jar).await {
        let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
        return Redirect::to(&sign_in_url(target)).into_response();
    }
    match portal.index.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// A session cookie the server no longer honours (expired, idle, signed out elsewhere)
/// counts as none, so the browser is not handed a portal that would only turn back.
async fn signed_in(state: &AppState, jar: &CookieJar) -> bool {
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return false;
    };
    session::is_live(state, cookie.value()).await.unwrap_or_else(|err| {
        tracing::warn!(error = %err, "could not check the session for a page; sending to sign-in");
        false
    })
}

/// `/signin?next=<target>`; without `next` for the portal's start page, and for a
/// target that is not a plain path on this site (`//host/…` would leave it).
fn sign_in_url(target: &str) -> String {
    let own_path = target.starts_with('/') && !target.starts_with("//") && !target.starts_with("/\\");
    if target == "/" || !own_path {
        return SIGN_IN.to_owned();
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("next", target)
        .finish();
    format!("{SIGN_IN}?{query}")
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // The same address answers brotli, gzip or plain bytes: caches must keep them apart.
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Trunk names built assets `name-<hash>.ext` (or `name-<hash>_bg.wasm`): their content
/// never changes under that name. The hash is a 64-bit number in hex without leading
/// zeros, so one build in sixteen names a file with 15 digits; fewer than 12 (one in
/// 65,536) is left to revalidate rather than mistake `icon-192.png` for a hash.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::{is_hashed_asset, sign_in_url};

    #[test]
    fn sign_in_carries_the_page_asked_for_but_never_another_site() {
        assert_eq!(sign_in_url("/tasks/board"), "/signin?next=%2Ftasks%2Fboard");
        assert_eq!(
            sign_in_url("/tasks?dept=hk&q=a b"),
            "/signin?next=%2Ftasks%3Fdept%3Dhk%26q%3Da+b"
        );
        assert_eq!(sign_in_url("/"), "/signin");
        assert_eq!(sign_in_url("//evil.example/x"), "/signin");
        assert_eq!(sign_in_url("/\\evil.example/x"), "/signin");
    }

    #[test]
    fn only_trunk_hashed_names_are_immutable() {
        assert!(is_hashed_asset("/bellhop-3f2a9c0d11e4b5a6.js"));
        assert!(is_hashed_asset("/bellhop-3f2a9c0d11e4b5a6_bg.wasm"));
        assert!(is_hashed_asset("/main-00aa11bb22cc33dd.css"));
        assert!(is_hashed_asset("/signin-app/main-41b920b5046cb18.css"));
        assert!(!is_hashed_asset("/public/icon-192.png"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/tasks/42"));
        assert!(!is_hashed_asset("/manifest.json"));
    }
}
