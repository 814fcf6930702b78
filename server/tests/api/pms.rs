//! The PMS feed through the API, on SQLite and PostgreSQL: tokens issued, listed
//! without their secret and revoked; check-outs, check-ins, room moves and day lists;
//! a replayed event changing nothing and answering the same; and the signed webhook,
//! retried against a local receiver that fails once.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use bellhop_api::pms::{
    PmsReceipt, PmsSettings, PmsSettingsView, PmsToken, PmsTokenCreate, PmsTokenIssued, WebhookBody, WebhookDelivery,
    WebhookEvent, DELIVERY_HEADER, SIGNATURE_HEADER,
};
use bellhop_api::room_status::{Housekeeping, Occupancy, RoomAction, RoomHistoryEntry, RoomStatus};
use bellhop_api::ErrorCode;
use bellhop_server::routes::pms::webhook;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use uuid::Uuid;

use crate::common::*;
use crate::room_status::{change, change_with, room_id, set_room, status, to_morning};

on_both_databases!(
    tokens_are_issued_listed_without_secret_and_revoked,
    a_check_out_makes_the_room_dirty_and_a_replay_changes_nothing,
    room_moves_and_day_lists_move_occupancy,
    the_webhook_is_signed_and_retried_until_accepted,
    the_play_day_script_plays_a_day_once,
);

/// A new token, issued by `admin`.
async fn issue(admin: &Browser) -> PmsTokenIssued {
    let create = PmsTokenCreate {
        id: Uuid::new_v4(),
        name: "OPERA".into(),
    };
    admin.post_created("/api/pms/tokens", &create).await
}

/// A fresh token of the demo hotel's secret, issued by its admin.
async fn token(app: &TestApp) -> String {
    issue(&app.signed_in("A001").await).await.secret
}

/// Posts an event as the PMS does: a bearer token, no cookie, no CSRF header.
async fn send(app: &TestApp, token: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(format!("{}/api/pms/events", app.base))
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request reaches the server")
}

