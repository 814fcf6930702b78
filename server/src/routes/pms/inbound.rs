//! `POST /pms/events`: the PMS's check-ins, check-outs, room moves and day lists,
//! authenticated by a PMS token (`Authorization: Bearer …`, no session and no CSRF
//! header: it is not a browser). Each event is kept by the PMS's id with its answer,
//! so a replay changes nothing and gets the same answer.

use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use bellhop_api::pms::{PmsEvent, PmsEventKind, PmsReceipt, PmsRoom, DAY_LIST_MAX};
use bellhop_api::room_status::{ChangeSource, Occupancy};
use bellhop_api::ErrorBody;
use bellhop_api::FieldReason;
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::secrets;
use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::routes::rooms::effects::{self, RoomChange, RoomTask};
use crate::routes::rooms::status_store::{self, Fields, StatusRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(receive))
}

/// The PMS behind a valid, unrevoked token of an open hotel: a retired hotel's tokens
/// are refused (401) as revoked ones are.
pub struct PmsCaller {
    pub token_id: String,
    pub property_id: String,
    /// The admin who issued the token: the filer of the tasks its events file.
    pub issued_by: String,
}

impl FromRequestParts<AppState> for PmsCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let refused = || ApiError::new(bellhop_api::ErrorCode::Unauthenticated, "send a valid PMS token");
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(refused)?;
        let found: Option<(String, String, String)> = sqlx::query_as(
            "SELECT t.id, t.property_id, t.created_by FROM pms_tokens t JOIN properties p ON p.id = t.property_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND p.active = 1",
        )
        .bind(secrets::digest(token))
        .fetch_optional(&state.db.pool)
        .await?;
        let (token_id, property_id, issued_by) = found.ok_or_else(refused)?;
        Ok(PmsCaller {
            token_id,
            property_id,
            issued_by,
        })
    }
}

/// One event of the PMS, by `type`:
///
/// - `check_in` `{room}`: occupied.
/// - `check_out` `{room}`: departed and dirty, do-not-disturb and service refused
///   cleared; files the room's cleaning task (for today's attendant) if the hotel
///   chooses (`PUT /pms/settings`).
/// - `room_move` `{from_room, to_room}`: a check-out of one and a check-in of the other.
/// - `day_list` `{arrivals, departures}`: vacant rooms expecting a guest today, occupied
///   rooms due out today.
///
/// Idempotent by `event_id`: the same event again changes nothing and answers as the
/// first time; another event under a used id is refused (409). Room numbers the hotel
/// does not have are listed in `unknown_rooms`, not refused.
#[utoipa::path(post, path = "/pms/events", tag = "pms",
    security(("pms_token" = [])),
    request_body(content = PmsEvent, examples(
        ("check_out" = (value = json!({"event_id": "opera-7731", "type": "check_out", "room": "1208"}))),
        ("check_in" = (value = json!({"event_id": "opera-7732", "type": "check_in", "room": "1208"}))),
        ("room_move" = (value = json!({"event_id": "opera-7733", "type": "room_move", "from_room": "901", "to_room": "1002"}))),
        ("day_list" = (value = json!({"event_id": "opera-day-2026-12-06", "type": "day_list", "arrivals": ["1001", "1002"], "departures": ["905", "1208"]}))),
    )),
    responses(
        (status = 200, body = PmsReceipt, example = json!({"event_id": "opera-7731", "rooms": [{"number": "1208", "occupancy": "departed", "housekeeping": "dirty"}], "unknown_rooms": [], "cleaning_task_id": "0193a3c4-7d2e-7b61-9a55-3c1f0e2d4b10"})),
        (status = 401, description = "No PMS token, or a revoked or unknown one", body = ErrorBody),
        (status = 409, description = "The event id was used for another event", body = ErrorBody),
        (status = 422, description = "`event_id: required | too_long`, `arrivals|departures: too_many`", body = ErrorBody),
    ))]
