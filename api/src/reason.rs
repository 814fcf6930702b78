//! Why a field or a row of a file was refused: the reason of a field error. It travels
//! as its snake_case code (`"pin_format"`), never as text; the app words it in the
//! person's language, each app only the reasons its own forms can meet.

use serde::{Deserialize, Deserializer};

wire_codes! {
    /// A field error's reason. On the wire it is the snake_case code; a code this build
    /// does not know (a newer server) reads as [`FieldReason::Invalid`].
    #[derive(PartialOrd, Ord)]
    pub enum FieldReason {
        // Any form.
        Required = "required",
        TooLong = "too_long",
        ControlCharacters = "control_characters",
        /// Text PostgreSQL cannot store.
        NulCharacter = "nul_character",
        NotUtf8 = "not_utf8",
        OutOfRange = "out_of_range",
        NotANumber = "not_a_number",

        // People, secrets and set-up codes.
        PinFormat = "pin_format",
        PasswordTooShort = "password_too_short",
        EmployeeNoFormat = "employee_no_format",
        CodeFormat = "code_format",
        SecretRequired = "secret_required",
        PinOrPassword = "pin_or_password",
        PinNotAllowed = "pin_not_allowed",
        PinsDiffer = "pins_differ",
        Taken = "taken",
        UnknownPerson = "unknown_person",
        UnknownRole = "unknown_role",
        UnknownLanguage = "unknown_language",
        UnknownDepartment = "unknown_department",
        RetiredDepartment = "retired_department",
        UnknownTimeZone = "unknown_time_zone",
        WrongCode = "wrong_code",
        Used = "used",
        Reused = "reused",
        Expired = "expired",
        Deactivated = "deactivated",
        CannotDemoteSelf = "cannot_demote_self",
        NotADate = "not_a_date",

        // A chain's hotels.
        UnknownHotel = "unknown_hotel",
        RetiredHotel = "retired_hotel",
        /// A role in a person's own hotel is their staff role, not a grant.
        HomeHotel = "home_hotel",

        // Files (CSV imports).
        Unreadable = "unreadable",
        OpenQuote = "open_quote",
        HeaderMissing = "header_missing",
        HeaderMismatch = "header_mismatch",
        WrongNumberOfColumns = "wrong_number_of_columns",
        TwelveColumns = "twelve_columns",
        TooManyRows = "too_many_rows",
        DuplicateInFile = "duplicate_in_file",
        NotTrueOrFalse = "not_true_or_false",
        RoomNumberFormat = "room_number_format",

        // Tasks and rooms.
        RoomOrLocationRequired = "room_or_location_required",
        UnknownRoom = "unknown_room",
        RetiredRoom = "retired_room",
        UnknownType = "unknown_type",
        RequiredItemNotDone = "required_item_not_done",
        OutsideDepartment = "outside_department",
        StaffOrAreaRequired = "staff_or_area_required",
        ComplaintDetailsForComplaintsOnly = "complaint_details_for_complaints_only",
        TargetsInvalid = "targets_invalid",
        RangeInvalid = "range_invalid",
        AfterTo = "after_to",
        MonthFormat = "month_format",
        InThePast = "in_the_past",
        DoesNotMatchPath = "does_not_match_path",
        BelongsElsewhere = "belongs_elsewhere",

        // Service Star.
        WeightsTotal = "weights_total",
        SelfVote = "self_vote",
        NotEligible = "not_eligible",

        // Training.
        OneToAHundredQuestions = "one_to_a_hundred_questions",
        TooManyQuestions = "too_many_questions",
        NotEnoughQuestions = "not_enough_questions",
        DuplicateQuestion = "duplicate_question",
        DuplicateCategory = "duplicate_category",
        DuplicateId = "duplicate_id",
        NotAUuid = "not_a_uuid",
        UnknownQuestion = "unknown_question",
        NotAQuestion = "not_a_question",
        NotAJsonList = "not_a_json_list",
        UnknownQuiz = "unknown_quiz",
        OneToTwentySteps = "one_to_twenty_steps",
        NoSuchOption = "no_such_option",
        TwoToEightOptions = "two_to_eight_options",
        OneOption = "one_option",
        OptionNumber = "option_number",
        NotAnOrderOfTheOptions = "not_an_order_of_the_options",
        ChoiceQuestionsOnly = "choice_questions_only",
        PipeCharacter = "pipe_character",
        TooMany = "too_many",
        NotAllowed = "not_allowed",
        UnknownKind = "unknown_kind",
        UnknownRule = "unknown_rule",
        TrueOrFalse = "true_or_false",
        DoesNotFitQuestion = "does_not_fit_question",

        // Audits.
        Count = "count",
        ItemCount = "item_count",
        Duplicate = "duplicate",
        KindSettings = "kind_settings",
        UnknownTemplate = "unknown_template",
        Archived = "archived",
        UnknownItem = "unknown_item",
        TooManyItems = "too_many_items",
        NotAnAuditor = "not_an_auditor",
        NotAllowedForItem = "not_allowed_for_item",
        DoesNotFitItem = "does_not_fit_item",
        NotFailed = "not_failed",

        // Room status and the PMS feed.
        UnknownTask = "unknown_task",
        UrlFormat = "url_format",

        /// Any other problem: the catch-all, also for codes this build does not know.
        Invalid = "invalid",
    }
}

impl FieldReason {
    /// The reason of a wire code; [`FieldReason::Invalid`] for one this build does
    /// not know.
    pub fn from_code(code: &str) -> FieldReason {
        FieldReason::parse(code).unwrap_or(FieldReason::Invalid)
    }
}

/// Read through the list rather than serde's derive, whose generated matcher for this
/// many names was several kilobytes in every app.
impl<'de> Deserialize<'de> for FieldReason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(FieldReason::from_code(&String::deserialize(d)?))
    }
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
    fn each_code_is_what_serde_writes_and_reads_back() {
        for &reason in FieldReason::ALL {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.code()));
            assert_eq!(serde_json::from_str::<FieldReason>(&json).unwrap(), reason);
        }
    }

    #[test]
    fn an_unknown_code_reads_as_invalid() {
        let read: FieldReason = serde_json::from_str("\"a_reason_from_a_newer_server\"").unwrap();
        assert_eq!(read, FieldReason::Invalid);
    }
}
