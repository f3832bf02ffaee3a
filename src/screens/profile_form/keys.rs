//! Where a key press goes in the profile form: the discard question, then the form's keys
//! (focus, save, switch, leave), then the focused text field.

use crossterm::event::{Event, KeyEvent};
use secrecy::SecretString;
use tui_input::InputRequest;
use tui_input::backend::crossterm::to_input_request;

use super::state::{CredentialKind, Message, ProfileField, ProfileForm, Stage};
use crate::config::write::{CredentialChange, ProfileChange};
use crate::keymap::{Action, Context, Keymap};
use crate::screens::form_field::FieldKind as _;
use crate::widgets::text;

/// What the app should do after the form handled a key.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    None,
    /// Leave the form.
    Close,
    /// Write this into the config file.
    Save(ProfileChange),
}

impl ProfileForm {
    pub fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> Outcome {
        if self.stage == Stage::ConfirmDiscard {
            match keymap.action(Context::FormDiscard, key) {
                Some(Action::Confirm) => return Outcome::Close,
                Some(Action::Cancel | Action::Back) => self.stage = Stage::Editing,
                _ => {}
            }
            return Outcome::None;
        }
        let typing = self.fields[self.focus].is_text();
        match keymap.action_typing(Context::Form, key, typing) {
            Some(Action::Back) if self.is_dirty() => self.stage = Stage::ConfirmDiscard,
            Some(Action::Back) => return Outcome::Close,
            Some(Action::PrevField) => self.focus_by(-1),
            Some(Action::NextField) => self.focus_by(1),
            Some(Action::Submit) if self.on_last_field() => return self.save(),
            Some(Action::Submit) => self.focus_by(1),
            Some(Action::Save) => return self.save(),
            Some(Action::Toggle) => self.switch(),
            Some(_) => {}
            None => match to_input_request(&Event::Key(key)) {
                Some(InputRequest::InsertChar(_)) if self.fields[self.focus].is_full() => {
                    self.say_full();
                }
                Some(request) if self.fields[self.focus].edit(request) => self.after_edit(),
                _ => {}
            },
        }
        Outcome::None
    }

    /// Pasted text into the focused text field, on one line, up to its limit.
    pub fn handle_paste(&mut self, pasted: &str) {
        if self.stage != Stage::Editing || !self.fields[self.focus].is_text() {
            return;
        }
        let mut changed = false;
        for c in text::single_line(pasted) {
            if self.fields[self.focus].is_full() {
                self.say_full();
                break;
            }
            changed |= self.fields[self.focus].edit(InputRequest::InsertChar(c));
        }
        if changed {
            self.after_edit();
        }
    }

    fn say_full(&mut self) {
        let id = self.fields[self.focus].id;
        self.message = Some(Message::Capped {
            label: id.label(),
            max: id.max_chars().unwrap_or_default(),
        });
    }

    fn after_edit(&mut self) {
        let field = &mut self.fields[self.focus];
        field.touched = true;
        if !matches!(self.message, Some(Message::Failed(_))) {
            self.message = None;
        }
    }

    /// Space on a switch: the next credential, or a checkbox on/off.
    fn switch(&mut self) {
        let field = &mut self.fields[self.focus];
        match field.id {
            ProfileField::Credential => self.kind = self.kind.next(),
            ProfileField::SaveSecret | ProfileField::ReadOnly => field.toggle(),
            _ => return,
        }
        field.touched = true;
    }

    /// Moves focus by `step` among the fields the credential shows, wrapping.
    fn focus_by(&mut self, step: isize) {
        let visible = self.visible();
        let at = visible.iter().position(|&i| i == self.focus).unwrap_or(0) as isize;
        let len = visible.len() as isize;
        self.focus = visible[(at + step).rem_euclid(len) as usize];
    }

    fn on_last_field(&self) -> bool {
        self.visible().last() == Some(&self.focus)
    }

    /// Ctrl-S: the change to write, if every shown field is valid; else the first problem.
    fn save(&mut self) -> Outcome {
        self.reveal_errors = true;
        if let Some((index, problem)) = self
            .visible()
            .into_iter()
            .find_map(|i| self.problem(i).map(|p| (i, p)))
        {
            self.focus = index;
            self.message = Some(Message::Invalid {
                label: self.fields[index].id.label(),
                problem,
            });
            return Outcome::None;
        }
        self.message = None;
        Outcome::Save(self.change())
    }

    /// What to write: adding, everything; editing, only what changed.
    pub(super) fn change(&self) -> ProfileChange {
        let new = self.is_new();
        let text_if_changed = |id: ProfileField| -> Option<String> {
            let field = self.field(id)?;
            (new || field.is_changed()).then(|| field.text_value().trim().to_owned())
        };
        let read_only = self
            .field(ProfileField::ReadOnly)
            .filter(|f| new || f.is_changed())
            .map(crate::screens::form_field::Field::is_checked);
        let kind_changed = new || self.kind != self.initial_kind;
        let credential = match self.kind {
            CredentialKind::Secret => {
                let secret = self.text(ProfileField::Secret);
                if secret.is_empty() {
                    // Editing with the secret kept: only saving or not may change.
                    CredentialChange::Keep
                } else if self.checked(ProfileField::SaveSecret) {
                    CredentialChange::SavedSecret(SecretString::from(secret))
                } else {
                    CredentialChange::SessionSecret(SecretString::from(secret))
                }
            }
            CredentialKind::Variable => match text_if_changed(ProfileField::SecretVariable) {
                Some(var) => CredentialChange::SecretEnv(var),
                None if kind_changed => {
                    CredentialChange::SecretEnv(self.text(ProfileField::SecretVariable))
                }
                None => CredentialChange::Keep,
            },
            CredentialKind::Certificate => {
                match (text_if_changed(ProfileField::CertificatePath), kind_changed) {
                    (Some(path), _) => CredentialChange::Certificate(path.into()),
                    (None, true) => CredentialChange::Certificate(
                        self.text(ProfileField::CertificatePath).into(),
                    ),
                    (None, false) => CredentialChange::Keep,
                }
            }
        };
        ProfileChange {
            name: self
                .editing
                .clone()
                .unwrap_or_else(|| self.text(ProfileField::Name)),
            is_new: new,
            tenant_id: text_if_changed(ProfileField::TenantId),
            client_id: text_if_changed(ProfileField::ClientId),
            read_only,
            credential,
        }
    }
}
