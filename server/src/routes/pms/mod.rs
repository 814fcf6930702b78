//! The hotel's PMS: admins issue and revoke its tokens and set what a check-out does
//! and where the webhook goes; the PMS sends its events ([`inbound`]) and hears of room
//! changes through the signed webhook ([`webhook`]).

pub mod inbound;
pub mod webhook;

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::pms::{self, PmsSettings, PmsSettingsView, PmsToken, PmsTokenCreate, PmsTokenIssued};
use bellhop_api::validate;
use bellhop_api::ErrorBody;
use bellhop_api::FieldReason;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::secrets;
use crate::auth::{Admins, Authorized};
use crate::db::flag;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::rows::Row;

/// The security scheme of the PMS's own endpoint.
pub const PMS_TOKEN: &str = "pms_token";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(get_settings, put_settings))
        .merge(inbound::router())
        .merge(webhook::router())
}

/// Adds the PMS token's scheme to the document.
pub fn document(openapi: &mut utoipa::openapi::OpenApi) {
    if let Some(components) = openapi.components.as_mut() {
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.description = Some("A PMS token an admin issued (`POST /pms/tokens`)".into());
        components.add_security_scheme(PMS_TOKEN, SecurityScheme::Http(bearer));
    }
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: String,
    name: String,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl TokenRow {
    fn to_api(&self) -> ApiResult<PmsToken> {
        let row = Row::new("pms_tokens", &self.id);
        Ok(PmsToken {
            id: row.own_id()?,
            name: self.name.clone(),
            created_at: row.time("created_at", self.created_at)?,
            last_used_at: row.opt_time("last_used_at", self.last_used_at)?,
            revoked_at: row.opt_time("revoked_at", self.revoked_at)?,
        })
    }
}

const TOKEN_COLUMNS: &str = "id, name, created_at, last_used_at, revoked_at";

/// The hotel's PMS tokens, newest first; never their secrets.
#[utoipa::path(get, path = "/pms/tokens", tag = "pms", responses(
    (status = 200, body = Vec<PmsToken>),
    (status = 403, body = ErrorBody),
))]
async fn list_tokens(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
) -> ApiResult<Json<Vec<PmsToken>>> {
    let rows: Vec<TokenRow> = sqlx::query_as(&format!(
        "SELECT {TOKEN_COLUMNS} FROM pms_tokens WHERE property_id = $1 ORDER BY created_at DESC, id LIMIT 200"
    ))
    .bind(auth.property_id())
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(rows.iter().map(TokenRow::to_api).collect::<ApiResult<_>>()?))
}

/// Issues a token for the PMS of this hotel. The secret is in this answer only; the
/// server keeps its hash.
#[utoipa::path(post, path = "/pms/tokens", tag = "pms", request_body = PmsTokenCreate, responses(
    (status = 201, body = PmsTokenIssued),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The id is another token's", body = ErrorBody),
    (status = 422, description = "`name: required | too_long | control_characters`", body = ErrorBody),
))]
async fn create_token(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Json(req): Json<PmsTokenCreate>,
) -> ApiResult<(StatusCode, Json<PmsTokenIssued>)> {
    validate::display_name(&req.name).map_err(|reason| ApiError::field("name", reason))?;
    let name = req.name.trim();
    let secret = format!("bhp_{}", secrets::new_token());
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO pms_tokens (id, property_id, name, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(req.id.to_string())
    .bind(auth.property_id())
    .bind(name)
    .bind(secrets::digest(&secret))
    .bind(&auth.staff.id)
    .bind(state.clock.now_ms())
    .execute(tx.conn())
    .await?;
    let row: TokenRow = sqlx::query_as(&format!("SELECT {TOKEN_COLUMNS} FROM pms_tokens WHERE id = $1"))
        .bind(req.id.to_string())
        .fetch_one(tx.conn())
        .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(PmsTokenIssued {
            token: row.to_api()?,
            secret,
        }),
    ))
}

