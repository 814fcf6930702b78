//! The portal: the signed-in shell and its pages (see `lib.rs`).

fn main() {
    bellhop::start_portal();
}
