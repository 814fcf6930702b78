//! `/admin/departments` (admins): the hotel's departments, active and retired; adding
//! one (Spa, Security…), renaming, retiring and bringing one back. The four built-in
//! ones show in the screen's language whatever they are called.

use bellhop_api::people::{Department, DepartmentCreate, DepartmentUpdate};
use bellhop_api::validate::{self, FieldErrors};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::new_id;
use crate::components::button::Button;
use crate::components::field::{checked, field_error, show_refusal, Form, FormActions, TextField};
use crate::components::retired::active_then_retired;
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::admin::{api, AdminTabs};
use crate::i18n::{department_name, tr, use_i18n};
use crate::session::use_auth;

#[component]
pub fn DepartmentsPage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <Departments />
        </section>
    }
}

/// `Spa & Wellness` → `spa_wellness`: a code the person may still change.
fn code_of(name: &str) -> String {
    let mut code = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            code.push(c);
        } else if !code.ends_with('_') && !code.is_empty() {
            code.push('_');
        }
    }
    code.trim_end_matches('_').chars().take(40).collect()
}

#[component]
fn Departments() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let list = Data::new(api::departments);
    let adding = RwSignal::new(false);
    let renaming = RwSignal::new(None::<Uuid>);
    // The pickers of this screen follow the active ones.
    Effect::new(move |_| {
        if let Some(Ok(all)) = list.get() {
            auth.departments.set(all.into_iter().filter(|d| d.active).collect());
        }
    });

    let toggle = Call::each();
    let set_active = move |id: Uuid, active: bool| {
        toggle.run(async move {
            api::update_department(
                id,
                &DepartmentUpdate {
                    name: None,
                    active: Some(active),
                },
            )
            .await?;
            list.refetch();
            Ok(())
        })
    };

    let row = move |d: Department| -> AnyView {
        let id = d.id;
        let name = department_name(i18n.locale_now(), &d);
        let active = d.active;
        let stored = d.name.clone();
        view! {
            <li class="row-card" class:muted=!active data-department=d.code.clone()>
                <div class="row-main">
                    <p class="row-title">
                        {name}
                        {d.builtin.then(|| view! { <span class="pill">{tr!(i18n, departments.builtin)}</span> })}
                        {(!active).then(|| view! { <span class="pill pill-muted">{tr!(i18n, departments.retired)}</span> })}
                    </p>
                    <p class="row-detail">{d.code.clone()}</p>
                </div>
                <div class="row-actions">
                    {(!d.builtin)
                        .then(|| {
                            view! {
                                <button type="button" class="btn btn-secondary" on:click=move |_| renaming.set(Some(id))>
                                    {tr!(i18n, departments.rename)}
                                </button>
                            }
                        })}
                    <Button
                        label=if active { tr!(i18n, departments.retire) } else { tr!(i18n, departments.restore) }
                        call=toggle
                        class=if active { "btn btn-danger-outline" } else { "btn btn-secondary" }
                        on_click=Callback::new(move |()| set_active(id, !active))
                    />
                </div>
                <Show when=move || renaming.get() == Some(id)>
                    <Rename
                        id=id
                        name=stored.clone()
                        on_done=Callback::new(move |()| {
                            renaming.set(None);
                            list.refetch();
                        })
                    />
                </Show>
            </li>
        }
        .into_any()
    };

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, departments.title)}</h1>
            <button type="button" class="btn btn-primary" on:click=move |_| adding.set(true)>
                {tr!(i18n, departments.add)}
            </button>
        </div>
        <p class="hint">{tr!(i18n, departments.about)}</p>
        <Show when=move || adding.get()>
            <AddDepartment on_done=Callback::new(move |saved: bool| {
                adding.set(false);
                if saved {
                    list.refetch();
                }
            }) />
        </Show>
        <ErrorNotice error=toggle.error />
        <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
            {move || {
                list.get().and_then(Result::ok).map(|all| {
                    active_then_retired(all, |d| d.active, tr!(i18n, departments.retired_title), row)
                })
            }}
        </Loaded>
    }
}

/// A new department's name and code.
#[component]
fn AddDepartment(
    /// Called with whether one was added.
    on_done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // The code follows the name until it is typed in itself.
    let code_typed = RwSignal::new(false);
    let fields = RwSignal::new(FieldErrors::new());
    let id = new_id();
    let save = Call::new(move || {
        let req = DepartmentCreate {
            id,
            code: code.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
        };
        let body = checked(validate::department_create(&req).map(|()| req), fields);
        async move {
            let Some(req) = body else { return Ok(()) };
            api::create_department(&req)
                .await
                .map_err(|e| show_refusal(e, fields))?;
            on_done.try_run(true);
            Ok(())
        }
    });
    view! {
        <Form class="card form" on_submit=move |()| save.start()>
            <h2>{tr!(i18n, departments.add)}</h2>
            <TextField
                label=tr!(i18n, departments.name)
                name="department_name"
                value=name
                on_input=Callback::new(move |v: String| {
                    if !code_typed.get_untracked() {
                        code.set(code_of(&v));
                    }
                    name.set(v);
                })
                error=field_error(fields, "name")
                autocapitalize="words"
                autofocus=true
            />
            <TextField
                label=tr!(i18n, departments.code)
                hint=tr!(i18n, departments.code_hint)
                name="department_code"
                value=code
                on_input=Callback::new(move |v| {
                    code_typed.set(true);
                    code.set(v);
                })
                error=field_error(fields, "code")
            />
            <ErrorNotice error=save.error />
            <FormActions pending=save.pending() on_cancel=Callback::new(move |()| on_done.run(false)) />
        </Form>
    }
}

/// A department's new name, under its row.
#[component]
fn Rename(
    /// The department.
    id: Uuid,
    /// Its name now.
    name: String,
    /// Called when renamed or given up.
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(name);
    let fields = RwSignal::new(FieldErrors::new());
    let save = Call::new(move || {
        let req = DepartmentUpdate {
            name: Some(name.get_untracked().trim().to_owned()),
            active: None,
        };
        let body = checked(validate::department_update(&req).map(|()| req), fields);
        async move {
            let Some(req) = body else { return Ok(()) };
            api::update_department(id, &req)
                .await
                .map_err(|e| show_refusal(e, fields))?;
            on_done.try_run(());
            Ok(())
        }
    });
    view! {
        <Form class="inline-form" on_submit=move |()| save.start()>
            <TextField
                label=tr!(i18n, departments.new_name)
                name="department_rename"
                value=name
                on_input=Callback::new(move |v| name.set(v))
                error=field_error(fields, "name")
                autofocus=true
                select_on_focus=true
            />
            <ErrorNotice error=save.error />
            <FormActions pending=save.pending() on_cancel=on_done />
        </Form>
    }
}
