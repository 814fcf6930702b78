//! Who hears of training: the people a quiz is assigned to (a department, a role or a
//! person), when it is assigned; each person whose quiz is due in three days, and again
//! once it is overdue (a job's pass, once per quiz and due date); and a certificate's
//! holder when it comes up for renewal.

use bellhop_api::notifications::NotificationKind;
use bellhop_api::training::Quiz;
use chrono::NaiveDate;
use sqlx::AnyConnection;

use super::{send, without, Notice, Params};
use crate::app::AppState;
use crate::clock::from_day_number;
use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::people::HOTEL_STAFF;
use crate::routes::property;
use crate::routes::training::all_quizzes;
use crate::routes::training::items::{self, Scope};

/// A quiz due within this many days is a reminder's news.
pub const REMIND_DAYS: i64 = 3;

/// An assignment of a quiz, as stored.
pub struct Assigned<'a> {
    pub property_id: &'a str,
    pub assignment_id: &'a str,
    pub quiz: &'a Quiz,
    /// `department`, `role` or `person`, and which.
    pub target_kind: &'a str,
    pub target: &'a str,
    pub due_on: Option<NaiveDate>,
}

/// A quiz was assigned by `actor`: everyone it reaches now hears of it.
pub async fn assigned(state: &AppState, tx: &mut WriteTx, assignment: &Assigned<'_>, actor: &str) -> ApiResult<()> {
    let people = reached(
        tx.conn(),
        assignment.property_id,
        assignment.target_kind,
        assignment.target,
    )
    .await?;
    let mut params = Params::from([("title", assignment.quiz.title.clone())]);
    if let Some(due_on) = assignment.due_on {
        params.insert("due_on", due_on.to_string());
    }
    let quiz_id = assignment.quiz.id.to_string();
    let notice = Notice {
        kind: NotificationKind::QuizAssigned,
        object_id: &quiz_id,
        params: &params,
        event_key: &format!("training-assignment:{}", assignment.assignment_id),
    };
    send(state, tx, assignment.property_id, &without(people, &[actor]), &notice).await?;
    Ok(())
}

/// The active people of the hotel an assignment's target names.
async fn reached(conn: &mut AnyConnection, property_id: &str, kind: &str, target: &str) -> ApiResult<Vec<String>> {
    let column = match kind {
        "department" => "department_id",
        "role" => "role",
        _ => "id",
    };
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT s.id FROM {HOTEL_STAFF} s WHERE s.property_id = $1 AND s.active = 1 AND s.{column} = $2 ORDER BY s.id"
    ))
    .bind(property_id)
    .bind(target)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// A renewal was assigned for `certificate_id`, which expires on `expires_on`: its
/// holder hears the certificate is about to expire.
pub async fn expiring(
    state: &AppState,
    tx: &mut WriteTx,
    property_id: &str,
    certificate_id: &str,
    holder: &str,
    quiz: &Quiz,
    expires_on: NaiveDate,
) -> ApiResult<()> {
    let params = Params::from([("title", quiz.title.clone()), ("expires_on", expires_on.to_string())]);
    let quiz_id = quiz.id.to_string();
    let notice = Notice {
        kind: NotificationKind::CertificateExpiring,
        object_id: &quiz_id,
        params: &params,
        event_key: &format!("certificate:{certificate_id}:expiring"),
    };
    send(state, tx, property_id, &[holder.to_owned()], &notice).await?;
    Ok(())
}

/// Tells everyone of `property_id` whose quiz (not passed) is due within
/// [`REMIND_DAYS`], or overdue, once per quiz and due date. Returns how many were told.
pub async fn reminders(state: &AppState, property_id: &str) -> ApiResult<usize> {
    let tz = property::zone(&state.db.pool, property_id).await?;
    let today = state.clock.today(&tz);
    let all = items::attempts(state, property_id, None).await?;
    let quizzes = all_quizzes(&state.db.pool, property_id).await?;
    let mut tx = state.db.begin_write().await?;
    let mut told = 0;
    for item in items::items(state, property_id, Scope::Property).await? {
        let Some(due_on) = item.due_on.map(from_day_number) else {
            continue;
        };
        let days = (due_on - today).num_days();
        let kind = match days {
            _ if items::standing(&item, &all, today).passed => continue,
            ..=-1 => NotificationKind::QuizOverdue,
            0..=REMIND_DAYS => NotificationKind::QuizDueSoon,
            _ => continue,
        };
        let params = Params::from([
            ("title", items::title(&quizzes, &item.quiz_id)),
            ("due_on", due_on.to_string()),
        ]);
        let notice = Notice {
            kind,
            object_id: &item.quiz_id,
            params: &params,
            event_key: &format!("quiz:{}:{}:{due_on}", item.quiz_id, kind.code()),
        };
        told += send(
            state,
            &mut tx,
            property_id,
            std::slice::from_ref(&item.staff_id),
            &notice,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(told)
}
