//! The room board through the API, on SQLite and PostgreSQL: who may make which change,
//! the clean → inspection → inspected loop and its failure, out of order through a
//! repair or a manager and back when the repair is verified, the front desk's queue,
//! the history with who and when, live room events, and another hotel's rooms.

use bellhop_api::live::LiveEvent;
use bellhop_api::room_assignments::{AssignmentsSave, AttendantDay, AttendantRooms};
use bellhop_api::room_status::{
    BoardCounts, ChangeSource, Discrepancy, Housekeeping, Occupancy, RoomAction, RoomHistoryEntry, RoomQueue,
    RoomStatus, RoomStatusChange, Seen,
};
use bellhop_api::rooms::{Room, RoomUpdate};
use bellhop_api::tasks::{ChecklistTick, Task, TaskAction, TaskActionRequest, TaskStatus};
use bellhop_api::{ErrorBody, ErrorCode};
use chrono::{Duration as Span, NaiveTime, TimeZone};
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    attendants_clean_their_rooms_and_the_inspection_makes_them_ready,
    a_failed_inspection_sends_the_room_back_with_a_re_clean,
    out_of_order_only_through_a_repair_or_a_manager_and_back_when_verified,
    the_front_desk_queues_a_room_for_a_waiting_guest,
    guest_flags_and_discrepancies_show_on_the_board,
    room_changes_reach_every_tablet,
    another_hotels_rooms_are_out_of_reach,
    a_retired_room_keeps_its_status_but_takes_no_change,
);

/// Moves the clock to the next 09:00 in the demo hotel (Hong Kong), so a test's day does
/// not end halfway through it.
pub fn to_morning(app: &TestApp) {
    let tz = chrono_tz::Asia::Hong_Kong;
    let now = app.clock.now().with_timezone(&tz);
    let mut nine = tz
        .from_local_datetime(&now.date_naive().and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap()))
        .unwrap();
    if nine <= now {
        nine += Span::days(1);
    }
    app.clock.advance((nine - now).to_std().unwrap());
}

pub async fn room_id(app: &TestApp, number: &str) -> Uuid {
    uuid(lookup(app, "SELECT id FROM rooms WHERE number = $1", number).await)
}

/// Puts a room in a known state, as the PMS and a night of work would have left it.
pub async fn set_room(app: &TestApp, number: &str, occupancy: Occupancy, housekeeping: Housekeeping) {
    app.exec(
        "UPDATE rooms SET occupancy = $1, housekeeping = $2, ooo_reason = NULL WHERE number = $3",
        &[occupancy.code(), housekeeping.code(), number],
    )
    .await;
}

/// Today's lists, saved by housekeeping's supervisor: (attendant, rooms).
pub async fn assign(app: &TestApp, lists: &[(&str, &[&str])]) -> Vec<AttendantDay> {
    let supervisor = app.signed_in("S201").await;
    let mut attendants = Vec::new();
    for (employee_no, rooms) in lists {
        let mut room_ids = Vec::new();
        for number in *rooms {
            room_ids.push(room_id(app, number).await);
        }
        attendants.push(AttendantRooms {
            attendant_id: app.staff_uuid(employee_no).await,
            room_ids,
        });
    }
    supervisor
        .put_ok("/api/rooms/assignments", &AssignmentsSave { attendants })
        .await
}

pub async fn status(by: &Browser, room: Uuid) -> RoomStatus {
    by.get_ok(&format!("/api/rooms/{room}/status")).await
}

/// Takes `action` on the room's current version; the answer or the refusal.
pub async fn change_with(
    by: &Browser,
    room: Uuid,
    adjust: impl FnOnce(&mut RoomStatusChange),
    action: RoomAction,
) -> Result<RoomStatus, (u16, ErrorBody)> {
    let version = by
        .get_ok::<RoomStatus>(&format!("/api/rooms/{room}/status"))
        .await
        .version;
    let mut body = RoomStatusChange::new(version, action);
    adjust(&mut body);
    let response = by.post(&format!("/api/rooms/{room}/status"), &body).await;
    let code = response.status().as_u16();
    if code == 200 {
        Ok(decoded(response, 200).await)
    } else {
        let body: ErrorBody = decoded(response, code).await;
        assert_eq!(body.error.status(), code, "{body:?}");
        Err((code, body))
    }
}

