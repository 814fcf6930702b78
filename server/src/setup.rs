//! The first start of a real hotel. `bellhop-server setup` and `POST /api/setup` both
//! go through [`create_hotel`]: the hotel, its four departments and task types, and its
//! first admin, on a database that has no hotel yet. Over HTTP the way in is guarded by
//! a [`SetupCode`] that the server prints on its console at start, so only someone who
//! can read that console can claim an empty server.

use std::sync::{Arc, Mutex};

use bellhop_api::people::{Language, Role};
use bellhop_api::property::Property;
use bellhop_api::setup::SetupRequest;
use bellhop_api::validate;
use sqlx::{AnyConnection, AnyPool};
use uuid::Uuid;

use crate::auth::secrets::{self, Hasher};
use crate::clock::Clock;
use crate::db::{flag, Backend, Db};
use crate::error::{ApiError, ApiResult};
use crate::people::{self, NewStaff};
use crate::routes::property;
use bellhop_api::FieldReason;

/// The departments every hotel starts with: (code, name).
pub const DEPARTMENTS: [(&str, &str); 4] = [
    ("front_office", "Front Office"),
    ("housekeeping", "Housekeeping"),
    ("engineering", "Engineering"),
    ("food_beverage", "Food & Beverage"),
];

pub async fn hotel_exists(pool: &AnyPool) -> Result<bool, sqlx::Error> {
    let (properties,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM properties")
        .fetch_one(pool)
        .await?;
    Ok(properties > 0)
}

/// A new hotel's time zone, or `unknown_time_zone` among `errors`.
pub fn new_hotel_zone(zone: &str, errors: &mut validate::FieldErrors) -> Option<chrono_tz::Tz> {
    let zone = zone.parse::<chrono_tz::Tz>().ok();
    if zone.is_none() {
        errors.insert("time_zone".into(), FieldReason::UnknownTimeZone);
    }
    zone
}

pub fn already_set_up() -> ApiError {
    ApiError::conflict("this server already has a hotel; set-up runs only on an empty database")
}

/// Creates the hotel and its first admin, or refuses: 422 naming each bad field, 409
/// once any hotel exists.
pub async fn create_hotel(db: &Db, hasher: &Hasher, clock: &Clock, req: &SetupRequest) -> ApiResult<Property> {
    let mut errors = validate::setup(req).err().unwrap_or_default();
    let zone = new_hotel_zone(&req.time_zone, &mut errors);
    let (Some(zone), Some(language), true) = (zone, Language::parse(&req.language), errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let password_hash = hasher.hash(req.admin_password.clone()).await?;
    let now = clock.now_ms();
    let mut tx = db.begin_write().await?;
    if db.backend == Backend::Postgres {
        // Another server (or `setup` run meanwhile) cannot slip a second hotel in between
        // the check and the insert; SQLite's single writer already keeps them apart.
        sqlx::query("LOCK TABLE properties IN SHARE ROW EXCLUSIVE MODE")
            .execute(tx.conn())
            .await?;
    }
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM properties")
        .fetch_one(tx.conn())
        .await?;
    if count > 0 {
        return Err(already_set_up());
    }
    let property_id = Uuid::new_v4().to_string();
    insert_hotel(
        tx.conn(),
        &property_id,
        req.hotel_name.trim(),
        zone.name(),
        language,
        now,
    )
    .await?;
    let admin_id = Uuid::new_v4().to_string();
    let admin = NewStaff {
        id: &admin_id,
        property_id: &property_id,
        employee_no: &req.admin_employee_no,
        display_name: req.admin_name.trim(),
        department_id: None,
        role: Role::Admin,
        language,
        password_hash: Some(password_hash),
        pin_hash: None,
        hired_on: clock.today(&zone),
        // Whoever sets the server up runs it: they may add the chain's further hotels.
        chain_admin: true,
    };
    people::insert(tx.conn(), &admin, now).await?;
    tx.commit().await?;
    property::load(&db.pool, &property_id).await
}

/// Inserts the hotel `property` with the default departments and their built-in task
/// types (set-up's first hotel, and every hotel a chain admin adds); returns the
/// departments' (code, id).
pub async fn insert_hotel(
    conn: &mut AnyConnection,
    property: &str,
    name: &str,
    time_zone: &str,
    language: Language,
    now: i64,
) -> Result<Vec<(&'static str, String)>, sqlx::Error> {
    sqlx::query(
        "INSERT INTO properties (id, name, time_zone, default_language, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(property)
    .bind(name)
    .bind(time_zone)
    .bind(language.tag())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let mut departments = Vec::new();
    for (code, name) in DEPARTMENTS {
        let id = Uuid::new_v4().to_string();
        sqlx::query("INSERT INTO departments (id, property_id, code, name, builtin) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(property)
            .bind(code)
            .bind(name)
            .bind(flag(true))
            .execute(&mut *conn)
            .await?;
        departments.push((code, id));
    }
    crate::routes::tasks::types::seed_builtin(conn, property, &departments).await?;
    Ok(departments)
}

/// The one-time code of an empty server; only its digest is kept.
#[derive(Clone, Default)]
pub struct SetupCode(Arc<Mutex<Option<String>>>);

impl SetupCode {
    /// A fresh code to print, when the database has no hotel yet.
    pub async fn arm(&self, pool: &AnyPool) -> Result<Option<String>, sqlx::Error> {
        if hotel_exists(pool).await? {
            return Ok(None);
        }
        let code = secrets::new_enroll_code();
        *self.slot() = Some(digest(&code));
        Ok(Some(code))
    }

    /// Takes the code if `code` is it, so a second request cannot use it meanwhile; the
    /// claim gives it back when dropped unless [`Claim::spend`] was called.
    pub fn claim(&self, code: &str) -> Option<Claim> {
        let mut slot = self.slot();
        if slot.as_deref() != Some(digest(code).as_str()) {
            return None;
        }
        Some(Claim {
            digest: slot.take(),
            code: self.clone(),
        })
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn digest(code: &str) -> String {
    secrets::digest(&secrets::normalize_code(code))
}

pub struct Claim {
    digest: Option<String>,
    code: SetupCode,
}

impl Claim {
    /// The hotel exists: the code is used up.
    pub fn spend(mut self) {
        self.digest = None;
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Some(digest) = self.digest.take() {
            *self.code.slot() = Some(digest);
        }
    }
}
