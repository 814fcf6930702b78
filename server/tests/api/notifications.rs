//! The inbox through the API, on SQLite and PostgreSQL: for each kind, who is told and
//! that no one else is; the list, its paging and its unread count; marking read; the
//! preferences; the live event to the person; and one notification per event and
//! person with two servers on one PostgreSQL database.

use std::time::Duration;

use bellhop_api::audit_wire::{Audit, AuditCreate, AuditTemplate, AuditTemplateCreate};
use bellhop_api::audits::{Answer, ItemKind, TemplateItem, TemplateSection};
use bellhop_api::live::LiveEvent;
use bellhop_api::notifications::{
    Notification, NotificationKind, NotificationList, NotificationPreferences, ObjectKind, QuietHours, UnreadCount,
};
use bellhop_api::quiz::{AnswerKey, Response as Reply};
use bellhop_api::tasks::{Task, TaskAction, TaskActionRequest, TaskAssign, TaskCreate};
use bellhop_api::training::{
    AnswerSave, AssignTarget, Assignment, AssignmentCreate, Attempt, AttemptQuestion, Question, QuestionInput, Quiz,
};
use bellhop_api::ErrorCode;
use bellhop_server::notify::{self, Notice, Params};
use bellhop_server::routes::tasks::escalation;
use chrono::{Datelike, NaiveDate, TimeZone};
use serde_json::json;
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    a_task_tells_its_holder_its_pool_and_of_urgent_work_its_supervisors,
    assignment_and_hand_off_tell_the_new_holder_or_pool,
    reopened_and_verified_work_is_news_to_whoever_did_it,
    late_work_tells_the_supervisors_then_the_managers_once,
    the_list_pages_newest_first_and_marking_read_counts_down,
    a_person_only_reaches_their_own_notifications,
    preferences_round_trip_in_order_and_in_range,
    a_new_notification_is_heard_live_by_its_person_only,
    audits_tell_their_auditor_then_the_audited_never_naming_the_auditor,
    quizzes_tell_who_must_take_them_when_assigned_due_and_overdue,
    a_certificate_up_for_renewal_tells_its_holder_once,
    the_star_tells_voters_when_voting_opens_and_everyone_of_the_star,
);

/// Who was told what about `object_id`: (employee number, kind), sorted.
async fn told(app: &TestApp, object_id: impl ToString) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.employee_no, n.kind FROM notifications n JOIN staff s ON s.id = n.staff_id WHERE n.object_id = $1",
    )
    .bind(object_id.to_string())
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    rows.sort();
    rows
}

