//! lazyentra: a keyboard-driven terminal app for administering Microsoft Entra ID users.
//!
//! Each module owns one concern: settings, the Graph client, the Graph emulator, the background
//! worker, app state and its reducer, and the screens that render it.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod emulator;
pub mod event;
#[doc(hidden)]
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
