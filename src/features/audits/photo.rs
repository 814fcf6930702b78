//! A photo as evidence for an item: taken with the camera or chosen, made smaller
//! when it is over the API's limit, shown as a thumbnail once stored, and taken off
//! again if it was the wrong one.

use bellhop_api::audit_wire::PHOTO_MAX_BYTES;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::autosave::Autosave;
use crate::components::status::ErrorNotice;
use crate::data::Call;
use crate::features::audits::api;
use crate::i18n::{tr, use_i18n};

/// The longest side of a photo made smaller: plenty to see a stain or a crease.
const MAX_SIDE: f64 = 1600.0;

/// A phone picture over the limit, redrawn at most `MAX_SIDE` wide or high as JPEG
/// bytes; `None` when it fits already (or cannot be decoded: the server will say).
async fn shrink(file: &web_sys::File) -> Option<JsValue> {
    if file.size() <= PHOTO_MAX_BYTES as f64 {
        return None;
    }
    let window = web_sys::window()?;
    let decoding = window.create_image_bitmap_with_blob(file).ok()?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(decoding).await.ok()?.dyn_into().ok()?;
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let scale = (MAX_SIDE / w.max(h)).min(1.0);
    let (cw, ch) = ((w * scale).round(), (h * scale).round());
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(cw as u32);
    canvas.set_height(ch as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, cw, ch)
        .ok()?;
    let data_url = canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(0.85))
        .ok()?;
    // `atob` gives one character per byte.
    let binary = window.atob(data_url.split_once(',')?.1).ok()?;
    let bytes: Vec<u8> = binary.chars().map(|c| c as u8).collect();
    Some(js_sys::Uint8Array::from(bytes.as_slice()).into())
}

/// Take or choose a picture; it goes to the server as it is and shows as a thumbnail.
#[component]
pub fn Photo(
    /// The item the photo is evidence for.
    item_key: String,
    /// The audit's changes (which items have a photo).
    save: Autosave,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(item_key.clone());
    // Bumped by each upload so the thumbnail shows the new picture.
    let version = RwSignal::new(0u32);
    // Uploads and removals, one at a time.
    let change = Call::each();
    let (busy, error) = (change.pending(), change.error);
    let audit = save.audit_id();
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        change.run(async move {
            let k = key.get_value();
            let (picture, content_type) = match shrink(&file).await {
                Some(smaller) => (smaller, "image/jpeg".to_owned()),
                None => (file.clone().into(), file.type_()),
            };
            api::upload_photo(audit, &k, &picture, &content_type).await?;
            // `try_`: the form may have been swapped for the result meanwhile.
            save.photo_added(&k);
            version.try_update(|v| *v += 1);
            Ok(())
        });
    };
    let remove = move |_| {
        change.run(async move {
            let k = key.get_value();
            api::delete_photo(audit, &k).await?;
            save.photo_removed(&k);
            Ok(())
        });
    };
    let thumb = move || {
        save.has_photo(&key.get_value()).then(|| {
            let src = api::audit_photo_url(audit, &key.get_value(), version.get());
            view! {
                <img class="thumb" src=src alt=tr!(i18n, audits.photo) />
                <button type="button" class="btn btn-danger-outline" data-testid="remove-photo" disabled=busy on:click=remove>
                    {tr!(i18n, audits.remove_photo)}
                </button>
            }
        })
    };
    view! {
        <label class="btn btn-secondary photo-button" class:busy=busy>
            {tr!(i18n, audits.photo)}
            <input type="file" accept="image/jpeg,image/png,image/webp" capture="environment" class="visually-hidden" on:change=on_file />
        </label>
        {thumb}
        <ErrorNotice error=error />
    }
}
