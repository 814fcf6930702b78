//! `/tasks/new`: filing a work order, built for a front desk to send "room 1208,
//! urgent, no hot water" in a few taps: the type as big buttons (the title follows
//! it until edited), a room grid by floor or the number typed, priority as five
//! segments. The record id is made once per form, so a double tap or a retry after a
//! network error files one task.

use bellhop_api::tasks::{
    self, Complaint, ComplaintCategory, ComplaintChannel, TaskCreate, TaskType, BUILTIN_TASK_TYPES, PRIORITIES,
};
use bellhop_api::validate::FieldErrors;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::new_id;
use crate::components::field::{
    chosen_of, field_error, show_refusal, DepartmentOptions, Form, TextArea, TextField, Toggle,
};
use crate::components::icon::{Icon, IconKind};
use crate::components::status::{ErrorNotice, Loading};
use crate::data::Call;
use crate::features::tasks::api;
use crate::i18n::{
    category_name, channel_name, department_name, priority_name, td_string, tr, trf, type_name, use_i18n, CATEGORIES,
    CHANNELS,
};
use crate::live::use_live;
use crate::offline::{use_outbox, Outcome};
use crate::paths::Screen;
use crate::session::use_auth;
use bellhop_api::FieldReason;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The default priority of a new task: the middle of 1 (urgent) … 5.
const NORMAL: u8 = 3;

