//! Staff from a file, stored whole or not at all, and the one-time set-up codes with
//! which the people it made choose their own PIN or password.

use bellhop_api::FieldReason;
use std::time::Duration;

use bellhop_api::people::{Language, StaffMember};
use bellhop_api::session::SessionInfo;
use bellhop_api::staff_import::{SetupCodeIssued, SetupCodeRedeem, StaffImported};
use bellhop_api::{ErrorCode, RowError};
use chrono::NaiveDate;

use crate::common::*;

on_both_databases!(
    a_bad_file_stores_nobody_and_names_each_bad_row,
    imported_people_set_their_pin_with_their_code_once,
    managers_choose_a_password_and_codes_expire,
    wrong_codes_lock_the_account,
    only_admins_import_staff,
    an_admin_gives_a_new_code,
);

const HEADER: &str = "employee_no,name,role,department,hire_date,language\n";

async fn staff_count(app: &TestApp) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    count
}

async fn import(app: &TestApp, text: &str) -> StaffImported {
    let admin = app.signed_in("A001").await;
    decoded(admin.post_csv("/api/staff/import", text).await, 201).await
}

fn code_of<'a>(imported: &'a StaffImported, employee_no: &str) -> &'a str {
    imported
        .created
        .iter()
        .find(|c| c.employee_no == employee_no)
        .map(|c| c.setup_code.as_str())
        .expect("a code for each person made")
}

fn redeem(employee_no: &str, code: &str, pin: Option<&str>, password: Option<&str>) -> SetupCodeRedeem {
    SetupCodeRedeem {
        employee_no: employee_no.to_owned(),
        code: code.to_owned(),
        pin: pin.map(str::to_owned),
        password: password.map(str::to_owned),
    }
}

const REDEEM: &str = "/api/setup-codes/redeem";

async fn a_bad_file_stores_nobody_and_names_each_bad_row(app: TestApp) {
    let admin = app.signed_in("A001").await;
    app.exec("UPDATE departments SET active = 0 WHERE code = 'food_beverage'", &[])
        .await;
    let before = staff_count(&app).await;
    let text = format!(
        "{HEADER}\
         H900,Ann Lee,staff,housekeeping,2026-01-05,zh-Hant\n\
         H901,Bo Chan,chef,housekeeping,,\n\
         H902,Cy Ho,staff,spa,,\n\
         H903,Di Wu,staff,,2026-02-30,\n\
         F101,Ed Lau,staff,front_office,,\n\
         H904,Fay Ng,staff,,,fr\n\
         H900,Gus Ip,staff,,,\n\
         B900,Hu Ma,staff,food_beverage,,\n"
    );
    let body = refused(admin.post_csv("/api/staff/import", &text).await, ErrorCode::Invalid).await;
    assert_eq!(
        body.rows,
        [
            RowError::new(3, "role", FieldReason::UnknownRole),
            RowError::new(5, "hire_date", FieldReason::NotADate),
            RowError::new(7, "language", FieldReason::UnknownLanguage),
            RowError::new(8, "employee_no", FieldReason::DuplicateInFile)
        ],
        "the file's own problems first"
    );
    // Fixed on its own, the file still names what only the hotel can tell.
    let text = format!(
        "{HEADER}\
         H900,Ann Lee,staff,housekeeping,2026-01-05,zh-Hant\n\
         H902,Cy Ho,staff,spa,,\n\
         F101,Ed Lau,staff,front_office,,\n\
         B900,Hu Ma,staff,food_beverage,,\n"
    );
    let body = refused(admin.post_csv("/api/staff/import", &text).await, ErrorCode::Invalid).await;
    assert_eq!(
        body.rows,
        [
            RowError::new(3, "department", FieldReason::UnknownDepartment),
            RowError::new(4, "employee_no", FieldReason::Taken),
            RowError::new(5, "department", FieldReason::RetiredDepartment)
        ]
    );
    assert_eq!(staff_count(&app).await, before, "nobody stored");
}

