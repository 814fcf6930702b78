//! The signed-in layout around every feature page: who is signed in, "Switch user",
//! the account menu (language, the hotel to work in, sign out) and the navigation. Without a session it
//! sends the browser to sign-in, remembering a deep link for afterwards.

pub mod api;
pub mod not_found;
mod urgent;

use crate::components::icon::{Icon, IconKind};
use crate::components::language_picker::LanguagePicker;
use crate::components::status::{ErrorNotice, Loading};
use crate::data::Call;
use crate::i18n::{department_name, role_name, td_string, tr, use_i18n};
use crate::live::Live;
use crate::offline::reads::Reads;
use crate::offline::status::{LeaveGuard, OutboxStatus};
use crate::offline::{use_outbox, Outbox};
use crate::paths::Screen;
use crate::service_worker::use_release;
use crate::session::{use_auth, use_idle_lock, Notice};
use bellhop_api::chain::HotelSwitch;
use bellhop_api::people::{Language, MyPreferences};
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use uuid::Uuid;

/// The layout of every signed-in route; the page goes in its outlet.
#[component]
pub fn Shell() -> impl IntoView {
    let auth = use_auth();
    let signed_in = Memo::new(move |_| auth.session.with(Option::is_some));

    move || {
        if auth.checked.get() && signed_in.get() {
            view! { <SignedInLayout /> }.into_any()
        } else if auth.unreachable.get() {
            view! { <OffTheNetwork /> }.into_any()
        } else {
            view! { <div class="boot"><Loading /></div> }.into_any()
        }
    }
}

/// The app opened without a network, before anyone's session could be checked: it says
/// so and goes on by itself once the network is back.
#[component]
fn OffTheNetwork() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="content" id="main">
            <div class="notice notice-info" role="status">
                <h1>{tr!(i18n, shell.offline_title)}</h1>
                <p>{tr!(i18n, shell.offline_wait)}</p>
                <button type="button" class="btn btn-primary" on:click=|_| { let _ = window().location().reload(); }>
                    {tr!(i18n, shell.try_again)}
                </button>
            </div>
        </main>
    }
}

/// A new release is on the tablet: one tap loads it (or it takes over at the next
/// sign-in), never by itself under someone's work.
#[component]
fn UpdateNotice() -> impl IntoView {
    let i18n = use_i18n();
    let release = use_release();
    view! {
        <Show when=move || release.ready().get()>
            <div class="notice notice-info" role="status">
                <p>{tr!(i18n, shell.update_ready)}</p>
                <button type="button" class="btn btn-primary" on:click=move |_| release.take()>
                    {tr!(i18n, shell.update_reload)}
                </button>
            </div>
        </Show>
    }
}

#[component]
fn SignedInLayout() -> impl IntoView {
    let auth = use_auth();
    use_idle_lock(auth);
    // Lives (and its event stream stays open) as long as this session's layout.
    Live::provide();
    let person = auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.user.id))
        .unwrap_or_default();
    Outbox::provide(person);
    let reads = Reads::start(person);
    view! {
        <div class="shell">
            <Header />
            <NavBar />
            <main class="content" id="main">
                <OutboxStatus reads=reads />
                <UpdateNotice />
                <urgent::UrgentBanner />
                <Outlet />
            </main>
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);

    let property = move || auth.session.with(|s| s.as_ref().map(|s| s.property.name.clone()));
    let name = move || auth.session.with(|s| s.as_ref().map(|s| s.user.display_name.clone()));
    let initials = move || {
        name()
            .unwrap_or_default()
            .chars()
            .find(|c| !c.is_whitespace())
            .map(String::from)
            .unwrap_or_default()
    };
    // "Switch user" is one tap from every page: it ends this session on the server
    // and leaves the sign-in form ready for the next person; with writes still waiting
    // it asks first.
    let leaving = RwSignal::new(false);
    let waiting = use_outbox().waiting();
    let leave = Callback::new(move |()| auth.sign_out(Notice::SignedOut));
    let switch_user = move || {
        menu_open.set(false);
        if waiting.get_untracked() > 0 {
            leaving.set(true);
        } else {
            leave.run(());
        }
    };

    view! {
        <header class="topbar">
            <div class="topbar-brand">
                <span class="brand-mark" aria-hidden="true">"B"</span>
                <span class="topbar-property">{property}</span>
            </div>
            <button type="button" class="btn btn-switch" data-testid="switch-user" on:click=move |_| switch_user()>
                <Icon kind=IconKind::SwitchUser />
                <span>{tr!(i18n, shell.switch_user)}</span>
            </button>
            <button
                type="button"
                class="btn btn-account"
                aria-haspopup="true"
                aria-expanded=move || menu_open.get().to_string()
                aria-label=tr!(i18n, shell.account)
                on:click=move |_| menu_open.update(|o| *o = !*o)
            >
                <span class="avatar" aria-hidden="true">{initials}</span>
                <span class="account-name">{name}</span>
            </button>
            <Show when=move || menu_open.get()>
                <div class="backdrop" on:click=move |_| menu_open.set(false)></div>
                <AccountMenu on_close=Callback::new(move |()| menu_open.set(false)) on_sign_out=Callback::new(move |()| switch_user()) />
            </Show>
            <LeaveGuard asking=leaving leave=leave />
        </header>
    }
}

