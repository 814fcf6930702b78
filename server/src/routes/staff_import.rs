//! Staff from a file, all or nothing: every row is checked first, on its own
//! (`bellhop_api::staff_import::read_csv`) and against the hotel (its departments,
//! numbers already taken). A good file makes every person in one transaction, without
//! a secret, each with a one-time set-up code to choose their own.

use std::collections::BTreeMap;

use axum::extract::State;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::people::{Language, StaffMember};
use bellhop_api::staff_import::{self, StaffImportRow, StaffImported};
use bellhop_api::{ErrorBody, RowError};
use serde_json::json;
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Admins, Authorized};
use crate::error::{ApiError, ApiResult};
use crate::extract::{CsvBody, Json};
use crate::people::{self, NewStaff};
use crate::routes::admin_events::Entry;
use crate::routes::{property, setup_codes};
use bellhop_api::FieldReason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import))
}

/// Imports people (`text/csv`, header `employee_no,name,role,department,hire_date,language`).
/// Any bad row stores nobody: the 422 names each problem in `rows` (and in `fields` as
/// `row_N.column`). A good file answers each new person's one-time set-up code, which
/// is shown only here.
#[utoipa::path(post, path = "/staff/import", tag = "staff",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 201, body = StaffImported),
        (status = 403, body = ErrorBody),
        (status = 413, description = "Over the body limit", body = ErrorBody),
        (status = 415, description = "Not sent as text/csv", body = ErrorBody),
        (status = 422, description = "Problems by row in `rows`; `body: not_utf8` for a file that is not UTF-8", body = ErrorBody),
    )
)]
async fn import(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Admins>,
    CsvBody(text): CsvBody,
) -> ApiResult<(axum::http::StatusCode, Json<StaffImported>)> {
    let file = staff_import::read_csv(&text).map_err(ApiError::InvalidRows)?;
    let property_id = auth.property_id();
    let zone = property::zone(&state.db.pool, property_id).await?;
    let today = state.clock.today(&zone);
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let departments = departments(tx.conn(), property_id).await?;
    let mut errors = Vec::new();
    for person in &file {
        // Numbers are unique within a hotel; another hotel of the chain may use it too.
        if !people::by_employee_no(tx.conn(), &person.employee_no, Some(property_id))
            .await?
            .is_empty()
        {
            errors.push(RowError::new(person.row, "employee_no", FieldReason::Taken));
        }
        match person.department.as_deref().map(|code| departments.get(code)) {
            Some(None) => errors.push(RowError::new(person.row, "department", FieldReason::UnknownDepartment)),
            Some(Some((_, false))) => {
                errors.push(RowError::new(person.row, "department", FieldReason::RetiredDepartment))
            }
            _ => {}
        }
    }
    if !errors.is_empty() {
        errors.sort();
        return Err(ApiError::InvalidRows(errors));
    }
    let default_language = default_language(tx.conn(), property_id).await?;
    let mut created = Vec::new();
    for person in &file {
        let id = Uuid::new_v4().to_string();
        let department_id = person
            .department
            .as_deref()
            .and_then(|code| departments.get(code))
            .map(|(id, _)| id.as_str());
        people::insert(
            tx.conn(),
            &new_staff(person, &id, property_id, department_id, default_language, today),
            now,
        )
        .await?;
        let uuid = Uuid::parse_str(&id).map_err(|_| ApiError::Internal("new staff id".into()))?;
        let staff = people::by_id(tx.conn(), property_id, uuid)
            .await?
            .ok_or_else(|| ApiError::not_found("staff member"))?;
        created.push(setup_codes::give(tx.conn(), &staff, &auth.staff.id, now).await?);
        Entry::by(&auth, now, AdminEventKind::StaffCreated, &staff.id)
            .label(people::label(&staff.employee_no, &staff.display_name))
            .after(&StaffMember::try_from(&staff)?)?
            .record(tx.conn())
            .await?;
    }
    let numbers: Vec<&str> = created.iter().map(|c| c.employee_no.as_str()).collect();
    Entry::by(&auth, now, AdminEventKind::StaffImported, property_id)
        .label("staff file")
        .after(&json!({ "created": numbers }))?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok((axum::http::StatusCode::CREATED, Json(StaffImported { created })))
}

fn new_staff<'a>(
    person: &'a StaffImportRow,
    id: &'a str,
    property_id: &'a str,
    department_id: Option<&'a str>,
    default_language: Language,
    today: chrono::NaiveDate,
) -> NewStaff<'a> {
    NewStaff {
        id,
        property_id,
        employee_no: &person.employee_no,
        display_name: &person.display_name,
        department_id,
        role: person.role,
        language: person.language.unwrap_or(default_language),
        // No secret: the person chooses one with their set-up code.
        password_hash: None,
        pin_hash: None,
        hired_on: person.hired_on.unwrap_or(today),
        chain_admin: false,
    }
}

/// The property's departments by code: (id, active).
async fn departments(conn: &mut AnyConnection, property_id: &str) -> ApiResult<BTreeMap<String, (String, bool)>> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT code, id, active FROM departments WHERE property_id = $1")
            .bind(property_id)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(code, id, active)| (code, (id, active != 0)))
        .collect())
}

async fn default_language(conn: &mut AnyConnection, property_id: &str) -> ApiResult<Language> {
    let (tag,): (String,) = sqlx::query_as("SELECT default_language FROM properties WHERE id = $1")
        .bind(property_id)
        .fetch_one(conn)
        .await?;
    crate::rows::Row::new("properties", property_id).code("default_language", &tag, Language::parse)
}