async fn imported_people_set_their_pin_with_their_code_once(app: TestApp) {
    let imported = import(
        &app,
        &format!(
            "{HEADER}H900,Ann Lee,staff,housekeeping,2026-01-05,zh-Hant\nH901,Bo Chan,supervisor,housekeeping,,\n"
        ),
    )
    .await;
    assert_eq!(imported.created.len(), 2);
    let admin = app.signed_in("A001").await;
    let ann_id = imported.created[0].staff_id.to_string();
    let ann: StaffMember = admin.get_ok(&format!("/api/staff/{ann_id}")).await;
    assert_eq!(
        (ann.has_pin, ann.has_password, ann.language, ann.hired_on),
        (
            false,
            false,
            Language::ChineseTraditional,
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
        ),
        "no secret of anyone's choosing yet"
    );
    assert_eq!(ann.department_id, Some(uuid(app.department_id("housekeeping").await)));
    let code = code_of(&imported, "H900");
    let (stored,): (String,) = sqlx::query_as("SELECT code_hash FROM setup_codes WHERE staff_id = $1")
        .bind(&ann_id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(!stored.contains(code), "only a digest is kept");

    let browser = app.browser();
    let body = refused(
        browser
            .post(REDEEM, redeem("H900", code, None, Some("long enough pw")))
            .await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(
        body.fields,
        reasons(&[("pin", "secret_required")]),
        "a floor role chooses a PIN"
    );
    let body = refused(
        browser.post(REDEEM, redeem("H900", code, Some("12"), None)).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields, reasons(&[("pin", "pin_format")]));
    // Typed as read, in lower case.
    let done: StaffMember = browser
        .post_ok(REDEEM, &redeem("H900", &code.to_lowercase(), Some("2468"), None))
        .await;
    assert!(done.has_pin);
    let tablet = app.tablet().await;
    let session: SessionInfo = decoded(tablet.sign_in_pin("H900", "2468").await, 200).await;
    assert_eq!(session.user.display_name, "Ann Lee");
    let body = refused(
        browser.post(REDEEM, redeem("H900", code, Some("1357"), None)).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields, reasons(&[("code", "used")]));
    let _: SessionInfo = decoded(tablet.sign_in_pin("H900", "2468").await, 200).await;
    // Bo has not chosen yet: no PIN signs him in.
    refused(tablet.sign_in_pin("H901", "1234").await, ErrorCode::InvalidCredentials).await;
}

async fn managers_choose_a_password_and_codes_expire(app: TestApp) {
    let imported = import(&app, &format!("{HEADER}M900,Cy Ho,manager,,,\nH905,Dot Ko,staff,,,\n")).await;
    let browser = app.browser();
    let manager_code = code_of(&imported, "M900");
    let body = refused(
        browser
            .post(REDEEM, redeem("M900", manager_code, Some("2468"), None))
            .await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields, reasons(&[("pin", "pin_not_allowed")]));
    let _: StaffMember = browser
        .post_ok(REDEEM, &redeem("M900", manager_code, None, Some("my own password")))
        .await;
    let _: SessionInfo = decoded(browser.sign_in_password("M900", "my own password").await, 200).await;

    app.advance(Duration::from_secs(8 * 24 * 3600));
    let body = refused(
        browser
            .post(REDEEM, redeem("H905", code_of(&imported, "H905"), Some("2468"), None))
            .await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields, reasons(&[("code", "expired")]));
}

async fn wrong_codes_lock_the_account(app: TestApp) {
    let imported = import(&app, &format!("{HEADER}H906,Eve Ko,staff,,,\n")).await;
    let browser = app.browser();
    for _ in 0..4 {
        refused(
            browser
                .post(REDEEM, redeem("H906", "AAAAA-AAAAA", Some("2468"), None))
                .await,
            ErrorCode::InvalidCredentials,
        )
        .await;
    }
    let response = browser
        .post(REDEEM, redeem("H906", "AAAAA-AAAAA", Some("2468"), None))
        .await;
    assert!(response.headers().contains_key("retry-after"));
    refused(response, ErrorCode::TooManyAttempts).await;
    // Locked: even the right code waits.
    let code = code_of(&imported, "H906");
    refused(
        browser.post(REDEEM, redeem("H906", code, Some("2468"), None)).await,
        ErrorCode::TooManyAttempts,
    )
    .await;
    refused(
        browser.post(REDEEM, redeem("NOBODY", code, Some("2468"), None)).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    app.advance(Duration::from_secs(10 * 60));
    let _: StaffMember = browser.post_ok(REDEEM, &redeem("H906", code, Some("2468"), None)).await;
}

async fn only_admins_import_staff(app: TestApp) {
    let text = format!("{HEADER}H907,Fi Lo,staff,,,\n");
    for employee_no in ["M001", "S201"] {
        let person = app.signed_in(employee_no).await;
        refused(person.post_csv("/api/staff/import", &text).await, ErrorCode::Forbidden).await;
    }
    let admin = app.signed_in("A001").await;
    refused(
        admin
            .post_file("/api/staff/import", "text/csv", b"employee_no\xff".to_vec())
            .await,
        ErrorCode::Invalid,
    )
    .await;
    let huge = format!("{HEADER}{}", "H907,Fi Lo,staff,,,\n".repeat(60_000));
    refused(
        admin.post_csv("/api/staff/import", &huge).await,
        ErrorCode::PayloadTooLarge,
    )
    .await;
}

async fn an_admin_gives_a_new_code(app: TestApp) {
    let imported = import(&app, &format!("{HEADER}H908,Gil Au,staff,,,\n")).await;
    let first = code_of(&imported, "H908").to_owned();
    let id = imported.created[0].staff_id;
    let admin = app.signed_in("A001").await;
    let fresh: SetupCodeIssued = admin.post_ok(&format!("/api/staff/{id}/setup-code"), &()).await;
    let second = fresh.setup_code.as_str();
    assert_ne!(second, first);
    let browser = app.browser();
    refused(
        browser.post(REDEEM, redeem("H908", &first, Some("2468"), None)).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    let _: StaffMember = browser
        .post_ok(REDEEM, &redeem("H908", second, Some("2468"), None))
        .await;
}
