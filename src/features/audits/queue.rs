//! The auditor's screen: their open audits, soonest due first, and an unplanned
//! audit started on the spot from a template.

use bellhop_api::audit_wire::{AuditCreate, AuditListFilter, AuditListQuery, AuditTemplateSummary};
use leptos::prelude::*;
use uuid::Uuid;

use super::list::AuditList;
use crate::api::new_id;
use crate::components::field::TextField;
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
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
                query=AuditListQuery {
                    filter: AuditListFilter::Open,
                    ..AuditListQuery::default()
                }
                empty=tr!(i18n, audits.none_open)
                refresh=refresh
            />
        </section>
        <StartAudit />
    }
}

/// The active templates, for a picker.
pub fn load_templates() -> Data<Vec<AuditTemplateSummary>> {
    Data::new(api::audit_templates)
}

/// The template buttons; `chosen` holds the one picked.
#[component]
pub fn TemplatePicker(
    /// The picked template.
    chosen: RwSignal<Option<Uuid>>,
) -> impl IntoView {
    let templates = load_templates();
    let buttons = move || {
        templates.get().and_then(Result::ok).map(|list| {
            list.into_iter()
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
        })
    };
    view! {
        <Loaded phase=phase_of(templates) retry=move |()| templates.refetch()>
            <div class="choice-grid">{buttons}</div>
        </Loaded>
    }
}

#[component]
fn StartAudit() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let chosen = RwSignal::new(None::<Uuid>);
    let area = RwSignal::new(String::new());
    // One id per audit being started, so a retried tap does not start two.
    let id = RwSignal::new(new_id());
    let start = Call::new(move || {
        let area = area.get_untracked();
        let req = chosen.get_untracked().map(|template_id| AuditCreate {
            id: id.get_untracked(),
            template_id,
            auditor_id: None,
            due_on: None,
            subject_staff_id: None,
            subject_area: (!area.trim().is_empty()).then(|| area.trim().to_owned()),
        });
        let navigate = navigate.clone();
        async move {
            let Some(req) = req else {
                return Ok(());
            };
            let a = api::create_audit(&req).await?;
            id.set(new_id());
            navigate(&Screen::Audit(a.summary.id).href(), Default::default());
            Ok(())
        }
    });
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
            <ErrorNotice error=start.error />
            <button
                type="button"
                class="btn btn-primary btn-big"
                disabled=move || start.pending().get() || chosen.get().is_none()
                on:click=move |_| start.start()
            >
                {tr!(i18n, audits.start)}
            </button>
        </section>
    }
}
