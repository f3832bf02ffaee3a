//! A generated password, shown once: a new user's right after the create, or a user's right
//! after its reset. Dismissing it drops the password.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, ScreenView};
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::{CreatedPassword, Reason};

impl ScreenView for CreatedPassword {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::Password
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let keys = format!("{}/{}", km.short(Action::Submit), km.short(Action::Back));
        vec![Hint::fixed(&keys, "dismiss", 9)]
    }

    fn help(&self, state: &State) -> Help {
        let title = match self.reason {
            Reason::Created => "New user's password",
            Reason::Reset { .. } => "New password",
        };
        help::for_context(state, title, Context::Password)
    }
}

fn on_key(state: &mut State, key: KeyEvent, _fx: &mut Effects) {
    if matches!(
        state.keymap.action(Context::Password, key),
        Some(Action::Submit | Action::Back)
    ) {
        state.screens.pop();
    }
}
