//! Assembles the server: state, the `/api` router with its error fallbacks and CSRF
//! check, the OpenAPI document, the app's static files, and the cross-cutting layers.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bellhop_api::{ErrorBody, ErrorCode};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::auth::csrf;
use crate::auth::secrets::Hasher;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::error::{json_response, ApiError};
use crate::live::Live;
use crate::security_headers::{self, SecurityHeaders};
use crate::setup::SetupCode;
use crate::{error_docs, idempotency, openapi_json, routes, spa, unread_body};
use tokio::sync::OnceCell;

/// What every handler can reach. Cloned per request; everything inside is shared.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub hasher: Hasher,
    pub live: Live,
    /// The Service Star ballot key, read once from the database on first use.
    pub ballot_key: Arc<OnceCell<Vec<u8>>>,
    /// The one-time set-up code, armed while the database has no hotel.
    pub setup_code: SetupCode,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Bellhop API", description = "The REST API of the Bellhop hotel staff portal. \
        Every error is `{\"error\": code, \"message\": text}`; state-changing requests need the header \
        `X-Requested-With: bellhop`."),
    servers((url = "/api")),
    // Schemas the handlers' annotations name only by reference (a query parameter's
    // enum, the live stream's audit events).
    components(schemas(
        bellhop_api::live::AuditChanged,
        bellhop_api::live::RoomChanged,
        bellhop_api::live::NotificationChanged,
        bellhop_api::audit_wire::AuditListFilter,
        bellhop_api::training::CsvTable
    )),
    tags((name = "session"), (name = "devices"), (name = "staff"), (name = "property"), (name = "system"),
        (name = "tasks"), (name = "rooms"), (name = "pms"), (name = "star"), (name = "training"), (name = "audits"),
        (name = "chain"), (name = "notifications"))
)]
struct ApiDoc;

impl AppState {
    pub async fn connect(config: Config, clock: Clock) -> Result<AppState, sqlx::Error> {
        let db = Db::connect(&config.database_url).await?;
        let live = Live::start(&db, &config.database_url).await?;
        let hasher = Hasher::new(config.hash_memory_kib);
        Ok(AppState {
            db,
            config: Arc::new(config),
            clock,
            hasher,
            live,
            ballot_key: Arc::default(),
            setup_code: SetupCode::default(),
        })
    }
}

/// The `/api` routes and their document, with what every route shares added to it.
fn api_and_document() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes::api())
        .split_for_parts();
    idempotency::document(&mut openapi);
    csrf::document(&mut openapi);
    error_docs::document(&mut openapi);
    routes::pms::document(&mut openapi);
    (api, openapi)
}

pub fn router(state: AppState) -> Router {
    let (api, openapi) = api_and_document();
    let openapi = Arc::new(openapi_json::document(&openapi));
    let api = api
        .route(
            "/openapi.json",
            get(move || async move { axum::Json(openapi.as_ref().clone()) }),
        )
        .fallback(|| async { ApiError::new(ErrorCode::NotFound, "no such API route") })
        // After the CSRF check: a refused request claims no key. Both for routes only: a
        // method or path that names no operation is a 405 or 404 and changes nothing.
        .route_layer(middleware::from_fn_with_state(state.clone(), idempotency::run_once))
        .route_layer(middleware::from_fn(csrf::require_app_origin))
        // After the route layers, which would otherwise wrap it too.
        .method_not_allowed_fallback(|| async {
            ApiError::new(ErrorCode::MethodNotAllowed, "this route does not take that method")
        })
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        // Answers about people must not linger in a shared tablet's cache.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state.clone());

    Router::new()
        .nest("/api", api)
        .merge(spa::router(state.clone()))
        // API JSON is compressed on the fly; the app's files already carry the build's
        // best brotli or gzip (`Content-Encoding` set), which this layer never redoes.
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(|_panic| panic_response()))
        .layer(middleware::from_fn(unread_body::close_if_unread))
        .layer(middleware::map_response_with_state(
            SecurityHeaders::new(&state.config),
            security_headers::apply,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

fn panic_response() -> Response {
    tracing::error!("handler panicked");
    json_response(ErrorBody::new(
        ErrorCode::Internal,
        "something went wrong on the server; quote the request id to support",
    ))
    .into_response()
}
