//! Test harness: the real server on a free port over a fresh database, SQLite or
//! PostgreSQL, with a clock the test can move, and cookie-keeping "browsers".
//!
//! Tests speak the wire contract through the `bellhop_api` types: `get_ok`, `post_ok`,
//! `post_created`… send a request type and decode the answer into its response type,
//! and `refused` decodes an error into [`ErrorBody`]. Raw JSON (`json!`, `Value`) is
//! kept for tests about the wire itself: malformed bodies, unknown fields, exact shapes.
// Each feature module uses a different part of the harness.
#![allow(dead_code, unused_imports)]

use std::path::PathBuf;
use std::time::Duration;

use bellhop_api::admin_events::{AdminEvent, AdminEventKind};
use bellhop_api::live::LiveEvent;
use bellhop_api::session::{DeviceEnroll, SignIn};
use bellhop_api::tasks::TaskCreate;
use bellhop_api::training::{Quiz, Selection};
use bellhop_api::{ErrorBody, ErrorCode, Page};
use bellhop_server::app::{self, AppState};
use bellhop_server::clock::Clock;
use bellhop_server::config::Config;
use bellhop_server::jobs;
use bellhop_server::seed;
use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use sqlx::Connection;

pub use bellhop_server::seed::{DEMO_PASSWORD, DEMO_PIN, DEMO_TABLET_CODE};

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub clock: Clock,
    pub state: AppState,
    pub static_dir: PathBuf,
    /// The one-time code an empty server prints at start.
    pub setup_code: Option<String>,
    _dir: tempfile::TempDir,
}

/// Runs each listed `async fn(TestApp)` once on SQLite and once on PostgreSQL, started
/// by `spawn_app` (the demo hotel) or by the harness function named after `with`.
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        on_both_databases!(with spawn_app: $($name),*);
    };
    (with $spawn:ident: $($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::common::$spawn($crate::common::Backend::Sqlite).await).await } )*
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::common::$spawn($crate::common::Backend::Postgres).await).await } )*
        }
    };
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Starts the server as a real hotel's first start: an empty database, no demo, and a
/// one-time set-up code (in `setup_code`).
pub async fn spawn_empty_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |config| config.seed_demo = false).await
}

/// Starts the server with the demo hotel seeded (unless `adjust` turns `seed_demo`
/// off); `adjust` may change the config first.
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let static_dir = dir.path().join("dist");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::fs::write(static_dir.join("index.html"), "<!doctype html><title>Bellhop</title>").unwrap();
    std::fs::write(static_dir.join("bellhop-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    let signin_dir = static_dir.join(bellhop_server::spa::SIGNIN_APP_DIR);
    std::fs::create_dir_all(&signin_dir).unwrap();
    std::fs::write(
        signin_dir.join("index.html"),
        "<!doctype html><title>Bellhop sign-in</title>",
    )
    .unwrap();
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("bellhop.db").display()),
        Backend::Postgres => fresh_postgres_database().await,
    };
    let mut config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url,
        static_dir: Some(static_dir.clone()),
        // Cheap hashing keeps the suite quick; production uses the default cost.
        hash_memory_kib: 1024,
        ..Config::default()
    };
    adjust(&mut config);
    serve(config, dir).await
}

