//! Mystery-shopper audit forms and their scoring. Scoring lives here, once: the server
//! grades submissions with it and the tablet shows the same running score while the
//! auditor fills the form in.
//!
//! Score = Σ(weight × item score) / Σ(weight of answered, scored, non-N/A items) × 100,
//! per section and overall. Item scores run from 0 to 1. A failed critical item fails
//! the whole audit whatever its score; otherwise it passes at the template's pass mark.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What an item asks for, and how its answer scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// No `deny_unknown_fields` here or on `TemplateItem`: serde cannot combine it with the
// `flatten` that puts the kind's fields beside the item's.
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemKind {
    /// Yes scores 1, no 0; N/A is left out.
    YesNo,
    /// 1–5 scores (r − 1) / 4; a rating under `threshold` counts as failed.
    Rating {
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
        threshold: u8,
    },
    /// Meets the target (at most, or at least, `target`) scores 1, else 0 — e.g. the
    /// phone answered within 15 seconds.
    Number {
        target: f64,
        at_most: bool,
        #[cfg_attr(feature = "openapi", schema(max_length = 20))]
        unit: String,
    },
    /// Each option carries its own score; an option scoring 0 counts as failed.
    Choice {
        #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 10))]
        options: Vec<ChoiceOption>,
    },
    /// Free text: recorded, never scored.
    Note,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[^\x00]*[^\s\x00][^\x00]*$", max_length = 80)
    )]
    pub label: String,
    /// 0 to 1.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1))]
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateItem {
    /// Stable within a template version; answers refer to it.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::code))]
    pub key: String,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[^\x00]*[^\s\x00][^\x00]*$", max_length = 300)
    )]
    pub text: String,
    /// What good looks like: "greet within 10 seconds, eye contact, smile".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub guidance: String,
    #[serde(flatten)]
    pub kind: ItemKind,
    /// 1–10.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10))]
    pub weight: u32,
    #[serde(default)]
    pub critical: bool,
    #[serde(default)]
    pub required: bool,
    /// The auditor may attach a photo as evidence.
    #[serde(default)]
    pub photo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateSection {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::validate::schemas::name))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub items: Vec<TemplateItem>,
}

/// One answer. Notes and photos ride beside it, not in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// No other field: the document says so, and text in one could not be stored anyway.
#[serde(tag = "type", content = "value", rename_all = "snake_case", deny_unknown_fields)]
pub enum Answer {
    Yes,
    No,
    NotApplicable,
    Rating(u8),
    Number(f64),
    /// Index into the item's options.
    Choice(usize),
    Note(String),
}

/// How an answer scored: `None` when it does not count (N/A, a note, or an answer that
/// does not fit the item).
pub fn item_score(kind: &ItemKind, answer: &Answer) -> Option<f64> {
    match (kind, answer) {
        (ItemKind::YesNo, Answer::Yes) => Some(1.0),
        (ItemKind::YesNo, Answer::No) => Some(0.0),
        (ItemKind::Rating { .. }, Answer::Rating(r)) if (1..=5).contains(r) => Some(f64::from(r - 1) / 4.0),
        (ItemKind::Number { target, at_most, .. }, Answer::Number(n)) if n.is_finite() => {
            let met = if *at_most { n <= target } else { n >= target };
            Some(if met { 1.0 } else { 0.0 })
        }
        (ItemKind::Choice { options }, Answer::Choice(i)) => options.get(*i).map(|o| o.score.clamp(0.0, 1.0)),
        _ => None,
    }
}

