//! People's roles in hotels other than their own. A person belongs to one hotel (their
//! staff record, role and department are there); the chain admin may give them any role
//! in further hotels, with a department of that hotel, which they then move to in the
//! shell and where that hotel lists them among its people. Taking the role away ends
//! their sessions in that hotel.

use std::collections::BTreeMap;

use axum::extract::State;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::chain::{ChainPeopleQuery, ChainPerson, HotelGrant, RoleGrant};
use bellhop_api::people::Role;
use bellhop_api::{ErrorBody, FieldReason, Page};
use sqlx::AnyConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::open_hotel;
use crate::app::AppState;
use crate::auth::{Auth, ChainAdmin};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::paging::Paging;
use crate::people::{self, StaffRow, STAFF_COLUMNS};
use crate::routes::admin_events::Entry;
use crate::routes::property;
use crate::rows::Row;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(give, take))
}

/// Active people of the chain's active hotels by employee number and hotel, each with
/// their roles in other hotels; `q` finds words of the name or the number, `property_id`
/// the people of a hotel or with a role there.
#[utoipa::path(get, path = "/chain/people", tag = "chain", params(ChainPeopleQuery), responses(
    (status = 200, body = Page<ChainPerson>),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    ChainAdmin(_auth): ChainAdmin,
    Query(q): Query<ChainPeopleQuery>,
) -> ApiResult<Json<Page<ChainPerson>>> {
    let page = Paging::new(q.limit, q.offset);
    let words = q.q.as_deref().map(str::trim).unwrap_or("").to_lowercase();
    let pattern = format!(
        "%{}%",
        words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
    );
    let hotel = q.property_id.map(|id| id.to_string()).unwrap_or_default();
    let filter = "FROM staff WHERE active = 1 AND property_id IN (SELECT id FROM properties WHERE active = 1) \
         AND (LOWER(display_name) LIKE $1 ESCAPE '\\' OR LOWER(employee_no) LIKE $1 ESCAPE '\\') \
         AND ($2 = '' OR property_id = $2 OR id IN (SELECT staff_id FROM staff_hotel_roles WHERE property_id = $2))";
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {filter}"))
        .bind(&pattern)
        .bind(&hotel)
        .fetch_one(&state.db.pool)
        .await?;
    let staff: Vec<StaffRow> = sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} {filter} ORDER BY employee_no, property_id LIMIT $3 OFFSET $4"
    ))
    .bind(&pattern)
    .bind(&hotel)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    let mut grants = grants_of(&state, &staff).await?;
    let items = staff
        .iter()
        .map(|s| person(s, grants.remove(&s.id).unwrap_or_default()))
        .collect::<ApiResult<_>>()?;
    Ok(Json(page.page(items, total)?))
}

/// Each listed person's grants, by their id.
async fn grants_of(state: &AppState, staff: &[StaffRow]) -> ApiResult<BTreeMap<String, Vec<HotelGrant>>> {
    let mut grants: BTreeMap<String, Vec<HotelGrant>> = BTreeMap::new();
    if staff.is_empty() {
        return Ok(grants);
    }
    let marks = (1..=staff.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT {GRANT_COLUMNS} {GRANTS_FROM} AND g.staff_id IN ({marks}) ORDER BY p.name");
    let mut query = sqlx::query_as::<_, GrantRow>(&sql);
    for s in staff {
        query = query.bind(&s.id);
    }
    for row in query.fetch_all(&state.db.pool).await? {
        let grant = row.to_api()?;
        grants.entry(row.staff_id).or_default().push(grant);
    }
    Ok(grants)
}

/// The grants of active hotels: `SELECT {GRANT_COLUMNS} {GRANTS_FROM} AND …`.
const GRANTS_FROM: &str = "FROM staff_hotel_roles g JOIN properties p ON p.id = g.property_id WHERE p.active = 1";
const GRANT_COLUMNS: &str = "g.staff_id, g.property_id, g.role, g.department_id";

#[derive(sqlx::FromRow)]
struct GrantRow {
    staff_id: String,
    property_id: String,
    role: String,
    department_id: Option<String>,
}

impl GrantRow {
    fn to_api(&self) -> ApiResult<HotelGrant> {
        let row = Row::new("staff_hotel_roles", &self.staff_id);
        Ok(HotelGrant {
            property_id: row.id("property_id", &self.property_id)?,
            role: row.code("role", &self.role, Role::parse)?,
            department_id: row.opt_id("department_id", self.department_id.as_deref())?,
        })
    }
}

fn person(staff: &StaffRow, grants: Vec<HotelGrant>) -> ApiResult<ChainPerson> {
    let row = Row::new("staff", &staff.id);
    Ok(ChainPerson {
        id: row.own_id()?,
        employee_no: staff.employee_no.clone(),
        display_name: staff.display_name.clone(),
        property_id: row.id("property_id", &staff.property_id)?,
        role: staff.role()?,
        chain_admin: staff.is_chain_admin(),
        grants,
    })
}

/// One person as the chain lists them, read in the write's transaction.
pub(super) async fn load_person(conn: &mut AnyConnection, staff_id: &str) -> ApiResult<(StaffRow, ChainPerson)> {
    let staff: Option<StaffRow> = sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1 AND active = 1"
    ))
    .bind(staff_id)
    .fetch_optional(&mut *conn)
    .await?;
    let staff = staff.ok_or_else(|| ApiError::not_found("person"))?;
    let rows: Vec<GrantRow> = sqlx::query_as(&format!(
        "SELECT {GRANT_COLUMNS} {GRANTS_FROM} AND g.staff_id = $1 ORDER BY p.name"
    ))
    .bind(staff_id)
    .fetch_all(&mut *conn)
    .await?;
    let grants = rows.iter().map(GrantRow::to_api).collect::<ApiResult<_>>()?;
    let person = person(&staff, grants)?;
    Ok((staff, person))
}