/// `(employee number, kind)` pairs, as [`told`] gives them.
fn pairs(expected: &[(&str, NotificationKind)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected
        .iter()
        .map(|(who, kind)| ((*who).to_owned(), kind.code().to_owned()))
        .collect();
    pairs.sort();
    pairs
}

async fn inbox(browser: &Browser) -> NotificationList {
    browser.get_ok("/api/notifications?limit=200").await
}

async fn type_id(app: &TestApp, code: &str) -> Uuid {
    uuid(lookup(app, "SELECT id FROM task_types WHERE code = $1", code).await)
}

/// Files a task of `type_code` in room 1208 at `priority`, changed by `adjust`.
async fn file(
    app: &TestApp,
    by: &Browser,
    type_code: &str,
    priority: u8,
    adjust: impl FnOnce(&mut TaskCreate),
) -> Task {
    let room = uuid(lookup(app, "SELECT id FROM rooms WHERE number = $1", "1208").await);
    let mut body = TaskCreate {
        room_id: Some(room),
        priority,
        ..filing(
            type_id(app, type_code).await,
            format!("{type_code} at priority {priority}"),
        )
    };
    adjust(&mut body);
    by.post_created("/api/tasks", &body).await
}

async fn act(by: &Browser, task: &Task, action: TaskAction, reason: Option<&str>) -> Task {
    let current: Task = by.get_ok(&format!("/api/tasks/{}", task.summary.id)).await;
    let request = TaskActionRequest {
        version: current.summary.version,
        action,
        reason: reason.map(str::to_owned),
    };
    by.post_ok(&format!("/api/tasks/{}/actions", task.summary.id), &request)
        .await
}

async fn a_task_tells_its_holder_its_pool_and_of_urgent_work_its_supervisors(app: TestApp) {
    use NotificationKind::*;
    let front_desk = app.signed_in("F101").await;
    let e301 = app.staff_uuid("E301").await;
    let e302 = app.staff_uuid("E302").await;

    // Urgent work in the pool: everyone of engineering, nobody else (not the filer).
    let urgent_pooled = file(&app, &front_desk, "repair", 1, |_| {}).await;
    assert_eq!(
        told(&app, urgent_pooled.summary.id).await,
        pairs(&[("E301", TaskUrgent), ("E302", TaskUrgent), ("S301", TaskUrgent)])
    );
    // Other work in the pool: the department too, as work waiting in its pool.
    let pooled = file(&app, &front_desk, "repair", 3, |_| {}).await;
    assert_eq!(
        told(&app, pooled.summary.id).await,
        pairs(&[("E301", TaskPooled), ("E302", TaskPooled), ("S301", TaskPooled)])
    );
    // Held work: its holder only, and the supervisor when it is urgent.
    let held = file(&app, &front_desk, "repair", 3, |t| t.assignee_id = Some(e301)).await;
    assert_eq!(told(&app, held.summary.id).await, pairs(&[("E301", TaskAssigned)]));
    let urgent_held = file(&app, &front_desk, "repair", 1, |t| t.assignee_id = Some(e302)).await;
    assert_eq!(
        told(&app, urgent_held.summary.id).await,
        pairs(&[("E302", TaskAssigned), ("S301", TaskUrgent)])
    );
    // A complaint is urgent whatever its priority; its department is the front office,
    // whose people hear of it except the one who filed it.
    let complaint = file(&app, &front_desk, "complaint", 3, |t| {
        t.complaint = Some(bellhop_api::tasks::Complaint {
            channel: bellhop_api::tasks::ComplaintChannel::FrontDesk,
            category: bellhop_api::tasks::ComplaintCategory::Noise,
        });
    })
    .await;
    assert_eq!(
        told(&app, complaint.summary.id).await,
        pairs(&[("F102", TaskUrgent), ("S101", TaskUrgent)])
    );
    // A supervisor who gives work to themselves is not told of it.
    let supervisor = app.signed_in("S301").await;
    let s301 = app.staff_uuid("S301").await;
    let own = file(&app, &supervisor, "repair", 3, |t| t.assignee_id = Some(s301)).await;
    assert_eq!(told(&app, own.summary.id).await, pairs(&[]));

    // What the holder reads: the kind, the link and what to phrase it with.
    let engineer = app.signed_in("E302").await;
    let list = inbox(&engineer).await;
    let newest = &list.items[0];
    assert_eq!(newest.kind, TaskAssigned);
    assert_eq!(newest.object, ObjectKind::Task);
    assert_eq!(newest.object_id, urgent_held.summary.id.to_string());
    assert_eq!(
        serde_json::to_value(&newest.params).unwrap(),
        json!({"title": "repair at priority 1", "place": "1208", "priority": "1"})
    );
    assert_eq!(newest.read_at, None);
    assert_eq!((list.total, list.unread), (3, 3));
}

async fn assignment_and_hand_off_tell_the_new_holder_or_pool(app: TestApp) {
    use NotificationKind::*;
    let front_desk = app.signed_in("F101").await;
    let supervisor = app.signed_in("S301").await;
    let task = file(&app, &front_desk, "repair", 3, |_| {}).await;
    let id = task.summary.id;
    let assign = |version, assignee_id, department_id, note: Option<&str>| TaskAssign {
        version,
        assignee_id,
        department_id,
        note: note.map(str::to_owned),
    };
    let path = format!("/api/tasks/{id}/assign");
    let e301 = app.staff_uuid("E301").await;
    let given: Task = supervisor.post_ok(&path, &assign(1, Some(e301), None, None)).await;
    let mut expected = vec![
        ("E301", TaskPooled),
        ("E302", TaskPooled),
        ("S301", TaskPooled),
        ("E301", TaskAssigned),
    ];
    assert_eq!(told(&app, id).await, pairs(&expected));
    // The same holder again is no news.
    let again: Task = supervisor
        .post_ok(&path, &assign(given.summary.version, Some(e301), None, None))
        .await;
    assert_eq!(told(&app, id).await, pairs(&expected));
    // Handed to housekeeping's pool: housekeeping hears of it, nobody of engineering.
    let housekeeping = uuid(app.department_id("housekeeping").await);
    let note = Some("a leak from the ceiling: towels");
    let handed = assign(again.summary.version, None, Some(housekeeping), note);
    supervisor.post_ok::<Task>(&path, &handed).await;
    expected.extend([
        ("H201", TaskPooled),
        ("H202", TaskPooled),
        ("H203", TaskPooled),
        ("S201", TaskPooled),
    ]);
    assert_eq!(told(&app, id).await, pairs(&expected));
}

async fn reopened_and_verified_work_is_news_to_whoever_did_it(app: TestApp) {
    use NotificationKind::*;
    let front_desk = app.signed_in("F101").await;
    let engineer = app.signed_in("E301").await;
    let e301 = app.staff_uuid("E301").await;
    let task = file(&app, &front_desk, "repair", 3, |t| t.assignee_id = Some(e301)).await;
    for action in [TaskAction::Accept, TaskAction::Start, TaskAction::Done] {
        act(&engineer, &task, action, None).await;
    }
    assert_eq!(
        told(&app, task.summary.id).await,
        pairs(&[("E301", TaskAssigned)]),
        "the holder's own steps tell nobody"
    );
    act(&front_desk, &task, TaskAction::Reopen, Some("still dripping")).await;
    assert_eq!(
        told(&app, task.summary.id).await,
        pairs(&[("E301", TaskAssigned), ("E301", TaskReopened)])
    );
    for action in [TaskAction::Start, TaskAction::Done] {
        act(&engineer, &task, action, None).await;
    }
    act(&front_desk, &task, TaskAction::Verify, None).await;
    assert_eq!(
        told(&app, task.summary.id).await,
        pairs(&[("E301", TaskAssigned), ("E301", TaskReopened), ("E301", TaskVerified)])
    );
    // Work verified by the one who did it is no news to them.
    let own = file(&app, &engineer, "repair", 3, |t| t.assignee_id = Some(e301)).await;
    for action in [
        TaskAction::Accept,
        TaskAction::Start,
        TaskAction::Done,
        TaskAction::Verify,
    ] {
        act(&engineer, &own, action, None).await;
    }
    assert_eq!(told(&app, own.summary.id).await, pairs(&[]));
}

async fn late_work_tells_the_supervisors_then_the_managers_once(app: TestApp) {
    use NotificationKind::*;
    let front_desk = app.signed_in("F101").await;
    let e301 = app.staff_uuid("E301").await;
    let task = file(&app, &front_desk, "repair", 2, |t| t.assignee_id = Some(e301)).await;
    let id = task.summary.id;
    let assigned = pairs(&[("E301", TaskAssigned)]);
    assert_eq!(told(&app, id).await, assigned);

    // Past its response deadline: the supervisor of engineering, once.
    app.advance(Duration::from_secs(61 * 60));
    escalation::run_once(&app.state).await.unwrap();
    escalation::run_once(&app.state).await.unwrap();
    assert_eq!(
        told(&app, id).await,
        pairs(&[("E301", TaskAssigned), ("S301", TaskLate)])
    );
    // After the hotel's further delay: the managers, once.
    app.advance(Duration::from_secs(16 * 60));
    escalation::run_once(&app.state).await.unwrap();
    escalation::run_once(&app.state).await.unwrap();
    assert_eq!(
        told(&app, id).await,
        pairs(&[
            ("E301", TaskAssigned),
            ("S301", TaskLate),
            ("M001", TaskEscalated),
            ("M002", TaskEscalated),
        ])
    );
    let manager = app.signed_in("M001").await;
    let list = inbox(&manager).await;
    let escalated: Vec<&Notification> = list.items.iter().filter(|n| n.object_id == id.to_string()).collect();
    assert_eq!(escalated.len(), 1);
    assert_eq!(escalated[0].kind, TaskEscalated);
    assert_eq!(escalated[0].params["title"], "repair at priority 2");
}

async fn the_list_pages_newest_first_and_marking_read_counts_down(app: TestApp) {
    let front_desk = app.signed_in("F101").await;
    let engineer = app.signed_in("E301").await;
    let e301 = app.staff_uuid("E301").await;
    let mut filed = Vec::new();
    for n in 0..3 {
        let task = file(&app, &front_desk, "repair", 3, |t| {
            t.assignee_id = Some(e301);
            t.title = format!("Repair {n}");
        })
        .await;
        filed.push(task.summary.id.to_string());
        app.clock.advance(Duration::from_millis(5));
    }
    let list = inbox(&engineer).await;
    let objects: Vec<&str> = list.items.iter().map(|n| n.object_id.as_str()).collect();
    assert_eq!(objects, [&filed[2], &filed[1], &filed[0]], "newest first");
    assert_eq!((list.total, list.unread, list.offset, list.limit), (3, 3, 0, 200));
    let page: NotificationList = engineer.get_ok("/api/notifications?limit=1&offset=1").await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].object_id, filed[1]);
    assert_eq!((page.total, page.unread, page.offset, page.limit), (3, 3, 1, 1));

    let middle = list.items[1].id;
    let read_path = format!("/api/notifications/{middle}/read");
    let left: UnreadCount = engineer.post_ok(&read_path, &()).await;
    assert_eq!(left, UnreadCount { unread: 2 });
    let again: UnreadCount = engineer.post_ok(&read_path, &()).await;
    assert_eq!(again, UnreadCount { unread: 2 }, "reading it again changes nothing");
    let list = inbox(&engineer).await;
    let read: Vec<bool> = list.items.iter().map(|n| n.read_at.is_some()).collect();
    assert_eq!(read, [false, true, false]);
    assert_eq!(list.unread, 2);
    let first_read_at = list.items[1].read_at;
    app.clock.advance(Duration::from_secs(60));
    let all: UnreadCount = engineer.post_ok("/api/notifications/read-all", &()).await;
    assert_eq!(all, UnreadCount { unread: 0 });
    let list = inbox(&engineer).await;
    assert!(list.items.iter().all(|n| n.read_at.is_some()));
    assert_eq!(list.items[1].read_at, first_read_at, "read once, when first read");
    assert_eq!((list.total, list.unread), (3, 0));

    // A new one is unread again.
    file(&app, &front_desk, "repair", 3, |t| t.assignee_id = Some(e301)).await;
    assert_eq!(inbox(&engineer).await.unread, 1);
    engineer
        .post_refused(
            &format!("/api/notifications/{}/read", Uuid::new_v4()),
            &(),
            ErrorCode::NotFound,
        )
        .await;
}

