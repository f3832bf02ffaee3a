//! lazyentra: a keyboard-driven terminal app for administering Microsoft Entra ID users.
//!
//! Each module owns one concern: settings (`config`), the Graph client (`graph`), the event
//! loop, terminal and background worker (`runtime`), app-wide state (`state`), the profiles a session opens with (`profile`), the router
//! (`update`), one folder per screen (`screens`), the frame around them (`ui`) and the keys
//! (`keymap`). ARCHITECTURE.md follows a key press and a Graph reply through them. The Graph
//! emulator behind `--demo`, `serve-demo` and the tests is its own crate, `lazyentra-emulator`.

pub mod cli;
pub mod command;
pub mod config;
pub mod demo;
pub mod effect;
pub mod export;
#[cfg(any(test, feature = "test-support"))]
pub mod fixtures;
pub mod graph;
pub mod headless;
pub mod import;
pub mod keymap;
pub mod logging;
pub mod password;
pub mod private_files;
pub mod profile;
pub mod runtime;
pub mod screens;
pub mod spelling;
pub mod state;
pub mod ui;
pub mod undo;
pub mod update;
pub mod widgets;
