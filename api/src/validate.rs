//! Field validation shared by the app (to explain before sending) and the server (to
//! enforce). Each check returns a reason code the app can translate.

use std::collections::BTreeMap;

use crate::people::{DepartmentCreate, DepartmentUpdate, SecretReset, StaffCreate, StaffUpdate};
use crate::property::PropertyUpdate;
use crate::reason::FieldReason;
use crate::session::DeviceCreate;
use crate::setup::SetupRequest;

/// Field name → reason, e.g. `"pin" → FieldReason::PinFormat`.
pub type FieldErrors = BTreeMap<String, FieldReason>;

pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=6;
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const NAME_MAX_CHARS: usize = 80;

/// Text both databases can store. PostgreSQL's text cannot hold the NUL character
/// (SQLite can), so the API refuses it in every body, path and query, on either
/// database alike.
pub fn storable(value: &str) -> Result<(), FieldReason> {
    (!value.contains('\0')).then_some(()).ok_or(FieldReason::NulCharacter)
}

pub fn pin(value: &str) -> Result<(), FieldReason> {
    let ok = PIN_DIGITS.contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(()).ok_or(FieldReason::PinFormat)
}

pub fn password(value: &str) -> Result<(), FieldReason> {
    let chars = value.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(FieldReason::PasswordTooShort);
    }
    (chars <= PASSWORD_MAX_CHARS).then_some(()).ok_or(FieldReason::TooLong)
}

/// Employee numbers: 1–20 letters, digits or dashes, as printed on a staff badge.
pub fn employee_no(value: &str) -> Result<(), FieldReason> {
    let ok = (1..=20).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(()).ok_or(FieldReason::EmployeeNoFormat)
}

/// A name people read: not blank, not too long, no control characters.
pub fn display_name(value: &str) -> Result<(), FieldReason> {
    if value.trim().is_empty() {
        return Err(FieldReason::Required);
    }
    if value.chars().count() > NAME_MAX_CHARS {
        return Err(FieldReason::TooLong);
    }
    (!value.chars().any(char::is_control))
        .then_some(())
        .ok_or(FieldReason::ControlCharacters)
}

/// Department codes: lower-case words joined by underscores.
pub fn code(value: &str) -> Result<(), FieldReason> {
    let ok = (1..=40).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    ok.then_some(()).ok_or(FieldReason::CodeFormat)
}

/// Hire dates: from 1970 (days are counted from it) to 2100.
pub fn hire_date(value: chrono::NaiveDate) -> Result<(), FieldReason> {
    use chrono::Datelike;
    (1970..=2100)
        .contains(&value.year())
        .then_some(())
        .ok_or(FieldReason::OutOfRange)
}

/// Collects failed checks into field errors.
#[derive(Default)]
struct Collector(FieldErrors);

impl Collector {
    fn check(&mut self, field: &str, result: Result<(), FieldReason>) -> &mut Self {
        if let Err(reason) = result {
            self.0.insert(field.to_owned(), reason);
        }
        self
    }
    fn check_opt(&mut self, field: &str, value: Option<&str>, f: fn(&str) -> Result<(), FieldReason>) -> &mut Self {
        if let Some(v) = value {
            self.check(field, f(v));
        }
        self
    }
    fn finish(&mut self) -> Result<(), FieldErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.0))
        }
    }
}

pub fn staff_create(req: &StaffCreate) -> Result<(), FieldErrors> {
    let mut c = Collector::default();
    c.check("employee_no", employee_no(&req.employee_no))
        .check("display_name", display_name(&req.display_name))
        .check_opt("pin", req.pin.as_deref(), pin)
        .check_opt("password", req.password.as_deref(), password);
    if let Some(day) = req.hired_on {
        c.check("hired_on", hire_date(day));
    }
    if req.pin.is_none() && req.password.is_none() {
        c.check("password", Err(FieldReason::SecretRequired));
    }
    c.finish()
}

pub fn staff_update(req: &StaffUpdate) -> Result<(), FieldErrors> {
    let mut c = Collector::default();
    c.check_opt("display_name", req.display_name.as_deref(), display_name);
    if let Some(day) = req.hired_on {
        c.check("hired_on", hire_date(day));
    }
    c.finish()
}

