//! Every change to an audit goes to the server at once, item by item, and meanwhile
//! sits on the device (`crate::drafts`) so nothing is lost offline or on a reload.
//!
//! Each item carries the revision the server last gave it; a save names the revision
//! its change was made on. A 409 means another device saved the item first: the
//! server's answer is shown and the auditor is told. Unsent changes are sent again
//! when the page loads, when the browser comes back online, and a few seconds after
//! a failed attempt.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use bellhop_api::audit_wire::{AnswerSave, Audit, SavedAnswer};
use bellhop_api::audits::Answer;
use bellhop_api::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::api::ApiError;
use crate::drafts::{self, Unsent, Unsents};
use crate::features::audits::api;

/// An item as the server has it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Saved {
    pub answer: Option<Answer>,
    pub note: String,
    pub revision: u32,
    pub photo: bool,
}

impl From<&SavedAnswer> for Saved {
    fn from(s: &SavedAnswer) -> Self {
        Saved {
            answer: s.answer.clone(),
            note: s.note.clone(),
            revision: s.revision,
            photo: s.photo,
        }
    }
}

fn saved_of(audit: &Audit) -> BTreeMap<String, Saved> {
    audit.answers.iter().map(|a| (a.item_key.clone(), a.into())).collect()
}

#[derive(Clone, Copy)]
pub struct Autosave {
    audit: Uuid,
    saved: RwSignal<BTreeMap<String, Saved>>,
    unsent: RwSignal<Unsents>,
    /// Items with a save on its way (one at a time per item).
    in_flight: StoredValue<BTreeSet<String>>,
    /// The last save failed for want of a connection: changes wait on the device.
    pub offline: RwSignal<bool>,
    /// An item another device changed first; the server's answer is shown.
    pub conflict: RwSignal<Option<String>>,
    /// A save the server refused for good.
    pub error: RwSignal<Option<ApiError>>,
}

impl Autosave {
    /// Starts from the server's answers plus what this device had not sent yet, and
    /// sends that now.
    pub fn new(audit: &Audit) -> Autosave {
        let id = audit.summary.id;
        let this = Autosave {
            audit: id,
            saved: RwSignal::new(saved_of(audit)),
            unsent: RwSignal::new(drafts::load(id)),
            in_flight: StoredValue::new(BTreeSet::new()),
            offline: RwSignal::new(false),
            conflict: RwSignal::new(None),
            error: RwSignal::new(None),
        };
        let online = window_event_listener(leptos::ev::online, move |_| this.flush_all());
        on_cleanup(move || online.remove());
        this.flush_all();
        this
    }

    pub fn audit_id(self) -> Uuid {
        self.audit
    }

    /// The item as the auditor sees it: their unsent change, else the server's.
    pub fn current(self, key: &str) -> (Option<Answer>, String) {
        if let Some(u) = self.unsent.with(|u| u.get(key).cloned()) {
            return (u.answer, u.note);
        }
        self.saved
            .with(|s| s.get(key).map(|s| (s.answer.clone(), s.note.clone())))
            .unwrap_or_default()
    }

    /// Every answer shown, for the running score and the required check.
    pub fn answers(self) -> BTreeMap<String, Answer> {
        let mut all: BTreeMap<String, Answer> = self.saved.with(|s| {
            s.iter()
                .filter_map(|(k, v)| v.answer.clone().map(|a| (k.clone(), a)))
                .collect()
        });
        self.unsent.with(|u| {
            for (k, v) in u {
                match &v.answer {
                    Some(a) => all.insert(k.clone(), a.clone()),
                    None => all.remove(k),
                };
            }
        });
        all
    }

    pub fn has_photo(self, key: &str) -> bool {
        self.saved.with(|s| s.get(key).is_some_and(|s| s.photo))
    }

    pub fn photo_added(self, key: &str) {
        self.set_photo(key, true);
    }

    pub fn photo_removed(self, key: &str) {
        self.set_photo(key, false);
    }

    /// Photos are stored beside the answer, so the item's revision stays as it is.
    fn set_photo(self, key: &str, photo: bool) {
        // `try_`: the form may have been swapped for the result meanwhile.
        self.saved
            .try_update(|s| s.entry(key.to_owned()).or_default().photo = photo);
    }

    /// Changes still to reach the server.
    pub fn pending(self) -> usize {
        self.unsent.with(BTreeMap::len)
    }