async fn receipt(app: &TestApp, token: &str, body: Value) -> PmsReceipt {
    decoded(send(app, Some(token), &body).await, 200).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

async fn tokens_are_issued_listed_without_secret_and_revoked(app: TestApp) {
    let admin = app.signed_in("A001").await;
    app.signed_in("M001")
        .await
        .get_refused("/api/pms/tokens", ErrorCode::Forbidden)
        .await;
    let body = admin
        .post_refused(
            "/api/pms/tokens",
            &PmsTokenCreate {
                id: Uuid::new_v4(),
                name: " ".into(),
            },
            ErrorCode::Invalid,
        )
        .await;
    assert_eq!(body.fields, reasons(&[("name", "required")]));
    let issued = issue(&admin).await;
    let stored = lookup(
        &app,
        "SELECT token_hash FROM pms_tokens WHERE id = $1",
        &issued.token.id.to_string(),
    )
    .await;
    assert!(!stored.contains(&issued.secret), "kept as a hash");
    let listed = json_of(admin.get("/api/pms/tokens").await, 200).await;
    assert!(!listed.to_string().contains(&issued.secret), "never listed: {listed}");
    assert!(listed[0].get("secret").is_none());

    let check_in = json!({"event_id": "t-1", "type": "check_in", "room": "901"});
    assert_eq!(send(&app, Some(&issued.secret), &check_in).await.status(), 200);
    let used: Vec<PmsToken> = admin.get_ok("/api/pms/tokens").await;
    assert!(used[0].last_used_at.is_some());

    let revoked: PmsToken = {
        let response = admin.delete(&format!("/api/pms/tokens/{}", issued.token.id)).await;
        decoded(response, 200).await
    };
    assert!(revoked.revoked_at.is_some());
    let again = json!({"event_id": "t-2", "type": "check_in", "room": "902"});
    refused(
        send(&app, Some(&issued.secret), &again).await,
        ErrorCode::Unauthenticated,
    )
    .await;
    refused(send(&app, None, &again).await, ErrorCode::Unauthenticated).await;
    refused(
        send(&app, Some("bhp_guessed"), &again).await,
        ErrorCode::Unauthenticated,
    )
    .await;
}

async fn a_check_out_makes_the_room_dirty_and_a_replay_changes_nothing(app: TestApp) {
    to_morning(&app);
    set_room(&app, "1208", Occupancy::Occupied, Housekeeping::Inspected).await;
    let token = token(&app).await;
    let room = room_id(&app, "1208").await;
    let front_desk = app.signed_in("F101").await;
    let dnd = change(&front_desk, room, RoomAction::DoNotDisturbOn).await.unwrap();
    assert!(dnd.do_not_disturb);

    let check_out = json!({"event_id": "opera-7731", "type": "check_out", "room": "1208"});
    let first = receipt(&app, &token, check_out.clone()).await;
    assert_eq!(first.rooms.len(), 1);
    assert_eq!(
        (first.rooms[0].occupancy, first.rooms[0].housekeeping),
        (Occupancy::Departed, Housekeeping::Dirty)
    );
    let task = first.cleaning_task_id.expect("the hotel files the cleaning");
    let seen = status(&front_desk, room).await;
    assert_eq!(
        (seen.occupancy, seen.housekeeping, seen.do_not_disturb),
        (Occupancy::Departed, Housekeeping::Dirty, false)
    );
    let history: Vec<RoomHistoryEntry> = front_desk.get_ok(&format!("/api/rooms/{room}/history")).await;
    assert_eq!(history[0].what, "check_out");
    assert_eq!(history[0].source, bellhop_api::room_status::ChangeSource::Pms);
    assert_eq!(history[0].note.as_deref(), Some("opera-7731"));

    let events = count(&app, "SELECT COUNT(*) FROM room_events").await;
    let tasks = count(&app, "SELECT COUNT(*) FROM tasks").await;
    let replay = receipt(&app, &token, check_out.clone()).await;
    assert_eq!(replay, first, "the same answer");
    assert_eq!(status(&front_desk, room).await, seen, "nothing changed");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM room_events").await, events);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tasks").await, tasks);
    assert_eq!(replay.cleaning_task_id, Some(task));

    let reused = json!({"event_id": "opera-7731", "type": "check_in", "room": "1208"});
    refused(send(&app, Some(&token), &reused).await, ErrorCode::Conflict).await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/pms/events", app.base))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    refused(response, ErrorCode::MalformedRequest).await;
    let no_room = json!({"event_id": "opera-7734", "type": "check_out"});
    refused(send(&app, Some(&token), &no_room).await, ErrorCode::Invalid).await;
    let blank = json!({"event_id": " ", "type": "check_out", "room": "1208"});
    let body = refused(send(&app, Some(&token), &blank).await, ErrorCode::Invalid).await;
    assert_eq!(body.fields, reasons(&[("event_id", "required")]));

    // The token is the hotel's: another hotel's room numbers are unknown here.
    let elsewhere = app.another_hotel().await;
    app.exec(
        "INSERT INTO rooms (id, property_id, number, floor) VALUES ($1, $2, '7001', 7)",
        &[&Uuid::new_v4().to_string(), &elsewhere],
    )
    .await;
    let outside = receipt(
        &app,
        &token,
        json!({"event_id": "opera-7735", "type": "check_in", "room": "7001"}),
    )
    .await;
    assert_eq!(
        (outside.rooms.len(), outside.unknown_rooms.as_slice()),
        (0, ["7001".to_owned()].as_slice())
    );

    // The hotel may leave the cleaning to the supervisor.
    let admin = app.signed_in("A001").await;
    let settings = PmsSettings {
        checkout_files_cleaning: false,
        webhook_url: None,
        webhook_secret: None,
    };
    let _: PmsSettingsView = admin.put_ok("/api/pms/settings", &settings).await;
    set_room(&app, "1207", Occupancy::Occupied, Housekeeping::Clean).await;
    let quiet = receipt(
        &app,
        &token,
        json!({"event_id": "opera-7736", "type": "check_out", "room": "1207"}),
    )
    .await;
    assert_eq!(quiet.cleaning_task_id, None);
}

