//! Labelled form fields with their error underneath, and the helpers that put a
//! server's field errors next to their fields.

use bellhop_api::validate::FieldErrors;
use bellhop_api::FieldReason;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::ApiError;
use crate::i18n::{department_name, field_text, tr, use_i18n, I18n, Locale};
use crate::session::use_auth;

/// The error of field `name` among `fields`, for a field's `error` prop.
pub fn field_error(fields: RwSignal<FieldErrors>, name: &'static str) -> Signal<Option<FieldReason>> {
    Signal::derive(move || fields.with(|f| f.get(name).copied()))
}

/// After a refusal: the server's field errors go next to their fields; the refusal
/// itself is handed back, for the call to show.
pub fn show_refusal(err: ApiError, fields: RwSignal<FieldErrors>) -> ApiError {
    if let ApiError::Api { body, .. } = &err {
        fields.try_set(body.fields.clone());
    }
    err
}

/// `value`, or "required" shown beside field `name` when there is none; the form's
/// other field errors are cleared.
pub fn required<T>(value: Option<T>, fields: RwSignal<FieldErrors>, name: &str) -> Option<T> {
    fields.set(match value {
        Some(_) => FieldErrors::new(),
        None => [(name.to_owned(), FieldReason::Required)].into_iter().collect(),
    });
    value
}

/// Before sending: the body if this screen's own check passed; otherwise its reasons
/// go next to their fields and nothing is sent.
pub fn checked<T>(local: Result<T, FieldErrors>, fields: RwSignal<FieldErrors>) -> Option<T> {
    match local {
        Ok(body) => {
            fields.set(FieldErrors::new());
            Some(body)
        }
        Err(reasons) => {
            fields.set(reasons);
            None
        }
    }
}

/// A `<form>` that never reloads the page: Enter or the submit button calls
/// `on_submit`. The app checks the fields itself (`novalidate`), in the person's
/// language.
#[component]
pub fn Form(
    /// CSS classes of the `<form>`.
    #[prop(optional)]
    class: &'static str,
    /// Called on submit.
    #[prop(into)]
    on_submit: Callback<()>,
    /// The fields and buttons.
    children: Children,
) -> impl IntoView {
    view! {
        <form
            class=class
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                on_submit.run(());
            }
        >
            {children()}
        </form>
    }
}

/// The property's departments as `<option>`s (value: the id), in the screen's
/// language, `selected` marked; `except` leaves one out.
#[component]
pub fn DepartmentOptions(
    /// The department shown as chosen.
    #[prop(into)]
    selected: Signal<Option<Uuid>>,
    /// A department not to offer (the one a task is in already).
    #[prop(optional)]
    except: Option<Uuid>,
) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        auth.departments
            .get()
            .into_iter()
            .filter(|d| Some(d.id) != except)
            .map(|d| {
                let id = d.id;
                view! {
                    <option value=id.to_string() selected=move || selected.get() == Some(id)>
                        {department_name(locale, &d)}
                    </option>
                }
            })
            .collect_view()
    }
}

/// A labelled department picker whose first choice, `none`, means no department (or
/// all of them, for a report's filter).
#[component]
pub fn DepartmentField(
    /// The label above it.
    #[prop(into)]
    label: Signal<String>,
    /// The first choice: "—", "All departments", …
    #[prop(into)]
    none: Signal<String>,
    /// The `<select>`'s id.
    #[prop(into)]
    id: String,
    /// The department chosen.
    #[prop(into)]
    value: Signal<Option<Uuid>>,
    /// Takes the department picked.
    #[prop(into)]
    on_change: SignalSetter<Option<Uuid>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| on_change.set(event_target_value(&ev).parse::<Uuid>().ok())>
                <option value="" selected=move || value.get().is_none()>{none}</option>
                <DepartmentOptions selected=value />
            </select>
        </div>
    }
}

/// The error line under a field, translated from its reason code.
#[component]
pub fn FieldError(
    /// The reason, if any.
    #[prop(into)]
    error: Signal<Option<FieldReason>>,
    /// The id the field points to with `aria-describedby`.
    id: String,
    /// The words for a reason, where a form has reasons of its own; `field_text` by default.
    #[prop(default = field_text)]
    text: fn(Locale, FieldReason) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|reason| {
            view! {
                <p class="field-error" id=id.clone()>
                    {text(i18n.get_locale(), reason)}
                </p>
            }
        })
    }
}

