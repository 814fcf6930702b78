//! The question bank as CSV, for spreadsheets. One header line, then one question per
//! record (RFC 4180 quoting; a quoted field may span lines; a cell a spreadsheet would
//! run as a formula is written with a leading `'`, see [`crate::csv_writer`]). Columns,
//! in this order:
//!
//! | column | content |
//! | --- | --- |
//! | `id` | the question's UUID; empty makes a new one |
//! | `category` | e.g. `complaints` |
//! | `tags` | `|`-separated |
//! | `kind` | `single_choice`, `multiple_choice`, `true_false`, `ordering` or `numeric`; `scenario` reads as `single_choice` and needs a `case` |
//! | `prompt` | the question |
//! | `case` | the scenario text of a choice question, else empty |
//! | `options` | `|`-separated, in the order the answer refers to |
//! | `answer` | option numbers from 1 (`|`-separated for multiple choice; the right order for ordering), `true`/`false`, or a number |
//! | `rule` | multiple choice: `all_or_nothing` (default) or `right_minus_wrong` |
//! | `tolerance` | numeric: how far off still counts (default 0) |
//! | `explanation` | shown after grading where the quiz allows |
//! | `points` | default 1 |
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1.

use uuid::Uuid;

use super::QuestionInput;
use crate::csv_writer::{restore, CsvWriter};
use crate::quiz::{AnswerKey, PartialCredit};
use crate::reason::FieldReason;
use crate::validate::FieldErrors;

pub const HEADER: [&str; 12] = [
    "id",
    "category",
    "tags",
    "kind",
    "prompt",
    "case",
    "options",
    "answer",
    "rule",
    "tolerance",
    "explanation",
    "points",
];

fn numbers(indices: &[usize]) -> String {
    indices
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join("|")
}

/// The bank as CSV text, through the one CSV writer (formula cells written as text).
pub fn write(questions: &[QuestionInput]) -> String {
    let mut out = CsvWriter::new(&HEADER);
    for q in questions {
        let (kind, answer, rule, tolerance) = match &q.key {
            AnswerKey::SingleChoice { correct } => ("single_choice", numbers(&[*correct]), "", String::new()),
            AnswerKey::MultipleChoice { correct, rule } => (
                "multiple_choice",
                numbers(correct),
                match rule {
                    PartialCredit::AllOrNothing => "all_or_nothing",
                    PartialCredit::RightMinusWrong => "right_minus_wrong",
                },
                String::new(),
            ),
            AnswerKey::TrueFalse { correct } => ("true_false", correct.to_string(), "", String::new()),
            AnswerKey::Ordering { correct } => ("ordering", numbers(correct), "", String::new()),
            AnswerKey::Numeric { expected, tolerance } => ("numeric", expected.to_string(), "", tolerance.to_string()),
        };
        let row = [
            q.id.to_string(),
            q.category.clone(),
            q.tags.join("|"),
            kind.to_owned(),
            q.prompt.clone(),
            q.case.clone().unwrap_or_default(),
            q.options.join("|"),
            answer,
            rule.to_owned(),
            tolerance,
            q.explanation.clone(),
            q.points.to_string(),
        ];
        out.row(row);
    }
    out.finish()
}

/// Splits CSV text into records of fields; `Err` names the row with an open quote.
pub fn records(text: &str) -> Result<Vec<Vec<String>>, usize> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            // Line ends inside a field read as `\n`, whatever the file used.
            (true, '\r') if chars.peek() == Some(&'\n') => {}
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n' | '\r') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err(rows.len() + 1);
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    // Blank lines (a trailing newline, a spreadsheet's empty rows) carry nothing.
    Ok(rows
        .into_iter()
        .filter(|r| !(r.len() == 1 && r[0].trim().is_empty()))
        .collect())
}

/// The questions of a CSV file, each checked; every problem is reported as
/// `row_N.field`, and one problem means no questions.
pub fn read(text: &str) -> Result<Vec<QuestionInput>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let rows = records(text).map_err(|row| FieldErrors::from([(format!("row_{row}"), FieldReason::OpenQuote)]))?;
    let Some((header, body)) = rows.split_first() else {
        return Err(FieldErrors::from([("row_1".to_owned(), FieldReason::HeaderMissing)]));
    };
    if header.iter().map(|h| h.trim()).ne(HEADER) {
        return Err(FieldErrors::from([("row_1".to_owned(), FieldReason::HeaderMismatch)]));
    }
    let mut questions = Vec::new();
    for (n, row) in body.iter().enumerate() {
        let row_no = n + 2;
        match parse_row(row) {
            Ok(q) => match super::question(&q) {
                Ok(()) => questions.push(q),
                Err(fields) => errors.extend(fields.into_iter().map(|(f, r)| (format!("row_{row_no}.{f}"), r))),
            },
            Err((f, r)) => {
                errors.insert(format!("row_{row_no}.{f}"), r);
            }
        }
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

fn list(value: &str) -> Vec<String> {
    if value.trim().is_empty() {
        return Vec::new();
    }
    value.split('|').map(|s| s.trim().to_owned()).collect()
}

fn indices(value: &str, field: &'static str) -> Result<Vec<usize>, (&'static str, FieldReason)> {
    value
        .split('|')
        .map(|s| match s.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n - 1),
            _ => Err((field, FieldReason::OptionNumber)),
        })
        .collect()
}

fn number(value: &str, field: &'static str) -> Result<f64, (&'static str, FieldReason)> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or((field, FieldReason::NotANumber))
}

