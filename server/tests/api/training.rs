//! Training quizzes through the API, on SQLite and PostgreSQL: no answer leaks before
//! grading, the server's timer, attempt limits under parallel starts, waits, onboarding
//! due dates, certificates and their renewal, bank import/export, reports, permissions.

mod screens;

use std::time::Duration;

use chrono::NaiveDate;
use uuid::Uuid;

use bellhop_api::people::{Language, Role, StaffCreate, StaffMember, StaffUpdate};
use bellhop_api::quiz::{AnswerKey, PartialCredit, Response as Reply};
use bellhop_api::training::{
    AnswerSave, AssignTarget, Assignment, AssignmentCreate, Attempt, AttemptQuestion, BankFormat, BankImport,
    ImportSummary, ItemSource, ItemStatus, MyTraining, PersonCoverage, PersonHistory, Plan, PlanCreate, PlanMemberAdd,
    PlanStep, Question, QuestionInput, QuestionKind, Quiz, ReviewPolicy, TrainingReport,
};
use bellhop_api::{ErrorCode, Page};

use crate::common::*;

on_both_databases!(
    nothing_before_grading_shows_a_key_or_an_explanation,
    the_time_limit_is_kept_by_the_server,
    parallel_starts_never_pass_the_attempt_limit,
    the_wait_between_attempts_is_enforced,
    onboarding_is_due_from_the_hire_date,
    certificates_expire_and_renew_once,
    the_bank_round_trips_and_bad_rows_store_nothing,
    coverage_counts_a_known_department_exactly,
    roles_and_properties_are_kept_apart,
    the_demo_hotel_has_its_training,
    an_answer_racing_the_submit_is_graded_or_refused,
    review_follows_the_quiz_policy_and_roles_are_assigned,
    reads_leave_what_time_changes_to_the_jobs,
    a_corrupt_training_row_is_a_500_and_the_server_goes_on,
);

/// Takes the quiz once, answering `right`; the graded attempt as the raw text, for the
/// checks that nothing is in it that should not be.
async fn take_text(browser: &Browser, quiz: &str, right: bool) -> String {
    let attempt = started(browser, quiz).await.id.to_string();
    answered(browser, &attempt, 0, Reply::Bool(right)).await;
    let submitted = browser
        .post(&format!("/api/training/attempts/{attempt}/submit"), &())
        .await;
    text_of(submitted, 200).await
}

/// Takes the quiz once, answering `right`; returns the graded attempt.
async fn take(browser: &Browser, quiz: &str, right: bool) -> Attempt {
    serde_json::from_str(&take_text(browser, quiz, right).await).expect("an attempt")
}

/// The result of a graded attempt.
fn result(attempt: &Attempt) -> &bellhop_api::training::AttemptResult {
    attempt.result.as_ref().expect("a graded attempt")
}

async fn review_follows_the_quiz_policy_and_roles_are_assigned(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let q = add_question(&manager, "policy", true_false("Greet every guest?", true)).await;
    let never = add_quiz(&manager, std::slice::from_ref(&q), |quiz| {
        quiz.review = ReviewPolicy::Never
    })
    .await;
    let after_passing = add_quiz(&manager, &[q], |quiz| quiz.review = ReviewPolicy::AfterPassing).await;
    for quiz in [&never, &after_passing] {
        assign(&manager, quiz, AssignTarget::Role { role: Role::Supervisor }, None).await;
    }
    let supervisor = app.signed_in("S301").await;
    let mine: MyTraining = supervisor.get_ok("/api/training/me").await;
    assert_eq!(mine.items.len(), 2, "assigned by role");
    let staff = app.signed_in("E302").await;
    let theirs: MyTraining = staff.get_ok("/api/training/me").await;
    assert!(theirs.items.is_empty(), "not a supervisor");

    let graded = take_text(&supervisor, &never, true).await;
    assert!(!graded.contains(EXPLAIN));
    let graded: Attempt = serde_json::from_str(&graded).unwrap();
    assert!(result(&graded).passed);
    assert_eq!(result(&graded).review, None, "never reviewed");

    let failed = take(&supervisor, &after_passing, false).await;
    assert_eq!(result(&failed).review, None, "not before passing");
    let failed_id = failed.id;
    let passed = take(&supervisor, &after_passing, true).await;
    assert_eq!(result(&passed).review.as_ref().unwrap()[0].credit, 1.0);
    // Once passed, the earlier failed attempt may be reviewed too.
    let earlier: Attempt = supervisor.get_ok(&format!("/api/training/attempts/{failed_id}")).await;
    let review = result(&earlier).review.as_ref().expect("a review");
    assert_eq!(review[0].credit, 0.0);
    assert!(review[0].explanation.starts_with(EXPLAIN));
}

