//! One user's properties, grouped as the Entra admin center groups them, and its relations:
//! manager, direct reports, last sign-ins, licences and group memberships. Opening it shows
//! the list's copy at once and reads the user again in the background, then each relation.
//!
//! A cursor moves over the rows (`j`/`k`, Tab to the next section); Enter on the manager or a
//! direct report opens that user's detail over this one, and Esc comes back.

mod builder;
mod load;
mod rows;
mod sections;
pub mod state;
mod view;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::screen_view::{KeyHandler, ScreenView};
use super::stack::Screen;
use super::{cursor, open, user_list};
use crate::effect::Effects;
use crate::graph::{GraphError, Relation, User, UserId};
use crate::keymap::{Action, Context};
use crate::runtime::worker::Reply;
use crate::state::{Operation, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;

pub use load::{is_for, manager_changed};
pub use rows::{Row, rows};
pub use state::{Load, Part, Relations, Section, SignIns, UserDetail};
pub use view::{activity, body_rows};

impl ScreenView for UserDetail {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::Detail
    }

    fn crumb(&self) -> Option<String> {
        Some(self.user.label().to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let mut first = Vec::new();
        if under_cursor(self, state).is_some() {
            let what = if self.cursor.0 == Section::Job {
                "open manager"
            } else {
                "open report"
            };
            first.push(Hint::action(km, Action::Open, what, 10));
        }
        first.push(Hint::action(km, Action::NextSection, "next section", 5));
        first.push(Hint::action(km, Action::Back, "back", 8));
        let mut hints = Hint::acting_on_a_user(state, first);
        // After the sign-in actions, and the first to go when the line is short.
        let at = hints
            .iter()
            .position(|h| h.what == "revoke sessions")
            .map_or(hints.len(), |i| i + 1);
        hints.insert(at, Hint::write(state, Action::SetManager, "manager", 0));
        hints
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "User details", Context::Detail)
    }
}

/// The user Enter opens from the cursor's row, if any.
fn under_cursor(detail: &UserDetail, state: &State) -> Option<User> {
    let rows = rows(detail, state, usize::from(state.size.0));
    let at = rows::index_of(&rows, detail.cursor);
    rows.into_iter().nth(at).and_then(|r| r.opens)
}

/// Where the cursor lands after `action`, as an index into `rows`; `None` for other actions.
fn moved(rows: &[Row], at: usize, action: Action, page: usize) -> Option<usize> {
    let last = rows.len().saturating_sub(1);
    // The nearest row at or after (`step` 1) or before (`step` -1) `from` that is not blank.
    let land = |from: usize, step: isize| {
        let mut i = from.min(last);
        while rows.get(i).is_some_and(|r| r.blank) {
            match i.checked_add_signed(step) {
                Some(n) if n <= last => i = n,
                _ => return at,
            }
        }
        i
    };
    let page = page as isize;
    Some(match action {
        Action::Down => land(cursor::moved(at, 1, rows.len()), 1),
        Action::Up => land(cursor::moved(at, -1, rows.len()), -1),
        Action::PageDown => land(cursor::moved(at, page, rows.len()), -1),
        Action::PageUp => land(cursor::moved(at, -page, rows.len()), 1),
        Action::First => 0,
        Action::Last => land(last, -1),
        Action::NextSection => rows
            .iter()
            .enumerate()
            .skip(at + 1)
            .find(|(_, r)| r.heading)
            .map_or(at, |(i, _)| i),
        Action::PrevSection => rows
            .iter()
            .enumerate()
            .take(at)
            .rev()
            .find(|(_, r)| r.heading)
            .map_or(at, |(i, _)| i),
        _ => return None,
    })
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let page = body_rows(state.size).saturating_sub(1).max(1);
    let action = state.keymap.action(Context::Detail, key);
    let Some(detail) = state.screens.top_as::<UserDetail>() else {
        return;
    };
    let (user, view, complete) = (detail.user.clone(), detail.view, detail.complete);
    let all = rows(detail, state, usize::from(state.size.0));
    let at = rows::index_of(&all, detail.cursor);
    if let Some(to) = action.and_then(|a| moved(&all, at, a, page)) {
        let shown = body_rows(state.size);
        if let Some(detail) = state.screens.top_as_mut::<UserDetail>() {
            let (to, offset) = cursor::window(to, detail.offset, all.len(), shown);
            detail.cursor = all.get(to).map_or(detail.cursor, |r| r.key);
            detail.offset = offset;
        }
        return;
    }
    match action {
        Some(Action::Open) => {
            if let Some(person) = all.into_iter().nth(at).and_then(|r| r.opens) {
                open::detail(state, person, fx);
            }
        }
        Some(Action::Edit) => open::edit(state, &user, complete, fx),
        Some(Action::Delete) => open::delete(state, &user),
        Some(Action::Block) => open::block(state, &user),
        Some(Action::RevokeSessions) => open::revoke_sessions(state, &user),
        Some(Action::ResetPassword) => open::reset_password(state, &user, fx),
        Some(Action::SetManager) => open::set_manager(state, &user, fx),
        Some(Action::ClearManager) => open::clear_manager(state, &user, fx),
        Some(Action::Refresh) => open::refresh_detail(state, view, &user, fx),
        Some(Action::Back) => {
            fx.cancel(state, is_for(view));
            state.screens.pop();
            user_list::scroll_into_view(state);
        }
        _ => {}
    }
}

