//! What every benchmark starts with: a fresh database, the real server over it with the
//! demo hotel, and signed-in clients.
// Each benchmark uses a different part.
#![allow(dead_code)]

use std::future::Future;
use std::time::Duration;

use bellhop_server::app::{self, AppState};
use bellhop_server::clock::Clock;
use bellhop_server::config::Config;
use bellhop_server::seed;
use sqlx::Connection;

/// Runs `bench` over a fresh SQLite database, then over a fresh PostgreSQL one when
/// BELLHOP_BENCH_POSTGRES_URL names a server whose user may create databases.
pub async fn on_each_database<F, Fut>(bench: F)
where
    F: Fn(&'static str, String) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    bench("sqlite", format!("sqlite://{}", dir.path().join("bench.db").display())).await;
    if let Ok(admin_url) = std::env::var("BELLHOP_BENCH_POSTGRES_URL") {
        bench("postgres", fresh_postgres(&admin_url).await).await;
    }
}

/// A new, empty database on the PostgreSQL server at `admin_url`.
pub async fn fresh_postgres(admin_url: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!("bellhop_bench_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::AnyConnection::connect(admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0)
}

/// Serves the demo hotel at `database_url` on a free port; returns the state and the
/// base URL. Sessions last the whole run.
pub async fn serve(database_url: String) -> (AppState, String) {
    let config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url,
        hash_memory_kib: 1024,
        session_max: Duration::from_secs(24 * 3600),
        idle_timeout: Duration::from_secs(24 * 3600),
        ..Config::default()
    };
    let state = AppState::connect(config.clone(), Clock::default()).await.unwrap();
    seed::seed_demo_if_empty(&state).await.unwrap();
    let listener = tokio::net::TcpListener::bind(config.bind).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = app::router(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (state, base)
}

/// A client signed in as a demo person, keeping the session cookie.
pub async fn signed_in(base: &str, employee_no: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(format!("{base}/api/session"))
        .header("x-requested-with", "bellhop")
        .json(&serde_json::json!({"employee_no": employee_no, "password": seed::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "sign-in of {employee_no}");
    client
}
