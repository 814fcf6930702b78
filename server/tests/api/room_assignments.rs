//! The day's assignments through the API, on SQLite and PostgreSQL: credits set by the
//! hotel, a proposal balanced by credits that the supervisor saves, each attendant's
//! rooms, and the end-of-day report with its CSV.

use std::time::Duration;

use bellhop_api::room_assignments::{
    AssignmentsSave, AttendantDay, AttendantRooms, CleanKind, CreditRule, CreditRules, DayReport, Proposal,
};
use bellhop_api::room_status::{Housekeeping, Occupancy, RoomAction};
use bellhop_api::ErrorCode;

use crate::common::*;
use crate::room_status::{assign, change, change_with, room_id, set_room, task_of, to_morning, work_to_done};

on_both_databases!(
    the_proposal_balances_credits_and_the_saved_lists_follow,
    the_day_report_counts_minutes_passes_and_recleans,
);

async fn the_proposal_balances_credits_and_the_saved_lists_follow(app: TestApp) {
    to_morning(&app);
    let (manager, supervisor, front_desk) = (
        app.signed_in("M001").await,
        app.signed_in("S201").await,
        app.signed_in("F101").await,
    );
    let rules = CreditRules {
        rules: vec![
            CreditRule {
                room_type: String::new(),
                departure: 4,
                stay_over: 1,
            },
            CreditRule {
                room_type: "Suite".into(),
                departure: 6,
                stay_over: 2,
            },
        ],
    };
    supervisor
        .put_refused("/api/rooms/credits", &rules, ErrorCode::Forbidden)
        .await;
    let saved: CreditRules = manager.put_ok("/api/rooms/credits", &rules).await;
    assert_eq!(saved.rules.len(), 2);
    let twice = CreditRules {
        rules: vec![rules.rules[1].clone(), rules.rules[1].clone()],
    };
    let body = manager
        .put_refused("/api/rooms/credits", &twice, ErrorCode::Invalid)
        .await;
    assert_eq!(body.fields, reasons(&[("rules.1.room_type", "duplicate")]));

    front_desk
        .get_refused("/api/rooms/assignments/proposal", ErrorCode::Forbidden)
        .await;
    let proposal: Proposal = supervisor.get_ok("/api/rooms/assignments/proposal").await;
    assert_eq!(proposal.attendants.len(), 3, "the three attendants on duty");
    let loads: Vec<u32> = proposal.attendants.iter().map(|a| a.credits).collect();
    let share = loads.iter().sum::<u32>() / 3;
    assert!(
        loads.iter().all(|&l| l.abs_diff(share) <= 6),
        "each within one room's credits of an equal share: {loads:?}"
    );
    for share in &proposal.attendants {
        assert_eq!(share.credits, share.rooms.iter().map(|r| r.credits).sum::<u32>());
        for room in &share.rooms {
            let expected = match (room.floor, room.kind) {
                (12, CleanKind::Departure) => 6,
                (12, CleanKind::StayOver) => 2,
                (_, CleanKind::Departure) => 4,
                (_, CleanKind::StayOver) => 1,
            };
            assert_eq!(room.credits, expected, "{room:?}");
        }
    }

    let save = AssignmentsSave {
        attendants: proposal
            .attendants
            .iter()
            .map(|a| AttendantRooms {
                attendant_id: a.attendant_id,
                room_ids: a.rooms.iter().map(|r| r.room_id).collect(),
            })
            .collect(),
    };
    let days: Vec<AttendantDay> = supervisor.put_ok("/api/rooms/assignments", &save).await;
    let listed: Vec<AttendantDay> = supervisor.get_ok("/api/rooms/assignments").await;
    assert_eq!(days, listed);
    let fong = proposal
        .attendants
        .iter()
        .find(|a| a.attendant_name == "Fong Leung")
        .unwrap();
    let mine: AttendantDay = app.signed_in("H201").await.get_ok("/api/rooms/mine").await;
    let numbers: Vec<&str> = mine.rooms.iter().map(|r| r.status.number.as_str()).collect();
    let proposed: Vec<&str> = fong.rooms.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(numbers, proposed, "in the order saved");
    assert_eq!(mine.progress.credits, fong.credits);

    // Only housekeeping attendants hold rooms, and each room once.
    let bad = AssignmentsSave {
        attendants: vec![
            AttendantRooms {
                attendant_id: app.staff_uuid("F101").await,
                room_ids: vec![],
            },
            AttendantRooms {
                attendant_id: app.staff_uuid("H201").await,
                room_ids: vec![
                    room_id(&app, "901").await,
                    room_id(&app, "901").await,
                    uuid::Uuid::new_v4(),
                ],
            },
        ],
    };
    let body = supervisor
        .put_refused("/api/rooms/assignments", &bad, ErrorCode::Invalid)
        .await;
    assert_eq!(
        body.fields,
        reasons(&[
            ("attendants.0.attendant_id", "unknown_person"),
            ("attendants.1.room_ids.1", "duplicate"),
            ("attendants.1.room_ids.2", "unknown_room"),
        ])
    );
}

