//! The hotel's rooms as managers keep them: one at a time, and from a file that is
//! stored whole or not at all.

use bellhop_api::csv_reader::ImportSummary;
use bellhop_api::rooms::{Room, RoomCreate, RoomUpdate};
use bellhop_api::tasks::{Task, TaskCreate};
use bellhop_api::FieldReason;
use bellhop_api::{ErrorCode, RowError};
use serde_json::json;
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    managers_add_edit_and_retire_rooms,
    room_fields_are_checked,
    floor_roles_cannot_change_rooms,
    another_hotels_rooms_are_out_of_reach,
    a_bad_file_stores_nothing_and_names_each_bad_row,
    a_good_file_stores_every_room_and_again_updates_them,
    the_export_reads_back_through_the_import,
    files_that_cannot_be_read_are_refused,
);

const HEADER: &str = "number,floor,room_type,section,active\n";

async fn room_count(app: &TestApp) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rooms")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    count
}

fn new_room(number: &str) -> RoomCreate {
    RoomCreate {
        id: Uuid::new_v4(),
        number: number.to_owned(),
        floor: 13,
        room_type: "Deluxe King".into(),
        section: "13 East".into(),
    }
}

/// The rooms as `browser` lists them from `path`, by number.
async fn numbers(browser: &Browser, path: &str) -> Vec<String> {
    let rooms: Vec<Room> = browser.get_ok(path).await;
    rooms.into_iter().map(|r| r.number).collect()
}

fn summary(created: u32, updated: u32) -> ImportSummary {
    ImportSummary { created, updated }
}

