//! The outbound webhook: a room that becomes inspected, goes out of order or comes back
//! is queued in the writing transaction (so nothing is sent for a change that rolled
//! back) and delivered by a job: a POST of the JSON body, signed with HMAC-SHA256 under
//! the hotel's secret (`X-Bellhop-Signature: sha256=<hex>`), retried with exponential
//! back-off until a 2xx answer or [`MAX_ATTEMPTS`]. Admins read the delivery log.

use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::State;
use bellhop_api::pms::{WebhookBody, WebhookDelivery, WebhookEvent, DELIVERY_HEADER, SIGNATURE_HEADER};
use bellhop_api::room_status::Housekeeping;
use bellhop_api::ErrorBody;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::AnyConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Admins, Authorized};
use crate::clock::from_ms;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::rows::Row;

/// How often the job looks for deliveries due.
pub const EVERY: Duration = Duration::from_secs(5);
/// Tries before a delivery is given up.
pub const MAX_ATTEMPTS: i64 = 8;
/// The wait after the first failure; it doubles after each one, up to [`BACKOFF_MAX_MS`].
pub const BACKOFF_FIRST_MS: i64 = 30_000;
pub const BACKOFF_MAX_MS: i64 = 3_600_000;
/// How long a server holds a delivery it is sending before another may try it.
const LEASE_MS: i64 = 60_000;
const TIMEOUT: Duration = Duration::from_secs(10);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(deliveries))
}

/// `sha256=` and the lowercase hex HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// The wait before try `attempts + 1`, after `attempts` failures.
pub fn backoff_ms(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    BACKOFF_FIRST_MS.saturating_mul(1 << doublings).min(BACKOFF_MAX_MS)
}

/// Queues the PMS's news of a room, if the hotel has a webhook; part of the caller's
/// transaction.
pub async fn enqueue(
    conn: &mut AnyConnection,
    property_id: &str,
    event: WebhookEvent,
    room: &str,
    housekeeping: Housekeeping,
    now: i64,
) -> ApiResult<()> {
    let (url,): (Option<String>,) = sqlx::query_as("SELECT webhook_url FROM properties WHERE id = $1")
        .bind(property_id)
        .fetch_one(&mut *conn)
        .await?;
    let Some(url) = url else { return Ok(()) };
    let id = Uuid::now_v7();
    let body = WebhookBody {
        delivery_id: id,
        event,
        room: room.to_owned(),
        housekeeping,
        at: from_ms(now).ok_or_else(|| ApiError::Internal(format!("clock at {now}")))?,
    };
    let body = serde_json::to_string(&body).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, property_id, event, room_number, url, body, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)",
    )
    .bind(id.to_string())
    .bind(property_id)
    .bind(event.code())
    .bind(room)
    .bind(&url)
    .bind(&body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DueRow {
    id: String,
    url: String,
    body: String,
    attempts: i64,
    next_attempt_at: i64,
    /// The hotel's secret as it is when the delivery goes out.
    webhook_secret: Option<String>,
}

/// One HTTP client for every delivery of the process: it holds the TLS roots and the
/// connection pool, which are not worth building every few seconds.
fn client() -> ApiResult<&'static reqwest::Client> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let built = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| ApiError::Internal(format!("http client: {e}")))?;
    Ok(CLIENT.get_or_init(|| built))
}

