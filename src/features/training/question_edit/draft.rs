//! A bank question as the editor holds it: one signal per field, options as rows that
//! keep their "right" mark when moved, numbers kept as typed; read back into a
//! [`QuestionInput`] and checked with the shared validation before it is sent.

use bellhop_api::quiz::{AnswerKey, PartialCredit};
use bellhop_api::training::{self, QuestionInput, QuestionKind};
use bellhop_api::validate::FieldErrors;
use bellhop_api::FieldReason;
use leptos::prelude::*;
use uuid::Uuid;

/// One option: its text and whether it is a right answer. For an ordering question the
/// rows stand in their right order and the mark is unused.
#[derive(Clone, Copy)]
pub struct OptionRow {
    pub text: RwSignal<String>,
    pub correct: RwSignal<bool>,
}

impl OptionRow {
    pub fn new(text: &str, correct: bool) -> OptionRow {
        OptionRow {
            text: RwSignal::new(text.to_owned()),
            correct: RwSignal::new(correct),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Draft {
    pub id: Uuid,
    pub category: RwSignal<String>,
    pub kind: RwSignal<QuestionKind>,
    pub prompt: RwSignal<String>,
    /// A scenario's case to read first.
    pub case: RwSignal<String>,
    /// A scenario whose question has several right options (checkboxes).
    pub scenario_multiple: RwSignal<bool>,
    pub options: RwSignal<Vec<OptionRow>>,
    pub rule: RwSignal<PartialCredit>,
    pub true_false: RwSignal<bool>,
    pub expected: RwSignal<String>,
    pub tolerance: RwSignal<String>,
    pub explanation: RwSignal<String>,
    /// Not edited here, kept as stored (import and export carry them).
    tags: StoredValue<Vec<String>>,
    points: u32,
}

impl Draft {
    /// The editor's fields for `question`, or a new single-choice question's.
    pub fn of(question: Option<&QuestionInput>, new_id: Uuid) -> Draft {
        let kind = question.map_or(QuestionKind::SingleChoice, |q| {
            QuestionKind::of(&q.key, q.case.as_deref())
        });
        let text = |i: &usize| question.and_then(|q| q.options.get(*i)).cloned().unwrap_or_default();
        let options: Vec<OptionRow> = match question.map(|q| (&q.key, &q.options)) {
            Some((AnswerKey::SingleChoice { correct }, options)) => (0..options.len())
                .map(|i| OptionRow::new(&text(&i), i == *correct))
                .collect(),
            Some((AnswerKey::MultipleChoice { correct, .. }, options)) => (0..options.len())
                .map(|i| OptionRow::new(&text(&i), correct.contains(&i)))
                .collect(),
            // Shown in their right order, which is what the manager edits.
            Some((AnswerKey::Ordering { correct }, _)) => {
                correct.iter().map(|i| OptionRow::new(&text(i), false)).collect()
            }
            Some(_) => Vec::new(),
            None => vec![OptionRow::new("", false), OptionRow::new("", false)],
        };
        let key = question.map(|q| &q.key);
        let (expected, tolerance) = match key {
            Some(AnswerKey::Numeric { expected, tolerance }) => (expected.to_string(), tolerance.to_string()),
            _ => (String::new(), "0".to_owned()),
        };
        Draft {
            id: question.map_or(new_id, |q| q.id),
            category: RwSignal::new(question.map(|q| q.category.clone()).unwrap_or_default()),
            kind: RwSignal::new(kind),
            prompt: RwSignal::new(question.map(|q| q.prompt.clone()).unwrap_or_default()),
            case: RwSignal::new(question.and_then(|q| q.case.clone()).unwrap_or_default()),
            scenario_multiple: RwSignal::new(matches!(key, Some(AnswerKey::MultipleChoice { .. }))),
            options: RwSignal::new(options),
            rule: RwSignal::new(match key {
                Some(AnswerKey::MultipleChoice { rule, .. }) => *rule,
                _ => PartialCredit::AllOrNothing,
            }),
            true_false: RwSignal::new(!matches!(key, Some(AnswerKey::TrueFalse { correct: false }))),
            expected: RwSignal::new(expected),
            tolerance: RwSignal::new(tolerance),
            explanation: RwSignal::new(question.map(|q| q.explanation.clone()).unwrap_or_default()),
            tags: StoredValue::new(question.map(|q| q.tags.clone()).unwrap_or_default()),
            points: question.map_or(1, |q| q.points),
        }
    }

    /// Several options may be right: a multiple choice, or a scenario written as one.
    pub fn picks_several(self) -> bool {
        match self.kind.get() {
            QuestionKind::MultipleChoice => true,
            QuestionKind::Scenario => self.scenario_multiple.get(),
            _ => false,
        }
    }

    /// Marks option `at` right; a single choice keeps one mark.
    pub fn mark(self, at: usize, on: bool) {
        let several = untrack(|| self.picks_several());
        self.options.with_untracked(|rows| {
            for (n, row) in rows.iter().enumerate() {
                if n == at {
                    row.correct.set(on);
                } else if !several && on {
                    row.correct.set(false);
                }
            }
        });
    }

    /// After a change to a kind with one right option: only the first mark stays.
    pub fn keep_one_mark(self) {
        if untrack(|| self.picks_several()) {
            return;
        }
        let mut seen = false;
        self.options.with_untracked(|rows| {
            for row in rows.iter().filter(|r| r.correct.get_untracked()) {
                row.correct.set(!seen);
                seen = true;
            }
        });
    }

    /// The question to send, checked as the server checks it; or the reasons by field.
    pub fn to_input(self) -> Result<QuestionInput, FieldErrors> {
        let kind = self.kind.get_untracked();
        let rows = self.options.get_untracked();
        let texts = || {
            rows.iter()
                .map(|r| r.text.get_untracked().trim().to_owned())
                .collect::<Vec<_>>()
        };
        let marked: Vec<usize> = (0..rows.len()).filter(|n| rows[*n].correct.get_untracked()).collect();
        let several = untrack(|| self.picks_several());
        let number = |text: RwSignal<String>| {
            text.with_untracked(|t| t.trim().replace(',', ".").parse::<f64>())
                .ok()
                .filter(|n| n.is_finite())
        };
        let (options, key) = match kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::Scenario if several => (
                texts(),
                AnswerKey::MultipleChoice {
                    correct: marked,
                    rule: self.rule.get_untracked(),
                },
            ),
            // None marked names no option, which the check below reports.
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::Scenario => (
                texts(),
                AnswerKey::SingleChoice {
                    correct: marked.first().copied().unwrap_or(rows.len()),
                },
            ),
            QuestionKind::Ordering => (
                texts(),
                AnswerKey::Ordering {
                    correct: (0..rows.len()).collect(),
                },
            ),
            QuestionKind::TrueFalse => (
                Vec::new(),
                AnswerKey::TrueFalse {
                    correct: self.true_false.get_untracked(),
                },
            ),
            QuestionKind::Numeric => match (number(self.expected), number(self.tolerance)) {
                (Some(expected), Some(tolerance)) => (Vec::new(), AnswerKey::Numeric { expected, tolerance }),
                _ => return Err(FieldErrors::from([("key".to_owned(), FieldReason::NotANumber)])),
            },
        };
        let input = QuestionInput {
            id: self.id,
            category: self.category.get_untracked().trim().to_owned(),
            tags: self.tags.get_value(),
            prompt: self.prompt.get_untracked().trim().to_owned(),
            case: (kind == QuestionKind::Scenario).then(|| self.case.get_untracked().trim().to_owned()),
            options,
            key,
            explanation: self.explanation.get_untracked().trim().to_owned(),
            points: self.points,
        };
        training::question(&input).map(|()| input)
    }
}
