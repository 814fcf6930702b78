//! The demo hotel's training: first-week standards, complaint handling basics (with the
//! three follow-up levels to put in order), a library of 20 crisis cases of which each
//! attempt draws 5, a 90-day review, and the 90-day onboarding plan for the newest
//! colleague.

use bellhop_api::quiz::{AnswerKey, PartialCredit};
use bellhop_api::training::{Draw, PlanStep, QuestionInput, Quiz, ReviewPolicy, Selection};
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::routes::training::{bank, to_body};

fn question(category: &str, prompt: &str, options: &[&str], key: AnswerKey, explanation: &str) -> QuestionInput {
    QuestionInput {
        id: Uuid::new_v4(),
        category: category.into(),
        tags: vec![],
        prompt: prompt.into(),
        case: None,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        key,
        explanation: explanation.into(),
        points: 1,
    }
}

fn single(correct: usize) -> AnswerKey {
    AnswerKey::SingleChoice { correct }
}

fn number(expected: f64) -> AnswerKey {
    AnswerKey::Numeric {
        expected,
        tolerance: 0.0,
    }
}

fn standards() -> Vec<QuestionInput> {
    vec![
        question(
            "standards",
            "Within how many seconds is a ringing phone answered?",
            &[],
            number(15.0),
            "Audits time it: the phone is answered within 15 seconds.",
        ),
        question(
            "standards",
            "At most how many minutes may a check-in take?",
            &[],
            number(5.0),
            "Check-in takes at most 5 minutes; prepare keys and forms before the guest arrives.",
        ),
        question(
            "standards",
            "Within how many minutes does the urgent-repair team respond (e.g. a broken air conditioner)?",
            &[],
            number(15.0),
            "Urgent needs get a 15-minute response team.",
        ),
        question(
            "standards",
            "How many key steps has the check-out room inspection?",
            &["Two", "Three", "Five"],
            single(1),
            "Three key steps, each ticked in the task's checklist.",
        ),
        question(
            "standards",
            "Greeting, smile and standing distance are scored in mystery-shopper audits.",
            &[],
            AnswerKey::TrueFalse { correct: true },
            "They are part of the quantified service standards.",
        ),
    ]
}

fn complaints() -> Vec<QuestionInput> {
    let mut tags = question(
        "complaints",
        "Put the three follow-up levels of a negative review in order, first step first.",
        &[
            "The customer-service manager contacts the guest",
            "The department head reviews what happened",
            "The general manager spot-checks the follow-up",
        ],
        AnswerKey::Ordering { correct: vec![0, 1, 2] },
        "Contact first, then the department's review, then the general manager's spot check.",
    );
    tags.tags = vec!["follow-up".into(), "reviews".into()];
    vec![
        tags,
        question(
            "complaints",
            "Within how many minutes must a complaint get its first response?",
            &[],
            number(15.0),
            "First response within 15 minutes, day or night.",
        ),
        question(
            "complaints",
            "Who owns a complaint until it is closed?",
            &[
                "The colleague who first hears it",
                "The duty manager",
                "The department the problem belongs to",
            ],
            single(0),
            "First responder owns it: they keep the guest informed even when another department fixes it.",
        ),
        question(
            "complaints",
            "Within how many hours do we promise to respond to a negative online review?",
            &[],
            number(48.0),
            "The 48-hour response promise.",
        ),
        question(
            "complaints",
            "A problem that keeps coming back becomes an improvement item on the tracking board.",
            &[],
            AnswerKey::TrueFalse { correct: true },
            "Recurring problems are worked plan-do-check-act on the board.",
        ),
        question(
            "complaints",
            "A guest complains at the desk. Which of these do you do?",
            &[
                "Listen without interrupting",
                "Apologise for the experience",
                "Explain why the guest is wrong",
                "Record the complaint in the portal",
            ],
            AnswerKey::MultipleChoice {
                correct: vec![0, 1, 3],
                rule: PartialCredit::RightMinusWrong,
            },
            "Listen, apologise, record. Arguing about facts loses the guest.",
        ),
        question(
            "complaints",
            "What share of complaints do we close within 24 hours?",
            &["50 %", "75 %", "90 %", "100 %"],
            single(2),
            "90 % within 24 hours.",
        ),
        question(
            "complaints",
            "Once you have passed a complaint to another department, it is no longer yours.",
            &[],
            AnswerKey::TrueFalse { correct: false },
            "You stay its owner until the guest is satisfied.",
        ),
        question(
            "complaints",
            "A guest calls at 23:00 about noise from the next room. What first?",
            &[
                "Promise to look into it tomorrow",
                "Apologise and send security to the room now",
                "Offer a discount at check-out",
            ],
            single(1),
            "Act while it matters to the guest: now.",
        ),
        question(
            "complaints",
            "Which belong in the complaint record?",
            &[
                "Room number",
                "The guest's own words",
                "Time it was raised",
                "Your opinion of the guest",
            ],
            AnswerKey::MultipleChoice {
                correct: vec![0, 1, 2],
                rule: PartialCredit::AllOrNothing,
            },
            "Facts and the guest's words; never opinions about the guest.",
        ),
    ]
}

