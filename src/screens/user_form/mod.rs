//! The Create user / Edit user form: its own state, key handling, validation, review step and
//! view. [`UserForm::handle_key`] turns a key into a [`FormOutcome`]; `flow` is the form's
//! place in the app: opening it, sending the save, and the answer.
//!
//! Files: `field` (what is edited), `validate` (Graph's rules), `keys` (input), `review`
//! (what will be sent), `server_error` (mapping Graph's refusal to a field), `flow` (opening,
//! saving, replies), `view` and `popup` (drawing, pure).
//!
//! This file is the form's place in the app: the keys the app hands it, the save it sends,
//! and what the answer does to the list, the detail and the form.

mod field;
mod keys;
mod popup;
mod review;
mod server_error;
pub mod state;
pub(crate) mod validate;
mod view;

#[cfg(test)]
mod edit_tests;
#[cfg(test)]
mod rename_tests;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod tests;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use secrecy::{ExposeSecret as _, SecretString};

use super::created_password::state::{CreatedPassword, Reason};
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::stack::Screen;
use super::user_detail::state::Load as DetailLoad;
use super::user_list;
use crate::effect::Effects;
use crate::graph::{Change, GraphError, User};
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Operation, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::undo::{LastWrite, Reversal};
use state::Stage;
pub use state::{FormOutcome, FormSubmission, Save, UserForm};
pub use validate::password_problem;

/// What the status line says while the save runs.
pub fn activity(save: &Save) -> String {
    match save {
        Save::Create { label, .. } => format!("Creating {label}…"),
        Save::Update { .. } => "Saving…".to_owned(),
    }
}

/// A create or update is awaited.
fn saving(state: &State) -> bool {
    state.is_pending(|p| matches!(p, Pending::Save(_)))
}

