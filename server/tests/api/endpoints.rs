//! Every endpoint, from one table: no session → 401, wrong role → 403, bad bodies → the
//! documented 4xx; and the table matches the OpenAPI document both ways, so a new
//! endpoint cannot skip these checks.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{json, Value};

use bellhop_api::tasks::{Task, TaskCreate};
use bellhop_api::ErrorCode;

use crate::common::*;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Access {
    Public,
    SignedIn,
    /// Supervisors, managers and admins.
    Supervisors,
    /// The front office, supervisors, managers and admins.
    FrontDesk,
    /// Auditors, managers and admins.
    Auditors,
    Managers,
    Admins,
    /// The chain admin (a flag on a person, above every hotel's roles).
    ChainAdmins,
    /// The PMS, with a token instead of a session: 401 without one; its body is
    /// checked with a token in tests/pms.rs.
    PmsToken,
}

struct Endpoint {
    method: Method,
    /// `{staff}`, `{device}`, `{room}`, `{task}`, `{type}`, `{template}` and `{audit}` stand for
    /// real ids, `{key}` for an item of the audit.
    path: &'static str,
    access: Access,
    /// Raw JSON: each body is also sent spoilt (an unknown field added, the wrong
    /// shape), which no api type can express.
    body: Option<Value>,
}

