//! The error answers every operation shares, documented once. Each handler's
//! `#[utoipa::path]` lists its success answers and the errors special to it (a 403 for
//! the wrong role, a 409 for a stale version, a 422 with its own meaning); what follows
//! from the request's shape is added here to every operation of the document:
//!
//! - every operation: 500 (a fault, logged, its cause never shown) and 503 (busy);
//! - every operation that needs a session (all but those marked `security(())`): 401;
//! - every write: 403 (without the app's `X-Requested-With`, see [`csrf`](crate::auth::csrf));
//! - a path parameter: 404 (no such record; a malformed id names none);
//! - a query parameter or a JSON body: 400 (unreadable);
//! - any parameter: 422 (text the database cannot store, an invalid `Idempotency-Key`);
//! - a body: 413 (too large) and 415 (not the type the operation reads);
//! - a JSON body: 422 (a field or the body's shape is invalid).
//!
//! Each answer is one entry of `components.responses` with the one error body
//! ([`ErrorBody`](bellhop_api::ErrorBody)), so every operation refers to the same text.

use utoipa::openapi::path::{Operation, Parameter, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

use bellhop_api::ErrorCode;

use crate::auth::SESSION_COOKIE;

/// The security scheme of every operation that needs a session.
pub const SESSION: &str = "session";

/// Each shared answer's code (its status, and its name in `components.responses`) and
/// what it means for an operation.
const SHARED: [(ErrorCode, &str); 9] = [
    (
        ErrorCode::MalformedRequest,
        "The body is not JSON, or a parameter cannot be read",
    ),
    (ErrorCode::Unauthenticated, "No session, or it has ended"),
    (
        ErrorCode::CsrfRejected,
        "A write without the app's `X-Requested-With` header",
    ),
    (ErrorCode::NotFound, "No such record"),
    (ErrorCode::PayloadTooLarge, "The body is larger than the server takes"),
    (
        ErrorCode::UnsupportedMediaType,
        "The body is not of the type the operation reads",
    ),
    (
        ErrorCode::Invalid,
        "The body's shape, some fields or a parameter are invalid; `fields` names each",
    ),
    (
        ErrorCode::Internal,
        "A fault on the server, logged; the answer says nothing of its cause",
    ),
    (
        ErrorCode::Unavailable,
        "The server is busy; try again after `Retry-After` seconds",
    ),
];

/// The answer's name in `components.responses`: the code's, as in `MalformedRequest`.
fn response_name(code: ErrorCode) -> String {
    format!("{code:?}")
}

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

/// Adds the session scheme, the shared error answers, and each operation's share of them.
pub fn document(openapi: &mut OpenApi) {
    let components = openapi
        .components
        .get_or_insert_with(|| ComponentsBuilder::new().build());
    components.add_security_scheme(
        SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            SESSION_COOKIE,
            "The session cookie set by signing in",
        ))),
    );
    for (code, description) in SHARED {
        components
            .responses
            .insert(response_name(code), RefOr::T(error_response(description)));
    }
    openapi.security = Some(vec![SecurityRequirement::new::<_, [&str; 0], &str>(SESSION, [])]);
    for item in openapi.paths.paths.values_mut() {
        let reads = item.get.iter_mut().map(|o| (o, false));
        let writes = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete]
            .into_iter()
            .flatten()
            .map(|o| (o, true));
        for (operation, write) in reads.chain(writes) {
            for code in shared_codes(operation, write) {
                operation
                    .responses
                    .responses
                    .entry(code.status().to_string())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(response_name(code))));
            }
        }
    }
}

/// Adds a parameter every write takes (a header of the CSRF rule or of idempotency).
pub fn add_to_every_write(openapi: &mut OpenApi, parameter: Parameter) {
    for item in openapi.paths.paths.values_mut() {
        for operation in [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete]
            .into_iter()
            .flatten()
        {
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(parameter.clone());
        }
    }
}

/// The shared answers `operation` can give, by what it takes.
fn shared_codes(operation: &Operation, write: bool) -> Vec<ErrorCode> {
    let public = operation
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| *r == SecurityRequirement::default()));
    let has = |place: ParameterIn| {
        operation
            .parameters
            .iter()
            .flatten()
            .any(|p| std::mem::discriminant(&p.parameter_in) == std::mem::discriminant(&place))
    };
    let body = operation
        .request_body
        .as_ref()
        .map(|b| b.content.contains_key("application/json"));
    let mut codes = vec![ErrorCode::Internal, ErrorCode::Unavailable];
    if !public {
        codes.push(ErrorCode::Unauthenticated);
    }
    if write {
        codes.push(ErrorCode::CsrfRejected);
    }
    if has(ParameterIn::Path) {
        codes.push(ErrorCode::NotFound);
    }
    if has(ParameterIn::Query) || body == Some(true) {
        codes.push(ErrorCode::MalformedRequest);
    }
    if body.is_some() {
        codes.extend([ErrorCode::PayloadTooLarge, ErrorCode::UnsupportedMediaType]);
    }
    if body == Some(true) || operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
        codes.push(ErrorCode::Invalid);
    }
    codes
}
