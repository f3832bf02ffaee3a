//! "Clear the marks?": Esc on a list with marked users asks before forgetting them, since
//! marking many users by hand is work. `y` or Enter clears them; `n` or Esc keeps them.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::deleted_users::state::DeletedUsers;
use super::screen_view::{KeyHandler, ScreenView};
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::state::{Notice, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::{ClearMarks, Marked};

impl ScreenView for ClearMarks {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::ConfirmMarks
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Clear marks".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        vec![
            Hint::action_in(km, Action::Confirm, Context::ConfirmMarks, "clear them", 9),
            Hint::action_in(km, Action::Cancel, Context::ConfirmMarks, "keep them", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Clear marks", Context::ConfirmMarks)
    }
}

fn on_key(state: &mut State, key: KeyEvent, _fx: &mut Effects) {
    let Some(dialog) = state.screens.top_as::<ClearMarks>().cloned() else {
        return;
    };
    match state.keymap.action(Context::ConfirmMarks, key) {
        Some(Action::Confirm | Action::Submit) => {
            state.screens.pop();
            match dialog.on {
                Marked::Users => {
                    if let Some(list) = state.screens.list_mut() {
                        list.clear_marks();
                    }
                }
                Marked::DeletedUsers => {
                    if let Some(screen) = state.screens.find_mut::<DeletedUsers>() {
                        screen.clear_marks();
                    }
                }
            }
            state.status.notice = Some(Notice::Info(format!(
                "Cleared {} {}",
                dialog.count,
                if dialog.count == 1 { "mark" } else { "marks" }
            )));
        }
        Some(Action::Cancel | Action::Back) => state.screens.pop(),
        _ => {}
    }
}
