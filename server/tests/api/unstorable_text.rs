//! Text the databases cannot store gets the same answer on both: PostgreSQL's text
//! cannot hold NUL (SQLite can), so a NUL in a JSON body, a path part or a query part is
//! a 422 naming the field, and nothing is stored.

use bellhop_api::audit_wire::{AnswerSave, Audit, AuditSummary};
use bellhop_api::quiz::AnswerKey;
use bellhop_api::session::SignIn;
use bellhop_api::star::{ComplimentCreate, ComplimentSource};
use bellhop_api::tasks::{CommentCreate, Task, TaskCreate};
use bellhop_api::training::QuestionInput;
use bellhop_api::Page;
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    nul_in_a_body_is_refused_naming_the_field,
    nul_in_a_path_or_query_is_refused_naming_it,
);

const NUL: &str = "before\u{0}after";

/// Asserts a 422 whose fields name `field` as holding unstorable text.
async fn refused(response: reqwest::Response, field: &str) {
    let body = crate::common::refused(response, bellhop_api::ErrorCode::Invalid).await;
    assert_eq!(body.fields[field].code(), "nul_character", "{field}: {body:?}");
}

async fn id_of(app: &TestApp, sql: &str) -> String {
    let (id,): (String,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    id
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let (n,): (i64,) = sqlx::query_as(&sql).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

async fn nul_in_a_body_is_refused_naming_the_field(app: TestApp) {
    // Signing in needs no session: the body is checked before anything else.
    let stranger = app.browser();
    let sign_in = |employee_no: &str, pin: Option<&str>, password: Option<&str>| SignIn {
        employee_no: employee_no.to_owned(),
        pin: pin.map(str::to_owned),
        password: password.map(str::to_owned),
        property_id: None,
    };
    let sign_ins = [
        (sign_in(NUL, None, Some(DEMO_PASSWORD)), "employee_no"),
        (sign_in("M001", None, Some(NUL)), "password"),
        (sign_in("F101", Some(NUL), None), "pin"),
    ];
    for (body, field) in sign_ins {
        refused(stranger.post("/api/session", &body).await, field).await;
    }

    let front_desk = app.signed_in("F101").await;
    let repair = id_of(&app, "SELECT id FROM task_types WHERE code = 'repair'").await;
    let task = |adjust: fn(&mut TaskCreate)| {
        let mut body = TaskCreate {
            location: Some("Lobby".into()),
            ..filing(uuid(&repair), "Leak")
        };
        adjust(&mut body);
        body
    };
    let tasks_before = count(&app, "tasks").await;
    refused(
        front_desk.post("/api/tasks", task(|t| t.details = NUL.into())).await,
        "details",
    )
    .await;
    refused(
        front_desk
            .post("/api/tasks", task(|t| t.location = Some(NUL.into())))
            .await,
        "location",
    )
    .await;
    refused(
        front_desk.post("/api/tasks", task(|t| t.title = NUL.into())).await,
        "title",
    )
    .await;
    assert_eq!(count(&app, "tasks").await, tasks_before, "no task was filed");

    let filed: Task = front_desk.post_created("/api/tasks", &task(|_| {})).await;
    let id = filed.summary.id;
    let comment = CommentCreate {
        id: Uuid::new_v4(),
        body: NUL.into(),
    };
    refused(
        front_desk.post(&format!("/api/tasks/{id}/comments"), &comment).await,
        "body",
    )
    .await;
    assert_eq!(count(&app, "task_comments").await, 0);

    let manager = app.signed_in("M001").await;
    let compliment = ComplimentCreate {
        id: Uuid::new_v4(),
        staff_id: app.staff_uuid("F101").await,
        source: ComplimentSource::Letter,
        note: NUL.into(),
    };
    refused(manager.post("/api/star/compliments", &compliment).await, "note").await;

    let question = QuestionInput {
        id: Uuid::new_v4(),
        category: "basics".into(),
        tags: Vec::new(),
        prompt: "Pick one".into(),
        case: None,
        options: vec!["fine".into(), NUL.into()],
        key: AnswerKey::SingleChoice { correct: 0 },
        explanation: String::new(),
        points: 1,
    };
    refused(manager.post("/api/training/questions", &question).await, "options.1").await;

    // An audit note, on an audit the demo auditor has to do.
    let auditor = app.signed_in("U001").await;
    let queue: Page<AuditSummary> = auditor.get_ok("/api/audits").await;
    let audit = queue.items[0].id;
    let detail: Audit = auditor.get_ok(&format!("/api/audits/{audit}")).await;
    let key = &detail.sections[0].items[0].key;
    let note = |note: &str| AnswerSave {
        revision: 0,
        answer: None,
        note: note.to_owned(),
    };
    let answers = format!("/api/audits/{audit}/answers/{key}");
    refused(auditor.put(&answers, &note(NUL)).await, "note").await;
    let _: bellhop_api::audit_wire::SavedAnswer = auditor.put_ok(&answers, &note("fine")).await;

    // A NUL written as text (an escaped backslash) is ordinary text.
    let literal = CommentCreate {
        id: Uuid::new_v4(),
        body: "\\u0000 is how JSON writes it".into(),
    };
    let task: Task = front_desk.post_ok(&format!("/api/tasks/{id}/comments"), &literal).await;
    assert_eq!(task.comments[0].body, "\\u0000 is how JSON writes it");
    assert_eq!(stranger.get("/api/health").await.status(), 200);
}

async fn nul_in_a_path_or_query_is_refused_naming_it(app: TestApp) {
    let manager = app.signed_in("M001").await;
    refused(manager.get("/api/star/results/a%00b").await, "month").await;
    refused(manager.get("/api/tasks/a%00b").await, "id").await;
    refused(manager.get("/api/training/questions?category=a%00b").await, "category").await;
    refused(manager.get("/api/tasks/board?department_id=%00").await, "department_id").await;
    let auditor = app.signed_in("U001").await;
    let queue: Page<AuditSummary> = auditor.get_ok("/api/audits").await;
    let audit = queue.items[0].id;
    let answer = AnswerSave {
        revision: 0,
        answer: None,
        note: String::new(),
    };
    refused(
        auditor
            .put(&format!("/api/audits/{audit}/answers/a%00b"), &answer)
            .await,
        "key",
    )
    .await;
    // A page address with a NUL is no page, and no server error either.
    let page = manager.get("/tasks/a%00b").await.status().as_u16();
    assert!(page < 500, "a page path with NUL gave {page}");
    assert_eq!(manager.get("/api/health").await.status(), 200);
}
