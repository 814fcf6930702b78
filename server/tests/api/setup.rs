//! A real hotel's first start: the one-time code, the hotel and its first admin.

use serde_json::{json, Value};

use bellhop_api::ErrorCode;

use crate::common::*;

on_both_databases!(with spawn_empty_app:
    set_up_on_an_empty_database_lets_the_admin_sign_in,
    a_wrong_code_creates_nothing,
    a_second_set_up_is_refused,
    bad_fields_are_named,
    sign_in_leads_to_the_set_up_until_there_is_a_hotel,
);

fn hotel(code: &str) -> Value {
    json!({
        "code": code, "hotel_name": "Peak Lodge", "time_zone": "Asia/Taipei", "language": "zh-Hant",
        "admin_employee_no": "A100", "admin_name": "Lin Mei", "admin_password": "first-admin-pw"
    })
}

fn code(app: &TestApp) -> String {
    app.setup_code.clone().expect("an empty server has a set-up code")
}

async fn hotels(app: &TestApp) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM properties")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    count
}

async fn set_up_on_an_empty_database_lets_the_admin_sign_in(app: TestApp) {
    let browser = app.browser();
    assert_eq!(
        json_of(browser.get("/api/setup").await, 200).await,
        json!({"needed": true})
    );
    // Typed as read off the console, in lower case.
    let made = json_of(browser.post("/api/setup", hotel(&code(&app).to_lowercase())).await, 201).await;
    assert_eq!(made["name"], "Peak Lodge");
    assert_eq!(made["time_zone"], "Asia/Taipei");
    assert_eq!(
        json_of(browser.get("/api/setup").await, 200).await,
        json!({"needed": false})
    );

    let session = json_of(browser.sign_in_password("A100", "first-admin-pw").await, 200).await;
    assert_eq!(session["user"]["role"], "admin");
    assert_eq!(session["user"]["language"], "zh-Hant");
    let departments = json_of(browser.get("/api/departments").await, 200).await;
    let mut codes = texts(&departments, "code");
    codes.sort_unstable();
    assert_eq!(codes, ["engineering", "food_beverage", "front_office", "housekeeping"]);
    let (language,): (String,) = sqlx::query_as("SELECT default_language FROM properties")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(language, "zh-Hant");
}

async fn a_wrong_code_creates_nothing(app: TestApp) {
    let browser = app.browser();
    for wrong in ["", "AAAAA-AAAAA"] {
        let body = refused(browser.post("/api/setup", hotel(wrong)).await, ErrorCode::Invalid).await;
        assert_eq!(body.fields, reasons(&[("code", "wrong_code")]));
    }
    assert_eq!(hotels(&app).await, 0);
    // The right code still works afterwards.
    json_of(browser.post("/api/setup", hotel(&code(&app))).await, 201).await;
}

async fn a_second_set_up_is_refused(app: TestApp) {
    let browser = app.browser();
    json_of(browser.post("/api/setup", hotel(&code(&app))).await, 201).await;
    let mut again = hotel(&code(&app));
    again["admin_employee_no"] = json!("A200");
    refused(browser.post("/api/setup", again).await, ErrorCode::Conflict).await;
    assert_eq!(hotels(&app).await, 1);
    refused(
        browser.sign_in_password("A200", "first-admin-pw").await,
        ErrorCode::InvalidCredentials,
    )
    .await;
}

async fn bad_fields_are_named(app: TestApp) {
    let browser = app.browser();
    let cases = [
        ("time_zone", json!("Mars/Olympus"), "unknown_time_zone"),
        ("language", json!("fr"), "unknown_language"),
        ("admin_password", json!("short"), "password_too_short"),
        ("admin_employee_no", json!("A 1"), "employee_no_format"),
        ("hotel_name", json!("  "), "required"),
    ];
    for (field, value, reason) in cases {
        let mut body = hotel(&code(&app));
        body[field] = value;
        let refused = refused(browser.post("/api/setup", body).await, ErrorCode::Invalid).await;
        assert_eq!(refused.fields, reasons(&[(field, reason)]), "{field}");
    }
    assert_eq!(hotels(&app).await, 0);
    json_of(browser.post("/api/setup", hotel(&code(&app))).await, 201).await;
}

mod with_demo {
    use super::*;

    on_both_databases!(the_demo_hotel_needs_no_set_up);

    async fn the_demo_hotel_needs_no_set_up(app: TestApp) {
        assert_eq!(app.setup_code, None);
        let browser = app.browser();
        assert_eq!(
            json_of(browser.get("/api/setup").await, 200).await,
            json!({"needed": false})
        );
        refused(browser.post("/api/setup", hotel("ANY-CODE")).await, ErrorCode::Conflict).await;
    }
}

async fn sign_in_leads_to_the_set_up_until_there_is_a_hotel(app: TestApp) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let signin = |path: &'static str| client.get(format!("{}{path}", app.base)).send();
    let response = signin("/signin").await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/setup");
    // A new person's set-up code page is not the hotel's set-up.
    assert_ne!(signin("/signin/code").await.unwrap().status(), 303);
    json_of(app.browser().post("/api/setup", hotel(&code(&app))).await, 201).await;
    assert_ne!(signin("/signin").await.unwrap().status(), 303, "sign-in once set up");
}
