//! The first-run app's calls: the hotel's set-up, a person's set-up code and enrolling
//! a tablet.

use bellhop_api::property::Property;
use bellhop_api::session::{Device, DeviceEnroll};
use bellhop_api::setup::{SetupRequest, SetupStatus};
use bellhop_api::staff_import::SetupCodeRedeem;
use gloo_net::http::Request;

use crate::api::{encode, fetch, send, send_json, url, Result};

pub async fn status() -> Result<SetupStatus> {
    send(Request::get(&url("/setup"))).await
}

pub async fn set_up(req: &SetupRequest) -> Result<Property> {
    send_json(Request::post(&url("/setup")), req).await
}

/// Chooses one's own secret with a set-up code (the answer is not needed here).
pub async fn redeem_setup_code(req: &SetupCodeRedeem) -> Result<()> {
    fetch(Request::post(&url("/setup-codes/redeem")), encode(req))
        .await
        .map(drop)
}

pub async fn enroll(req: &DeviceEnroll) -> Result<Device> {
    send_json(Request::post(&url("/devices/enroll")), req).await
}
