//! The monthly Service Star: peer ballots blended with guest compliments and skills
//! scores. One implementation, used by the server to name the star and by the results
//! page to explain the formula.
//!
//! - **Peer**: each ballot weighs 1 / (eligible voters in the voter's department), so
//!   every department has the same say however large it is; a candidate's peer share is
//!   their weighted ballots divided by the number of departments that have voters (0–1).
//! - **Guest**: compliments divided by the most any candidate received (0–1).
//! - **Skills**: the month's training and audit results, 0–100, divided by 100.
//! - **Blend**: 100 × Σ weight × share / Σ weight, over the inputs that exist this month
//!   (without any skills results their weight falls to the other two).
//! - **Ties** go to the higher peer share, then more compliments, then the higher skills
//!   score, then the lower employee number.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::reason::FieldReason;

/// Percentages; they need not add up to 100, only their ratio counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub peer: u32,
    pub guest: u32,
    pub skills: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            peer: 40,
            guest: 40,
            skills: 20,
        }
    }
}

/// One eligible colleague and what the month brought them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub employee_no: String,
    /// Departments of the colleagues who voted for them, one entry per ballot.
    pub ballots_from: Vec<String>,
    pub compliments: u32,
    /// 0–100, if they had training or audit results this month.
    pub skills: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    pub employee_no: String,
    /// 0–100.
    pub score: f64,
    pub peer_share: f64,
    pub guest_share: f64,
    pub skills_share: f64,
}

/// The weights in force: skills drops out when nobody has a skills result.
pub fn effective_weights(weights: Weights, any_skills: bool) -> [f64; 3] {
    let skills = if any_skills { weights.skills } else { 0 };
    let total = f64::from(weights.peer + weights.guest + skills);
    if total == 0.0 {
        return [0.0; 3];
    }
    [
        f64::from(weights.peer) / total,
        f64::from(weights.guest) / total,
        f64::from(skills) / total,
    ]
}

impl Weights {
    /// The weights in force as whole percentages adding up to 100 (as the results page
    /// shows them): without any skills result, skills' share goes to the other two.
    pub fn in_force(self, any_skills: bool) -> Weights {
        let [peer, guest, _] = effective_weights(self, any_skills);
        let peer = (peer * 100.0).round() as u32;
        let guest = (guest * 100.0).round() as u32;
        Weights {
            peer,
            guest,
            skills: if peer + guest == 0 { 0 } else { 100 - peer - guest },
        }
    }
}

/// Every candidate's standing, best first. `voters_per_department` counts the eligible
/// voters of each department.
pub fn rank(
    candidates: &[Candidate],
    voters_per_department: &BTreeMap<String, u32>,
    weights: Weights,
) -> Vec<Standing> {
    let departments = voters_per_department.values().filter(|&&n| n > 0).count().max(1) as f64;
    let most_compliments = candidates.iter().map(|c| c.compliments).max().unwrap_or(0);
    let any_skills = candidates.iter().any(|c| c.skills.is_some());
    let [wp, wg, ws] = effective_weights(weights, any_skills);
    let mut standings: Vec<(Standing, &Candidate)> = candidates
        .iter()
        .map(|c| {
            // Count per department first: 30 × (1/30) in floating point is not 1.
            let mut per_department: BTreeMap<&str, u32> = BTreeMap::new();
            for d in &c.ballots_from {
                *per_department.entry(d).or_default() += 1;
            }
            let peer: f64 = per_department
                .iter()
                .filter_map(|(d, votes)| {
                    let voters = voters_per_department.get(*d).copied().filter(|&n| n > 0)?;
                    Some(f64::from(*votes) / f64::from(voters))
                })
                .sum();
            let peer_share = (peer / departments).clamp(0.0, 1.0);
            let guest_share = if most_compliments == 0 {
                0.0
            } else {
                f64::from(c.compliments) / f64::from(most_compliments)
            };
            let skills_share = c.skills.map_or(0.0, |s| (s / 100.0).clamp(0.0, 1.0));
            let score = settle((100.0 * (wp * peer_share + wg * guest_share + ws * skills_share)).clamp(0.0, 100.0));
            let (peer_share, guest_share, skills_share) =
                (settle(peer_share), settle(guest_share), settle(skills_share));
            (
                Standing {
                    employee_no: c.employee_no.clone(),
                    score,
                    peer_share,
                    guest_share,
                    skills_share,
                },
                c,
            )
        })
        .collect();
    standings.sort_by(|(a, ca), (b, cb)| {
        b.score
            .total_cmp(&a.score)
            .then(b.peer_share.total_cmp(&a.peer_share))
            .then(cb.compliments.cmp(&ca.compliments))
            .then(cb.skills.unwrap_or(-1.0).total_cmp(&ca.skills.unwrap_or(-1.0)))
            .then_with(|| a.employee_no.cmp(&b.employee_no))
    });
    standings.into_iter().map(|(s, _)| s).collect()
}