async fn a_person_only_reaches_their_own_notifications(app: TestApp) {
    let front_desk = app.signed_in("F101").await;
    let e301 = app.staff_uuid("E301").await;
    file(&app, &front_desk, "repair", 3, |t| t.assignee_id = Some(e301)).await;
    let engineer = app.signed_in("E301").await;
    let theirs = inbox(&engineer).await.items[0].id;
    let colleague = app.signed_in("E302").await;
    assert_eq!(inbox(&colleague).await.total, 0);
    for other in [&colleague, &front_desk, &app.signed_in("M001").await] {
        other
            .post_refused(&format!("/api/notifications/{theirs}/read"), &(), ErrorCode::NotFound)
            .await;
        other.post_ok::<UnreadCount>("/api/notifications/read-all", &()).await;
    }
    let list = inbox(&engineer).await;
    assert_eq!((list.total, list.unread), (1, 1), "nobody else marked it read");
    app.browser()
        .get_refused("/api/notifications", ErrorCode::Unauthenticated)
        .await;
}

async fn preferences_round_trip_in_order_and_in_range(app: TestApp) {
    use NotificationKind::*;
    let engineer = app.signed_in("E301").await;
    let path = "/api/notifications/preferences";
    let defaults: NotificationPreferences = engineer.get_ok(path).await;
    assert_eq!(defaults.push, NotificationKind::ALL);
    assert_eq!(defaults.quiet_hours, None);

    let chosen = NotificationPreferences {
        push: vec![TaskUrgent, TaskAssigned, TaskUrgent, TaskEscalated],
        quiet_hours: Some(QuietHours {
            from_minute: 22 * 60,
            to_minute: 7 * 60,
        }),
    };
    let stored = NotificationPreferences {
        push: vec![TaskAssigned, TaskUrgent, TaskEscalated],
        ..chosen.clone()
    };
    assert_eq!(engineer.put_ok::<NotificationPreferences>(path, &chosen).await, stored);
    assert_eq!(engineer.get_ok::<NotificationPreferences>(path).await, stored);
    // Each person has their own.
    let colleague = app.signed_in("E302").await;
    assert_eq!(colleague.get_ok::<NotificationPreferences>(path).await, defaults);

    let nothing = NotificationPreferences {
        push: vec![],
        quiet_hours: None,
    };
    assert_eq!(
        engineer.put_ok::<NotificationPreferences>(path, &nothing).await,
        nothing
    );
    assert_eq!(engineer.get_ok::<NotificationPreferences>(path).await, nothing);

    let empty_hours = json!({"push": [], "quiet_hours": {"from_minute": 60, "to_minute": 60}});
    assert_eq!(
        engineer.put_ok::<NotificationPreferences>(path, &empty_hours).await,
        nothing
    );
    for (quiet, field) in [
        (json!({"from_minute": 1440, "to_minute": 0}), "quiet_hours.from_minute"),
        (json!({"from_minute": 0, "to_minute": 1440}), "quiet_hours.to_minute"),
    ] {
        let body = engineer
            .put_refused(path, &json!({"push": [], "quiet_hours": quiet}), ErrorCode::Invalid)
            .await;
        assert_eq!(body.fields, reasons(&[(field, "out_of_range")]));
    }
    let response = engineer
        .put(path, json!({"push": ["task_eaten"], "quiet_hours": null}))
        .await;
    refused(response, ErrorCode::Invalid).await;
    assert_eq!(
        engineer.get_ok::<NotificationPreferences>(path).await,
        nothing,
        "unchanged"
    );
}

