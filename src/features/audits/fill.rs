//! The form of a draft audit: its sections and items under a sticky bar with the
//! progress and the running score (the shared scoring, as the server will grade it).
//! Submitting checks the required items here first and points at the first gap.

use bellhop_api::audit_wire::Audit;
use bellhop_api::audits;
use leptos::prelude::*;

use super::autosave::Autosave;
use super::item::Item;
use super::{percent, subject};
use crate::api::ApiError;
use crate::components::status::ErrorNotice;
use crate::data::Call;
use crate::features::audits::api;
use crate::i18n::{tr, trf, use_i18n};

/// Brings the item with `key` to the middle of the screen.
fn scroll_to(key: &str) {
    let Some(el) = document().get_element_by_id(&format!("item-{key}")) else {
        return;
    };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_behavior(web_sys::ScrollBehavior::Smooth);
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}

#[component]
pub fn Fill(
    /// The audit as loaded.
    audit: Audit,
    /// The server's audit after the submit (now with its result).
    on_submitted: Callback<Audit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = Autosave::new(&audit);
    let id = audit.summary.id;
    let pass_mark = audit.pass_mark;
    let sections = StoredValue::new(audit.sections.clone());
    let score = Memo::new(move |_| {
        let answers = save.answers();
        sections.with_value(|s| audits::score(s, &answers, pass_mark))
    });
    // Required items without an answer, shown after a submit was tried.
    let missing = RwSignal::new(Vec::<String>::new());
    // Submit as soon as the last change has reached the server.
    let waiting = RwSignal::new(false);
    let send_submit = Call::new(move || async move {
        // Retry-safe: a repeated submit returns the stored result.
        match api::submit_audit(id).await {
            Ok(a) => {
                on_submitted.try_run(a);
                Ok(())
            }
            Err(err) => {
                if let ApiError::Api { body, .. } = &err {
                    let keys: Vec<String> = body.fields.keys().cloned().collect();
                    if let Some(first) = keys.first() {
                        scroll_to(first);
                    }
                    missing.set(keys);
                }
                Err(err)
            }
        }
    });
    let (submitting, error) = (send_submit.pending(), send_submit.error);
    Effect::new(move |_| {
        if waiting.get() && save.pending() == 0 {
            waiting.set(false);
            send_submit.start();
        }
    });
    let submit = move |_| {
        let answers = save.answers();
        let gaps = sections.with_value(|s| audits::missing_required(s, &answers));
        if let Some(first) = gaps.first() {
            scroll_to(first);
            missing.set(gaps);
            return;
        }
        missing.set(Vec::new());
        error.set(None);
        save.flush_all();
        waiting.set(true);
    };

    let summary = audit.summary.clone();
    let about = subject(&summary);
    let body = audit
        .sections
        .iter()
        .map(|section| {
            let items = section
                .items
                .iter()
                .map(|item| {
                    let k = item.key.clone();
                    let is_missing = Signal::derive(move || missing.with(|m| m.contains(&k)));
                    view! { <Item item=item.clone() save=save missing=is_missing /> }
                })
                .collect_view();
            view! {
                <section class="card audit-section">
                    <h2>{section.title.clone()}</h2>
                    {items}
                </section>
            }
        })
        .collect_view();
    let item_text = move |key: &str| {
        sections.with_value(|s| {
            s.iter()
                .flat_map(|s| &s.items)
                .find(|i| i.key == key)
                .map(|i| i.text.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <h1>{summary.template_name.clone()}</h1>
        {(!about.is_empty()).then(|| view! { <p class="lead">{about}</p> })}
        <ProgressBar score=score save=save />
        {move || {
            save.conflict
                .get()
                .map(|key| {
                    let item = item_text(&key);
                    view! {
                        <div class="notice notice-info" role="alert">
                            <p>{trf!(i18n, audits.conflict, item = item)}</p>
                        </div>
                    }
                })
        }}
        <ErrorNotice error=save.error />
        {body}
        {move || {
            (!missing.with(Vec::is_empty))
                .then(|| {
                    let n = missing.with(Vec::len);
                    view! {
                        <div class="notice notice-error" role="alert">
                            <p>{trf!(i18n, audits.missing, count = n)}</p>
                        </div>
                    }
                })
        }}
        <ErrorNotice error=error />
        <button
            type="button"
            class="btn btn-primary btn-big btn-block"
            data-testid="submit-audit"
            disabled=move || submitting.get() || waiting.get()
            on:click=submit
        >
            {move || if waiting.get() || submitting.get() { tr!(i18n, audits.submitting).get() } else { tr!(i18n, audits.submit).get() }}
        </button>
    }
}

/// Answered of all items, the running score and whether everything is saved.
#[component]
fn ProgressBar(
    /// The running score of the answers shown.
    #[prop(into)]
    score: Signal<audits::AuditScore>,
    /// The save state.
    save: Autosave,
) -> impl IntoView {
    let i18n = use_i18n();
    let answered = move || score.with(|s| s.answered);
    let total = move || score.with(|s| s.total);
    let width = move || format!("width: {}%", answered() * 100 / total().max(1));
    let saving = move || {
        let n = save.pending();
        if n == 0 {
            tr!(i18n, audits.saved).get()
        } else if save.offline.get() {
            trf!(i18n, audits.offline, count = n).get()
        } else {
            tr!(i18n, audits.saving).get()
        }
    };
    view! {
        <div class="audit-progress" role="status">
            <div class="progress-track" aria-hidden="true">
                <span class="progress-fill" style=width></span>
            </div>
            <p>
                <span data-testid="answered">{move || trf!(i18n, audits.answered, done = answered(), total = total()).get()}</span>
                " · "
                <span>{tr!(i18n, audits.running_score)} " "</span>
                <strong data-testid="running-score">{move || score.with(|s| percent(s.score))}</strong>
                {move || score.with(|s| s.critical_failed).then(|| view! { " " <span class="pill pill-urgent">{tr!(i18n, audits.critical_failed)}</span> })}
                <span class="save-state" data-pending=move || save.pending().to_string()>{saving}</span>
            </p>
        </div>
    }
}
