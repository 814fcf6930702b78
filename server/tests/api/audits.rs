//! Mystery-shopper audits through the API, on SQLite and PostgreSQL: templates and
//! versions, planning, autosave, submit, corrective tasks, anonymity, photos, reports.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use uuid::Uuid;

use bellhop_server::routes::tasks::escalation;

use bellhop_api::ErrorCode;

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

fn yes_no(key: &str, weight: u32, critical: bool) -> Value {
    json!({"key": key, "text": format!("Item {key}"), "kind": "yes_no", "weight": weight,
           "critical": critical, "required": true, "photo": true})
}

fn template(id: Uuid, department: &str, sections: Value) -> Value {
    json!({"id": id, "name": "Test visit", "area": "Test area", "department_id": department,
           "pass_mark": 60, "sections": sections})
}

/// A manager's template with one section of the given items; returns its id.
async fn make_template(app: &TestApp, manager: &Browser, items: Vec<Value>) -> String {
    let id = Uuid::new_v4();
    let body = template(
        id,
        &department(app, "front_office").await,
        json!([{"title": "Visit", "items": items}]),
    );
    json_of(manager.post("/api/audit-templates", body).await, 201).await;
    id.to_string()
}

/// An unplanned audit the auditor starts about `subject`; returns its id.
async fn start(app: &TestApp, auditor: &Browser, template: &str, subject: &str) -> String {
    let id = Uuid::new_v4();
    let body = json!({"id": id, "template_id": template, "subject_staff_id": app.staff_id(subject).await});
    json_of(auditor.post("/api/audits", body).await, 201).await;
    id.to_string()
}

async fn save(browser: &Browser, audit: &str, key: &str, revision: u32, answer: Value) -> reqwest::Response {
    browser
        .put(
            &format!("/api/audits/{audit}/answers/{key}"),
            json!({"revision": revision, "answer": answer, "note": ""}),
        )
        .await
}

async fn answer_all(browser: &Browser, audit: &str, answers: &[(&str, Value)]) {
    for (key, answer) in answers {
        json_of(save(browser, audit, key, 0, answer.clone()).await, 200).await;
    }
}

fn yes() -> Value {
    json!({"type": "yes"})
}

fn no() -> Value {
    json!({"type": "no"})
}

