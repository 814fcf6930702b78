//! The security headers every answer carries — pages, files and API alike — set once as
//! a layer in `app.rs`.
//!
//! The Content-Security-Policy lets scripts come only from the server itself, plus the
//! one inline module script by which each of Trunk's pages boots its wasm: those are
//! allowed by their SHA-256, read from the built pages when the server starts (a
//! rebuild needs a restart). `'wasm-unsafe-eval'` lets the wasm compile; nothing may
//! `eval`. Photos show as `blob:` and `data:` images; style attributes (progress bars)
//! are allowed, `<style>` elements are not. No page may frame the portal.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue};
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::app_files::AppFiles;
use crate::config::Config;
use crate::spa::app_pages;

/// The headers to add, built once at start.
#[derive(Clone)]
pub struct SecurityHeaders(Arc<Vec<(HeaderName, HeaderValue)>>);

impl SecurityHeaders {
    pub fn new(config: &Config) -> SecurityHeaders {
        let mut hashes = Vec::new();
        let files = AppFiles::from_config(config);
        // The pages whose inline scripts the policy allows.
        for page in app_pages() {
            // A missing page (an API-only start) has nothing to allow.
            if let Some(html) = files
                .read(&page)
                .and_then(|f| String::from_utf8(f.bytes.into_owned()).ok())
            {
                hashes.extend(inline_script_hashes(&html));
            }
        }
        let mut headers = vec![
            ("content-security-policy", content_security_policy(&hashes)),
            ("x-content-type-options", "nosniff".to_owned()),
            ("x-frame-options", "DENY".to_owned()),
            // Not `no-referrer`: under it a browser sends `Origin: null` on the app's own
            // POSTs, which the CSRF check would refuse. Other sites learn nothing.
            ("referrer-policy", "same-origin".to_owned()),
            // The camera for audit photos; nothing else a page could ask for.
            (
                "permissions-policy",
                "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), midi=(), display-capture=()"
                    .to_owned(),
            ),
        ];
        if config.secure_cookies {
            headers.push(("strict-transport-security", "max-age=31536000".to_owned()));
        }
        SecurityHeaders(Arc::new(
            headers
                .into_iter()
                .filter_map(|(name, value)| Some((HeaderName::from_static(name), HeaderValue::from_str(&value).ok()?)))
                .collect(),
        ))
    }
}

/// Layer function: adds the headers to every answer.
pub async fn apply(State(headers): State<SecurityHeaders>, mut response: Response) -> Response {
    for (name, value) in headers.0.iter() {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}

fn content_security_policy(script_hashes: &[String]) -> String {
    let scripts: String = script_hashes.iter().map(|h| format!(" 'sha256-{h}'")).collect();
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'self' 'wasm-unsafe-eval'{scripts}"),
        "style-src 'self'".to_owned(),
        "style-src-attr 'unsafe-inline'".to_owned(),
        "img-src 'self' blob: data:".to_owned(),
        "connect-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
    ]
    .join("; ")
}

/// The base64 SHA-256 of each inline `<script>` (one without `src`) in `html`, as CSP
/// hashes them: the exact text between the tags.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let Some(close) = after[open_end..].find("</script") else {
            break;
        };
        let attributes = &after[..open_end];
        let text = &after[open_end + 1..open_end + close];
        if !attributes.contains("src=") && !text.is_empty() {
            let digest = Sha256::digest(text.as_bytes());
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &after[open_end + close..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_left_out() {
        let html = "<head><script type=module>import init from '/a.js';</script>\
                    <script src=/b.js></script><script>\nx()\n</script></head>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import init from '/a.js';"));
        assert_eq!(hashes[0], expected);
        assert_eq!(inline_script_hashes("<p>no scripts</p>"), Vec::<String>::new());
    }

    #[test]
    fn the_policy_allows_exactly_the_hashed_scripts() {
        let csp = content_security_policy(&["abc=".to_owned()]);
        let scripts = csp.split("; ").find(|d| d.starts_with("script-src ")).unwrap();
        assert_eq!(scripts, "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='");
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
