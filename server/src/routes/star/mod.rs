//! The monthly Service Star: one secret ballot per employee per month, guest
//! compliments, and the close that names the star with the shared crate's blend.
//!
//! Ballots are stored without their voter. A keyed hash of (cycle, voter) lets the
//! server find and replace a person's own ballot, and a separate roll records only that
//! someone voted. No response ever pairs a voter with a choice, except a person's own.

mod ballots;
mod compliments;
pub mod results;
mod settings;

use bellhop_api::star::{CycleState, StarSettings, Weights};
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::secrets;
use crate::clock::{day_number, local_midnight_ms};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::people::HOTEL_STAFF;
use crate::routes::property;
use crate::rows::Row;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ballots::current))
        .routes(routes!(ballots::nominees))
        .routes(routes!(ballots::cast))
        .routes(routes!(compliments::record))
        .routes(routes!(results::close))
        .routes(routes!(results::results))
        .routes(routes!(results::wall))
        .routes(routes!(settings::read, settings::replace))
}

/// Longest reason on a ballot (a compliment's note may be four times as long).
const REASON_MAX: usize = 280;

#[derive(Debug, Clone, sqlx::FromRow)]
struct CycleRow {
    id: String,
    month: String,
    opens_at: i64,
    closes_at: i64,
    closed_at: Option<i64>,
    weights: Option<String>,
    department_stars: i64,
}

const CYCLE_COLUMNS: &str = "id, month, opens_at, closes_at, closed_at, weights, department_stars";

impl CycleRow {
    fn row(&self) -> Row<'_> {
        Row::new("star_cycles", &self.id)
    }

    /// The first day of the cycle's month.
    fn first_day(&self) -> ApiResult<NaiveDate> {
        self.row().code("month", &self.month, |m| {
            NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()
        })
    }

    fn state(&self, now: i64) -> CycleState {
        match self.closed_at {
            Some(_) => CycleState::Closed,
            None if now < self.opens_at => CycleState::Upcoming,
            None if now < self.closes_at => CycleState::Open,
            None => CycleState::Counting,
        }
    }
}

/// The property's time zone and Service Star settings.
struct Setup {
    tz: Tz,
    settings: StarSettings,
}

#[derive(sqlx::FromRow)]
struct SetupRow {
    time_zone: String,
    star_open_day: i64,
    star_close_day: i64,
    star_min_days: i64,
    star_managers_eligible: i64,
    star_department_stars: i64,
    star_weight_peer: i64,
    star_weight_guest: i64,
    star_weight_skills: i64,
}

async fn setup(state: &AppState, property_id: &str) -> ApiResult<Setup> {
    let row: SetupRow = sqlx::query_as(
        "SELECT time_zone, star_open_day, star_close_day, star_min_days, star_managers_eligible, \
                star_department_stars, star_weight_peer, star_weight_guest, star_weight_skills \
         FROM properties WHERE id = $1",
    )
    .bind(property_id)
    .fetch_one(&state.db.pool)
    .await?;
    let stored = Row::new("properties", property_id);
    Ok(Setup {
        tz: property::time_zone(property_id, &row.time_zone)?,
        settings: StarSettings {
            open_day: stored.number("star_open_day", row.star_open_day)?,
            close_day: stored.number("star_close_day", row.star_close_day)?,
            min_days_employed: stored.number("star_min_days", row.star_min_days)?,
            managers_eligible: row.star_managers_eligible != 0,
            department_stars: row.star_department_stars != 0,
            weights: Weights {
                peer: stored.number("star_weight_peer", row.star_weight_peer)?,
                guest: stored.number("star_weight_guest", row.star_weight_guest)?,
                skills: stored.number("star_weight_skills", row.star_weight_skills)?,
            },
        },
    })
}

impl Setup {
    /// The first day of the month `now` falls in, in the property's time zone.
    fn this_month(&self, state: &AppState) -> NaiveDate {
        let today = state.clock.now().with_timezone(&self.tz).date_naive();
        today.with_day(1).unwrap_or(today)
    }

    /// When voting opens and closes in the month starting on `first` (Unix ms): from
    /// the start of the opening day to the end of the closing day.
    fn voting_window(&self, first: NaiveDate) -> (i64, i64) {
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        let days_in_month = u32::try_from((next - first).num_days()).unwrap_or(28);
        let open_day = self.settings.open_day.clamp(1, 28);
        let close_day = self.settings.close_day.clamp(open_day, days_in_month);
        let opens = first.with_day(open_day).unwrap_or(first);
        let closed = first.with_day(close_day).and_then(|d| d.succ_opt()).unwrap_or(next);
        (local_midnight_ms(&self.tz, opens), local_midnight_ms(&self.tz, closed))
    }

    /// The last hire date (a day number) that counts as long enough with the hotel to
    /// vote or be chosen.
    fn hired_by(&self, state: &AppState) -> i64 {
        day_number(state.clock.today(&self.tz)) - i64::from(self.settings.min_days_employed)
    }
}

/// The month (`YYYY-MM`) of `month`, or of the month now falls in, and its voting window.
fn cycle_window(state: &AppState, setup: &Setup, month: Option<&str>) -> ApiResult<(String, i64, i64)> {
    let first = match month {
        Some(m) => {
            NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").map_err(|_| ApiError::not_found("month"))?
        }
        None => setup.this_month(state),
    };
    let (opens_at, closes_at) = setup.voting_window(first);
    Ok((first.format("%Y-%m").to_string(), opens_at, closes_at))
}

async fn stored_cycle(state: &AppState, property_id: &str, month: &str) -> ApiResult<Option<CycleRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CYCLE_COLUMNS} FROM star_cycles WHERE property_id = $1 AND month = $2"
    ))
    .bind(property_id)
    .bind(month)
    .fetch_optional(&state.db.pool)
    .await?)
}

