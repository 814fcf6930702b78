//! Staff accounts, departments and the property, as an admin runs them.

use serde_json::{json, Value};
use uuid::Uuid;

use bellhop_api::ErrorCode;

use crate::common::*;

on_both_databases!(
    an_admin_creates_a_person_who_can_then_sign_in,
    a_retried_create_stores_one_account,
    duplicate_employee_numbers_conflict,
    invalid_accounts_are_refused_field_by_field,
    edits_change_only_what_was_sent,
    a_reset_pin_lifts_the_lockout,
    other_hotels_are_out_of_reach,
    parallel_writes_all_land,
    departments_and_property_settings,
    the_default_language_is_a_hotel_setting,
    staff_lists_are_paged_with_a_cap,
    people_choose_their_language,
    supervisors_list_their_department_for_assigning,
    hire_dates_default_to_today_and_are_checked,
    a_corrupt_staff_row_is_a_500_and_the_server_goes_on,
);

async fn hire_dates_default_to_today_and_are_checked(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let today = app.clock.now().with_timezone(&chrono_tz::Asia::Hong_Kong).date_naive();
    let person = |no: &str, hired_on: Value| {
        json!({"id": uuid::Uuid::new_v4(), "employee_no": no, "display_name": "Hire", "department_id": null,
               "role": "staff", "pin": "4321", "hired_on": hired_on})
    };
    let made = json_of(admin.post("/api/staff", person("N801", Value::Null)).await, 201).await;
    assert_eq!(made["hired_on"], today.to_string(), "the day the account is made");
    let made = json_of(admin.post("/api/staff", person("N802", json!("2019-04-01"))).await, 201).await;
    assert_eq!(made["hired_on"], "2019-04-01");
    let body = refused(
        admin.post("/api/staff", person("N803", json!("1969-12-31"))).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["hired_on"], "out_of_range");
    let id = made["id"].as_str().unwrap();
    let edited = json_of(
        admin
            .patch(&format!("/api/staff/{id}"), json!({"hired_on": "2020-02-29"}))
            .await,
        200,
    )
    .await;
    assert_eq!(edited["hired_on"], "2020-02-29");
    assert_eq!(edited["display_name"], "Hire", "nothing else changed");
    let body = refused(
        admin
            .patch(&format!("/api/staff/{id}"), json!({"hired_on": "2101-01-01"}))
            .await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["hired_on"], "out_of_range");
}

async fn supervisors_list_their_department_for_assigning(app: TestApp) {
    let (housekeeping,): (String,) = sqlx::query_as("SELECT id FROM departments WHERE code = 'housekeeping'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (engineering,): (String,) = sqlx::query_as("SELECT id FROM departments WHERE code = 'engineering'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let admin = app.signed_in("A001").await;
    let tommy = app.staff_id("H203").await;
    json_of(
        admin
            .patch(&format!("/api/staff/{tommy}"), json!({"active": false}))
            .await,
        200,
    )
    .await;
    let supervisor = app.signed_in("S201").await;
    let people = json_of(
        supervisor.get(&format!("/api/departments/{housekeeping}/staff")).await,
        200,
    )
    .await;
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Fong Leung", "Mei Ling Ho", "Winnie Kwok"],
        "active housekeeping staff, by name"
    );
    refused(
        supervisor.get(&format!("/api/departments/{engineering}/staff")).await,
        ErrorCode::Forbidden,
    )
    .await;
    let staff = app.signed_in("H201").await;
    refused(
        staff.get(&format!("/api/departments/{housekeeping}/staff")).await,
        ErrorCode::Forbidden,
    )
    .await;
    let manager = app.signed_in("M001").await;
    let engineers = json_of(manager.get(&format!("/api/departments/{engineering}/staff")).await, 200).await;
    assert_eq!(engineers.as_array().unwrap().len(), 3);
    refused(
        manager.get(&format!("/api/departments/{}/staff", Uuid::new_v4())).await,
        ErrorCode::NotFound,
    )
    .await;
}

fn new_person(employee_no: &str) -> Value {
    json!({
        "id": Uuid::new_v4(), "employee_no": employee_no, "display_name": "陳小明",
        "department_id": null, "role": "staff", "language": "zh-Hant", "pin": "8642"
    })
}

async fn an_admin_creates_a_person_who_can_then_sign_in(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let created = json_of(admin.post("/api/staff", new_person("H250")).await, 201).await;
    assert_eq!(created["display_name"], "陳小明");
    assert_eq!(created["has_pin"], true);
    assert_eq!(created["has_password"], false);
    let tablet = app.tablet().await;
    let session = json_of(tablet.sign_in_pin("H250", "8642").await, 200).await;
    assert_eq!(session["user"]["language"], "zh-Hant");
}

