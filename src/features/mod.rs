//! One folder per feature: its typed API client (`api.rs`), its pages and the components
//! only it uses. A feature may call another's API client, but never imports another
//! feature's page; what two features show alike lives in `components/`.

pub mod admin;
pub mod audits;
pub mod first_run;
pub mod rooms;
pub mod shell;
pub mod signin;
pub mod star;
pub mod tasks;
pub mod training;
