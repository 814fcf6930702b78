//! The portal's Audits app (see `lib.rs`).

use bellhop::apps::routes::AuditsRoutes;
use bellhop::i18n::{no_reasons, Reasons};
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::Audits, AuditsRoutes, Reasons(no_reasons));
}
