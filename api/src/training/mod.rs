//! Training quizzes on the wire: the question bank, quizzes, attempts, results,
//! assignments, onboarding plans and reports. Grading lives in [`crate::quiz`]; this
//! module only carries what goes in and out, and checks it.

pub mod csv;
mod validate;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use validate::{assignment, plan, question, quiz, response_fits, OPTIONS_MAX};

use crate::people::Role;
use crate::quiz::{AnswerKey, Response};

wire_codes! {
    /// How a question is shown; the answer key's kind, and `scenario` for a choice
    /// question that comes with a case to read.
    #[derive(Deserialize)]
    pub enum QuestionKind {
        SingleChoice = "single_choice",
        MultipleChoice = "multiple_choice",
        TrueFalse = "true_false",
        Scenario = "scenario",
        Ordering = "ordering",
        Numeric = "numeric",
    }
}

impl QuestionKind {
    pub fn of(key: &AnswerKey, case: Option<&str>) -> QuestionKind {
        match key {
            AnswerKey::SingleChoice { .. } | AnswerKey::MultipleChoice { .. } if case.is_some() => {
                QuestionKind::Scenario
            }
            AnswerKey::SingleChoice { .. } => QuestionKind::SingleChoice,
            AnswerKey::MultipleChoice { .. } => QuestionKind::MultipleChoice,
            AnswerKey::TrueFalse { .. } => QuestionKind::TrueFalse,
            AnswerKey::Ordering { .. } => QuestionKind::Ordering,
            AnswerKey::Numeric { .. } => QuestionKind::Numeric,
        }
    }
}

fn one() -> u32 {
    1
}

/// A question of the bank, as managers write, import and export it. Option indices in
/// the key count from 0 in the order written here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionInput {
    pub id: Uuid,
    /// Draws pick from a category, e.g. `complaints` or `crisis`.
    pub category: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub prompt: String,
    /// The situation to read first; makes a choice question a scenario.
    #[serde(default)]
    pub case: Option<String>,
    /// The options of choice and ordering questions; empty for true/false and numeric.
    #[serde(default)]
    pub options: Vec<String>,
    pub key: AnswerKey,
    /// Shown with the right answer after grading, where the quiz allows review.
    #[serde(default)]
    pub explanation: String,
    #[serde(default = "one")]
    pub points: u32,
}

/// A question of the bank as managers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    #[serde(flatten)]
    pub question: QuestionInput,
}

/// [`QuestionInput`]'s object with `kind` beside its fields. Derived, it would be an
/// `allOf` of the input's closed object (`additionalProperties: false`), which no
/// object with a `kind` could match.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Question {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::Schema;
        use utoipa::openapi::{Ref, RefOr};
        let RefOr::T(Schema::Object(mut object)) = <QuestionInput as utoipa::PartialSchema>::schema() else {
            unreachable!("a struct's schema is an object")
        };
        object.properties.insert(
            "kind".into(),
            RefOr::Ref(Ref::from_schema_name(<QuestionKind as utoipa::ToSchema>::name())),
        );
        object.required.push("kind".into());
        object.description = Some("A question of the bank as managers see it.".into());
        RefOr::T(Schema::Object(object))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Question {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        schemas.push((
            <QuestionKind as utoipa::ToSchema>::name().into(),
            <QuestionKind as utoipa::PartialSchema>::schema(),
        ));
        <QuestionInput as utoipa::ToSchema>::schemas(schemas);
        schemas.push((
            <QuestionInput as utoipa::ToSchema>::name().into(),
            <QuestionInput as utoipa::PartialSchema>::schema(),
        ));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BankFormat {
    Json,
    Csv,
}

/// A bank file to import: the text of an export (JSON list of questions, or CSV; see
/// [`csv`]). Questions with a known id are replaced, others added. One bad row and
/// nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BankImport {
    pub format: BankFormat,
    pub content: String,
}

pub use crate::csv_reader::ImportSummary;

