//! The outbox: every floor write (a task's step, tick, comment or hand-off, a new task,
//! a quiz answer and the hand-in, a ballot, a compliment) is an entry kept in IndexedDB
//! before it is sent, so a tablet off the network loses nothing, and a reload, a browser
//! restart or another person's turn on the tablet neither.
//!
//! Each entry's client-made id travels as its `Idempotency-Key`: whatever is sent twice
//! (an answer lost on the way back) happens once on the server. Entries go out one at a
//! time in the order they were made, so each object's changes arrive in order; a
//! network failure keeps the entry and tries again later (the `online` event, each new
//! entry, and a timer that backs off); a 2xx removes it and tells the page; a refusal
//! (a 4xx) stays on the tablet, shown on its item beside the server's current state,
//! until the person has seen it. Entries belong to their person: a session reads and
//! sends only its own person's.

use std::time::Duration;

use bellhop_api::{ErrorBody, ErrorCode};
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::store::{self, OUTBOX};
use crate::api::{self, ApiError};

/// How a write travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    Post,
    Put,
}

/// A write a page hands to the outbox.
pub struct Write {
    /// What it acts on (`task/<id>`, `attempt/<id>`): its entries go out in order.
    pub object: String,
    /// What the person did, as the item shows it (`accept`, `tick`, `comment`, …).
    pub what: &'static str,
    pub method: Method,
    /// The API path, under `/api`.
    pub path: String,
    /// The JSON body.
    pub body: Option<String>,
    /// The task version the write carries, for the next write's (see [`Outbox::version_for`]).
    pub version: Option<i64>,
}

/// One kept write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Made here; sent as the `Idempotency-Key`.
    pub id: Uuid,
    /// Whose write it is.
    pub person: Uuid,
    /// Orders the entries: when it was made (ms), made unique.
    pub seq: u64,
    pub object: String,
    pub what: String,
    pub method: Method,
    pub path: String,
    pub body: Option<String>,
    pub version: Option<i64>,
    /// The code of the server's refusal, kept until the person has seen it (the code
    /// alone is what the screen words, and it needs no serializer of the error body).
    pub refusal: Option<String>,
}

impl Entry {
    fn key(&self) -> String {
        store::key(self.person, &format!("{:015}", self.seq))
    }

    fn waiting(&self) -> bool {
        self.refusal.is_none()
    }
}

/// What became of a write a page submitted.
pub enum Outcome {
    /// Sent now; the server's answer (JSON).
    Answered(String),
    /// Sent now and refused; the page shows it at once (nothing is kept).
    Refused(ApiError),
    /// Kept on the tablet; it goes out when the network allows, after the writes made
    /// before it.
    Queued,
}

/// An entry the outbox finished in the background: the page of its object follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub object: String,
    /// The server's answer, or `None` for a refusal (now among the entries).
    pub answer: Option<String>,
}

/// The signed-in person's outbox, a context of the signed-in layout.
#[derive(Clone, Copy)]
pub struct Outbox {
    person: Uuid,
    /// This person's entries in order: waiting ones and refused ones.
    entries: RwSignal<Vec<Entry>>,
    /// The last send reached the server.
    pub online: RwSignal<bool>,
    /// The entry last finished in the background.
    pub settled: RwSignal<Option<Settled>>,
    /// One send at a time, so the order holds.
    sending: StoredValue<bool>,
    /// How many tries in a row found no network (the back-off).
    misses: StoredValue<u32>,
}

/// The longest wait between tries while off the network.
const MAX_BACKOFF_SECS: u64 = 60;

impl Outbox {
    /// The outbox of `person`: their kept entries are read, and sending starts.
    pub fn provide(person: Uuid) -> Self {
        let outbox = Outbox {
            person,
            entries: RwSignal::new(Vec::new()),
            online: RwSignal::new(true),
            settled: RwSignal::new(None),
            sending: StoredValue::new(false),
            misses: StoredValue::new(0),
        };
        provide_context(outbox);
        spawn_local(async move {
            let mut kept: Vec<Entry> = store::all_of(OUTBOX, person)
                .await
                .iter()
                .filter_map(|text| serde_json::from_str(text).ok())
                .filter(|e: &Entry| e.person == person)
                .collect();
            kept.sort_by_key(|e| e.seq);
            if outbox
                .entries
                .try_update(|es| {
                    // Anything queued while they were read comes after them.
                    kept.append(es);
                    *es = kept;
                })
                .is_some()
            {
                outbox.flush();
            }
        });
        let online = window_event_listener(leptos::ev::online, move |_| outbox.flush());
        on_cleanup(move || online.remove());
        outbox
    }

    /// How many writes wait to be sent.
    pub fn waiting(self) -> Signal<usize> {
        Signal::derive(move || self.entries.with(|es| es.iter().filter(|e| e.waiting()).count()))
    }

    /// The writes waiting for `object`, oldest first.
    pub fn waiting_for(self, object: String) -> Signal<Vec<Entry>> {
        Signal::derive(move || {
            self.entries.with(|es| {
                es.iter()
                    .filter(|e| e.waiting() && e.object == object)
                    .cloned()
                    .collect()
            })
        })
    }

    /// The refused writes not yet seen, of `object` (or of every object).
    pub fn refusals(self, object: Option<String>) -> Signal<Vec<Entry>> {
        Signal::derive(move || {
            self.entries.with(|es| {
                es.iter()
                    .filter(|e| !e.waiting() && object.as_ref().is_none_or(|o| *o == e.object))
                    .cloned()
                    .collect()
            })
        })
    }

