//! "Block sign-in?", "Unblock sign-in?" and "Revoke sessions?": each names the user. Blocking
//! offers to revoke the sessions too (on by default), since a block alone leaves the tokens
//! already issued valid for up to an hour. `y` or Enter sends it; `n` or Esc leaves the user
//! as it is, or cancels a request in flight. A success updates every copy of the user at once.

pub mod state;
mod view;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, ScreenView};
use crate::effect::Effects;
use crate::graph::GraphError;
use crate::keymap::{Action, Context};
use crate::runtime::worker::{Op, Reply};
use crate::state::{Notice, Operation, Pending, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
use crate::undo::{LastWrite, Reversal};

pub use state::{Ask, ConfirmSignIn, Request, Target};
pub(crate) use view::working;

/// What the status line says while a request runs.
pub fn activity(request: &Request) -> String {
    let label = &request.target().label;
    match request {
        Request::Block { .. } => format!("Blocking sign-in for {label}…"),
        Request::Unblock(_) => format!("Unblocking sign-in for {label}…"),
        Request::Revoke(_) | Request::RevokeAfterBlock(_) => {
            format!("Revoking the sessions of {label}…")
        }
    }
}

impl ConfirmSignIn {
    /// The title of the dialog and its crumb.
    pub fn title(&self) -> &'static str {
        match self.ask {
            Ask::Block { .. } => "Block sign-in",
            Ask::Unblock => "Unblock sign-in",
            Ask::Revoke => "Revoke sessions",
        }
    }

    fn action(&self) -> Action {
        match self.ask {
            Ask::Block { .. } | Ask::Unblock => Action::Block,
            Ask::Revoke => Action::RevokeSessions,
        }
    }
}

impl ScreenView for ConfirmSignIn {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::ConfirmSignIn
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some(self.title().to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        if working(state) {
            return vec![Hint::action(km, Action::Back, "cancel", 9)];
        }
        let mut hints = vec![
            Hint::action(km, Action::Confirm, view::verb(self.ask), 9),
            Hint::action(km, Action::Cancel, "leave it", 9),
        ];
        if let Ask::Block { revoke } = self.ask {
            let what = if revoke {
                "don't revoke sessions"
            } else {
                "also revoke sessions"
            };
            hints.push(Hint::action_in(
                km,
                Action::Toggle,
                Context::ConfirmSignIn,
                what,
                8,
            ));
        }
        hints
    }

    fn help(&self, state: &State) -> Help {
        let block = matches!(self.ask, Ask::Block { .. });
        help::for_actions(state, self.title(), Context::ConfirmSignIn, |a| {
            a != Action::Toggle || block
        })
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(dialog) = state.screens.top_as::<ConfirmSignIn>() else {
        return;
    };
    let dialog = dialog.clone();
    match state.keymap.action(Context::ConfirmSignIn, key) {
        Some(Action::Confirm | Action::Submit) if !working(state) => {
            if !state.allow_write(dialog.action()) {
                state.screens.pop();
                return;
            }
            let target = dialog.target.clone();
            let id = target.id.clone();
            let (op, request) = match dialog.ask {
                Ask::Block { revoke } => (
                    Op::SetAccountEnabled { id, enabled: false },
                    Request::Block { target, revoke },
                ),
                Ask::Unblock => (
                    Op::SetAccountEnabled { id, enabled: true },
                    Request::Unblock(target),
                ),
                Ask::Revoke => (Op::RevokeSessions(id), Request::Revoke(target)),
            };
            fx.run(state, op, Pending::SignIn(request));
        }
        Some(Action::Toggle) if !working(state) => {
            if let Some(ConfirmSignIn {
                ask: Ask::Block { revoke },
                ..
            }) = state.screens.top_as_mut::<ConfirmSignIn>()
            {
                *revoke = !*revoke;
            }
        }
        Some(Action::Cancel | Action::Back) => {
            if working(state) {
                fx.cancel(state, |p| matches!(p, Pending::SignIn(_)));
                state.status.notice = Some(Notice::Info(format!(
                    "{} cancelled: Graph may already have done it; refresh to check",
                    dialog.title()
                )));
            }
            state.screens.pop();
        }
        _ => {}
    }
}

/// "15:09:26 UTC": when Graph answered, as the worker stamped it.
fn time(at: DateTime<Utc>) -> String {
    at.format("%H:%M:%S UTC").to_string()
}

pub(crate) fn on_reply(
    state: &mut State,
    request: Request,
    result: Result<Reply, GraphError>,
    at: DateTime<Utc>,
    fx: &mut Effects,
) {
    if !matches!(request, Request::RevokeAfterBlock(_)) {
        state.screens.close::<ConfirmSignIn>();
    }
    let operation = Pending::SignIn(request.clone())
        .operation()
        .unwrap_or(Operation::RevokeSessions);
    let result = match result {
        Ok(reply) => reply,
        Err(e) => {
            state.failed(operation, e);
            return;
        }
    };
    tracing::debug!(?result, "sign-in request done");
    let label = request.target().label.clone();
    let message = match request {
        Request::Block { target, revoke } => {
            set_enabled(state, &target, false);
            remember(state, &target, true);
            if revoke {
                fx.run(
                    state,
                    Op::RevokeSessions(target.id.clone()),
                    Pending::SignIn(Request::RevokeAfterBlock(target)),
                );
                format!("Blocked sign-in for {label}; revoking its sessions…")
            } else {
                format!(
                    "Blocked sign-in for {label}: tokens already issued work for up to an hour \
                     ({} revokes them)",
                    state.keymap.short(Action::RevokeSessions)
                )
            }
        }
        Request::Unblock(target) => {
            set_enabled(state, &target, true);
            remember(state, &target, false);
            format!("Unblocked sign-in for {label}")
        }
        Request::Revoke(_) => format!(
            "Revoked the sessions of {label} at {}: it must sign in again",
            time(at)
        ),
        Request::RevokeAfterBlock(_) => format!(
            "Blocked sign-in for {label} and revoked its sessions at {}",
            time(at)
        ),
    };
    state.status.notice = Some(Notice::Success(message));
}

/// `z` can set `accountEnabled` back.
fn remember(state: &mut State, target: &Target, enabled_before: bool) {
    state.undo = Some(LastWrite {
        user: target.id.clone(),
        label: target.label.clone(),
        upn: target.upn.clone(),
        reversal: Reversal::SignIn { enabled_before },
    });
}

/// The list row and an open detail show the new state at once; a filter such as
/// `enabled:yes` sees it too.
fn set_enabled(state: &mut State, target: &Target, enabled: bool) {
    super::user_list::update_user(state, &target.id, |user| {
        user.account_enabled = Some(enabled);
    });
}
