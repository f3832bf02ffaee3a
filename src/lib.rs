//! lazyentra: a keyboard-driven terminal app for administering Microsoft Entra ID users.
//!
//! Each module owns one concern: settings, the Graph client, the background worker, app state
//! and its reducer, and the screens that render it. The Graph emulator behind `--demo`,
//! `serve-demo` and the tests is its own crate, `lazyentra-emulator`.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod event;
#[cfg(any(test, feature = "test-support"))]
pub mod fixtures;
pub mod graph;
pub mod keymap;
pub mod logging;
pub mod password;
pub mod screens;
pub mod state;
pub mod tui;
pub mod ui;
pub mod update;
pub mod widgets;
pub mod worker;
