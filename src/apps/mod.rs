//! The sign-in app and the portal's section apps, and the full page loads that hand
//! over from one to the other.

pub mod portal;
pub mod routes;
pub mod signin;

use crate::paths::{self, Screen};
use crate::session::Notice;

/// Leaves for the sign-in app: `notice` says why to the next person; `next` is a page
/// opened without a session, to come back to after sign-in.
pub fn to_signin(notice: Option<Notice>, next: Option<&str>) {
    let mut url = paths::SIGN_IN.to_owned();
    let mut params = Vec::new();
    if let Some(notice) = notice {
        params.push(format!("notice={}", notice.code()));
    }
    if let Some(next) = next.filter(|n| is_app_path(n) && *n != "/") {
        params.push(format!("next={}", js_sys::encode_uri_component(next)));
    }
    if !params.is_empty() {
        url = format!("{url}?{}", params.join("&"));
    }
    replace_location(&url);
}

/// Leaves for the portal at `path` (an app path; anything else goes to Tasks).
pub fn to_portal(path: &str) {
    if is_app_path(path) {
        replace_location(path);
    } else {
        replace_location(&Screen::Tasks.href());
    }
}

/// A path on this site: not another site's address (`//host`, `https:`). Browsers drop
/// tabs and line breaks from an address and read `\` as `/`, so a path holding any of
/// them (`/\t/host`) could still lead away: it does not count.
pub fn is_app_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control())
}

/// The address in the address bar, path and query.
pub fn current_address() -> String {
    let location = leptos::prelude::window().location();
    location.pathname().unwrap_or_default() + &location.search().unwrap_or_default()
}

fn replace_location(url: &str) {
    let _ = leptos::prelude::window().location().replace(url);
}

#[cfg(test)]
mod tests {
    use super::is_app_path;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert!(is_app_path("/tasks/board"));
        assert!(is_app_path("/tasks?dept=housekeeping#top"));
        for other in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " //evil.example",
            "tasks",
            "",
        ] {
            assert!(!is_app_path(other), "{other:?}");
        }
    }
}
