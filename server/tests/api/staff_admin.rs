//! Staff accounts, departments and the property, as an admin runs them.

use bellhop_api::admin_events::AdminEventKind;
use bellhop_api::people::{
    Colleague, Department, DepartmentCreate, Language, MyPreferences, Role, SecretReset, StaffCreate, StaffMember,
    StaffUpdate,
};
use bellhop_api::property::{Property, PropertyUpdate};
use bellhop_api::rooms::Room;
use bellhop_api::session::SessionInfo;
use bellhop_api::staff_import::StaffImported;
use bellhop_api::{ErrorCode, Page};
use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

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
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    let person = |no: &str, hired_on: Option<NaiveDate>| StaffCreate {
        hired_on,
        display_name: "Hire".into(),
        language: Language::English,
        pin: Some("4321".into()),
        ..new_person(no)
    };
    let made: StaffMember = admin.post_created("/api/staff", &person("N801", None)).await;
    assert_eq!(made.hired_on, today, "the day the account is made");
    let made: StaffMember = admin
        .post_created("/api/staff", &person("N802", Some(day("2019-04-01"))))
        .await;
    assert_eq!(made.hired_on, day("2019-04-01"));
    let body = admin
        .post_refused(
            "/api/staff",
            &person("N803", Some(day("1969-12-31"))),
            ErrorCode::Invalid,
        )
        .await;
    assert_eq!(body.fields["hired_on"].code(), "out_of_range");
    let path = format!("/api/staff/{}", made.id);
    let hire_on = |text: &str| StaffUpdate {
        hired_on: Some(day(text)),
        ..Default::default()
    };
    let edited: StaffMember = admin.patch_ok(&path, &hire_on("2020-02-29")).await;
    assert_eq!(edited.hired_on, day("2020-02-29"));
    assert_eq!(edited.display_name, "Hire", "nothing else changed");
    let body = admin
        .patch_refused(&path, &hire_on("2101-01-01"), ErrorCode::Invalid)
        .await;
    assert_eq!(body.fields["hired_on"].code(), "out_of_range");
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
    let _: StaffMember = admin.patch_ok(&format!("/api/staff/{tommy}"), &deactivate()).await;
    let supervisor = app.signed_in("S201").await;
    let people: Vec<Colleague> = supervisor
        .get_ok(&format!("/api/departments/{housekeeping}/staff"))
        .await;
    let names: Vec<&str> = people.iter().map(|p| p.display_name.as_str()).collect();
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
    let engineers: Vec<Colleague> = manager.get_ok(&format!("/api/departments/{engineering}/staff")).await;
    assert_eq!(engineers.len(), 3);
    refused(
        manager.get(&format!("/api/departments/{}/staff", Uuid::new_v4())).await,
        ErrorCode::NotFound,
    )
    .await;
}

fn new_person(employee_no: &str) -> StaffCreate {
    StaffCreate {
        id: Uuid::new_v4(),
        employee_no: employee_no.to_owned(),
        display_name: "陳小明".into(),
        department_id: None,
        role: Role::Staff,
        language: Language::ChineseTraditional,
        pin: Some("8642".into()),
        password: None,
        hired_on: None,
    }
}

fn deactivate() -> StaffUpdate {
    StaffUpdate {
        active: Some(false),
        ..Default::default()
    }
}

async fn an_admin_creates_a_person_who_can_then_sign_in(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let created: StaffMember = admin.post_created("/api/staff", &new_person("H250")).await;
    assert_eq!(created.display_name, "陳小明");
    assert!(created.has_pin);
    assert!(!created.has_password);
    let tablet = app.tablet().await;
    let session: SessionInfo = decoded(tablet.sign_in_pin("H250", "8642").await, 200).await;
    assert_eq!(session.user.language, Language::ChineseTraditional);
}

