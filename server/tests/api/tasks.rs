//! Work orders through the API, on SQLite and PostgreSQL: filing, every allowed and
//! refused transition, deadlines and escalation on a controllable clock, checklists,
//! races, hand-off, complaints, live events, reports and property isolation.

use std::sync::Arc;
use std::time::Duration;

use bellhop_api::live::TaskChanged;
use bellhop_api::tasks::{
    Bucket, ChecklistCode, ChecklistTemplateItem, ChecklistTick, Complaint, ComplaintCategory, ComplaintChannel,
    FollowUpCreate, FollowUpLevel, Overdue, Targets, Task, TaskAction, TaskActionRequest, TaskAssign, TaskCreate,
    TaskReport, TaskStatus, TaskSummary, TaskType, TaskTypeCreate, TaskTypeUpdate,
};
use bellhop_api::{ErrorBody, ErrorCode};
use bellhop_server::routes::tasks::escalation;
use futures::StreamExt;
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    an_urgent_repair_goes_from_front_desk_to_engineering_and_back,
    transitions_follow_role_and_relation,
    deadlines_flag_overdue_and_escalate_on_time,
    lists_put_late_then_urgent_work_first,
    a_manager_sees_every_department_on_one_board,
    required_checklist_items_block_done,
    fifty_parallel_accepts_have_one_winner,
    stale_changes_are_refused,
    complaints_follow_up_in_three_ordered_levels,
    hand_off_moves_the_task_to_another_pool,
    assignment_stays_within_the_department,
    a_retried_filing_stores_one_task,
    unfinished_tasks_carry_over_to_the_next_shift,
    other_hotels_tasks_are_out_of_reach,
    reports_count_per_department_and_export_csv,
    live_events_reach_the_right_tablets,
    bad_tasks_are_refused_field_by_field,
    managers_tune_types_and_targets,
    a_corrupt_task_row_is_a_500_and_the_server_goes_on,
);

async fn type_id(app: &TestApp, code: &str) -> Uuid {
    uuid(lookup(app, "SELECT id FROM task_types WHERE code = $1", code).await)
}
async fn room_id(app: &TestApp, number: &str) -> Uuid {
    uuid(lookup(app, "SELECT id FROM rooms WHERE number = $1", number).await)
}
async fn department_id(app: &TestApp, code: &str) -> Uuid {
    uuid(lookup(app, "SELECT id FROM departments WHERE code = $1", code).await)
}

/// A new task of `type_code` in `room`, as the filing form sends it before `adjust`.
async fn new_task(app: &TestApp, type_code: &str, room: &str, priority: u8) -> TaskCreate {
    TaskCreate {
        room_id: Some(room_id(app, room).await),
        priority,
        ..filing(type_id(app, type_code).await, format!("{type_code} in {room}"))
    }
}

/// Files a task and returns its detail.
async fn file(
    app: &TestApp,
    by: &Browser,
    type_code: &str,
    room: &str,
    priority: u8,
    adjust: impl FnOnce(&mut TaskCreate),
) -> Task {
    let mut body = new_task(app, type_code, room, priority).await;
    adjust(&mut body);
    by.post_created("/api/tasks", &body).await
}

/// Leaves the filing as it is.
fn as_is(_: &mut TaskCreate) {}

/// What a change answered: the task, or the refusal's status and error body.
type Outcome = Result<Task, (u16, ErrorBody)>;

/// The status an outcome travelled with.
fn status(outcome: &Outcome) -> u16 {
    match outcome {
        Ok(_) => 200,
        Err((status, _)) => *status,
    }
}

/// Reads a change's answer: 200 with the task, or an error body whose code goes with
/// the status.
async fn outcome(response: reqwest::Response) -> Outcome {
    let status = response.status().as_u16();
    if status == 200 {
        return Ok(decoded(response, 200).await);
    }
    let body: ErrorBody = decoded(response, status).await;
    assert_eq!(body.error.status(), status, "the code goes with the status: {body:?}");
    Err((status, body))
}

/// Takes an action on the task's current version (as `admin` reads it).
async fn act(by: &Browser, admin: &Browser, id: Uuid, action: TaskAction, reason: Option<&str>) -> Outcome {
    let version = admin.get_ok::<Task>(&format!("/api/tasks/{id}")).await.summary.version;
    let request = TaskActionRequest {
        version,
        action,
        reason: reason.map(str::to_owned),
    };
    outcome(by.post(&format!("/api/tasks/{id}/actions"), &request).await).await
}

async fn ids_in(browser: &Browser, path: &str) -> Vec<Uuid> {
    let list: Vec<TaskSummary> = browser.get_ok(path).await;
    list.iter().map(|t| t.id).collect()
}

/// The kinds of a task's history, oldest first, as the wire spells them.
fn kinds(task: &Task) -> Vec<String> {
    task.history.iter().map(|e| wire(&e.kind)).collect()
}