async fn editing_a_used_template_makes_a_version_and_old_audits_keep_theirs(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let id = Uuid::new_v4();
    let front = department(&app, "front_office").await;
    let first = template(
        id,
        &front,
        json!([{"title": "Visit", "items": [yes_no("a", 1, false), yes_no("b", 1, false)]}]),
    );
    let created = json_of(manager.post("/api/audit-templates", first.clone()).await, 201).await;
    assert_eq!(created["version"], 1);
    assert_eq!(created["used_by"], 0);
    let retried = json_of(manager.post("/api/audit-templates", first).await, 200).await;
    assert_eq!(retried["version"], 1, "a retried create returns the same template");
    let twice = template(
        Uuid::new_v4(),
        &Uuid::new_v4().to_string(),
        json!([{"title": "Visit", "items": [yes_no("a", 1, false), yes_no("a", 11, false)]}]),
    );
    let refusal = refused(manager.post("/api/audit-templates", twice).await, ErrorCode::Invalid).await;
    assert_eq!(refusal.fields["sections[0].items[1].key"], "duplicate");
    assert_eq!(refusal.fields["sections[0].items[1].weight"], "out_of_range");

    let old = start(&app, &auditor, &id.to_string(), "F101").await;
    answer_all(&auditor, &old, &[("a", yes()), ("b", no())]).await;
    let submitted = json_of(auditor.post(&format!("/api/audits/{old}/submit"), json!({})).await, 200).await;
    assert_eq!(submitted["result"]["score"], 50.0);

    // b now weighs 3 and a third item joins.
    let mut edit = template(
        id,
        &front,
        json!([{"title": "Visit", "items": [yes_no("a", 1, false), yes_no("b", 3, false), yes_no("c", 1, false)]}]),
    );
    edit.as_object_mut().unwrap().remove("id");
    let edited = json_of(manager.put(&format!("/api/audit-templates/{id}"), edit).await, 200).await;
    assert_eq!(
        (edited["version"].as_u64(), edited["latest_version"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(edited["used_by"], 1, "the editor can tell that audits keep version 1");
    let v1 = json_of(manager.get(&format!("/api/audit-templates/{id}?version=1")).await, 200).await;
    assert_eq!(v1["sections"][0]["items"].as_array().unwrap().len(), 2);

    let kept = json_of(manager.get(&format!("/api/audits/{old}")).await, 200).await;
    assert_eq!(kept["summary"]["template_version"], 1);
    assert_eq!(kept["sections"][0]["items"].as_array().unwrap().len(), 2);
    assert_eq!(kept["sections"][0]["items"][1]["weight"], 1);
    assert_eq!(kept["result"]["score"], 50.0, "the old audit keeps its score");

    let new = start(&app, &auditor, &id.to_string(), "F101").await;
    let fresh = json_of(auditor.get(&format!("/api/audits/{new}")).await, 200).await;
    assert_eq!(fresh["summary"]["template_version"], 2);
    assert_eq!(fresh["sections"][0]["items"].as_array().unwrap().len(), 3);

    json_of(
        manager
            .post(&format!("/api/audit-templates/{id}/archive"), json!({}))
            .await,
        200,
    )
    .await;
    let body = json!({"id": Uuid::new_v4(), "template_id": id, "subject_area": "Lobby"});
    let refusal = refused(auditor.post("/api/audits", body).await, ErrorCode::Invalid).await;
    assert_eq!(refusal.fields["template_id"], "archived");
    let listed = json_of(auditor.get("/api/audit-templates").await, 200).await;
    assert!(
        !listed.to_string().contains(&id.to_string()),
        "archived templates leave the list"
    );
}

/// A second auditor, made by the admin; returns a browser signed in as them.
async fn second_auditor(app: &TestApp) -> Browser {
    let admin = app.signed_in("A001").await;
    let body = json!({"id": Uuid::new_v4(), "employee_no": "U002", "display_name": "Second Auditor",
                      "department_id": null, "role": "auditor", "password": DEMO_PASSWORD});
    json_of(admin.post("/api/staff", body).await, 201).await;
    app.signed_in("U002").await
}

async fn managers_plan_and_auditors_see_only_their_own_queue(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false)]).await;
    let month = "2031-05";
    let plan = json_of(
        manager
            .put(&format!("/api/audit-plans/{month}"), json!({"target": 200}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (plan["target"].as_u64(), plan["assigned"].as_u64()),
        (Some(200), Some(0))
    );

    let u001 = app.staff_id("U001").await;
    let id = Uuid::new_v4();
    let body = json!({"id": id, "template_id": template, "auditor_id": u001, "due_on": "2031-05-20",
                      "subject_staff_id": app.staff_id("F102").await});
    let made = json_of(manager.post("/api/audits", body.clone()).await, 201).await;
    assert_eq!(made["summary"]["status"], "assigned");
    assert_eq!(made["summary"]["planned"], true);
    json_of(manager.post("/api/audits", body).await, 200).await;
    let plan = json_of(manager.get(&format!("/api/audit-plans/{month}")).await, 200).await;
    assert_eq!(
        (plan["target"].as_u64(), plan["assigned"].as_u64()),
        (Some(200), Some(1))
    );

    let wrong = json!({"id": Uuid::new_v4(), "template_id": template, "auditor_id": app.staff_id("F101").await,
                       "subject_area": "Lobby"});
    let refusal = refused(manager.post("/api/audits", wrong).await, ErrorCode::Invalid).await;
    assert_eq!(refusal.fields["auditor_id"], "not_an_auditor");
    assert_eq!(refusal.fields["due_on"], "required");

    let queue = json_of(auditor.get("/api/audits").await, 200).await;
    let ids: Vec<&str> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&id.to_string().as_str()),
        "the assigned audit is in the queue"
    );
    assert!(queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["auditor_id"] == u001.as_str()));
    assert!(queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["status"] == "assigned"));
    let month_only = json_of(auditor.get(&format!("/api/audits?month={month}")).await, 200).await;
    assert_eq!(month_only["total"], 1);

    let other = second_auditor(&app).await;
    let theirs = json_of(other.get("/api/audits?filter=all").await, 200).await;
    assert_eq!(theirs["total"], 0, "another auditor sees none of U001's audits");
    refused(other.get(&format!("/api/audits/{id}")).await, ErrorCode::NotFound).await;
    refused(save(&other, &id.to_string(), "a", 0, yes()).await, ErrorCode::NotFound).await;
    let all = json_of(manager.get("/api/audits?filter=all&limit=200").await, 200).await;
    assert!(
        all["total"].as_u64().unwrap() >= 1 + 4 + 8,
        "managers see every audit, seeded ones too"
    );
}

