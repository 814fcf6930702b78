//! Training: a placeholder until the feature's issue lands.

use leptos::prelude::*;

use crate::components::coming_soon::ComingSoon;
use crate::components::icon::IconKind;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn TrainingPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ComingSoon intro=tr!(i18n, pages.training_intro) icon=IconKind::Training>
            {tr!(i18n, nav.training)}
        </ComingSoon>
    }
}
