//! The portal's Star app (see `lib.rs`).

use bellhop::apps::routes::StarRoutes;
use bellhop::features::star::reasons;
use bellhop::i18n::Reasons;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::Star, StarRoutes, Reasons(reasons));
}
