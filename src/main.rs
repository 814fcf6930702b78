//! The portal's Tasks app, also the start page (see `lib.rs`).

use bellhop::apps::routes::TasksRoutes;
use bellhop::features::tasks::reasons;
use bellhop::i18n::Reasons;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::Tasks, TasksRoutes, Reasons(reasons));
}
