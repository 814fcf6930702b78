//! One routed page per file. Pages fetch; components render.

pub mod admin;
pub mod admin_staff;
pub mod admin_tablets;
pub mod audits;
pub mod enroll;
pub mod not_found;
pub mod shell;
pub mod signin;
pub mod star;
pub mod task;
pub mod task_board;
pub mod task_new;
pub mod task_report;
pub mod task_types;
pub mod tasks;
pub mod training;
