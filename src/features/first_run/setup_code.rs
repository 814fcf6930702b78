//! "First time? Set up with your code": with their employee number and the one-time
//! code from the import, a new person chooses their own PIN (typed twice on the keypad)
//! or, for managers and admins, a password; then they sign in as usual.

use bellhop_api::staff_import::SetupCodeRedeem;
use bellhop_api::validate::{self, FieldErrors};
use leptos::prelude::*;

use crate::components::field::{checked, field_error, show_refusal, Form, TextField};
use crate::components::pin_pad::{PadKey, PinPad};
use crate::components::status::ErrorNotice;
use crate::data::Call;
use crate::i18n::{field_text, tr, use_i18n};
use crate::paths;
use bellhop_api::FieldReason;

/// Where the person is: their number and code, their PIN, the PIN again, or a password.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Code,
    Pin,
    Confirm,
    Password,
    Done,
}

#[component]
pub fn SetupCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Code);
    let employee_no = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let first_pin = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let fields = RwSignal::new(FieldErrors::new());

    let redeem = Call::new(move || {
        let by_pin = step.get_untracked() != Step::Password;
        let req = SetupCodeRedeem {
            employee_no: employee_no.get_untracked().trim().to_owned(),
            code: code.get_untracked().trim().to_uppercase(),
            pin: by_pin.then(|| pin.get_untracked()),
            password: (!by_pin).then(|| password.get_untracked()),
        };
        let body = checked(bellhop_api::staff_import::redeem_format(&req).map(|()| req), fields);
        async move {
            let Some(req) = body else { return Ok(()) };
            match super::api::redeem_setup_code(&req).await {
                Ok(()) => {
                    step.set(Step::Done);
                    Ok(())
                }
                Err(err) => {
                    let err = show_refusal(err, fields);
                    // Managers and admins choose a password; the server says so.
                    let wants_password = fields.with_untracked(|f| {
                        f.get("pin").is_some_and(|r| *r == FieldReason::PinNotAllowed)
                            || f.get("password").is_some_and(|r| *r == FieldReason::SecretRequired)
                    });
                    let wrong_code = fields.with_untracked(|f| f.contains_key("code"))
                        || err.code() == Some(bellhop_api::ErrorCode::InvalidCredentials);
                    pin.set(String::new());
                    if wants_password {
                        step.set(Step::Password);
                        return Ok(());
                    }
                    if wrong_code {
                        step.set(Step::Code);
                    } else if by_pin {
                        step.set(Step::Pin);
                    }
                    Err(err)
                }
            }
        }
    });

    let to_secret = move || {
        let mut errors = FieldErrors::new();
        if let Err(r) = validate::employee_no(employee_no.get_untracked().trim()) {
            errors.insert("employee_no".into(), r);
        }
        if code.get_untracked().trim().is_empty() {
            errors.insert("code".into(), FieldReason::Required);
        }
        if checked(if errors.is_empty() { Ok(()) } else { Err(errors) }, fields).is_some() {
            redeem.error.set(None);
            step.set(Step::Pin);
        }
    };

    let on_key = Callback::new(move |key| match key {
        PadKey::Digit(d) => pin.update(|p| {
            if p.len() < *validate::PIN_DIGITS.end() {
                p.push(d);
            }
        }),
        PadKey::Delete => pin.update(|p| {
            p.pop();
        }),
        PadKey::Submit if step.get_untracked() == Step::Pin => {
            first_pin.set(pin.get_untracked());
            pin.set(String::new());
            fields.set(FieldErrors::new());
            step.set(Step::Confirm);
        }
        PadKey::Submit => {
            if pin.get_untracked() == first_pin.get_untracked() {
                redeem.start();
            } else {
                pin.set(String::new());
                fields.set(FieldErrors::from([("pin".into(), FieldReason::PinsDiffer)]));
                step.set(Step::Pin);
            }
        }
    });

    let pin_error = move || {
        fields
            .get()
            .get("pin")
            .map(|r| view! { <p class="field-error">{field_text(i18n.get_locale(), *r)}</p> })
    };

    let body = move || {
        match step.get() {
        Step::Code => view! {
            <p class="lead">{tr!(i18n, setup_code.intro)}</p>
            <Form class="signin-form" on_submit=move |()| to_secret()>
                <TextField
                    label=tr!(i18n, signin.employee_no)
                    name="employee_no"
                    value=employee_no
                    on_input=Callback::new(move |v| employee_no.set(v))
                    error=field_error(fields, "employee_no")
                    autocapitalize="characters"
                    autofocus=true
                />
                <TextField
                    label=tr!(i18n, setup_code.code)
                    name="setup_code"
                    value=code
                    on_input=Callback::new(move |v| code.set(v))
                    error=field_error(fields, "code")
                    autocapitalize="characters"
                />
                <button type="submit" class="btn btn-primary btn-block">{tr!(i18n, setup_code.next)}</button>
            </Form>
        }
        .into_any(),
        Step::Pin | Step::Confirm => view! {
            <p class="lead">
                {move || if step.get() == Step::Pin { tr!(i18n, setup_code.choose_pin) } else { tr!(i18n, setup_code.pin_again) }}
            </p>
            <PinPad
                length=Signal::derive(move || pin.with(String::len))
                on_key=on_key
                label=tr!(i18n, signin.pin)
                delete_label=tr!(i18n, signin.delete_digit)
                submit_label=tr!(i18n, setup_code.next)
                disabled=redeem.pending()
            />
            {pin_error}
            <button type="button" class="btn btn-link" on:click=move |_| {
                fields.set(FieldErrors::new());
                step.set(Step::Password);
            }>{tr!(i18n, setup_code.use_password)}</button>
        }
        .into_any(),
        Step::Password => view! {
            <p class="lead">{tr!(i18n, setup_code.choose_password)}</p>
            <Form class="signin-form" on_submit=move |()| redeem.start()>
                <TextField
                    label=tr!(i18n, signin.password)
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    value=password
                    on_input=Callback::new(move |v| password.set(v))
                    error=field_error(fields, "password")
                    autofocus=true
                />
                <button type="submit" class="btn btn-primary btn-block" disabled=redeem.pending()>
                    {tr!(i18n, setup_code.save)}
                </button>
            </Form>
        }
        .into_any(),
        Step::Done => view! {
            <div class="notice notice-success" role="status">
                <p>{tr!(i18n, setup_code.done)}</p>
            </div>
            <a href=paths::SIGN_IN class="btn btn-primary btn-block">{tr!(i18n, setup_code.sign_in)}</a>
        }
        .into_any(),
    }
    };

    view! {
        <main class="signin-screen">
            <div class="signin-card">
                <h1>{tr!(i18n, setup_code.title)}</h1>
                {body}
                <ErrorNotice error=redeem.error />
                <p class="signin-footer">
                    <a href=paths::SIGN_IN class="btn btn-link">{tr!(i18n, enroll.back)}</a>
                </p>
            </div>
        </main>
    }
}