/// Revokes a token: the PMS's next event with it is refused (401). Revoking again
/// changes nothing.
#[utoipa::path(delete, path = "/pms/tokens/{id}", tag = "pms", params(("id" = Uuid, Path)), responses(
    (status = 200, body = PmsToken),
    (status = 403, body = ErrorBody),
))]
async fn revoke_token(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<PmsToken>> {
    let mut tx = state.db.begin_write().await?;
    sqlx::query("UPDATE pms_tokens SET revoked_at = $1 WHERE id = $2 AND property_id = $3 AND revoked_at IS NULL")
        .bind(state.clock.now_ms())
        .bind(id.to_string())
        .bind(auth.property_id())
        .execute(tx.conn())
        .await?;
    let row: Option<TokenRow> = sqlx::query_as(&format!(
        "SELECT {TOKEN_COLUMNS} FROM pms_tokens WHERE id = $1 AND property_id = $2"
    ))
    .bind(id.to_string())
    .bind(auth.property_id())
    .fetch_optional(tx.conn())
    .await?;
    let row = row.ok_or_else(|| ApiError::not_found("token"))?;
    tx.commit().await?;
    Ok(Json(row.to_api()?))
}

/// Whether a check-out files the room's cleaning task, and the webhook's address.
#[utoipa::path(get, path = "/pms/settings", tag = "pms", responses(
    (status = 200, body = PmsSettingsView),
    (status = 403, body = ErrorBody),
))]
async fn get_settings(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
) -> ApiResult<Json<PmsSettingsView>> {
    let (files, url, secret): (i64, Option<String>, Option<String>) =
        sqlx::query_as("SELECT checkout_files_cleaning, webhook_url, webhook_secret FROM properties WHERE id = $1")
            .bind(auth.property_id())
            .fetch_one(&state.db.pool)
            .await?;
    Ok(Json(PmsSettingsView {
        checkout_files_cleaning: files != 0,
        webhook_url: url,
        has_webhook_secret: secret.is_some(),
    }))
}

/// Sets what a check-out does and where the webhook goes (`webhook_url: null` turns
/// it off). The secret is never shown again; absent, the stored one is kept.
#[utoipa::path(put, path = "/pms/settings", tag = "pms", request_body = PmsSettings, responses(
    (status = 200, body = PmsSettingsView),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`webhook_url: url_format`, `webhook_secret: required | out_of_range`", body = ErrorBody),
))]
async fn put_settings(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    Json(req): Json<PmsSettings>,
) -> ApiResult<Json<PmsSettingsView>> {
    let url = req.webhook_url.as_deref().filter(|u| !u.is_empty());
    if url.is_some_and(|u| !pms::webhook_url(u)) {
        return Err(ApiError::field("webhook_url", FieldReason::UrlFormat));
    }
    if req
        .webhook_secret
        .as_deref()
        .is_some_and(|s| !pms::SECRET_CHARS.contains(&s.chars().count()))
    {
        return Err(ApiError::field("webhook_secret", FieldReason::OutOfRange));
    }
    let mut tx = state.db.begin_write().await?;
    let (stored,): (Option<String>,) = sqlx::query_as("SELECT webhook_secret FROM properties WHERE id = $1")
        .bind(auth.property_id())
        .fetch_one(tx.conn())
        .await?;
    let secret = req.webhook_secret.or(stored);
    if url.is_some() && secret.is_none() {
        return Err(ApiError::field("webhook_secret", FieldReason::Required));
    }
    sqlx::query(
        "UPDATE properties SET checkout_files_cleaning = $1, webhook_url = $2, webhook_secret = $3 WHERE id = $4",
    )
    .bind(flag(req.checkout_files_cleaning))
    .bind(url)
    .bind(&secret)
    .bind(auth.property_id())
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(Json(PmsSettingsView {
        checkout_files_cleaning: req.checkout_files_cleaning,
        webhook_url: url.map(str::to_owned),
        has_webhook_secret: secret.is_some(),
    }))
}
