//! The sign-in app: the sign-in page, the first thing a device loads.

fn main() {
    bellhop::start_signin();
}
