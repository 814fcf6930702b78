//! The portal's route tables, one per section: the signed-in shell around the section's
//! pages. Addresses are written by `paths::Screen`; the tests below walk every page
//! through its section's table and back.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route};
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use leptos_router::path;
use uuid::Uuid;

use crate::apps::portal::NoPageHere;
use crate::components::restricted::Restricted;
use crate::features::admin::{
    AdminIndex, ChainPage, ChainPeoplePage, DepartmentsPage, HotelPage, HotelsPage, RoomsPage, StaffImportPage,
    StaffPage, TabletsPage, TrailPage,
};
use crate::features::audits::{AuditPage, AuditReportPage, AuditTemplatesPage, AuditsPage, TemplateEditorPage};
use crate::features::rooms::{MyRoomsPage, RoomAssignmentsPage, RoomBoardPage, RoomReportPage};
use crate::features::shell::Shell;
use crate::features::star::{StarPage, StarSettingsPage};
use crate::features::tasks::{BoardPage, NewTaskPage, ReportPage, TaskPage, TaskTypesPage, TasksPage};
use crate::features::training::{
    AttemptPage, BankPage, PersonPage, PlanPage, PlansPage, QuestionPage, QuizPage, QuizzesPage, TrainingPage,
    TrainingReportPage,
};
use crate::paths::Screen;

// One route table per section: each section is its own app (`bellhop_api::sections`),
// and each table wraps its pages in the signed-in shell.

#[component(transparent)]
pub fn TasksRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("") view=Shell>
            <Route path=path!("") view=|| view! { <Redirect path=Screen::Tasks.href() /> } />
            <ParentRoute path=path!("tasks") view=Outlet>
                <Route path=path!("") view=only(Screen::Tasks, TasksPage) />
                <Route path=path!("new") view=only(Screen::NewTask, NewTaskPage) />
                <Route path=path!("board") view=only(Screen::TaskBoard, BoardPage) />
                <Route path=path!("report") view=only(Screen::TaskReport, ReportPage) />
                <Route path=path!("types") view=only(Screen::TaskTypes, TaskTypesPage) />
                <Route path=path!(":id") view=by_id(Screen::Task, |id| view! { <TaskPage id=id /> }.into_any()) />
            </ParentRoute>
        </ParentRoute>
    }
    .into_inner()
}

#[component(transparent)]
pub fn AuditsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("audits") view=Shell>
            <Route path=path!("") view=only(Screen::Audits, AuditsPage) />
            <Route path=path!("report") view=only(Screen::AuditReport, AuditReportPage) />
            <Route path=path!(":id") view=by_id(Screen::Audit, |id| view! { <AuditPage id=id /> }.into_any()) />
        </ParentRoute>
    }
    .into_inner()
}

#[component(transparent)]
pub fn AuditTemplatesRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("audits/templates") view=Shell>
            <Route path=path!("") view=only(Screen::AuditTemplates, AuditTemplatesPage) />
            <Route path=path!("new") view=only(Screen::AuditTemplateNew, || view! { <TemplateEditorPage id=None /> }) />
            <Route
                path=path!(":id")
                view=by_id(Screen::AuditTemplate, |id| view! { <TemplateEditorPage id=Some(id) /> }.into_any())
            />
        </ParentRoute>
    }
    .into_inner()
}

#[component(transparent)]
pub fn TrainingRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("training") view=Shell>
            <Route path=path!("") view=only(Screen::Training, TrainingPage) />
            <Route
                path=path!("attempts/:id")
                view=by_id(Screen::TrainingAttempt, |id| view! { <AttemptPage id=id /> }.into_any())
            />
            <Route path=path!("report") view=only(Screen::TrainingReport, TrainingReportPage) />
            <Route
                path=path!("people/:id")
                view=by_id(Screen::TrainingPerson, |id| view! { <PersonPage id=id /> }.into_any())
            />
        </ParentRoute>
    }
    .into_inner()
}

