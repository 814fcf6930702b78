//! Sign-in: employee number and PIN on an enrolled tablet (on-screen keypad), employee
//! number and password anywhere else. The device's language is picked here.

use bellhop_api::session::SignIn;
use bellhop_api::validate;
use bellhop_api::HotelChoice;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::field::{Form, TextField};
use crate::components::language_picker::LanguagePicker;
use crate::components::pin_pad::{PadKey, PinPad};
use crate::components::status::{ErrorNotice, Loading};
use crate::data::Call;
use crate::features::signin::api;
use crate::i18n::{language_of, locale_of, remember_device_language, tr, trf, use_i18n};
use crate::paths;
use crate::session::{use_auth, Notice};
use bellhop_api::FieldReason;

#[component]
pub fn SignInPage(
    /// Called once someone is signed in.
    on_signed_in: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();

    let language = Signal::derive(move || language_of(i18n.get_locale()));
    let pick_language = Callback::new(move |lang| {
        i18n.set_locale(locale_of(lang));
        remember_device_language(lang);
    });

    let notice = move || {
        auth.notice.get().map(|n| {
            let text = match n {
                Notice::SignedOut => tr!(i18n, signin.signed_out),
                Notice::IdleLocked => tr!(i18n, signin.idle_locked),
                Notice::SessionEnded => tr!(i18n, signin.session_ended),
            };
            view! { <div class="notice notice-info" role="status"><p>{text}</p></div> }
        })
    };

    let property_name = move || auth.device.with(|d| d.as_ref().and_then(|d| d.property_name.clone()));

    view! {
        <main class="signin-screen">
            <div class="signin-card">
                <div class="signin-brand">
                    <span class="brand-mark" aria-hidden="true">"B"</span>
                    <div>
                        <p class="brand-name">{tr!(i18n, app.name)}</p>
                        <p class="brand-property">{property_name}</p>
                    </div>
                </div>
                <LanguagePicker value=language on_change=pick_language label=tr!(i18n, app.language) />
                {notice}
                {move || match auth.device.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(dev) => {
                        let tablet = dev.device.map(|d| d.name);
                        view! { <SignInForm tablet=tablet on_signed_in=on_signed_in /> }.into_any()
                    }
                }}
            </div>
        </main>
    }
}

