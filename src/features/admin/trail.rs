//! `/admin/trail` (managers and admins): the trail of administrative changes, newest
//! first, a page at a time — who, when, what, and what changed from before to after.
//! The filters (kind, who, from and to) live in the address, and the CSV link takes
//! the same ones.

use bellhop_api::admin_events::{AdminEvent, AdminEventKind, AdminEventQuery};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::components::paging::{page_window, Pages, ShowMore};
use crate::features::admin::api;
use crate::features::admin::AdminTabs;
use crate::i18n::{department_name, short_time, td_string, tr, trf, use_i18n, Locale};
use crate::paths::query_filter;
use crate::session::use_auth;

#[component]
pub fn TrailPage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <Trail />
        </section>
    }
}

fn kind_name(locale: Locale, kind: AdminEventKind) -> &'static str {
    use AdminEventKind::*;
    match kind {
        StaffCreated => td_string!(locale, trail.kind.staff_created),
        StaffChanged => td_string!(locale, trail.kind.staff_changed),
        StaffDeactivated => td_string!(locale, trail.kind.staff_deactivated),
        RoleChanged => td_string!(locale, trail.kind.role_changed),
        StaffDepartmentChanged => td_string!(locale, trail.kind.staff_department_changed),
        SecretReset => td_string!(locale, trail.kind.secret_reset),
        SetupCodeIssued => td_string!(locale, trail.kind.setup_code_issued),
        SetupCodeRedeemed => td_string!(locale, trail.kind.setup_code_redeemed),
        StaffImported => td_string!(locale, trail.kind.staff_imported),
        TabletAdded => td_string!(locale, trail.kind.tablet_added),
        TabletEnrolled => td_string!(locale, trail.kind.tablet_enrolled),
        TabletRevoked => td_string!(locale, trail.kind.tablet_revoked),
        HotelChanged => td_string!(locale, trail.kind.hotel_changed),
        DepartmentAdded => td_string!(locale, trail.kind.department_added),
        DepartmentChanged => td_string!(locale, trail.kind.department_changed),
        DepartmentRetired => td_string!(locale, trail.kind.department_retired),
        RoomAdded => td_string!(locale, trail.kind.room_added),
        RoomChanged => td_string!(locale, trail.kind.room_changed),
        RoomRetired => td_string!(locale, trail.kind.room_retired),
        RoomsImported => td_string!(locale, trail.kind.rooms_imported),
        TaskTypeAdded => td_string!(locale, trail.kind.task_type_added),
        TaskTypeChanged => td_string!(locale, trail.kind.task_type_changed),
        StarSettingsChanged => td_string!(locale, trail.kind.star_settings_changed),
        HotelCreated => td_string!(locale, trail.kind.hotel_created),
        HotelRenamed => td_string!(locale, trail.kind.hotel_renamed),
        HotelRetired => td_string!(locale, trail.kind.hotel_retired),
        HotelReopened => td_string!(locale, trail.kind.hotel_reopened),
        HotelRoleGiven => td_string!(locale, trail.kind.hotel_role_given),
        HotelRoleTaken => td_string!(locale, trail.kind.hotel_role_taken),
        ChainAdminGranted => td_string!(locale, trail.kind.chain_admin_granted),
        ChainAdminWithdrawn => td_string!(locale, trail.kind.chain_admin_withdrawn),
    }
}