#[component(transparent)]
pub fn TrainingLibraryRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("training") view=Shell>
            <Route path=path!("bank") view=only(Screen::TrainingBank, BankPage) />
            <Route
                path=path!("questions/new")
                view=only(Screen::TrainingNewQuestion, || view! { <QuestionPage id=None /> })
            />
            <Route
                path=path!("questions/:id")
                view=by_id(Screen::TrainingQuestion, |id| view! { <QuestionPage id=Some(id) /> }.into_any())
            />
            <Route path=path!("quizzes") view=only(Screen::TrainingQuizzes, QuizzesPage) />
            <Route path=path!("quizzes/new") view=only(Screen::TrainingNewQuiz, || view! { <QuizPage id=None /> }) />
            <Route
                path=path!("quizzes/:id")
                view=by_id(Screen::TrainingQuiz, |id| view! { <QuizPage id=Some(id) /> }.into_any())
            />
            <Route path=path!("plans") view=only(Screen::TrainingPlans, PlansPage) />
            <Route path=path!("plans/new") view=only(Screen::TrainingNewPlan, || view! { <PlanPage id=None /> }) />
            <Route
                path=path!("plans/:id")
                view=by_id(Screen::TrainingPlan, |id| view! { <PlanPage id=Some(id) /> }.into_any())
            />
        </ParentRoute>
    }
    .into_inner()
}

#[component(transparent)]
pub fn StarRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("star") view=Shell>
            <Route path=path!("") view=only(Screen::Star, || view! { <StarPage month=None /> }) />
            <Route path=path!("settings") view=only(Screen::StarSettings, StarSettingsPage) />
            <Route path=path!(":month") view=StarMonthPage />
        </ParentRoute>
    }
    .into_inner()
}

#[component(transparent)]
pub fn AdminRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("admin") view=Shell>
            <Route path=path!("") view=only(Screen::Admin, AdminIndex) />
            <Route path=path!("staff") view=only(Screen::AdminStaff, StaffPage) />
            <Route path=path!("staff/import") view=only(Screen::AdminStaffImport, StaffImportPage) />
            <Route path=path!("tablets") view=only(Screen::AdminTablets, TabletsPage) />
            <Route path=path!("hotel") view=only(Screen::AdminHotel, HotelPage) />
            <Route path=path!("departments") view=only(Screen::AdminDepartments, DepartmentsPage) />
            <Route path=path!("rooms") view=only(Screen::AdminRooms, RoomsPage) />
            <Route path=path!("trail") view=only(Screen::AdminTrail, TrailPage) />
            <Route path=path!("chain") view=only(Screen::AdminChain, ChainPage) />
            <Route path=path!("chain/hotels") view=only(Screen::AdminChainHotels, HotelsPage) />
            <Route path=path!("chain/people") view=only(Screen::AdminChainPeople, ChainPeoplePage) />
        </ParentRoute>
    }
    .into_inner()
}

#[component(transparent)]
pub fn RoomsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("rooms") view=Shell>
            <Route path=path!("") view=only(Screen::Rooms, RoomBoardPage) />
            <Route path=path!("mine") view=only(Screen::MyRooms, MyRoomsPage) />
            <Route path=path!("assignments") view=only(Screen::RoomAssignments, RoomAssignmentsPage) />
            <Route path=path!("report") view=only(Screen::RoomReport, RoomReportPage) />
        </ParentRoute>
    }
    .into_inner()
}

#[derive(Params, Clone, PartialEq)]
struct IdParams {
    id: Option<Uuid>,
}

/// The page `screen`, for the roles it opens for (`Screen::opens_for`); everyone else
/// gets "no access" in its place, and the page is not even made (it loads nothing).
fn only<V: IntoView + 'static>(screen: Screen, page: fn() -> V) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || view! { <Restricted screen=screen.clone()>{page()}</Restricted> }.into_any()
}

