//! A chain of hotels: the chain admin's hotels, people's roles in hotels other than
//! their own, moving a session between hotels, and each hotel's headline figures side
//! by side.
//!
//! A person belongs to one hotel (their employee number is unique there, not across
//! the chain) and may hold a role in further hotels. Chain admins work in every active
//! hotel as its admin.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::csv_writer::CsvWriter;
use crate::people::{Language, Role};
use crate::star::WallEntry;

/// A hotel of the chain, as the chain admin lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hotel {
    pub id: Uuid,
    pub name: String,
    /// IANA time zone, e.g. `Asia/Taipei`.
    pub time_zone: String,
    pub default_language: Language,
    /// A retired hotel keeps its records; nobody signs in to it or moves to it.
    pub active: bool,
    /// Its active people.
    pub people: u32,
}

/// `POST /chain/hotels`: a new hotel, made with the four default departments and their
/// task types, as set-up makes the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HotelCreate {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub name: String,
    /// IANA time zone, e.g. `Asia/Taipei`.
    pub time_zone: String,
    pub default_language: Language,
}

/// `PATCH /chain/hotels/{id}`: renames a hotel, retires it (`active: false`) or brings
/// it back; absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HotelUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name_or_null))]
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// A hotel a signed-in person may work in, with their role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotelRole {
    pub property_id: Uuid,
    pub name: String,
    pub role: Role,
}

/// `POST /session/hotel`: work in another hotel. The session is re-scoped; everything
/// read afterwards is that hotel's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HotelSwitch {
    pub property_id: Uuid,
}

/// `PUT /chain/people/{staff_id}/hotels/{property_id}`: any role, with a department of
/// that hotel for those who work in one (staff, supervisors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleGrant {
    pub role: Role,
    /// A department of that hotel; none for a hotel-wide role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<Uuid>,
}

/// A person's role in a hotel other than their own, and their department there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotelGrant {
    pub property_id: Uuid,
    pub role: Role,
    pub department_id: Option<Uuid>,
}

/// A person of the chain, with their own hotel and their roles in others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainPerson {
    pub id: Uuid,
    pub employee_no: String,
    pub display_name: String,
    /// Their own hotel, where their employee number is theirs.
    pub property_id: Uuid,
    /// Their role in their own hotel.
    pub role: Role,
    pub chain_admin: bool,
    pub grants: Vec<HotelGrant>,
}

/// `GET /chain/people`: active people of every hotel, by employee number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct ChainPeopleQuery {
    /// Words of the name or the employee number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only people of this hotel or with a role in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

/// One hotel's headline figures for a month, from the hotel's own reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotelFigures {
    pub property_id: Uuid,
    pub name: String,
    /// `YYYY-MM` in the hotel's time zone.
    pub month: String,
    /// Tasks of the month finished, and of those finished by their deadline.
    pub tasks_done: u32,
    pub tasks_on_time: u32,
    pub complaints: u32,
    pub complaints_closed_24h: u32,
    /// Audits submitted in the month against the month's target and its planned ones.
    pub audits_done: u32,
    pub audits_target: u32,
    pub audits_planned: u32,
    pub audit_average: Option<f64>,
    /// (person, quiz) pairs someone must take, and of those attempted and passed.
    pub training_assigned: u32,
    pub training_attempted: u32,
    pub training_passed: u32,
    /// The latest Service Star announced.
    pub star: Option<WallEntry>,
}

impl HotelFigures {
    /// Share of finished tasks done on time, 0–100.
    pub fn on_time_pct(&self) -> Option<f64> {
        pct(self.tasks_on_time, self.tasks_done)
    }
    /// Share of the month's complaints closed within 24 hours, 0–100.
    pub fn complaints_closed_pct(&self) -> Option<f64> {
        pct(self.complaints_closed_24h, self.complaints)
    }
    /// Share of what must be taken that has been attempted, 0–100.
    pub fn training_coverage_pct(&self) -> Option<f64> {
        pct(self.training_attempted, self.training_assigned)
    }
    /// Share of the attempted that passed, 0–100.
    pub fn training_pass_pct(&self) -> Option<f64> {
        pct(self.training_passed, self.training_attempted)
    }
}

fn pct(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| 100.0 * f64::from(part) / f64::from(whole))
}

/// `GET /chain/figures`: each active hotel's figures, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChainFigures {
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub at: DateTime<Utc>,
    pub hotels: Vec<HotelFigures>,
}

impl ChainFigures {
    /// The CSV file of the chain view, one line per hotel.
    pub fn csv(&self) -> String {
        let mut csv = CsvWriter::new(&[
            "hotel",
            "month",
            "tasks_done",
            "tasks_on_time_pct",
            "complaints",
            "complaints_closed_24h_pct",
            "audits_done",
            "audits_target",
            "audit_average",
            "training_coverage_pct",
            "training_pass_pct",
            "star",
            "star_month",
        ]);
        let num = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
        for h in &self.hotels {
            csv.row([
                h.name.clone(),
                h.month.clone(),
                h.tasks_done.to_string(),
                num(h.on_time_pct()),
                h.complaints.to_string(),
                num(h.complaints_closed_pct()),
                h.audits_done.to_string(),
                h.audits_target.to_string(),
                num(h.audit_average),
                num(h.training_coverage_pct()),
                num(h.training_pass_pct()),
                h.star.as_ref().map(|s| s.display_name.clone()).unwrap_or_default(),
                h.star.as_ref().map(|s| s.month.clone()).unwrap_or_default(),
            ]);
        }
        csv.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_need_a_whole() {
        assert_eq!(pct(1, 0), None);
        assert_eq!(pct(3, 4), Some(75.0));
    }
}