/// (case, question, options, right option, explanation)
const CRISES: [(&str, &str, [&str; 3], usize, &str); 20] = [
    (
        "The fire alarm sounds at 03:00 on floor 11.",
        "What do you do first?",
        [
            "Reset the alarm panel",
            "Follow the fire plan: call the fire brigade and start floor evacuation",
            "Phone the guests on floor 11 one by one",
        ],
        1,
        "Never assume a false alarm: the fire plan starts at once.",
    ),
    (
        "A guest slips on the wet lobby floor and cannot stand up.",
        "What first?",
        [
            "Help them to a chair",
            "Keep them still, call first aid and an ambulance if needed, secure the area",
            "Ask them to sign an incident form",
        ],
        1,
        "Do not move an injured person; get help and make the spot safe.",
    ),
    (
        "A parent reports their six-year-old missing in the pool area.",
        "What first?",
        [
            "Announce a lost-child alert and guard the exits while staff search",
            "Wait ten minutes in case the child comes back",
            "Ask the parent to search the rooms",
        ],
        0,
        "Alert, secure the exits, search: minutes matter.",
    ),
    (
        "The power fails across the hotel at 20:00; the generator starts but lifts stop.",
        "What first?",
        [
            "Check the lifts for trapped guests and reassure them by intercom",
            "Restart the lifts by hand",
            "Send guests to their rooms",
        ],
        0,
        "People trapped in lifts come first; engineers restore power.",
    ),
    (
        "A guest collapses in the restaurant and is not breathing.",
        "What first?",
        [
            "Call an ambulance, start CPR and send for the defibrillator",
            "Move the guest to the lobby",
            "Offer water",
        ],
        0,
        "Call, CPR, defibrillator, without delay.",
    ),
    (
        "Water pours from the ceiling of room 1004.",
        "What first?",
        [
            "Move the guest to another room and call engineering to stop the water",
            "Put towels down and leave",
            "Ask the guest to wait until morning",
        ],
        0,
        "Guest safety and comfort first, then stop the leak.",
    ),
    (
        "A guest shows symptoms of food poisoning after dinner.",
        "What first?",
        [
            "Get medical help, keep samples of the dish and inform the F&B manager",
            "Throw the dish away",
            "Tell the guest it cannot be our food",
        ],
        0,
        "Care for the guest and keep the evidence for the investigation.",
    ),
    (
        "Two guests start a loud fight in the bar.",
        "What first?",
        [
            "Call security and keep other guests away",
            "Step between them",
            "Serve them another drink to calm them",
        ],
        0,
        "Do not put yourself in danger; security handles it.",
    ),
    (
        "An unattended bag has been in the lobby for an hour.",
        "What first?",
        [
            "Open it to find the owner",
            "Do not touch it; inform security and follow the suspicious-item plan",
            "Take it to lost property",
        ],
        1,
        "Suspicious items are not touched; security decides.",
    ),
    (
        "A guest threatens to post a bad review unless the stay is free.",
        "What first?",
        [
            "Give the stay for free at once",
            "Listen, stay calm, involve the duty manager and solve the real problem",
            "Ask the guest to leave",
        ],
        1,
        "Solve the actual complaint; compensation is the manager's decision.",
    ),
    (
        "Smoke comes out of a kitchen extractor during dinner service.",
        "What first?",
        [
            "Switch off the equipment, use the kitchen fire system and raise the alarm",
            "Open the windows",
            "Carry on cooking",
        ],
        0,
        "Cut the source and raise the alarm before it spreads.",
    ),
    (
        "A guest does not answer the door or phone; the do-not-disturb sign has hung for two days.",
        "What first?",
        [
            "Wait another day",
            "Enter with a second colleague and the duty manager to check on the guest",
            "Slide a note under the door",
        ],
        1,
        "A welfare check is done in pairs with a manager.",
    ),
    (
        "A lift stops between floors with three guests inside.",
        "What first?",
        [
            "Talk to them by intercom, call engineering and the lift company",
            "Force the doors open",
            "Tell them to wait quietly",
        ],
        0,
        "Reassure and get trained help; never force a lift.",
    ),
    (
        "A guest's credit card is refused at check-out and they become angry.",
        "What first?",
        [
            "Discreetly offer another payment method and keep the conversation private",
            "Announce the problem loudly",
            "Call the police",
        ],
        0,
        "Protect the guest's dignity and find a solution.",
    ),
    (
        "A typhoon warning is raised for tonight.",
        "What first?",
        [
            "Follow the typhoon plan: secure outdoor items, inform guests, prepare supplies",
            "Ignore it until it arrives",
            "Send all staff home",
        ],
        0,
        "The plan is followed early, not when the wind arrives.",
    ),
    (
        "A journalist asks at the desk about an incident at the hotel.",
        "What do you say?",
        [
            "Tell them everything you know",
            "Refer them politely to the general manager or spokesperson",
            "Say nothing happened",
        ],
        1,
        "Only the named spokesperson speaks for the hotel.",
    ),
    (
        "A guest reports that valuables are missing from their room safe.",
        "What first?",
        [
            "Apologise, call the duty manager and security, and keep the room untouched",
            "Search the room yourself",
            "Tell the guest they probably lost them",
        ],
        0,
        "Keep the room as it is for the investigation.",
    ),
    (
        "A housekeeper finds needles and drugs in a room.",
        "What first?",
        [
            "Throw them away",
            "Do not touch them; leave the room and inform security",
            "Ask the guest about them",
        ],
        1,
        "Safety first; security and, if needed, the police handle it.",
    ),
    (
        "A guest with a severe nut allergy has eaten a dessert containing nuts.",
        "What first?",
        [
            "Call an ambulance, ask if they carry an adrenaline injector and help them use it",
            "Give them water and wait",
            "Find the recipe",
        ],
        0,
        "Anaphylaxis is an emergency: ambulance and adrenaline.",
    ),
    (
        "A gas smell is reported in the basement car park.",
        "What first?",
        [
            "Switch on the lights to look",
            "Keep people out, avoid sparks, call the gas emergency line and engineering",
            "Open a can of air freshener",
        ],
        1,
        "No switches or sparks; clear the area and call the experts.",
    ),
];