async fn an_urgent_repair_goes_from_front_desk_to_engineering_and_back(app: TestApp) {
    let front_desk = app.signed_in("F101").await;
    let engineer = app.signed_in("E301").await;
    let task = file(&app, &front_desk, "repair", "1208", 1, |t| {
        t.title = "No hot water".into();
        t.guest_facing = true;
    })
    .await;
    let id = task.summary.id;
    assert_eq!(task.summary.status, TaskStatus::New);
    assert_eq!(task.summary.department_id, department_id(&app, "engineering").await);
    assert_eq!(task.summary.room_number.as_deref(), Some("1208"));
    assert_eq!(task.summary.floor, Some(12));
    let created = task.summary.created_at;
    let deadlines = task.summary.deadlines;
    assert_eq!((deadlines.respond_by - created).num_minutes(), 15);
    assert_eq!((deadlines.resolve_by - created).num_minutes(), 25);

    assert!(
        ids_in(&engineer, "/api/tasks/mine").await.contains(&id),
        "in engineering's pool"
    );
    assert!(
        !ids_in(&front_desk, "/api/tasks/mine").await.contains(&id),
        "not the front desk's work"
    );
    assert_eq!(ids_in(&engineer, "/api/tasks/mine?room=1208").await, vec![id]);
    assert!(ids_in(&engineer, "/api/tasks/mine?room=901").await.is_empty());

    for action in [TaskAction::Accept, TaskAction::Start, TaskAction::Done] {
        act(&engineer, &engineer, id, action, None).await.unwrap();
    }
    let requester_view: Task = front_desk.get_ok(&format!("/api/tasks/{id}")).await;
    assert_eq!(requester_view.summary.assignee_name.as_deref(), Some("Peter Fung"));
    assert_eq!(requester_view.allowed_actions, ["verify", "reopen"]);
    assert!(
        ids_in(&front_desk, "/api/tasks/mine").await.contains(&id),
        "done work waits for its requester"
    );
    let verified = act(&front_desk, &front_desk, id, TaskAction::Verify, None)
        .await
        .unwrap();
    assert_eq!(verified.summary.status, TaskStatus::Verified);
    assert_eq!(kinds(&verified), ["created", "accept", "start", "done", "verify"]);
    let actors: Vec<Option<&str>> = verified.history.iter().map(|e| e.actor_name.as_deref()).collect();
    assert_eq!(
        actors,
        ["Jason Lau", "Peter Fung", "Peter Fung", "Peter Fung", "Jason Lau"].map(Some)
    );
    assert!(!ids_in(&engineer, "/api/tasks/mine").await.contains(&id));
}

async fn transitions_follow_role_and_relation(app: TestApp) {
    use TaskAction::*;
    let manager = app.signed_in("M001").await;
    let requester = app.signed_in("F101").await;
    let assignee = app.signed_in("H201").await;
    let colleague = app.signed_in("H202").await;
    let supervisor = app.signed_in("S201").await;
    let other_supervisor = app.signed_in("S301").await;
    let outsider = app.signed_in("E301").await;
    let h201 = app.staff_uuid("H201").await;
    let task = file(&app, &requester, "room_request", "905", 3, |t| {
        t.assignee_id = Some(h201)
    })
    .await;
    let id = task.summary.id;
    let m = &manager;
    // (who, action, reason, expected status) in order; each success moves the task on.
    let steps: Vec<(&Browser, TaskAction, Option<&str>, u16)> = vec![
        (&outsider, Accept, None, 404),
        (&other_supervisor, Accept, None, 404),
        (&colleague, Accept, None, 403),
        (&requester, Accept, None, 403),
        (&assignee, Start, None, 409),
        (&assignee, Done, None, 409),
        (&requester, Cancel, None, 422),
        (&assignee, Accept, None, 200),
        (&colleague, Start, None, 403),
        (&assignee, Start, None, 200),
        (&assignee, Pause, None, 422),
        (&assignee, Pause, Some("waiting for towels from laundry"), 200),
        (&assignee, Done, None, 409),
        (&assignee, Resume, None, 200),
        (&requester, Done, None, 403),
        (&assignee, Verify, None, 403),
        (&assignee, Done, None, 200),
        (&assignee, Verify, None, 403),
        (&colleague, Reopen, Some("wrong room"), 403),
        (&requester, Reopen, Some("guest still has no towels"), 200),
        (&assignee, Start, None, 200),
        (&assignee, Done, None, 200),
        (&supervisor, Verify, None, 200),
        (&manager, Cancel, Some("too late"), 409),
        (&manager, Reopen, Some("again"), 409),
    ];
    for (n, (who, action, reason, expected)) in steps.into_iter().enumerate() {
        // A refusal decodes as the error body, its code going with its status.
        let outcome = act(who, m, id, action, reason).await;
        assert_eq!(status(&outcome), expected, "step {n}: {action:?} gave {outcome:?}");
    }
    // Managers may act on any department's work (accepting a held task on its holder's
    // behalf; taking one from the pool is for its department); requesters may cancel
    // what they filed.
    let e301 = app.staff_uuid("E301").await;
    let other = file(&app, &requester, "repair", "1001", 2, |t| t.assignee_id = Some(e301)).await;
    let other_id = other.summary.id;
    act(&manager, m, other_id, Accept, None).await.unwrap();
    act(&requester, m, other_id, Cancel, Some("guest fixed it"))
        .await
        .unwrap();
    let auditor = app.signed_in("U001").await;
    let audit_task = file(&app, &auditor, "other", "1101", 4, as_is).await;
    assert_eq!(
        status(&act(&auditor, m, audit_task.summary.id, Accept, None).await),
        403
    );
}

async fn deadlines_flag_overdue_and_escalate_on_time(app: TestApp) {
    let front_desk = app.signed_in("F101").await;
    let task = file(&app, &front_desk, "repair", "1003", 1, as_is).await;
    let id = task.summary.id;
    assert_eq!(task.summary.overdue, None);
    assert_eq!(escalation::run_once(&app.state).await.unwrap(), 0);

    app.advance(Duration::from_secs(16 * 60));
    let supervisor = app.signed_in("S301").await;
    let board: Vec<TaskSummary> = supervisor.get_ok("/api/tasks/board").await;
    let on_board = board.iter().find(|t| t.id == id).unwrap();
    assert_eq!(on_board.overdue, Some(Overdue::Response));
    assert_eq!(
        escalation::run_once(&app.state).await.unwrap(),
        1,
        "the supervisor is alerted"
    );
    assert_eq!(escalation::run_once(&app.state).await.unwrap(), 0, "only once");
    app.advance(Duration::from_secs(14 * 60));
    assert_eq!(
        escalation::run_once(&app.state).await.unwrap(),
        0,
        "manager not yet: 15 minutes after"
    );
    app.advance(Duration::from_secs(2 * 60));
    assert_eq!(escalation::run_once(&app.state).await.unwrap(), 1, "now the manager");
    let detail: Task = supervisor.get_ok(&format!("/api/tasks/{id}")).await;
    assert_eq!(detail.summary.escalation_level, 2);
    let escalations: Vec<Option<&str>> = detail
        .history
        .iter()
        .filter(|e| wire(&e.kind) == "escalated")
        .map(|e| e.note.as_deref())
        .collect();
    assert_eq!(escalations, [Some("supervisor"), Some("manager")]);

    let engineer = app.signed_in("E302").await;
    act(&engineer, &supervisor, id, TaskAction::Accept, None).await.unwrap();
    let mine: Vec<TaskSummary> = engineer.get_ok("/api/tasks/mine").await;
    assert_eq!(mine[0].id, id, "overdue work comes first");
    assert_eq!(
        mine[0].overdue,
        Some(Overdue::Resolution),
        "accepted, but past the 25 minutes to fix"
    );
}

