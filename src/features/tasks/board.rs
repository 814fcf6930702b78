//! `/tasks/board` (supervisors and managers): a department's active tasks in columns
//! by status — new, accepted, in progress, paused, done and waiting to be verified —
//! filtered by floor, type and room (and department, for managers), kept live.

use bellhop_api::tasks::{BoardQuery, TaskStatus, TaskSummary};
use leptos::prelude::*;
use uuid::Uuid;

use super::steps::QuickSteps;
use super::tabs::{DepartmentPage, RoomSearch};
use crate::components::field::DepartmentOptions;
use crate::components::status::{phase_of, Loaded, Phase};
use crate::data::Data;
use crate::features::tasks::api;
use crate::i18n::{status_name, tr, trf, type_name, use_i18n};
use crate::live::{use_live, use_now};
use crate::paths::{query_filter, query_text};
use crate::session::use_auth;

const COLUMNS: [TaskStatus; 5] = [
    TaskStatus::New,
    TaskStatus::Accepted,
    TaskStatus::InProgress,
    TaskStatus::Paused,
    TaskStatus::Done,
];

#[component]
pub fn BoardPage() -> impl IntoView {
    view! {
        <DepartmentPage wide=true>
            <Board />
        </DepartmentPage>
    }
}

#[component]
fn Board() -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let live = use_live();
    let now = use_now();
    let me = auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| (s.user.role, s.user.department_id)));
    let sees_all = me.is_some_and(|(role, _)| role.manages_property());
    // Every filter lives in the address: a reload, the back button or a shared link
    // shows the same board.
    let (picked, set_department) = query_filter::<Uuid>("department");
    // Their own department first; managers have none: they start at all of them.
    let department = Memo::new(move |_| picked.get().or(me.and_then(|(_, d)| d)));
    // Whose board: a department's, or every one's (`None`, managers only).
    let chosen = move || department.with(Option::is_some) || sees_all;
    let (floor, set_floor) = query_filter::<i64>("floor");
    let (type_id, set_type) = query_filter::<Uuid>("type");
    let (room, set_room) = query_text("room");
    // "" everyone, "pool" nobody yet, else a person's id.
    let (assignee, set_assignee) = query_text("assignee");

    let query = Memo::new(move |_| BoardQuery {
        department_id: department.get(),
        floor: floor.get(),
        type_id: type_id.get(),
        ..BoardQuery::default()
    });
    // Every filter change reloads.
    let list = Data::new(move || {
        let (known, q) = (chosen(), query.get());
        async move {
            if known {
                api::board(&q).await
            } else {
                Ok(Vec::new())
            }
        }
    });
    let steps = QuickSteps::new(list);

    let shown = Memo::new(move |_| {
        let q = room.with(|r| r.trim().to_owned());
        let who = assignee.get();
        let held_by = |t: &TaskSummary| match who.as_str() {
            "" => true,
            "pool" => t.assignee_id.is_none(),
            id => t.assignee_id.is_some_and(|a| a.to_string() == id),
        };
        // In the server's order: late first, then urgent.
        list.with(|l| match l {
            Some(Ok(tasks)) => tasks
                .iter()
                .filter(|t| q.is_empty() || t.room_number.as_deref().is_some_and(|r| r.starts_with(&q)))
                .filter(|t| held_by(t))
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    });

    let column = move |status: TaskStatus| {
        let tasks =
            Memo::new(move |_| shown.with(|ts| ts.iter().filter(|t| t.status == status).cloned().collect::<Vec<_>>()));
        let count = move || shown.with(|ts| ts.iter().filter(|t| t.status == status).count());
        let title = move || {
            if status == TaskStatus::Done {
                tr!(i18n, board.done_column).get()
            } else {
                status_name(i18n.get_locale(), status).to_owned()
            }
        };
        view! {
            <section class="column" data-status=status.as_str()>
                <h2>
                    {title} <span class="count">{count}</span>
                </h2>
                {steps.list(tasks.into(), now)}
            </section>
        }
    };

    let floors = move || {
        let mut floors: Vec<i64> = live.rooms.with(|rs| rs.iter().map(|r| r.floor).collect());
        floors.dedup();
        floors
            .into_iter()
            .map(|f| {
                view! {
                    <option value=f selected=move || floor.get() == Some(f)>
                        {trf!(i18n, new_task.floor_no, floor = f)}
                    </option>
                }
            })
            .collect_view()
    };
    let types = move || {
        let locale = i18n.get_locale();
        live.types
            .get()
            .into_iter()
            .map(|t| {
                let id = t.id;
                view! {
                    <option value=id.to_string() selected=move || type_id.get() == Some(id)>
                        {type_name(locale, &t.code, Some(&t.name))}
                    </option>
                }
            })
            .collect_view()
    };

    // The people holding the department's tasks now (there is no staff list for
    // supervisors to pick from).
    let people = move || {
        let mut people: Vec<(Uuid, String)> = list.with(|l| match l {
            Some(Ok(tasks)) => tasks
                .iter()
                .filter_map(|t| Some((t.assignee_id?, t.assignee_name.clone().unwrap_or_default())))
                .collect(),
            _ => Vec::new(),
        });
        // Once each, in the order they first appear (no sort: less code).
        let mut seen = Vec::new();
        people.retain(|p| {
            let first = !seen.contains(&p.0);
            seen.push(p.0);
            first
        });
        people
            .into_iter()
            .map(|(id, name)| {
                let value = id.to_string();
                let v = value.clone();
                view! { <option value=value selected=move || assignee.with(|a| *a == v)>{name}</option> }
            })
            .collect_view()
    };

    let loaded = phase_of(list);
    // A supervisor without a department has no board to show.
    let phase = Signal::derive(move || if chosen() { loaded.get() } else { Phase::Loading });

    view! {
        <div class="toolbar">
            <h1>{tr!(i18n, board.title)}</h1>
        </div>
        <div class="filters">
            {sees_all
                .then(|| {
                    view! {
                        <div class="field">
                            <label for="f-board-department">{tr!(i18n, staff.department)}</label>
                            <select
                                id="f-board-department"
                                on:change=move |ev| set_department.set(event_target_value(&ev).parse().ok())
                            >
                                <option value="" selected=move || department.with(Option::is_none)>
                                    {tr!(i18n, report.all_departments)}
                                </option>
                                <DepartmentOptions selected=department />
                            </select>
                        </div>
                    }
                })}
            <div class="field">
                <label for="f-board-floor">{tr!(i18n, new_task.floor)}</label>
                <select id="f-board-floor" on:change=move |ev| set_floor.set(event_target_value(&ev).parse().ok())>
                    <option value="">{tr!(i18n, board.all_floors)}</option>
                    {floors}
                </select>
            </div>
            <div class="field">
                <label for="f-board-type">{tr!(i18n, new_task.type_label)}</label>
                <select id="f-board-type" on:change=move |ev| set_type.set(event_target_value(&ev).parse().ok())>
                    <option value="">{tr!(i18n, board.all_types)}</option>
                    {types}
                </select>
            </div>
            <div class="field">
                <label for="f-board-assignee">{tr!(i18n, task.assignee)}</label>
                <select id="f-board-assignee" on:change=move |ev| set_assignee.set(event_target_value(&ev))>
                    <option value="">{tr!(i18n, board.everyone)}</option>
                    <option value="pool">{tr!(i18n, tasks.pool)}</option>
                    {people}
                </select>
            </div>
            <RoomSearch value=room on_change=set_room label=tr!(i18n, tasks.room) id="f-board-room" />
        </div>
        {steps.notices()}
        <Loaded phase=phase retry=move |()| list.refetch()>
            <div class="board">{COLUMNS.map(column).collect_view()}</div>
        </Loaded>
    }
}
