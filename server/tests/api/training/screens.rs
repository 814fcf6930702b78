//! What the managers' training screens and the quiz screen ask of the API, on SQLite and
//! PostgreSQL: quiz and plan lists a page at a time, plans rewritten with each member's
//! due dates, and attempts that say whether several options may be picked without
//! giving the key away.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::{
    add_question, add_quiz, another_hotels_manager, answer, as_is, assert_no_leak, assign_person, date, due_dates,
    new_hire, question, result, start, submit, text_of, true_false,
};
use bellhop_api::people::StaffMember;
use bellhop_api::quiz::{AnswerKey, PartialCredit, Response as Reply};
use bellhop_api::training::{
    Attempt, AttemptQuestion, MyTraining, Plan, PlanCreate, PlanMember, PlanMemberAdd, PlanStep, QuestionKind, Quiz,
};
use bellhop_api::{ErrorCode, Page};

use crate::common::*;

on_both_databases!(
    attempt_questions_say_if_several_options_may_be_picked,
    quiz_and_plan_lists_come_in_pages,
    plans_are_rewritten_and_show_each_members_due_dates,
);

async fn attempt_questions_say_if_several_options_may_be_picked(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let lobby = Some("A guest collapses in the busy lobby at 22:00.");
    let several = question(
        "Which of these do you do?",
        lobby,
        &[
            "Call the first aider",
            "Clear space around the guest",
            "Ask the guest to stand up",
        ],
        AnswerKey::MultipleChoice {
            correct: vec![0, 1],
            rule: PartialCredit::AllOrNothing,
        },
    );
    let one = question(
        "Who do you call first?",
        lobby,
        &["The first aider", "The guest's family"],
        AnswerKey::SingleChoice { correct: 0 },
    );
    let plain = question(
        "Which belong in a complaint record?",
        None,
        &["Room number", "Your opinion of the guest"],
        AnswerKey::MultipleChoice {
            correct: vec![0],
            rule: PartialCredit::RightMinusWrong,
        },
    );
    let truth = true_false("Greet every guest?", true);
    let mut ids = Vec::new();
    for q in [several, one, plain, truth] {
        ids.push(add_question(&manager, "first-aid", q).await);
    }
    let quiz = add_quiz(&manager, &ids, as_is).await;
    assign_person(&app, &manager, &quiz, "F101").await;
    let tablet = app.signed_in("F101").await;

    let started = text_of(start(&tablet, &quiz).await, 201).await;
    assert_no_leak(&started);
    let started: Attempt = serde_json::from_str(&started).unwrap();
    let shown = |attempt: &Attempt| -> Vec<(QuestionKind, bool)> {
        attempt.questions.iter().map(|q| (q.kind, q.multiple)).collect()
    };
    let expected = [
        (QuestionKind::Scenario, true),
        (QuestionKind::Scenario, false),
        (QuestionKind::MultipleChoice, true),
        (QuestionKind::TrueFalse, false),
    ];
    assert_eq!(shown(&started), expected);
    let attempt = started.id.to_string();
    let resumed = text_of(tablet.get(&format!("/api/training/attempts/{attempt}")).await, 200).await;
    assert_no_leak(&resumed);
    assert_eq!(shown(&serde_json::from_str(&resumed).unwrap()), expected);

    // The multi-answer scenario takes a set of options, not one.
    refused(answer(&tablet, &attempt, 0, Reply::Choice(0)).await, ErrorCode::Invalid).await;
    let options = &started.questions[0].options;
    let at = |text: &str| options.iter().position(|o| o.starts_with(text)).unwrap();
    let picks = vec![at("Call"), at("Clear")];
    let saved = text_of(answer(&tablet, &attempt, 0, Reply::Choices(picks)).await, 200).await;
    assert_no_leak(&saved);
    let saved: AttemptQuestion = serde_json::from_str(&saved).unwrap();
    assert!(saved.multiple);
    let graded = submit(&tablet, &attempt).await;
    assert_eq!(
        result(&graded).review.as_ref().expect("a review")[0].credit,
        1.0,
        "both right options picked"
    );
}