async fn a_new_notification_is_heard_live_by_its_person_only(app: TestApp) {
    let front_desk = app.signed_in("F101").await;
    let engineer = app.signed_in("E301").await;
    let colleague = app.signed_in("E302").await;
    let e301 = app.staff_uuid("E301").await;
    let mut mine = Feed::open(&engineer).await;
    let mut theirs = Feed::open(&colleague).await;
    file(&app, &front_desk, "repair", 3, |t| t.assignee_id = Some(e301)).await;
    let heard = mine.next("notification").await;
    let newest = inbox(&engineer).await.items[0].clone();
    assert_eq!(heard, json!({"notification_id": newest.id, "kind": "task_assigned"}));
    engineer
        .post_ok::<UnreadCount>("/api/notifications/read-all", &())
        .await;
    assert_eq!(
        mine.next("notification").await,
        json!({"notification_id": null, "kind": null}),
        "marking read is heard too, by the person's other apps"
    );
    // The colleague hears of the task (their department's) but of no notification.
    while let Some(heard) = theirs.within(Duration::from_millis(500)).await {
        assert!(!matches!(heard.event(), LiveEvent::Notification(_)), "{heard:?}");
    }
}

/// A chain's servers share one PostgreSQL database and each runs the escalation job:
/// run at once on two, every late task still tells each person once. And two servers
/// writing the same event's notification at once write one per person.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_tell_each_person_of_each_event_once() {
    use NotificationKind::*;
    let first = spawn_app(Backend::Postgres).await;
    let second = first.second_server().await;
    let front_desk = first.signed_in("F101").await;
    let mut late = Vec::new();
    for _ in 0..5 {
        late.push(file(&first, &front_desk, "repair", 1, |_| {}).await.summary.id);
    }
    for (minutes, kind) in [(16, TaskLate), (16, TaskEscalated)] {
        for app in [&first, &second] {
            app.clock.advance(Duration::from_secs(minutes * 60));
        }
        let (a, b) = tokio::join!(escalation::run_once(&first.state), escalation::run_once(&second.state));
        assert!(a.unwrap() + b.unwrap() >= late.len(), "every task was raised a step");
        let expected = match kind {
            TaskLate => vec![("S301", TaskLate)],
            _ => vec![("M001", TaskEscalated), ("M002", TaskEscalated)],
        };
        for id in &late {
            let of_kind: Vec<(String, String)> = told(&first, id)
                .await
                .into_iter()
                .filter(|(_, k)| k == kind.code())
                .collect();
            assert_eq!(of_kind, pairs(&expected), "{kind:?} of {id}");
        }
    }

    // The same event sent by both servers at once, each in its own transaction.
    let people = vec![first.staff_id("E301").await, first.staff_id("E302").await];
    let property = lookup(&first, "SELECT property_id FROM staff WHERE employee_no = $1", "E301").await;
    let object = Uuid::new_v4().to_string();
    let send = |app: &TestApp| {
        let (state, people, property, object) = (app.state.clone(), people.clone(), property.clone(), object.clone());
        async move {
            let params = Params::from([("title", "Boiler".to_owned())]);
            let notice = Notice {
                kind: TaskUrgent,
                object_id: &object,
                params: &params,
                event_key: "test:one-event",
            };
            let mut tx = state.db.begin_write().await.unwrap();
            let sent = notify::send(&state, &mut tx, &property, &people, &notice)
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(100)).await;
            tx.commit().await.unwrap();
            sent
        }
    };
    let (a, b) = tokio::join!(send(&first), send(&second));
    assert_eq!(a + b, 2, "one each for two people");
    assert_eq!(
        told(&first, &object).await,
        pairs(&[("E301", TaskUrgent), ("E302", TaskUrgent)])
    );
}

