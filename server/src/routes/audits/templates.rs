//! Audit templates. Every saved edit is a new, immutable version: audits point at the
//! version they were filled against, so a finished audit keeps its items and score.

use axum::extract::State;
use axum::http::StatusCode;
use bellhop_api::audit_wire::{
    self, AuditTemplate, AuditTemplateCreate, AuditTemplateSummary, AuditTemplateUpdate, TemplateListQuery,
    TemplateVersionQuery,
};
use bellhop_api::audits::TemplateSection;
use bellhop_api::ErrorBody;
use sqlx::AnyConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{Auditors, Authorized, Managers};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::routes::property;
use crate::rows::{self, Row};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, update))
        .routes(routes!(archive))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    pub id: String,
    pub version: i64,
    pub latest_version: i64,
    pub archived_at: Option<i64>,
    pub updated_at: i64,
    pub created_by: String,
    pub name: String,
    pub area: String,
    pub department_id: String,
    pub pass_mark: f64,
    pub sections: String,
}

const VERSION_SELECT: &str = "SELECT t.id, v.version, t.latest_version, t.archived_at, t.updated_at, t.created_by, \
        v.name, v.area, v.department_id, v.pass_mark, v.sections \
    FROM audit_templates t JOIN audit_template_versions v ON v.template_id = t.id";

impl VersionRow {
    fn row(&self) -> Row<'_> {
        Row::new("audit_templates", &self.id)
    }

    pub fn sections(&self) -> ApiResult<Vec<TemplateSection>> {
        self.row().json("sections", &self.sections)
    }

    fn to_api(&self, used_by: u32) -> ApiResult<AuditTemplate> {
        let row = self.row();
        Ok(AuditTemplate {
            id: row.own_id()?,
            version: row.number("version", self.version)?,
            latest_version: row.number("latest_version", self.latest_version)?,
            name: self.name.clone(),
            area: self.area.clone(),
            department_id: row.id("department_id", &self.department_id)?,
            pass_mark: self.pass_mark,
            sections: self.sections()?,
            archived: self.archived_at.is_some(),
            updated_at: row.time("updated_at", self.updated_at)?,
            used_by,
        })
    }

    fn summary(&self) -> ApiResult<AuditTemplateSummary> {
        let row = self.row();
        let items = self.sections()?.iter().map(|s| s.items.len()).sum::<usize>();
        Ok(AuditTemplateSummary {
            id: row.own_id()?,
            version: row.number("version", self.version)?,
            name: self.name.clone(),
            area: self.area.clone(),
            department_id: row.id("department_id", &self.department_id)?,
            pass_mark: self.pass_mark,
            items: u32::try_from(items).unwrap_or(u32::MAX),
            archived: self.archived_at.is_some(),
        })
    }
}

/// The template as the API shows it, with how many audits were made on it.
async fn detail(state: &AppState, row: &VersionRow) -> ApiResult<AuditTemplate> {
    let (used,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audits WHERE template_id = $1")
        .bind(&row.id)
        .fetch_one(&state.db.pool)
        .await?;
    row.to_api(rows::count(used)?)
}

/// A version of a template of the property; the latest one when `version` is `None`.
pub async fn load(
    state: &AppState,
    property_id: &str,
    id: Uuid,
    version: Option<u32>,
) -> ApiResult<Option<VersionRow>> {
    Ok(sqlx::query_as(&format!(
        "{VERSION_SELECT} WHERE t.id = $1 AND t.property_id = $2 AND v.version = COALESCE($3, t.latest_version)"
    ))
    .bind(id.to_string())
    .bind(property_id)
    .bind(version.map(i64::from))
    .fetch_optional(&state.db.pool)
    .await?)
}

/// The property's templates, latest versions, by name.
#[utoipa::path(get, path = "/audit-templates", tag = "audits", params(TemplateListQuery), responses(
    (status = 200, body = Vec<AuditTemplateSummary>),
    (status = 403, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Query(q): Query<TemplateListQuery>,
) -> ApiResult<Json<Vec<AuditTemplateSummary>>> {
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "{VERSION_SELECT} WHERE t.property_id = $1 AND v.version = t.latest_version \
         AND ($2 = 1 OR t.archived_at IS NULL) ORDER BY v.name, t.id"
    ))
    .bind(auth.property_id())
    .bind(i64::from(q.archived))
    .fetch_all(&state.db.pool)
    .await?;
    Ok(Json(rows.iter().map(VersionRow::summary).collect::<ApiResult<_>>()?))
}

/// One template with its sections and items.
#[utoipa::path(get, path = "/audit-templates/{id}", tag = "audits", params(("id" = Uuid, Path), TemplateVersionQuery), responses(
    (status = 200, body = AuditTemplate),
    (status = 403, body = ErrorBody),
))]
async fn get(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Auditors>,
    Path(id): Path<Uuid>,
    Query(q): Query<TemplateVersionQuery>,
) -> ApiResult<Json<AuditTemplate>> {
    let row = load(&state, auth.property_id(), id, q.version).await?;
    let row = row.ok_or_else(|| ApiError::not_found("template"))?;
    Ok(Json(detail(&state, &row).await?))
}

