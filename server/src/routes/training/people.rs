//! Training per person (supervisors: their department; managers: any): each person's
//! line of the coverage report, a page at a time, and one person's whole history.

use axum::extract::State;
use bellhop_api::training::{ItemStatus, PersonCoverage, PersonHistory, TrainingPeopleQuery};
use bellhop_api::{ErrorBody, Page};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::all_quizzes;
use super::items::{self, Scope};
use super::reports::scope_of;
use crate::app::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::paging::Paging;
use crate::people::HOTEL_STAFF;
use crate::routes::property;
use crate::rows::Row;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(people)).routes(routes!(person))
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: String,
    display_name: String,
    department_id: Option<String>,
}

/// Each active person's quizzes to take, attempted, passed and overdue, by name.
#[utoipa::path(get, path = "/reports/training/people", tag = "training", params(TrainingPeopleQuery), responses(
    (status = 200, body = Page<PersonCoverage>),
    (status = 403, body = ErrorBody),
))]
async fn people(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<TrainingPeopleQuery>,
) -> ApiResult<Json<Page<PersonCoverage>>> {
    let department = scope_of(&auth, q.department_id)?;
    let page = Paging::new(q.limit, q.offset);
    let pool = &state.db.pool;
    let property_id = auth.property_id();
    let filter = "property_id = $1 AND active = 1 AND ($2 = '' OR department_id = $2)";
    let rows: Vec<PersonRow> = sqlx::query_as(&format!(
        "SELECT id, display_name, department_id FROM {HOTEL_STAFF} s WHERE {filter} ORDER BY display_name, id LIMIT $3 OFFSET $4"
    ))
    .bind(property_id)
    .bind(department.as_deref().unwrap_or(""))
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {HOTEL_STAFF} s WHERE {filter}"))
        .bind(property_id)
        .bind(department.as_deref().unwrap_or(""))
        .fetch_one(pool)
        .await?;
    let today = state.clock.today(&property::zone(pool, property_id).await?);
    let scope = department.as_deref().map_or(Scope::Property, Scope::Department);
    let due = items::items(&state, property_id, scope).await?;
    let all = items::attempts(&state, property_id, None).await?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let items = rows
        .into_iter()
        .map(|p| {
            let mine: Vec<_> = due
                .iter()
                .filter(|i| i.staff_id == p.id)
                .map(|i| items::standing(i, &all, today))
                .collect();
            let stored = Row::new("staff", &p.id);
            Ok(PersonCoverage {
                staff_id: stored.own_id()?,
                department_id: stored.opt_id("department_id", p.department_id.as_deref())?,
                display_name: p.display_name,
                assigned: count(mine.len()),
                attempted: count(mine.iter().filter(|s| s.attempted).count()),
                passed: count(mine.iter().filter(|s| s.passed).count()),
                overdue: count(mine.iter().filter(|s| s.status == ItemStatus::Overdue).count()),
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(page.page(items, total)?))
}

/// One person's training: items, certificates and every attempt.
#[utoipa::path(get, path = "/reports/training/people/{id}", tag = "training", params(("id" = Uuid, Path)), responses(
    (status = 200, body = PersonHistory),
    (status = 403, body = ErrorBody),
))]
async fn person(State(state): State<AppState>, auth: Auth, Path(id): Path<Uuid>) -> ApiResult<Json<PersonHistory>> {
    let department = scope_of(&auth, None)?;
    let pool = &state.db.pool;
    let property_id = auth.property_id();
    let who = crate::people::of_hotel(pool, property_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("staff member"))?;
    if department.is_some() && who.department_id != department {
        return Err(ApiError::forbidden());
    }
    let today = state.clock.today(&property::zone(pool, property_id).await?);
    let quizzes = all_quizzes(pool, property_id).await?;
    let all = items::attempts(&state, property_id, Some(&who.id)).await?;
    let now = state.clock.now_ms();
    Ok(Json(PersonHistory {
        staff_id: id,
        display_name: who.display_name.clone(),
        items: items::items(&state, property_id, Scope::Person(&who.id))
            .await?
            .iter()
            .map(|i| items::view(i, &all, &quizzes, today, now))
            .collect::<ApiResult<_>>()?,
        certificates: items::certificates(&state, property_id, &who.id, &quizzes).await?,
        attempts: all
            .iter()
            .map(|a| items::summary(a, &quizzes))
            .collect::<ApiResult<_>>()?,
    }))
}