    /// Records a change and sends it after `delay` (typing waits for a pause).
    pub fn change(self, key: String, answer: Option<Answer>, note: String, delay: Option<Duration>) {
        let base = self
            .unsent
            .with_untracked(|u| u.get(&key).map(|u| u.base))
            .or_else(|| self.saved.with_untracked(|s| s.get(&key).map(|s| s.revision)))
            .unwrap_or(0);
        self.unsent.update(|u| {
            u.insert(key.clone(), Unsent { answer, note, base });
        });
        self.persist();
        match delay {
            None => self.flush(key),
            Some(d) => set_timeout(move || self.flush(key), d),
        }
    }

    fn persist(self) {
        self.unsent.try_with_untracked(|u| drafts::store(self.audit, u));
    }

    pub fn flush_all(self) {
        let keys: Vec<String> = self.unsent.with_untracked(|u| u.keys().cloned().collect());
        for key in keys {
            self.flush(key);
        }
    }

    fn flush(self, key: String) {
        // The page may be gone (a timer after leaving it).
        let Some(busy) = self.in_flight.try_with_value(|f| f.contains(&key)) else {
            return;
        };
        let Some(sent) = self.unsent.try_with_untracked(|u| u.get(&key).cloned()).flatten() else {
            return;
        };
        if busy {
            return; // Sent again when the answer to the one on its way arrives.
        }
        self.in_flight.update_value(|f| {
            f.insert(key.clone());
        });
        spawn_local(async move {
            let req = AnswerSave {
                revision: sent.base,
                answer: sent.answer.clone(),
                note: sent.note.clone(),
            };
            let result = api::save_audit_answer(self.audit, &key, &req).await;
            if self.in_flight.try_update_value(|f| f.remove(&key)).is_none() {
                return;
            }
            match result {
                Ok(saved) => self.acknowledged(&key, &sent, &saved),
                Err(err) if err.code() == Some(ErrorCode::Conflict) => self.reload_item(key, sent).await,
                Err(err) if matches!(err.code(), None | Some(ErrorCode::Unavailable)) => {
                    self.offline.set(true);
                    set_timeout(move || self.flush_all(), Duration::from_secs(5));
                }
                Err(err) => {
                    // Refused for good: keeping it would only repeat the refusal.
                    self.unsent.update(|u| {
                        u.remove(&key);
                    });
                    self.persist();
                    self.error.set(Some(err));
                }
            }
        });
    }

    fn acknowledged(self, key: &str, sent: &Unsent, saved: &SavedAnswer) {
        self.offline.set(false);
        self.saved.update(|s| {
            let photo = s.get(key).is_some_and(|s| s.photo) || saved.photo;
            s.insert(key.to_owned(), Saved { photo, ..saved.into() });
        });
        let mut again = false;
        self.unsent.update(|u| match u.get_mut(key) {
            Some(now) if now == sent => {
                u.remove(key);
            }
            // Changed again meanwhile: send the newer change on this revision.
            Some(now) => {
                now.base = saved.revision;
                again = true;
            }
            None => {}
        });
        self.persist();
        if again {
            self.flush(key.to_owned());
        }
    }

    /// Another device saved the item first: show the server's answer and say so,
    /// unless it is the very answer this device meant to send.
    async fn reload_item(self, key: String, sent: Unsent) {
        match api::audit(self.audit).await {
            Ok(audit) => {
                let server = saved_of(&audit).remove(&key).unwrap_or_default();
                let same = server.answer == sent.answer && server.note == sent.note;
                let revision = server.revision;
                self.saved.try_update(|s| s.insert(key.clone(), server));
                // A change made after the refused one was made on the newer answer.
                let newer = self
                    .unsent
                    .try_update(|u| match u.get_mut(&key) {
                        Some(now) if *now == sent => {
                            u.remove(&key);
                            false
                        }
                        Some(now) => {
                            now.base = revision;
                            true
                        }
                        None => false,
                    })
                    .unwrap_or(false);
                self.persist();
                if !same && !newer {
                    self.conflict.try_set(Some(key.clone()));
                }
                if newer {
                    self.flush(key);
                }
            }
            Err(_) => {
                self.offline.try_set(true);
                set_timeout(move || self.flush_all(), Duration::from_secs(5));
            }
        }
    }
}
