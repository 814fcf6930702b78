//! Mystery-shopper audits through the API, on SQLite and PostgreSQL: templates and
//! versions, planning, autosave, submit, corrective tasks, anonymity, photos, reports.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use serde_json::{json, Value};
use uuid::Uuid;

use bellhop_server::routes::tasks::escalation;

use bellhop_api::audit_wire::{
    AnswerSave, Audit, AuditCreate, AuditFeedback, AuditPlan, AuditReport, AuditStatus, AuditSummary, AuditTargetSet,
    AuditTemplate, AuditTemplateCreate, AuditTemplateSummary, AuditTemplateUpdate, CorrectiveActionCreate, SavedAnswer,
    ScoreGroup,
};
use bellhop_api::audits::{Answer, ItemKind, TemplateItem, TemplateSection};
use bellhop_api::live::{AuditChange, AuditChanged};
use bellhop_api::people::{Colleague, Language, Role, StaffCreate, StaffMember, StaffUpdate};
use bellhop_api::system::Health;
use bellhop_api::tasks::{Task, TaskAction, TaskActionRequest, TaskStatus, TaskSummary};
use bellhop_api::{ErrorCode, Page};

use crate::common::*;

on_both_databases!(
    editing_a_used_template_makes_a_version_and_old_audits_keep_theirs,
    managers_plan_and_auditors_see_only_their_own_queue,
    answers_autosave_and_resume_on_another_device,
    a_stale_save_of_an_item_is_refused,
    submit_needs_every_required_item,
    twenty_parallel_submits_store_one_result_and_one_set_of_tasks,
    corrective_tasks_reach_the_department_list,
    audited_staff_never_learn_who_audited,
    roles_and_other_hotels_are_refused,
    photos_are_checked_for_size_and_type,
    a_month_report_has_exact_numbers_and_a_csv,
    twenty_parallel_starts_with_one_client_id_make_one_audit,
    the_demo_hotel_has_an_audit_programme,
    managers_list_the_auditors_of_their_own_hotel,
    a_photo_comes_off_a_draft_but_stays_on_a_submitted_audit,
    audit_changes_reach_managers_and_the_auditor_live,
    a_corrupt_audit_row_is_a_500_and_the_server_goes_on,
);

const AUDITOR_NAME: &str = "Olivia Tam";

async fn department(app: &TestApp, code: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM departments WHERE code = $1")
        .bind(code)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    id
}

/// An item of `kind`, optional, without photo, not critical.
fn item(key: &str, text: &str, kind: ItemKind, weight: u32) -> TemplateItem {
    TemplateItem {
        key: key.to_owned(),
        text: text.to_owned(),
        guidance: String::new(),
        kind,
        weight,
        critical: false,
        required: false,
        photo: false,
    }
}

fn yes_no(key: &str, weight: u32, critical: bool) -> TemplateItem {
    TemplateItem {
        critical,
        required: true,
        photo: true,
        ..item(key, &format!("Item {key}"), ItemKind::YesNo, weight)
    }
}

fn section(title: &str, items: Vec<TemplateItem>) -> TemplateSection {
    TemplateSection {
        title: title.to_owned(),
        items,
    }
}

fn template(id: Uuid, department: &str, sections: Vec<TemplateSection>) -> AuditTemplateCreate {
    AuditTemplateCreate {
        id,
        name: "Test visit".into(),
        area: "Test area".into(),
        department_id: uuid(department),
        pass_mark: 60.0,
        sections,
    }
}

/// A manager's template with one section of the given items; returns its id.
async fn make_template(app: &TestApp, manager: &Browser, items: Vec<TemplateItem>) -> String {
    let id = Uuid::new_v4();
    let body = template(
        id,
        &department(app, "front_office").await,
        vec![section("Visit", items)],
    );
    let _: AuditTemplate = manager.post_created("/api/audit-templates", &body).await;
    id.to_string()
}

/// An audit to create: no auditor, due date, subject or area until set.
fn new_audit(id: Uuid, template: &str) -> AuditCreate {
    AuditCreate {
        id,
        template_id: uuid(template),
        auditor_id: None,
        due_on: None,
        subject_staff_id: None,
        subject_area: None,
    }
}

/// An unplanned audit the auditor starts about `subject`; returns its id.
async fn start(app: &TestApp, auditor: &Browser, template: &str, subject: &str) -> String {
    let id = Uuid::new_v4();
    let body = AuditCreate {
        subject_staff_id: Some(app.staff_uuid(subject).await),
        ..new_audit(id, template)
    };
    let _: Audit = auditor.post_created("/api/audits", &body).await;
    id.to_string()
}

async fn save(browser: &Browser, audit: &str, key: &str, revision: u32, answer: Answer) -> reqwest::Response {
    let body = AnswerSave {
        revision,
        answer: Some(answer),
        note: String::new(),
    };
    browser.put(&format!("/api/audits/{audit}/answers/{key}"), &body).await
}

/// Saves an answer that is taken; the answer as stored.
async fn saved(browser: &Browser, audit: &str, key: &str, revision: u32, answer: Answer) -> SavedAnswer {
    decoded(save(browser, audit, key, revision, answer).await, 200).await
}

async fn answer_all(browser: &Browser, audit: &str, answers: &[(&str, Answer)]) {
    for (key, answer) in answers {
        saved(browser, audit, key, 0, answer.clone()).await;
    }
}

async fn submit(browser: &Browser, audit: &str) -> Audit {
    browser
        .post_ok(&format!("/api/audits/{audit}/submit"), &json!({}))
        .await
}

