//! One item of the form: its question, answer type and what that type needs (the
//! rating that fails, the number's target, the choices and their scores), weight,
//! guidance and the critical, required and photo switches.

use leptos::prelude::*;

use super::draft::{Draft, ItemDraft, Kind, SectionDraft};
use super::fields::{reason_text, Check, Input, RowTools};
use crate::components::field::FieldError;
use crate::i18n::{td_string, tr, trf, use_i18n, Locale};
use bellhop_api::FieldReason;

fn kind_name(locale: Locale, kind: Kind) -> &'static str {
    match kind {
        Kind::YesNo => td_string!(locale, audits.tpl_kind_yes_no),
        Kind::Rating => td_string!(locale, audits.tpl_kind_rating),
        Kind::Number => td_string!(locale, audits.tpl_kind_number),
        Kind::Choice => td_string!(locale, audits.tpl_kind_choice),
        Kind::Note => td_string!(locale, audits.tpl_kind_note),
    }
}

#[component]
pub fn ItemEditor(
    /// The whole form (its errors, new rows).
    draft: Draft,
    /// The section the item is in.
    section: SectionDraft,
    /// Where the section stands now.
    #[prop(into)]
    section_index: Signal<usize>,
    /// The item.
    item: ItemDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let uid = item.uid;
    let row = draft.row(section.items, uid, |i| i.uid);
    let index = row.index;
    let path =
        move |field: &'static str| move || format!("sections[{}].items[{}].{field}", section_index.get(), index.get());
    let number = move || index.get() + 1;
    let scored = move || item.kind.get() != Kind::Note;
    let kind_id = format!("f-kind-{uid}");
    // The server names the kind as a whole; say which settings it wants.
    let kind_error = draft.error(path("kind"));
    let kind_problem = Signal::derive(move || kind_error.get().map(|_| FieldReason::KindSettings));
    let kind_options = move || {
        let locale = i18n.get_locale();
        Kind::ALL
            .into_iter()
            .map(|k| view! { <option value=k.code() selected=move || item.kind.get() == k>{kind_name(locale, k)}</option> })
            .collect_view()
    };
    view! {
        <li class="tpl-item" data-key=item.key.get_value()>
            <div class="tpl-head">
                <h4>{move || trf!(i18n, audits.tpl_item_n, n = number()).get()}</h4>
                <RowTools what=trf!(i18n, audits.tpl_item_n, n = number()) row=row />
            </div>
            <Input label=tr!(i18n, audits.tpl_item_text) name="text" uid=uid value=item.text error=draft.error(path("text")) />
            <div class="field">
                <label for=kind_id.clone()>{tr!(i18n, audits.tpl_kind)}</label>
                <select id=kind_id name="kind" on:change=move |ev| {
                    if let Some(k) = Kind::parse(&event_target_value(&ev)) {
                        item.kind.set(k);
                    }
                }>
                    {kind_options}
                </select>
            </div>
            <KindSettings draft=draft item=item />
            <FieldError error=kind_problem id=format!("f-kind-{uid}-err") text=reason_text />
            <Show when=scored>
                <Input label=tr!(i18n, audits.tpl_weight) name="weight" uid=uid value=item.weight inputmode="numeric" error=draft.error(path("weight")) />
            </Show>
            <Input label=tr!(i18n, audits.tpl_guidance) name="guidance" uid=uid value=item.guidance multiline=true error=draft.error(path("guidance")) />
            <div class="tpl-checks">
                <Show when=scored>
                    <Check label=tr!(i18n, audits.tpl_critical) name="critical" uid=uid value=item.critical />
                </Show>
                <Check label=tr!(i18n, audits.tpl_required) name="required" uid=uid value=item.required />
                <Check label=tr!(i18n, audits.tpl_photo) name="photo" uid=uid value=item.photo />
            </div>
        </li>
    }
}

/// What the chosen answer type needs.
#[component]
fn KindSettings(draft: Draft, item: ItemDraft) -> impl IntoView {
    let i18n = use_i18n();
    let uid = item.uid;
    move || match item.kind.get() {
        Kind::YesNo | Kind::Note => ().into_any(),
        Kind::Rating => {
            let id = format!("f-threshold-{uid}");
            let levels = (1..=5u8)
                .map(|r| view! { <option value=r.to_string() selected=move || item.threshold.get() == r>{r}</option> })
                .collect_view();
            view! {
                <div class="field">
                    <label for=id.clone()>{tr!(i18n, audits.tpl_threshold)}</label>
                    <select id=id name="threshold" on:change=move |ev| {
                        if let Ok(r) = event_target_value(&ev).parse() {
                            item.threshold.set(r);
                        }
                    }>
                        {levels}
                    </select>
                </div>
            }
            .into_any()
        }
        Kind::Number => {
            let id = format!("f-at_most-{uid}");
            view! {
                <div class="field-row tpl-target">
                    <div class="field">
                        <label for=id.clone()>{tr!(i18n, audits.tpl_direction)}</label>
                        <select id=id name="at_most" on:change=move |ev| item.at_most.set(event_target_value(&ev) == "at_most")>
                            <option value="at_most" selected=move || item.at_most.get()>{tr!(i18n, audits.tpl_at_most)}</option>
                            <option value="at_least" selected=move || !item.at_most.get()>{tr!(i18n, audits.tpl_at_least)}</option>
                        </select>
                    </div>
                    <Input label=tr!(i18n, audits.tpl_target) name="target" uid=uid value=item.target inputmode="decimal" />
                    <Input label=tr!(i18n, audits.tpl_unit) name="unit" uid=uid value=item.unit />
                </div>
            }
            .into_any()
        }
        Kind::Choice => view! { <Choices draft=draft item=item /> }.into_any(),
    }
}

/// The options of a single-choice item, each with the share of the points it earns.
#[component]
fn Choices(draft: Draft, item: ItemDraft) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        item.options
            .get()
            .into_iter()
            .enumerate()
            .map(|(n, o)| {
                let count = item.options.with(Vec::len);
                view! {
                    <li class="tpl-option">
                        <Input label=trf!(i18n, audits.tpl_option_n, n = n + 1) name="option_label" uid=o.uid value=o.label />
                        <Input label=tr!(i18n, audits.tpl_option_score) name="option_score" uid=o.uid value=o.percent inputmode="decimal" />
                        <button
                            type="button"
                            class="btn btn-danger-outline"
                            disabled={count <= 2}
                            on:click=move |_| item.options.update(|os| os.retain(|x| x.uid != o.uid))
                        >
                            {tr!(i18n, audits.tpl_remove)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="tpl-choices">
            <legend>{tr!(i18n, audits.tpl_options)}</legend>
            <p class="hint">{tr!(i18n, audits.tpl_options_hint)}</p>
            <ul class="rows">{rows}</ul>
            <button
                type="button"
                class="btn btn-secondary"
                disabled={move || item.options.with(Vec::len) >= 10}
                on:click=move |_| item.options.update(|os| os.push(draft.option("", "0")))
            >
                {tr!(i18n, audits.tpl_add_option)}
            </button>
        </fieldset>
    }
}
