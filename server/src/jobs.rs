//! The server's timed work. A GET never writes: what time alone changes is stored by
//! these jobs, which every copy of the server runs on its own timer (each pass is
//! idempotent, so copies sharing a database do no harm), and a write that depends on it
//! brings it up to date first itself.

use std::future::Future;
use std::time::Duration;

use crate::app::AppState;
use crate::auth::session;
use crate::error::ApiResult;
use crate::idempotency;
use crate::live;
use crate::notify;
use crate::routes::pms::webhook;
use crate::routes::star;
use crate::routes::tasks::escalation;
use crate::routes::training::{grading, recertify};

/// How often the clock's passes run: an attempt is graded within this long of its time
/// (and grace) running out.
pub const CLOCK_EVERY: Duration = Duration::from_secs(5);

/// Starts every job of a running server.
pub fn spawn_all(state: &AppState) {
    tokio::spawn(every(CLOCK_EVERY, state.clone(), "clock passes", |s| async move {
        catch_up(&s).await.map(|_| ())
    }));
    tokio::spawn(every(
        escalation::EVERY,
        state.clone(),
        "escalation pass",
        |s| async move { escalation::run_once(&s).await.map(|_| ()) },
    ));
    tokio::spawn(every(
        notify::REMIND_EVERY,
        state.clone(),
        "notification reminders",
        |s| async move { notify::reminders(&s).await.map(|_| ()) },
    ));
    tokio::spawn(every(
        webhook::EVERY,
        state.clone(),
        "webhook deliveries",
        |s| async move { webhook::run_once(&s).await.map(|_| ()) },
    ));
    tokio::spawn(every(
        Duration::from_secs(3600),
        state.clone(),
        "session and idempotency key purge",
        |s| async move {
            let purged = session::purge_expired(&s.db.pool, s.clock.now_ms()).await?;
            let keys = idempotency::purge(&s.db.pool, s.clock.now_ms()).await?;
            tracing::debug!(purged, keys, "purged ended sessions and old idempotency keys");
            Ok(())
        },
    ));
    tokio::spawn(every(
        Duration::from_secs(600),
        state.clone(),
        "live window",
        |s| async move {
            let pruned = live::window::prune(&s.db, s.clock.now_ms()).await?;
            tracing::debug!(pruned, "forgot live events past the window");
            Ok(())
        },
    ));
    // At start and hourly.
    tokio::spawn(every(
        Duration::from_secs(3600),
        state.clone(),
        "planner statistics",
        |s| async move { Ok(s.db.optimize().await?) },
    ));
}

/// What reads show as time passes: open attempts whose time ran out are graded,
/// renewals falling due are assigned, and this month's Service Star cycle is stored.
/// Returns how many records it stored.
pub async fn catch_up(state: &AppState) -> ApiResult<usize> {
    Ok(grading::close_all_expired(state).await? + recertify::run_once(state).await? + star::open_cycles(state).await?)
}

/// Runs `pass` now and then every `period`, logging a failure and going on.
async fn every<F, Fut>(period: Duration, state: AppState, name: &'static str, pass: F)
where
    F: Fn(AppState) -> Fut,
    Fut: Future<Output = ApiResult<()>>,
{
    let mut tick = tokio::time::interval(period);
    loop {
        tick.tick().await;
        if let Err(err) = pass(state.clone()).await {
            tracing::warn!(error = %err, "{name} failed");
        }
    }
}