/// Walks every page of `path` (limit `n`) and returns the items.
async fn every_page<T: DeserializeOwned>(browser: &Browser, path: &str, n: u32) -> Vec<T> {
    let mut items = Vec::new();
    loop {
        let offset = items.len();
        let page: Page<T> = browser.get_ok(&format!("{path}?limit={n}&offset={offset}")).await;
        let got = page.items.len();
        assert!(got <= n as usize, "{path}: at most the limit");
        assert_eq!(page.offset as usize, offset);
        items.extend(page.items);
        if got == 0 || items.len() as u64 >= page.total {
            return items;
        }
    }
}

async fn quiz_and_plan_lists_come_in_pages(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let seeded: Page<Quiz> = manager.get_ok("/api/training/quizzes").await;
    assert_eq!(seeded.total, 4, "the demo hotel's quizzes");
    let q = add_question(&manager, "paging", true_false("Paged?", true)).await;
    let mut added = Vec::new();
    for _ in 0..3 {
        added.push(add_quiz(&manager, std::slice::from_ref(&q), as_is).await);
    }

    let quizzes: Vec<Quiz> = every_page(&manager, "/api/training/quizzes", 3).await;
    let titles: Vec<&str> = quizzes.iter().map(|q| q.title.as_str()).collect();
    assert_eq!(titles.len(), 7);
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted, "by title across pages");
    let ids: BTreeSet<Uuid> = quizzes.iter().map(|q| q.id).collect();
    assert_eq!(ids.len(), 7, "no quiz on two pages");
    assert!(added.iter().all(|a| ids.contains(&uuid(a))));

    // The page size has a hard upper bound, and only the paging parameters are read.
    let big: Page<Quiz> = manager.get_ok("/api/training/quizzes?limit=100000").await;
    assert_eq!((big.limit, big.items.len()), (200, 7));
    let tiny: Page<Quiz> = manager.get_ok("/api/training/quizzes?limit=0").await;
    assert_eq!(tiny.limit, 1);
    refused(
        manager.get("/api/training/quizzes?limit=lots").await,
        ErrorCode::MalformedRequest,
    )
    .await;
    refused(
        manager.get("/api/training/quizzes?page=2").await,
        ErrorCode::MalformedRequest,
    )
    .await;
    // A retired quiz leaves the pages.
    assert_eq!(
        manager
            .delete(&format!("/api/training/quizzes/{}", added[0]))
            .await
            .status(),
        204
    );
    let after: Page<Quiz> = manager.get_ok("/api/training/quizzes?limit=1").await;
    assert_eq!(after.total, 6);

    for name in ["Bar team", "Concierge desk"] {
        let plan = PlanCreate {
            id: Uuid::new_v4(),
            name: name.into(),
            steps: vec![PlanStep {
                quiz_id: uuid(&added[1]),
                day: 14,
            }],
        };
        let _: Plan = manager.post_created("/api/training/plans", &plan).await;
    }
    let plans: Vec<Plan> = every_page(&manager, "/api/training/plans", 2).await;
    let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["90-day onboarding", "Bar team", "Concierge desk"]);
    let first: Page<Plan> = manager.get_ok("/api/training/plans?limit=1").await;
    assert_eq!((first.total, first.items.len()), (3, 1));
    assert_eq!(
        first.items[0].members[0].display_name, "Ricky Tsang",
        "the demo plan's newest colleague"
    );
    let big: Page<Plan> = manager.get_ok("/api/training/plans?limit=100000").await;
    assert_eq!(big.limit, 200);
    let supervisor = app.signed_in("S101").await;
    refused(
        supervisor.get("/api/training/plans?limit=1").await,
        ErrorCode::Forbidden,
    )
    .await;
}

