//! The app's routes as an enum, kept in the URL with the History API.
//!
//! A hand-written router instead of leptos_router: the app has a dozen flat routes,
//! and leptos_router's nested, async route views cost about a third of the first-load
//! budget in generated code. Deep links work because the server answers every client
//! route with index.html.

use leptos::ev;
use leptos::prelude::*;

/// Every screen of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    SignIn,
    Enroll,
    /// `/`: goes on to Tasks.
    Home,
    Tasks,
    NewTask,
    TaskBoard,
    TaskReport,
    TaskTypes,
    /// `/tasks/:id`, the target of deep links from notifications.
    Task(String),
    Audits,
    /// `/audits/report`, the managers' month of audits.
    AuditReport,
    /// `/audits/templates`, the managers' audit forms.
    AuditTemplates,
    /// `/audits/templates/new`: the editor for a new form.
    AuditTemplateNew,
    /// `/audits/templates/:id`: the editor for one form.
    AuditTemplate(String),
    /// `/audits/:id`: the form to fill in, or its result once submitted.
    Audit(String),
    Training,
    /// `/training/attempts/:id`: taking a quiz, then its result.
    TrainingAttempt(String),
    TrainingReport,
    TrainingBank,
    /// `/training/questions/new`: the editor for a new bank question.
    TrainingNewQuestion,
    /// `/training/questions/:id`: the editor for one bank question.
    TrainingQuestion(String),
    /// `/training/quizzes`, the managers' list of quizzes.
    TrainingQuizzes,
    TrainingNewQuiz,
    /// `/training/quizzes/:id`: the quiz editor, and its assignment.
    TrainingQuiz(String),
    /// `/training/plans`, the onboarding plans.
    TrainingPlans,
    TrainingNewPlan,
    /// `/training/plans/:id`: a plan's steps, its people and their due dates.
    TrainingPlan(String),
    /// `/training/people/:id`: one person's training history.
    TrainingPerson(String),
    Star,
    /// `/star/:month` (`YYYY-MM`), a past month's results.
    StarMonth(String),
    StarSettings,
    /// `/admin`: goes on to staff (admins) or tablets (managers).
    Admin,
    AdminStaff,
    AdminTablets,
    NotFound,
}

impl Route {
    pub const SIGN_IN: &'static str = "/signin";
    pub const ENROLL: &'static str = "/enroll";
    pub const TASKS: &'static str = "/tasks";
    pub const NEW_TASK: &'static str = "/tasks/new";
    pub const TASK_BOARD: &'static str = "/tasks/board";
    pub const TASK_REPORT: &'static str = "/tasks/report";
    pub const TASK_TYPES: &'static str = "/tasks/types";
    pub const AUDITS: &'static str = "/audits";
    pub const AUDIT_REPORT: &'static str = "/audits/report";
    pub const AUDIT_TEMPLATES: &'static str = "/audits/templates";
    pub const AUDIT_TEMPLATE_NEW: &'static str = "/audits/templates/new";
    pub const TRAINING: &'static str = "/training";
    pub const TRAINING_REPORT: &'static str = "/training/report";
    pub const TRAINING_BANK: &'static str = "/training/bank";
    pub const TRAINING_NEW_QUESTION: &'static str = "/training/questions/new";
    pub const TRAINING_QUIZZES: &'static str = "/training/quizzes";
    pub const TRAINING_NEW_QUIZ: &'static str = "/training/quizzes/new";
    pub const TRAINING_PLANS: &'static str = "/training/plans";
    pub const TRAINING_NEW_PLAN: &'static str = "/training/plans/new";
    pub const STAR: &'static str = "/star";
    pub const STAR_SETTINGS: &'static str = "/star/settings";
    pub const ADMIN: &'static str = "/admin";
    pub const ADMIN_STAFF: &'static str = "/admin/staff";
    pub const ADMIN_TABLETS: &'static str = "/admin/tablets";

    pub fn parse(path: &str) -> Route {
        let path = path.trim_end_matches('/');
        match path {
            "" => Route::Home,
            Self::SIGN_IN => Route::SignIn,
            Self::ENROLL => Route::Enroll,
            Self::TASKS => Route::Tasks,
            Self::NEW_TASK => Route::NewTask,
            Self::TASK_BOARD => Route::TaskBoard,
            Self::TASK_REPORT => Route::TaskReport,
            Self::TASK_TYPES => Route::TaskTypes,
            Self::AUDITS => Route::Audits,
            Self::AUDIT_REPORT => Route::AuditReport,
            Self::AUDIT_TEMPLATES => Route::AuditTemplates,
            Self::AUDIT_TEMPLATE_NEW => Route::AuditTemplateNew,
            Self::TRAINING => Route::Training,
            Self::TRAINING_REPORT => Route::TrainingReport,
            Self::TRAINING_BANK => Route::TrainingBank,
            Self::TRAINING_NEW_QUESTION => Route::TrainingNewQuestion,
            Self::TRAINING_QUIZZES => Route::TrainingQuizzes,
            Self::TRAINING_NEW_QUIZ => Route::TrainingNewQuiz,
            Self::TRAINING_PLANS => Route::TrainingPlans,
            Self::TRAINING_NEW_PLAN => Route::TrainingNewPlan,
            Self::STAR => Route::Star,
            Self::STAR_SETTINGS => Route::StarSettings,
            Self::ADMIN => Route::Admin,
            Self::ADMIN_STAFF => Route::AdminStaff,
            Self::ADMIN_TABLETS => Route::AdminTablets,
            _ => {
                let id_after = |prefix: &str| {
                    path.strip_prefix(prefix)
                        .filter(|id| !id.is_empty() && !id.contains('/'))
                        .map(str::to_owned)
                };
                if let Some(id) = id_after("/tasks/") {
                    Route::Task(id)
                } else if let Some(id) = id_after("/audits/templates/") {
                    Route::AuditTemplate(id)
                } else if let Some(id) = id_after("/training/attempts/") {
                    Route::TrainingAttempt(id)
                } else if let Some(id) = id_after("/training/questions/") {
                    Route::TrainingQuestion(id)
                } else if let Some(id) = id_after("/training/quizzes/") {
                    Route::TrainingQuiz(id)
                } else if let Some(id) = id_after("/training/plans/") {
                    Route::TrainingPlan(id)
                } else if let Some(id) = id_after("/training/people/") {
                    Route::TrainingPerson(id)
                } else if let Some(id) = id_after("/audits/") {
                    Route::Audit(id)
                } else if let Some(month) = path.strip_prefix("/star/").filter(|m| is_month(m)) {
                    Route::StarMonth(month.to_owned())
                } else {
                    Route::NotFound
                }
            }
        }
    }

