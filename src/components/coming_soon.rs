//! The placeholder of a feature page whose issue has not landed yet.

use leptos::prelude::*;

use crate::components::icon::{Icon, IconKind};
use crate::i18n::{td_string, use_i18n};

#[component]
pub fn ComingSoon(
    /// One sentence on what the page will hold.
    #[prop(into)]
    intro: Signal<String>,
    /// The page's icon.
    icon: IconKind,
    /// The page title.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{children()}</h1>
            <div class="card coming-soon">
                <Icon kind=icon />
                <p class="badge">{move || td_string!(i18n.get_locale(), app.coming_soon)}</p>
                <p>{intro}</p>
            </div>
        </section>
    }
}
