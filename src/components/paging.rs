//! Lists the server gives a page at a time (quizzes, plans, people): the rows so far,
//! and a "Show more" while it has more.

use std::future::Future;
use std::pin::Pin;

use bellhop_api::{Page, PageQuery};
use leptos::prelude::*;

use crate::api::{window, ApiError};
use crate::components::status::{ErrorNotice, Loading};
use crate::i18n::{trf, use_i18n};

/// Rows a screen asks for this many at a time.
const PAGE_SIZE: u32 = 20;

/// The window of the page that starts at `offset`.
pub fn page_window(offset: usize) -> PageQuery {
    window(PAGE_SIZE, offset)
}

type Fetch<T> = Box<dyn Fn(usize) -> Pin<Box<dyn Future<Output = Result<Page<T>, ApiError>>>>>;

/// Rows loaded page after page by a fetch that takes the offset.
pub struct Pages<T: Send + Sync + 'static> {
    pub rows: RwSignal<Vec<T>>,
    /// The server's count; `None` until the first page is in.
    total: RwSignal<Option<u64>>,
    error: RwSignal<Option<ApiError>>,
    /// Loads the page at an offset, from the first again (`true`) or after the rows.
    load: Action<(usize, bool), ()>,
    pending: Memo<bool>,
    /// A new start (another filter) makes answers to the older requests stale.
    generation: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for Pages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Pages<T> {}

impl<T: Send + Sync + 'static> Pages<T> {
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn(usize) -> Fut + 'static,
        Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    {
        let fetch: Fetch<T> = Box::new(move |offset| Box::pin(fetch(offset)));
        let (rows, total, error) = (RwSignal::new(Vec::new()), RwSignal::new(None), RwSignal::new(None));
        let generation = StoredValue::new(0);
        let load = Action::new_local(move |&(offset, fresh): &(usize, bool)| {
            let (request, started) = (fetch(offset), generation.get_value());
            async move {
                let answer = request.await;
                // The page may be gone, or a newer start under way.
                if generation.try_get_value() != Some(started) {
                    return;
                }
                match answer {
                    Ok(page) => {
                        if fresh {
                            rows.try_set(page.items);
                        } else {
                            rows.try_update(|rows| rows.extend(page.items));
                        }
                        total.try_set(Some(page.total));
                    }
                    Err(err) => {
                        error.try_set(Some(err));
                    }
                }
            }
        });
        Pages {
            rows,
            total,
            error,
            load,
            pending: load.pending(),
            generation,
        }
    }

    /// From the first page again: at the start, after a change, or for a new filter.
    pub fn reload(self) {
        self.generation.update_value(|g| *g += 1);
        self.total.set(None);
        self.error.set(None);
        self.load.dispatch_local((0, true));
    }

    /// The next page, after the rows shown.
    pub fn more(self) {
        if !self.pending.get_untracked() {
            self.error.set(None);
            self.load.dispatch_local((self.rows.with_untracked(Vec::len), false));
        }
    }

    /// The first page is in.
    pub fn ready(self) -> bool {
        self.total.with(Option::is_some)
    }
}

/// Under a paged list: "Loading…", the failure with a Try again, or "Show more".
#[component]
pub fn ShowMore<T: Send + Sync + 'static>(
    /// The list.
    pages: Pages<T>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = move || pages.rows.with(Vec::len);
    let total = move || pages.total.get().unwrap_or(0);
    let retry = Callback::new(move |()| {
        if pages.ready() {
            pages.more();
        } else {
            pages.reload();
        }
    });
    view! {
        <Show when=move || pages.pending.get()>
            <Loading />
        </Show>
        <ErrorNotice error=pages.error on_retry=retry />
        <Show when=move || pages.ready() && !pages.pending.get() && (shown() as u64) < total()>
            <button type="button" class="btn btn-secondary btn-block show-more" on:click=move |_| pages.more()>
                {move || trf!(i18n, training.show_more, shown = shown(), total = total()).get()}
            </button>
        </Show>
    }
}
