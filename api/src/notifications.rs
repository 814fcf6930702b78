//! The inbox: notifications kept per person, and each person's choice of what pushes.
//!
//! A notification carries no sentence: the app phrases it in the reader's language from
//! its kind and its parameters, and links it to its object.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::reason::FieldReason;

wire_codes! {
    /// What a notification tells of.
    #[derive(Deserialize, PartialOrd, Ord)]
    pub enum NotificationKind {
        /// A task was given to me (filed for me, assigned or handed to me).
        TaskAssigned = "task_assigned",
        /// A task was put in my department's pool.
        TaskPooled = "task_pooled",
        /// An urgent task for my department.
        TaskUrgent = "task_urgent",
        /// A task of my department is past a deadline (to its supervisor).
        TaskLate = "task_late",
        /// A late task is still late after the hotel's further delay (to the managers).
        TaskEscalated = "task_escalated",
        /// A task I did was reopened.
        TaskReopened = "task_reopened",
        /// A task I did was verified.
        TaskVerified = "task_verified",
        /// An audit was assigned to me to fill in.
        AuditAssigned = "audit_assigned",
        /// An audit of me (or of my department) was published; it never names the auditor.
        AuditPublished = "audit_published",
        /// A quiz was assigned to me.
        QuizAssigned = "quiz_assigned",
        /// A quiz of mine is due in three days.
        QuizDueSoon = "quiz_due_soon",
        /// A quiz of mine is past its due date.
        QuizOverdue = "quiz_overdue",
        /// A certificate of mine expires soon.
        CertificateExpiring = "certificate_expiring",
        /// This month's Service Star voting opened.
        VotingOpened = "voting_opened",
        /// This month's Service Star was announced.
        StarAnnounced = "star_announced",
    }
}

wire_codes! {
    /// What a notification links to.
    #[derive(Deserialize)]
    pub enum ObjectKind {
        /// `object_id` is a task's id.
        Task = "task",
        /// `object_id` is an audit's id.
        Audit = "audit",
        /// `object_id` is a quiz's id.
        Quiz = "quiz",
        /// `object_id` is a Service Star month (`YYYY-MM`).
        StarMonth = "star_month",
    }
}

impl NotificationKind {
    /// The kind of object this kind of notification links to.
    pub fn object(self) -> ObjectKind {
        use NotificationKind::*;
        match self {
            TaskAssigned | TaskPooled | TaskUrgent | TaskLate | TaskEscalated | TaskReopened | TaskVerified => {
                ObjectKind::Task
            }
            AuditAssigned | AuditPublished => ObjectKind::Audit,
            QuizAssigned | QuizDueSoon | QuizOverdue | CertificateExpiring => ObjectKind::Quiz,
            VotingOpened | StarAnnounced => ObjectKind::StarMonth,
        }
    }
}

/// One notification of the signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    /// What it links to (follows from `kind`).
    pub object: ObjectKind,
    /// The linked object's id: a UUID, or a month (`YYYY-MM`) for the Service Star.
    pub object_id: String,
    /// What the app needs to phrase it, by name: for tasks `title`, `place` (a room
    /// number or a location) and `priority`; for audits `title` (the form's) and
    /// `score`; for quizzes `title` and `due_on` or `expires_on`; for the star `month`.
    pub params: BTreeMap<String, String>,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::timestamp::read_option")]
    pub read_at: Option<DateTime<Utc>>,
}

/// `GET /notifications`: one page of the signed-in person's notifications, newest
/// first, and how many of all of them are unread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    pub items: Vec<Notification>,
    pub total: u64,
    pub unread: u64,
    pub offset: u32,
    pub limit: u32,
}

/// The answer to marking read: how many are left unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: u64,
}

/// Minutes of a day.
pub const DAY_MINUTES: u16 = 24 * 60;

/// Hours in which nothing pushes (the inbox still gets everything), in the hotel's
/// time: from `from_minute` up to `to_minute` after midnight; a `from_minute` later
/// than `to_minute` runs over midnight (22:00–07:00 is 1320 to 420). Equal minutes are
/// no quiet hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// 0–1439.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::minute_of_day))]
    pub from_minute: u16,
    /// 0–1439.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::minute_of_day))]
    pub to_minute: u16,
}