pub fn secret_reset(req: &SecretReset) -> Result<(), FieldErrors> {
    let mut c = Collector::default();
    c.check_opt("pin", req.pin.as_deref(), pin)
        .check_opt("password", req.password.as_deref(), password);
    if req.pin.is_none() && req.password.is_none() {
        c.check("password", Err(FieldReason::SecretRequired));
    }
    c.finish()
}

pub fn device_create(req: &DeviceCreate) -> Result<(), FieldErrors> {
    Collector::default().check("name", display_name(&req.name)).finish()
}

pub fn department_create(req: &DepartmentCreate) -> Result<(), FieldErrors> {
    Collector::default()
        .check("code", code(&req.code))
        .check("name", display_name(&req.name))
        .finish()
}

pub fn department_update(req: &DepartmentUpdate) -> Result<(), FieldErrors> {
    Collector::default()
        .check_opt("name", req.name.as_deref(), display_name)
        .finish()
}

/// The time zone's validity needs the zone database, which only the server carries.
pub fn property_update(req: &PropertyUpdate) -> Result<(), FieldErrors> {
    Collector::default()
        .check_opt("name", req.name.as_deref(), display_name)
        .finish()
}

/// The hotel and its first admin; the time zone is the server's to check (see above).
pub fn setup(req: &SetupRequest) -> Result<(), FieldErrors> {
    Collector::default()
        .check("hotel_name", display_name(&req.hotel_name))
        .check("language", language(&req.language))
        .check("admin_employee_no", employee_no(&req.admin_employee_no))
        .check("admin_name", display_name(&req.admin_name))
        .check("admin_password", password(&req.admin_password))
        .finish()
}

/// A new hotel of the chain; its time zone is the server's to check (see above).
pub fn hotel_create(req: &crate::chain::HotelCreate) -> Result<(), FieldErrors> {
    Collector::default().check("name", display_name(&req.name)).finish()
}

pub fn hotel_update(req: &crate::chain::HotelUpdate) -> Result<(), FieldErrors> {
    Collector::default()
        .check_opt("name", req.name.as_deref(), display_name)
        .finish()
}

/// One of the app's languages by its tag (`en`, `zh-Hant`, `zh-Hans`).
pub fn language(tag: &str) -> Result<(), FieldReason> {
    crate::people::Language::parse(tag)
        .map(|_| ())
        .ok_or(FieldReason::UnknownLanguage)
}

/// The rules above as OpenAPI schemas, for the fields that follow them
/// (`#[schema(schema_with = …)]`), so the document states what the server refuses.
#[cfg(feature = "openapi")]
pub mod schemas {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    use utoipa::openapi::Object;

    /// A name people read: not blank, no control characters (Unicode `Cc`), at most
    /// [`super::NAME_MAX_CHARS`].
    const NAME: &str = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$";

    fn text(nullable: bool) -> ObjectBuilder {
        let types = if nullable {
            SchemaType::from_iter([Type::String, Type::Null])
        } else {
            SchemaType::new(Type::String)
        };
        ObjectBuilder::new().schema_type(types)
    }

    fn name_of(nullable: bool) -> Object {
        text(nullable)
            .pattern(Some(NAME))
            .max_length(Some(super::NAME_MAX_CHARS))
            .build()
    }

    fn pin_of(nullable: bool) -> Object {
        let (min, max) = (super::PIN_DIGITS.start(), super::PIN_DIGITS.end());
        text(nullable).pattern(Some(format!("^[0-9]{{{min},{max}}}$"))).build()
    }

    fn password_of(nullable: bool) -> Object {
        text(nullable)
            .min_length(Some(super::PASSWORD_MIN_CHARS))
            .max_length(Some(super::PASSWORD_MAX_CHARS))
            .build()
    }

    pub fn name() -> Object {
        name_of(false)
    }

    pub fn name_or_null() -> Object {
        name_of(true)
    }

    pub fn pin_or_null() -> Object {
        pin_of(true)
    }

