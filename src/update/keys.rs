//! Where a key press goes: Ctrl-C first, then the help popup, then any popup (form, delete
//! confirmation, password), then the screen — through the keymap of its context.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::to_input_request;

use super::{Effects, begin_connect, list};
use crate::action::{Action, Context};
use crate::screens::user_form::{FormOutcome, FormSubmission};
use crate::state::{DeleteTarget, Notice, Pending, Popup, Screen, State};
use crate::worker::Op;

pub(super) fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        state.quit = true;
        return;
    }
    if state.help {
        if state.keymap.is(Action::Help, key)
            || state.keymap.is(Action::Back, key)
            || key.code == KeyCode::Esc
        {
            state.help = false;
        }
        return;
    }
    if state.popup.is_some() {
        popup_key(state, key, fx);
        return;
    }
    match state.screen {
        Screen::Connect => connect_key(state, key, fx),
        Screen::List if state.list.search.focused => list::search_key(state, key, fx),
        Screen::List => list_key(state, key, fx),
        Screen::Detail(_) => detail_key(state, key, fx),
    }
}

pub(super) fn on_paste(state: &mut State, text: &str, fx: &mut Effects) {
    if state.help {
        return;
    }
    match &mut state.popup {
        Some(Popup::Form(form)) => form.handle_paste(text),
        Some(_) => {}
        None if state.list.search.focused && state.screen == Screen::List => {
            list::search_paste(state, text, fx);
        }
        None => {}
    }
}

fn connect_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    match state.keymap.action(Context::Connect, key) {
        Some(Action::Connect) => {
            if let Some(problem) = state.connect.problems.first() {
                state.status.notice = Some(Notice::Error(format!("Cannot connect: {problem}")));
            } else {
                begin_connect(state, fx);
            }
        }
        Some(Action::Back) if state.is_pending(|p| *p == Pending::Connect) => {
            fx.cancel(state, |p| *p == Pending::Connect);
            state.status.notice = Some(Notice::Info("Sign-in cancelled".to_owned()));
        }
        Some(Action::Quit) => state.quit = true,
        Some(Action::Help) => state.help = true,
        _ => {}
    }
}

fn list_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(action) = state.keymap.action(Context::List, key) else {
        return;
    };
    match action {
        Action::Up => list::move_by(state, -1, fx),
        Action::Down => list::move_by(state, 1, fx),
        Action::PageUp => list::move_by(state, -(list::page_step(state) as isize), fx),
        Action::PageDown => list::move_by(state, list::page_step(state) as isize, fx),
        Action::First => list::move_by(state, isize::MIN / 2, fx),
        Action::Last => list::move_by(state, isize::MAX / 2, fx),
        Action::Open => list::open_detail(state, fx),
        Action::Search => {
            state.list.search.focused = true;
            // The box takes a row from the table: keep the cursor on screen.
            list::scroll_into_view(state);
        }
        Action::New => open_create(state),
        Action::Edit => {
            if let Some(user) = state.list.selected_user().cloned() {
                open_edit(state, &user);
            }
        }
        Action::Delete => {
            if let Some(user) = state.list.selected_user().cloned() {
                confirm_delete(state, &user);
            }
        }
        Action::Refresh => list::refresh(state, fx),
        Action::Disconnect => disconnect(state, fx),
        Action::Back if state.list.search.visible() => list::clear_search(state, fx),
        Action::Back => list::cancel_loading(state, fx),
        Action::Quit => state.quit = true,
        Action::Help => state.help = true,
        _ => {}
    }
}

fn detail_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Screen::Detail(detail) = &mut state.screen else {
        return;
    };
    let user = detail.user.clone();
    let page = crate::screens::user_detail::body_rows(state.size)
        .saturating_sub(1)
        .max(1);
    match state.keymap.action(Context::Detail, key) {
        Some(Action::Up) => detail.scroll = detail.scroll.saturating_sub(1),
        Some(Action::Down) => detail.scroll = detail.scroll.saturating_add(1),
        Some(Action::PageUp) => detail.scroll = detail.scroll.saturating_sub(page),
        Some(Action::PageDown) => detail.scroll = detail.scroll.saturating_add(page),
        Some(Action::First) => detail.scroll = 0,
        Some(Action::Last) => detail.scroll = u16::MAX,
        Some(Action::Edit) => open_edit(state, &user),
        Some(Action::Delete) => confirm_delete(state, &user),
        Some(Action::Refresh) => list::load_detail(state, &user, fx),
        Some(Action::Disconnect) => disconnect(state, fx),
        Some(Action::Back) => {
            fx.cancel(state, |p| matches!(p, Pending::Detail { .. }));
            state.screen = Screen::List;
            list::scroll_into_view(state);
        }
        Some(Action::Quit) => state.quit = true,
        Some(Action::Help) => state.help = true,
        _ => {}
    }
    if let Screen::Detail(detail) = &mut state.screen {
        let max = crate::screens::user_detail::max_scroll(detail, state.size);
        detail.scroll = detail.scroll.min(max);
    }
}

