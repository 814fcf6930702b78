//! Staff and supervisors: published audits of their service — score, sections, what
//! failed and the notes — without who audited.

use bellhop_api::audit_wire::{AuditFeedback, FeedbackItem};
use bellhop_api::Page;
use leptos::prelude::*;

use super::{percent, subject_of, PassPill, SectionScores};
use crate::api::{loader, ApiError};
use crate::components::status::{ErrorNotice, Loading};
use crate::features::audits::api;
use crate::i18n::{short_time, tr, use_i18n};
use crate::live::use_live;

#[component]
pub fn Feedback() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(None::<Result<Page<AuditFeedback>, ApiError>>);
    let reload = loader(list, api::audit_feedback);
    reload();
    use_live().on_audit_change(move |_| reload());
    let body = move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(err)) => {
            view! { <ErrorNotice error=Some(err) on_retry=Callback::new(move |()| reload()) /> }.into_any()
        }
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="empty">{tr!(i18n, audits.no_feedback)}</p> }.into_any()
        }
        Some(Ok(page)) => page
            .items
            .into_iter()
            .map(|f| view! { <FeedbackCard feedback=f /> })
            .collect_view()
            .into_any(),
    };
    view! {
        <h2>{tr!(i18n, audits.feedback_title)}</h2>
        {body}
    }
}

#[component]
fn FeedbackCard(
    /// One published audit.
    feedback: AuditFeedback,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = feedback;
    let about = subject_of(&f.subject_staff_name, &f.subject_area);
    view! {
        <article class="card feedback">
            <h3>{f.template_name.clone()}</h3>
            <p class="hint">{about} " · " {short_time(f.published_at)}</p>
            <p class="score-big">{percent(f.score)}</p>
            <PassPill passed=f.passed />
            <SectionScores sections=f.sections />
            <FeedbackItems title=tr!(i18n, audits.failed_items) items=f.failed_items />
            <FeedbackItems title=tr!(i18n, audits.notes) items=f.notes />
        </article>
    }
}

/// A titled list of items with their notes; nothing when empty.
#[component]
fn FeedbackItems(
    /// The heading.
    #[prop(into)]
    title: Signal<String>,
    /// The items.
    items: Vec<FeedbackItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    (!items.is_empty()).then(|| {
        let rows = items
            .into_iter()
            .map(|i| {
                view! {
                    <li>
                        {i.text}
                        " "
                        {i.critical.then(|| view! { <span class="pill pill-urgent">{tr!(i18n, audits.critical)}</span> })}
                        {(!i.note.is_empty()).then(|| view! { <p class="hint">{i.note}</p> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <h4>{title}</h4>
            <ul class="failed-items">{rows}</ul>
        }
    })
}
