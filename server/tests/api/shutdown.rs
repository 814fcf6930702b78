//! The real binary: it prints where it listens, and on SIGTERM it finishes the requests
//! in flight before it exits.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bellhop_api::session::SignIn;

fn sign_in(employee_no: &str) -> SignIn {
    SignIn {
        employee_no: employee_no.to_owned(),
        pin: None,
        password: Some("bellhop-demo".into()),
        property_id: None,
    }
}

#[tokio::test]
async fn sigterm_lets_requests_in_flight_finish() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_bellhop-server"))
        .env("BELLHOP_BIND", "127.0.0.1:0")
        .env(
            "BELLHOP_DATABASE_URL",
            format!("sqlite://{}/bellhop.db", dir.path().display()),
        )
        .env("BELLHOP_STATIC_DIR", dir.path())
        // A costly hash makes sign-in slow enough to be caught in flight.
        .env("BELLHOP_HASH_MEMORY_KIB", "262144")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("the server prints its address").unwrap();
        if let Some(rest) = line.strip_prefix("Bellhop is running at ") {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    assert!(
        lines.any(|l| l.unwrap().contains("HARBOUR-DEMO")),
        "demo sign-ins are printed"
    );

    // A tablet listening for live updates must not hold the shutdown up.
    let listener = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let signed_in = listener
        .post(format!("{url}/api/session"))
        .header("x-requested-with", "bellhop")
        .json(&sign_in("S201"))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let live = listener.get(format!("{url}/api/events")).send().await.unwrap();
    assert_eq!(live.status(), 200);

    let client = reqwest::Client::new();
    let request = client
        .post(format!("{url}/api/session"))
        .header("x-requested-with", "bellhop")
        .json(&sign_in("M001"))
        .send();
    let in_flight = tokio::spawn(request);
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(
        !in_flight.is_finished(),
        "the sign-in is still being worked on when SIGTERM arrives"
    );
    let started = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());

    let response = in_flight.await.unwrap().expect("the request in flight gets its answer");
    assert_eq!(response.status(), 200);
    let status = server.wait().unwrap();
    assert!(status.success(), "clean exit after SIGTERM: {status}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    drop(live);
    assert!(
        client.get(format!("{url}/api/health")).send().await.is_err(),
        "no longer listening"
    );
}
