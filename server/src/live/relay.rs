//! Live changes between servers: a chain runs several copies of the server over one
//! PostgreSQL database, and a tablet hears only the copy it is connected to. With
//! PostgreSQL every change therefore goes out as a `NOTIFY` in the transaction that
//! makes it — sent at commit, never for a rollback, and without waiting for a pooled
//! connection after the fact — and every copy, the one that made it too, hands what it
//! hears from `LISTEN` to its own streams, so each change reaches each tablet once.
//! SQLite has one server: changes stay in-process.

use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::AnyConnection;

use super::{Announced, Local};

const CHANNEL: &str = "bellhop_live";

/// Starts listening, and returns once the `LISTEN` is in place, so no change made after
/// start-up is missed.
pub async fn start(database_url: &str, local: Local) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect(database_url).await?;
    listener.listen(CHANNEL).await?;
    tokio::spawn(hand_on(listener, local));
    Ok(())
}

/// Sends the change to every server when the transaction on `conn` commits.
pub async fn notify(conn: &mut AnyConnection, announced: &Announced) -> Result<(), sqlx::Error> {
    let payload = serde_json::to_string(announced).map_err(|err| sqlx::Error::Encode(err.into()))?;
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(payload)
        .execute(conn)
        .await?;
    Ok(())
}

/// Hands every change heard on the channel to this server's streams. When the
/// connection drops, sqlx reconnects and listens again; what was said meanwhile is
/// lost, so every stream is told to reload.
async fn hand_on(mut listener: PgListener, local: Local) {
    loop {
        match listener.try_recv().await {
            Ok(Some(note)) => match serde_json::from_str::<Announced>(note.payload()) {
                Ok(announced) => local.hear(announced),
                Err(err) => tracing::warn!(%err, "unreadable live change"),
            },
            Ok(None) => local.lost(),
            Err(err) => {
                tracing::warn!(%err, "live relay interrupted");
                local.lost();
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
