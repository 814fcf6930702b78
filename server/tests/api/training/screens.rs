//! What the managers' training screens and the quiz screen ask of the API, on SQLite and
//! PostgreSQL: quiz and plan lists a page at a time, plans rewritten with each member's
//! due dates, and attempts that say whether several options may be picked without
//! giving the key away.

use chrono::NaiveDate;
use serde_json::{json, Value};
use uuid::Uuid;

use super::{
    add_question, add_quiz, another_hotels_manager, answer, assert_no_leak, assign_person, due_dates, start, submit,
    text_of,
};
use bellhop_api::ErrorCode;

use crate::common::*;

on_both_databases!(
    attempt_questions_say_if_several_options_may_be_picked,
    quiz_and_plan_lists_come_in_pages,
    plans_are_rewritten_and_show_each_members_due_dates,
);

fn choice(prompt: &str, case: Option<&str>, options: &[&str], key: Value) -> Value {
    json!({"prompt": prompt, "case": case, "options": options, "key": key})
}

async fn attempt_questions_say_if_several_options_may_be_picked(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let lobby = Some("A guest collapses in the busy lobby at 22:00.");
    let several = choice(
        "Which of these do you do?",
        lobby,
        &[
            "Call the first aider",
            "Clear space around the guest",
            "Ask the guest to stand up",
        ],
        json!({"kind": "multiple_choice", "correct": [0, 1], "rule": "all_or_nothing"}),
    );
    let one = choice(
        "Who do you call first?",
        lobby,
        &["The first aider", "The guest's family"],
        json!({"kind": "single_choice", "correct": 0}),
    );
    let plain = choice(
        "Which belong in a complaint record?",
        None,
        &["Room number", "Your opinion of the guest"],
        json!({"kind": "multiple_choice", "correct": [0], "rule": "right_minus_wrong"}),
    );
    let truth = json!({"prompt": "Greet every guest?", "key": {"kind": "true_false", "correct": true}});
    let mut ids = Vec::new();
    for q in [several, one, plain, truth] {
        ids.push(add_question(&manager, "first-aid", q).await);
    }
    let quiz = add_quiz(&manager, &ids, json!({})).await;
    assign_person(&app, &manager, &quiz, "F101").await;
    let tablet = app.signed_in("F101").await;

    let started = text_of(start(&tablet, &quiz).await, 201).await;
    assert_no_leak(&started);
    let started: Value = serde_json::from_str(&started).unwrap();
    let shown = |attempt: &Value| -> Vec<(String, bool)> {
        attempt["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| (q["kind"].as_str().unwrap().to_owned(), q["multiple"].as_bool().unwrap()))
            .collect()
    };
    let expected = [
        ("scenario".to_owned(), true),
        ("scenario".to_owned(), false),
        ("multiple_choice".to_owned(), true),
        ("true_false".to_owned(), false),
    ];
    assert_eq!(shown(&started), expected);
    let attempt = started["id"].as_str().unwrap().to_owned();
    let resumed = text_of(tablet.get(&format!("/api/training/attempts/{attempt}")).await, 200).await;
    assert_no_leak(&resumed);
    assert_eq!(shown(&serde_json::from_str(&resumed).unwrap()), expected);

    // The multi-answer scenario takes a set of options, not one.
    refused(
        answer(&tablet, &attempt, 0, json!({"type": "choice", "value": 0})).await,
        ErrorCode::Invalid,
    )
    .await;
    let options: Vec<String> = serde_json::from_value(started["questions"][0]["options"].clone()).unwrap();
    let at = |text: &str| options.iter().position(|o| o.starts_with(text)).unwrap();
    let picks = json!([at("Call"), at("Clear")]);
    let saved = text_of(
        answer(&tablet, &attempt, 0, json!({"type": "choices", "value": picks})).await,
        200,
    )
    .await;
    assert_no_leak(&saved);
    let saved: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(saved["multiple"], true);
    let graded = submit(&tablet, &attempt).await;
    assert_eq!(
        graded["result"]["review"][0]["credit"], 1.0,
        "both right options picked"
    );
}

/// Walks every page of `path` (limit `n`) and returns the items.
async fn every_page(browser: &Browser, path: &str, n: u32) -> Vec<Value> {
    let mut items = Vec::new();
    loop {
        let offset = items.len();
        let page = json_of(browser.get(&format!("{path}?limit={n}&offset={offset}")).await, 200).await;
        let got = page["items"].as_array().unwrap().clone();
        assert!(got.len() <= n as usize, "{path}: at most the limit");
        assert_eq!(page["offset"], offset);
        items.extend(got.clone());
        if got.is_empty() || items.len() as u64 >= page["total"].as_u64().unwrap() {
            return items;
        }
    }
}

fn field(items: &[Value], name: &str) -> Vec<String> {
    items.iter().map(|i| i[name].as_str().unwrap().to_owned()).collect()
}

async fn quiz_and_plan_lists_come_in_pages(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let seeded = json_of(manager.get("/api/training/quizzes").await, 200).await;
    assert_eq!(seeded["total"], 4, "the demo hotel's quizzes");
    let q = add_question(
        &manager,
        "paging",
        json!({"prompt": "Paged?", "key": {"kind": "true_false", "correct": true}}),
    )
    .await;
    let mut added = Vec::new();
    for _ in 0..3 {
        added.push(add_quiz(&manager, std::slice::from_ref(&q), json!({})).await);
    }

    let quizzes = every_page(&manager, "/api/training/quizzes", 3).await;
    let titles = field(&quizzes, "title");
    assert_eq!(titles.len(), 7);
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted, "by title across pages");
    let ids: std::collections::BTreeSet<String> = field(&quizzes, "id").into_iter().collect();
    assert_eq!(ids.len(), 7, "no quiz on two pages");
    assert!(added.iter().all(|a| ids.contains(a)));

    // The page size has a hard upper bound, and only the paging parameters are read.
    let big = json_of(manager.get("/api/training/quizzes?limit=100000").await, 200).await;
    assert_eq!(
        (&big["limit"], big["items"].as_array().unwrap().len()),
        (&json!(200), 7)
    );
    let tiny = json_of(manager.get("/api/training/quizzes?limit=0").await, 200).await;
    assert_eq!(tiny["limit"], 1);
    refused(
        manager.get("/api/training/quizzes?limit=lots").await,
        ErrorCode::MalformedRequest,
    )
    .await;
    refused(
        manager.get("/api/training/quizzes?page=2").await,
        ErrorCode::MalformedRequest,
    )
    .await;
    // A retired quiz leaves the pages.
    assert_eq!(
        manager
            .delete(&format!("/api/training/quizzes/{}", added[0]))
            .await
            .status(),
        204
    );
    let after = json_of(manager.get("/api/training/quizzes?limit=1").await, 200).await;
    assert_eq!(after["total"], 6);

    for name in ["Bar team", "Concierge desk"] {
        let plan = json!({"id": Uuid::new_v4(), "name": name, "steps": [{"quiz_id": added[1], "day": 14}]});
        json_of(manager.post("/api/training/plans", plan).await, 201).await;
    }
    let plans = every_page(&manager, "/api/training/plans", 2).await;
    assert_eq!(
        field(&plans, "name"),
        ["90-day onboarding", "Bar team", "Concierge desk"]
    );
    let first = json_of(manager.get("/api/training/plans?limit=1").await, 200).await;
    assert_eq!(
        (&first["total"], first["items"].as_array().unwrap().len()),
        (&json!(3), 1)
    );
    assert_eq!(
        first["items"][0]["members"][0]["display_name"], "Ricky Tsang",
        "the demo plan's newest colleague"
    );
    let big = json_of(manager.get("/api/training/plans?limit=100000").await, 200).await;
    assert_eq!(big["limit"], 200);
    let supervisor = app.signed_in("S101").await;
    refused(
        supervisor.get("/api/training/plans?limit=1").await,
        ErrorCode::Forbidden,
    )
    .await;
}

