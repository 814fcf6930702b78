//! With the `embed-app` feature the built app is compiled into the server, from the
//! folder named by BELLHOP_EMBED_DIR at build time (relative to server/), by default the
//! workspace's `dist/` that `build_app` writes.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=BELLHOP_EMBED_DIR");
    if std::env::var_os("CARGO_FEATURE_EMBED_APP").is_none() {
        return;
    }
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("BELLHOP_EMBED_DIR").map_or_else(|| manifest.join("../dist"), |d| manifest.join(d));
    assert!(
        dir.join("index.html").is_file(),
        "the embed-app feature needs the built app: no index.html in {} (build it, or set BELLHOP_EMBED_DIR)",
        dir.display()
    );
    println!("cargo:rustc-env=BELLHOP_EMBED_DIR={}", dir.display());
    // A new build of the app changes the folder; the server is then built again.
    println!("cargo:rerun-if-changed={}", dir.display());
}
