//! Refuses state-changing API requests that did not come from the app.
//!
//! The app sends `X-Requested-With: bellhop` on every POST, PUT, PATCH and DELETE. A
//! page on another site cannot add that header without a CORS preflight, which this
//! server never grants; the SameSite=Strict cookie is the second wall. The header is
//! a required parameter of every write in the OpenAPI document ([`document`]).

use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bellhop_api::ErrorCode;

use crate::error::ApiError;

pub const HEADER: &str = "x-requested-with";
pub const VALUE: &str = "bellhop";

pub async fn require_app_origin(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || from_app(&request)
        || token_route(&request)
    {
        return next.run(request).await;
    }
    ApiError::new(
        ErrorCode::CsrfRejected,
        "state-changing requests must come from the Bellhop app",
    )
    .into_response()
}

/// The PMS's endpoint reads no cookie, only its own `Authorization: Bearer` token,
/// which another site cannot make a browser send: there is nothing to forge, and the
/// PMS is no browser to send the app's header.
fn token_route(request: &Request) -> bool {
    request.uri().path().ends_with("/pms/events")
}

fn from_app(request: &Request) -> bool {
    let headers = request.headers();
    let marked = headers.get(HEADER).is_some_and(|v| v.as_bytes() == VALUE.as_bytes());
    let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v == "cross-site");
    let foreign_origin = match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or_default();
            let origin_host = origin.split("://").nth(1).unwrap_or_default();
            origin_host != host.to_str().unwrap_or_default()
        }
        _ => false,
    };
    marked && !cross_site && !foreign_origin
}

/// Adds the header, required and with its one value, to every write of the document.
pub fn document(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};
    let parameter = ParameterBuilder::new()
        .name("X-Requested-With")
        .parameter_in(ParameterIn::Header)
        .required(Required::True)
        .description(Some(
            "Marks the request as the app's; without it a write is refused (403).",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([VALUE])),
        ))
        .build();
    crate::error_docs::add_to_every_write(openapi, parameter);
}
