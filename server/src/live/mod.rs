//! Live updates: every task, audit, room and inbox change is announced in the transaction that makes
//! it, and each open app listens through Server-Sent Events (`GET /api/events`).
//!
//! An event only says *which* task or audit changed; the app fetches what it shows,
//! through the same permission checks as any read. Events are numbered per hotel and
//! kept for a while (`window`), so a tablet that reconnects hears what it missed, or is
//! told to reload when that is too much. With PostgreSQL the changes travel through
//! the database, so that every copy of the server hears them (`relay`).

mod relay;
mod stream;
pub mod window;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

use crate::db::{Backend, Db, WriteTx};
use bellhop_api::live::{AuditChanged, NotificationChanged, RoomChanged, TaskChanged};

pub use stream::router;

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

/// A room's status changed: everyone of the hotel may hear of it (the board is the
/// whole hotel's).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoomNotice {
    pub property_id: String,
    pub change: RoomChanged,
}

/// A person's inbox changed: only they hear of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotificationNotice {
    pub property_id: String,
    pub staff_id: String,
    pub change: NotificationChanged,
}

/// A change, with who may hear of it, as stored in the window and sent between servers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Change {
    Task(TaskNotice),
    Audit(AuditNotice),
    Room(RoomNotice),
    Notification(NotificationNotice),
}

impl Change {
    fn property_id(&self) -> &str {
        match self {
            Change::Task(notice) => &notice.property_id,
            Change::Audit(notice) => &notice.property_id,
            Change::Room(notice) => &notice.property_id,
            Change::Notification(notice) => &notice.property_id,
        }
    }
}

/// A change with its number in its hotel's sequence: the stream's event id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Announced {
    pub seq: i64,
    pub change: Change,
}

/// What this server's streams hear.
#[derive(Debug, Clone)]
enum Heard {
    Change(Arc<Announced>),
    /// Changes went by unheard (the relay dropped): everything may have changed.
    Lost,
}

/// This server's streams, in the order the changes committed.
#[derive(Clone, Debug)]
struct Local(broadcast::Sender<Heard>);

impl Default for Local {
    fn default() -> Self {
        Local(broadcast::channel(1024).0)
    }
}

impl Local {
    // No listener is not an error: nobody has the app open.
    fn hear(&self, announced: Announced) {
        let _ = self.0.send(Heard::Change(Arc::new(announced)));
    }

    fn lost(&self) {
        let _ = self.0.send(Heard::Lost);
    }
}

#[derive(Clone, Debug)]
pub struct Live {
    local: Local,
    backend: Backend,
    shutdown: Arc<watch::Sender<bool>>,
}

impl Live {
    /// In-process with SQLite; relayed through the database with PostgreSQL.
    pub async fn start(db: &Db, database_url: &str) -> Result<Live, sqlx::Error> {
        let local = Local::default();
        if db.backend == Backend::Postgres {
            relay::start(database_url, local.clone()).await?;
        }
        Ok(Live {
            local,
            backend: db.backend,
            shutdown: Arc::new(watch::channel(false).0),
        })
    }

    /// Ends every live stream, so a graceful shutdown does not wait on them.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    /// Announces a change as part of `tx`: numbered and kept in the window, and heard by
    /// the streams once `tx` commits — never if it rolls back.
    pub async fn announce(&self, tx: &mut WriteTx, at: i64, change: Change) -> Result<(), sqlx::Error> {
        let json = serde_json::to_string(&change).map_err(|err| sqlx::Error::Encode(err.into()))?;
        let seq = window::record(tx.conn(), change.property_id(), at, &json).await?;
        let announced = Announced { seq, change };
        match self.backend {
            Backend::Postgres => relay::notify(tx.conn(), &announced).await,
            Backend::Sqlite => {
                let local = self.local.clone();
                tx.after_commit(move || local.hear(announced));
                Ok(())
            }
        }
    }
}
