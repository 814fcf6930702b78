//! The secret ballot: pick a colleague (search by name), say why if one wishes, vote.
//! The choice is shown only to the voter, and can change until voting closes.

use bellhop_api::star::{BallotCast, StarCycle};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::decode;
use crate::components::field::{field_error, required, show_refusal, Form, TextArea};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::star::api;
use crate::i18n::{day_label, department_name, tr, trf, use_i18n};
use crate::offline::{use_outbox, Outcome};
use crate::session::use_auth;

/// Longest reason the server takes.
const REASON_MAX: usize = 280;

#[component]
pub fn Ballot(
    /// This month's cycle (open).
    cycle: StarCycle,
    /// Called with the cycle after a ballot is in.
    on_cast: Callback<StarCycle>,
) -> impl IntoView {
    let i18n = use_i18n();
    let nominees = Data::new(api::star_nominees);
    let my_choice = RwSignal::new(cycle.my_choice);
    let picked = RwSignal::new(cycle.my_choice);
    let reason = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let fields = RwSignal::new(Default::default());
    let last_day = cycle.closes_at - chrono::Duration::milliseconds(1);

    let name_of = move |id: Option<Uuid>| {
        nominees.with(|n| match (n, id) {
            (Some(Ok(list)), Some(id)) => list.iter().find(|n| n.id == id).map(|n| n.display_name.clone()),
            _ => None,
        })
    };
    let outbox = use_outbox();
    let submit = Call::new(move || {
        let picked = required(picked.get_untracked(), fields, "candidate_id");
        let req = picked.map(|candidate_id| BallotCast {
            candidate_id,
            reason: reason.get_untracked().trim().to_owned(),
        });
        async move {
            let Some(req) = req else {
                return Ok(());
            };
            match outbox.submit(api::cast_ballot(&req)).await {
                Outcome::Answered(answer) => {
                    if let Ok(cycle) = decode::<StarCycle>(&answer) {
                        my_choice.set(cycle.my_choice);
                        on_cast.try_run(cycle);
                    }
                }
                // Kept on the tablet until the network is back: shown as cast meanwhile.
                Outcome::Queued => my_choice.set(Some(req.candidate_id)),
                Outcome::Refused(err) => return Err(show_refusal(err, fields)),
            }
            Ok(())
        }
    });

    let list = move || {
        let list = nominees.get().and_then(Result::ok)?;
        Some(if list.is_empty() {
            view! { <p class="empty">{tr!(i18n, star.no_nominees)}</p> }.into_any()
        } else {
            let locale = i18n.get_locale();
            let departments = use_auth().departments.get();
            let q = search.with(|s| s.trim().to_lowercase());
            list.into_iter()
                .filter(|n| q.is_empty() || n.display_name.to_lowercase().contains(&q))
                .map(|n| {
                    let id = n.id;
                    let department = n
                        .department_id
                        .and_then(|d| departments.iter().find(|x| x.id == d))
                        .map(|d| department_name(locale, d));
                    view! {
                        <button
                            type="button"
                            class="btn btn-choice nominee"
                            aria-pressed=move || (picked.get() == Some(id)).to_string()
                            on:click=move |_| picked.set(Some(id))
                        >
                            <span class="nominee-name">{n.display_name}</span>
                            <span class="nominee-department">{department}</span>
                        </button>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    let confirmation = move || {
        let name = name_of(my_choice.get())?;
        let date = day_label(i18n.get_locale(), last_day);
        Some(view! {
            <div class="notice notice-success" role="status">
                <p>{trf!(i18n, star.voted, name = name, date = date)}</p>
            </div>
        })
    };
    let button_text = move || {
        let name = name_of(picked.get()).unwrap_or_default();
        match (picked.get(), my_choice.get()) {
            (None, _) => tr!(i18n, star.pick_first).get(),
            (Some(p), Some(m)) if p == m => trf!(i18n, star.vote_again, name = name).get(),
            (_, Some(_)) => trf!(i18n, star.change_vote, name = name).get(),
            (_, None) => trf!(i18n, star.vote_for, name = name).get(),
        }
    };
    let left = move || REASON_MAX.saturating_sub(reason.with(|r| r.chars().count()));
    view! {
        <p class="hint">{tr!(i18n, star.secret_hint)}</p>
        {confirmation}
        <Form class="ballot" on_submit=move |()| submit.start()>
            <div class="field search">
                <label for="f-nominee-search">{tr!(i18n, star.find)}</label>
                <input
                    id="f-nominee-search"
                    type="search"
                    autocomplete="off"
                    prop:value=search
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </div>
            <div
                class="group"
                class:invalid=move || fields.with(|f: &bellhop_api::validate::FieldErrors| f.contains_key("candidate_id"))
                role="group"
                aria-label=tr!(i18n, star.find)
            >
                <Loaded phase=phase_of(nominees) retry=move |()| nominees.refetch()>
                    <div class="choice-grid nominees">{list}</div>
                </Loaded>
                {move || {
                    field_error(fields, "candidate_id")
                        .get()
                        .map(|r| view! { <p class="field-error">{crate::i18n::field_text(i18n.get_locale(), r)}</p> })
                }}
            </div>
            <TextArea
                label=tr!(i18n, star.reason)
                name="reason"
                value=reason
                on_input=Callback::new(move |v| reason.set(v))
                error=field_error(fields, "reason")
            />
            <p class="hint">{move || trf!(i18n, star.chars_left, n = left()).get()}</p>
            <ErrorNotice error=submit.error />
            <button
                type="submit"
                class="btn btn-primary btn-block btn-big"
                disabled=move || submit.pending().get() || picked.get().is_none()
            >
                {button_text}
            </button>
        </Form>
    }
}
