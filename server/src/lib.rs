//! Bellhop's server: the REST API under `/api` and the built app, over SQLite or
//! PostgreSQL.
//!
//! Errors: handlers return [`error::ApiResult`]; extractors in [`extract`] turn bad
//! input into the same [`error::ApiError`], so every failure has one JSON shape.

pub mod app;
pub mod app_files;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod download;
pub mod error;
pub mod error_docs;
pub mod extract;
pub mod idempotency;
pub mod jobs;
pub mod live;
pub mod notify;
pub mod openapi_json;
pub mod paging;
pub mod people;
pub mod routes;
pub mod rows;
pub mod security_headers;
pub mod seed;
pub mod setup;
pub mod spa;
pub mod unread_body;
