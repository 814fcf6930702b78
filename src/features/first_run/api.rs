//! The first-run set-up's calls.

use bellhop_api::property::Property;
use bellhop_api::setup::{SetupRequest, SetupStatus};
use gloo_net::http::Request;

use crate::api::{send, send_json, url, Result};

pub async fn status() -> Result<SetupStatus> {
    send(Request::get(&url("/setup"))).await
}

pub async fn set_up(req: &SetupRequest) -> Result<Property> {
    send_json(Request::post(&url("/setup")), req).await
}
