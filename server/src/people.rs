//! Staff rows as stored, and the queries that sign-in and the staff screens share.

use bellhop_api::people::{Language, Role, StaffMember};
use chrono::NaiveDate;
use sqlx::{Any, AnyConnection, Executor};
use uuid::Uuid;

use crate::auth::secrets::Hasher;
use crate::error::{ApiError, ApiResult};
use crate::rows::Row;

/// Columns in the order of [`StaffRow`], for `SELECT {STAFF_COLUMNS} FROM staff`.
pub const STAFF_COLUMNS: &str = "id, property_id, employee_no, display_name, department_id, role, language, \
     active, password_hash, pin_hash, failed_attempts, locked_until, hired_on, chain_admin";

/// Every hotel's people as that hotel sees them, in the columns of [`StaffRow`]: its own
/// staff, and the people of other hotels given a role there, with that role, that
/// department and that hotel as their `property_id`. A hotel's people are
/// `FROM {HOTEL_STAFF} s WHERE s.property_id = $1`; a person's own record, the one that
/// is edited, stays the `staff` row.
pub const HOTEL_STAFF: &str = "(SELECT id, property_id, employee_no, display_name, department_id, role, language, \
     active, password_hash, pin_hash, failed_attempts, locked_until, hired_on, chain_admin FROM staff \
     UNION ALL SELECT s.id, g.property_id, s.employee_no, s.display_name, g.department_id, g.role, s.language, \
     s.active, s.password_hash, s.pin_hash, s.failed_attempts, s.locked_until, s.hired_on, s.chain_admin \
     FROM staff_hotel_roles g JOIN staff s ON s.id = g.staff_id)";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffRow {
    pub id: String,
    pub property_id: String,
    pub employee_no: String,
    pub display_name: String,
    pub department_id: Option<String>,
    pub role: String,
    pub language: String,
    pub active: i64,
    pub password_hash: Option<String>,
    pub pin_hash: Option<String>,
    pub failed_attempts: i64,
    pub locked_until: Option<i64>,
    /// Days since 1970-01-01.
    pub hired_on: i64,
    /// 0/1: creates hotels, gives roles in them, works in every hotel as its admin.
    pub chain_admin: i64,
}

impl StaffRow {
    pub fn is_active(&self) -> bool {
        self.active != 0
    }

    pub fn is_chain_admin(&self) -> bool {
        self.chain_admin != 0
    }

    /// The role this person holds in `property_id`: their own in their hotel, a role
    /// given to them in another (`granted`), or admin anywhere for a chain admin; none
    /// where they have no role.
    pub fn role_in(&self, property_id: &str, granted: Option<&str>) -> ApiResult<Option<Role>> {
        if self.property_id == property_id {
            return self.role().map(Some);
        }
        if let Some(granted) = granted {
            return self.row().code("granted role", granted, Role::parse).map(Some);
        }
        Ok(self.is_chain_admin().then_some(Role::Admin))
    }

    /// Their department in `property_id`: their own at home, the one given with their
    /// role (`granted`) elsewhere.
    pub fn department_in(&self, property_id: &str, granted: Option<&str>) -> Option<String> {
        if self.property_id == property_id {
            self.department_id.clone()
        } else {
            granted.map(str::to_owned)
        }
    }

    fn row(&self) -> Row<'_> {
        Row::new("staff", &self.id)
    }

    pub fn role(&self) -> ApiResult<Role> {
        self.row().code("role", &self.role, Role::parse)
    }

    pub fn department_id(&self) -> ApiResult<Option<Uuid>> {
        self.row().opt_id("department_id", self.department_id.as_deref())
    }
}

impl TryFrom<&StaffRow> for StaffMember {
    type Error = ApiError;

    fn try_from(staff: &StaffRow) -> ApiResult<StaffMember> {
        let row = staff.row();
        Ok(StaffMember {
            id: row.own_id()?,
            employee_no: staff.employee_no.clone(),
            display_name: staff.display_name.clone(),
            department_id: staff.department_id()?,
            role: staff.role()?,
            language: row.code("language", &staff.language, Language::parse)?,
            active: staff.is_active(),
            has_pin: staff.pin_hash.is_some(),
            has_password: staff.password_hash.is_some(),
            hired_on: crate::clock::from_day_number(staff.hired_on),
        })
    }
}