async fn the_day_report_counts_minutes_passes_and_recleans(app: TestApp) {
    to_morning(&app);
    set_room(&app, "1001", Occupancy::Departed, Housekeeping::Dirty).await;
    set_room(&app, "1002", Occupancy::Departed, Housekeeping::Dirty).await;
    set_room(&app, "1003", Occupancy::Occupied, Housekeeping::Dirty).await;
    assign(&app, &[("H201", &["1001", "1002"]), ("H202", &["1003"])]).await;
    let (first, second) = (room_id(&app, "1001").await, room_id(&app, "1002").await);

    // Sessions lock while idle, so each step after a wait signs in anew.
    change(&app.signed_in("H201").await, first, RoomAction::StartCleaning)
        .await
        .unwrap();
    app.advance(Duration::from_secs(20 * 60));
    let attendant = app.signed_in("H201").await;
    change(&attendant, first, RoomAction::MarkClean).await.unwrap();
    let supervisor = app.signed_in("S201").await;
    work_to_done(&supervisor, task_of(&app, "1001", "inspection").await.unwrap()).await;

    change(&attendant, second, RoomAction::StartCleaning).await.unwrap();
    app.advance(Duration::from_secs(30 * 60));
    let supervisor = app.signed_in("S201").await;
    change(&app.signed_in("H201").await, second, RoomAction::MarkClean)
        .await
        .unwrap();
    change_with(
        &supervisor,
        second,
        |c| c.reason = Some("Towels missing".into()),
        RoomAction::FailInspection,
    )
    .await
    .unwrap();

    app.signed_in("F101")
        .await
        .get_refused("/api/rooms/report", ErrorCode::Forbidden)
        .await;
    let report: DayReport = supervisor.get_ok("/api/rooms/report").await;
    let names: Vec<&str> = report.attendants.iter().map(|a| a.attendant_name.as_str()).collect();
    assert_eq!(names, ["Fong Leung", "Winnie Kwok"]);
    let fong = &report.attendants[0];
    assert_eq!((fong.rooms_assigned, fong.rooms_cleaned), (2, 2));
    assert_eq!(fong.average_minutes, Some(25.0));
    assert_eq!(
        (fong.inspections_passed, fong.inspections_failed, fong.recleans),
        (1, 1, 1)
    );
    assert_eq!(fong.pass_rate, Some(50.0));
    let winnie = &report.attendants[1];
    assert_eq!(
        (winnie.rooms_assigned, winnie.rooms_cleaned, winnie.pass_rate),
        (1, 0, None)
    );

    let response = supervisor.get("/api/rooms/report.csv").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "day,attendant,rooms_assigned,rooms_cleaned,average_minutes,inspections_passed,inspections_failed,pass_rate,recleans"
    );
    assert_eq!(lines[1], format!("{},Fong Leung,2,2,25.0,1,1,50.0,1", report.day));
    assert_eq!(lines[2], format!("{},Winnie Kwok,1,0,,0,0,,0", report.day));

    // Another day has nothing.
    let earlier: DayReport = supervisor.get_ok("/api/rooms/report?day=2020-01-01").await;
    assert!(earlier.attendants.is_empty());
}