/// A GET stores nothing: an attempt whose time ran out and a renewal falling due are
/// stored by the clock's passes (every few seconds on a running server), never because
/// someone looked; once they ran, reads show what the reads used to store.
async fn reads_leave_what_time_changes_to_the_jobs(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let timed = simple_quiz(&app, &manager, "F101", |quiz| quiz.time_limit_mins = Some(5)).await;
    let certifying = simple_quiz(&app, &manager, "F101", |quiz| {
        quiz.certificate_months = Some(12);
        quiz.recertify_days_before = 30;
    })
    .await;
    let tablet = app.signed_in("F101").await;
    take(&tablet, &certifying, true).await;
    let started = started(&tablet, &timed).await;
    let attempt = started.id.to_string();
    answered(&tablet, &attempt, 0, Reply::Bool(true)).await;
    let stored = || async {
        let (open,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM training_attempts WHERE quiz_id = $1 AND submitted_at IS NULL")
                .bind(&timed)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        let (renewals,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM training_assignments WHERE quiz_id = $1 AND certificate_id IS NOT NULL",
        )
        .bind(&certifying)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        (open, renewals)
    };

    // Into the renewal window, past the limit; only the clock moves, no pass runs.
    app.clock.advance(Duration::from_secs(340 * 86_400));
    let (tablet, manager) = (app.signed_in("F101").await, app.signed_in("M001").await);
    let shown: Attempt = tablet.get_ok(&format!("/api/training/attempts/{attempt}")).await;
    assert_eq!(shown.result, None, "not graded by being read");
    let _: MyTraining = tablet.get_ok("/api/training/me").await;
    let _: Vec<Assignment> = manager.get_ok("/api/training/assignments").await;
    let _: TrainingReport = manager.get_ok("/api/reports/training").await;
    let _: Page<PersonCoverage> = manager.get_ok("/api/reports/training/people").await;
    assert_eq!(stored().await, (1, 0), "the reads stored nothing");

    bellhop_server::jobs::catch_up(&app.state).await.unwrap();
    assert_eq!(stored().await, (0, 1), "graded and renewed by the passes");
    let graded: Attempt = tablet.get_ok(&format!("/api/training/attempts/{attempt}")).await;
    assert_eq!(Some(result(&graded).graded_at), started.deadline_at);
    assert_eq!(result(&graded).score, 100.0);
    let mine: MyTraining = tablet.get_ok("/api/training/me").await;
    assert!(mine
        .items
        .iter()
        .any(|i| i.quiz_id == uuid(&certifying) && i.source == ItemSource::Recertification));
    assert_eq!(bellhop_server::jobs::catch_up(&app.state).await.unwrap(), 0, "once");
}

/// Every answer the server accepted is in the grade: none lands after grading.
async fn an_answer_racing_the_submit_is_graded_or_refused(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let ids: Vec<String> = futures::future::join_all(
        (0..10).map(|n| add_question(&manager, "race", true_false(&format!("Statement {n}"), true))),
    )
    .await;
    let quiz = add_quiz(&manager, &ids, as_is).await;
    assign_person(&app, &manager, &quiz, "F102").await;
    let tablet = app.signed_in("F102").await;
    let attempt = started(&tablet, &quiz).await.id.to_string();
    let saves = (0..10).map(|n| answer(&tablet, &attempt, n, Reply::Bool(true)));
    let (saved, graded) = tokio::join!(futures::future::join_all(saves), async {
        tokio::time::sleep(Duration::from_millis(5)).await;
        submit(&tablet, &attempt).await
    });
    let accepted = saved.iter().filter(|r| r.status() == 200).count();
    assert!(saved.iter().all(|r| matches!(r.status().as_u16(), 200 | 409)));
    assert_eq!(
        result(&graded).score,
        100.0 * accepted as f64 / 10.0,
        "{accepted} answers accepted"
    );
}

const EXPLAIN: &str = "EXPLAIN-only-after-grading";

/// Adds `question` to the bank in `category`, with an explanation naming its id; the id.
async fn add_question(manager: &Browser, category: &str, question: QuestionInput) -> String {
    let id = Uuid::new_v4();
    let question = QuestionInput {
        id,
        category: category.to_owned(),
        explanation: format!("{EXPLAIN} {id}"),
        ..question
    };
    let _: Question = manager.post_created("/api/training/questions", &question).await;
    id.to_string()
}

/// A question to give `add_question`, which sets its id, category and explanation.
fn question(prompt: &str, case: Option<&str>, options: &[&str], key: AnswerKey) -> QuestionInput {
    QuestionInput {
        id: Uuid::nil(),
        category: String::new(),
        tags: Vec::new(),
        prompt: prompt.to_owned(),
        case: case.map(str::to_owned),
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        key,
        explanation: String::new(),
        points: 1,
    }
}

fn true_false(prompt: &str, correct: bool) -> QuestionInput {
    question(prompt, None, &[], AnswerKey::TrueFalse { correct })
}

/// Leaves a quiz as `add_quiz` makes it.
fn as_is(_: &mut Quiz) {}

/// Adds a quiz of these questions (80 to pass, reviewed after each attempt), changed by
/// `adjust`; its id.
async fn add_quiz(manager: &Browser, question_ids: &[String], adjust: impl FnOnce(&mut Quiz)) -> String {
    let question_ids = question_ids.iter().map(uuid).collect();
    let mut quiz = fixed_quiz(String::new(), question_ids);
    quiz.title = format!("Quiz {}", quiz.id);
    adjust(&mut quiz);
    let _: Quiz = manager.post_created("/api/training/quizzes", &quiz).await;
    quiz.id.to_string()
}

async fn assign(manager: &Browser, quiz: &str, target: AssignTarget, due_on: Option<NaiveDate>) {
    let body = AssignmentCreate {
        id: Uuid::new_v4(),
        quiz_id: uuid(quiz),
        target,
        due_on,
    };
    let _: Assignment = manager.post_created("/api/training/assignments", &body).await;
}

async fn assign_person(app: &TestApp, manager: &Browser, quiz: &str, employee_no: &str) {
    let staff_id = app.staff_uuid(employee_no).await;
    assign(manager, quiz, AssignTarget::Person { staff_id }, None).await;
}

/// A one-question true/false quiz (the answer is `true`) assigned to `employee_no`.
async fn simple_quiz(app: &TestApp, manager: &Browser, employee_no: &str, adjust: impl FnOnce(&mut Quiz)) -> String {
    let q = add_question(manager, "basics", true_false("Smile at guests?", true)).await;
    let quiz = add_quiz(manager, &[q], adjust).await;
    assign_person(app, manager, &quiz, employee_no).await;
    quiz
}

async fn start(browser: &Browser, quiz: &str) -> reqwest::Response {
    browser
        .post(&format!("/api/training/quizzes/{quiz}/attempts"), &())
        .await
}

/// Starts a new attempt (201); the attempt.
async fn started(browser: &Browser, quiz: &str) -> Attempt {
    decoded(start(browser, quiz).await, 201).await
}

async fn answer(browser: &Browser, attempt: &str, position: u32, response: Reply) -> reqwest::Response {
    browser
        .put(
            &format!("/api/training/attempts/{attempt}/answers/{position}"),
            AnswerSave { response },
        )
        .await
}

/// Saves an answer that is taken; the question as it now stands.
async fn answered(browser: &Browser, attempt: &str, position: u32, response: Reply) -> AttemptQuestion {
    decoded(answer(browser, attempt, position, response).await, 200).await
}

async fn submit(browser: &Browser, attempt: &str) -> Attempt {
    browser
        .post_ok(&format!("/api/training/attempts/{attempt}/submit"), &())
        .await
}

/// The due dates of the items of a "my training".
fn due_dates(mine: &MyTraining) -> Vec<NaiveDate> {
    mine.items.iter().map(|i| i.due_on.expect("a due date")).collect()
}

/// A day written `YYYY-MM-DD`.
fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Signed in as the manager of a second hotel in the same database.
async fn another_hotels_manager(app: &TestApp) -> Browser {
    let other = app.another_hotel().await;
    let hash = app.state.hasher.hash(DEMO_PASSWORD.into()).await.unwrap();
    sqlx::query(
        "INSERT INTO staff (id, property_id, employee_no, display_name, role, language, active, password_hash, \
                            created_at, updated_at) VALUES ($1, $2, 'PM01', 'Peak Manager', 'manager', 'en', 1, $3, 0, 0)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(&other)
    .bind(hash)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    app.signed_in("PM01").await
}

/// The raw text of a response, after checking its status: the leak checks read all of
/// it, fields no api type knows included.
async fn text_of(response: reqwest::Response, status: u16) -> String {
    let actual = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "status; body: {text}");
    text
}

fn assert_no_leak(text: &str) {
    for secret in [
        EXPLAIN,
        "explanation",
        "\"key\"",
        "correct",
        "expected",
        "tolerance",
        "42.5",
    ] {
        assert!(!text.contains(secret), "{secret:?} leaked before grading: {text}");
    }
}

/// A new hire with a password, hired on `hired_on`.
fn new_hire(employee_no: &str, display_name: &str, hired_on: NaiveDate) -> StaffCreate {
    StaffCreate {
        id: Uuid::new_v4(),
        employee_no: employee_no.to_owned(),
        display_name: display_name.to_owned(),
        department_id: None,
        role: Role::Staff,
        language: Language::default(),
        pin: None,
        password: Some("new-hire-pass".into()),
        hired_on: Some(hired_on),
    }
}

async fn nothing_before_grading_shows_a_key_or_an_explanation(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let ordering = question(
        "Put the follow-up levels in order",
        None,
        &[
            "General manager spot-checks",
            "Customer-service manager contacts the guest",
            "Department head reviews",
        ],
        AnswerKey::Ordering { correct: vec![1, 2, 0] },
    );
    let single = question(
        "Who owns a complaint?",
        Some("A guest complains at the lobby about noise."),
        &["The first responder", "The night manager", "Nobody"],
        AnswerKey::SingleChoice { correct: 0 },
    );
    let numeric = question(
        "Average repair time in minutes?",
        None,
        &[],
        AnswerKey::Numeric {
            expected: 42.5,
            tolerance: 0.5,
        },
    );
    let ids = [
        add_question(&manager, "complaints", ordering).await,
        add_question(&manager, "complaints", single).await,
        add_question(&manager, "complaints", numeric).await,
    ];
    let quiz = add_quiz(&manager, &ids, |quiz| quiz.time_limit_mins = Some(10)).await;
    assign_person(&app, &manager, &quiz, "F101").await;
    let tablet = app.signed_in("F101").await;

    let started = text_of(start(&tablet, &quiz).await, 201).await;
    assert_no_leak(&started);
    let started: Attempt = serde_json::from_str(&started).unwrap();
    let attempt = started.id.to_string();
    assert_eq!(started.questions[1].kind, QuestionKind::Scenario);
    assert_eq!(started.result, None);

    // Answer the ordering question right, in the shuffled positions shown.
    let shown = &started.questions[0].options;
    let at = |text: &str| shown.iter().position(|o| o.starts_with(text)).unwrap();
    let order = vec![at("Customer"), at("Department"), at("General")];
    let saved = text_of(answer(&tablet, &attempt, 0, Reply::Order(order.clone())).await, 200).await;
    assert_no_leak(&saved);
    let saved = text_of(answer(&tablet, &attempt, 2, Reply::Number(42.0)).await, 200).await;
    assert_no_leak(&saved);
    refused(answer(&tablet, &attempt, 1, Reply::Choice(7)).await, ErrorCode::Invalid).await;

    // A reload on another device resumes the same attempt: same order, saved answers.
    let phone = app.signed_in("F101").await;
    let resumed = text_of(start(&phone, &quiz).await, 200).await;
    assert_no_leak(&resumed);
    let resumed: Attempt = serde_json::from_str(&resumed).unwrap();
    assert_eq!(resumed.id, started.id);
    assert_eq!(resumed.questions[0].options, started.questions[0].options);
    assert_eq!(resumed.questions[1].options, started.questions[1].options);
    assert_eq!(resumed.questions[0].response, Some(Reply::Order(order.clone())));
    let again = text_of(phone.get(&format!("/api/training/attempts/{attempt}")).await, 200).await;
    assert_no_leak(&again);
    let mine = text_of(phone.get("/api/training/me").await, 200).await;
    assert_no_leak(&mine);

    // After grading the review shows keys (in shown positions) and explanations.
    let graded = submit(&tablet, &attempt).await;
    let result = result(&graded);
    assert!((result.score - 100.0 / 3.0 * 2.0).abs() < 1e-6, "{result:?}");
    assert!(!result.passed);
    let review = result.review.as_ref().expect("a review");
    assert_eq!(review.len(), 3);
    assert_eq!(review[0].key, AnswerKey::Ordering { correct: order });
    assert_eq!(review[0].credit, 1.0);
    assert_eq!(review[1].credit, 0.0);
    assert!(review[2].explanation.starts_with(EXPLAIN));
    refused(
        answer(&tablet, &attempt, 1, Reply::Choice(0)).await,
        ErrorCode::Conflict,
    )
    .await;

    // A second attempt is open: the first one's review would be a crib sheet for it.
    let second = text_of(start(&tablet, &quiz).await, 201).await;
    assert_no_leak(&second);
    let first = text_of(tablet.get(&format!("/api/training/attempts/{attempt}")).await, 200).await;
    assert_no_leak(&first);
    let second: Attempt = serde_json::from_str(&second).unwrap();
    submit(&tablet, &second.id.to_string()).await;
    let first: Attempt = tablet.get_ok(&format!("/api/training/attempts/{attempt}")).await;
    assert_eq!(
        first.result.and_then(|r| r.review).map(|r| r.len()),
        Some(3),
        "back once it is graded"
    );
}

async fn the_time_limit_is_kept_by_the_server(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let q1 = add_question(&manager, "timed", true_false("One", true)).await;
    let q2 = add_question(&manager, "timed", true_false("Two", true)).await;
    let quiz = add_quiz(&manager, &[q1, q2], |quiz| {
        quiz.time_limit_mins = Some(10);
        quiz.pass_mark = 50.0;
    })
    .await;
    assign_person(&app, &manager, &quiz, "F101").await;
    let tablet = app.signed_in("F101").await;
    let started = started(&tablet, &quiz).await;
    let attempt = started.id.to_string();
    let deadline = started.deadline_at.expect("a timed attempt");
    assert_eq!((deadline - started.started_at).num_milliseconds(), 600_000);

    app.advance(Duration::from_secs(9 * 60));
    answered(&tablet, &attempt, 0, Reply::Bool(true)).await;
    // Inside the grace after the limit: it left the tablet in time.
    app.advance(Duration::from_secs(60 + 5));
    answered(&tablet, &attempt, 1, Reply::Bool(false)).await;
    app.advance(Duration::from_secs(6));
    refused(
        answer(&tablet, &attempt, 1, Reply::Bool(true)).await,
        ErrorCode::Conflict,
    )
    .await;
    let graded: Attempt = tablet.get_ok(&format!("/api/training/attempts/{attempt}")).await;
    assert_eq!(result(&graded).graded_at, deadline, "graded at the limit");
    assert_eq!(result(&graded).score, 50.0, "as it stood: one of two right");

    // An attempt left open past its limit is graded by the server's clock.
    let quiz2 = simple_quiz(&app, &manager, "F101", |quiz| quiz.time_limit_mins = Some(5)).await;
    let started = self::started(&tablet, &quiz2).await;
    answered(&tablet, &started.id.to_string(), 0, Reply::Bool(true)).await;
    app.advance(Duration::from_secs(3600));
    let tablet = app.signed_in("F101").await;
    let mine: MyTraining = tablet.get_ok("/api/training/me").await;
    let listed = mine.attempts.iter().find(|a| a.id == started.id).expect("the attempt");
    assert_eq!(listed.graded_at, started.deadline_at);
    assert_eq!(listed.score, Some(100.0));
    assert_eq!(listed.passed, Some(true));
}

async fn parallel_starts_never_pass_the_attempt_limit(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let quiz = simple_quiz(&app, &manager, "F101", |quiz| quiz.max_attempts = Some(2)).await;
    let tablet = app.signed_in("F101").await;
    for round in 1..=3 {
        let starts = (0..50).map(|_| start(&tablet, &quiz));
        let responses = futures::future::join_all(starts).await;
        let mut ids = std::collections::BTreeSet::new();
        let mut created = 0;
        for response in responses {
            match response.status().as_u16() {
                201 => {
                    created += 1;
                    ids.insert(response.json::<Attempt>().await.unwrap().id);
                }
                200 => {
                    ids.insert(response.json::<Attempt>().await.unwrap().id);
                }
                409 if round == 3 => {}
                other => panic!("round {round}: status {other}: {}", response.text().await.unwrap()),
            }
        }
        if round == 3 {
            assert!(ids.is_empty(), "no attempts left, so none started");
            break;
        }
        assert_eq!(created, 1, "round {round}: one attempt made, the rest resumed it");
        assert_eq!(ids.len(), 1);
        let id = ids.into_iter().next().unwrap();
        submit(&tablet, &id.to_string()).await;
    }
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM training_attempts WHERE quiz_id = $1")
        .bind(&quiz)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 2);
}

