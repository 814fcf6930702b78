//! Signing in and enrolling a tablet: the sign-in app's two pages.

pub mod api;
mod enroll;
mod sign_in;

pub use enroll::EnrollPage;
pub use sign_in::SignInPage;
