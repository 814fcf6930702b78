//! `/training/plans/new` and `/training/plans/:id` (managers): an onboarding plan as a
//! sequence of quizzes due at days after the hire date (7, 30, 60, 90…), the people
//! who follow it with the date each step falls due for them, and adding or taking
//! people off it.

use bellhop_api::training::{Plan, PlanCreate, PlanMember, PlanMemberAdd, PlanStep, Quiz};
use bellhop_api::validate::FieldErrors;
use leptos::prelude::*;
use uuid::Uuid;

use super::assign::PersonField;
use super::reason_text;
use crate::api::{new_id, ApiError};
use crate::components::field::{field_error, show_refusal, DepartmentField, FieldError, Form, TextField};
use crate::components::status::{both, phase_of, ErrorNotice, Loaded};
use crate::components::sub_page::SubPage;
use crate::data::{Call, Data};
use crate::features::training::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::paths::{in_place, Screen};
use bellhop_api::FieldReason;
use leptos_router::hooks::use_navigate;

/// One step as typed: which quiz, and the day after the hire date it is due.
#[derive(Clone, Copy)]
struct StepRow {
    quiz: RwSignal<Option<Uuid>>,
    day: RwSignal<String>,
}

impl StepRow {
    fn new(quiz: Option<Uuid>, day: String) -> StepRow {
        StepRow {
            quiz: RwSignal::new(quiz),
            day: RwSignal::new(day),
        }
    }
}

/// The quiz's title, or the id cut short when it is retired.
fn title_of(quizzes: &[Quiz], id: Uuid) -> String {
    quizzes
        .iter()
        .find(|q| q.id == id)
        .map_or_else(|| id.to_string()[..8].to_owned(), |q| q.title.clone())
}

#[component]
pub fn PlanPage(
    /// The plan id from the path; `None` for a new plan.
    id: Option<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    let back = (Screen::TrainingPlans, tr!(i18n, training.back_plans));
    view! {
        <SubPage class="plan-editor" back=back>
            <WithQuizzes plan=id />
        </SubPage>
    }
}

/// Loads the quizzes the steps are chosen from, then the plan (if stored).
#[component]
fn WithQuizzes(
    /// The stored plan, or `None` for a new one.
    plan: Option<Uuid>,
) -> impl IntoView {
    let quizzes = Data::new(api::all_quizzes);
    let wanted = Data::new(move || async move {
        match plan {
            Some(id) => api::plan(id).await.map(Some),
            None => Ok(None),
        }
    });
    // Drawn once both are in: saving changes the fields, not the page.
    let retry = move |()| {
        quizzes.refetch();
        wanted.refetch();
    };
    view! {
        <Loaded phase=both(phase_of(quizzes), phase_of(wanted)) retry=retry>
            {move || {
                let list = quizzes.get_untracked().and_then(Result::ok).unwrap_or_default();
                let plan = wanted.get_untracked().and_then(Result::ok).flatten();
                view! { <PlanScreen quizzes=list plan=plan /> }
            }}
        </Loaded>
    }
}

#[component]
fn PlanScreen(
    /// Every live quiz, to choose the steps from.
    quizzes: Vec<Quiz>,
    /// The stored plan, or `None` for a new one.
    plan: Option<Plan>,
) -> impl IntoView {
    let quizzes = StoredValue::new(quizzes);
    let current = RwSignal::new(plan.clone());
    view! {
        <PlanForm quizzes=quizzes plan=plan on_saved=Callback::new(move |p| current.set(Some(p))) />
        {move || current.get().map(|p| view! { <Members quizzes=quizzes plan=p on_change=Callback::new(move |p| current.set(Some(p))) /> })}
    }
}