/// Whether a scored answer counts as a failure of the item.
pub fn item_failed(kind: &ItemKind, answer: &Answer) -> bool {
    match (kind, answer) {
        (ItemKind::Rating { threshold }, Answer::Rating(r)) => (1..=5).contains(r) && r < threshold,
        _ => item_score(kind, answer) == Some(0.0),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditScore {
    /// 0–100, or `None` while nothing scored is answered.
    pub score: Option<f64>,
    /// Per section, in template order.
    pub sections: Vec<Option<f64>>,
    /// Keys of failed items, critical ones first.
    pub failed_items: Vec<String>,
    pub critical_failed: bool,
    pub passed: bool,
    /// Answered of all items (for the progress bar).
    pub answered: usize,
    pub total: usize,
}

/// Scores `answers` (by item key) against the template's sections.
pub fn score(sections: &[TemplateSection], answers: &BTreeMap<String, Answer>, pass_mark: f64) -> AuditScore {
    let (mut earned, mut possible) = (0.0, 0.0);
    let mut section_scores = Vec::with_capacity(sections.len());
    let (mut critical, mut other) = (Vec::new(), Vec::new());
    let (mut answered, mut total) = (0, 0);
    for section in sections {
        let (mut s_earned, mut s_possible) = (0.0, 0.0);
        for item in &section.items {
            total += 1;
            let Some(answer) = answers.get(&item.key) else { continue };
            answered += 1;
            if let Some(points) = item_score(&item.kind, answer) {
                let weight = f64::from(item.weight);
                s_earned += weight * points;
                s_possible += weight;
            }
            if item_failed(&item.kind, answer) {
                if item.critical { &mut critical } else { &mut other }.push(item.key.clone());
            }
        }
        section_scores.push(percent(s_earned, s_possible));
        earned += s_earned;
        possible += s_possible;
    }
    let score = percent(earned, possible);
    let critical_failed = !critical.is_empty();
    critical.extend(other);
    AuditScore {
        score,
        sections: section_scores,
        failed_items: critical,
        critical_failed,
        passed: !critical_failed && score.is_some_and(|s| s >= pass_mark),
        answered,
        total,
    }
}

fn percent(earned: f64, possible: f64) -> Option<f64> {
    (possible > 0.0).then(|| (100.0 * earned / possible).clamp(0.0, 100.0))
}

/// Keys of required items still without an answer, which block submission.
pub fn missing_required(sections: &[TemplateSection], answers: &BTreeMap<String, Answer>) -> Vec<String> {
    sections
        .iter()
        .flat_map(|s| &s.items)
        .filter(|i| i.required && !answers.contains_key(&i.key))
        .map(|i| i.key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(key: &str, kind: ItemKind, weight: u32, critical: bool) -> TemplateItem {
        TemplateItem {
            key: key.into(),
            text: key.into(),
            guidance: String::new(),
            kind,
            weight,
            critical,
            required: true,
            photo: false,
        }
    }

    fn front_desk() -> Vec<TemplateSection> {
        vec![
            TemplateSection {
                title: "Arrival".into(),
                items: vec![
                    item("greeted", ItemKind::YesNo, 3, false),
                    item("smile", ItemKind::Rating { threshold: 3 }, 2, false),
                ],
            },
            TemplateSection {
                title: "Check-in".into(),
                items: vec![
                    item("id_checked", ItemKind::YesNo, 5, true),
                    item(
                        "minutes",
                        ItemKind::Number {
                            target: 5.0,
                            at_most: true,
                            unit: "min".into(),
                        },
                        2,
                        false,
                    ),
                    item("remarks", ItemKind::Note, 1, false),
                ],
            },
        ]
    }

    fn answers(list: &[(&str, Answer)]) -> BTreeMap<String, Answer> {
        list.iter().map(|(k, a)| ((*k).to_owned(), a.clone())).collect()
    }

    #[test]
    fn a_worked_example() {
        let a = answers(&[
            ("greeted", Answer::Yes),
            ("smile", Answer::Rating(4)),
            ("id_checked", Answer::Yes),
            ("minutes", Answer::Number(7.0)),
            ("remarks", Answer::Note("calm lobby".into())),
        ]);
        let s = score(&front_desk(), &a, 80.0);
        // (3×1 + 2×0.75 + 5×1 + 2×0) / (3 + 2 + 5 + 2) = 9.5 / 12
        assert!((s.score.unwrap() - 950.0 / 12.0).abs() < 1e-9);
        assert!((s.sections[0].unwrap() - 90.0).abs() < 1e-9);
        assert!((s.sections[1].unwrap() - 500.0 / 7.0).abs() < 1e-9);
        assert_eq!(s.failed_items, ["minutes"]);
        assert!(!s.passed, "79.2 is under the mark of 80");
        assert_eq!((s.answered, s.total), (5, 5));
    }

    #[test]
    fn a_failed_critical_item_fails_a_high_score() {
        let a = answers(&[
            ("greeted", Answer::Yes),
            ("smile", Answer::Rating(5)),
            ("id_checked", Answer::No),
        ]);
        let s = score(&front_desk(), &a, 10.0);
        assert!(s.critical_failed && !s.passed);
        assert_eq!(s.failed_items, ["id_checked"]);
    }

    #[test]
    fn not_applicable_is_left_out_and_nothing_answered_has_no_score() {
        let all_na = answers(&[
            ("greeted", Answer::NotApplicable),
            ("id_checked", Answer::NotApplicable),
        ]);
        let s = score(&front_desk(), &all_na, 50.0);
        assert_eq!(s.score, None);
        assert!(!s.passed);
        let one = answers(&[("greeted", Answer::NotApplicable), ("id_checked", Answer::Yes)]);
        assert_eq!(score(&front_desk(), &one, 50.0).score, Some(100.0));
    }

    #[test]
    fn required_items_are_listed_until_answered() {
        let a = answers(&[("greeted", Answer::Yes)]);
        assert_eq!(
            missing_required(&front_desk(), &a),
            ["smile", "id_checked", "minutes", "remarks"]
        );
    }

    #[test]
    fn templates_read_and_write_as_json() {
        let json = r#"{"key": "phone", "text": "Phone answered", "kind": "number", "target": 15, "at_most": true,
                       "unit": "s", "weight": 3, "critical": true}"#;
        let item: TemplateItem = serde_json::from_str(json).unwrap();
        assert_eq!(
            item.kind,
            ItemKind::Number {
                target: 15.0,
                at_most: true,
                unit: "s".into()
            }
        );
        assert!(item.critical && !item.required);
        let again: TemplateItem = serde_json::from_str(&serde_json::to_string(&item).unwrap()).unwrap();
        assert_eq!(again, item);
        let answer: Answer = serde_json::from_str(r#"{"type": "rating", "value": 4}"#).unwrap();
        assert_eq!(answer, Answer::Rating(4));
    }

    #[test]
    fn answers_that_do_not_fit_the_item_do_not_score() {
        assert_eq!(item_score(&ItemKind::YesNo, &Answer::Rating(3)), None);
        assert_eq!(item_score(&ItemKind::Rating { threshold: 3 }, &Answer::Rating(9)), None);
        assert_eq!(
            item_score(
                &ItemKind::Number {
                    target: 15.0,
                    at_most: true,
                    unit: "s".into()
                },
                &Answer::Number(f64::NAN)
            ),
            None
        );
        let choice = ItemKind::Choice {
            options: vec![ChoiceOption {
                label: "a".into(),
                score: 1.0,
            }],
        };
        assert_eq!(item_score(&choice, &Answer::Choice(3)), None);
    }

    fn any_kind() -> impl Strategy<Value = ItemKind> {
        prop_oneof![
            Just(ItemKind::YesNo),
            (1u8..=5).prop_map(|threshold| ItemKind::Rating { threshold }),
            (0.0f64..100.0, any::<bool>()).prop_map(|(target, at_most)| ItemKind::Number {
                target,
                at_most,
                unit: "s".into()
            }),
            proptest::collection::vec(0.0f64..=1.0, 1..4).prop_map(|scores| ItemKind::Choice {
                options: scores
                    .into_iter()
                    .map(|score| ChoiceOption {
                        label: "o".into(),
                        score
                    })
                    .collect()
            }),
            Just(ItemKind::Note),
        ]
    }

    fn any_answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            Just(Answer::Yes),
            Just(Answer::No),
            Just(Answer::NotApplicable),
            (0u8..=6).prop_map(Answer::Rating),
            (-10.0f64..200.0).prop_map(Answer::Number),
            (0usize..5).prop_map(Answer::Choice),
            Just(Answer::Note("n".into())),
        ]
    }

    fn any_form() -> impl Strategy<Value = (Vec<TemplateSection>, BTreeMap<String, Answer>)> {
        proptest::collection::vec(
            (any_kind(), 1u32..=10, any::<bool>(), proptest::option::of(any_answer())),
            1..12,
        )
        .prop_map(|items| {
            let mut answers = BTreeMap::new();
            let items = items
                .into_iter()
                .enumerate()
                .map(|(n, (kind, weight, critical, answer))| {
                    let key = format!("i{n}");
                    if let Some(a) = answer {
                        answers.insert(key.clone(), a);
                    }
                    item(&key, kind, weight, critical)
                })
                .collect();
            (
                vec![TemplateSection {
                    title: "s".into(),
                    items,
                }],
                answers,
            )
        })
    }

    proptest! {
        #[test]
        fn scores_stay_between_0_and_100((sections, answers) in any_form()) {
            let s = score(&sections, &answers, 80.0);
            for value in s.sections.iter().flatten().chain(s.score.iter()) {
                prop_assert!((0.0..=100.0).contains(value));
            }
            prop_assert_eq!(s.score, s.sections[0]);
        }

        #[test]
        fn not_applicable_changes_nothing((sections, mut answers) in any_form(), extra_weight in 1u32..=10) {
            let before = score(&sections, &answers, 80.0);
            let mut more = sections.clone();
            more[0].items.push(item("na", ItemKind::YesNo, extra_weight, true));
            answers.insert("na".into(), Answer::NotApplicable);
            let after = score(&more, &answers, 80.0);
            prop_assert_eq!(before.score, after.score);
            prop_assert_eq!(before.passed, after.passed);
        }

        #[test]
        fn heavier_good_answers_pull_the_score_up((sections, answers) in any_form(), w in 1u32..=5) {
            // Adding a perfect answer never lowers the score; adding a failing one never raises it.
            let before = score(&sections, &answers, 0.0).score;
            for (answer, up) in [(Answer::Yes, true), (Answer::No, false)] {
                let mut more = sections.clone();
                more[0].items.push(item("extra", ItemKind::YesNo, w, false));
                let mut a = answers.clone();
                a.insert("extra".into(), answer);
                let after = score(&more, &a, 0.0).score.unwrap();
                if let Some(b) = before {
                    let moved_right_way = if up { after >= b - 1e-9 } else { after <= b + 1e-9 };
                    prop_assert!(moved_right_way, "{} then {}", b, after);
                }
            }
        }

        #[test]
        fn weights_count_in_proportion(w1 in 1u32..=10, w2 in 1u32..=10) {
            let sections = vec![TemplateSection { title: "s".into(), items: vec![
                item("a", ItemKind::YesNo, w1, false),
                item("b", ItemKind::YesNo, w2, false),
            ]}];
            let s = score(&sections, &answers(&[("a", Answer::Yes), ("b", Answer::No)]), 50.0);
            let expected = 100.0 * f64::from(w1) / f64::from(w1 + w2);
            prop_assert!((s.score.unwrap() - expected).abs() < 1e-9);
        }

        #[test]
        fn any_failed_critical_item_fails_the_audit((sections, answers) in any_form()) {
            let s = score(&sections, &answers, 0.0);
            let critical_failure = sections[0].items.iter().any(|i| {
                i.critical && answers.get(&i.key).is_some_and(|a| item_failed(&i.kind, a))
            });
            prop_assert_eq!(s.critical_failed, critical_failure);
            if critical_failure {
                prop_assert!(!s.passed);
            }
        }
    }
}
