//! Mystery-shopper audits on the wire: templates and their versions, planning, the
//! auditor's draft, results, corrective actions, staff feedback and the monthly report.
//! Scoring itself is in [`crate::audits`].
//!
//! Anonymity is part of the types: [`AuditFeedback`], which audited staff and their
//! supervisors get, has no field that could carry the auditor.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audits::{Answer, ItemKind, TemplateSection};
use crate::reason::FieldReason;
use crate::tasks::TaskStatus;
use crate::validate::{self, FieldErrors};

pub const MAX_SECTIONS: usize = 20;
pub const MAX_ITEMS: usize = 200;
pub const ITEM_TEXT_MAX: usize = 300;
pub const GUIDANCE_MAX: usize = 1000;
pub const NOTE_MAX: usize = 2000;
/// Photos are evidence, not archives: a phone picture resized by the app fits.
pub const PHOTO_MAX_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditTemplateCreate {
    /// Client-made, so a retried create is recognised.
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub name: String,
    /// What is audited: "Front desk check-in", "Telephone", "Housekeeping room quality",
    /// "Restaurant service", "Concierge", or the hotel's own.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub area: String,
    /// Corrective tasks go to this department.
    pub department_id: Uuid,
    /// 0–100.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub pass_mark: f64,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub sections: Vec<TemplateSection>,
}

/// The whole new content of a template. Every edit is saved as a new version; audits
/// keep the version they were filled against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditTemplateUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub area: String,
    pub department_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub pass_mark: f64,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub sections: Vec<TemplateSection>,
}

