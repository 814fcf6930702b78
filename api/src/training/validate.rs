//! Checks of training bodies, shared by the app and the server. Reason codes as in
//! [`crate::validate`].

use std::collections::BTreeSet;

use super::{AssignmentCreate, PlanCreate, QuestionInput, Quiz, Selection};
use crate::quiz::{AnswerKey, Response};
use crate::reason::FieldReason;
use crate::validate::{display_name, FieldErrors};

pub const PROMPT_MAX_CHARS: usize = 1000;
pub const TEXT_MAX_CHARS: usize = 2000;
pub const OPTIONS_MAX: usize = 8;
pub const TAGS_MAX: usize = 10;
pub const QUIZ_QUESTIONS_MAX: usize = 100;
pub const POINTS_MAX: u32 = 100;

fn text(value: &str, max: usize) -> Result<(), FieldReason> {
    if value.chars().count() > max {
        return Err(FieldReason::TooLong);
    }
    let stray_control = value.chars().any(|c| c.is_control() && c != '\n');
    (!stray_control).then_some(()).ok_or(FieldReason::ControlCharacters)
}

fn required_text(value: &str, max: usize) -> Result<(), FieldReason> {
    if value.trim().is_empty() {
        return Err(FieldReason::Required);
    }
    text(value, max)
}

/// Options and tags travel `|`-separated in CSV, so they may not hold one.
fn list_item(value: &str) -> Result<(), FieldReason> {
    if value.contains('|') {
        return Err(FieldReason::PipeCharacter);
    }
    display_name(value)
}

fn distinct_indices(indices: &[usize], len: usize) -> bool {
    let set: BTreeSet<_> = indices.iter().collect();
    set.len() == indices.len() && indices.iter().all(|i| *i < len)
}

