//! Who is asking: the session cookie resolved to a signed-in person, and the role
//! policies handlers demand.
//!
//! A handler that takes [`Auth`] needs any session (else 401); one that takes
//! `Authorized<Admins>` or `Authorized<Managers>` also needs the role (else 403). Both
//! are checked before the body is read.

pub mod csrf;
pub mod lockout;
pub mod secrets;
pub mod session;

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use bellhop_api::people::Role;

use crate::app::AppState;
use crate::error::ApiError;
use crate::people::StaffRow;

pub const SESSION_COOKIE: &str = "bellhop_session";
pub const DEVICE_COOKIE: &str = "bellhop_device";

/// A signed-in person and the session they hold.
#[derive(Debug, Clone)]
pub struct Auth {
    pub staff: StaffRow,
    /// The hotel the session works in: the person's own, or another where they hold a
    /// role (a chain admin: any active hotel). Every handler reads and writes in it.
    pub property_id: String,
    /// The person's role in that hotel, read (and checked) once when the session is
    /// resolved.
    pub role: Role,
    /// Their department in that hotel (read with the role): use this, not
    /// `staff.department_id`, which is their own hotel's.
    pub department_id: Option<String>,
    pub session_hash: String,
    pub device_id: Option<String>,
    pub idle_timeout_secs: i64,
    pub expires_at: i64,
}

impl Auth {
    pub fn property_id(&self) -> &str {
        &self.property_id
    }
    /// Whether the session works in the person's own hotel.
    pub fn at_home(&self) -> bool {
        self.property_id == self.staff.property_id
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn department_id(&self) -> crate::error::ApiResult<Option<uuid::Uuid>> {
        crate::rows::Row::new("staff", &self.staff.id).opt_id("department_id", self.department_id.as_deref())
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar.get(SESSION_COOKIE).ok_or_else(ApiError::unauthenticated)?;
        session::resolve(state, token.value()).await
    }
}

/// A role rule for [`Authorized`].
pub trait Policy {
    fn allows(role: Role) -> bool;
}

/// Admins only: staff accounts, property settings.
pub struct Admins;
impl Policy for Admins {
    fn allows(role: Role) -> bool {
        role.administers()
    }
}

/// Managers and admins: tablets and property-wide management.
pub struct Managers;
impl Policy for Managers {
    fn allows(role: Role) -> bool {
        role.manages_devices()
    }
}

/// Auditors, managers and admins: the audit forms and their filling in.
pub struct Auditors;
impl Policy for Auditors {
    fn allows(role: Role) -> bool {
        role.audits()
    }
}

pub struct Authorized<P>(pub Auth, pub PhantomData<P>);

/// The chain admin (a flag on the person, not a hotel's role): hotels, people's roles in
/// them, the chain's figures. Else 403.
pub struct ChainAdmin(pub Auth);

impl FromRequestParts<AppState> for ChainAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let auth = Auth::from_request_parts(parts, state).await?;
        if auth.staff.is_chain_admin() {
            Ok(ChainAdmin(auth))
        } else {
            Err(ApiError::forbidden())
        }
    }
}

impl<P: Policy> FromRequestParts<AppState> for Authorized<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let auth = Auth::from_request_parts(parts, state).await?;
        if P::allows(auth.role()) {
            Ok(Authorized(auth, PhantomData))
        } else {
            Err(ApiError::forbidden())
        }
    }
}
