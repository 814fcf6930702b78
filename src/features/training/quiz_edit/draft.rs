//! A quiz as the editor holds it: one signal per field, numbers kept as typed so a
//! half-typed value stays put, and read back into a [`Quiz`] when saved.

use bellhop_api::training::{Draw, Quiz, ReviewPolicy, Selection};
use bellhop_api::validate::FieldErrors;
use bellhop_api::FieldReason;
use leptos::prelude::*;
use uuid::Uuid;

/// One category of a random draw, and how many questions to draw from it.
#[derive(Clone, Copy)]
pub struct DrawRow {
    pub category: RwSignal<String>,
    pub count: RwSignal<String>,
}

impl DrawRow {
    pub fn new(category: &str, count: u32) -> DrawRow {
        DrawRow {
            category: RwSignal::new(category.to_owned()),
            count: RwSignal::new(count.to_string()),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Draft {
    pub id: Uuid,
    pub title: RwSignal<String>,
    pub description: RwSignal<String>,
    /// A random draw per category rather than chosen questions.
    pub by_draw: RwSignal<bool>,
    /// The chosen questions, in the order asked.
    pub chosen: RwSignal<Vec<Uuid>>,
    pub draws: RwSignal<Vec<DrawRow>>,
    pub shuffle: RwSignal<bool>,
    pub pass_mark: RwSignal<String>,
    /// Empty for no limit.
    pub time_limit: RwSignal<String>,
    /// Empty for unlimited.
    pub max_attempts: RwSignal<String>,
    pub wait_mins: RwSignal<String>,
    pub review: RwSignal<ReviewPolicy>,
    pub certify: RwSignal<bool>,
    pub certificate_months: RwSignal<String>,
    pub recertify_days: RwSignal<String>,
}

fn text_of(value: Option<u32>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A whole number as typed: empty is `None`; anything else must read.
fn whole(text: RwSignal<String>) -> Result<Option<u32>, ()> {
    let typed = text.with_untracked(|t| t.trim().to_owned());
    if typed.is_empty() {
        return Ok(None);
    }
    typed.parse().map(Some).map_err(|_| ())
}

impl Draft {
    /// The editor's fields for `quiz`, or a new quiz's sensible defaults.
    pub fn of(quiz: Option<&Quiz>, new_id: Uuid) -> Draft {
        let (chosen, draws) = match quiz.map(|q| &q.selection) {
            Some(Selection::Fixed { question_ids }) => (question_ids.clone(), Vec::new()),
            Some(Selection::Draw { draws }) => (
                Vec::new(),
                draws.iter().map(|d| DrawRow::new(&d.category, d.count)).collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        Draft {
            id: quiz.map_or(new_id, |q| q.id),
            title: RwSignal::new(quiz.map(|q| q.title.clone()).unwrap_or_default()),
            description: RwSignal::new(quiz.map(|q| q.description.clone()).unwrap_or_default()),
            by_draw: RwSignal::new(matches!(quiz.map(|q| &q.selection), Some(Selection::Draw { .. }))),
            chosen: RwSignal::new(chosen),
            draws: RwSignal::new(draws),
            shuffle: RwSignal::new(quiz.is_none_or(|q| q.shuffle_options)),
            pass_mark: RwSignal::new(quiz.map_or_else(|| "80".to_owned(), |q| q.pass_mark.to_string())),
            time_limit: RwSignal::new(text_of(quiz.and_then(|q| q.time_limit_mins))),
            max_attempts: RwSignal::new(text_of(quiz.and_then(|q| q.max_attempts))),
            wait_mins: RwSignal::new(quiz.map_or(0, |q| q.wait_mins).to_string()),
            review: RwSignal::new(quiz.map_or(ReviewPolicy::AfterEachAttempt, |q| q.review)),
            certify: RwSignal::new(quiz.is_some_and(|q| q.certificate_months.is_some())),
            certificate_months: RwSignal::new(quiz.and_then(|q| q.certificate_months).unwrap_or(12).to_string()),
            recertify_days: RwSignal::new(quiz.map_or(30, |q| q.recertify_days_before).to_string()),
        }
    }

    /// The quiz to send; or the fields whose numbers do not read (the server checks
    /// the rest, so its reasons show in the same places).
    pub fn to_quiz(self) -> Result<Quiz, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut number = |name: &str, text: RwSignal<String>| {
            whole(text).unwrap_or_else(|()| {
                errors.insert(name.to_owned(), FieldReason::NotANumber);
                None
            })
        };
        let time_limit_mins = number("time_limit_mins", self.time_limit);
        let max_attempts = number("max_attempts", self.max_attempts);
        let wait_mins = number("wait_mins", self.wait_mins).unwrap_or(0);
        let months = number("certificate_months", self.certificate_months);
        let recertify_days_before = number("recertify_days_before", self.recertify_days).unwrap_or(30);
        let selection = if self.by_draw.get_untracked() {
            let rows = self.draws.get_untracked();
            let draws: Vec<Draw> = rows
                .iter()
                .map(|row| Draw {
                    category: row.category.get_untracked(),
                    count: number("selection", row.count).unwrap_or(0),
                })
                .collect();
            Selection::Draw { draws }
        } else {
            Selection::Fixed {
                question_ids: self.chosen.get_untracked(),
            }
        };
        let pass_mark = self
            .pass_mark
            .with_untracked(|t| t.trim().replace(',', ".").parse::<f64>());
        let pass_mark = pass_mark.ok().filter(|m| m.is_finite()).unwrap_or_else(|| {
            errors.insert("pass_mark".into(), FieldReason::NotANumber);
            0.0
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Quiz {
            id: self.id,
            title: self.title.get_untracked().trim().to_owned(),
            description: self.description.get_untracked().trim().to_owned(),
            selection,
            pass_mark,
            time_limit_mins,
            max_attempts,
            wait_mins,
            review: self.review.get_untracked(),
            shuffle_options: self.shuffle.get_untracked(),
            certificate_months: if self.certify.get_untracked() { months } else { None },
            recertify_days_before,
        })
    }
}
