//! `/audits/templates/new` and `/audits/templates/:id` (managers): an audit form's name,
//! area, department and pass mark, and its sections of items, each added, removed and
//! moved here. Every save of an edit is a new version: audits already made keep the
//! version they were filled against, and the screen says so before saving.

mod draft;
mod fields;
mod item;
mod section;

use bellhop_api::audit_wire::{AuditTemplate, AuditTemplateCreate, AuditTemplateUpdate};
use bellhop_api::validate::FieldErrors;
use bellhop_api::{ErrorBody, ErrorCode};
use leptos::prelude::*;
use uuid::Uuid;

use self::draft::Draft;
pub use self::fields::reasons as template_reasons;
use self::fields::{reason_text, Input};
use self::section::SectionEditor;
use super::templates::TemplatesLink;
use crate::api::{new_id, ApiError};
use crate::components::field::{show_refusal, DepartmentField, FieldError, Form};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::audits::api;
use crate::i18n::{short_time, tr, trf, use_i18n};
use crate::paths::{in_place, Screen};
use leptos_router::hooks::use_navigate;

#[component]
pub fn TemplateEditorPage(
    /// The template's id from the path; `None` for a new one.
    id: Option<Uuid>,
) -> impl IntoView {
    view! {
        <section class="page tpl-page">
            <TemplatesLink />
            {match id {
                None => view! { <Editor template=None /> }.into_any(),
                Some(id) => view! { <LoadedEditor id=id /> }.into_any(),
            }}
        </section>
    }
}

/// The editor once the template's latest version has arrived.
#[component]
fn LoadedEditor(id: Uuid) -> impl IntoView {
    let loaded = Data::new(move || api::audit_template(id));
    view! {
        <Loaded phase=phase_of(loaded) retry=move |()| loaded.refetch()>
            {move || {
                let template = loaded.get_untracked().and_then(Result::ok);
                view! { <Editor template=template /> }
            }}
        </Loaded>
    }
}

/// What the app's own check found, shown like the server's refusal.
fn refusal(fields: FieldErrors) -> ApiError {
    ApiError::Api {
        body: ErrorBody {
            fields,
            ..ErrorBody::new(ErrorCode::Invalid, "some fields are invalid")
        },
        retry_after: None,
    }
}

/// Brings the first field with a problem into view.
fn show_first_problem() {
    request_animation_frame(|| {
        if let Ok(Some(el)) = document().query_selector(".tpl-page .field.invalid, .tpl-page .field-error") {
            el.scroll_into_view();
        }
    });
}

#[component]
fn Editor(
    /// The latest version, or `None` for a new form.
    template: Option<AuditTemplate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let draft = Draft::new(template.as_ref());
    // The server's latest version: saves go to it, and its number and use are shown.
    let current = RwSignal::new(template);
    // One id for this new form, so a retried save does not make two.
    let new_id = StoredValue::new(new_id());
    let saved = RwSignal::new(None::<u32>);

    let save = Call::new(move || {
        saved.set(None);
        let req = draft.to_update();
        if req.is_ok() {
            draft.fields.set(FieldErrors::new());
        }
        let existing = current.get_untracked().map(|t| t.id);
        let navigate = navigate.clone();
        async move {
            let answer = match req {
                Ok(req) => match existing {
                    Some(id) => api::update_audit_template(id, &req).await,
                    None => api::create_audit_template(&create(new_id.get_value(), req)).await,
                },
                Err(fields) => Err(refusal(fields)),
            };
            match answer {
                // A new form continues at its own address, as it will be found again.
                Ok(t) if existing.is_none() => navigate(&Screen::AuditTemplate(t.id).href(), in_place()),
                Ok(t) => {
                    saved.set(Some(t.version));
                    current.set(Some(t));
                }
                Err(err) => {
                    let err = show_refusal(err, draft.fields);
                    show_first_problem();
                    return Err(err);
                }
            }
            Ok(())
        }
    });
    let pending = save.pending();

    let title = move || {
        if current.with(Option::is_some) {
            tr!(i18n, audits.tpl_edit_title).get()
        } else {
            tr!(i18n, audits.tpl_new_title).get()
        }
    };
    view! {
        <h1>{title}</h1>
        <VersionNote current=current />
        <Form class="tpl-form" on_submit=move |()| save.start()>
            <Head draft=draft />
            <For
                each=move || draft.sections.get()
                key=|s| s.uid
                children=move |s| view! { <SectionEditor draft=draft section=s /> }
            />
            <button type="button" class="btn btn-secondary btn-big" data-testid="add-section" on:click=move |_| draft.add_section()>
                {tr!(i18n, audits.tpl_add_section)}
            </button>
            <FieldError error=draft.error(|| "sections".into()) id="f-sections-err".to_owned() text=reason_text />
            <ErrorNotice error=save.error />
            {move || {
                saved
                    .get()
                    .map(|version| {
                        view! {
                            <div class="notice notice-success" role="status">
                                <p>{trf!(i18n, audits.tpl_saved, version = version)}</p>
                            </div>
                        }
                    })
            }}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-big" data-testid="save-template" disabled=pending>
                    {move || if pending.get() { tr!(i18n, audits.saving).get() } else { tr!(i18n, audits.tpl_save).get() }}
                </button>
            </div>
        </Form>
    }
}

fn create(id: Uuid, req: AuditTemplateUpdate) -> AuditTemplateCreate {
    AuditTemplateCreate {
        id,
        name: req.name,
        area: req.area,
        department_id: req.department_id,
        pass_mark: req.pass_mark,
        sections: req.sections,
    }
}

/// Which version this is, and what saving an edit does to the audits made on it.
#[component]
fn VersionNote(current: RwSignal<Option<AuditTemplate>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        current.get().map(|t| {
            let (version, used, next) = (t.version, t.used_by, t.latest_version + 1);
            let time = short_time(t.updated_at);
            let effect = if used > 0 {
                trf!(i18n, audits.tpl_used_note, count = used, version = version, next = next)
            } else {
                trf!(i18n, audits.tpl_unused_note, next = next)
            };
            view! {
                <p class="lead" data-testid="template-version">{trf!(i18n, audits.tpl_version_line, version = version, time = time)}</p>
                <div class="notice notice-info" role="note" data-testid="version-note">
                    <p>{effect}</p>
                </div>
            }
        })
    }
}

/// Name, area, department and pass mark.
#[component]
fn Head(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    // The areas already in use, so reports group one area under one name.
    let templates = super::queue::load_templates();
    let areas = move || {
        let mut areas: Vec<String> = templates
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.area)
            .collect();
        areas.sort();
        areas.dedup();
        areas
            .into_iter()
            .map(|a| view! { <option value=a></option> })
            .collect_view()
    };
    let error = |path: &'static str| draft.error(move || path.to_owned());
    view! {
        <section class="card tpl-head-card">
            <Input label=tr!(i18n, audits.tpl_name) name="name" uid=0 value=draft.name error=error("name") />
            <div class="field-row">
                <Input label=tr!(i18n, audits.tpl_area) name="area" uid=0 value=draft.area error=error("area") list="tpl-areas" />
                <datalist id="tpl-areas">{areas}</datalist>
                <div>
                    <DepartmentField label=tr!(i18n, audits.tpl_department) none="—" id="f-department-0" value=draft.department on_change=draft.department />
                    <FieldError error=error("department_id") id="f-department-0-err".to_owned() text=reason_text />
                </div>
            </div>
            <Input label=tr!(i18n, audits.tpl_pass_mark) name="pass_mark" uid=0 value=draft.pass_mark inputmode="decimal" error=error("pass_mark") />
        </section>
    }
}
