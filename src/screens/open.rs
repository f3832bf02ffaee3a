//! Opening the screens that act on one user: the detail, the create and edit forms, the
//! delete confirmation, the sign-in dialog (block, unblock, revoke sessions), the reset
//! password dialog and undo. Both the list and the detail open them, so they live here, beside
//! neither. Writes are checked first: a disabled one says why on the status line.

use super::clear_manager::state::{self as clear, ClearManager};
use super::confirm_delete::state::ConfirmDelete;
use super::confirm_restore::state::ConfirmRestore;
use super::confirm_sign_in::state::{Ask, ConfirmSignIn, Target};
use super::deleted_users::state::Target as RestoreTarget;
use super::import::state::Import;
use super::manager_picker::state::{self as picker, ManagerPicker, Person};
use super::reset_password::state::ResetPassword;
use super::stack::Screen;
use super::user_detail::state::{Load, UserDetail};
use super::user_form::state::UserForm;
use super::user_list::row::Row;
use crate::effect::Effects;
use crate::graph::{LIST_SELECT, User, UserId};
use crate::keymap::Action;
use crate::runtime::worker::Op;
use crate::state::{Notice, Pending, State};
use crate::undo::{Before, LastWrite, Reversal};

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

/// A read for the edit form (or an undo's review of an edit) is on its way.
pub fn is_edit_read(p: &Pending) -> bool {
    matches!(p, Pending::Detail(Load::Edit { .. } | Load::Undo { .. }))
}

/// The create form, its UPN domain suggested from the loaded users.
pub fn create(state: &mut State) {
    if state.allow_write(Action::New) {
        let form =
            UserForm::create(state.suggested_domain().as_deref()).with_domains(state.upn_domains());
        state.screens.push(Screen::UserForm(Box::new(form)));
    }
}

/// The edit form for `user`: at once when `complete` (it holds every property, as read from
/// Graph), else once the user is read. That read replaces a background read of the user's
/// detail in flight; the detail's relations follow it instead.
pub fn edit(state: &mut State, user: &User, complete: bool, fx: &mut Effects) {
    if !state.allow_write(Action::Edit) {
        return;
    }
    if complete {
        let form = UserForm::edit(user).with_domains(state.upn_domains());
        state.screens.push(Screen::UserForm(Box::new(form)));
        return;
    }
    let id = user.id.clone();
    fx.cancel(state, |p| {
        is_edit_read(p)
            || matches!(p, Pending::Detail(Load::Refresh { user_id, .. }) if *user_id == id)
    });
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

/// `z`: the opposite of the last write, through the same review or confirmation as the write
/// itself: the edit form's review with the earlier values, "Restore this user?", or "Unblock /
/// Block sign-in?".
pub fn undo(state: &mut State, fx: &mut Effects) {
    let Some(last) = state.undo.clone() else {
        state.status.notice = Some(Notice::Info(format!(
            "Nothing to undo: {} takes back this session's last edit, delete, block, unblock or \
             manager change",
            state.keymap.short(Action::Undo)
        )));
        return;
    };
    if !state.allow_write(Action::Undo) {
        return;
    }
    let LastWrite {
        user: id,
        label,
        upn,
        reversal,
    } = last;
    match reversal {
        Reversal::Edit(before) => match loaded_copy(state, &id, &before) {
            Copy::Holds(user) => undo_edit(state, &user, &before),
            // The loaded copy lacks an edited property: read the user, as `e` does.
            Copy::Partial => {
                fx.cancel(state, is_edit_read);
                let pending = Pending::Detail(Load::Undo {
                    user_id: id.clone(),
                    label,
                    before,
                });
                fx.run(state, Op::GetUser(id), pending);
            }
            Copy::Missing => {
                state.status.notice = Some(Notice::Refused(format!(
                    "{label} is not loaded any more: press {} to refresh, then {} again",
                    state.keymap.short(Action::Refresh),
                    state.keymap.short(Action::Undo)
                )));
            }
        },
        Reversal::Delete => {
            let target = RestoreTarget {
                id,
                label,
                upn,
                display_name: None,
            };
            state
                .screens
                .push(Screen::ConfirmRestore(Box::new(ConfirmRestore { target })));
        }
        Reversal::Manager { before: None } => {
            let dialog = ClearManager {
                user: Person { id, label, upn },
                manager: clear::Found::Loading,
            };
            let current = Op::GetManager(dialog.user.id.clone());
            state.screens.push(Screen::ClearManager(Box::new(dialog)));
            fx.run(
                state,
                current,
                Pending::ClearManager(clear::Request::Current),
            );
        }
        Reversal::Manager {
            before: Some(manager),
        } => {
            let user = Person { id, label, upn };
            let current = Op::GetManager(user.id.clone());
            let picker = ManagerPicker::offering(user, &manager);
            state.screens.push(Screen::ManagerPicker(Box::new(picker)));
            fx.run(
                state,
                current,
                Pending::PickManager(picker::Request::Current),
            );
        }
        Reversal::SignIn { enabled_before } => {
            let ask = if enabled_before {
                Ask::Unblock
            } else {
                Ask::Block { revoke: true }
            };
            let target = Target { id, label, upn };
            state
                .screens
                .push(Screen::ConfirmSignIn(Box::new(ConfirmSignIn {
                    target,
                    ask,
                })));
        }
    }
}

/// The review that takes an edit back, over `user` as Graph holds it now.
pub fn undo_edit(state: &mut State, user: &User, before: &[Before]) {
    let form = UserForm::undo(user, before);
    state.screens.push(Screen::UserForm(Box::new(form)));
}

/// What the screens hold of the user an edit is undone on.
enum Copy {
    /// A copy holding every property the edit changed.
    Holds(Box<User>),
    /// Only a copy without some of them (a list row holds only its columns).
    Partial,
    /// No copy: the user is neither open nor listed.
    Missing,
}

/// The copy of user `id` an open detail or the list holds: a detail read from Graph holds
/// every property; a list row (or a detail still showing only the row) only `LIST_SELECT`.
fn loaded_copy(state: &State, id: &UserId, before: &[Before]) -> Copy {
    let detail = state
        .screens
        .find::<UserDetail>()
        .filter(|detail| detail.user.id == *id);
    if let Some(detail) = detail
        && detail.complete
    {
        return Copy::Holds(Box::new(detail.user.clone()));
    }
    let partial = detail.map(|d| d.user.clone()).or_else(|| {
        state
            .screens
            .list()
            .and_then(|list| list.row(id))
            .map(Row::to_user)
    });
    let Some(user) = partial else {
        return Copy::Missing;
    };
    if before.iter().all(|b| LIST_SELECT.contains(&b.property)) {
        Copy::Holds(Box::new(user))
    } else {
        Copy::Partial
    }
}

/// `p` on a user: the reset password dialog, and a strong password made for it at once.
pub fn reset_password(state: &mut State, user: &User, fx: &mut Effects) {
    if !state.allow_write(Action::ResetPassword) {
        return;
    }
    let dialog = ResetPassword::new(Target::of(user));
    state.screens.push(Screen::ResetPassword(Box::new(dialog)));
    fx.generate_password();
}

fn push(state: &mut State, user: &User, ask: Ask) {
    let target = Target::of(user);
    state
        .screens
        .push(Screen::ConfirmSignIn(Box::new(ConfirmSignIn {
            target,
            ask,
        })));
}

/// `I`: the import dialog, asking for the bulk-create file (`screens/import`).
pub fn import(state: &mut State) {
    if !state.allow_write(Action::Import) || state.screens.has::<Import>() {
        return;
    }
    state.screens.push(Screen::Import(Box::default()));
}
