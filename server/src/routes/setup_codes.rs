//! One-time set-up codes: a person made without a secret (a staff import) gets one,
//! and with it and their employee number chooses their own PIN or password, so no
//! default secret is ever shared. Codes are made and kept like tablet enrollment codes
//! (random, stored as a digest), live for a week and work once; wrong codes count
//! towards the same per-account lockout as wrong secrets at sign-in.

use axum::extract::State;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::people::StaffMember;
use bellhop_api::staff_import::{self, SetupCodeIssued, SetupCodeRedeem, SETUP_CODE_DAYS};
use bellhop_api::{ErrorBody, ErrorCode};
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::lockout::{self, locked, record_failure};
use crate::auth::{secrets, Admins, Authorized};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::people::{self, StaffRow};
use crate::routes::admin_events::Entry;
use crate::rows::Row;
use bellhop_api::FieldReason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(redeem)).routes(routes!(issue))
}

const CODE_TTL_MS: i64 = SETUP_CODE_DAYS * 24 * 60 * 60 * 1000;

/// Gives `staff` a fresh code (replacing any earlier one) and returns it, shown once.
pub async fn give(conn: &mut AnyConnection, staff: &StaffRow, by: &str, now: i64) -> ApiResult<SetupCodeIssued> {
    let code = secrets::new_enroll_code();
    let expires_at = now + CODE_TTL_MS;
    let shown_expiry = Row::new("setup_codes", &staff.id).time("expires_at", expires_at)?;
    sqlx::query("DELETE FROM setup_codes WHERE staff_id = $1")
        .bind(&staff.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO setup_codes (staff_id, property_id, code_hash, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&staff.id)
    .bind(&staff.property_id)
    .bind(secrets::digest(&secrets::normalize_code(&code)))
    .bind(by)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    let member = StaffMember::try_from(staff)?;
    Ok(SetupCodeIssued {
        staff_id: member.id,
        employee_no: member.employee_no,
        display_name: member.display_name,
        setup_code: code,
        expires_at: shown_expiry,
    })
}

/// Gives a person a new set-up code, e.g. when theirs expired or they forgot their
/// secret. Their current PIN and password keep working until they use it.
#[utoipa::path(post, path = "/staff/{id}/setup-code", tag = "staff", params(("id" = Uuid, Path)), responses(
    (status = 200, body = SetupCodeIssued),
    (status = 403, body = ErrorBody),
    (status = 422, description = "The account is deactivated", body = ErrorBody),
))]
async fn issue(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<SetupCodeIssued>> {
    let mut tx = state.db.begin_write().await?;
    let staff = people::by_id(tx.conn(), auth.property_id(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("staff member"))?;
    if !staff.is_active() {
        return Err(ApiError::field("active", FieldReason::Deactivated));
    }
    let now = state.clock.now_ms();
    let issued = give(tx.conn(), &staff, &auth.staff.id, now).await?;
    Entry::by(&auth, now, AdminEventKind::SetupCodeIssued, &staff.id)
        .label(people::label(&staff.employee_no, &staff.display_name))
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(Json(issued))
}

/// A person chooses their secret with their employee number and set-up code: floor
/// roles a PIN (and may add a password), managers and admins a password, under the
/// usual rules. They then sign in as usual.
#[utoipa::path(post, path = "/setup-codes/redeem", tag = "staff", security(()), request_body = SetupCodeRedeem, responses(
    (status = 200, body = StaffMember),
    (status = 401, description = "Wrong employee number or code", body = ErrorBody),
    (status = 422, description = "`code: used` or `code: expired`, or the secret's problem", body = ErrorBody),
    (status = 429, description = "Account locked; see Retry-After", body = ErrorBody),
))]
async fn redeem(State(state): State<AppState>, Json(req): Json<SetupCodeRedeem>) -> ApiResult<Json<StaffMember>> {
    staff_import::redeem_format(&req).map_err(ApiError::Invalid)?;
    let mut found = people::by_employee_no(&state.db.pool, req.employee_no.trim(), None).await?;
    found.retain(StaffRow::is_active);
    if found.is_empty() {
        return Err(wrong_code());
    }
    // A number may be used in several hotels of a chain: the code tells whose it is.
    let digest = secrets::digest(&secrets::normalize_code(&req.code));
    let mut matched = None;
    for staff in &found {
        let stored: Option<(String, i64, Option<i64>)> =
            sqlx::query_as("SELECT code_hash, expires_at, used_at FROM setup_codes WHERE staff_id = $1")
                .bind(&staff.id)
                .fetch_optional(&state.db.pool)
                .await?;
        if let Some((_, expires_at, used_at)) = stored.filter(|(hash, _, _)| *hash == digest) {
            matched = Some((staff.clone(), expires_at, used_at));
        }
    }
    let Some((staff, expires_at, used_at)) = matched else {
        // A wrong code counts against every account of the number, as at sign-in.
        for staff in &found {
            lockout::check(&state, staff)?;
            if let Some(until) = record_failure(&state, staff).await? {
                return Err(locked(until - state.clock.now_ms()));
            }
        }
        return Err(wrong_code());
    };
    lockout::check(&state, &staff)?;
    let now = state.clock.now_ms();
    if used_at.is_some() {
        return Err(ApiError::field("code", FieldReason::Used));
    }
    if expires_at <= now {
        return Err(ApiError::field("code", FieldReason::Expired));
    }
    staff_import::redeem_for_role(&req, staff.role()?).map_err(ApiError::Invalid)?;
    let secrets = people::new_secrets(&state.hasher, &staff, req.pin, req.password).await?;
    let mut tx = state.db.begin_write().await?;
    // The code is spent first, so two redeems racing each other cannot both set a secret.
    let spent = sqlx::query("UPDATE setup_codes SET used_at = $1 WHERE staff_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(&staff.id)
        .execute(tx.conn())
        .await?;
    if spent.rows_affected() == 0 {
        return Err(ApiError::field("code", FieldReason::Used));
    }
    people::store_secrets(tx.conn(), &staff.id, secrets, now).await?;
    let uuid = Row::new("staff", &staff.id).own_id()?;
    let updated = people::by_id(tx.conn(), &staff.property_id, uuid)
        .await?
        .ok_or_else(|| ApiError::not_found("staff member"))?;
    let (before, after) = (StaffMember::try_from(&staff)?, StaffMember::try_from(&updated)?);
    Entry::new(
        &staff.property_id,
        Some(&staff.id),
        now,
        AdminEventKind::SetupCodeRedeemed,
        &staff.id,
    )
    .label(people::label(&staff.employee_no, &staff.display_name))
    .before(&before)?
    .after(&after)?
    .record(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(Json(after))
}

fn wrong_code() -> ApiError {
    ApiError::new(ErrorCode::InvalidCredentials, "wrong employee number or set-up code")
}
