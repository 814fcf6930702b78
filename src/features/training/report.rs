//! `/training/report` (supervisors: their department; managers: any or all): coverage
//! per department (assigned, attempted, passed, overdue) as bars and a table, the same
//! per person (each opening their history), the pass rate per quiz and the hardest
//! questions, each department table also as CSV. Managers assign quizzes here too.

use bellhop_api::people::Role;
use bellhop_api::training::{
    CoverageRow, CsvTable, QuestionStats, QuizStats, TrainingCsvQuery, TrainingPeopleQuery, TrainingReport,
    TrainingReportQuery,
};
use leptos::prelude::*;
use uuid::Uuid;

use super::{assign::AssignForm, percent, to_training};
use crate::components::field::DepartmentField;
use crate::components::paging::{page_window, Pages, ShowMore};
use crate::components::status::{phase_of, Loaded};
use crate::components::sub_page::SubPage;
use crate::components::tile::Tile;
use crate::data::Data;
use crate::features::training::api;
use crate::i18n::{department_name, tr, use_i18n, I18n};
use crate::paths::{query_filter, Screen};
use crate::session::use_auth;
use crate::session::use_role;
use leptos_router::components::A;

/// A row's department in the screen's language (built-in ones are translated).
fn row_name(i18n: I18n, row: &CoverageRow) -> Signal<String> {
    let auth = use_auth();
    let (id, fallback) = (row.department_id, row.department.clone());
    Signal::derive(move || {
        let locale = i18n.get_locale();
        auth.departments
            .with(|ds| ds.iter().find(|d| Some(d.id) == id).map(|d| department_name(locale, d)))
            .unwrap_or_else(|| fallback.clone())
    })
}

#[component]
pub fn TrainingReportPage() -> impl IntoView {
    view! {
        <SubPage class="training-report" back=to_training()>
            <Report />
        </SubPage>
    }
}

#[component]
fn Report() -> impl IntoView {
    let i18n = use_i18n();
    let role = use_role();
    let sees_all = role.get_untracked().is_some_and(Role::manages_property);
    let (department, set_department) = query_filter::<Uuid>("department");
    let report = Data::new(move || {
        let query = TrainingReportQuery {
            department_id: department.get(),
        };
        async move { api::training_report(&query).await }
    });
    let csv = move |table: CsvTable| {
        api::training_report_csv(&TrainingCsvQuery {
            department_id: department.get(),
            table,
        })
    };
    let body = move || {
        report
            .get()
            .and_then(Result::ok)
            .map(|r| view! { <ReportBody report=r /> })
    };
    view! {
        <h1>{tr!(i18n, training.report_title)}</h1>
        {sees_all.then(|| view! { <DepartmentField label=tr!(i18n, staff.department) none=tr!(i18n, report.all_departments) id="f-training-department" value=department on_change=set_department /> })}
        <Loaded phase=phase_of(report) retry=move |()| report.refetch()>
            {body}
        </Loaded>
        <People department=department />
        <section class="card csv-links">
            <h2>{tr!(i18n, report.csv)}</h2>
            <div class="form-actions">
                <a class="btn btn-secondary" href=move || csv(CsvTable::Coverage) download="training-coverage.csv">
                    {tr!(i18n, training.coverage)}
                </a>
                <a class="btn btn-secondary" href=move || csv(CsvTable::Quizzes) download="training-quizzes.csv">
                    {tr!(i18n, training.pass_rates)}
                </a>
                <a class="btn btn-secondary" href=move || csv(CsvTable::Hardest) download="training-hardest.csv">
                    {tr!(i18n, training.hardest)}
                </a>
            </div>
        </section>
        {sees_all.then(|| view! { <AssignForm on_assigned=Callback::new(move |()| report.refetch()) /> })}
    }
}

/// `part` of `whole` as a whole percentage for a bar's width.
fn share(part: u32, whole: u32) -> u32 {
    (part.min(whole) * 100).checked_div(whole).unwrap_or(0)
}

#[component]
fn ReportBody(
    /// The server's numbers.
    report: TrainingReport,
) -> impl IntoView {
    let i18n = use_i18n();
    let sum = |f: fn(&CoverageRow) -> u32| report.coverage.iter().map(f).sum::<u32>();
    let (assigned, attempted, passed, overdue) = (
        sum(|r| r.assigned),
        sum(|r| r.attempted),
        sum(|r| r.passed),
        sum(|r| r.overdue),
    );
    view! {
        <div class="tiles">
            <Tile label=tr!(i18n, training.assigned) value=assigned.to_string() />
            <Tile label=tr!(i18n, training.attempted) value=attempted.to_string() />
            <Tile label=tr!(i18n, training.passed_count) value=passed.to_string() />
            <Tile label=tr!(i18n, training.status_overdue) value=overdue.to_string() alert={ overdue > 0 } />
        </div>
        <Coverage rows=report.coverage />
        <Quizzes rows=report.quizzes />
        <Hardest rows=report.hardest />
    }
}

