//! Where a key press goes: the stage first (review, discard question), then the keymap's form
//! keys (focus, save, generate, leave), and everything else to the focused text input.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::InputRequest;
use tui_input::backend::crossterm::to_input_request;

use super::field::FieldId;
use super::state::{FormOutcome, Message, Stage, UserForm};
use super::validate;
use crate::keymap::{Action, Context, Keymap};
use crate::widgets::text;

impl UserForm {
    pub fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> FormOutcome {
        if key.kind == KeyEventKind::Release {
            return FormOutcome::None;
        }
        match self.stage {
            Stage::Review => match keymap.action(Context::FormReview, key) {
                Some(Action::Submit) => return self.submit(),
                Some(Action::Back) => self.stage = Stage::Editing,
                _ => {}
            },
            Stage::ConfirmDiscard => match keymap.action(Context::FormDiscard, key) {
                Some(Action::Confirm) => return FormOutcome::Close,
                Some(Action::Cancel | Action::Back) => self.stage = Stage::Editing,
                _ => {}
            },
            Stage::ChooseDomain { selected } => {
                let last = self.domains.names.len().saturating_sub(1);
                match keymap.action(Context::FormDomain, key) {
                    Some(Action::Up) => {
                        self.stage = Stage::ChooseDomain {
                            selected: selected.saturating_sub(1),
                        };
                    }
                    Some(Action::Down) => {
                        self.stage = Stage::ChooseDomain {
                            selected: (selected + 1).min(last),
                        };
                    }
                    Some(Action::Submit) => self.use_domain(selected),
                    Some(Action::Back) => self.stage = Stage::Editing,
                    _ => {}
                }
            }
            Stage::Editing => return self.editing_key(key, keymap),
        }
        FormOutcome::None
    }

    /// Pasted text goes into the focused text field as if typed. Fields are single-line, so
    /// line breaks and tabs become spaces (other control characters are dropped), and a field
    /// takes no more than Graph stores for it.
    pub fn handle_paste(&mut self, text: &str) {
        if self.stage != Stage::Editing || !self.fields[self.focus].is_text() {
            return;
        }
        if text.contains('@') {
            self.drop_domain_suggestion();
        }
        let mut changed = false;
        let mut full = false;
        for c in text::single_line(text) {
            if self.fields[self.focus].is_full() {
                full = true;
                break;
            }
            changed |= self.fields[self.focus].edit(InputRequest::InsertChar(c));
        }
        if changed {
            self.after_edit(self.focus);
        }
        if full {
            self.say_full();
        }
    }

    /// The focused field holds all Graph stores: the admin is told the rest was not taken.
    fn say_full(&mut self) {
        let id = self.fields[self.focus].id;
        let max = id.max_chars().unwrap_or_default();
        self.message = Some(Message::Capped {
            label: id.label(),
            max,
        });
    }