async fn required_checklist_items_block_done(app: TestApp) {
    let supervisor = app.signed_in("S201").await;
    let housekeeper = app.signed_in("H203").await;
    let h203 = app.staff_uuid("H203").await;
    let task = file(&app, &supervisor, "inspection", "1107", 3, |t| {
        t.assignee_id = Some(h203)
    })
    .await;
    let id = task.summary.id;
    assert_eq!(task.checklist.len(), 3);
    // Built-in lines are known by their codes, so each language shows its own words.
    let codes: Vec<_> = task.checklist.iter().map(|item| item.code).collect();
    assert_eq!(
        codes,
        [
            Some(ChecklistCode::Minibar),
            Some(ChecklistCode::Damage),
            Some(ChecklistCode::Released)
        ]
    );
    for action in [TaskAction::Accept, TaskAction::Start] {
        act(&housekeeper, &supervisor, id, action, None).await.unwrap();
    }
    let (status, body) = act(&housekeeper, &supervisor, id, TaskAction::Done, None)
        .await
        .unwrap_err();
    assert_eq!((status, body.error), (422, ErrorCode::Invalid));
    assert_eq!(body.fields.len(), 3);
    let tick = |position: usize, version: i64, done: bool| {
        let path = format!("/api/tasks/{id}/checklist/{position}");
        (path, ChecklistTick { version, done })
    };
    let mut version = housekeeper
        .get_ok::<Task>(&format!("/api/tasks/{id}"))
        .await
        .summary
        .version;
    for position in 0..2 {
        let (path, body) = tick(position, version, true);
        let ticked: Task = housekeeper.put_ok(&path, &body).await;
        assert!(ticked.checklist[position].done);
        assert_eq!(ticked.checklist[position].done_by, Some(h203));
        version = ticked.summary.version;
    }
    let (status, body) = act(&housekeeper, &supervisor, id, TaskAction::Done, None)
        .await
        .unwrap_err();
    assert_eq!((status, body.error), (422, ErrorCode::Invalid));
    assert_eq!(body.fields, reasons(&[("checklist.2", "required_item_not_done")]));
    let (path, body) = tick(2, version, true);
    let ticked: Task = housekeeper.put_ok(&path, &body).await;
    let (path, body) = tick(9, ticked.summary.version, true);
    refused(housekeeper.put(&path, &body).await, ErrorCode::NotFound).await;
    act(&housekeeper, &supervisor, id, TaskAction::Done, None)
        .await
        .unwrap();
    let done: Task = housekeeper.get_ok(&format!("/api/tasks/{id}")).await;
    let (path, body) = tick(0, done.summary.version, false);
    refused(housekeeper.put(&path, &body).await, ErrorCode::Conflict).await;
    let outsider = app.signed_in("F102").await;
    refused(outsider.put(&path, &body).await, ErrorCode::NotFound).await;
}

