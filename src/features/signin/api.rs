//! The sign-in app's calls: this device, enrollment, signing in, a set-up code.

use bellhop_api::session::{Device, DeviceEnroll, SignIn, ThisDevice};
use bellhop_api::staff_import::SetupCodeRedeem;
use gloo_net::http::Request;

use crate::api::{encode, fetch, send, send_json, url, Result};

pub async fn this_device() -> Result<ThisDevice> {
    send(Request::get(&url("/devices/this"))).await
}

pub async fn enroll(req: &DeviceEnroll) -> Result<Device> {
    send_json(Request::post(&url("/devices/enroll")), req).await
}

/// Signs in; the portal reads the session it starts (the sign-in app needs none of it).
pub async fn sign_in(req: &SignIn) -> Result<()> {
    fetch(Request::post(&url("/session")), encode(req)).await.map(drop)
}

/// Whether this browser holds a live session, without reading it.
pub async fn has_session() -> bool {
    fetch(Request::get(&url("/session")), None).await.is_ok()
}

/// Chooses one's own secret with a set-up code (the answer is not needed here).
pub async fn redeem_setup_code(req: &SetupCodeRedeem) -> Result<()> {
    fetch(Request::post(&url("/setup-codes/redeem")), encode(req))
        .await
        .map(drop)
}