async fn publish(browser: &Browser, audit: &str) -> Audit {
    browser
        .post_ok(&format!("/api/audits/{audit}/publish"), &json!({}))
        .await
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

async fn editing_a_used_template_makes_a_version_and_old_audits_keep_theirs(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let id = Uuid::new_v4();
    let front = department(&app, "front_office").await;
    let first = template(
        id,
        &front,
        vec![section("Visit", vec![yes_no("a", 1, false), yes_no("b", 1, false)])],
    );
    let created: AuditTemplate = manager.post_created("/api/audit-templates", &first).await;
    assert_eq!(created.version, 1);
    assert_eq!(created.used_by, 0);
    let retried: AuditTemplate = manager.post_ok("/api/audit-templates", &first).await;
    assert_eq!(retried.version, 1, "a retried create returns the same template");
    let twice = template(
        Uuid::new_v4(),
        &Uuid::new_v4().to_string(),
        vec![section("Visit", vec![yes_no("a", 1, false), yes_no("a", 11, false)])],
    );
    let refusal = manager
        .post_refused("/api/audit-templates", &twice, ErrorCode::Invalid)
        .await;
    assert_eq!(refusal.fields["sections[0].items[1].key"].code(), "duplicate");
    assert_eq!(refusal.fields["sections[0].items[1].weight"].code(), "out_of_range");

    let old = start(&app, &auditor, &id.to_string(), "F101").await;
    answer_all(&auditor, &old, &[("a", Answer::Yes), ("b", Answer::No)]).await;
    let submitted = submit(&auditor, &old).await;
    assert_eq!(submitted.result.expect("a result").score, Some(50.0));

    // b now weighs 3 and a third item joins.
    let edit = AuditTemplateUpdate::from(template(
        id,
        &front,
        vec![section(
            "Visit",
            vec![yes_no("a", 1, false), yes_no("b", 3, false), yes_no("c", 1, false)],
        )],
    ));
    let edited: AuditTemplate = manager.put_ok(&format!("/api/audit-templates/{id}"), &edit).await;
    assert_eq!((edited.version, edited.latest_version), (2, 2));
    assert_eq!(edited.used_by, 1, "the editor can tell that audits keep version 1");
    let v1: AuditTemplate = manager.get_ok(&format!("/api/audit-templates/{id}?version=1")).await;
    assert_eq!(v1.sections[0].items.len(), 2);

    let kept: Audit = manager.get_ok(&format!("/api/audits/{old}")).await;
    assert_eq!(kept.summary.template_version, 1);
    assert_eq!(kept.sections[0].items.len(), 2);
    assert_eq!(kept.sections[0].items[1].weight, 1);
    assert_eq!(
        kept.result.expect("a result").score,
        Some(50.0),
        "the old audit keeps its score"
    );

    let new = start(&app, &auditor, &id.to_string(), "F101").await;
    let fresh: Audit = auditor.get_ok(&format!("/api/audits/{new}")).await;
    assert_eq!(fresh.summary.template_version, 2);
    assert_eq!(fresh.sections[0].items.len(), 3);

    let _: AuditTemplate = manager
        .post_ok(&format!("/api/audit-templates/{id}/archive"), &json!({}))
        .await;
    let body = AuditCreate {
        subject_area: Some("Lobby".into()),
        ..new_audit(Uuid::new_v4(), &id.to_string())
    };
    let refusal = auditor.post_refused("/api/audits", &body, ErrorCode::Invalid).await;
    assert_eq!(refusal.fields["template_id"].code(), "archived");
    let listed: Vec<AuditTemplateSummary> = auditor.get_ok("/api/audit-templates").await;
    assert!(listed.iter().all(|t| t.id != id), "archived templates leave the list");
}

/// A second auditor, made by the admin; returns a browser signed in as them.
async fn second_auditor(app: &TestApp) -> Browser {
    let admin = app.signed_in("A001").await;
    let body = StaffCreate {
        id: Uuid::new_v4(),
        employee_no: "U002".into(),
        display_name: "Second Auditor".into(),
        department_id: None,
        role: Role::Auditor,
        language: Language::default(),
        pin: None,
        password: Some(DEMO_PASSWORD.into()),
        hired_on: None,
    };
    let _: StaffMember = admin.post_created("/api/staff", &body).await;
    app.signed_in("U002").await
}

async fn managers_plan_and_auditors_see_only_their_own_queue(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false)]).await;
    let month = "2031-05";
    let plan: AuditPlan = manager
        .put_ok(&format!("/api/audit-plans/{month}"), &AuditTargetSet { target: 200 })
        .await;
    assert_eq!((plan.target, plan.assigned), (200, 0));

    let u001 = app.staff_uuid("U001").await;
    let id = Uuid::new_v4();
    let body = AuditCreate {
        auditor_id: Some(u001),
        due_on: Some(date("2031-05-20")),
        subject_staff_id: Some(app.staff_uuid("F102").await),
        ..new_audit(id, &template)
    };
    let made: Audit = manager.post_created("/api/audits", &body).await;
    assert_eq!(made.summary.status, AuditStatus::Assigned);
    assert!(made.summary.planned);
    let _: Audit = manager.post_ok("/api/audits", &body).await;
    let plan: AuditPlan = manager.get_ok(&format!("/api/audit-plans/{month}")).await;
    assert_eq!((plan.target, plan.assigned), (200, 1));

    let wrong = AuditCreate {
        auditor_id: Some(app.staff_uuid("F101").await),
        subject_area: Some("Lobby".into()),
        ..new_audit(Uuid::new_v4(), &template)
    };
    let refusal = manager.post_refused("/api/audits", &wrong, ErrorCode::Invalid).await;
    assert_eq!(refusal.fields["auditor_id"].code(), "not_an_auditor");
    assert_eq!(refusal.fields["due_on"].code(), "required");

    let queue: Page<AuditSummary> = auditor.get_ok("/api/audits").await;
    assert!(
        queue.items.iter().any(|a| a.id == id),
        "the assigned audit is in the queue"
    );
    assert!(queue.items.iter().all(|a| a.auditor_id == u001));
    assert!(queue.items.iter().all(|a| a.status == AuditStatus::Assigned));
    let month_only: Page<AuditSummary> = auditor.get_ok(&format!("/api/audits?month={month}")).await;
    assert_eq!(month_only.total, 1);

    let other = second_auditor(&app).await;
    let theirs: Page<AuditSummary> = other.get_ok("/api/audits?filter=all").await;
    assert_eq!(theirs.total, 0, "another auditor sees none of U001's audits");
    refused(other.get(&format!("/api/audits/{id}")).await, ErrorCode::NotFound).await;
    refused(
        save(&other, &id.to_string(), "a", 0, Answer::Yes).await,
        ErrorCode::NotFound,
    )
    .await;
    let all: Page<AuditSummary> = manager.get_ok("/api/audits?filter=all&limit=200").await;
    assert!(all.total >= 1 + 4 + 8, "managers see every audit, seeded ones too");
}

