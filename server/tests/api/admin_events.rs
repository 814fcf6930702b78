//! The trail of administrative changes: an entry for each kind of change, with who,
//! before and after; filters, paging and CSV; nothing of another hotel; no way to
//! change it.

use bellhop_api::admin_events::{AdminEvent, AdminEventKind};
use bellhop_api::people::{
    Department, DepartmentCreate, DepartmentUpdate, Role, StaffCreate, StaffMember, StaffUpdate,
};
use bellhop_api::property::{Property, PropertyUpdate};
use bellhop_api::rooms::{Room, RoomCreate, RoomUpdate};
use bellhop_api::session::{Device, DeviceCreate, DeviceCreated, DeviceEnroll};
use bellhop_api::staff_import::{SetupCodeIssued, SetupCodeRedeem, StaffImported};
use bellhop_api::star::{StarSettings, Weights};
use bellhop_api::tasks::{Targets, TaskType, TaskTypeCreate, TaskTypeUpdate};
use bellhop_api::{ErrorCode, Page};
use serde::de::DeserializeOwned;
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
async fn only(app: &TestApp, admin: &Browser, kind: AdminEventKind, actor: Option<Uuid>, subject: Uuid) -> AdminEvent {
    let entries = app.admin_events(admin, kind).await;
    assert_eq!(entries.len(), 1, "one {kind:?}: {entries:?}");
    let entry = entries[0].clone();
    assert_eq!(entry.kind, kind);
    assert_eq!(entry.actor_id, actor, "{entry:?}");
    assert_eq!(entry.subject_id, subject, "{entry:?}");
    entry
}

/// A record as the trail kept it, before or after: the api type the API showed.
fn record<T: DeserializeOwned>(snapshot: &Option<Value>) -> T {
    let snapshot = snapshot.as_ref().expect("a record in the entry");
    serde_json::from_value(snapshot.clone()).unwrap_or_else(|e| panic!("a record: {e}: {snapshot}"))
}

/// The `before` and `after` records of an entry.
fn before_after<T: DeserializeOwned>(entry: &AdminEvent) -> (T, T) {
    (record(&entry.before), record(&entry.after))
}

/// Someone signed in, with their id: the one who makes the changes under test.
async fn signed_in_with_id(app: &TestApp, employee_no: &str) -> (Browser, Uuid) {
    (app.signed_in(employee_no).await, app.staff_uuid(employee_no).await)
}

/// A new room on floor 13, as the rooms screen adds it.
fn room_on_13(number: &str) -> RoomCreate {
    RoomCreate {
        id: Uuid::new_v4(),
        number: number.to_owned(),
        floor: 13,
        room_type: String::new(),
        section: String::new(),
    }
}

/// The new department `spa`, called `name`.
fn spa_named(id: Uuid, name: &str) -> DepartmentCreate {
    DepartmentCreate {
        id,
        code: "spa".into(),
        name: name.to_owned(),
    }
}

