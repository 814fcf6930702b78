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
//! field reasons), which the server sends as codes and never as text. Field reasons
//! beyond the common ones are worded by the app that meets them ([`Reasons`]).

// The `load_locales!` macro is deprecated in favour of a build script; it still works
// and keeps the configuration in Cargo.toml ([package.metadata.leptos-i18n]).
#![allow(deprecated)]

leptos_i18n::load_locales!();

use std::fmt::{Display, Write as _};

use chrono::{DateTime, Utc};

use bellhop_api::people::{Department, Language, Role};
use bellhop_api::tasks::{
    ChecklistCode, ComplaintCategory, ComplaintChannel, FollowUpLevel, TaskAction, TaskEventKind, TaskStatus,
};
use bellhop_api::{ErrorCode, FieldReason};
use leptos::prelude::*;
use leptos_i18n::Locale as _;

pub use self::i18n::{td_string, Locale};

/// A translated text as a `Signal<String>` that follows the language:
/// `tr!(i18n, staff.title)`. Each key becomes a plain `fn(Locale) -> &str`, so the
/// hundreds of call sites share one signal type instead of one closure type each
/// (first-load size).
macro_rules! tr {
    ($i18n:expr, $($key:ident).+) => {
        $crate::i18n::translated($i18n, |locale| $crate::i18n::td_string!(locale, $($key).+))
    };
}
pub(crate) use tr;

/// The signal behind [`tr!`].
pub fn translated(i18n: I18n, text: fn(Locale) -> &'static str) -> Signal<String> {
    Signal::derive(move || text(i18n.get_locale()).to_owned())
}

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

/// Replaces each `{name}` in `text` by its value; other braces stay as written. One
/// pass that looks for `{` alone, so no substring search is compiled in.
pub fn fill(text: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| (close, v))
        });
        match value {
            Some((close, value)) => {
                let _ = write!(out, "{value}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
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

    /// The language now, without following it (for views drawn again as a whole when
    /// it changes).
    pub fn locale_now(self) -> Locale {
        self.locale.get_untracked()
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
        HotelRequired => td_string!(locale, error.hotel_required),
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

/// The words an app has for the field reasons its own forms can meet, beyond the ones
/// any form can (`None` for the rest). Each app provides its own at its top, so that it
/// carries the translations of its own reasons and no other app's.
#[derive(Clone, Copy)]
pub struct Reasons(pub fn(Locale, FieldReason) -> Option<&'static str>);

impl Reasons {
    pub fn provide(self) {
        provide_context(self);
    }
}

/// For an app whose forms meet only the reasons any form can.
pub fn no_reasons(_: Locale, _: FieldReason) -> Option<&'static str> {
    None
}

/// A field's reason (from `bellhop_api::validate` or the server) as a sentence: the
/// app's own words for it ([`Reasons`]), else those any form needs, else "not valid".
pub fn field_text(locale: Locale, reason: FieldReason) -> &'static str {
    if let Some(text) = use_context::<Reasons>().and_then(|own| (own.0)(locale, reason)) {
        return text;
    }
    use FieldReason::*;
    match reason {
        Required => td_string!(locale, field.required),
        TooLong => td_string!(locale, field.too_long),
        ControlCharacters => td_string!(locale, field.control_characters),
        NulCharacter => td_string!(locale, field.nul_character),
        NotUtf8 => td_string!(locale, field.not_utf8),
        OutOfRange => td_string!(locale, field.out_of_range),
        NotANumber => td_string!(locale, field.not_a_number),
        _ => td_string!(locale, field.invalid),
    }
}

/// The reasons of forms about people, their secrets and the hotel's settings (admin,
/// first run).
pub fn people_reason(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    use FieldReason::*;
    Some(match reason {
        PinFormat => td_string!(locale, field.pin_format),
        PasswordTooShort => td_string!(locale, field.password_too_short),
        EmployeeNoFormat => td_string!(locale, field.employee_no_format),
        CodeFormat => td_string!(locale, field.code_format),
        SecretRequired => td_string!(locale, field.secret_required),
        PinNotAllowed => td_string!(locale, field.pin_not_allowed),
        PinsDiffer => td_string!(locale, field.pins_differ),
        WrongCode => td_string!(locale, field.wrong_code),
        Used => td_string!(locale, field.used),
        Expired => td_string!(locale, field.expired),
        Taken => td_string!(locale, field.taken),
        UnknownRole => td_string!(locale, field.unknown_role),
        UnknownLanguage => td_string!(locale, field.unknown_language),
        UnknownDepartment => td_string!(locale, field.unknown_department),
        RetiredDepartment => td_string!(locale, field.retired_department),
        UnknownTimeZone => td_string!(locale, field.unknown_time_zone),
        NotADate => td_string!(locale, field.not_a_date),
        _ => return None,
    })
}

/// `2026-11-27 14:05` on the hotel's clock ([`crate::clock`]); today's times are only
/// `14:05`.
pub fn short_time(t: DateTime<Utc>) -> String {
    let at = crate::clock::at(t);
    if at.date() == crate::clock::now().date() {
        return at.time();
    }
    format!("{} {}", at.date(), at.time())
}

/// `2026-11` as "November 2026" / "2026年11月", through JS `Intl` in `locale`.
pub fn month_label(locale: Locale, month: &str) -> String {
    let mut parts = month.splitn(2, '-').map(|p| p.parse::<u32>().unwrap_or(1));
    let (year, month_no) = (parts.next().unwrap_or(2000), parts.next().unwrap_or(1));
    let date = js_sys::Date::new_with_year_month_day(year, month_no.saturating_sub(1) as i32, 15);
    local_date_text(locale, &date, &[("year", "numeric"), ("month", "long")])
}

/// The calendar day of `t` on the hotel's calendar ("30 November"), in `locale`.
pub fn day_label(locale: Locale, t: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&(t.timestamp_millis() as f64).into());
    let zone = crate::clock::time_zone();
    let mut options = vec![("month", "long"), ("day", "numeric")];
    if let Some(zone) = zone.as_deref() {
        options.push(("timeZone", zone));
    }
    local_date_text(locale, &date, &options)
}

fn local_date_text(locale: Locale, date: &js_sys::Date, options: &[(&str, &str)]) -> String {
    let opts = js_sys::Object::new();
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&opts, &(*key).into(), &(*value).into());
    }
    date.to_locale_date_string(locale.as_str(), &opts).into()
}

