//! What a quiz asks: questions chosen from the bank (found by category and words, put
//! in order), or a random draw of some questions per category.

use std::collections::BTreeMap;

use bellhop_api::training::Question;
use leptos::prelude::*;
use uuid::Uuid;

use super::draft::DrawRow;
use crate::features::training::kind_text;
use crate::features::training::question::MoveButtons;
use crate::i18n::{tr, use_i18n};

/// How many search results show at first, and how many more each time.
const RESULTS: usize = 25;

/// Categories of the bank with their number of questions, by name.
fn categories(bank: &[Question]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for q in bank {
        *counts.entry(q.question.category.clone()).or_default() += 1;
    }
    counts
}

/// `words` all appear in the question's prompt or case, whatever the case of letters.
fn matches(q: &Question, words: &str) -> bool {
    let text = format!("{} {}", q.question.prompt, q.question.case.as_deref().unwrap_or("")).to_lowercase();
    words.to_lowercase().split_whitespace().all(|w| text.contains(w))
}

/// A question as the lists show it: a scenario's case (many cases ask "What first?"),
/// the prompt, then its category and kind.
#[component]
fn QuestionText(
    /// The question.
    question: Question,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = kind_text(i18n, question.kind);
    let q = question.question;
    view! {
        {q.case.map(|c| view! { <span class="case-line">{c}</span> })}
        <span class="bank-prompt">{q.prompt}</span>
        <span class="hint">{q.category}" · "{kind}</span>
    }
}

