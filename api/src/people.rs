//! Staff accounts, roles, departments and languages.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a person may do; see the roles table in the design notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Staff,
    Auditor,
    Supervisor,
    Manager,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Staff, Role::Auditor, Role::Supervisor, Role::Manager, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Auditor => "auditor",
            Role::Supervisor => "supervisor",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Managers and admins hold property-wide power, so they always sign in with a
    /// password, never with a short PIN.
    pub fn may_use_pin(self) -> bool {
        matches!(self, Role::Staff | Role::Auditor | Role::Supervisor)
    }

    /// Admins only: staff accounts, the hotel's settings and departments.
    pub fn administers(self) -> bool {
        self == Role::Admin
    }

    /// Who may enroll and revoke shared tablets.
    pub fn manages_devices(self) -> bool {
        matches!(self, Role::Manager | Role::Admin)
    }

    /// Managers and admins: everything within the property — every department's
    /// work, the audit forms, quizzes, the star's count. Everyone else works within
    /// their own department.
    pub fn manages_property(self) -> bool {
        matches!(self, Role::Manager | Role::Admin)
    }

    /// Those who run a department (or all of them): the board, assignment, reports.
    pub fn runs_department(self) -> bool {
        matches!(self, Role::Supervisor | Role::Manager | Role::Admin)
    }

    /// Those who work with the audit forms: auditors fill them in, managers write them.
    pub fn audits(self) -> bool {
        matches!(self, Role::Auditor | Role::Manager | Role::Admin)
    }
}

/// The languages of the app. Wire names are BCP 47 tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "zh-Hant")]
    ChineseTraditional,
    #[serde(rename = "zh-Hans")]
    ChineseSimplified,
}

impl Language {
    pub const ALL: [Language; 3] = [
        Language::English,
        Language::ChineseTraditional,
        Language::ChineseSimplified,
    ];

    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::ChineseTraditional => "zh-Hant",
            Language::ChineseSimplified => "zh-Hans",
        }
    }

    /// The language's own name, as a language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::ChineseTraditional => "繁體中文",
            Language::ChineseSimplified => "简体中文",
        }
    }

    pub fn parse(tag: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// Best match for a browser language tag such as `zh-TW`, `zh-CN` or `en-GB`.
    pub fn from_browser_tag(tag: &str) -> Option<Language> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            let simplified = ["zh-hans", "zh-cn", "zh-sg", "zh-my"]
                .iter()
                .any(|p| tag.starts_with(p));
            return Some(if simplified {
                Language::ChineseSimplified
            } else {
                Language::ChineseTraditional
            });
        }
        tag.starts_with("en").then_some(Language::English)
    }
}

/// The four departments every property starts with; custom ones get their own codes.
pub const BUILTIN_DEPARTMENTS: [&str; 4] = ["front_office", "housekeeping", "engineering", "food_beverage"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    pub id: Uuid,
    /// Stable code, e.g. `housekeeping`; the app translates built-in codes.
    pub code: String,
    /// Display name as the property wrote it.
    pub name: String,
    pub builtin: bool,
    /// Retired departments drop out of pickers; tasks already filed keep their name.
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

/// Renames a department or retires it (`active: false`); absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DepartmentUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name_or_null))]
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// `GET /departments`: active departments, or every one for the set-up screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct DepartmentsQuery {
    /// Also list retired departments.
    #[serde(default, skip_serializing_if = "crate::is_false")]
    pub include_retired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DepartmentCreate {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::code))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub name: String,
}

/// An active member of a department, as a supervisor's assignee picker lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Colleague {
    pub id: Uuid,
    pub display_name: String,
    pub role: Role,
}

/// A staff account as the API shows it; secrets never leave the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: Uuid,
    pub employee_no: String,
    pub display_name: String,
    pub department_id: Option<Uuid>,
    pub role: Role,
    pub language: Language,
    pub active: bool,
    pub has_pin: bool,
    pub has_password: bool,
    /// First day with the hotel; onboarding plans and the Service Star count from it.
    pub hired_on: NaiveDate,
}

/// A new account. `id` is made by the client so a retried submission is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffCreate {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::employee_no))]
    pub employee_no: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub display_name: String,
    pub department_id: Option<Uuid>,
    pub role: Role,
    #[serde(default)]
    pub language: Language,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::pin_or_null))]
    pub pin: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::password_or_null))]
    pub password: Option<String>,
    /// Defaults to the day the account is made.
    #[serde(default)]
    pub hired_on: Option<NaiveDate>,
}

/// A partial edit; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name_or_null))]
    pub display_name: Option<String>,
    /// `Some(None)` clears the department; `None` leaves it and is not sent.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
    pub department_id: Option<Option<Uuid>>,
    pub role: Option<Role>,
    pub language: Option<Language>,
    /// `false` deactivates the account and ends its sessions at once.
    pub active: Option<bool>,
    pub hired_on: Option<NaiveDate>,
}

/// Sets a new PIN or password for someone (admin) or for oneself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SecretReset {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::pin_or_null))]
    pub pin: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::password_or_null))]
    pub password: Option<String>,
}

/// The signed-in person's own settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MyPreferences {
    pub language: Language,
}

/// Lets a JSON `null` mean "clear" while an absent field means "leave alone". Use it
/// with `default` and `skip_serializing_if = "Option::is_none"`, so an outer `None` is
/// left out of the body rather than written as `null`, which would clear the field.
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_tags_map_to_languages() {
        assert_eq!(Language::from_browser_tag("zh-TW"), Some(Language::ChineseTraditional));
        assert_eq!(Language::from_browser_tag("zh-HK"), Some(Language::ChineseTraditional));
        assert_eq!(Language::from_browser_tag("zh-CN"), Some(Language::ChineseSimplified));
        assert_eq!(
            Language::from_browser_tag("zh-Hans-SG"),
            Some(Language::ChineseSimplified)
        );
        assert_eq!(Language::from_browser_tag("en-GB"), Some(Language::English));
        assert_eq!(Language::from_browser_tag("fr-FR"), None);
    }

    #[test]
    fn language_wire_names_are_bcp47() {
        for lang in Language::ALL {
            assert_eq!(serde_json::to_string(&lang).unwrap(), format!("\"{}\"", lang.tag()));
            assert_eq!(Language::parse(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn only_floor_roles_use_pins() {
        assert!(Role::Staff.may_use_pin() && Role::Supervisor.may_use_pin());
        assert!(!Role::Manager.may_use_pin() && !Role::Admin.may_use_pin());
    }

    #[test]
    fn update_tells_null_from_absent() {
        let clear: StaffUpdate = serde_json::from_str(r#"{"department_id": null}"#).unwrap();
        assert_eq!(clear.department_id, Some(None));
        let leave: StaffUpdate = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(leave.department_id, None);
    }

    #[test]
    fn update_leaves_out_what_it_does_not_change() {
        let department = Uuid::from_u128(7);
        let cases = [
            (None, None),
            (Some(None), Some(serde_json::Value::Null)),
            (Some(Some(department)), Some(serde_json::json!(department))),
        ];
        for (department_id, sent) in cases {
            let update = StaffUpdate {
                active: Some(false),
                department_id,
                ..Default::default()
            };
            let body = serde_json::to_value(&update).unwrap();
            assert_eq!(body.get("department_id"), sent.as_ref(), "{body}");
            assert_eq!(serde_json::from_value::<StaffUpdate>(body).unwrap(), update);
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<StaffUpdate>(r#"{"is_admin": true}"#).is_err());
    }
}
