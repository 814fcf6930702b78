//! Signing in, enrolling a tablet and choosing one's secret with a set-up code: the
//! sign-in app's pages.

pub mod api;
mod enroll;
mod sign_in;

pub use enroll::EnrollPage;
pub use sign_in::SignInPage;