fn parse_row(row: &[String]) -> Result<QuestionInput, (&'static str, FieldReason)> {
    if row.len() != HEADER.len() {
        return Err(("columns", FieldReason::TwelveColumns));
    }
    // A cell the export guarded against spreadsheets reads as what was typed.
    let get = |i: usize| restore(&row[i]);
    let id = match get(0).trim() {
        // The server gives a nil id a new one.
        "" => Uuid::nil(),
        s => Uuid::parse_str(s).map_err(|_| ("id", FieldReason::NotAUuid))?,
    };
    let answer = get(7);
    let kind = get(3).trim();
    if kind == "scenario" && get(5).trim().is_empty() {
        return Err(("case", FieldReason::Required));
    }
    let key = match kind {
        "single_choice" | "scenario" => match indices(answer, "answer")?.as_slice() {
            [one] => AnswerKey::SingleChoice { correct: *one },
            _ => return Err(("answer", FieldReason::OneOption)),
        },
        "multiple_choice" => AnswerKey::MultipleChoice {
            correct: indices(answer, "answer")?,
            rule: match get(8).trim() {
                "" | "all_or_nothing" => PartialCredit::AllOrNothing,
                "right_minus_wrong" => PartialCredit::RightMinusWrong,
                _ => return Err(("rule", FieldReason::UnknownRule)),
            },
        },
        "true_false" => AnswerKey::TrueFalse {
            correct: match answer.trim().to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => return Err(("answer", FieldReason::TrueOrFalse)),
            },
        },
        "ordering" => AnswerKey::Ordering {
            correct: indices(answer, "answer")?,
        },
        "numeric" => AnswerKey::Numeric {
            expected: number(answer, "answer")?,
            tolerance: match get(9).trim() {
                "" => 0.0,
                s => number(s, "tolerance")?,
            },
        },
        _ => return Err(("kind", FieldReason::UnknownKind)),
    };
    let points = match get(11).trim() {
        "" => 1,
        s => s.parse().map_err(|_| ("points", FieldReason::NotANumber))?,
    };
    let case = get(5);
    Ok(QuestionInput {
        id,
        category: get(1).trim().to_owned(),
        tags: list(get(2)),
        prompt: get(4).to_owned(),
        case: (!case.trim().is_empty()).then(|| case.to_owned()),
        options: list(get(6)),
        key,
        explanation: get(10).to_owned(),
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<QuestionInput> {
        vec![
            QuestionInput {
                id: Uuid::from_u128(1),
                category: "complaints".into(),
                tags: vec!["follow-up".into(), "reviews".into()],
                prompt: "Put the follow-up levels in order, \"first\" first".into(),
                case: None,
                options: vec![
                    "General manager".into(),
                    "Customer-service manager".into(),
                    "Department head".into(),
                ],
                key: AnswerKey::Ordering { correct: vec![1, 2, 0] },
                explanation: "Line one,\nline two".into(),
                points: 2,
            },
            QuestionInput {
                id: Uuid::from_u128(2),
                category: "crisis".into(),
                tags: vec![],
                prompt: "What first?".into(),
                case: Some("The fire alarm sounds at 3 a.m.".into()),
                options: vec!["Call".into(), "Wait".into()],
                key: AnswerKey::MultipleChoice {
                    correct: vec![0],
                    rule: PartialCredit::RightMinusWrong,
                },
                explanation: String::new(),
                points: 1,
            },
            QuestionInput {
                id: Uuid::from_u128(3),
                category: "standards".into(),
                tags: vec![],
                prompt: "=HYPERLINK(\"http://evil.example\",\"click\") minutes to first response?".into(),
                case: None,
                options: vec![],
                key: AnswerKey::Numeric {
                    expected: -15.25,
                    tolerance: 0.5,
                },
                explanation: String::new(),
                points: 1,
            },
        ]
    }

    #[test]
    fn written_csv_reads_back_the_same() {
        let text = write(&sample());
        assert!(text.contains(",\"'=HYPERLINK(\"\"http://evil.example"), "{text}");
        assert_eq!(read(&text).unwrap(), sample());
        assert_eq!(read(&text.replace('\n', "\r\n")).unwrap(), sample());
    }

    #[test]
    fn every_bad_row_is_named() {
        let mut text = HEADER.join(",") + "\n";
        text.push_str(",complaints,,single_choice,Q1,,a|b,3,,,,1\n");
        text.push_str(",complaints,,single_choice,Q2,,a|b,1,,,,1\n");
        text.push_str(",complaints,,riddle,Q3,,a|b,1,,,,1\n");
        text.push_str(",complaints,,true_false,,,,maybe,,,,1\n");
        text.push_str(",crisis,,scenario,What first?,,a|b,1,,,,1\n");
        text.push_str(",crisis,,scenario,What first?,The alarm sounds,a|b,1,,,,1\n");
        let errors = read(&text).unwrap_err();
        assert_eq!(errors["row_2.key"], FieldReason::NoSuchOption);
        assert_eq!(errors["row_4.kind"], FieldReason::UnknownKind);
        assert_eq!(errors["row_5.answer"], FieldReason::TrueOrFalse);
        assert_eq!(errors["row_6.case"], FieldReason::Required);
        assert!(
            !errors.keys().any(|k| k.starts_with("row_7")),
            "a scenario with its case is fine"
        );
        assert!(!errors.keys().any(|k| k.starts_with("row_3")), "{errors:?}");
    }

    #[test]
    fn a_wrong_header_or_open_quote_is_refused() {
        assert_eq!(read("id,prompt\n").unwrap_err()["row_1"], FieldReason::HeaderMismatch);
        let text = HEADER.join(",") + "\n\"unclosed,a\n";
        assert_eq!(read(&text).unwrap_err()["row_2"], FieldReason::OpenQuote);
    }
}