fn popup_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(popup) = state.popup.as_mut() else {
        return;
    };
    match popup {
        Popup::Password { .. } => {
            if matches!(key.code, KeyCode::Esc | KeyCode::Enter)
                || state.keymap.is(Action::Back, key)
            {
                state.popup = None;
            }
        }
        Popup::ConfirmDelete(target) => match state.keymap.action(Context::ConfirmDelete, key) {
            Some(Action::Confirm) if !target.deleting => {
                target.deleting = true;
                let (id, label) = (target.id.clone(), target.label.clone());
                fx.run(
                    state,
                    Op::DeleteUser(id.clone()),
                    Pending::Delete { id, label },
                );
            }
            Some(Action::Cancel | Action::Back) => {
                if target.deleting {
                    fx.cancel(state, |p| matches!(p, Pending::Delete { .. }));
                    state.status.notice = Some(Notice::Info(
                            "Delete cancelled: Graph may already have deleted the user; refresh to check"
                                .to_owned(),
                        ));
                }
                state.popup = None;
            }
            _ => {}
        },
        Popup::Form(form) => {
            let saving = state
                .pending
                .values()
                .any(|p| matches!(p, Pending::Create { .. } | Pending::Update { .. }));
            if saving {
                if key.code == KeyCode::Esc || state.keymap.is(Action::Back, key) {
                    form.set_saving(false);
                    fx.cancel(state, |p| {
                        matches!(p, Pending::Create { .. } | Pending::Update { .. })
                    });
                    state.status.notice = Some(Notice::Info(
                        "Save cancelled: Graph may already have applied it; refresh to check"
                            .to_owned(),
                    ));
                }
                return;
            }
            if !form.is_typing() && state.keymap.is(Action::Help, key) {
                state.help = true;
                return;
            }
            match form.handle_key(key) {
                FormOutcome::None => {}
                FormOutcome::Close => state.popup = None,
                FormOutcome::Submit(submission) => {
                    form.set_saving(true);
                    submit(state, submission, fx);
                }
            }
        }
    }
}

pub(super) fn submit(state: &mut State, submission: FormSubmission, fx: &mut Effects) {
    state.status.notice = None;
    match submission {
        FormSubmission::Create(new_user) => {
            let pending = Pending::Create {
                label: new_user.display_name.clone(),
                account_enabled: new_user.account_enabled,
            };
            fx.run(state, Op::CreateUser(Box::new(new_user)), pending);
        }
        FormSubmission::Update { id, patch } => {
            let label =
                list::find_user(state, &id).map_or_else(|| id.clone(), |u| u.label().to_owned());
            let op = Op::UpdateUser {
                id: id.clone(),
                patch: patch.clone(),
            };
            fx.run(state, op, Pending::Update { id, label, patch });
        }
    }
}

/// Tells why a write is not possible, or returns true when it is.
fn allowed(state: &mut State, action: Action) -> bool {
    match state.write_blocked(action) {
        Some(reason) => {
            let what = match action {
                Action::New => "New user",
                Action::Edit => "Edit",
                _ => "Delete",
            };
            state.status.notice = Some(Notice::Error(format!(
                "{what} ({}) is disabled: {reason}",
                state.keymap.short(action)
            )));
            false
        }
        None => true,
    }
}

fn open_create(state: &mut State) {
    if allowed(state, Action::New) {
        let domain = state.common_domain();
        let form = crate::screens::user_form::UserForm::create(domain.as_deref());
        state.popup = Some(Popup::Form(Box::new(form)));
    }
}

fn open_edit(state: &mut State, user: &crate::graph::User) {
    if allowed(state, Action::Edit) {
        let form = crate::screens::user_form::UserForm::edit(user);
        state.popup = Some(Popup::Form(Box::new(form)));
    }
}

fn confirm_delete(state: &mut State, user: &crate::graph::User) {
    if allowed(state, Action::Delete) {
        state.popup = Some(Popup::ConfirmDelete(DeleteTarget {
            id: user.id.clone(),
            label: user.label().to_owned(),
            upn: user.upn().to_owned(),
            deleting: false,
        }));
    }
}

/// Drops the token and everything loaded, and goes back to the connect screen.
pub(super) fn disconnect(state: &mut State, fx: &mut Effects) {
    fx.cancel(state, |_| true);
    fx.run(state, Op::Disconnect, Pending::Disconnect);
    state.session = None;
    state.list = Default::default();
    state.popup = None;
    state.screen = Screen::Connect;
    state.status.throttled = None;
    state.status.notice = Some(Notice::Info(format!(
        "Disconnected: token dropped. Press {} to connect again",
        state.keymap.short(Action::Connect)
    )));
}

/// Text typed into the search box, fed through tui-input.
pub(super) fn input_key(input: &mut tui_input::Input, key: KeyEvent) -> bool {
    to_input_request(&Event::Key(key))
        .and_then(|request| input.handle(request))
        .is_some_and(|changed| changed.value)
}
