//! `GET /api/events`: the changes a signed-in person may hear of, each with its number
//! in the hotel's sequence as the event's id. A stream that names the last id it heard
//! (the browser's `Last-Event-ID` on its own reconnects, or `last_event_id` when the app
//! opens the stream again) first gets what it missed, from the window, then live ones.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::window::{self, Missed};
use super::{Announced, AuditNotice, Change, Heard, NotificationNotice, RoomNotice, TaskNotice};
use crate::app::AppState;
use crate::auth::Auth;
use crate::extract::Query;
use bellhop_api::live::{AuditChange, EventsQuery, LiveEvent, TaskChanged};
use bellhop_api::people::Role;

/// Who holds a stream, as the filters need them.
struct Listener {
    property: String,
    department: Option<String>,
    me: String,
    role: Role,
}

impl Listener {
    fn sees_all(&self) -> bool {
        self.role.manages_property()
    }

    fn sees_task(&self, notice: &TaskNotice) -> bool {
        notice.property_id == self.property
            && (self.sees_all()
                || self.department.as_deref() == Some(notice.change.department_id.to_string().as_str())
                || notice.people.iter().flatten().any(|p| *p == self.me))
    }

    /// Managers and the audit's own auditor hear of everything; a published audit also
    /// reaches the person audited and their department's supervisor, as their feedback
    /// does. Nobody else hears of an audit before it is published: it is undercover.
    fn sees_audit(&self, notice: &AuditNotice) -> bool {
        let published_to_me = notice.change.change == AuditChange::Published
            && (notice.subject_staff_id.as_deref() == Some(self.me.as_str())
                || (self.role == Role::Supervisor
                    && self.department.as_deref() == Some(notice.department_id.as_str())));
        notice.property_id == self.property && (self.sees_all() || notice.auditor_id == self.me || published_to_me)
    }

    fn sees_room(&self, notice: &RoomNotice) -> bool {
        notice.property_id == self.property
    }

    fn sees_notification(&self, notice: &NotificationNotice) -> bool {
        notice.property_id == self.property && notice.staff_id == self.me
    }

    /// The event for a change, if this listener may hear of it.
    fn event(&self, announced: &Announced) -> Option<Event> {
        let event = match &announced.change {
            Change::Task(notice) => self.sees_task(notice).then(|| LiveEvent::Task(notice.change.clone())),
            Change::Audit(notice) => self.sees_audit(notice).then(|| LiveEvent::Audit(notice.change.clone())),
            Change::Room(notice) => self.sees_room(notice).then(|| LiveEvent::Room(notice.change.clone())),
            Change::Notification(notice) => self
                .sees_notification(notice)
                .then(|| LiveEvent::Notification(notice.change.clone())),
        }?;
        Some(sse(&event).id(announced.seq.to_string()))
    }
}

/// The stream's form of an event.
fn sse(event: &LiveEvent) -> Event {
    Event::default().event(event.name()).data(event.data())
}

/// An id with no event: the browser notes it as the last id heard (and sends it when it
/// reconnects), the app sees nothing.
fn mark(seq: i64) -> Event {
    Event::default().id(seq.to_string())
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// A stream of `task` events (JSON: task_id, department_id, version, urgent) for the
/// tasks the signed-in person may see, and of `audit` events (JSON: audit_id, change)
/// for the audits they may follow, of `room` events (JSON: room_id, version,
/// housekeeping, occupancy, urgent) for every room of the hotel, and of `notification`
/// events (JSON: notification_id, kind) for the person's own inbox. Each event's id is
/// its number in the hotel's sequence; given the last id heard (the `Last-Event-ID`
/// header, or `last_event_id`), the events since come first, in order, or one `resync`
/// event when they are no longer all kept. A comment line every 15 s keeps proxies open.
#[utoipa::path(get, path = "/events", tag = "tasks",
    params(EventsQuery, ("Last-Event-ID" = Option<String>, Header, description = "The id of the last event heard; wins over `last_event_id`")),
    responses(
        (status = 200, description = "text/event-stream of `task` events, of `audit` events (AuditChanged), of `room` events (RoomChanged), of `notification` events (NotificationChanged), and of `resync` events (`{}`)", content_type = "text/event-stream", body = TaskChanged),
    ))]
async fn events(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Query(query): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let listener = Arc::new(Listener {
        property: auth.property_id().to_owned(),
        department: auth.department_id.clone(),
        me: auth.staff.id.clone(),
        role: auth.role(),
    });
    // Listening before reading the window: what commits meanwhile is heard at least
    // once, and what was replayed is passed over by its number.
    let heard = BroadcastStream::new(state.live.local.0.subscribe());
    let heard_up_to = headers
        .get("last-event-id")
        .and_then(|id| id.to_str().ok())
        .map(str::to_owned)
        .or(query.last_event_id);
    let (opening, floor) = catch_up(&state, &listener, heard_up_to.as_deref()).await;
    let live = heard.filter_map(move |heard| {
        std::future::ready(match heard {
            Ok(Heard::Change(announced)) if announced.seq > floor => listener.event(&announced),
            Ok(Heard::Change(_)) => None,
            // A lagging listener skips ahead; the app reloads on the `resync` event.
            Ok(Heard::Lost) | Err(_) => Some(sse(&LiveEvent::Resync)),
        })
    });
    let mut shutdown = state.live.shutdown.subscribe();
    let stopped = async move {
        let _ = shutdown.wait_for(|stop| *stop).await;
    };
    let changes = stream::iter(opening).chain(live).map(Ok).take_until(stopped);
    Sse::new(changes).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The stream's first events — what was missed since `heard_up_to`, or a resync — and
/// the number live events must be past to be new to it.
async fn catch_up(state: &AppState, listener: &Listener, heard_up_to: Option<&str>) -> (Vec<Event>, i64) {
    let pool = &state.db.pool;
    let property = listener.property.as_str();
    let missed = match heard_up_to {
        None => window::last(pool, property)
            .await
            .map(|last| Missed::Events(vec![]).up_to(last)),
        Some(id) => match id.trim().parse::<i64>() {
            Ok(after) => window::since(pool, property, after, state.clock.now_ms())
                .await
                .map(|missed| missed.up_to(after)),
            // Not an id this server gave.
            Err(_) => window::last(pool, property)
                .await
                .map(|last| (Missed::Resync { last }, last)),
        },
    };
    match missed {
        Ok((Missed::Events(events), floor)) => {
            let mut opening: Vec<Event> = events.iter().filter_map(|e| listener.event(e)).collect();
            // The browser's last id moves past what this person may not hear of too.
            opening.push(mark(floor));
            (opening, floor)
        }
        Ok((Missed::Resync { last }, _)) => (vec![sse(&LiveEvent::Resync).id(last.to_string())], last),
        Err(err) => {
            tracing::warn!(%err, "live window not read");
            (vec![sse(&LiveEvent::Resync)], 0)
        }
    }
}

impl Missed {
    /// With the number of the latest event it accounts for: the last replayed, or
    /// `heard` when nothing was missed.
    fn up_to(self, heard: i64) -> (Missed, i64) {
        let floor = match &self {
            Missed::Events(events) => events.last().map_or(heard, |e| e.seq),
            Missed::Resync { last } => *last,
        };
        (self, floor)
    }
}
