//! A list of records that are retired rather than deleted (departments, hotels): the
//! active ones, then the retired ones apart under their own heading.

use leptos::prelude::*;

/// `items` split into active and retired, each drawn by `row`.
pub fn active_then_retired<T>(
    items: Vec<T>,
    is_active: fn(&T) -> bool,
    retired_title: Signal<String>,
    row: impl Fn(T) -> AnyView + Copy + 'static,
) -> impl IntoView {
    let (active, retired): (Vec<T>, Vec<T>) = items.into_iter().partition(is_active);
    let retired = (!retired.is_empty()).then(|| {
        view! {
            <h2>{retired_title}</h2>
            <ul class="rows retired">{retired.into_iter().map(row).collect_view()}</ul>
        }
    });
    view! {
        <ul class="rows">{active.into_iter().map(row).collect_view()}</ul>
        {retired}
    }
}