async fn answers_autosave_and_resume_on_another_device(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let tablet = app.signed_in("U001").await;
    let items = vec![
        yes_no("a", 1, false),
        item("r", "Smile", ItemKind::Rating { threshold: 3 }, 2),
        item(
            "t",
            "Answered",
            ItemKind::Number {
                target: 15.0,
                at_most: true,
                unit: "s".into(),
            },
            2,
        ),
        item("n", "Remarks", ItemKind::Note, 1),
    ];
    let template = make_template(&app, &manager, items).await;
    let audit = start(&app, &tablet, &template, "F101").await;
    saved(&tablet, &audit, "a", 0, Answer::Yes).await;
    let smile = AnswerSave {
        revision: 0,
        answer: Some(Answer::Rating(4)),
        note: "Warm smile".into(),
    };
    let smiled: SavedAnswer = tablet.put_ok(&format!("/api/audits/{audit}/answers/r"), &smile).await;
    assert_eq!(smiled.revision, 1);
    saved(&tablet, &audit, "t", 0, Answer::Number(12.5)).await;
    saved(&tablet, &audit, "n", 0, Answer::Note("Busy lobby".into())).await;
    refused(
        save(&tablet, &audit, "r", 1, Answer::Rating(9)).await,
        ErrorCode::Invalid,
    )
    .await;
    refused(
        save(&tablet, &audit, "a", 1, Answer::Rating(3)).await,
        ErrorCode::Invalid,
    )
    .await;
    refused(save(&tablet, &audit, "zz", 0, Answer::Yes).await, ErrorCode::NotFound).await;

    let phone = app.signed_in("U001").await;
    let resumed: Audit = phone.get_ok(&format!("/api/audits/{audit}")).await;
    assert_eq!(resumed.summary.status, AuditStatus::InProgress);
    let answers = &resumed.answers;
    let by_key = |k: &str| answers.iter().find(|a| a.item_key == k).expect("an answer").clone();
    assert_eq!(answers.len(), 4);
    assert_eq!(by_key("a").answer, Some(Answer::Yes));
    assert_eq!(by_key("r").answer, Some(Answer::Rating(4)));
    assert_eq!(by_key("r").note, "Warm smile");
    assert_eq!(by_key("t").answer, Some(Answer::Number(12.5)));
    assert_eq!(by_key("n").answer, Some(Answer::Note("Busy lobby".into())));
    assert!(answers.iter().all(|a| a.revision == 1));
}

/// Per-item revisions: a save must name the revision it was based on.
async fn a_stale_save_of_an_item_is_refused(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let tablet = app.signed_in("U001").await;
    let phone = app.signed_in("U001").await;
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false), yes_no("b", 1, false)]).await;
    let audit = start(&app, &tablet, &template, "F101").await;
    saved(&tablet, &audit, "a", 0, Answer::Yes).await;
    // Both devices saw revision 1; the phone saves first.
    let newer = saved(&phone, &audit, "a", 1, Answer::No).await;
    assert_eq!(newer.revision, 2);
    refused(save(&tablet, &audit, "a", 1, Answer::Yes).await, ErrorCode::Conflict).await;
    refused(save(&tablet, &audit, "a", 0, Answer::Yes).await, ErrorCode::Conflict).await;
    // Another item is not held up by the conflict.
    saved(&tablet, &audit, "b", 0, Answer::Yes).await;
    let now: Audit = tablet.get_ok(&format!("/api/audits/{audit}")).await;
    let a = now.answers.iter().find(|x| x.item_key == "a").expect("a's answer");
    assert_eq!(
        (a.answer.clone(), a.revision),
        (Some(Answer::No), 2),
        "the refused save changed nothing"
    );
    // After the submit, no save goes through.
    submit(&tablet, &audit).await;
    refused(save(&tablet, &audit, "a", 2, Answer::Yes).await, ErrorCode::Conflict).await;
}

async fn submit_needs_every_required_item(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let optional = item("c", "Extra", ItemKind::YesNo, 1);
    let template = make_template(
        &app,
        &manager,
        vec![yes_no("a", 1, false), yes_no("b", 1, false), optional],
    )
    .await;
    let audit = start(&app, &auditor, &template, "F101").await;
    saved(&auditor, &audit, "a", 0, Answer::Yes).await;
    let refusal = auditor
        .post_refused(&format!("/api/audits/{audit}/submit"), &json!({}), ErrorCode::Invalid)
        .await;
    assert_eq!(refusal.fields, reasons(&[("b", "required")]));
    let still: Audit = auditor.get_ok(&format!("/api/audits/{audit}")).await;
    assert_eq!(still.summary.status, AuditStatus::InProgress);
    assert_eq!(still.result, None);

    saved(&auditor, &audit, "b", 0, Answer::NotApplicable).await;
    let done = submit(&auditor, &audit).await;
    assert_eq!(done.summary.status, AuditStatus::Submitted);
    let result = done.result.expect("a result");
    assert_eq!(result.score, Some(100.0));
    assert!(result.passed);
}

