//! One task (`/tasks/:id`), the target of deep links from notifications; a
//! placeholder until the tasks issue lands.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::components::icon::{Icon, IconKind};
use crate::i18n::{tr, trf, use_i18n};
use crate::router::{Link, Route};

#[component]
pub fn TaskPage(
    /// The task id from the path.
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Link href=Route::TASKS class="btn btn-link back-link">
            <Icon kind=IconKind::Back />
            {tr!(i18n, nav.tasks)}
        </Link>
        <ComingSoon intro=tr!(i18n, pages.task_intro) icon=IconKind::Tasks>
            {trf!(i18n, pages.task_title, id = id)}
        </ComingSoon>
    }
}
