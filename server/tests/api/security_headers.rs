//! The security headers on every kind of answer: API, API error, page and file; the
//! Content-Security-Policy allows exactly the built pages' inline boot scripts; HSTS
//! only behind https.

use base64::Engine;
use reqwest::header::HeaderMap;
use sha2::{Digest, Sha256};

use crate::common::*;

on_both_databases!(every_answer_carries_the_security_headers);

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// The directive `name` of a policy, e.g. `script-src 'self' …`.
fn directive<'a>(csp: &'a str, name: &str) -> &'a str {
    csp.split(';')
        .map(str::trim)
        .find(|d| d.split(' ').next() == Some(name))
        .unwrap_or_else(|| panic!("no {name} in {csp}"))
}

fn assert_secured(what: &str, headers: &HeaderMap) {
    let csp = header(headers, "content-security-policy");
    let scripts = directive(csp, "script-src");
    assert!(
        scripts.starts_with("script-src 'self' 'wasm-unsafe-eval'"),
        "{what}: {scripts}"
    );
    assert!(
        !scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"),
        "{what}: {scripts}"
    );
    assert_eq!(directive(csp, "connect-src"), "connect-src 'self'", "{what}");
    assert_eq!(directive(csp, "img-src"), "img-src 'self' blob: data:", "{what}");
    assert_eq!(directive(csp, "frame-ancestors"), "frame-ancestors 'none'", "{what}");
    assert_eq!(directive(csp, "base-uri"), "base-uri 'none'", "{what}");
    assert_eq!(directive(csp, "object-src"), "object-src 'none'", "{what}");
    assert_eq!(directive(csp, "default-src"), "default-src 'self'", "{what}");
    assert_eq!(header(headers, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(headers, "x-frame-options"), "DENY", "{what}");
    assert_eq!(header(headers, "referrer-policy"), "same-origin", "{what}");
    let permissions = header(headers, "permissions-policy");
    for feature in permissions.split(", ") {
        let (name, allow) = feature.split_once('=').unwrap();
        let expected = if name == "camera" { "(self)" } else { "()" };
        assert_eq!(
            allow, expected,
            "{what}: only the camera, for the portal itself: {permissions}"
        );
    }
    assert!(permissions.contains("camera=(self)"), "{what}: {permissions}");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "{what}: no HSTS over plain http"
    );
}

async fn every_answer_carries_the_security_headers(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let answers = [
        ("an API answer", manager.get("/api/tasks/mine").await, 200),
        ("an API error", manager.get("/api/no-such-thing").await, 404),
        ("a refusal", app.browser().get("/api/tasks/mine").await, 401),
        ("a page", app.browser().get("/tasks/42").await, 200),
        ("the sign-in page", app.browser().get("/signin").await, 200),
        (
            "a file",
            app.browser().get("/bellhop-0123456789abcdef_bg.wasm").await,
            200,
        ),
    ];
    for (what, response, status) in answers {
        assert_eq!(response.status(), status, "{what}");
        assert_secured(what, response.headers());
    }
}

/// A built page as Trunk writes it: one inline module script that boots the wasm.
const BOOT: &str = "import init from '/bellhop-0123456789abcdef.js';\nawait init();";

fn sha256(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

mod built_pages {
    use super::*;

    #[tokio::test]
    async fn the_policy_allows_the_pages_boot_scripts_by_hash() {
        let signin_boot = BOOT.replace("bellhop-", "signin-app/bellhop-signin-");
        let audits_boot = BOOT.replace("bellhop-", "audits-app/bellhop-audits-");
        let signin_page =
            format!("<!doctype html><title>Bellhop sign-in</title><script type=module>{signin_boot}</script>");
        let app = spawn_app_with(Backend::Sqlite, |config| {
            let dir = config.static_dir.as_ref().unwrap();
            let portal = format!("<!doctype html><title>Bellhop</title><script type=module>{BOOT}</script>");
            std::fs::write(dir.join("index.html"), portal).unwrap();
            let audits = format!("<!doctype html><title>Bellhop</title><script type=module>{audits_boot}</script>");
            std::fs::create_dir_all(dir.join("audits-app")).unwrap();
            std::fs::write(dir.join("audits-app").join("index.html"), audits).unwrap();
            let signin = dir.join(bellhop_server::spa::SIGNIN_APP_DIR).join("index.html");
            std::fs::write(signin, &signin_page).unwrap();
        })
        .await;
        let page = app.browser().get("/tasks").await;
        let csp = header(page.headers(), "content-security-policy").to_owned();
        assert_eq!(
            directive(&csp, "script-src"),
            format!(
                "script-src 'self' 'wasm-unsafe-eval' 'sha256-{}' 'sha256-{}' 'sha256-{}'",
                sha256(BOOT),
                sha256(&audits_boot),
                sha256(&signin_boot)
            )
        );
    }

    #[tokio::test]
    async fn hsts_is_sent_only_behind_https() {
        let app = spawn_app_with(Backend::Sqlite, |config| config.secure_cookies = true).await;
        for path in ["/api/health", "/signin"] {
            let response = app.browser().get(path).await;
            assert_eq!(
                header(response.headers(), "strict-transport-security"),
                "max-age=31536000"
            );
        }
    }
}
