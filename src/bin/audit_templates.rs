//! The portal's audit template editor (see `lib.rs`).

use bellhop::apps::routes::AuditTemplatesRoutes;
use bellhop::features::audits::template_reasons;
use bellhop::i18n::Reasons;
use bellhop_api::sections::Section;

fn main() {
    bellhop::start_portal(Section::AuditTemplates, AuditTemplatesRoutes, Reasons(template_reasons));
}
