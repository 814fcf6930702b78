//! `/star`: the monthly Service Star — this month's secret ballot, the count a manager
//! closes, the latest star with colleagues' reasons (never their names), guest
//! compliments recorded by the front desk, and the wall of past stars.
//! `/star/:month` shows one past month; `/star/settings` is for managers.

pub mod api;
mod compliment;
mod results;
mod settings;
mod vote;

use bellhop_api::people::Role;
use bellhop_api::star::{CycleState, StarCycle};
use bellhop_api::FieldReason;
use leptos::prelude::*;

use crate::components::status::{phase_of, Loaded};
use crate::data::Data;
use crate::i18n::{day_label, fill, month_label, td_string, tr, trf, use_i18n, I18n, Locale};
use crate::paths::Screen;
use crate::session::use_role;
use leptos_router::components::A;

pub use settings::StarSettingsPage;

/// `text` with `{month}` filled by the month's name, in the screen's language.
fn with_month(i18n: I18n, text: fn(Locale) -> &'static str, month: String) -> Signal<String> {
    Signal::derive(move || {
        let locale = i18n.get_locale();
        fill(text(locale), &[("month", &month_label(locale, &month))])
    })
}

/// The hotel's time zone: voting days are the hotel's days, wherever the browser is.
#[component]
pub fn StarPage(
    /// A past month to show (`YYYY-MM`); `None` for this month and the latest star.
    month: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = use_role();
    let cycle = Data::new(api::star_current);
    let fixed = month.clone();
    let results_month = Memo::new(move |_| {
        fixed.clone().or_else(|| {
            cycle.with(|c| {
                c.as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .and_then(|c| c.last_closed.clone())
            })
        })
    });
    let on_change = Callback::new(move |c| cycle.set(c));
    let retry = Callback::new(move |()| cycle.refetch());
    let this_month = month.is_none().then(|| {
        let shown = move || {
            cycle
                .get()
                .and_then(Result::ok)
                .map(|c| view! { <ThisMonth cycle=c on_change=on_change reload=retry /> })
        };
        view! { <Loaded phase=phase_of(cycle) retry=retry>{shown}</Loaded> }
    });
    view! {
        <section class="page star-page">
            <div class="toolbar">
                <h1>{tr!(i18n, nav.star)}</h1>
                {move || {
                    role.get().is_some_and(Role::manages_property)
                        .then(|| {
                            view! {
                                <A href=Screen::StarSettings attr:class="btn btn-secondary">
                                    {tr!(i18n, star.settings_link)}
                                </A>
                            }
                        })
                }}
            </div>
            {month.is_some().then(|| view! { <A href=Screen::Star attr:class="back-link">{tr!(i18n, star.back)}</A> })}
            {this_month}
            <results::Results month=results_month />
            {month.is_none().then(|| view! { <compliment::RecordCompliment /> })}
            <results::Wall latest=results_month />
        </section>
    }
}

/// The month's cycle: when voting runs, the ballot while it is open, and for managers
/// the close of a month whose voting days are over.
#[component]
fn ThisMonth(
    /// The cycle as the server last told it.
    cycle: StarCycle,
    /// A ballot was cast: the server's new view of the cycle.
    on_change: Callback<StarCycle>,
    /// A count was closed: load the cycle (and with it the latest results) again.
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = use_role();
    let month = cycle.month.clone();
    // The last voting day is the day before voting closes.
    let last_day = cycle.closes_at - chrono::Duration::milliseconds(1);
    let opens = cycle.opens_at;
    let state = cycle.state;
    let status = move || {
        let locale = i18n.get_locale();
        match state {
            CycleState::Upcoming => {
                let date = day_label(locale, opens);
                trf!(i18n, star.state_upcoming, date = date).get()
            }
            CycleState::Open => {
                let date = day_label(locale, last_day);
                trf!(i18n, star.state_open, date = date).get()
            }
            CycleState::Counting => tr!(i18n, star.state_counting).get(),
            CycleState::Closed => tr!(i18n, star.state_closed).get(),
        }
    };
    let open = state == CycleState::Open;
    let awaiting = cycle.awaiting_close.clone();
    view! {
        <div class="card star-cycle" data-state=state.code()>
            <h2>{move || month_label(i18n.get_locale(), &month)}</h2>
            <p class="lead">{status}</p>
            {open.then(|| view! { <vote::Ballot cycle=cycle.clone() on_cast=on_change /> })}
        </div>
        {move || {
            awaiting
                .clone()
                .filter(|_| role.get().is_some_and(Role::manages_property))
                .map(|m| view! { <results::CloseCount month=m on_closed=reload /> })
        }}
    }
}

/// The Service Star app's words for the field reasons of its own forms (its
/// [`Reasons`](crate::i18n::Reasons)).
pub fn reasons(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    use FieldReason::*;
    Some(match reason {
        WeightsTotal => td_string!(locale, field.weights_total),
        SelfVote => td_string!(locale, field.self_vote),
        NotEligible => td_string!(locale, field.not_eligible),
        _ => return None,
    })
}
