//! How "my tasks" and the department board answer as the task table grows.
//!
//! 1. Growth: 10,000, 100,000 and 1,000,000 tasks, of which a constant few hundred are
//!    still active (a hotel's history grows, its live work does not), analysed after
//!    each fill. Prints median and 90th percentile per size and the ratio of the medians
//!    at 1,000,000 and 10,000 (budget: at most 1.5).
//! 2. A chain's busy day, on a fresh database: 1,000,000 tasks of which 10,000 active,
//!    measured before the planner has statistics and again after `ANALYZE` (budget: a
//!    median of at most 50 ms each).
//!
//! SQLite by default; set BELLHOP_BENCH_POSTGRES_URL (a server URL whose user may create
//! databases) to measure PostgreSQL as well.

use std::time::Instant;

use bellhop_server::app::AppState;

mod common;
use common::{fresh_postgres, serve, signed_in};

const SIZES: [i64; 3] = [10_000, 100_000, 1_000_000];
const ACTIVE: i64 = 300;
const BUSY_TASKS: i64 = 1_000_000;
const BUSY_ACTIVE: i64 = 10_000;
const BUSY_BUDGET_MS: f64 = 50.0;
const SAMPLES: usize = 200;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
    growth("sqlite", sqlite("growth.db")).await;
    busy_day("sqlite", sqlite("busy.db")).await;
    if let Ok(admin_url) = std::env::var("BELLHOP_BENCH_POSTGRES_URL") {
        growth("postgres", fresh_postgres(&admin_url).await).await;
        busy_day("postgres", fresh_postgres(&admin_url).await).await;
    }
}

/// A server over the demo hotel at `database_url`, and a housekeeper's and a
/// supervisor's signed-in clients.
struct Bench {
    state: AppState,
    base: String,
    housekeeper: reqwest::Client,
    supervisor: reqwest::Client,
}

impl Bench {
    /// Medians and 90th percentiles of my tasks and the board, in milliseconds.
    async fn lists(&self) -> ((f64, f64), (f64, f64)) {
        let mine = measure(&self.housekeeper, &format!("{}/api/tasks/mine", self.base)).await;
        let board = measure(&self.supervisor, &format!("{}/api/tasks/board", self.base)).await;
        (mine, board)
    }
}

async fn start(database_url: String) -> Bench {
    let (state, base) = serve(database_url).await;
    let housekeeper = signed_in(&base, "H201").await;
    let supervisor = signed_in(&base, "S201").await;
    Bench {
        state,
        base,
        housekeeper,
        supervisor,
    }
}

async fn growth(backend: &str, database_url: String) {
    let bench = start(database_url).await;
    println!(
        "\n{backend}: tasks in table → GET /api/tasks/mine (H201) and /api/tasks/board (S201), {SAMPLES} calls each"
    );
    println!(
        "{:>10} {:>14} {:>14} {:>14} {:>14}",
        "tasks", "mine median", "mine p90", "board median", "board p90"
    );
    let mut medians = Vec::new();
    let mut filled = 0;
    for size in SIZES {
        let started = Instant::now();
        fill(&bench.state, filled, size, ACTIVE).await;
        analyse(&bench.state).await;
        filled = size;
        eprintln!(
            "  ({backend}: filled to {size} in {:.1} s)",
            started.elapsed().as_secs_f64()
        );
        let (mine, board) = bench.lists().await;
        println!(
            "{size:>10} {:>12.2}ms {:>12.2}ms {:>12.2}ms {:>12.2}ms",
            mine.0, mine.1, board.0, board.1
        );
        medians.push((mine.0, board.0));
    }
    let (first, last) = (medians[0], medians[medians.len() - 1]);
    println!(
        "{backend}: median at 1,000,000 ÷ median at 10,000 — mine {:.2}×, board {:.2}× (budget ≤ 1.5×)",
        last.0 / first.0,
        last.1 / first.1
    );
}