async fn the_wait_between_attempts_is_enforced(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let quiz = simple_quiz(&app, &manager, "H201", |quiz| quiz.wait_mins = 60).await;
    let tablet = app.signed_in("H201").await;
    let first = started(&tablet, &quiz).await;
    let graded = submit(&tablet, &first.id.to_string()).await;
    assert!(!result(&graded).passed, "unanswered");
    refused(start(&tablet, &quiz).await, ErrorCode::Conflict).await;
    let mine: MyTraining = tablet.get_ok("/api/training/me").await;
    let item = mine.items.iter().find(|i| i.quiz_id == uuid(&quiz)).expect("the quiz");
    let next = item.next_attempt_at.expect("a wait");
    assert_eq!((next - result(&graded).graded_at).num_milliseconds(), 3_600_000);
    app.advance(Duration::from_secs(59 * 60));
    // Sessions lock when idle; sign in again after the clock jumps.
    let tablet = app.signed_in("H201").await;
    refused(start(&tablet, &quiz).await, ErrorCode::Conflict).await;
    app.advance(Duration::from_secs(61));
    let second = started(&tablet, &quiz).await;
    assert_eq!(second.attempt_no, 2);
}

async fn onboarding_is_due_from_the_hire_date(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let admin = app.signed_in("A001").await;
    let today = app.clock.now().with_timezone(&chrono_tz::Asia::Hong_Kong).date_naive();
    let hired = today - chrono::Duration::days(20);
    let created: StaffMember = admin
        .post_created("/api/staff", &new_hire("N777", "New Hire", hired))
        .await;
    assert_eq!(created.hired_on, hired);
    let mut steps = Vec::new();
    for day in [7, 30, 60, 90] {
        let q = add_question(&manager, "onboarding", true_false(&format!("Day {day}"), true)).await;
        let quiz_id = uuid(add_quiz(&manager, &[q], as_is).await);
        steps.push(PlanStep { quiz_id, day });
    }
    let plan = PlanCreate {
        id: Uuid::new_v4(),
        name: "First 90 days".into(),
        steps,
    };
    let plan: Plan = manager.post_created("/api/training/plans", &plan).await;
    let members = format!("/api/training/plans/{}/members", plan.id);
    let add = PlanMemberAdd { staff_id: created.id };
    let _: Plan = manager.post_ok(&members, &add).await;
    let plan: Plan = manager.post_ok(&members, &add).await;
    assert_eq!(plan.members.len(), 1, "added once");

    let person = app.browser();
    assert_eq!(person.sign_in_password("N777", "new-hire-pass").await.status(), 200);
    let mine: MyTraining = person.get_ok("/api/training/me").await;
    assert_eq!(mine.hired_on, hired);
    let due: Vec<(Option<NaiveDate>, ItemStatus, ItemSource)> =
        mine.items.iter().map(|i| (i.due_on, i.status, i.source)).collect();
    let day = |n: i64| Some(hired + chrono::Duration::days(n));
    assert_eq!(
        due,
        vec![
            (day(7), ItemStatus::Overdue, ItemSource::Onboarding),
            (day(30), ItemStatus::Assigned, ItemSource::Onboarding),
            (day(60), ItemStatus::Assigned, ItemSource::Onboarding),
            (day(90), ItemStatus::Assigned, ItemSource::Onboarding),
        ]
    );
    // Moving the hire date moves every due date.
    let rehire = StaffUpdate {
        hired_on: Some(today - chrono::Duration::days(1)),
        ..Default::default()
    };
    let _: StaffMember = admin.patch_ok(&format!("/api/staff/{}", created.id), &rehire).await;
    let mine: MyTraining = person.get_ok("/api/training/me").await;
    assert_eq!(mine.items[0].due_on, Some(today + chrono::Duration::days(6)));
    assert_eq!(mine.items[0].status, ItemStatus::Due, "within the week");
    let report: TrainingReport = manager.get_ok("/api/reports/training").await;
    let unplaced = report
        .coverage
        .iter()
        .find(|r| r.department_id.is_none())
        .expect("a row for people in no department");
    assert_eq!((unplaced.assigned, unplaced.overdue), (4, 0));
}

