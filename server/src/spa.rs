//! Serves the built apps: the sign-in app's page at `/signin` (which goes to the
//! first-run set-up at `/setup` while the server has no hotel); the first-run app's at
//! `/setup`, `/signin/code` (a new person's set-up code) and `/enroll`; for any
//! other path that is not a file, the `index.html` of the portal app of the path's
//! section (`bellhop_api::sections`; so deep links such as `/tasks/42` load the portal)
//! — but only to a browser with a live session: a signed-out one is sent to `/signin?next=<where it was going>`, so it never downloads
//! the portal's code before someone signs in. Files go out as the build's brotli or
//! gzip copy when the browser takes one; hashed assets are cached for a year,
//! everything else revalidated. The files come from a folder or from the binary
//! ([`AppFiles`]), served alike.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use serde_json::json;

use bellhop_api::sections::Section;

use crate::app::AppState;
use crate::app_files::AppFiles;
use crate::auth::{session, SESSION_COOKIE};

/// Where the build puts the sign-in app, under the static folder.
pub const SIGNIN_APP_DIR: &str = "signin-app";

/// Where the build puts the first-run set-up app.
pub const SETUP_APP_DIR: &str = "setup-app";

/// Where a signed-out browser is sent.
const SIGN_IN: &str = "/signin";
/// Enrolling a browser as a shared tablet (the first-run app).
const ENROLL: &str = "/enroll";
/// The first-run set-up of a server without a hotel.
const SETUP: &str = "/setup";
/// A new person redeems their set-up code (the first-run app).
const SIGN_IN_WITH_CODE: &str = "/signin/code";

/// The page of `section`'s portal app.
fn portal_page(section: Section) -> String {
    match section.app_dir() {
        "" => "index.html".to_owned(),
        dir => format!("{dir}/index.html"),
    }
}

/// The addresses the sign-in and first-run apps serve (routed in [`router`]), and the
/// folder of each one's app.
const SIGN_IN_ADDRESSES: [(&str, &str); 4] = [
    (SIGN_IN, SIGNIN_APP_DIR),
    (ENROLL, SETUP_APP_DIR),
    (SETUP, SETUP_APP_DIR),
    (SIGN_IN_WITH_CODE, SETUP_APP_DIR),
];

/// Which app's page serves which address, for the service worker to open the right app
/// offline: a page serves its prefix and every address under it, the longest prefix
/// wins, and `otherwise` serves the rest — the same rule as [`Section::of_path`].
async fn app_pages_table() -> Json<serde_json::Value> {
    let portal = Section::ALL.into_iter().flat_map(|section| {
        section
            .prefixes()
            .iter()
            .map(move |prefix| (*prefix, portal_page(section)))
    });
    let sign_in = SIGN_IN_ADDRESSES.map(|(prefix, dir)| (prefix, format!("{dir}/index.html")));
    let pages: Vec<_> = portal
        .chain(sign_in)
        .map(|(prefix, page)| json!({ "prefix": prefix, "page": format!("/{page}") }))
        .collect();
    Json(json!({ "pages": pages, "otherwise": format!("/{}", portal_page(Section::Tasks)) }))
}

/// Every page the build writes: each portal app's and the sign-in app's.
pub fn app_pages() -> Vec<String> {
    Section::ALL
        .map(portal_page)
        .into_iter()
        .chain([
            format!("{SIGNIN_APP_DIR}/index.html"),
            format!("{SETUP_APP_DIR}/index.html"),
        ])
        .collect()
}

#[derive(Clone)]
struct Pages {
    state: AppState,
    files: AppFiles,
}

pub fn router(state: AppState) -> Router {
    let files = AppFiles::from_config(&state.config);
    // `/` and any unknown path are pages of the portal, decided by `serve_portal`;
    // folders are not served as their index.html behind its back.
    Router::new()
        .route(SIGN_IN, get(serve_signin_or_setup))
        .route(SIGN_IN_WITH_CODE, get(serve_setup))
        .route(ENROLL, get(serve_setup))
        .route(SETUP, get(serve_setup))
        .route("/", get(serve_portal))
        .route("/index.html", get(serve_portal))
        .route("/app-pages.json", get(app_pages_table))
        .fallback(file_or_portal)
        .with_state(Pages { state, files })
        .layer(middleware::from_fn(cache_headers))
}

async fn serve_signin(State(pages): State<Pages>, request: Request) -> Response {
    let page = format!("{SIGNIN_APP_DIR}/index.html");
    serve_file(&pages.files, &page, request.headers(), false)
        .await
        .unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
}

