//! Who is signed in, and everything that ends a session on this screen: sign-out,
//! switching user, the idle lock and a 401 from the server.
//!
//! Person data lives only in these signals (memory), never in browser storage, so that
//! clearing them leaves nothing of the previous person behind on a shared tablet.

use std::time::Duration;

use bellhop_api::people::{Department, Language, Role};
use bellhop_api::session::{SessionInfo, ThisDevice};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::features::shell::api as shell_api;
use crate::features::signin::api as signin_api;
use crate::i18n::{locale_of, I18n};

/// Why the sign-in screen is showing; it says so to the next person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Notice {
    SignedOut,
    IdleLocked,
    SessionEnded,
}

impl Notice {
    /// How the portal tells the sign-in app (`/signin?notice=…`).
    pub fn code(self) -> &'static str {
        match self {
            Notice::SignedOut => "signed_out",
            Notice::IdleLocked => "idle",
            Notice::SessionEnded => "ended",
        }
    }

    pub fn from_code(code: &str) -> Option<Notice> {
        [Notice::SignedOut, Notice::IdleLocked, Notice::SessionEnded]
            .into_iter()
            .find(|n| n.code() == code)
    }
}

/// The app's session state, provided as context at the top of the app.
#[derive(Clone, Copy)]
pub struct Auth {
    /// The signed-in person, their property and session limits.
    pub session: RwSignal<Option<SessionInfo>>,
    /// The first `GET /api/session` has answered.
    pub checked: RwSignal<bool>,
    /// That first check got no answer: the tablet is off the network.
    pub unreachable: RwSignal<bool>,
    /// The property's departments, to name the signed-in person's.
    pub departments: RwSignal<Vec<Department>>,
    /// What this browser is (an enrolled tablet or not); `None` until known.
    pub device: RwSignal<Option<ThisDevice>>,
    /// Why the sign-in screen shows (sign-in app).
    pub notice: RwSignal<Option<Notice>>,
    i18n: I18n,
}

impl Auth {
    pub fn new(i18n: I18n) -> Self {
        Auth {
            session: RwSignal::new(None),
            checked: RwSignal::new(false),
            unreachable: RwSignal::new(false),
            departments: RwSignal::new(Vec::new()),
            device: RwSignal::new(None),
            notice: RwSignal::new(None),
            i18n,
        }
    }

    /// A session started (or was found at start): show it in the person's language.
    pub fn signed_in(self, info: SessionInfo) {
        self.set_language(info.user.language);
        crate::clock::use_time_zone(&info.property.time_zone);
        self.notice.set(None);
        self.session.set(Some(info));
        spawn_local(async move {
            if let Ok(depts) = shell_api::departments().await {
                if self.session.with_untracked(Option::is_some) {
                    self.departments.set(depts);
                }
            }
        });
    }

    pub fn set_language(self, lang: Language) {
        self.i18n.set_locale(locale_of(lang));
    }

    /// Drops everything of the person from the screen and memory, and leaves for the
    /// sign-in app (a fresh page: nothing of the person survives in the tab).
    pub fn clear(self, notice: Notice) {
        crate::drafts::forget_all();
        // Read before the session goes: the layout that knew the person unmounts with it.
        let person = self.person();
        self.session.set(None);
        self.departments.set(Vec::new());
        spawn_local(async move {
            crate::offline::leave(person).await;
            crate::apps::to_signin(Some(notice), None);
        });
    }

    /// Ends the session on the server, clearing the screen at once. The sign-in app
    /// loads once the server has answered (or after 3 s offline), so a late sign-out
    /// can never end the next person's session.
    pub fn sign_out(self, notice: Notice) {
        crate::drafts::forget_all();
        let person = self.person();
        self.session.set(None);
        self.departments.set(Vec::new());
        // Plain memory, not a signal: the page that asked is gone by the time this runs.
        let left = std::rc::Rc::new(std::cell::Cell::new(false));
        let leave = move || {
            if !left.replace(true) {
                crate::apps::to_signin(Some(notice), None);
            }
        };
        let on_answer = leave.clone();
        spawn_local(async move {
            crate::offline::leave(person).await;
            let _ = shell_api::sign_out().await;
            on_answer();
        });
        set_timeout(leave, Duration::from_secs(3));
    }

    /// The signed-in person's id.
    fn person(self) -> Option<uuid::Uuid> {
        self.session.with_untracked(|s| s.as_ref().map(|s| s.user.id))
    }

    pub fn refresh_device(self) {
        spawn_local(async move {
            match signin_api::this_device().await {
                Ok(dev) => self.device.set(Some(dev)),
                // Unknown (offline): offer the password form rather than wait forever.
                Err(_) if self.device.with_untracked(Option::is_none) => self.device.set(Some(ThisDevice {
                    device: None,
                    property_name: None,
                })),
                Err(_) => {}
            }
        });
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Signs out after the session's idle timeout without touch or keyboard input, and
/// keeps the server session alive while the person is working (the server counts
/// requests, the person may be reading or typing for a while without one).
/// Call it from the signed-in layout: it stops when that unmounts.
pub fn use_idle_lock(auth: Auth) {
    let last_input = StoredValue::new(now_ms());
    let last_ping = StoredValue::new(now_ms());
    let touch = move || last_input.set_value(now_ms());

    let handles = [
        window_event_listener(ev::pointerdown, move |_| touch()),
        window_event_listener(ev::keydown, move |_| touch()),
        window_event_listener(ev::touchstart, move |_| touch()),
        window_event_listener(ev::wheel, move |_| touch()),
    ];

    let tick = move || {
        let Some(idle_ms) = auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| i64::from(s.idle_timeout_secs) * 1000))
        else {
            return;
        };
        let now = now_ms();
        let input = last_input.get_value();
        if now - input >= idle_ms {
            auth.sign_out(Notice::IdleLocked);
        } else if input > last_ping.get_value() && now - last_ping.get_value() >= idle_ms / 3 {
            last_ping.set_value(now);
            // A 401 here reaches the app through `api::on_session_lost`.
            spawn_local(async move {
                let _ = shell_api::session().await;
            });
        }
    };
    let interval = set_interval_with_handle(tick, Duration::from_secs(2)).ok();

    on_cleanup(move || {
        for h in handles {
            h.remove();
        }
        if let Some(i) = interval {
            i.clear();
        }
    });
}

/// The signed-in person's role (the shell only renders pages with a session).
pub fn use_role() -> Signal<Option<Role>> {
    let auth = use_auth();
    Signal::derive(move || auth.session.with(|s| s.as_ref().map(|s| s.user.role)))
}