    fn editing_key(&mut self, key: KeyEvent, keymap: &Keymap) -> FormOutcome {
        let typing = self.fields[self.focus].is_text();
        match keymap.action_typing(Context::Form, key, typing) {
            Some(Action::Back) if self.is_dirty() => self.stage = Stage::ConfirmDiscard,
            Some(Action::Back) => return FormOutcome::Close,
            Some(Action::PrevField) => self.focus_by(-1),
            Some(Action::NextField) => self.focus_by(1),
            Some(Action::Submit) if self.on_last_field() => self.request_review(),
            Some(Action::Submit) => self.focus_by(1),
            Some(Action::Save) => self.request_review(),
            Some(Action::GeneratePassword) if self.index_of(FieldId::Password).is_some() => {
                return FormOutcome::GeneratePassword;
            }
            Some(Action::ChooseDomain) => self.choose_domain(),
            Some(Action::Toggle) => {
                self.fields[self.focus].toggle();
                self.after_edit(self.focus);
            }
            Some(_) => {}
            None => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                if key.code == KeyCode::Char('@') && !ctrl {
                    self.drop_domain_suggestion();
                }
                match to_input_request(&Event::Key(key)) {
                    Some(InputRequest::InsertChar(_)) if self.fields[self.focus].is_full() => {
                        self.say_full();
                    }
                    Some(request) if self.fields[self.focus].edit(request) => {
                        self.after_edit(self.focus);
                    }
                    _ => {}
                }
            }
        }
        FormOutcome::None
    }

    /// Typing or pasting an `@` just before the untouched `@domain` suggestion means the admin
    /// wants another domain (or pastes a whole UPN): drop the suggestion, else the result would
    /// be `alias@other@domain`.
    fn drop_domain_suggestion(&mut self) {
        let field = &mut self.fields[self.focus];
        let (Some(suggestion), Some(input)) = (&self.upn_suggestion, field.input()) else {
            return;
        };
        if field.id != FieldId::UserPrincipalName {
            return;
        }
        let after_cursor: String = input.value().chars().skip(input.cursor()).collect();
        if after_cursor == *suggestion {
            field.edit(InputRequest::DeleteTillEnd);
        }
    }

    /// Opens the list of domains on the UPN field, at the domain it has now.
    fn choose_domain(&mut self) {
        let Some(index) = self.index_of(FieldId::UserPrincipalName) else {
            return;
        };
        self.focus = index;
        if self.domains.names.is_empty() {
            self.message = Some(Message::NoDomains);
            return;
        }
        let current = self.fields[index]
            .text_value()
            .rsplit_once('@')
            .and_then(|(_, domain)| self.domains.position(domain.trim()));
        self.stage = Stage::ChooseDomain {
            selected: current.unwrap_or(0),
        };
    }

    /// Puts domain `selected` after the `@` of the UPN, keeping what is before it, with the
    /// cursor at the end of the alias so typing goes on there.
    fn use_domain(&mut self, selected: usize) {
        self.stage = Stage::Editing;
        let (Some(index), Some(domain)) = (
            self.index_of(FieldId::UserPrincipalName),
            self.domains.names.get(selected).cloned(),
        ) else {
            return;
        };
        let field = &mut self.fields[index];
        let value = field.text_value().to_owned();
        let alias = value.rsplit_once('@').map_or(value.as_str(), |(a, _)| a);
        let alias_chars = alias.chars().count();
        let upn = format!("{alias}@{domain}");
        if upn == value {
            return;
        }
        field.set_text(upn);
        field.edit(InputRequest::GoToStart);
        for _ in 0..alias_chars {
            field.edit(InputRequest::GoToNextChar);
        }
        // Typing `@` just before the chosen domain replaces it, as with the create form's
        // suggested one.
        self.upn_suggestion = Some(format!("@{domain}"));
        self.after_edit(index);
    }

    /// Moves focus by `step` fields, wrapping at both ends.
    fn focus_by(&mut self, step: isize) {
        let len = self.fields.len() as isize;
        self.focus = (self.focus as isize + step).rem_euclid(len) as usize;
    }

    /// Bookkeeping after the admin changed field `index`.
    fn after_edit(&mut self, index: usize) {
        let field = &mut self.fields[index];
        field.touched = true;
        field.server_error = None;
        let id = field.id;
        if self
            .message
            .as_ref()
            .is_some_and(|m| !matches!(m, Message::Failed(_)))
        {
            self.message = None;
        }
        match id {
            FieldId::UserPrincipalName if self.nickname_follows_upn => {
                let upn = self.fields[index].text_value().to_owned();
                if let Some(nickname) = self.field_mut(FieldId::MailNickname) {
                    nickname.set_text(validate::nickname_from_upn(&upn));
                    nickname.server_error = None;
                }
            }
            FieldId::MailNickname => self.nickname_follows_upn = false,
            FieldId::UsageLocation => {
                let field = &mut self.fields[index];
                let upper = field.text_value().to_ascii_uppercase();
                field.set_text(upper);
            }
            // A password the admin typed is never shown in clear.
            FieldId::Password => self.password_visible = false,
            _ => {}
        }
    }

    /// A generated password (Ctrl-G) into the password field, shown in clear so it can be
    /// noted.
    pub fn use_generated_password(&mut self, generated: String) {
        let Some(index) = self.index_of(FieldId::Password) else {
            return;
        };
        let field = &mut self.fields[index];
        field.set_text(generated.clone());
        field.edit(InputRequest::GoToEnd);
        field.touched = true;
        field.server_error = None;
        self.generated = Some(generated);
        self.password_visible = true;
        self.message = Some(Message::Generated);
    }

    /// Ctrl-S: review if everything is valid, else point at the first problem.
    pub(super) fn request_review(&mut self) {
        self.reveal_errors = true;
        let invalid =
            (0..self.fields.len()).find_map(|i| self.problem(i).map(|problem| (i, problem)));
        if let Some((index, problem)) = invalid {
            self.focus = index;
            let label = self.fields[index].id.label();
            self.message = Some(Message::Invalid { label, problem });
            return;
        }
        if !self.is_create() && self.review_lines().is_empty() {
            self.message = Some(Message::NothingToSave);
            return;
        }
        self.message = None;
        self.stage = Stage::Review;
    }

    /// The review is confirmed: back to the fields (shown dimmed while the app saves).
    fn submit(&mut self) -> FormOutcome {
        self.stage = Stage::Editing;
        FormOutcome::Submit(self.submission())
    }
}