/// Serves the portal with `config` (static files in `dir`), seeding the demo hotel if the
/// database is empty and the config asks for it, as the server's start does.
async fn serve(config: Config, dir: tempfile::TempDir) -> TestApp {
    let static_dir = config.static_dir.clone().expect("a test serves its own files");
    let clock = Clock::default();
    let state = AppState::connect(config.clone(), clock.clone())
        .await
        .expect("connect to the test database");
    if config.seed_demo {
        seed::seed_demo_if_empty(&state).await.expect("seed the demo hotel");
    }
    let setup_code = state.setup_code.arm(&state.db.pool).await.expect("arm the set-up code");
    let listener = tokio::net::TcpListener::bind(config.bind).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = app::router(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    TestApp {
        base,
        clock,
        state,
        static_dir,
        setup_code,
        _dir: dir,
    }
}

/// A new, empty database on the test PostgreSQL server (see scripts/test.sh).
async fn fresh_postgres_database() -> String {
    let admin_url = std::env::var("BELLHOP_TEST_POSTGRES_URL")
        .expect("BELLHOP_TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts PostgreSQL and sets it");
    sqlx::any::install_default_drivers();
    let name = format!("bellhop_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::AnyConnection::connect(&admin_url)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
    format!("{base}/{name}")
}

impl TestApp {
    /// Another copy of the server over the same database, as a chain runs them.
    pub async fn second_server(&self) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config {
            static_dir: Some(self.static_dir.clone()),
            ..self.state.config.as_ref().clone()
        };
        serve(config, dir).await
    }

    /// A browser with its own cookie jar.
    pub fn browser(&self) -> Browser {
        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        Browser {
            client,
            base: self.base.clone(),
        }
    }

    /// A browser signed in with a password.
    pub async fn signed_in(&self, employee_no: &str) -> Browser {
        let browser = self.browser();
        let response = browser.sign_in_password(employee_no, DEMO_PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "sign-in of {employee_no}");
        browser
    }

    /// A browser signed in with a password to the hotel `property_id`, for a number
    /// used in several hotels of a chain.
    pub async fn signed_in_at(&self, employee_no: &str, property_id: uuid::Uuid) -> Browser {
        let browser = self.browser();
        let sign_in = SignIn {
            employee_no: employee_no.to_owned(),
            pin: None,
            password: Some(DEMO_PASSWORD.to_owned()),
            property_id: Some(property_id),
        };
        let response = browser.post("/api/session", &sign_in).await;
        assert_eq!(response.status(), StatusCode::OK, "sign-in of {employee_no}");
        browser
    }

    /// A browser enrolled as the demo tablet.
    pub async fn tablet(&self) -> Browser {
        let browser = self.browser();
        let enroll = DeviceEnroll {
            code: DEMO_TABLET_CODE.to_owned(),
        };
        let response = browser.post("/api/devices/enroll", &enroll).await;
        assert_eq!(response.status(), StatusCode::OK, "enroll the demo tablet");
        browser
    }

    /// Moves the clock, then runs the clock's passes as the server's timer would have on
    /// the way (the timer itself does not run here; escalation is left to the tests that
    /// count its steps). Needs the multi-thread runtime `on_both_databases!` gives.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
        tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(jobs::catch_up(&self.state)))
            .expect("the clock's passes");
    }

    /// Moves the clock just past the demo hotel's next midnight when less than `span`
    /// is left before it, so that writes spread over `span` all fall on one of the
    /// hotel's days (reports count per day and per month).
    pub fn clear_of_midnight(&self, span: Duration) {
        let local = self
            .clock
            .now()
            .with_timezone(&chrono_tz::Asia::Hong_Kong)
            .naive_local();
        let after_midnight = (local.date() + chrono::Days::new(1))
            .and_hms_opt(0, 5, 0)
            .expect("a time");
        let left = (after_midnight - local).to_std().expect("midnight is ahead");
        if left < span {
            self.advance(left);
        }
    }

    /// Runs raw SQL on the test's database, as a bad hand edit would.
    pub async fn exec(&self, sql: &str, binds: &[&str]) {
        let mut query = sqlx::query(sql);
        for value in binds {
            query = query.bind(*value);
        }
        query.execute(&self.state.db.pool).await.unwrap();
    }

    /// The id of a demo staff member.
    pub async fn staff_id(&self, employee_no: &str) -> String {
        let (id,): (String,) = sqlx::query_as("SELECT id FROM staff WHERE employee_no = $1")
            .bind(employee_no)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
        id
    }

    /// The id of a demo staff member, as the api types carry it.
    pub async fn staff_uuid(&self, employee_no: &str) -> uuid::Uuid {
        uuid(self.staff_id(employee_no).await)
    }

    /// The id of one of the demo hotel's departments, by code.
    pub async fn department_id(&self, code: &str) -> String {
        let (id,): (String,) = sqlx::query_as("SELECT id FROM departments WHERE code = $1 LIMIT 1")
            .bind(code)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
        id
    }

    /// The trail's entries of `kind`, oldest first, as an admin reads them.
    pub async fn admin_events(&self, admin: &Browser, kind: AdminEventKind) -> Vec<AdminEvent> {
        let path = format!("/api/admin-events?kind={}&limit=200", wire(&kind));
        let mut page: Page<AdminEvent> = admin.get_ok(&path).await;
        page.items.reverse();
        page.items
    }

    /// A second hotel in the same database, for checks that one hotel never reaches
    /// another's records; returns its id.
    pub async fn another_hotel(&self) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO properties (id, name, time_zone, created_at) VALUES ($1, 'Peak Lodge', 'Asia/Taipei', 0)",
        )
        .bind(&id)
        .execute(&self.state.db.pool)
        .await
        .unwrap();
        id
    }
}

pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

impl Browser {
    /// Sends a request as the app does: JSON body and the CSRF header.
    pub async fn send(&self, method: Method, path: &str, body: Option<&(impl Serialize + ?Sized)>) -> Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("x-requested-with", "bellhop");
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request reaches the server")
    }
    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None::<&()>).await
    }
    /// Posts `body`: a request type of the api crate, or raw `json!` for a test of the
    /// wire itself.
    pub async fn post(&self, path: &str, body: impl Serialize) -> Response {
        self.send(Method::POST, path, Some(&body)).await
    }
    pub async fn put(&self, path: &str, body: impl Serialize) -> Response {
        self.send(Method::PUT, path, Some(&body)).await
    }
    pub async fn patch(&self, path: &str, body: impl Serialize) -> Response {
        self.send(Method::PATCH, path, Some(&body)).await
    }
    pub async fn delete(&self, path: &str) -> Response {
        self.send(Method::DELETE, path, None::<&()>).await
    }

    /// `GET path`, answered 200 with a `T`.
    pub async fn get_ok<T: DeserializeOwned>(&self, path: &str) -> T {
        decoded(self.get(path).await, 200).await
    }
    /// `POST path` with `body`, answered 200 with a `T`.
    pub async fn post_ok<T: DeserializeOwned>(&self, path: &str, body: &(impl Serialize + ?Sized)) -> T {
        decoded(self.send(Method::POST, path, Some(body)).await, 200).await
    }
    /// `POST path` with `body`, answered 201 Created with a `T`.
    pub async fn post_created<T: DeserializeOwned>(&self, path: &str, body: &(impl Serialize + ?Sized)) -> T {
        decoded(self.send(Method::POST, path, Some(body)).await, 201).await
    }
    /// `PUT path` with `body`, answered 200 with a `T`.
    pub async fn put_ok<T: DeserializeOwned>(&self, path: &str, body: &(impl Serialize + ?Sized)) -> T {
        decoded(self.send(Method::PUT, path, Some(body)).await, 200).await
    }
    /// `PATCH path` with `body`, answered 200 with a `T`.
    pub async fn patch_ok<T: DeserializeOwned>(&self, path: &str, body: &(impl Serialize + ?Sized)) -> T {
        decoded(self.send(Method::PATCH, path, Some(body)).await, 200).await
    }
    /// `POST path` with `body`, refused with `code`; the error body.
    pub async fn post_refused(&self, path: &str, body: &(impl Serialize + ?Sized), code: ErrorCode) -> ErrorBody {
        refused(self.send(Method::POST, path, Some(body)).await, code).await
    }
    /// `PUT path` with `body`, refused with `code`; the error body.
    pub async fn put_refused(&self, path: &str, body: &(impl Serialize + ?Sized), code: ErrorCode) -> ErrorBody {
        refused(self.send(Method::PUT, path, Some(body)).await, code).await
    }
    /// `PATCH path` with `body`, refused with `code`; the error body.
    pub async fn patch_refused(&self, path: &str, body: &(impl Serialize + ?Sized), code: ErrorCode) -> ErrorBody {
        refused(self.send(Method::PATCH, path, Some(body)).await, code).await
    }
    /// `GET path`, refused with `code`; the error body.
    pub async fn get_refused(&self, path: &str, code: ErrorCode) -> ErrorBody {
        refused(self.get(path).await, code).await
    }
    /// Uploads a file as the imports take it: raw bytes of `content_type`.
    pub async fn post_file(&self, path: &str, content_type: &str, body: impl Into<reqwest::Body>) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("x-requested-with", "bellhop")
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request reaches the server")
    }
    pub async fn post_csv(&self, path: &str, text: &str) -> Response {
        self.post_file(path, "text/csv", text.to_owned()).await
    }
    pub async fn sign_in_password(&self, employee_no: &str, password: &str) -> Response {
        let sign_in = SignIn {
            employee_no: employee_no.to_owned(),
            pin: None,
            password: Some(password.to_owned()),
            property_id: None,
        };
        self.post("/api/session", &sign_in).await
    }
    pub async fn sign_in_pin(&self, employee_no: &str, pin: &str) -> Response {
        let sign_in = SignIn {
            employee_no: employee_no.to_owned(),
            pin: Some(pin.to_owned()),
            password: None,
            property_id: None,
        };
        self.post("/api/session", &sign_in).await
    }
}