impl QuietHours {
    /// Whether `minute` of the day (0–1439) falls in these hours.
    pub fn contains(self, minute: u16) -> bool {
        if self.from_minute <= self.to_minute {
            (self.from_minute..self.to_minute).contains(&minute)
        } else {
            minute >= self.from_minute || minute < self.to_minute
        }
    }
}

/// `GET` and `PUT /notifications/preferences`: which kinds push, and quiet hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// The kinds that push to the person's devices, each once, in the order of the kinds.
    pub push: Vec<NotificationKind>,
    pub quiet_hours: Option<QuietHours>,
}

impl Default for NotificationPreferences {
    /// Until a person chooses, every kind pushes, at any hour.
    fn default() -> Self {
        NotificationPreferences {
            push: NotificationKind::ALL.to_vec(),
            quiet_hours: None,
        }
    }
}

impl NotificationPreferences {
    /// The preferences as stored: kinds once each, in order, and empty quiet hours as
    /// none; or the field that is out of range.
    pub fn normalized(mut self) -> Result<Self, (&'static str, FieldReason)> {
        if let Some(quiet) = self.quiet_hours {
            if quiet.from_minute >= DAY_MINUTES {
                return Err(("quiet_hours.from_minute", FieldReason::OutOfRange));
            }
            if quiet.to_minute >= DAY_MINUTES {
                return Err(("quiet_hours.to_minute", FieldReason::OutOfRange));
            }
            if quiet.from_minute == quiet.to_minute {
                self.quiet_hours = None;
            }
        }
        self.push.sort();
        self.push.dedup();
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_objects_travel_as_their_codes() {
        crate::codes::assert_codes_round_trip(NotificationKind::ALL, NotificationKind::code, NotificationKind::parse);
        crate::codes::assert_codes_round_trip(ObjectKind::ALL, ObjectKind::code, ObjectKind::parse);
        assert_eq!(NotificationKind::AuditPublished.object(), ObjectKind::Audit);
        assert_eq!(NotificationKind::StarAnnounced.object(), ObjectKind::StarMonth);
    }

    #[test]
    fn quiet_hours_may_run_over_midnight() {
        let night = QuietHours {
            from_minute: 22 * 60,
            to_minute: 7 * 60,
        };
        assert!(night.contains(23 * 60) && night.contains(0) && night.contains(7 * 60 - 1));
        assert!(!night.contains(7 * 60) && !night.contains(12 * 60) && !night.contains(22 * 60 - 1));
        let lunch = QuietHours {
            from_minute: 12 * 60,
            to_minute: 13 * 60,
        };
        assert!(lunch.contains(12 * 60) && !lunch.contains(13 * 60) && !lunch.contains(0));
    }

    #[test]
    fn preferences_are_stored_in_order_and_in_range() {
        let asked = NotificationPreferences {
            push: vec![
                NotificationKind::TaskUrgent,
                NotificationKind::TaskAssigned,
                NotificationKind::TaskUrgent,
            ],
            quiet_hours: None,
        };
        assert_eq!(
            asked.normalized().unwrap().push,
            [NotificationKind::TaskAssigned, NotificationKind::TaskUrgent]
        );
        let quiet = |from_minute, to_minute| {
            NotificationPreferences {
                push: vec![],
                quiet_hours: Some(QuietHours { from_minute, to_minute }),
            }
            .normalized()
            .map(|p| p.quiet_hours)
        };
        assert_eq!(
            quiet(1440, 0),
            Err(("quiet_hours.from_minute", FieldReason::OutOfRange))
        );
        assert_eq!(quiet(0, 1440), Err(("quiet_hours.to_minute", FieldReason::OutOfRange)));
        assert_eq!(quiet(60, 60), Ok(None), "empty hours are none");
        assert_eq!(
            quiet(1439, 0),
            Ok(Some(QuietHours {
                from_minute: 1439,
                to_minute: 0
            }))
        );
    }
}
