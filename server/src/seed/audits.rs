//! The demo hotel's audit programme: three templates (front-desk check-in, telephone
//! handling, housekeeping room quality), this month's plan with a target of 200 and a
//! few audits for the demo auditor, and past results so the reports show something.

use std::collections::BTreeMap;

use bellhop_api::audit_wire::AuditTemplateUpdate;
use bellhop_api::audits::{self, Answer, ChoiceOption, ItemKind, TemplateItem, TemplateSection};
use chrono::{Datelike, Duration, Months, NaiveDate, TimeZone};
use chrono_tz::Tz;
use sqlx::AnyConnection;
use uuid::Uuid;

use crate::clock::local_midnight_ms;
use crate::db::flag;
use crate::error::ApiResult;
use crate::routes::audits::submit::{store_result, Scoring};
use crate::routes::audits::templates::insert_version;

struct Item(&'static str, &'static str, ItemKind, u32, bool);

fn yes(key: &'static str, text: &'static str, weight: u32) -> Item {
    Item(key, text, ItemKind::YesNo, weight, false)
}

fn critical(key: &'static str, text: &'static str, weight: u32) -> Item {
    Item(key, text, ItemKind::YesNo, weight, true)
}

fn rating(key: &'static str, text: &'static str, weight: u32) -> Item {
    Item(key, text, ItemKind::Rating { threshold: 3 }, weight, false)
}

fn number(key: &'static str, text: &'static str, target: f64, unit: &str, weight: u32, crit: bool) -> Item {
    let kind = ItemKind::Number {
        target,
        at_most: true,
        unit: unit.into(),
    };
    Item(key, text, kind, weight, crit)
}

fn note(key: &'static str, text: &'static str) -> Item {
    Item(key, text, ItemKind::Note, 1, false)
}

fn section(title: &str, items: Vec<Item>) -> TemplateSection {
    TemplateSection {
        title: title.into(),
        items: items
            .into_iter()
            .map(|Item(key, text, kind, weight, critical)| TemplateItem {
                key: key.into(),
                text: text.into(),
                guidance: String::new(),
                required: !matches!(kind, ItemKind::Note),
                photo: matches!(kind, ItemKind::YesNo | ItemKind::Rating { .. }),
                kind,
                weight,
                critical,
            })
            .collect(),
    }
}

fn check_in(department_id: &str) -> AuditTemplateUpdate {
    AuditTemplateUpdate {
        name: "Front desk check-in".into(),
        area: "Front desk check-in".into(),
        department_id: department_id.parse().unwrap_or_default(),
        pass_mark: 80.0,
        sections: vec![
            section(
                "Arrival",
                vec![
                    yes("acknowledged_10s", "Guest acknowledged within 10 seconds", 3),
                    yes("eye_contact", "Eye contact and a smile", 2),
                    yes("standing", "Agent standing, at a comfortable distance", 1),
                    yes("greeting", "Greeted with the hotel's greeting", 2),
                    rating("appearance", "Grooming and uniform", 2),
                ],
            ),
            section(
                "Registration",
                vec![
                    critical("id_checked", "Identity document checked", 5),
                    yes("name_used", "Guest addressed by name at least twice", 2),
                    yes("reservation_confirmed", "Room type, rate and dates confirmed", 3),
                    critical("card_privacy", "Room number not spoken aloud", 5),
                    yes("upsell", "Room upgrade offered", 1),
                    number("minutes", "Check-in time", 5.0, "min", 3, false),
                ],
            ),
            section(
                "Information",
                vec![
                    yes("breakfast", "Breakfast times and place explained", 1),
                    yes("wifi", "Wi-Fi details given", 1),
                    yes("lifts", "Way to the lifts shown", 1),
                    yes("luggage", "Luggage help offered", 2),
                    rating("warmth", "Overall warmth of the welcome", 3),
                    yes("farewell", "Wished a pleasant stay", 1),
                    note("remarks", "Remarks"),
                ],
            ),
        ],
    }
}

