//! Who is told of what. Every change that concerns someone writes their notification in
//! the change's own transaction, through the rules of this module (one file per
//! feature), so a rollback takes the notification with it. Each notification names its
//! event (`event_key`); the table's unique index on person and key, with an insert that
//! ignores a conflict, tells each person of each event once, however many servers or
//! passes of a job meet it. A new notification is announced live to its person.

pub mod audits;
pub mod star;
pub mod tasks;
pub mod training;

use std::collections::BTreeMap;

use bellhop_api::live::NotificationChanged;
use bellhop_api::notifications::NotificationKind;
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::app::AppState;
use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::live::{Change, NotificationNotice};
use crate::people::HOTEL_STAFF;

/// How often [`reminders`] runs (`crate::jobs`): a reminder or the opening of the
/// vote comes at most this late.
pub const REMIND_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// What time alone makes news, in every active hotel: quizzes due in three days or
/// overdue, and the month's voting opened. Each is told once, however many passes and
/// servers meet it. Returns how many notifications were written.
pub async fn reminders(state: &AppState) -> ApiResult<usize> {
    let properties: Vec<(String,)> = sqlx::query_as("SELECT id FROM properties WHERE active = 1")
        .fetch_all(&state.db.pool)
        .await?;
    let mut told = 0;
    for (property_id,) in &properties {
        told += training::reminders(state, property_id).await?;
        told += star::voting_opened(state, property_id).await?;
    }
    Ok(told)
}

/// The parameters the app phrases a notification with, by name.
pub type Params = BTreeMap<&'static str, String>;

/// One event's notification, before it is addressed.
pub struct Notice<'a> {
    pub kind: NotificationKind,
    pub object_id: &'a str,
    pub params: &'a Params,
    /// Names the event; one notification per person and key.
    pub event_key: &'a str,
}

/// Writes `notice` for each of `to` (once each, never twice for the same event) as part
/// of `tx`, and announces each new one to its person. Returns how many were new.
pub async fn send(
    state: &AppState,
    tx: &mut WriteTx,
    property_id: &str,
    to: &[String],
    notice: &Notice<'_>,
) -> ApiResult<usize> {
    let params = serde_json::to_string(notice.params).map_err(|err| ApiError::Internal(err.to_string()))?;
    let now = state.clock.now_ms();
    let mut sent = 0;
    for staff_id in to {
        let id = Uuid::now_v7();
        let inserted = sqlx::query(
            "INSERT INTO notifications (id, property_id, staff_id, event_key, kind, object_id, params, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (staff_id, event_key) DO NOTHING",
        )
        .bind(id.to_string())
        .bind(property_id)
        .bind(staff_id)
        .bind(notice.event_key)
        .bind(notice.kind.code())
        .bind(notice.object_id)
        .bind(&params)
        .bind(now)
        .execute(tx.conn())
        .await?;
        if inserted.rows_affected() > 0 {
            let change = NotificationChanged {
                notification_id: Some(id),
                kind: Some(notice.kind),
            };
            announce(state, tx, property_id, staff_id, change).await?;
            sent += 1;
        }
    }
    Ok(sent)
}

/// Tells the person's open apps that their inbox changed, as part of `tx`.
pub async fn announce(
    state: &AppState,
    tx: &mut WriteTx,
    property_id: &str,
    staff_id: &str,
    change: NotificationChanged,
) -> ApiResult<()> {
    let notice = NotificationNotice {
        property_id: property_id.to_owned(),
        staff_id: staff_id.to_owned(),
        change,
    };
    Ok(state
        .live
        .announce(tx, state.clock.now_ms(), Change::Notification(notice))
        .await?)
}

/// Everyone working in a department (its staff and supervisors), or only its
/// supervisors; active people only.
pub async fn department(
    conn: &mut AnyConnection,
    property_id: &str,
    department_id: &str,
    supervisors_only: bool,
) -> ApiResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT s.id FROM {HOTEL_STAFF} s WHERE s.property_id = $1 AND s.department_id = $2 AND s.active = 1 \
           AND ($3 = 0 OR s.role = 'supervisor') ORDER BY s.id"
    ))
    .bind(property_id)
    .bind(department_id)
    .bind(i64::from(supervisors_only))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The hotel's managers: its own, and those given the role in it.
pub async fn managers(conn: &mut AnyConnection, property_id: &str) -> ApiResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT s.id FROM {HOTEL_STAFF} s WHERE s.property_id = $1 AND s.role = 'manager' AND s.active = 1 \
         ORDER BY s.id"
    ))
    .bind(property_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Everyone who works at the hotel (its own active people and those given a role there).
pub async fn everyone(conn: &mut AnyConnection, property_id: &str) -> ApiResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT s.id FROM {HOTEL_STAFF} s WHERE s.property_id = $1 AND s.active = 1 ORDER BY s.id"
    ))
    .bind(property_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// `people` without `left_out` (the person who made the change, someone already told).
pub fn without(people: Vec<String>, left_out: &[&str]) -> Vec<String> {
    people.into_iter().filter(|p| !left_out.contains(&p.as_str())).collect()
}
