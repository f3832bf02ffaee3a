//! Adding or editing a connection profile from the connect screen: name, tenant, client ID,
//! how it signs in (a secret typed masked, a variable holding it, or a certificate file) and
//! read-only. Saving hands the change to the runtime ([`Effect::SaveProfile`]), which writes
//! the non-secret settings into the config file keeping its comments, and the secret, when
//! "Save secret" is ticked, into a file only the admin can read; otherwise the secret is used
//! for this session only. A failed write keeps the form and everything typed.
//!
//! [`Effect::SaveProfile`]: crate::effect::Effect::SaveProfile

mod keys;
pub mod state;
mod view;

#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::confirm_remove_profile::state::ConfirmRemoveProfile;
use super::connect::state::Connect;
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use crate::config::write::CredentialChange;
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::profile::{ProfileWrite, ProfilesWritten};
use crate::state::{Notice, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use keys::Outcome;
pub use state::ProfileForm;
use state::{Message, Stage};

impl ScreenView for ProfileForm {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        match self.stage {
            Stage::Editing => Context::Form,
            Stage::ConfirmDiscard => Context::FormDiscard,
        }
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        ProfileForm::is_typing(self)
    }

    fn crumb(&self) -> Option<String> {
        Some(self.title())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        // Its fields, a gap, up to four rows of message and the keys, in a border.
        let height = self.visible().len() as u16 + 8;
        let area = crate::widgets::popup::centered(area, 96, height);
        crate::widgets::popup::clear(frame, area);
        view::render(self, &state.keymap, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let mut hints = Vec::new();
        if !self.is_typing() && self.stage == Stage::Editing {
            hints.push(Hint::action(&state.keymap, Action::Help, "all keys", 9));
        }
        hints.push(Hint::fixed("Ctrl-C", "quit lazyentra", 8));
        hints
    }

    fn help(&self, state: &State) -> Help {
        help::for_actions(state, &self.title(), self.context(), |a| {
            a != Action::GeneratePassword
        })
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let keymap = state.keymap.clone();
    let Some(form) = state.screens.top_as_mut::<ProfileForm>() else {
        return;
    };
    if form.saving {
        return;
    }
    match form.handle_key(key, &keymap) {
        Outcome::None => {}
        Outcome::Close => state.screens.pop(),
        Outcome::Save(change) => {
            form.saving = true;
            fx.save_profile(change);
        }
    }
}

fn on_paste(state: &mut State, text: &str, _fx: &mut Effects) {
    if let Some(form) = state.screens.top_as_mut::<ProfileForm>()
        && !form.saving
    {
        form.handle_paste(text);
    }
}

/// The runtime saved or removed a profile, or could not: the list is loaded again and the
/// form or dialog that asked closes, or stays with the reason.
pub fn on_written(state: &mut State, written: ProfilesWritten) {
    let ProfilesWritten { result, profiles } = written;
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(e) => {
            state.status.notice = Some(Notice::Refused(format!("Not saved: {e}")));
            if let Some(form) = state.screens.find_mut::<ProfileForm>() {
                form.saving = false;
                form.message = Some(Message::Failed(e));
            } else if let Some(dialog) = state.screens.find_mut::<ConfirmRemoveProfile>() {
                dialog.removing = false;
                dialog.error = Some(e);
            }
            return;
        }
    };
    let reloaded = match profiles {
        Some(Ok(profiles)) => {
            state.profiles.reload(&profiles);
            None
        }
        Some(Err(e)) => Some(e.to_string()),
        None => None,
    };
    let mut text = match outcome {
        ProfileWrite::Saved(saved) => {
            let typed = state
                .screens
                .find::<ProfileForm>()
                .map(|form| form.change().credential);
            let mut text = format!(
                "Saved profile {} in {}",
                saved.name,
                saved.config_file.display()
            );
            match typed {
                Some(CredentialChange::SessionSecret(secret)) => {
                    state.profiles.set_typed_secret(&saved.name, secret);
                    text.push_str("; the secret is used this session only");
                }
                Some(CredentialChange::Keep) => {}
                Some(_) => state.profiles.forget_typed_secret(&saved.name),
                None => {}
            }
            if let Some(path) = &saved.secret_file {
                let _ = write!(
                    text,
                    "; its secret is in {} (only you can read it)",
                    path.display()
                );
            }
            state.screens.close::<ProfileForm>();
            point_at(state, &saved.name);
            text
        }
        ProfileWrite::Removed(removed) => {
            state.profiles.forget_typed_secret(&removed.name);
            state.screens.close::<ConfirmRemoveProfile>();
            point_at(state, "");
            let mut text = format!(
                "Removed profile {} from {}",
                removed.name,
                removed.config_file.display()
            );
            if let Some(path) = &removed.secret_file {
                let _ = write!(text, " and deleted {}", path.display());
            }
            text
        }
    };
    match reloaded {
        None => state.status.notice = Some(Notice::Success(text)),
        Some(why) => {
            let _ = write!(text, ", but the settings no longer load: {why}");
            state.status.notice = Some(Notice::Refused(text));
        }
    }
}

/// The connect screen's cursor on profile `name` (the first one if it is gone).
fn point_at(state: &mut State, name: &str) {
    let index = state.profiles.rows.iter().position(|p| p.name == name);
    if let Some(connect) = state.screens.find_mut::<Connect>() {
        connect.point_at(index.unwrap_or(0));
    }
}
