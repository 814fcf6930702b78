//! Live updates: every task and audit change is announced on an in-process channel, and
//! each open app listens through Server-Sent Events (`GET /api/events`).
//!
//! An event only says *which* task or audit changed; the app fetches what it shows,
//! through the same permission checks as any read. After a dropped connection the
//! browser reconnects by itself and the app reloads its lists, which catches up on
//! whatever it missed. With PostgreSQL the changes travel through the database, so that
//! every copy of the server hears them (`relay`).

mod relay;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::Auth;
use crate::db::{Backend, Db};
use bellhop_api::live::{AuditChange, AuditChanged, LiveEvent, TaskChanged};
use bellhop_api::people::Role;
use relay::Relayed;

/// A task change with who may hear of it; the tablets get only `change`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskNotice {
    pub property_id: String,
    /// The requester and the assignee, who see it whatever their department.
    pub people: [Option<String>; 2],
    pub change: TaskChanged,
}

/// An audit change with who may hear of it; the tablets get only `change`, so who
/// audited never leaves the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditNotice {
    pub property_id: String,
    /// The auditor, who hears of their own audits.
    pub auditor_id: String,
    /// Hear of it once published: the person audited, and the supervisor of this department.
    pub subject_staff_id: Option<String>,
    pub department_id: String,
    pub change: AuditChanged,
}

/// This server's streams: what they hear, and a call to reload everything.
#[derive(Clone, Debug)]
struct Local {
    tasks: broadcast::Sender<TaskNotice>,
    audits: broadcast::Sender<AuditNotice>,
    resync: broadcast::Sender<()>,
}

impl Default for Local {
    fn default() -> Self {
        Local {
            tasks: broadcast::channel(1024).0,
            audits: broadcast::channel(256).0,
            resync: broadcast::channel(4).0,
        }
    }
}

impl Local {
    // No listener is not an error: nobody has the app open.
    fn task(&self, notice: TaskNotice) {
        let _ = self.tasks.send(notice);
    }

    fn audit(&self, notice: AuditNotice) {
        let _ = self.audits.send(notice);
    }

    fn resync(&self) {
        let _ = self.resync.send(());
    }
}

#[derive(Clone, Debug)]
pub struct Live {
    local: Local,
    /// With PostgreSQL: the way out to every copy of the server, this one included.
    relay: Option<tokio::sync::mpsc::UnboundedSender<Relayed>>,
    shutdown: Arc<watch::Sender<bool>>,
}

impl Live {
    /// In-process with SQLite; relayed through the database with PostgreSQL.
    pub async fn start(db: &Db, database_url: &str) -> Result<Live, sqlx::Error> {
        let local = Local::default();
        let relay = match db.backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(relay::start(db.pool.clone(), database_url, local.clone()).await?),
        };
        Ok(Live {
            local,
            relay,
            shutdown: Arc::new(watch::channel(false).0),
        })
    }

    /// Ends every live stream, so a graceful shutdown does not wait on them.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    pub fn task_changed(&self, notice: TaskNotice) {
        match &self.relay {
            Some(relay) => self.relay(relay, Relayed::Task(notice)),
            None => self.local.task(notice),
        }
    }

    pub fn audit_changed(&self, notice: AuditNotice) {
        match &self.relay {
            Some(relay) => self.relay(relay, Relayed::Audit(notice)),
            None => self.local.audit(notice),
        }
    }

    fn relay(&self, relay: &tokio::sync::mpsc::UnboundedSender<Relayed>, change: Relayed) {
        if let Err(unsent) = relay.send(change) {
            unsent.0.deliver(&self.local);
        }
    }
}

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
}

/// The stream's form of an event.
fn sse(event: &LiveEvent) -> Event {
    Event::default().event(event.name()).data(event.data())
}

/// The event for a notice this listener may hear of, or a resync when it fell behind.
fn event_of<N>(
    notice: Result<N, impl std::error::Error>,
    visible: impl Fn(&N) -> bool,
    event: impl Fn(N) -> LiveEvent,
) -> Option<Event> {
    match notice {
        Ok(notice) => visible(&notice).then(|| sse(&event(notice))),
        Err(_) => Some(sse(&LiveEvent::Resync)),
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// A stream of `task` events (JSON: task_id, department_id, version, urgent) for the
/// tasks the signed-in person may see, and of `audit` events (JSON: audit_id, change)
/// for the audits they may follow. A comment line every 15 s keeps proxies open.
#[utoipa::path(get, path = "/events", tag = "tasks", responses(
    (status = 200, description = "text/event-stream of `task` events, and of `audit` events (AuditChanged)", content_type = "text/event-stream", body = TaskChanged),
    (status = 401, body = bellhop_api::ErrorBody),
))]
async fn events(State(state): State<AppState>, auth: Auth) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let listener = Arc::new(Listener {
        property: auth.property_id().to_owned(),
        department: auth.staff.department_id.clone(),
        me: auth.staff.id.clone(),
        role: auth.role(),
    });
    let mut shutdown = state.live.shutdown.subscribe();
    let stopped = async move {
        let _ = shutdown.wait_for(|stop| *stop).await;
    };
    // A lagging listener skips ahead; the app reloads on the `resync` event.
    let who = listener.clone();
    let local = &state.live.local;
    let tasks = BroadcastStream::new(local.tasks.subscribe())
        .map(move |notice| event_of(notice, |n| who.sees_task(n), |n| LiveEvent::Task(n.change)));
    let audits = BroadcastStream::new(local.audits.subscribe())
        .map(move |notice| event_of(notice, |n| listener.sees_audit(n), |n| LiveEvent::Audit(n.change)));
    let resyncs = BroadcastStream::new(local.resync.subscribe()).map(|_| Some(sse(&LiveEvent::Resync)));
    let changes = futures::stream::select(futures::stream::select(tasks, audits), resyncs)
        .filter_map(|event| std::future::ready(event.map(Ok)))
        .take_until(stopped);
    Sse::new(changes).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