async fn room_moves_and_day_lists_move_occupancy(app: TestApp) {
    set_room(&app, "901", Occupancy::Occupied, Housekeeping::Clean).await;
    set_room(&app, "1002", Occupancy::Vacant, Housekeeping::Inspected).await;
    set_room(&app, "1003", Occupancy::Vacant, Housekeeping::Inspected).await;
    set_room(&app, "1004", Occupancy::Occupied, Housekeeping::Clean).await;
    let token = token(&app).await;
    let moved = receipt(
        &app,
        &token,
        json!({"event_id": "m-1", "type": "room_move", "from_room": "901", "to_room": "1002"}),
    )
    .await;
    let states: Vec<(&str, Occupancy, Housekeeping)> = moved
        .rooms
        .iter()
        .map(|r| (r.number.as_str(), r.occupancy, r.housekeeping))
        .collect();
    assert_eq!(
        states,
        [
            ("901", Occupancy::Departed, Housekeeping::Dirty),
            ("1002", Occupancy::Occupied, Housekeeping::Inspected)
        ]
    );
    let day = receipt(
        &app,
        &token,
        json!({"event_id": "d-1", "type": "day_list", "arrivals": ["1003", "1004"], "departures": ["1004", "9999"]}),
    )
    .await;
    let occupancy: Vec<(&str, Occupancy)> = day.rooms.iter().map(|r| (r.number.as_str(), r.occupancy)).collect();
    assert_eq!(
        occupancy,
        [
            ("1003", Occupancy::ArrivalExpected),
            ("1004", Occupancy::Occupied),
            ("1004", Occupancy::DueOut)
        ],
        "an occupied room is no arrival"
    );
    assert_eq!(day.unknown_rooms, ["9999"]);
    let manager = app.signed_in("M001").await;
    let arriving: Vec<RoomStatus> = manager.get_ok("/api/rooms/board?occupancy=arrival_expected").await;
    assert!(arriving.iter().any(|r| r.number == "1003"));
}

