//! Idempotency keys, on SQLite and PostgreSQL: a write sent again with its key — one
//! after the other, or fifty at once — happens once and gets the first answer; the key
//! with another request is refused; a write that failed is not kept.

use std::sync::Arc;

use bellhop_api::tasks::{Task, TaskAction, TaskActionRequest, TaskCreate, TaskStatus};
use bellhop_api::{ErrorBody, ErrorCode};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::common::*;

on_both_databases!(
    a_replayed_write_happens_once_and_gets_the_first_answer,
    fifty_replays_at_once_make_one_write,
    a_key_cannot_be_reused_for_another_request,
    a_refusal_is_kept_but_a_malformed_key_is_refused,
    keys_belong_to_their_person,
    the_document_offers_the_key_on_every_write,
);

/// Sends `body` to `path` as a POST with the key, as the app's outbox does. The answer
/// stays raw JSON: a replay is compared with the first answer word for word.
async fn keyed_post(browser: &Browser, path: &str, key: &str, body: &impl Serialize) -> (u16, Option<String>, Value) {
    let response = browser
        .client
        .request(Method::POST, format!("{}{path}", browser.base))
        .header("x-requested-with", "bellhop")
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .expect("request reaches the server");
    let status = response.status().as_u16();
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, replayed, response.json().await.unwrap_or(Value::Null))
}

