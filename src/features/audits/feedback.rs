//! Staff and supervisors: published audits of their service — score, sections, what
//! failed and the notes — without who audited.

use bellhop_api::audit_wire::{AuditFeedback, FeedbackItem};
use leptos::prelude::*;

use super::{percent, subject_of, PassPill, SectionScores};
use crate::components::status::{phase_of, Loaded};
use crate::data::Data;
use crate::features::audits::api;
use crate::i18n::{short_time, tr, use_i18n};
use crate::live::use_live;

#[component]
pub fn Feedback() -> impl IntoView {
    let i18n = use_i18n();
    let list = Data::new(api::audit_feedback);
    use_live().on_audit_change(move |_| list.refetch());
    let cards = move || {
        list.get().and_then(Result::ok).map(|page| {
            if page.items.is_empty() {
                return view! { <p class="empty">{tr!(i18n, audits.no_feedback)}</p> }.into_any();
            }
            page.items
                .into_iter()
                .map(|f| view! { <FeedbackCard feedback=f /> })
                .collect_view()
                .into_any()
        })
    };
    view! {
        <h2>{tr!(i18n, audits.feedback_title)}</h2>
        <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
            {cards}
        </Loaded>
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
