//! Staff imported from a file, and the one-time set-up codes with which each imported
//! person chooses their own PIN or password: nobody shares a default secret.
//!
//! The staff file has one header line, `employee_no,name,role,department,hire_date,language`,
//! then one person per row: `role` is `staff`, `auditor`, `supervisor`, `manager` or
//! `admin`; `department` a department code (`housekeeping`) or empty; `hire_date`
//! `YYYY-MM-DD` or empty for the day of the import; `language` `en`, `zh-Hant`,
//! `zh-Hans` or empty for the hotel's default.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::csv_reader::{self, Record};
use crate::error::RowError;
use crate::people::{Language, Role};
use crate::reason::FieldReason;
use crate::validate::{self, FieldErrors};

pub const CSV_HEADER: [&str; 6] = ["employee_no", "name", "role", "department", "hire_date", "language"];

/// The most people one file may hold.
pub const IMPORT_MAX_ROWS: usize = 2000;

/// Days a set-up code stays usable.
pub const SETUP_CODE_DAYS: i64 = 7;

/// One person of a staff file, checked on its own (the server checks what needs the
/// database: the department and whether the number is taken).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffImportRow {
    pub row: u32,
    pub employee_no: String,
    pub display_name: String,
    pub role: Role,
    /// A department code, if any.
    pub department: Option<String>,
    pub hired_on: Option<NaiveDate>,
    pub language: Option<Language>,
}

/// A set-up code handed to a person, shown once: only its digest is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupCodeIssued {
    pub staff_id: Uuid,
    pub employee_no: String,
    pub display_name: String,
    /// Typed with the employee number on the "Set up my account" screen.
    pub setup_code: String,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub expires_at: DateTime<Utc>,
}

/// The people an import created, each with their code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffImported {
    pub created: Vec<SetupCodeIssued>,
}

/// A person chooses their secret with their set-up code: floor roles a PIN (and may
/// add a password for use off the tablets), managers and admins a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetupCodeRedeem {
    pub employee_no: String,
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::pin_or_null))]
    pub pin: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::password_or_null))]
    pub password: Option<String>,
}

/// The secrets' own format, before anyone is looked up.
pub fn redeem_format(req: &SetupCodeRedeem) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if let Some(Err(reason)) = req.pin.as_deref().map(validate::pin) {
        errors.insert("pin".into(), reason);
    }
    if let Some(Err(reason)) = req.password.as_deref().map(validate::password) {
        errors.insert("password".into(), reason);
    }
    errors.is_empty().then_some(()).ok_or(errors)
}

/// Which secrets `role` must and may choose.
pub fn redeem_for_role(req: &SetupCodeRedeem, role: Role) -> Result<(), FieldErrors> {
    let refused = if role.may_use_pin() {
        req.pin.is_none().then_some(("pin", FieldReason::SecretRequired))
    } else if req.pin.is_some() {
        Some(("pin", FieldReason::PinNotAllowed))
    } else {
        req.password
            .is_none()
            .then_some(("password", FieldReason::SecretRequired))
    };
    match refused {
        Some((field, reason)) => Err(FieldErrors::from([(field.to_owned(), reason)])),
        None => Ok(()),
    }
}

/// The people of a staff file, each row checked; a number twice in the file is a
/// problem of the later row. One problem means nobody.
pub fn read_csv(text: &str) -> Result<Vec<StaffImportRow>, Vec<RowError>> {
    let records = csv_reader::records(text, &CSV_HEADER, IMPORT_MAX_ROWS)?;
    let mut errors = Vec::new();
    let mut people = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for record in &records {
        match parse_row(record) {
            Ok(person) if !seen.insert(person.employee_no.clone()) => {
                errors.push(RowError::new(record.row, "employee_no", FieldReason::DuplicateInFile));
            }
            Ok(person) => people.push(person),
            Err(mut row_errors) => errors.append(&mut row_errors),
        }
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(errors)
    }
}

fn parse_row(record: &Record) -> Result<StaffImportRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut problem = |field: &str, reason: FieldReason| errors.push(RowError::new(record.row, field, reason));
    let employee_no = record.cell(0);
    if let Err(reason) = validate::employee_no(employee_no) {
        problem("employee_no", reason);
    }
    let name = record.cell(1);
    if let Err(reason) = validate::display_name(name) {
        problem("name", reason);
    }
    let role = Role::parse(record.cell(2));
    if role.is_none() {
        problem("role", FieldReason::UnknownRole);
    }
    let department = Some(record.cell(3)).filter(|code| !code.is_empty());
    if let Some(Err(reason)) = department.map(validate::code) {
        problem("department", reason);
    }
    let hired_on = match record.cell(4) {
        "" => None,
        day => match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(day) => {
                if let Err(reason) = validate::hire_date(day) {
                    problem("hire_date", reason);
                }
                Some(day)
            }
            Err(_) => {
                problem("hire_date", FieldReason::NotADate);
                None
            }
        },
    };
    let language = match record.cell(5) {
        "" => None,
        tag => {
            let language = Language::parse(tag);
            if language.is_none() {
                problem("language", FieldReason::UnknownLanguage);
            }
            language
        }
    };
    match role {
        Some(role) if errors.is_empty() => Ok(StaffImportRow {
            row: record.row,
            employee_no: employee_no.to_owned(),
            display_name: name.to_owned(),
            role,
            department: department.map(str::to_owned),
            hired_on,
            language,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bad_cell_is_named_by_row_and_column() {
        let text = "employee_no,name,role,department,hire_date,language\n\
                    H900,Ann Lee,staff,housekeeping,2026-01-05,zh-Hant\n\
                    H901,Bo,chef,housekeeping,,\n\
                    H 902,,staff,,2026-02-30,fr\n\
                    H900,Ann Again,staff,,,\n\
                    M900,Cy,manager,,,\n";
        assert_eq!(
            read_csv(text).unwrap_err(),
            [
                RowError::new(3, "role", FieldReason::UnknownRole),
                RowError::new(4, "employee_no", FieldReason::EmployeeNoFormat),
                RowError::new(4, "name", FieldReason::Required),
                RowError::new(4, "hire_date", FieldReason::NotADate),
                RowError::new(4, "language", FieldReason::UnknownLanguage),
                RowError::new(5, "employee_no", FieldReason::DuplicateInFile),
            ]
        );
    }

    #[test]
    fn a_good_file_reads_with_its_defaults_left_open() {
        let text = "employee_no,name,role,department,hire_date,language\nM900,Cy Ho,manager,,,\n";
        let people = read_csv(text).unwrap();
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].role, Role::Manager);
        assert_eq!(
            (people[0].department.as_deref(), people[0].hired_on, people[0].language),
            (None, None, None)
        );
    }

    #[test]
    fn floor_roles_choose_a_pin_and_managers_a_password() {
        let req = |pin: Option<&str>, password: Option<&str>| SetupCodeRedeem {
            employee_no: "H900".into(),
            code: "X".into(),
            pin: pin.map(str::to_owned),
            password: password.map(str::to_owned),
        };
        assert!(redeem_for_role(&req(Some("2468"), None), Role::Staff).is_ok());
        assert!(redeem_for_role(&req(None, Some("long enough")), Role::Staff).is_err());
        assert!(redeem_for_role(&req(None, Some("long enough")), Role::Manager).is_ok());
        assert_eq!(
            redeem_for_role(&req(Some("2468"), Some("long enough")), Role::Admin).unwrap_err()["pin"],
            FieldReason::PinNotAllowed
        );
        assert_eq!(
            redeem_format(&req(Some("12"), None)).unwrap_err()["pin"],
            FieldReason::PinFormat
        );
    }
}