/// A question is whole: its key fits its options, and only choice questions carry a case.
pub fn question(q: &QuestionInput) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut check = |field: &str, result: Result<(), FieldReason>| {
        if let Err(reason) = result {
            errors.entry(field.to_owned()).or_insert_with(|| reason);
        }
    };
    check("category", list_item(&q.category));
    check("prompt", required_text(&q.prompt, PROMPT_MAX_CHARS));
    check("explanation", text(&q.explanation, TEXT_MAX_CHARS));
    if let Some(case) = &q.case {
        check("case", required_text(case, TEXT_MAX_CHARS));
    }
    if q.tags.len() > TAGS_MAX {
        check("tags", Err(FieldReason::TooMany));
    }
    for tag in &q.tags {
        check("tags", list_item(tag));
    }
    for option in &q.options {
        check("options", list_item(option));
    }
    if !(1..=POINTS_MAX).contains(&q.points) {
        check("points", Err(FieldReason::OutOfRange));
    }
    let n = q.options.len();
    let choices = |check: &mut dyn FnMut(&str, Result<(), FieldReason>)| {
        if !(2..=OPTIONS_MAX).contains(&n) {
            check("options", Err(FieldReason::TwoToEightOptions));
        }
    };
    match &q.key {
        AnswerKey::SingleChoice { correct } => {
            choices(&mut check);
            if *correct >= n {
                check("key", Err(FieldReason::NoSuchOption));
            }
        }
        AnswerKey::MultipleChoice { correct, .. } => {
            choices(&mut check);
            if correct.is_empty() || !distinct_indices(correct, n) {
                check("key", Err(FieldReason::NoSuchOption));
            }
        }
        AnswerKey::Ordering { correct } => {
            choices(&mut check);
            if correct.len() != n || !distinct_indices(correct, n) {
                check("key", Err(FieldReason::NotAnOrderOfTheOptions));
            }
        }
        AnswerKey::TrueFalse { .. } => {
            if n > 0 {
                check("options", Err(FieldReason::NotAllowed));
            }
        }
        AnswerKey::Numeric { expected, tolerance } => {
            if n > 0 {
                check("options", Err(FieldReason::NotAllowed));
            }
            if !expected.is_finite() || !tolerance.is_finite() || *tolerance < 0.0 {
                check("key", Err(FieldReason::NotANumber));
            }
        }
    }
    let is_choice = matches!(q.key, AnswerKey::SingleChoice { .. } | AnswerKey::MultipleChoice { .. });
    if q.case.is_some() && !is_choice {
        check("case", Err(FieldReason::ChoiceQuestionsOnly));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub fn quiz(q: &Quiz) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut check = |field: &str, result: Result<(), FieldReason>| {
        if let Err(reason) = result {
            errors.entry(field.to_owned()).or_insert_with(|| reason);
        }
    };
    check("title", display_name(&q.title));
    check("description", text(&q.description, TEXT_MAX_CHARS));
    if !(0.0..=100.0).contains(&q.pass_mark) {
        check("pass_mark", Err(FieldReason::OutOfRange));
    }
    if q.time_limit_mins.is_some_and(|m| !(1..=600).contains(&m)) {
        check("time_limit_mins", Err(FieldReason::OutOfRange));
    }
    if q.max_attempts.is_some_and(|m| !(1..=100).contains(&m)) {
        check("max_attempts", Err(FieldReason::OutOfRange));
    }
    if q.wait_mins > 60 * 24 * 90 {
        check("wait_mins", Err(FieldReason::OutOfRange));
    }
    if q.certificate_months.is_some_and(|m| !(1..=120).contains(&m)) {
        check("certificate_months", Err(FieldReason::OutOfRange));
    }
    if q.recertify_days_before > 365 {
        check("recertify_days_before", Err(FieldReason::OutOfRange));
    }
    match &q.selection {
        Selection::Fixed { question_ids } => {
            let distinct: BTreeSet<_> = question_ids.iter().collect();
            if question_ids.is_empty() || question_ids.len() > QUIZ_QUESTIONS_MAX {
                check("selection", Err(FieldReason::OneToAHundredQuestions));
            } else if distinct.len() != question_ids.len() {
                check("selection", Err(FieldReason::DuplicateQuestion));
            }
        }
        Selection::Draw { draws } => {
            let total: u64 = draws.iter().map(|d| u64::from(d.count)).sum();
            if draws.is_empty() || total == 0 || total > QUIZ_QUESTIONS_MAX as u64 {
                check("selection", Err(FieldReason::OneToAHundredQuestions));
            }
            let categories: BTreeSet<_> = draws.iter().map(|d| &d.category).collect();
            if categories.len() != draws.len() {
                check("selection", Err(FieldReason::DuplicateCategory));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub fn plan(p: &PlanCreate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if let Err(reason) = display_name(&p.name) {
        errors.insert("name".into(), reason);
    }
    if p.steps.is_empty() || p.steps.len() > 20 {
        errors.insert("steps".into(), FieldReason::OneToTwentySteps);
    } else if p.steps.iter().any(|s| s.day > 3650) {
        errors.insert("steps".into(), FieldReason::OutOfRange);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub fn assignment(_a: &AssignmentCreate) -> Result<(), FieldErrors> {
    // Every shape the type allows is valid; the server checks the ids exist.
    Ok(())
}

/// A response has the shape of its key and names only options that exist (`options`
/// is the number shown).
pub fn response_fits(key: &AnswerKey, options: usize, response: &Response) -> bool {
    match (key, response) {
        (AnswerKey::SingleChoice { .. }, Response::Choice(c)) => *c < options,
        (AnswerKey::MultipleChoice { .. }, Response::Choices(cs)) => distinct_indices(cs, options),
        (AnswerKey::Ordering { .. }, Response::Order(order)) => {
            order.len() == options && distinct_indices(order, options)
        }
        (AnswerKey::TrueFalse { .. }, Response::Bool(_)) => true,
        (AnswerKey::Numeric { .. }, Response::Number(n)) => n.is_finite(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::PartialCredit;
    use uuid::Uuid;

    fn base(key: AnswerKey, options: &[&str]) -> QuestionInput {
        QuestionInput {
            id: Uuid::nil(),
            category: "complaints".into(),
            tags: vec![],
            prompt: "Who calls the guest first?".into(),
            case: None,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            key,
            explanation: String::new(),
            points: 1,
        }
    }

    #[test]
    fn keys_must_fit_their_options() {
        assert!(question(&base(AnswerKey::SingleChoice { correct: 1 }, &["a", "b"])).is_ok());
        let bad = question(&base(AnswerKey::SingleChoice { correct: 2 }, &["a", "b"])).unwrap_err();
        assert_eq!(bad["key"], FieldReason::NoSuchOption);
        let order = AnswerKey::Ordering { correct: vec![2, 0, 1] };
        assert!(question(&base(order, &["a", "b", "c"])).is_ok());
        let short = AnswerKey::Ordering { correct: vec![0, 1] };
        assert_eq!(
            question(&base(short, &["a", "b", "c"])).unwrap_err()["key"],
            FieldReason::NotAnOrderOfTheOptions
        );
        let multi = AnswerKey::MultipleChoice {
            correct: vec![0, 0],
            rule: PartialCredit::AllOrNothing,
        };
        assert!(question(&base(multi, &["a", "b"])).is_err());
        let tf = base(AnswerKey::TrueFalse { correct: true }, &["yes"]);
        assert_eq!(question(&tf).unwrap_err()["options"], FieldReason::NotAllowed);
    }

    #[test]
    fn only_choice_questions_carry_a_case() {
        let mut q = base(AnswerKey::TrueFalse { correct: true }, &[]);
        q.case = Some("A guest slips in the lobby".into());
        assert_eq!(question(&q).unwrap_err()["case"], FieldReason::ChoiceQuestionsOnly);
    }

    #[test]
    fn responses_must_name_shown_options() {
        let key = AnswerKey::Ordering { correct: vec![0, 1, 2] };
        assert!(response_fits(&key, 3, &Response::Order(vec![2, 1, 0])));
        assert!(!response_fits(&key, 3, &Response::Order(vec![2, 1])));
        assert!(!response_fits(&key, 3, &Response::Order(vec![2, 2, 0])));
        assert!(!response_fits(&key, 3, &Response::Choice(0)));
        let single = AnswerKey::SingleChoice { correct: 0 };
        assert!(!response_fits(&single, 2, &Response::Choice(2)));
    }
}
