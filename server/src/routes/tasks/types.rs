//! Task types: the built-in six and the property's own, each with a default
//! department, a checklist template and response/resolution targets per priority.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::tasks::{
    self, ChecklistCode, ChecklistTemplateItem, Targets, TaskType, TaskTypeCreate, TaskTypeUpdate, PRIORITIES,
};
use bellhop_api::validate::{self, FieldErrors};
use bellhop_api::ErrorBody;
use sqlx::{Any, AnyConnection, Executor};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Auth, Authorized, Managers};
use crate::db::flag;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::routes::admin_events::Entry;
use crate::routes::property;
use crate::rows::Row;
use bellhop_api::FieldReason;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TypeRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub builtin: i64,
    pub default_department_id: Option<String>,
    pub checklist: String,
    pub targets: String,
}

const TYPE_COLUMNS: &str = "id, code, name, builtin, default_department_id, checklist, targets";

impl TypeRow {
    fn row(&self) -> Row<'_> {
        Row::new("task_types", &self.id)
    }

    pub fn checklist(&self) -> ApiResult<Vec<ChecklistTemplateItem>> {
        self.row().json("checklist", &self.checklist)
    }

    pub fn default_department_id(&self) -> ApiResult<Option<Uuid>> {
        self.row()
            .opt_id("default_department_id", self.default_department_id.as_deref())
    }

    /// The targets for `priority`; a type stores none until a manager tunes it, and
    /// then the defaults apply.
    pub fn targets_for(&self, priority: u8) -> ApiResult<Targets> {
        let targets: Vec<Targets> = self.row().json("targets", &self.targets)?;
        Ok(targets
            .get(usize::from(priority.saturating_sub(1)))
            .copied()
            .unwrap_or_else(|| Targets::default_for(&self.code, priority)))
    }

    fn to_api(&self) -> ApiResult<TaskType> {
        Ok(TaskType {
            id: self.row().own_id()?,
            code: self.code.clone(),
            name: self.name.clone(),
            builtin: self.builtin != 0,
            default_department_id: self.default_department_id()?,
            checklist: self.checklist()?,
            targets: PRIORITIES.map(|p| self.targets_for(p)).collect::<ApiResult<_>>()?,
        })
    }
}

pub async fn load<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    id: Uuid,
) -> ApiResult<Option<TypeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {TYPE_COLUMNS} FROM task_types WHERE id = $1 AND property_id = $2"
    ))
    .bind(id.to_string())
    .bind(property_id)
    .fetch_optional(db)
    .await?)
}

/// The property's type of `code` (the built-in ones always exist).
pub async fn by_code<'c>(
    db: impl Executor<'c, Database = Any>,
    property_id: &str,
    code: &str,
) -> ApiResult<Option<TypeRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {TYPE_COLUMNS} FROM task_types WHERE code = $1 AND property_id = $2"
    ))
    .bind(code)
    .bind(property_id)
    .fetch_optional(db)
    .await?)
}

/// (code, name, default department code, checklist)
type Builtin = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(ChecklistCode, &'static str, bool)],
);

const BUILTIN: [Builtin; 6] = [
    ("room_request", "Room request", "housekeeping", &[]),
    ("repair", "Repair", "engineering", &[]),
    (
        "cleaning",
        "Room cleaning",
        "housekeeping",
        &[
            (ChecklistCode::MakeBeds, "Strip and make the beds", true),
            (ChecklistCode::Bathroom, "Clean and dry the bathroom", true),
            (ChecklistCode::Restock, "Restock amenities and towels", true),
            (ChecklistCode::Vacuum, "Vacuum and dust", true),
            (ChecklistCode::FinalLook, "Final look from the door", false),
        ],
    ),
    (
        "inspection",
        "Check-out inspection",
        "housekeeping",
        &[
            (ChecklistCode::Minibar, "Minibar checked and charged", true),
            (ChecklistCode::Damage, "Damage and lost property checked", true),
            (ChecklistCode::Released, "Room released for cleaning", true),
        ],
    ),
    (tasks::COMPLAINT, "Guest complaint", "front_office", &[]),
    ("other", "Other", "front_office", &[]),
];

/// Adds the built-in types to a new property; `departments` maps codes to ids.
pub async fn seed_builtin(
    conn: &mut AnyConnection,
    property_id: &str,
    departments: &[(&str, String)],
) -> Result<(), sqlx::Error> {
    for (code, name, department, checklist) in BUILTIN {
        let department_id = departments.iter().find(|(c, _)| *c == department).map(|(_, id)| id);
        let checklist: Vec<ChecklistTemplateItem> = checklist
            .iter()
            .map(|(code, label, required)| ChecklistTemplateItem {
                code: Some(*code),
                label: (*label).into(),
                required: *required,
            })
            .collect();
        let targets: Vec<Targets> = PRIORITIES.map(|p| Targets::default_for(code, p)).collect();
        insert(
            conn,
            &Uuid::new_v4().to_string(),
            property_id,
            code,
            name,
            true,
            department_id.map(String::as_str),
            &checklist,
            &targets,
        )
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    property_id: &str,
    code: &str,
    name: &str,
    builtin: bool,
    department_id: Option<&str>,
    checklist: &[ChecklistTemplateItem],
    targets: &[Targets],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO task_types (id, property_id, code, name, builtin, default_department_id, checklist, targets) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(property_id)
    .bind(code)
    .bind(name)
    .bind(flag(builtin))
    .bind(department_id)
    .bind(serde_json::to_string(checklist).unwrap_or_else(|_| "[]".into()))
    .bind(serde_json::to_string(targets).unwrap_or_else(|_| "[]".into()))
    .execute(conn)
    .await?;
    Ok(())
}

/// The property's task types.
#[utoipa::path(get, path = "/task-types", tag = "tasks", responses(
    (status = 200, body = Vec<TaskType>),
))]
async fn list(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<TaskType>>> {
    let rows: Vec<TypeRow> = sqlx::query_as(&format!(
        "SELECT {TYPE_COLUMNS} FROM task_types WHERE property_id = $1 ORDER BY builtin DESC, name"
    ))
    .bind(auth.property_id())
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(rows.iter().map(TypeRow::to_api).collect::<ApiResult<_>>()?))
}

