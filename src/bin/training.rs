//! The portal's Training app (see `lib.rs`).

use bellhop::apps::routes::TrainingRoutes;
use bellhop::features::training::reasons;
use bellhop::i18n::Reasons;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::Training, TrainingRoutes, Reasons(reasons));
}
