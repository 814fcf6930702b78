//! A time zone field: an IANA name typed or picked from the browser's own list (the
//! wasm carries no time-zone database; the server checks the name).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::field::TextField;

/// The browser's time zone, e.g. `Asia/Hong_Kong`, to start a new hotel with.
pub fn browser_time_zone() -> String {
    js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options()
        .dyn_into::<js_sys::Object>()
        .ok()
        .and_then(|o| js_sys::Reflect::get(&o, &"timeZone".into()).ok())
        .and_then(|z| z.as_string())
        .unwrap_or_default()
}

/// Every zone name the browser knows (`Intl.supportedValuesOf`), for suggestions.
fn known_zones() -> Vec<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok();
    let list = intl.and_then(|intl| {
        let f: js_sys::Function = js_sys::Reflect::get(&intl, &"supportedValuesOf".into())
            .ok()?
            .dyn_into()
            .ok()?;
        f.call1(&intl, &"timeZone".into()).ok()
    });
    list.map(|l| js_sys::Array::from(&l).iter().filter_map(|z| z.as_string()).collect())
        .unwrap_or_default()
}

/// The time zone of a hotel, with the known names suggested as one types.
#[component]
pub fn TimeZoneField(
    /// The label above it.
    #[prop(into)]
    label: Signal<String>,
    /// A hint under the label.
    #[prop(into)]
    hint: Signal<String>,
    /// The zone typed.
    value: RwSignal<String>,
    /// A reason from the server (`unknown_time_zone`).
    #[prop(into)]
    error: Signal<Option<bellhop_api::FieldReason>>,
) -> impl IntoView {
    let options = known_zones()
        .into_iter()
        .map(|z| view! { <option value=z></option> })
        .collect_view();
    view! {
        <TextField
            label=label
            hint=hint
            name="time_zone"
            list="time-zones"
            value=value
            on_input=Callback::new(move |v| value.set(v))
            error=error
        />
        <datalist id="time-zones">{options}</datalist>
    }
}
