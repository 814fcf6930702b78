//! Audit answers the server has not acknowledged yet, kept in localStorage so that a
//! reload, a dead battery or a lost connection mid-visit loses nothing. Only unsent
//! changes live here: each is removed as soon as the server has it, and sign-out
//! removes whatever is left, so nothing of a person stays on a shared tablet.

use std::collections::BTreeMap;

use bellhop_api::audits::Answer;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const PREFIX: &str = "bellhop.audit.";

/// One item's change as the auditor left it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unsent {
    pub answer: Option<Answer>,
    pub note: String,
    /// The item's revision the change was made on (the server refuses it if another
    /// device has saved the item since).
    pub base: u32,
}

pub type Unsents = BTreeMap<String, Unsent>;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(audit: Uuid) -> String {
    format!("{PREFIX}{audit}")
}

/// The unsent changes of `audit` on this device.
pub fn load(audit: Uuid) -> Unsents {
    storage()
        .and_then(|s| s.get_item(&key(audit)).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Stores `unsent`, or removes the entry once nothing is left to send.
pub fn store(audit: Uuid, unsent: &Unsents) {
    let Some(s) = storage() else { return };
    if unsent.is_empty() {
        let _ = s.remove_item(&key(audit));
    } else if let Ok(text) = serde_json::to_string(unsent) {
        let _ = s.set_item(&key(audit), &text);
    }
}

/// Removes every audit's unsent changes (at sign-out).
pub fn forget_all() {
    let Some(s) = storage() else { return };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in keys {
        let _ = s.remove_item(&k);
    }
}