/// The one text `sql` finds for `key`, such as an id by code.
pub async fn lookup(app: &TestApp, sql: &str, key: &str) -> String {
    let (id,): (String,) = sqlx::query_as(sql)
        .bind(key)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    id
}

/// Asserts that `response` is `status` and decodes its body into `T`, the api type the
/// route answers with.
pub async fn decoded<T: DeserializeOwned>(response: Response, status: u16) -> T {
    let actual = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "status; body: {text}");
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("body is a {}: {e}; body: {text}", std::any::type_name::<T>()))
}

/// Asserts that `response` is the documented refusal `code`: its status, a JSON error
/// body with that code and a message; returns the body to check its field reasons.
pub async fn refused(response: Response, code: ErrorCode) -> ErrorBody {
    let body = assert_error(response, code.status(), code.code()).await;
    let body: ErrorBody =
        serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("an error body: {e}; body: {body}"));
    assert_eq!(body.error, code);
    body
}

/// Field reasons as an error body carries them, for comparing a whole set.
pub fn reasons(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, bellhop_api::FieldReason> {
    pairs
        .iter()
        .map(|(field, code)| {
            let reason = bellhop_api::FieldReason::from_code(code);
            assert_eq!(reason.code(), *code, "{code} is a reason the API gives");
            ((*field).to_owned(), reason)
        })
        .collect()
}

/// A task of type `type_id` called `title`, filed as the quickest form files one:
/// priority 3, no room or place, no department or person named; change the rest with
/// `TaskCreate { .., ..filing(type_id, title) }`.
pub fn filing(type_id: uuid::Uuid, title: impl Into<String>) -> TaskCreate {
    TaskCreate {
        id: uuid::Uuid::new_v4(),
        type_id,
        title: title.into(),
        details: String::new(),
        room_id: None,
        location: None,
        department_id: None,
        priority: 3,
        assignee_id: None,
        guest_facing: false,
        vip: false,
        complaint: None,
    }
}

/// A quiz of these questions in this order, with the rules a new quiz starts from;
/// change the rest with `Quiz { .., ..fixed_quiz(..) }`.
pub fn fixed_quiz(title: impl Into<String>, question_ids: Vec<uuid::Uuid>) -> Quiz {
    Quiz::new(uuid::Uuid::new_v4(), title, Selection::Fixed { question_ids })
}

/// `text` read as a UUID, as ids come back from SQL.
pub fn uuid(text: impl AsRef<str>) -> uuid::Uuid {
    let text = text.as_ref();
    text.parse().unwrap_or_else(|_| panic!("a UUID: {text:?}"))
}

/// How `value` is spelt on the wire, such as `"in_progress"` for a status.
pub fn wire(value: &impl Serialize) -> String {
    match serde_json::to_value(value).expect("serialisable") {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// Asserts the status and the error code of an error response, and returns the body.
pub async fn assert_error(response: Response, status: u16, code: &str) -> Value {
    let actual = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "status; body: {text}");
    assert!(
        content_type.starts_with("application/json"),
        "error content type {content_type:?}; body: {text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("error body is JSON: {text}"));
    assert_eq!(body["error"], code, "error code; body: {text}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "error message; body: {text}"
    );
    body
}

/// Asserts the answer to reading a corrupt row: the documented 500, which keeps the
/// cause (the bad `value`) in the server's log.
pub async fn assert_corrupt_row(response: Response, value: &str) {
    let body = assert_error(response, 500, "internal").await;
    assert!(!body.to_string().contains(value), "the cause stays in the log: {body}");
}

/// The text `field` of each item of a JSON list, in order.
pub fn texts<'a>(list: &'a Value, field: &str) -> Vec<&'a str> {
    let items = list.as_array().expect("a JSON list");
    items
        .iter()
        .map(|item| item[field].as_str().expect("a text field"))
        .collect()
}

pub async fn json_of(response: Response, status: u16) -> Value {
    let actual = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(actual, status, "status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("body is JSON: {text}"))
}

/// An open `GET /api/events` stream, read one event at a time.
pub struct Feed {
    stream: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
    /// The id of the last event read, as a browser keeps it (ids without an event too).
    pub last_id: Option<String>,
}

/// One event of a stream: its id, name and data.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    pub id: Option<String>,
    pub name: String,
    pub data: Value,
}

impl Heard {
    /// The event as the api crate reads it off the stream.
    pub fn event(&self) -> LiveEvent {
        LiveEvent::read(&self.name, &self.data.to_string()).unwrap_or_else(|e| panic!("a live event: {e}; {self:?}"))
    }

    /// The event's id as a number.
    pub fn seq(&self) -> i64 {
        self.id
            .as_deref()
            .expect("the event has an id")
            .parse()
            .expect("a numeric id")
    }
}

impl Feed {
    pub async fn open(browser: &Browser) -> Feed {
        Feed::open_at(browser, "/api/events", None).await
    }

    /// Opens `path` as a reconnecting browser does, sending `last_event_id` (if any) as
    /// the `Last-Event-ID` header.
    pub async fn open_at(browser: &Browser, path: &str, last_event_id: Option<&str>) -> Feed {
        let mut request = browser
            .client
            .get(format!("{}{path}", browser.base))
            .header("x-requested-with", "bellhop");
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = request.send().await.expect("request reaches the server");
        assert_eq!(response.status(), StatusCode::OK, "the event stream opens");
        Feed {
            stream: Box::pin(response.bytes_stream()),
            buffer: String::new(),
            last_id: None,
        }
    }

    /// The data of the next event called `name`, passing over others; at most 5 s away.
    pub async fn next(&mut self, name: &str) -> Value {
        loop {
            let heard = self.next_any().await;
            if heard.name == name {
                return heard.data;
            }
        }
    }

    /// The next event of any name (an id alone is noted, not returned); at most 5 s away.
    pub async fn next_any(&mut self) -> Heard {
        self.within(Duration::from_secs(5)).await.expect("an event within 5 s")
    }

    /// The next event, if one comes within `wait`.
    pub async fn within(&mut self, wait: Duration) -> Option<Heard> {
        use futures::StreamExt;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            // An event ends with a blank line.
            while let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                let field = |prefix: &str| event.lines().find_map(|l| l.strip_prefix(prefix).map(str::to_owned));
                let id = field("id: ");
                if id.is_some() {
                    self.last_id = id.clone();
                }
                if let (Some(name), Some(data)) = (field("event: "), field("data: ")) {
                    let data = serde_json::from_str(&data).unwrap_or_else(|_| panic!("event data is JSON: {data}"));
                    return Some(Heard { id, name, data });
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.stream.next()).await.ok()?;
            let chunk = chunk.expect("the stream stays open").expect("the stream reads");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