pub async fn change(by: &Browser, room: Uuid, action: RoomAction) -> Result<RoomStatus, (u16, ErrorBody)> {
    change_with(by, room, |_| {}, action).await
}

/// The active task of `type_code` in the room.
pub async fn task_of(app: &TestApp, number: &str, type_code: &str) -> Option<Uuid> {
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT t.id FROM tasks t JOIN task_types ty ON ty.id = t.type_id JOIN rooms r ON r.id = t.room_id \
         WHERE r.number = $1 AND ty.code = $2 AND t.is_active = 1 ORDER BY t.created_at DESC LIMIT 1",
    )
    .bind(number)
    .bind(type_code)
    .fetch_optional(&app.state.db.pool)
    .await
    .unwrap();
    found.map(|(id,)| uuid(id))
}

async fn task_act(by: &Browser, id: Uuid, action: TaskAction) -> Task {
    let version = by.get_ok::<Task>(&format!("/api/tasks/{id}")).await.summary.version;
    let request = TaskActionRequest {
        version,
        action,
        reason: None,
    };
    by.post_ok(&format!("/api/tasks/{id}/actions"), &request).await
}

/// Works the task through to done (ticking its checklist on the way) as `by`.
pub async fn work_to_done(by: &Browser, id: Uuid) -> Task {
    task_act(by, id, TaskAction::Accept).await;
    let task = task_act(by, id, TaskAction::Start).await;
    let mut version = task.summary.version;
    for position in 0..task.checklist.len() {
        let tick = ChecklistTick { version, done: true };
        let task: Task = by.put_ok(&format!("/api/tasks/{id}/checklist/{position}"), &tick).await;
        version = task.summary.version;
    }
    task_act(by, id, TaskAction::Done).await
}

async fn attendants_clean_their_rooms_and_the_inspection_makes_them_ready(app: TestApp) {
    to_morning(&app);
    set_room(&app, "901", Occupancy::Departed, Housekeeping::Dirty).await;
    assign(&app, &[("H201", &["901"]), ("H202", &["902"])]).await;
    let room = room_id(&app, "901").await;
    let (attendant, other, front_desk, supervisor) = (
        app.signed_in("H201").await,
        app.signed_in("H202").await,
        app.signed_in("F101").await,
        app.signed_in("S201").await,
    );

    for outsider in [&other, &front_desk] {
        let (code, body) = change(outsider, room, RoomAction::MarkClean).await.unwrap_err();
        assert_eq!((code, body.error), (403, ErrorCode::Forbidden));
    }
    change(&attendant, room, RoomAction::StartCleaning).await.unwrap();
    let clean = change(&attendant, room, RoomAction::MarkClean).await.unwrap();
    assert_eq!(clean.housekeeping, Housekeeping::Clean);
    assert_eq!(clean.attendant_name.as_deref(), Some("Fong Leung"));
    let (code, _) = change(&attendant, room, RoomAction::FailInspection).await.unwrap_err();
    assert_eq!(code, 403, "attendants do not judge their own work");
    let (code, _) = change(&attendant, room, RoomAction::MarkClean).await.unwrap_err();
    assert_eq!(code, 409, "a clean room cannot be cleaned again");

    // Marking it clean filed the 3-step inspection; its Done makes the room inspected.
    let inspection = task_of(&app, "901", "inspection")
        .await
        .expect("an inspection was filed");
    let done = work_to_done(&supervisor, inspection).await;
    assert_eq!(done.checklist.len(), 3, "the 3-step check-out inspection");
    assert_eq!(done.summary.status, TaskStatus::Done);
    let ready = status(&front_desk, room).await;
    assert_eq!(ready.housekeeping, Housekeeping::Inspected);
    assert!(ready.is_ready());
    let board: Vec<RoomStatus> = front_desk.get_ok("/api/rooms/board?ready=true").await;
    assert!(board.iter().any(|r| r.room_id == room), "the front desk sees it ready");
    assert!(board.iter().all(RoomStatus::is_ready));
    let inspected: Vec<RoomStatus> = front_desk
        .get_ok("/api/rooms/board?housekeeping=inspected&floor=9")
        .await;
    assert!(inspected
        .iter()
        .all(|r| r.floor == 9 && r.housekeeping == Housekeeping::Inspected));
    let counts: BoardCounts = front_desk.get_ok("/api/rooms/board/counts").await;
    assert_eq!(counts.total, 40);
    let sum: u32 = counts.housekeeping.iter().map(|c| c.rooms).sum();
    assert_eq!(sum, 40, "every room in one state");

    let history: Vec<RoomHistoryEntry> = front_desk.get_ok(&format!("/api/rooms/{room}/history")).await;
    let whats: Vec<&str> = history.iter().map(|e| e.what.as_str()).collect();
    assert_eq!(whats, ["inspected", "mark_clean", "start_cleaning"], "newest first");
    assert_eq!(history[0].source, ChangeSource::Task);
    assert_eq!(history[0].actor_name.as_deref(), Some("Mei Ling Ho"));
    assert_eq!(history[0].task_id, Some(inspection));
    assert_eq!(
        (history[0].from_housekeeping, history[0].to_housekeeping),
        (Some(Housekeeping::Clean), Some(Housekeeping::Inspected))
    );
    assert_eq!(history[1].actor_id, Some(app.staff_uuid("H201").await));
    assert_eq!(history[1].source, ChangeSource::Staff);
}

