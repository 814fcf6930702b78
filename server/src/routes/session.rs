//! Signing in and out, and the signed-in person's own settings.

use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use bellhop_api::chain::{HotelRole, HotelSwitch};
use bellhop_api::people::{MyPreferences, StaffMember};
use bellhop_api::session::{SessionInfo, SignIn};
use bellhop_api::{ErrorBody, ErrorCode, HotelChoice};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::lockout::{self, locked, record_failure};
use crate::auth::{session, Auth, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::people::{self, StaffRow};
use crate::routes::{chain, devices, property};
use crate::rows::Row;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in, current, sign_out))
        .routes(routes!(switch_hotel))
        .routes(routes!(set_preferences))
}

/// Sign in with an employee number and a PIN (floor roles, on an enrolled tablet) or a
/// password. Replaces any session this browser held. Five wrong secrets lock the account
/// for a while (429 with Retry-After); the lock is per account, never per tablet.
/// Numbers are unique within a hotel: on an enrolled tablet the number is the tablet's
/// hotel's; elsewhere, where it is used in several hotels, `property_id` names one, and
/// without it the answer is 409 `hotel_required` listing them in `hotels`. The session
/// starts in the person's own hotel.
#[utoipa::path(post, path = "/session", tag = "session", security(()), request_body = SignIn, responses(
    (status = 200, description = "Signed in; the session cookie is set", body = SessionInfo),
    (status = 401, description = "Wrong employee number or secret", body = ErrorBody),
    (status = 403, description = "PIN sign-in off an enrolled tablet, or by a manager", body = ErrorBody),
    (status = 409, description = "`hotel_required`: the number is used in several hotels; `hotels` lists them", body = ErrorBody),
    (status = 429, description = "Account locked; see Retry-After", body = ErrorBody),
))]
async fn sign_in(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(req): Json<SignIn>,
) -> ApiResult<(CookieJar, Json<SessionInfo>)> {
    let (secret, is_pin) = match (req.pin, req.password) {
        (Some(pin), None) => (pin, true),
        (None, Some(password)) => (password, false),
        _ => return Err(ApiError::field("password", FieldReason::PinOrPassword)),
    };
    let device = devices::this_device(&state, &jar).await?;
    if is_pin && device.is_none() {
        return Err(ApiError::new(
            ErrorCode::DeviceNotEnrolled,
            "PIN sign-in works only on an enrolled tablet",
        ));
    }
    // A tablet's hotel decides there; elsewhere the hotel asked for, if any.
    let hotel = match &device {
        Some(device) => Some(device.property_id.clone()),
        None => req.property_id.map(|id| id.to_string()),
    };
    let mut found = people::by_employee_no(&state.db.pool, req.employee_no.trim(), hotel.as_deref()).await?;
    found.retain(StaffRow::is_active);
    if found.len() > 1 {
        // Only a tablet signs in by PIN, and a tablet names its hotel: this is a
        // password. The hotels are named only to someone who holds the password of
        // more than one of them; a number alone tells nothing, as a wrong one does not.
        found = holders_of(&state, found, &secret).await?;
        if found.len() > 1 {
            return Err(ApiError::HotelRequired(hotel_choices(&state, &found).await?));
        }
    }
    let staff = found.pop();
    if let Some(staff) = &staff {
        lockout::check(&state, staff)?;
    }
    if is_pin
        && staff
            .as_ref()
            .map(StaffRow::role)
            .transpose()?
            .is_some_and(|r| !r.may_use_pin())
    {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account signs in with a password",
        ));
    }
    let stored = staff.as_ref().and_then(|s| {
        if is_pin {
            s.pin_hash.clone()
        } else {
            s.password_hash.clone()
        }
    });
    if !state.hasher.verify(stored, secret).await {
        if let Some(staff) = &staff {
            if let Some(locked_until) = record_failure(&state, staff).await? {
                return Err(locked(locked_until - state.clock.now_ms()));
            }
        }
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "wrong employee number or secret",
        ));
    }
    let staff = staff.ok_or_else(|| ApiError::Internal("verified without an account".into()))?;
    sqlx::query("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = $1")
        .bind(&staff.id)
        .execute(&state.db.pool)
        .await?;
    let previous = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let device_id = device.as_ref().map(|d| d.id.as_str());
    let (token, auth) = session::start(&state, &staff, device_id, previous.as_deref()).await?;
    let info = session_info(&state, &auth).await?;
    Ok((jar.add(session::session_cookie(&state, token)), Json(info)))
}

/// The signed-in person, their hotel and their session's limits.
#[utoipa::path(get, path = "/session", tag = "session", responses(
    (status = 200, body = SessionInfo),
    (status = 401, description = "No session, or it has ended", body = ErrorBody),
))]
async fn current(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<SessionInfo>> {
    Ok(Json(session_info(&state, &auth).await?))
}

/// Sign out: the session ends on the server and the cookie is cleared.
#[utoipa::path(delete, path = "/session", tag = "session", responses(
    (status = 204, description = "Signed out"),
))]
async fn sign_out(State(state): State<AppState>, jar: CookieJar, auth: Auth) -> ApiResult<(StatusCode, CookieJar)> {
    session::end(&state.db.pool, &auth.session_hash).await?;
    Ok((StatusCode::NO_CONTENT, jar.add(session::cleared_session_cookie(&state))))
}

