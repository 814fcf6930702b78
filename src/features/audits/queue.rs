//! The auditor's screen: their open audits, soonest due first, and an unplanned
//! audit started on the spot from a template.

use bellhop_api::audit_wire::{AuditCreate, AuditTemplateSummary};
use leptos::prelude::*;
use uuid::Uuid;

use super::list::AuditList;
use crate::api::{loader, new_id, query, spawn_pending, ApiError};
use crate::components::field::TextField;
use crate::components::status::{ErrorNotice, Loading};
use crate::features::audits::api;
use crate::i18n::{tr, use_i18n};
use crate::live::use_live;
use crate::paths::Screen;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Queue() -> impl IntoView {
    let i18n = use_i18n();
    // A manager assigning an audit shows up here without a reload.
    let refresh = RwSignal::new(0u32);
    use_live().on_audit_change(move |_| refresh.update(|r| *r += 1));
    view! {
        <section class="card">
            <h2>{tr!(i18n, audits.my_audits)}</h2>
            <AuditList
                query=query(&[("filter", Some("open".into()))])
                empty=tr!(i18n, audits.none_open)
                refresh=refresh
            />
        </section>
        <StartAudit />
    }
}

/// The active templates, for a picker.
pub fn load_templates() -> RwSignal<Option<Result<Vec<AuditTemplateSummary>, ApiError>>> {
    let templates = RwSignal::new(None);
    let load = loader(templates, api::audit_templates);
    load();
    templates
}

/// The template buttons; `chosen` holds the one picked.
#[component]
pub fn TemplatePicker(
    /// The picked template.
    chosen: RwSignal<Option<Uuid>>,
) -> impl IntoView {
    let templates = load_templates();
    let buttons = move || match templates.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(err)) => view! { <ErrorNotice error=Some(err) /> }.into_any(),
        Some(Ok(list)) => list
            .into_iter()
            .filter(|t| !t.archived)
            .map(|t| {
                let id = t.id;
                view! {
                    <button
                        type="button"
                        class="btn btn-choice"
                        data-template=t.name.clone()
                        aria-pressed=move || (chosen.get() == Some(id)).to_string()
                        on:click=move |_| chosen.set(Some(id))
                    >
                        {t.name.clone()}
                    </button>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! { <div class="choice-grid">{buttons}</div> }
}

#[component]
fn StartAudit() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let chosen = RwSignal::new(None::<Uuid>);
    let area = RwSignal::new(String::new());
    // One id per audit being started, so a retried tap does not start two.
    let id = RwSignal::new(new_id());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let start = move |_| {
        let Some(template_id) = chosen.get_untracked() else {
            return;
        };
        let area = area.get_untracked();
        let req = AuditCreate {
            id: id.get_untracked(),
            template_id,
            auditor_id: None,
            due_on: None,
            subject_staff_id: None,
            subject_area: (!area.trim().is_empty()).then(|| area.trim().to_owned()),
        };
        let navigate = navigate.clone();
        spawn_pending(pending, async move {
            match api::create_audit(&req).await {
                Ok(a) => {
                    id.set(new_id());
                    navigate(&Screen::Audit(a.summary.id).href(), Default::default());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{tr!(i18n, audits.start_unplanned)}</h2>
            <TemplatePicker chosen=chosen />
            <TextField
                label=tr!(i18n, audits.subject_area)
                value=area
                on_input=Callback::new(move |v| area.set(v))
                name="subject_area"
            />
            <ErrorNotice error=error />
            <button
                type="button"
                class="btn btn-primary btn-big"
                disabled=move || pending.get() || chosen.get().is_none()
                on:click=start
            >
                {tr!(i18n, audits.start)}
            </button>
        </section>
    }
}