async fn a_failed_inspection_sends_the_room_back_with_a_re_clean(app: TestApp) {
    to_morning(&app);
    set_room(&app, "902", Occupancy::Departed, Housekeeping::Dirty).await;
    assign(&app, &[("H201", &["902"])]).await;
    let room = room_id(&app, "902").await;
    let (attendant, supervisor) = (app.signed_in("H201").await, app.signed_in("S201").await);
    change(&attendant, room, RoomAction::MarkClean).await.unwrap();
    let inspection = task_of(&app, "902", "inspection").await.unwrap();

    let (code, body) = change(&supervisor, room, RoomAction::FailInspection).await.unwrap_err();
    assert_eq!((code, body.fields), (422, reasons(&[("reason", "required")])));
    let stale = RoomStatusChange {
        reason: Some("Hair in the basin".into()),
        ..RoomStatusChange::new(1, RoomAction::FailInspection)
    };
    let body = supervisor
        .post_refused(&format!("/api/rooms/{room}/status"), &stale, ErrorCode::Conflict)
        .await;
    assert!(body.message.contains("first"), "{body:?}");
    let failed = change_with(
        &supervisor,
        room,
        |c| c.reason = Some("Hair in the basin".into()),
        RoomAction::FailInspection,
    )
    .await
    .unwrap();
    assert_eq!(failed.housekeeping, Housekeeping::Dirty);

    let cancelled: Task = supervisor.get_ok(&format!("/api/tasks/{inspection}")).await;
    assert_eq!(cancelled.summary.status, TaskStatus::Cancelled);
    let reclean = task_of(&app, "902", "cleaning").await.expect("a re-clean was filed");
    let reclean: Task = attendant.get_ok(&format!("/api/tasks/{reclean}")).await;
    assert_eq!(
        reclean.summary.assignee_id,
        Some(app.staff_uuid("H201").await),
        "back to its attendant"
    );
    assert!(reclean.details.contains("Hair in the basin"), "{}", reclean.details);
    let history: Vec<RoomHistoryEntry> = attendant.get_ok(&format!("/api/rooms/{room}/history")).await;
    assert_eq!(history[0].what, "fail_inspection");
    assert_eq!(history[0].note.as_deref(), Some("Hair in the basin"));

    // The attendant cleans it again; a pick-up of a dirty room does not apply.
    let (code, _) = change(&attendant, room, RoomAction::MarkPickUp).await.unwrap_err();
    assert_eq!(code, 409);
    let again = change(&attendant, room, RoomAction::MarkClean).await.unwrap();
    assert_eq!(again.housekeeping, Housekeeping::Clean);
    assert!(task_of(&app, "902", "inspection").await.is_some(), "inspected anew");
}

