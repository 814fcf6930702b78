//! The error contract and the HTTP surface: one JSON error shape for every mistake, CSRF,
//! the app's static files, compression and health.

use bellhop_api::system::Health;
use serde_json::json;

use crate::common::*;

on_both_databases!(
    unknown_api_routes_answer_json_404,
    wrong_methods_answer_json_405,
    state_changes_need_the_app_header,
    cross_site_requests_are_refused,
    a_database_failure_is_a_500_that_leaks_nothing,
    health_reports_the_database,
    hostile_input_does_not_stop_the_server,
    signed_out_pages_send_the_browser_to_sign_in,
    signed_in_pages_load_the_portal,
    each_section_loads_its_own_app,
    an_ended_session_counts_as_signed_out,
);

async fn unknown_api_routes_answer_json_404(app: TestApp) {
    let browser = app.browser();
    assert_error(browser.get("/api/no-such-thing").await, 404, "not_found").await;
    assert_error(browser.get("/api/staff/not-a-uuid/secret/x").await, 404, "not_found").await;
    let admin = app.signed_in("A001").await;
    assert_error(admin.get("/api/staff/not-a-uuid").await, 404, "not_found").await;
    assert_error(
        admin.get(&format!("/api/staff/{}", uuid::Uuid::new_v4())).await,
        404,
        "not_found",
    )
    .await;
}

async fn wrong_methods_answer_json_405(app: TestApp) {
    let browser = app.browser();
    assert_error(browser.put("/api/session", json!({})).await, 405, "method_not_allowed").await;
    assert_error(browser.delete("/api/health").await, 405, "method_not_allowed").await;
}

