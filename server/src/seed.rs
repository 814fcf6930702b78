//! The demo hotel, seeded into an empty database so a first start has something to
//! show: Harbour View Hotel with 40 rooms, the four departments, staff in every role
//! and one tablet whose enrollment code never expires; training quizzes with a 90-day
//! onboarding plan for the newest colleague, an audit programme, and the rooms' status
//! with today's assignments.

mod audits;
mod rooms;
mod training;

use bellhop_api::people::Language;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::secrets;
use crate::clock::day_number;
use crate::db::flag;
use crate::error::ApiResult;
use crate::setup;

pub const DEMO_PASSWORD: &str = "bellhop-demo";
pub const DEMO_PIN: &str = "1234";
pub const DEMO_TABLET_CODE: &str = "HARBOUR-DEMO";

/// (employee number, name, department code, role, language)
pub const DEMO_STAFF: [(&str, &str, Option<&str>, &str, &str); 17] = [
    ("A001", "Alex Wong", None, "admin", "en"),
    ("M001", "Grace Lam", None, "manager", "en"),
    ("M002", "Daniel Cheung", None, "manager", "zh-Hant"),
    ("S101", "Iris Chan", Some("front_office"), "supervisor", "en"),
    ("S201", "Mei Ling Ho", Some("housekeeping"), "supervisor", "zh-Hant"),
    ("S301", "Kenneth Lee", Some("engineering"), "supervisor", "en"),
    ("S401", "Sandy Yip", Some("food_beverage"), "supervisor", "en"),
    ("U001", "Olivia Tam", None, "auditor", "en"),
    ("F101", "Jason Lau", Some("front_office"), "staff", "en"),
    ("F102", "Karen Ng", Some("front_office"), "staff", "zh-Hans"),
    ("H201", "Fong Leung", Some("housekeeping"), "staff", "zh-Hant"),
    ("H202", "Winnie Kwok", Some("housekeeping"), "staff", "en"),
    ("H203", "Tommy Siu", Some("housekeeping"), "staff", "zh-Hant"),
    ("E301", "Peter Fung", Some("engineering"), "staff", "zh-Hant"),
    ("E302", "Marco Chow", Some("engineering"), "staff", "en"),
    ("B401", "Cindy Wu", Some("food_beverage"), "staff", "en"),
    ("B402", "Ricky Tsang", Some("food_beverage"), "staff", "zh-Hans"),
];

/// The demo's chain admin (employee number, name): a person of the demo hotel who
/// creates further hotels and works in each as its admin.
pub const DEMO_CHAIN_ADMIN: (&str, &str) = ("C001", "Victoria Chan");

/// Seeds the demo hotel if there is no property yet; tells whether it did.
pub async fn seed_demo_if_empty(state: &AppState) -> ApiResult<bool> {
    if setup::hotel_exists(&state.db.pool).await? {
        return Ok(false);
    }
    // One hash per secret is enough for demo accounts that share it.
    let password_hash = state.hasher.hash(DEMO_PASSWORD.into()).await?;
    let pin_hash = state.hasher.hash(DEMO_PIN.into()).await?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let property = Uuid::new_v4().to_string();
    let department_ids = setup::insert_hotel(
        tx.conn(),
        &property,
        "Harbour View Hotel",
        "Asia/Hong_Kong",
        Language::English,
        now,
    )
    .await?;
    for floor in 9..=12_i64 {
        for room in 1..=10 {
            sqlx::query("INSERT INTO rooms (id, property_id, number, floor) VALUES ($1, $2, $3, $4)")
                .bind(Uuid::new_v4().to_string())
                .bind(&property)
                .bind(format!("{floor}{room:02}"))
                .bind(floor)
                .execute(tx.conn())
                .await?;
        }
    }
    let today = day_number(state.clock.today(&chrono_tz::Asia::Hong_Kong));
    let mut newest = String::new();
    for (n, (employee_no, name, department, role, language)) in DEMO_STAFF.into_iter().enumerate() {
        let department_id = department
            .and_then(|d| department_ids.iter().find(|(c, _)| *c == d))
            .map(|(_, id)| id);
        let floor_role = matches!(role, "staff" | "auditor" | "supervisor");
        newest = Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO staff (id, property_id, employee_no, display_name, department_id, role, language, active, \
                                password_hash, pin_hash, created_at, updated_at, hired_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)",
        )
        .bind(&newest)
        .bind(&property)
        .bind(employee_no)
        .bind(name)
        .bind(department_id)
        .bind(role)
        .bind(language)
        .bind(flag(true))
        .bind(&password_hash)
        .bind(floor_role.then_some(&pin_hash))
        .bind(now)
        .bind(today - hired_days_ago(n))
        .execute(tx.conn())
        .await?;
    }
    let (chain_no, chain_name) = DEMO_CHAIN_ADMIN;
    sqlx::query(
        "INSERT INTO staff (id, property_id, employee_no, display_name, role, language, active, password_hash, \
                            created_at, updated_at, hired_on, chain_admin) \
         VALUES ($1, $2, $3, $4, 'admin', 'en', 1, $5, $6, $6, $7, 1)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(&property)
    .bind(chain_no)
    .bind(chain_name)
    .bind(&password_hash)
    .bind(now)
    .bind(today - 2000)
    .execute(tx.conn())
    .await?;
    training::seed(tx.conn(), &property, &newest, now).await?;
    rooms::seed(tx.conn(), &property, today, now).await?;
    audits::seed(tx.conn(), &property, &department_ids, now, chrono_tz::Asia::Hong_Kong).await?;
    sqlx::query(
        "INSERT INTO devices (id, property_id, name, enroll_code_hash, enroll_expires_at, created_at) \
         VALUES ($1, $2, $3, $4, NULL, $5)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(&property)
    .bind("Demo tablet")
    .bind(secrets::digest(&secrets::normalize_code(DEMO_TABLET_CODE)))
    .bind(now)
    .execute(tx.conn())
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Staff joined over the years, one a month apart; the last of the list joined ten days
/// ago, so the onboarding plan has something to show.
fn hired_days_ago(n: usize) -> i64 {
    if n + 1 == DEMO_STAFF.len() {
        NEWEST_HIRED_DAYS_AGO
    } else {
        1500 - 30 * i64::try_from(n).unwrap_or(0)
    }
}

pub const NEWEST_HIRED_DAYS_AGO: i64 = 10;

/// The sign-ins printed at start and listed in the README.
pub fn demo_sign_ins() -> String {
    let mut out = format!(
        "Demo sign-ins (Harbour View Hotel):\n  managers and admin use password \"{DEMO_PASSWORD}\"; \
         everyone else PIN {DEMO_PIN} on a tablet or the same password elsewhere\n"
    );
    for (employee_no, name, department, role, _) in DEMO_STAFF {
        out.push_str(&format!(
            "  {employee_no:<5} {name:<14} {role:<10} {}\n",
            department.unwrap_or("-")
        ));
    }
    let (chain_no, chain_name) = DEMO_CHAIN_ADMIN;
    out.push_str(&format!(
        "  {chain_no:<5} {chain_name:<14} {:<10} -   (adds hotels, works in every one; password)\n",
        "chain admin"
    ));
    out.push_str(&format!(
        "  Make this browser the demo tablet: \"Enroll this tablet\", code {DEMO_TABLET_CODE}\n"
    ));
    out
}
