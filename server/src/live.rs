//! Live updates: every task change is announced on an in-process channel, and each open
//! app listens through Server-Sent Events (`GET /api/events`).
//!
//! An event only says *which* task changed and its new version; the app fetches what it
//! shows, through the same permission checks as any read. After a dropped connection the
//! browser reconnects by itself and the app reloads its lists, which catches up on
//! whatever it missed.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{Stream, StreamExt};
use serde::Serialize;
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::Auth;
use bellhop_api::people::Role;

/// What one change tells the tablets.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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

#[derive(Clone, Debug)]
pub struct Live {
    tasks: broadcast::Sender<TaskChanged>,
    shutdown: Arc<watch::Sender<bool>>,
}

impl Default for Live {
    fn default() -> Self {
        let (tasks, _) = broadcast::channel(1024);
        Live {
            tasks,
            shutdown: Arc::new(watch::channel(false).0),
        }
    }
}

impl Live {
    /// Ends every live stream, so a graceful shutdown does not wait on them.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    pub fn task_changed(&self, change: TaskChanged) {
        // No listener is not an error: nobody has the app open.
        let _ = self.tasks.send(change);
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// A stream of `task` events (JSON: task_id, department_id, version, urgent) for the
/// tasks the signed-in person may see. A comment line every 15 s keeps proxies open.
#[utoipa::path(get, path = "/events", tag = "tasks", responses(
    (status = 200, description = "text/event-stream of `task` events", content_type = "text/event-stream", body = TaskChanged),
    (status = 401, body = bellhop_api::ErrorBody),
))]
async fn events(State(state): State<AppState>, auth: Auth) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let property = auth.property_id().to_owned();
    let department = auth.staff.department_id.clone();
    let me = auth.staff.id.clone();
    let sees_all = matches!(auth.role(), Role::Manager | Role::Admin);
    let mut shutdown = state.live.shutdown.subscribe();
    let stopped = async move {
        let _ = shutdown.wait_for(|stop| *stop).await;
    };
    let changes = BroadcastStream::new(state.live.tasks.subscribe())
        .filter_map(move |change| {
            // A lagging listener skips ahead; the app reloads on the `resync` event.
            let event = match change {
                Ok(change) if change.property_id == property => {
                    let visible = sees_all
                        || department.as_deref() == Some(change.department_id.as_str())
                        || change.people.iter().flatten().any(|p| *p == me);
                    visible
                        .then(|| Event::default().event("task").json_data(&change).ok())
                        .flatten()
                }
                Ok(_) => None,
                Err(_) => Some(Event::default().event("resync").data("lagged")),
            };
            std::future::ready(event.map(Ok))
        })
        .take_until(stopped);
    Sse::new(changes).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