async fn plans_are_rewritten_and_show_each_members_due_dates(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let admin = app.signed_in("A001").await;
    let hired = NaiveDate::from_ymd_opt(2026, 1, 25).unwrap();
    let new_hire = json!({"id": Uuid::new_v4(), "employee_no": "N778", "display_name": "Nora Hui", "department_id": null,
                          "role": "staff", "password": "new-hire-pass", "hired_on": hired});
    let person = json_of(admin.post("/api/staff", new_hire).await, 201).await;
    let staff_id = person["id"].as_str().unwrap().to_owned();
    let q = add_question(
        &manager,
        "plans",
        json!({"prompt": "Ready?", "key": {"kind": "true_false", "correct": true}}),
    )
    .await;
    let (week, month) = (
        add_quiz(&manager, std::slice::from_ref(&q), json!({})).await,
        add_quiz(&manager, std::slice::from_ref(&q), json!({})).await,
    );
    let id = Uuid::new_v4();
    let plan = json!({"id": id, "name": "Front desk start", "steps": [{"quiz_id": week, "day": 7}]});
    json_of(manager.post("/api/training/plans", plan).await, 201).await;
    let members = format!("/api/training/plans/{id}/members");
    let with_her = json_of(manager.post(&members, json!({"staff_id": staff_id})).await, 200).await;
    assert_eq!(
        with_her["members"],
        json!([{"staff_id": staff_id, "display_name": "Nora Hui", "hired_on": "2026-01-25", "due_on": ["2026-02-01"]}])
    );

    // Rewritten whole: her due dates follow, here and in her own list.
    let rewritten = json!({"id": id, "name": "Front desk, first months",
                           "steps": [{"quiz_id": week, "day": 30}, {"quiz_id": month, "day": 60}]});
    let plan = json_of(
        manager
            .put(&format!("/api/training/plans/{id}"), rewritten.clone())
            .await,
        200,
    )
    .await;
    assert_eq!(plan["name"], "Front desk, first months");
    assert_eq!(plan["members"][0]["due_on"], json!(["2026-02-24", "2026-03-26"]));
    let listed = json_of(manager.get("/api/training/plans?limit=200").await, 200).await;
    let listed = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == json!(id))
        .unwrap()
        .clone();
    assert_eq!(listed, plan);
    assert_eq!(
        json_of(manager.get(&format!("/api/training/plans/{id}")).await, 200).await,
        plan
    );
    let her = app.browser();
    assert_eq!(her.sign_in_password("N778", "new-hire-pass").await.status(), 200);
    let mine = json_of(her.get("/api/training/me").await, 200).await;
    assert_eq!(due_dates(&mine), ["2026-02-24", "2026-03-26"]);

    // Refusals name the field; an unknown plan is a 404.
    let body = refused(
        manager
            .put(&format!("/api/training/plans/{}", Uuid::new_v4()), rewritten.clone())
            .await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["id"], "does_not_match_path");
    let mut unknown = rewritten.clone();
    unknown["steps"][0]["quiz_id"] = json!(Uuid::new_v4());
    let body = refused(
        manager.put(&format!("/api/training/plans/{id}"), unknown).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["steps"], "unknown_quiz");
    let mut empty = rewritten.clone();
    empty["steps"] = json!([]);
    empty["name"] = json!(" ");
    let body = refused(
        manager.put(&format!("/api/training/plans/{id}"), empty).await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(
        (body.fields["steps"].as_str(), body.fields["name"].as_str()),
        ("one_to_twenty_steps", "required")
    );
    let mut elsewhere = rewritten.clone();
    let other_id = Uuid::new_v4();
    elsewhere["id"] = json!(other_id);
    refused(
        manager.put(&format!("/api/training/plans/{other_id}"), elsewhere).await,
        ErrorCode::NotFound,
    )
    .await;

    // Taken off the plan, its quizzes leave her list.
    let plan = json_of(manager.delete(&format!("{members}/{staff_id}")).await, 200).await;
    assert_eq!(plan["members"], json!([]));
    let mine = json_of(her.get("/api/training/me").await, 200).await;
    assert!(mine["items"].as_array().unwrap().is_empty());
    refused(
        manager.delete(&format!("{members}/{staff_id}")).await,
        ErrorCode::NotFound,
    )
    .await;

    // Another hotel's manager cannot touch it.
    let outsider = another_hotels_manager(&app).await;
    refused(
        outsider.put(&format!("/api/training/plans/{id}"), rewritten).await,
        ErrorCode::NotFound,
    )
    .await;
    refused(
        outsider.get(&format!("/api/training/plans/{id}")).await,
        ErrorCode::NotFound,
    )
    .await;
    assert_eq!(
        json_of(outsider.get("/api/training/plans").await, 200).await["total"],
        0
    );
}
