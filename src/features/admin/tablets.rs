//! `/admin/tablets` (managers and admins): the shared tablets, adding one (its
//! one-time enrollment code is shown large, to be typed on the tablet) and revoking.

use bellhop_api::session::{Device, DeviceCreate, DeviceCreated};
use bellhop_api::validate::{self, FieldErrors};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::new_id;
use crate::components::button::Button;
use crate::components::field::{show_refusal, Form, TextField};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::admin::api;
use crate::features::admin::AdminTabs;
use crate::i18n::{short_time, td_string, tr, trf, use_i18n};

#[component]
pub fn TabletsPage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <Tablets />
        </section>
    }
}

#[component]
fn Tablets() -> impl IntoView {
    let i18n = use_i18n();
    let list = Data::new(api::devices);
    let created = RwSignal::new(None::<DeviceCreated>);
    let adding = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Uuid>);

    // One revocation at a time, the tablet confirmed first.
    let revoke = Call::new(move || {
        let id = confirm.get_untracked();
        async move {
            let Some(id) = id else {
                return Ok(());
            };
            api::revoke_device(id).await?;
            confirm.set(None);
            list.refetch();
            Ok(())
        }
    });

    let on_created = Callback::new(move |c: DeviceCreated| {
        adding.set(false);
        created.set(Some(c));
        list.refetch();
    });

    let row = move |d: Device| {
        let id = d.id;
        let name = d.name.clone();
        let status = if d.revoked {
            tr!(i18n, tablets.revoked)
        } else if d.enrolled_at.is_some() {
            tr!(i18n, tablets.enrolled)
        } else {
            tr!(i18n, tablets.waiting)
        };
        let seen = d.last_seen_at.map(short_time);
        let last_seen = trf!(
            i18n,
            tablets.last_seen,
            time = match &seen {
                Some(time) => time.as_str(),
                None => td_string!(i18n.get_locale(), tablets.never),
            }
        );
        let actions = (!d.revoked).then(|| {
            view! {
                <Show
                    when=move || confirm.get() == Some(id)
                    fallback=move || {
                        view! {
                            <button type="button" class="btn btn-danger-outline" on:click=move |_| confirm.set(Some(id))>
                                {tr!(i18n, tablets.revoke)}
                            </button>
                        }
                    }
                >
                    <div class="confirm" role="alert">
                        <p>{let name = name.clone(); trf!(i18n, tablets.confirm_revoke, name = name)}</p>
                        <Button label=tr!(i18n, tablets.confirm) call=revoke class="btn btn-danger" />
                        <button type="button" class="btn btn-secondary" on:click=move |_| confirm.set(None)>
                            {tr!(i18n, app.cancel)}
                        </button>
                    </div>
                </Show>
            }
        });
        view! {
            <li class="row-card" class:muted=d.revoked>
                <div class="row-main">
                    <p class="row-title">{d.name}</p>
                    <p class="row-detail">
                        <span class="pill">{status}</span>
                        " "
                        {last_seen}
                    </p>
                </div>
                <div class="row-actions">{actions}</div>
            </li>
        }
    };

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, tablets.title)}</h1>
            <button type="button" class="btn btn-primary" on:click=move |_| {
                created.set(None);
                adding.set(true);
            }>
                {tr!(i18n, tablets.add)}
            </button>
        </div>
        {move || created.get().map(|c| view! { <CodeCard created=c on_done=Callback::new(move |()| created.set(None)) /> })}
        <Show when=move || adding.get()>
            <AddTablet on_created=on_created on_cancel=Callback::new(move |()| adding.set(false)) />
        </Show>
        <ErrorNotice error=revoke.error />
        <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
            {move || {
                list.get().and_then(Result::ok).map(|devices| {
                    if devices.is_empty() {
                        view! { <p class="empty">{tr!(i18n, tablets.empty)}</p> }.into_any()
                    } else {
                        view! { <ul class="rows">{devices.into_iter().map(row).collect_view()}</ul> }.into_any()
                    }
                })
            }}
        </Loaded>
    }
}

/// The name form of a new tablet.
#[component]
fn AddTablet(
    /// Called with the server's answer (device and one-time code).
    #[prop(into)]
    on_created: Callback<DeviceCreated>,
    /// Called when the person gives up.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let fields = RwSignal::new(FieldErrors::new());
    // One id per form, so a retried submission is recognised by the server.
    let id = new_id();

    let submit = Call::new(move || {
        let req = DeviceCreate {
            id,
            name: name.get_untracked().trim().to_owned(),
        };
        let checked = validate::device_create(&req);
        fields.set(checked.clone().err().unwrap_or_default());
        async move {
            if checked.is_err() {
                return Ok(());
            }
            let c = api::create_device(&req)
                .await
                .map_err(|err| show_refusal(err, fields))?;
            // `try_run`: the page may be gone by the time the answer arrives.
            on_created.try_run(c);
            Ok(())
        }
    });
    view! {
        <Form class="card form" on_submit=move |()| submit.start()>
            <h2>{tr!(i18n, tablets.add)}</h2>
            <TextField
                label=tr!(i18n, tablets.name)
                hint=tr!(i18n, tablets.name_hint)
                name="device_name"
                value=name
                on_input=Callback::new(move |v| name.set(v))
                error=Signal::derive(move || fields.with(|f| f.get("name").cloned()))
                autofocus=true
            />
            <ErrorNotice error=submit.error />
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=submit.pending()>
                    {tr!(i18n, tablets.create)}
                </button>
                <button type="button" class="btn btn-secondary" on:click=move |_| on_cancel.run(())>
                    {tr!(i18n, app.cancel)}
                </button>
            </div>
        </Form>
    }
}

/// The one-time code, large enough to read across a desk.
#[component]
fn CodeCard(
    /// The new tablet and its code.
    created: DeviceCreated,
    /// Called when the person has typed the code on the tablet.
    #[prop(into)]
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = created.device.name.clone();
    let time = short_time(created.code_expires_at);
    view! {
        <div class="card code-card" role="status">
            <h2>{trf!(i18n, tablets.code_for, name = name)}</h2>
            <p class="enroll-code" data-testid="enroll-code">{created.enroll_code}</p>
            <p>{trf!(i18n, tablets.code_hint, time = time)}</p>
            <button type="button" class="btn btn-primary" on:click=move |_| on_done.run(())>
                {tr!(i18n, tablets.done)}
            </button>
        </div>
    }
}
