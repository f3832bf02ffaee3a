//! Everything that touches the world outside the reducer: the event loop (`app`), terminal
//! events (`event`), the terminal itself (`tui`) and the background task that makes every
//! Graph call (`worker`). The rest of the app is pure: state in, state and effects out.

pub mod app;
pub mod event;
pub mod profile_store;
pub mod tui;
pub mod worker;
