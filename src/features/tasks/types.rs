//! `/tasks/types` (managers): each task type's department, response and resolution
//! deadlines per priority, and checklist; and new types of the hotel's own.

use bellhop_api::tasks::{ChecklistTemplateItem, Targets, TaskType, TaskTypeCreate, TaskTypeUpdate};
use bellhop_api::validate::FieldErrors;
use leptos::prelude::*;
use uuid::Uuid;

use super::tabs::TaskTabs;
use crate::api::new_id;
use crate::components::field::{field_error, show_refusal, DepartmentField, Form, TextField};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::tasks::api;
use crate::i18n::{field_text, priority_name, tr, type_name, use_i18n};

#[component]
pub fn TaskTypesPage() -> impl IntoView {
    let i18n = use_i18n();
    let types = Data::new(api::task_types);
    // The editors are drawn again only when a type comes or goes, not on every load.
    let codes = Memo::new(move |_| {
        types.with(|t| {
            t.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|ts| ts.iter().map(|t| t.id).collect::<Vec<_>>())
        })
    });
    let list = move || {
        codes.track();
        let all = types.with_untracked(|t| t.and_then(Result::ok).cloned().unwrap_or_default());
        all.into_iter()
            .map(|t| view! { <TypeEditor task_type=t /> })
            .collect_view()
    };
    view! {
        <section class="page">
            <TaskTabs />
            <h1>{tr!(i18n, task_types.title)}</h1>
            <p class="lead">{tr!(i18n, task_types.intro)}</p>
            <Loaded phase=phase_of(types) retry=move |()| types.refetch()>
                {list}
            </Loaded>
            <NewType on_created=Callback::new(move |()| types.refetch()) />
        </section>
    }
}

/// Minutes typed into a field, kept as text so a half-typed value stays put.
fn minutes(text: RwSignal<String>) -> u32 {
    text.with(|t| t.trim().parse().unwrap_or(0))
}