async fn managers_add_edit_and_retire_rooms(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let room = new_room("1301");
    let made: Room = manager.post_created("/api/rooms", &room).await;
    assert_eq!(
        (
            made.number.as_str(),
            made.floor,
            made.room_type.as_str(),
            made.section.as_str(),
            made.active
        ),
        ("1301", 13, "Deluxe King", "13 East", true)
    );
    let retried: Room = manager.post_ok("/api/rooms", &room).await;
    assert_eq!(retried, made, "a retry");
    let body = manager
        .post_refused("/api/rooms", &new_room("1301"), ErrorCode::Invalid)
        .await;
    assert_eq!(body.fields, reasons(&[("number", "taken")]));

    let id = made.id;
    let path = format!("/api/rooms/{id}");
    let renumber = RoomUpdate {
        number: Some("901".into()),
        ..Default::default()
    };
    let body = manager.patch_refused(&path, &renumber, ErrorCode::Invalid).await;
    assert_eq!(body.fields, reasons(&[("number", "taken")]));
    let move_up = RoomUpdate {
        section: Some("13 West".into()),
        floor: Some(14),
        ..Default::default()
    };
    let moved: Room = manager.patch_ok(&path, &move_up).await;
    assert_eq!((moved.section.as_str(), moved.floor), ("13 West", 14));
    assert_eq!(moved.room_type, "Deluxe King", "nothing else changed");

    // A task in the room, then the room retires: the task keeps it, new work cannot use it.
    let repair = uuid(lookup(&app, "SELECT id FROM task_types WHERE code = $1", "repair").await);
    let lamp = || TaskCreate {
        room_id: Some(id),
        ..filing(repair, "Lamp")
    };
    let filed: Task = manager.post_created("/api/tasks", &lamp()).await;
    let retire = RoomUpdate {
        active: Some(false),
        ..Default::default()
    };
    let retired: Room = manager.patch_ok(&path, &retire).await;
    assert!(!retired.active);
    let listed = numbers(&manager, "/api/rooms").await;
    assert!(!listed.iter().any(|n| n == "1301"), "pickers leave it out");
    let everything = numbers(&manager, "/api/rooms?include_retired=true").await;
    assert!(everything.iter().any(|n| n == "1301"));
    let task_id = filed.summary.id;
    let kept: Task = manager.get_ok(&format!("/api/tasks/{task_id}")).await;
    assert_eq!(kept.summary.room_number.as_deref(), Some("1301"), "{kept:?}");
    let body = manager.post_refused("/api/tasks", &lamp(), ErrorCode::Invalid).await;
    assert_eq!(body.fields["room_id"].code(), "retired_room");
    let (rooms,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rooms WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(rooms, 1, "retired, not deleted");
}

async fn room_fields_are_checked(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let room = RoomCreate {
        floor: 1000,
        section: "x".repeat(81),
        ..new_room("13 01")
    };
    let body = admin.post_refused("/api/rooms", &room, ErrorCode::Invalid).await;
    assert_eq!(
        body.fields,
        reasons(&[
            ("number", "room_number_format"),
            ("floor", "out_of_range"),
            ("section", "too_long")
        ])
    );
    // An unknown field is a raw body: no room type has one.
    let mut room = serde_json::to_value(new_room("1302")).unwrap();
    room["wing"] = json!("east");
    refused(admin.post("/api/rooms", room).await, ErrorCode::Invalid).await;
}

async fn floor_roles_cannot_change_rooms(app: TestApp) {
    for employee_no in ["S201", "H201"] {
        let person = app.signed_in(employee_no).await;
        person
            .post_refused("/api/rooms", &new_room("1303"), ErrorCode::Forbidden)
            .await;
        refused(person.post_csv("/api/rooms/import", HEADER).await, ErrorCode::Forbidden).await;
        person.get_refused("/api/rooms.csv", ErrorCode::Forbidden).await;
        // Everyone still reads the active rooms for their task forms.
        let rooms: Vec<Room> = person.get_ok("/api/rooms").await;
        assert_eq!(rooms.len(), 40);
    }
}

async fn another_hotels_rooms_are_out_of_reach(app: TestApp) {
    let other = app.another_hotel().await;
    let room = Uuid::new_v4().to_string();
    app.exec(
        "INSERT INTO rooms (id, property_id, number, floor) VALUES ($1, $2, '1401', 14)",
        &[&room, &other],
    )
    .await;
    let manager = app.signed_in("M001").await;
    let listed = numbers(&manager, "/api/rooms?include_retired=true").await;
    assert!(!listed.iter().any(|n| n == "1401"));
    let retire = RoomUpdate {
        active: Some(false),
        ..Default::default()
    };
    manager
        .patch_refused(&format!("/api/rooms/{room}"), &retire, ErrorCode::NotFound)
        .await;
    let export = manager.get("/api/rooms.csv").await.text().await.unwrap();
    assert!(!export.contains("1401"), "{export}");
    // The same number is free in this hotel, and the file makes it here.
    let stored: ImportSummary = decoded(
        manager
            .post_csv("/api/rooms/import", &format!("{HEADER}1401,14,,,\n"))
            .await,
        200,
    )
    .await;
    assert_eq!(stored, summary(1, 0));
    let (active, property): (i64, String) = sqlx::query_as("SELECT active, property_id FROM rooms WHERE id = $1")
        .bind(&room)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!((active, property), (1, other), "the other hotel's room is untouched");
}

/// Ten rooms on floor 13; `bad` replaces some rows (1-based among the ten).
fn rooms_file(bad: &[(usize, &str)]) -> String {
    let mut text = HEADER.to_owned();
    for n in 1..=10 {
        let line = bad.iter().find(|(at, _)| *at == n).map_or_else(
            || format!("13{n:02},13,Twin,13 East,true"),
            |(_, line)| (*line).to_owned(),
        );
        text.push_str(&line);
        text.push('\n');
    }
    text
}

async fn a_bad_file_stores_nothing_and_names_each_bad_row(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let before = room_count(&app).await;
    // Rows 3, 6 and 10 of the spreadsheet (the header is row 1).
    let text = rooms_file(&[
        (2, "1302,thirteen,Twin,,"),
        (5, "1305,13,Twin,,perhaps"),
        (9, "1301,13,,,"),
    ]);
    let body = refused(manager.post_csv("/api/rooms/import", &text).await, ErrorCode::Invalid).await;
    assert_eq!(
        body.rows,
        [
            RowError::new(3, "floor", FieldReason::NotANumber),
            RowError::new(6, "active", FieldReason::NotTrueOrFalse),
            RowError::new(10, "number", FieldReason::DuplicateInFile),
        ]
    );
    assert_eq!(
        body.fields["row_3.floor"].code(),
        "not_a_number",
        "also named as fields"
    );
    assert_eq!(room_count(&app).await, before, "nothing stored");
}

async fn a_good_file_stores_every_room_and_again_updates_them(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let before = room_count(&app).await;
    let stored: ImportSummary = decoded(manager.post_csv("/api/rooms/import", &rooms_file(&[])).await, 200).await;
    assert_eq!(stored, summary(10, 0));
    assert_eq!(room_count(&app).await, before + 10);
    // The same numbers again, one moved to another section and one retired: updated.
    let text = rooms_file(&[(1, "1301,13,Suite,13 West,true"), (4, "1304,13,Twin,13 East,false")]);
    let stored: ImportSummary = decoded(manager.post_csv("/api/rooms/import", &text).await, 200).await;
    assert_eq!(stored, summary(0, 10));
    assert_eq!(room_count(&app).await, before + 10, "no duplicates");
    let rooms: Vec<Room> = manager.get_ok("/api/rooms?include_retired=true").await;
    let room = |number: &str| rooms.iter().find(|r| r.number == number).unwrap().clone();
    assert_eq!(
        (room("1301").room_type.as_str(), room("1301").section.as_str()),
        ("Suite", "13 West")
    );
    assert!(!room("1304").active);
    assert!(room("901").active, "rooms the file leaves out stay as they are");
}

async fn the_export_reads_back_through_the_import(app: TestApp) {
    let manager = app.signed_in("M001").await;
    // A type a spreadsheet would run as a formula, a comma and a retired room.
    let store = RoomCreate {
        id: Uuid::new_v4(),
        number: "B1-01".into(),
        floor: -1,
        room_type: "=Store".into(),
        section: "Back, of house".into(),
    };
    let made: Room = manager.post_created("/api/rooms", &store).await;
    let retire = RoomUpdate {
        active: Some(false),
        ..Default::default()
    };
    let _: Room = manager.patch_ok(&format!("/api/rooms/{}", made.id), &retire).await;
    let response = manager.get("/api/rooms.csv").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let export = response.text().await.unwrap();
    assert!(export.starts_with(HEADER), "{export}");
    assert!(export.contains("B1-01,-1,'=Store,\"Back, of house\",false"), "{export}");
    // Compared as raw JSON: the import must give back the very list, field for field.
    let before = json_of(manager.get("/api/rooms?include_retired=true").await, 200).await;
    let stored: ImportSummary = decoded(manager.post_csv("/api/rooms/import", &export).await, 200).await;
    assert_eq!(stored, summary(0, 41));
    let after = json_of(manager.get("/api/rooms?include_retired=true").await, 200).await;
    assert_eq!(before, after);
}

async fn files_that_cannot_be_read_are_refused(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let before = room_count(&app).await;
    let latin1 = [HEADER.as_bytes(), b"13\xe901,13,,,\n"].concat();
    let body = refused(
        manager.post_file("/api/rooms/import", "text/csv", latin1).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields, reasons(&[("body", "not_utf8")]));
    let huge = format!("{HEADER}{}", "1301,13,,,\n".repeat(100_000));
    refused(
        manager.post_csv("/api/rooms/import", &huge).await,
        ErrorCode::PayloadTooLarge,
    )
    .await;
    refused(
        manager.post_file("/api/rooms/import", "application/json", "[]").await,
        ErrorCode::UnsupportedMediaType,
    )
    .await;
    let body = refused(
        manager.post_csv("/api/rooms/import", "room,floor\n1301,13\n").await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.rows, [RowError::new(1, "row", FieldReason::HeaderMismatch)]);
    assert_eq!(room_count(&app).await, before);
    assert_eq!(
        manager.get("/api/health").await.status(),
        200,
        "the server keeps serving"
    );
}
