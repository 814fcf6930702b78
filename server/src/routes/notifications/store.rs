//! The inbox's SQL: a person's notifications, the unread count, marking read, and the
//! preferences. Every query names the person and the hotel, so nobody reaches
//! another's inbox. (Notifications are written by `crate::notify`.)

use bellhop_api::notifications::{Notification, NotificationKind, NotificationPreferences, QuietHours};
use sqlx::{AnyConnection, AnyPool};

use crate::error::ApiResult;
use crate::rows::{self, Row};

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: String,
    kind: String,
    object_id: String,
    params: String,
    created_at: i64,
    read_at: Option<i64>,
}

impl NotificationRow {
    fn wire(self) -> ApiResult<Notification> {
        let row = Row::new("notifications", &self.id);
        let kind = row.code("kind", &self.kind, NotificationKind::parse)?;
        Ok(Notification {
            id: row.own_id()?,
            kind,
            object: kind.object(),
            params: row.json("params", &self.params)?,
            created_at: row.time("created_at", self.created_at)?,
            read_at: row.opt_time("read_at", self.read_at)?,
            object_id: self.object_id,
        })
    }
}

/// A page of the person's notifications in the hotel, newest first, with the total.
pub async fn page(
    pool: &AnyPool,
    property_id: &str,
    staff_id: &str,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<Notification>, i64)> {
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT id, kind, object_id, params, created_at, read_at FROM notifications \
         WHERE staff_id = $1 AND property_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4",
    )
    .bind(staff_id)
    .bind(property_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let (total,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE staff_id = $1 AND property_id = $2")
            .bind(staff_id)
            .bind(property_id)
            .fetch_one(pool)
            .await?;
    let items = rows.into_iter().map(NotificationRow::wire).collect::<ApiResult<_>>()?;
    Ok((items, total))
}

/// How many of the person's notifications in the hotel are unread.
pub async fn unread(conn: &mut AnyConnection, property_id: &str, staff_id: &str) -> ApiResult<u64> {
    let (unread,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE staff_id = $1 AND property_id = $2 AND read_at IS NULL",
    )
    .bind(staff_id)
    .bind(property_id)
    .fetch_one(conn)
    .await?;
    rows::count(unread)
}

/// Whether the notification is the person's (in the hotel).
pub async fn exists(conn: &mut AnyConnection, property_id: &str, staff_id: &str, id: &str) -> ApiResult<bool> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM notifications WHERE id = $1 AND staff_id = $2 AND property_id = $3")
            .bind(id)
            .bind(staff_id)
            .bind(property_id)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// Marks unread notifications of the person read at `now`: one (`id`) or all of the
/// hotel's. Returns how many were unread.
pub async fn mark_read(
    conn: &mut AnyConnection,
    property_id: &str,
    staff_id: &str,
    id: Option<&str>,
    now: i64,
) -> ApiResult<u64> {
    let marked = sqlx::query(
        "UPDATE notifications SET read_at = $1 \
         WHERE staff_id = $2 AND property_id = $3 AND read_at IS NULL AND ($4 = '' OR id = $4)",
    )
    .bind(now)
    .bind(staff_id)
    .bind(property_id)
    .bind(id.unwrap_or_default())
    .execute(conn)
    .await?;
    Ok(marked.rows_affected())
}

#[derive(sqlx::FromRow)]
struct PreferencesRow {
    push_kinds: String,
    quiet_from_minute: Option<i64>,
    quiet_to_minute: Option<i64>,
}

/// The person's preferences, or the defaults until they choose.
pub async fn preferences(pool: &AnyPool, staff_id: &str) -> ApiResult<NotificationPreferences> {
    let found: Option<PreferencesRow> = sqlx::query_as(
        "SELECT push_kinds, quiet_from_minute, quiet_to_minute FROM notification_preferences WHERE staff_id = $1",
    )
    .bind(staff_id)
    .fetch_optional(pool)
    .await?;
    let Some(found) = found else {
        return Ok(NotificationPreferences::default());
    };
    let row = Row::new("notification_preferences", staff_id);
    let codes: Vec<String> = row.json("push_kinds", &found.push_kinds)?;
    let push = codes
        .iter()
        .map(|code| row.code("push_kinds", code, NotificationKind::parse))
        .collect::<ApiResult<_>>()?;
    let quiet_hours = match (found.quiet_from_minute, found.quiet_to_minute) {
        (Some(from), Some(to)) => Some(QuietHours {
            from_minute: row.number("quiet_from_minute", from)?,
            to_minute: row.number("quiet_to_minute", to)?,
        }),
        (None, None) => None,
        (from, to) => return Err(row.corrupt("quiet hours", &(from, to))),
    };
    Ok(NotificationPreferences { push, quiet_hours })
}

/// Stores the person's preferences (already normalized).
pub async fn set_preferences(
    pool: &AnyPool,
    staff_id: &str,
    preferences: &NotificationPreferences,
    now: i64,
) -> ApiResult<()> {
    let codes: Vec<&str> = preferences.push.iter().map(|k| k.code()).collect();
    let push_kinds = serde_json::to_string(&codes).unwrap_or_else(|_| "[]".to_owned());
    let quiet = preferences.quiet_hours;
    sqlx::query(
        "INSERT INTO notification_preferences (staff_id, push_kinds, quiet_from_minute, quiet_to_minute, updated_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (staff_id) DO UPDATE SET push_kinds = $2, quiet_from_minute = $3, quiet_to_minute = $4, \
           updated_at = $5",
    )
    .bind(staff_id)
    .bind(push_kinds)
    .bind(quiet.map(|q| i64::from(q.from_minute)))
    .bind(quiet.map(|q| i64::from(q.to_minute)))
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}