async fn staff_changes_are_recorded(app: TestApp) {
    use AdminEventKind::*;
    let (admin, me) = signed_in_with_id(&app, "A001").await;
    let person = StaffCreate {
        id: Uuid::new_v4(),
        employee_no: "H260".into(),
        display_name: "Ivy Ko".into(),
        department_id: None,
        role: Role::Staff,
        language: Default::default(),
        pin: Some("8642".into()),
        password: None,
        hired_on: None,
    };
    // The trail keeps the record exactly as the API answered, so the answer is read raw.
    let made: Value = admin.post_created("/api/staff", &person).await;
    let made_member: StaffMember = serde_json::from_value(made.clone()).unwrap();
    let id = made_member.id;
    let created = only(&app, &admin, StaffCreated, Some(me), id).await;
    assert_eq!(created.actor_name.as_deref(), Some("Alex Wong"));
    assert_eq!(created.subject_label, "H260 Ivy Ko");
    assert_eq!(created.before, None);
    assert_eq!(created.after, Some(made));

    let path = format!("/api/staff/{id}");
    let promote = StaffUpdate {
        role: Some(Role::Supervisor),
        ..Default::default()
    };
    let _: StaffMember = admin.patch_ok(&path, &promote).await;
    let role = only(&app, &admin, RoleChanged, Some(me), id).await;
    let (was, is): (StaffMember, StaffMember) = before_after(&role);
    assert_eq!((was.role, is.role), (Role::Staff, Role::Supervisor));
    let housekeeping = app.department_id("housekeeping").await;
    let move_in = StaffUpdate {
        department_id: Some(Some(uuid(&housekeeping))),
        ..Default::default()
    };
    let _: StaffMember = admin.patch_ok(&path, &move_in).await;
    let moved = only(&app, &admin, StaffDepartmentChanged, Some(me), id).await;
    let (was, is): (StaffMember, StaffMember) = before_after(&moved);
    assert_eq!((was.department_id, is.department_id), (None, Some(uuid(&housekeeping))));
    let rename = StaffUpdate {
        display_name: Some("Ivy Ko Wai".into()),
        ..Default::default()
    };
    let _: StaffMember = admin.patch_ok(&path, &rename).await;
    let renamed = only(&app, &admin, StaffChanged, Some(me), id).await;
    assert_eq!(record::<StaffMember>(&renamed.after).display_name, "Ivy Ko Wai");
    let new_password = bellhop_api::people::SecretReset {
        pin: None,
        password: Some("a new password".into()),
    };
    let _: StaffMember = admin.put_ok(&format!("{path}/secret"), &new_password).await;
    let reset = only(&app, &admin, SecretReset, Some(me), id).await;
    let (was, is): (StaffMember, StaffMember) = before_after(&reset);
    assert_eq!((was.has_password, is.has_password), (false, true));
    let whole = serde_json::to_string(&reset).unwrap();
    assert!(!whole.contains("argon2"), "no hash in the trail: {whole}");
    let deactivate = StaffUpdate {
        active: Some(false),
        ..Default::default()
    };
    let _: StaffMember = admin.patch_ok(&path, &deactivate).await;
    let gone = only(&app, &admin, StaffDeactivated, Some(me), id).await;
    let (was, is): (StaffMember, StaffMember) = before_after(&gone);
    assert_eq!((was.active, is.active), (true, false));
}

async fn tablet_changes_are_recorded(app: TestApp) {
    use AdminEventKind::*;
    let (manager, me) = signed_in_with_id(&app, "M002").await;
    let spa_desk = DeviceCreate {
        id: Uuid::new_v4(),
        name: "Spa desk".into(),
    };
    let created: DeviceCreated = manager.post_created("/api/devices", &spa_desk).await;
    let id = created.device.id;
    let added = only(&app, &manager, TabletAdded, Some(me), id).await;
    assert_eq!(added.subject_label, "Spa desk");
    let tablet = app.browser();
    let enroll = DeviceEnroll {
        code: created.enroll_code.clone(),
    };
    let _: Device = tablet.post_ok("/api/devices/enroll", &enroll).await;
    let enrolled = only(&app, &manager, TabletEnrolled, None, id).await;
    let (was, is): (Device, Device) = before_after(&enrolled);
    assert_eq!(was.enrolled_at, None);
    assert!(is.enrolled_at.is_some());
    let revoke = format!("/api/devices/{id}/revoke");
    let _: Device = manager.post_ok(&revoke, &()).await;
    let revoked = only(&app, &manager, TabletRevoked, Some(me), id).await;
    let (was, is): (Device, Device) = before_after(&revoked);
    assert_eq!((was.revoked, is.revoked), (false, true));
    // Revoking again changes nothing and records nothing.
    let _: Device = manager.post_ok(&revoke, &()).await;
    assert_eq!(app.admin_events(&manager, TabletRevoked).await.len(), 1);
}

