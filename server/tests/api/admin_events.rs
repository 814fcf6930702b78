//! The trail of administrative changes: an entry for each kind of change, with who,
//! before and after; filters, paging and CSV; nothing of another hotel; no way to
//! change it.

use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    staff_changes_are_recorded,
    tablet_changes_are_recorded,
    hotel_department_and_room_changes_are_recorded,
    task_type_and_star_settings_changes_are_recorded,
    imports_and_set_up_codes_are_recorded,
    a_refused_change_records_nothing,
    the_trail_is_filtered_paged_and_exported,
    another_hotels_trail_is_out_of_reach,
    the_trail_cannot_be_changed,
);

/// The one entry of `kind`, checked for its actor and subject.
async fn only(app: &TestApp, admin: &Browser, kind: &str, actor: Option<&str>, subject: &str) -> Value {
    let entries = app.admin_events(admin, kind).await;
    assert_eq!(entries.len(), 1, "one {kind}: {entries:?}");
    let entry = entries[0].clone();
    assert_eq!(entry["kind"], kind);
    assert_eq!(entry["actor_id"], json!(actor), "{entry}");
    assert_eq!(entry["subject_id"], subject, "{entry}");
    entry
}

async fn staff_changes_are_recorded(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let me = app.staff_id("A001").await;
    let person = json!({"id": Uuid::new_v4(), "employee_no": "H260", "display_name": "Ivy Ko",
                        "department_id": null, "role": "staff", "pin": "8642"});
    let made = json_of(admin.post("/api/staff", person).await, 201).await;
    let id = made["id"].as_str().unwrap();
    let created = only(&app, &admin, "staff_created", Some(&me), id).await;
    assert_eq!(created["actor_name"], "Alex Wong");
    assert_eq!(created["subject_label"], "H260 Ivy Ko");
    assert!(created["before"].is_null());
    assert_eq!(created["after"], made);

    let path = format!("/api/staff/{id}");
    json_of(admin.patch(&path, json!({"role": "supervisor"})).await, 200).await;
    let role = only(&app, &admin, "role_changed", Some(&me), id).await;
    assert_eq!(
        (&role["before"]["role"], &role["after"]["role"]),
        (&json!("staff"), &json!("supervisor"))
    );
    let housekeeping = app.department_id("housekeeping").await;
    json_of(admin.patch(&path, json!({"department_id": housekeeping})).await, 200).await;
    let moved = only(&app, &admin, "staff_department_changed", Some(&me), id).await;
    assert_eq!(
        (&moved["before"]["department_id"], &moved["after"]["department_id"]),
        (&Value::Null, &json!(housekeeping))
    );
    json_of(admin.patch(&path, json!({"display_name": "Ivy Ko Wai"})).await, 200).await;
    let renamed = only(&app, &admin, "staff_changed", Some(&me), id).await;
    assert_eq!(renamed["after"]["display_name"], "Ivy Ko Wai");
    json_of(
        admin
            .put(&format!("{path}/secret"), json!({"password": "a new password"}))
            .await,
        200,
    )
    .await;
    let reset = only(&app, &admin, "secret_reset", Some(&me), id).await;
    assert_eq!(
        (&reset["before"]["has_password"], &reset["after"]["has_password"]),
        (&json!(false), &json!(true))
    );
    assert!(!reset.to_string().contains("argon2"), "no hash in the trail: {reset}");
    json_of(admin.patch(&path, json!({"active": false})).await, 200).await;
    let gone = only(&app, &admin, "staff_deactivated", Some(&me), id).await;
    assert_eq!(
        (&gone["before"]["active"], &gone["after"]["active"]),
        (&json!(true), &json!(false))
    );
}

async fn tablet_changes_are_recorded(app: TestApp) {
    let manager = app.signed_in("M002").await;
    let me = app.staff_id("M002").await;
    let created = json_of(
        manager
            .post("/api/devices", json!({"id": Uuid::new_v4(), "name": "Spa desk"}))
            .await,
        201,
    )
    .await;
    let id = created["device"]["id"].as_str().unwrap();
    let added = only(&app, &manager, "tablet_added", Some(&me), id).await;
    assert_eq!(added["subject_label"], "Spa desk");
    let tablet = app.browser();
    json_of(
        tablet
            .post("/api/devices/enroll", json!({"code": created["enroll_code"]}))
            .await,
        200,
    )
    .await;
    let enrolled = only(&app, &manager, "tablet_enrolled", None, id).await;
    assert!(enrolled["before"]["enrolled_at"].is_null());
    assert!(enrolled["after"]["enrolled_at"].is_string());
    json_of(
        manager.post(&format!("/api/devices/{id}/revoke"), json!(null)).await,
        200,
    )
    .await;
    let revoked = only(&app, &manager, "tablet_revoked", Some(&me), id).await;
    assert_eq!(
        (&revoked["before"]["revoked"], &revoked["after"]["revoked"]),
        (&json!(false), &json!(true))
    );
    // Revoking again changes nothing and records nothing.
    json_of(
        manager.post(&format!("/api/devices/{id}/revoke"), json!(null)).await,
        200,
    )
    .await;
    assert_eq!(app.admin_events(&manager, "tablet_revoked").await.len(), 1);
}

