//! The hotel's administration: staff accounts and their import, tablets, the hotel's
//! settings, departments, rooms and the trail of changes.

use bellhop_api::admin_events::{AdminEvent, AdminEventKind};
use bellhop_api::csv_reader::ImportSummary;
use bellhop_api::people::{
    Department, DepartmentCreate, DepartmentUpdate, SecretReset, StaffCreate, StaffMember, StaffUpdate,
};
use bellhop_api::property::{Property, PropertyUpdate};
use bellhop_api::rooms::{Room, RoomCreate, RoomUpdate};
use bellhop_api::session::{Device, DeviceCreate, DeviceCreated};
use bellhop_api::staff_import::StaffImported;
use bellhop_api::Page;
use chrono::NaiveDate;
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{query, send, send_csv, send_json, url, Result};

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

/// Everyone in the file gets a one-time set-up code, answered once.
pub async fn import_staff(text: String) -> Result<StaffImported> {
    send_csv(Request::post(&url("/staff/import")), text).await
}

pub async fn property() -> Result<Property> {
    send(Request::get(&url("/property"))).await
}

pub async fn update_property(req: &PropertyUpdate) -> Result<Property> {
    send_json(Request::patch(&url("/property")), req).await
}

/// Every department, retired ones too.
pub async fn departments() -> Result<Vec<Department>> {
    send(Request::get(&url("/departments?include_retired=true"))).await
}

pub async fn create_department(req: &DepartmentCreate) -> Result<Department> {
    send_json(Request::post(&url("/departments")), req).await
}

pub async fn update_department(id: Uuid, req: &DepartmentUpdate) -> Result<Department> {
    send_json(Request::patch(&url(&format!("/departments/{id}"))), req).await
}

/// Every room, retired ones too.
pub async fn rooms() -> Result<Vec<Room>> {
    send(Request::get(&url("/rooms?include_retired=true"))).await
}

pub async fn create_room(req: &RoomCreate) -> Result<Room> {
    send_json(Request::post(&url("/rooms")), req).await
}

pub async fn update_room(id: Uuid, req: &RoomUpdate) -> Result<Room> {
    send_json(Request::patch(&url(&format!("/rooms/{id}"))), req).await
}

pub async fn import_rooms(text: String) -> Result<ImportSummary> {
    send_csv(Request::post(&url("/rooms/import")), text).await
}

/// The rooms file, for a download link.
pub fn rooms_csv() -> String {
    url("/rooms.csv")
}

/// The trail's filters, as the list and its CSV take them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrailFilter {
    pub kind: Option<AdminEventKind>,
    pub actor: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl TrailFilter {
    fn pairs(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("kind", self.kind.map(|k| k.as_str().to_owned())),
            ("actor", self.actor.map(|a| a.to_string())),
            ("from", self.from.map(|d| d.to_string())),
            ("to", self.to.map(|d| d.to_string())),
        ]
    }
}

pub async fn trail(filter: &TrailFilter, limit: u32, offset: usize) -> Result<Page<AdminEvent>> {
    let mut pairs = filter.pairs();
    pairs.push(("limit", Some(limit.to_string())));
    pairs.push(("offset", Some(offset.to_string())));
    send(Request::get(&url(&format!("/admin-events{}", query(&pairs))))).await
}

/// The trail as CSV with the same filters, for a download link.
pub fn trail_csv(filter: &TrailFilter) -> String {
    url(&format!("/admin-events.csv{}", query(&filter.pairs())))
}