async fn hotel_department_and_room_changes_are_recorded(app: TestApp) {
    use AdminEventKind::*;
    let (admin, me) = signed_in_with_id(&app, "A001").await;
    let later_escalation = PropertyUpdate {
        escalate_after_mins: Some(30),
        ..Default::default()
    };
    let hotel: Property = admin.patch_ok("/api/property", &later_escalation).await;
    let changed = only(&app, &admin, HotelChanged, Some(me), hotel.id).await;
    let (was, is): (Property, Property) = before_after(&changed);
    assert_eq!((was.escalate_after_mins, is.escalate_after_mins), (15, 30));

    let spa = Uuid::new_v4();
    let _: Department = admin.post_created("/api/departments", &spa_named(spa, "Spa")).await;
    let added = only(&app, &admin, DepartmentAdded, Some(me), spa).await;
    assert_eq!(record::<Department>(&added.after).name, "Spa");
    let rename = DepartmentUpdate {
        name: Some("Spa & Gym".into()),
        active: None,
    };
    let renamed: Department = admin.patch_ok(&format!("/api/departments/{spa}"), &rename).await;
    assert_eq!(renamed.name, "Spa & Gym");
    let changed = only(&app, &admin, DepartmentChanged, Some(me), spa).await;
    let (was, is): (Department, Department) = before_after(&changed);
    assert_eq!((was.name.as_str(), is.name.as_str()), ("Spa", "Spa & Gym"));
    let retire = DepartmentUpdate {
        name: None,
        active: Some(false),
    };
    let _: Department = admin.patch_ok(&format!("/api/departments/{spa}"), &retire).await;
    let retired = only(&app, &admin, DepartmentRetired, Some(me), spa).await;
    assert!(!record::<Department>(&retired.after).active);
    let codes = |list: Vec<Department>| list.into_iter().map(|d| d.code).collect::<Vec<_>>();
    let listed = codes(admin.get_ok("/api/departments").await);
    assert!(!listed.iter().any(|c| c == "spa"), "pickers leave it out");
    let every = codes(admin.get_ok("/api/departments?include_retired=true").await);
    assert!(every.iter().any(|c| c == "spa"));
    let person = StaffCreate {
        id: Uuid::new_v4(),
        employee_no: "P100".into(),
        display_name: "Pat".into(),
        department_id: Some(spa),
        role: Role::Staff,
        language: Default::default(),
        pin: Some("8642".into()),
        password: None,
        hired_on: None,
    };
    let body = admin.post_refused("/api/staff", &person, ErrorCode::Invalid).await;
    assert_eq!(body.fields["department_id"].code(), "retired_department");

    let room: Room = admin.post_created("/api/rooms", &room_on_13("1301")).await;
    let id = room.id;
    only(&app, &admin, RoomAdded, Some(me), id).await;
    let suite = RoomUpdate {
        room_type: Some("Suite".into()),
        ..Default::default()
    };
    let _: Room = admin.patch_ok(&format!("/api/rooms/{id}"), &suite).await;
    let changed = only(&app, &admin, RoomChanged, Some(me), id).await;
    let (was, is): (Room, Room) = before_after(&changed);
    assert_eq!((was.room_type.as_str(), is.room_type.as_str()), ("", "Suite"));
    let retire = RoomUpdate {
        active: Some(false),
        ..Default::default()
    };
    let _: Room = admin.patch_ok(&format!("/api/rooms/{id}"), &retire).await;
    only(&app, &admin, RoomRetired, Some(me), id).await;
    let file = "number,floor,room_type,section,active\n1301,13,Suite,,true\n1302,13,,,\n";
    let _: bellhop_api::csv_reader::ImportSummary = decoded(admin.post_csv("/api/rooms/import", file).await, 200).await;
    let imported = only(&app, &admin, RoomsImported, Some(me), hotel.id).await;
    // The counts are a shape of their own, with no record type.
    assert_eq!(imported.after, Some(json!({"created": 1, "updated": 1})));
}

