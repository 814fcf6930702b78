//! Why a field or a row of a file was refused: the reason of a field error. It travels
//! as its snake_case code (`"pin_format"`), never as text; the app words it in the
//! person's language, each app only the reasons its own forms can meet.

use serde::{Deserialize, Serialize};

/// A field error's reason. On the wire it is the snake_case code; a code this build
/// does not know (a newer server) reads as [`FieldReason::Invalid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldReason {
    // Any form.
    Required,
    TooLong,
    ControlCharacters,
    /// Text PostgreSQL cannot store.
    NulCharacter,
    NotUtf8,
    OutOfRange,
    NotANumber,

    // People, secrets and set-up codes.
    PinFormat,
    PasswordTooShort,
    EmployeeNoFormat,
    CodeFormat,
    SecretRequired,
    PinOrPassword,
    PinNotAllowed,
    PinsDiffer,
    Taken,
    UnknownPerson,
    UnknownRole,
    UnknownLanguage,
    UnknownDepartment,
    RetiredDepartment,
    UnknownTimeZone,
    WrongCode,
    Used,
    Reused,
    Expired,
    Deactivated,
    CannotDemoteSelf,
    NotADate,

    // Files (CSV imports).
    Unreadable,
    OpenQuote,
    HeaderMissing,
    HeaderMismatch,
    WrongNumberOfColumns,
    TwelveColumns,
    TooManyRows,
    DuplicateInFile,
    NotTrueOrFalse,
    RoomNumberFormat,

    // Tasks and rooms.
    RoomOrLocationRequired,
    UnknownRoom,
    RetiredRoom,
    UnknownType,
    RequiredItemNotDone,
    OutsideDepartment,
    StaffOrAreaRequired,
    ComplaintDetailsForComplaintsOnly,
    TargetsInvalid,
    RangeInvalid,
    AfterTo,
    MonthFormat,
    InThePast,
    DoesNotMatchPath,
    BelongsElsewhere,

    // Service Star.
    WeightsTotal,
    SelfVote,
    NotEligible,

    // Training.
    OneToAHundredQuestions,
    TooManyQuestions,
    NotEnoughQuestions,
    DuplicateQuestion,
    DuplicateCategory,
    DuplicateId,
    NotAUuid,
    UnknownQuestion,
    NotAQuestion,
    NotAJsonList,
    UnknownQuiz,
    OneToTwentySteps,
    NoSuchOption,
    TwoToEightOptions,
    OneOption,
    OptionNumber,
    NotAnOrderOfTheOptions,
    ChoiceQuestionsOnly,
    PipeCharacter,
    TooMany,
    NotAllowed,
    UnknownKind,
    UnknownRule,
    TrueOrFalse,
    DoesNotFitQuestion,

    // Audits.
    Count,
    ItemCount,
    Duplicate,
    KindSettings,
    UnknownTemplate,
    Archived,
    UnknownItem,
    TooManyItems,
    NotAnAuditor,
    NotAllowedForItem,
    DoesNotFitItem,
    NotFailed,

    /// Any other problem: the catch-all, also for codes this build does not know.
    #[serde(other)]
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::FieldReason;

    #[test]
    fn travels_as_its_snake_case_code() {
        assert_eq!(
            serde_json::to_string(&FieldReason::PinFormat).unwrap(),
            "\"pin_format\""
        );
        assert_eq!(
            serde_json::to_string(&FieldReason::OneToAHundredQuestions).unwrap(),
            "\"one_to_a_hundred_questions\""
        );
        let read: FieldReason = serde_json::from_str("\"not_a_date\"").unwrap();
        assert_eq!(read, FieldReason::NotADate);
    }

    #[test]
    fn an_unknown_code_reads_as_invalid() {
        let read: FieldReason = serde_json::from_str("\"a_reason_from_a_newer_server\"").unwrap();
        assert_eq!(read, FieldReason::Invalid);
    }
}
