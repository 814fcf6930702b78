//! `/audits/templates` (managers): the hotel's audit forms, each opening in the
//! editor, and a new one.

use bellhop_api::audit_wire::AuditTemplateSummary;
use leptos::prelude::*;

use super::queue::load_templates;
use super::BackLink;
use crate::components::icon::{Icon, IconKind};
use crate::components::status::{phase_of, Loaded};
use crate::i18n::{tr, trf, use_i18n};
use crate::paths::Screen;
use leptos_router::components::A;

#[component]
pub fn AuditTemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page tpl-list-page">
            <BackLink />
            <div class="toolbar">
                <h1>{tr!(i18n, audits.tpl_list_title)}</h1>
                <A href=Screen::AuditTemplateNew attr:class="btn btn-primary btn-big">
                    {tr!(i18n, audits.tpl_new)}
                </A>
            </div>
            <p class="lead">{tr!(i18n, audits.tpl_list_intro)}</p>
            <TemplateList />
        </section>
    }
}

#[component]
fn TemplateList() -> impl IntoView {
    let i18n = use_i18n();
    let templates = load_templates();
    let rows = move || {
        templates.get().and_then(Result::ok).map(|list| {
            if list.is_empty() {
                return view! { <p class="empty">{tr!(i18n, audits.tpl_none)}</p> }.into_any();
            }
            let rows = list
                .into_iter()
                .map(|t| view! { <TemplateRow template=t /> })
                .collect_view();
            view! { <ul class="rows">{rows}</ul> }.into_any()
        })
    };
    view! {
        <Loaded phase=phase_of(templates) retry=move |()| templates.refetch()>
            {rows}
        </Loaded>
    }
}

#[component]
fn TemplateRow(template: AuditTemplateSummary) -> impl IntoView {
    let i18n = use_i18n();
    let t = template;
    let (items, mark, version) = (t.items, t.pass_mark, t.version);
    view! {
        <li class="row-card" data-template=t.name.clone()>
            <div class="row-main">
                <p class="row-title">{t.name.clone()}</p>
                <p class="row-detail">
                    {t.area.clone()} " · "
                    {trf!(i18n, audits.tpl_summary, items = items, mark = mark, version = version)}
                </p>
            </div>
            <A href=Screen::AuditTemplate(t.id) attr:class="btn btn-secondary">
                {tr!(i18n, audits.tpl_edit)}
            </A>
        </li>
    }
}

/// Back to the list of forms, from the editor.
#[component]
pub fn TemplatesLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <A href=Screen::AuditTemplates attr:class="btn btn-link back-link" exact=true>
            <Icon kind=IconKind::Back />
            {tr!(i18n, audits.tpl_list_title)}
        </A>
    }
}
