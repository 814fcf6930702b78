//! The sign-in app's calls: this device, signing in.

use bellhop_api::session::{SignIn, ThisDevice};
use gloo_net::http::Request;

use crate::api::{encode, fetch, send, url, Result};

pub async fn this_device() -> Result<ThisDevice> {
    send(Request::get(&url("/devices/this"))).await
}

/// Signs in; the portal reads the session it starts (the sign-in app needs none of it).
pub async fn sign_in(req: &SignIn) -> Result<()> {
    fetch(Request::post(&url("/session")), encode(req)).await.map(drop)
}

/// Whether this browser holds a live session, without reading it.
pub async fn has_session() -> bool {
    fetch(Request::get(&url("/session")), None).await.is_ok()
}