/// One type, folded; open to change its department, deadlines and checklist.
#[component]
fn TypeEditor(task_type: TaskType) -> impl IntoView {
    let i18n = use_i18n();
    let id = task_type.id;
    let code = task_type.code.clone();
    let name = task_type.name.clone();
    let department = RwSignal::new(task_type.default_department_id);
    let targets: Vec<(RwSignal<String>, RwSignal<String>)> = (0..5)
        .map(|p| {
            let t = task_type.targets.get(p).copied().unwrap_or(Targets {
                respond_mins: 15,
                resolve_mins: 60,
            });
            (
                RwSignal::new(t.respond_mins.to_string()),
                RwSignal::new(t.resolve_mins.to_string()),
            )
        })
        .collect();
    let steps = RwSignal::new(
        task_type
            .checklist
            .iter()
            .map(|i| {
                // A built-in line keeps its code while its text is unchanged.
                let built_in = i.code.map(|c| (c, i.label.clone()));
                (RwSignal::new(i.label.clone()), RwSignal::new(i.required), built_in)
            })
            .collect::<Vec<_>>(),
    );
    let fields = RwSignal::new(FieldErrors::new());
    let saved = RwSignal::new(false);
    let rows = targets.clone();
    let save = Call::new(move || {
        saved.set(false);
        fields.set(FieldErrors::new());
        let req = TaskTypeUpdate {
            name: None,
            default_department_id: Some(department.get_untracked()),
            checklist: Some(steps.with_untracked(|s| {
                s.iter()
                    .map(|(label, required, built_in)| {
                        let label = label.get_untracked().trim().to_owned();
                        ChecklistTemplateItem {
                            code: built_in.as_ref().filter(|(_, text)| *text == label).map(|(c, _)| *c),
                            label,
                            required: required.get_untracked(),
                        }
                    })
                    .collect()
            })),
            targets: Some(
                rows.iter()
                    .map(|(respond, resolve)| Targets {
                        respond_mins: minutes(*respond),
                        resolve_mins: minutes(*resolve),
                    })
                    .collect(),
            ),
        };
        async move {
            match api::update_task_type(id, &req).await {
                Ok(_) => saved.set(true),
                Err(err) => return Err(show_refusal(err, fields)),
            }
            Ok(())
        }
    });
    let deadline_rows = targets
        .into_iter()
        .enumerate()
        .map(|(n, (respond, resolve))| {
            let priority = n as u8 + 1;
            view! {
                <tr>
                    <th scope="row">{move || format!("{priority} · {}", priority_name(i18n.get_locale(), priority))}</th>
                    <td><MinutesInput value=respond name=format!("respond-{priority}") label=tr!(i18n, task_types.respond) /></td>
                    <td><MinutesInput value=resolve name=format!("resolve-{priority}") label=tr!(i18n, task_types.resolve) /></td>
                </tr>
            }
        })
        .collect_view();
    let step_rows = move || {
        steps
            .get()
            .into_iter()
            .enumerate()
            .map(|(n, (label, required, _))| {
                view! {
                    <li class="field-row checklist-step">
                        <input
                            type="text"
                            aria-label=tr!(i18n, task_types.item)
                            prop:value=label
                            on:input=move |ev| label.set(event_target_value(&ev))
                        />
                        <label class="toggle">
                            <input
                                type="checkbox"
                                prop:checked=required
                                on:change=move |ev| required.set(event_target_checked(&ev))
                            />
                            <span>{tr!(i18n, task_types.required)}</span>
                        </label>
                        <button type="button" class="btn btn-secondary" on:click=move |_| steps.update(|s| { s.remove(n); })>
                            {tr!(i18n, task_types.remove)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let title = move || type_name(i18n.get_locale(), &code, Some(&name));
    view! {
        <details class="card task-type" data-type=task_type.code.clone()>
            <summary><h2>{title}</h2></summary>
            <Form on_submit=move |()| save.start()>
                <DepartmentField label=tr!(i18n, task_types.department) none="—" id=format!("f-type-dept-{id}") value=department on_change=department />
                <div class="table-scroll">
                    <table class="deadlines">
                        <thead>
                            <tr>
                                <th></th>
                                <th scope="col">{tr!(i18n, task_types.respond)}</th>
                                <th scope="col">{tr!(i18n, task_types.resolve)}</th>
                            </tr>
                        </thead>
                        <tbody>{deadline_rows}</tbody>
                    </table>
                </div>
                {move || field_error(fields, "targets").get().map(|r| view! { <p class="field-error">{field_text(i18n.get_locale(), r)}</p> })}
                <h3>{tr!(i18n, task_types.checklist)}</h3>
                <ul class="rows">{step_rows}</ul>
                <button
                    type="button"
                    class="btn btn-secondary"
                    on:click=move |_| steps.update(|s| s.push((RwSignal::new(String::new()), RwSignal::new(true), None)))
                >
                    {tr!(i18n, task_types.add_item)}
                </button>
                <ErrorNotice error=save.error />
                <Show when=move || saved.get()>
                    <div class="notice notice-success" role="status"><p>{tr!(i18n, task_types.saved)}</p></div>
                </Show>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary btn-big" disabled=save.pending()>{tr!(i18n, task_types.save)}</button>
                </div>
            </Form>
        </details>
    }
}

/// A minutes field in a deadlines table (the column header is its visible label).
#[component]
fn MinutesInput(value: RwSignal<String>, name: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    view! {
        <input
            type="text"
            inputmode="numeric"
            name=name
            aria-label=label
            prop:value=value
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}

/// A type of the hotel's own: code and name (deadlines and checklist come after).
#[component]
fn NewType(on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let department = RwSignal::new(None::<Uuid>);
    let fields = RwSignal::new(FieldErrors::new());
    let created = RwSignal::new(false);
    let id = RwSignal::new(new_id());
    let submit = Call::new(move || {
        created.set(false);
        fields.set(FieldErrors::new());
        let req = TaskTypeCreate {
            id: id.get_untracked(),
            code: code.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            default_department_id: department.get_untracked(),
            checklist: Vec::new(),
            targets: None,
        };
        async move {
            let _ = api::create_task_type(&req)
                .await
                .map_err(|err| show_refusal(err, fields))?;
            created.set(true);
            code.set(String::new());
            name.set(String::new());
            id.set(new_id());
            on_created.try_run(());
            Ok(())
        }
    });
    view! {
        <Form class="card" on_submit=move |()| submit.start()>
            <h2>{tr!(i18n, task_types.new)}</h2>
            <div class="field-row">
                <TextField
                    label=tr!(i18n, task_types.code)
                    name="type_code"
                    value=code
                    on_input=Callback::new(move |v| code.set(v))
                    error=field_error(fields, "code")
                />
                <TextField
                    label=tr!(i18n, task_types.name)
                    name="type_name"
                    value=name
                    on_input=Callback::new(move |v| name.set(v))
                    error=field_error(fields, "name")
                />
            </div>
            <DepartmentField label=tr!(i18n, task_types.department) none="—" id="f-new-type-dept" value=department on_change=department />
            <ErrorNotice error=submit.error />
            <Show when=move || created.get()>
                <div class="notice notice-success" role="status"><p>{tr!(i18n, task_types.created)}</p></div>
            </Show>
            <button type="submit" class="btn btn-primary btn-big" disabled=submit.pending()>{tr!(i18n, task_types.create)}</button>
        </Form>
    }
}
