//! `E`: this session's failed requests, newest first, with time, operation, status, Graph's
//! code and request-id, and the whole message of the selected one, so an admin can read them
//! back for a support ticket after the status line has moved on.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, ScreenView};
use super::stack::Screen;
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::ErrorHistory;

impl ScreenView for ErrorHistory {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::Errors
    }

    fn crumb(&self) -> Option<String> {
        Some("Errors".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        vec![
            Hint::action(km, Action::Back, "back", 9),
            Hint::fixed(
                &format!("{}/{}", km.short(Action::Up), km.short(Action::Down)),
                "choose",
                7,
            ),
            Hint::action(km, Action::Help, "help", 8),
            Hint::action(km, Action::Quit, "quit", 8),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Errors this session", Context::Errors)
    }
}

/// Opens the error history over the screen in front.
pub fn open(state: &mut State) {
    if !state.screens.has::<ErrorHistory>() {
        state.screens.push(Screen::ErrorHistory(Box::default()));
    }
}

fn on_key(state: &mut State, key: KeyEvent, _fx: &mut Effects) {
    let last = state.errors.len().saturating_sub(1);
    let page = view::rows(state.size).saturating_sub(1).max(1);
    let action = state.keymap.action(Context::Errors, key);
    let Some(history) = state.screens.top_as_mut::<ErrorHistory>() else {
        return;
    };
    let selected = history.selected;
    history.selected = match action {
        Some(Action::Up) => selected.saturating_sub(1),
        Some(Action::Down) => selected + 1,
        Some(Action::PageUp) => selected.saturating_sub(page),
        Some(Action::PageDown) => selected + page,
        Some(Action::First) => 0,
        Some(Action::Last) => last,
        Some(Action::Back) => {
            state.screens.pop();
            return;
        }
        _ => selected,
    }
    .min(last);
}
