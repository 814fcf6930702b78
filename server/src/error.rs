//! The one error type of every handler.
//!
//! Handlers return `Result<_, ApiError>`. Client mistakes carry an [`ErrorCode`] and
//! become the documented 4xx body; database and unexpected failures become a logged 500
//! whose body says nothing about the cause (the log line and the `x-request-id` header
//! tie the two together).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bellhop_api::validate::FieldErrors;
use bellhop_api::FieldReason;
use bellhop_api::{ErrorBody, ErrorCode, HotelChoice, RowError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    Client { code: ErrorCode, message: String },
    #[error("invalid fields: {0:?}")]
    Invalid(FieldErrors),
    /// A refused file: every problem by row, and nothing of the file stored.
    #[error("invalid rows: {0:?}")]
    InvalidRows(Vec<RowError>),
    /// A sign-in whose employee number is used in several hotels and that named none.
    #[error("the hotel is required")]
    HotelRequired(Vec<HotelChoice>),
    #[error("too many attempts; retry after {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal: {0}")]
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Client {
            code,
            message: message.into(),
        }
    }
    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "sign in first")
    }
    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "your role may not do this")
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("no such {what}"))
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }
    pub fn field(field: &str, reason: FieldReason) -> Self {
        ApiError::Invalid(FieldErrors::from([(field.to_owned(), reason)]))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match self {
            ApiError::Client { code, message } => ErrorBody::new(code, message),
            ApiError::Invalid(fields) => ErrorBody {
                fields,
                ..ErrorBody::new(ErrorCode::Invalid, "some fields are invalid")
            },
            ApiError::InvalidRows(rows) => ErrorBody {
                fields: rows.iter().map(|r| (r.key(), r.reason)).collect(),
                rows,
                ..ErrorBody::new(
                    ErrorCode::Invalid,
                    "some rows of the file are invalid; nothing was stored",
                )
            },
            ApiError::HotelRequired(hotels) => ErrorBody {
                hotels,
                ..ErrorBody::new(
                    ErrorCode::HotelRequired,
                    "this employee number is used in several hotels; choose one",
                )
            },
            ApiError::TooManyAttempts { retry_after_secs } => {
                let body = ErrorBody::new(
                    ErrorCode::TooManyAttempts,
                    "too many wrong attempts; the account is locked for a while",
                );
                let mut response = json_response(body);
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                return response;
            }
            ApiError::Database(ref err) if is_unique_violation(err) => {
                ErrorBody::new(ErrorCode::Conflict, "a record with the same key already exists")
            }
            ApiError::Database(sqlx::Error::PoolTimedOut) => {
                tracing::warn!("database pool exhausted");
                let mut response =
                    json_response(ErrorBody::new(ErrorCode::Unavailable, "the server is busy; try again"));
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(2));
                return response;
            }
            ApiError::Database(err) => {
                tracing::error!(error = %err, "database error");
                internal_body()
            }
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                internal_body()
            }
        };
        json_response(body)
    }
}

fn internal_body() -> ErrorBody {
    ErrorBody::new(
        ErrorCode::Internal,
        "something went wrong on the server; quote the request id to support",
    )
}

/// The response of an error body, with the status its code implies.
pub fn json_response(body: ErrorBody) -> Response {
    let status = StatusCode::from_u16(body.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(body)).into_response()
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}
