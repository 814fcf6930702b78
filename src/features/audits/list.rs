//! A list of audits as lines: template, who or what is audited, due date, status,
//! and once submitted the score with pass or fail. Managers publish from here.

use bellhop_api::audit_wire::{AuditListQuery, AuditStatus, AuditSummary};
use leptos::prelude::*;

use super::{percent, status_name, subject, PassPill};
use crate::components::button::Button;
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::audits::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::paths::Screen;
use leptos_router::components::A;

#[component]
pub fn AuditList(
    /// Which audits to list.
    query: AuditListQuery,
    /// Shown when the list is empty.
    #[prop(into)]
    empty: Signal<String>,
    /// Offer "Publish" on submitted audits (managers).
    #[prop(optional)]
    publish: bool,
    /// Latest due first (results), rather than soonest due first (a queue).
    #[prop(optional)]
    newest_first: bool,
    /// Bumped by the page to load the list again.
    #[prop(optional, into)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let list = Data::new(move || {
        refresh.track();
        let q = query.clone();
        async move { api::audits(&q).await }
    });
    let lines = move || {
        list.get().and_then(Result::ok).map(|mut page| {
            if page.items.is_empty() {
                return view! { <p class="empty">{empty}</p> }.into_any();
            }
            if newest_first {
                page.items.reverse();
            }
            let lines = page
                .items
                .into_iter()
                .map(|a| view! { <AuditLine audit=a publish=publish on_change=Callback::new(move |()| list.refetch()) /> })
                .collect_view();
            view! { <ul class="audit-list">{lines}</ul> }.into_any()
        })
    };
    view! {
        <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
            {lines}
        </Loaded>
    }
}

#[component]
fn AuditLine(
    /// The audit.
    audit: AuditSummary,
    /// Offer "Publish" when it is submitted.
    publish: bool,
    /// The audit changed on the server.
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = audit.id;
    let status = audit.status;
    let about = subject(&audit);
    let due = audit.due_on.map(|d| {
        let d = d.to_string();
        view! { <span>{trf!(i18n, audits.due, date = d)}</span> }
    });
    let result = audit.passed.map(|passed| {
        view! {
            <span class="score" data-testid="score">{percent(audit.score)}</span>
            " "
            <PassPill passed=passed />
        }
    });
    let publish = (publish && status == AuditStatus::Submitted).then(|| {
        let call = Call::new(move || async move {
            api::publish_audit(id).await?;
            on_change.try_run(());
            Ok(())
        });
        view! {
            <Button label=tr!(i18n, audits.publish) call=call />
            <ErrorNotice error=call.error />
        }
    });
    view! {
        <li class="card audit-line" data-id=id.to_string() data-status=status.as_str()>
            <A href=Screen::Audit(id) attr:class="audit-line-main">
                <strong>{audit.template_name.clone()}</strong>
                {(!about.is_empty()).then(|| view! { <span class="audit-subject">{about}</span> })}
                <span class="audit-meta">
                    {due}
                    " "
                    <span class="pill pill-muted">{move || status_name(i18n.get_locale(), status)}</span>
                    " "
                    {result}
                </span>
            </A>
            {publish}
        </li>
    }
}
