//! Who must take what (managers): assignments to departments, roles or people with due
//! dates (onboarding plans are in `plans`). And "my training", the one screen every
//! person sees.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::people::Role;
use bellhop_api::training::{self, AssignTarget, Assignment, AssignmentCreate, MyTraining};
use bellhop_api::ErrorBody;
use sqlx::AnyPool;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::items::{self, Scope};
use super::{all_quizzes, load_quiz};
use crate::app::AppState;
use crate::auth::{Auth, Authorized, Managers};
use crate::clock::{day_number, from_day_number};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::notify;
use crate::routes::property;
use crate::rows::Row;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(remove))
        .routes(routes!(mine))
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    id: String,
    quiz_id: String,
    target_kind: String,
    target: String,
    due_on: Option<i64>,
    certificate_id: Option<String>,
    created_at: i64,
}

impl AssignmentRow {
    fn to_api(&self) -> ApiResult<Assignment> {
        let row = Row::new("training_assignments", &self.id);
        let target = match self.target_kind.as_str() {
            "department" => AssignTarget::Department {
                department_id: row.id("target", &self.target)?,
            },
            "role" => AssignTarget::Role {
                role: row.code("target", &self.target, Role::parse)?,
            },
            "person" => AssignTarget::Person {
                staff_id: row.id("target", &self.target)?,
            },
            other => return Err(row.corrupt("target_kind", &other)),
        };
        Ok(Assignment {
            id: row.own_id()?,
            quiz_id: row.id("quiz_id", &self.quiz_id)?,
            target,
            due_on: self.due_on.map(from_day_number),
            recertification: self.certificate_id.is_some(),
            created_at: row.time("created_at", self.created_at)?,
        })
    }
}

const ASSIGNMENT_COLUMNS: &str = "id, quiz_id, target_kind, target, due_on, certificate_id, created_at";

/// The property's assignments, renewals included, newest first.
#[utoipa::path(get, path = "/training/assignments", tag = "training", responses(
    (status = 200, body = Vec<Assignment>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
) -> ApiResult<Json<Vec<Assignment>>> {
    let rows: Vec<AssignmentRow> = sqlx::query_as(&format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM training_assignments WHERE property_id = $1 AND archived = 0 \
         ORDER BY created_at DESC LIMIT 500"
    ))
    .bind(auth.property_id())
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(rows.iter().map(AssignmentRow::to_api).collect::<ApiResult<_>>()?))
}

/// Assigns a quiz to a department, a role or a person. Sending the same `id` again
/// answers 200 with what is stored.
#[utoipa::path(post, path = "/training/assignments", tag = "training", request_body = AssignmentCreate, responses(
    (status = 201, body = Assignment),
    (status = 200, description = "A retry of a create that already happened", body = Assignment),
    (status = 403, body = ErrorBody),
    (status = 422, description = "Unknown quiz, department or person", body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<AssignmentCreate>,
) -> ApiResult<(StatusCode, Json<Assignment>)> {
    training::assignment(&req).map_err(ApiError::Invalid)?;
    let pool = &state.db.pool;
    if let Some(existing) = fetch(pool, auth.property_id(), &req.id.to_string()).await? {
        return Ok((StatusCode::OK, Json(existing.to_api()?)));
    }
    let quiz = load_quiz(pool, auth.property_id(), &req.quiz_id.to_string())
        .await
        .map_err(|_| ApiError::field("quiz_id", FieldReason::UnknownQuiz))?;
    let (kind, target) = match &req.target {
        AssignTarget::Department { department_id } => {
            property::require_department(pool, auth.property_id(), *department_id)
                .await
                .map_err(|_| ApiError::field("target", FieldReason::UnknownDepartment))?;
            ("department", department_id.to_string())
        }
        AssignTarget::Role { role } => ("role", role.as_str().to_owned()),
        AssignTarget::Person { staff_id } => {
            require_person(pool, auth.property_id(), *staff_id).await?;
            ("person", staff_id.to_string())
        }
    };
    let id = req.id.to_string();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO training_assignments (id, property_id, quiz_id, target_kind, target, due_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(auth.property_id())
    .bind(req.quiz_id.to_string())
    .bind(kind)
    .bind(&target)
    .bind(req.due_on.map(day_number))
    .bind(&auth.staff.id)
    .bind(state.clock.now_ms())
    .execute(tx.conn())
    .await?;
    let assigned = notify::training::Assigned {
        property_id: auth.property_id(),
        assignment_id: &id,
        quiz: &quiz,
        target_kind: kind,
        target: &target,
        due_on: req.due_on,
    };
    notify::training::assigned(&state, &mut tx, &assigned, &auth.staff.id).await?;
    tx.commit().await?;
    let created = fetch(pool, auth.property_id(), &req.id.to_string())
        .await?
        .ok_or_else(|| ApiError::Internal("assignment vanished".into()))?;
    Ok((StatusCode::CREATED, Json(created.to_api()?)))
}

async fn fetch(pool: &AnyPool, property_id: &str, id: &str) -> ApiResult<Option<AssignmentRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM training_assignments WHERE id = $1 AND property_id = $2 AND archived = 0"
    ))
    .bind(id)
    .bind(property_id)
    .fetch_optional(pool)
    .await?)
}

pub(super) async fn require_person(pool: &AnyPool, property_id: &str, staff_id: Uuid) -> ApiResult<()> {
    crate::people::of_hotel(pool, property_id, staff_id)
        .await?
        .filter(|p| p.is_active())
        .map(|_| ())
        .ok_or_else(|| ApiError::field("staff_id", FieldReason::UnknownPerson))
}

/// Withdraws an assignment; attempts and certificates stay.
#[utoipa::path(delete, path = "/training/assignments/{id}", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Withdrawn"),
    (status = 403, body = ErrorBody),
))]
async fn remove(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let done =
        sqlx::query("UPDATE training_assignments SET archived = 1 WHERE id = $1 AND property_id = $2 AND archived = 0")
            .bind(id.to_string())
            .bind(auth.property_id())
            .execute(&state.db.pool)
            .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::not_found("assignment"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in person's training: what is assigned, due, overdue or passed, their
/// certificates and their attempts.
#[utoipa::path(get, path = "/training/me", tag = "training", responses(
    (status = 200, body = MyTraining),
))]
async fn mine(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<MyTraining>> {
    let property_id = auth.property_id();
    let me = auth.staff.id.as_str();
    let tz = property::zone(&state.db.pool, property_id).await?;
    let today = state.clock.today(&tz);
    let quizzes = all_quizzes(&state.db.pool, property_id).await?;
    let all = items::attempts(&state, property_id, Some(me)).await?;
    let now = state.clock.now_ms();
    let mut list: Vec<_> = items::items(&state, property_id, Scope::Person(me))
        .await?
        .iter()
        .map(|i| items::view(i, &all, &quizzes, today, now))
        .collect::<ApiResult<_>>()?;
    // Overdue first, then by due date; passed last.
    list.sort_by_key(|i| {
        (
            i.status == training::ItemStatus::Passed,
            i.status != training::ItemStatus::Overdue,
            i.due_on.is_none(),
            i.due_on,
        )
    });
    Ok(Json(MyTraining {
        hired_on: from_day_number(auth.staff.hired_on),
        items: list,
        certificates: items::certificates(&state, property_id, me, &quizzes).await?,
        attempts: all
            .iter()
            .take(50)
            .map(|a| items::summary(a, &quizzes))
            .collect::<ApiResult<_>>()?,
    }))
}