async fn hotel_department_and_room_changes_are_recorded(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let me = app.staff_id("A001").await;
    let hotel = json_of(
        admin.patch("/api/property", json!({"escalate_after_mins": 30})).await,
        200,
    )
    .await;
    let changed = only(&app, &admin, "hotel_changed", Some(&me), hotel["id"].as_str().unwrap()).await;
    assert_eq!(
        (
            &changed["before"]["escalate_after_mins"],
            &changed["after"]["escalate_after_mins"]
        ),
        (&json!(15), &json!(30))
    );

    let spa = Uuid::new_v4().to_string();
    json_of(
        admin
            .post("/api/departments", json!({"id": spa, "code": "spa", "name": "Spa"}))
            .await,
        201,
    )
    .await;
    let added = only(&app, &admin, "department_added", Some(&me), &spa).await;
    assert_eq!(added["after"]["name"], "Spa");
    let renamed = json_of(
        admin
            .patch(&format!("/api/departments/{spa}"), json!({"name": "Spa & Gym"}))
            .await,
        200,
    )
    .await;
    assert_eq!(renamed["name"], "Spa & Gym");
    let changed = only(&app, &admin, "department_changed", Some(&me), &spa).await;
    assert_eq!(
        (&changed["before"]["name"], &changed["after"]["name"]),
        (&json!("Spa"), &json!("Spa & Gym"))
    );
    json_of(
        admin
            .patch(&format!("/api/departments/{spa}"), json!({"active": false}))
            .await,
        200,
    )
    .await;
    let retired = only(&app, &admin, "department_retired", Some(&me), &spa).await;
    assert_eq!(retired["after"]["active"], false);
    let listed = json_of(admin.get("/api/departments").await, 200).await;
    assert!(!texts(&listed, "code").contains(&"spa"), "pickers leave it out");
    let every = json_of(admin.get("/api/departments?include_retired=true").await, 200).await;
    assert!(texts(&every, "code").contains(&"spa"));
    let person = json!({"id": Uuid::new_v4(), "employee_no": "P100", "display_name": "Pat", "department_id": spa,
                        "role": "staff", "pin": "8642"});
    let body = assert_error(admin.post("/api/staff", person).await, 422, "invalid").await;
    assert_eq!(body["fields"]["department_id"], "retired_department");

    let room = json_of(
        admin
            .post(
                "/api/rooms",
                json!({"id": Uuid::new_v4(), "number": "1301", "floor": 13}),
            )
            .await,
        201,
    )
    .await;
    let id = room["id"].as_str().unwrap();
    only(&app, &admin, "room_added", Some(&me), id).await;
    json_of(
        admin
            .patch(&format!("/api/rooms/{id}"), json!({"room_type": "Suite"}))
            .await,
        200,
    )
    .await;
    let changed = only(&app, &admin, "room_changed", Some(&me), id).await;
    assert_eq!(
        (&changed["before"]["room_type"], &changed["after"]["room_type"]),
        (&json!(""), &json!("Suite"))
    );
    json_of(
        admin.patch(&format!("/api/rooms/{id}"), json!({"active": false})).await,
        200,
    )
    .await;
    only(&app, &admin, "room_retired", Some(&me), id).await;
    let file = "number,floor,room_type,section,active\n1301,13,Suite,,true\n1302,13,,,\n";
    json_of(admin.post_csv("/api/rooms/import", file).await, 200).await;
    let imported = only(&app, &admin, "rooms_imported", Some(&me), hotel["id"].as_str().unwrap()).await;
    assert_eq!(imported["after"], json!({"created": 1, "updated": 1}));
}

