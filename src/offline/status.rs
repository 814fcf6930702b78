//! What the shell says about the tablet's writes and reads: "Offline · 3 waiting",
//! "All sent", the age of data read before the network went, each refused write with
//! the server's reason until the person has seen it, and the warning before signing out
//! with writes still on the tablet.

use std::time::Duration;

use bellhop_api::tasks::TaskAction;
use bellhop_api::ErrorCode;
use leptos::prelude::*;
use leptos_router::components::A;

use super::outbox::{use_outbox, Entry};
use super::reads::Reads;
use crate::i18n::{action_name, error_code_text, td_string, tr, trf, use_i18n, Locale};

/// How long "All sent" stays.
const ALL_SENT_FOR: Duration = Duration::from_secs(6);

/// The line under the header: writes waiting, "All sent", or the age of what is shown.
#[component]
pub fn OutboxStatus(
    /// The reads of the signed-in person.
    reads: Reads,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let waiting = outbox.waiting();
    let all_sent = RwSignal::new(false);
    Effect::new(move |before: Option<usize>| {
        let now = waiting.get();
        if before.is_some_and(|b| b > 0) && now == 0 {
            all_sent.set(true);
            set_timeout(
                move || {
                    all_sent.try_set(false);
                },
                ALL_SENT_FOR,
            );
        } else if now > 0 {
            all_sent.set(false);
        }
        now
    });
    // A write that reached the server means the network is back for reads too.
    Effect::new(move |_| {
        if outbox.online.get() {
            reads.back_online();
        }
    });
    let line = move || {
        let n = waiting.get();
        let as_of = reads.as_of.get();
        if n > 0 {
            let text = if outbox.online.get() {
                trf!(i18n, offline.sending, n = n)
            } else {
                trf!(i18n, offline.waiting, n = n)
            };
            Some(view! { <p class="outbox-status" data-waiting=n role="status">{text}</p> }.into_any())
        } else if let Some(at) = as_of {
            let time = clock(at);
            Some(
                view! { <p class="outbox-status" role="status">{trf!(i18n, offline.as_of, time = time)}</p> }
                    .into_any(),
            )
        } else if all_sent.get() {
            Some(view! { <p class="outbox-status sent" role="status">{tr!(i18n, offline.all_sent)}</p> }.into_any())
        } else {
            None
        }
    };
    view! {
        {line}
        <Refusals />
    }
}

/// `10:42` (or a day and time, for an older copy) of a time in ms, on the hotel's clock.
fn clock(ms: f64) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(crate::i18n::short_time)
        .unwrap_or_default()
}

/// Each write the server refused, with why and the item it was for, until the person
/// taps Seen. The item's page shows the server's current state.
#[component]
fn Refusals() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let refusals = outbox.refusals(None);
    move || {
        refusals
            .get()
            .into_iter()
            .map(|entry| {
                let locale = i18n.get_locale();
                let why = entry
                    .refusal
                    .as_deref()
                    .and_then(ErrorCode::parse)
                    .map(|code| error_code_text(locale, code))
                    .unwrap_or_default();
                let text = crate::i18n::fill(
                    td_string!(locale, offline.refused),
                    &[("what", &change_name(locale, &entry.what)), ("why", &why)],
                );
                let link = item_link(&entry).map(|href| {
                    view! { <A href=href attr:class="btn btn-link">{tr!(i18n, offline.open_item)}</A> }
                });
                let seen = entry.clone();
                view! {
                    <div class="notice notice-error" role="alert" data-refused=entry.object.clone()>
                        <p>{text}</p>
                        <p class="hint">{tr!(i18n, offline.server_state)}</p>
                        <div class="form-actions">
                            {link}
                            <button type="button" class="btn btn-secondary" on:click=move |_| outbox.seen(&seen)>
                                {tr!(i18n, offline.seen)}
                            </button>
                        </div>
                    </div>
                }
            })
            .collect_view()
    }
}

/// The page of the item a write was for.
fn item_link(entry: &Entry) -> Option<String> {
    let (kind, id) = entry.object.split_once('/')?;
    match kind {
        "task" => Some(format!("/tasks/{id}")),
        "attempt" => Some(format!("/training/attempts/{id}")),
        _ => None,
    }
}

/// What the person did, in their words.
pub fn change_name(locale: Locale, what: &str) -> String {
    if let Some(action) = TaskAction::ALL.into_iter().find(|a| a.as_str() == what) {
        return action_name(locale, action).to_owned();
    }
    match what {
        "tick" => td_string!(locale, offline.what_tick),
        "comment" => td_string!(locale, offline.what_comment),
        "assign" => td_string!(locale, offline.what_assign),
        "new_task" => td_string!(locale, offline.what_new_task),
        "answer" => td_string!(locale, offline.what_answer),
        "hand_in" => td_string!(locale, offline.what_hand_in),
        "ballot" => td_string!(locale, offline.what_ballot),
        "compliment" => td_string!(locale, offline.what_compliment),
        _ => td_string!(locale, offline.what_change),
    }
    .to_owned()
}

/// Signing out with writes still on the tablet: how many, that they stay and go out at
/// this person's next sign-in here, and the choice to wait for the network first.
#[component]
pub fn LeaveGuard(
    /// The person asked to sign out; false again once they chose.
    asking: RwSignal<bool>,
    /// Signs out.
    leave: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let waiting = outbox.waiting();
    let wait = RwSignal::new(false);
    // Waiting for the network: sign out once the last write is sent.
    Effect::new(move |_| {
        if wait.get() && waiting.get() == 0 {
            wait.set(false);
            leave.run(());
        }
    });
    move || {
        (asking.get() && !wait.get()).then(|| {
            view! {
                <div class="menu leave-guard" role="alertdialog">
                    <p class="menu-name">{trf!(i18n, offline.leave_title, n = waiting.get())}</p>
                    <p class="menu-detail">{tr!(i18n, offline.leave_text)}</p>
                    <button
                        type="button"
                        class="btn btn-primary btn-block"
                        data-testid="leave-wait"
                        on:click=move |_| {
                            asking.set(false);
                            wait.set(true);
                            outbox.flush();
                        }
                    >
                        {tr!(i18n, offline.leave_wait)}
                    </button>
                    <button
                        type="button"
                        class="btn btn-secondary btn-block"
                        data-testid="leave-anyway"
                        on:click=move |_| {
                            asking.set(false);
                            leave.run(());
                        }
                    >
                        {tr!(i18n, offline.leave_anyway)}
                    </button>
                </div>
            }
        })
    }
}
