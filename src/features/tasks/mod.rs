//! Work orders. `/tasks` is My tasks; those who run a department also have the board
//! (`/tasks/board`), the report (`/tasks/report`) and, for managers, the types and
//! deadlines (`/tasks/types`). `/tasks/new` files a task, `/tasks/:id` is one task.

pub mod api;
mod board;
mod card;
mod cards;
mod mine;
mod new;
mod report;
mod steps;
mod tabs;
mod task;
mod types;

pub use board::BoardPage;
pub use mine::TasksPage;
pub use new::NewTaskPage;
pub use report::ReportPage;
pub use task::TaskPage;
pub use types::TaskTypesPage;
