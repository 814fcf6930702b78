//! Sign-in, sessions, tablets and lockout, on SQLite and PostgreSQL.

use std::time::Duration;

use bellhop_api::people::{Role, StaffMember, StaffUpdate};
use bellhop_api::session::{Device, SessionInfo, ThisDevice};
use bellhop_api::ErrorCode;
use serde_json::json;

use crate::common::*;

on_both_databases!(
    password_sign_in_sets_a_strict_http_only_cookie,
    pin_sign_in_needs_an_enrolled_tablet,
    managers_cannot_use_a_pin,
    tablet_sessions_idle_out_after_five_minutes,
    other_sessions_idle_out_after_thirty_minutes,
    sessions_end_after_twelve_hours_whatever_the_activity,
    sign_out_ends_the_session_on_the_server,
    a_new_sign_in_kills_the_old_cookie,
    five_wrong_pins_lock_only_that_account,
    lockout_lifts_after_five_minutes,
    deactivation_ends_sessions_at_once,
    revoking_a_tablet_ends_its_sessions,
    wrong_employee_numbers_and_secrets_look_the_same,
    ended_sessions_are_purged,
);

async fn ended_sessions_are_purged(app: TestApp) {
    let _idle = app.signed_in("F101").await;
    let tablet = app.tablet().await;
    assert_eq!(tablet.sign_in_pin("H201", DEMO_PIN).await.status(), 200);
    let purge = || bellhop_server::auth::session::purge_expired(&app.state.db.pool, app.clock.now_ms());
    assert_eq!(purge().await.unwrap(), 0, "live sessions stay");
    app.advance(Duration::from_secs(301));
    assert_eq!(purge().await.unwrap(), 1, "the idle tablet session goes");
    app.advance(Duration::from_secs(30 * 60));
    assert_eq!(purge().await.unwrap(), 1, "then the idle laptop session");
}

