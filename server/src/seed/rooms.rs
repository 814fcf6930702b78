//! The demo hotel's rooms on a working morning: types and sections, a mix of
//! departures, stay-overs, ready and arriving rooms, one out of order and one out of
//! service, and today's lists for the three attendants, split by credits.

use bellhop_api::room_assignments::{self, DayRoom};
use bellhop_api::room_status::{Housekeeping, Occupancy};
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::db::flag;
use crate::error::ApiResult;
use crate::routes::rooms::assign_store::{self, NewAssignment};

/// The morning's status of the `n`th room of a floor.
fn morning(n: i64) -> (Occupancy, Housekeeping) {
    match n % 8 {
        0 => (Occupancy::Vacant, Housekeeping::Inspected),
        1 | 6 => (Occupancy::Occupied, Housekeeping::Dirty),
        2 | 7 => (Occupancy::Departed, Housekeeping::Dirty),
        3 => (Occupancy::DueOut, Housekeeping::Dirty),
        4 => (Occupancy::Vacant, Housekeeping::Clean),
        _ => (Occupancy::ArrivalExpected, Housekeeping::Inspected),
    }
}

pub async fn seed(conn: &mut AnyConnection, property: &str, day: i64, now: i64) -> ApiResult<()> {
    let rooms: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT id, number, floor FROM rooms WHERE property_id = $1 ORDER BY floor, number")
            .bind(property)
            .fetch_all(&mut *conn)
            .await?;
    let mut day_rooms = Vec::new();
    for (id, number, floor) in &rooms {
        let n: i64 = number[number.len() - 2..].parse().unwrap_or(0);
        let room_type = if *floor == 12 {
            "Suite"
        } else if n % 2 == 0 {
            "Twin"
        } else {
            "Deluxe King"
        };
        let section = format!("{floor} {}", if n <= 5 { "East" } else { "West" });
        let (mut occupancy, mut housekeeping) = morning(n + floor);
        let mut ooo_reason = None;
        if number == "1105" {
            (occupancy, housekeeping) = (Occupancy::Vacant, Housekeeping::OutOfOrder);
            ooo_reason = Some("Air conditioner leaking");
        } else if number == "1207" {
            (occupancy, housekeeping) = (Occupancy::Vacant, Housekeeping::OutOfService);
        }
        sqlx::query(
            "UPDATE rooms SET room_type = $1, section = $2, occupancy = $3, housekeeping = $4, do_not_disturb = $5, \
                ooo_reason = $6, status_changed_at = $7 WHERE id = $8",
        )
        .bind(room_type)
        .bind(&section)
        .bind(occupancy.code())
        .bind(housekeeping.code())
        .bind(flag(number == "1004"))
        .bind(ooo_reason)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        if let Some(kind) = room_assignments::clean_kind(occupancy, housekeeping) {
            day_rooms.push(DayRoom {
                room_id: Uuid::parse_str(id).map_err(|_| crate::error::ApiError::Internal(format!("room id {id}")))?,
                number: number.clone(),
                floor: *floor,
                section,
                kind,
                credits: room_assignments::credits(&[], room_type, kind),
            });
        }
    }
    day_rooms.sort_by(|a, b| (&a.section, a.floor, &a.number).cmp(&(&b.section, b.floor, &b.number)));
    let attendants: Vec<(String,)> = sqlx::query_as(
        "SELECT s.id FROM staff s JOIN departments d ON d.id = s.department_id \
         WHERE s.property_id = $1 AND d.code = 'housekeeping' AND s.role = 'staff' ORDER BY s.display_name",
    )
    .bind(property)
    .fetch_all(&mut *conn)
    .await?;
    let split = room_assignments::propose(&day_rooms, attendants.len());
    let room_ids: Vec<String> = day_rooms.iter().map(|r| r.room_id.to_string()).collect();
    let mut lists = Vec::new();
    for ((attendant,), indexes) in attendants.iter().zip(split) {
        for (position, index) in indexes.into_iter().enumerate() {
            lists.push(NewAssignment {
                room_id: &room_ids[index],
                attendant_id: attendant,
                position: position as i64,
                kind: day_rooms[index].kind,
                credits: day_rooms[index].credits,
            });
        }
    }
    assign_store::replace_day(conn, property, day, &lists, now).await
}
