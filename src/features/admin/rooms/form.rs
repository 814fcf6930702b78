//! One room, new or edited: number, floor, type and section, checked with the shared
//! rules before sending; the server's refusals (a number taken) beside their fields.

use bellhop_api::rooms::{self, Room, RoomCreate, RoomUpdate};
use bellhop_api::validate::FieldErrors;
use leptos::prelude::*;

use crate::api::new_id;
use crate::components::field::{checked, field_error, show_refusal, Form, FormActions, TextField};
use crate::components::status::ErrorNotice;
use crate::data::Call;
use crate::features::admin::api;
use crate::i18n::{tr, trf, use_i18n};
use bellhop_api::FieldReason;

#[component]
pub fn RoomForm(
    /// The room to edit, or `None` for a new one.
    room: Option<Room>,
    /// Called once saved.
    #[prop(into)]
    on_saved: Callback<()>,
    /// Called when the person gives up.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = room.as_ref().map(|r| r.id);
    let number = RwSignal::new(room.as_ref().map(|r| r.number.clone()).unwrap_or_default());
    let floor = RwSignal::new(room.as_ref().map(|r| r.floor.to_string()).unwrap_or_default());
    let room_type = RwSignal::new(room.as_ref().map(|r| r.room_type.clone()).unwrap_or_default());
    let section = RwSignal::new(room.as_ref().map(|r| r.section.clone()).unwrap_or_default());
    let fields = RwSignal::new(FieldErrors::new());
    // One id per form, so a retried submission is recognised by the server.
    let id = new_id();

    let save = Call::new(move || {
        let floor_no = floor.get_untracked().trim().parse::<i64>();
        let create = RoomCreate {
            id,
            number: number.get_untracked().trim().to_owned(),
            floor: floor_no.clone().unwrap_or(0),
            room_type: room_type.get_untracked().trim().to_owned(),
            section: section.get_untracked().trim().to_owned(),
        };
        let local = rooms::validate_create(&create).and_then(|()| match floor_no {
            Ok(_) => Ok(()),
            Err(_) => Err(FieldErrors::from([("floor".into(), FieldReason::NotANumber)])),
        });
        let body = checked(local.map(|()| create), fields);
        async move {
            let Some(c) = body else { return Ok(()) };
            let answer = match editing {
                Some(room_id) => {
                    let req = RoomUpdate {
                        number: Some(c.number),
                        floor: Some(c.floor),
                        room_type: Some(c.room_type),
                        section: Some(c.section),
                        active: None,
                    };
                    api::update_room(room_id, &req).await
                }
                None => api::create_room(&c).await,
            };
            answer.map_err(|e| show_refusal(e, fields))?;
            on_saved.try_run(());
            Ok(())
        }
    });

    let title = match room {
        Some(r) => trf!(i18n, rooms.edit_title, number = r.number),
        None => tr!(i18n, rooms.new_title),
    };
    view! {
        <Form class="card form" on_submit=move |()| save.start()>
            <h2>{title}</h2>
            <div class="field-row">
                <TextField
                    label=tr!(i18n, rooms.number)
                    name="room_number"
                    value=number
                    on_input=Callback::new(move |v| number.set(v))
                    error=field_error(fields, "number")
                    autocapitalize="characters"
                    autofocus=true
                />
                <TextField
                    label=tr!(i18n, rooms.floor)
                    name="room_floor"
                    inputmode="numeric"
                    value=floor
                    on_input=Callback::new(move |v| floor.set(v))
                    error=field_error(fields, "floor")
                />
            </div>
            <div class="field-row">
                <TextField
                    label=tr!(i18n, rooms.room_type)
                    hint=tr!(i18n, rooms.room_type_hint)
                    name="room_type"
                    value=room_type
                    on_input=Callback::new(move |v| room_type.set(v))
                    error=field_error(fields, "room_type")
                />
                <TextField
                    label=tr!(i18n, rooms.section)
                    hint=tr!(i18n, rooms.section_hint)
                    name="room_section"
                    value=section
                    on_input=Callback::new(move |v| section.set(v))
                    error=field_error(fields, "section")
                />
            </div>
            <ErrorNotice error=save.error />
            <FormActions pending=save.pending() on_cancel=on_cancel />
        </Form>
    }
}
