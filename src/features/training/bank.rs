//! `/training/bank` (managers): the question bank by category, its export as JSON or
//! CSV, and an import of a pasted or uploaded file. The server checks every row first
//! and stores nothing if one is wrong; its row-numbered problems are listed here.
//! Each question opens its editor (`/training/questions/:id`); "New question" writes one,
//! and the question just saved comes back open and marked.

use std::cell::Cell;
use std::collections::BTreeMap;

use bellhop_api::training::{BankFormat, BankImport, ImportSummary, Question, QuestionBankQuery};
use bellhop_api::Page;
use leptos::prelude::*;
use uuid::Uuid;

use super::{kind_text, to_training};
use crate::components::csv_import::{FileInput, ImportProblems};
use crate::components::field::{Form, TextArea};
use crate::components::status::{phase_of, ErrorNotice, Loaded};
use crate::components::sub_page::SubPage;
use crate::data::{Call, Data};
use crate::features::training::api;
use crate::i18n::{tr, trf, use_i18n};
use crate::paths::Screen;
use leptos_router::components::A;

thread_local! {
    static JUST_SAVED: Cell<Option<Uuid>> = const { Cell::new(None) };
}

/// The question the editor has just stored, for the bank to open and mark once.
pub(super) fn show_after_save(id: Uuid) {
    JUST_SAVED.with(|s| s.set(Some(id)));
}

/// A JSON list starts with `[`; anything else is taken for CSV.
fn format_of(content: &str) -> BankFormat {
    if content.trim_start().starts_with('[') {
        BankFormat::Json
    } else {
        BankFormat::Csv
    }
}

#[component]
pub fn BankPage() -> impl IntoView {
    view! {
        <SubPage class="training-bank" back=to_training()>
            <Bank />
        </SubPage>
    }
}

#[component]
fn Bank() -> impl IntoView {
    let i18n = use_i18n();
    let just_saved = JUST_SAVED.with(Cell::take);
    let bank = Data::new(|| async {
        let query = QuestionBankQuery {
            limit: Some(Page::<()>::MAX_LIMIT),
            ..QuestionBankQuery::default()
        };
        api::questions(&query).await
    });
    let list = move || {
        bank.get()
            .and_then(Result::ok)
            .map(|page| view! { <Categories questions=page.items just_saved=just_saved /> })
    };
    view! {
        <h1>{tr!(i18n, training.bank_title)}</h1>
        <A href=Screen::TrainingNewQuestion attr:class="btn btn-primary btn-block btn-big new-question">
            {tr!(i18n, training.new_question)}
        </A>
        {just_saved
            .map(|_| {
                view! {
                    <div class="notice notice-success" role="status">
                        <p>{tr!(i18n, training.question_saved)}</p>
                    </div>
                }
            })}
        <div class="form-actions">
            <a class="btn btn-secondary" href=api::bank_export("json") download="question-bank.json">
                {tr!(i18n, training.export_json)}
            </a>
            <a class="btn btn-secondary" href=api::bank_export("csv") download="question-bank.csv">
                {tr!(i18n, training.export_csv)}
            </a>
        </div>
        <Import on_imported=Callback::new(move |()| bank.refetch()) />
        <Loaded phase=phase_of(bank) retry=move |()| bank.refetch()>
            {list}
        </Loaded>
    }
}

#[component]
fn Categories(
    /// The bank's questions, by category then as written.
    questions: Vec<Question>,
    /// The question just saved: its category opens and it is marked.
    just_saved: Option<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The question just saved may sit far down on a phone: bring it into sight.
    let saved_ref = NodeRef::<leptos::html::Li>::new();
    Effect::new(move |_| {
        if let Some(row) = saved_ref.get() {
            row.scroll_into_view();
        }
    });
    let mut by_category: BTreeMap<String, Vec<Question>> = BTreeMap::new();
    for q in questions {
        by_category.entry(q.question.category.clone()).or_default().push(q);
    }
    by_category
        .into_iter()
        .map(|(category, qs)| {
            let count = qs.len();
            let open = qs.iter().any(|q| Some(q.question.id) == just_saved);
            let rows = qs
                .into_iter()
                .map(|q| {
                    let id = q.question.id;
                    let href = Screen::TrainingQuestion(id).href();
                    let saved = Some(id) == just_saved;
                    let row_ref = if saved { saved_ref } else { NodeRef::new() };
                    view! {
                        <li node_ref=row_ref class="bank-question" class:just-saved=saved data-question=id.to_string()>
                            <a href=href>
                                <span class="bank-prompt">{q.question.prompt}</span>
                                " "
                                <span class="hint">{kind_text(i18n, q.kind)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <details class="card bank-category" open=open>
                    <summary>
                        <strong>{category}</strong>
                        " "
                        <span class="hint">{trf!(i18n, training.question_count, n = count)}</span>
                    </summary>
                    <ol class="bank-list">{rows}</ol>
                </details>
            }
        })
        .collect_view()
}

/// Paste or upload a file; the server's problems by row, or what was stored.
#[component]
fn Import(
    /// Called after a file was stored.
    on_imported: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let content = RwSignal::new(String::new());
    let summary = RwSignal::new(None::<ImportSummary>);
    let submit = Call::new(move || {
        let text = content.get_untracked();
        let empty = text.trim().is_empty();
        if !empty {
            summary.set(None);
        }
        async move {
            if empty {
                return Ok(());
            }
            let req = BankImport {
                format: format_of(&text),
                content: text,
            };
            summary.try_set(Some(api::import_bank(&req).await?));
            on_imported.try_run(());
            Ok(())
        }
    });
    let (pending, error) = (submit.pending(), submit.error);
    view! {
        <section class="card bank-import">
            <h2>{tr!(i18n, training.import_title)}</h2>
            <p class="hint">{tr!(i18n, training.import_hint)}</p>
            <Form class="import-form" on_submit=move |()| submit.start()>
                <FileInput
                    label=tr!(i18n, training.import_file)
                    id="f-bank-file"
                    accept=".csv,.json,text/csv,application/json"
                    on_text=Callback::new(move |text| content.set(text))
                />
                <TextArea
                    label=tr!(i18n, training.import_paste)
                    name="bank-content"
                    value=content
                    on_input=Callback::new(move |v| content.set(v))
                />
                <ErrorNotice error=error />
                <ImportProblems error=error />
                {move || {
                    summary
                        .get()
                        .map(|s| {
                            view! {
                                <div class="notice notice-success" role="status">
                                    <p>{trf!(i18n, training.imported, created = s.created, updated = s.updated)}</p>
                                </div>
                            }
                        })
                }}
                <button
                    type="submit"
                    class="btn btn-primary btn-block btn-big"
                    disabled=move || pending.get() || content.with(|c| c.trim().is_empty())
                >
                    {tr!(i18n, training.import)}
                </button>
            </Form>
        </section>
    }
}
