//! `/star/settings` (managers): voting days, who may vote and be chosen, the blend's
//! weights (shown adding up as they are typed) and department stars.

use bellhop_api::star::{StarSettings, Weights};
use bellhop_api::validate::FieldErrors;
use leptos::prelude::*;

use crate::components::field::{field_error, show_refusal, Form, TextField, Toggle};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::data::{Call, Data};
use crate::features::star::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::paths::Screen;
use leptos_router::components::A;

#[component]
pub fn StarSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Data::new(api::star_settings);
    let body = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .map(|settings| view! { <SettingsForm settings=settings /> })
    };
    view! {
        <section class="page">
            <A href=Screen::Star attr:class="back-link">{tr!(i18n, star.back)}</A>
            <h1>{tr!(i18n, star.settings_title)}</h1>
            <Loaded phase=phase_of(loaded) retry=move |()| loaded.refetch()>
                {body}
            </Loaded>
        </section>
    }
}

/// A whole number typed into a field, kept as text so a half-typed value stays put.
fn number(text: RwSignal<String>) -> u32 {
    text.with(|t| t.trim().parse().unwrap_or(0))
}

#[component]
fn SettingsForm(settings: StarSettings) -> impl IntoView {
    let i18n = use_i18n();
    let text = |n: u32| RwSignal::new(n.to_string());
    let open_day = text(settings.open_day);
    let close_day = text(settings.close_day);
    let min_days = text(settings.min_days_employed);
    let peer = text(settings.weights.peer);
    let guest = text(settings.weights.guest);
    let skills = text(settings.weights.skills);
    let managers_eligible = RwSignal::new(settings.managers_eligible);
    let department_stars = RwSignal::new(settings.department_stars);
    let fields = RwSignal::new(FieldErrors::new());
    let saved = RwSignal::new(false);

    let current = move || StarSettings {
        open_day: number(open_day),
        close_day: number(close_day),
        min_days_employed: number(min_days),
        managers_eligible: managers_eligible.get_untracked(),
        department_stars: department_stars.get_untracked(),
        weights: Weights {
            peer: number(peer),
            guest: number(guest),
            skills: number(skills),
        },
    };
    let submit = Call::new(move || {
        saved.set(false);
        let req = current();
        let valid = match req.validate() {
            Ok(()) => true,
            Err(errors) => {
                fields.set(errors);
                false
            }
        };
        async move {
            if !valid {
                return Ok(());
            }
            fields.set(FieldErrors::new());
            api::save_star_settings(&req)
                .await
                .map_err(|err| show_refusal(err, fields))?;
            saved.set(true);
            Ok(())
        }
    });
    let field = move |label: Signal<String>, value: RwSignal<String>, name: &'static str, error_of: &'static str| {
        view! {
            <TextField
                label=label
                name=name
                inputmode="numeric"
                value=value
                on_input=Callback::new(move |v| value.set(v))
                error=field_error(fields, error_of)
                select_on_focus=true
            />
        }
    };
    let sum = move || number(peer) + number(guest) + number(skills);
    view! {
        <Form class="card" on_submit=move |()| submit.start()>
            <div class="field-row">
                {field(tr!(i18n, star.open_day), open_day, "open_day", "open_day")}
                {field(tr!(i18n, star.close_day), close_day, "close_day", "close_day")}
            </div>
            <p class="hint">{tr!(i18n, star.close_day_hint)}</p>
            {field(tr!(i18n, star.min_days), min_days, "min_days_employed", "min_days_employed")}
            <Toggle value=managers_eligible name="managers_eligible" label=tr!(i18n, star.managers_eligible) />
            <Toggle value=department_stars name="department_stars" label=tr!(i18n, star.department_stars_setting) />
            <h2>{tr!(i18n, star.weights_title)}</h2>
            <div class="field-row">
                {field(tr!(i18n, star.weight_peer), peer, "weight_peer", "weights")}
                {field(tr!(i18n, star.weight_guest), guest, "weight_guest", "weights")}
                {field(tr!(i18n, star.weight_skills), skills, "weight_skills", "weights")}
            </div>
            <p class="weights-sum" class:field-error=move || sum() != 100>
                {move || trf!(i18n, star.weights_sum, sum = sum()).get()}
            </p>
            <ErrorNotice error=submit.error />
            {move || {
                saved
                    .get()
                    .then(|| {
                        view! {
                            <div class="notice notice-success" role="status">
                                <p>{tr!(i18n, star.saved)}</p>
                            </div>
                        }
                    })
            }}
            <button type="submit" class="btn btn-primary btn-big" disabled=submit.pending()>
                {tr!(i18n, star.save)}
            </button>
        </Form>
    }
}