/// Everyone of every active hotel with this employee number (one per hotel at most), in
/// `property_id` only when it is given.
pub async fn by_employee_no<'c>(
    db: impl Executor<'c, Database = Any>,
    employee_no: &str,
    property_id: Option<&str>,
) -> Result<Vec<StaffRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE employee_no = $1 AND ($2 = '' OR property_id = $2) \
         AND property_id IN (SELECT id FROM properties WHERE active = 1) ORDER BY property_id"
    ))
    .bind(employee_no)
    .bind(property_id.unwrap_or(""))
    .fetch_all(db)
    .await
}

/// A person's own record in their own hotel `property_id`.
pub async fn by_id<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    id: Uuid,
) -> Result<Option<StaffRow>, sqlx::Error> {
    find(db, "staff", property_id, id).await
}

/// A person of `property_id` as that hotel sees them (see [`HOTEL_STAFF`]): its own, or
/// someone given a role there.
pub async fn of_hotel<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    id: Uuid,
) -> Result<Option<StaffRow>, sqlx::Error> {
    find(db, HOTEL_STAFF, property_id, id).await
}

async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    people: &str,
    property_id: &str,
    id: Uuid,
) -> Result<Option<StaffRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM {people} s WHERE s.id = $1 AND s.property_id = $2"
    ))
    .bind(id.to_string())
    .bind(property_id)
    .fetch_optional(db)
    .await
}

/// A new account as stored; without a hash the person cannot sign in that way yet.
pub struct NewStaff<'a> {
    pub id: &'a str,
    pub property_id: &'a str,
    pub employee_no: &'a str,
    pub display_name: &'a str,
    pub department_id: Option<&'a str>,
    pub role: Role,
    pub language: Language,
    pub password_hash: Option<String>,
    pub pin_hash: Option<String>,
    pub hired_on: NaiveDate,
    pub chain_admin: bool,
}

pub async fn insert(conn: &mut AnyConnection, staff: &NewStaff<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff (id, property_id, employee_no, display_name, department_id, role, language, active, \
                            password_hash, pin_hash, created_at, updated_at, hired_on, chain_admin) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $10, $11, $12)",
    )
    .bind(staff.id)
    .bind(staff.property_id)
    .bind(staff.employee_no)
    .bind(staff.display_name)
    .bind(staff.department_id)
    .bind(staff.role.as_str())
    .bind(staff.language.tag())
    .bind(staff.password_hash.as_deref())
    .bind(staff.pin_hash.as_deref())
    .bind(now)
    .bind(crate::clock::day_number(staff.hired_on))
    .bind(crate::db::flag(staff.chain_admin))
    .execute(conn)
    .await?;
    Ok(())
}

/// The hashes a person's secrets will have: a new PIN or password hashed, the other
/// kept as it is. Hashed before any write transaction, as argon2 takes its time.
pub async fn new_secrets(
    hasher: &Hasher,
    staff: &StaffRow,
    pin: Option<String>,
    password: Option<String>,
) -> ApiResult<(Option<String>, Option<String>)> {
    let pin_hash = match pin {
        Some(pin) => Some(hasher.hash(pin).await?),
        None => staff.pin_hash.clone(),
    };
    let password_hash = match password {
        Some(password) => Some(hasher.hash(password).await?),
        None => staff.password_hash.clone(),
    };
    Ok((pin_hash, password_hash))
}

/// Stores the hashes [`new_secrets`] made, and lifts any lockout.
pub async fn store_secrets(
    conn: &mut AnyConnection,
    staff_id: &str,
    (pin_hash, password_hash): (Option<String>, Option<String>),
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE staff SET pin_hash = $1, password_hash = $2, failed_attempts = 0, locked_until = NULL, \
                          updated_at = $3 WHERE id = $4",
    )
    .bind(pin_hash)
    .bind(password_hash)
    .bind(now)
    .bind(staff_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// How a person reads in the trail and in lists: `H201 Fong Leung`.
pub fn label(employee_no: &str, display_name: &str) -> String {
    format!("{employee_no} {display_name}")
}