async fn twenty_parallel_submits_store_one_result_and_one_set_of_tasks(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = Arc::new(app.signed_in("U001").await);
    let template = make_template(
        &app,
        &manager,
        vec![yes_no("a", 1, true), yes_no("b", 1, true), yes_no("c", 2, false)],
    )
    .await;
    let audit = start(&app, &auditor, &template, "F101").await;
    answer_all(
        &auditor,
        &audit,
        &[("a", Answer::No), ("b", Answer::No), ("c", Answer::Yes)],
    )
    .await;
    let mut handles = Vec::new();
    for _ in 0..20 {
        let (auditor, audit) = (auditor.clone(), audit.clone());
        handles.push(tokio::spawn(async move { submit(&auditor, &audit).await }));
    }
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    for r in &results {
        assert_eq!(r.result, results[0].result, "every submit answers with the same result");
    }
    let first = results[0].result.as_ref().expect("a result");
    assert_eq!(first.score, Some(50.0));
    assert!(first.critical_failed);
    let pool = &app.state.db.pool;
    let (actions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_actions WHERE audit_id = $1")
        .bind(&audit)
        .fetch_one(pool)
        .await
        .unwrap();
    let (tasks,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM tasks WHERE title IN ('Audit: Item a', 'Audit: Item b')")
            .fetch_one(pool)
            .await
            .unwrap();
    let (sections,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_section_scores WHERE audit_id = $1")
        .bind(&audit)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        (actions, tasks, sections),
        (2, 2, 1),
        "one task per failed critical item, one result"
    );
    let later = submit(&auditor, &audit).await;
    assert_eq!(later.result, results[0].result);
    assert_eq!(later.actions.len(), 2);
}

/// Submits a front-office audit about F101 with a failed critical item "a" and a failed
/// ordinary item "b"; returns the audit id.
async fn failed_audit(app: &TestApp, manager: &Browser, auditor: &Browser) -> String {
    let template = make_template(
        app,
        manager,
        vec![yes_no("a", 2, true), yes_no("b", 1, false), yes_no("c", 1, false)],
    )
    .await;
    let audit = start(app, auditor, &template, "F101").await;
    answer_all(
        auditor,
        &audit,
        &[("a", Answer::No), ("b", Answer::No), ("c", Answer::Yes)],
    )
    .await;
    let noted = AnswerSave {
        revision: 1,
        answer: Some(Answer::No),
        note: "No name badge".into(),
    };
    let _: SavedAnswer = auditor.put_ok(&format!("/api/audits/{audit}/answers/b"), &noted).await;
    submit(auditor, &audit).await;
    audit
}

async fn corrective_tasks_reach_the_department_list(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let audit = failed_audit(&app, &manager, &auditor).await;
    let detail: Audit = manager.get_ok(&format!("/api/audits/{audit}")).await;
    let actions = &detail.actions;
    assert_eq!(actions.len(), 1, "only the critical failure is filed automatically");
    assert_eq!(actions[0].item_key, "a");
    assert_eq!(actions[0].status, TaskStatus::New);
    assert!(!detail.actions_closed);
    let task = actions[0].task_id;

    let supervisor = app.signed_in("S101").await;
    let board: Vec<TaskSummary> = supervisor.get_ok("/api/tasks/board").await;
    let on_board = board
        .iter()
        .find(|t| t.id == task)
        .expect("the task is on the front office board");
    assert_eq!(on_board.department_id, uuid(department(&app, "front_office").await));
    assert_eq!(on_board.title, "Audit: Item a");

    let actions_path = format!("/api/audits/{audit}/actions");
    let ask = |item_key: &str, due_on: Option<NaiveDate>| CorrectiveActionCreate {
        item_key: item_key.to_owned(),
        due_on,
    };
    let asked: Audit = manager
        .post_created(&actions_path, &ask("b", Some(date("2099-01-31"))))
        .await;
    assert_eq!(asked.actions.len(), 2);
    let again: Audit = manager.post_ok(&actions_path, &ask("b", None)).await;
    assert_eq!(again.actions.len(), 2);
    let refusal = manager
        .post_refused(&actions_path, &ask("c", None), ErrorCode::Invalid)
        .await;
    assert_eq!(refusal.fields["item_key"].code(), "not_failed");
    let b_task = asked
        .actions
        .iter()
        .find(|a| a.item_key == "b")
        .expect("b's action")
        .task_id;
    let b: Task = supervisor.get_ok(&format!("/api/tasks/{b_task}")).await;
    assert!(b.details.contains("No name badge"), "the note travels with the task");

    // Closing both tasks closes the actions.
    for id in [task, b_task] {
        sqlx::query("UPDATE tasks SET status = 'verified', is_active = 0 WHERE id = $1")
            .bind(id.to_string())
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    let closed: Audit = manager.get_ok(&format!("/api/audits/{audit}")).await;
    assert!(closed.actions_closed);
}

async fn audited_staff_never_learn_who_audited(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let auditor_id = app.staff_id("U001").await;
    let audit = failed_audit(&app, &manager, &auditor).await;
    let staff = app.signed_in("F101").await;
    let supervisor = app.signed_in("S101").await;
    let before: Page<AuditFeedback> = staff.get_ok("/api/audit-feedback?limit=200").await;
    assert!(
        before.items.iter().all(|f| f.id != uuid(&audit)),
        "nothing before publishing"
    );
    let published = publish(&manager, &audit).await;
    assert_eq!(published.summary.status, AuditStatus::Published);

    for (who, browser) in [("staff", &staff), ("supervisor", &supervisor)] {
        // The raw text: no field at all, known to the api types or not, names the auditor.
        let response = browser.get("/api/audit-feedback?limit=200").await;
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        assert!(text.contains(&audit), "{who} sees the feedback");
        assert!(!text.contains(&auditor_id), "{who} never gets the auditor's id");
        assert!(!text.contains(AUDITOR_NAME), "{who} never gets the auditor's name");
        let feedback: Page<AuditFeedback> = serde_json::from_str(&text).unwrap();
        let mine = feedback
            .items
            .iter()
            .find(|f| f.id == uuid(&audit))
            .expect("the feedback");
        assert_eq!(mine.score, Some(25.0));
        assert_eq!(mine.failed_items[0].item_key, "a");
        assert_eq!(mine.failed_items[1].note, "No name badge");

        // The corrective task and the audit itself do not name the auditor either.
        let board = browser.get("/api/tasks/board").await.text().await.unwrap();
        assert!(board.contains("Audit: Item a"));
        assert!(
            !board.contains(&auditor_id) && !board.contains(AUDITOR_NAME),
            "{who}'s board"
        );
        let task = published.actions[0].task_id;
        let task = browser.get(&format!("/api/tasks/{task}")).await.text().await.unwrap();
        assert!(
            !task.contains(&auditor_id) && !task.contains(AUDITOR_NAME),
            "{who}'s task detail"
        );
        refused(browser.get(&format!("/api/audits/{audit}")).await, ErrorCode::Forbidden).await;
        refused(browser.get("/api/audits").await, ErrorCode::Forbidden).await;
    }
    // Someone neither audited nor in the department sees nothing.
    let housekeeper = app.signed_in("H201").await;
    let theirs = housekeeper.get("/api/audit-feedback").await.text().await.unwrap();
    assert!(!theirs.contains(&audit));
}

async fn roles_and_other_hotels_are_refused(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let staff = app.signed_in("F101").await;
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false)]).await;
    let audit = start(&app, &auditor, &template, "F102").await;
    let body = template_body_for_update(&app).await;
    refused(
        auditor.put(&format!("/api/audit-templates/{template}"), &body).await,
        ErrorCode::Forbidden,
    )
    .await;
    refused(
        auditor.post(&format!("/api/audits/{audit}/publish"), json!({})).await,
        ErrorCode::Forbidden,
    )
    .await;
    refused(auditor.get("/api/reports/audits").await, ErrorCode::Forbidden).await;
    refused(staff.get("/api/audit-templates").await, ErrorCode::Forbidden).await;
    let start_as_staff = AuditCreate {
        subject_area: Some("Lobby".into()),
        ..new_audit(Uuid::new_v4(), &template)
    };
    staff
        .post_refused("/api/audits", &start_as_staff, ErrorCode::Forbidden)
        .await;
    // A manager reads an auditor's draft but does not fill it in.
    refused(save(&manager, &audit, "a", 0, Answer::Yes).await, ErrorCode::Forbidden).await;
    refused(
        manager.post(&format!("/api/audits/{audit}/publish"), json!({})).await,
        ErrorCode::Conflict,
    )
    .await;

    // A manager of another hotel sees none of this one.
    let pool = &app.state.db.pool;
    let other = app.another_hotel().await;
    sqlx::query("UPDATE staff SET property_id = $1 WHERE employee_no = 'M002'")
        .bind(&other)
        .execute(pool)
        .await
        .unwrap();
    let outsider = app.signed_in("M002").await;
    refused(outsider.get(&format!("/api/audits/{audit}")).await, ErrorCode::NotFound).await;
    refused(
        outsider.get(&format!("/api/audit-templates/{template}")).await,
        ErrorCode::NotFound,
    )
    .await;
    refused(
        outsider.post(&format!("/api/audits/{audit}/publish"), json!({})).await,
        ErrorCode::NotFound,
    )
    .await;
    let listed: Page<AuditSummary> = outsider.get_ok("/api/audits?filter=all").await;
    assert_eq!(listed.total, 0);
    let templates: Vec<AuditTemplateSummary> = outsider.get_ok("/api/audit-templates").await;
    assert_eq!(templates, []);
    let reused = AuditCreate {
        auditor_id: Some(app.staff_uuid("U001").await),
        due_on: Some(date("2031-01-01")),
        subject_area: Some("Lobby".into()),
        ..new_audit(uuid(&audit), &template)
    };
    outsider.post_refused("/api/audits", &reused, ErrorCode::Conflict).await;
}

