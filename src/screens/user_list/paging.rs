//! Loading users: the first page of a query, infinite scroll (the next page is fetched before
//! the cursor reaches the end), refresh that keeps the selection, and Esc to stop a load.

use super::state::{ListProblem, Load, Restore, UserList};
use super::view::table_rows;
use crate::effect::Effects;
use crate::graph::{ListQuery, UserPage};
use crate::keymap::Action;
use crate::runtime::worker::Op;
use crate::state::{Notice, Pending, State};

fn is_loading(p: &Pending) -> bool {
    matches!(p, Pending::List(_))
}

/// Rows a PgUp/PgDn moves.
pub(super) fn page_step(state: &State) -> usize {
    table_rows(state).saturating_sub(1).max(1)
}

pub(super) fn move_by(state: &mut State, delta: isize, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let len = list.users.len();
    if len == 0 {
        return;
    }
    let target = (list.selected as isize).saturating_add(delta);
    list.selected = target.clamp(0, len as isize - 1) as usize;
    scroll_into_view(state);
    prefetch(state, fx);
}

/// Keeps the selected row inside the visible window.
pub fn scroll_into_view(state: &mut State) {
    let rows = table_rows(state).max(1);
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.selected = list.selected.min(list.users.len().saturating_sub(1));
    if list.selected < list.offset {
        list.offset = list.selected;
    } else if list.selected >= list.offset + rows {
        list.offset = list.selected + 1 - rows;
    }
    // Never leave empty rows at the bottom while earlier rows are hidden.
    list.offset = list.offset.min(list.users.len().saturating_sub(rows));
}

/// Fetches the next page once the cursor is within a page-height of the end, so scrolling
/// never waits on the network.
fn prefetch(state: &mut State, fx: &mut Effects) {
    let rows = table_rows(state);
    let Some(list) = state.screens.list() else {
        return;
    };
    let Some(next) = list.next.clone() else {
        return;
    };
    let remaining = list.users.len().saturating_sub(list.selected + 1);
    if !state.is_pending(is_loading) && remaining <= rows {
        let pending = Pending::List(Load::NextPage { restore: None });
        fx.run(state, Op::NextPage(next), pending);
    }
}

/// Starts listing from the first page, superseding any listing in flight.
pub fn load(state: &mut State, search: Option<String>, restore: Option<Restore>, fx: &mut Effects) {
    fx.cancel(state, is_loading);
    let query = ListQuery {
        search: search.clone(),
        count: true,
        ..ListQuery::default()
    };
    let pending = Pending::List(Load::FirstPage { search, restore });
    fx.run(state, Op::ListUsers(query), pending);
}

pub(super) fn refresh(state: &mut State, fx: &mut Effects) {
    let Some(list) = state.screens.list() else {
        return;
    };
    let restore = list.selected_user().map(|u| Restore {
        id: u.id.clone(),
        index: list.selected,
    });
    let search = list.search.applied.clone();
    load(state, search, restore, fx);
}

pub(super) fn first_page_arrived(
    state: &mut State,
    search: Option<String>,
    restore: Option<Restore>,
    page: UserPage,
    fx: &mut Effects,
) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.replace_users(page.users);
    list.total = page.count;
    list.next = page.next;
    list.loaded = true;
    list.problem = None;
    list.search.applied = search;
    list.selected = 0;
    list.offset = 0;
    if restore.is_some() {
        // A refresh the admin asked for: say it happened, replacing any older message.
        state.status.notice = Some(Notice::Success("Refreshed".to_owned()));
    }
    let domain = state.suggested_domain();
    if let Some(session) = state.session.as_mut().filter(|s| s.domain.is_none()) {
        session.domain = domain;
    }
    place_cursor(state, restore, fx);
}

pub(super) fn next_page_arrived(
    state: &mut State,
    restore: Option<Restore>,
    page: UserPage,
    fx: &mut Effects,
) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    append(list, page);
    if restore.is_some() {
        place_cursor(state, restore, fx);
    } else {
        scroll_into_view(state);
        prefetch(state, fx);
    }
}

/// Adds a page's users, each once, and where the next page is.
fn append(list: &mut UserList, page: UserPage) {
    list.append_users(page.users);
    list.next = page.next;
}

/// After a (re)load: select the remembered user, loading further pages while it may still be
/// ahead; else stay near where the cursor was.
fn place_cursor(state: &mut State, restore: Option<Restore>, fx: &mut Effects) {
    let rows = table_rows(state).max(1);
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    if let Some(restore) = restore {
        if let Some(i) = list.users.iter().position(|u| u.id == restore.id) {
            list.selected = i;
        } else if let Some(next) = list.next.clone()
            && list.users.len() <= restore.index + rows
        {
            let pending = Pending::List(Load::NextPage {
                restore: Some(restore),
            });
            fx.run(state, Op::NextPage(next), pending);
            return;
        } else {
            list.selected = restore.index;
        }
    }
    // Start with the selection in the middle of the screen when it is far down.
    list.offset = list.selected.saturating_sub(rows / 2);
    scroll_into_view(state);
    prefetch(state, fx);
}

/// Esc while a listing is loading: abort it and keep what is shown.
pub(super) fn cancel_loading(state: &mut State, fx: &mut Effects) {
    if !state.is_pending(is_loading) {
        return;
    }
    fx.cancel(state, is_loading);
    if let Some(list) = state.screens.list_mut().filter(|l| !l.loaded) {
        list.problem = Some(ListProblem::Cancelled);
    }
    state.status.notice = Some(Notice::Info(format!(
        "Loading cancelled ({} loads again)",
        state.keymap.short(Action::Refresh)
    )));
}