async fn answers_autosave_and_resume_on_another_device(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let tablet = app.signed_in("U001").await;
    let items = vec![
        yes_no("a", 1, false),
        json!({"key": "r", "text": "Smile", "kind": "rating", "threshold": 3, "weight": 2}),
        json!({"key": "t", "text": "Answered", "kind": "number", "target": 15, "at_most": true, "unit": "s", "weight": 2}),
        json!({"key": "n", "text": "Remarks", "kind": "note", "weight": 1}),
    ];
    let template = make_template(&app, &manager, items).await;
    let audit = start(&app, &tablet, &template, "F101").await;
    json_of(save(&tablet, &audit, "a", 0, yes()).await, 200).await;
    let saved = tablet
        .put(
            &format!("/api/audits/{audit}/answers/r"),
            json!({"revision": 0, "answer": {"type": "rating", "value": 4}, "note": "Warm smile"}),
        )
        .await;
    let saved = json_of(saved, 200).await;
    assert_eq!(saved["revision"], 1);
    json_of(
        save(&tablet, &audit, "t", 0, json!({"type": "number", "value": 12.5})).await,
        200,
    )
    .await;
    json_of(
        save(&tablet, &audit, "n", 0, json!({"type": "note", "value": "Busy lobby"})).await,
        200,
    )
    .await;
    refused(
        save(&tablet, &audit, "r", 1, json!({"type": "rating", "value": 9})).await,
        ErrorCode::Invalid,
    )
    .await;
    refused(
        save(&tablet, &audit, "a", 1, json!({"type": "rating", "value": 3})).await,
        ErrorCode::Invalid,
    )
    .await;
    refused(save(&tablet, &audit, "zz", 0, yes()).await, ErrorCode::NotFound).await;

    let phone = app.signed_in("U001").await;
    let resumed = json_of(phone.get(&format!("/api/audits/{audit}")).await, 200).await;
    assert_eq!(resumed["summary"]["status"], "in_progress");
    let answers = resumed["answers"].as_array().unwrap();
    let by_key = |k: &str| answers.iter().find(|a| a["item_key"] == k).unwrap().clone();
    assert_eq!(answers.len(), 4);
    assert_eq!(by_key("a")["answer"], yes());
    assert_eq!(by_key("r")["answer"], json!({"type": "rating", "value": 4}));
    assert_eq!(by_key("r")["note"], "Warm smile");
    assert_eq!(by_key("t")["answer"], json!({"type": "number", "value": 12.5}));
    assert_eq!(by_key("n")["answer"], json!({"type": "note", "value": "Busy lobby"}));
    assert!(answers.iter().all(|a| a["revision"] == 1));
}

/// Per-item revisions: a save must name the revision it was based on.
async fn a_stale_save_of_an_item_is_refused(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let tablet = app.signed_in("U001").await;
    let phone = app.signed_in("U001").await;
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false), yes_no("b", 1, false)]).await;
    let audit = start(&app, &tablet, &template, "F101").await;
    json_of(save(&tablet, &audit, "a", 0, yes()).await, 200).await;
    // Both devices saw revision 1; the phone saves first.
    let newer = json_of(save(&phone, &audit, "a", 1, no()).await, 200).await;
    assert_eq!(newer["revision"], 2);
    refused(save(&tablet, &audit, "a", 1, yes()).await, ErrorCode::Conflict).await;
    refused(save(&tablet, &audit, "a", 0, yes()).await, ErrorCode::Conflict).await;
    // Another item is not held up by the conflict.
    json_of(save(&tablet, &audit, "b", 0, yes()).await, 200).await;
    let now = json_of(tablet.get(&format!("/api/audits/{audit}")).await, 200).await;
    let a = now["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["item_key"] == "a")
        .unwrap()
        .clone();
    assert_eq!(
        (a["answer"].clone(), a["revision"].as_u64()),
        (no(), Some(2)),
        "the refused save changed nothing"
    );
    // After the submit, no save goes through.
    json_of(
        tablet.post(&format!("/api/audits/{audit}/submit"), json!({})).await,
        200,
    )
    .await;
    refused(save(&tablet, &audit, "a", 2, yes()).await, ErrorCode::Conflict).await;
}