async fn template_body_for_update(app: &TestApp) -> AuditTemplateUpdate {
    AuditTemplateUpdate {
        name: "X".into(),
        area: "X".into(),
        department_id: uuid(department(app, "front_office").await),
        pass_mark: 50.0,
        sections: vec![section("S", vec![yes_no("a", 1, false)])],
    }
}

async fn photos_are_checked_for_size_and_type(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let no_photo = item("b", "No photo here", ItemKind::YesNo, 1);
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false), no_photo]).await;
    let audit = start(&app, &auditor, &template, "F101").await;
    let upload = |key: &str, bytes: Vec<u8>, content_type: &str| {
        auditor
            .client
            .put(format!("{}/api/audits/{audit}/photos/{key}", app.base))
            .header("x-requested-with", "bellhop")
            .header("content-type", content_type.to_owned())
            .body(bytes)
            .send()
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[7u8; 1000]);
    let stored = upload("a", png.clone(), "image/png").await.unwrap();
    assert_eq!(stored.status(), 204);
    let fetched = manager.get(&format!("/api/audits/{audit}/photos/a")).await;
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["content-type"], "image/png");
    assert_eq!(fetched.bytes().await.unwrap().to_vec(), png);
    let detail: Audit = auditor.get_ok(&format!("/api/audits/{audit}")).await;
    assert!(detail.answers[0].photo);

    let text = upload("a", b"GIF89a not allowed".to_vec(), "image/jpeg").await.unwrap();
    refused(text, ErrorCode::UnsupportedMediaType).await;
    let mut huge = vec![0xFF, 0xD8, 0xFF];
    huge.resize(2 * 1024 * 1024 + 1, 0);
    refused(
        upload("a", huge, "image/jpeg").await.unwrap(),
        ErrorCode::PayloadTooLarge,
    )
    .await;
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg.resize(1_900_000, 1);
    assert_eq!(
        upload("a", jpeg.clone(), "image/jpeg").await.unwrap().status(),
        204,
        "under 2 MiB is fine"
    );
    let refusal = refused(upload("b", jpeg, "image/jpeg").await.unwrap(), ErrorCode::Invalid).await;
    assert_eq!(refusal.fields["photo"].code(), "not_allowed_for_item");

    // Staff see it only once the audit about them is published.
    let staff = app.signed_in("F101").await;
    refused(
        staff.get(&format!("/api/audits/{audit}/photos/a")).await,
        ErrorCode::NotFound,
    )
    .await;
    saved(&auditor, &audit, "a", 0, Answer::Yes).await;
    saved(&auditor, &audit, "b", 0, Answer::Yes).await;
    submit(&auditor, &audit).await;
    publish(&manager, &audit).await;
    let seen = staff.get(&format!("/api/audits/{audit}/photos/a")).await;
    assert_eq!(seen.status(), 200);
    assert_eq!(seen.headers()["content-type"], "image/jpeg");
    let housekeeper = app.signed_in("H201").await;
    refused(
        housekeeper.get(&format!("/api/audits/{audit}/photos/a")).await,
        ErrorCode::NotFound,
    )
    .await;
}

