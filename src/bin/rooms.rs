//! The portal's Rooms app (see `lib.rs`).

use bellhop::apps::routes::RoomsRoutes;
use bellhop::features::rooms::reasons;
use bellhop::i18n::Reasons;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::Rooms, RoomsRoutes, Reasons(reasons));
}
