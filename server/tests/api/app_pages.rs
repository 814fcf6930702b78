//! The table of app pages the service worker opens offline (`/app-pages.json`) names, for
//! every address, the page the server itself serves there online.

use serde::Deserialize;

use crate::common::*;

on_both_databases!(the_offline_table_picks_the_page_the_server_serves);

#[derive(Deserialize)]
struct AppPages {
    pages: Vec<AppPage>,
    otherwise: String,
}

#[derive(Deserialize)]
struct AppPage {
    prefix: String,
    page: String,
}

impl AppPages {
    /// The service worker's rule: the longest prefix that is the path or a whole leading
    /// part of it.
    fn page_of(&self, path: &str) -> &str {
        self.pages
            .iter()
            .filter(|p| path == p.prefix || path.starts_with(&format!("{}/", p.prefix)))
            .max_by_key(|p| p.prefix.len())
            .map_or(&self.otherwise, |p| &p.page)
    }
}

async fn the_offline_table_picks_the_page_the_server_serves(app: TestApp) {
    // Every app's page names its app, as each built page names its own files.
    let mut dirs = vec![String::new(), "signin-app".to_owned(), "setup-app".to_owned()];
    dirs.extend(
        bellhop_api::sections::Section::ALL
            .iter()
            .map(|s| s.app_dir().to_owned())
            .filter(|d| !d.is_empty()),
    );
    for dir in &dirs {
        let folder = app.static_dir.join(dir);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("index.html"), format!("<title>page of /{dir}</title>")).unwrap();
    }

    // Anyone may read it: the worker keeps it at install, before or after sign-in.
    let table = app.browser().get("/app-pages.json").await;
    assert_eq!(table.status(), 200);
    let table: AppPages = table.json().await.unwrap();

    let signed_in = app.signed_in("M001").await;
    for path in [
        "/",
        "/tasks",
        "/tasks/board",
        "/tasksboard",
        "/audits/0123",
        "/audits/templates",
        "/audits/templates/new",
        "/training",
        "/training/people/1",
        "/training/quizzes/1",
        "/training/plans",
        "/star/2026-11",
        "/admin/rooms",
        "/rooms",
        "/rooms/assignments",
        "/roomsx",
        "/nowhere/at/all",
    ] {
        let served = signed_in.get(path).await;
        assert_eq!(served.url().path(), path, "{path} is answered in place");
        let expected = table.page_of(path);
        let dir = expected
            .trim_start_matches('/')
            .trim_end_matches("index.html")
            .trim_end_matches('/');
        assert_eq!(
            served.text().await.unwrap(),
            format!("<title>page of /{dir}</title>"),
            "{path}: the table says {expected}"
        );
    }

    // The sign-in and first-run apps' addresses, as a signed-out browser meets them.
    let signed_out = app.browser();
    for (path, dir) in [
        ("/signin", "signin-app"),
        ("/enroll", "setup-app"),
        ("/setup", "setup-app"),
        ("/signin/code", "setup-app"),
    ] {
        assert_eq!(table.page_of(path), format!("/{dir}/index.html"), "{path}");
        let served = signed_out.get(path).await;
        assert_eq!(served.url().path(), path);
        assert_eq!(
            served.text().await.unwrap(),
            format!("<title>page of /{dir}</title>"),
            "{path}"
        );
    }
}
