//! The first-run app, apart from the sign-in app that every device loads because each
//! of its pages is used once: the hotel's set-up (`/setup`) — on a server without a
//! hotel, the one-time code printed on the server's console, the hotel's name, time
//! zone and language, and the first admin, who then signs in and sets up everything
//! else (the sign-in page sends a browser here while the server has no hotel) — and a
//! new person's first visit (`/signin/code`), choosing their PIN or password with the
//! set-up code an admin gave them, and enrolling a tablet (`/enroll`).

pub mod api;
mod enroll;
mod setup_code;

use bellhop_api::property::Property;
use bellhop_api::setup::SetupRequest;
use bellhop_api::validate::{self, FieldErrors};
use leptos::prelude::*;

use crate::components::field::{checked, field_error, show_refusal, Form, TextField};
use crate::components::language_picker::{LanguageField, LanguagePicker};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::components::time_zone::{browser_time_zone, TimeZoneField};
use crate::data::{Call, Data};
use crate::i18n::{language_of, locale_of, people_reason, remember_device_language, tr, trf, use_i18n, I18n, Reasons};
use crate::paths;
use crate::session::Auth;
use bellhop_api::FieldReason;

#[component]
pub fn FirstRunApp() -> impl IntoView {
    let i18n = I18n::provide();
    Reasons(people_reason).provide();
    let path = window().location().pathname().unwrap_or_default();
    match path.trim_end_matches('/') {
        paths::SETUP_CODE => return view! { <setup_code::SetupCodePage /> }.into_any(),
        paths::ENROLL => {
            let auth = Auth::new(i18n);
            provide_context(auth);
            auth.refresh_device();
            return view! { <enroll::EnrollPage /> }.into_any();
        }
        _ => {}
    }
    let status = Data::new(api::status);
    let language = Signal::derive(move || language_of(i18n.get_locale()));
    let pick_language = Callback::new(move |lang| {
        i18n.set_locale(locale_of(lang));
        remember_device_language(lang);
    });
    view! {
        <main class="signin-screen">
            <div class="signin-card">
                <LanguagePicker value=language on_change=pick_language label=tr!(i18n, app.language) />
                <h1>{tr!(i18n, first_run.title)}</h1>
                <Loaded phase=phase_of(status) retry=move |()| status.refetch()>
                    {move || match status.get_untracked().and_then(Result::ok) {
                        Some(s) if s.needed => view! { <SetupForm /> }.into_any(),
                        _ => view! { <Finished text=tr!(i18n, first_run.already) /> }.into_any(),
                    }}
                </Loaded>
            </div>
        </main>
    }
    .into_any()
}

/// The way on to sign-in, under what was done.
#[component]
fn Finished(
    /// What to say.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-success" role="status">
            <p>{text}</p>
        </div>
        <a href=paths::SIGN_IN class="btn btn-primary btn-block">{tr!(i18n, first_run.sign_in)}</a>
    }
}

#[component]
fn SetupForm() -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let hotel = RwSignal::new(String::new());
    let zone = RwSignal::new(browser_time_zone());
    let language = RwSignal::new(language_of(i18n.locale_now()));
    let admin_no = RwSignal::new(String::new());
    let admin_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let fields = RwSignal::new(FieldErrors::new());
    let done = RwSignal::new(None::<(Property, String)>);

    let save = Call::new(move || {
        let req = SetupRequest {
            code: code.get_untracked().trim().to_uppercase(),
            hotel_name: hotel.get_untracked().trim().to_owned(),
            time_zone: zone.get_untracked().trim().to_owned(),
            language: language.get_untracked().tag().to_owned(),
            admin_employee_no: admin_no.get_untracked().trim().to_owned(),
            admin_name: admin_name.get_untracked().trim().to_owned(),
            admin_password: password.get_untracked(),
        };
        let mut errors = validate::setup(&req).err().unwrap_or_default();
        if req.code.is_empty() {
            errors.insert("code".into(), FieldReason::Required);
        }
        let body = checked(if errors.is_empty() { Ok(req) } else { Err(errors) }, fields);
        async move {
            let Some(req) = body else { return Ok(()) };
            let property = api::set_up(&req).await.map_err(|e| show_refusal(e, fields))?;
            done.set(Some((property, req.admin_employee_no)));
            Ok(())
        }
    });

    view! {
        {move || {
            done.get()
                .map(|(property, number)| {
                    view! { <Finished text=trf!(i18n, first_run.done, hotel = property.name, number = number) /> }
                })
        }}
        <Show when=move || done.with(Option::is_none)>
        <p class="lead">{tr!(i18n, first_run.intro)}</p>
        <Form class="signin-form setup-form" on_submit=move |()| save.start()>
            <TextField
                label=tr!(i18n, first_run.code)
                hint=tr!(i18n, first_run.code_hint)
                name="code"
                value=code
                on_input=Callback::new(move |v| code.set(v))
                error=field_error(fields, "code")
                autocapitalize="characters"
                autofocus=true
            />
            <h2>{tr!(i18n, first_run.hotel)}</h2>
            <TextField
                label=tr!(i18n, hotel.name)
                name="hotel_name"
                value=hotel
                on_input=Callback::new(move |v| hotel.set(v))
                error=field_error(fields, "hotel_name")
                autocapitalize="words"
            />
            <TimeZoneField
                label=tr!(i18n, hotel.time_zone)
                hint=tr!(i18n, hotel.time_zone_hint)
                value=zone
                error=field_error(fields, "time_zone")
            />
            <LanguageField label=tr!(i18n, hotel.language) name="language" value=language />
            <h2>{tr!(i18n, first_run.admin)}</h2>
            <TextField
                label=tr!(i18n, signin.employee_no)
                name="admin_employee_no"
                value=admin_no
                on_input=Callback::new(move |v| admin_no.set(v))
                error=field_error(fields, "admin_employee_no")
                autocapitalize="characters"
            />
            <TextField
                label=tr!(i18n, first_run.admin_name)
                name="admin_name"
                value=admin_name
                on_input=Callback::new(move |v| admin_name.set(v))
                error=field_error(fields, "admin_name")
                autocapitalize="words"
            />
            <TextField
                label=tr!(i18n, signin.password)
                hint=tr!(i18n, first_run.password_hint)
                name="admin_password"
                kind="password"
                autocomplete="new-password"
                value=password
                on_input=Callback::new(move |v| password.set(v))
                error=field_error(fields, "admin_password")
            />
            <ErrorNotice error=save.error />
            <button type="submit" class="btn btn-primary btn-block btn-big" disabled=save.pending()>
                {tr!(i18n, first_run.submit)}
            </button>
        </Form>
        </Show>
    }
}