/// The chosen questions in order (up, down, remove), then the bank to add from.
#[component]
pub fn ChosenQuestions(
    /// The chosen question ids, in the order asked.
    chosen: RwSignal<Vec<Uuid>>,
    /// The whole bank.
    #[prop(into)]
    bank: Signal<Vec<Question>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let find = move |id: Uuid| bank.with(|b| b.iter().find(|q| q.question.id == id).cloned());
    let swap = Callback::new(move |(a, b): (usize, usize)| chosen.update(|c| c.swap(a, b)));
    let rows = move || {
        let ids = chosen.get();
        let n = ids.len();
        ids.into_iter()
            .enumerate()
            .map(|(at, id)| {
                let text = match find(id) {
                    Some(q) => view! { <QuestionText question=q /> }.into_any(),
                    None => tr!(i18n, training.retired_question).get_untracked().into_any(),
                };
                view! {
                    <li class="chosen-question" data-question=id.to_string()>
                        <span class="order-no">{at + 1}</span>
                        <span class="order-text">{text}</span>
                        <span class="row-tools">
                            <MoveButtons at=at n=n on_swap=swap />
                            <button
                                type="button"
                                class="btn btn-secondary remove-question"
                                aria-label=tr!(i18n, training.remove)
                                on:click=move |_| chosen.update(|c| { c.remove(at); })
                            >
                                "✕"
                            </button>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || chosen.with(Vec::is_empty)>
            <p class="empty">{tr!(i18n, training.chosen_empty)}</p>
        </Show>
        <ol class="chosen-list">{rows}</ol>
        <BankSearch chosen=chosen bank=bank />
    }
}

/// The bank by category and words, without what is chosen already; Add puts a
/// question last.
#[component]
fn BankSearch(
    /// The chosen question ids.
    chosen: RwSignal<Vec<Uuid>>,
    /// The whole bank.
    bank: Signal<Vec<Question>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let category = RwSignal::new(String::new());
    let words = RwSignal::new(String::new());
    let limit = RwSignal::new(RESULTS);
    Effect::new(move |_| {
        category.track();
        words.track();
        limit.set(RESULTS);
    });
    let found = Memo::new(move |_| {
        let (category, words) = (category.get(), words.get());
        let chosen = chosen.get();
        bank.with(|b| {
            b.iter()
                .filter(|q| category.is_empty() || q.question.category == category)
                .filter(|q| !chosen.contains(&q.question.id) && matches(q, &words))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let category_options = move || {
        categories(&bank.get())
            .into_iter()
            .map(|(name, n)| {
                let value = name.clone();
                let selected = name.clone();
                view! {
                    <option value=value selected=move || category.with(|c| *c == selected)>
                        {format!("{name} ({n})")}
                    </option>
                }
            })
            .collect_view()
    };
    let results = move || {
        found
            .get()
            .into_iter()
            .take(limit.get())
            .map(|q| {
                let id = q.question.id;
                view! {
                    <li class="bank-result" data-question=id.to_string()>
                        <span class="order-text">
                            <QuestionText question=q />
                        </span>
                        <button
                            type="button"
                            class="btn btn-secondary add-question"
                            on:click=move |_| chosen.update(|c| c.push(id))
                        >
                            {tr!(i18n, training.add)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let more = move || found.with(Vec::len) > limit.get();
    view! {
        <section class="bank-search">
            <h3>{tr!(i18n, training.from_the_bank)}</h3>
            <div class="field-row">
                <div class="field">
                    <label for="f-bank-category">{tr!(i18n, training.category)}</label>
                    <select id="f-bank-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">{tr!(i18n, training.all_categories)}</option>
                        {category_options}
                    </select>
                </div>
                <div class="field">
                    <label for="f-bank-search">{tr!(i18n, training.search_bank)}</label>
                    <input
                        id="f-bank-search"
                        type="search"
                        autocomplete="off"
                        prop:value=words
                        on:input=move |ev| words.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <Show when=move || found.with(Vec::is_empty)>
                <p class="empty">{tr!(i18n, training.no_matches)}</p>
            </Show>
            <ul class="plain-list bank-results">{results}</ul>
            <Show when=more>
                <button type="button" class="btn btn-secondary btn-block" on:click=move |_| limit.update(|l| *l += RESULTS)>
                    {tr!(i18n, training.more_results)}
                </button>
            </Show>
        </section>
    }
}

/// One row per category: which, and how many questions each attempt draws from it.
#[component]
pub fn DrawRows(
    /// The rows.
    draws: RwSignal<Vec<DrawRow>>,
    /// The whole bank, for the categories and their sizes.
    #[prop(into)]
    bank: Signal<Vec<Question>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sizes = Memo::new(move |_| bank.with(|b| categories(b)));
    let rows = move || {
        draws
            .get()
            .into_iter()
            .enumerate()
            .map(|(at, row)| {
                let options = move || {
                    sizes
                        .get()
                        .into_iter()
                        .map(|(name, n)| {
                            let selected = name.clone();
                            view! {
                                <option value=name.clone() selected=move || row.category.with(|c| *c == selected)>
                                    {format!("{name} ({n})")}
                                </option>
                            }
                        })
                        .collect_view()
                };
                view! {
                    <li class="field-row draw-row">
                        <div class="field">
                            <label for=format!("f-draw-category-{at}")>{tr!(i18n, training.category)}</label>
                            <select
                                id=format!("f-draw-category-{at}")
                                on:change=move |ev| row.category.set(event_target_value(&ev))
                            >
                                <option value="">"—"</option>
                                {options}
                            </select>
                        </div>
                        <div class="field">
                            <label for=format!("f-draw-count-{at}")>{tr!(i18n, training.draw_count)}</label>
                            <input
                                id=format!("f-draw-count-{at}")
                                type="text"
                                inputmode="numeric"
                                prop:value=row.count
                                on:input=move |ev| row.count.set(event_target_value(&ev))
                            />
                        </div>
                        <button
                            type="button"
                            class="btn btn-secondary"
                            on:click=move |_| draws.update(|d| { d.remove(at); })
                        >
                            {tr!(i18n, training.remove)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <p class="hint">{tr!(i18n, training.draw_hint)}</p>
        <ul class="rows draw-rows">{rows}</ul>
        <button
            type="button"
            class="btn btn-secondary add-draw"
            on:click=move |_| draws.update(|d| d.push(DrawRow::new("", 1)))
        >
            {tr!(i18n, training.add_category)}
        </button>
    }
}
