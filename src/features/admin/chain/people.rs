//! `/admin/chain/people` (chain admins): the chain's people, found by name or number,
//! each with their own hotel, a role picker for every other active hotel — none,
//! auditor, manager or admin (the roles without a department; a department's role given
//! through the API shows as held) — and a button that makes them a chain admin or
//! withdraws it. A change is saved as it is picked.

use bellhop_api::chain::{ChainPeopleQuery, ChainPerson, Hotel, RoleGrant};
use bellhop_api::people::Role;
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::status::{both, phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::admin::{api, AdminTabs};
use crate::i18n::{role_name, td_string, tr, use_i18n};
use crate::paths::query_text;

/// The roles picked here: those without a department.
const HOTEL_WIDE_ROLES: [Role; 3] = [Role::Auditor, Role::Manager, Role::Admin];

#[component]
pub fn ChainPeoplePage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <People />
        </section>
    }
}

#[component]
fn People() -> impl IntoView {
    let i18n = use_i18n();
    let (words, set_words) = query_text("q");
    let hotels = Data::new(api::hotels);
    let people = Data::new(move || {
        let query = ChainPeopleQuery {
            q: Some(words.get()).filter(|w| !w.is_empty()),
            limit: Some(100),
            ..ChainPeopleQuery::default()
        };
        async move { api::chain_people(&query).await }
    });
    let change = Call::each();
    let replace = move |updated: ChainPerson| {
        people.update(|page| {
            if let Some(p) = page.items.iter_mut().find(|p| p.id == updated.id) {
                *p = updated;
            }
        });
    };
    let set_role = move |person: Uuid, hotel: Uuid, role: Option<Role>| {
        change.run(async move {
            let grant = role.map(|role| RoleGrant {
                role,
                department_id: None,
            });
            replace(match grant {
                Some(grant) => api::give_role(person, hotel, &grant).await?,
                None => api::take_role(person, hotel).await?,
            });
            Ok(())
        });
    };
    let set_chain_admin = move |person: Uuid, chain_admin: bool| {
        change.run(async move {
            replace(api::set_chain_admin(person, chain_admin).await?);
            Ok(())
        });
    };

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, chain.people_title)}</h1>
        </div>
        <p class="hint">{tr!(i18n, chain.people_about)}</p>
        <div class="filters">
            <div class="field">
                <label for="f-chain-people">{tr!(i18n, chain.search)}</label>
                <input
                    id="f-chain-people"
                    type="search"
                    prop:value=words
                    on:change=move |ev| set_words.set(event_target_value(&ev))
                />
            </div>
        </div>
        <ErrorNotice error=change.error />
        <Loaded phase=both(phase_of(hotels), phase_of(people)) retry=move |()| {
            hotels.refetch();
            people.refetch();
        }>
            {move || {
                let all: Vec<Hotel> = hotels.get().and_then(Result::ok)?.into_iter().filter(|h| h.active).collect();
                let page = people.get().and_then(Result::ok)?;
                Some(
                    view! {
                        <ul class="rows">
                            {page
                                .items
                                .into_iter()
                                .map(|p| view! { <PersonRow
                                        person=p
                                        hotels=all.clone()
                                        set_role=set_role
                                        set_chain_admin=set_chain_admin
                                        pending=change.pending()
                                    /> })
                                .collect_view()}
                        </ul>
                    },
                )
            }}
        </Loaded>
    }
}

/// One person: who they are, their own hotel, and their role in each other hotel.
#[component]
fn PersonRow(
    /// The person as the chain lists them.
    person: ChainPerson,
    /// The chain's active hotels.
    hotels: Vec<Hotel>,
    /// Gives (`Some`) or takes (`None`) the person's role in a hotel.
    set_role: impl Fn(Uuid, Uuid, Option<Role>) + Copy + 'static,
    /// Grants (`true`) or withdraws the person's chain admin flag.
    set_chain_admin: impl Fn(Uuid, bool) + Copy + 'static,
    /// A change is on its way.
    pending: Memo<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale();
    let home = hotels
        .iter()
        .find(|h| h.id == person.property_id)
        .map(|h| h.name.clone())
        .unwrap_or_default();
    let id = person.id;
    let chain_admin = person.chain_admin;
    let others = hotels
        .into_iter()
        .filter(|h| h.id != person.property_id)
        .map(|h| {
            let hotel = h.id;
            let held = person.grants.iter().find(|g| g.property_id == hotel).map(|g| g.role);
            let select_id = format!("role-{id}-{hotel}");
            let options = HOTEL_WIDE_ROLES
                .iter()
                .chain(held.iter().filter(|r| !HOTEL_WIDE_ROLES.contains(*r)))
                .map(|r| {
                    view! {
                        <option value=r.as_str() selected=held == Some(*r)>
                            {role_name(locale, *r)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <li class="grant">
                    <label class="grant-hotel" for=select_id.clone()>{h.name}</label>
                    <select
                        id=select_id
                        data-hotel=hotel.to_string()
                        disabled=move || pending.get()
                        on:change=move |ev| set_role(id, hotel, Role::parse(&event_target_value(&ev)))
                    >
                        <option value="" selected=held.is_none()>{td_string!(locale, chain.no_role)}</option>
                        {options}
                    </select>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="row-card" data-person=person.employee_no.clone()>
            <div class="row-main">
                <p class="row-title">
                    {format!("{} {}", person.employee_no, person.display_name)}
                    {person
                        .chain_admin
                        .then(|| view! { <span class="pill">{tr!(i18n, chain.chain_admin)}</span> })}
                </p>
                <p class="row-detail">
                    {format!("{home} ({}) · {}", td_string!(locale, chain.own_hotel), role_name(locale, person.role))}
                </p>
                <ul class="grants">{others}</ul>
            </div>
            <button
                type="button"
                class="btn btn-secondary"
                data-chain-admin=person.chain_admin.to_string()
                disabled=move || pending.get()
                on:click=move |_| set_chain_admin(id, !chain_admin)
            >
                {if chain_admin {
                    td_string!(locale, chain.withdraw_chain_admin)
                } else {
                    td_string!(locale, chain.make_chain_admin)
                }}
            </button>
        </li>
    }
}
