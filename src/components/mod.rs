//! Shared building blocks: props in, view out. They read no API and hold no person data.

pub mod button;
pub mod coming_soon;
pub mod csv_import;
pub mod field;
pub mod icon;
pub mod language_picker;
pub mod markup;
pub mod paging;
pub mod pin_pad;
pub mod restricted;
pub mod retired;
pub mod status;
pub mod sub_page;
pub mod tile;
pub mod time_zone;
