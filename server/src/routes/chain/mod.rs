//! The chain above the hotels, for chain admins: its hotels (created with the default
//! departments as set-up makes the first, renamed, retired), people's roles in hotels
//! other than their own (`people.rs`), who else is a chain admin (`admins.rs`) and each
//! hotel's headline figures (`figures.rs`).
//! Changes land in the trail of the hotel they concern, in the same transaction.

mod admins;
mod figures;
mod people;

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::chain::{Hotel, HotelCreate, HotelRole, HotelUpdate};
use bellhop_api::people::Language;
use bellhop_api::{validate, ErrorBody, FieldReason};
use sqlx::{Any, AnyPool, Executor};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::ChainAdmin;
use crate::db::flag;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::people::{StaffRow, HOTEL_STAFF};
use crate::routes::admin_events::Entry;
use crate::rows::{self, Row};
use crate::setup;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update))
        .merge(people::router())
        .merge(admins::router())
        .merge(figures::router())
}

#[derive(sqlx::FromRow)]
struct HotelRow {
    id: String,
    name: String,
    time_zone: String,
    default_language: String,
    active: i64,
    people: i64,
}

impl HotelRow {
    fn to_api(&self) -> ApiResult<Hotel> {
        let row = Row::new("properties", &self.id);
        Ok(Hotel {
            id: row.own_id()?,
            name: self.name.clone(),
            time_zone: self.time_zone.clone(),
            default_language: row.code("default_language", &self.default_language, Language::parse)?,
            active: self.active != 0,
            people: rows::count(self.people)?,
        })
    }
}

/// A hotel with its active people: its own and those given a role there.
fn hotel_select() -> String {
    format!(
        "SELECT p.id, p.name, p.time_zone, p.default_language, p.active, \
         (SELECT COUNT(*) FROM {HOTEL_STAFF} s WHERE s.property_id = p.id AND s.active = 1) AS people \
         FROM properties p"
    )
}

async fn load<'c>(db: impl Executor<'c, Database = Any>, id: &str) -> ApiResult<Hotel> {
    let row: Option<HotelRow> = sqlx::query_as(&format!("{} WHERE p.id = $1", hotel_select()))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.ok_or_else(|| ApiError::not_found("hotel"))?.to_api()
}

/// The hotels `staff` may work in, with their role in each: their own, those where they
/// were given a role, and every active hotel for a chain admin; by name.
pub async fn hotels_of(pool: &AnyPool, staff: &StaffRow) -> ApiResult<Vec<HotelRole>> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.name, g.role FROM properties p \
         LEFT JOIN staff_hotel_roles g ON g.property_id = p.id AND g.staff_id = $1 \
         WHERE p.active = 1 AND (p.id = $2 OR g.role IS NOT NULL OR $3 = 1) ORDER BY p.name, p.id",
    )
    .bind(&staff.id)
    .bind(&staff.property_id)
    .bind(flag(staff.is_chain_admin()))
    .fetch_all(pool)
    .await?;
    let mut hotels = Vec::new();
    for (id, name, granted) in rows {
        if let Some(role) = staff.role_in(&id, granted.as_deref())? {
            hotels.push(HotelRole {
                property_id: Row::new("properties", &id).own_id()?,
                name,
                role,
            });
        }
    }
    Ok(hotels)
}

/// Every hotel of the chain, retired ones too, by name.
#[utoipa::path(get, path = "/chain/hotels", tag = "chain", responses(
    (status = 200, body = Vec<Hotel>),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
))]
async fn list(State(state): State<AppState>, ChainAdmin(_auth): ChainAdmin) -> ApiResult<Json<Vec<Hotel>>> {
    let rows: Vec<HotelRow> = sqlx::query_as(&format!("{} ORDER BY p.active DESC, p.name, p.id", hotel_select()))
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Json(rows.iter().map(HotelRow::to_api).collect::<ApiResult<_>>()?))
}