async fn plans_are_rewritten_and_show_each_members_due_dates(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let admin = app.signed_in("A001").await;
    let hired = date("2026-01-25");
    let person: StaffMember = admin
        .post_created("/api/staff", &new_hire("N778", "Nora Hui", hired))
        .await;
    let staff_id = person.id;
    let q = add_question(&manager, "plans", true_false("Ready?", true)).await;
    let (week, month) = (
        uuid(add_quiz(&manager, std::slice::from_ref(&q), as_is).await),
        uuid(add_quiz(&manager, std::slice::from_ref(&q), as_is).await),
    );
    let id = Uuid::new_v4();
    let step = |quiz_id: Uuid, day: u32| PlanStep { quiz_id, day };
    let plan = PlanCreate {
        id,
        name: "Front desk start".into(),
        steps: vec![step(week, 7)],
    };
    let _: Plan = manager.post_created("/api/training/plans", &plan).await;
    let members = format!("/api/training/plans/{id}/members");
    let with_her: Plan = manager.post_ok(&members, &PlanMemberAdd { staff_id }).await;
    assert_eq!(
        with_her.members,
        [PlanMember {
            staff_id,
            display_name: "Nora Hui".into(),
            hired_on: hired,
            due_on: vec![date("2026-02-01")],
        }]
    );

    // Rewritten whole: her due dates follow, here and in her own list.
    let rewritten = PlanCreate {
        id,
        name: "Front desk, first months".into(),
        steps: vec![step(week, 30), step(month, 60)],
    };
    let path = format!("/api/training/plans/{id}");
    let plan: Plan = manager.put_ok(&path, &rewritten).await;
    assert_eq!(plan.name, "Front desk, first months");
    assert_eq!(plan.members[0].due_on, [date("2026-02-24"), date("2026-03-26")]);
    let listed: Page<Plan> = manager.get_ok("/api/training/plans?limit=200").await;
    let listed = listed.items.into_iter().find(|p| p.id == id).expect("the plan");
    assert_eq!(listed, plan);
    let read: Plan = manager.get_ok(&path).await;
    assert_eq!(read, plan);
    let her = app.browser();
    assert_eq!(her.sign_in_password("N778", "new-hire-pass").await.status(), 200);
    let mine: MyTraining = her.get_ok("/api/training/me").await;
    assert_eq!(due_dates(&mine), [date("2026-02-24"), date("2026-03-26")]);

    // Refusals name the field; an unknown plan is a 404.
    let body = refused(
        manager
            .put(&format!("/api/training/plans/{}", Uuid::new_v4()), &rewritten)
            .await,
        ErrorCode::Invalid,
    )
    .await;
    assert_eq!(body.fields["id"].code(), "does_not_match_path");
    let mut unknown = rewritten.clone();
    unknown.steps[0].quiz_id = Uuid::new_v4();
    let body = refused(manager.put(&path, &unknown).await, ErrorCode::Invalid).await;
    assert_eq!(body.fields["steps"].code(), "unknown_quiz");
    let empty = PlanCreate {
        steps: Vec::new(),
        name: " ".into(),
        ..rewritten.clone()
    };
    let body = refused(manager.put(&path, &empty).await, ErrorCode::Invalid).await;
    assert_eq!(
        (body.fields["steps"].code(), body.fields["name"].code()),
        ("one_to_twenty_steps", "required")
    );
    let other_id = Uuid::new_v4();
    let elsewhere = PlanCreate {
        id: other_id,
        ..rewritten.clone()
    };
    refused(
        manager
            .put(&format!("/api/training/plans/{other_id}"), &elsewhere)
            .await,
        ErrorCode::NotFound,
    )
    .await;

    // Taken off the plan, its quizzes leave her list.
    let plan: Plan = decoded(manager.delete(&format!("{members}/{staff_id}")).await, 200).await;
    assert_eq!(plan.members, []);
    let mine: MyTraining = her.get_ok("/api/training/me").await;
    assert!(mine.items.is_empty());
    refused(
        manager.delete(&format!("{members}/{staff_id}")).await,
        ErrorCode::NotFound,
    )
    .await;

    // Another hotel's manager cannot touch it.
    let outsider = another_hotels_manager(&app).await;
    refused(outsider.put(&path, &rewritten).await, ErrorCode::NotFound).await;
    refused(outsider.get(&path).await, ErrorCode::NotFound).await;
    let theirs: Page<Plan> = outsider.get_ok("/api/training/plans").await;
    assert_eq!(theirs.total, 0);
}
