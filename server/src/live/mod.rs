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
use bellhop_api::people::Role;
use relay::Relayed;

/// What one change tells the tablets.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TaskChanged {
    #[serde(skip)]
    pub property_id: String,
    pub task_id: String,
    pub department_id: String,
    /// The requester and the assignee, who see it whatever their department.
    #[serde(skip)]
    pub people: [Option<String>; 2],
    pub version: i64,
    /// Priority 1 or a guest complaint: the app draws attention to it.
    pub urgent: bool,
}

/// What happened to an audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditChange {
    Assigned,
    /// The first answer or photo was saved.
    Started,
    Submitted,
    Published,
    /// A corrective task was raised or changed.
    Action,
}

/// What one audit change tells the tablets. Who audited never leaves the server: the
/// audited person and their supervisor may be listening.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditChanged {
    #[serde(skip)]
    pub property_id: String,
    pub audit_id: String,
    pub change: AuditChange,
    /// The auditor, who hears of their own audits.
    #[serde(skip)]
    pub auditor_id: String,
    /// Hear of it once published: the person audited, and the supervisor of this department.
    #[serde(skip)]
    pub subject_staff_id: Option<String>,
    #[serde(skip)]
    pub department_id: String,
}

/// This server's streams: what they hear, and a call to reload everything.
#[derive(Clone, Debug)]
struct Local {
    tasks: broadcast::Sender<TaskChanged>,
    audits: broadcast::Sender<AuditChanged>,
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
    fn task(&self, change: TaskChanged) {
        let _ = self.tasks.send(change);
    }

    fn audit(&self, change: AuditChanged) {
        let _ = self.audits.send(change);
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

    pub fn task_changed(&self, change: TaskChanged) {
        match &self.relay {
            Some(relay) => self.relay(relay, change.into()),
            None => self.local.task(change),
        }
    }

    pub fn audit_changed(&self, change: AuditChanged) {
        match &self.relay {
            Some(relay) => self.relay(relay, change.into()),
            None => self.local.audit(change),
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
        matches!(self.role, Role::Manager | Role::Admin)
    }

    fn sees_task(&self, change: &TaskChanged) -> bool {
        change.property_id == self.property
            && (self.sees_all()
                || self.department.as_deref() == Some(change.department_id.as_str())
                || change.people.iter().flatten().any(|p| *p == self.me))
    }

    /// Managers and the audit's own auditor hear of everything; a published audit also
    /// reaches the person audited and their department's supervisor, as their feedback
    /// does. Nobody else hears of an audit before it is published: it is undercover.
    fn sees_audit(&self, change: &AuditChanged) -> bool {
        let published_to_me = change.change == AuditChange::Published
            && (change.subject_staff_id.as_deref() == Some(self.me.as_str())
                || (self.role == Role::Supervisor
                    && self.department.as_deref() == Some(change.department_id.as_str())));
        change.property_id == self.property && (self.sees_all() || change.auditor_id == self.me || published_to_me)
    }
}

/// An event for the stream, or `resync` when the listener fell behind.
fn event_of<T: Serialize>(
    name: &'static str,
    change: Result<T, impl std::error::Error>,
    visible: impl Fn(&T) -> bool,
) -> Option<Event> {
    match change {
        Ok(change) => visible(&change)
            .then(|| Event::default().event(name).json_data(&change).ok())
            .flatten(),
        Err(_) => Some(Event::default().event("resync").data("lagged")),
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
    let tasks =
        BroadcastStream::new(local.tasks.subscribe()).map(move |change| event_of("task", change, |c| who.sees_task(c)));
    let audits = BroadcastStream::new(local.audits.subscribe())
        .map(move |change| event_of("audit", change, |c| listener.sees_audit(c)));
    let resyncs =
        BroadcastStream::new(local.resync.subscribe()).map(|_| Some(Event::default().event("resync").data("relay")));
    let changes = futures::stream::select(futures::stream::select(tasks, audits), resyncs)
        .filter_map(|event| std::future::ready(event.map(Ok)))
        .take_until(stopped);
    Sse::new(changes).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
