//! The server binary's subcommands, run as an operator would: `setup` on an empty
//! database, `backup` of a database the server is using, and `--help`.

use std::process::Output;

use bellhop_api::people::Role;
use bellhop_api::property::Property;
use bellhop_api::session::SessionInfo;
use bellhop_api::tasks::{Task, TaskCreate};
use sqlx::Connection;

use crate::common::*;

/// Runs the built `bellhop-server` with `args` and only the given BELLHOP_* variables.
async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bellhop-server"));
    command.args(args);
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("BELLHOP_")) {
        command.env_remove(name);
    }
    command.env("BELLHOP_HASH_MEMORY_KIB", "1024");
    for (name, value) in env {
        command.env(name, value);
    }
    tokio::task::spawn_blocking(move || command.output().expect("the server binary runs"))
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SETUP: [&str; 9] = [
    "setup",
    "--hotel-name",
    "Peak Lodge",
    "--time-zone",
    "Asia/Taipei",
    "--admin-employee-no",
    "A100",
    "--admin-name",
    "Lin Mei",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_creates_the_hotel_once_and_its_admin_signs_in() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("hotel.db").display());
    let env = [
        ("BELLHOP_DATABASE_URL", url.as_str()),
        ("BELLHOP_ADMIN_PASSWORD", "first-admin-pw"),
    ];

    let mut bad_zone = SETUP.to_vec();
    bad_zone[4] = "Mars/Olympus";
    let refused = run(&bad_zone, &env).await;
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("time_zone: unknown_time_zone"),
        "{}",
        text(&refused.stderr)
    );

    let made = run(&SETUP, &env).await;
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(text(&made.stdout).contains("Peak Lodge"));

    let mut again = SETUP.to_vec();
    again[6] = "A200";
    let second = run(&again, &env).await;
    assert!(!second.status.success(), "a second hotel is refused");
    assert!(
        text(&second.stderr).contains("already has a hotel"),
        "{}",
        text(&second.stderr)
    );

    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.database_url = url.clone();
        config.seed_demo = false;
    })
    .await;
    assert_eq!(app.setup_code, None, "a set-up server prints no code");
    let browser = app.browser();
    let session: SessionInfo = decoded(browser.sign_in_password("A100", "first-admin-pw").await, 200).await;
    assert_eq!(session.user.role, Role::Admin);
    let property: Property = browser.get_ok("/api/property").await;
    assert_eq!(property.name, "Peak Lodge");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_copies_a_live_database_and_never_overwrites() {
    let app = spawn_app(Backend::Sqlite).await;
    let supervisor = app.signed_in("S201").await;
    let (type_id,): (String,) = sqlx::query_as("SELECT id FROM task_types WHERE code = 'inspection'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let task = TaskCreate {
        location: Some("1208".into()),
        priority: 2,
        ..filing(uuid(&type_id), "Inspect 1208 before the VIP")
    };
    let _: Task = supervisor.post_created("/api/tasks", &task).await;

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let copy_arg = copy.to_str().unwrap();
    let url = app.state.config.database_url.clone();
    let env = [("BELLHOP_DATABASE_URL", url.as_str())];
    // The server keeps serving while the copy is taken.
    let args = ["backup", copy_arg];
    let (backup, health) = tokio::join!(run(&args, &env), supervisor.get("/api/health"));
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    assert_eq!(health.status(), 200);

    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{copy_arg}?mode=ro"))
        .await
        .unwrap();
    let (title,): (String,) = sqlx::query_as("SELECT title FROM tasks WHERE title LIKE 'Inspect 1208%'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(title, "Inspect 1208 before the VIP");
    let (staff,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(staff, 18, "the demo's 17 and its chain admin");

    let again = run(&["backup", copy_arg], &env).await;
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );

    let postgres = run(
        &["backup", dir.path().join("pg.db").to_str().unwrap()],
        &[("BELLHOP_DATABASE_URL", "postgres://bellhop@127.0.0.1/bellhop")],
    )
    .await;
    assert!(!postgres.status.success());
    assert!(text(&postgres.stderr).contains("pg_dump"), "{}", text(&postgres.stderr));
}

#[tokio::test]
async fn help_lists_every_subcommand_and_setting() {
    let help = run(&["--help"], &[]).await;
    assert!(help.status.success());
    let help = text(&help.stdout);
    for word in [
        "serve",
        "setup",
        "backup",
        "BELLHOP_DATABASE_URL",
        "BELLHOP_SEED_DEMO",
        "BELLHOP_CLOCK_START",
    ] {
        assert!(help.contains(word), "--help names {word}:\n{help}");
    }
    let refused = run(&[], &[("BELLHOP_LOCKOUT_SECS", "soon")]).await;
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains(r#"BELLHOP_LOCKOUT_SECS: cannot read "soon" (whole seconds)"#),
        "{}",
        text(&refused.stderr)
    );
}