    pub fn password() -> Object {
        password_of(false)
    }

    pub fn password_or_null() -> Object {
        password_of(true)
    }

    /// Text of at most [`super::NAME_MAX_CHARS`], blank allowed (a room type's credits
    /// line, where blank is the hotel's default).
    pub fn short_text() -> Object {
        text(false).max_length(Some(super::NAME_MAX_CHARS)).build()
    }

    /// A room's credits for a kind of clean: 0 to [`crate::room_assignments::CREDITS_MAX`].
    pub fn credits() -> Object {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Integer))
            .minimum(Some(0))
            .maximum(Some(crate::room_assignments::CREDITS_MAX))
            .build()
    }

    /// A minute of the day: 0 to [`crate::notifications::DAY_MINUTES`] − 1.
    pub fn minute_of_day() -> Object {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Integer))
            .minimum(Some(0))
            .maximum(Some(crate::notifications::DAY_MINUTES - 1))
            .build()
    }

    /// See [`crate::pms::webhook_url`]; blank turns the webhook off.
    pub fn webhook_url_or_null() -> Object {
        text(true)
            .pattern(Some(r"^(https?://[^\s\x00-\x1f\x7f-\x9f]+)?$"))
            .max_length(Some(crate::pms::WEBHOOK_URL_MAX_CHARS))
            .build()
    }

    /// See [`crate::pms::SECRET_CHARS`].
    pub fn webhook_secret_or_null() -> Object {
        let chars = crate::pms::SECRET_CHARS;
        text(true)
            .min_length(Some(*chars.start()))
            .max_length(Some(*chars.end()))
            .build()
    }

    /// See [`super::employee_no`].
    pub fn employee_no() -> Object {
        text(false).pattern(Some("^[A-Za-z0-9-]{1,20}$")).build()
    }

    /// See [`super::code`].
    pub fn code() -> Object {
        text(false).pattern(Some("^[a-z0-9_]{1,40}$")).build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_with_nul_cannot_be_stored() {
        assert_eq!(storable("a\0b"), Err(FieldReason::NulCharacter));
        assert_eq!(storable("tab\tand\nnew line, 中文"), Ok(()));
    }

    #[test]
    fn pins_are_four_to_six_digits() {
        assert!(pin("1234").is_ok() && pin("123456").is_ok());
        assert_eq!(pin("123"), Err(FieldReason::PinFormat));
        assert_eq!(pin("1234567"), Err(FieldReason::PinFormat));
        assert_eq!(pin("12a4"), Err(FieldReason::PinFormat));
        assert_eq!(
            pin("１２３４"),
            Err(FieldReason::PinFormat),
            "full-width digits are not digits here"
        );
    }

    #[test]
    fn names_reject_blank_and_control_characters() {
        assert_eq!(display_name("   "), Err(FieldReason::Required));
        assert_eq!(display_name("Ann\u{0}"), Err(FieldReason::ControlCharacters));
        assert!(display_name("陳美玲").is_ok());
    }

    #[test]
    fn staff_create_needs_a_secret() {
        let req = StaffCreate {
            id: uuid::Uuid::nil(),
            employee_no: "H100".into(),
            display_name: "Mei".into(),
            department_id: None,
            role: crate::people::Role::Staff,
            language: Default::default(),
            pin: None,
            password: None,
            hired_on: chrono::NaiveDate::from_ymd_opt(1969, 12, 31),
        };
        let errors = staff_create(&req).unwrap_err();
        assert_eq!(errors.get("password").copied(), Some(FieldReason::SecretRequired));
        assert_eq!(errors.get("hired_on").copied(), Some(FieldReason::OutOfRange));
    }

    proptest! {
        #[test]
        fn any_digit_string_of_valid_length_is_a_pin(s in "[0-9]{4,6}") {
            prop_assert!(pin(&s).is_ok());
        }

        #[test]
        fn nothing_with_a_non_digit_is_a_pin(s in "[0-9]{0,3}[^0-9][0-9]{0,3}") {
            prop_assert!(pin(&s).is_err());
        }
    }
}