/// Asks again for `relation` of every detail showing `user_id`, e.g. its manager after another
/// screen changed it. Each detail keeps what it shows until the answer comes.
pub fn reload(state: &mut State, user_id: &UserId, relation: Relation, fx: &mut Effects) {
    load::reload(state, user_id, relation, fx);
}

/// The manager of `user_id` changed: reads it again for every detail showing that user.
pub fn reload_manager(state: &mut State, user_id: &UserId, fx: &mut Effects) {
    load::reload(state, user_id, Relation::Manager, fx);
}

pub(crate) fn on_reply(
    state: &mut State,
    load: Load,
    result: Result<Reply, GraphError>,
    at: DateTime<Utc>,
    fx: &mut Effects,
) {
    match (load, result) {
        (
            Load::Related {
                view,
                label,
                relation,
                more,
                ..
            },
            result,
        ) => {
            let answer = load::Answer {
                view,
                label,
                relation,
                more,
                at,
            };
            load::answered(state, answer, result, fx);
        }
        (Load::Refresh { view, user_id, .. }, Ok(Reply::User(user))) => {
            read(state, &user_id, &user);
            load::relations(state, view, fx);
        }
        (Load::ReadBack { user_id }, Ok(Reply::User(user))) => {
            read(state, &user_id, &user);
        }
        (Load::Edit { user_id, .. }, Ok(Reply::User(user))) => {
            let waiting = incomplete(state, &user_id);
            read(state, &user_id, &user);
            for view in waiting {
                load::relations(state, view, fx);
            }
            if asked_here(state, &user_id) {
                open::edit(state, &user, true, fx);
            }
        }
        (
            Load::Undo {
                user_id, before, ..
            },
            Ok(Reply::User(user)),
        ) => {
            read(state, &user_id, &user);
            if asked_here(state, &user_id) {
                open::undo_edit(state, &user, &before);
            }
        }
        // Right after a create Graph may not find the user yet (replication); what the create
        // returned is shown meanwhile, so this is not worth an error.
        (Load::ReadBack { user_id }, Err(e)) => {
            tracing::warn!(%user_id, "reading a new user back failed: {e}");
        }
        (Load::Refresh { view, user_id, .. }, Err(e)) => {
            let gone = e.is_not_found();
            for screen in state.screens.iter_mut() {
                if let super::Screen::UserDetail(d) = screen
                    && d.user.id == user_id
                    && gone
                {
                    d.gone = true;
                }
            }
            state.failed(Operation::ReadUser, e);
            // A user that is gone has no relations to read; otherwise each may still come,
            // and fails in its own section if the cause was not the user.
            if !gone {
                load::relations(state, view, fx);
            }
        }
        (Load::Edit { user_id, .. } | Load::Undo { user_id, .. }, Err(e)) => {
            let gone = e.is_not_found();
            let waiting = incomplete(state, &user_id);
            for screen in state.screens.iter_mut() {
                if let super::Screen::UserDetail(d) = screen
                    && d.user.id == user_id
                    && gone
                {
                    d.gone = true;
                }
            }
            state.failed(Operation::ReadUser, e);
            // The edit's read stood in for the detail's: its relations are read now.
            if !gone {
                for view in waiting {
                    load::relations(state, view, fx);
                }
            }
        }
        (load, Ok(reply)) => {
            tracing::warn!(?load, ?reply, "an answer that does not fit its request");
        }
    }
}

/// The details of `user_id` not read yet: an edit's read stood in for their background read,
/// so their relations wait for it.
fn incomplete(state: &State, user_id: &UserId) -> Vec<u64> {
    state
        .screens
        .iter()
        .filter_map(|screen| match screen {
            Screen::UserDetail(d) if d.user.id == *user_id && !d.complete => Some(d.view),
            _ => None,
        })
        .collect()
}

/// Whether the screen that asked for a read of `user_id` (the list, or that user's detail) is
/// still in front: a dialog opened meanwhile keeps the front.
fn asked_here(state: &State, user_id: &UserId) -> bool {
    match state.screens.top() {
        Screen::UserList(_) => true,
        Screen::UserDetail(d) => d.user.id == *user_id,
        _ => false,
    }
}

/// Every property of user `user_id` arrived: into every copy, and an open detail of it is
/// complete.
fn read(state: &mut State, user_id: &UserId, user: &User) {
    user_list::update_user(state, user_id, |copy| copy.clone_from(user));
    for detail in state.screens.details_complete(user_id) {
        *detail = true;
    }
}

#[cfg(test)]
mod tests;
