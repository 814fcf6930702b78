//! Idempotency keys for writes. A tablet's outbox sends a write again when it cannot
//! know whether the first try arrived (the Wi-Fi dropped before the answer): the write
//! must happen once. A state-changing request with an `Idempotency-Key` header is run
//! once per person and key; the same request again — one after the other, or fifty at
//! once — gets the first answer, marked `Idempotent-Replayed: true`, and changes
//! nothing. The same key with a different request is refused (422). Answers are kept
//! [`KEEP_MS`], long enough for a shift offline. A request without a session passes
//! through (the route answers 401); server failures are not kept, so a retry runs again.

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use bellhop_api::ErrorCode;
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::auth::{session, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult};
use bellhop_api::FieldReason;

pub const HEADER: &str = "idempotency-key";
const REPLAYED: &str = "idempotent-replayed";

/// How long a key and its answer are kept.
pub const KEEP_MS: i64 = 48 * 3600 * 1000;

/// Keys are the client's ids: up to this many visible ASCII characters.
const KEY_MAX: usize = 100;

/// A replay arriving while the first request runs waits for its answer this long.
const WAIT_FOR_FIRST: Duration = Duration::from_secs(15);
const WAIT_STEP: Duration = Duration::from_millis(20);

pub async fn run_once(State(state): State<AppState>, jar: CookieJar, request: Request, next: Next) -> Response {
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let Some(key) = request.headers().get(HEADER).filter(|_| writes).cloned() else {
        return next.run(request).await;
    };
    match keyed(&state, &jar, key, request, next).await {
        Ok(response) | Err(Refused(response)) => response,
    }
}

/// A refusal made before the write ran.
struct Refused(Response);

impl From<ApiError> for Refused {
    fn from(error: ApiError) -> Self {
        Refused(error.into_response())
    }
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Self {
        Refused(ApiError::from(error).into_response())
    }
}

async fn keyed(
    state: &AppState,
    jar: &CookieJar,
    key: HeaderValue,
    request: Request,
    next: Next,
) -> Result<Response, Refused> {
    let key = key
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= KEY_MAX && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| ApiError::field(HEADER, FieldReason::Invalid))?
        .to_owned();
    let person = match jar.get(SESSION_COOKIE) {
        Some(cookie) => session::person_of(state, cookie.value()).await?,
        None => None,
    };
    let Some(person) = person else {
        return Ok(next.run(request).await);
    };
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, state.config.max_body_bytes)
        .await
        .map_err(|_| ApiError::new(ErrorCode::PayloadTooLarge, "the body is over the size limit"))?;
    let hash = request_hash(
        &parts.method,
        parts.uri.path_and_query().map_or("", |p| p.as_str()),
        &body,
    );

    let claim = Claim {
        state: state.clone(),
        person,
        key,
        settled: false,
    };
    if !claim.take(&hash).await? {
        return claim.first_answer(&hash).await;
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    Ok(claim.keep(response).await)
}

/// What a request asks: its method, address and body.
fn request_hash(method: &Method, address: &str, body: &[u8]) -> String {
    let mut digest = Sha256::new();
    digest.update(method.as_str());
    digest.update([0]);
    digest.update(address);
    digest.update([0]);
    digest.update(body);
    format!("{:x}", digest.finalize())
}

/// A key's row: the request's hash, then its answer (status, content type, body) once
/// there is one.
type KeptAnswer = (String, Option<i64>, Option<String>, Option<String>);

/// A person's key, claimed by the request that runs the write. Dropped before its answer
/// is kept (the write failed, or the request was abandoned mid-way), it gives the key
/// back so that a retry runs.
struct Claim {
    state: AppState,
    person: String,
    key: String,
    settled: bool,
}