/// Sends every delivery that is due, once each, but a retired hotel's; returns how many
/// were delivered.
pub async fn run_once(state: &AppState) -> ApiResult<usize> {
    let now = state.clock.now_ms();
    let due: Vec<DueRow> = sqlx::query_as(
        "SELECT d.id, d.url, d.body, d.attempts, d.next_attempt_at, p.webhook_secret \
         FROM webhook_deliveries d JOIN properties p ON p.id = d.property_id \
         WHERE p.active = 1 AND d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= $1 \
         ORDER BY d.next_attempt_at LIMIT 50",
    )
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let client = client()?;
    let mut delivered = 0;
    for delivery in due {
        // Claimed by moving its time on: another server passing by leaves it alone. The
        // writes go through the write queue (SQLite has one writer); the POST does not.
        let mut tx = state.db.begin_write().await?;
        let claimed =
            sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at = $3")
                .bind(now + LEASE_MS)
                .bind(&delivery.id)
                .bind(delivery.next_attempt_at)
                .execute(tx.conn())
                .await?;
        tx.commit().await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        let outcome = send(client, &delivery).await;
        let attempts = delivery.attempts + 1;
        let at = state.clock.now_ms();
        let (status, error, ok) = match outcome {
            Ok(status) if (200..300).contains(&status) => (Some(i64::from(status)), None, true),
            Ok(status) => (Some(i64::from(status)), Some(format!("answered {status}")), false),
            Err(err) => (None, Some(err), false),
        };
        let next = (!ok && attempts < MAX_ATTEMPTS).then(|| at + backoff_ms(attempts));
        let mut tx = state.db.begin_write().await?;
        sqlx::query(
            "UPDATE webhook_deliveries SET attempts = $1, last_status = $2, last_error = $3, next_attempt_at = $4, \
                delivered_at = $5 WHERE id = $6",
        )
        .bind(attempts)
        .bind(status)
        .bind(error)
        .bind(next)
        .bind(ok.then_some(at))
        .bind(&delivery.id)
        .execute(tx.conn())
        .await?;
        tx.commit().await?;
        delivered += usize::from(ok);
    }
    Ok(delivered)
}

/// One POST; the answer's status, or why none came.
async fn send(client: &reqwest::Client, delivery: &DueRow) -> Result<u16, String> {
    let secret = delivery.webhook_secret.as_deref().unwrap_or_default();
    let response = client
        .post(&delivery.url)
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, signature(secret, delivery.body.as_bytes()))
        .header(DELIVERY_HEADER, &delivery.id)
        .body(delivery.body.clone())
        .send()
        .await
        .map_err(|e| {
            let text = e.to_string();
            text.chars().take(300).collect::<String>()
        })?;
    Ok(response.status().as_u16())
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: String,
    event: String,
    room_number: String,
    url: String,
    attempts: i64,
    last_status: Option<i64>,
    last_error: Option<String>,
    created_at: i64,
    delivered_at: Option<i64>,
    next_attempt_at: Option<i64>,
}

impl DeliveryRow {
    fn to_api(&self) -> ApiResult<WebhookDelivery> {
        let row = Row::new("webhook_deliveries", &self.id);
        Ok(WebhookDelivery {
            id: row.own_id()?,
            event: row.code("event", &self.event, WebhookEvent::parse)?,
            room: self.room_number.clone(),
            url: self.url.clone(),
            attempts: row.number("attempts", self.attempts)?,
            last_status: self.last_status.map(|s| row.number("last_status", s)).transpose()?,
            last_error: self.last_error.clone(),
            created_at: row.time("created_at", self.created_at)?,
            delivered_at: row.opt_time("delivered_at", self.delivered_at)?,
            next_attempt_at: row.opt_time("next_attempt_at", self.next_attempt_at)?,
        })
    }
}

/// The webhook's last 200 deliveries, newest first, with their attempts and answers.
#[utoipa::path(get, path = "/pms/webhook/deliveries", tag = "pms", responses(
    (status = 200, body = Vec<WebhookDelivery>),
    (status = 403, body = ErrorBody),
))]
async fn deliveries(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
) -> ApiResult<Json<Vec<WebhookDelivery>>> {
    let rows: Vec<DeliveryRow> = sqlx::query_as(
        "SELECT id, event, room_number, url, attempts, last_status, last_error, created_at, delivered_at, next_attempt_at \
         FROM webhook_deliveries WHERE property_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200",
    )
    .bind(auth.property_id())
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(rows.iter().map(DeliveryRow::to_api).collect::<ApiResult<_>>()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_an_hour() {
        assert_eq!(backoff_ms(1), 30_000);
        assert_eq!(backoff_ms(2), 60_000);
        assert_eq!(backoff_ms(3), 120_000);
        assert_eq!(backoff_ms(12), BACKOFF_MAX_MS);
    }

    #[test]
    fn the_signature_is_the_hex_hmac_of_the_body() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
