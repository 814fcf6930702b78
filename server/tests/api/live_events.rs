//! The live event stream's ids, on SQLite and PostgreSQL: they rise, a reconnect with
//! the last one heard replays exactly what was missed (what the person may hear of, in
//! order, then live ones), a reconnect too late or with an unknown id gets a `resync`,
//! and a write that rolls back announces nothing. A repair filed for an engineer is two
//! events for them: the task, and their notification of it, numbered one after the
//! other (one transaction).

use std::time::Duration;

use bellhop_server::live::window;
use bellhop_server::routes::tasks::store;

use bellhop_api::live::LiveEvent;
use bellhop_api::notifications::NotificationKind;
use bellhop_api::tasks::{Task, TaskAction, TaskActionRequest, TaskCreate};
use bellhop_api::ErrorCode;

use crate::common::*;

on_both_databases!(
    ids_rise_and_a_reconnect_hears_exactly_what_it_missed,
    a_reconnect_past_the_window_or_with_an_unknown_id_resyncs,
    a_rolled_back_write_announces_nothing,
);

/// Files a task of `type_code` in room 1208, for `holder` (an employee number) or the
/// department's pool; returns its id.
async fn file(app: &TestApp, by: &Browser, type_code: &str, holder: Option<&str>) -> String {
    let assignee_id = match holder {
        Some(no) => Some(app.staff_uuid(no).await),
        None => None,
    };
    let body = TaskCreate {
        room_id: Some(uuid(
            lookup(app, "SELECT id FROM rooms WHERE number = $1", "1208").await,
        )),
        assignee_id,
        ..filing(
            uuid(lookup(app, "SELECT id FROM task_types WHERE code = $1", type_code).await),
            format!("{type_code} in 1208"),
        )
    };
    let task: Task = by.post_created("/api/tasks", &body).await;
    task.summary.id.to_string()
}

/// Files a repair in room 1208 for E301, the engineer listening; returns its id.
async fn repair(app: &TestApp, by: &Browser) -> String {
    file(app, by, "repair", Some("E301")).await
}

/// The next event, which must be a `task` event about `task_id`.
async fn hears_task(feed: &mut Feed, task_id: &str) -> Heard {
    let heard = feed.next_any().await;
    match heard.event() {
        LiveEvent::Task(change) => assert_eq!(change.task_id, uuid(task_id), "{heard:?}"),
        other => panic!("a task event, not {other:?}"),
    }
    heard
}

/// The two events a task filed for the listener makes: the `task` event about
/// `task_id`, then, numbered next, their `notification` that it is theirs.
async fn hears_given(feed: &mut Feed, task_id: &str) -> (Heard, Heard) {
    let task = hears_task(feed, task_id).await;
    let told = feed.next_any().await;
    match told.event() {
        LiveEvent::Notification(change) => assert_eq!(change.kind, Some(NotificationKind::TaskAssigned), "{told:?}"),
        other => panic!("a notification event, not {other:?}"),
    }
    assert_eq!(
        told.seq(),
        task.seq() + 1,
        "one transaction, one number after the other"
    );
    (task, told)
}

async fn ids_rise_and_a_reconnect_hears_exactly_what_it_missed(app: TestApp) {
    let engineer = app.signed_in("E301").await;
    let front_desk = app.signed_in("F101").await;
    let mut feed = Feed::open(&engineer).await;
    let (_, first) = hears_given(&mut feed, &repair(&app, &front_desk).await).await;
    let (task, second) = hears_given(&mut feed, &repair(&app, &front_desk).await).await;
    assert!(task.seq() > first.seq(), "ids rise: {first:?} then {task:?}");
    drop(feed);

    // While the tablet is away: three repairs, and a cleaning it may not hear of.
    let mut missed = Vec::new();
    for _ in 0..2 {
        missed.push(repair(&app, &front_desk).await);
    }
    file(&app, &front_desk, "cleaning", None).await;
    missed.push(repair(&app, &front_desk).await);

    let second_id = second.id.clone();
    let mut feed = Feed::open_at(&engineer, "/api/events", second_id.as_deref()).await;
    let mut last = second.seq();
    for task_id in &missed {
        let (task, told) = hears_given(&mut feed, task_id).await;
        assert!(task.seq() > last, "in order");
        last = told.seq();
    }
    let live = repair(&app, &front_desk).await;
    let (task, heard) = hears_given(&mut feed, &live).await;
    assert!(task.seq() > last);
    assert_eq!(feed.within(Duration::from_millis(300)).await, None, "nothing twice");

    // The app opening the stream again names the id in the query.
    let path = format!("/api/events?last_event_id={}", second.seq());
    let mut feed = Feed::open_at(&engineer, &path, None).await;
    for task_id in missed.iter().chain([&live]) {
        hears_given(&mut feed, task_id).await;
    }
    // The browser's own reconnect of that stream sends the header, which wins.
    let mut feed = Feed::open_at(&engineer, &path, Some(&heard.seq().to_string())).await;
    assert_eq!(feed.within(Duration::from_millis(300)).await, None);
    assert_eq!(
        feed.last_id,
        Some(heard.seq().to_string()),
        "the stream says where it is"
    );
}

