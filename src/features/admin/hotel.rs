//! `/admin/hotel` (admins): the hotel's name, time zone, default language and how long
//! after the supervisor's alert an overdue task also alerts the manager.

use bellhop_api::property::{Property, PropertyUpdate};
use bellhop_api::validate::{self, FieldErrors};
use leptos::prelude::*;

use crate::components::field::{checked, field_error, show_refusal, Form, TextField};
use crate::components::language_picker::LanguageField;
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::components::time_zone::TimeZoneField;
use crate::data::{Call, Data};
use crate::features::admin::{api, AdminTabs};
use crate::i18n::{tr, use_i18n};
use bellhop_api::FieldReason;

#[component]
pub fn HotelPage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <Hotel />
        </section>
    }
}

#[component]
fn Hotel() -> impl IntoView {
    let i18n = use_i18n();
    let hotel = Data::new(api::property);
    view! {
        <h1>{tr!(i18n, hotel.title)}</h1>
        <Loaded phase=phase_of(hotel) retry=move |()| hotel.refetch()>
            {move || {
                hotel
                    .get_untracked()
                    .and_then(Result::ok)
                    .map(|p| view! { <HotelForm hotel=p on_saved=Callback::new(move |p| hotel.set(p)) /> })
            }}
        </Loaded>
    }
}

#[component]
fn HotelForm(
    /// The settings as stored.
    hotel: Property,
    /// Takes the settings as saved.
    on_saved: Callback<Property>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(hotel.name);
    let zone = RwSignal::new(hotel.time_zone);
    let language = RwSignal::new(hotel.default_language);
    let delay = RwSignal::new(hotel.escalate_after_mins.to_string());
    let fields = RwSignal::new(FieldErrors::new());
    let saved = RwSignal::new(false);

    let save = Call::new(move || {
        saved.set(false);
        let minutes = delay.get_untracked().trim().parse::<u32>();
        let req = PropertyUpdate {
            name: Some(name.get_untracked().trim().to_owned()),
            time_zone: Some(zone.get_untracked().trim().to_owned()),
            escalate_after_mins: minutes.clone().ok(),
            default_language: Some(language.get_untracked()),
        };
        let local = validate::property_update(&req).and_then(|()| match minutes {
            Ok(_) => Ok(()),
            Err(_) => Err(FieldErrors::from([(
                "escalate_after_mins".into(),
                FieldReason::NotANumber,
            )])),
        });
        let body = checked(local.map(|()| req), fields);
        async move {
            let Some(req) = body else { return Ok(()) };
            let p = api::update_property(&req).await.map_err(|e| show_refusal(e, fields))?;
            saved.set(true);
            on_saved.try_run(p);
            Ok(())
        }
    });

    view! {
        <Form class="card form" on_submit=move |()| save.start()>
            <TextField
                label=tr!(i18n, hotel.name)
                name="hotel_name"
                value=name
                on_input=Callback::new(move |v| name.set(v))
                error=field_error(fields, "name")
                autocapitalize="words"
            />
            <TimeZoneField
                label=tr!(i18n, hotel.time_zone)
                hint=tr!(i18n, hotel.time_zone_hint)
                value=zone
                error=field_error(fields, "time_zone")
            />
            <LanguageField
                label=tr!(i18n, hotel.language)
                hint=tr!(i18n, hotel.language_hint)
                name="default_language"
                value=language
            />
            <TextField
                label=tr!(i18n, hotel.escalation)
                hint=tr!(i18n, hotel.escalation_hint)
                name="escalate_after_mins"
                inputmode="numeric"
                value=delay
                on_input=Callback::new(move |v| delay.set(v))
                error=field_error(fields, "escalate_after_mins")
            />
            <ErrorNotice error=save.error />
            <Show when=move || saved.get()>
                <div class="notice notice-success" role="status">
                    <p>{tr!(i18n, app.saved)}</p>
                </div>
            </Show>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-big" disabled=save.pending()>
                    {tr!(i18n, app.save)}
                </button>
            </div>
        </Form>
    }
}
