//! The editor's fields. A form has many items, so each field's id carries its row's
//! uid; its `name` stays plain for tests. Errors show under the field, translated.

use bellhop_api::FieldReason;
use leptos::prelude::*;

use super::draft::Row;
use crate::components::field::FieldError;
use crate::i18n::{field_text, td_string, use_i18n, Locale};

/// The template editor's words for the field reasons of its own form (the app's
/// [`Reasons`](crate::i18n::Reasons)).
pub fn reasons(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    use FieldReason::*;
    Some(match reason {
        Count => td_string!(locale, audits.tpl_error_sections),
        ItemCount => td_string!(locale, audits.tpl_error_items),
        Duplicate => td_string!(locale, audits.tpl_error_duplicate),
        KindSettings => td_string!(locale, audits.tpl_error_kind),
        _ => return None,
    })
}

/// The words for a template's problem: its own, else the app's field texts.
pub fn reason_text(locale: Locale, reason: FieldReason) -> &'static str {
    reasons(locale, reason).unwrap_or_else(|| field_text(locale, reason))
}

/// A labelled text input (or a box of several lines) with its error underneath.
#[component]
pub fn Input(
    /// The label above it.
    #[prop(into)]
    label: Signal<String>,
    /// The input's `name`.
    name: &'static str,
    /// The row it belongs to, for a unique id.
    uid: u32,
    /// The text.
    value: RwSignal<String>,
    /// A reason code from the last save.
    #[prop(optional, into)]
    error: Signal<Option<FieldReason>>,
    /// `numeric` or `decimal` for numbers.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// Several lines (guidance).
    #[prop(optional)]
    multiline: bool,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{name}-{uid}");
    let err_id = format!("{id}-err");
    let described = err_id.clone();
    let invalid = move || error.with(Option::is_some);
    let aria_invalid = move || invalid().to_string();
    let describedby = move || invalid().then(|| described.clone());
    let on_input = move |ev| value.set(event_target_value(&ev));
    let field = if multiline {
        view! {
            <textarea id=id.clone() name=name rows="2" aria-invalid=aria_invalid aria-describedby=describedby prop:value=value on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type="text" inputmode=inputmode list=list autocomplete="off" aria-invalid=aria_invalid aria-describedby=describedby prop:value=value on:input=on_input />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{label}</label>
            {field}
            <FieldError error=error id=err_id text=reason_text />
        </div>
    }
}

/// A big checkbox with its label.
#[component]
pub fn Check(
    /// What it means.
    #[prop(into)]
    label: Signal<String>,
    /// The input's `name`.
    name: &'static str,
    /// The row it belongs to, for a unique id.
    uid: u32,
    /// Whether it is ticked.
    value: RwSignal<bool>,
) -> impl IntoView {
    let id = format!("f-{name}-{uid}");
    let label_for = id.clone();
    view! {
        <label class="toggle" for=label_for>
            <input type="checkbox" id=id name=name prop:checked=value on:change=move |ev| value.set(event_target_checked(&ev)) />
            <span>{label}</span>
        </label>
    }
}

/// Move up, move down and remove, for a row of the form.
#[component]
pub fn RowTools(
    /// What the buttons move, for screen readers: "Move up · Item 3".
    #[prop(into)]
    what: Signal<String>,
    /// The row; the last one left cannot be removed.
    row: Row,
) -> impl IntoView {
    let Row {
        place,
        on_move,
        on_remove,
        ..
    } = row;
    let i18n = use_i18n();
    let label = move |text: fn(Locale) -> &'static str| move || format!("{} · {}", text(i18n.get_locale()), what.get());
    let up = label(|l| td_string!(l, audits.tpl_move_up));
    let down = label(|l| td_string!(l, audits.tpl_move_down));
    let remove = label(|l| td_string!(l, audits.tpl_remove));
    view! {
        <div class="row-actions tpl-tools">
            <button type="button" class="btn btn-secondary" data-action="up" aria-label=up disabled=move || place.get().0 == 0 on:click=move |_| on_move.run(true)>
                "↑"
            </button>
            <button type="button" class="btn btn-secondary" data-action="down" aria-label=down disabled={move || { let (i, n) = place.get(); i + 1 >= n }} on:click=move |_| on_move.run(false)>
                "↓"
            </button>
            <button type="button" class="btn btn-danger-outline" data-action="remove" aria-label=remove disabled={move || place.get().1 <= 1} on:click=move |_| on_remove.run(())>
                {move || td_string!(i18n.get_locale(), audits.tpl_remove)}
            </button>
        </div>
    }
}
