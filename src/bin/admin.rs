//! The portal's Admin app (see `lib.rs`).

use bellhop::apps::routes::AdminRoutes;
use bellhop::features::admin::reasons;
use bellhop::i18n::Reasons;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::Admin, AdminRoutes, Reasons(reasons));
}
