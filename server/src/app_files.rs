//! Where the built app's files come from: a folder (`BELLHOP_STATIC_DIR`), or, in a
//! build with the `embed-app` feature, the server binary itself — so one file is all a
//! hotel copies. `spa.rs` decides what to serve and serves both sources the same way;
//! this module only finds a file by its path.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::config::Config;

#[derive(Clone, Debug)]
pub enum AppFiles {
    Dir(PathBuf),
    /// Built in from `BELLHOP_EMBED_DIR` at compile time (default `../dist`, see build.rs).
    #[cfg(feature = "embed-app")]
    Embedded,
}

/// A file's bytes, and an entity tag that changes whenever they do.
pub struct AppFile {
    pub bytes: Cow<'static, [u8]>,
    pub etag: String,
}

#[cfg(feature = "embed-app")]
#[derive(rust_embed::RustEmbed)]
#[folder = "$BELLHOP_EMBED_DIR"]
struct Built;

impl AppFiles {
    /// The folder when one is set, else the app built into the server.
    pub fn from_config(config: &Config) -> AppFiles {
        match &config.static_dir {
            Some(dir) => AppFiles::Dir(dir.clone()),
            #[cfg(feature = "embed-app")]
            None => AppFiles::Embedded,
            #[cfg(not(feature = "embed-app"))]
            None => AppFiles::Dir(PathBuf::from("dist")),
        }
    }

    /// The file at `path`, relative and `/`-separated (`signin-app/index.html`); `None`
    /// for a missing file, a folder, or a path that would leave the app's files.
    pub fn read(&self, path: &str) -> Option<AppFile> {
        if !is_plain_relative(path) {
            return None;
        }
        match self {
            AppFiles::Dir(dir) => {
                let file = dir.join(path);
                let meta = std::fs::metadata(&file).ok().filter(std::fs::Metadata::is_file)?;
                let bytes = std::fs::read(&file).ok()?;
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                Some(AppFile {
                    etag: format!("\"{:x}-{modified:x}\"", bytes.len()),
                    bytes: Cow::Owned(bytes),
                })
            }
            #[cfg(feature = "embed-app")]
            AppFiles::Embedded => {
                use base64::Engine;
                let file = Built::get(path)?;
                let hash = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(file.metadata.sha256_hash());
                Some(AppFile {
                    etag: format!("\"{hash}\""),
                    bytes: file.data,
                })
            }
        }
    }

    /// [`AppFiles::read`] off the async threads: a folder is read from disk.
    pub async fn load(&self, path: String) -> Option<AppFile> {
        match self {
            AppFiles::Dir(_) => {
                let files = self.clone();
                tokio::task::spawn_blocking(move || files.read(&path)).await.ok()?
            }
            #[cfg(feature = "embed-app")]
            AppFiles::Embedded => self.read(&path),
        }
    }
}

/// Plain names joined by `/`: no `..`, no `.`, no empty part, no backslash.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|part| !matches!(part, "" | "." | "..") && !part.contains(['\\', '\0']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_inside_the_app_are_read() {
        let dir = std::env::temp_dir().join(format!("bellhop-files-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("signin-app")).unwrap();
        std::fs::write(dir.join("signin-app/index.html"), "sign in").unwrap();
        let files = AppFiles::Dir(dir.clone());
        assert_eq!(files.read("signin-app/index.html").unwrap().bytes.as_ref(), b"sign in");
        assert!(files.read("signin-app").is_none(), "a folder is no file");
        assert!(files.read("signin-app/../signin-app/index.html").is_none());
        assert!(files.read("/etc/passwd").is_none());
        assert!(files.read("missing.js").is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