async fn a_retried_create_stores_one_account(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let person = new_person("H251");
    let first = json_of(admin.post("/api/staff", person.clone()).await, 201).await;
    let again = json_of(admin.post("/api/staff", person).await, 200).await;
    assert_eq!(first, again);
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff WHERE employee_no = 'H251'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

async fn duplicate_employee_numbers_conflict(app: TestApp) {
    let admin = app.signed_in("A001").await;
    refused(admin.post("/api/staff", new_person("F101")).await, ErrorCode::Conflict).await;
}

async fn invalid_accounts_are_refused_field_by_field(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let mut person = new_person("bad number!");
    person["pin"] = json!("12");
    person["display_name"] = json!("  ");
    let body = refused(admin.post("/api/staff", person).await, ErrorCode::Invalid).await;
    assert_eq!(body.fields["employee_no"], "employee_no_format");
    assert_eq!(body.fields["pin"], "pin_format");
    assert_eq!(body.fields["display_name"], "required");
    let mut person = new_person("H252");
    person["department_id"] = json!(Uuid::new_v4());
    let body = refused(admin.post("/api/staff", person).await, ErrorCode::Invalid).await;
    assert_eq!(body.fields["department_id"], "unknown_department");
    let mut person = new_person("H253");
    person["role"] = json!("overlord");
    refused(admin.post("/api/staff", person).await, ErrorCode::Invalid).await;
}

async fn edits_change_only_what_was_sent(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let id = app.staff_id("H202").await;
    let before = json_of(admin.get(&format!("/api/staff/{id}")).await, 200).await;
    let after = json_of(
        admin
            .patch(&format!("/api/staff/{id}"), json!({"role": "supervisor"}))
            .await,
        200,
    )
    .await;
    assert_eq!(after["role"], "supervisor");
    assert_eq!(after["display_name"], before["display_name"]);
    assert_eq!(after["department_id"], before["department_id"]);
    let cleared = json_of(
        admin
            .patch(&format!("/api/staff/{id}"), json!({"department_id": null}))
            .await,
        200,
    )
    .await;
    assert!(cleared["department_id"].is_null());
    let own = app.staff_id("A001").await;
    let body = refused(
        admin
            .patch(&format!("/api/staff/{own}"), json!({"active": false}))
            .await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["active"], "cannot_demote_self");
}

async fn a_reset_pin_lifts_the_lockout(app: TestApp) {
    let tablet = app.tablet().await;
    for _ in 0..5 {
        let _ = tablet.sign_in_pin("H203", "0000").await;
    }
    refused(tablet.sign_in_pin("H203", DEMO_PIN).await, ErrorCode::TooManyAttempts).await;
    let admin = app.signed_in("A001").await;
    let id = app.staff_id("H203").await;
    json_of(
        admin
            .put(&format!("/api/staff/{id}/secret"), json!({"pin": "97531"}))
            .await,
        200,
    )
    .await;
    refused(
        tablet.sign_in_pin("H203", DEMO_PIN).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    assert_eq!(tablet.sign_in_pin("H203", "97531").await.status(), 200);
    let body = refused(
        admin.put(&format!("/api/staff/{id}/secret"), json!({})).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["password"], "secret_required");
}

async fn other_hotels_are_out_of_reach(app: TestApp) {
    let pool = &app.state.db.pool;
    let other_staff = Uuid::new_v4();
    let other_property = app.another_hotel().await;
    sqlx::query(
        "INSERT INTO staff (id, property_id, employee_no, display_name, role, language, active, created_at, updated_at) \
         VALUES ($1, $2, 'P001', 'Peak Person', 'staff', 'en', 1, 0, 0)",
    )
    .bind(other_staff.to_string())
    .bind(&other_property)
    .execute(pool)
    .await
    .unwrap();
    let admin = app.signed_in("A001").await;
    refused(
        admin.get(&format!("/api/staff/{other_staff}")).await,
        ErrorCode::NotFound,
    )
    .await;
    refused(
        admin
            .patch(&format!("/api/staff/{other_staff}"), json!({"active": false}))
            .await,
        ErrorCode::NotFound,
    )
    .await;
    refused(
        admin
            .put(&format!("/api/staff/{other_staff}/secret"), json!({"pin": "1111"}))
            .await,
        ErrorCode::NotFound,
    )
    .await;
    let list = json_of(admin.get("/api/staff?limit=200").await, 200).await;
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["employee_no"] != "P001"));
    // The demo tablet belongs to Harbour View: nobody from elsewhere signs in on it.
    sqlx::query("UPDATE staff SET pin_hash = (SELECT pin_hash FROM staff WHERE employee_no = 'H201') WHERE employee_no = 'P001'")
        .execute(pool)
        .await
        .unwrap();
    let tablet = app.tablet().await;
    refused(
        tablet.sign_in_pin("P001", DEMO_PIN).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
}

async fn parallel_writes_all_land(app: TestApp) {
    let admin = std::sync::Arc::new(app.signed_in("A001").await);
    let people: Vec<Value> = (0..20).map(|i| new_person(&format!("X{i:03}"))).collect();
    let mut tasks = Vec::new();
    for person in people.clone() {
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move {
            admin.post("/api/staff", person).await.status().as_u16()
        }));
    }
    // The same submissions again, at the same time as the first ones: retries.
    for person in people {
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move {
            admin.post("/api/staff", person).await.status().as_u16()
        }));
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(matches!(status, 200 | 201), "parallel create gave {status}");
    }
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff WHERE employee_no LIKE 'X%'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 20, "every account stored exactly once");
}

