//! One question of an attempt and the control to answer it, by kind. Each change is
//! handed up at once (the page saves it to the server); nothing here knows the key.

use bellhop_api::quiz::Response;
use bellhop_api::training::{AttemptQuestion, QuestionKind};
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};

/// The order an ordering question shows: the saved one, else as the server sent it.
fn order_of(response: Option<Response>, n: usize) -> Vec<usize> {
    match response {
        Some(Response::Order(order)) if order.len() == n => order,
        _ => (0..n).collect(),
    }
}

#[component]
pub fn QuestionView(
    /// The question as shown in this attempt.
    question: AttemptQuestion,
    /// The answer given so far.
    #[prop(into)]
    response: Signal<Option<Response>>,
    /// Called with each new answer.
    on_answer: Callback<Response>,
) -> impl IntoView {
    let case = question
        .case
        .clone()
        .map(|c| view! { <blockquote class="case">{c}</blockquote> });
    let options = question.options.clone();
    // A scenario is a single or a multiple choice; the server says which.
    let multiple = question.multiple;
    let control = match question.kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::Scenario => {
            view! { <Choices options=options response=response on_answer=on_answer multiple=multiple /> }.into_any()
        }
        QuestionKind::TrueFalse => view! { <TrueFalse response=response on_answer=on_answer /> }.into_any(),
        QuestionKind::Ordering => {
            view! { <Ordering options=options response=response on_answer=on_answer /> }.into_any()
        }
        QuestionKind::Numeric => view! { <Numeric response=response on_answer=on_answer /> }.into_any(),
    };
    let i18n = use_i18n();
    let hint = match question.kind {
        _ if multiple => Some(tr!(i18n, training.pick_all)),
        QuestionKind::Ordering => Some(tr!(i18n, training.put_in_order)),
        _ => None,
    };
    view! {
        <div class="question" data-kind=question.kind.code()>
            {case}
            <h2 class="prompt">{question.prompt}</h2>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {control}
        </div>
    }
}

/// Big buttons for one option, or big checkboxes where several may be picked.
#[component]
fn Choices(
    /// The options in this attempt's order.
    options: Vec<String>,
    /// The answer so far.
    response: Signal<Option<Response>>,
    /// Called with the new answer.
    on_answer: Callback<Response>,
    /// Several options may be picked.
    multiple: bool,
) -> impl IntoView {
    let picked = move |n: usize| {
        response.with(|r| match r {
            Some(Response::Choice(c)) => *c == n,
            Some(Response::Choices(cs)) => cs.contains(&n),
            _ => false,
        })
    };
    let tap = move |n: usize| {
        if !multiple {
            on_answer.run(Response::Choice(n));
            return;
        }
        let mut now = match response.get_untracked() {
            Some(Response::Choices(cs)) => cs,
            _ => Vec::new(),
        };
        if let Some(at) = now.iter().position(|c| *c == n) {
            now.remove(at);
        } else {
            now.push(n);
            now.sort_unstable();
        }
        on_answer.run(Response::Choices(now));
    };
    let buttons = options
        .into_iter()
        .enumerate()
        .map(|(n, text)| {
            if multiple {
                // The whole label is the tap target; the box says it is one of several.
                view! {
                    <label class="btn btn-choice answer multiple" class:picked=move || picked(n)>
                        <input type="checkbox" prop:checked=move || picked(n) on:change=move |_| tap(n) />
                        <span>{text}</span>
                    </label>
                }
                .into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="btn btn-choice answer"
                        aria-pressed=move || picked(n).to_string()
                        on:click=move |_| tap(n)
                    >
                        {text}
                    </button>
                }
                .into_any()
            }
        })
        .collect_view();
    view! { <div class="answers" role=multiple.then_some("group")>{buttons}</div> }
}

