//! Signing in: the sign-in app's page.

use bellhop_api::FieldReason;

use crate::i18n::{td_string, Locale};

pub mod api;
mod sign_in;

pub use sign_in::SignInPage;

/// The sign-in app's words for the field reasons of its own forms (its
/// [`Reasons`](crate::i18n::Reasons)).
pub fn reasons(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    match reason {
        FieldReason::PinFormat => Some(td_string!(locale, field.pin_format)),
        FieldReason::EmployeeNoFormat => Some(td_string!(locale, field.employee_no_format)),
        _ => None,
    }
}
