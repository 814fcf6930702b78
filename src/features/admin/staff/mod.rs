//! `/admin/staff` (admins): staff accounts one page at a time; add, edit, deactivate
//! or reactivate, and reset a PIN or password. The forms are in `forms.rs`.

mod forms;

use bellhop_api::people::{StaffMember, StaffUpdate};
use bellhop_api::{Page, PageQuery};
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::admin::api;
use crate::features::admin::AdminTabs;
use crate::i18n::{department_name, role_name, td_string, tr, trf, use_i18n};
use crate::paths::Screen;
use crate::session::use_auth;
use leptos_router::components::A;

use self::forms::{Saved, SecretForm, StaffForm};

const PAGE_SIZE: u32 = 20;

/// Which form is open above the list.
#[derive(Debug, Clone, PartialEq)]
enum Panel {
    Closed,
    New,
    Edit(StaffMember),
    Secret(StaffMember),
}

#[component]
pub fn StaffPage() -> impl IntoView {
    view! {
        <section class="page">
            <AdminTabs />
            <StaffAdmin />
        </section>
    }
}

#[component]
fn StaffAdmin() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let offset = RwSignal::new(0u32);
    // Another page is another load.
    let list = Data::new(move || {
        let page = PageQuery {
            limit: Some(PAGE_SIZE),
            offset: Some(offset.get()),
        };
        async move { api::staff(&page).await }
    });
    let panel = RwSignal::new(Panel::Closed);
    let saved = RwSignal::new(None::<Saved>);
    let confirm = RwSignal::new(None::<Uuid>);
    let me = move || auth.session.with(|s| s.as_ref().map(|s| s.user.id));

    // Deactivating and reactivating, one at a time.
    let toggle = Call::each();
    let (toggling, action_error) = (toggle.pending(), toggle.error);
    let set_active = move |id: Uuid, active: bool| {
        let req = StaffUpdate {
            active: Some(active),
            ..Default::default()
        };
        toggle.run(async move {
            api::update_staff(id, &req).await?;
            confirm.set(None);
            list.refetch();
            Ok(())
        });
    };

    let open = move |p: Panel| {
        saved.set(None);
        action_error.set(None);
        panel.set(p);
    };
    let on_saved = Callback::new(move |what: Saved| {
        panel.set(Panel::Closed);
        saved.set(Some(what));
        list.refetch();
    });
    let on_cancel = Callback::new(move |()| panel.set(Panel::Closed));

    let row = move |m: StaffMember| {
        let locale = i18n.get_locale();
        let id = m.id;
        let dept = m.department_id.and_then(|d| {
            auth.departments
                .with(|ds| ds.iter().find(|x| x.id == d).map(|x| department_name(locale, x)))
        });
        let detail = match dept {
            Some(d) => format!("{} · {} · {d}", m.employee_no, role_name(locale, m.role)),
            None => format!("{} · {}", m.employee_no, role_name(locale, m.role)),
        };
        let secrets = [
            m.has_pin.then(|| td_string!(locale, staff.pin)),
            m.has_password.then(|| td_string!(locale, staff.password)),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let active = m.active;
        let is_me = me() == Some(id);
        let (m_edit, m_secret) = (m.clone(), m.clone());
        let name = m.display_name.clone();
        let toggle = (!is_me).then(|| {
            if active {
                view! {
                    <button type="button" class="btn btn-danger-outline" on:click=move |_| confirm.set(Some(id))>
                        {tr!(i18n, staff.deactivate)}
                    </button>
                }
                .into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="btn btn-secondary"
                        disabled=toggling
                        on:click=move |_| {
                            set_active(id, true);
                        }
                    >
                        {tr!(i18n, staff.reactivate)}
                    </button>
                }
                .into_any()
            }
        });
        view! {
            <li class="row-card" class:muted=!active data-employee=m.employee_no.clone()>
                <div class="row-main">
                    <p class="row-title">
                        {m.display_name.clone()}
                        {(!active).then(|| view! { <span class="pill pill-muted">{tr!(i18n, staff.inactive)}</span> })}
                    </p>
                    <p class="row-detail">{detail}</p>
                    <p class="row-detail">{trf!(i18n, staff.sign_in_with, methods = secrets)}</p>
                </div>
                <div class="row-actions">
                    <button type="button" class="btn btn-secondary" on:click=move |_| open(Panel::Edit(m_edit.clone()))>
                        {tr!(i18n, staff.edit)}
                    </button>
                    <button type="button" class="btn btn-secondary" on:click=move |_| open(Panel::Secret(m_secret.clone()))>
                        {tr!(i18n, staff.reset_secret)}
                    </button>
                    {toggle}
                </div>
                <Show when=move || confirm.get() == Some(id)>
                    <div class="confirm" role="alert">
                        <p>{let name = name.clone(); trf!(i18n, staff.confirm_deactivate, name = name)}</p>
                        <button
                            type="button"
                            class="btn btn-danger"
                            disabled=toggling
                            on:click=move |_| {
                                set_active(id, false);
                            }
                        >
                            {tr!(i18n, staff.confirm)}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| confirm.set(None)>
                            {tr!(i18n, app.cancel)}
                        </button>
                    </div>
                </Show>
            </li>
        }
    };

    let pager = move |page: &Page<StaffMember>| {
        let (total, off) = (page.total, page.offset);
        let shown = page.items.len() as u64;
        if total == 0 {
            return None;
        }
        let from = u64::from(off) + 1;
        let to = u64::from(off) + shown;
        Some(view! {
            <div class="pager">
                <button
                    type="button"
                    class="btn btn-secondary"
                    disabled={ off == 0 }
                    on:click=move |_| offset.set(off.saturating_sub(PAGE_SIZE))
                >
                    {tr!(i18n, staff.prev)}
                </button>
                <span class="pager-range">
                    {trf!(i18n, staff.range, from = from, to = to, total = total)}
                </span>
                <button
                    type="button"
                    class="btn btn-secondary"
                    disabled={ to >= total }
                    on:click=move |_| offset.set(off + PAGE_SIZE)
                >
                    {tr!(i18n, staff.next)}
                </button>
            </div>
        })
    };

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, staff.title)}</h1>
            <div class="row-actions">
                <A href=Screen::AdminStaffImport attr:class="btn btn-secondary">
                    {tr!(i18n, staff_import.title)}
                </A>
                <button type="button" class="btn btn-primary" on:click=move |_| open(Panel::New)>
                    {tr!(i18n, staff.add)}
                </button>
            </div>
        </div>
        {move || {
            saved
                .get()
                .map(|what| {
                    let text = match what {
                        Saved::Created(name) => trf!(i18n, staff.created, name = name).into_any(),
                        Saved::Updated => tr!(i18n, app.saved).into_any(),
                        Saved::Secret(name) => trf!(i18n, staff.secret_saved, name = name).into_any(),
                    };
                    view! { <div class="notice notice-success" role="status"><p>{text}</p></div> }
                })
        }}
        {move || match panel.get() {
            Panel::Closed => ().into_any(),
            Panel::New => view! { <StaffForm member=None on_saved=on_saved on_cancel=on_cancel /> }.into_any(),
            Panel::Edit(m) => view! { <StaffForm member=Some(m) on_saved=on_saved on_cancel=on_cancel /> }.into_any(),
            Panel::Secret(m) => view! { <SecretForm member=m on_saved=on_saved on_cancel=on_cancel /> }.into_any(),
        }}
        <ErrorNotice error=action_error />
        <Loaded phase=phase_of(list) retry=move |()| list.refetch()>
            {move || {
                list.get().and_then(Result::ok).map(|page| {
                    if page.items.is_empty() && page.offset == 0 {
                        return view! { <p class="empty">{tr!(i18n, staff.empty)}</p> }.into_any();
                    }
                    let pager_view = pager(&page);
                    view! {
                        <ul class="rows">{page.items.into_iter().map(row).collect_view()}</ul>
                        {pager_view}
                    }
                    .into_any()
                })
            }}
        </Loaded>
    }
}