/// A page addressed by a record's id, guarded like [`only`]; an address whose id is not
/// one is no page here (`/audits/templates` is not an audit: it is the template
/// editor's app's).
fn by_id(screen: fn(Uuid) -> Screen, page: fn(Uuid) -> AnyView) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || {
        let params = use_params::<IdParams>();
        (move || match params.with(|p| p.as_ref().ok().and_then(|p| p.id)) {
            Some(id) => view! { <Restricted screen=screen(id)>{page(id)}</Restricted> }.into_any(),
            None => view! { <NoPageHere /> }.into_any(),
        })
        .into_any()
    }
}

#[derive(Params, Clone, PartialEq)]
struct MonthParams {
    month: Option<String>,
}

/// `/star/YYYY-MM`: a past month's results.
#[component]
fn StarMonthPage() -> impl IntoView {
    let params = use_params::<MonthParams>();
    move || match params
        .with(|p| p.as_ref().ok().and_then(|p| p.month.clone()))
        .filter(|m| is_month(m))
    {
        Some(month) => view! {
            <Restricted screen=Screen::StarMonth(month.clone())>
                <StarPage month=Some(month.clone()) />
            </Restricted>
        }
        .into_any(),
        None => view! { <NoPageHere /> }.into_any(),
    }
}

/// `YYYY-MM`.
fn is_month(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 7 && bytes[4] == b'-' && text.chars().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use bellhop_api::sections::Section;
    use leptos_router::{MatchNestedRoutes, MatchParams, PathSegment, RouteDefs};

    use super::*;

    /// What `path` carries when matched in `section`'s table, or `None` if it matches
    /// no route there.
    fn match_in(section: Section, path: &str) -> Option<Vec<(String, String)>> {
        match section {
            Section::Tasks => params_of(TasksRoutes(), path),
            Section::Audits => params_of(AuditsRoutes(), path),
            Section::AuditTemplates => params_of(AuditTemplatesRoutes(), path),
            Section::Training => params_of(TrainingRoutes(), path),
            Section::TrainingLibrary => params_of(TrainingLibraryRoutes(), path),
            Section::Star => params_of(StarRoutes(), path),
            Section::Admin => params_of(AdminRoutes(), path),
            Section::Rooms => params_of(RoomsRoutes(), path),
        }
    }

    fn params_of(routes: impl MatchNestedRoutes, path: &str) -> Option<Vec<(String, String)>> {
        // A match carries the parameters of its nested matches too.
        RouteDefs::new(routes).match_route(path).map(|matched| {
            matched
                .to_params()
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect()
        })
    }

    /// Every route of `section`'s table, written `/tasks/:id`.
    fn routes_of(section: Section) -> BTreeSet<String> {
        match section {
            Section::Tasks => patterns(TasksRoutes()),
            Section::Audits => patterns(AuditsRoutes()),
            Section::AuditTemplates => patterns(AuditTemplatesRoutes()),
            Section::Training => patterns(TrainingRoutes()),
            Section::TrainingLibrary => patterns(TrainingLibraryRoutes()),
            Section::Star => patterns(StarRoutes()),
            Section::Admin => patterns(AdminRoutes()),
            Section::Rooms => patterns(RoomsRoutes()),
        }
    }

    fn patterns(routes: impl MatchNestedRoutes) -> BTreeSet<String> {
        let table = RouteDefs::new(routes);
        let (_, generated) = table.generate_routes();
        generated
            .into_iter()
            .map(|route| {
                let path: String = route
                    .segments
                    .iter()
                    .filter_map(|segment| match segment {
                        PathSegment::Static(s) if !s.trim_matches('/').is_empty() => {
                            Some(format!("/{}", s.trim_matches('/')))
                        }
                        PathSegment::Param(name) => Some(format!("/:{name}")),
                        _ => None,
                    })
                    .collect();
                if path.is_empty() {
                    "/".to_owned()
                } else {
                    path
                }
            })
            .collect()
    }

    /// One page of each kind, ids included.
    fn every_page() -> Vec<Screen> {
        let id = Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        vec![
            Screen::Tasks,
            Screen::NewTask,
            Screen::TaskBoard,
            Screen::TaskReport,
            Screen::TaskTypes,
            Screen::Task(id),
            Screen::Audits,
            Screen::AuditReport,
            Screen::AuditTemplates,
            Screen::AuditTemplateNew,
            Screen::AuditTemplate(id),
            Screen::Audit(id),
            Screen::Training,
            Screen::TrainingAttempt(id),
            Screen::TrainingReport,
            Screen::TrainingBank,
            Screen::TrainingNewQuestion,
            Screen::TrainingQuestion(id),
            Screen::TrainingQuizzes,
            Screen::TrainingNewQuiz,
            Screen::TrainingQuiz(id),
            Screen::TrainingPlans,
            Screen::TrainingNewPlan,
            Screen::TrainingPlan(id),
            Screen::TrainingPerson(id),
            Screen::Star,
            Screen::StarMonth("2026-11".into()),
            Screen::StarSettings,
            Screen::Admin,
            Screen::AdminStaff,
            Screen::AdminStaffImport,
            Screen::AdminTablets,
            Screen::AdminHotel,
            Screen::AdminDepartments,
            Screen::AdminRooms,
            Screen::AdminTrail,
            Screen::Rooms,
            Screen::MyRooms,
            Screen::RoomAssignments,
            Screen::RoomReport,
            Screen::AdminChain,
            Screen::AdminChainHotels,
            Screen::AdminChainPeople,
        ]
    }

    /// What a page's address carries, by parameter name.
    fn carried(page: &Screen) -> Vec<(String, String)> {
        match page {
            Screen::Task(id)
            | Screen::AuditTemplate(id)
            | Screen::Audit(id)
            | Screen::TrainingAttempt(id)
            | Screen::TrainingQuestion(id)
            | Screen::TrainingQuiz(id)
            | Screen::TrainingPlan(id)
            | Screen::TrainingPerson(id) => vec![("id".into(), id.to_string())],
            Screen::StarMonth(month) => vec![("month".into(), month.clone())],
            _ => Vec::new(),
        }
    }

    /// `/tasks/:id` for `/tasks/0123…`: the route a page's address takes.
    fn pattern_of(page: &Screen) -> String {
        carried(page).into_iter().fold(page.href(), |path, (name, value)| {
            path.replace(&value, &format!(":{name}"))
        })
    }

    #[test]
    fn every_page_address_leads_back_to_its_page_in_its_sections_app() {
        for page in every_page() {
            let path = page.href();
            let params = match_in(Section::of_path(&path), &path)
                .unwrap_or_else(|| panic!("{path} matches no route of its section"));
            // `/tasks/new` must reach the new-task route, not `/tasks/:id` with "new".
            assert_eq!(params, carried(&page), "{path} took another page's route");
        }
    }

    #[test]
    fn every_route_is_a_page_of_its_section() {
        let mut pages: BTreeSet<String> = every_page().iter().map(pattern_of).collect();
        // `/` only goes on to My tasks.
        pages.insert("/".to_owned());
        for section in Section::ALL {
            let routes = routes_of(section);
            for route in &routes {
                assert_eq!(
                    Section::of_path(route),
                    section,
                    "{route} is in another section's table"
                );
            }
            let expected: BTreeSet<String> = pages
                .iter()
                .filter(|page| Section::of_path(page) == section)
                .cloned()
                .collect();
            assert_eq!(routes, expected, "{section:?}");
        }
    }

    #[test]
    fn unknown_addresses_match_nothing() {
        for path in [
            "/nowhere",
            "/tasks/board/extra",
            "/admin/staff/1/2",
            "/signin",
            "/audits/templates/1/x",
            "/rooms/board",
            "/rooms/mine/x",
        ] {
            for section in Section::ALL {
                assert!(match_in(section, path).is_none(), "{path} should be not found");
            }
        }
    }

    #[test]
    fn months_are_year_dash_month() {
        assert!(is_month("2026-11"));
        assert!(!is_month("2026-1"));
        assert!(!is_month("settings"));
        assert!(!is_month("2026/11"));
    }
}
