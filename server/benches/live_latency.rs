//! How soon tablets hear of a change: 50 writers file repairs and comment on them for
//! some seconds, while the engineering supervisor's and a manager's streams are open;
//! for each write, the time from its answer to the matching event on the supervisor's
//! stream (0 when the event came first), and from its request to the event. Prints
//! count, median, p95, p99 and max of each, and the writes that were never heard
//! (budget: p99 from answer to event at most 250 ms, none unheard).
//!
//! SQLite by default; set BELLHOP_BENCH_POSTGRES_URL (a server URL whose user may create
//! databases) to measure PostgreSQL as well.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{json, Value};
use uuid::Uuid;

mod common;
use common::{on_each_database, serve, signed_in};

const WRITERS: usize = 50;
const WRITING: Duration = Duration::from_secs(10);
/// How long after the last write an event may still come.
const STRAGGLERS: Duration = Duration::from_secs(5);
const BUDGET_P99_MS: f64 = 250.0;

/// A write: the task it changed and which of that task's announced changes it was.
type Key = (String, u32);

#[derive(Default)]
struct Times {
    /// When each write was sent and when it was answered.
    written: HashMap<Key, (Instant, Instant)>,
    heard: HashMap<Key, Instant>,
}

#[tokio::main]
async fn main() {
    on_each_database(run).await;
}

async fn post(http: &reqwest::Client, url: String, body: Value) -> Value {
    let response = http
        .post(url)
        .header("x-requested-with", "bellhop")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

async fn run(backend: &str, database_url: String) {
    let (state, base) = serve(database_url).await;
    let (repair,): (String,) = sqlx::query_as("SELECT id FROM task_types WHERE code = 'repair'")
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    let times = Arc::new(Mutex::new(Times::default()));
    let supervisor = signed_in(&base, "S301").await;
    let manager = signed_in(&base, "M001").await;
    let stream = supervisor.get(format!("{base}/api/events")).send().await.unwrap();
    // A second listener, as a hotel has more than one screen open.
    let other = manager.get(format!("{base}/api/events")).send().await.unwrap();
    tokio::spawn(async move { other.bytes_stream().for_each(|_| async {}).await });
    tokio::spawn(listen(stream, times.clone()));

    let mut writers = Vec::new();
    for _ in 0..WRITERS {
        writers.push(signed_in(&base, "F101").await);
    }
    let started = Instant::now();
    let handles: Vec<_> = writers
        .into_iter()
        .map(|http| {
            let (base, repair, times) = (base.clone(), repair.clone(), times.clone());
            tokio::spawn(async move { write(http, base, repair, times, started).await })
        })
        .collect();
    for handle in handles {
        handle.await.unwrap();
    }
    let written = started.elapsed();
    let waited = Instant::now();
    while waited.elapsed() < STRAGGLERS {
        let all_heard = {
            let times = times.lock().unwrap();
            times.written.keys().all(|k| times.heard.contains_key(k))
        };
        if all_heard {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    report(backend, &times.lock().unwrap(), written);
}

/// Files a repair and comments on it, again and again, noting when each is answered.
async fn write(http: reqwest::Client, base: String, repair: String, times: Arc<Mutex<Times>>, started: Instant) {
    while started.elapsed() < WRITING {
        let body = json!({"id": Uuid::new_v4(), "type_id": repair, "title": "Air conditioner", "location": "Lobby", "priority": 2});
        let sent = Instant::now();
        let task = post(&http, format!("{base}/api/tasks"), body).await;
        let id = task["id"].as_str().unwrap().to_owned();
        times
            .lock()
            .unwrap()
            .written
            .insert((id.clone(), 0), (sent, Instant::now()));
        let comment = json!({"id": Uuid::new_v4(), "body": "On my way"});
        let sent = Instant::now();
        post(&http, format!("{base}/api/tasks/{id}/comments"), comment).await;
        times.lock().unwrap().written.insert((id, 1), (sent, Instant::now()));
    }
}

/// Notes when each task event arrives: the first for a task is its filing, the second
/// its comment.
async fn listen(stream: reqwest::Response, times: Arc<Mutex<Times>>) {
    let mut bytes = stream.bytes_stream();
    let mut buffer = String::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    while let Some(Ok(chunk)) = bytes.next().await {
        let now = Instant::now();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) else {
                continue;
            };
            let Ok(change) = serde_json::from_str::<Value>(data) else {
                continue;
            };
            let Some(task_id) = change["task_id"].as_str() else {
                continue;
            };
            let n = seen.entry(task_id.to_owned()).or_default();
            times.lock().unwrap().heard.insert((task_id.to_owned(), *n), now);
            *n += 1;
        }
    }
}

fn report(backend: &str, times: &Times, written: Duration) {
    let heard: Vec<(Instant, Instant, Instant)> = times
        .written
        .iter()
        .filter_map(|(key, (sent, answered))| times.heard.get(key).map(|heard| (*sent, *answered, *heard)))
        .collect();
    let unheard = times.written.len() - heard.len();
    let after_answer = sorted_ms(
        heard
            .iter()
            .map(|(_, answered, heard)| heard.saturating_duration_since(*answered)),
    );
    let after_request = sorted_ms(
        heard
            .iter()
            .map(|(sent, _, heard)| heard.saturating_duration_since(*sent)),
    );
    let first = heard.iter().filter(|(_, answered, heard)| heard <= answered).count();
    println!(
        "\n{backend}: {WRITERS} writers for {:.1} s ({:.0} writes/s) → the supervisor's stream; {unheard} unheard, \
         {:.0}% heard before their answer",
        written.as_secs_f64(),
        times.written.len() as f64 / written.as_secs_f64(),
        100.0 * first as f64 / heard.len().max(1) as f64
    );
    println!(
        "{:<18} {:>8} {:>10} {:>10} {:>10} {:>10}",
        "", "writes", "median", "p95", "p99", "max"
    );
    for (name, ms) in [("answer → event", &after_answer), ("request → event", &after_request)] {
        println!(
            "{name:<18} {:>8} {:>8.1}ms {:>8.1}ms {:>8.1}ms {:>8.1}ms",
            ms.len(),
            at(ms, 0.5),
            at(ms, 0.95),
            at(ms, 0.99),
            at(ms, 1.0)
        );
    }
    let p99 = at(&after_answer, 0.99);
    let within = p99 <= BUDGET_P99_MS && unheard == 0;
    println!(
        "{backend}: p99 answer → event {p99:.1} ms (budget ≤ {BUDGET_P99_MS} ms, none unheard){}",
        if within { "" } else { " — OVER BUDGET" }
    );
}

fn sorted_ms(durations: impl Iterator<Item = Duration>) -> Vec<f64> {
    let mut ms: Vec<f64> = durations.map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    ms
}

/// The `q` quantile of sorted values (1.0 the largest).
fn at(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len().saturating_sub(1);
    sorted
        .get(((sorted.len() as f64 * q) as usize).min(last))
        .copied()
        .unwrap_or(f64::NAN)
}
