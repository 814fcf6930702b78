//! Extractors whose rejections use the API's error body instead of axum's plain text,
//! and which refuse text the databases cannot store ([`validate::storable`]: a NUL)
//! with a 422 naming the field, whichever database is behind.

use axum::body::{Body, Bytes};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bellhop_api::validate::{self, FieldErrors};
use bellhop_api::{ErrorCode, FieldReason};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// JSON body in and out. Bodies use `deny_unknown_fields`, so a typo'd field is a 422.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(body_rejected)?;
        // NUL reaches a string only as the escape `\u0000`: look closer only then.
        let escaped_nul = bytes.windows(6).any(|w| w == b"\\u0000");
        let request = Request::from_parts(parts, Body::from(bytes.clone()));
        let value = match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => value,
            Err(JsonRejection::JsonDataError(error)) => {
                integral_floats_as_integers(&bytes).ok_or(JsonRejection::JsonDataError(error))?
            }
            Err(rejection) => return Err(rejection.into()),
        };
        // Every body is an object; serde would also read a struct from a list of its
        // fields in order (`[null, null]`).
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(ApiError::new(ErrorCode::Invalid, "the body must be a JSON object"));
        }
        if escaped_nul {
            if let Ok(tree) = serde_json::from_slice::<Value>(&bytes) {
                if let Some((field, reason)) = unstorable_in(&tree, "") {
                    return Err(ApiError::field(&field, reason));
                }
            }
        }
        Ok(Json(value))
    }
}

/// JSON (and so the OpenAPI document) counts `5.0` as the integer 5; serde does not.
/// Read the body again with every whole float as an integer, if it has any.
fn integral_floats_as_integers<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    fn whole(value: &mut Value) -> bool {
        match value {
            Value::Number(n) => match n.as_f64() {
                Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => {
                    // Exact below 2^53, where every whole float is an i64.
                    *value = Value::from(f as i64);
                    true
                }
                _ => false,
            },
            // Every item, not up to the first that changed.
            Value::Array(items) => items.iter_mut().map(whole).fold(false, |a, b| a | b),
            Value::Object(fields) => fields.values_mut().map(whole).fold(false, |a, b| a | b),
            _ => false,
        }
    }
    let mut tree: Value = serde_json::from_slice(bytes).ok()?;
    whole(&mut tree).then(|| serde_json::from_value(tree).ok()).flatten()
}

/// A `text/csv` body as text, for the imports. It is held to the same body limit as
/// JSON (413 over it); a body that is not UTF-8 or holds a NUL is a 422 on `body`.
#[derive(Debug, Clone)]
pub struct CsvBody(pub String);

impl<S: Send + Sync> FromRequest<S> for CsvBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_csv = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("text/csv"));
        if !is_csv {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the file as text/csv",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(body_rejected)?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::field("body", FieldReason::NotUtf8))?;
        validate::storable(&text).map_err(|reason| ApiError::field("body", reason))?;
        Ok(CsvBody(text))
    }
}

/// A body that could not be read: over the limit (413) or cut off (400).
fn body_rejected(rejection: axum::extract::rejection::BytesRejection) -> ApiError {
    let code = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::PayloadTooLarge
    } else {
        ErrorCode::MalformedRequest
    };
    ApiError::new(code, rejection.body_text())
}

/// The dotted path (`options.2`, `answers.0.note`) of the first string or key in
/// `value` that cannot be stored, with the reason.
fn unstorable_in(value: &Value, at: &str) -> Option<(String, FieldReason)> {
    let join = |key: &str| {
        if at.is_empty() {
            key.to_owned()
        } else {
            format!("{at}.{key}")
        }
    };
    match value {
        Value::String(text) => validate::storable(text).err().map(|reason| {
            (
                if at.is_empty() {
                    "body".to_owned()
                } else {
                    at.to_owned()
                },
                reason,
            )
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(n, item)| unstorable_in(item, &join(&n.to_string()))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| match validate::storable(key) {
            Err(reason) => Some((join(&key.replace('\0', "")), reason)),
            Ok(()) => unstorable_in(item, &join(key)),
        }),
        _ => None,
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let code = match &rejection {
            JsonRejection::JsonDataError(_) => ErrorCode::Invalid,
            JsonRejection::JsonSyntaxError(_) => ErrorCode::MalformedRequest,
            JsonRejection::MissingJsonContentType(_) => ErrorCode::UnsupportedMediaType,
            _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            _ => ErrorCode::MalformedRequest,
        };
        ApiError::new(code, rejection.body_text())
    }
}

/// Refuses the first of `pairs` (name, text) whose text or name cannot be stored.
fn refuse_unstorable<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), ApiError> {
    let errors: FieldErrors = pairs
        .into_iter()
        .filter_map(|(name, text)| {
            let reason = validate::storable(text).and(validate::storable(name)).err()?;
            Some((name.replace('\0', ""), reason))
        })
        .take(1)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// Path parameters; one that cannot be read (a malformed id) names no record: 404.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        // Percent-decoded: `/star/results/a%00b` carries a NUL.
        if let Ok(raw) = RawPathParams::from_request_parts(parts, state).await {
            refuse_unstorable(raw.iter())?;
        }
        let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::new(ErrorCode::NotFound, rejection.body_text())
    }
}

/// Query strings; unknown or unreadable parameters are a 400.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if let Ok(axum::extract::Query(pairs)) =
            axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state).await
        {
            refuse_unstorable(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        }
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::new(ErrorCode::MalformedRequest, rejection.body_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_unstorable_text_is_named_by_its_path() {
        let body = serde_json::json!({"title": "ok", "options": ["a", "b\u{0}"], "nested": {"note": "x"}});
        assert_eq!(
            unstorable_in(&body, ""),
            Some(("options.1".to_owned(), FieldReason::NulCharacter))
        );
        let key = serde_json::json!({"a\u{0}": 1});
        assert_eq!(
            unstorable_in(&key, ""),
            Some(("a".to_owned(), FieldReason::NulCharacter))
        );
        assert_eq!(
            unstorable_in(&Value::String("\u{0}".into()), ""),
            Some(("body".to_owned(), FieldReason::NulCharacter))
        );
        assert_eq!(unstorable_in(&serde_json::json!({"t": "tab\t"}), ""), None);
    }
}
