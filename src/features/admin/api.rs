//! The hotel's administration: staff accounts and their import, tablets, the hotel's
//! settings, departments, rooms and the trail of changes; and the chain's hotels, people's
//! roles in them and the hotels' figures side by side.

use bellhop_api::admin_events::{AdminEvent, AdminEventQuery};
use bellhop_api::audit_wire::MonthQuery;
use bellhop_api::chain::{ChainFigures, ChainPeopleQuery, ChainPerson, Hotel, HotelCreate, HotelUpdate, RoleGrant};
use bellhop_api::csv_reader::ImportSummary;
use bellhop_api::people::{
    Department, DepartmentCreate, DepartmentUpdate, DepartmentsQuery, SecretReset, StaffCreate, StaffMember,
    StaffUpdate,
};
use bellhop_api::property::{Property, PropertyUpdate};
use bellhop_api::rooms::{Room, RoomCreate, RoomUpdate, RoomsQuery};
use bellhop_api::session::{Device, DeviceCreate, DeviceCreated};
use bellhop_api::staff_import::StaffImported;
use bellhop_api::{Page, PageQuery};
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{list_url, send, send_csv, send_json, url, Result};

pub async fn devices() -> Result<Vec<Device>> {
    send(Request::get(&url("/devices"))).await
}

pub async fn create_device(req: &DeviceCreate) -> Result<DeviceCreated> {
    send_json(Request::post(&url("/devices")), req).await
}

pub async fn revoke_device(id: Uuid) -> Result<Device> {
    send(Request::post(&url(&format!("/devices/{id}/revoke")))).await
}

pub async fn staff(page: &PageQuery) -> Result<Page<StaffMember>> {
    send(Request::get(&list_url("/staff", page))).await
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
    let query = DepartmentsQuery { include_retired: true };
    send(Request::get(&list_url("/departments", &query))).await
}

pub async fn create_department(req: &DepartmentCreate) -> Result<Department> {
    send_json(Request::post(&url("/departments")), req).await
}

pub async fn update_department(id: Uuid, req: &DepartmentUpdate) -> Result<Department> {
    send_json(Request::patch(&url(&format!("/departments/{id}"))), req).await
}

/// Every room, retired ones too.
pub async fn rooms() -> Result<Vec<Room>> {
    let query = RoomsQuery { include_retired: true };
    send(Request::get(&list_url("/rooms", &query))).await
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

/// A page of the trail: `filter`'s entries in the window `page`.
pub async fn trail(filter: &AdminEventQuery, page: PageQuery) -> Result<Page<AdminEvent>> {
    let query = AdminEventQuery {
        limit: page.limit,
        offset: page.offset,
        ..filter.clone()
    };
    send(Request::get(&list_url("/admin-events", &query))).await
}

/// The trail as CSV with the same filters, for a download link.
pub fn trail_csv(filter: &AdminEventQuery) -> String {
    list_url("/admin-events.csv", filter)
}

/// Every hotel of the chain (chain admins).
pub async fn hotels() -> Result<Vec<Hotel>> {
    send(Request::get(&url("/chain/hotels"))).await
}

pub async fn create_hotel(req: &HotelCreate) -> Result<Hotel> {
    send_json(Request::post(&url("/chain/hotels")), req).await
}

pub async fn update_hotel(id: Uuid, req: &HotelUpdate) -> Result<Hotel> {
    send_json(Request::patch(&url(&format!("/chain/hotels/{id}"))), req).await
}

/// A page of the chain's people with their roles in other hotels.
pub async fn chain_people(query: &ChainPeopleQuery) -> Result<Page<ChainPerson>> {
    send(Request::get(&list_url("/chain/people", query))).await
}

pub async fn give_role(staff: Uuid, hotel: Uuid, req: &RoleGrant) -> Result<ChainPerson> {
    send_json(
        Request::put(&url(&format!("/chain/people/{staff}/hotels/{hotel}"))),
        req,
    )
    .await
}

pub async fn take_role(staff: Uuid, hotel: Uuid) -> Result<ChainPerson> {
    send(Request::delete(&url(&format!("/chain/people/{staff}/hotels/{hotel}")))).await
}

/// Grants (`true`) or withdraws a person's chain admin flag.
pub async fn set_chain_admin(staff: Uuid, chain_admin: bool) -> Result<ChainPerson> {
    let path = url(&format!("/chain/people/{staff}/chain-admin"));
    send(if chain_admin {
        Request::put(&path)
    } else {
        Request::delete(&path)
    })
    .await
}

pub async fn chain_figures(query: &MonthQuery) -> Result<ChainFigures> {
    send(Request::get(&list_url("/chain/figures", query))).await
}

/// The chain view as CSV with the same month, for a download link.
pub fn chain_figures_csv(query: &MonthQuery) -> String {
    list_url("/chain/figures.csv", query)
}