/// Sign-in, or the first-run set-up while there is no hotel to sign in to.
async fn serve_signin_or_setup(State(pages): State<Pages>, request: Request) -> Response {
    match crate::setup::hotel_exists(&pages.state.db.pool).await {
        Ok(false) => Redirect::to(SETUP).into_response(),
        _ => serve_signin(State(pages), request).await,
    }
}

/// The first-run app's page.
async fn serve_setup(State(pages): State<Pages>, request: Request) -> Response {
    let page = format!("{SETUP_APP_DIR}/index.html");
    serve_file(&pages.files, &page, request.headers(), false)
        .await
        .unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
}

/// A file of the build when there is one at the path, else a page of the portal.
async fn file_or_portal(State(pages): State<Pages>, jar: CookieJar, request: Request) -> Response {
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
    }
    let path = percent_encoding::percent_decode_str(request.uri().path().trim_start_matches('/')).decode_utf8();
    if let Ok(path) = path {
        if let Some(response) = serve_file(&pages.files, &path, request.headers(), head).await {
            return response;
        }
    }
    serve_portal(State(pages), jar, request).await
}

/// The portal's page for a browser with a live session, else a redirect to sign-in.
async fn serve_portal(State(pages): State<Pages>, jar: CookieJar, request: Request) -> Response {
    if !signed_in(&pages.state, &jar).await {
        let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
        return Redirect::to(&sign_in_url(target)).into_response();
    }
    let head = request.method() == Method::HEAD;
    let page = portal_page(Section::of_path(request.uri().path()));
    serve_file(&pages.files, &page, request.headers(), head)
        .await
        .unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
}

/// One file of the build, as the build's brotli or gzip copy (`file.br`, `file.gz`,
/// written beside each text and wasm file by `build_app` in scripts/lib/toolchain.sh)
/// when the browser accepts it; `None` when there is no such file.
async fn serve_file(files: &AppFiles, path: &str, headers: &HeaderMap, head: bool) -> Option<Response> {
    let accepted = Accepted::from(headers);
    let mut chosen = None;
    for (encoding, suffix) in accepted.preference() {
        if let Some(file) = files.load(format!("{path}{suffix}")).await {
            chosen = Some((encoding, file));
            break;
        }
    }
    let (encoding, file) = chosen?;
    let content_type = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    let mut response = if headers.get(header::IF_NONE_MATCH).is_some_and(|tags| {
        tags.as_bytes()
            .split(|b| *b == b',')
            .any(|tag| tag.trim_ascii() == file.etag.as_bytes())
    }) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let length = file.bytes.len();
        let mut response = if head {
            Response::new(axum::body::Body::empty())
        } else {
            Response::new(axum::body::Body::from(file.bytes))
        };
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Some(encoding) = encoding {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    };
    if let Ok(etag) = HeaderValue::from_str(&file.etag) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    Some(response)
}

/// The `Accept-Encoding` weights of the two encodings the build writes copies in.
struct Accepted {
    br: f32,
    gzip: f32,
}

impl From<&HeaderMap> for Accepted {
    fn from(headers: &HeaderMap) -> Self {
        let mut accepted = Accepted { br: 0.0, gzip: 0.0 };
        let values = headers.get_all(header::ACCEPT_ENCODING).iter();
        for item in values.filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')) {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            match name.to_ascii_lowercase().as_str() {
                "br" => accepted.br = weight,
                "gzip" | "x-gzip" => accepted.gzip = weight,
                _ => {}
            }
        }
        accepted
    }
}

impl Accepted {
    /// (Content-Encoding, file suffix) to try in turn; brotli first on a tie, since its
    /// copies are the smaller; the plain file last.
    fn preference(&self) -> Vec<(Option<&'static str>, &'static str)> {
        let mut order = Vec::new();
        if self.br > 0.0 && self.br >= self.gzip {
            order.push((Some("br"), ".br"));
        }
        if self.gzip > 0.0 {
            order.push((Some("gzip"), ".gz"));
        }
        if self.br > 0.0 && self.br < self.gzip {
            order.push((Some("br"), ".br"));
        }
        order.push((None, ""));
        order
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
    use axum::http::{header, HeaderMap, HeaderValue};

    use super::{is_hashed_asset, sign_in_url, Accepted};

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
    fn the_browsers_weights_choose_the_copy() {
        let order = |accept: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(accept));
            Accepted::from(&headers)
                .preference()
                .into_iter()
                .map(|(_, suffix)| suffix)
                .collect::<Vec<_>>()
        };
        assert_eq!(order("gzip, deflate, br"), [".br", ".gz", ""]);
        assert_eq!(order("gzip;q=1, br;q=0.5"), [".gz", ".br", ""]);
        assert_eq!(order("br;q=0, gzip"), [".gz", ""]);
        assert_eq!(order("identity"), [""]);
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
