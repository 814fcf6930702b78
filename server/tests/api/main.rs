//! The API tests, one module per feature, linked once into one test binary (each
//! binary links the whole server). Most cases run on SQLite and on PostgreSQL: their
//! names end in `sqlite::<case>` or `postgres::<case>`, so
//! `cargo test -p bellhop-server --test api -- sqlite::` runs one database only.

// The harness first: its `on_both_databases!` is in scope for every module below.
#[macro_use]
mod common;

mod admin_events;
mod api_errors;
mod app_pages;
mod audits;
mod chain;
mod cli;
mod contract;
mod csv_exports;
mod devices;
mod endpoints;
mod idempotency;
mod keep_alive;
mod live_events;
mod notifications;
mod pms;
mod room_assignments;
mod room_status;
mod rooms;
mod security_headers;
mod sessions;
mod setup;
mod shutdown;
mod staff_admin;
mod staff_import;
mod star;
mod tasks;
mod training;
mod unstorable_text;