async fn a_month_report_has_exact_numbers_and_a_csv(app: TestApp) {
    // A month with nothing seeded in it or in the eleven before it.
    app.advance(Duration::from_secs(500 * 86_400));
    let month = app
        .clock
        .now()
        .with_timezone(&chrono_tz::Asia::Hong_Kong)
        .format("%Y-%m")
        .to_string();
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let id = Uuid::new_v4();
    let smile = TemplateItem {
        required: true,
        ..item("c", "Item c", ItemKind::Rating { threshold: 3 }, 2)
    };
    let sections = vec![
        section("S1", vec![yes_no("a", 1, false), yes_no("b", 1, false)]),
        section("S2", vec![smile]),
    ];
    let body = template(id, &department(&app, "front_office").await, sections);
    let _: AuditTemplate = manager.post_created("/api/audit-templates", &body).await;
    let _: AuditPlan = manager
        .put_ok(&format!("/api/audit-plans/{month}"), &AuditTargetSet { target: 10 })
        .await;
    let (yes, no, rating) = (Answer::Yes, Answer::No, Answer::Rating);
    // 100 (pass), 50 (fail: b), 0 (fail: a, b, c).
    let mut last = String::new();
    for (subject, answers) in [
        ("F101", vec![("a", yes.clone()), ("b", yes.clone()), ("c", rating(5))]),
        ("F101", vec![("a", yes.clone()), ("b", no.clone()), ("c", rating(3))]),
        ("F102", vec![("a", no.clone()), ("b", no.clone()), ("c", rating(1))]),
    ] {
        let audit = start(&app, &auditor, &id.to_string(), subject).await;
        answer_all(&auditor, &audit, &answers).await;
        submit(&auditor, &audit).await;
        last = audit;
    }
    let report: AuditReport = manager.get_ok(&format!("/api/reports/audits?month={month}")).await;
    assert_eq!(report.month, month);
    assert_eq!(
        (report.target, report.planned, report.done, report.passed),
        (10, 3, 3, 1)
    );
    assert_eq!(report.average, Some(50.0));
    let group = |key: &str, audits: u32, average: Option<f64>| ScoreGroup {
        key: key.to_owned(),
        label: key.to_owned(),
        audits,
        average,
    };
    assert_eq!(report.by_area, [group("Test area", 3, Some(50.0))]);
    assert_eq!(report.by_department[0].label, "Front Office");
    assert_eq!(report.by_department[0].audits, 3);
    assert_eq!(report.by_department[0].average, Some(50.0));
    let sections: Vec<(&str, u32, f64)> = report
        .by_section
        .iter()
        .map(|s| (s.label.as_str(), s.audits, s.average.expect("an average")))
        .collect();
    assert_eq!(sections, [("Test visit — S1", 3, 50.0), ("Test visit — S2", 3, 50.0)]);
    let trend = &report.trend;
    assert_eq!(trend.len(), 12);
    assert_eq!(trend[11], group(&month, 3, Some(50.0)));
    assert!(trend[..11].iter().all(|m| m.audits == 0 && m.average.is_none()));
    let failed: Vec<(&str, u32)> = report
        .most_failed
        .iter()
        .map(|f| (f.item_key.as_str(), f.failures))
        .collect();
    assert_eq!(failed, [("b", 2), ("a", 1), ("c", 1)]);
    let staff: Vec<(&str, u32, u32, f64)> = report
        .by_staff
        .iter()
        .map(|s| (s.name.as_str(), s.audits, s.passed, s.average.expect("an average")))
        .collect();
    assert_eq!(staff, [("Jason Lau", 2, 1, 75.0), ("Karen Ng", 1, 0, 0.0)]);

    let csv = manager.get(&format!("/api/reports/audits.csv?month={month}")).await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "a header and three audits: {csv}");
    assert!(lines[0].starts_with("audit_id,submitted_at,template"));
    let mut scores: Vec<&str> = lines[1..].iter().map(|l| l.split(',').nth(10).unwrap()).collect();
    scores.sort();
    assert_eq!(scores, ["0.0", "100.0", "50.0"]);
    assert_eq!(lines.iter().filter(|l| l.contains("Jason Lau")).count(), 2);
    refused(
        manager.get("/api/reports/audits?month=2026-13").await,
        ErrorCode::Invalid,
    )
    .await;

    // A rating under its threshold is a failure a manager can turn into a task.
    let ask = CorrectiveActionCreate {
        item_key: "c".into(),
        due_on: None,
    };
    let asked: Audit = manager.post_created(&format!("/api/audits/{last}/actions"), &ask).await;
    assert_eq!(asked.actions[0].item_key, "c");
    assert_eq!(asked.actions[0].title, "Audit: Item c");
}

async fn twenty_parallel_starts_with_one_client_id_make_one_audit(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = Arc::new(app.signed_in("U001").await);
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false)]).await;
    let id = Uuid::new_v4();
    let body = AuditCreate {
        subject_area: Some("Lobby bar".into()),
        ..new_audit(id, &template)
    };
    let mut handles = Vec::new();
    for _ in 0..20 {
        let (auditor, body) = (auditor.clone(), body.clone());
        handles.push(tokio::spawn(async move {
            let response = auditor.post("/api/audits", &body).await;
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }));
    }
    let mut created = 0;
    for handle in handles {
        let (status, text) = handle.await.unwrap();
        assert!(status == 201 || status == 200, "status {status}: {text}");
        created += usize::from(status == 201);
        let audit: Audit = serde_json::from_str(&text).unwrap();
        assert_eq!(audit.summary.id, id);
    }
    assert_eq!(created, 1, "one request made it; the others were answered as retries");
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audits WHERE subject_area = 'Lobby bar'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