/// Sets the signed-in person's preferred language.
#[utoipa::path(put, path = "/me/preferences", tag = "session", request_body = MyPreferences, responses(
    (status = 200, body = StaffMember),
))]
async fn set_preferences(
    State(state): State<AppState>,
    auth: Auth,
    Json(req): Json<MyPreferences>,
) -> ApiResult<Json<StaffMember>> {
    sqlx::query("UPDATE staff SET language = $1, updated_at = $2 WHERE id = $3")
        .bind(req.language.tag())
        .bind(state.clock.now_ms())
        .bind(&auth.staff.id)
        .execute(&state.db.pool)
        .await?;
    let mut staff = StaffMember::try_from(&auth.staff)?;
    staff.language = req.language;
    Ok(Json(staff))
}

/// Those of `found` (one number in several hotels) whose password `secret` is, left
/// unlocked. Each of the others counts a wrong password, so guessing at a number used
/// in several hotels locks them as it locks one; none found is a wrong password.
async fn holders_of(state: &AppState, found: Vec<StaffRow>, secret: &str) -> ApiResult<Vec<StaffRow>> {
    let mut holders = Vec::new();
    let mut locked_for = None;
    for staff in found {
        if let Err(refusal) = lockout::check(state, &staff) {
            locked_for.get_or_insert(refusal);
            continue;
        }
        if state
            .hasher
            .verify(staff.password_hash.clone(), secret.to_owned())
            .await
        {
            holders.push(staff);
        } else if let Some(until) = record_failure(state, &staff).await? {
            locked_for.get_or_insert(locked(until - state.clock.now_ms()));
        }
    }
    match (holders.is_empty(), locked_for) {
        (true, Some(refusal)) => Err(refusal),
        (true, None) => Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "wrong employee number or secret",
        )),
        (false, _) => Ok(holders),
    }
}

/// The hotels of the people a sign-in's number found, to choose from.
async fn hotel_choices(state: &AppState, found: &[StaffRow]) -> ApiResult<Vec<HotelChoice>> {
    let mut hotels = Vec::with_capacity(found.len());
    for staff in found {
        let hotel = property::load(&state.db.pool, &staff.property_id).await?;
        hotels.push(HotelChoice {
            id: hotel.id,
            name: hotel.name,
        });
    }
    hotels.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(hotels)
}

/// Work in another hotel: the session moves there (the page reloads, as nothing of the
/// last hotel may stay on the screen). Only to a hotel where the person holds a role —
/// their own, one given to them, any active one for a chain admin — and never on an
/// enrolled tablet, which stays with its hotel (403).
#[utoipa::path(post, path = "/session/hotel", tag = "session", request_body = HotelSwitch, responses(
    (status = 200, description = "The session works in that hotel now", body = SessionInfo),
    (status = 403, description = "No role in that hotel, it is retired, or this is a tablet", body = ErrorBody),
))]
async fn switch_hotel(
    State(state): State<AppState>,
    auth: Auth,
    Json(req): Json<HotelSwitch>,
) -> ApiResult<Json<SessionInfo>> {
    if auth.device_id.is_some() {
        return Err(ApiError::forbidden());
    }
    let hotels = chain::hotels_of(&state.db.pool, &auth.staff).await?;
    let hotel = hotels
        .iter()
        .find(|h| h.property_id == req.property_id)
        .ok_or_else(ApiError::forbidden)?;
    let auth = session::move_to(&state, &auth, &hotel.property_id.to_string()).await?;
    Ok(Json(session_info_with(&state, &auth, hotels).await?))
}

async fn session_info(state: &AppState, auth: &Auth) -> ApiResult<SessionInfo> {
    let hotels = chain::hotels_of(&state.db.pool, &auth.staff).await?;
    session_info_with(state, auth, hotels).await
}

async fn session_info_with(state: &AppState, auth: &Auth, hotels: Vec<HotelRole>) -> ApiResult<SessionInfo> {
    let property = property::load(&state.db.pool, auth.property_id()).await?;
    let device = match &auth.device_id {
        Some(id) => devices::load(&state.db.pool, auth.property_id(), id).await?,
        None => None,
    };
    let mut user = StaffMember::try_from(&auth.staff)?;
    // In another hotel the person holds that hotel's role and department.
    user.role = auth.role();
    user.department_id = auth.department_id()?;
    Ok(SessionInfo {
        user,
        chain_admin: auth.staff.is_chain_admin(),
        hotels,
        property,
        device,
        idle_timeout_secs: u32::try_from(auth.idle_timeout_secs).unwrap_or(u32::MAX),
        expires_at: Row::new("sessions", &format!("of staff {}", auth.staff.id)).time("expires_at", auth.expires_at)?,
    })
}
