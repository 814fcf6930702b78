//! Who else is a chain admin: a chain admin grants the flag to a person of any open
//! hotel and withdraws it, never from the last one. Each change lands in the trail of
//! the person's own hotel.

use axum::extract::State;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::chain::ChainPerson;
use bellhop_api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::people::{load_person, record};
use crate::app::AppState;
use crate::auth::{Auth, ChainAdmin};
use crate::db::{flag, Backend};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(grant, withdraw))
}

/// Makes a person a chain admin: they create hotels, give roles in them and work in
/// every open hotel as its admin. Granting it again changes nothing.
#[utoipa::path(put, path = "/chain/people/{staff_id}/chain-admin", tag = "chain",
    params(("staff_id" = Uuid, Path)), responses(
    (status = 200, body = ChainPerson),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
    (status = 404, description = "No such active person", body = ErrorBody),
))]
async fn grant(
    State(state): State<AppState>,
    ChainAdmin(auth): ChainAdmin,
    Path(staff_id): Path<Uuid>,
) -> ApiResult<Json<ChainPerson>> {
    set(&state, &auth, &staff_id.to_string(), true).await.map(Json)
}

/// Withdraws a person's chain admin flag: their sessions in hotels where they hold no
/// role of their own end. The last chain admin keeps it (409); withdrawing it from
/// someone without it changes nothing.
#[utoipa::path(delete, path = "/chain/people/{staff_id}/chain-admin", tag = "chain",
    params(("staff_id" = Uuid, Path)), responses(
    (status = 200, body = ChainPerson),
    (status = 403, description = "Not a chain admin", body = ErrorBody),
    (status = 404, description = "No such active person", body = ErrorBody),
    (status = 409, description = "The last chain admin", body = ErrorBody),
))]
async fn withdraw(
    State(state): State<AppState>,
    ChainAdmin(auth): ChainAdmin,
    Path(staff_id): Path<Uuid>,
) -> ApiResult<Json<ChainPerson>> {
    set(&state, &auth, &staff_id.to_string(), false).await.map(Json)
}

async fn set(state: &AppState, auth: &Auth, staff_id: &str, chain_admin: bool) -> ApiResult<ChainPerson> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let (staff, before) = load_person(tx.conn(), staff_id).await?;
    if before.chain_admin == chain_admin {
        return Ok(before);
    }
    if !chain_admin {
        // On PostgreSQL the chain admins' rows stay locked until this commits, so two
        // withdrawals at once cannot leave none; SQLite has one writer anyway.
        let lock = if state.db.backend == Backend::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        let others: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT id FROM staff WHERE chain_admin = 1 AND active = 1 AND id <> $1{lock}"
        ))
        .bind(staff_id)
        .fetch_all(tx.conn())
        .await?;
        if others.is_empty() {
            return Err(ApiError::conflict("the chain keeps at least one chain admin"));
        }
    }
    sqlx::query("UPDATE staff SET chain_admin = $1, updated_at = $2 WHERE id = $3")
        .bind(flag(chain_admin))
        .bind(now)
        .bind(staff_id)
        .execute(tx.conn())
        .await?;
    let (_, after) = load_person(tx.conn(), staff_id).await?;
    let kind = if chain_admin {
        AdminEventKind::ChainAdminGranted
    } else {
        AdminEventKind::ChainAdminWithdrawn
    };
    record(auth, &staff.property_id, now, kind, &staff)
        .before(&before)?
        .after(&after)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(after)
}
