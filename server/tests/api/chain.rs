//! A chain: hotels made, renamed and retired through the API; the same employee number
//! in two hotels with nothing of one reachable from the other; people's roles in
//! further hotels (a department's too, listed among that hotel's people) and moving a
//! session between hotels; a retired hotel's PMS and jobs standing still; further chain
//! admins; the chain's figures; and a trail entry for every kind of chain change.

use bellhop_api::admin_events::{AdminEvent, AdminEventKind};
use bellhop_api::audit_wire::AuditReport;
use bellhop_api::chain::{ChainFigures, ChainPerson, Hotel, HotelCreate, HotelSwitch, HotelUpdate, RoleGrant};
use bellhop_api::people::{Colleague, Department, Language, Role, StaffCreate, StaffMember};
use bellhop_api::session::{SessionInfo, SignIn};
use bellhop_api::tasks::{TaskCreate, TaskType};
use bellhop_api::training::TrainingReport;
use bellhop_api::{ErrorCode, FieldReason, Page};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    hotels_are_created_renamed_and_retired_with_a_trail,
    only_the_chain_admin_runs_the_chain,
    the_same_number_in_two_hotels_keeps_them_apart,
    guessing_at_a_number_of_two_hotels_locks_both,
    nothing_of_one_hotel_is_reachable_from_the_other,
    roles_in_further_hotels_move_a_session_between_hotels,
    a_retired_hotel_signs_nobody_in,
    the_chain_view_reads_each_hotels_own_reports,
    a_departments_role_in_a_second_hotel_works_there_and_lists_them,
    a_retired_hotels_pms_and_jobs_stand_still,
    chain_admins_are_made_and_withdrawn_with_a_trail,
);

const CHAIN_ADMIN: &str = "C001";

fn peak_lodge() -> HotelCreate {
    HotelCreate {
        id: Uuid::new_v4(),
        name: "Peak Lodge".into(),
        time_zone: "Asia/Taipei".into(),
        default_language: Language::ChineseTraditional,
    }
}

/// The chain admin, signed in, with a second hotel made through the API.
async fn chain_with_peak_lodge(app: &TestApp) -> (Browser, Hotel) {
    let chain = app.signed_in(CHAIN_ADMIN).await;
    let hotel: Hotel = chain.post_created("/api/chain/hotels", &peak_lodge()).await;
    (chain, hotel)
}

async fn switch(browser: &Browser, hotel: Uuid) -> SessionInfo {
    browser
        .post_ok("/api/session/hotel", &HotelSwitch { property_id: hotel })
        .await
}

/// The trail of the hotel `browser` works in, entries of `kind`, oldest first.
async fn trail(browser: &Browser, kind: AdminEventKind) -> Vec<AdminEvent> {
    let mut page: Page<AdminEvent> = browser
        .get_ok(&format!("/api/admin-events?kind={}&limit=200", wire(&kind)))
        .await;
    page.items.reverse();
    page.items
}

/// A hotel brought back (`true`) or retired (`false`).
fn open(active: bool) -> HotelUpdate {
    HotelUpdate {
        name: None,
        active: Some(active),
    }
}

/// A role in a further hotel, without a department.
fn hotel_wide(role: Role) -> RoleGrant {
    RoleGrant {
        role,
        department_id: None,
    }
}

fn person(employee_no: &str, role: Role) -> StaffCreate {
    StaffCreate {
        id: Uuid::new_v4(),
        employee_no: employee_no.into(),
        display_name: format!("Peak {employee_no}"),
        department_id: None,
        role,
        language: Language::English,
        pin: None,
        password: Some(DEMO_PASSWORD.into()),
        hired_on: None,
    }
}

fn sign_in_at(employee_no: &str, hotel: Option<Uuid>) -> SignIn {
    SignIn {
        employee_no: employee_no.into(),
        pin: None,
        password: Some(DEMO_PASSWORD.into()),
        property_id: hotel,
    }
}

