//! A real hotel's first start: the one-time code, the hotel and its first admin.

use bellhop_api::people::{Department, Language, Role};
use bellhop_api::property::Property;
use bellhop_api::session::SessionInfo;
use bellhop_api::setup::{SetupRequest, SetupStatus};
use bellhop_api::ErrorCode;

use crate::common::*;

on_both_databases!(with spawn_empty_app:
    set_up_on_an_empty_database_lets_the_admin_sign_in,
    a_wrong_code_creates_nothing,
    a_second_set_up_is_refused,
    bad_fields_are_named,
    sign_in_leads_to_the_set_up_until_there_is_a_hotel,
);

fn hotel(code: &str) -> SetupRequest {
    SetupRequest {
        code: code.to_owned(),
        hotel_name: "Peak Lodge".into(),
        time_zone: "Asia/Taipei".into(),
        language: "zh-Hant".into(),
        admin_employee_no: "A100".into(),
        admin_name: "Lin Mei".into(),
        admin_password: "first-admin-pw".into(),
    }
}

/// Whether the server asks for a set-up.
async fn needed(browser: &Browser) -> bool {
    let status: SetupStatus = browser.get_ok("/api/setup").await;
    status.needed
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
    assert!(needed(&browser).await);
    // Typed as read off the console, in lower case.
    let made: Property = browser
        .post_created("/api/setup", &hotel(&code(&app).to_lowercase()))
        .await;
    assert_eq!(made.name, "Peak Lodge");
    assert_eq!(made.time_zone, "Asia/Taipei");
    assert!(!needed(&browser).await);

    let session: SessionInfo = decoded(browser.sign_in_password("A100", "first-admin-pw").await, 200).await;
    assert_eq!(session.user.role, Role::Admin);
    assert_eq!(session.user.language, Language::ChineseTraditional);
    let departments: Vec<Department> = browser.get_ok("/api/departments").await;
    let mut codes: Vec<&str> = departments.iter().map(|d| d.code.as_str()).collect();
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
        let body = browser
            .post_refused("/api/setup", &hotel(wrong), ErrorCode::Invalid)
            .await;
        assert_eq!(body.fields, reasons(&[("code", "wrong_code")]));
    }
    assert_eq!(hotels(&app).await, 0);
    // The right code still works afterwards.
    let _: Property = browser.post_created("/api/setup", &hotel(&code(&app))).await;
}

async fn a_second_set_up_is_refused(app: TestApp) {
    let browser = app.browser();
    let _: Property = browser.post_created("/api/setup", &hotel(&code(&app))).await;
    let again = SetupRequest {
        admin_employee_no: "A200".into(),
        ..hotel(&code(&app))
    };
    browser.post_refused("/api/setup", &again, ErrorCode::Conflict).await;
    assert_eq!(hotels(&app).await, 1);
    refused(
        browser.sign_in_password("A200", "first-admin-pw").await,
        ErrorCode::InvalidCredentials,
    )
    .await;
}

async fn bad_fields_are_named(app: TestApp) {
    let browser = app.browser();
    type Spoil = fn(&mut SetupRequest);
    let cases: [(&str, Spoil, &str); 5] = [
        (
            "time_zone",
            |r| r.time_zone = "Mars/Olympus".into(),
            "unknown_time_zone",
        ),
        ("language", |r| r.language = "fr".into(), "unknown_language"),
        (
            "admin_password",
            |r| r.admin_password = "short".into(),
            "password_too_short",
        ),
        (
            "admin_employee_no",
            |r| r.admin_employee_no = "A 1".into(),
            "employee_no_format",
        ),
        ("hotel_name", |r| r.hotel_name = "  ".into(), "required"),
    ];
    for (field, spoil, reason) in cases {
        let mut body = hotel(&code(&app));
        spoil(&mut body);
        let refused = browser.post_refused("/api/setup", &body, ErrorCode::Invalid).await;
        assert_eq!(refused.fields, reasons(&[(field, reason)]), "{field}");
    }
    assert_eq!(hotels(&app).await, 0);
    let _: Property = browser.post_created("/api/setup", &hotel(&code(&app))).await;
}

mod with_demo {
    use super::*;

    on_both_databases!(the_demo_hotel_needs_no_set_up);

    async fn the_demo_hotel_needs_no_set_up(app: TestApp) {
        assert_eq!(app.setup_code, None);
        let browser = app.browser();
        assert!(!needed(&browser).await);
        browser
            .post_refused("/api/setup", &hotel("ANY-CODE"), ErrorCode::Conflict)
            .await;
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
    let _: Property = app.browser().post_created("/api/setup", &hotel(&code(&app))).await;
    assert_ne!(signin("/signin").await.unwrap().status(), 303, "sign-in once set up");
}
