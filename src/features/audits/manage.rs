//! Managers: this month's progress against its target (and setting the target),
//! assigning audits, the open plan and the results to publish.

use bellhop_api::audit_wire::{AuditCreate, AuditListFilter, AuditListQuery, AuditTargetSet};
use bellhop_api::Page;
use leptos::prelude::*;
use uuid::Uuid;

use super::list::AuditList;
use super::queue::{load_templates, TemplatePicker};
use crate::api::new_id;
use crate::components::field::{field_error, show_refusal, Form, TextField};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::audits::api;
use crate::features::shell::api as shell_api;
use crate::i18n::{month_label, tr, trf, use_i18n};
use crate::live::use_live;
use bellhop_api::FieldReason;

/// This month as `YYYY-MM`, by the hotel's calendar.
pub fn this_month() -> String {
    crate::clock::now().month()
}

#[component]
pub fn Manage() -> impl IntoView {
    let i18n = use_i18n();
    // Bumped after an assignment and on every live audit change (an auditor started or
    // submitted one, a corrective task moved), so the lists and the progress show it.
    let refresh = RwSignal::new(0u32);
    use_live().on_audit_change(move |_| refresh.update(|r| *r += 1));
    view! {
        <Progress refresh=refresh />
        <Assign on_assigned=Callback::new(move |()| refresh.update(|r| *r += 1)) />
        <section class="card">
            <h2>{tr!(i18n, audits.results_month)}</h2>
            <AuditList
                query=AuditListQuery {
                    filter: AuditListFilter::Done,
                    month: Some(this_month()),
                    limit: Some(Page::<()>::MAX_LIMIT),
                    offset: None,
                }
                empty=tr!(i18n, audits.none_done)
                publish=true
                newest_first=true
                refresh=refresh
            />
        </section>
        <section class="card">
            <h2>{tr!(i18n, audits.planned)}</h2>
            <AuditList
                query=AuditListQuery {
                    filter: AuditListFilter::Open,
                    limit: Some(Page::<()>::MAX_LIMIT),
                    ..AuditListQuery::default()
                }
                empty=tr!(i18n, audits.none_open)
                refresh=refresh
            />
        </section>
    }
}

#[component]
fn Progress(
    /// Reload when this changes.
    #[prop(into)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let month = this_month();
    let m = month.clone();
    let plan = Data::new(move || {
        refresh.track();
        let m = m.clone();
        async move { api::audit_plan(&m).await }
    });
    let target = RwSignal::new(String::new());
    // The field starts at the month's current target.
    Effect::new(move |_| {
        if let Some(Ok(p)) = plan.get() {
            if target.with_untracked(String::is_empty) {
                target.set(p.target.to_string());
            }
        }
    });
    let fields = RwSignal::new(Default::default());
    let m = month.clone();
    let save = Call::new(move || {
        let value = target.get_untracked().trim().parse::<u32>();
        if value.is_err() {
            fields.set([("target".to_owned(), FieldReason::OutOfRange)].into_iter().collect());
        }
        let m = m.clone();
        async move {
            let Ok(value) = value else {
                return Ok(());
            };
            let p = api::set_audit_target(&m, &AuditTargetSet { target: value })
                .await
                .map_err(|err| show_refusal(err, fields))?;
            plan.set(p);
            fields.set(Default::default());
            Ok(())
        }
    });
    let body = move || {
        plan.get().and_then(Result::ok).map(|p| {
            let width = format!("width: {}%", (p.done * 100 / p.target.max(1)).min(100));
            let (done, goal, assigned, open) = (p.done, p.target, p.assigned, p.in_progress);
            view! {
                <p class="lead" data-testid="audit-progress">{trf!(i18n, audits.done_of_target, done = done, target = goal)}</p>
                <span class="meter meter-wide" aria-hidden="true"><span style=width></span></span>
                <p class="hint">{trf!(i18n, audits.plan_detail, planned = assigned, open = open)}</p>
            }
        })
    };
    let title = move || month_label(i18n.get_locale(), &month);
    view! {
        <section class="card">
            <h2>{title}</h2>
            <Loaded phase=phase_of(plan) retry=move |()| plan.refetch()>
                {body}
            </Loaded>
            <Form class="inline-form" on_submit=move |()| save.start()>
                <TextField
                    label=tr!(i18n, audits.target)
                    value=target
                    on_input=Callback::new(move |v| target.set(v))
                    error=field_error(fields, "target")
                    inputmode="numeric"
                    name="target"
                />
                <button type="submit" class="btn btn-secondary" disabled=save.pending()>
                    {tr!(i18n, audits.set_target)}
                </button>
            </Form>
            <ErrorNotice error=save.error />
        </section>
    }
}

