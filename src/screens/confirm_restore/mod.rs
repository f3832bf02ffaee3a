//! "Restore this user?": names the user and the UPN it gets back. `y` or Enter sends the
//! restore; `n` or Esc leaves it deleted, or cancels a restore in flight. The answer goes to
//! the deleted users screen, which owns the row.

pub mod state;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::deleted_users::state::Request;
use super::screen_view::{KeyHandler, ScreenView};
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::runtime::worker::Op;
use crate::state::{Notice, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::ConfirmRestore;

/// The restore was sent and is awaited.
pub(crate) fn restoring(state: &State) -> bool {
    state.is_pending(|p| matches!(p, Pending::Deleted(Request::Restore(_))))
}

impl ScreenView for ConfirmRestore {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::ConfirmRestore
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Restore".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        if restoring(state) {
            return vec![Hint::action(km, Action::Back, "cancel", 9)];
        }
        vec![
            Hint::action(km, Action::Confirm, "restore", 9),
            Hint::action(km, Action::Cancel, "leave it deleted", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Restore user", Context::ConfirmRestore)
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(dialog) = state.screens.top_as::<ConfirmRestore>() else {
        return;
    };
    let target = dialog.target.clone();
    match state.keymap.action(Context::ConfirmRestore, key) {
        Some(Action::Confirm | Action::Submit) if !restoring(state) => {
            if !state.allow_write(Action::Restore) {
                state.screens.pop();
                return;
            }
            let op = Op::RestoreUser(target.id.clone());
            fx.run(state, op, Pending::Deleted(Request::Restore(target)));
        }
        Some(Action::Cancel | Action::Back) => {
            if restoring(state) {
                fx.cancel(state, |p| {
                    matches!(p, Pending::Deleted(Request::Restore(_)))
                });
                state.status.notice = Some(Notice::Info(
                    "Restore cancelled: Graph may already have restored the user; refresh to check"
                        .to_owned(),
                ));
            }
            state.screens.pop();
        }
        _ => {}
    }
}
