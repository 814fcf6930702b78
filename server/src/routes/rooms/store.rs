//! The rooms' SQL.

use bellhop_api::rooms::{Room, RoomInput};
use sqlx::{Any, AnyConnection, Executor};

use crate::db::flag;
use crate::error::ApiResult;
use crate::rows::Row;

const ROOM_COLUMNS: &str = "id, number, floor, room_type, section, active";

#[derive(sqlx::FromRow)]
struct RoomRow {
    id: String,
    number: String,
    floor: i64,
    room_type: String,
    section: String,
    active: i64,
}

impl RoomRow {
    fn to_api(&self) -> ApiResult<Room> {
        Ok(Room {
            id: Row::new("rooms", &self.id).own_id()?,
            number: self.number.clone(),
            floor: self.floor,
            room_type: self.room_type.clone(),
            section: self.section.clone(),
            active: self.active != 0,
        })
    }
}

/// The property's rooms by floor and number; retired ones too if `include_retired`.
pub async fn list<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    include_retired: bool,
) -> ApiResult<Vec<Room>> {
    let rows: Vec<RoomRow> = sqlx::query_as(&format!(
        "SELECT {ROOM_COLUMNS} FROM rooms WHERE property_id = $1 AND (active = 1 OR $2 = 1) \
         ORDER BY floor, number LIMIT 5000"
    ))
    .bind(property_id)
    .bind(flag(include_retired))
    .fetch_all(db)
    .await?;
    rows.iter().map(RoomRow::to_api).collect()
}

pub async fn by_id<'c>(db: impl Executor<'c, Database = Any>, property_id: &str, id: &str) -> ApiResult<Option<Room>> {
    let row: Option<RoomRow> = sqlx::query_as(&format!(
        "SELECT {ROOM_COLUMNS} FROM rooms WHERE id = $1 AND property_id = $2"
    ))
    .bind(id)
    .bind(property_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(RoomRow::to_api).transpose()
}

pub async fn by_number<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    number: &str,
) -> ApiResult<Option<Room>> {
    let row: Option<RoomRow> = sqlx::query_as(&format!(
        "SELECT {ROOM_COLUMNS} FROM rooms WHERE number = $1 AND property_id = $2"
    ))
    .bind(number)
    .bind(property_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(RoomRow::to_api).transpose()
}

pub async fn insert(conn: &mut AnyConnection, property_id: &str, id: &str, room: &RoomInput) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO rooms (id, property_id, number, floor, room_type, section, active) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(property_id)
    .bind(&room.number)
    .bind(room.floor)
    .bind(&room.room_type)
    .bind(&room.section)
    .bind(flag(room.active))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update(conn: &mut AnyConnection, id: &str, room: &RoomInput) -> ApiResult<()> {
    sqlx::query("UPDATE rooms SET number = $1, floor = $2, room_type = $3, section = $4, active = $5 WHERE id = $6")
        .bind(&room.number)
        .bind(room.floor)
        .bind(&room.room_type)
        .bind(&room.section)
        .bind(flag(room.active))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