impl Claim {
    /// Claims the key; false when another request has it.
    async fn take(&self, hash: &str) -> ApiResult<bool> {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (staff_id, idem_key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (staff_id, idem_key) DO NOTHING",
        )
        .bind(&self.person)
        .bind(&self.key)
        .bind(hash)
        .bind(self.state.clock.now_ms())
        .execute(&self.state.db.pool)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    /// The answer of the request that has the key, once it has one.
    async fn first_answer(mut self, hash: &str) -> Result<Response, Refused> {
        self.settled = true; // Not ours to give back.
        let waited = tokio::time::Instant::now();
        loop {
            let kept: Option<KeptAnswer> = sqlx::query_as(
                "SELECT request_hash, status, content_type, body FROM idempotency_keys \
                 WHERE staff_id = $1 AND idem_key = $2",
            )
            .bind(&self.person)
            .bind(&self.key)
            .fetch_optional(&self.state.db.pool)
            .await?;
            match kept {
                Some((first_hash, _, _, _)) if first_hash != hash => {
                    return Err(ApiError::field(HEADER, FieldReason::Reused).into());
                }
                Some((_, Some(status), content_type, body)) => return Ok(replayed(status, content_type, body)),
                // Given back by a failed first try: this one may run it.
                None => return Err(ApiError::new(ErrorCode::Unavailable, "send this write again").into()),
                Some(_) if waited.elapsed() >= WAIT_FOR_FIRST => {
                    return Err(ApiError::conflict("this write is still being handled").into());
                }
                Some(_) => tokio::time::sleep(WAIT_STEP).await,
            }
        }
    }

    /// Keeps the answer for replays and hands it on; a server failure is not kept.
    async fn keep(mut self, response: Response) -> Response {
        let status = response.status();
        if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
            return response;
        }
        let (parts, body) = response.into_parts();
        let Ok(bytes) = to_bytes(body, self.state.config.max_body_bytes).await else {
            tracing::error!("a keyed write's answer could not be read");
            return ApiError::new(ErrorCode::Internal, "the answer could not be read").into_response();
        };
        let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let kept = sqlx::query(
                "UPDATE idempotency_keys SET status = $1, content_type = $2, body = $3 \
                 WHERE staff_id = $4 AND idem_key = $5",
            )
            .bind(i64::from(status.as_u16()))
            .bind(content_type)
            .bind(text)
            .bind(&self.person)
            .bind(&self.key)
            .execute(&self.state.db.pool)
            .await;
            match kept {
                Ok(_) => self.settled = true,
                Err(err) => tracing::error!(error = %err, "a keyed write's answer could not be kept"),
            }
        }
        Response::from_parts(parts, Body::from(bytes))
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        let (pool, person, key) = (self.state.db.pool.clone(), self.person.clone(), self.key.clone());
        tokio::spawn(async move {
            let given_back =
                sqlx::query("DELETE FROM idempotency_keys WHERE staff_id = $1 AND idem_key = $2 AND status IS NULL")
                    .bind(&person)
                    .bind(&key)
                    .execute(&pool)
                    .await;
            if let Err(err) = given_back {
                tracing::error!(error = %err, "an unanswered idempotency key could not be given back");
            }
        });
    }
}

fn replayed(status: i64, content_type: Option<String>, body: Option<String>) -> Response {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, body.unwrap_or_default()).into_response();
    let headers = response.headers_mut();
    match content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
        Some(content_type) => headers.insert(header::CONTENT_TYPE, content_type),
        None => headers.remove(header::CONTENT_TYPE),
    };
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

/// Forgets the keys older than [`KEEP_MS`].
pub async fn purge(pool: &sqlx::AnyPool, now_ms: i64) -> Result<u64, sqlx::Error> {
    let purged = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(now_ms - KEEP_MS)
        .execute(pool)
        .await?;
    Ok(purged.rows_affected())
}

/// Documents the header on every state-changing operation.
pub fn document(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};
    let parameter = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Makes the write happen once: the same request with the same key again (within 48 hours) \
             gets the first answer with `Idempotent-Replayed: true`; the key with another request is a \
             422 naming `idempotency-key`.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(KEY_MAX))
                .pattern(Some("^[!-~]+$")),
        ))
        .build();
    crate::error_docs::add_to_every_write(openapi, parameter);
}