#[component]
fn TrueFalse(
    /// The answer so far.
    response: Signal<Option<Response>>,
    /// Called with the new answer.
    on_answer: Callback<Response>,
) -> impl IntoView {
    let i18n = use_i18n();
    let button = move |value: bool, label: Signal<String>| {
        view! {
            <button
                type="button"
                class="btn btn-choice answer"
                aria-pressed=move || (response.get() == Some(Response::Bool(value))).to_string()
                on:click=move |_| on_answer.run(Response::Bool(value))
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="answers answers-two">
            {button(true, tr!(i18n, training.true_))}
            {button(false, tr!(i18n, training.false_))}
        </div>
    }
}

/// Items moved up and down with big buttons; an untouched order counts once kept.
#[component]
fn Ordering(
    /// The items in this attempt's order.
    options: Vec<String>,
    /// The answer so far.
    response: Signal<Option<Response>>,
    /// Called with the new order.
    on_answer: Callback<Response>,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = options.len();
    let options = StoredValue::new(options);
    let order = move || order_of(response.get(), n);
    let swap = move |at: usize, with: usize| {
        let mut now = order_of(response.get_untracked(), n);
        now.swap(at, with);
        on_answer.run(Response::Order(now));
    };
    let rows = move || {
        order()
            .into_iter()
            .enumerate()
            .map(|(at, item)| {
                let text = options.with_value(|o| o.get(item).cloned().unwrap_or_default());
                view! {
                    <li class="order-item">
                        <span class="order-no">{at + 1}</span>
                        <span class="order-text">{text}</span>
                        <span class="order-moves">
                            <MoveButtons at=at n=n on_swap=Callback::new(move |(a, b)| swap(a, b)) />
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    let keep = move || {
        response.with(Option::is_none).then(|| {
            view! {
                <button
                    type="button"
                    class="btn btn-secondary btn-block keep-order"
                    on:click=move |_| on_answer.run(Response::Order((0..n).collect()))
                >
                    {tr!(i18n, training.keep_order)}
                </button>
            }
        })
    };
    view! {
        <ol class="ordering">{rows}</ol>
        {keep}
    }
}

/// A number; saved when the field is left (or Enter), as typed.
#[component]
fn Numeric(
    /// The answer so far.
    response: Signal<Option<Response>>,
    /// Called with the new number.
    on_answer: Callback<Response>,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = match response.get_untracked() {
        Some(Response::Number(v)) => v.to_string(),
        _ => String::new(),
    };
    let text = RwSignal::new(initial);
    let invalid = RwSignal::new(false);
    let commit = move || {
        let typed = text.get_untracked().trim().replace(',', ".");
        if typed.is_empty() {
            return;
        }
        match typed.parse::<f64>().ok().filter(|v| v.is_finite()) {
            Some(v) => {
                invalid.set(false);
                if response.get_untracked() != Some(Response::Number(v)) {
                    on_answer.run(Response::Number(v));
                }
            }
            None => invalid.set(true),
        }
    };
    view! {
        <div class="field" class:invalid=move || invalid.get()>
            <label for="f-numeric-answer">{tr!(i18n, training.your_answer)}</label>
            <input
                id="f-numeric-answer"
                name="numeric-answer"
                type="text"
                inputmode="decimal"
                autocomplete="off"
                prop:value=text
                on:input=move |ev| text.set(event_target_value(&ev))
                on:change=move |_| commit()
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        commit();
                    }
                }
            />
            <Show when=move || invalid.get()>
                <p class="field-error">{tr!(i18n, training.not_a_number)}</p>
            </Show>
        </div>
    }
}

/// ▲ and ▼ for the item at `at` of `n`: `on_swap` gets the two positions to exchange.
#[component]
pub(super) fn MoveButtons(
    /// The item's position.
    at: usize,
    /// How many items there are.
    n: usize,
    /// Called with (this position, the one to change places with).
    on_swap: Callback<(usize, usize)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="btn btn-secondary move-up"
            aria-label=tr!(i18n, training.move_up)
            disabled={at == 0}
            on:click=move |_| on_swap.run((at, at.saturating_sub(1)))
        >
            "▲"
        </button>
        <button
            type="button"
            class="btn btn-secondary move-down"
            aria-label=tr!(i18n, training.move_down)
            disabled={at + 1 == n}
            on:click=move |_| on_swap.run((at, at + 1))
        >
            "▼"
        </button>
    }
}
