//! The first-run set-up app: a new server's hotel and first admin (`/setup`). Apart
//! from the sign-in app, which every device loads, because it is used once.

fn main() {
    bellhop::start_setup();
}