/// `GET /training/questions`: the bank, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct QuestionBankQuery {
    /// Only this category.
    pub category: Option<String>,
    /// Items to return (1–200, default 50).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// `GET /reports/training`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct TrainingReportQuery {
    /// One department; supervisors get their own whatever they ask.
    pub department_id: Option<Uuid>,
}

/// Which table of the training report a CSV holds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CsvTable {
    #[default]
    Coverage,
    Quizzes,
    Hardest,
}

/// `GET /reports/training.csv`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct TrainingCsvQuery {
    /// One department; supervisors get their own whatever they ask.
    pub department_id: Option<Uuid>,
    /// `coverage` (default), `quizzes` or `hardest`.
    #[serde(default)]
    pub table: CsvTable,
}

/// `GET /reports/training/people`: each person's numbers, a page at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct TrainingPeopleQuery {
    /// One department; supervisors get their own whatever they ask.
    pub department_id: Option<Uuid>,
    /// Items to return (1–200, default 50).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Which questions a quiz asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Selection {
    /// These questions, in this order.
    Fixed { question_ids: Vec<Uuid> },
    /// `count` questions drawn at random from each category, per attempt.
    Draw { draws: Vec<Draw> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Draw {
    pub category: String,
    pub count: u32,
}

/// When a person may see the right answers and explanations of a graded attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewPolicy {
    Never,
    AfterEachAttempt,
    AfterPassing,
}

fn yes() -> bool {
    true
}

fn thirty() -> u32 {
    30
}

/// A quiz and its rules; the same shape is written and read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub id: Uuid,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub selection: Selection,
    /// Percentage needed to pass, 0–100.
    pub pass_mark: f64,
    /// Minutes from start; answers after it (and a short grace) are refused.
    #[serde(default)]
    pub time_limit_mins: Option<u32>,
    /// Attempts per person; none for unlimited.
    #[serde(default)]
    pub max_attempts: Option<u32>,
    /// Minutes to wait after a graded attempt before the next.
    #[serde(default)]
    pub wait_mins: u32,
    pub review: ReviewPolicy,
    /// Options shown in a new random order per attempt (kept for that attempt).
    #[serde(default = "yes")]
    pub shuffle_options: bool,
    /// A pass certifies for this many months; none for no certificate.
    #[serde(default)]
    pub certificate_months: Option<u32>,
    /// A renewal is assigned this many days before a certificate expires.
    #[serde(default = "thirty")]
    pub recertify_days_before: u32,
}

impl Quiz {
    /// A quiz with the rules a new one starts from: 80 to pass, reviewed after each
    /// attempt, options shuffled, no time limit, attempt limit, wait or certificate.
    pub fn new(id: Uuid, title: impl Into<String>, selection: Selection) -> Quiz {
        Quiz {
            id,
            title: title.into(),
            description: String::new(),
            selection,
            pass_mark: 80.0,
            time_limit_mins: None,
            max_attempts: None,
            wait_mins: 0,
            review: ReviewPolicy::AfterEachAttempt,
            shuffle_options: true,
            certificate_months: None,
            recertify_days_before: thirty(),
        }
    }
}

/// Who must take a quiz.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssignTarget {
    Department { department_id: Uuid },
    Role { role: Role },
    Person { staff_id: Uuid },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentCreate {
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub target: AssignTarget,
    /// Last day to pass, in the hotel's calendar.
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub target: AssignTarget,
    pub due_on: Option<NaiveDate>,
    /// Made by the server because a certificate is about to expire.
    pub recertification: bool,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanStep {
    pub quiz_id: Uuid,
    /// Days after the hire date the quiz is due, e.g. 7, 30, 60, 90.
    pub day: u32,
}

impl PlanStep {
    /// The day this step is due for someone hired on `hired_on`.
    pub fn due_on(&self, hired_on: NaiveDate) -> NaiveDate {
        hired_on + chrono::Days::new(u64::from(self.day))
    }
}

/// An onboarding plan: quizzes due at days after each member's hire date. Written to
/// create a plan and, whole, to change one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanCreate {
    pub id: Uuid,
    pub name: String,
    pub steps: Vec<PlanStep>,
}

