//! The rooms' status SQL: the board's rows (with today's attendant), saving a change
//! against the version seen, and the history.

use bellhop_api::room_status::{
    self, ChangeSource, Discrepancy, Housekeeping, Occupancy, OutOfOrder, RoomHistoryEntry, RoomStatus, Seen,
};
use chrono::NaiveDate;
use sqlx::{Any, AnyConnection, Executor};
use uuid::Uuid;

use crate::db::flag;
use crate::error::ApiResult;
use crate::rows::Row;

/// The columns of [`StatusRow`]; `$1` is the property, `$2` today's day number.
const SELECT: &str = "SELECT r.id, r.property_id, r.number, r.floor, r.room_type, r.section, r.occupancy, \
        r.housekeeping, r.do_not_disturb, r.service_refused, r.seen, r.ooo_reason, r.ooo_until, r.repair_task_id, \
        r.queued_at, r.status_version, r.status_changed_at, r.active, a.attendant_id, s.display_name AS attendant_name \
    FROM rooms r \
    LEFT JOIN room_assignments a ON a.room_id = r.id AND a.day = $2 \
    LEFT JOIN staff s ON s.id = a.attendant_id \
    WHERE r.property_id = $1";

/// A room's status as stored, with today's attendant.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatusRow {
    pub id: String,
    pub property_id: String,
    pub number: String,
    pub floor: i64,
    pub room_type: String,
    pub section: String,
    pub occupancy: String,
    pub housekeeping: String,
    pub do_not_disturb: i64,
    pub service_refused: i64,
    pub seen: Option<String>,
    pub ooo_reason: Option<String>,
    pub ooo_until: Option<String>,
    pub repair_task_id: Option<String>,
    pub queued_at: Option<i64>,
    pub status_version: i64,
    pub status_changed_at: i64,
    /// 0 once the room is retired: it keeps its status and history but takes no change.
    pub active: i64,
    pub attendant_id: Option<String>,
    pub attendant_name: Option<String>,
}

/// What a change may set: the status columns, read from a row and written back whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub occupancy: Occupancy,
    pub housekeeping: Housekeeping,
    pub do_not_disturb: bool,
    pub service_refused: bool,
    pub seen: Option<Seen>,
    pub ooo_reason: Option<String>,
    pub ooo_until: Option<NaiveDate>,
    pub repair_task_id: Option<String>,
    pub queued_at: Option<i64>,
}

impl StatusRow {
    fn row(&self) -> Row<'_> {
        Row::new("rooms", &self.id)
    }

    pub fn occupancy(&self) -> ApiResult<Occupancy> {
        self.row().code("occupancy", &self.occupancy, Occupancy::parse)
    }

    pub fn housekeeping(&self) -> ApiResult<Housekeeping> {
        self.row().code("housekeeping", &self.housekeeping, Housekeeping::parse)
    }

    pub fn fields(&self) -> ApiResult<Fields> {
        let row = self.row();
        Ok(Fields {
            occupancy: self.occupancy()?,
            housekeeping: self.housekeeping()?,
            do_not_disturb: self.do_not_disturb != 0,
            service_refused: self.service_refused != 0,
            seen: row.opt_code("seen", self.seen.as_deref(), Seen::parse)?,
            ooo_reason: self.ooo_reason.clone(),
            ooo_until: row.opt_code("ooo_until", self.ooo_until.as_deref(), |d| d.parse().ok())?,
            repair_task_id: self.repair_task_id.clone(),
            queued_at: self.queued_at,
        })
    }

    pub fn discrepancy(&self) -> ApiResult<Option<Discrepancy>> {
        let fields = self.fields()?;
        Ok(room_status::discrepancy(fields.occupancy, fields.seen))
    }

    pub fn to_api(&self) -> ApiResult<RoomStatus> {
        let row = self.row();
        let fields = self.fields()?;
        let out_of_order = match (&fields.housekeeping, &fields.ooo_reason) {
            (Housekeeping::OutOfOrder, Some(reason)) => Some(OutOfOrder {
                reason: reason.clone(),
                until: fields.ooo_until,
                repair_task_id: row.opt_id("repair_task_id", self.repair_task_id.as_deref())?,
            }),
            (Housekeeping::OutOfOrder, None) => return Err(row.corrupt("ooo_reason", &"NULL")),
            _ => None,
        };
        Ok(RoomStatus {
            room_id: row.own_id()?,
            number: self.number.clone(),
            floor: self.floor,
            room_type: self.room_type.clone(),
            section: self.section.clone(),
            occupancy: fields.occupancy,
            housekeeping: fields.housekeeping,
            do_not_disturb: fields.do_not_disturb,
            service_refused: fields.service_refused,
            discrepancy: room_status::discrepancy(fields.occupancy, fields.seen),
            out_of_order,
            urgent: self.queued_at.is_some(),
            attendant_id: row.opt_id("attendant_id", self.attendant_id.as_deref())?,
            attendant_name: self.attendant_name.clone(),
            version: self.status_version,
            changed_at: row.time("status_changed_at", self.status_changed_at)?,
        })
    }
}

