//! The day's assignments' SQL: credit rules, the attendants on duty, each day's lists.

use bellhop_api::room_assignments::{CleanKind, CreditRule};
use sqlx::{Any, AnyConnection, Executor};

use crate::error::ApiResult;
use crate::people::HOTEL_STAFF;
use crate::rows::Row;

#[derive(sqlx::FromRow)]
struct CreditRow {
    room_type: String,
    departure: i64,
    stay_over: i64,
}

/// The hotel's credit rules, the default line (empty room type) first.
pub async fn credit_rules<'c>(db: impl Executor<'c, Database = Any>, property_id: &str) -> ApiResult<Vec<CreditRule>> {
    let rows: Vec<CreditRow> = sqlx::query_as(
        "SELECT room_type, departure, stay_over FROM room_credits WHERE property_id = $1 ORDER BY room_type",
    )
    .bind(property_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let row = Row::new("room_credits", &r.room_type);
            Ok(CreditRule {
                room_type: r.room_type.clone(),
                departure: row.number("departure", r.departure)?,
                stay_over: row.number("stay_over", r.stay_over)?,
            })
        })
        .collect()
}

pub async fn replace_credit_rules(conn: &mut AnyConnection, property_id: &str, rules: &[CreditRule]) -> ApiResult<()> {
    sqlx::query("DELETE FROM room_credits WHERE property_id = $1")
        .bind(property_id)
        .execute(&mut *conn)
        .await?;
    for rule in rules {
        sqlx::query("INSERT INTO room_credits (property_id, room_type, departure, stay_over) VALUES ($1, $2, $3, $4)")
            .bind(property_id)
            .bind(&rule.room_type)
            .bind(i64::from(rule.departure))
            .bind(i64::from(rule.stay_over))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The attendants on duty: active housekeeping staff, by name.
pub async fn attendants<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
) -> ApiResult<Vec<(String, String)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT s.id, s.display_name FROM {HOTEL_STAFF} s JOIN departments d ON d.id = s.department_id \
         WHERE s.property_id = $1 AND d.code = 'housekeeping' AND s.role = 'staff' AND s.active = 1 \
         ORDER BY s.display_name, s.id"
    ))
    .bind(property_id)
    .fetch_all(db)
    .await?)
}

/// One room of a day's lists.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AssignmentRow {
    pub room_id: String,
    pub attendant_id: String,
    pub attendant_name: String,
    pub kind: String,
    pub credits: i64,
}

impl AssignmentRow {
    pub fn kind(&self) -> ApiResult<CleanKind> {
        Row::new("room_assignments", &self.room_id).code("kind", &self.kind, CleanKind::parse)
    }

    pub fn credits(&self) -> ApiResult<u32> {
        Row::new("room_assignments", &self.room_id).number("credits", self.credits)
    }
}

/// The day's lists, by attendant name and position.
pub async fn day<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    day: i64,
) -> ApiResult<Vec<AssignmentRow>> {
    Ok(sqlx::query_as(
        "SELECT a.room_id, a.attendant_id, s.display_name AS attendant_name, a.kind, a.credits \
         FROM room_assignments a JOIN staff s ON s.id = a.attendant_id \
         WHERE a.property_id = $1 AND a.day = $2 ORDER BY s.display_name, a.attendant_id, a.position",
    )
    .bind(property_id)
    .bind(day)
    .fetch_all(db)
    .await?)
}

/// One room on an attendant's list.
pub struct NewAssignment<'a> {
    pub room_id: &'a str,
    pub attendant_id: &'a str,
    pub position: i64,
    pub kind: CleanKind,
    pub credits: u32,
}

/// Replaces the day's lists with `lists`.
pub async fn replace_day(
    conn: &mut AnyConnection,
    property_id: &str,
    day: i64,
    lists: &[NewAssignment<'_>],
    now: i64,
) -> ApiResult<()> {
    sqlx::query("DELETE FROM room_assignments WHERE property_id = $1 AND day = $2")
        .bind(property_id)
        .bind(day)
        .execute(&mut *conn)
        .await?;
    for a in lists {
        sqlx::query(
            "INSERT INTO room_assignments (room_id, day, property_id, attendant_id, position, kind, credits, assigned_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(a.room_id)
        .bind(day)
        .bind(property_id)
        .bind(a.attendant_id)
        .bind(a.position)
        .bind(a.kind.code())
        .bind(i64::from(a.credits))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