async fn task_type_and_star_settings_changes_are_recorded(app: TestApp) {
    use AdminEventKind::*;
    let (manager, me) = signed_in_with_id(&app, "M001").await;
    let minibar = Uuid::new_v4();
    let new_type = TaskTypeCreate {
        id: minibar,
        code: "minibar".into(),
        name: "Minibar".into(),
        default_department_id: None,
        checklist: Vec::new(),
        targets: None,
    };
    let _: TaskType = manager.post_created("/api/task-types", &new_type).await;
    only(&app, &manager, TaskTypeAdded, Some(me), minibar).await;
    let targets = TaskTypeUpdate {
        targets: Some(vec![
            Targets {
                respond_mins: 10,
                resolve_mins: 60
            };
            5
        ]),
        ..Default::default()
    };
    let _: TaskType = manager.patch_ok(&format!("/api/task-types/{minibar}"), &targets).await;
    let changed = only(&app, &manager, TaskTypeChanged, Some(me), minibar).await;
    let (was, is): (TaskType, TaskType) = before_after(&changed);
    assert_ne!(was.targets, is.targets);
    assert_eq!(is.targets[0].respond_mins, 10);

    let settings = StarSettings {
        open_day: 1,
        close_day: 10,
        min_days_employed: 0,
        managers_eligible: false,
        department_stars: true,
        weights: Weights {
            peer: 70,
            guest: 30,
            skills: 0,
        },
    };
    let _: StarSettings = manager.put_ok("/api/star/settings", &settings).await;
    let property: Property = manager.get_ok("/api/property").await;
    let star = only(&app, &manager, StarSettingsChanged, Some(me), property.id).await;
    let (was, is): (StarSettings, StarSettings) = before_after(&star);
    assert_eq!(was.open_day, 20);
    assert_eq!(star.after, Some(serde_json::to_value(&settings).unwrap()));
    assert_eq!(is, settings);
}

async fn imports_and_set_up_codes_are_recorded(app: TestApp) {
    let (admin, me) = signed_in_with_id(&app, "A001").await;
    let file = "employee_no,name,role,department,hire_date,language\nH950,Ada Lo,staff,housekeeping,,\n";
    let imported: StaffImported = decoded(admin.post_csv("/api/staff/import", file).await, 201).await;
    let person = imported.created[0].clone();
    let id = person.staff_id;
    let property: Property = admin.get_ok("/api/property").await;
    let whole = only(&app, &admin, AdminEventKind::StaffImported, Some(me), property.id).await;
    // The list of numbers is a shape of its own, with no record type.
    assert_eq!(whole.after, Some(json!({"created": ["H950"]})));
    let created = only(&app, &admin, AdminEventKind::StaffCreated, Some(me), id).await;
    assert!(!record::<StaffMember>(&created.after).has_pin);
    let trail = serde_json::to_string(&whole).unwrap();
    assert!(!trail.contains(&person.setup_code), "no code in the trail");

    let fresh: SetupCodeIssued = admin.post_ok(&format!("/api/staff/{id}/setup-code"), &()).await;
    only(&app, &admin, AdminEventKind::SetupCodeIssued, Some(me), id).await;
    let redeem = SetupCodeRedeem {
        employee_no: "H950".into(),
        code: fresh.setup_code,
        pin: Some("2468".into()),
        password: None,
    };
    let _: StaffMember = app.browser().post_ok("/api/setup-codes/redeem", &redeem).await;
    let redeemed = only(&app, &admin, AdminEventKind::SetupCodeRedeemed, Some(id), id).await;
    assert_eq!(
        redeemed.actor_name.as_deref(),
        Some("Ada Lo"),
        "the person chose it themselves"
    );
    let (was, is): (StaffMember, StaffMember) = before_after(&redeemed);
    assert_eq!((was.has_pin, is.has_pin), (false, true));
}

async fn a_refused_change_records_nothing(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let taken = RoomCreate {
        floor: 9,
        ..room_on_13("901")
    };
    manager.post_refused("/api/rooms", &taken, ErrorCode::Invalid).await;
    let bad = "number,floor,room_type,section,active\n1301,x,,,\n";
    refused(manager.post_csv("/api/rooms/import", bad).await, ErrorCode::Invalid).await;
    let page: Page<AdminEvent> = manager.get_ok("/api/admin-events").await;
    assert_eq!(page.total, 0, "{page:?}");
}

