//! The day's assignments: the hotel's credits, a proposed split of the day's rooms that
//! housekeeping's supervisor adjusts and saves, everyone's lists with their progress,
//! and each attendant's own rooms in order (queued rooms first).

use std::collections::{BTreeSet, HashMap};

use axum::extract::State;
use bellhop_api::room_assignments::{
    self, AssignedRoom, AssignmentsSave, AttendantDay, AttendantShare, CreditRules, DayRoom, Progress, Proposal,
    ASSIGN_MAX_ROOMS, CREDITS_MAX,
};
use bellhop_api::room_status::{self, Housekeeping, RoomRelation, RoomStatus};
use bellhop_api::validate::NAME_MAX_CHARS;
use bellhop_api::ErrorBody;
use bellhop_api::FieldReason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::assign_store::{self, AssignmentRow, NewAssignment};
use super::effects;
use super::status_store::{self, StatusRow};
use crate::app::AppState;
use crate::auth::{Auth, Authorized, Managers};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::routes::property;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_credits, put_credits))
        .routes(routes!(proposal))
        .routes(routes!(list, save))
        .routes(routes!(mine))
}

/// Refuses anyone but housekeeping's supervisor, managers and admins.
pub async fn require_assigner(state: &AppState, auth: &Auth) -> ApiResult<()> {
    let department = property::department_code(&state.db.pool, auth.department_id.as_deref()).await?;
    let rel = RoomRelation {
        housekeeping: department.as_deref() == Some("housekeeping"),
        ..Default::default()
    };
    if room_status::may_assign(auth.role(), rel) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// The hotel's credits per room type and kind of clean (the line with an empty room
/// type stands for every other type; without one a departure counts 3, a stay-over 1).
#[utoipa::path(get, path = "/rooms/credits", tag = "rooms", responses((status = 200, body = CreditRules)))]
async fn get_credits(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<CreditRules>> {
    Ok(Json(CreditRules {
        rules: assign_store::credit_rules(&state.db.pool, auth.property_id()).await?,
    }))
}

/// Replaces the hotel's credits (managers and admins).
#[utoipa::path(put, path = "/rooms/credits", tag = "rooms", request_body = CreditRules, responses(
    (status = 200, body = CreditRules),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`rules.N.departure|stay_over: out_of_range`, `rules.N.room_type: too_long | duplicate`", body = ErrorBody),
))]
async fn put_credits(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<CreditRules>,
) -> ApiResult<Json<CreditRules>> {
    let mut errors = bellhop_api::validate::FieldErrors::new();
    let mut seen = BTreeSet::new();
    let rules: Vec<_> = req
        .rules
        .into_iter()
        .map(|mut r| {
            r.room_type = r.room_type.trim().to_owned();
            r
        })
        .collect();
    for (n, rule) in rules.iter().enumerate() {
        for (field, value) in [("departure", rule.departure), ("stay_over", rule.stay_over)] {
            if value > CREDITS_MAX {
                errors.insert(format!("rules.{n}.{field}"), FieldReason::OutOfRange);
            }
        }
        if rule.room_type.chars().count() > NAME_MAX_CHARS {
            errors.insert(format!("rules.{n}.room_type"), FieldReason::TooLong);
        } else if !seen.insert(rule.room_type.clone()) {
            errors.insert(format!("rules.{n}.room_type"), FieldReason::Duplicate);
        }
    }
    if rules.len() > 200 {
        errors.insert("rules".into(), FieldReason::TooMany);
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let mut tx = state.db.begin_write().await?;
    assign_store::replace_credit_rules(tx.conn(), auth.property_id(), &rules).await?;
    tx.commit().await?;
    get_credits(State(state), auth).await
}

/// The day's rooms that need a clean, in walking order, with their credits.
async fn day_rooms(state: &AppState, property_id: &str, day: i64) -> ApiResult<Vec<(StatusRow, DayRoom)>> {
    let rules = assign_store::credit_rules(&state.db.pool, property_id).await?;
    let mut rows = status_store::list(&state.db.pool, property_id, day, &[], vec![]).await?;
    rows.sort_by(|a, b| (&a.section, a.floor, &a.number).cmp(&(&b.section, b.floor, &b.number)));
    let mut out = Vec::new();
    for row in rows {
        let status = row.to_api()?;
        if let Some(kind) = room_assignments::clean_kind(status.occupancy, status.housekeeping) {
            let room = DayRoom {
                room_id: status.room_id,
                number: status.number,
                floor: status.floor,
                section: status.section,
                kind,
                credits: room_assignments::credits(&rules, &status.room_type, kind),
            };
            out.push((row, room));
        }
    }
    Ok(out)
}

/// Today's rooms that need a clean, split between the attendants on duty into runs of
/// neighbouring rooms of about equal credits. Nothing is saved: the supervisor adjusts
/// it and saves it with `PUT /rooms/assignments`.
#[utoipa::path(get, path = "/rooms/assignments/proposal", tag = "rooms", responses(
    (status = 200, body = Proposal),
    (status = 403, body = ErrorBody),
))]
async fn proposal(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Proposal>> {
    require_assigner(&state, &auth).await?;
    let (today, _, day) = effects::today(&state, auth.property_id()).await?;
    let rooms: Vec<DayRoom> = day_rooms(&state, auth.property_id(), day)
        .await?
        .into_iter()
        .map(|(_, room)| room)
        .collect();
    let attendants = assign_store::attendants(&state.db.pool, auth.property_id()).await?;
    let split = room_assignments::propose(&rooms, attendants.len());
    let attendants = attendants
        .into_iter()
        .zip(split)
        .map(|((id, name), indexes)| {
            let rooms: Vec<DayRoom> = indexes.into_iter().map(|i| rooms[i].clone()).collect();
            Ok(AttendantShare {
                attendant_id: crate::rows::Row::new("staff", &id).own_id()?,
                attendant_name: name,
                credits: rooms.iter().map(|r| r.credits).sum(),
                rooms,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(Proposal { day: today, attendants }))
}

/// Saves today's lists, replacing any saved before: each attendant (active
/// housekeeping staff) with their rooms in the order to work them. A room's kind of
/// clean and credits are fixed now, from its status.
#[utoipa::path(put, path = "/rooms/assignments", tag = "rooms", request_body = AssignmentsSave, responses(
    (status = 200, body = Vec<AttendantDay>),
    (status = 403, body = ErrorBody),
    (status = 422, description = "`attendants.N.attendant_id: unknown_person`, `attendants.N.room_ids.M: unknown_room | duplicate`", body = ErrorBody),
))]
async fn save(
    State(state): State<AppState>,
    auth: Auth,
    Json(req): Json<AssignmentsSave>,
) -> ApiResult<Json<Vec<AttendantDay>>> {
    require_assigner(&state, &auth).await?;
    let (_, _, day) = effects::today(&state, auth.property_id()).await?;
    let on_duty: BTreeSet<String> = assign_store::attendants(&state.db.pool, auth.property_id())
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let rules = assign_store::credit_rules(&state.db.pool, auth.property_id()).await?;
    let rooms: HashMap<String, StatusRow> = status_store::list(&state.db.pool, auth.property_id(), day, &[], vec![])
        .await?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let mut errors = bellhop_api::validate::FieldErrors::new();
    let mut seen = BTreeSet::new();
    let mut lists = Vec::new();
    let ids: Vec<(String, Vec<String>)> = req
        .attendants
        .iter()
        .map(|a| {
            (
                a.attendant_id.to_string(),
                a.room_ids.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect();
    if ids.iter().map(|(_, r)| r.len()).sum::<usize>() > ASSIGN_MAX_ROOMS {
        return Err(ApiError::field("attendants", FieldReason::TooMany));
    }
    for (n, (attendant, room_ids)) in ids.iter().enumerate() {
        if !on_duty.contains(attendant) {
            errors.insert(format!("attendants.{n}.attendant_id"), FieldReason::UnknownPerson);
        }
        for (m, room_id) in room_ids.iter().enumerate() {
            let Some(room) = rooms.get(room_id) else {
                errors.insert(format!("attendants.{n}.room_ids.{m}"), FieldReason::UnknownRoom);
                continue;
            };
            if !seen.insert(room_id.clone()) {
                errors.insert(format!("attendants.{n}.room_ids.{m}"), FieldReason::Duplicate);
                continue;
            }
            let status = room.to_api()?;
            // A room that needs nothing today is still on the list: as a departure,
            // the supervisor's word.
            let kind = room_assignments::clean_kind(status.occupancy, status.housekeeping)
                .unwrap_or(room_assignments::CleanKind::Departure);
            lists.push(NewAssignment {
                room_id,
                attendant_id: attendant,
                position: m as i64,
                kind,
                credits: room_assignments::credits(&rules, &room.room_type, kind),
            });
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let mut tx = state.db.begin_write().await?;
    assign_store::replace_day(tx.conn(), auth.property_id(), day, &lists, state.clock.now_ms()).await?;
    tx.commit().await?;
    Ok(Json(days(&state, auth.property_id(), day, None).await?))
}

/// Every attendant's list today, in order, with their progress.
#[utoipa::path(get, path = "/rooms/assignments", tag = "rooms", responses(
    (status = 200, body = Vec<AttendantDay>),
    (status = 403, body = ErrorBody),
))]
async fn list(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<AttendantDay>>> {
    require_assigner(&state, &auth).await?;
    let (_, _, day) = effects::today(&state, auth.property_id()).await?;
    Ok(Json(days(&state, auth.property_id(), day, None).await?))
}

/// The signed-in attendant's rooms today in the order to work them: rooms queued for a
/// waiting guest first (flagged urgent), then the supervisor's order.
#[utoipa::path(get, path = "/rooms/mine", tag = "rooms", responses(
    (status = 200, body = AttendantDay),
))]
async fn mine(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<AttendantDay>> {
    let (_, _, day) = effects::today(&state, auth.property_id()).await?;
    let mut days = days(&state, auth.property_id(), day, Some(&auth.staff.id)).await?;
    Ok(Json(match days.pop() {
        Some(mine) => mine,
        None => AttendantDay {
            attendant_id: crate::rows::Row::new("staff", &auth.staff.id).own_id()?,
            attendant_name: auth.staff.display_name.clone(),
            rooms: vec![],
            progress: Progress::default(),
        },
    }))
}

/// The day's lists (of `only` one attendant, if named), rooms in working order.
async fn days(state: &AppState, property_id: &str, day: i64, only: Option<&str>) -> ApiResult<Vec<AttendantDay>> {
    let rows: Vec<AssignmentRow> = assign_store::day(&state.db.pool, property_id, day)
        .await?
        .into_iter()
        .filter(|a| only.is_none_or(|me| a.attendant_id == me))
        .collect();
    let statuses: HashMap<String, RoomStatus> = status_store::list(&state.db.pool, property_id, day, &[], vec![])
        .await?
        .iter()
        .map(|r| Ok((r.id.clone(), r.to_api()?)))
        .collect::<ApiResult<_>>()?;
    let mut out: Vec<AttendantDay> = Vec::new();
    for row in rows {
        let Some(status) = statuses.get(&row.room_id) else {
            continue; // retired since it was assigned
        };
        if out
            .last()
            .is_none_or(|d| d.attendant_id.to_string() != row.attendant_id)
        {
            out.push(AttendantDay {
                attendant_id: crate::rows::Row::new("room_assignments", &row.room_id)
                    .id("attendant_id", &row.attendant_id)?,
                attendant_name: row.attendant_name.clone(),
                rooms: vec![],
                progress: Progress::default(),
            });
        }
        let done = matches!(status.housekeeping, Housekeeping::Clean | Housekeeping::Inspected);
        let credits = row.credits()?;
        let entry = out.last_mut().expect("pushed above");
        entry.progress.rooms += 1;
        entry.progress.credits += credits;
        if done {
            entry.progress.done += 1;
            entry.progress.credits_done += credits;
        }
        entry.rooms.push(AssignedRoom {
            status: status.clone(),
            kind: row.kind()?,
            credits,
            done,
        });
    }
    // Queued rooms first (a stable sort keeps the supervisor's order otherwise).
    for day in &mut out {
        day.rooms.sort_by_key(|r| !r.status.urgent);
    }
    Ok(out)
}