async fn a_reconnect_past_the_window_or_with_an_unknown_id_resyncs(app: TestApp) {
    let engineer = app.signed_in("E301").await;
    let front_desk = app.signed_in("F101").await;
    let mut feed = Feed::open(&engineer).await;
    let (_, heard) = hears_given(&mut feed, &repair(&app, &front_desk).await).await;
    drop(feed);
    let latest = repair(&app, &front_desk).await;

    // Ahead of the hotel's sequence (another database), or not an id at all.
    let resync = resyncs(&engineer, &(heard.seq() + 100).to_string()).await;
    assert_eq!(
        resync.seq(),
        heard.seq() + 2,
        "a resync says where the stream goes on: after the latest task and its notification"
    );
    resyncs(&engineer, "yesterday").await;

    // A day later the missed event is out of the window, and then forgotten.
    app.advance(Duration::from_secs(25 * 3600));
    let engineer = app.signed_in("E301").await;
    let front_desk = app.signed_in("F101").await;
    resyncs(&engineer, &heard.seq().to_string()).await;
    let pruned = window::prune(&app.state.db, app.clock.now_ms()).await.unwrap();
    assert!(pruned >= 2, "pruned {pruned}");
    let resync = resyncs(&engineer, &heard.seq().to_string()).await;

    // Going on from the resync's id, the stream is live again.
    let mut feed = Feed::open_at(&engineer, "/api/events", resync.id.as_deref()).await;
    let next = repair(&app, &front_desk).await;
    assert_ne!(next, latest);
    assert_eq!(hears_given(&mut feed, &next).await.0.seq(), resync.seq() + 1);
}

/// Reconnects after `id`, which must bring a `resync` first.
async fn resyncs(browser: &Browser, id: &str) -> Heard {
    let mut feed = Feed::open_at(browser, "/api/events", Some(id)).await;
    let event = feed.next_any().await;
    assert_eq!(event.name, "resync", "after {id}: {event:?}");
    assert_eq!(event.event(), LiveEvent::Resync);
    event
}

async fn a_rolled_back_write_announces_nothing(app: TestApp) {
    let engineer = app.signed_in("E301").await;
    let front_desk = app.signed_in("F101").await;
    let mut feed = Feed::open(&engineer).await;
    let task_id = repair(&app, &front_desk).await;
    let (_, heard) = hears_given(&mut feed, &task_id).await;

    // A change announced, then rolled back.
    let property = lookup(&app, "SELECT property_id FROM tasks WHERE id = $1", &task_id).await;
    let mut tx = app.state.db.begin_write().await.unwrap();
    store::announce_current(&app.state, &mut tx, &property, &task_id)
        .await
        .unwrap();
    drop(tx);
    // A refused change: a stale version.
    let stale = TaskActionRequest {
        version: 99,
        action: TaskAction::Cancel,
        reason: Some("duplicate".into()),
    };
    front_desk
        .post_refused(&format!("/api/tasks/{task_id}/actions"), &stale, ErrorCode::Conflict)
        .await;
    assert_eq!(feed.within(Duration::from_millis(500)).await, None, "nothing heard");

    // The next change takes the next id: a rollback leaves no gap.
    let next = repair(&app, &front_desk).await;
    assert_eq!(hears_given(&mut feed, &next).await.0.seq(), heard.seq() + 1);
}

/// A chain's tablet reconnecting through another copy of the server picks up where it
/// left off: every copy numbers the hotel's events alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnect_through_another_server_replays_from_the_same_ids() {
    let first = spawn_app(Backend::Postgres).await;
    let second = first.second_server().await;
    let front_desk = first.signed_in("F101").await;
    let engineer_here = first.signed_in("E301").await;
    let engineer_there = second.signed_in("E301").await;
    let mut here = Feed::open(&engineer_here).await;
    let mut there = Feed::open(&engineer_there).await;
    let task_id = repair(&first, &front_desk).await;
    let (task, heard) = hears_given(&mut here, &task_id).await;
    let (task_there, heard_there) = hears_given(&mut there, &task_id).await;
    assert_eq!(
        (task_there.id, heard_there.id),
        (task.id, heard.id.clone()),
        "one id on every server"
    );
    drop(here);
    drop(there);

    let missed = [repair(&first, &front_desk).await, repair(&first, &front_desk).await];
    let mut there = Feed::open_at(&engineer_there, "/api/events", heard.id.as_deref()).await;
    for task_id in &missed {
        hears_given(&mut there, task_id).await;
    }
    assert_eq!(there.within(Duration::from_millis(300)).await, None, "each once");
}