async fn submit_needs_every_required_item(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let optional = json!({"key": "c", "text": "Extra", "kind": "yes_no", "weight": 1, "required": false});
    let template = make_template(
        &app,
        &manager,
        vec![yes_no("a", 1, false), yes_no("b", 1, false), optional],
    )
    .await;
    let audit = start(&app, &auditor, &template, "F101").await;
    json_of(save(&auditor, &audit, "a", 0, yes()).await, 200).await;
    let refusal = refused(
        auditor.post(&format!("/api/audits/{audit}/submit"), json!({})).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(refusal.fields, reasons(&[("b", "required")]));
    let still = json_of(auditor.get(&format!("/api/audits/{audit}")).await, 200).await;
    assert_eq!(still["summary"]["status"], "in_progress");
    assert!(still["result"].is_null());

    json_of(
        save(&auditor, &audit, "b", 0, json!({"type": "not_applicable"})).await,
        200,
    )
    .await;
    let done = json_of(
        auditor.post(&format!("/api/audits/{audit}/submit"), json!({})).await,
        200,
    )
    .await;
    assert_eq!(done["summary"]["status"], "submitted");
    assert_eq!(done["result"]["score"], 100.0);
    assert_eq!(done["result"]["passed"], true);
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
    answer_all(&auditor, &audit, &[("a", no()), ("b", no()), ("c", yes())]).await;
    let mut handles = Vec::new();
    for _ in 0..20 {
        let auditor = auditor.clone();
        let path = format!("/api/audits/{audit}/submit");
        handles.push(tokio::spawn(async move {
            json_of(auditor.post(&path, json!({})).await, 200).await
        }));
    }
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    for r in &results {
        assert_eq!(
            r["result"], results[0]["result"],
            "every submit answers with the same result"
        );
    }
    assert_eq!(results[0]["result"]["score"], 50.0);
    assert_eq!(results[0]["result"]["critical_failed"], true);
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
    let later = json_of(
        auditor.post(&format!("/api/audits/{audit}/submit"), json!({})).await,
        200,
    )
    .await;
    assert_eq!(later["result"], results[0]["result"]);
    assert_eq!(later["actions"].as_array().unwrap().len(), 2);
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
    answer_all(auditor, &audit, &[("a", no()), ("b", no()), ("c", yes())]).await;
    auditor
        .put(
            &format!("/api/audits/{audit}/answers/b"),
            json!({"revision": 1, "answer": no(), "note": "No name badge"}),
        )
        .await;
    json_of(
        auditor.post(&format!("/api/audits/{audit}/submit"), json!({})).await,
        200,
    )
    .await;
    audit
}

async fn corrective_tasks_reach_the_department_list(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let audit = failed_audit(&app, &manager, &auditor).await;
    let detail = json_of(manager.get(&format!("/api/audits/{audit}")).await, 200).await;
    let actions = detail["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "only the critical failure is filed automatically");
    assert_eq!(actions[0]["item_key"], "a");
    assert_eq!(actions[0]["status"], "new");
    assert_eq!(detail["actions_closed"], false);
    let task = actions[0]["task_id"].as_str().unwrap().to_owned();

    let supervisor = app.signed_in("S101").await;
    let board = json_of(supervisor.get("/api/tasks/board").await, 200).await;
    let on_board = board
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == task.as_str())
        .cloned();
    let on_board = on_board.expect("the task is on the front office board");
    assert_eq!(
        on_board["department_id"],
        department(&app, "front_office").await.as_str()
    );
    assert_eq!(on_board["title"], "Audit: Item a");

    let asked = manager
        .post(
            &format!("/api/audits/{audit}/actions"),
            json!({"item_key": "b", "due_on": "2099-01-31"}),
        )
        .await;
    let asked = json_of(asked, 201).await;
    assert_eq!(asked["actions"].as_array().unwrap().len(), 2);
    let again = manager
        .post(&format!("/api/audits/{audit}/actions"), json!({"item_key": "b"}))
        .await;
    assert_eq!(json_of(again, 200).await["actions"].as_array().unwrap().len(), 2);
    let passed = manager
        .post(&format!("/api/audits/{audit}/actions"), json!({"item_key": "c"}))
        .await;
    assert_eq!(
        refused(passed, ErrorCode::Invalid).await.fields["item_key"],
        "not_failed"
    );
    let b_task = asked["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["item_key"] == "b")
        .unwrap()["task_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = json_of(supervisor.get(&format!("/api/tasks/{b_task}")).await, 200).await;
    assert!(
        b["details"].as_str().unwrap().contains("No name badge"),
        "the note travels with the task"
    );

    // Closing both tasks closes the actions.
    for id in [&task, &b_task] {
        sqlx::query("UPDATE tasks SET status = 'verified', is_active = 0 WHERE id = $1")
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    let closed = json_of(manager.get(&format!("/api/audits/{audit}")).await, 200).await;
    assert_eq!(closed["actions_closed"], true);
}

async fn audited_staff_never_learn_who_audited(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let auditor_id = app.staff_id("U001").await;
    let audit = failed_audit(&app, &manager, &auditor).await;
    let staff = app.signed_in("F101").await;
    let supervisor = app.signed_in("S101").await;
    let before = json_of(staff.get("/api/audit-feedback?limit=200").await, 200).await;
    assert!(!before.to_string().contains(&audit), "nothing before publishing");
    let published = json_of(
        manager.post(&format!("/api/audits/{audit}/publish"), json!({})).await,
        200,
    )
    .await;
    assert_eq!(published["summary"]["status"], "published");

    for (who, browser) in [("staff", &staff), ("supervisor", &supervisor)] {
        let response = browser.get("/api/audit-feedback?limit=200").await;
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        assert!(text.contains(&audit), "{who} sees the feedback");
        assert!(!text.contains(&auditor_id), "{who} never gets the auditor's id");
        assert!(!text.contains(AUDITOR_NAME), "{who} never gets the auditor's name");
        let feedback: Value = serde_json::from_str(&text).unwrap();
        let mine = feedback["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == audit.as_str())
            .unwrap()
            .clone();
        assert_eq!(mine["score"], 25.0);
        assert_eq!(mine["failed_items"][0]["item_key"], "a");
        assert_eq!(mine["failed_items"][1]["note"], "No name badge");

        // The corrective task and the audit itself do not name the auditor either.
        let board = browser.get("/api/tasks/board").await.text().await.unwrap();
        assert!(board.contains("Audit: Item a"));
        assert!(
            !board.contains(&auditor_id) && !board.contains(AUDITOR_NAME),
            "{who}'s board"
        );
        let task = published["actions"][0]["task_id"].as_str().unwrap();
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
        auditor.put(&format!("/api/audit-templates/{template}"), body).await,
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
    let start_as_staff = json!({"id": Uuid::new_v4(), "template_id": template, "subject_area": "Lobby"});
    refused(staff.post("/api/audits", start_as_staff).await, ErrorCode::Forbidden).await;
    // A manager reads an auditor's draft but does not fill it in.
    refused(save(&manager, &audit, "a", 0, yes()).await, ErrorCode::Forbidden).await;
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
    let listed = json_of(outsider.get("/api/audits?filter=all").await, 200).await;
    assert_eq!(listed["total"], 0);
    let templates = json_of(outsider.get("/api/audit-templates").await, 200).await;
    assert_eq!(templates, json!([]));
    let reused = json!({"id": audit, "template_id": template, "auditor_id": app.staff_id("U001").await,
                        "due_on": "2031-01-01", "subject_area": "Lobby"});
    refused(outsider.post("/api/audits", reused).await, ErrorCode::Conflict).await;
}

async fn template_body_for_update(app: &TestApp) -> Value {
    json!({"name": "X", "area": "X", "department_id": department(app, "front_office").await, "pass_mark": 50,
           "sections": [{"title": "S", "items": [yes_no("a", 1, false)]}]})
}

async fn photos_are_checked_for_size_and_type(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = app.signed_in("U001").await;
    let no_photo = json!({"key": "b", "text": "No photo here", "kind": "yes_no", "weight": 1, "photo": false});
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
    let detail = json_of(auditor.get(&format!("/api/audits/{audit}")).await, 200).await;
    assert_eq!(detail["answers"][0]["photo"], true);

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
    assert_eq!(refusal.fields["photo"], "not_allowed_for_item");

    // Staff see it only once the audit about them is published.
    let staff = app.signed_in("F101").await;
    refused(
        staff.get(&format!("/api/audits/{audit}/photos/a")).await,
        ErrorCode::NotFound,
    )
    .await;
    json_of(save(&auditor, &audit, "a", 0, yes()).await, 200).await;
    json_of(save(&auditor, &audit, "b", 0, yes()).await, 200).await;
    json_of(
        auditor.post(&format!("/api/audits/{audit}/submit"), json!({})).await,
        200,
    )
    .await;
    json_of(
        manager.post(&format!("/api/audits/{audit}/publish"), json!({})).await,
        200,
    )
    .await;
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
    let sections = json!([
        {"title": "S1", "items": [yes_no("a", 1, false), yes_no("b", 1, false)]},
        {"title": "S2", "items": [{"key": "c", "text": "Item c", "kind": "rating", "threshold": 3, "weight": 2, "required": true}]}
    ]);
    let body = template(id, &department(&app, "front_office").await, sections);
    json_of(manager.post("/api/audit-templates", body).await, 201).await;
    json_of(
        manager
            .put(&format!("/api/audit-plans/{month}"), json!({"target": 10}))
            .await,
        200,
    )
    .await;
    let rating = |r: u8| json!({"type": "rating", "value": r});
    // 100 (pass), 50 (fail: b), 0 (fail: a, b, c).
    let mut last = String::new();
    for (subject, answers) in [
        ("F101", vec![("a", yes()), ("b", yes()), ("c", rating(5))]),
        ("F101", vec![("a", yes()), ("b", no()), ("c", rating(3))]),
        ("F102", vec![("a", no()), ("b", no()), ("c", rating(1))]),
    ] {
        let audit = start(&app, &auditor, &id.to_string(), subject).await;
        answer_all(&auditor, &audit, &answers).await;
        json_of(
            auditor.post(&format!("/api/audits/{audit}/submit"), json!({})).await,
            200,
        )
        .await;
        last = audit;
    }
    let report = json_of(manager.get(&format!("/api/reports/audits?month={month}")).await, 200).await;
    assert_eq!(report["month"], month.as_str());
    assert_eq!(
        (
            report["target"].as_u64(),
            report["planned"].as_u64(),
            report["done"].as_u64(),
            report["passed"].as_u64()
        ),
        (Some(10), Some(3), Some(3), Some(1))
    );
    assert_eq!(report["average"], 50.0);
    assert_eq!(
        report["by_area"],
        json!([{"key": "Test area", "label": "Test area", "audits": 3, "average": 50.0}])
    );
    assert_eq!(report["by_department"][0]["label"], "Front Office");
    assert_eq!(report["by_department"][0]["audits"], 3);
    assert_eq!(report["by_department"][0]["average"], 50.0);
    let sections: Vec<(String, u64, f64)> = report["by_section"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_owned(),
                s["audits"].as_u64().unwrap(),
                s["average"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("Test visit — S1".to_owned(), 3, 50.0),
            ("Test visit — S2".to_owned(), 3, 50.0)
        ]
    );
    let trend = report["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 12);
    assert_eq!(
        trend[11],
        json!({"key": month, "label": month, "audits": 3, "average": 50.0})
    );
    assert!(trend[..11].iter().all(|m| m["audits"] == 0 && m["average"].is_null()));
    let failed: Vec<(&str, u64)> = report["most_failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["item_key"].as_str().unwrap(), f["failures"].as_u64().unwrap()))
        .collect();
    assert_eq!(failed, [("b", 2), ("a", 1), ("c", 1)]);
    let staff: Vec<(&str, u64, u64, f64)> = report["by_staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = s["name"].as_str().unwrap();
            (
                name,
                s["audits"].as_u64().unwrap(),
                s["passed"].as_u64().unwrap(),
                s["average"].as_f64().unwrap(),
            )
        })
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
    let asked = manager
        .post(&format!("/api/audits/{last}/actions"), json!({"item_key": "c"}))
        .await;
    let asked = json_of(asked, 201).await;
    assert_eq!(asked["actions"][0]["item_key"], "c");
    assert_eq!(asked["actions"][0]["title"], "Audit: Item c");
}

async fn twenty_parallel_starts_with_one_client_id_make_one_audit(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let auditor = Arc::new(app.signed_in("U001").await);
    let template = make_template(&app, &manager, vec![yes_no("a", 1, false)]).await;
    let id = Uuid::new_v4();
    let body = json!({"id": id, "template_id": template, "subject_area": "Lobby bar"});
    let mut handles = Vec::new();
    for _ in 0..20 {
        let (auditor, body) = (auditor.clone(), body.clone());
        handles.push(tokio::spawn(async move {
            let response = auditor.post("/api/audits", body).await;
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }));
    }
    let mut created = 0;
    for handle in handles {
        let (status, audit) = handle.await.unwrap();
        assert!(status == 201 || status == 200, "status {status}: {audit}");
        created += usize::from(status == 201);
        assert_eq!(audit["summary"]["id"], id.to_string().as_str());
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
    let templates = json_of(manager.get("/api/audit-templates").await, 200).await;
    let names: Vec<&str> = templates
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Front desk check-in", "Housekeeping room quality", "Telephone handling"]
    );
    for t in templates.as_array().unwrap() {
        let items = t["items"].as_u64().unwrap();
        assert!((15..=30).contains(&items), "{} has {items} items", t["name"]);
    }
    let phone = templates
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Telephone handling")
        .unwrap();
    let phone = json_of(
        manager
            .get(&format!("/api/audit-templates/{}", phone["id"].as_str().unwrap()))
            .await,
        200,
    )
    .await;
    let answer = &phone["sections"][0]["items"][0];
    assert_eq!(
        (answer["kind"].as_str(), answer["target"].as_f64()),
        (Some("number"), Some(15.0))
    );
    assert_eq!(answer["critical"], true);

    let month = app
        .clock
        .now()
        .with_timezone(&chrono_tz::Asia::Hong_Kong)
        .format("%Y-%m")
        .to_string();
    let plan = json_of(manager.get(&format!("/api/audit-plans/{month}")).await, 200).await;
    assert_eq!(plan["target"], 200);
    let auditor = app.signed_in("U001").await;
    let queue = json_of(auditor.get("/api/audits").await, 200).await;
    assert_eq!(queue["total"], 4, "four audits wait for the demo auditor");
    let report = json_of(manager.get(&format!("/api/reports/audits?month={month}")).await, 200).await;
    let trend = report["trend"].as_array().unwrap();
    let past: u64 = trend[7..11].iter().map(|m| m["audits"].as_u64().unwrap()).sum();
    assert_eq!(past, 8, "two results in each of the four months before this one");
    assert!(!report["most_failed"].as_array().unwrap().is_empty());
    let staff = app.signed_in("F101").await;
    let feedback = json_of(staff.get("/api/audit-feedback").await, 200).await;
    assert!(
        feedback["total"].as_u64().unwrap() >= 1,
        "published results reach the staff audited"
    );
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["display_name"].as_str().unwrap())
        .collect()
}

async fn managers_list_the_auditors_of_their_own_hotel(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let listed = json_of(manager.get("/api/audit-auditors").await, 200).await;
    assert_eq!(names(&listed), [AUDITOR_NAME]);
    assert_eq!(listed[0]["id"], app.staff_id("U001").await.as_str());
    assert_eq!(listed[0]["role"], "auditor");

    let second = second_auditor(&app).await;
    let listed = json_of(manager.get("/api/audit-auditors").await, 200).await;
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
    json_of(
        admin
            .patch(&format!("/api/staff/{u002}"), json!({"active": false}))
            .await,
        200,
    )
    .await;
    let listed = json_of(manager.get("/api/audit-auditors").await, 200).await;
    assert_eq!(names(&listed), [AUDITOR_NAME]);
    let other = app.another_hotel().await;
    sqlx::query("UPDATE staff SET property_id = $1, active = 1 WHERE employee_no IN ('U002', 'M002')")
        .bind(&other)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let listed = json_of(manager.get("/api/audit-auditors").await, 200).await;
    assert_eq!(names(&listed), [AUDITOR_NAME], "no auditor of another hotel");
    let outsider = app.signed_in("M002").await;
    let theirs = json_of(outsider.get("/api/audit-auditors").await, 200).await;
    assert_eq!(
        names(&theirs),
        ["Second Auditor"],
        "the other hotel's manager sees only theirs"
    );
}

async fn photo_of(browser: &Browser, audit: &str, key: &str) -> Value {
    let detail = json_of(browser.get(&format!("/api/audits/{audit}")).await, 200).await;
    let answers = detail["answers"].as_array().unwrap();
    answers
        .iter()
        .find(|a| a["item_key"] == key)
        .map_or(json!(false), |a| a["photo"].clone())
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
    let saved = json_of(save(&auditor, &audit, "a", 0, yes()).await, 200).await;
    assert_eq!(
        (saved["revision"].as_u64(), saved["photo"].as_bool()),
        (Some(1), Some(true))
    );

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
    assert_eq!(photo_of(&auditor, &audit, "a").await, false);
    assert_eq!(auditor.delete(&photo).await.status(), 204, "a retried removal is fine");

    // The answer and its revision are untouched: the next save builds on revision 1.
    refused(save(&auditor, &audit, "a", 0, no()).await, ErrorCode::Conflict).await;
    let saved = json_of(save(&auditor, &audit, "a", 1, no()).await, 200).await;
    assert_eq!(
        (saved["revision"].as_u64(), saved["photo"].as_bool()),
        (Some(2), Some(false))
    );

    // A submitted audit keeps its evidence.
    assert_eq!(upload().await.unwrap().status(), 204);
    json_of(save(&auditor, &audit, "b", 0, yes()).await, 200).await;
    json_of(
        auditor.post(&format!("/api/audits/{audit}/submit"), json!({})).await,
        200,
    )
    .await;
    refused(auditor.delete(&photo).await, ErrorCode::Conflict).await;
    assert_eq!(manager.get(&photo).await.status(), 200);
    assert_eq!(photo_of(&manager, &audit, "a").await, true);
}

/// Asserts an `audit` event: its audit, its change, and nothing else in it.
fn assert_audit_event(event: &Value, audit: &str, change: &str) {
    assert_eq!(event, &json!({"audit_id": audit, "change": change}), "the event");
}

async fn audit_changes_reach_managers_and_the_auditor_live(app: TestApp) {
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
    let body = json!({"id": id, "template_id": template, "auditor_id": app.staff_id("U001").await,
                      "due_on": "2031-05-20", "subject_staff_id": app.staff_id("F101").await});
    json_of(manager.post("/api/audits", body.clone()).await, 201).await;
    assert_audit_event(&auditor_feed.next("audit").await, &id, "assigned");
    assert!(started.elapsed() < Duration::from_secs(2), "within 2 seconds");
    assert_audit_event(&manager_feed.next("audit").await, &id, "assigned");
    json_of(manager.post("/api/audits", body).await, 200).await;

    answer_all(&auditor, &id, &[("a", no()), ("b", yes())]).await;
    assert_audit_event(&manager_feed.next("audit").await, &id, "started");
    json_of(auditor.post(&format!("/api/audits/{id}/submit"), json!({})).await, 200).await;
    assert_audit_event(&manager_feed.next("audit").await, &id, "submitted");
    assert_audit_event(&auditor_feed.next("audit").await, &id, "started");
    assert_audit_event(&auditor_feed.next("audit").await, &id, "submitted");

    // The department takes the corrective task on: the audit's actions changed.
    let detail = json_of(manager.get(&format!("/api/audits/{id}")).await, 200).await;
    let task = detail["actions"][0]["task_id"].as_str().unwrap().to_owned();
    let version = json_of(supervisor.get(&format!("/api/tasks/{task}")).await, 200).await["version"].clone();
    let accepted = supervisor
        .post(
            &format!("/api/tasks/{task}/actions"),
            json!({"version": version, "action": "accept"}),
        )
        .await;
    json_of(accepted, 200).await;
    assert_audit_event(&manager_feed.next("audit").await, &id, "action");

    // Left unresolved past its deadline, the task is escalated: the audit changed again.
    app.exec("UPDATE tasks SET resolve_by = 0 WHERE id = $1", &[&task])
        .await;
    assert!(escalation::run_once(&app.state).await.unwrap() >= 1);
    let escalated = loop {
        let event = manager_feed.next("audit").await;
        if event["audit_id"] == id.as_str() {
            break event;
        }
    };
    assert_audit_event(&escalated, &id, "action");
    let history = json_of(supervisor.get(&format!("/api/tasks/{task}")).await, 200).await;
    assert_eq!(history["escalation_level"], 1, "{history}");

    // The audited person and their supervisor first hear of it when it is published,
    // and the event does not name the auditor.
    json_of(manager.post(&format!("/api/audits/{id}/publish"), json!({})).await, 200).await;
    assert_audit_event(&manager_feed.next("audit").await, &id, "published");
    assert_audit_event(&staff_feed.next("audit").await, &id, "published");
    assert_audit_event(&supervisor_feed.next("audit").await, &id, "published");

    // Another auditor hears only of their own.
    let theirs = Uuid::new_v4().to_string();
    let body = json!({"id": theirs, "template_id": template, "auditor_id": app.staff_id("U002").await,
                      "due_on": "2031-05-21", "subject_area": "Lobby"});
    json_of(manager.post("/api/audits", body).await, 201).await;
    assert_audit_event(&other_feed.next("audit").await, &theirs, "assigned");
    assert_audit_event(&manager_feed.next("audit").await, &theirs, "assigned");
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
    json_of(auditor.get(&format!("/api/audits/{fine}")).await, 200).await;
    json_of(auditor.get(&detail).await, 200).await;
    json_of(manager.get("/api/health").await, 200).await;
}
