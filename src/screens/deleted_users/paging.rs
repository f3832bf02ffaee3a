//! Loading deleted users: the first page of a query, the next page fetched before the cursor
//! reaches the end, moving the cursor, and the search box's debounced `$search`.

use super::state::{DeletedUsers, Request};
use super::view::table_rows;
use crate::effect::Effects;
use crate::graph::{ListQuery, UserPage};
use crate::runtime::worker::Op;
use crate::screens::cursor;
use crate::state::{Notice, Pending, State};

fn deleted(state: &State) -> Option<&DeletedUsers> {
    state.screens.find()
}

fn deleted_mut(state: &mut State) -> Option<&mut DeletedUsers> {
    state.screens.find_mut()
}

/// A listing of this screen (not a restore or purge).
pub(super) fn is_loading(p: &Pending) -> bool {
    matches!(
        p,
        Pending::Deleted(Request::FirstPage { .. } | Request::NextPage)
    )
}

/// Rows a PgUp/PgDn moves.
pub(super) fn page_step(state: &State) -> usize {
    table_rows(state).saturating_sub(1).max(1)
}

pub(super) fn move_by(state: &mut State, delta: isize, fx: &mut Effects) {
    let Some(screen) = deleted_mut(state) else {
        return;
    };
    let len = screen.users.len();
    if len == 0 {
        return;
    }
    screen.selected = cursor::moved(screen.selected, delta, len);
    scroll_into_view(state);
    prefetch(state, fx);
}

/// Keeps the selected row inside the visible window.
pub fn scroll_into_view(state: &mut State) {
    let rows = table_rows(state).max(1);
    let Some(screen) = deleted_mut(state) else {
        return;
    };
    (screen.selected, screen.offset) =
        cursor::window(screen.selected, screen.offset, screen.users.len(), rows);
}

/// Fetches the next page once the cursor is within a page-height of the end.
fn prefetch(state: &mut State, fx: &mut Effects) {
    let rows = table_rows(state);
    let Some(screen) = deleted(state) else {
        return;
    };
    let Some(next) = screen.next.clone() else {
        return;
    };
    let remaining = screen.users.len().saturating_sub(screen.selected + 1);
    if !state.is_pending(is_loading) && remaining <= rows {
        fx.run(
            state,
            Op::NextPage(next),
            Pending::Deleted(Request::NextPage),
        );
    }
}

/// Lists from the first page, superseding any listing in flight.
pub(super) fn load(state: &mut State, search: Option<String>, refresh: bool, fx: &mut Effects) {
    fx.cancel(state, is_loading);
    let query = ListQuery {
        search: search.clone(),
        count: true,
        ..ListQuery::default()
    };
    let pending = Pending::Deleted(Request::FirstPage { search, refresh });
    fx.run(state, Op::ListDeletedUsers(query), pending);
}

pub(super) fn first_page_arrived(
    state: &mut State,
    search: Option<String>,
    refresh: bool,
    page: UserPage,
    at: chrono::DateTime<chrono::Utc>,
    fx: &mut Effects,
) {
    let Some(screen) = deleted_mut(state) else {
        return;
    };
    // A refresh keeps the cursor on the same user when it is still there.
    let keep = refresh
        .then(|| screen.selected_user().map(|u| u.id.clone()))
        .flatten();
    screen.replace_users(page.users);
    screen.total = page.count;
    screen.next = page.next;
    screen.loaded = true;
    screen.problem = None;
    screen.search.applied = search;
    screen.as_of = Some(at);
    screen.selected = keep
        .and_then(|id| screen.users.iter().position(|u| u.id == id))
        .unwrap_or(0);
    screen.offset = 0;
    if refresh {
        state.status.notice = Some(Notice::Success("Refreshed".to_owned()));
    }
    scroll_into_view(state);
    prefetch(state, fx);
}

pub(super) fn next_page_arrived(
    state: &mut State,
    page: UserPage,
    at: chrono::DateTime<chrono::Utc>,
    fx: &mut Effects,
) {
    let Some(screen) = deleted_mut(state) else {
        return;
    };
    screen.append_users(page.users);
    screen.next = page.next;
    screen.as_of = Some(at);
    scroll_into_view(state);
    prefetch(state, fx);
}

/// The search that the screen shows or is loading.
fn current(state: &State) -> Option<String> {
    let loading = state.pending.values().find_map(|p| match p {
        Pending::Deleted(Request::FirstPage { search, .. }) => Some(search.clone()),
        _ => None,
    });
    loading.unwrap_or_else(|| deleted(state).and_then(|d| d.search.applied.clone()))
}

/// Searches for what the box holds, unless that is what is shown or loading.
pub(super) fn search_if_changed(state: &mut State, fx: &mut Effects) {
    let Some(screen) = deleted(state) else {
        return;
    };
    let text = screen.search.text();
    if text != current(state) {
        load(state, text, false, fx);
    }
}

/// The debounce timer of `generation` expired: search, if the text is still what was typed.
pub fn search_due(state: &mut State, generation: u64, fx: &mut Effects) {
    let due = deleted(state).is_some_and(|d| d.search.generation == generation);
    if due && state.session.is_some() {
        search_if_changed(state, fx);
    }
}

/// The box's text changed: search after a pause.
pub(super) fn edited(state: &mut State, fx: &mut Effects) {
    if let Some(screen) = deleted_mut(state) {
        screen.search.generation += 1;
        fx.debounce(screen.search.generation);
    }
}

/// Esc in or below the box: empty it and list every deleted user again.
pub(super) fn clear_search(state: &mut State, fx: &mut Effects) {
    let Some(screen) = deleted_mut(state) else {
        return;
    };
    screen.search.input.reset();
    screen.search.focused = false;
    screen.search.generation += 1;
    if current(state).is_some() {
        load(state, None, false, fx);
    }
}
