//! The tablet's IndexedDB database, through the `idb` crate: the outbox's entries and the
//! copies of what pages last read, each kept under a key that starts with its person's
//! id, so that one person's session reads only that person's records.
//!
//! Values are JSON text: the app already carries serde_json, and text needs no second
//! serializer in the wasm.

use idb::{Database, Factory, KeyRange, ObjectStoreParams, Query, TransactionMode};
use uuid::Uuid;
use wasm_bindgen::JsValue;

const NAME: &str = "bellhop";
const VERSION: u32 = 1;
/// Writes waiting to be sent, and refusals waiting to be seen.
pub const OUTBOX: &str = "outbox";
/// The last answer of each page's read, to show off the network.
pub const READS: &str = "reads";

async fn open() -> Option<Database> {
    let mut request = Factory::new().ok()?.open(NAME, Some(VERSION)).ok()?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = idb::event::DatabaseEvent::database(&event) else {
            return;
        };
        for store in [OUTBOX, READS] {
            if !db.store_names().iter().any(|s| s == store) {
                let _ = db.create_object_store(store, ObjectStoreParams::new());
            }
        }
    });
    request.await.ok()
}

/// Every key of `person` starts with their id and a slash.
pub fn key(person: Uuid, rest: &str) -> String {
    format!("{person}/{rest}")
}

fn of_person(person: Uuid) -> Option<Query> {
    // '0' follows '/' in code order: the range holds exactly the keys "<person>/…".
    let range = KeyRange::bound(
        &JsValue::from_str(&format!("{person}/")),
        &JsValue::from_str(&format!("{person}0")),
        Some(false),
        Some(true),
    )
    .ok()?;
    Some(range.into())
}

/// Stores `value` (JSON text) under `key`.
pub async fn put(store: &str, key: &str, value: &str) -> bool {
    let Some(db) = open().await else { return false };
    // A request's success is its transaction's last step: it commits by itself. Only
    // a few request kinds are awaited here, so the wasm holds few future types.
    let done = async {
        let tx = db.transaction(&[store], TransactionMode::ReadWrite).ok()?;
        tx.object_store(store)
            .ok()?
            .put(&JsValue::from_str(value), Some(&JsValue::from_str(key)))
            .ok()?
            .await
            .ok()
    }
    .await;
    db.close();
    done.is_some()
}

/// The value under `key`.
pub async fn get(store: &str, key: &str) -> Option<String> {
    values(store, Some(JsValue::from_str(key).into()), Some(1)).await.pop()
}

/// Every value of `person` in `store`, in key order.
pub async fn all_of(store: &str, person: Uuid) -> Vec<String> {
    values(store, of_person(person), None).await
}

/// The values of `query` (or of everyone), up to `limit`.
async fn values(store: &str, query: Option<Query>, limit: Option<u32>) -> Vec<String> {
    let Some(db) = open().await else { return Vec::new() };
    let values = async {
        let tx = db.transaction(&[store], TransactionMode::ReadOnly).ok()?;
        let values = tx.object_store(store).ok()?.get_all(query, limit).ok()?.await.ok()?;
        Some(values.into_iter().filter_map(|v| v.as_string()).collect())
    }
    .await;
    db.close();
    values.unwrap_or_default()
}

/// Removes the value under `key`.
pub async fn delete(store: &str, key: &str) {
    remove(store, JsValue::from_str(key).into()).await;
}

/// Removes every value of `person` in `store`.
pub async fn delete_all_of(store: &str, person: Uuid) {
    if let Some(range) = of_person(person) {
        remove(store, range).await;
    }
}

async fn remove(store: &str, query: Query) {
    let Some(db) = open().await else { return };
    let _ = async {
        let tx = db.transaction(&[store], TransactionMode::ReadWrite).ok()?;
        tx.object_store(store).ok()?.delete(query).ok()?.await.ok()
    }
    .await;
    db.close();
}

/// Removes the whole database when no one's writes wait in it (at sign-out): a tablet
/// keeps nothing of anyone once everything is sent.
pub async fn drop_if_empty() {
    if values(OUTBOX, None, Some(1)).await.is_empty() {
        wipe().await;
    }
}

/// Removes the database with everything of everyone in it.
pub async fn wipe() {
    if let Some(request) = Factory::new().ok().and_then(|f| f.delete(NAME).ok()) {
        let _ = request.await;
    }
}