fn telephone(department_id: &str) -> AuditTemplateUpdate {
    AuditTemplateUpdate {
        name: "Telephone handling".into(),
        area: "Telephone".into(),
        department_id: department_id.parse().unwrap_or_default(),
        pass_mark: 85.0,
        sections: vec![
            section(
                "Answering",
                vec![
                    number("answer_seconds", "Call answered within 15 seconds", 15.0, "s", 5, true),
                    yes("greeting", "Greeting with hotel name and own name", 3),
                    rating("tone", "Friendly, clear tone", 2),
                    yes("no_background", "No background noise", 1),
                ],
            ),
            section(
                "Handling",
                vec![
                    yes("listened", "Listened without interrupting", 2),
                    yes("name_used", "Caller addressed by name", 2),
                    critical("hold_permission", "Asked permission before a hold", 4),
                    number("hold_seconds", "Hold time", 30.0, "s", 2, false),
                    yes("transfer_announced", "Transfer announced to both parties", 2),
                    yes("accurate", "Information given was accurate", 4),
                    Item(
                        "resolution",
                        "Request resolved",
                        ItemKind::Choice {
                            options: vec![
                                ChoiceOption {
                                    label: "Fully".into(),
                                    score: 1.0,
                                },
                                ChoiceOption {
                                    label: "With a follow-up promised".into(),
                                    score: 0.5,
                                },
                                ChoiceOption {
                                    label: "Not at all".into(),
                                    score: 0.0,
                                },
                            ],
                        },
                        4,
                        false,
                    ),
                ],
            ),
            section(
                "Closing",
                vec![
                    yes("summary", "Request summarised back", 2),
                    yes("anything_else", "Asked if anything else was needed", 1),
                    yes("thanked", "Thanked the caller by name", 1),
                    yes("caller_hung_up_first", "Let the caller end the call", 1),
                    note("remarks", "Remarks"),
                ],
            ),
        ],
    }
}

fn room_quality(department_id: &str) -> AuditTemplateUpdate {
    AuditTemplateUpdate {
        name: "Housekeeping room quality".into(),
        area: "Housekeeping room quality".into(),
        department_id: department_id.parse().unwrap_or_default(),
        pass_mark: 85.0,
        sections: vec![
            section(
                "Entrance and bedroom",
                vec![
                    yes("door", "Door, frame and peephole clean", 1),
                    yes("smell", "Room smells fresh", 3),
                    yes("bed_made", "Bed made to standard, no creases", 3),
                    critical("linen_clean", "Linen clean, no hair or stains", 5),
                    yes("under_bed", "Nothing under the bed", 2),
                    yes("dust", "No dust on surfaces", 2),
                    yes("carpet", "Carpet vacuumed, no stains", 2),
                    yes("windows", "Windows and mirrors streak-free", 1),
                ],
            ),
            section(
                "Bathroom",
                vec![
                    critical("toilet", "Toilet clean and sanitised", 5),
                    yes("shower", "Shower and glass free of limescale", 2),
                    yes("towels", "Towels complete and folded", 2),
                    yes("amenities", "Amenities complete", 2),
                    yes("hair", "No hair in basin, bath or floor", 3),
                    yes("drain", "Drains run freely", 1),
                ],
            ),
            section(
                "Equipment and supplies",
                vec![
                    yes("minibar", "Minibar stocked", 1),
                    yes("kettle", "Kettle and cups clean", 2),
                    yes("lights", "All lights work", 2),
                    yes("tv", "TV and remote work", 1),
                    yes("air_con", "Air conditioning works and is set", 2),
                    yes("safe", "Safe open and reset", 1),
                    rating("overall", "Overall impression", 3),
                    note("remarks", "Remarks"),
                ],
            ),
        ],
    }
}

/// What an auditor of the seed answered: mostly good, with item `n` of every few
/// missed, so reports have failures to show; critical items always pass.
fn answers_for(sections: &[TemplateSection], visit: usize) -> BTreeMap<String, Answer> {
    let mut answers = BTreeMap::new();
    for (n, item) in sections.iter().flat_map(|s| &s.items).enumerate() {
        let miss = !item.critical && (n + visit).is_multiple_of(5);
        let answer = match &item.kind {
            ItemKind::YesNo => {
                if miss {
                    Answer::No
                } else {
                    Answer::Yes
                }
            }
            ItemKind::Rating { .. } => Answer::Rating(if miss { 2 } else { 4 }),
            ItemKind::Number { target, .. } => Answer::Number(if miss { target * 1.5 } else { target * 0.6 }),
            ItemKind::Choice { .. } => Answer::Choice(usize::from(miss)),
            ItemKind::Note => continue,
        };
        answers.insert(item.key.clone(), answer);
    }
    answers
}

async fn staff_id(conn: &mut AnyConnection, employee_no: &str) -> ApiResult<String> {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM staff WHERE employee_no = $1")
        .bind(employee_no)
        .fetch_one(conn)
        .await?;
    Ok(id)
}

