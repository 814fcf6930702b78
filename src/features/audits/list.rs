//! A list of audits as lines: template, who or what is audited, due date, status,
//! and once submitted the score with pass or fail. Managers publish from here.

use bellhop_api::audit_wire::{AuditStatus, AuditSummary};
use bellhop_api::Page;
use leptos::prelude::*;

use super::{percent, status_name, subject, PassPill};
use crate::api::{loader, spawn_pending, ApiError};
use crate::components::button::Button;
use crate::components::status::{ErrorNotice, Loading};
use crate::features::audits::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::paths::Screen;
use leptos_router::components::A;

#[component]
pub fn AuditList(
    /// The query of `GET /audits`, from `api::query`.
    query: String,
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
    let list = RwSignal::new(None::<Result<Page<AuditSummary>, ApiError>>);
    let reload = loader(list, move || {
        let q = query.clone();
        async move { api::audits(&q).await }
    });
    Effect::new(move |_| {
        refresh.track();
        reload();
    });
    move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(err)) => {
            view! { <ErrorNotice error=Some(err) on_retry=Callback::new(move |()| reload()) /> }.into_any()
        }
        Some(Ok(page)) if page.items.is_empty() => view! { <p class="empty">{empty}</p> }.into_any(),
        Some(Ok(mut page)) => {
            if newest_first {
                page.items.reverse();
            }
            let lines = page
                .items
                .into_iter()
                .map(|a| view! { <AuditLine audit=a publish=publish on_change=Callback::new(move |()| reload()) /> })
                .collect_view();
            view! { <ul class="audit-list">{lines}</ul> }.into_any()
        }
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
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
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
        let on_click = Callback::new(move |()| {
            spawn_pending(pending, async move {
                match api::publish_audit(id).await {
                    Ok(_) => on_change.run(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        });
        view! { <Button label=tr!(i18n, audits.publish) pending=pending on_click=on_click /> }
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
            <ErrorNotice error=error />
        </li>
    }
}