/// Rounds to a millionth, so that equal standings reached by different sums tie exactly.
fn settle(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

// ---- wire types -------------------------------------------------------------------

wire_codes! {
    /// Where a month's cycle stands, in the property's time zone.
    #[derive(Deserialize)]
    pub enum CycleState {
        /// Before the voting days.
        Upcoming = "upcoming",
        /// Ballots may be cast and changed.
        Open = "open",
        /// The voting days are over; a manager closes the count.
        Counting = "counting",
        /// Results are out.
        Closed = "closed",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StarCycle {
    /// `YYYY-MM`.
    pub month: String,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub opens_at: chrono::DateTime<chrono::Utc>,
    #[serde(deserialize_with = "crate::timestamp::read")]
    pub closes_at: chrono::DateTime<chrono::Utc>,
    pub state: CycleState,
    /// Whom the signed-in person voted for (only ever shown to them).
    pub my_choice: Option<uuid::Uuid>,
    /// An earlier month whose voting days are over and whose count a manager has yet
    /// to close (`YYYY-MM`).
    pub awaiting_close: Option<String>,
    /// The latest month with results out (`YYYY-MM`).
    pub last_closed: Option<String>,
}

/// How a property runs its Service Star. Changing the voting days also moves this
/// month's, unless it is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StarSettings {
    /// First voting day of the month (1–28).
    pub open_day: u32,
    /// Last voting day (from `open_day` to 31; past the month's end means its last day).
    pub close_day: u32,
    /// Days with the hotel before someone may vote or be chosen (0–3650).
    pub min_days_employed: u32,
    /// Whether managers and admins may be chosen.
    pub managers_eligible: bool,
    /// Also name a star in each department.
    pub department_stars: bool,
    /// Percentages of the blend; they must add up to 100.
    pub weights: Weights,
}

impl Default for StarSettings {
    fn default() -> Self {
        StarSettings {
            open_day: 20,
            close_day: 31,
            min_days_employed: 0,
            managers_eligible: false,
            department_stars: false,
            weights: Weights::default(),
        }
    }
}

impl StarSettings {
    pub fn validate(&self) -> Result<(), crate::validate::FieldErrors> {
        let mut errors = crate::validate::FieldErrors::new();
        let mut refuse = |field: &str, reason: FieldReason| errors.insert(field.to_owned(), reason);
        if !(1..=28).contains(&self.open_day) {
            refuse("open_day", FieldReason::OutOfRange);
        }
        if !(self.open_day..=31).contains(&self.close_day) {
            refuse("close_day", FieldReason::OutOfRange);
        }
        if self.min_days_employed > 3650 {
            refuse("min_days_employed", FieldReason::OutOfRange);
        }
        let w = self.weights;
        if w.peer.checked_add(w.guest).and_then(|s| s.checked_add(w.skills)) != Some(100) {
            refuse("weights", FieldReason::WeightsTotal);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nominee {
    pub id: uuid::Uuid,
    pub display_name: String,
    pub department_id: Option<uuid::Uuid>,
}

/// A ballot; casting again before the close replaces the earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BallotCast {
    pub candidate_id: uuid::Uuid,
    /// Optional, shown anonymously on the results page.
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplimentSource {
    ReviewSite,
    Letter,
    InPerson,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplimentCreate {
    pub id: uuid::Uuid,
    pub staff_id: uuid::Uuid,
    pub source: ComplimentSource,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StarWinner {
    pub staff_id: uuid::Uuid,
    pub display_name: String,
    pub department_id: Option<uuid::Uuid>,
    pub score: f64,
    /// Reasons colleagues gave, without names, in no particular order.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StarResults {
    pub month: String,
    /// `None` when nobody received a vote or a compliment.
    pub winner: Option<StarWinner>,
    /// The weights used (after skills fell away if there were none).
    pub weights: Weights,
    /// The star of each department, when the hotel names them (reasons included).
    pub department_stars: Vec<StarWinner>,
    /// What the signed-in person received.
    pub my_votes: u32,
    pub my_compliments: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WallEntry {
    pub month: String,
    pub staff_id: uuid::Uuid,
    pub display_name: String,
    pub department_id: Option<uuid::Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cycle_states_travel_as_their_codes() {
        crate::codes::assert_codes_round_trip(CycleState::ALL, CycleState::code, CycleState::parse);
    }

    fn candidate(no: &str, ballots: &[&str], compliments: u32, skills: Option<f64>) -> Candidate {
        Candidate {
            employee_no: no.into(),
            ballots_from: ballots.iter().map(|d| (*d).to_owned()).collect(),
            compliments,
            skills,
        }
    }

    fn departments(list: &[(&str, u32)]) -> BTreeMap<String, u32> {
        list.iter().map(|(d, n)| ((*d).to_owned(), *n)).collect()
    }

    #[test]
    fn a_big_department_voting_as_a_bloc_does_not_swamp_a_small_one() {
        // Housekeeping (30 voters) all vote for H1; engineering (5) all vote for E1.
        let hk = vec!["hk"; 30];
        let eng = vec!["eng"; 5];
        let c = [candidate("H1", &hk, 0, None), candidate("E1", &eng, 0, None)];
        let ranked = rank(&c, &departments(&[("hk", 30), ("eng", 5)]), Weights::default());
        assert_eq!(ranked[0].score, ranked[1].score, "each department has one full say");
        assert_eq!(
            ranked[0].employee_no, "E1",
            "a tie goes to the lower employee number after the other rules"
        );
    }

    #[test]
    fn without_skills_results_their_weight_falls_to_the_others() {
        assert_eq!(effective_weights(Weights::default(), false), [0.5, 0.5, 0.0]);
        assert_eq!(effective_weights(Weights::default(), true), [0.4, 0.4, 0.2]);
    }

    #[test]
    fn the_weights_in_force_are_whole_percentages() {
        let w = Weights::default();
        assert_eq!(w.in_force(true), w);
        assert_eq!(
            w.in_force(false),
            Weights {
                peer: 50,
                guest: 50,
                skills: 0
            }
        );
        let odd = Weights {
            peer: 70,
            guest: 30,
            skills: 50,
        };
        assert_eq!(
            odd.in_force(true),
            Weights {
                peer: 47,
                guest: 20,
                skills: 33
            }
        );
    }

    #[test]
    fn ties_break_by_the_documented_rules() {
        let d = departments(&[("fo", 2)]);
        // Same score: A by peers, B by compliments; peers win the tie.
        let weights = Weights {
            peer: 50,
            guest: 50,
            skills: 0,
        };
        let c = [candidate("B", &[], 2, None), candidate("A", &["fo", "fo"], 0, None)];
        let ranked = rank(&c, &d, weights);
        assert_eq!(ranked[0].score, ranked[1].score);
        assert_eq!(ranked[0].employee_no, "A");
    }

    fn any_month() -> impl Strategy<Value = (Vec<Candidate>, BTreeMap<String, u32>)> {
        let department = prop_oneof![Just("fo"), Just("hk"), Just("eng"), Just("fb")];
        let candidate = (
            proptest::collection::vec(department, 0..12),
            0u32..8,
            proptest::option::of(0.0f64..=100.0),
        );
        (
            proptest::collection::vec(candidate, 1..8),
            1u32..40,
            1u32..40,
            1u32..40,
            1u32..40,
        )
            .prop_map(|(cs, fo, hk, eng, fb)| {
                let candidates = cs
                    .into_iter()
                    .enumerate()
                    .map(|(n, (ballots, compliments, skills))| Candidate {
                        employee_no: format!("S{n:03}"),
                        ballots_from: ballots.into_iter().map(str::to_owned).collect(),
                        compliments,
                        skills,
                    })
                    .collect();
                (
                    candidates,
                    departments(&[("fo", fo), ("hk", hk), ("eng", eng), ("fb", fb)]),
                )
            })
    }

    #[test]
    fn settings_keep_the_voting_days_in_order_and_the_weights_at_100() {
        assert_eq!(StarSettings::default().validate(), Ok(()));
        let bad = StarSettings {
            open_day: 25,
            close_day: 24,
            weights: Weights {
                peer: 50,
                guest: 50,
                skills: 10,
            },
            ..StarSettings::default()
        };
        let errors = bad.validate().unwrap_err();
        assert_eq!(errors.get("close_day").copied(), Some(FieldReason::OutOfRange));
        assert_eq!(errors.get("weights").copied(), Some(FieldReason::WeightsTotal));
        let zero_day = StarSettings {
            open_day: 0,
            ..StarSettings::default()
        };
        assert!(zero_day.validate().unwrap_err().contains_key("open_day"));
    }

    proptest! {
        #[test]
        fn weights_add_up(peer in 0u32..100, guest in 0u32..100, skills in 0u32..100, any in any::<bool>()) {
            let w = effective_weights(Weights { peer, guest, skills }, any);
            let sum: f64 = w.iter().sum();
            prop_assert!(sum == 0.0 || (sum - 1.0).abs() < 1e-9);
        }

        #[test]
        fn scores_and_shares_stay_in_bounds((candidates, voters) in any_month()) {
            for s in rank(&candidates, &voters, Weights::default()) {
                prop_assert!((0.0..=100.0).contains(&s.score));
                for share in [s.peer_share, s.guest_share, s.skills_share] {
                    prop_assert!((0.0..=1.0).contains(&share));
                }
            }
        }

        #[test]
        fn the_order_of_the_input_does_not_change_the_result((candidates, voters) in any_month()) {
            let mut reversed = candidates.clone();
            reversed.reverse();
            prop_assert_eq!(rank(&candidates, &voters, Weights::default()), rank(&reversed, &voters, Weights::default()));
        }

        #[test]
        fn one_more_vote_never_lowers_a_score((candidates, voters) in any_month(), who in 0usize..8, from in 0usize..4) {
            let who = who % candidates.len();
            let department = ["fo", "hk", "eng", "fb"][from];
            let score_of = |cs: &[Candidate]| {
                rank(cs, &voters, Weights::default()).into_iter().find(|s| s.employee_no == cs[who].employee_no).unwrap().score
            };
            let before = score_of(&candidates);
            let mut more = candidates.clone();
            more[who].ballots_from.push(department.to_owned());
            prop_assert!(score_of(&more) >= before - 1e-9);
            let mut complimented = candidates.clone();
            complimented[who].compliments += 1;
            prop_assert!(score_of(&complimented) >= before - 1e-9);
        }
    }
}