/// Several lines of text (details, a comment, a reason).
#[component]
pub fn TextArea(
    /// The label above the box.
    #[prop(into)]
    label: Signal<String>,
    /// The current text.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every input.
    #[prop(into)]
    on_input: Callback<String>,
    /// A reason from validation or the server.
    #[prop(optional, into)]
    error: Signal<Option<FieldReason>>,
    /// The textarea's `name`, also used for its id and by tests.
    name: &'static str,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-err");
    let described = err_id.clone();
    let has_error = move || error.with(Option::is_some);
    view! {
        <div class="field" class:invalid=has_error>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                name=name
                rows="3"
                aria-invalid=move || has_error().to_string()
                aria-describedby=move || has_error().then(|| described.clone())
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
            <FieldError error=error id=err_id />
        </div>
    }
}

#[component]
pub fn TextField(
    /// The label above the input.
    #[prop(into)]
    label: Signal<String>,
    /// The current text.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every input.
    #[prop(into)]
    on_input: Callback<String>,
    /// A reason (e.g. `pin_format`) from validation or the server.
    #[prop(optional, into)]
    error: Signal<Option<FieldReason>>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The input's `type` (`text`, `password`, …).
    #[prop(default = "text")]
    kind: &'static str,
    /// The input's `name`, also used for its id and by tests.
    name: &'static str,
    /// The `autocomplete` attribute; `off` by default on shared devices.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The `inputmode` attribute (`numeric` for PINs).
    #[prop(default = "text")]
    inputmode: &'static str,
    /// The `autocapitalize` attribute (`characters` for employee numbers).
    #[prop(default = "off")]
    autocapitalize: &'static str,
    /// Focus this field when it appears.
    #[prop(optional)]
    autofocus: bool,
    /// Shows the value without letting it be changed.
    #[prop(optional, into)]
    readonly: Signal<bool>,
    /// Selects the text on focus, so typing replaces a prefilled value.
    #[prop(optional)]
    select_on_focus: bool,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-err");
    let err_id2 = err_id.clone();
    let has_error = move || error.with(Option::is_some);
    // The `autofocus` attribute only works on page load; a field that appears later
    // (sign-in after "Switch user") is focused here, ready for the next person.
    let input_ref = NodeRef::<leptos::html::Input>::new();
    if autofocus {
        Effect::new(move |_| {
            if let Some(input) = input_ref.get() {
                let _ = input.focus();
            }
        });
    }
    view! {
        <div class="field" class:invalid=has_error>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <input
                node_ref=input_ref
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                autocapitalize=autocapitalize
                spellcheck="false"
                autofocus=autofocus
                readonly=readonly
                list=list
                aria-invalid=move || has_error().to_string()
                aria-describedby=move || has_error().then(|| err_id.clone())
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:focus=move |_| {
                    if let Some(input) = input_ref.get_untracked().filter(|_| select_on_focus) {
                        input.select();
                    }
                }
            />
            <FieldError error=error id=err_id2 />
        </div>
    }
}

/// A big checkbox with its label.
#[component]
pub fn Toggle(
    /// Whether it is on.
    value: RwSignal<bool>,
    /// The input's name, for its id and tests.
    name: &'static str,
    /// What it means.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    view! {
        <label class="toggle" for=format!("f-{name}")>
            <input
                type="checkbox"
                id=format!("f-{name}")
                name=name
                prop:checked=value
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            <span>{label}</span>
        </label>
    }
}

/// A labelled `<select>` of the entries of `all`, each named by `text`.
#[component]
pub fn SelectField<T>(
    /// The label above it.
    #[prop(into)]
    label: Signal<String>,
    /// The select's id, also used by tests.
    id: &'static str,
    /// Every entry, in the order offered.
    all: &'static [T],
    /// The entry chosen.
    value: RwSignal<T>,
    /// The words for an entry.
    text: fn(I18n, T) -> Signal<String>,
    /// Called after a choice, with it.
    #[prop(optional)]
    on_change: Option<Callback<T>>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let options = all
        .iter()
        .enumerate()
        .map(|(n, entry)| {
            let entry = *entry;
            view! {
                <option value=n.to_string() selected=move || value.get() == entry>
                    {text(i18n, entry)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                on:change=move |ev| {
                    if let Some(entry) = chosen_of(&ev, all) {
                        value.set(entry);
                        if let Some(then) = on_change {
                            then.run(entry);
                        }
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}

/// The entry of `all` a `<select>` whose option values are indexes now shows.
pub fn chosen_of<T: Copy>(ev: &leptos::ev::Event, all: &[T]) -> Option<T> {
    let index: usize = event_target_value(ev).parse().ok()?;
    all.get(index).copied()
}

/// Save and Cancel.
#[component]
pub fn FormActions(
    /// Disables Save while the request is on its way.
    #[prop(into)]
    pending: Signal<bool>,
    /// Called by Cancel.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled=pending>
                {tr!(i18n, app.save)}
            </button>
            <button type="button" class="btn btn-secondary" on:click=move |_| on_cancel.run(())>
                {tr!(i18n, app.cancel)}
            </button>
        </div>
    }
}