#[component]
fn Trail() -> impl IntoView {
    let i18n = use_i18n();
    let (kind, set_kind) = query_filter::<String>("kind");
    let (actor, set_actor) = query_filter::<Uuid>("actor");
    let (from, set_from) = query_filter::<NaiveDate>("from");
    let (to, set_to) = query_filter::<NaiveDate>("to");
    let filter = Memo::new(move |_| AdminEventQuery {
        kind: kind.get().as_deref().and_then(AdminEventKind::parse),
        actor: actor.get(),
        from: from.get(),
        to: to.get(),
        ..AdminEventQuery::default()
    });
    let pages = Pages::new(move |offset| {
        let f = filter.get_untracked();
        async move { api::trail(&f, page_window(offset)).await }
    });
    // A new filter starts the list again.
    Effect::new(move |_| {
        filter.track();
        pages.reload();
    });
    // Who the actor filter names, read off a row that showed them.
    let actor_name = RwSignal::new(None::<String>);
    let pick_actor = Callback::new(move |(id, name): (Uuid, String)| {
        actor_name.set(Some(name));
        set_actor.set(Some(id));
    });

    let kinds = move || {
        let locale = i18n.get_locale();
        AdminEventKind::ALL
            .into_iter()
            .map(|k| {
                view! {
                    <option value=k.as_str() selected=move || kind.get().as_deref() == Some(k.as_str())>
                        {kind_name(locale, k)}
                    </option>
                }
            })
            .collect_view()
    };
    let date_field = move |id: &'static str,
                           label: Signal<String>,
                           value: Memo<Option<NaiveDate>>,
                           set: SignalSetter<Option<NaiveDate>>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    type="date"
                    prop:value=move || value.get().map(|d| d.to_string()).unwrap_or_default()
                    on:change=move |ev| set.set(event_target_value(&ev).parse().ok())
                />
            </div>
        }
    };

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, trail.title)}</h1>
            <a class="btn btn-secondary" href=move || api::trail_csv(&filter.get()) download="admin-events.csv">
                {tr!(i18n, trail.csv)}
            </a>
        </div>
        <div class="filters">
            <div class="field">
                <label for="f-trail-kind">{tr!(i18n, trail.kind_label)}</label>
                <select id="f-trail-kind" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set_kind.set((!v.is_empty()).then_some(v));
                }>
                    <option value="">{tr!(i18n, trail.all_kinds)}</option>
                    {kinds}
                </select>
            </div>
            {date_field("f-trail-from", tr!(i18n, trail.from), from, set_from)}
            {date_field("f-trail-to", tr!(i18n, trail.to), to, set_to)}
        </div>
        {move || {
            actor.get().map(|_| {
                let name = actor_name.get().unwrap_or_else(|| tr!(i18n, trail.someone).get());
                view! {
                    <p class="filter-chip">
                        {trf!(i18n, trail.by_only, name = name)}
                        " "
                        <button type="button" class="btn btn-link" on:click=move |_| {
                            actor_name.set(None);
                            set_actor.set(None);
                        }>{tr!(i18n, trail.everyone)}</button>
                    </p>
                }
            })
        }}
        <ul class="rows trail">
            <For each=move || pages.rows.get() key=|e| e.id let:event>
                <TrailRow event=event on_actor=pick_actor />
            </For>
        </ul>
        <Show when=move || pages.ready() && pages.rows.with(Vec::is_empty)>
            <p class="empty">{tr!(i18n, trail.empty)}</p>
        </Show>
        <ShowMore pages=pages />
    }
}

/// A value of a record as a person reads it: text bare, nothing as "—", a department
/// by its name.
fn readable(locale: Locale, value: &Value, departments: &[bellhop_api::people::Department]) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::String(s) => match s
            .parse::<Uuid>()
            .ok()
            .and_then(|id| departments.iter().find(|d| d.id == id))
        {
            Some(d) => department_name(locale, d),
            None => s.clone(),
        },
        Value::Bool(true) => td_string!(locale, trail.yes).to_owned(),
        Value::Bool(false) => td_string!(locale, trail.no).to_owned(),
        other => other.to_string(),
    }
}

/// What changed, field by field: `name: Old → New`; for an addition, what it was made with.
fn changes(locale: Locale, e: &AdminEvent, departments: &[bellhop_api::people::Department]) -> Vec<String> {
    let empty = serde_json::Map::new();
    let before = e.before.as_ref().and_then(Value::as_object);
    let after = e.after.as_ref().and_then(Value::as_object).unwrap_or(&empty);
    let value = |v: &Value| readable(locale, v, departments);
    after
        .iter()
        .filter(|(key, _)| *key != "id")
        .filter_map(|(key, new)| match before {
            Some(before) => {
                let old = before.get(key).unwrap_or(&Value::Null);
                (old != new).then(|| format!("{key}: {} → {}", value(old), value(new)))
            }
            None => Some(format!("{key}: {}", value(new))),
        })
        .collect()
}

#[component]
fn TrailRow(
    /// The entry.
    event: AdminEvent,
    /// Takes the person who made it, to show only their changes.
    on_actor: Callback<(Uuid, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let locale = i18n.locale_now();
    let lines = auth.departments.with_untracked(|ds| changes(locale, &event, ds));
    let who = match (event.actor_id, event.actor_name.clone()) {
        (Some(id), Some(name)) => {
            let label = name.clone();
            view! {
                <button type="button" class="btn btn-link actor" on:click=move |_| on_actor.run((id, name.clone()))>
                    {label}
                </button>
            }
            .into_any()
        }
        _ => view! { <span class="actor">{tr!(i18n, trail.no_one)}</span> }.into_any(),
    };
    view! {
        <li class="row-card trail-entry" data-kind=event.kind.as_str()>
            <div class="row-main">
                <p class="row-title">
                    {kind_name(locale, event.kind)}
                    <span class="pill">{event.subject_label}</span>
                </p>
                <p class="row-detail">{short_time(event.at)} " · " {who}</p>
                {(!lines.is_empty())
                    .then(|| {
                        view! {
                            <ul class="trail-changes">
                                {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                            </ul>
                        }
                    })}
            </div>
        </li>
    }
}
