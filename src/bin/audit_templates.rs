//! The portal's audit template editor (see `lib.rs`).

use bellhop::apps::routes::AuditTemplatesRoutes;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::AuditTemplates, AuditTemplatesRoutes);
}
