//! Enrolling and revoking shared tablets.

use std::time::Duration;

use serde_json::json;
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    a_manager_adds_a_tablet_and_its_code_enrolls_it_once,
    enrollment_codes_expire,
    unknown_codes_are_refused,
    a_corrupt_device_row_is_a_500_and_the_server_goes_on,
);

async fn a_manager_adds_a_tablet_and_its_code_enrolls_it_once(app: TestApp) {
    let manager = app.signed_in("M002").await;
    let created = json_of(
        manager
            .post(
                "/api/devices",
                json!({"id": Uuid::new_v4(), "name": "Housekeeping office"}),
            )
            .await,
        201,
    )
    .await;
    let code = created["enroll_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 11, "{code}");
    assert!(created["device"]["enrolled_at"].is_null());

    let tablet = app.browser();
    let enrolled = tablet
        .post(
            "/api/devices/enroll",
            json!({"code": code.to_lowercase().replace('-', " ")}),
        )
        .await;
    let cookie = enrolled
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("bellhop_device=") && cookie.contains("HttpOnly") && cookie.contains("Path=/api"),
        "{cookie}"
    );
    let device = json_of(enrolled, 200).await;
    assert_eq!(device["name"], "Housekeeping office");
    assert!(device["enrolled_at"].is_string());
    assert_eq!(tablet.sign_in_pin("H201", DEMO_PIN).await.status(), 200);

    let second = app.browser();
    assert_error(
        second.post("/api/devices/enroll", json!({"code": code})).await,
        404,
        "not_found",
    )
    .await;

    let list = json_of(manager.get("/api/devices").await, 200).await;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Demo tablet", "Housekeeping office"]);
}

async fn enrollment_codes_expire(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let created = json_of(
        admin
            .post("/api/devices", json!({"id": Uuid::new_v4(), "name": "Pool bar"}))
            .await,
        201,
    )
    .await;
    app.advance(Duration::from_secs(24 * 3600 + 1));
    let tablet = app.browser();
    assert_error(
        tablet
            .post("/api/devices/enroll", json!({"code": created["enroll_code"]}))
            .await,
        404,
        "not_found",
    )
    .await;
}

async fn unknown_codes_are_refused(app: TestApp) {
    let browser = app.browser();
    assert_error(
        browser
            .post("/api/devices/enroll", json!({"code": "AAAAA-BBBBB"}))
            .await,
        404,
        "not_found",
    )
    .await;
    let this = json_of(browser.get("/api/devices/this").await, 200).await;
    assert!(this["device"].is_null());
    assert_eq!(
        this["property_name"], "Harbour View Hotel",
        "a single hotel greets by name"
    );
    let manager = app.signed_in("M001").await;
    let body = assert_error(
        manager
            .post("/api/devices", json!({"id": Uuid::new_v4(), "name": ""}))
            .await,
        422,
        "invalid",
    )
    .await;
    assert_eq!(body["fields"]["name"], "required");
    assert_error(
        manager
            .post(&format!("/api/devices/{}/revoke", Uuid::new_v4()), json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
}

/// A tablet row whose id the server cannot read back (written here with raw SQL, as a
/// bad hand edit would) is the documented 500 that says nothing of the cause, never a
/// nil id; the other tablets and the server go on.
async fn a_corrupt_device_row_is_a_500_and_the_server_goes_on(app: TestApp) {
    let manager = app.signed_in("M002").await;
    let (broken, fine) = (Uuid::new_v4(), Uuid::new_v4());
    for (id, name) in [(broken, "Lobby tablet"), (fine, "Laundry tablet")] {
        json_of(manager.post("/api/devices", json!({"id": id, "name": name})).await, 201).await;
    }
    let (value, broken) = ("tablet-one", broken.to_string());
    let set_id = "UPDATE devices SET id = $1 WHERE id = $2";
    app.exec(set_id, &[value, &broken]).await;
    assert_corrupt_row(manager.get("/api/devices").await, value).await;
    let revoked = json_of(
        manager.post(&format!("/api/devices/{fine}/revoke"), json!({})).await,
        200,
    )
    .await;
    assert_eq!(revoked["revoked"], true);
    json_of(manager.get("/api/health").await, 200).await;
    app.exec(set_id, &[&broken, value]).await;
    let list = json_of(manager.get("/api/devices").await, 200).await;
    assert!(list.to_string().contains(&broken));
}