/// Creates a template (version 1). Sending the same `id` again returns it (200).
#[utoipa::path(post, path = "/audit-templates", tag = "audits", request_body = AuditTemplateCreate, responses(
    (status = 201, body = AuditTemplate),
    (status = 200, description = "A retry of a template already created", body = AuditTemplate),
    (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Json(req): Json<AuditTemplateCreate>,
) -> ApiResult<(StatusCode, Json<AuditTemplate>)> {
    let id = req.id;
    if let Some(existing) = load(&state, auth.property_id(), id, None).await? {
        return Ok((StatusCode::OK, Json(detail(&state, &existing).await?)));
    }
    let content = AuditTemplateUpdate::from(req);
    check(&state, auth.property_id(), &content).await?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO audit_templates (id, property_id, latest_version, created_by, created_at, updated_at) \
         VALUES ($1, $2, 1, $3, $4, $4)",
    )
    .bind(id.to_string())
    .bind(auth.property_id())
    .bind(&auth.staff.id)
    .bind(now)
    .execute(tx.conn())
    .await;
    if let Err(err) = inserted {
        drop(tx);
        return match load(&state, auth.property_id(), id, None).await? {
            Some(existing) => Ok((StatusCode::OK, Json(detail(&state, &existing).await?))),
            None => Err(ApiError::from(err)),
        };
    }
    insert_version(
        tx.conn(),
        &id.to_string(),
        1,
        auth.property_id(),
        &auth.staff.id,
        now,
        &content,
    )
    .await?;
    tx.commit().await?;
    let row = load(&state, auth.property_id(), id, None).await?;
    let row = row.ok_or_else(|| ApiError::not_found("template"))?;
    Ok((StatusCode::CREATED, Json(detail(&state, &row).await?)))
}

/// Saves new content as the next version. Audits already started keep theirs; new
/// audits use this one.
#[utoipa::path(put, path = "/audit-templates/{id}", tag = "audits", params(("id" = Uuid, Path)), request_body = AuditTemplateUpdate, responses(
    (status = 200, body = AuditTemplate),
    (status = 403, body = ErrorBody),
    (status = 409, description = "The template is archived", body = ErrorBody),
))]
async fn update(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
    Json(req): Json<AuditTemplateUpdate>,
) -> ApiResult<Json<AuditTemplate>> {
    let current = load(&state, auth.property_id(), id, None).await?;
    let current = current.ok_or_else(|| ApiError::not_found("template"))?;
    if current.archived_at.is_some() {
        return Err(ApiError::conflict("archived templates are not edited"));
    }
    check(&state, auth.property_id(), &req).await?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    // Raising the number first locks the row, so two edits at once make two versions.
    sqlx::query("UPDATE audit_templates SET latest_version = latest_version + 1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(&current.id)
        .execute(tx.conn())
        .await?;
    let (version,): (i64,) = sqlx::query_as("SELECT latest_version FROM audit_templates WHERE id = $1")
        .bind(&current.id)
        .fetch_one(tx.conn())
        .await?;
    insert_version(
        tx.conn(),
        &current.id,
        version,
        auth.property_id(),
        &auth.staff.id,
        now,
        &req,
    )
    .await?;
    tx.commit().await?;
    let row = load(&state, auth.property_id(), id, None).await?;
    let row = row.ok_or_else(|| ApiError::not_found("template"))?;
    Ok(Json(detail(&state, &row).await?))
}

/// Archives a template: no new audits use it; audits under way can still be finished.
#[utoipa::path(post, path = "/audit-templates/{id}/archive", tag = "audits", params(("id" = Uuid, Path)), responses(
    (status = 200, body = AuditTemplate),
    (status = 403, body = ErrorBody),
))]
async fn archive(
    State(state): State<AppState>,
    Authorized(auth, _): Authorized<Managers>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AuditTemplate>> {
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE audit_templates SET archived_at = COALESCE(archived_at, $1) WHERE id = $2 AND property_id = $3",
    )
    .bind(state.clock.now_ms())
    .bind(id.to_string())
    .bind(auth.property_id())
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    let row = load(&state, auth.property_id(), id, None).await?;
    let row = row.ok_or_else(|| ApiError::not_found("template"))?;
    Ok(Json(detail(&state, &row).await?))
}

async fn check(state: &AppState, property_id: &str, req: &AuditTemplateUpdate) -> ApiResult<()> {
    audit_wire::template(req).map_err(ApiError::Invalid)?;
    property::require_department(&state.db.pool, property_id, req.department_id).await
}

pub async fn insert_version(
    conn: &mut AnyConnection,
    template_id: &str,
    version: i64,
    property_id: &str,
    by: &str,
    now: i64,
    content: &AuditTemplateUpdate,
) -> Result<(), sqlx::Error> {
    let sections = serde_json::to_string(&content.sections).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO audit_template_versions (template_id, version, property_id, name, area, department_id, \
            pass_mark, sections, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(template_id)
    .bind(version)
    .bind(property_id)
    .bind(content.name.trim())
    .bind(content.area.trim())
    .bind(content.department_id.to_string())
    .bind(content.pass_mark)
    .bind(sections)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
