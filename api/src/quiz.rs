//! Training-quiz grading. It runs only on the server: the answer key never reaches the
//! browser before an attempt is graded. Each question earns a credit from 0 to 1; the
//! quiz score is Σ points × credit / Σ points × 100.

use serde::{Deserialize, Serialize};

/// How a multiple-choice question with several right options gives partial credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartialCredit {
    /// Exactly the right set, or nothing.
    AllOrNothing,
    /// (right picks − wrong picks) / right options, never below 0.
    RightMinusWrong,
}

/// A question's kind with its answer key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerKey {
    SingleChoice {
        correct: usize,
    },
    MultipleChoice {
        correct: Vec<usize>,
        rule: PartialCredit,
    },
    TrueFalse {
        correct: bool,
    },
    /// The options are shown in a shuffled order; the key is the right order of their
    /// indices, e.g. the three follow-up levels.
    Ordering {
        correct: Vec<usize>,
    },
    Numeric {
        expected: f64,
        tolerance: f64,
    },
}

impl AnswerKey {
    /// Whether the person may pick more than one option. This follows from the kind of
    /// question the manager wrote, not from how many options are right, so it gives
    /// nothing of the key away (Moodle's quiz says the same of its questions).
    pub fn picks_several(&self) -> bool {
        matches!(self, AnswerKey::MultipleChoice { .. })
    }
}

/// What a person answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// No other field: the document says so, and text in one could not be stored anyway.
#[serde(tag = "type", content = "value", rename_all = "snake_case", deny_unknown_fields)]
pub enum Response {
    Choice(usize),
    Choices(Vec<usize>),
    Bool(bool),
    Order(Vec<usize>),
    Number(f64),
}