/// An answer read as the api type `T`.
fn read<T: DeserializeOwned>(body: &Value) -> T {
    serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn action(version: i64, action: TaskAction) -> TaskActionRequest {
    TaskActionRequest {
        version,
        action,
        reason: None,
    }
}

/// A new repair in 1208 (engineering's), filed by the front desk; returns its id.
async fn new_repair(app: &TestApp) -> String {
    let front_desk = app.signed_in("F101").await;
    let repair = TaskCreate {
        room_id: Some(uuid(
            lookup(app, "SELECT id FROM rooms WHERE number = $1", "1208").await,
        )),
        priority: 2,
        ..filing(
            uuid(lookup(app, "SELECT id FROM task_types WHERE code = $1", "repair").await),
            "Dripping tap",
        )
    };
    let task: Task = front_desk.post_created("/api/tasks", &repair).await;
    task.summary.id.to_string()
}

async fn accepted_events(app: &TestApp, task: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM task_events WHERE task_id = $1 AND kind = 'accept'")
        .bind(task)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    n
}

async fn a_replayed_write_happens_once_and_gets_the_first_answer(app: TestApp) {
    let engineer = app.signed_in("E301").await;
    let task = new_repair(&app).await;
    let accept = action(1, TaskAction::Accept);
    let path = format!("/api/tasks/{task}/actions");

    let (status, replayed, first) = keyed_post(&engineer, &path, "accept-1", &accept).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(replayed, None);
    assert_eq!(read::<Task>(&first).summary.status, TaskStatus::Accepted);
    // The answer never arrived; the outbox sends the same write again.
    let (status, replayed, again) = keyed_post(&engineer, &path, "accept-1", &accept).await;
    assert_eq!((status, replayed.as_deref()), (200, Some("true")));
    assert_eq!(again, first, "the first answer, word for word");
    assert_eq!(accepted_events(&app, &task).await, 1);

    // Without a key the same request is a second write: the task has moved on.
    engineer.post_refused(&path, &accept, ErrorCode::Conflict).await;
}

async fn fifty_replays_at_once_make_one_write(app: TestApp) {
    let engineer = Arc::new(app.signed_in("E301").await);
    let task = new_repair(&app).await;
    let path = Arc::new(format!("/api/tasks/{task}/actions"));
    let accept = Arc::new(action(1, TaskAction::Accept));
    let sends = (0..50).map(|_| {
        let (engineer, path, accept) = (engineer.clone(), path.clone(), accept.clone());
        tokio::spawn(async move { keyed_post(&engineer, &path, "accept-at-once", &accept).await })
    });
    let answers: Vec<(u16, Option<String>, Value)> = futures::future::join_all(sends)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let first = answers
        .iter()
        .find(|(_, replayed, _)| replayed.is_none())
        .expect("one ran the write");
    assert_eq!(first.0, 200, "{}", first.2);
    assert_eq!(read::<Task>(&first.2).summary.status, TaskStatus::Accepted);
    assert_eq!(
        answers.iter().filter(|(_, replayed, _)| replayed.is_none()).count(),
        1,
        "exactly one ran it"
    );
    for (status, _, body) in &answers {
        assert_eq!((*status, body), (200, &first.2));
    }
    assert_eq!(accepted_events(&app, &task).await, 1);
}

async fn a_key_cannot_be_reused_for_another_request(app: TestApp) {
    let engineer = app.signed_in("E301").await;
    let task = new_repair(&app).await;
    let path = format!("/api/tasks/{task}/actions");
    let (status, _, _) = keyed_post(&engineer, &path, "k-1", &action(1, TaskAction::Accept)).await;
    assert_eq!(status, 200);
    let (status, _, body) = keyed_post(&engineer, &path, "k-1", &action(2, TaskAction::Start)).await;
    assert_eq!(status, 422, "{body}");
    let body: ErrorBody = read(&body);
    assert_eq!(body.error, ErrorCode::Invalid);
    assert_eq!(body.fields, reasons(&[("idempotency-key", "reused")]));
    let detail: Task = engineer.get_ok(&format!("/api/tasks/{task}")).await;
    assert_eq!(
        detail.summary.status,
        TaskStatus::Accepted,
        "the second request did not run"
    );
}

async fn a_refusal_is_kept_but_a_malformed_key_is_refused(app: TestApp) {
    let engineer = app.signed_in("E301").await;
    let task = new_repair(&app).await;
    let path = format!("/api/tasks/{task}/actions");
    // A stale version is refused; the replay gets the same refusal, not a fresh try.
    let stale = action(7, TaskAction::Accept);
    let (status, _, first) = keyed_post(&engineer, &path, "stale", &stale).await;
    assert_eq!(status, 409, "{first}");
    assert_eq!(read::<ErrorBody>(&first).error, ErrorCode::Conflict);
    let (status, replayed, again) = keyed_post(&engineer, &path, "stale", &stale).await;
    assert_eq!((status, replayed.as_deref(), &again), (409, Some("true"), &first));

    for bad in ["", &"x".repeat(101), "two words"] {
        let (status, _, body) = keyed_post(&engineer, &path, bad, &action(1, TaskAction::Accept)).await;
        assert_eq!(status, 422, "{bad:?}: {body}");
        assert_eq!(read::<ErrorBody>(&body).fields["idempotency-key"].code(), "invalid");
    }
    assert_eq!(accepted_events(&app, &task).await, 0);
}

async fn keys_belong_to_their_person(app: TestApp) {
    let engineer = app.signed_in("E301").await;
    let supervisor = app.signed_in("M001").await;
    let first = new_repair(&app).await;
    let second = new_repair(&app).await;
    let accept = action(1, TaskAction::Accept);
    let (status, _, _) = keyed_post(&engineer, &format!("/api/tasks/{first}/actions"), "same-key", &accept).await;
    assert_eq!(status, 200);
    // Another person's identical key is theirs: it does not replay the engineer's answer.
    let (status, replayed, body) = keyed_post(
        &supervisor,
        &format!("/api/tasks/{second}/actions"),
        "same-key",
        &accept,
    )
    .await;
    assert_eq!(replayed, None, "{status} {body}");
    // Signed out, a key is not looked at: the route answers as it would.
    let (status, _, body) = keyed_post(
        &app.browser(),
        &format!("/api/tasks/{second}/actions"),
        "same-key",
        &accept,
    )
    .await;
    assert_eq!(
        (status, read::<ErrorBody>(&body).error),
        (401, ErrorCode::Unauthenticated)
    );
}

/// The OpenAPI document, read as raw JSON: it is about the document's own shape.
async fn the_document_offers_the_key_on_every_write(app: TestApp) {
    let document = json_of(app.browser().get("/api/openapi.json").await, 200).await;
    let mut writes = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
            let keyed = parameters
                .iter()
                .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header");
            let write = ["post", "put", "patch", "delete"].contains(&method.as_str());
            assert_eq!(keyed, write, "{method} {path}");
            writes += usize::from(write);
        }
    }
    assert!(writes > 40, "{writes} writes");
}