/// Someone who follows a plan, with what it asks of them and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanMember {
    pub staff_id: Uuid,
    pub display_name: String,
    pub hired_on: NaiveDate,
    /// One due date per step of the plan, in the order of its steps.
    pub due_on: Vec<NaiveDate>,
}

impl PlanMember {
    pub fn new(staff_id: Uuid, display_name: String, hired_on: NaiveDate, steps: &[PlanStep]) -> PlanMember {
        PlanMember {
            staff_id,
            display_name,
            hired_on,
            due_on: steps.iter().map(|s| s.due_on(hired_on)).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: Uuid,
    pub name: String,
    pub steps: Vec<PlanStep>,
    /// In the order they joined.
    pub members: Vec<PlanMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanMemberAdd {
    pub staff_id: Uuid,
}

/// One question of an attempt as the person taking it sees it: no key, no explanation,
/// options in this attempt's order. Responses use positions in `options`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptQuestion {
    pub position: u32,
    pub kind: QuestionKind,
    pub prompt: String,
    pub case: Option<String>,
    pub options: Vec<String>,
    /// More than one option may be picked (answered with `choices`): a multiple-choice
    /// question, or a scenario written as one. Says nothing of which or how many are right.
    #[serde(default)]
    pub multiple: bool,
    pub points: u32,
    /// The answer saved so far.
    pub response: Option<Response>,
}

impl AttemptQuestion {
    /// `question` as shown in an attempt: its options in the attempt's `order` (shown
    /// position → written index), and nothing of its key or explanation.
    pub fn shown(position: u32, question: &QuestionInput, order: &[usize], response: Option<Response>) -> Self {
        AttemptQuestion {
            position,
            kind: QuestionKind::of(&question.key, question.case.as_deref()),
            prompt: question.prompt.clone(),
            case: question.case.clone(),
            options: order.iter().filter_map(|i| question.options.get(*i).cloned()).collect(),
            multiple: question.key.picks_several(),
            points: question.points,
            response,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerSave {
    pub response: Response,
}

/// The right answer of a question after grading, in the attempt's option order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewItem {
    pub position: u32,
    pub key: AnswerKey,
    pub explanation: String,
    /// 0–1.
    pub credit: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptResult {
    /// 0–100.
    pub score: f64,
    pub passed: bool,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub graded_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub certificate_expires_at: Option<DateTime<Utc>>,
    /// Present only when the quiz's review policy allows it.
    pub review: Option<Vec<ReviewItem>>,
}

/// An attempt: open (with its questions) or graded (with its result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attempt {
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub quiz_title: String,
    pub attempt_no: u32,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub started_at: DateTime<Utc>,
    /// The server's time limit; answers after it (plus a short grace) are refused.
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub deadline_at: Option<DateTime<Utc>>,
    pub questions: Vec<AttemptQuestion>,
    pub result: Option<AttemptResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptSummary {
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub quiz_title: String,
    pub attempt_no: u32,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub started_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub graded_at: Option<DateTime<Utc>>,
    pub score: Option<f64>,
    pub passed: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certificate {
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub quiz_title: String,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub issued_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub expires_at: DateTime<Utc>,
    pub expired: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemSource {
    Assignment,
    Onboarding,
    Recertification,
}

wire_codes! {
    /// Where a person stands with one quiz they must take.
    #[derive(Deserialize)]
    pub enum ItemStatus {
        /// To do; due later than a week from today, or no due date.
        Assigned = "assigned",
        /// To do within the week.
        Due = "due",
        Overdue = "overdue",
        Passed = "passed",
    }
}

/// The days before its due date an item counts as due.
pub const DUE_SOON_DAYS: i64 = 7;

impl ItemStatus {
    pub fn of(passed: bool, due_on: Option<NaiveDate>, today: NaiveDate) -> ItemStatus {
        match due_on {
            _ if passed => ItemStatus::Passed,
            Some(due) if today > due => ItemStatus::Overdue,
            Some(due) if (due - today).num_days() < DUE_SOON_DAYS => ItemStatus::Due,
            _ => ItemStatus::Assigned,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingItem {
    pub quiz_id: Uuid,
    pub quiz_title: String,
    pub source: ItemSource,
    pub due_on: Option<NaiveDate>,
    pub status: ItemStatus,
    pub attempts_used: u32,
    /// None for unlimited.
    pub attempts_left: Option<u32>,
    /// When the wait after the last attempt ends, if it has not.
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub open_attempt_id: Option<Uuid>,
    pub best_score: Option<f64>,
}

/// "My training": everything the app shows on one screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyTraining {
    pub hired_on: NaiveDate,
    pub items: Vec<TrainingItem>,
    pub certificates: Vec<Certificate>,
    pub attempts: Vec<AttemptSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageRow {
    pub department_id: Option<Uuid>,
    pub department: String,
    pub people: u32,
    /// (person, quiz) pairs someone must take.
    pub assigned: u32,
    /// Of those, with at least one graded attempt.
    pub attempted: u32,
    pub passed: u32,
    pub overdue: u32,
}

/// One person's line of the coverage report: their (quiz) items and how they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonCoverage {
    pub staff_id: Uuid,
    pub display_name: String,
    pub department_id: Option<Uuid>,
    pub assigned: u32,
    pub attempted: u32,
    pub passed: u32,
    pub overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizStats {
    pub quiz_id: Uuid,
    pub title: String,
    pub attempts: u32,
    pub passed: u32,
    /// Passed / graded attempts, 0–100; none without attempts.
    pub pass_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionStats {
    pub question_id: Uuid,
    pub prompt: String,
    pub answered: u32,
    /// Answers with full credit.
    pub correct: u32,
    /// correct / answered, 0–100.
    pub share_correct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingReport {
    pub coverage: Vec<CoverageRow>,
    pub quizzes: Vec<QuizStats>,
    /// Lowest share correct first.
    pub hardest: Vec<QuestionStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonHistory {
    pub staff_id: Uuid,
    pub display_name: String,
    pub items: Vec<TrainingItem>,
    pub certificates: Vec<Certificate>,
    pub attempts: Vec<AttemptSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_travel_as_their_codes() {
        crate::codes::assert_codes_round_trip(QuestionKind::ALL, QuestionKind::code, QuestionKind::parse);
        crate::codes::assert_codes_round_trip(ItemStatus::ALL, ItemStatus::code, ItemStatus::parse);
    }

    #[test]
    fn status_follows_the_due_date() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
        assert_eq!(ItemStatus::of(false, day(9), today), ItemStatus::Overdue);
        assert_eq!(
            ItemStatus::of(false, day(10), today),
            ItemStatus::Due,
            "due today is not late"
        );
        assert_eq!(ItemStatus::of(false, day(16), today), ItemStatus::Due);
        assert_eq!(ItemStatus::of(false, day(17), today), ItemStatus::Assigned);
        assert_eq!(ItemStatus::of(false, None, today), ItemStatus::Assigned);
        assert_eq!(ItemStatus::of(true, day(1), today), ItemStatus::Passed);
    }

    #[test]
    fn a_listed_question_reads_back() {
        let question = QuestionInput {
            id: Uuid::from_u128(7),
            category: "crisis".into(),
            tags: vec!["fire".into()],
            prompt: "What first?".into(),
            case: Some("The fire alarm sounds at 03:00.".into()),
            options: vec!["Reset the panel".into(), "Follow the fire plan".into()],
            key: AnswerKey::SingleChoice { correct: 1 },
            explanation: "Never assume a false alarm.".into(),
            points: 2,
        };
        let listed = Question {
            kind: QuestionKind::Scenario,
            question,
        };
        let json = serde_json::to_value(&listed).unwrap();
        assert_eq!(json["kind"], "scenario");
        assert_eq!(json["key"]["kind"], "single_choice");
        assert_eq!(serde_json::from_value::<Question>(json).unwrap(), listed);
    }

    /// The three follow-up levels: each level in its place earns a third; a rotation,
    /// with no level in place, earns nothing although the sequence looks "almost" right.
    #[test]
    fn follow_up_levels_earn_credit_per_level_in_place() {
        use crate::quiz::credit;
        let key = AnswerKey::Ordering { correct: vec![0, 1, 2] };
        assert_eq!(credit(&key, &Response::Order(vec![0, 1, 2])), 1.0);
        assert!((credit(&key, &Response::Order(vec![0, 2, 1])) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(credit(&key, &Response::Order(vec![1, 2, 0])), 0.0);
        assert_eq!(credit(&key, &Response::Choice(0)), 0.0, "not an order at all");
        let grade = crate::quiz::grade(&[(1, key)], &[Some(Response::Order(vec![0, 2, 1]))], 80.0);
        assert!(!grade.passed);
    }

    fn scenario(key: AnswerKey) -> QuestionInput {
        QuestionInput {
            id: Uuid::from_u128(9),
            category: "crisis".into(),
            tags: vec![],
            prompt: "A guest collapses in the lobby. What do you do?".into(),
            case: Some("It is 22:00; the lobby is busy.".into()),
            options: vec!["Call for the first aider".into(), "Leave".into(), "Clear space".into()],
            key,
            explanation: "SECRET-EXPLANATION".into(),
            points: 1,
        }
    }

    /// The taker learns whether to tick one option or several, and nothing of the key.
    #[test]
    fn a_shown_scenario_says_if_several_may_be_picked_and_no_more() {
        let multi = scenario(AnswerKey::MultipleChoice {
            correct: vec![0, 2],
            rule: crate::quiz::PartialCredit::AllOrNothing,
        });
        let shown = AttemptQuestion::shown(3, &multi, &[2, 0, 1], None);
        assert_eq!(shown.kind, QuestionKind::Scenario);
        assert!(shown.multiple);
        assert_eq!(shown.options, ["Clear space", "Call for the first aider", "Leave"]);
        let json = serde_json::to_value(&shown).unwrap();
        assert_eq!(json["multiple"], true);
        assert_eq!(json["position"], 3);
        let fields: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            ["case", "kind", "multiple", "options", "points", "position", "prompt", "response"]
        );
        let text = json.to_string();
        for secret in ["correct", "rule", "all_or_nothing", "SECRET-EXPLANATION", "explanation"] {
            assert!(!text.contains(secret), "{secret} shown: {text}");
        }

        let single = AttemptQuestion::shown(0, &scenario(AnswerKey::SingleChoice { correct: 0 }), &[0, 1, 2], None);
        assert_eq!((single.kind, single.multiple), (QuestionKind::Scenario, false));
        let mut plain = scenario(AnswerKey::MultipleChoice {
            correct: vec![1],
            rule: crate::quiz::PartialCredit::RightMinusWrong,
        });
        plain.case = None;
        let plain = AttemptQuestion::shown(0, &plain, &[0, 1, 2], None);
        assert_eq!(
            (plain.kind, plain.multiple),
            (QuestionKind::MultipleChoice, true),
            "one right option is still a multiple-choice question"
        );
    }

    #[test]
    fn plan_steps_fall_due_counted_from_the_hire_date() {
        let hired = NaiveDate::from_ymd_opt(2026, 1, 25).unwrap();
        let steps: Vec<PlanStep> = [7, 30, 60, 90]
            .into_iter()
            .map(|day| PlanStep {
                quiz_id: Uuid::nil(),
                day,
            })
            .collect();
        let member = PlanMember::new(Uuid::nil(), "New Hire".into(), hired, &steps);
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(member.due_on, [day(2, 1), day(2, 24), day(3, 26), day(4, 25)]);
    }

    #[test]
    fn a_choice_with_a_case_is_a_scenario() {
        let key = AnswerKey::SingleChoice { correct: 0 };
        assert_eq!(QuestionKind::of(&key, Some("A guest faints")), QuestionKind::Scenario);
        assert_eq!(QuestionKind::of(&key, None), QuestionKind::SingleChoice);
    }
}
