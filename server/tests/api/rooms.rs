//! The hotel's rooms as managers keep them: one at a time, and from a file that is
//! stored whole or not at all.

use serde_json::{json, Value};
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

fn new_room(number: &str) -> Value {
    json!({"id": Uuid::new_v4(), "number": number, "floor": 13, "room_type": "Deluxe King", "section": "13 East"})
}

async fn managers_add_edit_and_retire_rooms(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let room = new_room("1301");
    let made = json_of(manager.post("/api/rooms", room.clone()).await, 201).await;
    assert_eq!(
        (
            &made["number"],
            &made["floor"],
            &made["room_type"],
            &made["section"],
            &made["active"]
        ),
        (
            &json!("1301"),
            &json!(13),
            &json!("Deluxe King"),
            &json!("13 East"),
            &json!(true)
        )
    );
    assert_eq!(
        json_of(manager.post("/api/rooms", room).await, 200).await,
        made,
        "a retry"
    );
    let body = assert_error(manager.post("/api/rooms", new_room("1301")).await, 422, "invalid").await;
    assert_eq!(body["fields"], json!({"number": "taken"}));

    let id = made["id"].as_str().unwrap();
    let body = assert_error(
        manager
            .patch(&format!("/api/rooms/{id}"), json!({"number": "901"}))
            .await,
        422,
        "invalid",
    )
    .await;
    assert_eq!(body["fields"], json!({"number": "taken"}));
    let moved = json_of(
        manager
            .patch(&format!("/api/rooms/{id}"), json!({"section": "13 West", "floor": 14}))
            .await,
        200,
    )
    .await;
    assert_eq!((&moved["section"], &moved["floor"]), (&json!("13 West"), &json!(14)));
    assert_eq!(moved["room_type"], "Deluxe King", "nothing else changed");

    // A task in the room, then the room retires: the task keeps it, new work cannot use it.
    let (repair,): (String,) = sqlx::query_as("SELECT id FROM task_types WHERE code = 'repair'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let task = json!({"id": Uuid::new_v4(), "type_id": repair, "title": "Lamp", "room_id": id, "priority": 3});
    let filed = json_of(manager.post("/api/tasks", task).await, 201).await;
    let retired = json_of(
        manager
            .patch(&format!("/api/rooms/{id}"), json!({"active": false}))
            .await,
        200,
    )
    .await;
    assert_eq!(retired["active"], false);
    let listed = json_of(manager.get("/api/rooms").await, 200).await;
    assert!(!texts(&listed, "number").contains(&"1301"), "pickers leave it out");
    let everything = json_of(manager.get("/api/rooms?include_retired=true").await, 200).await;
    assert!(texts(&everything, "number").contains(&"1301"));
    let task_id = filed["id"].as_str().unwrap();
    let kept = json_of(manager.get(&format!("/api/tasks/{task_id}")).await, 200).await;
    assert!(kept.to_string().contains(r#""room_number":"1301""#), "{kept}");
    let again = json!({"id": Uuid::new_v4(), "type_id": repair, "title": "Lamp", "room_id": id, "priority": 3});
    let body = assert_error(manager.post("/api/tasks", again).await, 422, "invalid").await;
    assert_eq!(body["fields"]["room_id"], "retired_room");
    let (rooms,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rooms WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(rooms, 1, "retired, not deleted");
}

async fn room_fields_are_checked(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let mut room = new_room("13 01");
    room["floor"] = json!(1000);
    room["section"] = json!("x".repeat(81));
    let body = assert_error(admin.post("/api/rooms", room).await, 422, "invalid").await;
    assert_eq!(
        body["fields"],
        json!({"number": "room_number_format", "floor": "out_of_range", "section": "too_long"})
    );
    let mut room = new_room("1302");
    room["wing"] = json!("east");
    assert_error(admin.post("/api/rooms", room).await, 422, "invalid").await;
}

async fn floor_roles_cannot_change_rooms(app: TestApp) {
    for employee_no in ["S201", "H201"] {
        let person = app.signed_in(employee_no).await;
        assert_error(person.post("/api/rooms", new_room("1303")).await, 403, "forbidden").await;
        assert_error(person.post_csv("/api/rooms/import", HEADER).await, 403, "forbidden").await;
        assert_error(person.get("/api/rooms.csv").await, 403, "forbidden").await;
        // Everyone still reads the active rooms for their task forms.
        let rooms = json_of(person.get("/api/rooms").await, 200).await;
        assert_eq!(rooms.as_array().unwrap().len(), 40);
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
    let listed = json_of(manager.get("/api/rooms?include_retired=true").await, 200).await;
    assert!(!texts(&listed, "number").contains(&"1401"));
    assert_error(
        manager
            .patch(&format!("/api/rooms/{room}"), json!({"active": false}))
            .await,
        404,
        "not_found",
    )
    .await;
    let export = manager.get("/api/rooms.csv").await.text().await.unwrap();
    assert!(!export.contains("1401"), "{export}");
    // The same number is free in this hotel, and the file makes it here.
    let summary = json_of(
        manager
            .post_csv("/api/rooms/import", &format!("{HEADER}1401,14,,,\n"))
            .await,
        200,
    )
    .await;
    assert_eq!(summary, json!({"created": 1, "updated": 0}));
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
    let body = assert_error(manager.post_csv("/api/rooms/import", &text).await, 422, "invalid").await;
    assert_eq!(
        body["rows"],
        json!([
            {"row": 3, "field": "floor", "reason": "not_a_number"},
            {"row": 6, "field": "active", "reason": "not_true_or_false"},
            {"row": 10, "field": "number", "reason": "duplicate_in_file"},
        ])
    );
    assert_eq!(body["fields"]["row_3.floor"], "not_a_number", "also named as fields");
    assert_eq!(room_count(&app).await, before, "nothing stored");
}

async fn a_good_file_stores_every_room_and_again_updates_them(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let before = room_count(&app).await;
    let summary = json_of(manager.post_csv("/api/rooms/import", &rooms_file(&[])).await, 200).await;
    assert_eq!(summary, json!({"created": 10, "updated": 0}));
    assert_eq!(room_count(&app).await, before + 10);
    // The same numbers again, one moved to another section and one retired: updated.
    let text = rooms_file(&[(1, "1301,13,Suite,13 West,true"), (4, "1304,13,Twin,13 East,false")]);
    let summary = json_of(manager.post_csv("/api/rooms/import", &text).await, 200).await;
    assert_eq!(summary, json!({"created": 0, "updated": 10}));
    assert_eq!(room_count(&app).await, before + 10, "no duplicates");
    let rooms = json_of(manager.get("/api/rooms?include_retired=true").await, 200).await;
    let room = |number: &str| {
        rooms
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["number"] == number)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (room("1301")["room_type"].clone(), room("1301")["section"].clone()),
        (json!("Suite"), json!("13 West"))
    );
    assert_eq!(room("1304")["active"], false);
    assert_eq!(
        room("901")["active"],
        true,
        "rooms the file leaves out stay as they are"
    );
}

async fn the_export_reads_back_through_the_import(app: TestApp) {
    let manager = app.signed_in("M001").await;
    // A type a spreadsheet would run as a formula, a comma and a retired room.
    let made = json_of(
        manager
            .post(
                "/api/rooms",
                json!({"id": Uuid::new_v4(), "number": "B1-01", "floor": -1, "room_type": "=Store", "section": "Back, of house"}),
            )
            .await,
        201,
    )
    .await;
    let id = made["id"].as_str().unwrap();
    json_of(
        manager
            .patch(&format!("/api/rooms/{id}"), json!({"active": false}))
            .await,
        200,
    )
    .await;
    let response = manager.get("/api/rooms.csv").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let export = response.text().await.unwrap();
    assert!(export.starts_with(HEADER), "{export}");
    assert!(export.contains("B1-01,-1,'=Store,\"Back, of house\",false"), "{export}");
    let before = json_of(manager.get("/api/rooms?include_retired=true").await, 200).await;
    let summary = json_of(manager.post_csv("/api/rooms/import", &export).await, 200).await;
    assert_eq!(summary, json!({"created": 0, "updated": 41}));
    let after = json_of(manager.get("/api/rooms?include_retired=true").await, 200).await;
    assert_eq!(before, after);
}

async fn files_that_cannot_be_read_are_refused(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let before = room_count(&app).await;
    let latin1 = [HEADER.as_bytes(), b"13\xe901,13,,,\n"].concat();
    let body = assert_error(
        manager.post_file("/api/rooms/import", "text/csv", latin1).await,
        422,
        "invalid",
    )
    .await;
    assert_eq!(body["fields"], json!({"body": "not_utf8"}));
    let huge = format!("{HEADER}{}", "1301,13,,,\n".repeat(100_000));
    assert_error(
        manager.post_csv("/api/rooms/import", &huge).await,
        413,
        "payload_too_large",
    )
    .await;
    assert_error(
        manager.post_file("/api/rooms/import", "application/json", "[]").await,
        415,
        "unsupported_media_type",
    )
    .await;
    let body = assert_error(
        manager.post_csv("/api/rooms/import", "room,floor\n1301,13\n").await,
        422,
        "invalid",
    )
    .await;
    assert_eq!(
        body["rows"],
        json!([{"row": 1, "field": "row", "reason": "header_mismatch"}])
    );
    assert_eq!(room_count(&app).await, before);
    assert_eq!(
        manager.get("/api/health").await.status(),
        200,
        "the server keeps serving"
    );
}
