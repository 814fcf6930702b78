//! Serves the built apps: the sign-in app's page at `/signin` and `/enroll`, the
//! portal's `index.html` for any other path that is not a file (so deep links such as
//! `/tasks/42` load the portal), hashed assets cached for a year, everything else
//! revalidated.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// Where the build puts the sign-in app, under the static folder.
pub const SIGNIN_APP_DIR: &str = "signin-app";

pub fn router(static_dir: &Path) -> Router {
    let portal = ServeDir::new(static_dir).fallback(ServeFile::new(static_dir.join("index.html")));
    let signin = ServeFile::new(static_dir.join(SIGNIN_APP_DIR).join("index.html"));
    Router::new()
        .route_service("/signin", signin.clone())
        .route_service("/enroll", signin)
        .fallback_service(portal)
        .layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Trunk names built assets `name-<16 hex digits>.ext` (or `name-<hash>_bg.wasm`): their
/// content never changes under that name.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default().trim_end_matches("_bg");
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_trunk_hashed_names_are_immutable() {
        assert!(is_hashed_asset("/bellhop-3f2a9c0d11e4b5a6.js"));
        assert!(is_hashed_asset("/bellhop-3f2a9c0d11e4b5a6_bg.wasm"));
        assert!(is_hashed_asset("/main-00aa11bb22cc33dd.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/tasks/42"));
        assert!(!is_hashed_asset("/manifest.json"));
    }
}
