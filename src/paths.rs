//! Every address of the portal, as links write it. The route table that reads these
//! addresses back is `apps::routes`; its unit test checks that every page's address
//! leads back to that page, so the two cannot drift.

use std::fmt;
use std::str::FromStr;

use bellhop_api::people::Role;
use leptos::prelude::{Get, Memo, Set, Signal, SignalSetter};
use leptos_router::components::ToHref;
use leptos_router::hooks::query_signal_with_options;
use leptos_router::NavigateOptions;
use uuid::Uuid;

/// The sign-in app's page, served by the server (a full page load from the portal).
pub const SIGN_IN: &str = "/signin";
/// Enrolling this browser as a shared tablet (first-run app).
pub const ENROLL: &str = "/enroll";
/// Choosing one's own PIN or password with a one-time set-up code (first-run app).
pub const SETUP_CODE: &str = "/signin/code";
/// The first-run set-up of a server without a hotel (its own small app).
pub const FIRST_RUN: &str = "/setup";

/// A screen of the portal and what its address carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Tasks,
    NewTask,
    TaskBoard,
    TaskReport,
    TaskTypes,
    Task(Uuid),
    Audits,
    AuditReport,
    AuditTemplates,
    AuditTemplateNew,
    AuditTemplate(Uuid),
    /// The form to fill in, or its result once submitted.
    Audit(Uuid),
    Training,
    /// Taking a quiz, then its result.
    TrainingAttempt(Uuid),
    TrainingReport,
    TrainingBank,
    TrainingNewQuestion,
    TrainingQuestion(Uuid),
    TrainingQuizzes,
    TrainingNewQuiz,
    TrainingQuiz(Uuid),
    TrainingPlans,
    TrainingNewPlan,
    TrainingPlan(Uuid),
    /// One person's training history.
    TrainingPerson(Uuid),
    Star,
    /// A past month's results (`YYYY-MM`).
    StarMonth(String),
    StarSettings,
    /// The admin pages a person may open.
    Admin,
    AdminStaff,
    /// Staff from a file, each with a one-time set-up code.
    AdminStaffImport,
    AdminTablets,
    /// The hotel's name, time zone, language and escalation delay.
    AdminHotel,
    AdminDepartments,
    AdminRooms,
    /// The trail of administrative changes.
    AdminTrail,
    /// The room board: every room's status by floor.
    Rooms,
    /// The signed-in attendant's rooms today, in order.
    MyRooms,
    /// The day's split of rooms between attendants.
    RoomAssignments,
    /// The end-of-day report per attendant.
    RoomReport,
    /// The chain view: each hotel's figures side by side (chain admins).
    AdminChain,
    /// The chain's hotels: add, rename, retire (chain admins).
    AdminChainHotels,
    /// People's roles in hotels other than their own (chain admins).
    AdminChainPeople,
}

impl Screen {
    /// The page's address, to link to or navigate to.
    pub fn href(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Screen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Screen::Tasks => f.write_str("/tasks"),
            Screen::NewTask => f.write_str("/tasks/new"),
            Screen::TaskBoard => f.write_str("/tasks/board"),
            Screen::TaskReport => f.write_str("/tasks/report"),
            Screen::TaskTypes => f.write_str("/tasks/types"),
            Screen::Task(id) => write!(f, "/tasks/{id}"),
            Screen::Audits => f.write_str("/audits"),
            Screen::AuditReport => f.write_str("/audits/report"),
            Screen::AuditTemplates => f.write_str("/audits/templates"),
            Screen::AuditTemplateNew => f.write_str("/audits/templates/new"),
            Screen::AuditTemplate(id) => write!(f, "/audits/templates/{id}"),
            Screen::Audit(id) => write!(f, "/audits/{id}"),
            Screen::Training => f.write_str("/training"),
            Screen::TrainingAttempt(id) => write!(f, "/training/attempts/{id}"),
            Screen::TrainingReport => f.write_str("/training/report"),
            Screen::TrainingBank => f.write_str("/training/bank"),
            Screen::TrainingNewQuestion => f.write_str("/training/questions/new"),
            Screen::TrainingQuestion(id) => write!(f, "/training/questions/{id}"),
            Screen::TrainingQuizzes => f.write_str("/training/quizzes"),
            Screen::TrainingNewQuiz => f.write_str("/training/quizzes/new"),
            Screen::TrainingQuiz(id) => write!(f, "/training/quizzes/{id}"),
            Screen::TrainingPlans => f.write_str("/training/plans"),
            Screen::TrainingNewPlan => f.write_str("/training/plans/new"),
            Screen::TrainingPlan(id) => write!(f, "/training/plans/{id}"),
            Screen::TrainingPerson(id) => write!(f, "/training/people/{id}"),
            Screen::Star => f.write_str("/star"),
            Screen::StarMonth(month) => write!(f, "/star/{month}"),
            Screen::StarSettings => f.write_str("/star/settings"),
            Screen::Admin => f.write_str("/admin"),
            Screen::AdminStaff => f.write_str("/admin/staff"),
            Screen::AdminStaffImport => f.write_str("/admin/staff/import"),
            Screen::AdminTablets => f.write_str("/admin/tablets"),
            Screen::AdminHotel => f.write_str("/admin/hotel"),
            Screen::AdminDepartments => f.write_str("/admin/departments"),
            Screen::AdminRooms => f.write_str("/admin/rooms"),
            Screen::AdminTrail => f.write_str("/admin/trail"),
            Screen::Rooms => f.write_str("/rooms"),
            Screen::MyRooms => f.write_str("/rooms/mine"),
            Screen::RoomAssignments => f.write_str("/rooms/assignments"),
            Screen::RoomReport => f.write_str("/rooms/report"),
            Screen::AdminChain => f.write_str("/admin/chain"),
            Screen::AdminChainHotels => f.write_str("/admin/chain/hotels"),
            Screen::AdminChainPeople => f.write_str("/admin/chain/people"),
        }
    }
}

