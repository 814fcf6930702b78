//! The sign-in app: sign-in and tablet enrollment, the first thing a device loads.

fn main() {
    bellhop::start_signin();
}