/// A value of a board filter.
pub enum Bind {
    Text(String),
    Int(i64),
}

/// The active rooms of the property matching `conditions` (SQL over `r.`, numbered from
/// `$3`, with their `binds`), by floor and number.
pub async fn list<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    day: i64,
    conditions: &[String],
    binds: Vec<Bind>,
) -> ApiResult<Vec<StatusRow>> {
    let mut sql = format!("{SELECT} AND r.active = 1");
    for condition in conditions {
        sql.push_str(" AND ");
        sql.push_str(condition);
    }
    sql.push_str(" ORDER BY r.floor, r.number LIMIT 5000");
    let mut query = sqlx::query_as(&sql).bind(property_id).bind(day);
    for bind in binds {
        query = match bind {
            Bind::Text(text) => query.bind(text),
            Bind::Int(n) => query.bind(n),
        };
    }
    Ok(query.fetch_all(db).await?)
}

/// One room of the property (retired ones too), with today's attendant.
pub async fn by_id<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    day: i64,
    id: &str,
) -> ApiResult<Option<StatusRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} AND r.id = $3"))
        .bind(property_id)
        .bind(day)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// One active room of the property by its number.
pub async fn by_number<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    day: i64,
    number: &str,
) -> ApiResult<Option<StatusRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} AND r.number = $3 AND r.active = 1"))
        .bind(property_id)
        .bind(day)
        .bind(number)
        .fetch_optional(db)
        .await?)
}

/// Writes `fields` if the room is still at `version`; false if someone changed it first.
pub async fn save(conn: &mut AnyConnection, id: &str, version: i64, fields: &Fields, now: i64) -> ApiResult<bool> {
    let done = sqlx::query(
        "UPDATE rooms SET occupancy = $1, housekeeping = $2, do_not_disturb = $3, service_refused = $4, seen = $5, \
            ooo_reason = $6, ooo_until = $7, repair_task_id = $8, queued_at = $9, \
            status_version = status_version + 1, status_changed_at = $10 \
         WHERE id = $11 AND status_version = $12",
    )
    .bind(fields.occupancy.code())
    .bind(fields.housekeeping.code())
    .bind(flag(fields.do_not_disturb))
    .bind(flag(fields.service_refused))
    .bind(fields.seen.map(Seen::code))
    .bind(fields.ooo_reason.as_deref())
    .bind(fields.ooo_until.map(|d| d.to_string()))
    .bind(fields.repair_task_id.as_deref())
    .bind(fields.queued_at)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One line of a room's history.
pub struct NewRoomEvent<'a> {
    pub room_id: &'a str,
    pub property_id: &'a str,
    pub at: i64,
    pub what: &'a str,
    pub source: ChangeSource,
    pub actor_id: Option<&'a str>,
    pub before: &'a Fields,
    pub after: &'a Fields,
    pub note: Option<&'a str>,
    pub task_id: Option<&'a str>,
}

