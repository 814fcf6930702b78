//! What every file import shares: reading the chosen file, and the server's refusal of
//! a file listed row by row ("Row 7: floor — Enter a number."), nothing having been
//! stored.

use bellhop_api::{ErrorCode, FieldReason, RowError};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::i18n::{field_text, td_string, trf, use_i18n, Locale};

/// The text of the file chosen in a file input, through `File.text()`.
pub async fn chosen_file_text(input: wasm_bindgen::JsValue) -> Option<String> {
    use js_sys::{Function, Promise, Reflect};
    let files = Reflect::get(&input, &"files".into()).ok()?;
    let file = Reflect::get(&files, &"0".into()).ok().filter(|f| !f.is_undefined())?;
    let text: Function = Reflect::get(&file, &"text".into()).ok()?.dyn_into().ok()?;
    let promise: Promise = text.call0(&file).ok()?.dyn_into().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_string()
}

/// A file input whose chosen file's text goes to `on_text`.
#[component]
pub fn FileInput(
    /// The label above it.
    #[prop(into)]
    label: Signal<String>,
    /// The input's id, also used by tests.
    id: &'static str,
    /// The kinds of file offered.
    #[prop(default = ".csv,text/csv")]
    accept: &'static str,
    /// Takes the file's text.
    #[prop(into)]
    on_text: Callback<String>,
) -> impl IntoView {
    let read = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().map(wasm_bindgen::JsValue::from) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Some(text) = chosen_file_text(input).await {
                on_text.try_run(text);
            }
        });
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="file" accept=accept on:change=read />
        </div>
    }
}

/// The problems of a refused file: its `rows`, or the `row_N.field` keys of `fields`.
fn problems_of(err: &ApiError) -> Vec<RowError> {
    let ApiError::Api { body, .. } = err else {
        return Vec::new();
    };
    if body.error != ErrorCode::Invalid {
        return Vec::new();
    }
    let mut rows = if body.rows.is_empty() {
        body.fields
            .iter()
            .map(|(key, reason)| {
                let (row, field) = key
                    .strip_prefix("row_")
                    .map(|rest| rest.split_once('.').unwrap_or((rest, "")))
                    .map_or((0, key.as_str()), |(n, field)| (n.parse().unwrap_or(0), field));
                RowError::new(row, field, *reason)
            })
            .collect()
    } else {
        body.rows.clone()
    };
    rows.sort();
    rows
}

/// Each problem of a refused file on its own line, the row first; nothing when the
/// refusal is not about the file's rows.
#[component]
pub fn ImportProblems(
    /// The refusal of the last import.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let rows = error.with(|e| e.as_ref().map(problems_of).unwrap_or_default());
        (!rows.is_empty()).then(|| {
            let locale = i18n.get_locale();
            let items = rows
                .into_iter()
                .map(|p| {
                    let text = file_reason(locale, p.reason).unwrap_or_else(|| field_text(locale, p.reason));
                    // A reason without words of its own reads "not valid": keep its code,
                    // it says what.
                    let text = if p.reason != FieldReason::Invalid && text == field_text(locale, FieldReason::Invalid) {
                        format!("{text} ({})", p.reason.code())
                    } else {
                        text.to_owned()
                    };
                    let at = (p.row > 0).then(|| trf!(i18n, import.row, n = p.row).get());
                    let field = (p.field != "row" && !p.field.is_empty()).then(|| format!("{} — ", p.field));
                    view! {
                        <li class="import-problem" data-row=p.row data-field=p.field.clone()>
                            <strong>{at}</strong>
                            {(p.row > 0).then_some(": ")}
                            {field}
                            {text}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="import-problems" role="alert">{items}</ul> }
        })
    }
}

/// The words for what can be wrong with a file and its rows, whichever app imports it.
fn file_reason(locale: Locale, reason: FieldReason) -> Option<&'static str> {
    use FieldReason::*;
    Some(match reason {
        Unreadable => td_string!(locale, field.unreadable),
        HeaderMismatch => td_string!(locale, field.header_mismatch),
        WrongNumberOfColumns => td_string!(locale, field.wrong_number_of_columns),
        TooManyRows => td_string!(locale, field.too_many_rows),
        DuplicateInFile => td_string!(locale, field.duplicate_in_file),
        NotTrueOrFalse => td_string!(locale, field.not_true_or_false),
        RoomNumberFormat => td_string!(locale, field.room_number_format),
        _ => return None,
    })
}
