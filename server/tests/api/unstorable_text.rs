//! Text the databases cannot store gets the same answer on both: PostgreSQL's text
//! cannot hold NUL (SQLite can), so a NUL in a JSON body, a path part or a query part is
//! a 422 naming the field, and nothing is stored.

use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    nul_in_a_body_is_refused_naming_the_field,
    nul_in_a_path_or_query_is_refused_naming_it,
);

const NUL: &str = "before\u{0}after";

/// Asserts a 422 whose fields name `field` as holding unstorable text.
async fn refused(response: reqwest::Response, field: &str) {
    let body = assert_error(response, 422, "invalid").await;
    assert_eq!(body["fields"][field], "nul_character", "{field}: {body}");
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
    let sign_ins = [
        (json!({"employee_no": NUL, "password": DEMO_PASSWORD}), "employee_no"),
        (json!({"employee_no": "M001", "password": NUL}), "password"),
        (json!({"employee_no": "F101", "pin": NUL}), "pin"),
    ];
    for (body, field) in sign_ins {
        refused(stranger.post("/api/session", body).await, field).await;
    }

    let front_desk = app.signed_in("F101").await;
    let repair = id_of(&app, "SELECT id FROM task_types WHERE code = 'repair'").await;
    let task = |extra: Value| {
        let mut body = json!({"id": Uuid::new_v4(), "type_id": repair, "title": "Leak", "location": "Lobby",
                              "priority": 3});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let tasks_before = count(&app, "tasks").await;
    refused(
        front_desk.post("/api/tasks", task(json!({"details": NUL}))).await,
        "details",
    )
    .await;
    refused(
        front_desk.post("/api/tasks", task(json!({"location": NUL}))).await,
        "location",
    )
    .await;
    refused(
        front_desk.post("/api/tasks", task(json!({"title": NUL}))).await,
        "title",
    )
    .await;
    assert_eq!(count(&app, "tasks").await, tasks_before, "no task was filed");

    let filed = json_of(front_desk.post("/api/tasks", task(json!({}))).await, 201).await;
    let id = filed["id"].as_str().unwrap();
    let comment = json!({"id": Uuid::new_v4(), "body": NUL});
    refused(
        front_desk.post(&format!("/api/tasks/{id}/comments"), comment).await,
        "body",
    )
    .await;
    assert_eq!(count(&app, "task_comments").await, 0);

    let manager = app.signed_in("M001").await;
    let compliment = json!({"id": Uuid::new_v4(), "staff_id": app.staff_id("F101").await, "source": "letter",
                            "note": NUL});
    refused(manager.post("/api/star/compliments", compliment).await, "note").await;

    let question = json!({"id": Uuid::new_v4(), "category": "basics", "prompt": "Pick one", "explanation": "",
                          "options": ["fine", NUL], "key": {"kind": "single_choice", "correct": 0}});
    refused(manager.post("/api/training/questions", question).await, "options.1").await;

    // An audit note, on an audit the demo auditor has to do.
    let auditor = app.signed_in("U001").await;
    let queue = json_of(auditor.get("/api/audits").await, 200).await;
    let audit = queue["items"][0]["id"].as_str().unwrap().to_owned();
    let detail = json_of(auditor.get(&format!("/api/audits/{audit}")).await, 200).await;
    let key = detail["sections"][0]["items"][0]["key"].as_str().unwrap().to_owned();
    let answer = json!({"revision": 0, "answer": null, "note": NUL});
    refused(
        auditor.put(&format!("/api/audits/{audit}/answers/{key}"), answer).await,
        "note",
    )
    .await;
    let saved = json!({"revision": 0, "answer": null, "note": "fine"});
    json_of(
        auditor.put(&format!("/api/audits/{audit}/answers/{key}"), saved).await,
        200,
    )
    .await;

    // A NUL written as text (an escaped backslash) is ordinary text.
    let literal = json!({"id": Uuid::new_v4(), "body": "\\u0000 is how JSON writes it"});
    let task = json_of(
        front_desk.post(&format!("/api/tasks/{id}/comments"), literal).await,
        200,
    )
    .await;
    assert_eq!(task["comments"][0]["body"], "\\u0000 is how JSON writes it");
    assert_eq!(stranger.get("/api/health").await.status(), 200);
}

async fn nul_in_a_path_or_query_is_refused_naming_it(app: TestApp) {
    let manager = app.signed_in("M001").await;
    refused(manager.get("/api/star/results/a%00b").await, "month").await;
    refused(manager.get("/api/tasks/a%00b").await, "id").await;
    refused(manager.get("/api/training/questions?category=a%00b").await, "category").await;
    refused(manager.get("/api/tasks/board?department_id=%00").await, "department_id").await;
    let auditor = app.signed_in("U001").await;
    let queue = json_of(auditor.get("/api/audits").await, 200).await;
    let audit = queue["items"][0]["id"].as_str().unwrap().to_owned();
    let answer = json!({"revision": 0, "answer": null, "note": ""});
    refused(
        auditor.put(&format!("/api/audits/{audit}/answers/a%00b"), answer).await,
        "key",
    )
    .await;
    // A page address with a NUL is no page, and no server error either.
    let page = manager.get("/tasks/a%00b").await.status().as_u16();
    assert!(page < 500, "a page path with NUL gave {page}");
    assert_eq!(manager.get("/api/health").await.status(), 200);
}
