//! Every CSV file the server writes, on SQLite and PostgreSQL: a value a spreadsheet
//! would run as a formula comes out as text (a leading `'`), whichever export carries
//! it, and the question bank still reads its own export back as it was.

use bellhop_api::people::{StaffMember, StaffUpdate};
use bellhop_api::quiz::{AnswerKey, Response};
use bellhop_api::tasks::{Task, TaskCreate, TaskType};
use bellhop_api::training::csv::records;
use bellhop_api::training::{
    AnswerSave, AssignTarget, Assignment, AssignmentCreate, Attempt, AttemptQuestion, BankFormat, BankImport,
    ImportSummary, Question, QuestionInput, Quiz,
};
use chrono::Months;
use uuid::Uuid;

use crate::common::*;

on_both_databases!(
    every_csv_export_writes_formulas_as_text,
    the_bank_reads_its_guarded_export_back
);

const FORMULA: &str = r#"=HYPERLINK("http://evil.example","click")"#;

/// The CSV text of a download, after checking status and type.
async fn csv_of(browser: &Browser, path: &str) -> String {
    let response = browser.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/csv"), "{path}: {content_type}");
    response.text().await.unwrap()
}

/// How many cells of `text` hold the formula, guarded; fails on any cell a spreadsheet
/// would run.
fn guarded_formulas(path: &str, text: &str) -> usize {
    let rows = records(text).unwrap_or_else(|row| panic!("{path}: open quote in row {row}: {text}"));
    let mut guarded = 0;
    for cell in rows.iter().flatten() {
        let number = cell.parse::<f64>().is_ok_and(f64::is_finite);
        assert!(
            number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{path}: the cell {cell:?} would run as a formula"
        );
        if cell.contains(FORMULA) {
            assert_eq!(cell, &format!("'{FORMULA}"), "{path}");
            guarded += 1;
        }
    }
    guarded
}

/// A true/false question and a quiz of it, both named with the formula, taken once by
/// H201 so the training report's tables all have a line.
async fn formula_quiz(app: &TestApp, manager: &Browser) -> Uuid {
    let question = QuestionInput {
        id: Uuid::new_v4(),
        category: "basics".into(),
        tags: Vec::new(),
        prompt: FORMULA.into(),
        case: None,
        options: Vec::new(),
        key: AnswerKey::TrueFalse { correct: true },
        explanation: String::new(),
        points: 1,
    };
    let _: Question = manager.post_created("/api/training/questions", &question).await;
    let quiz = fixed_quiz(FORMULA, vec![question.id]);
    let _: Quiz = manager.post_created("/api/training/quizzes", &quiz).await;
    let assignment = AssignmentCreate {
        id: Uuid::new_v4(),
        quiz_id: quiz.id,
        target: AssignTarget::Person {
            staff_id: app.staff_uuid("H201").await,
        },
        due_on: None,
    };
    let _: Assignment = manager.post_created("/api/training/assignments", &assignment).await;
    let housekeeper = app.signed_in("H201").await;
    let attempt: Attempt = housekeeper
        .post_created(&format!("/api/training/quizzes/{}/attempts", quiz.id), &())
        .await;
    let answer = AnswerSave {
        response: Response::Bool(false),
    };
    let _: AttemptQuestion = housekeeper
        .put_ok(&format!("/api/training/attempts/{}/answers/0", attempt.id), &answer)
        .await;
    let _: Attempt = housekeeper
        .post_ok(&format!("/api/training/attempts/{}/submit", attempt.id), &())
        .await;
    question.id
}

async fn every_csv_export_writes_formulas_as_text(app: TestApp) {
    let admin = app.signed_in("A001").await;
    let manager = app.signed_in("M001").await;
    // People's names as an admin may type them: the audited colleague and the auditor.
    for who in ["F101", "H201", "U001"] {
        let id = app.staff_id(who).await;
        let rename = StaffUpdate {
            display_name: Some(FORMULA.into()),
            ..Default::default()
        };
        let _: StaffMember = admin.patch_ok(&format!("/api/staff/{id}"), &rename).await;
    }
    // No screen renames a department; its name is stored as it was created.
    sqlx::query("UPDATE departments SET name = $1")
        .bind(FORMULA)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let supervisor = app.signed_in("S201").await;
    let types: Vec<TaskType> = supervisor.get_ok("/api/task-types").await;
    let cleaning = types
        .iter()
        .find(|t| t.code == "cleaning")
        .expect("the cleaning type")
        .id;
    let task = TaskCreate {
        location: Some("Spa".into()),
        ..filing(cleaning, "Fresh towels")
    };
    let _: Task = supervisor.post_created("/api/tasks", &task).await;
    formula_quiz(&app, &manager).await;

    // The seeded audit results of last month and this one name the renamed people.
    let zone: chrono_tz::Tz = "Asia/Hong_Kong".parse().unwrap();
    let today = app.clock.now().with_timezone(&zone).date_naive();
    let months = [today, today.checked_sub_months(Months::new(1)).unwrap()].map(|d| d.format("%Y-%m").to_string());
    let mut exports: Vec<(String, usize)> = vec![
        ("/api/reports/tasks.csv".into(), 1),
        ("/api/reports/training.csv?table=coverage".into(), 1),
        ("/api/reports/training.csv?table=quizzes".into(), 1),
        ("/api/reports/training.csv?table=hardest".into(), 1),
        ("/api/training/bank/export.csv".into(), 1),
    ];
    for month in months {
        exports.push((format!("/api/reports/audits.csv?month={month}"), 0));
    }
    let mut audit_formulas = 0;
    for (path, at_least) in exports {
        let text = csv_of(&manager, &path).await;
        let guarded = guarded_formulas(&path, &text);
        assert!(guarded >= at_least, "{path}: {guarded} guarded formulas in {text}");
        if path.contains("audits") {
            audit_formulas += guarded;
        }
    }
    assert!(audit_formulas >= 3, "department, staff and auditor in the audit report");
}

async fn the_bank_reads_its_guarded_export_back(app: TestApp) {
    let manager = app.signed_in("M001").await;
    let question = formula_quiz(&app, &manager).await;
    let csv = csv_of(&manager, "/api/training/bank/export.csv").await;
    assert_eq!(guarded_formulas("bank", &csv), 1);
    let before: Vec<QuestionInput> = manager.get_ok("/api/training/bank/export.json").await;
    let import = BankImport {
        format: BankFormat::Csv,
        content: csv.clone(),
    };
    let summary: ImportSummary = manager.post_ok("/api/training/bank/import", &import).await;
    assert_eq!(summary.created, 0);
    let after: Vec<QuestionInput> = manager.get_ok("/api/training/bank/export.json").await;
    assert_eq!(after, before, "the import changed nothing");
    let stored = after.iter().find(|q| q.id == question).expect("the question");
    assert_eq!(
        stored.prompt, FORMULA,
        "the prompt reads back as typed, without the guard"
    );
    assert_eq!(csv_of(&manager, "/api/training/bank/export.csv").await, csv);
}