// ---- tasks ----

pub fn status_name(locale: Locale, status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::New => td_string!(locale, status.new),
        TaskStatus::Accepted => td_string!(locale, status.accepted),
        TaskStatus::InProgress => td_string!(locale, status.in_progress),
        TaskStatus::Paused => td_string!(locale, status.paused),
        TaskStatus::Done => td_string!(locale, status.done),
        TaskStatus::Verified => td_string!(locale, status.verified),
        TaskStatus::Cancelled => td_string!(locale, status.cancelled),
    }
}

/// The label of an action's button.
pub fn action_name(locale: Locale, action: TaskAction) -> &'static str {
    match action {
        TaskAction::Accept => td_string!(locale, action.accept),
        TaskAction::Start => td_string!(locale, action.start),
        TaskAction::Pause => td_string!(locale, action.pause),
        TaskAction::Resume => td_string!(locale, action.resume),
        TaskAction::Done => td_string!(locale, action.done),
        TaskAction::Verify => td_string!(locale, action.verify),
        TaskAction::Reopen => td_string!(locale, action.reopen),
        TaskAction::Cancel => td_string!(locale, action.cancel),
    }
}

/// Built-in task types are translated by code; the property's own show their name.
pub fn type_name(locale: Locale, code: &str, name: Option<&str>) -> String {
    let builtin = match code {
        "room_request" => td_string!(locale, task_type.room_request),
        "repair" => td_string!(locale, task_type.repair),
        "cleaning" => td_string!(locale, task_type.cleaning),
        "inspection" => td_string!(locale, task_type.inspection),
        "complaint" => td_string!(locale, task_type.complaint),
        "other" => td_string!(locale, task_type.other),
        _ => return name.unwrap_or(code).to_owned(),
    };
    builtin.to_owned()
}

/// "Urgent" … "Lowest" for priority 1 … 5.
pub fn priority_name(locale: Locale, priority: u8) -> &'static str {
    match priority {
        1 => td_string!(locale, priority.p1),
        2 => td_string!(locale, priority.p2),
        3 => td_string!(locale, priority.p3),
        4 => td_string!(locale, priority.p4),
        _ => td_string!(locale, priority.p5),
    }
}

pub fn follow_up_name(locale: Locale, level: FollowUpLevel) -> &'static str {
    match level {
        FollowUpLevel::GuestContacted => td_string!(locale, follow_up.guest_contacted),
        FollowUpLevel::DepartmentReview => td_string!(locale, follow_up.department_review),
        FollowUpLevel::ManagerSpotCheck => td_string!(locale, follow_up.manager_spot_check),
    }
}

