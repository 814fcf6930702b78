//! Renewals: when a person's latest certificate of a quiz comes within the quiz's
//! `recertify_days_before` of expiry, they are assigned the quiz again, due the day it
//! expires. The assignment names the certificate, and a unique constraint on that makes
//! it happen once however many servers, lists and timers get there.

use std::time::Duration;

use bellhop_api::training::Quiz;
use uuid::Uuid;

use super::{from_body, DAY_MS};
use crate::app::AppState;
use crate::clock::day_number;
use crate::error::ApiResult;
use crate::routes::property;

/// How often the server looks; lists also look when they are read.
pub const EVERY: Duration = Duration::from_secs(3600);

#[derive(sqlx::FromRow)]
struct DueRow {
    id: String,
    property_id: String,
    quiz_id: String,
    staff_id: String,
    expires_at: i64,
    body: String,
}

/// Assigns the renewals due in one property (or every property); returns how many.
async fn run(state: &AppState, property_id: Option<&str>) -> ApiResult<usize> {
    let now = state.clock.now_ms();
    // The widest window a quiz may set is a year; each quiz's own is checked below.
    let candidates: Vec<DueRow> = sqlx::query_as(
        "SELECT c.id, c.property_id, c.quiz_id, c.staff_id, c.expires_at, q.body \
         FROM training_certificates c JOIN training_quizzes q ON q.id = c.quiz_id \
         JOIN staff s ON s.id = c.staff_id \
         WHERE ($1 = '' OR c.property_id = $1) AND c.expires_at <= $2 AND q.archived = 0 AND s.active = 1 \
           AND NOT EXISTS (SELECT 1 FROM training_certificates n \
                           WHERE n.staff_id = c.staff_id AND n.quiz_id = c.quiz_id AND n.issued_at > c.issued_at) \
           AND NOT EXISTS (SELECT 1 FROM training_assignments a WHERE a.certificate_id = c.id)",
    )
    .bind(property_id.unwrap_or(""))
    .bind(now + 366 * DAY_MS)
    .fetch_all(&state.db.pool)
    .await?;
    let mut made = 0;
    for c in candidates {
        let quiz: Quiz = from_body(&c.body)?;
        if c.expires_at - i64::from(quiz.recertify_days_before) * DAY_MS > now {
            continue;
        }
        let tz = property::zone(&state.db.pool, &c.property_id).await?;
        let due = day_number(crate::clock::from_ms(c.expires_at).with_timezone(&tz).date_naive());
        let inserted = sqlx::query(
            "INSERT INTO training_assignments (id, property_id, quiz_id, target_kind, target, due_on, certificate_id, \
                                               created_at) \
             VALUES ($1, $2, $3, 'person', $4, $5, $6, $7) ON CONFLICT (certificate_id) DO NOTHING",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(&c.property_id)
        .bind(&c.quiz_id)
        .bind(&c.staff_id)
        .bind(due)
        .bind(&c.id)
        .bind(now)
        .execute(&state.db.pool)
        .await?;
        made += usize::try_from(inserted.rows_affected()).unwrap_or(0);
    }
    Ok(made)
}

pub async fn run_for(state: &AppState, property_id: &str) -> ApiResult<usize> {
    run(state, Some(property_id)).await
}

pub async fn run_once(state: &AppState) -> ApiResult<usize> {
    run(state, None).await
}

/// Runs [`run_once`] forever, every [`EVERY`].
pub async fn run_forever(state: AppState) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        if let Err(err) = run_once(&state).await {
            tracing::warn!(error = %err, "recertification pass failed");
        }
    }
}
