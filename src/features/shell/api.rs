//! What every signed-in page stands on: the session, the person's preferences, and the
//! hotel's departments, their people and rooms.

use bellhop_api::chain::HotelSwitch;
use bellhop_api::people::{Colleague, Department, MyPreferences, StaffMember};
use bellhop_api::property::Room;
use bellhop_api::session::SessionInfo;
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{fetch, send, send_json, url, Result};

pub async fn session() -> Result<SessionInfo> {
    send(Request::get(&url("/session"))).await
}

/// Moves the session to another hotel where the person holds a role.
pub async fn switch_hotel(req: &HotelSwitch) -> Result<SessionInfo> {
    send_json(Request::post(&url("/session/hotel")), req).await
}

pub async fn sign_out() -> Result<()> {
    fetch(Request::delete(&url("/session")), None).await.map(drop)
}

pub async fn set_preferences(req: &MyPreferences) -> Result<StaffMember> {
    send_json(Request::put(&url("/me/preferences")), req).await
}

pub async fn departments() -> Result<Vec<Department>> {
    send(Request::get(&url("/departments"))).await
}

/// A department's active people, for a supervisor assigning work by name.
pub async fn department_staff(id: Uuid) -> Result<Vec<Colleague>> {
    send(Request::get(&url(&format!("/departments/{id}/staff")))).await
}

pub async fn rooms() -> Result<Vec<Room>> {
    send(Request::get(&url("/rooms"))).await
}
