//! Opening the screens that act on one user: the detail, the create and edit forms, the
//! delete confirmation and the sign-in dialog (block, unblock, revoke sessions). Both the list and the detail open them, so they live here, beside
//! neither. Writes are checked first: a disabled one says why on the status line.

use super::confirm_delete::state::ConfirmDelete;
use super::confirm_sign_in::state::{Ask, ConfirmSignIn, Target};
use super::stack::Screen;
use super::user_detail::state::{Load, UserDetail};
use super::user_form::state::UserForm;
use crate::effect::Effects;
use crate::graph::User;
use crate::keymap::Action;
use crate::runtime::worker::Op;
use crate::state::{Notice, Pending, State};

/// The user's details: the list row's columns at once, and every property read in the
/// background.
pub fn detail(state: &mut State, user: User, fx: &mut Effects) {
    refresh_detail(state, &user, fx);
    state.screens.push(Screen::UserDetail(Box::new(UserDetail {
        user,
        scroll: 0,
        gone: false,
        complete: false,
    })));
}

/// Reads `user` again for the open detail, superseding any read in flight.
pub fn refresh_detail(state: &mut State, user: &User, fx: &mut Effects) {
    fx.cancel(state, is_detail_refresh);
    let pending = Pending::Detail(Load::Refresh {
        user_id: user.id.clone(),
        label: user.label().to_owned(),
    });
    fx.run(state, Op::GetUser(user.id.clone()), pending);
}

/// The detail's background read, or the read the edit form waits for.
pub fn is_detail_refresh(p: &Pending) -> bool {
    matches!(p, Pending::Detail(Load::Refresh { .. } | Load::Edit { .. }))
}

/// A read for the edit form is on its way.
pub fn is_edit_read(p: &Pending) -> bool {
    matches!(p, Pending::Detail(Load::Edit { .. }))
}

/// The create form, its UPN domain suggested from the loaded users.
pub fn create(state: &mut State) {
    if state.allow_write(Action::New) {
        let form = UserForm::create(state.suggested_domain().as_deref());
        state.screens.push(Screen::UserForm(Box::new(form)));
    }
}

/// The edit form for `user`: at once when `complete` (it holds every property, as read from
/// Graph), else once the user is read (it replaces a background read of the detail in flight).
pub fn edit(state: &mut State, user: &User, complete: bool, fx: &mut Effects) {
    if !state.allow_write(Action::Edit) {
        return;
    }
    if complete {
        let form = UserForm::edit(user);
        state.screens.push(Screen::UserForm(Box::new(form)));
        return;
    }
    fx.cancel(state, is_detail_refresh);
    let pending = Pending::Detail(Load::Edit {
        user_id: user.id.clone(),
        label: user.label().to_owned(),
    });
    fx.run(state, Op::GetUser(user.id.clone()), pending);
}

/// Esc while the edit form waits for its read: no form, and the status line says so.
pub fn cancel_edit(state: &mut State, fx: &mut Effects) {
    fx.cancel(state, is_edit_read);
    state.status.notice = Some(Notice::Info("Edit cancelled".to_owned()));
}

/// "Delete this user?"
pub fn delete(state: &mut State, user: &User) {
    if state.allow_write(Action::Delete) {
        state
            .screens
            .push(Screen::ConfirmDelete(Box::new(ConfirmDelete {
                id: user.id.clone(),
                label: user.label().to_owned(),
                upn: user.upn().to_owned(),
            })));
    }
}

/// `b` on a user: block its sign-in, or unblock it when it is blocked.
pub fn block(state: &mut State, user: &User) {
    if state.allow_write(Action::Block) {
        let ask = if user.account_enabled == Some(false) {
            Ask::Unblock
        } else {
            Ask::Block { revoke: true }
        };
        push(state, user, ask);
    }
}

/// `R` on a user: revoke its sessions.
pub fn revoke_sessions(state: &mut State, user: &User) {
    if state.allow_write(Action::RevokeSessions) {
        push(state, user, Ask::Revoke);
    }
}

fn push(state: &mut State, user: &User, ask: Ask) {
    let target = Target {
        id: user.id.clone(),
        label: user.label().to_owned(),
        upn: user.upn().to_owned(),
    };
    state
        .screens
        .push(Screen::ConfirmSignIn(Box::new(ConfirmSignIn {
            target,
            ask,
        })));
}