async fn audits_tell_their_auditor_then_the_audited_never_naming_the_auditor(app: TestApp) {
    use NotificationKind::*;
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let template = Uuid::new_v4();
    let body = AuditTemplateCreate {
        id: template,
        name: "Lobby welcome".into(),
        area: "Lobby".into(),
        department_id: uuid(app.department_id("front_office").await),
        pass_mark: 60.0,
        sections: vec![TemplateSection {
            title: "Welcome".into(),
            items: vec![TemplateItem {
                key: "a".into(),
                text: "Greeted within 30 seconds".into(),
                guidance: String::new(),
                kind: ItemKind::YesNo,
                weight: 1,
                critical: false,
                required: true,
                photo: false,
            }],
        }],
    };
    manager
        .post_created::<AuditTemplate>("/api/audit-templates", &body)
        .await;
    let audit = Uuid::new_v4();
    let planned = AuditCreate {
        id: audit,
        template_id: template,
        auditor_id: Some(app.staff_uuid("U001").await),
        due_on: Some(app.clock.now().date_naive() + chrono::Duration::days(10)),
        subject_staff_id: Some(app.staff_uuid("F102").await),
        subject_area: None,
    };
    manager.post_created::<Audit>("/api/audits", &planned).await;
    assert_eq!(told(&app, audit).await, pairs(&[("U001", AuditAssigned)]));
    let assigned = inbox(&auditor).await.items[0].clone();
    assert_eq!((assigned.kind, assigned.object), (AuditAssigned, ObjectKind::Audit));
    assert_eq!(assigned.params["title"], "Lobby welcome");

    // An audit the auditor starts themselves is no news to anyone.
    let own = Uuid::new_v4();
    let started = AuditCreate {
        id: own,
        auditor_id: None,
        due_on: None,
        ..planned.clone()
    };
    auditor.post_created::<Audit>("/api/audits", &started).await;
    assert_eq!(told(&app, own).await, pairs(&[]));

    // Submitted: still undercover.
    let answer = bellhop_api::audit_wire::AnswerSave {
        revision: 0,
        answer: Some(Answer::No),
        note: String::new(),
    };
    let saved = auditor.put(&format!("/api/audits/{audit}/answers/a"), &answer).await;
    assert_eq!(saved.status(), 200);
    auditor
        .post_ok::<Audit>(&format!("/api/audits/{audit}/submit"), &json!({}))
        .await;
    assert_eq!(told(&app, audit).await, pairs(&[("U001", AuditAssigned)]));

    // Published: the person audited and the front office's supervisor, nobody else.
    manager
        .post_ok::<Audit>(&format!("/api/audits/{audit}/publish"), &json!({}))
        .await;
    assert_eq!(
        told(&app, audit).await,
        pairs(&[
            ("U001", AuditAssigned),
            ("F102", AuditPublished),
            ("S101", AuditPublished)
        ])
    );
    let auditor_id = app.staff_id("U001").await;
    for audited in ["F102", "S101"] {
        let browser = app.signed_in(audited).await;
        let text = browser.get("/api/notifications?limit=200").await.text().await.unwrap();
        let list: NotificationList = serde_json::from_str(&text).unwrap();
        let published: Vec<&Notification> = list.items.iter().filter(|n| n.kind == AuditPublished).collect();
        assert_eq!(published.len(), 1, "{audited}");
        assert_eq!(published[0].object_id, audit.to_string());
        assert_eq!(
            serde_json::to_value(&published[0].params).unwrap(),
            json!({"title": "Lobby welcome", "score": "0", "passed": "false"})
        );
        for trace in [auditor_id.as_str(), "U001", "Olivia Tam"] {
            assert!(
                !text.contains(trace),
                "{audited}'s notifications name the auditor: {text}"
            );
        }
    }
}