#[component]
pub fn NewTaskPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let navigate = use_navigate();
    let id = new_id();

    let chosen = RwSignal::new(None::<TaskType>);
    let title = RwSignal::new(String::new());
    let title_edited = RwSignal::new(false);
    let room = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let priority = RwSignal::new(NORMAL);
    let details = RwSignal::new(String::new());
    let department = RwSignal::new(None::<Uuid>);
    let guest_facing = RwSignal::new(false);
    let vip = RwSignal::new(false);
    let channel = RwSignal::new(ComplaintChannel::FrontDesk);
    let category = RwSignal::new(None::<ComplaintCategory>);
    let fields = RwSignal::new(FieldErrors::new());

    let is_complaint = move || chosen.with(|t| t.as_ref().is_some_and(|t| t.code == tasks::COMPLAINT));
    let pick_type = Callback::new(move |t: TaskType| {
        if !title_edited.get_untracked() {
            title.set(type_name(i18n.get_locale(), &t.code, Some(&t.name)));
        }
        if t.code == tasks::COMPLAINT {
            guest_facing.set(true);
        }
        fields.update(|f| {
            f.remove("type_id");
        });
        chosen.set(Some(t));
    });

    // The request, once this screen's own checks pass; their reasons go by the fields.
    let request = move || {
        let mut errors = FieldErrors::new();
        let task_type = chosen.get_untracked();
        if task_type.is_none() {
            errors.insert("type_id".into(), FieldReason::Required);
        }
        let number = room.get_untracked().trim().to_owned();
        let room_id = live
            .rooms
            .with_untracked(|rs| rs.iter().find(|r| r.number == number).map(|r| r.id));
        let place = location.get_untracked().trim().to_owned();
        if !number.is_empty() && room_id.is_none() {
            errors.insert("room_id".into(), FieldReason::UnknownRoom);
        } else if number.is_empty() && place.is_empty() {
            errors.insert("room_id".into(), FieldReason::RoomOrLocationRequired);
        }
        let name = title.get_untracked().trim().to_owned();
        if name.is_empty() {
            errors.insert("title".into(), FieldReason::Required);
        }
        let complaint = is_complaint();
        if complaint && category.get_untracked().is_none() {
            errors.insert("complaint".into(), FieldReason::Required);
        }
        let (Some(task_type), true) = (task_type, errors.is_empty()) else {
            fields.set(errors);
            return None;
        };
        fields.set(errors);
        Some(TaskCreate {
            id,
            type_id: task_type.id,
            title: name,
            details: details.get_untracked().trim().to_owned(),
            room_id,
            location: room_id.is_none().then_some(place),
            department_id: department.get_untracked(),
            priority: priority.get_untracked(),
            assignee_id: None,
            guest_facing: guest_facing.get_untracked(),
            vip: vip.get_untracked(),
            complaint: category
                .get_untracked()
                .filter(|_| complaint)
                .map(|category| Complaint {
                    channel: channel.get_untracked(),
                    category,
                }),
        })
    };
    let outbox = use_outbox();
    // Off the network the task waits on the tablet, and My tasks says so.
    let file = Call::new(move || {
        let (req, navigate) = (request(), navigate.clone());
        async move {
            let Some(req) = req else {
                return Ok(());
            };
            let to = match outbox.submit(api::create_task(&req)).await {
                Outcome::Refused(err) => return Err(show_refusal(err, fields)),
                Outcome::Answered(_) => Screen::Task(req.id),
                Outcome::Queued => Screen::Tasks,
            };
            navigate(&to.href(), Default::default());
            Ok(())
        }
    });
    let pending = file.pending();

    let types = move || {
        let all = live.types.get();
        // The built-in types in the order a desk needs them most, the hotel's own after.
        let builtin = BUILTIN_TASK_TYPES
            .iter()
            .filter_map(|c| all.iter().find(|t| t.code == *c));
        let own = all.iter().filter(|t| !t.builtin);
        let types: Vec<TaskType> = builtin.chain(own).cloned().collect();
        if types.is_empty() {
            return view! { <Loading /> }.into_any();
        }
        types
            .into_iter()
            .map(|t| {
                let id = t.id;
                let label = t.clone();
                view! {
                    <button
                        type="button"
                        class="btn btn-choice"
                        data-type=t.code.clone()
                        aria-pressed=move || chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id)).to_string()
                        on:click=move |_| pick_type.run(t.clone())
                    >
                        {move || type_name(i18n.get_locale(), &label.code, Some(&label.name))}
                    </button>
                }
            })
            .collect_view()
            .into_any()
    };

    view! {
        <section class="page">
            <A href=Screen::Tasks attr:class="btn btn-link back-link">
                <Icon kind=IconKind::Back />
                {tr!(i18n, tasks.mine)}
            </A>
            <h1>{tr!(i18n, new_task.title)}</h1>
            <Form class="card form new-task" on_submit=move |()| file.start()>
                <fieldset class="group" class:invalid=move || fields.with(|f| f.contains_key("type_id"))>
                    <legend>{tr!(i18n, new_task.type_label)}</legend>
                    <div class="choice-grid">{types}</div>
                    <ErrorLine fields=fields name="type_id" />
                </fieldset>
                <RoomPicker room=room error=field_error(fields, "room_id") />
                <TextField
                    label=tr!(i18n, new_task.location)
                    hint=tr!(i18n, new_task.location_hint)
                    name="location"
                    value=location
                    on_input=Callback::new(move |v| location.set(v))
                />
                <fieldset class="group">
                    <legend>{tr!(i18n, new_task.priority)}</legend>
                    <div class="segments" role="group">
                        {PRIORITIES
                            .map(|p| {
                                view! {
                                    <button
                                        type="button"
                                        class="btn btn-segment priority"
                                        class:urgent=p == 1
                                        data-priority=p
                                        aria-pressed=move || (priority.get() == p).to_string()
                                        on:click=move |_| priority.set(p)
                                    >
                                        <span class="priority-no">{p}</span>
                                        <span class="priority-name">
                                            {move || priority_name(i18n.get_locale(), p)}
                                        </span>
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                <TextField
                    label=tr!(i18n, new_task.task_title)
                    name="title"
                    value=title
                    on_input=Callback::new(move |v| {
                        title_edited.set(true);
                        title.set(v);
                    })
                    error=field_error(fields, "title")
                    autocapitalize="sentences"
                    select_on_focus=true
                />
                <TextArea
                    label=tr!(i18n, new_task.details)
                    name="details"
                    value=details
                    on_input=Callback::new(move |v| details.set(v))
                    error=field_error(fields, "details")
                />
                <Show when=is_complaint>
                    <ComplaintFields channel=channel category=category fields=fields />
                </Show>
                <details class="more">
                    <summary>{tr!(i18n, new_task.more)}</summary>
                    <DepartmentSelect department=department chosen=chosen />
                    <Toggle value=guest_facing name="guest_facing" label=tr!(i18n, tasks.guest_facing) />
                    <Toggle value=vip name="vip" label=tr!(i18n, tasks.vip) />
                </details>
                <ErrorNotice error=file.error />
                <button type="submit" class="btn btn-primary btn-block btn-big" disabled=pending>
                    {move || {
                        if pending.get() { tr!(i18n, new_task.filing) } else { tr!(i18n, new_task.submit) }
                    }}
                </button>
            </Form>
        </section>
    }
}

/// A field error not tied to one input (a group of buttons).
#[component]
fn ErrorLine(
    /// The form's field errors.
    fields: RwSignal<FieldErrors>,
    /// The field to show.
    name: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        fields.with(|f| f.get(name).cloned()).map(|reason| {
            view! { <p class="field-error">{crate::i18n::field_text(i18n.get_locale(), reason)}</p> }
        })
    }
}

/// The room number typed, or tapped on a floor's grid.
#[component]
fn RoomPicker(
    /// The room number chosen.
    room: RwSignal<String>,
    /// A reason code for the room.
    #[prop(into)]
    error: Signal<Option<FieldReason>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let floors = Memo::new(move |_| {
        let mut floors: Vec<i64> = live.rooms.with(|rs| rs.iter().map(|r| r.floor).collect());
        floors.dedup();
        floors
    });
    let picked_floor = RwSignal::new(None::<i64>);
    // The floor of the typed room, else the one tapped, else the first.
    let floor = Memo::new(move |_| {
        let typed = room.with(|n| {
            live.rooms
                .with(|rs| rs.iter().find(|r| r.number == n.trim()).map(|r| r.floor))
        });
        typed
            .or(picked_floor.get())
            .or_else(|| floors.with(|f| f.first().copied()))
    });
    let grid = move || {
        let at = floor.get();
        live.rooms
            .get()
            .into_iter()
            .filter(|r| Some(r.floor) == at)
            .map(|r| {
                let number = r.number.clone();
                let n = r.number.clone();
                view! {
                    <button
                        type="button"
                        class="btn btn-choice room"
                        aria-pressed=move || room.with(|x| x.trim() == n).to_string()
                        on:click=move |_| room.set(number.clone())
                    >
                        {r.number}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="group">
            <TextField
                label=tr!(i18n, new_task.room_number)
                name="room"
                inputmode="numeric"
                value=room
                on_input=Callback::new(move |v| room.set(v))
                error=error
            />
            <div class="segments floors" role="group" aria-label=tr!(i18n, new_task.floor)>
                {move || {
                    floors
                        .get()
                        .into_iter()
                        .map(|f| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-segment"
                                    aria-pressed=move || (floor.get() == Some(f)).to_string()
                                    on:click=move |_| {
                                        picked_floor.set(Some(f));
                                        room.set(String::new());
                                    }
                                >
                                    {trf!(i18n, new_task.floor_no, floor = f)}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div class="choice-grid rooms">{grid}</div>
        </div>
    }
}

/// How the guest complained and about what.
#[component]
fn ComplaintFields(
    /// How the complaint came in.
    channel: RwSignal<ComplaintChannel>,
    /// What it is about (required).
    category: RwSignal<Option<ComplaintCategory>>,
    /// The form's field errors (`complaint`).
    fields: RwSignal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let channels = move || {
        let locale = i18n.get_locale();
        CHANNELS
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                view! { <option value=i selected=move || channel.get() == c>{channel_name(locale, c)}</option> }
            })
            .collect_view()
    };
    let categories = move || {
        let locale = i18n.get_locale();
        CATEGORIES
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                view! {
                    <option value=i selected=move || category.get() == Some(c)>{category_name(locale, c)}</option>
                }
            })
            .collect_view()
    };
    view! {
        <div class="field-row">
            <div class="field">
                <label for="f-channel">{tr!(i18n, new_task.channel)}</label>
                <select
                    id="f-channel"
                    name="channel"
                    on:change=move |ev| {
                        if let Some(c) = chosen_of(&ev, &CHANNELS) {
                            channel.set(c);
                        }
                    }
                >
                    {channels}
                </select>
            </div>
            <div class="field" class:invalid=move || fields.with(|f| f.contains_key("complaint"))>
                <label for="f-category">{tr!(i18n, new_task.category)}</label>
                <select
                    id="f-category"
                    name="category"
                    on:change=move |ev| category.set(chosen_of(&ev, &CATEGORIES))
                >
                    <option value="" selected=move || category.get().is_none()>
                        {tr!(i18n, new_task.choose)}
                    </option>
                    {categories}
                </select>
                <ErrorLine fields=fields name="complaint" />
            </div>
        </div>
    }
}

/// Another department than the type's own.
#[component]
fn DepartmentSelect(
    /// The department picked; `None` is the type's.
    department: RwSignal<Option<Uuid>>,
    /// The type chosen, which names the default department.
    chosen: RwSignal<Option<TaskType>>,
) -> impl IntoView {
    let auth = use_auth();
    let i18n = use_i18n();
    let default_label = move || {
        let locale = i18n.get_locale();
        let own = chosen.with(|t| t.as_ref().and_then(|t| t.default_department_id));
        let name = own.and_then(|id| {
            auth.departments
                .with(|ds| ds.iter().find(|d| d.id == id).map(|d| department_name(locale, d)))
        });
        match name {
            Some(name) => crate::i18n::fill(td_string!(locale, new_task.default_department), &[("name", &name)]),
            None => td_string!(locale, new_task.type_department).to_owned(),
        }
    };
    view! {
        <div class="field">
            <label for="f-department">{tr!(i18n, staff.department)}</label>
            <select
                id="f-department"
                name="department"
                on:change=move |ev| department.set(event_target_value(&ev).parse::<Uuid>().ok())
            >
                <option value="" selected=move || department.get().is_none()>
                    {default_label}
                </option>
                <DepartmentOptions selected=department />
            </select>
        </div>
    }
}
