//! Recording a guest compliment naming a colleague (front desk, supervisors,
//! managers): who, where it came from, and what the guest said.

use bellhop_api::star::{ComplimentCreate, ComplimentSource, Nominee};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{new_id, spawn_pending, ApiError};
use crate::components::field::{chosen_of, field_error, show_refusal, Form, TextArea};
use crate::components::status::ErrorNotice;
use crate::features::star::api;
use crate::i18n::{td_string, tr, trf, use_i18n, Locale};
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
    let people = RwSignal::new(Vec::<Nominee>::new());
    leptos::task::spawn_local(async move {
        if let Ok(list) = api::star_nominees().await {
            people.try_set(list);
        }
    });
    let person = RwSignal::new(None::<Uuid>);
    let source = RwSignal::new(ComplimentSource::ReviewSite);
    let note = RwSignal::new(String::new());
    let fields = RwSignal::new(Default::default());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let recorded = RwSignal::new(None::<String>);
    // One id per compliment being written, so a retried tap records it once.
    let id = RwSignal::new(new_id());

    let submit = move || {
        let Some(staff_id) = person.get_untracked() else {
            fields.set([("staff_id".to_owned(), "required".to_owned())].into());
            return;
        };
        fields.set(Default::default());
        error.set(None);
        let req = ComplimentCreate {
            id: id.get_untracked(),
            staff_id,
            source: source.get_untracked(),
            note: note.get_untracked().trim().to_owned(),
        };
        let name = people.with_untracked(|p| p.iter().find(|n| n.id == staff_id).map(|n| n.display_name.clone()));
        spawn_pending(pending, async move {
            match api::record_compliment(&req).await {
                Ok(()) => {
                    recorded.set(name);
                    person.set(None);
                    note.set(String::new());
                    id.set(new_id());
                }
                Err(err) => error.set(Some(show_refusal(err, fields))),
            }
        });
    };
    let options = move || {
        people
            .get()
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
            <Form on_submit=move |()| submit()>
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
                <ErrorNotice error=error />
                <button type="submit" class="btn btn-primary btn-big" disabled=pending>
                    {tr!(i18n, star.compliment_button)}
                </button>
            </Form>
        </details>
    }
}
