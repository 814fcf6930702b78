//! CSV files as downloads. Every CSV answer is written by `bellhop_api::csv_writer` (one
//! quoting and formula rule for every export) and sent by [`csv`].

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `text`, from a `CsvWriter`, as an attachment called `filename`.
pub fn csv(filename: &str, text: String) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response()
}