/// Adds a one-question quiz (its title given) to the bank; the quiz.
async fn new_quiz(manager: &Browser, title: &str, adjust: impl FnOnce(&mut Quiz)) -> Quiz {
    let question = QuestionInput {
        id: Uuid::new_v4(),
        category: "basics".into(),
        tags: Vec::new(),
        prompt: "Smile at guests?".into(),
        case: None,
        options: Vec::new(),
        key: AnswerKey::TrueFalse { correct: true },
        explanation: String::new(),
        points: 1,
    };
    let question: Question = manager.post_created("/api/training/questions", &question).await;
    let mut quiz = fixed_quiz(title, vec![question.question.id]);
    adjust(&mut quiz);
    manager.post_created("/api/training/quizzes", &quiz).await
}

async fn assign(manager: &Browser, quiz: &Quiz, target: AssignTarget, due_on: Option<NaiveDate>) -> Assignment {
    let body = AssignmentCreate {
        id: Uuid::new_v4(),
        quiz_id: quiz.id,
        target,
        due_on,
    };
    manager.post_created("/api/training/assignments", &body).await
}

/// Takes the quiz and passes it.
async fn pass(browser: &Browser, quiz: &Quiz) {
    let attempt: Attempt = decoded(
        browser
            .post(&format!("/api/training/quizzes/{}/attempts", quiz.id), &())
            .await,
        201,
    )
    .await;
    let answer = AnswerSave {
        response: Reply::Bool(true),
    };
    let response = browser
        .put(&format!("/api/training/attempts/{}/answers/0", attempt.id), &answer)
        .await;
    decoded::<AttemptQuestion>(response, 200).await;
    browser
        .post_ok::<Attempt>(&format!("/api/training/attempts/{}/submit", attempt.id), &())
        .await;
}