pub async fn record(conn: &mut AnyConnection, event: NewRoomEvent<'_>) -> ApiResult<()> {
    // States are kept where they changed, so the history reads as a list of moves.
    let hk = (event.before.housekeeping != event.after.housekeeping)
        .then(|| (event.before.housekeeping.code(), event.after.housekeeping.code()));
    let occ = (event.before.occupancy != event.after.occupancy)
        .then(|| (event.before.occupancy.code(), event.after.occupancy.code()));
    sqlx::query(
        "INSERT INTO room_events (id, room_id, property_id, at, what, source, actor_id, from_housekeeping, \
            to_housekeeping, from_occupancy, to_occupancy, note, task_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(event.room_id)
    .bind(event.property_id)
    .bind(event.at)
    .bind(event.what)
    .bind(event.source.code())
    .bind(event.actor_id)
    .bind(hk.map(|(from, _)| from))
    .bind(hk.map(|(_, to)| to))
    .bind(occ.map(|(from, _)| from))
    .bind(occ.map(|(_, to)| to))
    .bind(event.note)
    .bind(event.task_id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub id: String,
    pub room_id: String,
    pub at: i64,
    pub what: String,
    pub source: String,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub from_housekeeping: Option<String>,
    pub to_housekeeping: Option<String>,
    pub from_occupancy: Option<String>,
    pub to_occupancy: Option<String>,
    pub note: Option<String>,
    pub task_id: Option<String>,
}

const EVENT_SELECT: &str = "SELECT e.id, e.room_id, e.at, e.what, e.source, e.actor_id, s.display_name AS actor_name, \
        e.from_housekeeping, e.to_housekeeping, e.from_occupancy, e.to_occupancy, e.note, e.task_id \
    FROM room_events e LEFT JOIN staff s ON s.id = e.actor_id";

impl EventRow {
    pub fn to_api(&self) -> ApiResult<RoomHistoryEntry> {
        let row = Row::new("room_events", &self.id);
        Ok(RoomHistoryEntry {
            at: row.time("at", self.at)?,
            what: self.what.clone(),
            source: row.code("source", &self.source, ChangeSource::parse)?,
            actor_id: row.opt_id("actor_id", self.actor_id.as_deref())?,
            actor_name: self.actor_name.clone(),
            from_housekeeping: row.opt_code(
                "from_housekeeping",
                self.from_housekeeping.as_deref(),
                Housekeeping::parse,
            )?,
            to_housekeeping: row.opt_code("to_housekeeping", self.to_housekeeping.as_deref(), Housekeeping::parse)?,
            from_occupancy: row.opt_code("from_occupancy", self.from_occupancy.as_deref(), Occupancy::parse)?,
            to_occupancy: row.opt_code("to_occupancy", self.to_occupancy.as_deref(), Occupancy::parse)?,
            note: self.note.clone(),
            task_id: row.opt_id("task_id", self.task_id.as_deref())?,
        })
    }
}

/// A room's last changes, newest first.
pub async fn history<'c>(db: impl Executor<'c, Database = Any>, room_id: &str, limit: i64) -> ApiResult<Vec<EventRow>> {
    Ok(sqlx::query_as(&format!(
        "{EVENT_SELECT} WHERE e.room_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT $2"
    ))
    .bind(room_id)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// The property's changes between two instants, oldest first, for the day's report.
pub async fn between<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    from: i64,
    to: i64,
) -> ApiResult<Vec<EventRow>> {
    Ok(sqlx::query_as(&format!(
        "{EVENT_SELECT} WHERE e.property_id = $1 AND e.at >= $2 AND e.at < $3 ORDER BY e.at, e.id LIMIT 100000"
    ))
    .bind(property_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}