/// The cycle of `month` (`YYYY-MM`), or of the month now falls in; stored if it was not
/// yet. For writes: a read takes [`cycle_as_read`].
async fn cycle_for(state: &AppState, property_id: &str, setup: &Setup, month: Option<&str>) -> ApiResult<CycleRow> {
    let (month, opens_at, closes_at) = cycle_window(state, setup, month)?;
    sqlx::query(
        "INSERT INTO star_cycles (id, property_id, month, opens_at, closes_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (property_id, month) DO NOTHING",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(property_id)
    .bind(&month)
    .bind(opens_at)
    .bind(closes_at)
    .execute(&state.db.pool)
    .await?;
    stored_cycle(state, property_id, &month)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("star_cycles: {month} of {property_id} not found after insert")))
}

/// This month's cycle as stored, or, before [`open_cycles`] has stored it, as it will be
/// stored (no id: nobody has voted in it).
async fn cycle_as_read(state: &AppState, property_id: &str, setup: &Setup) -> ApiResult<CycleRow> {
    let (month, opens_at, closes_at) = cycle_window(state, setup, None)?;
    Ok(match stored_cycle(state, property_id, &month).await? {
        Some(cycle) => cycle,
        None => CycleRow {
            id: String::new(),
            month,
            opens_at,
            closes_at,
            closed_at: None,
            weights: None,
            department_stars: 0,
        },
    })
}

/// Stores this month's cycle in every open hotel that has none yet, so a month shows up
/// as awaiting its count even if nobody voted; a job (`crate::jobs`). Returns how many.
pub async fn open_cycles(state: &AppState) -> ApiResult<usize> {
    let properties: Vec<(String,)> = sqlx::query_as("SELECT id FROM properties WHERE active = 1")
        .fetch_all(&state.db.pool)
        .await?;
    let mut opened = 0;
    for (property_id,) in &properties {
        let setup = setup(state, property_id).await?;
        let (month, _, _) = cycle_window(state, &setup, None)?;
        if stored_cycle(state, property_id, &month).await?.is_none() {
            cycle_for(state, property_id, &setup, None).await?;
            opened += 1;
        }
    }
    Ok(opened)
}

/// The month (`YYYY-MM`) whose voting is open in the property now, if any.
pub async fn month_voting(state: &AppState, property_id: &str) -> ApiResult<Option<String>> {
    let setup = setup(state, property_id).await?;
    let cycle = cycle_as_read(state, property_id, &setup).await?;
    Ok((cycle.state(state.clock.now_ms()) == CycleState::Open).then_some(cycle.month))
}

/// Everyone of the property who may vote: active, and with the hotel long enough (its
/// own people and those given a role there, as the count of voters has them).
pub async fn voters(state: &AppState, property_id: &str) -> ApiResult<Vec<String>> {
    let setup = setup(state, property_id).await?;
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT s.id FROM {HOTEL_STAFF} s WHERE s.property_id = $1 AND s.active = 1 AND s.hired_on <= $2 ORDER BY s.id"
    ))
    .bind(property_id)
    .bind(setup.hired_by(state))
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The server's ballot key, made once and kept; read from the database once per process.
async fn ballot_key(state: &AppState) -> ApiResult<&[u8]> {
    let key = state.ballot_key.get_or_try_init(|| load_ballot_key(state)).await?;
    Ok(key)
}

async fn load_ballot_key(state: &AppState) -> ApiResult<Vec<u8>> {
    sqlx::query("INSERT INTO server_secrets (name, value) VALUES ('ballot_key', $1) ON CONFLICT (name) DO NOTHING")
        .bind(secrets::new_token())
        .execute(&state.db.pool)
        .await?;
    stored_ballot_key(state)
        .await?
        .ok_or_else(|| ApiError::Internal("server_secrets: ballot_key not found after insert".into()))
}

/// The ballot key if one was ever made (without one, no ballot was ever cast): for reads.
async fn known_ballot_key(state: &AppState) -> ApiResult<Option<&[u8]>> {
    if let Some(key) = state.ballot_key.get() {
        return Ok(Some(key));
    }
    match stored_ballot_key(state).await? {
        Some(key) => Ok(Some(state.ballot_key.get_or_init(|| async { key }).await)),
        None => Ok(None),
    }
}

async fn stored_ballot_key(state: &AppState) -> ApiResult<Option<Vec<u8>>> {
    let value: Option<(String,)> = sqlx::query_as("SELECT value FROM server_secrets WHERE name = 'ballot_key'")
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(value.map(|(v,)| v.into_bytes()))
}

/// The keyed hash that stands for `person` in `cycle`'s ballot box.
fn ballot_hash(key: &[u8], cycle_id: &str, person: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(format!("{cycle_id}:{person}").as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(sqlx::FromRow)]
struct NomineeRow {
    id: String,
    display_name: String,
    department_id: Option<String>,
}

/// Active colleagues who may be chosen: employed long enough (from the hire date), and
/// managers only where the hotel says so.
async fn eligible(state: &AppState, property_id: &str, setup: &Setup) -> ApiResult<Vec<NomineeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, display_name, department_id FROM {HOTEL_STAFF} s WHERE property_id = $1 AND active = 1 \
         AND hired_on <= $2 AND ($3 = 1 OR role NOT IN ('manager', 'admin')) ORDER BY display_name, id"
    ))
    .bind(property_id)
    .bind(setup.hired_by(state))
    .bind(db::flag(setup.settings.managers_eligible))
    .fetch_all(&state.db.pool)
    .await?)
}