async fn certificates_expire_and_renew_once(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let quiz = simple_quiz(&app, &manager, "E301", |quiz| {
        quiz.certificate_months = Some(12);
        quiz.recertify_days_before = 30;
    })
    .await;
    let tech = app.signed_in("E301").await;
    let attempt = started(&tech, &quiz).await.id.to_string();
    answered(&tech, &attempt, 0, Reply::Bool(true)).await;
    let graded = submit(&tech, &attempt).await;
    let graded_at = result(&graded).graded_at;
    let expires = graded_at.checked_add_months(chrono::Months::new(12)).unwrap();
    assert_eq!(
        result(&graded).certificate_expires_at.map(|at| at.timestamp_millis()),
        Some(expires.timestamp_millis())
    );
    let mine: MyTraining = tech.get_ok("/api/training/me").await;
    assert!(!mine.certificates[0].expired);
    assert_eq!(mine.items[0].status, ItemStatus::Passed);

    let renewals = || async {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM training_assignments WHERE quiz_id = $1 AND certificate_id IS NOT NULL",
        )
        .bind(&quiz)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        n
    };
    // 31 days before expiry: not yet.
    let until_expiry = |app: &TestApp| expires.timestamp_millis() - app.clock.now_ms();
    app.advance(Duration::from_millis((until_expiry(&app) - 31 * 86_400_000) as u64));
    let tech = app.signed_in("E301").await;
    let _: MyTraining = tech.get_ok("/api/training/me").await;
    assert_eq!(renewals().await, 0);
    // 29 days before: renewal assigned, once, however often it is looked for.
    app.advance(Duration::from_secs(2 * 86_400));
    let (tech, manager) = (app.signed_in("E301").await, app.signed_in("M001").await);
    for _ in 0..3 {
        let _: MyTraining = tech.get_ok("/api/training/me").await;
        let _: Vec<Assignment> = manager.get_ok("/api/training/assignments").await;
        bellhop_server::routes::training::recertify::run_once(&app.state)
            .await
            .unwrap();
    }
    assert_eq!(renewals().await, 1);
    let mine: MyTraining = tech.get_ok("/api/training/me").await;
    let item = &mine.items[0];
    assert_eq!(item.source, ItemSource::Recertification);
    assert_eq!(
        item.status,
        ItemStatus::Assigned,
        "due on the expiry day, four weeks away"
    );
    assert_eq!(
        item.due_on,
        Some(expires.with_timezone(&chrono_tz::Asia::Hong_Kong).date_naive())
    );

    // Past expiry the certificate shows expired; a fresh pass renews it.
    app.advance(Duration::from_secs(30 * 86_400));
    let tech = app.signed_in("E301").await;
    let mine: MyTraining = tech.get_ok("/api/training/me").await;
    assert!(mine.certificates[0].expired);
    assert_eq!(mine.items[0].status, ItemStatus::Overdue);
    let again = started(&tech, &quiz).await.id.to_string();
    answered(&tech, &again, 0, Reply::Bool(true)).await;
    submit(&tech, &again).await;
    let mine: MyTraining = tech.get_ok("/api/training/me").await;
    assert_eq!(mine.certificates.len(), 1, "the latest only");
    assert!(!mine.certificates[0].expired);
    assert_eq!(mine.items[0].status, ItemStatus::Passed);
    assert_eq!(renewals().await, 1);
}