async fn password_sign_in_sets_a_strict_http_only_cookie(app: TestApp) {
    let browser = app.browser();
    let response = browser.sign_in_password("M001", DEMO_PASSWORD).await;
    let cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(response.status(), 200);
    // The raw text, to check that no hash leaves the server under any field name.
    let text = response.text().await.unwrap();
    let body: SessionInfo = serde_json::from_str(&text).unwrap();
    assert!(cookie.starts_with("bellhop_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert_eq!(body.user.employee_no, "M001");
    assert_eq!(body.user.role, Role::Manager);
    assert_eq!(body.property.time_zone, "Asia/Hong_Kong");
    assert_eq!(body.idle_timeout_secs, 1800);
    assert!(!text.contains("hash"), "no secret hash leaves the server: {text}");
    let me: SessionInfo = browser.get_ok("/api/session").await;
    assert_eq!(me.user.display_name, "Grace Lam");
}

async fn pin_sign_in_needs_an_enrolled_tablet(app: TestApp) {
    let laptop = app.browser();
    refused(laptop.sign_in_pin("H201", DEMO_PIN).await, ErrorCode::DeviceNotEnrolled).await;
    let tablet = app.tablet().await;
    let this: ThisDevice = tablet.get_ok("/api/devices/this").await;
    assert_eq!(this.device.expect("the enrolled tablet").name, "Demo tablet");
    let body: SessionInfo = decoded(tablet.sign_in_pin("H201", DEMO_PIN).await, 200).await;
    assert_eq!(body.user.employee_no, "H201");
    assert_eq!(body.device.expect("the tablet").name, "Demo tablet");
    assert_eq!(body.idle_timeout_secs, 300);
}

async fn managers_cannot_use_a_pin(app: TestApp) {
    let tablet = app.tablet().await;
    refused(tablet.sign_in_pin("M001", DEMO_PIN).await, ErrorCode::Forbidden).await;
    assert_eq!(tablet.sign_in_password("M001", DEMO_PASSWORD).await.status(), 200);
}

async fn tablet_sessions_idle_out_after_five_minutes(app: TestApp) {
    let tablet = app.tablet().await;
    assert_eq!(tablet.sign_in_pin("H202", DEMO_PIN).await.status(), 200);
    app.advance(Duration::from_secs(290));
    assert_eq!(
        tablet.get("/api/session").await.status(),
        200,
        "activity at 4 min 50 s keeps it alive"
    );
    app.advance(Duration::from_secs(290));
    assert_eq!(
        tablet.get("/api/session").await.status(),
        200,
        "idle time counts from the last request"
    );
    app.advance(Duration::from_secs(301));
    refused(tablet.get("/api/session").await, ErrorCode::Unauthenticated).await;
}

async fn other_sessions_idle_out_after_thirty_minutes(app: TestApp) {
    let laptop = app.signed_in("S201").await;
    app.advance(Duration::from_secs(29 * 60));
    assert_eq!(laptop.get("/api/session").await.status(), 200);
    app.advance(Duration::from_secs(30 * 60 + 1));
    refused(laptop.get("/api/session").await, ErrorCode::Unauthenticated).await;
}

async fn sessions_end_after_twelve_hours_whatever_the_activity(app: TestApp) {
    let laptop = app.signed_in("A001").await;
    for _ in 0..(12 * 60 / 20 - 1) {
        app.advance(Duration::from_secs(20 * 60));
        assert_eq!(laptop.get("/api/session").await.status(), 200);
    }
    app.advance(Duration::from_secs(20 * 60));
    refused(laptop.get("/api/session").await, ErrorCode::Unauthenticated).await;
}

async fn sign_out_ends_the_session_on_the_server(app: TestApp) {
    let browser = app.browser();
    let response = browser.sign_in_password("S101", DEMO_PASSWORD).await;
    let token = session_token(&response);
    assert_eq!(browser.delete("/api/session").await.status(), 204);
    refused(browser.get("/api/session").await, ErrorCode::Unauthenticated).await;
    // The same token replayed by hand is dead too: the server forgot it.
    let replay = app
        .browser()
        .client
        .get(format!("{}/api/session", app.base))
        .header("cookie", format!("bellhop_session={token}"));
    refused(replay.send().await.unwrap(), ErrorCode::Unauthenticated).await;
}

async fn a_new_sign_in_kills_the_old_cookie(app: TestApp) {
    let tablet = app.tablet().await;
    let first = session_token(&tablet.sign_in_pin("H201", DEMO_PIN).await);
    let second = session_token(&tablet.sign_in_pin("H203", DEMO_PIN).await);
    assert_ne!(first, second, "every sign-in gets a fresh session id");
    let me: SessionInfo = tablet.get_ok("/api/session").await;
    assert_eq!(me.user.employee_no, "H203");
    let replay = app
        .browser()
        .client
        .get(format!("{}/api/session", app.base))
        .header("cookie", format!("bellhop_session={first}"));
    refused(replay.send().await.unwrap(), ErrorCode::Unauthenticated).await;
}

async fn five_wrong_pins_lock_only_that_account(app: TestApp) {
    let tablet = app.tablet().await;
    for _ in 1..=4 {
        refused(tablet.sign_in_pin("H201", "9999").await, ErrorCode::InvalidCredentials).await;
    }
    let fifth = tablet.sign_in_pin("H201", "9999").await;
    let retry_after: u64 = fifth
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((290..=300).contains(&retry_after), "retry after {retry_after}");
    refused(fifth, ErrorCode::TooManyAttempts).await;
    // Locked: even the right PIN is refused.
    refused(tablet.sign_in_pin("H201", DEMO_PIN).await, ErrorCode::TooManyAttempts).await;
    // A colleague on the same tablet is not affected.
    assert_eq!(tablet.sign_in_pin("H202", DEMO_PIN).await.status(), 200);
    // Passwords count against the same account.
    refused(
        app.browser().sign_in_password("H201", DEMO_PASSWORD).await,
        ErrorCode::TooManyAttempts,
    )
    .await;
}

async fn lockout_lifts_after_five_minutes(app: TestApp) {
    let browser = app.browser();
    for _ in 0..5 {
        let _ = browser.sign_in_password("F101", "not-the-password").await;
    }
    refused(
        browser.sign_in_password("F101", DEMO_PASSWORD).await,
        ErrorCode::TooManyAttempts,
    )
    .await;
    app.advance(Duration::from_secs(301));
    assert_eq!(browser.sign_in_password("F101", DEMO_PASSWORD).await.status(), 200);
    // A success resets the count: four more wrong tries do not lock.
    let other = app.browser();
    for _ in 0..4 {
        refused(
            other.sign_in_password("F101", "wrong-again").await,
            ErrorCode::InvalidCredentials,
        )
        .await;
    }
    assert_eq!(other.sign_in_password("F101", DEMO_PASSWORD).await.status(), 200);
}

async fn deactivation_ends_sessions_at_once(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let tablet = app.tablet().await;
    assert_eq!(tablet.sign_in_pin("E301", DEMO_PIN).await.status(), 200);
    let laptop = app.signed_in("E301").await;
    let id = app.staff_id("E301").await;
    let path = format!("/api/staff/{id}");
    let active = |active: bool| StaffUpdate {
        active: Some(active),
        ..Default::default()
    };
    let body: StaffMember = admin.patch_ok(&path, &active(false)).await;
    assert!(!body.active);
    refused(tablet.get("/api/session").await, ErrorCode::Unauthenticated).await;
    refused(laptop.get("/api/session").await, ErrorCode::Unauthenticated).await;
    refused(
        app.browser().sign_in_password("E301", DEMO_PASSWORD).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    let _: StaffMember = admin.patch_ok(&path, &active(true)).await;
    assert_eq!(
        app.browser().sign_in_password("E301", DEMO_PASSWORD).await.status(),
        200
    );
}

async fn revoking_a_tablet_ends_its_sessions(app: TestApp) {
    let tablet = app.tablet().await;
    assert_eq!(tablet.sign_in_pin("B401", DEMO_PIN).await.status(), 200);
    let manager = app.signed_in("M001").await;
    let devices: Vec<Device> = manager.get_ok("/api/devices").await;
    let id = devices[0].id;
    let revoked: Device = manager.post_ok(&format!("/api/devices/{id}/revoke"), &json!({})).await;
    assert!(revoked.revoked);
    refused(tablet.get("/api/session").await, ErrorCode::Unauthenticated).await;
    refused(tablet.sign_in_pin("B401", DEMO_PIN).await, ErrorCode::DeviceNotEnrolled).await;
    // The sign-in screen's first question wipes what the app kept on the tablet, once.
    let answer = tablet.get("/api/devices/this").await;
    assert_eq!(answer.headers().get("clear-site-data").unwrap(), "\"storage\"");
    let removal = answer.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(removal.starts_with("bellhop_device=;"), "{removal}");
    let this: ThisDevice = answer.json().await.unwrap();
    assert_eq!(this.device, None);
    let again = tablet.get("/api/devices/this").await;
    assert_eq!(
        again.headers().get("clear-site-data"),
        None,
        "the cookie is gone: nothing more to wipe"
    );
    // A browser that never was a tablet keeps what it has.
    let browser = app.browser().get("/api/devices/this").await;
    assert_eq!(browser.headers().get("clear-site-data"), None);
}

async fn wrong_employee_numbers_and_secrets_look_the_same(app: TestApp) {
    let browser = app.browser();
    let unknown = refused(
        browser.sign_in_password("Z999", DEMO_PASSWORD).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    let wrong = refused(
        browser.sign_in_password("F102", "wrong-password").await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    assert_eq!(unknown, wrong);
    // Neither a PIN nor a password field: a raw body.
    refused(
        browser.post("/api/session", json!({"employee_no": "F102"})).await,
        ErrorCode::Invalid,
    )
    .await;
}

fn session_token(response: &reqwest::Response) -> String {
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap();
    cookie
        .trim_start_matches("bellhop_session=")
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}
