//! `/admin/chain/hotels` (chain admins): the chain's hotels, active and retired; adding
//! one (it starts with the four default departments), renaming, retiring and bringing
//! one back. A chain admin's own hotel, and the one they work in, stay open.

use bellhop_api::chain::{Hotel, HotelCreate, HotelUpdate};
use bellhop_api::people::Language;
use bellhop_api::validate::{self, FieldErrors};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::new_id;
use crate::components::button::Button;
use crate::components::field::{checked, field_error, show_refusal, Form, FormActions, TextField};
use crate::components::language_picker::LanguageField;
use crate::components::retired::active_then_retired;
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::components::time_zone::{browser_time_zone, TimeZoneField};
use crate::data::{Call, Data};
use crate::features::admin::{api, AdminTabs};
use crate::features::shell::api as shell_api;
use crate::i18n::{tr, trf, use_i18n};
use crate::session::{use_auth, Auth};

#[component]
pub fn HotelsPage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <Hotels />
        </section>
    }
}

/// After a hotel is added, retired or brought back: the session's own list of hotels
/// (the shell's hotel switcher) follows.
async fn refresh_session(auth: Auth) {
    if let Ok(info) = shell_api::session().await {
        auth.session.try_set(Some(info));
    }
}

#[component]
fn Hotels() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let list = Data::new(api::hotels);
    let adding = RwSignal::new(false);
    let renaming = RwSignal::new(None::<Uuid>);
    let toggle = Call::each();
    let set_active = move |id: Uuid, active: bool| {
        toggle.run(async move {
            let req = HotelUpdate {
                name: None,
                active: Some(active),
            };
            api::update_hotel(id, &req).await?;
            list.refetch();
            refresh_session(auth).await;
            Ok(())
        })
    };

    let row = move |h: Hotel| -> AnyView {
        let id = h.id;
        let active = h.active;
        let people = h.people;
        let stored = h.name.clone();
        view! {
            <li class="row-card" class:muted=!active data-hotel=h.name.clone()>
                <div class="row-main">
                    <p class="row-title">
                        {h.name.clone()}
                        {(!active).then(|| view! { <span class="pill pill-muted">{tr!(i18n, chain.retired)}</span> })}
                    </p>
                    <p class="row-detail">
                        {h.time_zone.clone()} " · " {trf!(i18n, chain.people, count = people)}
                    </p>
                </div>
                <div class="row-actions">
                    <button type="button" class="btn btn-secondary" on:click=move |_| renaming.set(Some(id))>
                        {tr!(i18n, chain.rename)}
                    </button>
                    <Button
                        label=if active { tr!(i18n, chain.retire) } else { tr!(i18n, chain.reopen) }
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
            <h1>{tr!(i18n, chain.hotels_title)}</h1>
            <button type="button" class="btn btn-primary" on:click=move |_| adding.set(true)>
                {tr!(i18n, chain.add)}
            </button>
        </div>
        <p class="hint">{tr!(i18n, chain.hotels_about)}</p>
        <Show when=move || adding.get()>
            <AddHotel on_done=Callback::new(move |saved: bool| {
                adding.set(false);
                if saved {
                    list.refetch();
                    leptos::task::spawn_local(refresh_session(auth));
                }
            }) />
        </Show>
        <ErrorNotice error=toggle.error />
        <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
            {move || {
                list.get()
                    .and_then(Result::ok)
                    .map(|all| active_then_retired(all, |h| h.active, tr!(i18n, chain.retired_title), row))
            }}
        </Loaded>
    }
}

/// A new hotel's name, time zone and language.
#[component]
fn AddHotel(
    /// Called with whether one was added.
    on_done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let zone = RwSignal::new(browser_time_zone());
    let language = RwSignal::new(Language::English);
    let fields = RwSignal::new(FieldErrors::new());
    let id = new_id();
    let save = Call::new(move || {
        let req = HotelCreate {
            id,
            name: name.get_untracked().trim().to_owned(),
            time_zone: zone.get_untracked().trim().to_owned(),
            default_language: language.get_untracked(),
        };
        let body = checked(validate::hotel_create(&req).map(|()| req), fields);
        async move {
            let Some(req) = body else { return Ok(()) };
            api::create_hotel(&req).await.map_err(|e| show_refusal(e, fields))?;
            on_done.try_run(true);
            Ok(())
        }
    });
    view! {
        <Form class="card form" on_submit=move |()| save.start()>
            <h2>{tr!(i18n, chain.add)}</h2>
            <TextField
                label=tr!(i18n, chain.name)
                name="hotel_name"
                value=name
                on_input=Callback::new(move |v| name.set(v))
                error=field_error(fields, "name")
                autocapitalize="words"
                autofocus=true
            />
            <TimeZoneField
                label=tr!(i18n, chain.time_zone)
                hint=tr!(i18n, hotel.time_zone_hint)
                value=zone
                error=field_error(fields, "time_zone")
            />
            <LanguageField label=tr!(i18n, chain.language) name="default_language" value=language />
            <ErrorNotice error=save.error />
            <FormActions pending=save.pending() on_cancel=Callback::new(move |()| on_done.run(false)) />
        </Form>
    }
}

/// A hotel's new name, under its row.
#[component]
fn Rename(
    /// The hotel.
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
        let req = HotelUpdate {
            name: Some(name.get_untracked().trim().to_owned()),
            active: None,
        };
        let body = checked(validate::hotel_update(&req).map(|()| req), fields);
        async move {
            let Some(req) = body else { return Ok(()) };
            api::update_hotel(id, &req).await.map_err(|e| show_refusal(e, fields))?;
            on_done.try_run(());
            Ok(())
        }
    });
    view! {
        <Form class="inline-form" on_submit=move |()| save.start()>
            <TextField
                label=tr!(i18n, chain.new_name)
                name="hotel_rename"
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