impl ScreenView for UserForm {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        UserForm::context(self)
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        UserForm::is_typing(self)
    }

    fn crumb(&self) -> Option<String> {
        Some(if self.is_create() { "New user" } else { "Edit" }.to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        // Room for the longest (create) form and its messages; no wider than reads well.
        let area = crate::widgets::popup::centered(area, 100, 24);
        crate::widgets::popup::clear(frame, area);
        view::render(self, &state.keymap, saving(state), state.tick, frame, area);
    }

    /// The form shows its own keys inside its frame; the bottom row has what is left.
    fn hints(&self, state: &State) -> Vec<Hint> {
        let mut hints = Vec::new();
        if !self.is_typing() && self.stage == Stage::Editing {
            hints.push(Hint::action(&state.keymap, Action::Help, "all keys", 9));
        }
        hints.push(Hint::fixed("Ctrl-C", "quit lazyentra", 8));
        hints
    }

    fn help(&self, state: &State) -> Help {
        if saving(state) {
            let rows = vec![
                crate::ui::help::HelpRow {
                    keys: state.keymap.label(Action::Back),
                    what: "cancel the save".to_owned(),
                    disabled: None,
                    name: Some(Action::Back.name()),
                },
                crate::ui::help::HelpRow::fixed("Ctrl-C", "quit from anywhere"),
            ];
            return Help {
                title: self.title(),
                rows,
            };
        }
        let create = self.is_create();
        help::for_actions(state, &self.title(), self.context(), |a| {
            a != Action::GeneratePassword || create
        })
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    if saving(state) {
        if state.keymap.is(Action::Back, key) {
            fx.cancel(state, |p| matches!(p, Pending::Save(_)));
            state.status.notice = Some(Notice::Info(
                "Save cancelled: Graph may already have applied it; refresh to check".to_owned(),
            ));
        }
        return;
    }
    let keymap = state.keymap.clone();
    let Some(form) = state.screens.top_as_mut::<UserForm>() else {
        return;
    };
    match form.handle_key(key, &keymap) {
        FormOutcome::None => {}
        FormOutcome::Close => state.screens.pop(),
        FormOutcome::GeneratePassword => fx.generate_password(),
        FormOutcome::Submit(submission) => submit(state, submission, fx),
    }
}

fn on_paste(state: &mut State, text: &str, _fx: &mut Effects) {
    if !saving(state)
        && let Some(form) = state.screens.top_as_mut::<UserForm>()
    {
        form.handle_paste(text);
    }
}

/// A password made for Ctrl-G arrives: into the form that asked, if it is still open.
pub fn password_generated(state: &mut State, password: &SecretString) {
    if let Some(form) = state.screens.find_mut::<UserForm>() {
        form.use_generated_password(password.expose_secret().to_owned());
    }
}

pub(crate) fn submit(state: &mut State, submission: FormSubmission, fx: &mut Effects) {
    state.status.notice = None;
    match submission {
        FormSubmission::Create(new_user) => {
            let save = Save::Create {
                label: new_user.display_name.clone(),
                account_enabled: new_user.account_enabled,
            };
            fx.run(
                state,
                Op::CreateUser(Box::new(new_user)),
                Pending::Save(save),
            );
        }
        FormSubmission::Update { id, patch } => {
            let label = user_list::label_of(state, &id).unwrap_or_else(|| id.to_string());
            let op = Op::UpdateUser {
                id: id.clone(),
                patch: patch.clone(),
            };
            fx.run(state, op, Pending::Save(Save::Update { id, label, patch }));
        }
    }
}

pub fn on_reply(
    state: &mut State,
    save: Save,
    result: Result<Reply, GraphError>,
    fx: &mut Effects,
) {
    let save_operation = match save {
        Save::Create { .. } => Operation::CreateUser,
        Save::Update { .. } => Operation::UpdateUser,
    };
    match (save, result) {
        (
            Save::Create {
                label,
                account_enabled,
            },
            Ok(Reply::Created(mut user)),
        ) => {
            user.account_enabled.get_or_insert(account_enabled);
            user.user_type.get_or_insert_with(|| "Member".to_owned());
            created(state, &label, &user, fx);
        }
        (Save::Update { id, patch, .. }, Ok(Reply::Updated)) => {
            let before = state
                .screens
                .find::<UserForm>()
                .map(UserForm::before_values)
                .unwrap_or_default();
            let mut label = String::new();
            let mut upn = String::new();
            user_list::update_user(state, &id, |user| {
                user.apply_patch(&patch);
                user.label().clone_into(&mut label);
                user.upn().clone_into(&mut upn);
            });
            if !before.is_empty() {
                state.undo = Some(LastWrite {
                    user: id,
                    label: label.clone(),
                    upn,
                    reversal: Reversal::Edit(before),
                });
            }
            state.screens.close::<UserForm>();
            state.status.notice = Some(Notice::Success(match &patch.user_principal_name {
                Change::Set(upn) => {
                    format!("Saved {label}: it signs in as {upn} now; the old name no longer works")
                }
                Change::Keep | Change::Clear => format!("Saved {label}"),
            }));
        }
        (_, Err(e)) => {
            if let Some(form) = state.screens.find_mut::<UserForm>() {
                form.set_error(&e);
            }
            state.failed(save_operation, e);
        }
        (save, Ok(reply)) => {
            tracing::warn!(?save, ?reply, "an answer that does not fit its request");
        }
    }
}

/// A new user: into the list (unless the applied search would not find it), its generated
/// password shown once, and read back for the properties Graph's 201 answer leaves out.
fn created(state: &mut State, label: &str, user: &User, fx: &mut Effects) {
    let password = state
        .screens
        .find::<UserForm>()
        .and_then(|form| form.generated_password().map(str::to_owned));
    let upn = user.upn().to_owned();
    let user_id = user.id.clone();
    state.screens.close::<UserForm>();
    let hidden_by = user_list::insert_created(state, user);
    if let Some(password) = password {
        state
            .screens
            .push(Screen::CreatedPassword(Box::new(CreatedPassword {
                upn,
                password: SecretString::from(password),
                reason: Reason::Created,
            })));
    }
    state.status.notice = Some(Notice::Success(match &hidden_by {
        None => format!("Created {label}"),
        Some(text) => format!(
            "Created {label}; it does not match '{text}', so it is not in these results ({} clears the search)",
            state.keymap.short(Action::Back)
        ),
    }));
    if hidden_by.is_none() {
        let load = DetailLoad::ReadBack {
            user_id: user_id.clone(),
        };
        fx.run(state, Op::GetUser(user_id), Pending::Detail(load));
    }
}