async fn the_demo_hotel_has_an_audit_programme(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let templates: Vec<AuditTemplateSummary> = manager.get_ok("/api/audit-templates").await;
    let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["Front desk check-in", "Housekeeping room quality", "Telephone handling"]
    );
    for t in &templates {
        assert!((15..=30).contains(&t.items), "{} has {} items", t.name, t.items);
    }
    let phone = templates
        .iter()
        .find(|t| t.name == "Telephone handling")
        .expect("the telephone template");
    let phone: AuditTemplate = manager.get_ok(&format!("/api/audit-templates/{}", phone.id)).await;
    let answer = &phone.sections[0].items[0];
    assert!(
        matches!(answer.kind, ItemKind::Number { target, .. } if target == 15.0),
        "{answer:?}"
    );
    assert!(answer.critical);

    let month = app
        .clock
        .now()
        .with_timezone(&chrono_tz::Asia::Hong_Kong)
        .format("%Y-%m")
        .to_string();
    let plan: AuditPlan = manager.get_ok(&format!("/api/audit-plans/{month}")).await;
    assert_eq!(plan.target, 200);
    let auditor = app.signed_in("U001").await;
    let queue: Page<AuditSummary> = auditor.get_ok("/api/audits").await;
    assert_eq!(queue.total, 4, "four audits wait for the demo auditor");
    let report: AuditReport = manager.get_ok(&format!("/api/reports/audits?month={month}")).await;
    let past: u32 = report.trend[7..11].iter().map(|m| m.audits).sum();
    assert_eq!(past, 8, "two results in each of the four months before this one");
    assert!(!report.most_failed.is_empty());
    let staff = app.signed_in("F101").await;
    let feedback: Page<AuditFeedback> = staff.get_ok("/api/audit-feedback").await;
    assert!(feedback.total >= 1, "published results reach the staff audited");
}

fn names(list: &[Colleague]) -> Vec<&str> {
    list.iter().map(|p| p.display_name.as_str()).collect()
}

async fn managers_list_the_auditors_of_their_own_hotel(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let listed: Vec<Colleague> = manager.get_ok("/api/audit-auditors").await;
    assert_eq!(names(&listed), [AUDITOR_NAME]);
    assert_eq!(listed[0].id, app.staff_uuid("U001").await);
    assert_eq!(listed[0].role, Role::Auditor);

    let second = second_auditor(&app).await;
    let listed: Vec<Colleague> = manager.get_ok("/api/audit-auditors").await;
    assert_eq!(names(&listed), [AUDITOR_NAME, "Second Auditor"], "by name");

    // Only managers assign, so only they read the list.
    for who in ["F101", "S101"] {
        let browser = app.signed_in(who).await;
        refused(browser.get("/api/audit-auditors").await, ErrorCode::Forbidden).await;
    }
    refused(second.get("/api/audit-auditors").await, ErrorCode::Forbidden).await;
    refused(
        app.browser().get("/api/audit-auditors").await,
        ErrorCode::Unauthenticated,
    )
    .await;

    // An auditor who leaves, or works for another hotel, is not offered.
    let admin = app.signed_in("A001").await;
    let u002 = app.staff_id("U002").await;
    let leave = StaffUpdate {
        active: Some(false),
        ..Default::default()
    };
    let _: StaffMember = admin.patch_ok(&format!("/api/staff/{u002}"), &leave).await;
    let listed: Vec<Colleague> = manager.get_ok("/api/audit-auditors").await;
    assert_eq!(names(&listed), [AUDITOR_NAME]);
    let other = app.another_hotel().await;
    sqlx::query("UPDATE staff SET property_id = $1, active = 1 WHERE employee_no IN ('U002', 'M002')")
        .bind(&other)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let listed: Vec<Colleague> = manager.get_ok("/api/audit-auditors").await;
    assert_eq!(names(&listed), [AUDITOR_NAME], "no auditor of another hotel");
    let outsider = app.signed_in("M002").await;
    let theirs: Vec<Colleague> = outsider.get_ok("/api/audit-auditors").await;
    assert_eq!(
        names(&theirs),
        ["Second Auditor"],
        "the other hotel's manager sees only theirs"
    );
}

/// Whether the audit's answer to `key` has a photo.
async fn photo_of(browser: &Browser, audit: &str, key: &str) -> bool {
    let detail: Audit = browser.get_ok(&format!("/api/audits/{audit}")).await;
    detail
        .answers
        .iter()
        .find(|a| a.item_key == key)
        .is_some_and(|a| a.photo)
}

async fn a_photo_comes_off_a_draft_but_stays_on_a_submitted_audit(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false), yes_no("b", 1, false)]).await;
    let audit = start(&app, &auditor, &template, "F101").await;
    let photo = format!("/api/audits/{audit}/photos/a");
    let upload = || {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&[9u8; 500]);
        auditor
            .client
            .put(format!("{}{photo}", app.base))
            .header("x-requested-with", "bellhop")
            .header("content-type", "image/png")
            .body(png)
            .send()
    };
    assert_eq!(upload().await.unwrap().status(), 204);
    let answer = saved(&auditor, &audit, "a", 0, Answer::Yes).await;
    assert_eq!((answer.revision, answer.photo), (1, true));

    // Only the auditor removes it; others learn nothing or are refused.
    refused(manager.delete(&photo).await, ErrorCode::Forbidden).await;
    let other = second_auditor(&app).await;
    refused(other.delete(&photo).await, ErrorCode::NotFound).await;
    refused(
        auditor.delete(&format!("/api/audits/{audit}/photos/zz")).await,
        ErrorCode::NotFound,
    )
    .await;
    assert_eq!(manager.get(&photo).await.status(), 200, "still there");

    assert_eq!(auditor.delete(&photo).await.status(), 204);
    refused(manager.get(&photo).await, ErrorCode::NotFound).await;
    assert!(!photo_of(&auditor, &audit, "a").await);
    assert_eq!(auditor.delete(&photo).await.status(), 204, "a retried removal is fine");

    // The answer and its revision are untouched: the next save builds on revision 1.
    refused(save(&auditor, &audit, "a", 0, Answer::No).await, ErrorCode::Conflict).await;
    let answer = saved(&auditor, &audit, "a", 1, Answer::No).await;
    assert_eq!((answer.revision, answer.photo), (2, false));

    // A submitted audit keeps its evidence.
    assert_eq!(upload().await.unwrap().status(), 204);
    saved(&auditor, &audit, "b", 0, Answer::Yes).await;
    submit(&auditor, &audit).await;
    refused(auditor.delete(&photo).await, ErrorCode::Conflict).await;
    assert_eq!(manager.get(&photo).await.status(), 200);
    assert!(photo_of(&manager, &audit, "a").await);
}