fn check_shape(
    name: Option<&str>,
    checklist: Option<&[ChecklistTemplateItem]>,
    targets: Option<&[Targets]>,
) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    if let Some(Err(reason)) = name.map(validate::display_name) {
        errors.insert("name".into(), reason);
    }
    if let Some(items) = checklist {
        if items.len() > 30 {
            errors.insert("checklist".into(), FieldReason::TooManyItems);
        }
        for (n, item) in items.iter().enumerate() {
            if let Err(reason) = validate::display_name(&item.label) {
                errors.insert(format!("checklist.{n}"), reason);
            }
        }
    }
    if let Some(targets) = targets {
        let sane = targets.len() == PRIORITIES.count()
            && targets
                .iter()
                .all(|t| t.respond_mins >= 1 && t.respond_mins <= t.resolve_mins && t.resolve_mins <= 30 * 24 * 60);
        if !sane {
            errors.insert("targets".into(), FieldReason::TargetsInvalid);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// Adds a task type of the property's own.
#[utoipa::path(post, path = "/task-types", tag = "tasks", request_body = TaskTypeCreate, responses(
    (status = 201, body = TaskType),
    (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<TaskTypeCreate>,
) -> ApiResult<(StatusCode, Json<TaskType>)> {
    check_shape(Some(&req.name), Some(&req.checklist), req.targets.as_deref())?;
    validate::code(&req.code).map_err(|reason| ApiError::field("code", reason))?;
    if let Some(department) = req.default_department_id {
        property::require_department(&state.db.pool, auth.property_id(), department).await?;
    }
    let targets = req
        .targets
        .unwrap_or_else(|| PRIORITIES.map(|p| Targets::default_for(&req.code, p)).collect());
    let mut tx = state.db.begin_write().await?;
    let department = req.default_department_id.map(|d| d.to_string());
    insert(
        tx.conn(),
        &req.id.to_string(),
        auth.property_id(),
        &req.code,
        req.name.trim(),
        false,
        department.as_deref(),
        &req.checklist,
        &targets,
    )
    .await?;
    let created = load(tx.conn(), auth.property_id(), req.id)
        .await?
        .ok_or_else(|| ApiError::not_found("task type"))?
        .to_api()?;
    Entry::by(&auth, state.clock.now_ms(), AdminEventKind::TaskTypeAdded, created.id)
        .label(&created.name)
        .after(&created)?
        .record(tx.conn())
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Changes a type's name, department, checklist or targets. Tasks already filed keep
/// the checklist and deadlines they were given.
#[utoipa::path(patch, path = "/task-types/{id}", tag = "tasks", params(("id" = Uuid, Path)), request_body = TaskTypeUpdate, responses(
    (status = 200, body = TaskType),
    (status = 403, body = ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
    Json(req): Json<TaskTypeUpdate>,
) -> ApiResult<Json<TaskType>> {
    check_shape(req.name.as_deref(), req.checklist.as_deref(), req.targets.as_deref())?;
    let current = load(&state.db.pool, auth.property_id(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("task type"))?;
    if let Some(Some(department)) = req.default_department_id {
        property::require_department(&state.db.pool, auth.property_id(), department).await?;
    }
    let department = match req.default_department_id {
        Some(new) => new.map(|d| d.to_string()),
        None => current.default_department_id.clone(),
    };
    let before = current.to_api()?;
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE task_types SET name = $1, default_department_id = $2, checklist = $3, targets = $4 WHERE id = $5",
    )
    .bind(req.name.as_deref().map(str::trim).unwrap_or(&current.name))
    .bind(department)
    .bind(
        req.checklist
            .map(|c| serde_json::to_string(&c).unwrap_or_default())
            .unwrap_or(current.checklist),
    )
    .bind(
        req.targets
            .map(|t| serde_json::to_string(&t).unwrap_or_default())
            .unwrap_or(current.targets),
    )
    .bind(&current.id)
    .execute(tx.conn())
    .await?;
    let after = load(tx.conn(), auth.property_id(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("task type"))?
        .to_api()?;
    if after != before {
        Entry::by(&auth, state.clock.now_ms(), AdminEventKind::TaskTypeChanged, after.id)
            .label(&after.name)
            .before(&before)?
            .after(&after)?
            .record(tx.conn())
            .await?;
    }
    tx.commit().await?;
    Ok(Json(after))
}