async fn bank_count(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM training_questions WHERE archived = 0")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n
}

async fn the_bank_round_trips_and_bad_rows_store_nothing(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let tricky = QuestionInput {
        tags: vec!["x".into(), "y".into()],
        ..question(
            "Pick, \"carefully\"",
            None,
            &["a, b", "c/d"],
            AnswerKey::MultipleChoice {
                correct: vec![0, 1],
                rule: PartialCredit::RightMinusWrong,
            },
        )
    };
    add_question(&manager, "tricky", tricky).await;
    let before = bank_count(&app).await;
    assert!(before > 1);
    let csv = text_of(manager.get("/api/training/bank/export.csv").await, 200).await;
    let json_export: Vec<QuestionInput> = manager.get_ok("/api/training/bank/export.json").await;
    assert_eq!(json_export.len() as i64, before);
    let count = u32::try_from(before).unwrap();

    let import = |format: BankFormat, content: String| BankImport { format, content };
    let imported: ImportSummary = manager
        .post_ok("/api/training/bank/import", &import(BankFormat::Csv, csv.clone()))
        .await;
    assert_eq!(
        imported,
        ImportSummary {
            created: 0,
            updated: count
        }
    );
    assert_eq!(
        text_of(manager.get("/api/training/bank/export.csv").await, 200).await,
        csv
    );
    let exported: Vec<QuestionInput> = manager.get_ok("/api/training/bank/export.json").await;
    assert_eq!(exported, json_export);

    // The JSON form imports too; without ids, every question is new.
    let fresh: Vec<QuestionInput> = json_export
        .iter()
        .map(|q| QuestionInput {
            id: Uuid::nil(),
            ..q.clone()
        })
        .collect();
    let content = serde_json::to_string(&fresh).unwrap();
    let imported: ImportSummary = manager
        .post_ok("/api/training/bank/import", &import(BankFormat::Json, content))
        .await;
    assert_eq!(
        imported,
        ImportSummary {
            created: count,
            updated: 0
        }
    );
    assert_eq!(bank_count(&app).await, 2 * before);

    // Rows 3 and 5 are wrong: nothing of the file is stored, and both are named.
    let header = csv.lines().next().unwrap();
    let good = ",new,,true_false,Good row,,,true,,,,1";
    let bad = format!(
        "{header}\n{good}\n,new,,single_choice,Bad key,,a|b,3,,,,1\n{good}\n,new,,numeric,Bad number,,,lots,,,,1\n"
    );
    let body = manager
        .post_refused(
            "/api/training/bank/import",
            &import(BankFormat::Csv, bad),
            ErrorCode::Invalid,
        )
        .await;
    let fields = &body.fields;
    assert_eq!(fields["row_3.key"].code(), "no_such_option");
    assert_eq!(fields["row_5.answer"].code(), "not_a_number");
    assert_eq!(fields.len(), 2, "{fields:?}");
    assert_eq!(bank_count(&app).await, 2 * before, "nothing stored");
    // A row that is no question at all.
    let not_a_question = r#"[{"id": "00000000-0000-0000-0000-000000000000"}]"#;
    let body = manager
        .post_refused(
            "/api/training/bank/import",
            &import(BankFormat::Json, not_a_question.into()),
            ErrorCode::Invalid,
        )
        .await;
    assert_eq!(body.fields["row_1"].code(), "not_a_question");
}

