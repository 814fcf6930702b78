//! The portal's training library: question bank, quizzes and plans (see `lib.rs`).

use bellhop::apps::routes::TrainingLibraryRoutes;
use bellhop::features::training::reasons;
use bellhop::i18n::Reasons;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::TrainingLibrary, TrainingLibraryRoutes, Reasons(reasons));
}