    /// The person has seen a refusal: it goes from the tablet, then from the screen, so
    /// that a reload straight after never brings it back.
    pub fn seen(self, entry: &Entry) {
        let (key, id) = (entry.key(), entry.id);
        spawn_local(async move {
            store::delete(OUTBOX, &key).await;
            self.entries.try_update(|es| es.retain(|e| e.id != id));
        });
    }

    /// The version a new step on `object` must carry: the one after the steps waiting
    /// for it, each of which moves the task on by one (the server counts every step,
    /// tick and hand-off; comments leave it), or else `seen`, the one on screen.
    pub fn version_for(self, object: &str, seen: i64) -> i64 {
        self.entries
            .with_untracked(|es| {
                es.iter()
                    .rev()
                    .filter(|e| e.waiting() && e.object == object)
                    .find_map(|e| e.version)
            })
            .map_or(seen, |v| v + 1)
    }

    /// Keeps `write` and sends it now if nothing waits before it.
    pub async fn submit(self, write: Write) -> Outcome {
        let entry = self.keep(write).await;
        let first = self
            .entries
            .with_untracked(|es| es.iter().find(|e| e.waiting()).map(|e| e.id));
        if first != Some(entry.id) || self.sending.get_value() {
            self.flush();
            return Outcome::Queued;
        }
        self.sending.set_value(true);
        let fate = fate(send(&entry).await);
        self.sending.try_set_value(false);
        match fate {
            Fate::Sent(answer) => {
                self.forget(&entry).await;
                self.reached();
                // Writes made while this one was on its way.
                self.flush();
                Outcome::Answered(answer)
            }
            Fate::Refused(body) => {
                self.forget(&entry).await;
                self.reached();
                self.flush();
                Outcome::Refused(ApiError::Api {
                    body,
                    retry_after: None,
                })
            }
            Fate::Later => {
                self.missed();
                Outcome::Queued
            }
        }
    }

    /// Sends the waiting entries in order, unless a send is on its way.
    pub fn flush(self) {
        if self.sending.try_get_value() != Some(false) {
            return;
        }
        self.sending.set_value(true);
        spawn_local(async move {
            while let Some(entry) = self
                .entries
                .try_with_untracked(|es| es.iter().find(|e| e.waiting()).cloned())
                .flatten()
            {
                let object = entry.object.clone();
                match fate(send(&entry).await) {
                    Fate::Sent(answer) => {
                        self.forget(&entry).await;
                        self.reached();
                        self.settled.try_set(Some(Settled {
                            object,
                            answer: Some(answer),
                        }));
                    }
                    Fate::Refused(body) => {
                        self.refused(entry, body).await;
                        self.reached();
                        self.settled.try_set(Some(Settled { object, answer: None }));
                    }
                    Fate::Later => {
                        self.missed();
                        break;
                    }
                }
            }
            self.sending.try_set_value(false);
        });
    }

    async fn keep(self, write: Write) -> Entry {
        let last = self.entries.with_untracked(|es| es.last().map(|e| e.seq)).unwrap_or(0);
        let entry = Entry {
            id: api::new_id(),
            person: self.person,
            seq: (js_sys::Date::now() as u64).max(last + 1),
            object: write.object,
            what: write.what.to_owned(),
            method: write.method,
            path: write.path,
            body: write.body,
            version: write.version,
            refusal: None,
        };
        self.entries.update(|es| es.push(entry.clone()));
        save(&entry).await;
        entry
    }

    /// A sent entry: off the list at once (so no other send picks it up), then off the
    /// tablet.
    async fn forget(self, entry: &Entry) {
        self.entries.try_update(|es| es.retain(|e| e.id != entry.id));
        store::delete(OUTBOX, &entry.key()).await;
    }

    async fn refused(self, mut entry: Entry, body: ErrorBody) {
        entry.refusal = Some(body.error.code().to_owned());
        self.entries.try_update(|es| {
            if let Some(e) = es.iter_mut().find(|e| e.id == entry.id) {
                *e = entry.clone();
            }
        });
        save(&entry).await;
    }

    fn reached(self) {
        self.misses.try_set_value(0);
        self.online.try_set(true);
    }

    /// No network: try again after a wait that doubles up to a minute.
    fn missed(self) {
        self.online.try_set(false);
        let Some(misses) = self.misses.try_get_value() else {
            return;
        };
        self.misses.set_value(misses + 1);
        let wait = (2u64 << misses.min(5)).min(MAX_BACKOFF_SECS);
        set_timeout(move || self.flush(), Duration::from_secs(wait));
    }
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

async fn save(entry: &Entry) {
    if let Ok(text) = serde_json::to_string(entry) {
        store::put(OUTBOX, &entry.key(), &text).await;
    }
}

async fn send(entry: &Entry) -> Result<String, ApiError> {
    let url = api::url(&entry.path);
    let req = match entry.method {
        Method::Post => Request::post(&url),
        Method::Put => Request::put(&url),
    };
    api::fetch(req.header("Idempotency-Key", &entry.id.to_string()), entry.body.clone()).await
}

enum Fate {
    Sent(String),
    Refused(ErrorBody),
    /// No network, a busy or failing server, or no session: the entry waits.
    Later,
}

fn fate(result: Result<String, ApiError>) -> Fate {
    match result {
        Ok(answer) => Fate::Sent(answer),
        Err(ApiError::Api { body, .. })
            if !matches!(
                body.error,
                ErrorCode::Internal | ErrorCode::Unavailable | ErrorCode::Unauthenticated | ErrorCode::TooManyAttempts
            ) =>
        {
            Fate::Refused(body)
        }
        Err(_) => Fate::Later,
    }
}