async fn out_of_order_only_through_a_repair_or_a_manager_and_back_when_verified(app: TestApp) {
    set_room(&app, "903", Occupancy::Vacant, Housekeeping::Clean).await;
    set_room(&app, "904", Occupancy::Vacant, Housekeeping::Clean).await;
    let (broken, other) = (room_id(&app, "903").await, room_id(&app, "904").await);
    let (hk_supervisor, engineering, engineer, manager) = (
        app.signed_in("S201").await,
        app.signed_in("S301").await,
        app.signed_in("E301").await,
        app.signed_in("M001").await,
    );
    let leak = |c: &mut RoomStatusChange| {
        c.reason = Some("Air conditioner leaking".into());
        c.until = chrono::NaiveDate::from_ymd_opt(2030, 1, 2);
    };
    let (code, _) = change_with(&hk_supervisor, broken, leak, RoomAction::OutOfOrder)
        .await
        .unwrap_err();
    assert_eq!(code, 403, "not without a repair task");

    let repair_type = uuid(lookup(&app, "SELECT id FROM task_types WHERE code = $1", "repair").await);
    let repair: Task = engineering
        .post_created(
            "/api/tasks",
            &bellhop_api::tasks::TaskCreate {
                room_id: Some(broken),
                ..filing(repair_type, "AC leaking in 903")
            },
        )
        .await;
    let repair_id = repair.summary.id;
    let with_task = |c: &mut RoomStatusChange| {
        leak(c);
        c.repair_task_id = Some(repair_id);
    };
    let (code, _) = change_with(&engineer, broken, with_task, RoomAction::OutOfOrder)
        .await
        .unwrap_err();
    assert_eq!(code, 403, "staff do not take rooms off sale");
    let unrelated = |c: &mut RoomStatusChange| {
        leak(c);
        c.repair_task_id = Some(repair_id);
    };
    let (code, _) = change_with(&engineering, other, unrelated, RoomAction::OutOfOrder)
        .await
        .unwrap_err();
    assert_eq!(code, 403, "the repair is of another room");
    let off = change_with(&engineering, broken, with_task, RoomAction::OutOfOrder)
        .await
        .unwrap();
    assert_eq!(off.housekeeping, Housekeeping::OutOfOrder);
    let ooo = off.out_of_order.expect("its reason and repair");
    assert_eq!(ooo.repair_task_id, Some(repair_id));
    assert_eq!(ooo.reason, "Air conditioner leaking");
    assert_eq!(ooo.until, chrono::NaiveDate::from_ymd_opt(2030, 1, 2));

    // A manager needs no task, and alone brings a room back by hand.
    change_with(&manager, other, leak, RoomAction::OutOfOrder)
        .await
        .unwrap();
    let (code, _) = change(&hk_supervisor, other, RoomAction::BackInOrder)
        .await
        .unwrap_err();
    assert_eq!(code, 403);
    let back = change(&manager, other, RoomAction::BackInOrder).await.unwrap();
    assert_eq!((back.housekeeping, back.out_of_order), (Housekeeping::Dirty, None));

    // The verified repair brings its room back, to be cleaned.
    let done = work_to_done(&engineering, repair_id).await;
    assert_eq!(
        status(&manager, broken).await.housekeeping,
        Housekeeping::OutOfOrder,
        "done is not verified"
    );
    let verify = TaskActionRequest {
        version: done.summary.version,
        action: TaskAction::Verify,
        reason: None,
    };
    let _: Task = engineering
        .post_ok(&format!("/api/tasks/{repair_id}/actions"), &verify)
        .await;
    let returned = status(&manager, broken).await;
    assert_eq!(
        (returned.housekeeping, returned.out_of_order),
        (Housekeeping::Dirty, None)
    );
    let history: Vec<RoomHistoryEntry> = manager.get_ok(&format!("/api/rooms/{broken}/history")).await;
    assert_eq!(history[0].what, "back_in_order");
    assert_eq!(
        (history[0].source, history[0].task_id),
        (ChangeSource::Task, Some(repair_id))
    );
    assert_eq!(history[1].actor_name.as_deref(), Some("Kenneth Lee"));
}