async fn task_type_and_star_settings_changes_are_recorded(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let me = app.staff_id("M001").await;
    let minibar = Uuid::new_v4().to_string();
    json_of(
        manager
            .post(
                "/api/task-types",
                json!({"id": minibar, "code": "minibar", "name": "Minibar", "default_department_id": null}),
            )
            .await,
        201,
    )
    .await;
    only(&app, &manager, "task_type_added", Some(&me), &minibar).await;
    let targets: Vec<Value> = (0..5)
        .map(|_| json!({"respond_mins": 10, "resolve_mins": 60}))
        .collect();
    json_of(
        manager
            .patch(&format!("/api/task-types/{minibar}"), json!({"targets": targets}))
            .await,
        200,
    )
    .await;
    let changed = only(&app, &manager, "task_type_changed", Some(&me), &minibar).await;
    assert_ne!(changed["before"]["targets"], changed["after"]["targets"]);
    assert_eq!(changed["after"]["targets"][0]["respond_mins"], 10);

    let settings = json!({"open_day": 1, "close_day": 10, "min_days_employed": 0, "managers_eligible": false,
                          "department_stars": true, "weights": {"peer": 70, "guest": 30, "skills": 0}});
    json_of(manager.put("/api/star/settings", settings.clone()).await, 200).await;
    let property = json_of(manager.get("/api/property").await, 200).await;
    let star = only(
        &app,
        &manager,
        "star_settings_changed",
        Some(&me),
        property["id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(star["before"]["open_day"], 20);
    assert_eq!(star["after"], settings);
}

async fn imports_and_set_up_codes_are_recorded(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let me = app.staff_id("A001").await;
    let file = "employee_no,name,role,department,hire_date,language\nH950,Ada Lo,staff,housekeeping,,\n";
    let imported = json_of(admin.post_csv("/api/staff/import", file).await, 201).await;
    let person = imported["created"][0].clone();
    let id = person["staff_id"].as_str().unwrap();
    let property = json_of(admin.get("/api/property").await, 200).await;
    let whole = only(
        &app,
        &admin,
        "staff_imported",
        Some(&me),
        property["id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(whole["after"], json!({"created": ["H950"]}));
    let created = only(&app, &admin, "staff_created", Some(&me), id).await;
    assert_eq!(created["after"]["has_pin"], false);
    assert!(
        !whole.to_string().contains(person["setup_code"].as_str().unwrap()),
        "no code in the trail"
    );

    let fresh = json_of(
        admin.post(&format!("/api/staff/{id}/setup-code"), json!(null)).await,
        200,
    )
    .await;
    only(&app, &admin, "setup_code_issued", Some(&me), id).await;
    let redeem = json!({"employee_no": "H950", "code": fresh["setup_code"], "pin": "2468"});
    json_of(app.browser().post("/api/setup-codes/redeem", redeem).await, 200).await;
    let redeemed = only(&app, &admin, "setup_code_redeemed", Some(id), id).await;
    assert_eq!(redeemed["actor_name"], "Ada Lo", "the person chose it themselves");
    assert_eq!(
        (&redeemed["before"]["has_pin"], &redeemed["after"]["has_pin"]),
        (&json!(false), &json!(true))
    );
}

async fn a_refused_change_records_nothing(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let taken = json!({"id": Uuid::new_v4(), "number": "901", "floor": 9});
    assert_error(manager.post("/api/rooms", taken).await, 422, "invalid").await;
    let bad = "number,floor,room_type,section,active\n1301,x,,,\n";
    assert_error(manager.post_csv("/api/rooms/import", bad).await, 422, "invalid").await;
    let page = json_of(manager.get("/api/admin-events").await, 200).await;
    assert_eq!(page["total"], 0, "{page}");
}

async fn the_trail_is_filtered_paged_and_exported(app: TestApp) {
    let admin = app.signed_in("A001").await;
    for number in ["1301", "1302", "1303"] {
        json_of(
            admin
                .post(
                    "/api/rooms",
                    json!({"id": Uuid::new_v4(), "number": number, "floor": 13}),
                )
                .await,
            201,
        )
        .await;
    }
    app.advance(std::time::Duration::from_secs(2 * 24 * 3600));
    // Two days on, both sign in again.
    let admin = app.signed_in("A001").await;
    let manager = app.signed_in("M001").await;
    let made = json_of(
        manager
            .post(
                "/api/rooms",
                json!({"id": Uuid::new_v4(), "number": "=1304", "floor": 13}),
            )
            .await,
        422,
    )
    .await;
    assert_eq!(made["fields"]["number"], "room_number_format");
    let spa = Uuid::new_v4().to_string();
    json_of(
        admin
            .post("/api/departments", json!({"id": spa, "code": "spa", "name": "=Spa"}))
            .await,
        201,
    )
    .await;

    // Managers read the hotel's trail too; supervisors do not.
    let page = json_of(manager.get("/api/admin-events?limit=2").await, 200).await;
    assert_eq!(
        (&page["total"], page["items"].as_array().unwrap().len()),
        (&json!(4), 2)
    );
    assert_eq!(page["items"][0]["kind"], "department_added", "newest first");
    let next = json_of(manager.get("/api/admin-events?limit=2&offset=2").await, 200).await;
    assert_eq!(texts(&next["items"], "subject_label"), ["1302", "1301"]);
    assert_error(
        app.signed_in("S201").await.get("/api/admin-events").await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        app.signed_in("S201").await.get("/api/admin-events.csv").await,
        403,
        "forbidden",
    )
    .await;

    let me = app.staff_id("A001").await;
    let by_me = json_of(
        admin
            .get(&format!("/api/admin-events?actor={me}&kind=room_added"))
            .await,
        200,
    )
    .await;
    assert_eq!(by_me["total"], 3);
    let about_spa = json_of(admin.get(&format!("/api/admin-events?subject={spa}")).await, 200).await;
    assert_eq!(texts(&about_spa["items"], "kind"), ["department_added"]);
    let today = app.clock.now().with_timezone(&chrono_tz::Asia::Hong_Kong).date_naive();
    let earlier = today - chrono::Duration::days(2);
    let since_today = json_of(admin.get(&format!("/api/admin-events?from={today}")).await, 200).await;
    assert_eq!(since_today["total"], 1);
    let until_then = json_of(
        admin
            .get(&format!("/api/admin-events?from={earlier}&to={earlier}"))
            .await,
        200,
    )
    .await;
    assert_eq!(until_then["total"], 3);
    let body = assert_error(
        admin.get(&format!("/api/admin-events?from={today}&to={earlier}")).await,
        422,
        "invalid",
    )
    .await;
    assert_eq!(body["fields"], json!({"from": "after_to"}));
    assert_error(
        admin.get("/api/admin-events?kind=tea_break").await,
        400,
        "malformed_request",
    )
    .await;

    let response = manager.get("/api/admin-events.csv?kind=department_added").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "at,actor_id,actor_name,kind,subject_id,subject_label,before,after"
    );
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].contains(&format!(",Alex Wong,department_added,{spa},'=Spa,,")),
        "{csv}"
    );
}

async fn another_hotels_trail_is_out_of_reach(app: TestApp) {
    let other = app.another_hotel().await;
    let subject = Uuid::new_v4().to_string();
    app.exec(
        "INSERT INTO admin_events (id, property_id, at, actor_id, kind, subject_id, subject_label) \
         VALUES ($1, $2, 0, NULL, 'room_added', $3, 'Peak 101')",
        &[&Uuid::new_v4().to_string(), &other, &subject],
    )
    .await;
    let admin = app.signed_in("A001").await;
    let page = json_of(admin.get("/api/admin-events").await, 200).await;
    assert_eq!(page["total"], 0);
    let about = json_of(admin.get(&format!("/api/admin-events?subject={subject}")).await, 200).await;
    assert_eq!(about["total"], 0);
    let csv = admin.get("/api/admin-events.csv").await.text().await.unwrap();
    assert!(!csv.contains("Peak 101"), "{csv}");
}

async fn the_trail_cannot_be_changed(app: TestApp) {
    let admin = app.signed_in("A001").await;
    json_of(
        admin
            .post(
                "/api/rooms",
                json!({"id": Uuid::new_v4(), "number": "1301", "floor": 13}),
            )
            .await,
        201,
    )
    .await;
    let entry = app.admin_events(&admin, "room_added").await[0].clone();
    let id = entry["id"].as_str().unwrap();
    for path in ["/api/admin-events".to_owned(), format!("/api/admin-events/{id}")] {
        for response in [
            admin.post(&path, json!({"kind": "room_added"})).await,
            admin.put(&path, json!({"kind": "room_added"})).await,
            admin.patch(&path, json!({"subject_label": "nothing"})).await,
            admin.delete(&path).await,
        ] {
            let status = response.status().as_u16();
            assert!(status == 404 || status == 405, "{path}: {status}");
        }
    }
    let again = app.admin_events(&admin, "room_added").await;
    assert_eq!(again, [entry]);
    let doc = json_of(app.browser().get("/api/openapi.json").await, 200).await;
    let methods: Vec<&String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, _)| path.starts_with("/admin-events"))
        .flat_map(|(_, item)| item.as_object().unwrap().keys())
        .collect();
    assert_eq!(methods, ["get", "get"], "the trail is only read");
}
