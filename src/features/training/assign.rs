//! Managers assign a quiz to a department, a role or one person, with a due date. Also
//! the person picker (by department) that onboarding plans use too.

use bellhop_api::people::Role;
use bellhop_api::training::{AssignTarget, AssignmentCreate};
use bellhop_api::validate::FieldErrors;
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use super::reason_text;
use crate::api::new_id;
use crate::components::field::{chosen_of, field_error, show_refusal, DepartmentOptions, FieldError, Form};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::shell::api as shell_api;
use crate::features::training::api;
use crate::i18n::{role_name, tr, use_i18n};
use bellhop_api::FieldReason;

#[derive(Clone, Copy, PartialEq, Eq)]
enum TargetKind {
    Department,
    Role,
    Person,
}

#[component]
pub fn AssignForm(
    /// Called after an assignment is stored (the report's numbers change).
    on_assigned: Callback<()>,
    /// The quiz chosen at first (on the quiz's own page).
    #[prop(optional, into)]
    quiz: Option<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let quizzes = Data::new(api::all_quizzes);
    let quiz = RwSignal::new(quiz);
    let kind = RwSignal::new(TargetKind::Department);
    let department = RwSignal::new(None::<Uuid>);
    let role = RwSignal::new(Role::Staff);
    let person = RwSignal::new(None::<Uuid>);
    let due = RwSignal::new(String::new());
    let fields = RwSignal::new(FieldErrors::default());
    let done = RwSignal::new(false);
    // The assignment, once this form's own checks pass.
    let request = move || {
        done.set(false);
        let target = match kind.get_untracked() {
            TargetKind::Department => department
                .get_untracked()
                .map(|department_id| AssignTarget::Department { department_id }),
            TargetKind::Role => Some(AssignTarget::Role {
                role: role.get_untracked(),
            }),
            TargetKind::Person => person.get_untracked().map(|staff_id| AssignTarget::Person { staff_id }),
        };
        let mut missing = FieldErrors::default();
        if quiz.get_untracked().is_none() {
            missing.insert("quiz_id".into(), FieldReason::Required);
        }
        if target.is_none() {
            missing.insert("target".into(), FieldReason::Required);
        }
        let (Some(quiz_id), Some(target)) = (quiz.get_untracked(), target) else {
            fields.set(missing);
            return None;
        };
        fields.set(missing);
        Some(AssignmentCreate {
            id: new_id(),
            quiz_id,
            target,
            due_on: due.get_untracked().parse::<NaiveDate>().ok(),
        })
    };
    let submit = Call::new(move || {
        let req = request();
        async move {
            let Some(req) = req else {
                return Ok(());
            };
            api::create_assignment(&req)
                .await
                .map_err(|err| show_refusal(err, fields))?;
            done.try_set(true);
            on_assigned.try_run(());
            Ok(())
        }
    });
    let (pending, error) = (submit.pending(), submit.error);
    let quiz_options = move || match quizzes.get() {
        Some(Ok(list)) => list
            .into_iter()
            .map(|q| {
                let id = q.id;
                view! { <option value=id.to_string() selected=move || quiz.get() == Some(id)>{q.title}</option> }
            })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    let kind_button = move |k: TargetKind, label: Signal<String>| {
        view! {
            <button
                type="button"
                class="btn btn-segment"
                aria-pressed=move || (kind.get() == k).to_string()
                on:click=move |_| kind.set(k)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="card assign">
            <h2>{tr!(i18n, training.assign_title)}</h2>
            <Form class="assign-form" on_submit=move |()| submit.start()>
                <div class="field">
                    <label for="f-assign-quiz">{tr!(i18n, training.quiz)}</label>
                    <select id="f-assign-quiz" on:change=move |ev| quiz.set(event_target_value(&ev).parse().ok())>
                        <option value="">"—"</option>
                        {quiz_options}
                    </select>
                    <FieldError error=field_error(fields, "quiz_id") id="f-assign-quiz-err".to_owned() text=reason_text />
                </div>
                <div class="field">
                    <span class="label">{tr!(i18n, training.assign_to)}</span>
                    <div class="segments" role="group" aria-label=tr!(i18n, training.assign_to)>
                        {kind_button(TargetKind::Department, tr!(i18n, staff.department))}
                        {kind_button(TargetKind::Role, tr!(i18n, staff.role))}
                        {kind_button(TargetKind::Person, tr!(i18n, training.person))}
                    </div>
                </div>
                <Show
                    when=move || kind.get() == TargetKind::Role
                    fallback=move || {
                        view! {
                            <div class="field">
                                <label for="f-assign-department">{tr!(i18n, staff.department)}</label>
                                <select
                                    id="f-assign-department"
                                    on:change=move |ev| department.set(event_target_value(&ev).parse().ok())
                                >
                                    <option value="">"—"</option>
                                    <DepartmentOptions selected=department />
                                </select>
                            </div>
                        }
                    }
                >
                    <div class="field">
                        <label for="f-assign-role">{tr!(i18n, staff.role)}</label>
                        <select
                            id="f-assign-role"
                            on:change=move |ev| {
                                if let Some(r) = chosen_of(&ev, &Role::ALL) {
                                    role.set(r);
                                }
                            }
                        >
                            {Role::ALL
                                .iter()
                                .enumerate()
                                .map(|(n, r)| {
                                    let r = *r;
                                    view! {
                                        <option value=n.to_string() selected=move || role.get() == r>
                                            {move || role_name(i18n.get_locale(), r)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=move || kind.get() == TargetKind::Person>
                    <PersonField department=department person=person id="f-assign-person" />
                </Show>
                <FieldError error=field_error(fields, "target") id="f-assign-target-err".to_owned() text=reason_text />
                <div class="field">
                    <label for="f-assign-due">{tr!(i18n, training.due_date)}</label>
                    <input id="f-assign-due" type="date" prop:value=due on:change=move |ev| due.set(event_target_value(&ev)) />
                    <FieldError error=field_error(fields, "due_on") id="f-assign-due-err".to_owned() text=reason_text />
                </div>
                <ErrorNotice error=error />
                <Show when=move || done.get()>
                    <div class="notice notice-success" role="status">
                        <p>{tr!(i18n, training.assigned_done)}</p>
                    </div>
                </Show>
                <button type="submit" class="btn btn-primary btn-block btn-big" disabled=move || pending.get()>
                    {tr!(i18n, training.assign)}
                </button>
            </Form>
        </section>
    }
}

/// The active people of the chosen department, to pick one; nothing until a
/// department is chosen.
#[component]
pub fn PersonField(
    /// The department whose people are offered.
    #[prop(into)]
    department: Signal<Option<Uuid>>,
    /// The person chosen; cleared when the department changes.
    person: RwSignal<Option<Uuid>>,
    /// The `<select>`'s id.
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let people = Data::new(move || {
        let d = department.get();
        async move {
            match d {
                Some(d) => shell_api::department_staff(d).await.map(Some),
                None => Ok(None),
            }
        }
    });
    Effect::new(move |_| {
        department.track();
        person.set(None);
    });
    let select =
        move || {
            people.get().and_then(Result::ok).flatten().map(|list| view! {
            <div class="field">
                <label for=id>{tr!(i18n, training.person)}</label>
                <select id=id on:change=move |ev| person.set(event_target_value(&ev).parse().ok())>
                    <option value="">"—"</option>
                    {list
                        .into_iter()
                        .map(|c| {
                            let staff_id = c.id;
                            view! {
                                <option value=staff_id.to_string() selected=move || person.get() == Some(staff_id)>
                                    {c.display_name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        })
        };
    view! {
        <Loaded phase=phase_of(people) retry=move |()| people.refetch()>
            {select}
        </Loaded>
    }
}