async fn coverage_counts_a_known_department_exactly(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let q = add_question(&manager, "hk", true_false("Linen changed daily?", true)).await;
    let quiz = add_quiz(&manager, std::slice::from_ref(&q), |quiz| quiz.pass_mark = 100.0).await;
    let housekeeping = app.department_id("housekeeping").await;
    let today = app.clock.now().with_timezone(&chrono_tz::Asia::Hong_Kong).date_naive();
    let department = AssignTarget::Department {
        department_id: uuid(&housekeeping),
    };
    assign(&manager, &quiz, department, Some(today)).await;
    // H201 passes, H202 fails, H203 and the supervisor S201 do nothing.
    for (who, right) in [("H201", true), ("H202", false)] {
        let b = app.signed_in(who).await;
        let a = started(&b, &quiz).await.id.to_string();
        answered(&b, &a, 0, Reply::Bool(right)).await;
        submit(&b, &a).await;
    }
    app.advance(Duration::from_secs(86_400));
    let manager = app.signed_in("M001").await;
    let supervisor = app.signed_in("S201").await;
    let report: TrainingReport = supervisor.get_ok("/api/reports/training").await;
    assert_eq!(report.coverage.len(), 1, "their department only");
    let row = &report.coverage[0];
    assert_eq!(row.department, "Housekeeping");
    assert_eq!(
        [row.people, row.assigned, row.attempted, row.passed, row.overdue],
        [4, 4, 2, 1, 3]
    );
    let stats = report
        .quizzes
        .iter()
        .find(|s| s.quiz_id == uuid(&quiz))
        .expect("the quiz's line");
    assert_eq!((stats.attempts, stats.passed, stats.pass_rate), (2, 1, Some(50.0)));
    let hard = report
        .hardest
        .iter()
        .find(|h| h.question_id == uuid(&q))
        .expect("the question's line");
    assert_eq!((hard.answered, hard.correct, hard.share_correct), (2, 1, 50.0));

    let csv = text_of(supervisor.get("/api/reports/training.csv").await, 200).await;
    assert_eq!(
        csv,
        "department,people,assigned,attempted,passed,overdue\nHousekeeping,4,4,2,1,3\n"
    );
    let everyone: TrainingReport = manager.get_ok("/api/reports/training").await;
    assert_eq!(everyone.coverage.len(), 4);
    let h202 = app.staff_id("H202").await;
    let history: PersonHistory = supervisor.get_ok(&format!("/api/reports/training/people/{h202}")).await;
    assert_eq!(history.attempts[0].passed, Some(false));
    assert_eq!(history.items[0].status, ItemStatus::Overdue);
    let f101 = app.staff_id("F101").await;
    refused(
        supervisor.get(&format!("/api/reports/training/people/{f101}")).await,
        ErrorCode::Forbidden,
    )
    .await;

    // The same numbers per person, by name, a page at a time.
    let people: Page<PersonCoverage> = supervisor.get_ok("/api/reports/training/people").await;
    let rows: Vec<(&str, [u32; 4])> = people
        .items
        .iter()
        .map(|p| (p.display_name.as_str(), [p.assigned, p.attempted, p.passed, p.overdue]))
        .collect();
    assert_eq!(
        rows,
        [
            ("Fong Leung", [1, 1, 1, 0]),
            ("Mei Ling Ho", [1, 0, 0, 1]),
            ("Tommy Siu", [1, 0, 0, 1]),
            ("Winnie Kwok", [1, 1, 0, 1]),
        ]
    );
    assert_eq!(people.items[3].staff_id, uuid(&h202));
    let page: Page<PersonCoverage> = manager
        .get_ok(&format!(
            "/api/reports/training/people?department_id={housekeeping}&limit=2&offset=2"
        ))
        .await;
    assert_eq!((page.total, page.offset), (4, 2));
    assert_eq!(page.items[0].display_name, "Tommy Siu");
    let everyone: Page<PersonCoverage> = manager.get_ok("/api/reports/training/people?limit=200").await;
    assert!(everyone.total > 4, "the whole hotel for a manager");
    let front = app.department_id("front_office").await;
    refused(
        supervisor
            .get(&format!("/api/reports/training?department_id={front}"))
            .await,
        ErrorCode::Forbidden,
    )
    .await;
    refused(
        supervisor
            .get(&format!("/api/reports/training/people?department_id={front}"))
            .await,
        ErrorCode::Forbidden,
    )
    .await;
}

