//! What the OpenAPI contract test (schemathesis, tests/contract) found, kept as API
//! tests: a body is an object, a whole float is an integer as JSON has it, and a write
//! that read first is not failed by a write made meanwhile outside the writer's turn.

use bellhop_api::property::Property;
use bellhop_api::ErrorCode;
use serde_json::json;

use crate::common::*;

on_both_databases!(
    a_body_is_a_json_object,
    a_whole_float_is_an_integer,
    a_write_that_read_first_waits_for_a_write_outside_its_turn,
);

async fn a_body_is_a_json_object(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let department = app.department_id("housekeeping").await;
    // serde alone reads a struct of optional fields from a list of them.
    let response = admin
        .patch(&format!("/api/departments/{department}"), json!([null, null]))
        .await;
    refused(response, ErrorCode::Invalid).await;
    refused(admin.patch("/api/property", json!([])).await, ErrorCode::Invalid).await;
}

async fn a_whole_float_is_an_integer(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let property: Property = admin
        .patch_ok("/api/property", &json!({"escalate_after_mins": 30.0}))
        .await;
    assert_eq!(property.escalate_after_mins, 30);
    let response = admin.patch("/api/property", json!({"escalate_after_mins": 30.5})).await;
    refused(response, ErrorCode::Invalid).await;
}

/// SQLite: a deferred transaction that read, then writes after another connection's
/// commit, fails at once (SQLITE_BUSY_SNAPSHOT) — what a session's last-seen update
/// did to a setup code or a room edit under load.
async fn a_write_that_read_first_waits_for_a_write_outside_its_turn(app: TestApp) {
    let db = app.state.db.clone();
    let mut tx = db.begin_write().await.unwrap();
    let (name,): (String,) = sqlx::query_as("SELECT name FROM properties LIMIT 1")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    let pool = db.pool.clone();
    let outside = tokio::spawn(async move {
        sqlx::query("UPDATE staff SET display_name = display_name || '.' WHERE employee_no = 'A001'")
            .execute(&pool)
            .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    sqlx::query("UPDATE properties SET name = $1")
        .bind(format!("{name} (renamed)"))
        .execute(tx.conn())
        .await
        .expect("the write in its turn");
    tx.commit().await.unwrap();
    outside.await.unwrap().expect("the write outside the turn, after it");
}
