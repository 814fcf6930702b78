//! The translation layer: every visible string comes from locales/*.json. leptos_i18n
//! compiles those files into the binary and checks each key at compile time
//! (`td_string!`); the language itself is a signal of this module, so none of
//! leptos_i18n's run-time context (browser-locale matching, cookie) is shipped.
//!
//! Placeholders are written `{name}` and filled by [`fill`] (the `trf!` macro).
//!
//! Also here: the mapping between the API's [`Language`] and the generated
//! [`Locale`], the one thing the app keeps in localStorage (the language chosen on the
//! sign-in screen), and translations of the API's codes (errors, roles, departments,
//! field reasons), which the server sends as codes and never as text.

// The `load_locales!` macro is deprecated in favour of a build script; it still works
// and keeps the configuration in Cargo.toml ([package.metadata.leptos-i18n]).
#![allow(deprecated)]

leptos_i18n::load_locales!();

use std::fmt::Display;

use bellhop_api::people::{Department, Language, Role};
use bellhop_api::ErrorCode;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

pub use self::i18n::{td_string, Locale};

/// A translated text as a `Signal<String>` that follows the language:
/// `tr!(i18n, staff.title)`.
macro_rules! tr {
    ($i18n:expr, $($key:ident).+) => {{
        let i18n = $i18n;
        ::leptos::prelude::Signal::derive(move || {
            ::std::string::ToString::to_string($crate::i18n::td_string!(i18n.get_locale(), $($key).+))
        })
    }};
}
pub(crate) use tr;

/// Like `tr!`, with `{placeholders}` filled: `trf!(i18n, staff.created, name = name)`.
/// The values are read inside the signal, so they may be captured by move.
macro_rules! trf {
    ($i18n:expr, $($key:ident).+, $($var:ident = $val:expr),+ $(,)?) => {{
        let i18n = $i18n;
        ::leptos::prelude::Signal::derive(move || {
            $crate::i18n::fill(
                $crate::i18n::td_string!(i18n.get_locale(), $($key).+),
                &[$((stringify!($var), &$val as &dyn ::std::fmt::Display)),+],
            )
        })
    }};
}
pub(crate) use trf;

/// Replaces each `{name}` in `text` by its value.
pub fn fill(text: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = text.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// The screen's language, provided as context at the top of the app.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// Starts in the device's language and keeps `<html lang>` in step.
    pub fn provide() -> I18n {
        let i18n = I18n {
            locale: RwSignal::new(locale_of(device_language())),
        };
        Effect::new(move |_| {
            let tag = i18n.locale.get().as_str();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", tag);
            }
        });
        provide_context(i18n);
        i18n
    }

    pub fn get_locale(self) -> Locale {
        self.locale.get()
    }

    pub fn set_locale(self, locale: Locale) {
        self.locale.set(locale);
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

use crate::api::ApiError;

/// The localStorage key of the sign-in screen's language: no person's data.
const LANG_KEY: &str = "bellhop.lang";

pub fn locale_of(lang: Language) -> Locale {
    Locale::get_all()
        .iter()
        .copied()
        .find(|l| l.as_str() == lang.tag())
        .unwrap_or_default()
}

pub fn language_of(locale: Locale) -> Language {
    Language::parse(locale.as_str()).unwrap_or_default()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The language for the sign-in screen: the one picked there before, else the
/// browser's, else English.
pub fn device_language() -> Language {
    let stored = local_storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|tag| Language::parse(&tag));
    stored
        .or_else(|| {
            web_sys::window()?
                .navigator()
                .language()
                .and_then(|tag| Language::from_browser_tag(&tag))
        })
        .unwrap_or_default()
}

/// Remembers the sign-in screen's language for this device.
pub fn remember_device_language(lang: Language) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
}

pub fn role_name(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Staff => td_string!(locale, role.staff),
        Role::Auditor => td_string!(locale, role.auditor),
        Role::Supervisor => td_string!(locale, role.supervisor),
        Role::Manager => td_string!(locale, role.manager),
        Role::Admin => td_string!(locale, role.admin),
    }
}

/// Built-in departments are translated by code; custom ones show the name the
/// property gave them.
pub fn department_name(locale: Locale, dept: &Department) -> String {
    let builtin = match dept.code.as_str() {
        "front_office" => td_string!(locale, dept.front_office),
        "housekeeping" => td_string!(locale, dept.housekeeping),
        "engineering" => td_string!(locale, dept.engineering),
        "food_beverage" => td_string!(locale, dept.food_beverage),
        _ => return dept.name.clone(),
    };
    builtin.to_owned()
}

pub fn error_code_text(locale: Locale, code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        MalformedRequest => td_string!(locale, error.malformed_request),
        Unauthenticated => td_string!(locale, error.unauthenticated),
        InvalidCredentials => td_string!(locale, error.invalid_credentials),
        Forbidden => td_string!(locale, error.forbidden),
        CsrfRejected => td_string!(locale, error.csrf_rejected),
        DeviceNotEnrolled => td_string!(locale, error.device_not_enrolled),
        NotFound => td_string!(locale, error.not_found),
        MethodNotAllowed => td_string!(locale, error.method_not_allowed),
        Conflict => td_string!(locale, error.conflict),
        PayloadTooLarge => td_string!(locale, error.payload_too_large),
        UnsupportedMediaType => td_string!(locale, error.unsupported_media_type),
        Invalid => td_string!(locale, error.invalid),
        TooManyAttempts => td_string!(locale, error.too_many_attempts),
        Internal => td_string!(locale, error.internal),
        Unavailable => td_string!(locale, error.unavailable),
    }
}

/// The sentence for a failed call, in the screen's language. (A lockout with its
/// minutes is worded by `ErrorNotice`, which can interpolate.)
pub fn error_text(locale: Locale, err: &ApiError) -> &'static str {
    match err.code() {
        Some(code) => error_code_text(locale, code),
        None => td_string!(locale, error.network),
    }
}

/// A field's reason code (from `bellhop_api::validate` or the server) as a sentence.
pub fn field_text(locale: Locale, reason: &str) -> &'static str {
    match reason {
        "pin_format" => td_string!(locale, field.pin_format),
        "password_too_short" => td_string!(locale, field.password_too_short),
        "too_long" => td_string!(locale, field.too_long),
        "employee_no_format" => td_string!(locale, field.employee_no_format),
        "required" => td_string!(locale, field.required),
        "control_characters" => td_string!(locale, field.control_characters),
        "code_format" => td_string!(locale, field.code_format),
        "secret_required" => td_string!(locale, field.secret_required),
        _ => td_string!(locale, field.invalid),
    }
}