/// The plan's name and steps.
#[component]
fn PlanForm(
    /// The quizzes to choose from.
    quizzes: StoredValue<Vec<Quiz>>,
    /// The stored plan, or `None` for a new one.
    plan: Option<Plan>,
    /// Called with the plan as stored after a change.
    on_saved: Callback<Plan>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let is_new = plan.is_none();
    let id = plan.as_ref().map_or_else(new_id, |p| p.id);
    let name = RwSignal::new(plan.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let steps = RwSignal::new(match &plan {
        Some(p) => p
            .steps
            .iter()
            .map(|s| StepRow::new(Some(s.quiz_id), s.day.to_string()))
            .collect(),
        None => vec![StepRow::new(None, "7".into())],
    });
    let fields = RwSignal::new(FieldErrors::new());
    let saved = RwSignal::new(false);
    // The plan to send, once this form's own checks pass.
    let request = move || {
        saved.set(false);
        let mut local = FieldErrors::new();
        let mut read: Vec<PlanStep> = Vec::new();
        for row in steps.get_untracked() {
            match (
                row.quiz.get_untracked(),
                row.day.with_untracked(|d| d.trim().parse::<u32>()),
            ) {
                (Some(quiz_id), Ok(day)) => read.push(PlanStep { quiz_id, day }),
                (None, _) => {
                    local.insert("steps".into(), FieldReason::UnknownQuiz);
                }
                (_, Err(_)) => {
                    local.insert("steps".into(), FieldReason::NotANumber);
                }
            }
        }
        fields.set(local.clone());
        if !local.is_empty() {
            return None;
        }
        // Listed as they fall due.
        read.sort_by_key(|s| s.day);
        Some(PlanCreate {
            id,
            name: name.get_untracked().trim().to_owned(),
            steps: read,
        })
    };
    let save = Call::new(move || {
        let (req, navigate) = (request(), navigate.clone());
        async move {
            let Some(req) = req else {
                return Ok(());
            };
            let answer = if is_new {
                api::create_plan(&req).await
            } else {
                api::update_plan(&req).await
            };
            let stored = answer.map_err(|err| show_refusal(err, fields))?;
            if is_new {
                navigate(&Screen::TrainingPlan(stored.id).href(), in_place());
                return Ok(());
            }
            steps.set(
                stored
                    .steps
                    .iter()
                    .map(|s| StepRow::new(Some(s.quiz_id), s.day.to_string()))
                    .collect(),
            );
            saved.try_set(true);
            on_saved.try_run(stored);
            Ok(())
        }
    });
    let rows = move || {
        steps
            .get()
            .into_iter()
            .enumerate()
            .map(|(at, row)| {
                let options = quizzes.with_value(|qs| {
                    qs.iter()
                        .map(|q| {
                            let quiz_id = q.id;
                            view! {
                                <option value=quiz_id.to_string() selected=move || row.quiz.get() == Some(quiz_id)>
                                    {q.title.clone()}
                                </option>
                            }
                        })
                        .collect_view()
                });
                view! {
                    <li class="field-row plan-step-row">
                        <div class="field">
                            <label for=format!("f-step-quiz-{at}")>{tr!(i18n, training.quiz)}</label>
                            <select
                                id=format!("f-step-quiz-{at}")
                                on:change=move |ev| row.quiz.set(event_target_value(&ev).parse().ok())
                            >
                                <option value="">"—"</option>
                                {options}
                            </select>
                        </div>
                        <div class="field">
                            <label for=format!("f-step-day-{at}")>{tr!(i18n, training.step_day)}</label>
                            <input
                                id=format!("f-step-day-{at}")
                                type="text"
                                inputmode="numeric"
                                prop:value=row.day
                                on:input=move |ev| row.day.set(event_target_value(&ev))
                            />
                        </div>
                        <button type="button" class="btn btn-secondary" on:click=move |_| steps.update(|s| { s.remove(at); })>
                            {tr!(i18n, training.remove)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <h1>{if is_new { tr!(i18n, training.new_plan) } else { tr!(i18n, training.edit_plan) }}</h1>
        <Form class="card plan-form" on_submit=move |()| save.start()>
            <TextField
                label=tr!(i18n, training.plan_name)
                name="plan_name"
                value=name
                on_input=Callback::new(move |v| name.set(v))
                error=field_error(fields, "name")
            />
            <h2>{tr!(i18n, training.steps)}</h2>
            <p class="hint">{tr!(i18n, training.steps_hint)}</p>
            <ul class="rows plan-steps">{rows}</ul>
            <FieldError error=field_error(fields, "steps") id="f-steps-err".to_owned() text=reason_text />
            <button
                type="button"
                class="btn btn-secondary add-step"
                on:click=move |_| steps.update(|s| s.push(StepRow::new(None, String::new())))
            >
                {tr!(i18n, training.add_step)}
            </button>
            <ErrorNotice error=save.error />
            <Show when=move || saved.get()>
                <div class="notice notice-success" role="status">
                    <p>{tr!(i18n, training.plan_saved)}</p>
                </div>
            </Show>
            <button type="submit" class="btn btn-primary btn-block btn-big save-plan" disabled=save.pending()>
                {if is_new { tr!(i18n, training.create_plan) } else { tr!(i18n, training.save_plan) }}
            </button>
        </Form>
    }
}

/// Who follows the plan, each with the date every step falls due; add or take off.
#[component]
fn Members(
    /// The quizzes, for the steps' titles.
    quizzes: StoredValue<Vec<Quiz>>,
    /// The plan as stored.
    plan: Plan,
    /// Called with the plan after someone is added or taken off.
    on_change: Callback<Plan>,
) -> impl IntoView {
    let i18n = use_i18n();
    let plan_id = plan.id;
    let steps = StoredValue::new(plan.steps.clone());
    let department = RwSignal::new(None::<Uuid>);
    let person = RwSignal::new(None::<Uuid>);
    // Adding and taking off, one at a time.
    let call = Call::each();
    let (pending, error) = (call.pending(), call.error);
    let change = move |change: std::pin::Pin<Box<dyn std::future::Future<Output = Result<Plan, ApiError>>>>| {
        call.run(async move {
            on_change.try_run(change.await?);
            Ok(())
        });
    };
    let add = move |_| {
        if let Some(staff_id) = person.get_untracked() {
            change(Box::pin(async move {
                api::add_plan_member(plan_id, &PlanMemberAdd { staff_id }).await
            }));
        }
    };
    let member_card = move |m: PlanMember| {
        let staff_id = m.staff_id;
        let hired = m.hired_on.to_string();
        let due = steps.with_value(|steps| {
            steps
                .iter()
                .zip(&m.due_on)
                .map(|(step, date)| {
                    let title = quizzes.with_value(|qs| title_of(qs, step.quiz_id));
                    let day = step.day;
                    view! {
                        <li class="member-due" data-day=day>
                            <span class="plan-day">{trf!(i18n, training.plan_day, day = day)}</span>
                            <span class="plan-quiz">{title}</span>
                            <span class="due-date">{date.to_string()}</span>
                        </li>
                    }
                })
                .collect_view()
        });
        view! {
            <li class="card plan-member" data-staff=staff_id.to_string()>
                <div class="item-head">
                    <h3>{m.display_name}</h3>
                    <button
                        type="button"
                        class="btn btn-secondary remove-member"
                        disabled=move || pending.get()
                        on:click=move |_| change(Box::pin(async move { api::remove_plan_member(plan_id, staff_id).await }))
                    >
                        {tr!(i18n, training.take_off_plan)}
                    </button>
                </div>
                <p class="hint">{trf!(i18n, training.hired_on, date = hired)}</p>
                <ol class="plan">{due}</ol>
            </li>
        }
    };
    let empty = plan.members.is_empty();
    let cards = plan.members.into_iter().map(member_card).collect_view();
    view! {
        <section class="plan-members">
            <h2>{tr!(i18n, training.plan_members)}</h2>
            {empty.then(|| view! { <p class="empty">{tr!(i18n, training.no_members)}</p> })}
            <ul class="member-list">{cards}</ul>
            <div class="card add-member">
                <h3>{tr!(i18n, training.add_member)}</h3>
                <DepartmentField label=tr!(i18n, staff.department) none="—" id="f-plan-department" value=department on_change=department />
                <PersonField department=department person=person id="f-plan-person" />
                <ErrorNotice error=error />
                <button
                    type="button"
                    class="btn btn-primary btn-block add-to-plan"
                    disabled=move || pending.get() || person.get().is_none()
                    on:click=add
                >
                    {tr!(i18n, training.add_to_plan)}
                </button>
            </div>
        </section>
    }
}
