//! Everything that touches the world outside the reducer: the event loop (`app`), terminal
//! events (`event`), the terminal itself (`tui`), the background task that makes every
//! Graph call (`worker`) and the threads that write the list's exports (`export`). The rest
//! of the app is pure: state in, state and effects out.

pub mod app;
pub mod event;
pub mod export;
pub mod import;
pub mod profile_store;
pub mod tui;
pub mod worker;

/// The runtime the app runs on against a tenant: the event loop on the calling thread and one
/// worker thread for the Graph worker and its connections. The worker's work is HTTP and
/// decoding pages; on one thread a page's bytes are read and decoded where they arrive, with
/// no hand-over between threads per chunk. With `L` on 100,000 users that measured a fifth
/// less CPU and a faster load than a worker thread per core (BENCHMARKS.md). Exports are
/// written on the blocking pool, as before.
///
/// # Errors
/// When the operating system refuses the thread or the I/O driver.
pub fn app_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
}