async fn fifty_parallel_accepts_have_one_winner(app: TestApp) {
    let requester = app.signed_in("F101").await;
    let task = file(&app, &requester, "cleaning", "1010", 2, as_is).await;
    let id = task.summary.id;
    let version = task.summary.version;
    let mut crew = Vec::new();
    // Everyone of housekeeping, whose pool has the task (a manager may not take it).
    for who in ["H201", "H202", "H203", "S201"] {
        crew.push(Arc::new(app.signed_in(who).await));
    }
    let mut attempts = Vec::new();
    for n in 0..50 {
        let browser = crew[n % crew.len()].clone();
        attempts.push(tokio::spawn(async move {
            let body = TaskActionRequest {
                version,
                action: TaskAction::Accept,
                reason: None,
            };
            browser
                .post(&format!("/api/tasks/{id}/actions"), &body)
                .await
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|&&s| s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|&&s| s == 409).count(), 49, "{statuses:?}");
    let detail: Task = requester.get_ok(&format!("/api/tasks/{id}")).await;
    let accepts = kinds(&detail).iter().filter(|kind| *kind == "accept").count();
    assert_eq!(accepts, 1);
    assert_eq!(detail.summary.status, TaskStatus::Accepted);
    assert!(detail.summary.assignee_id.is_some());
}

async fn stale_changes_are_refused(app: TestApp) {
    let supervisor = app.signed_in("S201").await;
    let housekeeper = app.signed_in("H201").await;
    let h201 = app.staff_uuid("H201").await;
    let task = file(&app, &supervisor, "cleaning", "910", 3, |t| t.assignee_id = Some(h201)).await;
    let id = task.summary.id;
    let seen = task.summary.version;
    let accept = TaskActionRequest {
        version: seen,
        action: TaskAction::Accept,
        reason: None,
    };
    let _: Task = housekeeper.post_ok(&format!("/api/tasks/{id}/actions"), &accept).await;
    let cancel = TaskActionRequest {
        version: seen,
        action: TaskAction::Cancel,
        reason: Some("dup".into()),
    };
    let body = supervisor
        .post_refused(&format!("/api/tasks/{id}/actions"), &cancel, ErrorCode::Conflict)
        .await;
    assert!(body.message.contains("reload"));
    let assign = TaskAssign {
        version: seen,
        assignee_id: None,
        department_id: None,
        note: None,
    };
    supervisor
        .post_refused(&format!("/api/tasks/{id}/assign"), &assign, ErrorCode::Conflict)
        .await;
}

async fn lists_put_late_then_urgent_work_first(app: TestApp) {
    // Half an hour later this one has missed its 30 minutes to respond.
    let early = app.signed_in("F102").await;
    let late = file(&app, &early, "other", "1003", 2, as_is).await.summary.id;
    app.advance(Duration::from_secs(31 * 60));
    let front_desk = app.signed_in("F102").await;
    let supervisor = app.signed_in("S101").await;
    let routine = file(&app, &front_desk, "other", "1006", 3, as_is).await.summary.id;
    let complaint = file(&app, &front_desk, "complaint", "1004", 4, |t| {
        t.complaint = Some(Complaint {
            channel: ComplaintChannel::Phone,
            category: ComplaintCategory::Noise,
        })
    })
    .await
    .summary
    .id;
    let urgent = file(&app, &front_desk, "other", "1005", 1, as_is).await.summary.id;

    // Late, then urgent (priority 1, then a complaint of any priority), then the rest.
    let expected = vec![late, urgent, complaint, routine];
    let ours = |mut ids: Vec<Uuid>| {
        ids.retain(|i| expected.contains(i));
        ids
    };
    assert_eq!(
        ours(ids_in(&supervisor, "/api/tasks/board").await),
        expected,
        "the board"
    );
    assert_eq!(ours(ids_in(&front_desk, "/api/tasks/mine").await), expected, "my tasks");
}

async fn a_manager_sees_every_department_on_one_board(app: TestApp) {
    let front_desk = app.signed_in("F102").await;
    let repair = file(&app, &front_desk, "repair", "1003", 3, as_is).await.summary.id;
    let cleaning = file(&app, &front_desk, "cleaning", "1007", 3, as_is).await.summary.id;

    // A manager has no department of their own: naming none is every department.
    let manager = app.signed_in("M001").await;
    let all = ids_in(&manager, "/api/tasks/board").await;
    assert!(
        all.contains(&repair) && all.contains(&cleaning),
        "both departments' tasks"
    );
    let engineering = ids_in(
        &manager,
        &format!(
            "/api/tasks/board?department_id={}",
            department_id(&app, "engineering").await
        ),
    )
    .await;
    assert!(engineering.contains(&repair) && !engineering.contains(&cleaning));

    // A supervisor naming none still sees only their own department.
    let housekeeping = app.signed_in("S201").await;
    let theirs = ids_in(&housekeeping, "/api/tasks/board").await;
    assert!(theirs.contains(&cleaning) && !theirs.contains(&repair));
}

async fn complaints_follow_up_in_three_ordered_levels(app: TestApp) {
    use FollowUpLevel::*;
    let front_desk = app.signed_in("F102").await;
    let mut without = new_task(&app, "complaint", "1002", 2).await;
    without.title = "Noisy neighbours".into();
    let body = front_desk
        .post_refused("/api/tasks", &without, ErrorCode::Invalid)
        .await;
    assert!(body.fields.contains_key("complaint"), "{body:?}");
    let noise_at_the_desk = Complaint {
        channel: ComplaintChannel::FrontDesk,
        category: ComplaintCategory::Noise,
    };
    let task = file(&app, &front_desk, "complaint", "1002", 2, |t| {
        t.complaint = Some(noise_at_the_desk)
    })
    .await;
    let id = task.summary.id;
    assert_eq!(task.complaint, Some(noise_at_the_desk));
    let deadlines = task.summary.deadlines;
    assert_eq!(
        (deadlines.resolve_by - task.summary.created_at).num_hours(),
        24,
        "closed within 24 hours"
    );

    let fo_supervisor = app.signed_in("S101").await;
    let cs_manager = app.signed_in("M002").await;
    let gm = app.signed_in("M001").await;
    let step = |level: FollowUpLevel, outcome: &str| FollowUpCreate {
        level,
        outcome: outcome.to_owned(),
    };
    let path = format!("/api/tasks/{id}/follow-ups");
    cs_manager
        .post_refused(&path, &step(DepartmentReview, "x"), ErrorCode::Conflict)
        .await;
    fo_supervisor
        .post_refused(&path, &step(GuestContacted, "x"), ErrorCode::Forbidden)
        .await;
    cs_manager
        .post_refused(&path, &step(GuestContacted, " "), ErrorCode::Invalid)
        .await;
    let _: Task = cs_manager
        .post_ok(&path, &step(GuestContacted, "Called the guest, offered a room move"))
        .await;
    cs_manager
        .post_refused(&path, &step(GuestContacted, "again"), ErrorCode::Conflict)
        .await;
    let hk_supervisor = app.signed_in("S201").await;
    hk_supervisor
        .post_refused(&path, &step(DepartmentReview, "x"), ErrorCode::NotFound)
        .await;
    let _: Task = fo_supervisor
        .post_ok(&path, &step(DepartmentReview, "Night audit to check noise at 23:00"))
        .await;
    fo_supervisor
        .post_refused(&path, &step(ManagerSpotCheck, "x"), ErrorCode::Forbidden)
        .await;
    let done: Task = gm
        .post_ok(&path, &step(ManagerSpotCheck, "Guest satisfied on check-out"))
        .await;
    let levels: Vec<FollowUpLevel> = done.follow_ups.iter().map(|f| f.level).collect();
    assert_eq!(levels, [GuestContacted, DepartmentReview, ManagerSpotCheck]);
    assert_eq!(done.follow_ups[0].by_name, "Daniel Cheung");
    let repair = file(&app, &front_desk, "repair", "1002", 3, as_is).await;
    let repair_path = format!("/api/tasks/{}/follow-ups", repair.summary.id);
    gm.post_refused(&repair_path, &step(GuestContacted, "x"), ErrorCode::Conflict)
        .await;
}

async fn hand_off_moves_the_task_to_another_pool(app: TestApp) {
    let supervisor = app.signed_in("S201").await;
    let housekeeper = app.signed_in("H202").await;
    let engineer = app.signed_in("E302").await;
    let task = file(&app, &supervisor, "room_request", "1204", 3, as_is).await;
    let id = task.summary.id;
    let path = format!("/api/tasks/{id}/assign");
    let h202 = app.staff_uuid("H202").await;
    let to_h202 = TaskAssign {
        version: task.summary.version,
        assignee_id: Some(h202),
        department_id: None,
        note: None,
    };
    let assigned: Task = supervisor.post_ok(&path, &to_h202).await;
    assert_eq!(assigned.summary.assignee_name.as_deref(), Some("Winnie Kwok"));
    assert!(ids_in(&housekeeper, "/api/tasks/mine").await.contains(&id));
    let engineering = department_id(&app, "engineering").await;
    let mut hand_off = TaskAssign {
        version: assigned.summary.version,
        assignee_id: None,
        department_id: Some(engineering),
        note: None,
    };
    let body = housekeeper.post_refused(&path, &hand_off, ErrorCode::Invalid).await;
    assert_eq!(body.fields["note"].code(), "required");
    hand_off.note = Some("Tap is broken, not a towel request".into());
    let handed: Task = housekeeper.post_ok(&path, &hand_off).await;
    assert_eq!(handed.summary.department_id, engineering);
    assert_eq!(handed.summary.status, TaskStatus::New);
    assert_eq!(handed.summary.assignee_id, None);
    assert_eq!(
        handed.history.last().unwrap().note.as_deref(),
        Some("Tap is broken, not a towel request")
    );
    assert!(ids_in(&engineer, "/api/tasks/mine").await.contains(&id));
    housekeeper
        .get_refused(&format!("/api/tasks/{id}"), ErrorCode::NotFound)
        .await;
    let staff = app.signed_in("E301").await;
    let to_pool = TaskAssign {
        version: handed.summary.version,
        assignee_id: None,
        department_id: None,
        note: None,
    };
    staff.post_refused(&path, &to_pool, ErrorCode::Forbidden).await;
}

/// The department rule, as a table: filing with an assignee, assigning and claiming
/// (accepting from the pool) are for people of the task's department; hand-off moves a
/// task across, to the receiving department's pool or one of its people.
async fn assignment_stays_within_the_department(app: TestApp) {
    let front_desk = app.signed_in("F101").await;
    let housekeeper = app.signed_in("H201").await;
    let supervisor = app.signed_in("S201").await;
    let manager = app.signed_in("M001").await;
    let engineer = app.signed_in("E301").await;
    let (h201, h202, s201) = (
        app.staff_uuid("H201").await,
        app.staff_uuid("H202").await,
        app.staff_uuid("S201").await,
    );
    let (e301, m001, a001) = (
        app.staff_uuid("E301").await,
        app.staff_uuid("M001").await,
        app.staff_uuid("A001").await,
    );
    let housekeeping = department_id(&app, "housekeeping").await;
    let engineering = department_id(&app, "engineering").await;
    let front_office = department_id(&app, "front_office").await;

    // Filing: (who, type, department named, assignee, expected status).
    let filings: Vec<(&Browser, &str, Option<Uuid>, Uuid, u16)> = vec![
        (&front_desk, "repair", None, e301, 201),
        (&front_desk, "repair", None, h201, 422),
        (&housekeeper, "repair", None, a001, 422),
        (&front_desk, "repair", None, m001, 422),
        (&front_desk, "repair", Some(housekeeping), h201, 201),
        (&supervisor, "cleaning", None, s201, 201),
        (&supervisor, "cleaning", None, e301, 422),
    ];
    for (n, (who, type_code, department, assignee, expected)) in filings.into_iter().enumerate() {
        let mut body = new_task(&app, type_code, "1001", 3).await;
        body.title = "Department rule".into();
        body.department_id = department;
        body.assignee_id = Some(assignee);
        let response = who.post("/api/tasks", &body).await;
        if expected == 422 {
            let refused = refused(response, ErrorCode::Invalid).await;
            assert_eq!(
                refused.fields["assignee_id"].code(),
                "outside_department",
                "filing {n}: {refused:?}"
            );
            who.get_refused(&format!("/api/tasks/{}", body.id), ErrorCode::NotFound)
                .await;
        } else {
            let filed: Task = decoded(response, expected).await;
            assert_eq!(filed.summary.assignee_id, Some(assignee), "filing {n}");
        }
    }

    // Assigning a housekeeping task: (who, assignee, department handed to, expected).
    let task = file(&app, &front_desk, "cleaning", "1002", 3, as_is).await;
    let id = task.summary.id;
    assert_eq!(task.summary.department_id, housekeeping);
    let assignments: Vec<(&Browser, Uuid, Option<Uuid>, u16)> = vec![
        (&supervisor, e301, None, 422),
        (&supervisor, m001, None, 422),
        (&manager, e301, None, 422),
        (&supervisor, h202, None, 200),
        (&supervisor, s201, None, 200),
        (&manager, h201, None, 200),
        // The holder passes it to a colleague, not to someone of another department.
        (&housekeeper, e301, None, 422),
        (&housekeeper, h202, None, 200),
        // Hand-off: to the receiving department's pool or one of its people, not to a
        // person of a third department or the one it leaves.
        (&supervisor, e301, Some(front_office), 422),
        (&supervisor, h202, Some(engineering), 422),
        (&supervisor, e301, Some(engineering), 200),
    ];
    for (n, (who, assignee, department, expected)) in assignments.into_iter().enumerate() {
        let before: Task = manager.get_ok(&format!("/api/tasks/{id}")).await;
        let body = TaskAssign {
            version: before.summary.version,
            assignee_id: Some(assignee),
            department_id: department,
            note: department.map(|_| "Not ours: the shower valve leaks".to_owned()),
        };
        let response = who.post(&format!("/api/tasks/{id}/assign"), &body).await;
        if expected == 422 {
            let refused = refused(response, ErrorCode::Invalid).await;
            assert_eq!(
                refused.fields["assignee_id"].code(),
                "outside_department",
                "assignment {n}: {refused:?}"
            );
            let after: Task = manager.get_ok(&format!("/api/tasks/{id}")).await;
            assert_eq!(
                after.summary.version, before.summary.version,
                "assignment {n} changed nothing"
            );
        } else {
            let assigned: Task = decoded(response, expected).await;
            assert_eq!(assigned.summary.assignee_id, Some(assignee), "assignment {n}");
        }
    }
    let handed: Task = engineer.get_ok(&format!("/api/tasks/{id}")).await;
    assert_eq!(handed.summary.department_id, engineering);
    assert_eq!(handed.summary.assignee_id, Some(e301));
    assert_eq!(handed.summary.status, TaskStatus::New);
    assert!(handed.allowed_actions.iter().any(|a| a == "accept"));
    act(&engineer, &manager, id, TaskAction::Accept, None).await.unwrap();

    // Claiming: accepting from the pool takes the task, so only its department may. A
    // manager is offered no Accept there, and may still accept a held task on its
    // holder's behalf (the holder stays).
    let pooled = file(&app, &front_desk, "cleaning", "1003", 3, as_is).await;
    let pooled_id = pooled.summary.id;
    let seen_by_manager: Task = manager.get_ok(&format!("/api/tasks/{pooled_id}")).await;
    assert!(!seen_by_manager.allowed_actions.iter().any(|a| a == "accept"));
    assert!(seen_by_manager.allowed_actions.iter().any(|a| a == "cancel"));
    let (status, refused) = act(&manager, &manager, pooled_id, TaskAction::Accept, None)
        .await
        .unwrap_err();
    assert_eq!((status, refused.error), (422, ErrorCode::Invalid), "{refused:?}");
    assert_eq!(refused.fields["action"].code(), "outside_department");
    let still: Task = manager.get_ok(&format!("/api/tasks/{pooled_id}")).await;
    assert_eq!(
        (still.summary.status, still.summary.assignee_id),
        (TaskStatus::New, None)
    );
    act(&housekeeper, &manager, pooled_id, TaskAction::Accept, None)
        .await
        .unwrap();
    let held = file(&app, &front_desk, "cleaning", "1004", 3, |t| t.assignee_id = Some(h202)).await;
    let held_id = held.summary.id;
    let seen_by_manager: Task = manager.get_ok(&format!("/api/tasks/{held_id}")).await;
    assert!(seen_by_manager.allowed_actions.iter().any(|a| a == "accept"));
    act(&manager, &manager, held_id, TaskAction::Accept, None)
        .await
        .unwrap();
    let accepted: Task = manager.get_ok(&format!("/api/tasks/{held_id}")).await;
    assert_eq!(accepted.summary.status, TaskStatus::Accepted);
    assert_eq!(accepted.summary.assignee_id, Some(h202));
}

async fn a_retried_filing_stores_one_task(app: TestApp) {
    let front_desk = Arc::new(app.signed_in("F101").await);
    let mut body = new_task(&app, "repair", "1106", 1).await;
    body.title = "Door lock jammed".into();
    let mut tries = Vec::new();
    for _ in 0..20 {
        let (browser, body) = (front_desk.clone(), body.clone());
        tries.push(tokio::spawn(async move {
            browser.post("/api/tasks", &body).await.status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|&&s| s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|&s| s == 201 || s == 200), "{statuses:?}");
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tasks WHERE title = 'Door lock jammed'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let (events,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM task_events WHERE kind = 'created'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(events, 1);
    let someone_else = app.signed_in("F102").await;
    someone_else
        .post_refused("/api/tasks", &body, ErrorCode::Conflict)
        .await;
}

async fn unfinished_tasks_carry_over_to_the_next_shift(app: TestApp) {
    let supervisor = app.signed_in("S201").await;
    let task = file(&app, &supervisor, "cleaning", "1209", 4, as_is).await;
    let id = task.summary.id;
    app.advance(Duration::from_secs(13 * 3600));
    let next_shift = app.signed_in("H203").await;
    let mine: Vec<TaskSummary> = next_shift.get_ok("/api/tasks/mine").await;
    let carried = mine.iter().find(|t| t.id == id).expect("carried over");
    assert_eq!(carried.overdue, Some(Overdue::Resolution));
}

async fn other_hotels_tasks_are_out_of_reach(app: TestApp) {
    let pool = &app.state.db.pool;
    let front_desk = app.signed_in("F101").await;
    let task = file(&app, &front_desk, "repair", "1208", 2, as_is).await;
    let id = task.summary.id;
    // Move the task to another hotel behind the API's back.
    let other = app.another_hotel().await;
    sqlx::query("UPDATE tasks SET property_id = $1 WHERE id = $2")
        .bind(&other)
        .bind(id.to_string())
        .execute(pool)
        .await
        .unwrap();
    let manager = app.signed_in("M001").await;
    manager
        .get_refused(&format!("/api/tasks/{id}"), ErrorCode::NotFound)
        .await;
    let accept = TaskActionRequest {
        version: 1,
        action: TaskAction::Accept,
        reason: None,
    };
    manager
        .post_refused(&format!("/api/tasks/{id}/actions"), &accept, ErrorCode::NotFound)
        .await;
    assert!(!ids_in(
        &manager,
        &format!(
            "/api/tasks/board?department_id={}",
            department_id(&app, "engineering").await
        )
    )
    .await
    .contains(&id));
    assert!(!ids_in(&manager, "/api/tasks/board").await.contains(&id));
    let foreign_type = Uuid::new_v4();
    sqlx::query("INSERT INTO task_types (id, property_id, code, name, builtin, checklist, targets) VALUES ($1, $2, 'x', 'X', 0, '[]', '[]')")
        .bind(foreign_type.to_string())
        .bind(&other)
        .execute(pool)
        .await
        .unwrap();
    let body = TaskCreate {
        title: "x".into(),
        room_id: None,
        location: Some("Lobby".into()),
        type_id: foreign_type,
        ..new_task(&app, "repair", "1208", 3).await
    };
    let body = manager.post_refused("/api/tasks", &body, ErrorCode::Invalid).await;
    assert_eq!(body.fields["type_id"].code(), "unknown_type");
}

async fn reports_count_per_department_and_export_csv(app: TestApp) {
    // The repairs below take about an hour of the clock.
    app.clear_of_midnight(Duration::from_secs(2 * 60 * 60));
    for (room, minutes_to_fix) in [("901", 10u64), ("902", 20), ("903", 28)] {
        // Fresh sign-ins: the clock jumps past the idle timeout.
        let front_desk = app.signed_in("F101").await;
        let engineer = app.signed_in("E301").await;
        let task = file(&app, &front_desk, "repair", room, 1, as_is).await;
        let id = task.summary.id;
        app.advance(Duration::from_secs(5 * 60));
        act(&engineer, &engineer, id, TaskAction::Accept, None).await.unwrap();
        act(&engineer, &engineer, id, TaskAction::Start, None).await.unwrap();
        app.advance(Duration::from_secs((minutes_to_fix - 5) * 60));
        act(&engineer, &engineer, id, TaskAction::Done, None).await.unwrap();
    }
    let front_desk = app.signed_in("F101").await;
    let engineer = app.signed_in("E301").await;
    file(&app, &front_desk, "repair", "904", 3, as_is).await;
    let supervisor = app.signed_in("S301").await;
    let report: TaskReport = supervisor.get_ok("/api/reports/tasks").await;
    assert_eq!(report.rows.len(), 1, "{report:?}");
    let row = &report.rows[0];
    assert_eq!(row.created, 4);
    assert_eq!(row.done, 3);
    assert_eq!(row.accept_median_mins, Some(5.0));
    assert_eq!(row.complete_median_mins, Some(20.0));
    assert_eq!(row.complete_p90_mins, Some(28.0));
    let on_time = row.on_time_pct.unwrap();
    assert!(
        (on_time - 200.0 / 3.0).abs() < 0.01,
        "two of three fixed within 25 minutes: {on_time}"
    );
    // The CSV is read as text: it is the file a spreadsheet opens.
    let csv = supervisor.get("/api/reports/tasks.csv").await;
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("department,period,created,done"));
    assert!(lines[1].starts_with("Engineering,"), "{text}");
    engineer.get_refused("/api/reports/tasks", ErrorCode::Forbidden).await;
    let other = department_id(&app, "housekeeping").await;
    supervisor
        .get_refused(
            &format!("/api/reports/tasks?department_id={other}"),
            ErrorCode::Forbidden,
        )
        .await;
    let manager = app.signed_in("M001").await;
    let weekly: TaskReport = manager.get_ok("/api/reports/tasks?bucket=week").await;
    assert_eq!(weekly.bucket, Bucket::Week);
    assert_eq!(weekly.rows[0].created, 4);
    manager
        .get_refused("/api/reports/tasks?from=2026-01-01&to=2026-12-31", ErrorCode::Invalid)
        .await;
}

async fn live_events_reach_the_right_tablets(app: TestApp) {
    let engineer = app.signed_in("E301").await;
    let housekeeper = app.signed_in("H201").await;
    let front_desk = app.signed_in("F101").await;
    let mut engineering_feed = engineer.get("/api/events").await.bytes_stream();
    let mut housekeeping_feed = housekeeper.get("/api/events").await.bytes_stream();
    let started = std::time::Instant::now();
    let repair = file(&app, &front_desk, "repair", "1208", 1, as_is).await;
    let cleaning = file(&app, &front_desk, "cleaning", "1208", 3, as_is).await;
    let first_event = |feed| async move { next_event(feed).await };
    let seen = first_event(&mut engineering_feed).await;
    assert!(started.elapsed() < Duration::from_secs(2), "within 2 seconds");
    assert_eq!(seen.task_id, repair.summary.id);
    assert!(seen.urgent);
    let seen = first_event(&mut housekeeping_feed).await;
    assert_eq!(
        seen.task_id, cleaning.summary.id,
        "housekeeping does not hear of engineering's repair"
    );
    assert!(!seen.urgent);
    app.browser()
        .get_refused("/api/events", ErrorCode::Unauthenticated)
        .await;
}

/// A chain runs several copies of the server over one PostgreSQL database: a change
/// made through one reaches the tablets of every copy, each once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_events_travel_between_servers_through_postgres() {
    let first = spawn_app(Backend::Postgres).await;
    let second = first.second_server().await;
    let engineer_there = second.signed_in("E301").await;
    let engineer_here = first.signed_in("E301").await;
    let front_desk = first.signed_in("F101").await;
    let mut feed_there = engineer_there.get("/api/events").await.bytes_stream();
    let mut feed_here = engineer_here.get("/api/events").await.bytes_stream();

    let started = std::time::Instant::now();
    let repair = file(&first, &front_desk, "repair", "1208", 1, as_is).await.summary.id;
    let seen = next_event(&mut feed_there).await;
    assert!(started.elapsed() < Duration::from_secs(2), "within 2 seconds");
    assert_eq!(seen.task_id, repair, "heard on the other server");
    assert!(seen.urgent);
    assert_eq!(next_event(&mut feed_here).await.task_id, repair, "heard here");

    // Once each: the next event on either stream is the next change, not the first again.
    let another = file(&first, &front_desk, "repair", "1209", 3, as_is).await.summary.id;
    assert_eq!(next_event(&mut feed_here).await.task_id, another);
    assert_eq!(next_event(&mut feed_there).await.task_id, another);
}

/// The data of the next `task` event on an SSE stream.
async fn next_event(feed: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin)) -> TaskChanged {
    let mut buffer = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(start) = buffer.find("event: task\ndata: ") {
            let rest = &buffer[start + "event: task\ndata: ".len()..];
            if let Some(end) = rest.find('\n') {
                return serde_json::from_str(&rest[..end]).unwrap();
            }
        }
        let chunk = tokio::time::timeout_at(deadline, feed.next())
            .await
            .expect("an event within 5 s")
            .unwrap()
            .unwrap();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

async fn bad_tasks_are_refused_field_by_field(app: TestApp) {
    let front_desk = app.signed_in("F101").await;
    let body = TaskCreate {
        title: " ".into(),
        details: "x".repeat(3000),
        room_id: None,
        priority: 9,
        ..new_task(&app, "repair", "1208", 3).await
    };
    let body = front_desk.post_refused("/api/tasks", &body, ErrorCode::Invalid).await;
    for field in ["title", "details", "priority", "room_id"] {
        assert!(body.fields.contains_key(field), "{field} in {body:?}");
    }
    let body = TaskCreate {
        title: "x".into(),
        room_id: Some(Uuid::new_v4()),
        ..new_task(&app, "repair", "1208", 2).await
    };
    let body = front_desk.post_refused("/api/tasks", &body, ErrorCode::Invalid).await;
    assert_eq!(body.fields["room_id"].code(), "unknown_room");
    let lobby = TaskCreate {
        title: "Lobby door squeaks".into(),
        room_id: None,
        location: Some("Lobby".into()),
        ..new_task(&app, "repair", "1208", 5).await
    };
    let task: Task = front_desk.post_created("/api/tasks", &lobby).await;
    assert_eq!(task.summary.location.as_deref(), Some("Lobby"));
    assert_eq!(task.summary.room_number, None);
}

async fn managers_tune_types_and_targets(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let repair = type_id(&app, "repair").await;
    let path = format!("/api/task-types/{repair}");
    let mut targets = vec![
        Targets {
            respond_mins: 10,
            resolve_mins: 60,
        };
        5
    ];
    let types: Vec<TaskType> = manager.get_ok("/api/task-types").await;
    let before = types.into_iter().find(|t| t.id == repair).expect("the repair type");
    let retarget = |targets: &[Targets]| TaskTypeUpdate {
        targets: Some(targets.to_vec()),
        ..Default::default()
    };
    let updated: TaskType = manager.patch_ok(&path, &retarget(&targets)).await;
    assert_eq!(updated.targets[0].respond_mins, 10);
    // Only the targets change: what the update leaves as `None` stays as it was.
    assert!(before.default_department_id.is_some());
    assert_eq!(
        (&updated.name, updated.default_department_id, &updated.checklist),
        (&before.name, before.default_department_id, &before.checklist)
    );
    let front_desk = app.signed_in("F101").await;
    let task = file(&app, &front_desk, "repair", "1005", 1, as_is).await;
    let deadlines = task.summary.deadlines;
    assert_eq!((deadlines.respond_by - task.summary.created_at).num_minutes(), 10);
    targets[0] = Targets {
        respond_mins: 90,
        resolve_mins: 30,
    };
    let body = manager
        .patch_refused(&path, &retarget(&targets), ErrorCode::Invalid)
        .await;
    assert_eq!(body.fields["targets"].code(), "targets_invalid");
    let minibar = TaskTypeCreate {
        id: Uuid::new_v4(),
        code: "minibar".into(),
        name: "Minibar restock".into(),
        default_department_id: Some(department_id(&app, "food_beverage").await),
        checklist: vec![ChecklistTemplateItem {
            code: None,
            label: "Count items".into(),
            required: true,
        }],
        targets: None,
    };
    let created: TaskType = manager.post_created("/api/task-types", &minibar).await;
    assert_eq!(created.targets.len(), 5);
    let types: Vec<TaskType> = front_desk.get_ok("/api/task-types").await;
    assert_eq!(types.len(), 7);
    let staff = app.signed_in("B401").await;
    staff
        .patch_refused(
            &path,
            &TaskTypeUpdate {
                name: Some("Fix".into()),
                ..Default::default()
            },
            ErrorCode::Forbidden,
        )
        .await;
}

/// A task row the server cannot read back (written here with raw SQL, as a bad hand edit
/// would) is the documented 500 that says nothing of the cause, never read as another
/// status; the other tasks and the server go on.
async fn a_corrupt_task_row_is_a_500_and_the_server_goes_on(app: TestApp) {
    let supervisor = app.signed_in("S201").await;
    let broken = file(&app, &supervisor, "cleaning", "1209", 4, as_is).await.summary.id;
    let fine = file(&app, &supervisor, "cleaning", "1210", 4, as_is).await.summary.id;
    let detail = format!("/api/tasks/{broken}");
    let board = "/api/tasks/board".to_owned();
    for (column, value, paths) in [
        ("status", "mislaid", vec![detail.clone(), board]),
        ("complaint_channel", "carrier_pigeon", vec![detail.clone()]),
    ] {
        sqlx::query(&format!(
            "UPDATE tasks SET {column} = $1, complaint_category = 'other' WHERE id = $2"
        ))
        .bind(value)
        .bind(broken.to_string())
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        for path in paths {
            assert_corrupt_row(supervisor.get(&path).await, value).await;
        }
        sqlx::query(
            "UPDATE tasks SET status = 'new', complaint_channel = NULL, complaint_category = NULL WHERE id = $1",
        )
        .bind(broken.to_string())
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    }
    let _: Task = supervisor.get_ok(&format!("/api/tasks/{fine}")).await;
    let _: Task = supervisor.get_ok(&detail).await;
    let _: bellhop_api::system::Health = supervisor.get_ok("/api/health").await;
}