    /// The results of one month (`YYYY-MM`).
    pub fn star_month(month: &str) -> String {
        format!("/star/{month}")
    }

    /// The path of one attempt at a quiz.
    pub fn training_attempt(id: uuid::Uuid) -> String {
        format!("/training/attempts/{id}")
    }

    /// The editor of one bank question.
    pub fn training_question(id: uuid::Uuid) -> String {
        format!("/training/questions/{id}")
    }

    /// The editor of one quiz.
    pub fn training_quiz(id: uuid::Uuid) -> String {
        format!("/training/quizzes/{id}")
    }

    /// One onboarding plan.
    pub fn training_plan(id: uuid::Uuid) -> String {
        format!("/training/plans/{id}")
    }

    /// One person's training history.
    pub fn training_person(id: uuid::Uuid) -> String {
        format!("/training/people/{id}")
    }

    /// The editor of one audit form.
    pub fn audit_template(id: uuid::Uuid) -> String {
        format!("/audits/templates/{id}")
    }

    /// The path of one audit.
    pub fn audit(id: uuid::Uuid) -> String {
        format!("/audits/{id}")
    }

    /// The path of one task.
    pub fn task(id: uuid::Uuid) -> String {
        format!("/tasks/{id}")
    }
}

/// `YYYY-MM`.
fn is_month(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 7 && bytes[4] == b'-' && text.chars().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit())
}

/// The current path, provided as context by the app.
#[derive(Clone, Copy)]
pub struct Router {
    path: RwSignal<String>,
}

fn location_path() -> String {
    window().location().pathname().unwrap_or_default()
}

impl Router {
    /// Starts following the address bar (back and forward buttons included).
    pub fn provide() -> Router {
        let router = Router {
            path: RwSignal::new(location_path()),
        };
        // Lives as long as the app: the handle is never removed.
        let _ = window_event_listener(ev::popstate, move |_| router.path.set(location_path()));
        provide_context(router);
        router
    }

    pub fn path(self) -> Signal<String> {
        self.path.into()
    }

    /// Goes to `path`; `replace` leaves no history entry (for redirects).
    pub fn navigate(self, path: &str, replace: bool) {
        if self.path.with_untracked(|p| p == path) {
            return;
        }
        if let Ok(history) = window().history() {
            let _ = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            };
        }
        self.path.set(path.to_owned());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}

/// A link inside the app: a real `<a href>` (it opens in a new tab with a modifier
/// key) that otherwise changes the screen without reloading. It is marked
/// `aria-current="page"` while the path is at or below `href` (or exactly `href`).
#[component]
pub fn Link(
    /// The app path to go to.
    #[prop(into)]
    href: Oco<'static, str>,
    /// CSS classes of the `<a>`.
    #[prop(optional)]
    class: &'static str,
    /// Current only at `href` itself, not below it (a tab whose siblings are sub-paths).
    #[prop(optional)]
    exact: bool,
    /// The link's content.
    children: Children,
) -> impl IntoView {
    let router = use_router();
    let target = href.clone();
    let current = move || {
        router.path.with(|p| {
            let below = p
                .strip_prefix(target.as_str())
                .is_some_and(|rest| rest.is_empty() || (!exact && rest.starts_with('/')));
            below.then_some("page")
        })
    };
    view! {
        <a href=href.clone() class=class aria-current=current on:click=follow(router, href.to_string())>
            {children()}
        </a>
    }
}

/// The click handler of an in-app link to `to`: a plain click changes the screen
/// without a reload; with a modifier key (new tab, new window) the browser acts.
/// For plain `<a>` elements where [`Link`]'s "current page" marking is not needed
/// (cards in long lists).
pub fn follow(router: Router, to: String) -> impl Fn(ev::MouseEvent) + 'static {
    move |ev| {
        let modified = ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key();
        if ev.button() == 0 && !modified {
            ev.prevent_default();
            router.navigate(&to, false);
        }
    }
}
