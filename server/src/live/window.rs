//! The window of recent events: each change is numbered per hotel and stored in the
//! transaction that makes it, so a tablet that reconnects with the number of the last
//! event it heard can be told, in order, every event since — as long as they are all
//! still in the window. The numbers follow the commits (the hotel's counter row stays
//! locked until commit) and a rollback gives its number back, so they have no gaps.

use sqlx::{AnyConnection, AnyPool};

use super::Announced;
use crate::db::Db;

/// A tablet further behind than this many events reloads instead: replaying more would
/// cost it more than reading its lists again.
pub const EVENTS: i64 = 1000;
/// Nor are events older than a day replayed: a tablet away that long starts afresh.
pub const AGE_MS: i64 = 24 * 3600 * 1000;

/// Numbers the change (JSON) and stores it; returns its number.
pub async fn record(conn: &mut AnyConnection, property_id: &str, at: i64, change: &str) -> Result<i64, sqlx::Error> {
    let (seq,): (i64,) = sqlx::query_as(
        "INSERT INTO live_sequences (property_id, last_seq) VALUES ($1, 1) \
         ON CONFLICT (property_id) DO UPDATE SET last_seq = live_sequences.last_seq + 1 \
         RETURNING last_seq",
    )
    .bind(property_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO live_events (property_id, seq, at, change) VALUES ($1, $2, $3, $4)")
        .bind(property_id)
        .bind(seq)
        .bind(at)
        .bind(change)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// The number of the hotel's latest event (0 before the first).
pub async fn last(pool: &AnyPool, property_id: &str) -> Result<i64, sqlx::Error> {
    let last: Option<(i64,)> = sqlx::query_as("SELECT last_seq FROM live_sequences WHERE property_id = $1")
        .bind(property_id)
        .fetch_optional(pool)
        .await?;
    Ok(last.map_or(0, |(seq,)| seq))
}

/// What a tablet that heard up to a number has missed.
pub enum Missed {
    /// These events, in order (perhaps some made since the latest was read).
    Events(Vec<Announced>),
    /// Too many, too old or unknown: it reloads, and goes on from `last`.
    Resync { last: i64 },
}

/// The events of the hotel after number `after`, if the window still holds them all.
pub async fn since(pool: &AnyPool, property_id: &str, after: i64, now: i64) -> Result<Missed, sqlx::Error> {
    let last = last(pool, property_id).await?;
    if after == last {
        return Ok(Missed::Events(Vec::new()));
    }
    // A number ahead of the hotel's is from another database (a restored backup).
    if after > last || after < 0 || last - after > EVENTS {
        return Ok(Missed::Resync { last });
    }
    let rows: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT seq, at, change FROM live_events WHERE property_id = $1 AND seq > $2 ORDER BY seq")
            .bind(property_id)
            .bind(after)
            .fetch_all(pool)
            .await?;
    // The numbers have no gaps: holding the next one means holding all after it.
    let complete = rows
        .first()
        .is_some_and(|(seq, at, _)| *seq == after + 1 && *at >= now - AGE_MS);
    if !complete {
        return Ok(Missed::Resync { last });
    }
    let mut events = Vec::with_capacity(rows.len());
    for (seq, _, change) in rows {
        match serde_json::from_str(&change) {
            Ok(change) => events.push(Announced { seq, change }),
            Err(err) => {
                tracing::warn!(%err, seq, "unreadable stored live event");
                return Ok(Missed::Resync { last });
            }
        }
    }
    Ok(Missed::Events(events))
}

/// Forgets the events no tablet will be replayed: beyond the last [`EVENTS`] of each
/// hotel, or older than [`AGE_MS`]. Returns how many.
pub async fn prune(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let pruned = sqlx::query(
        "DELETE FROM live_events WHERE at < $1 OR seq <= \
            (SELECT s.last_seq FROM live_sequences s WHERE s.property_id = live_events.property_id) - $2",
    )
    .bind(now - AGE_MS)
    .bind(EVENTS)
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(pruned.rows_affected())
}
