//! Small building blocks: props in, view out. They read no API and hold no person data.

pub mod coming_soon;
pub mod field;
pub mod icon;
pub mod language_picker;
pub mod markup;
pub mod pin_pad;
pub mod status;
pub mod task_card;
pub mod task_list;