/// What the local receiver heard: each request's headers and body.
type Heard = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A PMS stand-in on a free port that answers 500 to the first delivery and 200 after.
async fn receiver() -> (String, Heard) {
    let heard: Heard = Arc::default();
    let log = heard.clone();
    let app = axum::Router::new().route(
        "/hooks/bellhop",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let log = log.clone();
            async move {
                let mut log = log.lock().unwrap();
                log.push((headers, body));
                if log.len() == 1 {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/bellhop", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, heard)
}

async fn the_webhook_is_signed_and_retried_until_accepted(app: TestApp) {
    let secret = "a-shared-secret-of-the-pms";
    let (url, heard) = receiver().await;
    let admin = app.signed_in("A001").await;
    let bad = PmsSettings {
        checkout_files_cleaning: true,
        webhook_url: Some("ftp://pms.example".into()),
        webhook_secret: Some(secret.into()),
    };
    let body = admin.put_refused("/api/pms/settings", &bad, ErrorCode::Invalid).await;
    assert_eq!(body.fields, reasons(&[("webhook_url", "url_format")]));
    let no_secret = PmsSettings {
        webhook_url: Some(url.clone()),
        webhook_secret: None,
        ..bad.clone()
    };
    let body = admin
        .put_refused("/api/pms/settings", &no_secret, ErrorCode::Invalid)
        .await;
    assert_eq!(body.fields, reasons(&[("webhook_secret", "required")]));
    let settings = PmsSettings {
        webhook_url: Some(url.clone()),
        ..bad
    };
    let view: PmsSettingsView = admin.put_ok("/api/pms/settings", &settings).await;
    assert!(view.has_webhook_secret);
    let view: PmsSettingsView = admin.get_ok("/api/pms/settings").await;
    assert_eq!(view.webhook_url.as_deref(), Some(url.as_str()));

    set_room(&app, "1101", Occupancy::Vacant, Housekeeping::Clean).await;
    let room = room_id(&app, "1101").await;
    let manager = app.signed_in("M001").await;
    change_with(
        &manager,
        room,
        |c| c.reason = Some("Broken window".into()),
        RoomAction::OutOfOrder,
    )
    .await
    .unwrap();

    assert_eq!(webhook::run_once(&app.state).await.unwrap(), 0, "the receiver failed");
    assert_eq!(heard.lock().unwrap().len(), 1);
    assert_eq!(webhook::run_once(&app.state).await.unwrap(), 0, "not due again yet");
    assert_eq!(heard.lock().unwrap().len(), 1);
    let log: Vec<WebhookDelivery> = admin.get_ok("/api/pms/webhook/deliveries").await;
    assert_eq!(
        (log[0].attempts, log[0].last_status, log[0].delivered_at),
        (1, Some(500), None)
    );
    let next = log[0].next_attempt_at.expect("a retry is due");
    assert_eq!((next - log[0].created_at).num_seconds(), 30, "the first back-off");

    app.advance(std::time::Duration::from_secs(31));
    assert_eq!(webhook::run_once(&app.state).await.unwrap(), 1);
    let requests = heard.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    let (headers, text) = &requests[1];
    assert_eq!(text, &requests[0].1, "the same body again");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(text.as_bytes());
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        headers[SIGNATURE_HEADER].to_str().unwrap(),
        format!("sha256={expected}")
    );
    let body: WebhookBody = serde_json::from_str(text).unwrap();
    assert_eq!((body.event, body.room.as_str()), (WebhookEvent::RoomOutOfOrder, "1101"));
    assert_eq!(headers[DELIVERY_HEADER].to_str().unwrap(), body.delivery_id.to_string());

    let log: Vec<WebhookDelivery> = admin.get_ok("/api/pms/webhook/deliveries").await;
    assert_eq!(
        (log[0].attempts, log[0].last_status, log[0].next_attempt_at),
        (2, Some(200), None)
    );
    assert!(log[0].delivered_at.is_some());
    app.signed_in("M001")
        .await
        .get_refused("/api/pms/webhook/deliveries", ErrorCode::Forbidden)
        .await;

    // Back in order is news too; a dirty room is not.
    change(&manager, room, RoomAction::BackInOrder).await.unwrap();
    assert_eq!(webhook::run_once(&app.state).await.unwrap(), 1);
    let last: WebhookBody = serde_json::from_str(&heard.lock().unwrap()[2].1).unwrap();
    assert_eq!(last.event, WebhookEvent::RoomBackInOrder);
    assert_eq!(webhook::run_once(&app.state).await.unwrap(), 0);
}

/// Runs `scripts/pms/play-day.sh` against the test server for `day`.
async fn play_day(app: &TestApp, token: &str, day: &str) -> std::process::Output {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/pms/play-day.sh");
    let mut command = std::process::Command::new("bash");
    command
        .args([script, app.base.as_str(), day])
        .env("BELLHOP_PMS_TOKEN", token)
        .env("PAUSE", "0");
    tokio::task::spawn_blocking(move || command.output().expect("bash runs the script"))
        .await
        .unwrap()
}

async fn the_play_day_script_plays_a_day_once(app: TestApp) {
    let token = token(&app).await;
    let played = play_day(&app, &token, "2026-12-06").await;
    let out = String::from_utf8_lossy(&played.stdout);
    // The script stops at the first answer that is not a 200.
    assert!(
        played.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&played.stderr)
    );
    assert_eq!(out.matches("\n200 {").count(), 15, "{out}");
    let manager = app.signed_in("M001").await;
    let board: Vec<RoomStatus> = manager.get_ok("/api/rooms/board").await;
    let state = |number: &str| {
        let room = board.iter().find(|r| r.number == number).unwrap();
        (room.occupancy, room.housekeeping)
    };
    assert_eq!(state("902"), (Occupancy::Departed, Housekeeping::Dirty));
    assert_eq!(state("904").0, Occupancy::Occupied);
    assert_eq!(
        (state("908").0, state("1204").0),
        (Occupancy::Departed, Occupancy::Occupied)
    );

    let events = count(&app, "SELECT COUNT(*) FROM room_events").await;
    assert!(play_day(&app, &token, "2026-12-06").await.status.success());
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM room_events").await,
        events,
        "the same day again changes nothing"
    );
}
