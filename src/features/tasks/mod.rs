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

use bellhop_api::FieldReason;

use crate::i18n::{td_string, Locale};

pub use board::BoardPage;
pub use mine::TasksPage;
pub use new::NewTaskPage;
pub use report::ReportPage;
pub use task::TaskPage;
pub use types::TaskTypesPage;

/// The Tasks app's words for the field reasons of its own forms (its
/// [`Reasons`](crate::i18n::Reasons)).
pub fn reasons(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    use FieldReason::*;
    Some(match reason {
        RoomOrLocationRequired => td_string!(locale, field.room_or_location_required),
        UnknownRoom => td_string!(locale, field.unknown_room),
        RequiredItemNotDone => td_string!(locale, field.required_item_not_done),
        OutsideDepartment => td_string!(locale, field.outside_department),
        UnknownDepartment => td_string!(locale, field.unknown_department),
        RetiredDepartment => td_string!(locale, field.retired_department),
        TargetsInvalid => td_string!(locale, field.targets_invalid),
        RangeInvalid => td_string!(locale, field.range_invalid),
        _ => return None,
    })
}