fn crises() -> Vec<QuestionInput> {
    CRISES
        .iter()
        .map(|(case, prompt, options, right, explanation)| {
            let mut q = question("crisis", prompt, options, single(*right), explanation);
            q.case = Some((*case).to_owned());
            q.tags = vec!["crisis".into()];
            q
        })
        .collect()
}

fn quiz(title: &str, selection: Selection) -> Quiz {
    Quiz::new(Uuid::new_v4(), title, selection)
}

fn fixed(questions: &[QuestionInput]) -> Selection {
    Selection::Fixed {
        question_ids: questions.iter().map(|q| q.id).collect(),
    }
}

fn draw(category: &str, count: u32) -> Draw {
    Draw {
        category: category.into(),
        count,
    }
}

/// Seeds the bank, the quizzes and the onboarding plan; `newest` follows the plan.
pub async fn seed(conn: &mut AnyConnection, property_id: &str, newest: &str, now: i64) -> ApiResult<()> {
    let (standards, complaints, crises) = (standards(), complaints(), crises());
    for set in [&standards, &complaints, &crises] {
        bank::store_all(conn, property_id, set, now).await?;
    }
    let first_week = Quiz {
        description: "The numbers every colleague knows by heart.".into(),
        ..quiz("First-week standards", fixed(&standards))
    };
    let basics = Quiz {
        description: "Owning a complaint, the response times and the three follow-up levels.".into(),
        time_limit_mins: Some(10),
        max_attempts: Some(3),
        wait_mins: 60,
        review: ReviewPolicy::AfterPassing,
        certificate_months: Some(12),
        ..quiz("Complaint handling basics", fixed(&complaints))
    };
    let crisis = Quiz {
        description: "Five cases drawn from the library of twenty.".into(),
        time_limit_mins: Some(15),
        certificate_months: Some(24),
        ..quiz(
            "Crisis cases",
            Selection::Draw {
                draws: vec![draw("crisis", 5)],
            },
        )
    };
    let review = Quiz {
        description: "A mixed check at the end of the first 90 days.".into(),
        time_limit_mins: Some(20),
        ..quiz(
            "90-day review",
            Selection::Draw {
                draws: vec![draw("standards", 2), draw("complaints", 4), draw("crisis", 4)],
            },
        )
    };
    let quizzes = [first_week, basics, crisis, review];
    for q in &quizzes {
        sqlx::query(
            "INSERT INTO training_quizzes (id, property_id, title, body, archived, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 0, $5, $5)",
        )
        .bind(q.id.to_string())
        .bind(property_id)
        .bind(&q.title)
        .bind(to_body(q))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    let steps: Vec<PlanStep> = quizzes
        .iter()
        .zip([7, 30, 60, 90])
        .map(|(q, day)| PlanStep { quiz_id: q.id, day })
        .collect();
    let plan = Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO training_plans (id, property_id, name, steps, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&plan)
        .bind(property_id)
        .bind("90-day onboarding")
        .bind(to_body(&steps))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO training_plan_members (plan_id, staff_id, property_id, assigned_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&plan)
    .bind(newest)
    .bind(property_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_question_passes_the_checks() {
        for q in standards().iter().chain(&complaints()).chain(&crises()) {
            bellhop_api::training::question(q).unwrap_or_else(|e| panic!("{}: {e:?}", q.prompt));
        }
        assert_eq!(complaints().len(), 10);
        assert_eq!(crises().len(), 20);
    }
}
