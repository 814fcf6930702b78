//! "Enroll this tablet": the one-time code a manager created turns this browser into
//! a shared tablet (the server sets the device cookie), so staff can use their PIN.
//! Done once per tablet, so it lives in the first-run app, not in the sign-in app that
//! every device loads.

use bellhop_api::session::DeviceEnroll;
use leptos::prelude::*;

use crate::components::field::{Form, TextField};
use crate::components::status::ErrorNotice;
use crate::data::Call;
use crate::features::first_run::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::paths;
use crate::session::use_auth;
use bellhop_api::FieldReason;

#[component]
pub fn EnrollPage() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<FieldReason>);
    let just_enrolled = RwSignal::new(false);

    let submit = Call::new(move || {
        let value = code.get_untracked().trim().to_uppercase();
        code_error.set(value.is_empty().then_some(FieldReason::Required));
        async move {
            if value.is_empty() {
                return Ok(());
            }
            api::enroll(&DeviceEnroll { code: value }).await?;
            just_enrolled.set(true);
            auth.refresh_device();
            Ok(())
        }
    });

    let enrolled_as = move || {
        auth.device
            .with(|d| d.as_ref().and_then(|d| d.device.as_ref().map(|d| d.name.clone())))
    };

    view! {
        <main class="signin-screen">
            <div class="signin-card">
                <h1>{tr!(i18n, enroll.title)}</h1>
                {move || match enrolled_as() {
                    Some(name) => {
                        view! {
                            <div class="notice notice-success" role="status">
                                <p>
                                    {move || {
                                        let name = name.clone();
                                        if just_enrolled.get() {
                                            trf!(i18n, enroll.done, name = name)
                                        } else {
                                            trf!(i18n, enroll.already, name = name)
                                        }
                                    }}
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <p class="lead">{tr!(i18n, enroll.intro)}</p>
                            <Form on_submit=move |()| submit.start()>
                                <TextField
                                    label=tr!(i18n, enroll.code)
                                    name="enroll_code"
                                    value=code
                                    on_input=Callback::new(move |v| code.set(v))
                                    error=code_error
                                    autocapitalize="characters"
                                    autofocus=true
                                />
                                <button
                                    type="submit"
                                    class="btn btn-primary btn-block"
                                    disabled=submit.pending()
                                >
                                    {tr!(i18n, enroll.submit)}
                                </button>
                            </Form>
                            <ErrorNotice error=submit.error />
                        }
                            .into_any()
                    }
                }}
                <p class="signin-footer">
                    <a href=paths::SIGN_IN class="btn btn-link">
                        {tr!(i18n, enroll.back)}
                    </a>
                </p>
            </div>
        </main>
    }
}
