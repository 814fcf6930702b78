//! The big numbers at the top of the reports.

use leptos::prelude::*;

/// One big number with what it counts.
#[component]
pub fn Tile(
    /// What the number counts.
    #[prop(into)]
    label: Signal<String>,
    /// The number, as shown ("12", "12 / 200", "86.5%").
    value: String,
    /// Drawn in red (something needs attention).
    #[prop(optional)]
    alert: bool,
) -> impl IntoView {
    view! {
        <div class="tile" class:alert=alert>
            <p class="tile-value">{value}</p>
            <p class="tile-label">{label}</p>
        </div>
    }
}

/// `12.5`, or `–` for no value; through integers, so no float formatting code ships.
pub fn tenths(v: Option<f64>) -> String {
    match v {
        Some(v) => {
            let t = (v * 10.0).round() as i64;
            format!("{}.{}", t / 10, (t % 10).abs())
        }
        None => "–".into(),
    }
}
