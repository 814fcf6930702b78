//! The portal's Star app (see `lib.rs`).

use bellhop::apps::routes::StarRoutes;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::Star, StarRoutes);
}
