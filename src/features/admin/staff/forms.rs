//! The staff page's forms: a new account or an edit, and a new PIN or password.
//! They check with `bellhop_api::validate` before sending and show the server's
//! field errors when it still refuses.

use bellhop_api::people::{Language, Role, SecretReset, StaffCreate, StaffMember, StaffUpdate};
use bellhop_api::validate::{self, FieldErrors};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::new_id;
use crate::components::field::{field_error as field, show_refusal, DepartmentOptions, Form, FormActions, TextField};
use crate::components::status::ErrorNotice;
use crate::data::Call;
use crate::features::admin::api;
use crate::i18n::{role_name, tr, trf, use_i18n};

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// What a form saved, for the confirmation line above the list.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Created(String),
    Updated,
    Secret(String),
}

/// Adds an account (`member` is `None`) or edits one.
#[component]
pub fn StaffForm(
    /// The account to edit, or `None` for a new one.
    member: Option<StaffMember>,
    /// Called once saved.
    #[prop(into)]
    on_saved: Callback<Saved>,
    /// Called when the person gives up.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = member.as_ref().map(|m| (m.id, m.display_name.clone()));
    let employee_no = RwSignal::new(member.as_ref().map(|m| m.employee_no.clone()).unwrap_or_default());
    let display_name = RwSignal::new(member.as_ref().map(|m| m.display_name.clone()).unwrap_or_default());
    let department = RwSignal::new(member.as_ref().and_then(|m| m.department_id));
    let role = RwSignal::new(member.as_ref().map_or(Role::Staff, |m| m.role));
    let language = RwSignal::new(member.as_ref().map_or(Language::default(), |m| m.language));
    let pin = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let fields = RwSignal::new(FieldErrors::new());
    // One id per form, so a retried submission is recognised by the server.
    let new_id = new_id();

    let editing_for_save = editing.clone();
    let save = Call::new(move || {
        let name = display_name.get_untracked().trim().to_owned();
        let edit = editing_for_save.clone();
        async move {
            let result = match edit {
                Some((id, _)) => {
                    let req = StaffUpdate {
                        display_name: Some(name.clone()),
                        department_id: Some(department.get_untracked()),
                        role: Some(role.get_untracked()),
                        language: Some(language.get_untracked()),
                        active: None,
                        hired_on: None,
                    };
                    if let Err(errs) = validate::staff_update(&req) {
                        fields.set(errs);
                        return Ok(());
                    }
                    api::update_staff(id, &req).await.map(|_| Saved::Updated)
                }
                None => {
                    let req = StaffCreate {
                        id: new_id,
                        employee_no: employee_no.get_untracked().trim().to_owned(),
                        display_name: name.clone(),
                        department_id: department.get_untracked(),
                        role: role.get_untracked(),
                        language: language.get_untracked(),
                        pin: non_empty(pin.get_untracked()),
                        password: non_empty(password.get_untracked()),
                        hired_on: None,
                    };
                    if let Err(errs) = validate::staff_create(&req) {
                        fields.set(errs);
                        return Ok(());
                    }
                    api::create_staff(&req).await.map(|m| Saved::Created(m.display_name))
                }
            };
            let msg = result.map_err(|err| show_refusal(err, fields))?;
            // `try_run`: the page may be gone by the time the answer arrives.
            on_saved.try_run(msg);
            Ok(())
        }
    });

    let title = match editing.clone() {
        Some((_, name)) => trf!(i18n, staff.edit_title, name = name).into_any(),
        None => tr!(i18n, staff.new_title).into_any(),
    };
    let is_new = editing.is_none();

    let role_options = move || {
        let locale = i18n.get_locale();
        Role::ALL
            .into_iter()
            .map(
                |r| view! { <option value=r.as_str() selected=move || role.get() == r>{role_name(locale, r)}</option> },
            )
            .collect_view()
    };
    let language_options = Language::ALL
        .into_iter()
        .map(|l| view! { <option value=l.tag() selected=move || language.get() == l>{l.native_name()}</option> })
        .collect_view();

    view! {
        <Form class="card form" on_submit=Callback::new(move |()| {
                fields.set(FieldErrors::new());
                save.start();
            })>
            <h2>{title}</h2>
            <TextField
                label=tr!(i18n, staff.employee_no)
                name="employee_no"
                value=employee_no
                on_input=Callback::new(move |v| employee_no.set(v))
                error=field(fields, "employee_no")
                autocapitalize="characters"
                readonly=!is_new
                autofocus=is_new
            />
            <TextField
                label=tr!(i18n, staff.display_name)
                name="display_name"
                value=display_name
                on_input=Callback::new(move |v| display_name.set(v))
                error=field(fields, "display_name")
                autocapitalize="words"
            />
            <div class="field">
                <label for="f-department">{tr!(i18n, staff.department)}</label>
                <select
                    id="f-department"
                    name="department"
                    on:change=move |ev| department.set(event_target_value(&ev).parse::<Uuid>().ok())
                >
                    <option value="" selected=move || department.get().is_none()>
                        {tr!(i18n, staff.no_department)}
                    </option>
                    <DepartmentOptions selected=department />
                </select>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="f-role">{tr!(i18n, staff.role)}</label>
                    <select
                        id="f-role"
                        name="role"
                        on:change=move |ev| {
                            if let Some(r) = Role::parse(&event_target_value(&ev)) {
                                role.set(r);
                            }
                        }
                    >
                        {role_options}
                    </select>
                </div>
                <div class="field">
                    <label for="f-language">{tr!(i18n, staff.language)}</label>
                    <select
                        id="f-language"
                        name="language"
                        on:change=move |ev| {
                            if let Some(l) = Language::parse(&event_target_value(&ev)) {
                                language.set(l);
                            }
                        }
                    >
                        {language_options}
                    </select>
                </div>
            </div>
            {is_new
                .then(|| {
                    view! {
                        <p class="hint">{tr!(i18n, staff.secret_hint)}</p>
                        <SecretFields
                            pin=pin
                            password=password
                            fields=fields
                            names=("pin", "password")
                            labels=(tr!(i18n, staff.initial_pin), tr!(i18n, staff.initial_password))
                        />
                    }
                })}
            <ErrorNotice error=save.error />
            <FormActions pending=save.pending() on_cancel=on_cancel />
        </Form>
    }
}