/// Asserts an `audit` event: its audit, its change, and nothing else in it (the data
/// compared whole, as JSON, with what the api type writes).
fn assert_audit_event(event: &Value, audit: &str, change: AuditChange) {
    let expected = AuditChanged {
        audit_id: uuid(audit),
        change,
    };
    assert_eq!(event, &serde_json::to_value(&expected).unwrap(), "the event");
}

async fn audit_changes_reach_managers_and_the_auditor_live(app: TestApp) {
    use AuditChange::{Action, Assigned, Published, Started, Submitted};
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let other = second_auditor(&app).await;
    let staff = app.signed_in("F101").await;
    let supervisor = app.signed_in("S101").await;
    let mut manager_feed = Feed::open(&manager).await;
    let mut auditor_feed = Feed::open(&auditor).await;
    let mut other_feed = Feed::open(&other).await;
    let mut staff_feed = Feed::open(&staff).await;
    let mut supervisor_feed = Feed::open(&supervisor).await;
    let template = make_template(&app, &manager, vec![yes_no("a", 1, true), yes_no("b", 1, false)]).await;

    let started = std::time::Instant::now();
    let id = Uuid::new_v4().to_string();
    let body = AuditCreate {
        auditor_id: Some(app.staff_uuid("U001").await),
        due_on: Some(date("2031-05-20")),
        subject_staff_id: Some(app.staff_uuid("F101").await),
        ..new_audit(uuid(&id), &template)
    };
    let _: Audit = manager.post_created("/api/audits", &body).await;
    assert_audit_event(&auditor_feed.next("audit").await, &id, Assigned);
    assert!(started.elapsed() < Duration::from_secs(2), "within 2 seconds");
    assert_audit_event(&manager_feed.next("audit").await, &id, Assigned);
    let _: Audit = manager.post_ok("/api/audits", &body).await;

    answer_all(&auditor, &id, &[("a", Answer::No), ("b", Answer::Yes)]).await;
    assert_audit_event(&manager_feed.next("audit").await, &id, Started);
    submit(&auditor, &id).await;
    assert_audit_event(&manager_feed.next("audit").await, &id, Submitted);
    assert_audit_event(&auditor_feed.next("audit").await, &id, Started);
    assert_audit_event(&auditor_feed.next("audit").await, &id, Submitted);

    // The department takes the corrective task on: the audit's actions changed.
    let detail: Audit = manager.get_ok(&format!("/api/audits/{id}")).await;
    let task = detail.actions[0].task_id;
    let current: Task = supervisor.get_ok(&format!("/api/tasks/{task}")).await;
    let accept = TaskActionRequest {
        version: current.summary.version,
        action: TaskAction::Accept,
        reason: None,
    };
    let _: Task = supervisor.post_ok(&format!("/api/tasks/{task}/actions"), &accept).await;
    assert_audit_event(&manager_feed.next("audit").await, &id, Action);

    // Left unresolved past its deadline, the task is escalated: the audit changed again.
    app.exec("UPDATE tasks SET resolve_by = 0 WHERE id = $1", &[&task.to_string()])
        .await;
    assert!(escalation::run_once(&app.state).await.unwrap() >= 1);
    let escalated = loop {
        let event = manager_feed.next("audit").await;
        let change: AuditChanged = serde_json::from_value(event.clone()).expect("an audit event");
        if change.audit_id == uuid(&id) {
            break event;
        }
    };
    assert_audit_event(&escalated, &id, Action);
    let history: Task = supervisor.get_ok(&format!("/api/tasks/{task}")).await;
    assert_eq!(history.summary.escalation_level, 1, "{history:?}");

    // The audited person and their supervisor first hear of it when it is published,
    // and the event does not name the auditor.
    publish(&manager, &id).await;
    assert_audit_event(&manager_feed.next("audit").await, &id, Published);
    assert_audit_event(&staff_feed.next("audit").await, &id, Published);
    assert_audit_event(&supervisor_feed.next("audit").await, &id, Published);

    // Another auditor hears only of their own.
    let theirs = Uuid::new_v4().to_string();
    let body = AuditCreate {
        auditor_id: Some(app.staff_uuid("U002").await),
        due_on: Some(date("2031-05-21")),
        subject_area: Some("Lobby".into()),
        ..new_audit(uuid(&theirs), &template)
    };
    let _: Audit = manager.post_created("/api/audits", &body).await;
    assert_audit_event(&other_feed.next("audit").await, &theirs, Assigned);
    assert_audit_event(&manager_feed.next("audit").await, &theirs, Assigned);
}

/// An audit row the server cannot read back (written here with raw SQL, as a bad hand
/// edit would) is the documented 500 that says nothing of the cause, never read as
/// assigned or without its due date; the other audits and the server go on.
async fn a_corrupt_audit_row_is_a_500_and_the_server_goes_on(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false)]).await;
    let broken = start(&app, &auditor, &template, "F101").await;
    let fine = start(&app, &auditor, &template, "F102").await;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM audits WHERE id = $1")
        .bind(&broken)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let detail = format!("/api/audits/{broken}");
    // Lists ask for known statuses only, so a mislaid status shows where it is read.
    let list = "/api/audits?filter=all&limit=200";
    for (column, value, paths) in [
        ("status", "mislaid", vec![detail.as_str()]),
        ("due_on", "someday", vec![detail.as_str(), list]),
    ] {
        app.exec(
            &format!("UPDATE audits SET {column} = $1 WHERE id = $2"),
            &[value, &broken],
        )
        .await;
        for path in paths {
            assert_corrupt_row(manager.get(path).await, value).await;
        }
        app.exec(
            "UPDATE audits SET status = $1, due_on = NULL WHERE id = $2",
            &[&status, &broken],
        )
        .await;
    }
    let _: Audit = auditor.get_ok(&format!("/api/audits/{fine}")).await;
    let _: Audit = auditor.get_ok(&detail).await;
    let _: Health = manager.get_ok("/api/health").await;
}
