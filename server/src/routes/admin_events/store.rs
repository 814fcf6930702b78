//! The trail's SQL. [`Entry::record`] is the only writer and it only inserts; there is
//! no statement here, or anywhere, that changes or deletes an entry.

use bellhop_api::admin_events::{AdminEvent, AdminEventKind};
use serde::Serialize;
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::rows::Row;

/// An entry about to be written, in the transaction of the change it records.
pub struct Entry<'a> {
    property_id: &'a str,
    actor_id: Option<&'a str>,
    at: i64,
    kind: AdminEventKind,
    subject_id: String,
    subject_label: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    /// A change made by the signed-in `auth` at `at` (Unix ms).
    pub fn by(auth: &'a Auth, at: i64, kind: AdminEventKind, subject_id: impl ToString) -> Self {
        Entry::new(auth.property_id(), Some(&auth.staff.id), at, kind, subject_id)
    }

    /// A change in `property_id`, made by `actor_id` if someone was signed in.
    pub fn new(
        property_id: &'a str,
        actor_id: Option<&'a str>,
        at: i64,
        kind: AdminEventKind,
        subject_id: impl ToString,
    ) -> Self {
        Entry {
            property_id,
            actor_id,
            at,
            kind,
            subject_id: subject_id.to_string(),
            subject_label: String::new(),
            before: None,
            after: None,
        }
    }

    /// How the subject reads, e.g. `H201 Fong Leung`.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.subject_label = label.into();
        self
    }

    /// The record before the change, as the API shows it.
    pub fn before(mut self, record: &impl Serialize) -> ApiResult<Self> {
        self.before = Some(json(record)?);
        Ok(self)
    }

    /// The record after the change.
    pub fn after(mut self, record: &impl Serialize) -> ApiResult<Self> {
        self.after = Some(json(record)?);
        Ok(self)
    }

    pub async fn record(self, conn: &mut AnyConnection) -> ApiResult<()> {
        sqlx::query(
            "INSERT INTO admin_events (id, property_id, at, actor_id, kind, subject_id, subject_label, \
                                       before_json, after_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(Uuid::now_v7().to_string())
        .bind(self.property_id)
        .bind(self.at)
        .bind(self.actor_id)
        .bind(self.kind.as_str())
        .bind(self.subject_id)
        .bind(self.subject_label)
        .bind(self.before.map(|v| v.to_string()))
        .bind(self.after.map(|v| v.to_string()))
        .execute(conn)
        .await?;
        Ok(())
    }
}

fn json(record: &impl Serialize) -> ApiResult<serde_json::Value> {
    serde_json::to_value(record).map_err(|e| ApiError::Internal(format!("audit trail record: {e}")))
}

/// The filters of a listing, as bound: empty text matches everything.
pub struct Filter {
    pub kind: String,
    pub actor: String,
    pub subject: String,
    pub from_ms: i64,
    pub until_ms: i64,
}

const WHERE: &str = "WHERE e.property_id = $1 AND ($2 = '' OR e.kind = $2) AND ($3 = '' OR e.actor_id = $3) \
                     AND ($4 = '' OR e.subject_id = $4) AND e.at >= $5 AND e.at < $6";

#[derive(sqlx::FromRow)]
struct EventRow {
    id: String,
    at: i64,
    actor_id: Option<String>,
    actor_name: Option<String>,
    kind: String,
    subject_id: String,
    subject_label: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

impl EventRow {
    fn to_api(&self) -> ApiResult<AdminEvent> {
        let row = Row::new("admin_events", &self.id);
        Ok(AdminEvent {
            id: row.own_id()?,
            at: row.time("at", self.at)?,
            actor_id: row.opt_id("actor_id", self.actor_id.as_deref())?,
            actor_name: self.actor_name.clone(),
            kind: row.code("kind", &self.kind, AdminEventKind::parse)?,
            subject_id: row.id("subject_id", &self.subject_id)?,
            subject_label: self.subject_label.clone(),
            before: self
                .before_json
                .as_deref()
                .map(|v| row.json("before_json", v))
                .transpose()?,
            after: self
                .after_json
                .as_deref()
                .map(|v| row.json("after_json", v))
                .transpose()?,
        })
    }
}

/// The property's entries that pass `filter`, newest first, and how many there are.
pub async fn list(
    pool: &sqlx::AnyPool,
    property_id: &str,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<AdminEvent>, i64)> {
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT e.id, e.at, e.actor_id, s.display_name AS actor_name, e.kind, e.subject_id, e.subject_label, \
                e.before_json, e.after_json \
         FROM admin_events e LEFT JOIN staff s ON s.id = e.actor_id {WHERE} \
         ORDER BY e.at DESC, e.id DESC LIMIT $7 OFFSET $8"
    ))
    .bind(property_id)
    .bind(&filter.kind)
    .bind(&filter.actor)
    .bind(&filter.subject)
    .bind(filter.from_ms)
    .bind(filter.until_ms)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM admin_events e {WHERE}"))
        .bind(property_id)
        .bind(&filter.kind)
        .bind(&filter.actor)
        .bind(&filter.subject)
        .bind(filter.from_ms)
        .bind(filter.until_ms)
        .fetch_one(pool)
        .await?;
    let events = rows.iter().map(EventRow::to_api).collect::<ApiResult<_>>()?;
    Ok((events, total))
}
