//! `/audits`: mystery-shopper audits, by role — the auditor's queue, managers'
//! planning and results, and for staff and supervisors the published feedback on
//! their service (never who audited). `/audits/:id` is one audit: the form while it
//! is a draft, its result once submitted. `/audits/report` is the managers' month, and
//! `/audits/templates` their audit forms with the editor.

mod answer_input;
pub mod api;
mod autosave;
mod editor;
mod feedback;
mod fill;
mod item;
mod list;
mod manage;
mod outcome;
mod photo;
mod queue;
mod report;
mod templates;

use bellhop_api::audit_wire::{Audit, AuditStatus, AuditSummary, SectionResult};
use bellhop_api::people::Role;
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::icon::{Icon, IconKind};
use crate::components::status::{phase_of, Loaded};
use crate::components::tile::tenths;
use crate::data::Data;
use crate::i18n::{td_string, tr, trf, use_i18n, Locale};
use crate::live::use_live;
use crate::paths::Screen;
use crate::session::use_auth;
use crate::session::use_role;
use leptos_router::components::A;

pub use editor::{template_reasons, TemplateEditorPage};
pub use report::AuditReportPage;
pub use templates::AuditTemplatesPage;

/// Managers (and admins) plan audits, read every result and publish them.

#[component]
pub fn AuditsPage() -> impl IntoView {
    let i18n = use_i18n();
    let role = use_role();
    let body = move || match role.get() {
        Some(Role::Auditor) => view! { <queue::Queue /> }.into_any(),
        Some(r) if r.manages_property() => view! { <manage::Manage /> }.into_any(),
        Some(_) => view! { <feedback::Feedback /> }.into_any(),
        None => ().into_any(),
    };
    view! {
        <section class="page audits-page">
            <div class="toolbar">
                <h1>{tr!(i18n, nav.audits)}</h1>
                <Show when=move || role.get().is_some_and(Role::manages_property)>
                    <div class="row-actions">
                        <A href=Screen::AuditTemplates attr:class="btn btn-secondary">
                            {tr!(i18n, audits.tpl_link)}
                        </A>
                        <A href=Screen::AuditReport attr:class="btn btn-secondary">
                            {tr!(i18n, audits.report_link)}
                        </A>
                    </div>
                </Show>
            </div>
            {body}
        </section>
    }
}

#[component]
pub fn AuditPage(
    /// The audit id from the path.
    id: Uuid,
) -> impl IntoView {
    let audit = Data::new(move || api::audit(id));
    // Submitted on another device, published, a corrective task moved: show it. The
    // form itself is not drawn again unless the status changes.
    use_live().on_audit_change(move |change| {
        if change.is_none_or(|c| c.audit_id == id) {
            audit.refetch();
        }
    });
    // Made here, not with the form: a live reload may swap the form for the result
    // while the submit's answer is still on its way.
    let on_submitted = Callback::new(move |a| audit.set(a));
    // Fill and result swap when the status changes, not on every answer.
    let draft = Memo::new(move |_| {
        audit.with(|a| match a {
            Some(Ok(a)) => Some(a.summary.status.is_draft()),
            _ => None,
        })
    });
    let body = move || match draft.get() {
        None => ().into_any(),
        Some(true) => {
            let start = audit.get_untracked().and_then(Result::ok);
            // Only its auditor fills a draft in; a manager sees how far it has come.
            let me = use_auth().session.with_untracked(|s| s.as_ref().map(|s| s.user.id));
            start
                .map(|a| {
                    if Some(a.summary.auditor_id) == me {
                        view! { <fill::Fill audit=a on_submitted=on_submitted /> }.into_any()
                    } else {
                        view! { <DraftSummary audit=a /> }.into_any()
                    }
                })
                .into_any()
        }
        Some(false) => view! { <outcome::Outcome audit=audit /> }.into_any(),
    };
    view! {
        <section class="page audit-page">
            <BackLink />
            <Loaded phase=phase_of(audit) retry=move |()| audit.refetch()>
                {body}
            </Loaded>
        </section>
    }
    .into_any()
}

/// A draft as a manager sees it: who is filling it in and how far they are.
#[component]
fn DraftSummary(
    /// The draft.
    audit: Audit,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = audit.summary.auditor_name.clone();
    let done = audit.answers.iter().filter(|a| a.answer.is_some()).count();
    let total: usize = audit.sections.iter().map(|s| s.items.len()).sum();
    view! {
        <h1>{audit.summary.template_name.clone()}</h1>
        <p class="lead">{subject(&audit.summary)}</p>
        <div class="notice notice-info" role="status">
            <p>{trf!(i18n, audits.in_progress_by, name = name, done = done, total = total)}</p>
        </div>
    }
}

#[component]
pub fn BackLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href=Screen::Audits attr:class="btn btn-link back-link">
            <Icon kind=IconKind::Back />
            {tr!(i18n, nav.audits)}
        </A>
    }
}

pub fn status_name(locale: Locale, status: AuditStatus) -> &'static str {
    match status {
        AuditStatus::Assigned => td_string!(locale, audits.status_assigned),
        AuditStatus::InProgress => td_string!(locale, audits.status_in_progress),
        AuditStatus::Submitted => td_string!(locale, audits.status_submitted),
        AuditStatus::Published => td_string!(locale, audits.status_published),
    }
}

/// `86.5%`, or `–` when nothing scored was answered.
pub fn percent(score: Option<f64>) -> String {
    score.map_or_else(|| "–".into(), |s| format!("{}%", tenths(Some(s))))
}

/// Who or what an audit is about: "Jason Lau · Lobby".
pub fn subject(a: &AuditSummary) -> String {
    subject_of(&a.subject_staff_name, &a.subject_area)
}

pub fn subject_of(staff: &Option<String>, area: &Option<String>) -> String {
    [staff.clone(), area.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "Pass" or "Fail" as a coloured pill.
#[component]
pub fn PassPill(
    /// Whether the audit passed.
    passed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let locale = i18n.get_locale();
        if passed {
            td_string!(locale, audits.pass)
        } else {
            td_string!(locale, audits.fail)
        }
    };
    view! { <span class="pill" data-result=if passed { "pass" } else { "fail" }>{text}</span> }
}

/// The score of each section, as a list with bars.
#[component]
pub fn SectionScores(
    /// Section titles (as the template wrote them) and their scores.
    sections: Vec<SectionResult>,
) -> impl IntoView {
    let rows = sections
        .into_iter()
        .map(|s| {
            let width = format!("width: {}%", s.score.unwrap_or(0.0).round() as i64);
            view! {
                <li>
                    <span class="section-title">{s.title}</span>
                    <span class="meter" aria-hidden="true"><span style=width></span></span>
                    <span class="num">{percent(s.score)}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="section-scores">{rows}</ul> }
}