impl From<AuditTemplateCreate> for AuditTemplateUpdate {
    fn from(c: AuditTemplateCreate) -> Self {
        AuditTemplateUpdate {
            name: c.name,
            area: c.area,
            department_id: c.department_id,
            pass_mark: c.pass_mark,
            sections: c.sections,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditTemplate {
    pub id: Uuid,
    /// The version shown; new audits use the latest.
    pub version: u32,
    pub latest_version: u32,
    pub name: String,
    pub area: String,
    pub department_id: Uuid,
    pub pass_mark: f64,
    pub sections: Vec<TemplateSection>,
    pub archived: bool,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub updated_at: DateTime<Utc>,
    /// Audits made on any version of it: an edit leaves each on the version it has.
    pub used_by: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditTemplateSummary {
    pub id: Uuid,
    pub version: u32,
    pub name: String,
    pub area: String,
    pub department_id: Uuid,
    pub pass_mark: f64,
    pub items: u32,
    pub archived: bool,
}

/// A month's target number of audits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditTargetSet {
    /// 0–10,000.
    #[cfg_attr(feature = "openapi", schema(maximum = 10_000))]
    pub target: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPlan {
    /// `YYYY-MM`.
    pub month: String,
    pub target: u32,
    /// Audits planned for the month (due in it, or started in it unplanned).
    pub assigned: u32,
    pub in_progress: u32,
    /// Submitted or published.
    pub done: u32,
}

/// Plans an audit (a manager names the auditor and due date) or starts an unplanned
/// one (an auditor, for themselves). Sending the same `id` again returns the same audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditCreate {
    pub id: Uuid,
    pub template_id: Uuid,
    /// Required from managers; auditors leave it out (or name themselves).
    #[serde(default)]
    pub auditor_id: Option<Uuid>,
    /// Required from managers.
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    /// The staff member audited, if the audit is about one person.
    #[serde(default)]
    pub subject_staff_id: Option<Uuid>,
    /// Where, or which service: "Lobby", "Room 1203", "Night shift".
    #[serde(default)]
    pub subject_area: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    Assigned,
    InProgress,
    Submitted,
    Published,
}

impl AuditStatus {
    pub const ALL: [AuditStatus; 4] = [
        AuditStatus::Assigned,
        AuditStatus::InProgress,
        AuditStatus::Submitted,
        AuditStatus::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditStatus::Assigned => "assigned",
            AuditStatus::InProgress => "in_progress",
            AuditStatus::Submitted => "submitted",
            AuditStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<AuditStatus> {
        AuditStatus::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Still being filled in: answers may change.
    pub fn is_draft(self) -> bool {
        matches!(self, AuditStatus::Assigned | AuditStatus::InProgress)
    }
}

/// Which audits a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditListFilter {
    /// Assigned or in progress: an auditor's queue.
    #[default]
    Open,
    /// Submitted or published.
    Done,
    All,
}

/// `GET /audits`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct AuditListQuery {
    #[serde(default)]
    pub filter: AuditListFilter,
    /// Only audits planned for this month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub month: Option<String>,
    /// Items to return (1–200, default 50).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// One line of a list. Only auditors (their own) and managers get these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditSummary {
    pub id: Uuid,
    pub template_id: Uuid,
    pub template_version: u32,
    pub template_name: String,
    pub area: String,
    pub department_id: Uuid,
    pub auditor_id: Uuid,
    pub auditor_name: String,
    pub subject_staff_id: Option<Uuid>,
    pub subject_staff_name: Option<String>,
    pub subject_area: Option<String>,
    pub planned: bool,
    pub due_on: Option<NaiveDate>,
    pub status: AuditStatus,
    pub score: Option<f64>,
    pub passed: Option<bool>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Saves one item of a draft. `revision` is the item's revision the device last saw
/// (0 for an item never saved); a save based on an older one is refused with 409, so
/// two devices cannot silently overwrite each other's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Named apart from the training attempt's `AnswerSave`: the document has one name space.
#[cfg_attr(feature = "openapi", schema(as = AuditAnswerSave))]
#[serde(deny_unknown_fields)]
pub struct AnswerSave {
    pub revision: u32,
    /// `null` clears the answer (the note stays).
    pub answer: Option<Answer>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedAnswer {
    pub item_key: String,
    pub answer: Option<Answer>,
    pub note: String,
    pub revision: u32,
    pub photo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionResult {
    pub title: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditResult {
    pub score: Option<f64>,
    pub passed: bool,
    pub critical_failed: bool,
    pub sections: Vec<SectionResult>,
    /// Keys of failed items, critical ones first.
    pub failed_items: Vec<String>,
}

/// A failed item turned into a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectiveAction {
    pub item_key: String,
    pub task_id: Uuid,
    pub title: String,
    pub status: TaskStatus,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub resolve_by: DateTime<Utc>,
}

/// Asks for a corrective task for a failed item; the same item again returns the
/// existing task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CorrectiveActionCreate {
    pub item_key: String,
    /// Default: a week after today.
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

/// An audit in full, for its auditor and for managers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Audit {
    pub summary: AuditSummary,
    pub pass_mark: f64,
    /// The items of the template version the audit is filled against.
    pub sections: Vec<TemplateSection>,
    pub answers: Vec<SavedAnswer>,
    pub result: Option<AuditResult>,
    pub actions: Vec<CorrectiveAction>,
    /// Every corrective task is done, verified or cancelled.
    pub actions_closed: bool,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackItem {
    pub item_key: String,
    pub text: String,
    pub critical: bool,
    pub note: String,
}

/// A published audit as the audited staff and their supervisor see it: what was
/// found, never who found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditFeedback {
    pub id: Uuid,
    pub template_name: String,
    pub area: String,
    pub department_id: Uuid,
    pub subject_staff_id: Option<Uuid>,
    pub subject_staff_name: Option<String>,
    pub subject_area: Option<String>,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub published_at: DateTime<Utc>,
    pub score: Option<f64>,
    pub passed: bool,
    pub sections: Vec<SectionResult>,
    pub failed_items: Vec<FeedbackItem>,
    /// Notes on items that did not fail.
    pub notes: Vec<FeedbackItem>,
}

/// `GET /audit-templates`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct TemplateListQuery {
    /// Include archived templates.
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub archived: bool,
}

/// `GET /audit-templates/{id}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct TemplateVersionQuery {
    /// An earlier version; default the latest.
    pub version: Option<u32>,
}

/// `GET /reports/audits` and its CSV.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct MonthQuery {
    /// `YYYY-MM`; default this month in the hotel's time zone.
    #[cfg_attr(feature = "openapi", param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub month: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreGroup {
    /// The area, department id, section title or month the line is about.
    pub key: String,
    pub label: String,
    pub audits: u32,
    pub average: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailedItemCount {
    pub template_name: String,
    pub item_key: String,
    pub text: String,
    pub critical: bool,
    pub failures: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffResult {
    pub staff_id: Uuid,
    pub name: String,
    pub audits: u32,
    pub passed: u32,
    pub average: Option<f64>,
}

/// A month of audits: submitted audits count in the month they were submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditReport {
    pub month: String,
    pub target: u32,
    /// Audits planned for the month (due in it, or started in it unplanned).
    pub planned: u32,
    /// Submitted in the month.
    pub done: u32,
    pub passed: u32,
    pub average: Option<f64>,
    pub by_area: Vec<ScoreGroup>,
    pub by_department: Vec<ScoreGroup>,
    /// Keyed by template and section title.
    pub by_section: Vec<ScoreGroup>,
    /// The twelve months up to and including `month`, oldest first.
    pub trend: Vec<ScoreGroup>,
    /// The ten items failed most often.
    pub most_failed: Vec<FailedItemCount>,
    pub by_staff: Vec<StaffResult>,
}

/// `YYYY-MM`, as months travel in paths and queries.
pub fn month(value: &str) -> Result<NaiveDate, FieldReason> {
    // Digits only, as the documents' pattern says: chrono alone would take a sign or a space.
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    let bytes = value.as_bytes();
    if bytes.len() != 7 || !digits(&bytes[..4]) || bytes[4] != b'-' || !digits(&bytes[5..]) {
        return Err(FieldReason::MonthFormat);
    }
    NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").map_err(|_| FieldReason::MonthFormat)
}

/// Whether `answer` is a possible answer to an item of `kind`. N/A fits every scored kind.
pub fn answer_fits(kind: &ItemKind, answer: &Answer) -> bool {
    match (kind, answer) {
        (ItemKind::Note, Answer::Note(text)) => text.chars().count() <= NOTE_MAX,
        (ItemKind::Note, _) => false,
        (_, Answer::NotApplicable) => true,
        (ItemKind::YesNo, Answer::Yes | Answer::No) => true,
        (ItemKind::Rating { .. }, Answer::Rating(r)) => (1..=5).contains(r),
        (ItemKind::Number { .. }, Answer::Number(n)) => n.is_finite(),
        (ItemKind::Choice { options }, Answer::Choice(i)) => *i < options.len(),
        _ => false,
    }
}

fn bounded(value: &str, max: usize) -> Result<(), FieldReason> {
    if value.trim().is_empty() {
        Err(FieldReason::Required)
    } else if value.chars().count() > max {
        Err(FieldReason::TooLong)
    } else {
        Ok(())
    }
}

/// A template's name, area, pass mark and every item: keys unique and code-shaped,
/// weights 1–10, thresholds 1–5, two to ten scored choices, finite targets.
pub fn template(req: &AuditTemplateUpdate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut put = |field: String, reason: FieldReason| {
        errors.entry(field).or_insert_with(|| reason);
    };
    if let Err(r) = validate::display_name(&req.name) {
        put("name".into(), r);
    }
    if let Err(r) = validate::display_name(&req.area) {
        put("area".into(), r);
    }
    if !(0.0..=100.0).contains(&req.pass_mark) {
        put("pass_mark".into(), FieldReason::OutOfRange);
    }
    let count: usize = req.sections.iter().map(|s| s.items.len()).sum();
    if req.sections.is_empty() || req.sections.len() > MAX_SECTIONS {
        put("sections".into(), FieldReason::Count);
    }
    if count == 0 || count > MAX_ITEMS {
        put("sections".into(), FieldReason::ItemCount);
    }
    let mut keys = BTreeSet::new();
    for (s, section) in req.sections.iter().enumerate() {
        if let Err(r) = validate::display_name(&section.title) {
            put(format!("sections[{s}].title"), r);
        }
        for (i, item) in section.items.iter().enumerate() {
            let at = |f: &str| format!("sections[{s}].items[{i}].{f}");
            if let Err(r) = validate::code(&item.key) {
                put(at("key"), r);
            } else if !keys.insert(item.key.as_str()) {
                put(at("key"), FieldReason::Duplicate);
            }
            if let Err(r) = bounded(&item.text, ITEM_TEXT_MAX) {
                put(at("text"), r);
            }
            if item.guidance.chars().count() > GUIDANCE_MAX {
                put(at("guidance"), FieldReason::TooLong);
            }
            if !(1..=10).contains(&item.weight) {
                put(at("weight"), FieldReason::OutOfRange);
            }
            let kind_ok = match &item.kind {
                ItemKind::YesNo | ItemKind::Note => true,
                ItemKind::Rating { threshold } => (1..=5).contains(threshold),
                ItemKind::Number { target, unit, .. } => target.is_finite() && unit.chars().count() <= 20,
                ItemKind::Choice { options } => {
                    (2..=10).contains(&options.len())
                        && options.iter().all(|o| {
                            bounded(&o.label, validate::NAME_MAX_CHARS).is_ok() && (0.0..=1.0).contains(&o.score)
                        })
                }
            };
            if !kind_ok {
                put(at("kind"), FieldReason::Invalid);
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audits::{ChoiceOption, TemplateItem};

    fn item(key: &str, kind: ItemKind) -> TemplateItem {
        TemplateItem {
            key: key.into(),
            text: "Greeted".into(),
            guidance: String::new(),
            kind,
            weight: 3,
            critical: false,
            required: true,
            photo: false,
        }
    }

    fn form(items: Vec<TemplateItem>) -> AuditTemplateUpdate {
        AuditTemplateUpdate {
            name: "Check-in".into(),
            area: "Front desk check-in".into(),
            department_id: Uuid::nil(),
            pass_mark: 80.0,
            sections: vec![TemplateSection {
                title: "Arrival".into(),
                items,
            }],
        }
    }

    #[test]
    fn a_good_template_passes_and_duplicate_keys_do_not() {
        assert!(template(&form(vec![item("a", ItemKind::YesNo), item("b", ItemKind::Note)])).is_ok());
        let errors = template(&form(vec![item("a", ItemKind::YesNo), item("a", ItemKind::YesNo)])).unwrap_err();
        assert_eq!(errors["sections[0].items[1].key"], FieldReason::Duplicate);
    }

    #[test]
    fn bad_kinds_weights_and_marks_are_named() {
        let mut heavy = item("w", ItemKind::YesNo);
        heavy.weight = 11;
        let one_choice = item(
            "c",
            ItemKind::Choice {
                options: vec![ChoiceOption {
                    label: "x".into(),
                    score: 1.0,
                }],
            },
        );
        let mut req = form(vec![heavy, one_choice, item("r", ItemKind::Rating { threshold: 9 })]);
        req.pass_mark = 101.0;
        let errors = template(&req).unwrap_err();
        assert_eq!(errors["sections[0].items[0].weight"], FieldReason::OutOfRange);
        assert_eq!(errors["sections[0].items[1].kind"], FieldReason::Invalid);
        assert_eq!(errors["sections[0].items[2].kind"], FieldReason::Invalid);
        assert_eq!(errors["pass_mark"], FieldReason::OutOfRange);
        assert_eq!(template(&form(vec![])).unwrap_err()["sections"], FieldReason::ItemCount);
    }

    #[test]
    fn answers_must_fit_their_item() {
        let rating = ItemKind::Rating { threshold: 3 };
        assert!(answer_fits(&rating, &Answer::Rating(5)));
        assert!(answer_fits(&rating, &Answer::NotApplicable));
        assert!(!answer_fits(&rating, &Answer::Rating(0)));
        assert!(!answer_fits(&rating, &Answer::Yes));
        assert!(!answer_fits(&ItemKind::Note, &Answer::NotApplicable));
        assert!(answer_fits(&ItemKind::Note, &Answer::Note("calm".into())));
    }

    #[test]
    fn months_read_as_yyyy_mm() {
        assert_eq!(month("2026-02"), Ok(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()));
        assert!(month("2026-2").is_err() && month("2026-13").is_err() && month("2026-02-01").is_err());
    }
}