fn endpoints() -> Vec<Endpoint> {
    use Access::*;
    let e = |method: Method, path, access, body: Option<Value>| Endpoint {
        method,
        path,
        access,
        body,
    };
    let new_id = || json!(uuid::Uuid::new_v4());
    vec![
        e(Method::GET, "/health", Public, None),
        e(Method::GET, "/setup", Public, None),
        e(
            Method::POST,
            "/setup",
            Public,
            Some(
                json!({"code": "NO-SUCH-CODE", "hotel_name": "Peak Lodge", "time_zone": "Asia/Taipei", "language": "en",
                        "admin_employee_no": "A100", "admin_name": "Lin Mei", "admin_password": "first-admin-pw"}),
            ),
        ),
        e(Method::GET, "/openapi.json", Public, None),
        e(Method::GET, "/devices/this", Public, None),
        e(
            Method::POST,
            "/devices/enroll",
            Public,
            Some(json!({"code": "NO-SUCH-CODE"})),
        ),
        e(
            Method::POST,
            "/session",
            Public,
            Some(json!({"employee_no": "F101", "password": "wrong-password"})),
        ),
        e(Method::GET, "/session", SignedIn, None),
        e(
            Method::POST,
            "/session/hotel",
            SignedIn,
            Some(json!({"property_id": new_id()})),
        ),
        e(Method::GET, "/chain/hotels", ChainAdmins, None),
        e(
            Method::POST,
            "/chain/hotels",
            ChainAdmins,
            Some(json!({"id": new_id(), "name": "Peak Lodge", "time_zone": "Asia/Taipei", "default_language": "en"})),
        ),
        e(
            Method::PATCH,
            "/chain/hotels/{hotel}",
            ChainAdmins,
            Some(json!({"name": "Peak Lodge Taipei"})),
        ),
        e(Method::GET, "/chain/people", ChainAdmins, None),
        e(
            Method::PUT,
            "/chain/people/{staff_id}/hotels/{property_id}",
            ChainAdmins,
            Some(json!({"role": "manager"})),
        ),
        e(
            Method::DELETE,
            "/chain/people/{staff_id}/hotels/{property_id}",
            ChainAdmins,
            None,
        ),
        e(Method::PUT, "/chain/people/{staff_id}/chain-admin", ChainAdmins, None),
        e(
            Method::DELETE,
            "/chain/people/{staff_id}/chain-admin",
            ChainAdmins,
            None,
        ),
        e(Method::GET, "/chain/figures", ChainAdmins, None),
        e(Method::GET, "/chain/figures.csv", ChainAdmins, None),
        e(Method::DELETE, "/session", SignedIn, None),
        e(
            Method::PUT,
            "/me/preferences",
            SignedIn,
            Some(json!({"language": "zh-Hant"})),
        ),
        e(Method::GET, "/notifications", SignedIn, None),
        e(Method::POST, "/notifications/{notification}/read", SignedIn, None),
        e(Method::POST, "/notifications/read-all", SignedIn, None),
        e(Method::GET, "/notifications/preferences", SignedIn, None),
        e(
            Method::PUT,
            "/notifications/preferences",
            SignedIn,
            Some(json!({"push": ["task_urgent"], "quiet_hours": {"from_minute": 1320, "to_minute": 420}})),
        ),
        e(Method::GET, "/departments", SignedIn, None),
        e(Method::GET, "/property", SignedIn, None),
        e(Method::GET, "/rooms", SignedIn, None),
        e(
            Method::POST,
            "/rooms",
            Managers,
            Some(json!({"id": new_id(), "number": "1301", "floor": 13})),
        ),
        e(
            Method::PATCH,
            "/rooms/{room}",
            Managers,
            Some(json!({"section": "9 East"})),
        ),
        e(Method::GET, "/rooms.csv", Managers, None),
        e(Method::GET, "/rooms/board", SignedIn, None),
        e(Method::GET, "/rooms/board/counts", SignedIn, None),
        e(Method::GET, "/rooms/{room}/status", SignedIn, None),
        e(
            Method::POST,
            "/rooms/{room}/status",
            SignedIn,
            Some(json!({"version": 1, "action": "do_not_disturb_on"})),
        ),
        e(Method::GET, "/rooms/{room}/history", SignedIn, None),
        e(
            Method::POST,
            "/rooms/{room}/queue",
            FrontDesk,
            Some(json!({"waiting": true})),
        ),
        e(Method::GET, "/rooms/credits", SignedIn, None),
        e(Method::PUT, "/rooms/credits", Managers, Some(json!({"rules": []}))),
        e(Method::GET, "/rooms/assignments/proposal", Supervisors, None),
        e(Method::GET, "/rooms/assignments", Supervisors, None),
        e(
            Method::PUT,
            "/rooms/assignments",
            Supervisors,
            Some(json!({"attendants": []})),
        ),
        e(Method::GET, "/rooms/mine", SignedIn, None),
        e(Method::GET, "/rooms/report", Supervisors, None),
        e(Method::GET, "/rooms/report.csv", Supervisors, None),
        e(Method::GET, "/pms/tokens", Admins, None),
        e(
            Method::POST,
            "/pms/tokens",
            Admins,
            Some(json!({"id": new_id(), "name": "OPERA"})),
        ),
        e(Method::DELETE, "/pms/tokens/{token}", Admins, None),
        e(Method::GET, "/pms/settings", Admins, None),
        e(
            Method::PUT,
            "/pms/settings",
            Admins,
            Some(json!({"checkout_files_cleaning": true, "webhook_url": null})),
        ),
        e(Method::GET, "/pms/webhook/deliveries", Admins, None),
        e(
            Method::POST,
            "/pms/events",
            PmsToken,
            Some(json!({"event_id": "e1", "type": "check_in", "room": "901"})),
        ),
        // The body is a CSV file, so the JSON body checks do not apply; tests/rooms.rs checks it.
        e(Method::POST, "/rooms/import", Managers, None),
        e(
            Method::PATCH,
            "/departments/{department}",
            Admins,
            Some(json!({"name": "Front Desk"})),
        ),
        // A CSV file, as above; tests/staff_import.rs checks it.
        e(Method::POST, "/staff/import", Admins, None),
        e(Method::POST, "/staff/{staff}/setup-code", Admins, None),
        e(
            Method::POST,
            "/setup-codes/redeem",
            Public,
            Some(json!({"employee_no": "F101", "code": "NO-SUCH-CODE", "pin": "2468"})),
        ),
        e(Method::GET, "/admin-events", Managers, None),
        e(Method::GET, "/admin-events.csv", Managers, None),
        e(Method::GET, "/devices", Managers, None),
        e(
            Method::POST,
            "/devices",
            Managers,
            Some(json!({"id": new_id(), "name": "Lobby tablet"})),
        ),
        e(Method::POST, "/devices/{device}/revoke", Managers, None),
        e(Method::GET, "/staff", Admins, None),
        e(
            Method::POST,
            "/staff",
            Admins,
            Some(
                json!({"id": new_id(), "employee_no": "N900", "display_name": "New Hire", "department_id": null, "role": "staff", "pin": "4321"}),
            ),
        ),
        e(Method::GET, "/staff/{staff}", Admins, None),
        e(
            Method::PATCH,
            "/staff/{staff}",
            Admins,
            Some(json!({"display_name": "Jason Lau Jr"})),
        ),
        e(
            Method::PUT,
            "/staff/{staff}/secret",
            Admins,
            Some(json!({"pin": "5678"})),
        ),
        e(
            Method::POST,
            "/departments",
            Admins,
            Some(json!({"id": new_id(), "code": "spa", "name": "Spa"})),
        ),
        e(
            Method::PATCH,
            "/property",
            Admins,
            Some(json!({"name": "Harbour View Hotel & Spa"})),
        ),
        e(Method::GET, "/task-types", SignedIn, None),
        e(
            Method::POST,
            "/task-types",
            Managers,
            Some(json!({"id": new_id(), "code": "minibar", "name": "Minibar", "default_department_id": null})),
        ),
        e(
            Method::PATCH,
            "/task-types/{type}",
            Managers,
            Some(json!({"name": "Fix"})),
        ),
        e(Method::GET, "/tasks/mine", SignedIn, None),
        e(Method::GET, "/tasks/board", SignedIn, None),
        e(
            Method::POST,
            "/tasks",
            SignedIn,
            Some(json!({"id": new_id(), "type_id": new_id(), "title": "x", "location": "Lobby", "priority": 3})),
        ),
        e(Method::GET, "/tasks/{task}", SignedIn, None),
        e(
            Method::POST,
            "/tasks/{task}/actions",
            SignedIn,
            Some(json!({"version": 1, "action": "accept"})),
        ),
        e(
            Method::POST,
            "/tasks/{task}/assign",
            SignedIn,
            Some(json!({"version": 1, "assignee_id": null})),
        ),
        e(
            Method::PUT,
            "/tasks/{task}/checklist/{position}",
            SignedIn,
            Some(json!({"version": 1, "done": true})),
        ),
        e(
            Method::POST,
            "/tasks/{task}/comments",
            SignedIn,
            Some(json!({"id": new_id(), "body": "On my way"})),
        ),
        e(
            Method::POST,
            "/tasks/{task}/follow-ups",
            SignedIn,
            Some(json!({"level": "guest_contacted", "outcome": "Called"})),
        ),
        e(Method::GET, "/reports/tasks", Supervisors, None),
        e(Method::GET, "/reports/tasks.csv", Supervisors, None),
        e(Method::GET, "/events", SignedIn, None),
        e(Method::GET, "/star/current", SignedIn, None),
        e(Method::GET, "/star/nominees", SignedIn, None),
        e(
            Method::PUT,
            "/star/ballot",
            SignedIn,
            Some(json!({"candidate_id": new_id(), "reason": ""})),
        ),
        e(
            Method::POST,
            "/star/compliments",
            FrontDesk,
            Some(json!({"id": new_id(), "staff_id": new_id(), "source": "letter"})),
        ),
        e(Method::POST, "/star/cycles/{month}/close", Managers, None),
        e(Method::GET, "/star/results/{month}", SignedIn, None),
        e(Method::GET, "/star/wall", SignedIn, None),
        e(Method::GET, "/star/settings", Managers, None),
        e(
            Method::PUT,
            "/star/settings",
            Managers,
            Some(
                json!({"open_day": 20, "close_day": 31, "min_days_employed": 0, "managers_eligible": false,
                        "department_stars": false, "weights": {"peer": 40, "guest": 40, "skills": 20}}),
            ),
        ),
        e(Method::GET, "/departments/{department}/staff", Supervisors, None),
        e(Method::GET, "/training/questions", Managers, None),
        e(
            Method::POST,
            "/training/questions",
            Managers,
            Some(
                json!({"id": new_id(), "category": "complaints", "prompt": "First response within?", "key": {"kind": "numeric", "expected": 15.0, "tolerance": 0.0}}),
            ),
        ),
        e(
            Method::PUT,
            "/training/questions/{question}",
            Managers,
            Some(
                json!({"id": new_id(), "category": "complaints", "prompt": "Q", "options": ["a", "b"], "key": {"kind": "single_choice", "correct": 0}}),
            ),
        ),
        e(Method::DELETE, "/training/questions/{question}", Managers, None),
        e(Method::GET, "/training/bank/export.json", Managers, None),
        e(Method::GET, "/training/bank/export.csv", Managers, None),
        e(
            Method::POST,
            "/training/bank/import",
            Managers,
            Some(json!({"format": "json", "content": "[]"})),
        ),
        e(Method::GET, "/training/quizzes", Managers, None),
        e(
            Method::POST,
            "/training/quizzes",
            Managers,
            Some(
                json!({"id": new_id(), "title": "Basics", "selection": {"mode": "draw", "draws": [{"category": "none", "count": 1}]}, "pass_mark": 80.0, "review": "never"}),
            ),
        ),
        e(Method::GET, "/training/quizzes/{quiz}", Managers, None),
        e(
            Method::PUT,
            "/training/quizzes/{quiz}",
            Managers,
            Some(
                json!({"id": new_id(), "title": "Basics", "selection": {"mode": "draw", "draws": [{"category": "none", "count": 1}]}, "pass_mark": 80.0, "review": "never"}),
            ),
        ),
        e(Method::DELETE, "/training/quizzes/{quiz}", Managers, None),
        e(Method::POST, "/training/quizzes/{quiz}/attempts", SignedIn, None),
        e(Method::GET, "/training/attempts/{attempt}", SignedIn, None),
        e(
            Method::PUT,
            "/training/attempts/{attempt}/answers/{position}",
            SignedIn,
            Some(json!({"response": {"type": "bool", "value": true}})),
        ),
        e(Method::POST, "/training/attempts/{attempt}/submit", SignedIn, None),
        e(Method::GET, "/training/assignments", Managers, None),
        e(
            Method::POST,
            "/training/assignments",
            Managers,
            Some(json!({"id": new_id(), "quiz_id": new_id(), "target": {"kind": "role", "role": "staff"}})),
        ),
        e(Method::DELETE, "/training/assignments/{assignment}", Managers, None),
        e(Method::GET, "/training/plans", Managers, None),
        e(
            Method::POST,
            "/training/plans",
            Managers,
            Some(json!({"id": new_id(), "name": "Onboarding", "steps": [{"quiz_id": new_id(), "day": 7}]})),
        ),
        e(Method::GET, "/training/plans/{plan}", Managers, None),
        e(
            Method::PUT,
            "/training/plans/{plan}",
            Managers,
            Some(json!({"id": new_id(), "name": "Onboarding", "steps": [{"quiz_id": new_id(), "day": 7}]})),
        ),
        e(
            Method::POST,
            "/training/plans/{plan}/members",
            Managers,
            Some(json!({"staff_id": new_id()})),
        ),
        e(
            Method::DELETE,
            "/training/plans/{plan}/members/{staff_id}",
            Managers,
            None,
        ),
        e(Method::GET, "/training/me", SignedIn, None),
        e(Method::GET, "/reports/training", Supervisors, None),
        e(Method::GET, "/reports/training.csv", Supervisors, None),
        e(Method::GET, "/reports/training/people", Supervisors, None),
        e(Method::GET, "/reports/training/people/{staff}", Supervisors, None),
        e(Method::GET, "/audit-templates", Auditors, None),
        e(
            Method::POST,
            "/audit-templates",
            Managers,
            Some(
                json!({"id": new_id(), "name": "Spa", "area": "Spa", "department_id": new_id(), "pass_mark": 80,
                        "sections": [{"title": "Welcome", "items": [{"key": "greeted", "text": "Greeted", "kind": "yes_no", "weight": 1}]}]}),
            ),
        ),
        e(Method::GET, "/audit-templates/{template}", Auditors, None),
        e(
            Method::PUT,
            "/audit-templates/{template}",
            Managers,
            Some(
                json!({"name": "Spa", "area": "Spa", "department_id": new_id(), "pass_mark": 80,
                        "sections": [{"title": "Welcome", "items": [{"key": "greeted", "text": "Greeted", "kind": "yes_no", "weight": 1}]}]}),
            ),
        ),
        e(Method::POST, "/audit-templates/{template}/archive", Managers, None),
        e(Method::GET, "/audit-plans/{month}", Managers, None),
        e(
            Method::PUT,
            "/audit-plans/{month}",
            Managers,
            Some(json!({"target": 200})),
        ),
        e(Method::GET, "/audit-auditors", Managers, None),
        e(Method::GET, "/audits", Auditors, None),
        e(
            Method::POST,
            "/audits",
            Auditors,
            Some(json!({"id": new_id(), "template_id": new_id(), "subject_area": "Lobby"})),
        ),
        e(Method::GET, "/audits/{audit}", Auditors, None),
        e(
            Method::PUT,
            "/audits/{audit}/answers/{key}",
            Auditors,
            Some(json!({"revision": 0, "answer": {"type": "yes"}, "note": ""})),
        ),
        // The body is an image, so the JSON body checks do not apply; tests/audits.rs checks it.
        e(Method::PUT, "/audits/{audit}/photos/{key}", Auditors, None),
        e(Method::GET, "/audits/{audit}/photos/{key}", SignedIn, None),
        e(Method::DELETE, "/audits/{audit}/photos/{key}", Auditors, None),
        e(Method::POST, "/audits/{audit}/submit", Auditors, None),
        e(
            Method::POST,
            "/audits/{audit}/actions",
            Managers,
            Some(json!({"item_key": "greeted"})),
        ),
        e(Method::POST, "/audits/{audit}/publish", Managers, None),
        e(Method::GET, "/audit-feedback", SignedIn, None),
        e(Method::GET, "/reports/audits", Managers, None),
        e(Method::GET, "/reports/audits.csv", Managers, None),
    ]
}

