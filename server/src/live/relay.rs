//! Live changes between servers: a chain runs several copies of the server over one
//! PostgreSQL database, and a tablet hears only the copy it is connected to. With
//! PostgreSQL every change therefore goes out as a `NOTIFY`, and every copy — the one
//! that made it too — hands what it hears from `LISTEN` to its own streams, so each
//! change reaches each tablet once. SQLite has one server: changes stay in-process.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use sqlx::AnyPool;
use tokio::sync::mpsc;

use super::{AuditNotice, Local, TaskNotice};

const CHANNEL: &str = "bellhop_live";

/// A change on its way between servers, with who may hear of it.
#[derive(Debug, Serialize, Deserialize)]
pub enum Relayed {
    Task(TaskNotice),
    Audit(AuditNotice),
}

impl Relayed {
    /// Hands the change to this server's streams.
    pub(super) fn deliver(self, local: &Local) {
        match self {
            Relayed::Task(notice) => local.task(notice),
            Relayed::Audit(notice) => local.audit(notice),
        }
    }
}

/// Starts listening (and returns once the first `LISTEN` is in place, so no change
/// made after start-up is missed) and returns the queue that sends changes out, one
/// after the other, in order.
pub async fn start(
    pool: AnyPool,
    database_url: &str,
    local: Local,
) -> Result<mpsc::UnboundedSender<Relayed>, sqlx::Error> {
    let mut listener = PgListener::connect(database_url).await?;
    listener.listen(CHANNEL).await?;
    tokio::spawn(hand_on(listener, local.clone()));
    let (queue, mut outgoing) = mpsc::unbounded_channel::<Relayed>();
    tokio::spawn(async move {
        while let Some(change) = outgoing.recv().await {
            let Ok(payload) = serde_json::to_string(&change) else {
                continue;
            };
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(&pool)
                .await;
            if let Err(err) = sent {
                // The database is away: this server's tablets still hear of it.
                tracing::warn!(%err, "live change not relayed");
                change.deliver(&local);
            }
        }
    });
    Ok(queue)
}

/// Hands every change heard on the channel to this server's streams. When the
/// connection drops, sqlx reconnects and listens again; what was said meanwhile is
/// lost, so every stream is told to reload.
async fn hand_on(mut listener: PgListener, local: Local) {
    loop {
        match listener.try_recv().await {
            Ok(Some(note)) => match serde_json::from_str::<Relayed>(note.payload()) {
                Ok(change) => change.deliver(&local),
                Err(err) => tracing::warn!(%err, "unreadable live change"),
            },
            Ok(None) => local.resync(),
            Err(err) => {
                tracing::warn!(%err, "live relay interrupted");
                local.resync();
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