async fn state_changes_need_the_app_header(app: TestApp) {
    let plain = reqwest::Client::new();
    let response = plain
        .post(format!("{}/api/session", app.base))
        .json(&json!({"employee_no": "M001", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_error(response, 403, "csrf_rejected").await;
    // Reads need no header.
    assert_eq!(
        plain
            .get(format!("{}/api/health", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

async fn cross_site_requests_are_refused(app: TestApp) {
    let plain = reqwest::Client::new();
    let body = json!({"employee_no": "M001", "password": DEMO_PASSWORD});
    let evil_origin = plain
        .post(format!("{}/api/session", app.base))
        .header("x-requested-with", "bellhop")
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(evil_origin, 403, "csrf_rejected").await;
    let cross_site = plain
        .post(format!("{}/api/session", app.base))
        .header("x-requested-with", "bellhop")
        .header("sec-fetch-site", "cross-site")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(cross_site, 403, "csrf_rejected").await;
    let host = app.base.trim_start_matches("http://");
    let same_origin = plain
        .post(format!("{}/api/session", app.base))
        .header("x-requested-with", "bellhop")
        .header("origin", format!("http://{host}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 200);
}

async fn a_database_failure_is_a_500_that_leaks_nothing(app: TestApp) {
    let staff = app.signed_in("F101").await;
    sqlx::query("ALTER TABLE rooms RENAME TO rooms_gone")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let response = staff.get("/api/rooms").await;
    assert!(response.headers().contains_key("x-request-id"));
    let body = assert_error(response, 500, "internal").await;
    let text = body.to_string().to_lowercase();
    for leak in ["rooms", "table", "sql", "select"] {
        assert!(!text.contains(leak), "500 body mentions {leak}: {text}");
    }
    assert_eq!(
        staff.get("/api/property").await.status(),
        200,
        "other routes keep working"
    );
}

async fn health_reports_the_database(app: TestApp) {
    let health: Health = app.browser().get_ok("/api/health").await;
    assert_eq!(health.status, "ok");
    assert!(health.database.reachable);
    assert_eq!(health.database.backend, app.state.db.backend.name());
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

async fn hostile_input_does_not_stop_the_server(app: TestApp) {
    let browser = app.browser();
    let nasty = [
        json!({"employee_no": "' OR 1=1 --", "password": "x' OR '1'='1"}),
        json!({"employee_no": "\u{0000}\u{FFFF}", "pin": "1234"}),
        json!({"employee_no": "A".repeat(10_000), "password": "p".repeat(100_000)}),
        json!({"employee_no": 42, "password": null}),
        json!([1, 2, 3]),
    ];
    for body in nasty {
        let status = browser.post("/api/session", body).await.status().as_u16();
        assert!((400..500).contains(&status), "hostile sign-in gave {status}");
    }
    let deep = "[".repeat(10_000);
    let response = browser
        .client
        .post(format!("{}/api/session", app.base))
        .header("x-requested-with", "bellhop")
        .header("content-type", "application/json")
        .body(deep)
        .send()
        .await
        .unwrap();
    // serde_json stops at its recursion limit, which axum reports as a data error.
    let status = response.status().as_u16();
    assert!(status == 400 || status == 422, "deep nesting gave {status}");
    assert_eq!(browser.get("/api/health").await.status(), 200);
}

/// A client that keeps no cookies and shows redirects instead of following them.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn signed_out_pages_send_the_browser_to_sign_in(app: TestApp) {
    let client = no_redirects();
    let cases = [
        ("/tasks/board", "/signin?next=%2Ftasks%2Fboard"),
        (
            "/tasks?dept=housekeeping",
            "/signin?next=%2Ftasks%3Fdept%3Dhousekeeping",
        ),
        ("/", "/signin"),
        ("/index.html", "/signin?next=%2Findex.html"),
        ("//evil.example/x", "/signin"),
    ];
    for (path, target) in cases {
        let response = client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(response.headers()["location"], target, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
    }
    // A cookie the server never issued is no session either.
    let forged = client
        .get(format!("{}/tasks/board", app.base))
        .header("cookie", "bellhop_session=made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 303);
}

async fn signed_in_pages_load_the_portal(app: TestApp) {
    let browser = app.signed_in("S201").await;
    for path in ["/tasks/board", "/tasks/42", "/"] {
        let page = browser.get(path).await;
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.url().path(), path, "{path} is answered in place");
        assert_eq!(page.headers()["cache-control"], "no-cache");
        assert!(page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(page.text().await.unwrap().contains("<title>Bellhop</title>"), "{path}");
    }
    // The page too goes out as the build's brotli copy when the browser takes it.
    std::fs::write(app.static_dir.join("index.html.br"), b"brotli page").unwrap();
    let page = browser
        .client
        .get(format!("{}/tasks/board", app.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["content-encoding"], "br");
    assert_eq!(page.bytes().await.unwrap().as_ref(), b"brotli page");
}

async fn each_section_loads_its_own_app(app: TestApp) {
    for (dir, title) in [
        ("audits-app", "Bellhop audits"),
        ("audit-templates-app", "Bellhop audit templates"),
        ("training-library-app", "Bellhop training library"),
        ("rooms-app", "Bellhop rooms"),
    ] {
        std::fs::create_dir_all(app.static_dir.join(dir)).unwrap();
        std::fs::write(
            app.static_dir.join(dir).join("index.html"),
            format!("<title>{title}</title>"),
        )
        .unwrap();
    }
    let browser = app.signed_in("M001").await;
    for (path, title) in [
        ("/audits", "Bellhop audits"),
        ("/audits/0123", "Bellhop audits"),
        ("/audits/templates/new", "Bellhop audit templates"),
        ("/training/quizzes/1", "Bellhop training library"),
        ("/rooms/mine", "Bellhop rooms"),
        ("/tasks/board", "Bellhop"),
        ("/nowhere", "Bellhop"),
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.url().path(), path, "{path} is answered in place");
        let text = page.text().await.unwrap();
        assert!(text.contains(&format!("<title>{title}</title>")), "{path}: {text}");
    }
}

async fn an_ended_session_counts_as_signed_out(app: TestApp) {
    let browser = app.signed_in("S201").await;
    app.advance(std::time::Duration::from_secs(31 * 60));
    let page = browser.get("/tasks/board").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.url().path(), "/signin");
    assert_eq!(page.url().query(), Some("next=%2Ftasks%2Fboard"));
    assert!(page.text().await.unwrap().contains("<title>Bellhop sign-in</title>"));

    // Ended on the server (e.g. the person was deactivated): the cookie stays, the
    // session does not.
    let browser = app.signed_in("S201").await;
    assert_eq!(browser.get("/tasks/board").await.url().path(), "/tasks/board");
    sqlx::query("DELETE FROM sessions")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(browser.get("/tasks/board").await.url().path(), "/signin");
}

mod static_files {
    use crate::common::*;

    #[tokio::test]
    async fn deep_links_load_the_app_and_assets_cache_by_hash() {
        let app = spawn_app(Backend::Sqlite).await;
        let client = reqwest::Client::new();
        let deep = app.signed_in("M001").await.get("/tasks/42").await;
        assert_eq!(deep.status(), 200);
        assert_eq!(deep.headers()["cache-control"], "no-cache");
        assert!(deep.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(deep.text().await.unwrap().contains("<title>Bellhop</title>"));
        // (`/enroll` is the first-run app's: `app_pages` follows every such address.)
        for path in ["/signin", "/signin?notice=idle", "/signin?next=%2Ftasks%2Fboard"] {
            let page = client.get(format!("{}{path}", app.base)).send().await.unwrap();
            assert_eq!(page.status(), 200);
            assert_eq!(page.headers()["cache-control"], "no-cache");
            assert!(
                page.text().await.unwrap().contains("<title>Bellhop sign-in</title>"),
                "{path}"
            );
        }

        let wasm = client
            .get(format!("{}/bellhop-0123456789abcdef_bg.wasm", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(wasm.status(), 200);
        assert_eq!(wasm.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(wasm.headers()["vary"], "accept-encoding");

        let api = client.get(format!("{}/api/health", app.base)).send().await.unwrap();
        assert_eq!(api.headers()["cache-control"], "no-store");
    }

    #[tokio::test]
    async fn files_go_out_as_the_builds_compressed_copy_the_browser_accepts() {
        let app = spawn_app(Backend::Sqlite).await;
        let file = "bellhop-0123456789abcdef.js";
        let raw = "console.log('bellhop');\n".repeat(2000);
        std::fs::write(app.static_dir.join(file), &raw).unwrap();
        // Stand-ins, so the test sees which copy went out (and that none is made anew).
        std::fs::write(app.static_dir.join(format!("{file}.br")), b"brotli copy").unwrap();
        std::fs::write(app.static_dir.join(format!("{file}.gz")), b"gzip copy").unwrap();
        let signin = app.static_dir.join(bellhop_server::spa::SIGNIN_APP_DIR);
        std::fs::write(signin.join("index.html.br"), b"brotli sign-in").unwrap();
        let client = reqwest::Client::new();
        let get = |path: &str, accept: &'static str| {
            client
                .get(format!("{}{path}", app.base))
                .header("accept-encoding", accept)
                .send()
        };

        for (accept, encoding, body) in [
            ("br", Some("br"), "brotli copy"),
            ("gzip, deflate, br", Some("br"), "brotli copy"),
            ("gzip", Some("gzip"), "gzip copy"),
            ("identity", None, raw.as_str()),
        ] {
            let response = get(&format!("/{file}"), accept).await.unwrap();
            assert_eq!(response.status(), 200, "{accept}");
            let headers = response.headers().clone();
            assert_eq!(
                headers.get("content-encoding").map(|v| v.to_str().unwrap()),
                encoding,
                "{accept}"
            );
            assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
            assert_eq!(headers["vary"], "accept-encoding", "{accept}");
            assert_eq!(headers.get_all("vary").iter().count(), 1, "{accept}");
            assert!(headers["content-type"].to_str().unwrap().contains("javascript"));
            assert_eq!(response.text().await.unwrap(), body, "{accept}");
        }

        let page = get("/signin", "br").await.unwrap();
        assert_eq!(page.headers()["content-encoding"], "br");
        assert_eq!(page.headers()["cache-control"], "no-cache");
        assert_eq!(page.text().await.unwrap(), "brotli sign-in");
    }

    #[tokio::test]
    async fn responses_are_compressed_when_the_browser_accepts_it() {
        let app = spawn_app(Backend::Sqlite).await;
        std::fs::write(
            app.static_dir.join("big-0123456789abcdef.js"),
            "console.log('bellhop');\n".repeat(2000),
        )
        .unwrap();
        let client = reqwest::Client::new();
        for encoding in ["gzip", "br"] {
            let response = client
                .get(format!("{}/big-0123456789abcdef.js", app.base))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(response.headers()["content-encoding"], encoding);
            assert!(response.bytes().await.unwrap().len() < 5000);
        }
    }
}