async fn departments_and_property_settings(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let spa = json!({"id": Uuid::new_v4(), "code": "spa", "name": "Spa & Wellness"});
    let created = json_of(admin.post("/api/departments", spa).await, 201).await;
    assert_eq!(created["builtin"], false);
    let again = json!({"id": Uuid::new_v4(), "code": "spa", "name": "Another spa"});
    refused(admin.post("/api/departments", again).await, ErrorCode::Conflict).await;
    let departments = json_of(admin.get("/api/departments").await, 200).await;
    let codes = texts(&departments, "code");
    for code in ["front_office", "housekeeping", "engineering", "food_beverage", "spa"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let mut person = new_person("S901");
    person["department_id"] = created["id"].clone();
    json_of(admin.post("/api/staff", person).await, 201).await;

    let property = json_of(
        admin.patch("/api/property", json!({"time_zone": "Asia/Taipei"})).await,
        200,
    )
    .await;
    assert_eq!(property["time_zone"], "Asia/Taipei");
    assert_eq!(property["name"], "Harbour View Hotel");
    let body = refused(
        admin.patch("/api/property", json!({"time_zone": "Mars/Olympus"})).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["time_zone"], "unknown_time_zone");
    let rooms = json_of(admin.get("/api/rooms").await, 200).await;
    assert_eq!(rooms.as_array().unwrap().len(), 40);
    assert!(rooms
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["number"] == "1208" && r["floor"] == 12));
}

async fn the_default_language_is_a_hotel_setting(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let property = json_of(admin.get("/api/property").await, 200).await;
    assert_eq!(property["default_language"], "en");
    let changed = json_of(
        admin
            .patch("/api/property", json!({"default_language": "zh-Hant"}))
            .await,
        200,
    )
    .await;
    assert_eq!(changed["default_language"], "zh-Hant");
    assert_eq!(changed["name"], "Harbour View Hotel", "the rest stays");
    refused(
        admin.patch("/api/property", json!({"default_language": "fr"})).await,
        ErrorCode::Invalid,
    )
    .await;
    // People imported without a language start in the hotel's.
    let file = "employee_no,name,role,department,hire_date,language\nH950,Ivy Ma,staff,housekeeping,,\n";
    json_of(admin.post_csv("/api/staff/import", file).await, 201).await;
    let staff = json_of(admin.get("/api/staff?limit=200").await, 200).await;
    let ivy = staff["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["employee_no"] == "H950")
        .cloned();
    assert_eq!(ivy.unwrap()["language"], "zh-Hant");
    let trail = json_of(admin.get("/api/admin-events?kind=hotel_changed").await, 200).await;
    let entry = &trail["items"][0];
    assert_eq!(
        (
            &entry["before"]["default_language"],
            &entry["after"]["default_language"]
        ),
        (&json!("en"), &json!("zh-Hant"))
    );
}

async fn staff_lists_are_paged_with_a_cap(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let page = json_of(admin.get("/api/staff?limit=5&offset=5").await, 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    assert_eq!(page["total"], 17);
    assert_eq!(page["offset"], 5);
    let capped = json_of(admin.get("/api/staff?limit=100000").await, 200).await;
    assert_eq!(capped["limit"], 200);
    refused(admin.get("/api/staff?limit=lots").await, ErrorCode::MalformedRequest).await;
    refused(admin.get("/api/staff?secret=1").await, ErrorCode::MalformedRequest).await;
}

async fn people_choose_their_language(app: TestApp) {
    let browser = app.signed_in("F101").await;
    let me = json_of(
        browser.put("/api/me/preferences", json!({"language": "zh-Hans"})).await,
        200,
    )
    .await;
    assert_eq!(me["language"], "zh-Hans");
    let session = json_of(browser.get("/api/session").await, 200).await;
    assert_eq!(session["user"]["language"], "zh-Hans");
    refused(
        browser.put("/api/me/preferences", json!({"language": "fr"})).await,
        ErrorCode::Invalid,
    )
    .await;
}

/// A staff row whose role or language the server cannot read back is the documented 500
/// wherever it is read (never read as plain staff), and only there.
async fn a_corrupt_staff_row_is_a_500_and_the_server_goes_on(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let winnie = app.staff_id("H202").await;
    for (column, value) in [("role", "sous_chef"), ("language", "klingon")] {
        sqlx::query(&format!("UPDATE staff SET {column} = $1 WHERE id = $2"))
            .bind(value)
            .bind(&winnie)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        for path in [format!("/api/staff/{winnie}"), "/api/staff".to_owned()] {
            assert_corrupt_row(admin.get(&path).await, value).await;
        }
        json_of(admin.get("/api/session").await, 200).await;
    }
    refused(
        app.browser().sign_in_password("H202", DEMO_PASSWORD).await,
        ErrorCode::Internal,
    )
    .await;
    sqlx::query("UPDATE staff SET role = 'staff', language = 'en' WHERE id = $1")
        .bind(&winnie)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    json_of(admin.get("/api/staff").await, 200).await;
}
