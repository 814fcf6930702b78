//! A submitted audit: score, pass or fail, section scores and the failed items with
//! their corrective tasks. Managers raise a task from a failed item and publish the
//! result to the audited staff.

use bellhop_api::audit_wire::{Audit, AuditStatus, CorrectiveActionCreate};
use bellhop_api::people::Role;
use leptos::prelude::*;

use super::{percent, status_name, subject, PassPill, SectionScores};
use crate::api::ApiError;
use crate::components::button::Button;
use crate::components::status::ErrorNotice;
use crate::data::{Call, Data};
use crate::features::audits::api;
use crate::i18n::{status_name as task_status_name, tr, use_i18n};
use crate::paths::Screen;
use crate::session::use_role;
use leptos_router::components::A;

#[component]
pub fn Outcome(
    /// The audit shown; managers' changes replace it.
    audit: Data<Audit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = use_role();
    // Raising a task and publishing: one change at a time, each replacing the audit.
    let change = Call::each();
    let apply = move |call: std::pin::Pin<Box<dyn std::future::Future<Output = Result<Audit, ApiError>>>>| {
        change.run(async move {
            audit.set(call.await?);
            Ok(())
        });
    };
    move || {
        let Some(Ok(a)) = audit.get() else {
            return ().into_any();
        };
        let manager = role.get().is_some_and(Role::manages_property);
        let id = a.summary.id;
        let result = a.result.clone();
        let score = result.as_ref().and_then(|r| r.score);
        let passed = result.as_ref().is_some_and(|r| r.passed);
        let locale = i18n.get_locale();
        let failed = result
            .as_ref()
            .map(|r| r.failed_items.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|key| {
                let item = a.sections.iter().flat_map(|s| &s.items).find(|i| i.key == key).cloned();
                let note = a.answers.iter().find(|s| s.item_key == key).map(|s| s.note.clone()).unwrap_or_default();
                let action = a.actions.iter().find(|c| c.item_key == key).cloned();
                let follow_up = match action {
                    Some(c) => view! {
                        <A href=Screen::Task(c.task_id) attr:class="task-link">
                            {c.title.clone()}
                            " "
                            <span class="pill" data-status=c.status.as_str()>{task_status_name(locale, c.status)}</span>
                        </A>
                    }
                    .into_any(),
                    None if manager => {
                        let item_key = key.clone();
                        let on_click = move |()| {
                            let req = CorrectiveActionCreate {
                                item_key: item_key.clone(),
                                due_on: None,
                            };
                            apply(Box::pin(async move { api::raise_action(id, &req).await }));
                        };
                        view! { <Button label=tr!(i18n, audits.raise_task) call=change on_click=on_click /> }.into_any()
                    }
                    None => ().into_any(),
                };
                let critical = item.as_ref().is_some_and(|i| i.critical);
                view! {
                    <li class="failed-item" data-key=key.clone()>
                        <p>
                            {item.map(|i| i.text).unwrap_or_else(|| key.clone())}
                            " "
                            {critical.then(|| view! { <span class="pill pill-urgent">{tr!(i18n, audits.critical)}</span> })}
                        </p>
                        {(!note.is_empty()).then(|| view! { <p class="hint">{note}</p> })}
                        {follow_up}
                    </li>
                }
            })
            .collect_view();
        let publish = (manager && a.summary.status == AuditStatus::Submitted).then(|| {
            view! {
                <Button
                    label=tr!(i18n, audits.publish)
                    call=change
                    class="btn btn-primary btn-big"
                    on_click=move |()| apply(Box::pin(async move { api::publish_audit(id).await }))
                />
            }
        });
        view! {
            <h1>{a.summary.template_name.clone()}</h1>
            <p class="lead">{subject(&a.summary)}</p>
            <div class="card audit-result">
                <p class="score-big" data-testid="audit-score">{percent(score)}</p>
                <PassPill passed=passed />
                " "
                <span class="pill pill-muted">{status_name(locale, a.summary.status)}</span>
                {result
                    .as_ref()
                    .filter(|r| r.critical_failed)
                    .map(|_| view! { <p class="notice notice-error">{tr!(i18n, audits.critical_failed)}</p> })}
                <SectionScores sections=result.map(|r| r.sections).unwrap_or_default() />
            </div>
            <section class="card">
                <h2>{tr!(i18n, audits.failed_items)}</h2>
                <ul class="failed-items">{failed}</ul>
            </section>
            <ErrorNotice error=change.error />
            {publish}
        }
        .into_any()
    }
}
