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
use crate::state::{Pending, State};

/// The user's details, over the screen in front (the list, or another user's detail): the
/// loaded copy at once, and a fresh read in the background, then its relations.
pub fn detail(state: &mut State, user: User, fx: &mut Effects) {
    // A number no other detail of this session has: its requests carry it.
    let view = state.next_request_id();
    refresh_detail(state, view, &user, fx);
    state
        .screens
        .push(Screen::UserDetail(Box::new(UserDetail::new(user, view))));
}

/// Reads `user` again for the detail `view` (its relations follow), superseding whatever that
/// detail was still reading. What it shows stays until the answers come.
pub fn refresh_detail(state: &mut State, view: u64, user: &User, fx: &mut Effects) {
    fx.cancel(
        state,
        |p| matches!(p, Pending::Detail(load) if load.view() == Some(view)),
    );
    let pending = Pending::Detail(Load::Refresh {
        view,
        user_id: user.id.clone(),
        label: user.label().to_owned(),
    });
    fx.run(state, Op::GetUser(user.id.clone()), pending);
}

/// The create form, its UPN domain suggested from the loaded users.
pub fn create(state: &mut State) {
    if state.allow_write(Action::New) {
        let form = UserForm::create(state.suggested_domain().as_deref());
        state.screens.push(Screen::UserForm(Box::new(form)));
    }
}

/// The edit form for `user`.
pub fn edit(state: &mut State, user: &User) {
    if state.allow_write(Action::Edit) {
        let form = UserForm::edit(user);
        state.screens.push(Screen::UserForm(Box::new(form)));
    }
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