async fn the_front_desk_queues_a_room_for_a_waiting_guest(app: TestApp) {
    to_morning(&app);
    for number in ["905", "906", "907"] {
        set_room(&app, number, Occupancy::Departed, Housekeeping::Dirty).await;
    }
    assign(&app, &[("H201", &["905", "906", "907"])]).await;
    let (front_desk, attendant) = (app.signed_in("F101").await, app.signed_in("H201").await);
    let room = room_id(&app, "907").await;
    let refused = attendant
        .post_refused(
            &format!("/api/rooms/{room}/queue"),
            &RoomQueue { waiting: true },
            ErrorCode::Forbidden,
        )
        .await;
    assert_eq!(refused.error, ErrorCode::Forbidden);
    let queued: RoomStatus = front_desk
        .post_ok(&format!("/api/rooms/{room}/queue"), &RoomQueue { waiting: true })
        .await;
    assert!(queued.urgent);
    let mine: AttendantDay = attendant.get_ok("/api/rooms/mine").await;
    let order: Vec<&str> = mine.rooms.iter().map(|r| r.status.number.as_str()).collect();
    assert_eq!(order, ["907", "905", "906"], "the waiting guest's room first");
    assert!(mine.rooms[0].status.urgent);
    assert_eq!(mine.progress.rooms, 3);

    // Clean and inspected: ready, and no longer queued.
    change(&attendant, room, RoomAction::MarkClean).await.unwrap();
    let inspection = task_of(&app, "907", "inspection").await.unwrap();
    let supervisor = app.signed_in("S201").await;
    let task: Task = supervisor.get_ok(&format!("/api/tasks/{inspection}")).await;
    assert_eq!(task.summary.priority, 1, "the inspection of a queued room is urgent");
    work_to_done(&supervisor, inspection).await;
    let ready = status(&front_desk, room).await;
    assert!(ready.is_ready() && !ready.urgent, "{ready:?}");
    let mine: AttendantDay = attendant.get_ok("/api/rooms/mine").await;
    assert_eq!((mine.progress.done, mine.progress.rooms), (1, 3));
}

async fn guest_flags_and_discrepancies_show_on_the_board(app: TestApp) {
    to_morning(&app);
    set_room(&app, "908", Occupancy::Occupied, Housekeeping::Dirty).await;
    assign(&app, &[("H202", &["908"])]).await;
    let room = room_id(&app, "908").await;
    let (front_desk, attendant) = (app.signed_in("F102").await, app.signed_in("H202").await);
    let dnd = change(&front_desk, room, RoomAction::DoNotDisturbOn).await.unwrap();
    assert!(dnd.do_not_disturb);
    let (code, body) = change(&attendant, room, RoomAction::ReportSeen).await.unwrap_err();
    assert_eq!((code, body.fields), (422, reasons(&[("seen", "required")])));
    let skip = change_with(
        &attendant,
        room,
        |c| c.seen = Some(Seen::Vacant),
        RoomAction::ReportSeen,
    )
    .await
    .unwrap();
    assert_eq!(
        skip.discrepancy,
        Some(Discrepancy::Skip),
        "the desk has a guest, the room is empty"
    );
    let counts: BoardCounts = front_desk.get_ok("/api/rooms/board/counts").await;
    assert!(counts.discrepancies >= 1 && counts.do_not_disturb >= 1, "{counts:?}");
    let occupied: Vec<RoomStatus> = front_desk.get_ok("/api/rooms/board?occupancy=occupied").await;
    assert!(occupied.iter().any(|r| r.room_id == room));
    assert!(occupied.iter().all(|r| r.occupancy == Occupancy::Occupied));
    front_desk
        .get_refused("/api/rooms/board?housekeeping=sparkling", ErrorCode::MalformedRequest)
        .await;
}

