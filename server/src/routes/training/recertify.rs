//! Renewals: when a person's latest certificate of a quiz comes within the quiz's
//! `recertify_days_before` of expiry, they are assigned the quiz again, due the day it
//! expires. The assignment names the certificate, and a unique constraint on that makes
//! it happen once however many servers and timers get there; its holder is told the
//! certificate is about to expire in the same transaction. Lists only read what this
//! job (run by `crate::jobs`) stored.

use bellhop_api::training::Quiz;
use uuid::Uuid;

use super::{from_body, DAY_MS};
use crate::app::AppState;
use crate::clock::day_number;
use crate::error::ApiResult;
use crate::notify;
use crate::routes::property;
use crate::rows::Row;

#[derive(sqlx::FromRow)]
struct DueRow {
    id: String,
    property_id: String,
    quiz_id: String,
    staff_id: String,
    expires_at: i64,
    body: String,
}

/// Assigns the renewals due in every open hotel; returns how many.
pub async fn run_once(state: &AppState) -> ApiResult<usize> {
    let now = state.clock.now_ms();
    // The widest window a quiz may set is a year; each quiz's own is checked below.
    let candidates: Vec<DueRow> = sqlx::query_as(
        "SELECT c.id, c.property_id, c.quiz_id, c.staff_id, c.expires_at, q.body \
         FROM training_certificates c JOIN training_quizzes q ON q.id = c.quiz_id \
         JOIN staff s ON s.id = c.staff_id JOIN properties p ON p.id = c.property_id \
         WHERE c.expires_at <= $1 AND q.archived = 0 AND s.active = 1 AND p.active = 1 \
           AND NOT EXISTS (SELECT 1 FROM training_certificates n \
                           WHERE n.staff_id = c.staff_id AND n.quiz_id = c.quiz_id AND n.issued_at > c.issued_at) \
           AND NOT EXISTS (SELECT 1 FROM training_assignments a WHERE a.certificate_id = c.id)",
    )
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
        let expires = Row::new("training_certificates", &c.id).time("expires_at", c.expires_at)?;
        let expires_on = expires.with_timezone(&tz).date_naive();
        let mut tx = state.db.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO training_assignments (id, property_id, quiz_id, target_kind, target, due_on, certificate_id, \
                                               created_at) \
             VALUES ($1, $2, $3, 'person', $4, $5, $6, $7) ON CONFLICT (certificate_id) DO NOTHING",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(&c.property_id)
        .bind(&c.quiz_id)
        .bind(&c.staff_id)
        .bind(day_number(expires_on))
        .bind(&c.id)
        .bind(now)
        .execute(tx.conn())
        .await?;
        if inserted.rows_affected() > 0 {
            notify::training::expiring(state, &mut tx, &c.property_id, &c.id, &c.staff_id, &quiz, expires_on).await?;
            made += 1;
        }
        tx.commit().await?;
    }
    Ok(made)
}
