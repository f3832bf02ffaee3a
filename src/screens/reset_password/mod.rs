//! "Reset this user's password?": a new password for one user, generated (a strong one is
//! made when the dialog opens, and again with the generate key) or typed (masked unless "Show
//! the password" is ticked), checked against Entra's password rules as the form checks them,
//! with "require a new password at the next sign-in" on by default. Enter (or `y` on a
//! checkbox) sends `PATCH passwordProfile`; Esc (or `n` on a checkbox) leaves the user as it
//! is, or cancels a reset in flight. A generated password is shown once after the reset and
//! dropped when that is dismissed; a refusal keeps the dialog and the password, and a 403
//! says which Entra role the app needs.

pub mod state;
mod view;

#[cfg(test)]
mod tests;

use crossterm::event::{Event, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use secrecy::{ExposeSecret as _, SecretString};
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

use super::created_password::state::{CreatedPassword, Reason};
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::stack::Screen;
use super::user_form::password_problem;
use crate::effect::Effects;
use crate::graph::{GraphError, PasswordProfile};
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Operation, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::widgets::text;
pub use state::{Focus, Message, PASSWORD_MAX, Request, ResetPassword, Source, Target};
pub(crate) use view::working;
pub use view::{advice, error_line};

/// What the status line says while the reset runs.
pub fn activity(request: &Request) -> String {
    format!("Resetting the password of {}…", request.target.label)
}

impl ScreenView for ResetPassword {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        Context::ResetPassword
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        self.focus == Focus::Password
    }

    fn crumb(&self) -> Option<String> {
        Some("Reset password".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::ResetPassword;
        if working(state) {
            return vec![Hint::action_in(km, Action::Back, c, "cancel", 9)];
        }
        let mut hints = vec![
            Hint::fixed(&view::submit_keys(self, km), "reset", 9),
            Hint::action_in(km, Action::GeneratePassword, c, "generate", 8),
            Hint::action_in(km, Action::NextField, c, "next", 7),
            Hint::fixed(&view::cancel_keys(self, km), "leave it", 9),
        ];
        if self.focus != Focus::Password {
            hints.push(Hint::action_in(km, Action::Toggle, c, "tick/untick", 8));
            hints.push(Hint::action_in(km, Action::Help, c, "help", 6));
        }
        hints
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Reset password", Context::ResetPassword)
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(dialog) = state.screens.top_as::<ResetPassword>() else {
        return;
    };
    let typing = dialog.focus == Focus::Password;
    let action = state
        .keymap
        .action_typing(Context::ResetPassword, key, typing);
    if working(state) {
        if action == Some(Action::Back) {
            fx.cancel(state, |p| matches!(p, Pending::ResetPassword(_)));
            state.status.notice = Some(Notice::Info(
                "Reset cancelled: Graph may already have set the new password; reset it again to \
                 be sure of the password"
                    .to_owned(),
            ));
            state.screens.pop();
        }
        return;
    }
    match action {
        Some(Action::Submit | Action::Confirm) => submit(state, fx),
        Some(Action::Back | Action::Cancel) => state.screens.pop(),
        Some(Action::GeneratePassword) => fx.generate_password(),
        Some(action @ (Action::NextField | Action::PrevField)) => {
            if let Some(dialog) = state.screens.top_as_mut::<ResetPassword>() {
                let step = if action == Action::NextField { 1 } else { -1 };
                dialog.focus = focus_by(dialog.focus, step);
            }
        }
        Some(Action::Toggle) => {
            if let Some(dialog) = state.screens.top_as_mut::<ResetPassword>() {
                match dialog.focus {
                    Focus::Show => dialog.show = !dialog.show,
                    Focus::ForceChange => dialog.force_change = !dialog.force_change,
                    Focus::Password => {}
                }
            }
        }
        Some(_) => {}
        None if typing => {
            if let (Some(request), Some(dialog)) = (
                to_input_request(&Event::Key(key)),
                state.screens.top_as_mut::<ResetPassword>(),
            ) {
                edit(dialog, request);
            }
        }
        None => {}
    }
}

/// `step` places along the tab order, wrapping at both ends.
fn focus_by(focus: Focus, step: isize) -> Focus {
    let order = Focus::ORDER;
    let at = order.iter().position(|f| *f == focus).unwrap_or(0) as isize;
    order[(at + step).rem_euclid(order.len() as isize) as usize]
}

/// One editing request on the password. A generated password is replaced as a whole by the
/// first change (as selected text would be), and what the admin types is theirs: masked
/// unless they tick "Show".
fn edit(dialog: &mut ResetPassword, request: InputRequest) {
    let inserts = matches!(request, InputRequest::InsertChar(_));
    if inserts && dialog.password().chars().count() >= PASSWORD_MAX && !dialog.is_generated() {
        dialog.message = Some(Message::Capped);
        return;
    }
    let moves = matches!(
        request,
        InputRequest::GoToPrevChar
            | InputRequest::GoToNextChar
            | InputRequest::GoToPrevWord
            | InputRequest::GoToNextWord
            | InputRequest::GoToStart
            | InputRequest::GoToEnd
    );
    if moves {
        dialog.input.handle(request);
        return;
    }
    if dialog.is_generated() {
        dialog.input = Input::default();
        dialog.source = Source::Typed;
        dialog.show = false;
        if !inserts {
            edited(dialog);
            return;
        }
    }
    if dialog.input.handle(request).is_some_and(|c| c.value) {
        edited(dialog);
    }
}

/// Bookkeeping after the admin changed the password.
fn edited(dialog: &mut ResetPassword) {
    dialog.source = Source::Typed;
    if matches!(dialog.message, Some(Message::Invalid(_) | Message::Capped)) {
        dialog.message = None;
    }
}

fn on_paste(state: &mut State, pasted: &str, _fx: &mut Effects) {
    if working(state) {
        return;
    }
    let Some(dialog) = state.screens.top_as_mut::<ResetPassword>() else {
        return;
    };
    if dialog.focus != Focus::Password {
        return;
    }
    for c in text::single_line(pasted) {
        if dialog.password().chars().count() >= PASSWORD_MAX && !dialog.is_generated() {
            dialog.message = Some(Message::Capped);
            break;
        }
        edit(dialog, InputRequest::InsertChar(c));
    }
}

/// A password made for the dialog arrives: into it, shown in clear, if it is still open and
/// not sending.
pub fn password_generated(state: &mut State, password: &SecretString) {
    if working(state) {
        return;
    }
    if let Some(dialog) = state.screens.top_as_mut::<ResetPassword>() {
        dialog.input = Input::new(password.expose_secret().to_owned());
        dialog.source = Source::Generated;
        dialog.show = true;
        if matches!(dialog.message, Some(Message::Invalid(_) | Message::Capped)) {
            dialog.message = None;
        }
    }
}

/// Enter, or `y` on a checkbox: the password is checked as the form checks it, then sent.
fn submit(state: &mut State, fx: &mut Effects) {
    if !state.allow_write(Action::ResetPassword) {
        state.screens.pop();
        return;
    }
    let Some(dialog) = state.screens.top_as_mut::<ResetPassword>() else {
        return;
    };
    if let Some(problem) = password_problem(dialog.password()) {
        dialog.message = Some(Message::Invalid(problem));
        dialog.focus = Focus::Password;
        dialog.source = Source::Typed;
        return;
    }
    dialog.message = None;
    let profile = PasswordProfile {
        password: dialog.password().to_owned(),
        force_change_password_next_sign_in: dialog.force_change,
    };
    let request = Request {
        target: dialog.target.clone(),
        generated: dialog.is_generated(),
        force_change: dialog.force_change,
    };
    let op = Op::ResetPassword {
        id: request.target.id.clone(),
        profile,
    };
    state.status.notice = None;
    fx.run(state, op, Pending::ResetPassword(request));
}

pub(crate) fn on_reply(state: &mut State, request: Request, result: Result<Reply, GraphError>) {
    if let Err(e) = result {
        if let Some(dialog) = state.screens.find_mut::<ResetPassword>() {
            dialog.message = Some(Message::Failed(e.clone()));
        }
        state.failed(Operation::ResetPassword, e);
        return;
    }
    // The generated password leaves the dialog only for the popup that shows it once.
    let shown = state
        .screens
        .find::<ResetPassword>()
        .filter(|_| request.generated)
        .map(|dialog| SecretString::from(dialog.password().to_owned()));
    state.screens.close::<ResetPassword>();
    let Request {
        target,
        force_change,
        ..
    } = request;
    if let Some(password) = shown {
        state
            .screens
            .push(Screen::CreatedPassword(Box::new(CreatedPassword {
                upn: target.upn.clone(),
                password,
                reason: Reason::Reset { force_change },
            })));
    }
    let then = if force_change {
        "it must be changed at the next sign-in"
    } else {
        "it stays until the user changes it"
    };
    state.status.notice = Some(Notice::Success(format!(
        "Reset the password of {}: {then}",
        target.label
    )));
}