/// The demo hotel's day now.
fn today(app: &TestApp) -> NaiveDate {
    app.clock.now().with_timezone(&chrono_tz::Asia::Hong_Kong).date_naive()
}

async fn quizzes_tell_who_must_take_them_when_assigned_due_and_overdue(app: TestApp) {
    use NotificationKind::*;
    app.clear_of_midnight(Duration::from_secs(600));
    let manager = app.signed_in("M001").await;
    let quiz = new_quiz(&manager, "Boiler safety", |_| {}).await;
    let engineering = uuid(app.department_id("engineering").await);
    let due_on = today(&app) + chrono::Duration::days(5);
    assign(
        &manager,
        &quiz,
        AssignTarget::Department {
            department_id: engineering,
        },
        Some(due_on),
    )
    .await;
    let assigned = pairs(&[("E301", QuizAssigned), ("E302", QuizAssigned), ("S301", QuizAssigned)]);
    assert_eq!(told(&app, quiz.id).await, assigned);
    let engineer = app.signed_in("E301").await;
    let newest = inbox(&engineer).await.items[0].clone();
    assert_eq!((newest.kind, newest.object), (QuizAssigned, ObjectKind::Quiz));
    assert_eq!(
        serde_json::to_value(&newest.params).unwrap(),
        json!({"title": "Boiler safety", "due_on": due_on.to_string()})
    );
    // To a role: the auditor.
    let by_role = new_quiz(&manager, "Undercover basics", |_| {}).await;
    assign(
        &manager,
        &by_role,
        AssignTarget::Role {
            role: bellhop_api::people::Role::Auditor,
        },
        None,
    )
    .await;
    assert_eq!(told(&app, by_role.id).await, pairs(&[("U001", QuizAssigned)]));

    // Five days ahead is not yet news; three days ahead is, once.
    notify::reminders(&app.state).await.unwrap();
    assert_eq!(told(&app, quiz.id).await, assigned);
    app.advance(Duration::from_secs(2 * 86_400));
    notify::reminders(&app.state).await.unwrap();
    notify::reminders(&app.state).await.unwrap();
    let mut due_soon = assigned.clone();
    due_soon.extend(pairs(&[
        ("E301", QuizDueSoon),
        ("E302", QuizDueSoon),
        ("S301", QuizDueSoon),
    ]));
    due_soon.sort();
    assert_eq!(told(&app, quiz.id).await, due_soon);

    // Past the due date: whoever has not passed, once.
    pass(&app.signed_in("E301").await, &quiz).await;
    app.advance(Duration::from_secs(4 * 86_400));
    notify::reminders(&app.state).await.unwrap();
    notify::reminders(&app.state).await.unwrap();
    let mut overdue = due_soon.clone();
    overdue.extend(pairs(&[("E302", QuizOverdue), ("S301", QuizOverdue)]));
    overdue.sort();
    assert_eq!(told(&app, quiz.id).await, overdue);
}