async fn hotels_are_created_renamed_and_retired_with_a_trail(app: TestApp) {
    let (chain, hotel) = chain_with_peak_lodge(&app).await;
    assert_eq!(
        (
            hotel.name.as_str(),
            hotel.time_zone.as_str(),
            hotel.active,
            hotel.people
        ),
        ("Peak Lodge", "Asia/Taipei", true, 0)
    );
    let hotels: Vec<Hotel> = chain.get_ok("/api/chain/hotels").await;
    let names: Vec<&str> = hotels.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Harbour View Hotel", "Peak Lodge"]);
    // The same id again is a duplicate, not a second hotel.
    let again = peak_lodge();
    chain
        .post_refused(
            "/api/chain/hotels",
            &HotelCreate { id: hotel.id, ..again },
            ErrorCode::Conflict,
        )
        .await;
    let bad = chain
        .post_refused(
            "/api/chain/hotels",
            &HotelCreate {
                name: " ".into(),
                time_zone: "Mars/Olympus".into(),
                ..peak_lodge()
            },
            ErrorCode::Invalid,
        )
        .await;
    assert_eq!(
        bad.fields,
        reasons(&[("name", "required"), ("time_zone", "unknown_time_zone")])
    );

    let path = format!("/api/chain/hotels/{}", hotel.id);
    let renamed: Hotel = chain
        .patch_ok(
            &path,
            &HotelUpdate {
                name: Some("Peak Lodge Taipei".into()),
                active: None,
            },
        )
        .await;
    assert_eq!(renamed.name, "Peak Lodge Taipei");
    let retired: Hotel = chain.patch_ok(&path, &open(false)).await;
    assert!(!retired.active);
    let reopened: Hotel = chain.patch_ok(&path, &open(true)).await;
    assert!(reopened.active);

    // A new hotel has the default departments, and its trail holds its own changes.
    let session = switch(&chain, hotel.id).await;
    assert_eq!(session.property.id, hotel.id);
    assert_eq!(session.user.role, Role::Admin);
    let departments: Vec<bellhop_api::people::Department> = chain.get_ok("/api/departments").await;
    let mut codes: Vec<&str> = departments.iter().map(|d| d.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["engineering", "food_beverage", "front_office", "housekeeping"]);
    let chain_id = app.staff_uuid(CHAIN_ADMIN).await;
    for (kind, before, after) in [
        (AdminEventKind::HotelCreated, None, Some("Peak Lodge")),
        (
            AdminEventKind::HotelRenamed,
            Some("Peak Lodge"),
            Some("Peak Lodge Taipei"),
        ),
        (
            AdminEventKind::HotelRetired,
            Some("Peak Lodge Taipei"),
            Some("Peak Lodge Taipei"),
        ),
        (
            AdminEventKind::HotelReopened,
            Some("Peak Lodge Taipei"),
            Some("Peak Lodge Taipei"),
        ),
    ] {
        let entries = trail(&chain, kind).await;
        assert_eq!(entries.len(), 1, "{kind:?}");
        let entry = &entries[0];
        assert_eq!(entry.actor_id, Some(chain_id), "{kind:?}");
        assert_eq!(entry.subject_id, hotel.id, "{kind:?}");
        assert_eq!(
            entry.before.as_ref().map(|b| b["name"].clone()),
            before.map(|n| json!(n))
        );
        assert_eq!(entry.after.as_ref().map(|a| a["name"].clone()), after.map(|n| json!(n)));
    }
    // The chain admin's own hotel, and the one the session works in, stay open.
    let home = app.browser();
    let own: SessionInfo = decoded(home.post("/api/session", &sign_in_at(CHAIN_ADMIN, None)).await, 200).await;
    chain
        .patch_refused(
            &format!("/api/chain/hotels/{}", own.property.id),
            &open(false),
            ErrorCode::Conflict,
        )
        .await;
    chain.patch_refused(&path, &open(false), ErrorCode::Conflict).await;
    chain
        .patch_refused(
            &format!("/api/chain/hotels/{}", Uuid::new_v4()),
            &HotelUpdate::default(),
            ErrorCode::NotFound,
        )
        .await;
}

async fn only_the_chain_admin_runs_the_chain(app: TestApp) {
    let (_, hotel) = chain_with_peak_lodge(&app).await;
    let admin = app.signed_in("A001").await;
    let info: SessionInfo = admin.get_ok("/api/session").await;
    assert!(!info.chain_admin);
    assert_eq!(info.hotels.len(), 1, "an admin of one hotel works in it alone");
    let staff_id = app.staff_uuid("M001").await;
    let grant = format!("/api/chain/people/{staff_id}/hotels/{}", hotel.id);
    for response in [
        admin.get("/api/chain/hotels").await,
        admin.post("/api/chain/hotels", peak_lodge()).await,
        admin
            .patch(&format!("/api/chain/hotels/{}", hotel.id), HotelUpdate::default())
            .await,
        admin.get("/api/chain/people").await,
        admin.put(&grant, hotel_wide(Role::Manager)).await,
        admin.delete(&grant).await,
        admin
            .put(&format!("/api/chain/people/{staff_id}/chain-admin"), json!(null))
            .await,
        admin.delete(&format!("/api/chain/people/{staff_id}/chain-admin")).await,
        admin.get("/api/chain/figures").await,
        admin.get("/api/chain/figures.csv").await,
        admin
            .post("/api/session/hotel", HotelSwitch { property_id: hotel.id })
            .await,
    ] {
        refused(response, ErrorCode::Forbidden).await;
    }
    let info: SessionInfo = admin.get_ok("/api/session").await;
    assert_eq!(info.property.name, "Harbour View Hotel");
}

/// Peak Lodge with its own A001 (admin) and H201 (housekeeping, PIN), as Harbour View
/// has; returns Peak Lodge's admin signed in there.
async fn peak_lodge_with_the_same_numbers(app: &TestApp, chain: &Browser, hotel: &Hotel) -> Browser {
    switch(chain, hotel.id).await;
    let _: StaffMember = chain.post_created("/api/staff", &person("A001", Role::Admin)).await;
    let housekeeping: Vec<bellhop_api::people::Department> = chain.get_ok("/api/departments").await;
    let housekeeping = housekeeping.iter().find(|d| d.code == "housekeeping").unwrap().id;
    let _: StaffMember = chain
        .post_created(
            "/api/staff",
            &StaffCreate {
                department_id: Some(housekeeping),
                pin: Some("9876".into()),
                ..person("H201", Role::Staff)
            },
        )
        .await;
    let peak = app.browser();
    let info: SessionInfo = decoded(
        peak.post("/api/session", &sign_in_at("A001", Some(hotel.id))).await,
        200,
    )
    .await;
    assert_eq!(info.property.id, hotel.id);
    assert_eq!(info.user.display_name, "Peak A001");
    peak
}