async fn roles_and_properties_are_kept_apart(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let quiz = simple_quiz(&app, &manager, "F101", as_is).await;
    let staff = app.signed_in("F102").await;
    refused(staff.get("/api/training/questions").await, ErrorCode::Forbidden).await;
    refused(staff.get("/api/training/bank/export.csv").await, ErrorCode::Forbidden).await;
    refused(staff.get("/api/reports/training").await, ErrorCode::Forbidden).await;
    refused(start(&staff, &quiz).await, ErrorCode::Forbidden).await;
    let supervisor = app.signed_in("S101").await;
    refused(
        supervisor.get(&format!("/api/training/quizzes/{quiz}")).await,
        ErrorCode::Forbidden,
    )
    .await;
    // Someone else's attempt is not there for them.
    let owner = app.signed_in("F101").await;
    let attempt = started(&owner, &quiz).await.id.to_string();
    refused(
        staff.get(&format!("/api/training/attempts/{attempt}")).await,
        ErrorCode::NotFound,
    )
    .await;
    refused(
        answer(&staff, &attempt, 0, Reply::Bool(true)).await,
        ErrorCode::NotFound,
    )
    .await;

    // Another hotel's manager reaches nothing of this one.
    let outsider = another_hotels_manager(&app).await;
    refused(
        outsider.get(&format!("/api/training/quizzes/{quiz}")).await,
        ErrorCode::NotFound,
    )
    .await;
    refused(start(&outsider, &quiz).await, ErrorCode::NotFound).await;
    let f101 = app.staff_id("F101").await;
    refused(
        outsider.get(&format!("/api/reports/training/people/{f101}")).await,
        ErrorCode::NotFound,
    )
    .await;
    let bank: Page<Question> = outsider.get_ok("/api/training/questions").await;
    assert_eq!(bank.total, 0);
    let own_q = add_question(&outsider, "peak", true_false("Peak?", true)).await;
    let own_quiz = add_quiz(&outsider, &[own_q], as_is).await;
    let assignment = |quiz: &str, target: AssignTarget| AssignmentCreate {
        id: Uuid::new_v4(),
        quiz_id: uuid(quiz),
        target,
        due_on: None,
    };
    let theirs = assignment(&own_quiz, AssignTarget::Person { staff_id: uuid(&f101) });
    outsider
        .post_refused("/api/training/assignments", &theirs, ErrorCode::Invalid)
        .await;
    let ours = assignment(&quiz, AssignTarget::Role { role: Role::Staff });
    outsider
        .post_refused("/api/training/assignments", &ours, ErrorCode::Invalid)
        .await;
    refused(
        outsider.delete(&format!("/api/training/quizzes/{quiz}")).await,
        ErrorCode::NotFound,
    )
    .await;

    // A retired quiz leaves the list of the person it was assigned to.
    let mine: MyTraining = owner.get_ok("/api/training/me").await;
    assert_eq!(mine.items.len(), 1);
    assert_eq!(
        manager.delete(&format!("/api/training/quizzes/{quiz}")).await.status(),
        204
    );
    let mine: MyTraining = owner.get_ok("/api/training/me").await;
    assert!(mine.items.is_empty());
    refused(start(&owner, &quiz).await, ErrorCode::NotFound).await;
}

