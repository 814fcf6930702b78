//! The portal's route table: the signed-in shell around every section, each section a
//! nested route. Addresses are written by `paths::Screen`; the test below walks every
//! page through this table and back.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route};
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use leptos_router::path;
use uuid::Uuid;

use crate::features::admin::{AdminIndex, StaffPage, TabletsPage};
use crate::features::audits::{AuditPage, AuditReportPage, AuditTemplatesPage, AuditsPage, TemplateEditorPage};
use crate::features::shell::{not_found::NotFound, Shell};
use crate::features::star::{StarPage, StarSettingsPage};
use crate::features::tasks::{BoardPage, NewTaskPage, ReportPage, TaskPage, TaskTypesPage, TasksPage};
use crate::features::training::{
    AttemptPage, BankPage, PersonPage, PlanPage, PlansPage, QuestionPage, QuizPage, QuizzesPage, TrainingPage,
    TrainingReportPage,
};
use crate::paths::Screen;

#[component(transparent)]
pub fn PortalRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("") view=Shell>
            <Route path=path!("") view=|| view! { <Redirect path=Screen::Tasks.href() /> } />
            <ParentRoute path=path!("tasks") view=Outlet>
                <Route path=path!("") view=TasksPage />
                <Route path=path!("new") view=NewTaskPage />
                <Route path=path!("board") view=BoardPage />
                <Route path=path!("report") view=ReportPage />
                <Route path=path!("types") view=TaskTypesPage />
                <Route path=path!(":id") view=by_id(|id| view! { <TaskPage id=id /> }.into_any()) />
            </ParentRoute>
            <ParentRoute path=path!("audits") view=Outlet>
                <Route path=path!("") view=AuditsPage />
                <Route path=path!("report") view=AuditReportPage />
                <Route path=path!("templates") view=AuditTemplatesPage />
                <Route path=path!("templates/new") view=|| view! { <TemplateEditorPage id=None /> } />
                <Route
                    path=path!("templates/:id")
                    view=by_id(|id| view! { <TemplateEditorPage id=Some(id) /> }.into_any())
                />
                <Route path=path!(":id") view=by_id(|id| view! { <AuditPage id=id /> }.into_any()) />
            </ParentRoute>
            <ParentRoute path=path!("training") view=Outlet>
                <Route path=path!("") view=TrainingPage />
                <Route path=path!("attempts/:id") view=by_id(|id| view! { <AttemptPage id=id /> }.into_any()) />
                <Route path=path!("report") view=TrainingReportPage />
                <Route path=path!("bank") view=BankPage />
                <Route path=path!("questions/new") view=|| view! { <QuestionPage id=None /> } />
                <Route
                    path=path!("questions/:id")
                    view=by_id(|id| view! { <QuestionPage id=Some(id) /> }.into_any())
                />
                <Route path=path!("quizzes") view=QuizzesPage />
                <Route path=path!("quizzes/new") view=|| view! { <QuizPage id=None /> } />
                <Route path=path!("quizzes/:id") view=by_id(|id| view! { <QuizPage id=Some(id) /> }.into_any()) />
                <Route path=path!("plans") view=PlansPage />
                <Route path=path!("plans/new") view=|| view! { <PlanPage id=None /> } />
                <Route path=path!("plans/:id") view=by_id(|id| view! { <PlanPage id=Some(id) /> }.into_any()) />
                <Route path=path!("people/:id") view=by_id(|id| view! { <PersonPage id=id /> }.into_any()) />
            </ParentRoute>
            <ParentRoute path=path!("star") view=Outlet>
                <Route path=path!("") view=|| view! { <StarPage month=None /> } />
                <Route path=path!("settings") view=StarSettingsPage />
                <Route path=path!(":month") view=StarMonthPage />
            </ParentRoute>
            <ParentRoute path=path!("admin") view=Outlet>
                <Route path=path!("") view=AdminIndex />
                <Route path=path!("staff") view=StaffPage />
                <Route path=path!("tablets") view=TabletsPage />
            </ParentRoute>
        </ParentRoute>
    }
    .into_inner()
}

#[derive(Params, Clone, PartialEq)]
struct IdParams {
    id: Option<Uuid>,
}

/// A page addressed by a record's id; an address whose id is not one shows "not found".
fn by_id(page: fn(Uuid) -> AnyView) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || {
        let params = use_params::<IdParams>();
        (move || match params.with(|p| p.as_ref().ok().and_then(|p| p.id)) {
            Some(id) => page(id),
            None => view! { <NotFound /> }.into_any(),
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
        Some(month) => view! { <StarPage month=Some(month) /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
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

    use leptos_router::{MatchParams, PathSegment, RouteDefs};

    use super::*;

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
            Screen::AdminTablets,
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
    fn every_page_address_leads_back_to_its_page() {
        let table = RouteDefs::new(PortalRoutes());
        for page in every_page() {
            let path = page.href();
            let matched = table
                .match_route(&path)
                .unwrap_or_else(|| panic!("{path} matches no route"));
            // A match carries the parameters of its nested matches too.
            let params: Vec<(String, String)> = matched
                .to_params()
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v))
                .collect();
            // `/tasks/new` must reach the new-task route, not `/tasks/:id` with "new".
            assert_eq!(params, carried(&page), "{path} took another page's route");
        }
    }

    #[test]
    fn every_route_is_a_page() {
        let table = RouteDefs::new(PortalRoutes());
        let (_, generated) = table.generate_routes();
        let routes: BTreeSet<String> = generated
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
            .collect();
        let mut pages: BTreeSet<String> = every_page().iter().map(pattern_of).collect();
        // `/` only goes on to My tasks.
        pages.insert("/".to_owned());
        assert_eq!(routes, pages);
    }

    #[test]
    fn unknown_addresses_match_nothing() {
        let table = RouteDefs::new(PortalRoutes());
        for path in ["/nowhere", "/tasks/board/extra", "/admin/staff/1/2", "/signin"] {
            assert!(table.match_route(path).is_none(), "{path} should be not found");
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