async fn guessing_at_a_number_of_two_hotels_locks_both(app: TestApp) {
    let (chain, hotel) = chain_with_peak_lodge(&app).await;
    peak_lodge_with_the_same_numbers(&app, &chain, &hotel).await;
    let guess = SignIn {
        password: Some("not-the-password".into()),
        ..sign_in_at("A001", None)
    };
    for _ in 0..4 {
        refused(
            app.browser().post("/api/session", &guess).await,
            ErrorCode::InvalidCredentials,
        )
        .await;
    }
    refused(
        app.browser().post("/api/session", &guess).await,
        ErrorCode::TooManyAttempts,
    )
    .await;
    // Both accounts wait, the right password too, with or without the hotel.
    for hotel_id in [None, Some(hotel.id)] {
        let right = sign_in_at("A001", hotel_id);
        refused(
            app.browser().post("/api/session", &right).await,
            ErrorCode::TooManyAttempts,
        )
        .await;
    }
}

async fn the_same_number_in_two_hotels_keeps_them_apart(app: TestApp) {
    let (chain, hotel) = chain_with_peak_lodge(&app).await;
    peak_lodge_with_the_same_numbers(&app, &chain, &hotel).await;
    // Off a tablet, a number used in two hotels needs the hotel — named only to someone
    // who knows the password: a wrong one reads as for any number.
    let guess = SignIn {
        password: Some("not-the-password".into()),
        ..sign_in_at("A001", None)
    };
    let wrong = refused(
        app.browser().post("/api/session", &guess).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    assert!(wrong.hotels.is_empty(), "no hotel named to a wrong password");
    let browser = app.browser();
    let asked = refused(
        browser.post("/api/session", &sign_in_at("A001", None)).await,
        ErrorCode::HotelRequired,
    )
    .await;
    let names: Vec<&str> = asked.hotels.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Harbour View Hotel", "Peak Lodge"]);
    let harbour = asked.hotels[0].id;
    let info: SessionInfo = decoded(
        browser.post("/api/session", &sign_in_at("A001", Some(harbour))).await,
        200,
    )
    .await;
    assert_eq!(info.user.display_name, "Alex Wong");
    // A hotel where the number is not used signs nobody in.
    let elsewhere = refused(
        app.browser()
            .post("/api/session", &sign_in_at("M001", Some(hotel.id)))
            .await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    assert!(elsewhere.hotels.is_empty());
    // On the demo tablet the number is the tablet's hotel's, whatever is asked.
    let tablet = app.tablet().await;
    let pin = SignIn {
        employee_no: "H201".into(),
        pin: Some(DEMO_PIN.into()),
        password: None,
        property_id: Some(hotel.id),
    };
    let info: SessionInfo = decoded(tablet.post("/api/session", &pin).await, 200).await;
    assert_eq!(info.user.display_name, "Fong Leung");
    assert_eq!(info.property.id, harbour);
    // Peak Lodge's H201 is not Harbour View's: their PIN does not sign in on its tablet.
    let theirs = SignIn {
        pin: Some("9876".into()),
        ..pin
    };
    refused(
        tablet.post("/api/session", &theirs).await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    // Within one hotel a number stays unique: by hand and by file.
    chain
        .post_refused("/api/staff", &person("H201", Role::Staff), ErrorCode::Conflict)
        .await;
    let file = "employee_no,name,role,department,hire_date,language\nH201,Someone,staff,,,\nM001,New Person,staff,,,\n";
    let refusal = refused(chain.post_csv("/api/staff/import", file).await, ErrorCode::Invalid).await;
    let taken: Vec<(u32, &str)> = refusal.rows.iter().map(|r| (r.row, r.field.as_str())).collect();
    assert_eq!(
        taken,
        [(2, "employee_no")],
        "M001 is Harbour View's, free at Peak Lodge"
    );
}

/// The ids of every record of `property_id` in the tables that hold records by id.
async fn ids_of_hotel(app: &TestApp, property_id: &str) -> Vec<String> {
    let tables = [
        "departments",
        "staff",
        "devices",
        "rooms",
        "task_types",
        "tasks",
        "star_cycles",
        "audit_templates",
        "audits",
        "training_questions",
        "training_quizzes",
        "training_plans",
        "admin_events",
    ];
    let mut ids = Vec::new();
    for table in tables {
        let rows: Vec<(String,)> = sqlx::query_as(&format!("SELECT id FROM {table} WHERE property_id = $1"))
            .bind(property_id)
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        ids.extend(rows.into_iter().map(|(id,)| id));
    }
    ids
}

async fn nothing_of_one_hotel_is_reachable_from_the_other(app: TestApp) {
    let (chain, hotel) = chain_with_peak_lodge(&app).await;
    let peak = peak_lodge_with_the_same_numbers(&app, &chain, &hotel).await;
    let harbour: SessionInfo = app.signed_in(CHAIN_ADMIN).await.get_ok("/api/session").await;
    // The chain admin belongs to Harbour View but worked in Peak Lodge: Peak Lodge's
    // trail names them as the one who made its people.
    let mut harbour_ids = ids_of_hotel(&app, &harbour.property.id.to_string()).await;
    harbour_ids.retain(|id| *id != harbour.user.id.to_string());
    assert!(
        harbour_ids.len() > 100,
        "the demo hotel has records: {}",
        harbour_ids.len()
    );
    let doc = json_of(app.browser().get("/api/openapi.json").await, 200).await;
    let paths = doc["paths"].as_object().unwrap();
    let mut lists = 0;
    let mut lookups = 0;
    for (path, item) in paths {
        if item.get("get").is_none() || path == "/events" || path.starts_with("/chain/") {
            continue;
        }
        let params = path.matches('{').count();
        if params == 0 {
            // Every list and report of Peak Lodge names nothing of Harbour View's.
            let response = peak.get(&format!("/api{path}")).await;
            let status = response.status();
            let text = response.text().await.unwrap();
            assert!(status != StatusCode::INTERNAL_SERVER_ERROR, "{path}: {text}");
            assert!(!text.contains("Harbour View"), "{path} shows the other hotel: {text}");
            if let Some(id) = harbour_ids.iter().find(|id| text.contains(id.as_str())) {
                panic!("{path} shows {id} of the other hotel: {text}");
            }
            lists += 1;
        } else {
            // Every lookup by id finds nothing of Harbour View's.
            let template = path.clone();
            for id in &harbour_ids {
                let mut concrete = template.clone();
                while let Some(start) = concrete.find('{') {
                    let end = concrete[start..].find('}').unwrap() + start;
                    concrete.replace_range(start..=end, id);
                }
                let response = peak.get(&format!("/api{concrete}")).await;
                let status = response.status().as_u16();
                assert!(
                    matches!(status, 400 | 403 | 404 | 422),
                    "{concrete} answered {status} with another hotel's id: {}",
                    response.text().await.unwrap()
                );
                lookups += 1;
            }
        }
    }
    assert!(lists > 30 && lookups > 1000, "{lists} lists, {lookups} lookups");
    // And the other way round: Harbour View's admin reaches nothing of Peak Lodge's.
    let admin = app.signed_in_at("A001", harbour.property.id).await;
    let peak_staff: Page<StaffMember> = peak.get_ok("/api/staff").await;
    assert_eq!(peak_staff.total, 2, "Peak Lodge's own two");
    for member in &peak_staff.items {
        admin
            .get_refused(&format!("/api/staff/{}", member.id), ErrorCode::NotFound)
            .await;
    }
    let listed: Page<StaffMember> = admin.get_ok("/api/staff?limit=200").await;
    assert!(listed.items.iter().all(|m| !m.display_name.starts_with("Peak")));
}

async fn roles_in_further_hotels_move_a_session_between_hotels(app: TestApp) {
    let (chain, hotel) = chain_with_peak_lodge(&app).await;
    let manager = app.signed_in("M001").await;
    let home: SessionInfo = manager.get_ok("/api/session").await;
    manager
        .post_refused(
            "/api/session/hotel",
            &HotelSwitch { property_id: hotel.id },
            ErrorCode::Forbidden,
        )
        .await;
    let staff_id = app.staff_uuid("M001").await;
    let grant = format!("/api/chain/people/{staff_id}/hotels/{}", hotel.id);
    // A department must be one of that hotel's.
    let harbour_departments: Vec<Department> = chain.get_ok("/api/departments").await;
    let refusal = chain
        .put_refused(
            &grant,
            &RoleGrant {
                role: Role::Supervisor,
                department_id: Some(harbour_departments[0].id),
            },
            ErrorCode::Invalid,
        )
        .await;
    assert_eq!(
        refusal.fields.get("department_id"),
        Some(&FieldReason::UnknownDepartment)
    );
    let at_home = format!("/api/chain/people/{staff_id}/hotels/{}", home.property.id);
    let refusal = chain
        .put_refused(&at_home, &hotel_wide(Role::Admin), ErrorCode::Invalid)
        .await;
    assert_eq!(refusal.fields.get("property_id"), Some(&FieldReason::HomeHotel));
    let given: ChainPerson = chain.put_ok(&grant, &hotel_wide(Role::Auditor)).await;
    assert_eq!(given.grants.len(), 1);
    let changed: ChainPerson = chain.put_ok(&grant, &hotel_wide(Role::Manager)).await;
    assert_eq!(
        (changed.grants[0].property_id, changed.grants[0].role),
        (hotel.id, Role::Manager)
    );
    let listed: Page<ChainPerson> = chain
        .get_ok(&format!("/api/chain/people?property_id={}", hotel.id))
        .await;
    let numbers: Vec<&str> = listed.items.iter().map(|p| p.employee_no.as_str()).collect();
    assert_eq!(numbers, ["M001"], "people of Peak Lodge, or with a role there");
    let found: Page<ChainPerson> = chain.get_ok("/api/chain/people?q=grace").await;
    assert_eq!(found.items.len(), 1);

    // The manager now moves between the two hotels.
    let info: SessionInfo = manager.get_ok("/api/session").await;
    let hotels: Vec<(&str, Role)> = info.hotels.iter().map(|h| (h.name.as_str(), h.role)).collect();
    assert_eq!(
        hotels,
        [("Harbour View Hotel", Role::Manager), ("Peak Lodge", Role::Manager)]
    );
    let there = switch(&manager, hotel.id).await;
    assert_eq!((there.property.id, there.user.role), (hotel.id, Role::Manager));
    let rooms: Vec<Value> = manager.get_ok("/api/rooms").await;
    assert!(rooms.is_empty(), "Peak Lodge has no rooms yet");
    manager.get_refused("/api/staff", ErrorCode::Forbidden).await;
    let back = switch(&manager, home.property.id).await;
    assert_eq!(back.property.name, "Harbour View Hotel");
    switch(&manager, hotel.id).await;

    // Taking the role away ends the session working there.
    let taken: ChainPerson = decoded(chain.delete(&grant).await, 200).await;
    assert!(taken.grants.is_empty());
    refused(manager.get("/api/session").await, ErrorCode::Unauthenticated).await;
    refused(chain.delete(&grant).await, ErrorCode::NotFound).await;
    // Both changes are in Peak Lodge's trail, as the chain admin working there reads it.
    switch(&chain, hotel.id).await;
    let given = trail(&chain, AdminEventKind::HotelRoleGiven).await;
    assert_eq!(given.len(), 2, "given, then changed");
    assert_eq!(given[0].subject_id, staff_id);
    assert_eq!(given[0].before, None);
    assert_eq!(given[0].after.as_ref().unwrap()["role"], "auditor");
    assert_eq!(given[1].before.as_ref().unwrap()["role"], "auditor");
    assert_eq!(given[1].after.as_ref().unwrap()["role"], "manager");
    let taken = trail(&chain, AdminEventKind::HotelRoleTaken).await;
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].before.as_ref().unwrap()["role"], "manager");
    assert_eq!(taken[0].after, None);
    assert!(taken[0].subject_label.contains("Grace Lam"));
    // A tablet stays with its hotel, even for a chain admin.
    let tablet = app.tablet().await;
    let response = tablet.sign_in_password(CHAIN_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    tablet
        .post_refused(
            "/api/session/hotel",
            &HotelSwitch { property_id: hotel.id },
            ErrorCode::Forbidden,
        )
        .await;
}

async fn a_retired_hotel_signs_nobody_in(app: TestApp) {
    let (chain, hotel) = chain_with_peak_lodge(&app).await;
    let peak = peak_lodge_with_the_same_numbers(&app, &chain, &hotel).await;
    let home: SessionInfo = decoded(
        app.browser().post("/api/session", &sign_in_at(CHAIN_ADMIN, None)).await,
        200,
    )
    .await;
    switch(&chain, home.property.id).await;
    let _: Hotel = chain
        .patch_ok(&format!("/api/chain/hotels/{}", hotel.id), &open(false))
        .await;
    refused(peak.get("/api/session").await, ErrorCode::Unauthenticated).await;
    refused(
        app.browser()
            .post("/api/session", &sign_in_at("A001", Some(hotel.id)))
            .await,
        ErrorCode::InvalidCredentials,
    )
    .await;
    // With Peak Lodge retired, A001 is Harbour View's alone again.
    let response = app.browser().sign_in_password("A001", DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    chain
        .post_refused(
            "/api/session/hotel",
            &HotelSwitch { property_id: hotel.id },
            ErrorCode::Forbidden,
        )
        .await;
    let info: SessionInfo = chain.get_ok("/api/session").await;
    assert_eq!(info.hotels.len(), 1);
    let figures: ChainFigures = chain.get_ok("/api/chain/figures").await;
    assert_eq!(figures.hotels.len(), 1, "a retired hotel leaves the chain view");
}

async fn the_chain_view_reads_each_hotels_own_reports(app: TestApp) {
    let (chain, hotel) = chain_with_peak_lodge(&app).await;
    let figures: ChainFigures = chain.get_ok("/api/chain/figures").await;
    let names: Vec<&str> = figures.hotels.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Harbour View Hotel", "Peak Lodge"]);
    let (harbour, peak) = (&figures.hotels[0], &figures.hotels[1]);
    let manager = app.signed_in("M001").await;
    let audits: AuditReport = manager
        .get_ok(&format!("/api/reports/audits?month={}", harbour.month))
        .await;
    assert_eq!(
        (
            harbour.audits_done,
            harbour.audits_target,
            harbour.audits_planned,
            harbour.audit_average
        ),
        (audits.done, audits.target, audits.planned, audits.average)
    );
    let training: TrainingReport = manager.get_ok("/api/reports/training").await;
    let assigned: u32 = training.coverage.iter().map(|c| c.assigned).sum();
    let passed: u32 = training.coverage.iter().map(|c| c.passed).sum();
    assert_eq!((harbour.training_assigned, harbour.training_passed), (assigned, passed));
    assert!(harbour.training_assigned > 0, "the demo assigns training");
    assert_eq!(peak.property_id, hotel.id);
    assert_eq!(
        (
            peak.tasks_done,
            peak.audits_done,
            peak.training_assigned,
            peak.star.clone()
        ),
        (0, 0, 0, None)
    );
    let month = refused(chain.get("/api/chain/figures?month=2026-13").await, ErrorCode::Invalid).await;
    assert_eq!(month.fields.get("month"), Some(&FieldReason::MonthFormat));
    let csv = chain.get("/api/chain/figures.csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("hotel,month,tasks_done,tasks_on_time_pct"),
        "{text}"
    );
    assert!(lines[1].starts_with("Harbour View Hotel,"), "{text}");
    assert!(lines[2].starts_with("Peak Lodge,"), "{text}");
}

/// The id of the task type `code` of the hotel `browser` works in.
async fn task_type(browser: &Browser, code: &str) -> Uuid {
    let types: Vec<TaskType> = browser.get_ok("/api/task-types").await;
    types.iter().find(|t| t.code == code).unwrap().id
}

/// The id of the department `code` of the hotel `browser` works in.
async fn department(browser: &Browser, code: &str) -> Uuid {
    let departments: Vec<Department> = browser.get_ok("/api/departments").await;
    departments.iter().find(|d| d.code == code).unwrap().id
}

async fn a_departments_role_in_a_second_hotel_works_there_and_lists_them(app: TestApp) {
    let (chain, peak) = chain_with_peak_lodge(&app).await;
    let lake: Hotel = chain
        .post_created(
            "/api/chain/hotels",
            &HotelCreate {
                name: "Lake House".into(),
                ..peak_lodge()
            },
        )
        .await;
    let harbour_housekeeping = department(&chain, "housekeeping").await;
    switch(&chain, peak.id).await;
    let housekeeping = department(&chain, "housekeeping").await;
    let grant = |employee_no: &'static str, role: Role, department_id: Option<Uuid>| {
        let app = &app;
        let chain = &chain;
        async move {
            let staff_id = app.staff_uuid(employee_no).await;
            let path = format!("/api/chain/people/{staff_id}/hotels/{}", peak.id);
            let given: ChainPerson = chain.put_ok(&path, &RoleGrant { role, department_id }).await;
            assert_eq!(given.grants[0].department_id, department_id);
            (staff_id, path)
        }
    };
    // Harbour View's housekeeping is not Peak Lodge's.
    let supervisor_id = app.staff_uuid("S201").await;
    let refusal = chain
        .put_refused(
            &format!("/api/chain/people/{supervisor_id}/hotels/{}", peak.id),
            &RoleGrant {
                role: Role::Supervisor,
                department_id: Some(harbour_housekeeping),
            },
            ErrorCode::Invalid,
        )
        .await;
    assert_eq!(
        refusal.fields.get("department_id"),
        Some(&FieldReason::UnknownDepartment)
    );
    let (_, supervisor_grant) = grant("S201", Role::Supervisor, Some(housekeeping)).await;
    let (attendant_id, _) = grant("H202", Role::Staff, Some(housekeeping)).await;
    let (auditor_id, _) = grant("U001", Role::Auditor, None).await;

    // Peak Lodge lists them with their role and department there.
    let staff: Page<StaffMember> = chain.get_ok("/api/staff").await;
    let listed: Vec<(&str, Role, Option<Uuid>)> = staff
        .items
        .iter()
        .map(|m| (m.employee_no.as_str(), m.role, m.department_id))
        .collect();
    assert_eq!(
        listed,
        [
            ("H202", Role::Staff, Some(housekeeping)),
            ("S201", Role::Supervisor, Some(housekeeping)),
            ("U001", Role::Auditor, None),
        ]
    );
    assert_eq!(staff.total, 3);
    let one: StaffMember = chain.get_ok(&format!("/api/staff/{supervisor_id}")).await;
    assert_eq!((one.role, one.department_id), (Role::Supervisor, Some(housekeeping)));
    let auditors: Vec<Colleague> = chain.get_ok("/api/audit-auditors").await;
    assert_eq!(auditors.iter().map(|a| a.id).collect::<Vec<_>>(), [auditor_id]);
    let nominees: Vec<Value> = chain.get_ok("/api/star/nominees").await;
    let names: Vec<&str> = nominees.iter().filter_map(|n| n["display_name"].as_str()).collect();
    assert!(
        ["Winnie Kwok", "Mei Ling Ho", "Olivia Tam"]
            .iter()
            .all(|n| names.contains(n)),
        "the star's candidates: {names:?}"
    );
    let coverage: Page<Value> = chain.get_ok("/api/reports/training/people").await;
    assert_eq!(coverage.total, 3, "training coverage counts them");
    let hotels: Vec<Hotel> = chain.get_ok("/api/chain/hotels").await;
    let people = hotels.iter().find(|h| h.id == peak.id).unwrap().people;
    assert_eq!(people, 3);

    // The supervisor works there as Peak Lodge's housekeeping supervisor.
    let supervisor = app.signed_in("S201").await;
    let there = switch(&supervisor, peak.id).await;
    assert_eq!(
        (there.user.role, there.user.department_id),
        (Role::Supervisor, Some(housekeeping))
    );
    let members: Vec<Colleague> = supervisor
        .get_ok(&format!("/api/departments/{housekeeping}/staff"))
        .await;
    let names: Vec<&str> = members.iter().map(|m| m.display_name.as_str()).collect();
    assert_eq!(names, ["Mei Ling Ho", "Winnie Kwok"], "the assignee picker");
    let proposal: Value = supervisor.get_ok("/api/rooms/assignments/proposal").await;
    assert_eq!(
        proposal["attendants"][0]["attendant_id"],
        json!(attendant_id),
        "the attendants' pool"
    );
    let cleaning = task_type(&chain, "cleaning").await;
    let task: Value = supervisor
        .post_created(
            "/api/tasks",
            &TaskCreate {
                location: Some("Lobby".into()),
                department_id: Some(housekeeping),
                assignee_id: Some(attendant_id),
                ..filing(cleaning, "Lobby sofa")
            },
        )
        .await;
    assert_eq!(task["assignee_id"], json!(attendant_id));
    // They are told of Peak Lodge's work as its own people are: the attendant of the
    // task given to her, both of urgent work in the housekeeping pool.
    let urgent: Value = chain
        .post_created(
            "/api/tasks",
            &TaskCreate {
                location: Some("Spa".into()),
                department_id: Some(housekeeping),
                priority: 1,
                ..filing(cleaning, "Spa flood")
            },
        )
        .await;
    for (task, expected) in [(&task, vec!["H202"]), (&urgent, vec!["H202", "S201"])] {
        let told: Vec<(String,)> = sqlx::query_as(
            "SELECT s.employee_no FROM notifications n JOIN staff s ON s.id = n.staff_id \
             WHERE n.object_id = $1 ORDER BY 1",
        )
        .bind(task["id"].as_str().unwrap())
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(told.into_iter().map(|(no,)| no).collect::<Vec<_>>(), expected);
    }
    supervisor
        .get_refused(
            &format!("/api/departments/{harbour_housekeeping}/staff"),
            ErrorCode::Forbidden,
        )
        .await;

    // Lake House knows none of them; Harbour View still has them as its own.
    switch(&chain, lake.id).await;
    let lake_staff: Page<StaffMember> = chain.get_ok("/api/staff").await;
    assert_eq!(lake_staff.total, 0);
    let auditors: Vec<Colleague> = chain.get_ok("/api/audit-auditors").await;
    assert!(auditors.is_empty());
    let admin = app.signed_in("A001").await;
    let home: StaffMember = admin.get_ok(&format!("/api/staff/{supervisor_id}")).await;
    assert_eq!(
        (home.role, home.department_id),
        (Role::Supervisor, Some(harbour_housekeeping))
    );
    // Their account is their own hotel's: Peak Lodge does not edit it.
    switch(&chain, peak.id).await;
    chain
        .patch_refused(
            &format!("/api/staff/{supervisor_id}"),
            &json!({"display_name": "Someone Else"}),
            ErrorCode::NotFound,
        )
        .await;
    // With the role taken away, Peak Lodge lists them no more.
    let _: ChainPerson = decoded(chain.delete(&supervisor_grant).await, 200).await;
    let staff: Page<StaffMember> = chain.get_ok("/api/staff").await;
    assert_eq!(staff.total, 2);
}

async fn a_retired_hotels_pms_and_jobs_stand_still(app: TestApp) {
    let (chain, peak) = chain_with_peak_lodge(&app).await;
    let home: SessionInfo = chain.get_ok("/api/session").await;
    switch(&chain, peak.id).await;
    let issued: Value = chain
        .post_created("/api/pms/tokens", &json!({"id": Uuid::new_v4(), "name": "OPERA"}))
        .await;
    let token = issued["secret"].as_str().unwrap().to_owned();
    let cleaning = task_type(&chain, "cleaning").await;
    let late: Value = chain
        .post_created(
            "/api/tasks",
            &TaskCreate {
                location: Some("Lobby".into()),
                priority: 1,
                ..filing(cleaning, "Spill in the lobby")
            },
        )
        .await;
    let late_id = late["id"].as_str().unwrap().to_owned();
    let now = app.state.clock.now_ms();
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, property_id, event, room_number, url, body, attempts, next_attempt_at, \
                                         created_at) VALUES ($1, $2, 'room_changed', '101', 'http://127.0.0.1:9/', '{}', 0, $3, $3)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(peak.id.to_string())
    .bind(now)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let pms_event = |token: String| {
        let app = &app;
        async move {
            reqwest::Client::new()
                .post(format!("{}/api/pms/events", app.base))
                .bearer_auth(token)
                .json(&json!({"event_id": Uuid::new_v4().to_string(), "type": "check_in", "room": "101"}))
                .send()
                .await
                .unwrap()
        }
    };
    assert_ne!(pms_event(token.clone()).await.status(), StatusCode::UNAUTHORIZED);

    switch(&chain, home.property.id).await;
    let _: Hotel = chain
        .patch_ok(&format!("/api/chain/hotels/{}", peak.id), &open(false))
        .await;
    refused(pms_event(token.clone()).await, ErrorCode::Unauthenticated).await;
    // Months later nothing of Peak Lodge has moved: no escalation, no webhook, no star.
    app.advance(std::time::Duration::from_secs(40 * 24 * 3600));
    let chain = app.signed_in(CHAIN_ADMIN).await;
    bellhop_server::jobs::catch_up(&app.state).await.unwrap();
    bellhop_server::routes::tasks::escalation::run_once(&app.state)
        .await
        .unwrap();
    bellhop_server::routes::pms::webhook::run_once(&app.state)
        .await
        .unwrap();
    let peak_id = peak.id.to_string();
    let count = |sql: &'static str| {
        let app = &app;
        let peak_id = peak_id.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(sql)
                .bind(peak_id)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
            n
        }
    };
    let escalated = "SELECT escalation_level FROM tasks WHERE id = $1";
    let (level,): (i64,) = sqlx::query_as(escalated)
        .bind(&late_id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(level, 0, "a retired hotel's task is not escalated");
    assert_eq!(
        count("SELECT COUNT(*) FROM webhook_deliveries WHERE property_id = $1 AND attempts > 0").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM star_cycles WHERE property_id = $1").await,
        0
    );
    // Brought back, it works again.
    let _: Hotel = chain
        .patch_ok(&format!("/api/chain/hotels/{}", peak.id), &open(true))
        .await;
    assert_ne!(pms_event(token).await.status(), StatusCode::UNAUTHORIZED);
    bellhop_server::routes::tasks::escalation::run_once(&app.state)
        .await
        .unwrap();
    let (level,): (i64,) = sqlx::query_as(escalated)
        .bind(&late_id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(level, 1);
    bellhop_server::jobs::catch_up(&app.state).await.unwrap();
    assert_eq!(
        count("SELECT COUNT(*) FROM star_cycles WHERE property_id = $1").await,
        1
    );
}

async fn chain_admins_are_made_and_withdrawn_with_a_trail(app: TestApp) {
    let chain = app.signed_in(CHAIN_ADMIN).await;
    let chain_id = app.staff_uuid(CHAIN_ADMIN).await;
    let manager_id = app.staff_uuid("M001").await;
    let flag_of = |id: Uuid| format!("/api/chain/people/{id}/chain-admin");
    let manager = app.signed_in("M001").await;
    manager.get_refused("/api/chain/hotels", ErrorCode::Forbidden).await;

    let made: ChainPerson = chain.put_ok(&flag_of(manager_id), &json!(null)).await;
    assert!(made.chain_admin);
    let again: ChainPerson = chain.put_ok(&flag_of(manager_id), &json!(null)).await;
    assert!(again.chain_admin, "granting again changes nothing");
    let info: SessionInfo = manager.get_ok("/api/session").await;
    assert!(info.chain_admin);
    let _: Vec<Hotel> = manager.get_ok("/api/chain/hotels").await;
    assert_eq!(info.user.role, Role::Manager, "their role at home stays theirs");

    // Withdrawn from the first chain admin by the new one; the new one is then the last.
    let withdrawn: ChainPerson = decoded(manager.delete(&flag_of(chain_id)).await, 200).await;
    assert!(!withdrawn.chain_admin);
    chain.get_refused("/api/chain/hotels", ErrorCode::Forbidden).await;
    let last = refused(manager.delete(&flag_of(manager_id)).await, ErrorCode::Conflict).await;
    assert!(last.message.contains("at least one chain admin"), "{}", last.message);
    let unchanged: ChainPerson = decoded(manager.delete(&flag_of(chain_id)).await, 200).await;
    assert!(!unchanged.chain_admin);
    refused(manager.delete(&flag_of(Uuid::new_v4())).await, ErrorCode::NotFound).await;
    let info: SessionInfo = manager.get_ok("/api/session").await;
    assert!(info.chain_admin, "the last chain admin kept the flag");

    // Each change is in the trail of the person's own hotel, with before and after.
    let admin = app.signed_in("A001").await;
    let granted = trail(&admin, AdminEventKind::ChainAdminGranted).await;
    assert_eq!(granted.len(), 1);
    assert_eq!(
        (granted[0].actor_id, granted[0].subject_id),
        (Some(chain_id), manager_id)
    );
    assert_eq!(granted[0].before.as_ref().unwrap()["chain_admin"], false);
    assert_eq!(granted[0].after.as_ref().unwrap()["chain_admin"], true);
    assert!(granted[0].subject_label.contains("Grace Lam"));
    let withdrawn = trail(&admin, AdminEventKind::ChainAdminWithdrawn).await;
    assert_eq!(withdrawn.len(), 1);
    assert_eq!(
        (withdrawn[0].actor_id, withdrawn[0].subject_id),
        (Some(manager_id), chain_id)
    );
    assert_eq!(withdrawn[0].after.as_ref().unwrap()["chain_admin"], false);
}