pub const CHANNELS: [ComplaintChannel; 5] = [
    ComplaintChannel::Phone,
    ComplaintChannel::Email,
    ComplaintChannel::FrontDesk,
    ComplaintChannel::OnlineReview,
    ComplaintChannel::Other,
];

pub fn channel_name(locale: Locale, channel: ComplaintChannel) -> &'static str {
    match channel {
        ComplaintChannel::Phone => td_string!(locale, channel.phone),
        ComplaintChannel::Email => td_string!(locale, channel.email),
        ComplaintChannel::FrontDesk => td_string!(locale, channel.front_desk),
        ComplaintChannel::OnlineReview => td_string!(locale, channel.online_review),
        ComplaintChannel::Other => td_string!(locale, channel.other),
    }
}

pub const CATEGORIES: [ComplaintCategory; 6] = [
    ComplaintCategory::ServiceAttitude,
    ComplaintCategory::FacilityFault,
    ComplaintCategory::Cleanliness,
    ComplaintCategory::Noise,
    ComplaintCategory::FoodBeverage,
    ComplaintCategory::Other,
];

pub fn category_name(locale: Locale, category: ComplaintCategory) -> &'static str {
    match category {
        ComplaintCategory::ServiceAttitude => td_string!(locale, category.service_attitude),
        ComplaintCategory::FacilityFault => td_string!(locale, category.facility_fault),
        ComplaintCategory::Cleanliness => td_string!(locale, category.cleanliness),
        ComplaintCategory::Noise => td_string!(locale, category.noise),
        ComplaintCategory::FoodBeverage => td_string!(locale, category.food_beverage),
        ComplaintCategory::Other => td_string!(locale, category.other),
    }
}

/// What a history entry's `kind` means: an action, or one of the other changes.
pub fn history_kind(locale: Locale, kind: TaskEventKind) -> &'static str {
    match kind {
        TaskEventKind::Created => td_string!(locale, history.created),
        TaskEventKind::Action(action) => action_name(locale, action),
        TaskEventKind::Assigned => td_string!(locale, history.assigned),
        TaskEventKind::HandedOff => td_string!(locale, history.handed_off),
        TaskEventKind::Checklist => td_string!(locale, history.checklist),
        TaskEventKind::Escalated => td_string!(locale, history.escalated),
        TaskEventKind::FollowUp => td_string!(locale, history.follow_up),
    }
}

/// A checklist line: a built-in one in the screen's language by its code, a property's
/// own as written.
pub fn checklist_label(locale: Locale, code: Option<ChecklistCode>, label: &str) -> String {
    let Some(code) = code else {
        return label.to_owned();
    };
    match code {
        ChecklistCode::MakeBeds => td_string!(locale, checklist.make_beds),
        ChecklistCode::Bathroom => td_string!(locale, checklist.bathroom),
        ChecklistCode::Restock => td_string!(locale, checklist.restock),
        ChecklistCode::Vacuum => td_string!(locale, checklist.vacuum),
        ChecklistCode::FinalLook => td_string!(locale, checklist.final_look),
        ChecklistCode::Minibar => td_string!(locale, checklist.minibar),
        ChecklistCode::Damage => td_string!(locale, checklist.damage),
        ChecklistCode::Released => td_string!(locale, checklist.released),
    }
    .to_owned()
}

/// A span of minutes: "12 min", "2 h 5 min", "3 d 4 h".
pub fn minutes_text(locale: Locale, mins: i64) -> String {
    let mins = mins.max(0);
    let (d, h, m) = (mins / 1440, mins / 60 % 24, mins % 60);
    if d > 0 {
        fill(td_string!(locale, time.d_h), &[("d", &d), ("h", &h)])
    } else if h > 0 {
        fill(td_string!(locale, time.h_min), &[("h", &h), ("m", &m)])
    } else {
        fill(td_string!(locale, time.min), &[("m", &m)])
    }
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_each_placeholder_and_leaves_other_braces() {
        assert_eq!(fill("{h} h {m} min", &[("h", &2), ("m", &5)]), "2 h 5 min");
        assert_eq!(fill("{name}：{name}", &[("name", &"Ana")]), "Ana：Ana");
        assert_eq!(fill("{unknown} {n", &[("n", &1)]), "{unknown} {n");
        // A value is put in as it is, never filled in turn.
        assert_eq!(fill("{a}{b}", &[("a", &"{b}"), ("b", &"x")]), "{b}x");
    }
}