/// Who is signed in, their language and "Sign out".
#[component]
fn AccountMenu(
    /// Called when the menu should close.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called for "Sign out".
    on_sign_out: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();

    let user = move || auth.session.with(|s| s.as_ref().map(|s| s.user.clone()));
    let who = move || {
        user().map(|u| {
            let locale = i18n.get_locale();
            let dept = u.department_id.and_then(|id| {
                auth.departments
                    .with(|ds| ds.iter().find(|d| d.id == id).map(|d| department_name(locale, d)))
            });
            let detail = match dept {
                Some(d) => format!("{} · {d}", role_name(locale, u.role)),
                None => role_name(locale, u.role).to_owned(),
            };
            view! {
                <p class="menu-name">{u.display_name}</p>
                <p class="menu-detail">{detail}</p>
                <p class="menu-detail">{u.employee_no}</p>
            }
        })
    };

    let language = Signal::derive(move || {
        auth.session
            .with(|s| s.as_ref().map(|s| s.user.language).unwrap_or_default())
    });
    let save = Call::each();
    let save_language = move |lang: Language| {
        let req = MyPreferences { language: lang };
        save.run(async move {
            let member = api::set_preferences(&req).await?;
            auth.set_language(member.language);
            auth.session.update(|s| {
                if let Some(s) = s.as_mut() {
                    s.user = member;
                }
            });
            Ok(())
        });
    };

    view! {
        <div class="menu" role="dialog" aria-label=tr!(i18n, shell.account)>
            <p class="menu-label">{tr!(i18n, shell.signed_in_as)}</p>
            {who}
            <HotelSwitcher />
            <p class="menu-label">{tr!(i18n, shell.my_language)}</p>
            <LanguagePicker
                value=language
                on_change=Callback::new(move |lang| {
                    save_language(lang);
                })
                label=tr!(i18n, shell.my_language)
            />
            <ErrorNotice error=save.error />
            <button
                type="button"
                class="btn btn-secondary btn-block"
                data-testid="sign-out"
                on:click=move |_| {
                    on_close.run(());
                    on_sign_out.run(());
                }
            >
                <Icon kind=IconKind::SignOut />
                {tr!(i18n, shell.sign_out)}
            </button>
        </div>
    }
}

/// For people with a role in more than one hotel: the hotels, a big button each. The
/// session moves on the server, then the start page loads afresh, so nothing of the
/// last hotel stays on the screen or in memory.
#[component]
fn HotelSwitcher() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let hotels = move || {
        auth.session
            .with(|s| s.as_ref().map(|s| (s.property.id, s.hotels.clone())))
    };
    let switch = Call::each();
    let choose = move |property_id: Uuid| {
        switch.run(async move {
            api::switch_hotel(&HotelSwitch { property_id }).await?;
            let _ = window().location().set_href(&Screen::Tasks.href());
            Ok(())
        });
    };
    move || {
        let (here, hotels) = hotels()?;
        (hotels.len() > 1).then(|| {
            let locale = i18n.get_locale();
            view! {
                <p class="menu-label">{tr!(i18n, shell.work_in)}</p>
                <ul class="hotel-switch" data-testid="hotel-switch">
                    {hotels
                        .into_iter()
                        .map(|h| {
                            let current = h.property_id == here;
                            let id = h.property_id;
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="btn btn-secondary btn-block hotel-choice"
                                        class:current=current
                                        aria-current=current.then_some("true")
                                        disabled=move || current || switch.pending().get()
                                        on:click=move |_| choose(id)
                                    >
                                        <span>{h.name}</span>
                                        <span class="menu-detail">
                                            {if current {
                                                td_string!(locale, shell.here).to_owned()
                                            } else {
                                                role_name(locale, h.role).to_owned()
                                            }}
                                        </span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <ErrorNotice error=switch.error />
            }
        })
    }
}

#[component]
fn NavBar() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let shows_admin = move || {
        auth.session
            .with(|s| s.as_ref().is_some_and(|s| Screen::Admin.opens_for(s.user.role)))
    };
    // Those who work the rooms: housekeeping, the front desk, and everyone who runs a
    // department.
    let shows_rooms = move || {
        let Some((role, department)) = auth
            .session
            .with(|s| s.as_ref().map(|s| (s.user.role, s.user.department_id)))
        else {
            return false;
        };
        role.runs_department()
            || auth.departments.with(|ds| {
                ds.iter()
                    .any(|d| Some(d.id) == department && matches!(d.code.as_str(), "housekeeping" | "front_office"))
            })
    };
    view! {
        <nav class="navbar" aria-label=tr!(i18n, nav.main)>
            <A href=Screen::Tasks attr:class="nav-item">
                <Icon kind=IconKind::Tasks />
                <span>{tr!(i18n, nav.tasks)}</span>
            </A>
            <A href=Screen::Audits attr:class="nav-item">
                <Icon kind=IconKind::Audits />
                <span>{tr!(i18n, nav.audits)}</span>
            </A>
            <Show when=shows_rooms>
                <A href=Screen::Rooms attr:class="nav-item">
                    <Icon kind=IconKind::Rooms />
                    <span>{tr!(i18n, nav.room_board)}</span>
                </A>
            </Show>
            <A href=Screen::Training attr:class="nav-item">
                <Icon kind=IconKind::Training />
                <span>{tr!(i18n, nav.training)}</span>
            </A>
            <A href=Screen::Star attr:class="nav-item">
                <Icon kind=IconKind::Star />
                <span>{tr!(i18n, nav.star)}</span>
            </A>
            <Show when=shows_admin>
                <A href=Screen::Admin attr:class="nav-item">
                    <Icon kind=IconKind::Admin />
                    <span>{tr!(i18n, nav.admin)}</span>
                </A>
            </Show>
        </nav>
    }
}
