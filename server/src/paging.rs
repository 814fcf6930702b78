//! Every paged list reads its window and answers its page here, so the bounds (the
//! default and [`Page::MAX_LIMIT`], kept in the shared crate's [`PageQuery`]) and the
//! page's shape are the same for every list. A `limit` or `offset` that is not a
//! number is the query extractor's 400; a limit out of range is clamped, not refused.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use bellhop_api::{Page, PageQuery};

use crate::error::{ApiError, ApiResult};
use crate::extract::Query;
use crate::rows;

/// The window a paged list asks for, bounded.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    limit: u32,
    offset: u32,
}

impl Paging {
    /// From a list's own query, where `limit` and `offset` sit beside its filters.
    pub fn new(limit: Option<u32>, offset: Option<u32>) -> Self {
        let asked = PageQuery { limit, offset };
        Paging {
            limit: asked.limit(),
            offset: asked.offset(),
        }
    }

    /// For `LIMIT`.
    pub fn limit(&self) -> i64 {
        i64::from(self.limit)
    }

    /// For `OFFSET`.
    pub fn offset(&self) -> i64 {
        i64::from(self.offset)
    }

    /// The page of `items`, out of `total` (the list's `COUNT(*)`).
    pub fn page<T>(&self, items: Vec<T>, total: i64) -> ApiResult<Page<T>> {
        Ok(Page {
            items,
            total: rows::count(total)?,
            offset: self.offset,
            limit: self.limit,
        })
    }
}

/// A list whose query is only [`PageQuery`] takes `Paging` as its extractor.
impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Query(asked) = Query::<PageQuery>::from_request_parts(parts, state).await?;
        Ok(Paging::new(asked.limit, asked.offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_bounded_and_offsets_default_to_the_start() {
        let window = |limit, offset| {
            let page = Paging::new(limit, offset).page(Vec::<()>::new(), 0).unwrap();
            (page.limit, page.offset)
        };
        assert_eq!(window(None, None), (Page::<()>::DEFAULT_LIMIT, 0));
        assert_eq!(window(Some(0), Some(7)), (1, 7));
        assert_eq!(window(Some(100_000), None), (Page::<()>::MAX_LIMIT, 0));
        assert_eq!(Paging::new(Some(20), Some(40)).limit(), 20);
        assert_eq!(Paging::new(Some(20), Some(40)).offset(), 40);
    }

    #[test]
    fn a_negative_total_is_a_server_fault() {
        assert!(Paging::new(None, None).page(vec![1], -1).is_err());
        assert_eq!(Paging::new(None, None).page(vec![1], 41).unwrap().total, 41);
    }
}