/// Sets a new PIN, password or both for someone who forgot theirs.
#[component]
pub fn SecretForm(
    /// Whose secret to reset.
    member: StaffMember,
    /// Called once saved.
    #[prop(into)]
    on_saved: Callback<Saved>,
    /// Called when the person gives up.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pin = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let fields = RwSignal::new(FieldErrors::new());
    let id = member.id;
    let name = member.display_name.clone();

    let save = Call::new(move || {
        let req = SecretReset {
            pin: non_empty(pin.get_untracked()),
            password: non_empty(password.get_untracked()),
        };
        let checked = validate::secret_reset(&req);
        if let Err(errs) = &checked {
            fields.set(errs.clone());
        }
        async move {
            if checked.is_err() {
                return Ok(());
            }
            let m = api::reset_secret(id, &req)
                .await
                .map_err(|err| show_refusal(err, fields))?;
            pin.set(String::new());
            password.set(String::new());
            on_saved.try_run(Saved::Secret(m.display_name));
            Ok(())
        }
    });

    view! {
        <Form class="card form" on_submit=Callback::new(move |()| {
                fields.set(FieldErrors::new());
                save.start();
            })>
            <h2>{trf!(i18n, staff.reset_title, name = name)}</h2>
            <SecretFields
                pin=pin
                password=password
                fields=fields
                names=("new_pin", "new_password")
                labels=(tr!(i18n, staff.new_pin), tr!(i18n, staff.new_password))
                autofocus=true
            />
            <ErrorNotice error=save.error />
            <FormActions pending=save.pending() on_cancel=on_cancel />
        </Form>
    }
}

/// A PIN and a password side by side, both optional (the server wants at least one).
#[component]
fn SecretFields(
    /// The PIN typed.
    pin: RwSignal<String>,
    /// The password typed.
    password: RwSignal<String>,
    /// Field errors, read at `pin` and `password`.
    fields: RwSignal<FieldErrors>,
    /// The inputs' names (PIN, password).
    names: (&'static str, &'static str),
    /// The labels (PIN, password).
    labels: (Signal<String>, Signal<String>),
    /// Focus the PIN when the form opens.
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <TextField
                label=labels.0
                name=names.0
                kind="password"
                inputmode="numeric"
                autocomplete="new-password"
                value=pin
                on_input=Callback::new(move |v| pin.set(v))
                error=field(fields, "pin")
                autofocus=autofocus
            />
            <TextField
                label=labels.1
                name=names.1
                kind="password"
                autocomplete="new-password"
                value=password
                on_input=Callback::new(move |v| password.set(v))
                error=field(fields, "password")
            />
        </div>
    }
}