/// The form itself: PIN keypad on an enrolled tablet, password elsewhere.
#[component]
fn SignInForm(
    /// The enrolled tablet's name, if this browser is one.
    tablet: Option<String>,
    /// Called once someone is signed in.
    on_signed_in: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let is_tablet = tablet.is_some();

    let employee_no = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let use_password = RwSignal::new(!is_tablet);
    let employee_no_error = RwSignal::new(None::<FieldReason>);
    let secret_error = RwSignal::new(None::<FieldReason>);
    // Only when the server asks (a number used in several hotels): the hotels to pick.
    let hotels = RwSignal::new(Vec::<HotelChoice>::new());
    let hotel = RwSignal::new(None::<uuid::Uuid>);

    let call = Call::each();
    let (pending, error) = (call.pending(), call.error);
    let sign_in = move |req: SignIn| {
        call.run(async move {
            match api::sign_in(&req).await {
                Ok(()) => {
                    pin.set(String::new());
                    password.set(String::new());
                    on_signed_in.try_run(());
                    Ok(())
                }
                Err(err) => {
                    // A wrong PIN is typed again from scratch.
                    pin.set(String::new());
                    if err.code() == Some(bellhop_api::ErrorCode::DeviceNotEnrolled) {
                        auth.refresh_device();
                    }
                    if let ApiError::Api { body, .. } = &err {
                        hotels.set(body.hotels.clone());
                    }
                    Err(err)
                }
            }
        });
    };
    let busy = Signal::from(pending);

    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        let number = employee_no.get_untracked().trim().to_owned();
        employee_no_error.set(validate::employee_no(&number).err());
        let (pin_value, password_value) = if use_password.get_untracked() {
            let pw = password.get_untracked();
            secret_error.set(pw.is_empty().then_some(FieldReason::Required));
            (None, Some(pw))
        } else {
            let p = pin.get_untracked();
            secret_error.set(validate::pin(&p).err());
            (Some(p), None)
        };
        if employee_no_error.with_untracked(Option::is_some) || secret_error.with_untracked(Option::is_some) {
            return;
        }
        error.set(None);
        sign_in(SignIn {
            employee_no: number,
            pin: pin_value,
            password: password_value,
            property_id: hotel.get_untracked(),
        });
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
        PadKey::Submit => submit(),
    });

    let intro = move || {
        if use_password.get() {
            tr!(i18n, signin.desk_intro)
        } else {
            tr!(i18n, signin.tablet_intro)
        }
    };
    let tablet_line = tablet.map(|name| {
        view! { <p class="tablet-name">{trf!(i18n, signin.tablet_name, name = name)}</p> }
    });

    view! {
        <h1>{tr!(i18n, signin.title)}</h1>
        <p class="lead">{intro}</p>
        {tablet_line}
        <Form class="signin-form" on_submit=move |()| submit()>
            <TextField
                label=tr!(i18n, signin.employee_no)
                name="employee_no"
                value=employee_no
                on_input=Callback::new(move |v| employee_no.set(v))
                error=employee_no_error
                autocapitalize="characters"
                autofocus=true
            />
            {move || {
                if use_password.get() {
                    view! {
                        <TextField
                            label=tr!(i18n, signin.password)
                            name="password"
                            kind="password"
                            autocomplete="current-password"
                            value=password
                            on_input=Callback::new(move |v| password.set(v))
                            error=secret_error
                        />
                        <button type="submit" class="btn btn-primary btn-block" disabled=busy>
                            {move || {
                                if pending.get() {
                                    tr!(i18n, signin.signing_in)
                                } else {
                                    tr!(i18n, signin.submit)
                                }
                            }}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <PinPad
                            length=Signal::derive(move || pin.with(String::len))
                            on_key=on_key
                            label=tr!(i18n, signin.pin)
                            delete_label=tr!(i18n, signin.delete_digit)
                            submit_label=tr!(i18n, signin.submit)
                            disabled=busy
                        />
                        {move || {
                            secret_error
                                .get()
                                .map(|r| {
                                    view! {
                                        <p class="field-error">
                                            {crate::i18n::field_text(i18n.get_locale(), r)}
                                        </p>
                                    }
                                })
                        }}
                    }
                        .into_any()
                }
            }}
        </Form>
        <ErrorNotice error=error />
        {move || {
            hotels
                .get()
                .into_iter()
                .map(|h| {
                    view! {
                        <button type="button" class="btn btn-secondary btn-block" on:click=move |_| {
                            hotel.set(Some(h.id));
                            submit();
                        }>{h.name}</button>
                    }
                })
                .collect_view()
        }}
        {is_tablet
            .then(|| {
                view! {
                    <button
                        type="button"
                        class="btn btn-link"
                        on:click=move |_| {
                            use_password.update(|p| *p = !*p);
                            secret_error.set(None);
                            error.set(None);
                        }
                    >
                        {move || {
                            if use_password.get() {
                                tr!(i18n, signin.use_pin)
                            } else {
                                tr!(i18n, signin.use_password)
                            }
                        }}
                    </button>
                }
            })}
        <p class="signin-footer">
            <a href=paths::SETUP_CODE class="btn btn-link">
                {tr!(i18n, signin.first_time)}
            </a>
            {(!is_tablet)
                .then(|| {
                    view! {
                        <a href=paths::ENROLL class="btn btn-link">
                            {tr!(i18n, signin.enroll_link)}
                        </a>
                    }
                })}
        </p>
    }
}