/// Per department: a bar of attempted and passed against assigned, then the table.
#[component]
fn Coverage(
    /// One row per department.
    rows: Vec<CoverageRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let bars = rows
        .iter()
        .map(|r| {
            let attempted = format!("width: {}%", share(r.attempted, r.assigned));
            let passed = format!("width: {}%", share(r.passed, r.assigned));
            view! {
                <li class="cover-row">
                    <span class="cover-name">{row_name(i18n, r)}</span>
                    <span class="cover-bar" role="img" aria-label=format!("{} / {} / {}", r.passed, r.attempted, r.assigned)>
                        <span class="bar-attempted" style=attempted></span>
                        <span class="bar-passed" style=passed></span>
                    </span>
                </li>
            }
        })
        .collect_view();
    let table = rows
        .into_iter()
        .map(|r| {
            let id = r.department_id.map(|d| d.to_string()).unwrap_or_default();
            view! {
                <tr data-department=id>
                    <td>{row_name(i18n, &r)}</td>
                    <td class="num">{r.people}</td>
                    <td class="num">{r.assigned}</td>
                    <td class="num cover-attempted">{r.attempted}</td>
                    <td class="num cover-passed">{r.passed}</td>
                    <td class="num" class:alert={r.overdue > 0}>{r.overdue}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card coverage">
            <h2>{tr!(i18n, training.coverage)}</h2>
            <ul class="cover-chart">{bars}</ul>
            <p class="legend">
                <span class="key key-attempted"></span>
                {tr!(i18n, training.attempted)}
                <span class="key key-passed"></span>
                {tr!(i18n, training.passed_count)}
            </p>
            <ReportTable headers=vec![
                tr!(i18n, staff.department),
                tr!(i18n, training.people),
                tr!(i18n, training.assigned),
                tr!(i18n, training.attempted),
                tr!(i18n, training.passed_count),
                tr!(i18n, training.status_overdue),
            ]>{table}</ReportTable>
        </section>
    }
}

/// A table that scrolls sideways on a phone: the header row, then the rows given.
#[component]
pub(super) fn ReportTable(
    /// Column titles; every column after the first holds numbers.
    headers: Vec<Signal<String>>,
    /// The `<tr>`s.
    children: Children,
) -> impl IntoView {
    let head = headers
        .into_iter()
        .enumerate()
        .map(|(n, h)| view! { <th class:num={n > 0}>{h}</th> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="report">
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

#[component]
fn Quizzes(
    /// One row per quiz.
    rows: Vec<QuizStats>,
) -> impl IntoView {
    let i18n = use_i18n();
    let table = rows
        .into_iter()
        .map(|q| {
            view! {
                <tr>
                    <td>{q.title}</td>
                    <td class="num">{q.attempts}</td>
                    <td class="num">{q.passed}</td>
                    <td class="num">{q.pass_rate.map_or_else(|| "–".to_owned(), percent)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{tr!(i18n, training.pass_rates)}</h2>
            <ReportTable headers=vec![
                tr!(i18n, training.quiz),
                tr!(i18n, training.attempts),
                tr!(i18n, training.passed_count),
                tr!(i18n, training.pass_rate),
            ]>{table}</ReportTable>
        </section>
    }
}

#[component]
fn Hardest(
    /// Lowest share correct first.
    rows: Vec<QuestionStats>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = rows.is_empty();
    let items = rows
        .into_iter()
        .map(|q| {
            view! {
                <li>
                    <span class="hard-prompt">{q.prompt}</span>
                    <span class="hint">{format!(" {} · {}/{}", percent(q.share_correct), q.correct, q.answered)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{tr!(i18n, training.hardest)}</h2>
            {empty.then(|| view! { <p class="empty">{tr!(i18n, training.no_answers_yet)}</p> })}
            <ol class="hardest">{items}</ol>
        </section>
    }
}

/// Per person, by name, a page at a time; each name opens the person's history.
#[component]
fn People(
    /// The report's department, or `None` for all.
    department: Memo<Option<Uuid>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pages = Pages::new(move |offset| {
        let page = page_window(offset);
        let query = TrainingPeopleQuery {
            department_id: department.get_untracked(),
            limit: page.limit,
            offset: page.offset,
        };
        async move { api::training_people(&query).await }
    });
    Effect::new(move |_| {
        department.track();
        pages.reload();
    });
    let rows = move || {
        pages
            .rows
            .get()
            .into_iter()
            .map(|p| {
                view! {
                    <tr class="person-row" data-staff=p.staff_id.to_string()>
                        <td>
                            <A href=Screen::TrainingPerson(p.staff_id) attr:class="person-link">
                                {p.display_name}
                            </A>
                        </td>
                        <td class="num">{p.assigned}</td>
                        <td class="num cover-attempted">{p.attempted}</td>
                        <td class="num cover-passed">{p.passed}</td>
                        <td class="num" class:alert={p.overdue > 0}>{p.overdue}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card people-coverage">
            <h2>{tr!(i18n, training.by_person)}</h2>
            <ReportTable headers=vec![
                tr!(i18n, training.person),
                tr!(i18n, training.assigned),
                tr!(i18n, training.attempted),
                tr!(i18n, training.passed_count),
                tr!(i18n, training.status_overdue),
            ]>{rows}</ReportTable>
            <ShowMore pages=pages />
        </section>
    }
}
