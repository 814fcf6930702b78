//! Audit latency through a real server over a real database:
//! - submitting a 100-item audit (scoring, stored result, report rows and the corrective
//!   tasks of two failed critical items), budget: median at most 50 ms;
//! - the monthly report with 24 months × 200 submitted audits on file, budget: median at
//!   most 200 ms.
//!
//! SQLite by default; set BELLHOP_BENCH_POSTGRES_URL (a server URL whose user may create
//! databases) to measure PostgreSQL as well.

use std::time::Instant;

use bellhop_server::app::AppState;
use chrono::{Datelike, Months};
use serde_json::{json, Value};
use uuid::Uuid;

mod common;
use common::{on_each_database, serve, signed_in};

const ITEMS: usize = 100;
const SUBMITS: usize = 40;
const MONTHS: u32 = 24;
const PER_MONTH: usize = 200;
const REPORTS: usize = 100;

#[tokio::main]
async fn main() {
    on_each_database(run).await;
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn signed_in(base: &str, employee_no: &str) -> Client {
        Client {
            http: signed_in(base, employee_no).await,
            base: base.to_owned(),
        }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, String) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("x-requested-with", "bellhop");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

async fn run(backend: &str, database_url: String) {
    let (state, base) = serve(database_url).await;
    let manager = Client::signed_in(&base, "M001").await;
    let auditor = Client::signed_in(&base, "U001").await;

    let template = hundred_item_template(&state, &manager).await;
    let submit = measure_submits(&state, &auditor, &template).await;
    println!(
        "\n{backend}: POST /api/audits/{{id}}/submit, {ITEMS} items, {SUBMITS} audits — median {:.2} ms, p90 {:.2} ms (budget ≤ 50 ms)",
        submit.0, submit.1
    );

    let started = Instant::now();
    let month = fill_history(&state, &template).await;
    eprintln!(
        "  ({backend}: {} submitted audits over {MONTHS} months in {:.1} s)",
        MONTHS as usize * PER_MONTH,
        started.elapsed().as_secs_f64()
    );
    let report = measure_get(&manager, &format!("/api/reports/audits?month={month}")).await;
    let csv = measure_get(&manager, &format!("/api/reports/audits.csv?month={month}")).await;
    println!(
        "{backend}: GET /api/reports/audits ({MONTHS} × {PER_MONTH} audits on file) — median {:.2} ms, p90 {:.2} ms (budget ≤ 200 ms)",
        report.0, report.1
    );
    println!(
        "{backend}: GET /api/reports/audits.csv — median {:.2} ms, p90 {:.2} ms",
        csv.0, csv.1
    );
}

/// Five sections of twenty items of every kind; the first two items are critical.
async fn hundred_item_template(state: &AppState, manager: &Client) -> String {
    let (department,): (String,) = sqlx::query_as("SELECT id FROM departments WHERE code = 'front_office'")
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    let sections: Vec<Value> = (0..5)
        .map(|s| {
            let items: Vec<Value> = (0..ITEMS / 5)
                .map(|i| {
                    let n = s * (ITEMS / 5) + i;
                    let key = format!("i{n}");
                    let mut item = match n % 4 {
                        0 | 1 => json!({"kind": "yes_no"}),
                        2 => json!({"kind": "rating", "threshold": 3}),
                        _ => json!({"kind": "number", "target": 15, "at_most": true, "unit": "s"}),
                    };
                    item["key"] = json!(key);
                    item["text"] = json!(format!("Standard {n}"));
                    item["weight"] = json!(1 + n % 5);
                    item["critical"] = json!(n < 2);
                    item["required"] = json!(true);
                    item
                })
                .collect();
            json!({"title": format!("Section {s}"), "items": items})
        })
        .collect();
    let id = Uuid::new_v4().to_string();
    let body = json!({"id": id, "name": "Bench visit", "area": "Front desk check-in", "department_id": department,
                      "pass_mark": 80, "sections": sections});
    let (status, text) = manager
        .send(reqwest::Method::POST, "/api/audit-templates", Some(body))
        .await;
    assert_eq!(status, 201, "{text}");
    id
}

/// Answers in one statement: the two critical items fail, so each submit files two tasks.
fn answers_sql(audit: &str, property: &str) -> String {
    let rows: Vec<String> = (0..ITEMS)
        .map(|n| {
            let answer = match n % 4 {
                _ if n < 2 => r#"{"type":"no"}"#.to_owned(),
                0 | 1 => r#"{"type":"yes"}"#.to_owned(),
                2 => format!(r#"{{"type":"rating","value":{}}}"#, 1 + n % 5),
                _ => format!(r#"{{"type":"number","value":{}}}"#, n % 30),
            };
            format!("('{audit}', 'i{n}', '{property}', '{answer}', '', 1, 0)")
        })
        .collect();
    format!(
        "INSERT INTO audit_answers (audit_id, item_key, property_id, answer, note, revision, updated_at) VALUES {}",
        rows.join(", ")
    )
}

async fn measure_submits(state: &AppState, auditor: &Client, template: &str) -> (f64, f64) {
    let (property,): (String,) = sqlx::query_as("SELECT id FROM properties")
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    let mut times = Vec::with_capacity(SUBMITS);
    for round in 0..SUBMITS + 5 {
        let id = Uuid::new_v4().to_string();
        let body = json!({"id": id, "template_id": template, "subject_area": "Lobby"});
        let (status, text) = auditor.send(reqwest::Method::POST, "/api/audits", Some(body)).await;
        assert_eq!(status, 201, "{text}");
        let mut tx = state.db.begin_write().await.unwrap();
        sqlx::query(&answers_sql(&id, &property))
            .execute(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let started = Instant::now();
        let (status, text) = auditor
            .send(reqwest::Method::POST, &format!("/api/audits/{id}/submit"), None)
            .await;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(status, 200, "{text}");
        assert!(text.contains("\"critical_failed\":true"), "scored: {text}");
        // The first few warm the caches.
        if round >= 5 {
            times.push(elapsed);
        }
    }
    median_p90(times)
}

async fn measure_get(client: &Client, path: &str) -> (f64, f64) {
    for _ in 0..10 {
        client.send(reqwest::Method::GET, path, None).await;
    }
    let mut times = Vec::with_capacity(REPORTS);
    for _ in 0..REPORTS {
        let started = Instant::now();
        let (status, text) = client.send(reqwest::Method::GET, path, None).await;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(status, 200, "{text}");
        assert!(text.len() > 100);
    }
    median_p90(times)
}

fn median_p90(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 9 / 10])
}

/// Writes 24 months × 200 submitted audits with their section scores and failed items,
/// straight into the tables the submit fills; returns the latest month.
async fn fill_history(state: &AppState, template: &str) -> String {
    let pool = &state.db.pool;
    let (property,): (String,) = sqlx::query_as("SELECT id FROM properties")
        .fetch_one(pool)
        .await
        .unwrap();
    let (department,): (String,) = sqlx::query_as("SELECT id FROM departments WHERE code = 'front_office'")
        .fetch_one(pool)
        .await
        .unwrap();
    let staff: Vec<(String,)> = sqlx::query_as("SELECT id FROM staff ORDER BY employee_no")
        .fetch_all(pool)
        .await
        .unwrap();
    let (auditor,): (String,) = sqlx::query_as("SELECT id FROM staff WHERE employee_no = 'U001'")
        .fetch_one(pool)
        .await
        .unwrap();
    let today = state.clock.now().date_naive();
    let first = today.with_day(1).unwrap();
    let areas = [
        "Front desk check-in",
        "Telephone",
        "Housekeeping room quality",
        "Concierge",
    ];
    let mut latest = String::new();
    for back in (0..MONTHS).rev() {
        let start = first.checked_sub_months(Months::new(back)).unwrap();
        let month = start.format("%Y-%m").to_string();
        let at = start.and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp_millis();
        let (mut audits, mut sections, mut failed) = (Vec::new(), Vec::new(), Vec::new());
        for n in 0..PER_MONTH {
            let id = Uuid::new_v4().to_string();
            let score = 40.0 + ((n * 37 + back as usize * 11) % 60) as f64;
            let passed = i64::from(score >= 80.0);
            let subject = &staff[n % staff.len()].0;
            let area = areas[n % areas.len()];
            audits.push(format!(
                "('{id}', '{property}', '{template}', 1, '{area}', '{department}', '{auditor}', '{auditor}', \
                 '{subject}', NULL, 1, '{month}', NULL, 'submitted', {at}, {at}, '{month}', NULL, {score}, {passed}, 0, '{{}}')"
            ));
            for s in 0..5 {
                sections.push(format!(
                    "('{id}', {s}, '{property}', '{month}', '{template}', 'Section {s}', {})",
                    (score + s as f64 * 3.0).min(100.0)
                ));
            }
            for f in 0..5 {
                let item = (n + f * 7) % ITEMS;
                failed.push(format!(
                    "('{id}', 'i{item}', '{property}', '{month}', '{template}', 'Standard {item}', 0)"
                ));
            }
        }
        let mut tx = state.db.begin_write().await.unwrap();
        for chunk in audits.chunks(100) {
            sqlx::query(&format!(
                "INSERT INTO audits (id, property_id, template_id, template_version, area, department_id, auditor_id, \
                    created_by, subject_staff_id, subject_area, planned, plan_month, due_on, status, created_at, \
                    submitted_at, result_month, published_at, score, passed, critical_failed, result) VALUES {}",
                chunk.join(", ")
            ))
            .execute(tx.conn())
            .await
            .unwrap();
        }
        for (table, rows) in [
            (
                "audit_section_scores (audit_id, position, property_id, result_month, template_id, title, score)",
                &sections,
            ),
            (
                "audit_failed_items (audit_id, item_key, property_id, result_month, template_id, text, critical)",
                &failed,
            ),
        ] {
            for chunk in rows.chunks(200) {
                sqlx::query(&format!("INSERT INTO {table} VALUES {}", chunk.join(", ")))
                    .execute(tx.conn())
                    .await
                    .unwrap();
            }
        }
        tx.commit().await.unwrap();
        latest = month;
    }
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    latest
}