/// Adds a hotel with the four default departments and their task types. Its people
/// are then added by its admins, or the chain admin working in it.
#[utoipa::path(post, path = "/chain/hotels", tag = "chain", request_body = HotelCreate, responses(
    (status = 201, body = Hotel),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
    (status = 409, description = "The id is taken", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    ChainAdmin(auth): ChainAdmin,
    Json(req): Json<HotelCreate>,
) -> ApiResult<(StatusCode, Json<Hotel>)> {
    let mut errors = validate::hotel_create(&req).err().unwrap_or_default();
    let zone = setup::new_hotel_zone(&req.time_zone, &mut errors);
    let (Some(zone), true) = (zone, errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let id = req.id.to_string();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    setup::insert_hotel(tx.conn(), &id, req.name.trim(), zone.name(), req.default_language, now).await?;
    let hotel = load(tx.conn(), &id).await?;
    Entry::new(&id, Some(&auth.staff.id), now, AdminEventKind::HotelCreated, &id)
        .label(&hotel.name)
        .after(&hotel)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(hotel)))
}

/// Renames a hotel, retires it (`active: false`: its sessions end, nobody signs in to it
/// or moves to it, its records stay) or brings it back. The hotel a chain admin belongs
/// to, or works in right now, is not retired (409).
#[utoipa::path(patch, path = "/chain/hotels/{id}", tag = "chain", params(("id" = Uuid, Path)), request_body = HotelUpdate, responses(
    (status = 200, body = Hotel),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
    (status = 404, body = ErrorBody),
    (status = 409, description = "Retiring the hotel of a chain admin, or the one this session works in", body = ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    ChainAdmin(auth): ChainAdmin,
    Path(id): Path<Uuid>,
    Json(req): Json<HotelUpdate>,
) -> ApiResult<Json<Hotel>> {
    validate::hotel_update(&req).map_err(ApiError::Invalid)?;
    let id = id.to_string();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let current = load(tx.conn(), &id).await?;
    let name = req.name.as_deref().map_or(current.name.as_str(), str::trim);
    let active = req.active.unwrap_or(current.active);
    if current.active && !active {
        let (chain_admins,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM staff WHERE property_id = $1 AND chain_admin = 1 AND active = 1")
                .bind(&id)
                .fetch_one(tx.conn())
                .await?;
        if chain_admins > 0 || id == auth.property_id() {
            return Err(ApiError::conflict(
                "a chain admin's own hotel, or the one this session works in, stays open",
            ));
        }
        sqlx::query("DELETE FROM sessions WHERE property_id = $1")
            .bind(&id)
            .execute(tx.conn())
            .await?;
    }
    sqlx::query("UPDATE properties SET name = $1, active = $2 WHERE id = $3")
        .bind(name)
        .bind(flag(active))
        .bind(&id)
        .execute(tx.conn())
        .await?;
    let updated = load(tx.conn(), &id).await?;
    let mut kinds = Vec::new();
    if updated.name != current.name {
        kinds.push(AdminEventKind::HotelRenamed);
    }
    match (current.active, updated.active) {
        (true, false) => kinds.push(AdminEventKind::HotelRetired),
        (false, true) => kinds.push(AdminEventKind::HotelReopened),
        _ => {}
    }
    for kind in kinds {
        Entry::new(&id, Some(&auth.staff.id), now, kind, &id)
            .label(&updated.name)
            .before(&current)?
            .after(&updated)?
            .record(tx.conn())
            .await?;
    }
    tx.commit().await?;
    Ok(Json(updated))
}

/// 404 unless `id` names a hotel; 422 `property_id: retired_hotel` when it is retired.
async fn open_hotel(pool: &AnyPool, id: &str) -> ApiResult<Hotel> {
    let hotel = load(pool, id).await?;
    if !hotel.active {
        return Err(ApiError::field("property_id", FieldReason::RetiredHotel));
    }
    Ok(hotel)
}
