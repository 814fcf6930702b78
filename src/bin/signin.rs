//! The sign-in app: sign-in and tablet enrollment, the first thing a device loads.

/// The first-load budget counts every byte of this app; a free list is enough for the
/// little it allocates before the portal takes over.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

fn main() {
    bellhop::start_signin();
}
