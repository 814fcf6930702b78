//! Live task, audit and room changes: one `EventSource` on `GET /api/events` per signed-in session, and
//! the property's task types and rooms, fetched once per session; both are contexts of
//! the signed-in layout, so they end (the stream closes) on sign-out or a user switch.
//!
//! An event only names the task, audit or room that changed; pages reload what they show through the
//! ordinary reads. After a drop the stream names the last event id it heard and the server
//! replays what was missed; a `resync` event (more was missed than the server keeps, or
//! it dropped some) reloads everything on screen, once.

use std::time::Duration;

use bellhop_api::live::LiveEvent;
use bellhop_api::live::{AuditChanged, EventsQuery, RoomChanged, TaskChanged};
use bellhop_api::property::Room;
use bellhop_api::query_string;
use bellhop_api::tasks::{TaskSummary, TaskType};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource, MessageEvent};

use crate::data::Data;
use crate::features::shell::api as shell_api;
use crate::features::tasks::api as tasks_api;

/// Provided by the signed-in layout.
#[derive(Clone, Copy)]
pub struct Live {
    /// Set on every event: a task that changed, or `None` when everything may have
    /// (a resync or a reconnect).
    last: RwSignal<Option<TaskChanged>>,
    /// The same for audits.
    last_audit: RwSignal<Option<AuditChanged>>,
    /// The same for rooms' statuses.
    last_room: RwSignal<Option<RoomChanged>>,
    /// The property's task types, once loaded.
    pub types: Memo<Vec<TaskType>>,
    /// The property's rooms, once loaded.
    pub rooms: Memo<Vec<Room>>,
}

const EVENTS: &str = "/api/events";
/// How long to wait before opening a stream the browser gave up on (the server was
/// restarting, a proxy answered for it).
const REOPEN_AFTER: Duration = Duration::from_secs(5);

/// The open event stream and its handlers, kept as long as it is open.
struct Stream {
    source: Option<EventSource>,
    on_event: Closure<dyn Fn(MessageEvent)>,
    on_error: Closure<dyn Fn(Event)>,
    on_open: Closure<dyn Fn(Event)>,
}

impl Stream {
    /// Opens `url`, in place of the stream open now.
    fn open(&mut self, url: &str) {
        self.close();
        let Ok(source) = EventSource::new(url) else {
            return;
        };
        for name in LiveEvent::NAMES {
            let _ = source.add_event_listener_with_callback(name, self.on_event.as_ref().unchecked_ref());
        }
        source.set_onerror(Some(self.on_error.as_ref().unchecked_ref()));
        source.set_onopen(Some(self.on_open.as_ref().unchecked_ref()));
        self.source = Some(source);
    }

    fn close(&mut self) {
        if let Some(source) = self.source.take() {
            source.close();
        }
    }

    /// Whether the browser stopped reconnecting.
    fn closed(&self) -> bool {
        self.source
            .as_ref()
            .is_some_and(|s| s.ready_state() == EventSource::CLOSED)
    }
}

/// What a load brought, or nothing (yet, or after a failure: the lists stay empty).
fn loaded<T: Clone + PartialEq + Send + Sync + 'static>(data: Data<Vec<T>>) -> Memo<Vec<T>> {
    Memo::new(move |_| data.with(|d| d.and_then(Result::ok).cloned().unwrap_or_default()))
}

impl Live {
    /// Opens the event stream (closed again when the calling owner is cleaned up) and
    /// starts loading task types and rooms.
    pub fn provide() -> Live {
        let live = Live {
            last: RwSignal::new(None),
            last_audit: RwSignal::new(None),
            last_room: RwSignal::new(None),
            types: loaded(Data::new(tasks_api::task_types)),
            rooms: loaded(Data::new(shell_api::rooms)),
        };
        provide_context(live);
        live.listen();
        live
    }