on_both_databases!(
    every_private_endpoint_wants_a_session,
    every_restricted_endpoint_checks_the_role,
    every_body_is_checked_before_use,
    the_table_and_the_openapi_document_agree,
    every_operation_documents_the_shared_errors,
);

/// Real ids for the placeholders of the endpoint table; training records are named by
/// ids that exist nowhere (the checks here come before any lookup).
struct Ids {
    /// Front office, where the supervisor of the role checks (S101) works.
    department: String,
    staff: String,
    device: String,
    room: String,
    task: String,
    task_type: String,
    unknown: String,
    template: String,
    audit: String,
    key: String,
}

async fn ids(app: &TestApp) -> Ids {
    let pool = &app.state.db.pool;
    let (device,): (String,) = sqlx::query_as("SELECT id FROM devices LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap();
    let (room,): (String,) = sqlx::query_as("SELECT id FROM rooms LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap();
    let (task_type,): (String,) = sqlx::query_as("SELECT id FROM task_types WHERE code = 'inspection'")
        .fetch_one(pool)
        .await
        .unwrap();
    let filer = app.signed_in("S201").await;
    let task = TaskCreate {
        location: Some("1001".into()),
        ..filing(uuid(&task_type), "Inspect 1001")
    };
    let task: Task = filer.post_created("/api/tasks", &task).await;
    let task = task.summary.id.to_string();
    let (department,): (String,) = sqlx::query_as("SELECT id FROM departments WHERE code = 'front_office'")
        .fetch_one(pool)
        .await
        .unwrap();
    // A seeded audit of the demo auditor, not yet filled in.
    let (audit, template): (String, String) = sqlx::query_as(
        "SELECT a.id, a.template_id FROM audits a JOIN staff s ON s.id = a.subject_staff_id \
             WHERE a.status = 'assigned' AND s.employee_no = 'F101'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    Ids {
        template,
        audit,
        key: "greeting".into(),
        department,
        staff: app.staff_id("F101").await,
        device,
        room,
        task,
        task_type,
        unknown: uuid::Uuid::new_v4().to_string(),
    }
}

fn url(ids: &Ids, endpoint: &Endpoint) -> String {
    let path = endpoint
        .path
        .replace("{staff}", &ids.staff)
        .replace("{staff_id}", &ids.staff)
        .replace("{device}", &ids.device)
        .replace("{room}", &ids.room)
        .replace("{task}", &ids.task)
        .replace("{type}", &ids.task_type)
        .replace("{position}", "0")
        .replace("{month}", "2026-01")
        .replace("{department}", &ids.department)
        .replace("{question}", &ids.unknown)
        .replace("{quiz}", &ids.unknown)
        .replace("{attempt}", &ids.unknown)
        .replace("{assignment}", &ids.unknown)
        .replace("{notification}", &ids.unknown)
        .replace("{plan}", &ids.unknown)
        .replace("{token}", &ids.unknown)
        .replace("{hotel}", &ids.unknown)
        .replace("{property_id}", &ids.unknown)
        .replace("{template}", &ids.template)
        .replace("{audit}", &ids.audit)
        .replace("{key}", &ids.key);
    format!("/api{path}")
}

async fn every_private_endpoint_wants_a_session(app: TestApp) {
    let anonymous = app.browser();
    let ids = ids(&app).await;
    for endpoint in endpoints().iter().filter(|e| e.access != Access::Public) {
        let path = url(&ids, endpoint);
        let response = anonymous
            .send(endpoint.method.clone(), &path, endpoint.body.as_ref())
            .await;
        refused(response, ErrorCode::Unauthenticated).await;
    }
}

async fn every_restricted_endpoint_checks_the_role(app: TestApp) {
    let staff = app.signed_in("F101").await;
    let housekeeper = app.signed_in("H201").await;
    let supervisor = app.signed_in("S101").await;
    let manager = app.signed_in("M001").await;
    let admin = app.signed_in("A001").await;
    let ids = ids(&app).await;
    for endpoint in endpoints() {
        let path = url(&ids, &endpoint);
        let outsider = match endpoint.access {
            Access::Supervisors | Access::Auditors => &staff,
            Access::FrontDesk => &housekeeper,
            Access::Managers => &supervisor,
            Access::Admins => &manager,
            Access::ChainAdmins => &admin,
            _ => continue,
        };
        let response = outsider
            .send(endpoint.method.clone(), &path, endpoint.body.as_ref())
            .await;
        refused(response, ErrorCode::Forbidden).await;
    }
    let auditor = app.signed_in("U001").await;
    refused(auditor.get("/api/staff").await, ErrorCode::Forbidden).await;
}

async fn every_body_is_checked_before_use(app: TestApp) {
    let hotel_admin = app.signed_in("A001").await;
    let chain_admin = app.signed_in("C001").await;
    let oversized = "x".repeat(1024 * 1024 + 1);
    let ids = ids(&app).await;
    for endpoint in endpoints()
        .iter()
        .filter(|e| e.body.is_some() && e.access != Access::PmsToken)
    {
        let path = url(&ids, endpoint);
        let full = format!("{}{path}", app.base);
        let admin = match endpoint.access {
            Access::ChainAdmins => &chain_admin,
            _ => &hotel_admin,
        };
        let raw = |body: String, content_type: &str| {
            admin
                .client
                .request(endpoint.method.clone(), &full)
                .header("x-requested-with", "bellhop")
                .header("content-type", content_type)
                .body(body)
        };
        let what = format!("{} {}", endpoint.method, endpoint.path);
        let response = raw("{ not json".into(), "application/json").send().await.unwrap();
        assert_eq!(response.status(), 400, "malformed JSON to {what}");
        refused(response, ErrorCode::MalformedRequest).await;

        let mut with_extra = endpoint.body.clone().unwrap();
        with_extra["is_admin"] = json!(true);
        let response = raw(with_extra.to_string(), "application/json").send().await.unwrap();
        assert_eq!(response.status(), 422, "unknown field to {what}");

        let response = raw(json!({"note": oversized}).to_string(), "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413, "oversized body to {what}");
        refused(response, ErrorCode::PayloadTooLarge).await;

        let response = raw(endpoint.body.clone().unwrap().to_string(), "text/plain")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 415, "text/plain to {what}");

        let response = raw("[]".into(), "application/json").send().await.unwrap();
        assert_eq!(response.status(), 422, "wrong JSON shape to {what}");
    }
    assert_eq!(
        hotel_admin.get("/api/health").await.status(),
        200,
        "the server keeps serving"
    );
}

/// The OpenAPI document, read as raw JSON: it is about the document's own shape.
async fn the_table_and_the_openapi_document_agree(app: TestApp) {
    let doc = json_of(app.browser().get("/api/openapi.json").await, 200).await;
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    documented.insert("GET /openapi.json".into());
    let tabled: BTreeSet<String> = endpoints()
        .iter()
        .map(|e| {
            let path = [
                "{staff}",
                "{device}",
                "{room}",
                "{task}",
                "{type}",
                "{department}",
                "{question}",
                "{quiz}",
                "{attempt}",
                "{assignment}",
                "{notification}",
                "{plan}",
                "{token}",
                "{hotel}",
                "{template}",
                "{audit}",
            ]
            .iter()
            .fold(e.path.to_owned(), |p, k| p.replace(k, "{id}"));
            format!("{} {path}", e.method)
        })
        .collect();
    assert_eq!(documented, tabled, "OpenAPI paths vs the endpoint table");
}

/// The error body an answer of the document carries, following a shared answer's `$ref`.
fn error_schema<'a>(doc: &'a Value, answer: &'a Value) -> Option<&'a str> {
    let answer = match answer["$ref"].as_str() {
        Some(name) => &doc["components"]["responses"][name.trim_start_matches("#/components/responses/")],
        None => answer,
    };
    answer["content"]["application/json"]["schema"]["$ref"].as_str()
}

/// Every `$ref` of `value`.
fn collect_refs<'a>(value: &'a Value, refs: &mut Vec<&'a str>) {
    match value {
        Value::Object(fields) => {
            if let Some(target) = fields.get("$ref").and_then(Value::as_str) {
                refs.push(target);
            }
            fields.values().for_each(|v| collect_refs(v, refs));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

/// Each operation's shared errors follow from what it takes: a session (401), a write
/// (403 and the CSRF header), a JSON body (400, 413, 415, 422), a parameter (422); every
/// reference resolves; and the ones the endpoint table calls public are the ones the
/// document says need no session.
async fn every_operation_documents_the_shared_errors(app: TestApp) {
    let doc = json_of(app.browser().get("/api/openapi.json").await, 200).await;
    let public: BTreeSet<String> = endpoints()
        .iter()
        .filter(|e| e.access == Access::Public && e.path != "/openapi.json")
        .map(|e| format!("{} {}", e.method, e.path))
        .collect();
    let mut documented_public = BTreeSet::new();
    let (mut secured, mut bodies) = (0, 0);
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let what = format!("{} {path}", method.to_uppercase());
            let answers = &operation["responses"];
            let documents =
                |status: &str| error_schema(&doc, &answers[status]) == Some("#/components/schemas/ErrorBody");
            let write = method != "get";
            if write {
                assert!(documents("403"), "{what} documents 403 (the CSRF rule)");
                let csrf = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|p| p["name"] == "X-Requested-With");
                assert_eq!(
                    csrf.map(|p| (&p["in"], &p["required"], &p["schema"]["enum"])),
                    Some((&json!("header"), &json!(true), &json!(["bellhop"]))),
                    "{what} states the CSRF header"
                );
            }
            if operation["parameters"].as_array().is_some_and(|p| !p.is_empty()) {
                assert!(documents("422"), "{what} documents 422 (a parameter)");
            }
            let needs_session = operation["security"] != json!([{}]);
            if needs_session {
                secured += 1;
                assert!(documents("401"), "{what} documents 401");
            } else {
                documented_public.insert(what.clone());
            }
            if operation["requestBody"]["content"]["application/json"].is_object() {
                bodies += 1;
                for status in ["400", "413", "415", "422"] {
                    assert!(documents(status), "{what} documents {status}");
                }
            }
            assert!(documents("500"), "{what} documents 500");
        }
    }
    assert_eq!(doc["security"], json!([{"session": []}]), "a session by default");
    let zones = &doc["components"]["schemas"]["PropertyUpdate"]["properties"]["time_zone"]["enum"];
    assert!(
        zones.as_array().is_some_and(|z| z.contains(&json!("Asia/Taipei"))),
        "the time zones are stated"
    );
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    for target in refs {
        assert!(
            doc.pointer(target.trim_start_matches('#')).is_some(),
            "{target} is in the document"
        );
    }
    assert_eq!(
        documented_public, public,
        "public in the document vs the endpoint table"
    );
    assert!(
        secured > 80 && bodies > 40,
        "{secured} secured, {bodies} with a JSON body"
    );
}