async fn the_demo_hotel_has_its_training(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let quizzes: Page<Quiz> = manager.get_ok("/api/training/quizzes").await;
    let titles: Vec<&str> = quizzes.items.iter().map(|q| q.title.as_str()).collect();
    assert!(titles.contains(&"Complaint handling basics"), "{titles:?}");
    assert!(titles.contains(&"Crisis cases"), "{titles:?}");
    let crisis: Page<Question> = manager
        .get_ok("/api/training/questions?category=crisis&limit=200")
        .await;
    assert_eq!(crisis.total, 20);
    assert!(crisis.items.iter().all(|q| q.kind == QuestionKind::Scenario));

    // The newest colleague follows the 90-day plan from their hire date.
    let newest = app.signed_in("B402").await;
    let mine: MyTraining = newest.get_ok("/api/training/me").await;
    let hired = mine.hired_on;
    let today = app.clock.now().with_timezone(&chrono_tz::Asia::Hong_Kong).date_naive();
    assert_eq!((today - hired).num_days(), bellhop_server::seed::NEWEST_HIRED_DAYS_AGO);
    let expected: Vec<NaiveDate> = [7, 30, 60, 90]
        .iter()
        .map(|d| hired + chrono::Duration::days(*d))
        .collect();
    assert_eq!(due_dates(&mine), expected);

    // Crisis cases draws 5 of the 20.
    let crisis_quiz = quizzes
        .items
        .iter()
        .find(|q| q.title == "Crisis cases")
        .expect("the crisis quiz");
    let attempt = started(&newest, &crisis_quiz.id.to_string()).await;
    assert_eq!(attempt.questions.len(), 5);
    assert!(attempt.questions.iter().all(|q| q.case.is_some()));
}

/// Training rows the server cannot read back (written here with raw SQL, as a bad hand
/// edit would) are the documented 500 that says nothing of the cause, never read as an
/// assignment to one person or as no credit; the quizzes and the server go on.
async fn a_corrupt_training_row_is_a_500_and_the_server_goes_on(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let staff = app.signed_in("F101").await;
    let quiz = simple_quiz(&app, &manager, "F101", as_is).await;
    let attempt = take(&staff, &quiz, true).await;
    let attempt = format!("/api/training/attempts/{}", attempt.id);
    let cases = [
        (
            "team",
            "UPDATE training_assignments SET target_kind = 'team' WHERE quiz_id = $1",
            "UPDATE training_assignments SET target_kind = 'person' WHERE quiz_id = $1",
            vec![(&manager, "/api/training/assignments"), (&staff, "/api/training/me")],
        ),
        (
            "NULL",
            "UPDATE training_attempt_questions SET credit = NULL \
             WHERE attempt_id IN (SELECT id FROM training_attempts WHERE quiz_id = $1)",
            "UPDATE training_attempt_questions SET credit = 1.0 \
             WHERE attempt_id IN (SELECT id FROM training_attempts WHERE quiz_id = $1)",
            vec![(&staff, attempt.as_str()), (&manager, "/api/reports/training")],
        ),
    ];
    for (value, corrupt, repair, reads) in cases {
        app.exec(corrupt, &[&quiz]).await;
        for (browser, path) in &reads {
            assert_corrupt_row(browser.get(path).await, value).await;
        }
        let _: Page<Quiz> = manager.get_ok("/api/training/quizzes").await;
        app.exec(repair, &[&quiz]).await;
        for (browser, path) in &reads {
            reads_back(browser, path).await;
        }
    }
}

/// Reads `path` again once its rows are mended: a 200 with the api type of that read.
async fn reads_back(browser: &Browser, path: &str) {
    match path {
        "/api/training/assignments" => {
            let _: Vec<Assignment> = browser.get_ok(path).await;
        }
        "/api/training/me" => {
            let _: MyTraining = browser.get_ok(path).await;
        }
        "/api/reports/training" => {
            let _: TrainingReport = browser.get_ok(path).await;
        }
        attempt => {
            let _: Attempt = browser.get_ok(attempt).await;
        }
    }
}
