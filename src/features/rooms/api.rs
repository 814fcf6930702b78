//! Housekeeping's rooms: the board and its one-tap changes, the front desk's queue, the
//! day's assignments, an attendant's rooms, the end-of-day report.

use bellhop_api::room_assignments::{AssignmentsSave, AttendantDay, DayQuery, DayReport, Proposal};
use bellhop_api::room_status::{BoardCounts, BoardQuery, RoomQueue, RoomStatus, RoomStatusChange};
use bellhop_api::tasks::{BoardQuery as TaskBoardQuery, TaskSummary};
use gloo_net::http::Request;
use uuid::Uuid;

use crate::api::{list_url, send, send_json, url, Result};

/// Every active room's status (or those the query keeps), by floor and number.
pub async fn board(query: &BoardQuery) -> Result<Vec<RoomStatus>> {
    send(Request::get(&list_url("/rooms/board", query))).await
}

pub async fn counts() -> Result<BoardCounts> {
    send(Request::get(&url("/rooms/board/counts"))).await
}

/// A one-tap change, based on the version the person saw.
pub async fn change(room: Uuid, req: &RoomStatusChange) -> Result<RoomStatus> {
    send_json(Request::post(&url(&format!("/rooms/{room}/status"))), req).await
}

/// A guest waits for the room (or no longer).
pub async fn queue(room: Uuid, req: &RoomQueue) -> Result<RoomStatus> {
    send_json(Request::post(&url(&format!("/rooms/{room}/queue"))), req).await
}

/// The open tasks of a department's board for one room number (the room's inspection).
pub async fn room_tasks(query: &TaskBoardQuery) -> Result<Vec<TaskSummary>> {
    send(Request::get(&list_url("/tasks/board", query))).await
}

pub async fn mine() -> Result<AttendantDay> {
    send(Request::get(&url("/rooms/mine"))).await
}

/// Every attendant's list today, as published.
pub async fn assignments() -> Result<Vec<AttendantDay>> {
    send(Request::get(&url("/rooms/assignments"))).await
}

pub async fn proposal() -> Result<Proposal> {
    send(Request::get(&url("/rooms/assignments/proposal"))).await
}

pub async fn publish(req: &AssignmentsSave) -> Result<Vec<AttendantDay>> {
    send_json(Request::put(&url("/rooms/assignments")), req).await
}

pub async fn report(query: &DayQuery) -> Result<DayReport> {
    send(Request::get(&list_url("/rooms/report", query))).await
}

/// The address of the same report as a CSV download.
pub fn report_csv(query: &DayQuery) -> String {
    list_url("/rooms/report.csv", query)
}