async fn the_trail_is_filtered_paged_and_exported(app: TestApp) {
    let admin = app.signed_in("A001").await;
    for number in ["1301", "1302", "1303"] {
        let _: Room = admin.post_created("/api/rooms", &room_on_13(number)).await;
    }
    app.advance(std::time::Duration::from_secs(2 * 24 * 3600));
    // Two days on, both sign in again.
    let admin = app.signed_in("A001").await;
    let manager = app.signed_in("M001").await;
    let made = manager
        .post_refused("/api/rooms", &room_on_13("=1304"), ErrorCode::Invalid)
        .await;
    assert_eq!(made.fields["number"].code(), "room_number_format");
    let spa = Uuid::new_v4();
    let _: Department = admin.post_created("/api/departments", &spa_named(spa, "=Spa")).await;

    // Managers read the hotel's trail too; supervisors do not.
    let page: Page<AdminEvent> = manager.get_ok("/api/admin-events?limit=2").await;
    assert_eq!((page.total, page.items.len()), (4, 2));
    assert_eq!(page.items[0].kind, AdminEventKind::DepartmentAdded, "newest first");
    let next: Page<AdminEvent> = manager.get_ok("/api/admin-events?limit=2&offset=2").await;
    let labels: Vec<&str> = next.items.iter().map(|e| e.subject_label.as_str()).collect();
    assert_eq!(labels, ["1302", "1301"]);
    let supervisor = app.signed_in("S201").await;
    supervisor.get_refused("/api/admin-events", ErrorCode::Forbidden).await;
    supervisor
        .get_refused("/api/admin-events.csv", ErrorCode::Forbidden)
        .await;

    let me = app.staff_id("A001").await;
    let by_me: Page<AdminEvent> = admin
        .get_ok(&format!("/api/admin-events?actor={me}&kind=room_added"))
        .await;
    assert_eq!(by_me.total, 3);
    let about_spa: Page<AdminEvent> = admin.get_ok(&format!("/api/admin-events?subject={spa}")).await;
    let kinds: Vec<AdminEventKind> = about_spa.items.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [AdminEventKind::DepartmentAdded]);
    let today = app.clock.now().with_timezone(&chrono_tz::Asia::Hong_Kong).date_naive();
    let earlier = today - chrono::Duration::days(2);
    let since_today: Page<AdminEvent> = admin.get_ok(&format!("/api/admin-events?from={today}")).await;
    assert_eq!(since_today.total, 1);
    let until_then: Page<AdminEvent> = admin
        .get_ok(&format!("/api/admin-events?from={earlier}&to={earlier}"))
        .await;
    assert_eq!(until_then.total, 3);
    let body = admin
        .get_refused(
            &format!("/api/admin-events?from={today}&to={earlier}"),
            ErrorCode::Invalid,
        )
        .await;
    assert_eq!(body.fields, reasons(&[("from", "after_to")]));
    admin
        .get_refused("/api/admin-events?kind=tea_break", ErrorCode::MalformedRequest)
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
    let page: Page<AdminEvent> = admin.get_ok("/api/admin-events").await;
    assert_eq!(page.total, 0);
    let about: Page<AdminEvent> = admin.get_ok(&format!("/api/admin-events?subject={subject}")).await;
    assert_eq!(about.total, 0);
    let csv = admin.get("/api/admin-events.csv").await.text().await.unwrap();
    assert!(!csv.contains("Peak 101"), "{csv}");
}

async fn the_trail_cannot_be_changed(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let _: Room = admin.post_created("/api/rooms", &room_on_13("1301")).await;
    let entry = app.admin_events(&admin, AdminEventKind::RoomAdded).await[0].clone();
    let id = entry.id;
    // Raw bodies: no request type exists for a change the API does not offer.
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
    let again = app.admin_events(&admin, AdminEventKind::RoomAdded).await;
    assert_eq!(again, [entry]);
    // The OpenAPI document is read as the raw document it is.
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
