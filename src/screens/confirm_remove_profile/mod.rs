//! "Remove profile X?": it names the profile and the config file, and offers to delete the
//! file its secret was kept in too. `y` or Enter removes (the runtime edits the file and
//! answers with `Msg::ProfilesWritten`); `n` or Esc keeps it. A failed write keeps the dialog
//! with the reason.

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
pub use state::ConfirmRemoveProfile;

impl ScreenView for ConfirmRemoveProfile {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::ConfirmProfile
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Remove profile".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let mut hints = vec![
            Hint::action(km, Action::Confirm, "remove", 9),
            Hint::action(km, Action::Cancel, "keep it", 9),
        ];
        if self.secret_file.is_some() {
            hints.push(Hint::action_in(
                km,
                Action::Toggle,
                Context::ConfirmProfile,
                "delete the secret file: on/off",
                8,
            ));
        }
        hints
    }

    fn help(&self, state: &State) -> Help {
        let secret = self.secret_file.is_some();
        help::for_actions(state, "Remove profile", Context::ConfirmProfile, |a| {
            a != Action::Toggle || secret
        })
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(dialog) = state.screens.top_as_mut::<ConfirmRemoveProfile>() else {
        return;
    };
    if dialog.removing {
        return;
    }
    match state.keymap.action(Context::ConfirmProfile, key) {
        Some(Action::Confirm | Action::Submit) => {
            dialog.removing = true;
            dialog.error = None;
            let secret = dialog.secret_file.clone().filter(|_| dialog.delete_secret);
            fx.remove_profile(dialog.name.clone(), secret);
        }
        Some(Action::Toggle) => dialog.delete_secret = !dialog.delete_secret,
        Some(Action::Cancel | Action::Back) => state.screens.pop(),
        _ => {}
    }
}
