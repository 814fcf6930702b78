//! One section of the form: its title, its items in order, and a button for one more.

use leptos::prelude::*;

use super::draft::{Draft, SectionDraft};
use super::fields::{Input, RowTools};
use super::item::ItemEditor;
use crate::i18n::{tr, trf, use_i18n};

#[component]
pub fn SectionEditor(
    /// The whole form.
    draft: Draft,
    /// The section.
    section: SectionDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let uid = section.uid;
    let row = draft.row(draft.sections, uid, |s| s.uid);
    let index = row.index;
    let number = move || index.get() + 1;
    let title_error = draft.error(move || format!("sections[{}].title", index.get()));
    view! {
        <section class="card tpl-section" data-section=number>
            <div class="tpl-head">
                <h3>{move || trf!(i18n, audits.tpl_section_n, n = number()).get()}</h3>
                <RowTools what=trf!(i18n, audits.tpl_section_n, n = number()) row=row />
            </div>
            <Input label=tr!(i18n, audits.tpl_section_title) name="section_title" uid=uid value=section.title error=title_error />
            <ol class="tpl-items">
                <For
                    each=move || section.items.get()
                    key=|item| item.uid
                    children=move |item| view! { <ItemEditor draft=draft section=section section_index=index item=item /> }
                />
            </ol>
            <button type="button" class="btn btn-secondary btn-big" data-testid="add-item" on:click=move |_| draft.add_item(section)>
                {tr!(i18n, audits.tpl_add_item)}
            </button>
        </section>
    }
}
