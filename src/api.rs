//! The transport under every feature's typed client (`features/<feature>/api.rs`):
//! addresses, the CSRF header, JSON both ways, the API's one error shape as
//! [`ApiError`], list addresses and client-made ids.
//!
//! Every request goes through [`fetch`], which adds the CSRF header the server demands
//! on state-changing requests, reads the one error shape of the API into [`ApiError`],
//! and tells the app (through [`on_session_lost`]) when a signed-in session has ended
//! on the server, so that any 401 anywhere returns the tablet to sign-in.

use std::cell::RefCell;

use bellhop_api::{ErrorBody, ErrorCode, Page, PageQuery};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

const BASE: &str = "/api";

/// What can go wrong with a call: the server answered with its error body, or the
/// request never got an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server refused; `retry_after` is the Retry-After header in seconds.
    Api { body: ErrorBody, retry_after: Option<u32> },
    /// No answer (offline, server down) or an answer that is not the API's.
    Network,
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Api { body, .. } => Some(body.error),
            ApiError::Network => None,
        }
    }

    /// Whole minutes until a locked account may try again (at least 1).
    pub fn retry_minutes(&self) -> Option<u32> {
        match self {
            ApiError::Api {
                retry_after: Some(secs),
                ..
            } => Some(secs.div_ceil(60).max(1)),
            _ => None,
        }
    }
}

/// What every call of the typed clients returns.
pub type Result<T> = std::result::Result<T, ApiError>;

thread_local! {
    static SESSION_LOST: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what to do when the server says the session is gone (401
/// `unauthenticated`). The app installs one hook at start.
pub fn on_session_lost(hook: impl Fn() + 'static) {
    SESSION_LOST.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
}

fn session_lost() {
    SESSION_LOST.with(|h| {
        if let Some(hook) = h.borrow().as_ref() {
            hook();
        }
    });
}

/// The address of an API path (`/tasks` → `/api/tasks`).
pub fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// The server refuses state-changing requests without this header (CSRF rule); a
/// cross-site form cannot set it.
fn csrf(req: RequestBuilder) -> RequestBuilder {
    req.header("X-Requested-With", "bellhop")
}

/// Sends a request and returns the body of a 2xx answer as text. Not generic, so the
/// wasm holds one copy of the request machinery, not one per response type.
pub async fn fetch(req: RequestBuilder, body: Option<String>) -> Result<String> {
    let req = csrf(req);
    let req = match body {
        Some(json) => req.header("Content-Type", "application/json").body(json),
        None => req.build(),
    }
    .map_err(|_| ApiError::Network)?;
    answer(req).await
}

/// Sends a built request; the text of a 2xx answer, or the API's error.
async fn answer(req: Request) -> Result<String> {
    let resp = req.send().await.map_err(|_| ApiError::Network)?;
    let text = resp.text().await.map_err(|_| ApiError::Network)?;
    if resp.ok() {
        return Ok(text);
    }
    let retry_after = resp.headers().get("retry-after").and_then(|v| v.trim().parse().ok());
    let body = serde_json::from_str::<ErrorBody>(&text)
        // Not the API's answer (a proxy page, say): keep what the status tells.
        .unwrap_or_else(|_| ErrorBody::new(fallback_code(resp.status()), resp.status_text()));
    if body.error == ErrorCode::Unauthenticated {
        session_lost();
    }
    Err(ApiError::Api { body, retry_after })
}

fn fallback_code(status: u16) -> ErrorCode {
    match status {
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        422 => ErrorCode::Invalid,
        429 => ErrorCode::TooManyAttempts,
        502..=504 => ErrorCode::Unavailable,
        _ => ErrorCode::Internal,
    }
}

pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|_| ApiError::Network)
}

/// A request body as JSON.
pub fn encode<B: Serialize + ?Sized>(body: &B) -> Option<String> {
    serde_json::to_string(body).ok()
}

/// Sends a request; the answer read as `T`.
pub async fn send<T: DeserializeOwned>(req: RequestBuilder) -> Result<T> {
    decode(&fetch(req, None).await?)
}

/// Sends `body` as JSON; the answer read as `T`.
pub async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(req: RequestBuilder, body: &B) -> Result<T> {
    decode(&fetch(req, encode(body)).await?)
}

/// Sends `body` itself (a file or bytes, not JSON) with its content type.
pub async fn send_bytes(req: RequestBuilder, content_type: &str, body: &wasm_bindgen::JsValue) -> Result<()> {
    let req = csrf(req)
        .header("Content-Type", content_type)
        .body(body.clone())
        .map_err(|_| ApiError::Network)?;
    answer(req).await.map(drop)
}

/// Sends a file's text as `text/csv` (an import); the answer read as `T`.
pub async fn send_csv<T: DeserializeOwned>(req: RequestBuilder, text: String) -> Result<T> {
    let req = csrf(req)
        .header("Content-Type", "text/csv")
        .body(text)
        .map_err(|_| ApiError::Network)?;
    decode(&answer(req).await?)
}

/// The address of a list or report: its path and its query, written from the `api`
/// crate's query struct that the server reads back.
pub fn list_url<Q: Serialize>(path: &str, query: &Q) -> String {
    format!("{BASE}{path}{}", bellhop_api::query_string(query))
}

/// The page of a list that starts at `offset`, `limit` items long.
pub fn window(limit: u32, offset: usize) -> PageQuery {
    PageQuery {
        limit: Some(limit),
        offset: Some(u32::try_from(offset).unwrap_or(u32::MAX)),
    }
}

/// Every item of a paged list, for a picker: the largest pages one after the other.
/// `fetch` takes the page's window.
pub async fn all_pages<T, Fut>(fetch: impl Fn(PageQuery) -> Fut) -> Result<Vec<T>>
where
    Fut: std::future::Future<Output = Result<Page<T>>>,
{
    let mut all: Vec<T> = Vec::new();
    loop {
        let page = fetch(window(Page::<()>::MAX_LIMIT, all.len())).await?;
        let done = page.items.is_empty() || all.len() + page.items.len() >= page.total as usize;
        all.extend(page.items);
        if done {
            return Ok(all);
        }
    }
}

/// A random (version 4) id for a record made here, so a retried submission is
/// recognised by the server. `crypto.getRandomValues` works on plain http too.
pub fn new_id() -> Uuid {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}