async fn busy_day(backend: &str, database_url: String) {
    let bench = start(database_url).await;
    if bench.state.db.backend == bellhop_server::db::Backend::Postgres {
        // No statistics until the bench asks for them.
        sqlx::query("ALTER TABLE tasks SET (autovacuum_enabled = false)")
            .execute(&bench.state.db.pool)
            .await
            .unwrap();
    }
    let started = Instant::now();
    fill(&bench.state, 0, BUSY_TASKS, BUSY_ACTIVE).await;
    eprintln!(
        "  ({backend}: filled to {BUSY_TASKS} in {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    println!("\n{backend}: {BUSY_TASKS} tasks of which {BUSY_ACTIVE} active (budget: median ≤ {BUSY_BUDGET_MS} ms)");
    println!(
        "{:>16} {:>14} {:>14} {:>14} {:>14}",
        "statistics", "mine median", "mine p90", "board median", "board p90"
    );
    for analysed in [false, true] {
        if analysed {
            analyse(&bench.state).await;
        }
        let (mine, board) = bench.lists().await;
        let within = mine.0 <= BUSY_BUDGET_MS && board.0 <= BUSY_BUDGET_MS;
        println!(
            "{:>16} {:>12.2}ms {:>12.2}ms {:>12.2}ms {:>12.2}ms {}",
            if analysed { "analysed" } else { "none" },
            mine.0,
            mine.1,
            board.0,
            board.1,
            if within { "within budget" } else { "OVER BUDGET" }
        );
    }
}

/// Median and 90th percentile in milliseconds, after a warm-up.
async fn measure(client: &reqwest::Client, url: &str) -> (f64, f64) {
    for _ in 0..20 {
        client.get(url).send().await.unwrap().bytes().await.unwrap();
    }
    let mut times = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let started = Instant::now();
        let response = client.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let body = response.bytes().await.unwrap();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(body.len() > 2, "the list is not empty");
    }
    times.sort_by(f64::total_cmp);
    (times[SAMPLES / 2], times[SAMPLES * 9 / 10])
}

/// Adds tasks numbered `from + 1 ..= to`, spread over departments, types and rooms, one a
/// minute back in time, with ids the server reads as UUIDs. The first `active` are still
/// being worked; the rest are closed.
async fn fill(state: &AppState, from: i64, to: i64, active: i64) {
    let pool = &state.db.pool;
    let ids = |sql: &'static str| async move {
        let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(pool).await.unwrap();
        rows.into_iter().map(|(id,)| format!("'{id}'")).collect::<Vec<_>>()
    };
    let departments = ids("SELECT id FROM departments ORDER BY code").await;
    let types = ids("SELECT id FROM task_types ORDER BY code").await;
    let rooms = ids("SELECT id FROM rooms ORDER BY number").await;
    let staff = ids("SELECT id FROM staff ORDER BY employee_no").await;
    let pick = |list: &[String], modulus: &str| {
        let arms: String = list
            .iter()
            .enumerate()
            .map(|(n, id)| format!(" WHEN {n} THEN {id}"))
            .collect();
        format!("CASE ({modulus}) % {}{arms} END", list.len())
    };
    let now = state.clock.now_ms();
    let step = 100_000;
    let mut start = from;
    while start < to {
        let end = (start + step).min(to);
        let sql = format!(
            "WITH RECURSIVE n(i) AS (SELECT $1 + 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2) \
             INSERT INTO tasks (id, property_id, type_id, title, details, room_id, department_id, priority, status, \
                is_active, created_by, assignee_id, guest_facing, vip, version, created_at, respond_by, resolve_by, \
                accepted_at, done_at, closed_at) \
             SELECT '00000000-0000-4000-8000-' || (100000000000 + i), (SELECT id FROM properties), {type_id}, 'Task ' || i, '', {room_id}, {department_id}, \
                1 + i % 5, CASE WHEN i <= $3 THEN 'new' ELSE 'verified' END, CASE WHEN i <= $3 THEN 1 ELSE 0 END, \
                {creator}, NULL, 0, 0, 1, $4 - i * 60000, $4 - i * 60000 + 900000, $4 - i * 60000 + 1500000, \
                CASE WHEN i <= $3 THEN NULL ELSE $4 - i * 60000 + 300000 END, \
                CASE WHEN i <= $3 THEN NULL ELSE $4 - i * 60000 + 1200000 END, \
                CASE WHEN i <= $3 THEN NULL ELSE $4 - i * 60000 + 1300000 END \
             FROM n",
            type_id = pick(&types, "i"),
            room_id = pick(&rooms, "i / 7"),
            department_id = pick(&departments, "i / 3"),
            creator = pick(&staff, "i / 11"),
        );
        let mut tx = state.db.begin_write().await.unwrap();
        sqlx::query(&sql)
            .bind(start)
            .bind(end)
            .bind(active)
            .bind(now)
            .execute(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        start = end;
    }
}

/// Gives the planner fresh statistics.
async fn analyse(state: &AppState) {
    let pool = &state.db.pool;
    if state.db.backend == bellhop_server::db::Backend::Postgres {
        sqlx::query("ANALYZE tasks").execute(pool).await.unwrap();
    } else {
        sqlx::query("ANALYZE").execute(pool).await.unwrap();
    }
}
