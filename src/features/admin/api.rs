//! Staff accounts and enrolled tablets.

use bellhop_api::people::{SecretReset, StaffCreate, StaffMember, StaffUpdate};
use bellhop_api::session::{Device, DeviceCreate, DeviceCreated};
use bellhop_api::Page;
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{send, send_json, url, Result};

pub async fn devices() -> Result<Vec<Device>> {
    send(Request::get(&url("/devices"))).await
}

pub async fn create_device(req: &DeviceCreate) -> Result<DeviceCreated> {
    send_json(Request::post(&url("/devices")), req).await
}

pub async fn revoke_device(id: Uuid) -> Result<Device> {
    send(Request::post(&url(&format!("/devices/{id}/revoke")))).await
}

pub async fn staff(limit: u32, offset: u32) -> Result<Page<StaffMember>> {
    send(Request::get(&url(&format!("/staff?limit={limit}&offset={offset}")))).await
}

pub async fn create_staff(req: &StaffCreate) -> Result<StaffMember> {
    send_json(Request::post(&url("/staff")), req).await
}

pub async fn update_staff(id: Uuid, req: &StaffUpdate) -> Result<StaffMember> {
    send_json(Request::patch(&url(&format!("/staff/{id}"))), req).await
}

pub async fn reset_secret(id: Uuid, req: &SecretReset) -> Result<StaffMember> {
    send_json(Request::put(&url(&format!("/staff/{id}/secret"))), req).await
}
