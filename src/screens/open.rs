//! Opening the screens that act on one user: the detail, the create and edit forms, the
//! delete confirmation and the sign-in dialog (block, unblock, revoke sessions). Both the list and the detail open them, so they live here, beside
//! neither. Writes are checked first: a disabled one says why on the status line.

use super::clear_manager::state::{self as clear, ClearManager};
use super::confirm_delete::state::ConfirmDelete;
use super::confirm_sign_in::state::{Ask, ConfirmSignIn, Target};
use super::manager_picker::state::{self as picker, ManagerPicker, Person};
use super::stack::Screen;
use super::user_detail::state::{Load, UserDetail};
use super::user_form::state::UserForm;
use crate::effect::Effects;
use crate::graph::{User, UserId};
use crate::keymap::Action;
use crate::runtime::worker::Op;
use crate::state::{Pending, State};

/// The user's details: the loaded copy at once, and a fresh read in the background.
pub fn detail(state: &mut State, user: User, fx: &mut Effects) {
    refresh_detail(state, &user, fx);
    state.screens.push(Screen::UserDetail(Box::new(UserDetail {
        user,
        scroll: 0,
        gone: false,
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

/// The detail's background read.
pub fn is_detail_refresh(p: &Pending) -> bool {
    matches!(p, Pending::Detail(Load::Refresh { .. }))
}

/// `m`: the manager picker for `user`, which reads its current manager.
pub fn set_manager(state: &mut State, user: &User, fx: &mut Effects) {
    if state.allow_write(Action::SetManager) {
        let picker = ManagerPicker::new(Person::of(user));
        state.screens.push(Screen::ManagerPicker(Box::new(picker)));
        let pending = Pending::PickManager(picker::Request::Current);
        fx.run(state, Op::GetManager(user.id.clone()), pending);
    }
}

/// `M`: "Remove the manager?", which first reads who it is to name both people.
pub fn clear_manager(state: &mut State, user: &User, fx: &mut Effects) {
    if state.allow_write(Action::ClearManager) {
        let dialog = ClearManager {
            user: Person::of(user),
            manager: clear::Found::Loading,
        };
        state.screens.push(Screen::ClearManager(Box::new(dialog)));
        let pending = Pending::ClearManager(clear::Request::Current);
        fx.run(state, Op::GetManager(user.id.clone()), pending);
    }
}

/// User `id`'s manager was set or removed: the open detail of that user reads it again.
pub fn manager_changed(state: &mut State, id: &UserId, fx: &mut Effects) {
    let shown = state
        .screens
        .find::<UserDetail>()
        .filter(|d| d.user.id == *id)
        .map(|d| d.user.clone());
    if let Some(user) = shown {
        refresh_detail(state, &user, fx);
    }
}

/// The create form, its UPN domain suggested from the loaded users.
pub fn create(state: &mut State) {
    if state.allow_write(Action::New) {
        let form =
            UserForm::create(state.suggested_domain().as_deref()).with_domains(state.upn_domains());
        state.screens.push(Screen::UserForm(Box::new(form)));
    }
}

/// The edit form for `user`.
pub fn edit(state: &mut State, user: &User) {
    if state.allow_write(Action::Edit) {
        let form = UserForm::edit(user).with_domains(state.upn_domains());
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
