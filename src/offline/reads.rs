//! Reading off the network: the last answer of each read a page made is kept in
//! IndexedDB under its person, and given back with its time when the network is gone,
//! so the floor's screens (My tasks, the board, a task, an audit and its template, the
//! quiz being taken) still show what they last showed, "as of 10:42". When the network
//! is back, every page that showed a kept copy reads again.

use std::cell::Cell;
use std::future::Future;

use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::store::{self, READS};
use crate::api::{self, ApiError, Result};

/// Whose reads are kept, and what the screen says about them; set by the signed-in
/// layout for its person.
#[derive(Clone, Copy)]
pub struct Reads {
    person: Uuid,
    /// When the oldest copy on screen was read from the server (ms); `None` when all
    /// of it is fresh.
    pub as_of: RwSignal<Option<f64>>,
    /// Moves on when the network is back: the reads that follow it load again.
    again: RwSignal<u32>,
}

thread_local! {
    static READS_OF: Cell<Option<Reads>> = const { Cell::new(None) };
}

#[derive(Serialize, Deserialize)]
struct Kept {
    /// When it was read (ms).
    at: f64,
    /// The answer's JSON.
    text: String,
}

impl Reads {
    /// Keeps the reads of `person` from now on.
    pub fn start(person: Uuid) -> Self {
        let reads = Reads {
            person,
            as_of: RwSignal::new(None),
            again: RwSignal::new(0),
        };
        READS_OF.with(|r| r.set(Some(reads)));
        let online = window_event_listener(leptos::ev::online, move |_| reads.back_online());
        on_cleanup(move || {
            online.remove();
            READS_OF.with(|r| r.set(None));
        });
        reads
    }

    /// The network answered again: pages showing a kept copy read again.
    pub fn back_online(self) {
        if self.as_of.try_get_untracked().flatten().is_some() {
            self.as_of.set(None);
            self.again.update(|n| *n += 1);
        }
    }
}

/// `GET` of `url` (under `/api`), read as `T`; off the network, the copy kept for this
/// person. A page's resource that reads through here loads again when the network is
/// back.
pub fn get<T: DeserializeOwned>(url: String) -> impl Future<Output = Result<T>> {
    let reads = READS_OF.with(Cell::get);
    // Read now, inside the resource that calls this: it follows the signal.
    if let Some(r) = reads {
        r.again.track();
    }
    async move { api::decode(&text(reads, url).await?) }
}

/// Not generic, so the wasm holds one copy.
async fn text(reads: Option<Reads>, url: String) -> Result<String> {
    let Some(reads) = reads else {
        return api::fetch(Request::get(&url), None).await;
    };
    let key = store::key(reads.person, &url);
    match api::fetch(Request::get(&url), None).await {
        Ok(text) => {
            put(key, text.clone());
            Ok(text)
        }
        Err(ApiError::Network) => {
            let kept: Kept = store::get(READS, &key)
                .await
                .and_then(|json| serde_json::from_str(&json).ok())
                .ok_or(ApiError::Network)?;
            reads.as_of.try_update(|as_of| {
                *as_of = Some(as_of.map_or(kept.at, |t: f64| t.min(kept.at)));
            });
            Ok(kept.text)
        }
        Err(err) => Err(err),
    }
}

/// Keeps `value` as the copy of `url`'s read (a change made on the tablet, not sent
/// yet, so that the page shows it off the network too).
pub fn keep<T: Serialize>(url: String, value: &T) {
    if let (Some(reads), Ok(text)) = (READS_OF.with(Cell::get), serde_json::to_string(value)) {
        put(store::key(reads.person, &url), text);
    }
}

/// Keeps `text` under `key` as read now.
fn put(key: String, text: String) {
    let kept = Kept {
        at: js_sys::Date::now(),
        text,
    };
    if let Ok(json) = serde_json::to_string(&kept) {
        spawn_local(async move {
            store::put(READS, &key, &json).await;
        });
    }
}

/// Removes every kept read of `person`.
pub async fn forget(person: Uuid) {
    store::delete_all_of(READS, person).await;
}