async fn receive(
    State(state): State<AppState>,
    caller: PmsCaller,
    Json(event): Json<PmsEvent>,
) -> ApiResult<Json<PmsReceipt>> {
    let event_id = event.event_id.trim();
    if event_id.is_empty() {
        return Err(ApiError::field("event_id", FieldReason::Required));
    }
    if event_id.chars().count() > 100 || event_id.chars().any(char::is_control) {
        return Err(ApiError::field("event_id", FieldReason::TooLong));
    }
    if let PmsEventKind::DayList { arrivals, departures } = &event.kind {
        if arrivals.len() + departures.len() > DAY_LIST_MAX {
            return Err(ApiError::field("arrivals", FieldReason::TooMany));
        }
    }
    let hash = request_hash(&event)?;
    if let Some(answer) = replay(&state, &caller, event_id, &hash).await? {
        return Ok(Json(answer));
    }
    let mut tx = state.db.begin_write().await?;
    let (_, _, day) = effects::today(&state, &caller.property_id).await?;
    let mut run = Run {
        state: &state,
        caller: &caller,
        day,
        receipt: PmsReceipt {
            event_id: event_id.to_owned(),
            rooms: vec![],
            unknown_rooms: vec![],
            cleaning_task_id: None,
        },
    };
    match &event.kind {
        PmsEventKind::CheckIn { room } => run.check_in(&mut tx, room).await?,
        PmsEventKind::CheckOut { room } => run.check_out(&mut tx, room).await?,
        PmsEventKind::RoomMove { from_room, to_room } => {
            run.check_out(&mut tx, from_room).await?;
            run.check_in(&mut tx, to_room).await?;
        }
        PmsEventKind::DayList { arrivals, departures } => {
            for room in arrivals {
                run.expect(&mut tx, room, Occupancy::Vacant, Occupancy::ArrivalExpected, "arrival")
                    .await?;
            }
            for room in departures {
                run.expect(&mut tx, room, Occupancy::Occupied, Occupancy::DueOut, "departure")
                    .await?;
            }
        }
    }
    let receipt = run.receipt;
    let answer = serde_json::to_string(&receipt).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO pms_events (property_id, event_id, kind, request_hash, answer, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&caller.property_id)
    .bind(event_id)
    .bind(event.kind.code())
    .bind(&hash)
    .bind(&answer)
    .bind(state.clock.now_ms())
    .execute(tx.conn())
    .await?;
    sqlx::query("UPDATE pms_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(state.clock.now_ms())
        .bind(&caller.token_id)
        .execute(tx.conn())
        .await?;
    tx.commit().await?;
    Ok(Json(receipt))
}

/// What identifies the event's content, whatever the whitespace and key order it came in.
fn request_hash(event: &PmsEvent) -> ApiResult<String> {
    let canonical = serde_json::to_string(event).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The first answer to this event id, if it was received before; 409 if the id came
/// with another event.
async fn replay(state: &AppState, caller: &PmsCaller, event_id: &str, hash: &str) -> ApiResult<Option<PmsReceipt>> {
    let stored: Option<(String, String)> =
        sqlx::query_as("SELECT request_hash, answer FROM pms_events WHERE property_id = $1 AND event_id = $2")
            .bind(&caller.property_id)
            .bind(event_id)
            .fetch_optional(&state.db.pool)
            .await?;
    match stored {
        None => Ok(None),
        Some((stored_hash, _)) if stored_hash != hash => {
            Err(ApiError::conflict("this event id was used for another event"))
        }
        Some((_, answer)) => {
            Ok(Some(serde_json::from_str(&answer).map_err(|_| {
                ApiError::Internal(format!("pms_events {event_id}: answer"))
            })?))
        }
    }
}

/// One event being applied.
struct Run<'a> {
    state: &'a AppState,
    caller: &'a PmsCaller,
    day: i64,
    receipt: PmsReceipt,
}

impl Run<'_> {
    async fn room(&mut self, tx: &mut WriteTx, number: &str) -> ApiResult<Option<StatusRow>> {
        let room = status_store::by_number(tx.conn(), &self.caller.property_id, self.day, number.trim()).await?;
        if room.is_none() {
            self.receipt.unknown_rooms.push(number.to_owned());
        }
        Ok(room)
    }

    /// Applies `after` to `room` (if it changes anything) and notes the result.
    async fn change(&mut self, tx: &mut WriteTx, room: &StatusRow, after: Fields, what: &str) -> ApiResult<()> {
        if after != room.fields()? {
            let change =
                RoomChange::new(room, after.clone(), what, ChangeSource::Pms).note(Some(&self.receipt.event_id));
            effects::apply(self.state, tx, change).await?;
        }
        self.receipt.rooms.push(PmsRoom {
            number: room.number.clone(),
            occupancy: after.occupancy,
            housekeeping: after.housekeeping,
        });
        Ok(())
    }

    async fn check_in(&mut self, tx: &mut WriteTx, number: &str) -> ApiResult<()> {
        let Some(room) = self.room(tx, number).await? else {
            return Ok(());
        };
        let mut after = room.fields()?;
        after.occupancy = Occupancy::Occupied;
        after.seen = None;
        self.change(tx, &room, after, "check_in").await
    }

    async fn check_out(&mut self, tx: &mut WriteTx, number: &str) -> ApiResult<()> {
        let Some(room) = self.room(tx, number).await? else {
            return Ok(());
        };
        let mut after = room.fields()?;
        after.occupancy = Occupancy::Departed;
        after.do_not_disturb = false;
        after.service_refused = false;
        after.seen = None;
        let cleaned = !after.housekeeping.is_off();
        if cleaned {
            after.housekeeping = bellhop_api::room_status::Housekeeping::Dirty;
        }
        self.change(tx, &room, after, "check_out").await?;
        let (files,): (i64,) = sqlx::query_as("SELECT checkout_files_cleaning FROM properties WHERE id = $1")
            .bind(&self.caller.property_id)
            .fetch_one(tx.conn())
            .await?;
        if cleaned && files != 0 && effects::active_tasks(tx.conn(), &room.id, "cleaning").await?.is_empty() {
            let id = effects::file_task(
                self.state,
                tx,
                RoomTask {
                    type_code: "cleaning",
                    room: &room,
                    title: format!("Departure clean {}", room.number),
                    details: format!("Checked out (PMS event {})", self.receipt.event_id),
                    priority: 3,
                    created_by: &self.caller.issued_by,
                    assignee_id: room.attendant_id.as_deref(),
                },
            )
            .await?;
            self.receipt.cleaning_task_id = Uuid::parse_str(&id).ok();
        }
        Ok(())
    }

    /// A day list's line: a room in `from` occupancy moves to `to`; others stay.
    async fn expect(
        &mut self,
        tx: &mut WriteTx,
        number: &str,
        from: Occupancy,
        to: Occupancy,
        what: &str,
    ) -> ApiResult<()> {
        let Some(room) = self.room(tx, number).await? else {
            return Ok(());
        };
        let mut after = room.fields()?;
        if after.occupancy == from {
            after.occupancy = to;
        }
        self.change(tx, &room, after, what).await
    }
}