async fn a_retried_create_stores_one_account(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let person = new_person("H251");
    let first: StaffMember = admin.post_created("/api/staff", &person).await;
    let again: StaffMember = admin.post_ok("/api/staff", &person).await;
    assert_eq!(first, again);
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff WHERE employee_no = 'H251'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

async fn duplicate_employee_numbers_conflict(app: TestApp) {
    let admin = app.signed_in("A001").await;
    admin
        .post_refused("/api/staff", &new_person("F101"), ErrorCode::Conflict)
        .await;
}

async fn invalid_accounts_are_refused_field_by_field(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let person = StaffCreate {
        pin: Some("12".into()),
        display_name: "  ".into(),
        ..new_person("bad number!")
    };
    let body = admin.post_refused("/api/staff", &person, ErrorCode::Invalid).await;
    assert_eq!(body.fields["employee_no"].code(), "employee_no_format");
    assert_eq!(body.fields["pin"].code(), "pin_format");
    assert_eq!(body.fields["display_name"].code(), "required");
    let person = StaffCreate {
        department_id: Some(Uuid::new_v4()),
        ..new_person("H252")
    };
    let body = admin.post_refused("/api/staff", &person, ErrorCode::Invalid).await;
    assert_eq!(body.fields["department_id"].code(), "unknown_department");
    // A role no `Role` spells: a raw body.
    let mut person = serde_json::to_value(new_person("H253")).unwrap();
    person["role"] = json!("overlord");
    refused(admin.post("/api/staff", person).await, ErrorCode::Invalid).await;
}

async fn edits_change_only_what_was_sent(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let id = app.staff_id("H202").await;
    let path = format!("/api/staff/{id}");
    let before: StaffMember = admin.get_ok(&path).await;
    assert!(before.department_id.is_some(), "in a department to keep");
    // Built as the client builds it: whatever is left `None` is not sent, so it stays.
    let promote = StaffUpdate {
        role: Some(Role::Supervisor),
        ..Default::default()
    };
    let after: StaffMember = admin.patch_ok(&path, &promote).await;
    assert_eq!(after.role, Role::Supervisor);
    assert_eq!(
        after,
        StaffMember {
            role: Role::Supervisor,
            ..before
        },
        "only the role changed"
    );
    let clear = StaffUpdate {
        department_id: Some(None),
        ..Default::default()
    };
    let cleared: StaffMember = admin.patch_ok(&path, &clear).await;
    assert_eq!(cleared.department_id, None);
    let own = app.staff_id("A001").await;
    let body = admin
        .patch_refused(&format!("/api/staff/{own}"), &deactivate(), ErrorCode::Invalid)
        .await;
    assert_eq!(body.fields["active"].code(), "cannot_demote_self");
}

async fn a_reset_pin_lifts_the_lockout(app: TestApp) {
    let tablet = app.tablet().await;
    for _ in 0..5 {
        let _ = tablet.sign_in_pin("H203", "0000").await;
    }
    refused(tablet.sign_in_pin("H203", DEMO_PIN).await, ErrorCode::TooManyAttempts).await;
    let admin = app.signed_in("A001").await;
    let id = app.staff_id("H203").await;
    let new_pin = SecretReset {
        pin: Some("97531".into()),
        password: None,
    };
    let _: StaffMember = admin.put_ok(&format!("/api/staff/{id}/secret"), &new_pin).await;
    refused(
        tablet.sign_in_pin("H203", DEMO_PIN).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    assert_eq!(tablet.sign_in_pin("H203", "97531").await.status(), 200);
    let body = refused(
        admin
            .put(
                &format!("/api/staff/{id}/secret"),
                SecretReset {
                    pin: None,
                    password: None,
                },
            )
            .await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["password"].code(), "secret_required");
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
    admin
        .patch_refused(&format!("/api/staff/{other_staff}"), &deactivate(), ErrorCode::NotFound)
        .await;
    let pin = SecretReset {
        pin: Some("1111".into()),
        password: None,
    };
    refused(
        admin.put(&format!("/api/staff/{other_staff}/secret"), &pin).await,
        ErrorCode::NotFound,
    )
    .await;
    let list: Page<StaffMember> = admin.get_ok("/api/staff?limit=200").await;
    assert!(list.items.iter().all(|s| s.employee_no != "P001"));
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
    let people: Vec<StaffCreate> = (0..20).map(|i| new_person(&format!("X{i:03}"))).collect();
    let mut tasks = Vec::new();
    for person in people.clone() {
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move {
            admin.post("/api/staff", &person).await.status().as_u16()
        }));
    }
    // The same submissions again, at the same time as the first ones: retries.
    for person in people {
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move {
            admin.post("/api/staff", &person).await.status().as_u16()
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
    let spa = |name: &str| DepartmentCreate {
        id: Uuid::new_v4(),
        code: "spa".into(),
        name: name.into(),
    };
    let created: Department = admin.post_created("/api/departments", &spa("Spa & Wellness")).await;
    assert!(!created.builtin);
    admin
        .post_refused("/api/departments", &spa("Another spa"), ErrorCode::Conflict)
        .await;
    let departments: Vec<Department> = admin.get_ok("/api/departments").await;
    let codes: Vec<&str> = departments.iter().map(|d| d.code.as_str()).collect();
    for code in ["front_office", "housekeeping", "engineering", "food_beverage", "spa"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let person = StaffCreate {
        department_id: Some(created.id),
        ..new_person("S901")
    };
    let _: StaffMember = admin.post_created("/api/staff", &person).await;

    let time_zone = |zone: &str| PropertyUpdate {
        time_zone: Some(zone.into()),
        ..Default::default()
    };
    let property: Property = admin.patch_ok("/api/property", &time_zone("Asia/Taipei")).await;
    assert_eq!(property.time_zone, "Asia/Taipei");
    assert_eq!(property.name, "Harbour View Hotel");
    let body = admin
        .patch_refused("/api/property", &time_zone("Mars/Olympus"), ErrorCode::Invalid)
        .await;
    assert_eq!(body.fields["time_zone"].code(), "unknown_time_zone");
    let rooms: Vec<Room> = admin.get_ok("/api/rooms").await;
    assert_eq!(rooms.len(), 40);
    assert!(rooms.iter().any(|r| r.number == "1208" && r.floor == 12));
}

async fn the_default_language_is_a_hotel_setting(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let property: Property = admin.get_ok("/api/property").await;
    assert_eq!(property.default_language, Language::English);
    let chinese = PropertyUpdate {
        default_language: Some(Language::ChineseTraditional),
        ..Default::default()
    };
    let changed: Property = admin.patch_ok("/api/property", &chinese).await;
    assert_eq!(changed.default_language, Language::ChineseTraditional);
    assert_eq!(changed.name, "Harbour View Hotel", "the rest stays");
    // A language the hotel does not offer: no `Language` spells it.
    refused(
        admin.patch("/api/property", json!({"default_language": "fr"})).await,
        ErrorCode::Invalid,
    )
    .await;
    // People imported without a language start in the hotel's.
    let file = "employee_no,name,role,department,hire_date,language\nH950,Ivy Ma,staff,housekeeping,,\n";
    let _: StaffImported = decoded(admin.post_csv("/api/staff/import", file).await, 201).await;
    let staff: Page<StaffMember> = admin.get_ok("/api/staff?limit=200").await;
    let ivy = staff
        .items
        .iter()
        .find(|m| m.employee_no == "H950")
        .expect("Ivy imported");
    assert_eq!(ivy.language, Language::ChineseTraditional);
    let trail = app.admin_events(&admin, AdminEventKind::HotelChanged).await;
    let entry = trail.last().expect("the change of language");
    let language = |record: &Option<serde_json::Value>| {
        let record: Property = serde_json::from_value(record.clone().expect("a record")).unwrap();
        record.default_language
    };
    assert_eq!(
        (language(&entry.before), language(&entry.after)),
        (Language::English, Language::ChineseTraditional)
    );
}

async fn staff_lists_are_paged_with_a_cap(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let page: Page<StaffMember> = admin.get_ok("/api/staff?limit=5&offset=5").await;
    assert_eq!(page.items.len(), 5);
    assert_eq!(page.total, 18, "the demo's 17 and its chain admin");
    assert_eq!(page.offset, 5);
    let capped: Page<StaffMember> = admin.get_ok("/api/staff?limit=100000").await;
    assert_eq!(capped.limit, 200);
    refused(admin.get("/api/staff?limit=lots").await, ErrorCode::MalformedRequest).await;
    refused(admin.get("/api/staff?secret=1").await, ErrorCode::MalformedRequest).await;
}

async fn people_choose_their_language(app: TestApp) {
    let browser = app.signed_in("F101").await;
    let simplified = MyPreferences {
        language: Language::ChineseSimplified,
    };
    let me: StaffMember = browser.put_ok("/api/me/preferences", &simplified).await;
    assert_eq!(me.language, Language::ChineseSimplified);
    let session: SessionInfo = browser.get_ok("/api/session").await;
    assert_eq!(session.user.language, Language::ChineseSimplified);
    // A language the portal does not offer: no `Language` spells it.
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
        let _: SessionInfo = admin.get_ok("/api/session").await;
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
    let _: Page<StaffMember> = admin.get_ok("/api/staff").await;
}