#[component]
fn Assign(
    /// An audit was planned.
    on_assigned: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let templates = load_templates();
    let template = RwSignal::new(None::<Uuid>);
    let auditors = Data::new(api::auditors);
    let auditor = RwSignal::new(None::<Uuid>);
    let due = RwSignal::new(String::new());
    let staff_id = RwSignal::new(None::<Uuid>);
    let area = RwSignal::new(String::new());
    let id = RwSignal::new(new_id());
    let done = RwSignal::new(false);
    let fields = RwSignal::new(Default::default());

    // The people of the template's department, to audit one of them.
    let department = Memo::new(move |_| {
        let t = template.get()?;
        templates.with(|ts| {
            ts.as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|ts| ts.iter().find(|x| x.id == t).map(|x| x.department_id))
        })
    });
    let people = Data::new(move || {
        let d = department.get();
        async move {
            match d {
                Some(d) => shell_api::department_staff(d).await,
                None => Ok(Vec::new()),
            }
        }
    });
    Effect::new(move |_| {
        department.track();
        staff_id.set(None);
    });

    // The request, once the form's own checks pass.
    let request = move || {
        let (Some(template_id), Some(auditor_id)) = (template.get_untracked(), auditor.get_untracked()) else {
            fields.set([("auditor_id".to_owned(), FieldReason::Required)].into_iter().collect());
            return None;
        };
        let Ok(due_on) = due.get_untracked().parse() else {
            fields.set([("due_on".to_owned(), FieldReason::Required)].into_iter().collect());
            return None;
        };
        let place = area.get_untracked();
        Some(AuditCreate {
            id: id.get_untracked(),
            template_id,
            auditor_id: Some(auditor_id),
            due_on: Some(due_on),
            subject_staff_id: staff_id.get_untracked(),
            subject_area: (!place.trim().is_empty()).then(|| place.trim().to_owned()),
        })
    };
    let submit = Call::new(move || {
        let req = request();
        async move {
            let Some(req) = req else {
                return Ok(());
            };
            api::create_audit(&req).await.map_err(|err| show_refusal(err, fields))?;
            id.set(new_id());
            area.set(String::new());
            fields.set(Default::default());
            done.set(true);
            on_assigned.try_run(());
            Ok(())
        }
    });
    let auditor_options = move || {
        auditors
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let id = p.id;
                view! { <option value=id.to_string() selected=move || auditor.get() == Some(id)>{p.display_name}</option> }
            })
            .collect_view()
    };
    let staff_options = move || {
        people.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
            let id = p.id;
            view! { <option value=id.to_string() selected=move || staff_id.get() == Some(id)>{p.display_name}</option> }
        }).collect_view()
    };
    let invalid = move |name: &'static str| field_error(fields, name);
    view! {
        <section class="card">
            <h2>{tr!(i18n, audits.assign)}</h2>
            <Form on_submit=move |()| submit.start()>
                <TemplatePicker chosen=template />
                <div class="field" class:invalid=move || invalid("auditor_id").get().is_some()>
                    <label for="f-auditor">{tr!(i18n, audits.auditor)}</label>
                    <select id="f-auditor" on:change=move |ev| auditor.set(event_target_value(&ev).parse().ok())>
                        <option value="">{tr!(i18n, audits.choose)}</option>
                        {auditor_options}
                    </select>
                    {move || {
                        auditors
                            .get()
                            .and_then(Result::err)
                            .map(|err| {
                                view! { <ErrorNotice error=Some(err) on_retry=Callback::new(move |()| auditors.refetch()) /> }
                            })
                    }}
                </div>
                <div class="field" class:invalid=move || invalid("due_on").get().is_some()>
                    <label for="f-due_on">{tr!(i18n, audits.due_on)}</label>
                    <input id="f-due_on" type="date" prop:value=due on:change=move |ev| due.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="f-subject_staff">{tr!(i18n, audits.subject_staff)}</label>
                    <select id="f-subject_staff" on:change=move |ev| staff_id.set(event_target_value(&ev).parse().ok())>
                        <option value="">{tr!(i18n, audits.nobody)}</option>
                        {staff_options}
                    </select>
                </div>
                <TextField
                    label=tr!(i18n, audits.subject_area)
                    value=area
                    on_input=Callback::new(move |v| area.set(v))
                    name="assign_area"
                />
                <ErrorNotice error=submit.error />
                <Show when=move || done.get()>
                    <p class="notice notice-success" role="status">{tr!(i18n, audits.assigned)}</p>
                </Show>
                <button type="submit" class="btn btn-primary btn-big" disabled=move || submit.pending().get() || template.get().is_none()>
                    {tr!(i18n, audits.assign)}
                </button>
            </Form>
        </section>
    }
}
