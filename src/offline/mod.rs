//! The tablet off the network: the outbox every floor write goes through, the kept
//! copies of what pages read, and what the shell says about both. Kept in IndexedDB
//! (`store.rs`), every record under its person. Only the portal uses this: the sign-in
//! app never reaches it, so its size does not grow.

pub mod outbox;
pub mod reads;
pub mod status;
mod store;

pub use outbox::{use_outbox, Method, Outbox, Outcome, Write};

/// Before the person leaves the tablet (sign-out, switching user, the idle lock, an
/// ended session): their kept reads go; their unsent writes stay for their next
/// sign-in here; a tablet left with no one's writes keeps no database at all.
pub async fn leave(person: Option<uuid::Uuid>) {
    if let Some(person) = person {
        reads::forget(person).await;
    }
    store::drop_if_empty().await;
}
