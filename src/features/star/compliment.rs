//! Recording a guest compliment naming a colleague (front desk, supervisors,
//! managers): who, where it came from, and what the guest said.

use bellhop_api::star::{ComplimentCreate, ComplimentSource};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::new_id;
use crate::components::field::{chosen_of, field_error, required, show_refusal, Form, TextArea};
use crate::components::status::ErrorNotice;
use crate::data::{Call, Data};
use crate::features::star::api;
use crate::i18n::{td_string, tr, trf, use_i18n, Locale};
use crate::offline::{use_outbox, Outcome};
use crate::session::use_auth;

const SOURCES: [ComplimentSource; 4] = [
    ComplimentSource::ReviewSite,
    ComplimentSource::Letter,
    ComplimentSource::InPerson,
    ComplimentSource::Other,
];

fn source_name(locale: Locale, source: ComplimentSource) -> &'static str {
    match source {
        ComplimentSource::ReviewSite => td_string!(locale, star.source_review_site),
        ComplimentSource::Letter => td_string!(locale, star.source_letter),
        ComplimentSource::InPerson => td_string!(locale, star.source_in_person),
        ComplimentSource::Other => td_string!(locale, star.source_other),
    }
}

/// The front desk, supervisors and managers record compliments (the server's rule).
fn records_compliments() -> Signal<bool> {
    let auth = use_auth();
    Signal::derive(move || {
        auth.session.with(|s| {
            s.as_ref().is_some_and(|s| {
                s.user.role.runs_department()
                    || auth.departments.with(|ds| {
                        ds.iter()
                            .any(|d| Some(d.id) == s.user.department_id && d.code == "front_office")
                    })
            })
        })
    })
}

#[component]
pub fn RecordCompliment() -> impl IntoView {
    let allowed = records_compliments();
    move || allowed.get().then(|| view! { <ComplimentForm /> })
}

#[component]
fn ComplimentForm() -> impl IntoView {
    let i18n = use_i18n();
    // The picker fills once the colleagues are in; the form works around it meanwhile.
    let people = Data::new(api::star_nominees);
    let name_of = move |id: Uuid| {
        people.with_untracked(|p| {
            p.as_ref()
                .and_then(|p| p.as_ref().ok())
                .and_then(|p| p.iter().find(|n| n.id == id).map(|n| n.display_name.clone()))
        })
    };
    let person = RwSignal::new(None::<Uuid>);
    let source = RwSignal::new(ComplimentSource::ReviewSite);
    let note = RwSignal::new(String::new());
    let fields = RwSignal::new(Default::default());
    let recorded = RwSignal::new(None::<String>);
    // One id per compliment being written, so a retried tap records it once.
    let id = RwSignal::new(new_id());

    let outbox = use_outbox();
    let submit = Call::new(move || {
        let staff_id = required(person.get_untracked(), fields, "staff_id");
        let req = staff_id.map(|staff_id| ComplimentCreate {
            id: id.get_untracked(),
            staff_id,
            source: source.get_untracked(),
            note: note.get_untracked().trim().to_owned(),
        });
        let name = staff_id.and_then(name_of);
        async move {
            let Some(req) = req else {
                return Ok(());
            };
            // Kept on the tablet off the network: recorded here, sent when it is back.
            if let Outcome::Refused(err) = outbox.submit(api::record_compliment(&req)).await {
                return Err(show_refusal(err, fields));
            }
            recorded.set(name);
            person.set(None);
            note.set(String::new());
            id.set(new_id());
            Ok(())
        }
    });
    let options = move || {
        people
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|n| {
                let id = n.id;
                view! { <option value=id.to_string() selected=move || person.get() == Some(id)>{n.display_name}</option> }
            })
            .collect_view()
    };
    let sources = move || {
        let locale = i18n.get_locale();
        SOURCES
            .into_iter()
            .enumerate()
            .map(
                |(i, s)| view! { <option value=i selected=move || source.get() == s>{source_name(locale, s)}</option> },
            )
            .collect_view()
    };
    view! {
        <details class="card compliment">
            <summary>
                <h2>{tr!(i18n, star.compliment_title)}</h2>
            </summary>
            {move || {
                recorded
                    .get()
                    .map(|name| {
                        view! {
                            <div class="notice notice-success" role="status">
                                <p>{trf!(i18n, star.compliment_done, name = name)}</p>
                            </div>
                        }
                    })
            }}
            <Form on_submit=move |()| submit.start()>
                <div class="field-row">
                    <div class="field" class:invalid=move || field_error(fields, "staff_id").get().is_some()>
                        <label for="f-compliment-person">{tr!(i18n, star.compliment_person)}</label>
                        <select
                            id="f-compliment-person"
                            on:change=move |ev| person.set(event_target_value(&ev).parse().ok())
                        >
                            <option value="" selected=move || person.get().is_none()>
                                {tr!(i18n, new_task.choose)}
                            </option>
                            {options}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-compliment-source">{tr!(i18n, star.compliment_source)}</label>
                        <select
                            id="f-compliment-source"
                            on:change=move |ev| {
                                if let Some(s) = chosen_of(&ev, &SOURCES) {
                                    source.set(s);
                                }
                            }
                        >
                            {sources}
                        </select>
                    </div>
                </div>
                <TextArea
                    label=tr!(i18n, star.compliment_note)
                    name="compliment_note"
                    value=note
                    on_input=Callback::new(move |v| note.set(v))
                    error=field_error(fields, "note")
                />
                <ErrorNotice error=submit.error />
                <button type="submit" class="btn btn-primary btn-big" disabled=submit.pending()>
                    {tr!(i18n, star.compliment_button)}
                </button>
            </Form>
        </details>
    }
}