pub async fn seed(
    conn: &mut AnyConnection,
    property_id: &str,
    departments: &[(&str, String)],
    now: i64,
    tz: Tz,
) -> ApiResult<()> {
    let department = |code: &str| {
        departments
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, id)| id.clone())
            .unwrap_or_default()
    };
    let manager = staff_id(conn, "M001").await?;
    let auditor = staff_id(conn, "U001").await?;
    let mut templates = Vec::new();
    for content in [
        check_in(&department("front_office")),
        telephone(&department("front_office")),
        room_quality(&department("housekeeping")),
    ] {
        let id = Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO audit_templates (id, property_id, latest_version, created_by, created_at, updated_at) \
             VALUES ($1, $2, 1, $3, $4, $4)",
        )
        .bind(&id)
        .bind(property_id)
        .bind(&manager)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        insert_version(conn, &id, 1, property_id, &manager, now, &content).await?;
        templates.push((id, content));
    }

    let today = tz
        .timestamp_millis_opt(now)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let first = today.with_day(1).unwrap_or(today);
    let month = first.format("%Y-%m").to_string();
    sqlx::query("INSERT INTO audit_targets (property_id, month, target) VALUES ($1, $2, 200)")
        .bind(property_id)
        .bind(&month)
        .execute(&mut *conn)
        .await?;
    let last_day = first.checked_add_months(Months::new(1)).unwrap_or(first) - Duration::days(1);
    // (template, subject staff, subject area, days from today until due)
    let plan: [(usize, Option<&str>, Option<&str>, i64); 4] = [
        (0, Some("F101"), None, 3),
        (1, None, Some("Reservations line"), 5),
        (2, Some("H201"), Some("Room 1012"), 7),
        (0, Some("F102"), None, 10),
    ];
    for (template, subject, area, days) in plan {
        let due = (today + Duration::days(days)).min(last_day).max(today);
        let subject = match subject {
            Some(no) => Some(staff_id(conn, no).await?),
            None => None,
        };
        insert_audit(
            conn,
            property_id,
            &templates[template],
            (&auditor, &manager),
            subject,
            area,
            due,
            now,
        )
        .await?;
    }

    // Results: two a month for this month and the four before it; those older than last
    // month are published.
    for back in 0..=4u32 {
        let Some(month_start) = first.checked_sub_months(Months::new(back)) else {
            continue;
        };
        for visit in 0..2usize {
            let at = if back == 0 {
                now - (visit as i64 + 1) * 3 * 3_600_000
            } else {
                local_midnight_ms(&tz, month_start + Duration::days(5 + 10 * visit as i64)) + 11 * 3_600_000
            };
            if at < local_midnight_ms(&tz, month_start) {
                continue; // Too early in this month for results yet.
            }
            let template = (back as usize + visit) % templates.len();
            let subject = match template {
                2 => ["H201", "H202"][visit],
                _ => ["F101", "F102"][visit],
            };
            let subject = staff_id(conn, subject).await?;
            let day = tz
                .timestamp_millis_opt(at)
                .single()
                .map(|t| t.date_naive())
                .unwrap_or(month_start);
            let id = insert_audit(
                conn,
                property_id,
                &templates[template],
                (&auditor, &manager),
                Some(subject),
                None,
                day,
                at - 2 * 86_400_000,
            )
            .await?;
            let sections = &templates[template].1.sections;
            let answers = answers_for(sections, visit + back as usize);
            for (key, answer) in &answers {
                sqlx::query(
                    "INSERT INTO audit_answers (audit_id, item_key, property_id, answer, note, revision, updated_at) \
                     VALUES ($1, $2, $3, $4, '', 1, $5)",
                )
                .bind(&id)
                .bind(key)
                .bind(property_id)
                .bind(serde_json::to_string(answer).unwrap_or_default())
                .bind(now)
                .execute(&mut *conn)
                .await?;
            }
            debug_assert!(audits::missing_required(sections, &answers).is_empty());
            store_result(
                conn,
                &Scoring {
                    audit_id: &id,
                    property_id,
                    template_id: &templates[template].0,
                    sections,
                    answers: &answers,
                    pass_mark: templates[template].1.pass_mark,
                    submitted_at: at,
                    month: &month_start.format("%Y-%m").to_string(),
                },
            )
            .await?;
            let published = back > 1;
            sqlx::query("UPDATE audits SET status = $1, published_at = $2 WHERE id = $3")
                .bind(if published { "published" } else { "submitted" })
                .bind(published.then_some(at + 86_400_000))
                .bind(&id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_audit(
    conn: &mut AnyConnection,
    property_id: &str,
    (template_id, content): &(String, AuditTemplateUpdate),
    (auditor, manager): (&str, &str),
    subject: Option<String>,
    area: Option<&str>,
    due: NaiveDate,
    created_at: i64,
) -> ApiResult<String> {
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO audits (id, property_id, template_id, template_version, area, department_id, auditor_id, \
            created_by, subject_staff_id, subject_area, planned, plan_month, due_on, status, created_at) \
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'assigned', $13)",
    )
    .bind(&id)
    .bind(property_id)
    .bind(template_id)
    .bind(&content.area)
    .bind(content.department_id.to_string())
    .bind(auditor)
    .bind(manager)
    .bind(subject)
    .bind(area)
    .bind(flag(true))
    .bind(due.format("%Y-%m").to_string())
    .bind(due.to_string())
    .bind(created_at)
    .execute(conn)
    .await?;
    Ok(id)
}