async fn room_changes_reach_every_tablet(app: TestApp) {
    to_morning(&app);
    set_room(&app, "909", Occupancy::Departed, Housekeeping::Dirty).await;
    assign(&app, &[("H203", &["909"])]).await;
    let room = room_id(&app, "909").await;
    let (front_desk, engineer, attendant) = (
        app.signed_in("F101").await,
        app.signed_in("E302").await,
        app.signed_in("H203").await,
    );
    let mut desk_feed = Feed::open(&front_desk).await;
    let mut engineering_feed = Feed::open(&engineer).await;
    let clean = change(&attendant, room, RoomAction::MarkClean).await.unwrap();
    for feed in [&mut desk_feed, &mut engineering_feed] {
        let change = next_room_event(feed).await;
        assert_eq!(change.room_id, room);
        assert_eq!(change.housekeeping, Housekeeping::Clean);
        assert_eq!(change.version, clean.version);
    }
}

/// The next `room` event of the feed.
async fn next_room_event(feed: &mut Feed) -> bellhop_api::live::RoomChanged {
    loop {
        let heard = feed.next_any().await;
        if let LiveEvent::Room(change) = heard.event() {
            return change;
        }
    }
}

/// A chain's tablets on another copy of the server hear the board change too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn room_changes_reach_the_tablets_of_another_server() {
    let first = spawn_app(Backend::Postgres).await;
    let second = first.second_server().await;
    let room = room_id(&first, "1208").await;
    let mut there = Feed::open(&second.signed_in("F102").await).await;
    let off = change_with(
        &first.signed_in("M001").await,
        room,
        |c| c.reason = Some("Flooded bathroom".into()),
        RoomAction::OutOfOrder,
    )
    .await
    .unwrap();
    let heard = next_room_event(&mut there).await;
    assert_eq!((heard.room_id, heard.version), (room, off.version));
    assert_eq!(heard.housekeeping, Housekeeping::OutOfOrder);
}

async fn another_hotels_rooms_are_out_of_reach(app: TestApp) {
    let elsewhere = app.another_hotel().await;
    let id = Uuid::new_v4();
    app.exec(
        "INSERT INTO rooms (id, property_id, number, floor) VALUES ($1, $2, '7001', 7)",
        &[&id.to_string(), &elsewhere],
    )
    .await;
    let manager = app.signed_in("M001").await;
    manager
        .get_refused(&format!("/api/rooms/{id}/status"), ErrorCode::NotFound)
        .await;
    manager
        .get_refused(&format!("/api/rooms/{id}/history"), ErrorCode::NotFound)
        .await;
    manager
        .post_refused(
            &format!("/api/rooms/{id}/status"),
            &RoomStatusChange::new(1, RoomAction::OutOfService),
            ErrorCode::NotFound,
        )
        .await;
    let board: Vec<RoomStatus> = manager.get_ok("/api/rooms/board").await;
    assert_eq!(board.len(), 40);
    assert!(board.iter().all(|r| r.room_id != id));
}

async fn a_retired_room_keeps_its_status_but_takes_no_change(app: TestApp) {
    let room = room_id(&app, "905").await;
    let manager = app.signed_in("M001").await;
    let retire = RoomUpdate {
        active: Some(false),
        ..RoomUpdate::default()
    };
    let _: Room = manager.patch_ok(&format!("/api/rooms/{room}"), &retire).await;
    let before = status(&manager, room).await;
    let (code, body) = change(&manager, room, RoomAction::OutOfService).await.unwrap_err();
    assert_eq!((code, body.error), (409, ErrorCode::Conflict));
    manager
        .post_refused(
            &format!("/api/rooms/{room}/queue"),
            &RoomQueue { waiting: true },
            ErrorCode::Conflict,
        )
        .await;
    assert_eq!(status(&manager, room).await, before, "nothing changed");
    let board: Vec<RoomStatus> = manager.get_ok("/api/rooms/board").await;
    assert!(board.iter().all(|r| r.room_id != room), "off the board");
}