/// Gives a person of another hotel a role in this hotel (or changes it): any role, with
/// a department of this hotel (422 `department_id: unknown_department` for another's,
/// `retired_department` for a retired one). While working in this hotel they act with
/// that role and department, and it lists them among its people. Their own hotel's
/// role is their staff role (422 `property_id: home_hotel`).
#[utoipa::path(put, path = "/chain/people/{staff_id}/hotels/{property_id}", tag = "chain",
    params(("staff_id" = Uuid, Path), ("property_id" = Uuid, Path)), request_body = RoleGrant, responses(
    (status = 200, body = ChainPerson),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
    (status = 404, description = "No such active person or hotel", body = ErrorBody),
    (status = 422, description = "`department_id: unknown_department | retired_department`, `property_id: home_hotel` or `property_id: retired_hotel`", body = ErrorBody),
))]
async fn give(
    State(state): State<AppState>,
    ChainAdmin(auth): ChainAdmin,
    Path((staff_id, property_id)): Path<(Uuid, Uuid)>,
    Json(req): Json<RoleGrant>,
) -> ApiResult<Json<ChainPerson>> {
    let (staff_id, property_id) = (staff_id.to_string(), property_id.to_string());
    let hotel = open_hotel(&state.db.pool, &property_id).await?;
    if let Some(department) = req.department_id {
        property::require_department(&state.db.pool, &property_id, department).await?;
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let (staff, before) = load_person(tx.conn(), &staff_id).await?;
    if staff.property_id == property_id {
        return Err(ApiError::field("property_id", FieldReason::HomeHotel));
    }
    let had = before.grants.iter().find(|g| g.property_id == hotel.id).cloned();
    let given = HotelGrant {
        property_id: hotel.id,
        role: req.role,
        department_id: req.department_id,
    };
    if had.as_ref() == Some(&given) {
        return Ok(Json(before));
    }
    sqlx::query("DELETE FROM staff_hotel_roles WHERE staff_id = $1 AND property_id = $2")
        .bind(&staff_id)
        .bind(&property_id)
        .execute(tx.conn())
        .await?;
    sqlx::query(
        "INSERT INTO staff_hotel_roles (staff_id, property_id, role, department_id, granted_at, granted_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&staff_id)
    .bind(&property_id)
    .bind(req.role.as_str())
    .bind(req.department_id.map(|d| d.to_string()))
    .bind(now)
    .bind(&auth.staff.id)
    .execute(tx.conn())
    .await?;
    let (_, after) = load_person(tx.conn(), &staff_id).await?;
    let entry = record(&auth, &property_id, now, AdminEventKind::HotelRoleGiven, &staff);
    let entry = match &had {
        Some(had) => entry.before(had)?,
        None => entry,
    };
    entry.after(&given)?.record(tx.conn()).await?;
    tx.commit().await?;
    Ok(Json(after))
}

/// Takes a person's role in this hotel away; their sessions working in it end.
#[utoipa::path(delete, path = "/chain/people/{staff_id}/hotels/{property_id}", tag = "chain",
    params(("staff_id" = Uuid, Path), ("property_id" = Uuid, Path)), responses(
    (status = 200, body = ChainPerson),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
    (status = 404, description = "No such person, or no role of theirs in that hotel", body = ErrorBody),
))]
async fn take(
    State(state): State<AppState>,
    ChainAdmin(auth): ChainAdmin,
    Path((staff_id, property_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<ChainPerson>> {
    let (staff_id, property_id) = (staff_id.to_string(), property_id.to_string());
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let (staff, _) = load_person(tx.conn(), &staff_id).await?;
    let had: Option<GrantRow> = sqlx::query_as(&format!(
        "SELECT {GRANT_COLUMNS} FROM staff_hotel_roles g WHERE g.staff_id = $1 AND g.property_id = $2"
    ))
    .bind(&staff_id)
    .bind(&property_id)
    .fetch_optional(tx.conn())
    .await?;
    let had = had.ok_or_else(|| ApiError::not_found("role in that hotel"))?.to_api()?;
    sqlx::query("DELETE FROM staff_hotel_roles WHERE staff_id = $1 AND property_id = $2")
        .bind(&staff_id)
        .bind(&property_id)
        .execute(tx.conn())
        .await?;
    sqlx::query("DELETE FROM sessions WHERE staff_id = $1 AND property_id = $2")
        .bind(&staff_id)
        .bind(&property_id)
        .execute(tx.conn())
        .await?;
    record(&auth, &property_id, now, AdminEventKind::HotelRoleTaken, &staff)
        .before(&had)?
        .record(tx.conn())
        .await?;
    let (_, after) = load_person(tx.conn(), &staff_id).await?;
    tx.commit().await?;
    Ok(Json(after))
}

/// The trail entry of a role change, in the hotel it concerns.
pub(super) fn record<'a>(
    auth: &'a Auth,
    property_id: &'a str,
    now: i64,
    kind: AdminEventKind,
    staff: &StaffRow,
) -> Entry<'a> {
    Entry::new(property_id, Some(&auth.staff.id), now, kind, &staff.id)
        .label(people::label(&staff.employee_no, &staff.display_name))
}