    fn listen(self) {
        // The id of the last event heard, so a stream opened again picks up from there.
        let heard = StoredValue::new(None::<String>);
        let stream = StoredValue::new_local(None::<Stream>);
        // One handler for every event name: the contract reads each payload.
        let on_event = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let id = ev.last_event_id();
            if !id.is_empty() {
                heard.try_set_value(Some(id));
            }
            let data = ev.data().as_string().unwrap_or_default();
            match LiveEvent::read(&ev.type_(), &data) {
                Ok(LiveEvent::Task(change)) => {
                    self.last.try_set(Some(change));
                }
                Ok(LiveEvent::Audit(change)) => {
                    self.last_audit.try_set(Some(change));
                }
                Ok(LiveEvent::Room(change)) => {
                    self.last_room.try_set(Some(change));
                }
                // No page shows notifications yet.
                Ok(LiveEvent::Notification(_)) => {}
                // Missed, or unreadable: reload what is shown rather than guess.
                Ok(LiveEvent::Resync) | Err(_) => self.missed(),
            }
        });
        // The browser reconnects by itself after a drop, naming the last id it heard, and
        // the server replays what was missed (or sends a resync). The stream is opened
        // again here only when the browser gave up on it, or after being offline.
        let reopen = move || {
            let url = match heard.try_get_value().flatten() {
                Some(id) => format!(
                    "{EVENTS}{}",
                    query_string(&EventsQuery {
                        last_event_id: Some(id)
                    })
                ),
                None => {
                    self.missed();
                    EVENTS.to_owned()
                }
            };
            stream.try_update_value(|s| s.as_mut().map(|s| s.open(&url)));
        };
        let on_error = Closure::<dyn Fn(Event)>::new(move |_| {
            let closed = stream.try_with_value(|s| s.as_ref().is_some_and(Stream::closed));
            if closed == Some(true) {
                set_timeout(reopen, REOPEN_AFTER);
            }
        });
        // A stream opened without a last id starts from now: what changed between the
        // page's first reads and that moment would be missed, so it is read again once.
        let on_open = Closure::<dyn Fn(Event)>::new(move |_| {
            if heard.try_with_value(Option::is_none) == Some(true) {
                self.missed();
            }
        });
        let mut opened = Stream {
            source: None,
            on_event,
            on_error,
            on_open,
        };
        opened.open(EVENTS);
        stream.set_value(Some(opened));
        // Back online after a drop the stream may not have noticed: open it again, and
        // reload what is shown, as a reload may have failed meanwhile.
        let online = window_event_listener(leptos::ev::online, move |_| {
            reopen();
            self.missed();
        });
        on_cleanup(move || {
            online.remove();
            stream.try_update_value(|s| s.as_mut().map(Stream::close));
        });
    }

    /// Some events may have been missed: everything on screen may have changed.
    fn missed(self) {
        self.last.try_set(None);
        self.last_audit.try_set(None);
        self.last_room.try_set(None);
    }

    /// Calls `f` on every later change (not now): with the task that changed, or `None`
    /// when anything may have.
    pub fn on_change(self, f: impl Fn(Option<TaskChanged>) + 'static) {
        later(self.last, f);
    }

    /// Calls `f` on every later audit change: with the audit that changed, or `None`
    /// when any may have.
    pub fn on_audit_change(self, f: impl Fn(Option<AuditChanged>) + 'static) {
        later(self.last_audit, f);
    }

    /// Calls `f` on every later change of a room's status: with the room that changed,
    /// or `None` when any may have.
    pub fn on_room_change(self, f: impl Fn(Option<RoomChanged>) + 'static) {
        later(self.last_room, f);
    }

    /// The type of a task, by code.
    pub fn task_type(self, code: &str) -> Option<TaskType> {
        self.types.with(|ts| ts.iter().find(|t| t.code == code).cloned())
    }

    /// Whether marking the task done needs ticks first (then its detail opens instead).
    pub fn has_required_checklist(self, task: &TaskSummary) -> bool {
        self.types.with_untracked(|ts| {
            ts.iter()
                .any(|t| t.code == task.type_code && t.checklist.iter().any(|i| i.required))
        })
    }
}

/// Calls `f` with each later value of `last` (not the one it has now).
fn later<T: Clone + Send + Sync + 'static>(last: RwSignal<Option<T>>, f: impl Fn(Option<T>) + 'static) {
    Effect::new(move |seen: Option<()>| {
        let change = last.get();
        if seen.is_some() {
            f(change);
        }
    });
}

pub fn use_live() -> Live {
    expect_context::<Live>()
}

/// The time in ms for deadline countdowns: read fresh whenever something is drawn,
/// and drawn again every 30 s.
pub fn use_now() -> Signal<i64> {
    let tick = RwSignal::new(());
    let handle = set_interval_with_handle(
        move || {
            tick.try_set(());
        },
        Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    Signal::derive(move || {
        tick.track();
        js_sys::Date::now() as i64
    })
}