/// Credit from 0 to 1 for one response; a response of the wrong shape earns nothing.
pub fn credit(key: &AnswerKey, response: &Response) -> f64 {
    match (key, response) {
        (AnswerKey::SingleChoice { correct }, Response::Choice(c)) => f64::from(u8::from(c == correct)),
        (AnswerKey::TrueFalse { correct }, Response::Bool(b)) => f64::from(u8::from(b == correct)),
        (AnswerKey::MultipleChoice { correct, rule }, Response::Choices(picked)) => {
            let mut picked = picked.clone();
            picked.sort_unstable();
            picked.dedup();
            let right = picked.iter().filter(|p| correct.contains(p)).count();
            let wrong = picked.len() - right;
            match rule {
                PartialCredit::AllOrNothing => f64::from(u8::from(wrong == 0 && right == correct.len())),
                PartialCredit::RightMinusWrong if correct.is_empty() => f64::from(u8::from(picked.is_empty())),
                PartialCredit::RightMinusWrong => {
                    ((right as f64 - wrong as f64) / correct.len() as f64).clamp(0.0, 1.0)
                }
            }
        }
        // Share of positions in their right place; a response that is not an
        // arrangement of the same items earns nothing.
        (AnswerKey::Ordering { correct }, Response::Order(order)) => {
            let mut a = order.clone();
            let mut b = correct.clone();
            a.sort_unstable();
            b.sort_unstable();
            if a != b || correct.is_empty() {
                return 0.0;
            }
            let placed = order.iter().zip(correct).filter(|(x, y)| x == y).count();
            placed as f64 / correct.len() as f64
        }
        (AnswerKey::Numeric { expected, tolerance }, Response::Number(n)) if n.is_finite() => {
            f64::from(u8::from((n - expected).abs() <= tolerance.abs()))
        }
        _ => 0.0,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grade {
    /// 0–100.
    pub score: f64,
    pub passed: bool,
    /// Credit per question, in order.
    pub credits: Vec<f64>,
}

/// Grades an attempt: `(points, key)` per question and the responses in the same order
/// (`None` for unanswered). `pass_mark` is a percentage.
pub fn grade(questions: &[(u32, AnswerKey)], responses: &[Option<Response>], pass_mark: f64) -> Grade {
    let credits: Vec<f64> = questions
        .iter()
        .enumerate()
        .map(|(n, (_, key))| {
            responses
                .get(n)
                .and_then(Option::as_ref)
                .map_or(0.0, |r| credit(key, r))
        })
        .collect();
    let possible: f64 = questions.iter().map(|(p, _)| f64::from(*p)).sum();
    let earned: f64 = questions
        .iter()
        .zip(&credits)
        .map(|((p, _), c)| f64::from(*p) * c)
        .sum();
    let score = if possible > 0.0 {
        (100.0 * earned / possible).clamp(0.0, 100.0)
    } else {
        0.0
    };
    // A hair of tolerance: 8 of 10 is 80 %, whatever the floating point says.
    Grade {
        score,
        passed: score + 1e-9 >= pass_mark,
        credits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn partial_credit_rules() {
        let all = AnswerKey::MultipleChoice {
            correct: vec![0, 2],
            rule: PartialCredit::AllOrNothing,
        };
        let partial = AnswerKey::MultipleChoice {
            correct: vec![0, 2],
            rule: PartialCredit::RightMinusWrong,
        };
        assert_eq!(credit(&all, &Response::Choices(vec![2, 0])), 1.0);
        assert_eq!(credit(&all, &Response::Choices(vec![0])), 0.0);
        assert_eq!(credit(&partial, &Response::Choices(vec![0])), 0.5);
        assert_eq!(credit(&partial, &Response::Choices(vec![0, 1])), 0.0);
        assert_eq!(
            credit(&partial, &Response::Choices(vec![0, 0, 2])),
            1.0,
            "a repeated pick counts once"
        );
        assert_eq!(credit(&partial, &Response::Choices(vec![0, 1, 2, 3])), 0.0);
    }

    #[test]
    fn ordering_counts_positions_in_place() {
        let key = AnswerKey::Ordering { correct: vec![2, 0, 1] };
        assert_eq!(credit(&key, &Response::Order(vec![2, 0, 1])), 1.0);
        assert!((credit(&key, &Response::Order(vec![2, 1, 0])) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            credit(&key, &Response::Order(vec![2, 0])),
            0.0,
            "not an arrangement of the same items"
        );
        assert_eq!(credit(&key, &Response::Order(vec![2, 2, 1])), 0.0);
    }

    #[test]
    fn eight_of_ten_passes_at_eighty() {
        let questions: Vec<(u32, AnswerKey)> = (0..10).map(|_| (1, AnswerKey::TrueFalse { correct: true })).collect();
        let responses: Vec<Option<Response>> = (0..10).map(|n| Some(Response::Bool(n < 8))).collect();
        let g = grade(&questions, &responses, 80.0);
        assert!((g.score - 80.0).abs() < 1e-9 && g.passed);
        let g = grade(&questions, &responses[..7], 80.0);
        assert!(!g.passed, "unanswered questions earn nothing");
    }

    #[test]
    fn wrong_shapes_and_numbers() {
        assert_eq!(
            credit(&AnswerKey::SingleChoice { correct: 1 }, &Response::Bool(true)),
            0.0
        );
        let key = AnswerKey::Numeric {
            expected: 15.0,
            tolerance: 0.5,
        };
        assert_eq!(credit(&key, &Response::Number(15.4)), 1.0);
        assert_eq!(credit(&key, &Response::Number(16.0)), 0.0);
        assert_eq!(credit(&key, &Response::Number(f64::NAN)), 0.0);
    }

    fn any_key() -> impl Strategy<Value = AnswerKey> {
        prop_oneof![
            (0usize..5).prop_map(|correct| AnswerKey::SingleChoice { correct }),
            any::<bool>().prop_map(|correct| AnswerKey::TrueFalse { correct }),
            (proptest::collection::btree_set(0usize..6, 0..4), any::<bool>()).prop_map(|(c, all)| {
                AnswerKey::MultipleChoice {
                    correct: c.into_iter().collect(),
                    rule: if all {
                        PartialCredit::AllOrNothing
                    } else {
                        PartialCredit::RightMinusWrong
                    },
                }
            }),
            (1usize..6)
                .prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle())
                .prop_map(|correct| AnswerKey::Ordering { correct }),
            (-100.0f64..100.0, 0.0f64..5.0)
                .prop_map(|(expected, tolerance)| AnswerKey::Numeric { expected, tolerance }),
        ]
    }

    fn any_response() -> impl Strategy<Value = Response> {
        prop_oneof![
            (0usize..6).prop_map(Response::Choice),
            proptest::collection::vec(0usize..6, 0..6).prop_map(Response::Choices),
            any::<bool>().prop_map(Response::Bool),
            proptest::collection::vec(0usize..6, 0..6).prop_map(Response::Order),
            (-200.0f64..200.0).prop_map(Response::Number),
        ]
    }

    /// The response that earns full credit.
    fn perfect(key: &AnswerKey) -> Response {
        match key {
            AnswerKey::SingleChoice { correct } => Response::Choice(*correct),
            AnswerKey::TrueFalse { correct } => Response::Bool(*correct),
            AnswerKey::MultipleChoice { correct, .. } => Response::Choices(correct.clone()),
            AnswerKey::Ordering { correct } => Response::Order(correct.clone()),
            AnswerKey::Numeric { expected, .. } => Response::Number(*expected),
        }
    }

    proptest! {
        #[test]
        fn credit_stays_between_0_and_1(key in any_key(), response in any_response()) {
            let c = credit(&key, &response);
            prop_assert!((0.0..=1.0).contains(&c));
        }

        #[test]
        fn the_right_answer_earns_full_credit(key in any_key()) {
            prop_assert_eq!(credit(&key, &perfect(&key)), 1.0);
        }

        #[test]
        fn scores_stay_in_bounds_and_perfect_attempts_pass(
            keys in proptest::collection::vec((1u32..5, any_key()), 1..12),
            responses in proptest::collection::vec(proptest::option::of(any_response()), 0..12),
            mark in 0.0f64..=100.0,
        ) {
            let g = grade(&keys, &responses, mark);
            prop_assert!((0.0..=100.0).contains(&g.score));
            let best: Vec<Option<Response>> = keys.iter().map(|(_, k)| Some(perfect(k))).collect();
            let g = grade(&keys, &best, mark);
            prop_assert!((g.score - 100.0).abs() < 1e-9 && g.passed);
        }

        #[test]
        fn partial_credit_is_never_below_all_or_nothing(
            correct in proptest::collection::btree_set(0usize..6, 1..4),
            picked in proptest::collection::vec(0usize..6, 0..6),
        ) {
            let correct: Vec<usize> = correct.into_iter().collect();
            let strict = credit(&AnswerKey::MultipleChoice { correct: correct.clone(), rule: PartialCredit::AllOrNothing }, &Response::Choices(picked.clone()));
            let lenient = credit(&AnswerKey::MultipleChoice { correct, rule: PartialCredit::RightMinusWrong }, &Response::Choices(picked));
            prop_assert!(lenient >= strict);
        }
    }
}
