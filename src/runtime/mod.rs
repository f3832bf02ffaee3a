//! Everything that touches the world outside the reducer: the event loop (`app`), terminal
//! events (`event`), the terminal itself (`tui`), the background task that makes every
//! Graph call (`worker`) and the threads that write the list's exports (`export`). The rest of the app is pure: state in, state and effects out.

pub mod app;
pub mod event;
pub mod export;
pub mod import;
pub mod profile_store;
pub mod tui;
pub mod worker;
