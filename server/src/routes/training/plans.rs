//! Onboarding plans (managers): quizzes due at days after each member's hire date. A
//! plan is written whole, and lists its members with the dates it gives each of them.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::training::{self, Plan, PlanCreate, PlanMember, PlanMemberAdd, PlanStep};
use bellhop_api::{ErrorBody, Page, PageQuery};
use sqlx::AnyPool;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::assignments::require_person;
use super::{from_body, load_quiz, to_body};
use crate::app::AppState;
use crate::auth::{Authorized, Managers};
use crate::clock::from_day_number;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::paging::Paging;
use crate::rows::Row;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, replace))
        .routes(routes!(add_member))
        .routes(routes!(remove_member))
}

/// A plan row and its active members, who come with the due dates of every step.
async fn with_members(pool: &AnyPool, (id, name, steps): (String, String, String)) -> ApiResult<Plan> {
    let steps: Vec<PlanStep> = from_body(&steps)?;
    let people: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT s.id, s.display_name, s.hired_on FROM training_plan_members m JOIN staff s ON s.id = m.staff_id \
         WHERE m.plan_id = $1 AND s.active = 1 ORDER BY m.assigned_at, s.display_name",
    )
    .bind(&id)
    .fetch_all(pool)
    .await?;
    Ok(Plan {
        members: people
            .into_iter()
            .map(|(staff_id, name, hired_on)| {
                let staff_id = Row::new("staff", &staff_id).own_id()?;
                Ok(PlanMember::new(staff_id, name, from_day_number(hired_on), &steps))
            })
            .collect::<ApiResult<_>>()?,
        id: Row::new("training_plans", &id).own_id()?,
        name,
        steps,
    })
}

/// One plan of the property, or 404.
async fn load(pool: &AnyPool, property_id: &str, id: &str) -> ApiResult<Plan> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, name, steps FROM training_plans WHERE id = $1 AND property_id = $2")
            .bind(id)
            .bind(property_id)
            .fetch_optional(pool)
            .await?;
    with_members(pool, row.ok_or_else(|| ApiError::not_found("plan"))?).await
}

/// Each step's quiz is a live quiz of the property.
async fn check_quizzes(pool: &AnyPool, property_id: &str, req: &PlanCreate) -> ApiResult<()> {
    for step in &req.steps {
        load_quiz(pool, property_id, &step.quiz_id.to_string())
            .await
            .map_err(|_| ApiError::field("steps", FieldReason::UnknownQuiz))?;
    }
    Ok(())
}

/// The property's onboarding plans by name, a page at a time, with who follows them.
#[utoipa::path(get, path = "/training/plans", tag = "training", params(PageQuery), responses(
    (status = 200, body = Page<Plan>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    page: Paging,
) -> ApiResult<Json<Page<Plan>>> {
    let pool = &state.db.pool;
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, steps FROM training_plans WHERE property_id = $1 ORDER BY name, id LIMIT $2 OFFSET $3",
    )
    .bind(auth.property_id())
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM training_plans WHERE property_id = $1")
        .bind(auth.property_id())
        .fetch_one(pool)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(with_members(pool, row).await?);
    }
    Ok(Json(page.page(items, total)?))
}

/// Makes an onboarding plan: quizzes due at days after each member's hire date.
#[utoipa::path(post, path = "/training/plans", tag = "training", request_body = PlanCreate, responses(
    (status = 201, body = Plan),
    (status = 200, description = "A retry of a create that already happened", body = Plan),
    (status = 403, body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<PlanCreate>,
) -> ApiResult<(StatusCode, Json<Plan>)> {
    let pool = &state.db.pool;
    let id = req.id.to_string();
    training::plan(&req).map_err(ApiError::Invalid)?;
    if let Ok(existing) = load(pool, auth.property_id(), &id).await {
        return Ok((StatusCode::OK, Json(existing)));
    }
    check_quizzes(pool, auth.property_id(), &req).await?;
    sqlx::query("INSERT INTO training_plans (id, property_id, name, steps, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(auth.property_id())
        .bind(req.name.trim())
        .bind(to_body(&req.steps))
        .bind(state.clock.now_ms())
        .execute(pool)
        .await?;
    Ok((StatusCode::CREATED, Json(load(pool, auth.property_id(), &id).await?)))
}

/// One plan, with its members' due dates.
#[utoipa::path(get, path = "/training/plans/{id}", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Plan),
    (status = 403, body = ErrorBody),
))]
async fn get(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Plan>> {
    Ok(Json(load(&state.db.pool, auth.property_id(), &id.to_string()).await?))
}

/// Rewrites a plan's name and steps; its members' due dates follow at once.
#[utoipa::path(put, path = "/training/plans/{id}", tag = "training", params(("id" = Uuid, Path)),
    request_body = PlanCreate, responses(
    (status = 200, body = Plan),
    (status = 403, body = ErrorBody),
))]
async fn replace(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
    Json(req): Json<PlanCreate>,
) -> ApiResult<Json<Plan>> {
    super::same_id(req.id, id)?;
    training::plan(&req).map_err(ApiError::Invalid)?;
    let pool = &state.db.pool;
    let id = id.to_string();
    load(pool, auth.property_id(), &id).await?;
    check_quizzes(pool, auth.property_id(), &req).await?;
    sqlx::query("UPDATE training_plans SET name = $1, steps = $2 WHERE id = $3 AND property_id = $4")
        .bind(req.name.trim())
        .bind(to_body(&req.steps))
        .bind(&id)
        .bind(auth.property_id())
        .execute(pool)
        .await?;
    Ok(Json(load(pool, auth.property_id(), &id).await?))
}

/// Puts a person on a plan; adding them twice changes nothing.
#[utoipa::path(post, path = "/training/plans/{id}/members", tag = "training", params(("id" = Uuid, Path)),
    request_body = PlanMemberAdd, responses(
    (status = 200, body = Plan),
    (status = 403, body = ErrorBody),
))]
async fn add_member(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
    Json(req): Json<PlanMemberAdd>,
) -> ApiResult<Json<Plan>> {
    let pool = &state.db.pool;
    let id = id.to_string();
    load(pool, auth.property_id(), &id).await?;
    require_person(pool, auth.property_id(), req.staff_id).await?;
    sqlx::query(
        "INSERT INTO training_plan_members (plan_id, staff_id, property_id, assigned_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (plan_id, staff_id) DO NOTHING",
    )
    .bind(&id)
    .bind(req.staff_id.to_string())
    .bind(auth.property_id())
    .bind(state.clock.now_ms())
    .execute(pool)
    .await?;
    Ok(Json(load(pool, auth.property_id(), &id).await?))
}

/// Takes a person off a plan: its quizzes leave their list; attempts stay.
#[utoipa::path(delete, path = "/training/plans/{id}/members/{staff_id}", tag = "training",
    params(("id" = Uuid, Path), ("staff_id" = Uuid, Path)), responses(
    (status = 200, body = Plan),
    (status = 403, body = ErrorBody),
    (status = 404, description = "No such plan, or the person does not follow it", body = ErrorBody),
))]
async fn remove_member(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path((id, staff_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Plan>> {
    let pool = &state.db.pool;
    let id = id.to_string();
    load(pool, auth.property_id(), &id).await?;
    let done =
        sqlx::query("DELETE FROM training_plan_members WHERE plan_id = $1 AND staff_id = $2 AND property_id = $3")
            .bind(&id)
            .bind(staff_id.to_string())
            .bind(auth.property_id())
            .execute(pool)
            .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::not_found("plan member"));
    }
    Ok(Json(load(pool, auth.property_id(), &id).await?))
}