async fn a_certificate_up_for_renewal_tells_its_holder_once(app: TestApp) {
    use NotificationKind::*;
    let manager = app.signed_in("M001").await;
    let quiz = new_quiz(&manager, "Fire warden", |q| {
        q.certificate_months = Some(12);
        q.recertify_days_before = 30;
    })
    .await;
    let e301 = app.staff_uuid("E301").await;
    assign(&manager, &quiz, AssignTarget::Person { staff_id: e301 }, None).await;
    pass(&app.signed_in("E301").await, &quiz).await;
    let assigned = pairs(&[("E301", QuizAssigned)]);
    assert_eq!(told(&app, quiz.id).await, assigned);
    // 29 days before expiry the renewal is assigned, and its holder told, once.
    app.advance(Duration::from_secs((365 - 29) * 86_400));
    for _ in 0..2 {
        bellhop_server::routes::training::recertify::run_once(&app.state)
            .await
            .unwrap();
    }
    assert_eq!(
        told(&app, quiz.id).await,
        pairs(&[("E301", QuizAssigned), ("E301", CertificateExpiring)])
    );
    let engineer = app.signed_in("E301").await;
    let newest = inbox(&engineer).await.items[0].clone();
    assert_eq!((newest.kind, newest.object), (CertificateExpiring, ObjectKind::Quiz));
    assert_eq!(newest.params["title"], "Fire warden");
    assert!(newest.params.contains_key("expires_on"));
}

/// Moves the clock to `day` at 10:00, Hong Kong time.
fn go_to(app: &TestApp, day: NaiveDate) {
    let target = chrono_tz::Asia::Hong_Kong
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
        .unwrap();
    app.advance((target.with_timezone(&chrono::Utc) - app.clock.now()).to_std().unwrap());
}

async fn the_star_tells_voters_when_voting_opens_and_everyone_of_the_star(app: TestApp) {
    use NotificationKind::*;
    let first = today(&app)
        .with_day(1)
        .unwrap()
        .checked_add_months(chrono::Months::new(1))
        .unwrap();
    let month = first.format("%Y-%m").to_string();
    // Before the voting days (from the 20th): nothing.
    go_to(&app, first.with_day(2).unwrap());
    notify::reminders(&app.state).await.unwrap();
    assert_eq!(told(&app, &month).await, pairs(&[]));
    go_to(&app, first.with_day(21).unwrap());
    notify::reminders(&app.state).await.unwrap();
    notify::reminders(&app.state).await.unwrap();
    let people: Vec<(String,)> = sqlx::query_as("SELECT employee_no FROM staff WHERE active = 1")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    let everyone = |kind: NotificationKind, but: &str| -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = people
            .iter()
            .filter(|(no,)| no != but)
            .map(|(no,)| (no.clone(), kind.code().to_owned()))
            .collect();
        all.sort();
        all
    };
    assert_eq!(told(&app, &month).await, everyone(VotingOpened, ""));

    // The count closed: everyone hears the star is out, but the manager who closed it.
    go_to(&app, first.checked_add_months(chrono::Months::new(1)).unwrap());
    let manager = app.signed_in("M001").await;
    let closed = manager
        .post(&format!("/api/star/cycles/{month}/close"), json!({}))
        .await;
    assert_eq!(closed.status(), 200);
    let mut expected = everyone(VotingOpened, "");
    expected.extend(everyone(StarAnnounced, "M001"));
    expected.sort();
    assert_eq!(told(&app, &month).await, expected);
    let engineer = app.signed_in("E301").await;
    let newest = inbox(&engineer).await.items[0].clone();
    assert_eq!((newest.kind, newest.object), (StarAnnounced, ObjectKind::StarMonth));
    assert_eq!(newest.object_id, month);
    assert_eq!(serde_json::to_value(&newest.params).unwrap(), json!({"month": month}));
}