impl Screen {
    /// Who may open the page, as the server allows its data: the route table lets in only
    /// them and shows everyone else "no access". A page open to all may still show
    /// parts only to some.
    pub fn opens_for(&self, role: Role) -> bool {
        match self {
            Screen::Tasks
            | Screen::NewTask
            | Screen::Task(_)
            | Screen::Audits
            | Screen::Audit(_)
            | Screen::Training
            | Screen::TrainingAttempt(_)
            | Screen::Star
            | Screen::StarMonth(_)
            | Screen::Rooms
            | Screen::MyRooms => true,
            Screen::TaskBoard
            | Screen::TaskReport
            | Screen::TrainingReport
            | Screen::TrainingPerson(_)
            | Screen::RoomAssignments
            | Screen::RoomReport => role.runs_department(),
            Screen::TaskTypes
            | Screen::AuditReport
            | Screen::AuditTemplates
            | Screen::AuditTemplateNew
            | Screen::AuditTemplate(_)
            | Screen::TrainingBank
            | Screen::TrainingNewQuestion
            | Screen::TrainingQuestion(_)
            | Screen::TrainingQuizzes
            | Screen::TrainingNewQuiz
            | Screen::TrainingQuiz(_)
            | Screen::TrainingPlans
            | Screen::TrainingNewPlan
            | Screen::TrainingPlan(_)
            | Screen::StarSettings
            | Screen::AdminRooms
            | Screen::AdminTrail => role.manages_property(),
            Screen::Admin | Screen::AdminTablets => role.manages_devices(),
            Screen::AdminStaff | Screen::AdminStaffImport | Screen::AdminHotel | Screen::AdminDepartments => {
                role.administers()
            }
            // A chain admin works as the admin of every hotel; the chain pages also ask
            // for the chain admin's flag (`for_chain_admins`).
            Screen::AdminChain | Screen::AdminChainHotels | Screen::AdminChainPeople => role.administers(),
        }
    }

    /// The chain's pages, which only chain admins open (a flag beside the role).
    pub fn for_chain_admins(&self) -> bool {
        matches!(
            self,
            Screen::AdminChain | Screen::AdminChainHotels | Screen::AdminChainPeople
        )
    }
}

/// Navigation that leaves no history entry: a redirect, or a record's own page taking
/// the place of the form that created it.
pub fn in_place() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

/// `<A href=Screen::Tasks>`: links name the screen, not its spelling.
impl ToHref for Screen {
    fn to_href(&self) -> Box<dyn Fn() -> String + '_> {
        let href = self.href();
        Box::new(move || href.clone())
    }
}

/// A list's filter or a report's choice kept in the address's query string under `key`,
/// so that a reload, the back button and a shared link keep it. A change replaces the
/// address instead of adding a history entry for every keystroke or pick.
pub fn query_filter<T>(key: &'static str) -> (Memo<Option<T>>, SignalSetter<Option<T>>)
where
    T: FromStr + ToString + PartialEq + Send + Sync + 'static,
{
    query_signal_with_options(
        key,
        NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        },
    )
}

/// A search typed into a list, kept like [`query_filter`]; empty when absent.
pub fn query_text(key: &'static str) -> (Signal<String>, SignalSetter<String>) {
    let (text, set_text) = query_filter::<String>(key);
    (
        Signal::derive(move || text.get().unwrap_or_default()),
        SignalSetter::map(move |typed: String| set_text.set((!typed.is_empty()).then_some(typed))),
    )
}
