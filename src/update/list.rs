//! The user list: moving, infinite scroll (prefetch before the cursor reaches the end),
//! refresh that keeps the selection, and the debounced server-side search.

use crossterm::event::{KeyCode, KeyEvent};

use super::Effects;
use super::keys::input_key;
use crate::graph::{ListQuery, User, UserPage};
use crate::screens::user_list;
use crate::state::{DetailState, Pending, Restore, Screen, State};
use crate::worker::Op;

/// Rows a PgUp/PgDn moves.
pub(super) fn page_step(state: &State) -> usize {
    user_list::table_rows(state).saturating_sub(1).max(1)
}

pub(super) fn move_by(state: &mut State, delta: isize, fx: &mut Effects) {
    let len = state.list.users.len();
    if len == 0 {
        return;
    }
    let target = (state.list.selected as isize).saturating_add(delta);
    state.list.selected = target.clamp(0, len as isize - 1) as usize;
    scroll_into_view(state);
    prefetch(state, fx);
}

/// Keeps the selected row inside the visible window.
pub(crate) fn scroll_into_view(state: &mut State) {
    let rows = user_list::table_rows(state).max(1);
    let list = &mut state.list;
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
pub(super) fn prefetch(state: &mut State, fx: &mut Effects) {
    let Some(next) = state.list.next.clone() else {
        return;
    };
    let busy =
        state.is_pending(|p| matches!(p, Pending::FirstPage { .. } | Pending::NextPage { .. }));
    let remaining = state
        .list
        .users
        .len()
        .saturating_sub(state.list.selected + 1);
    if !busy && remaining <= user_list::table_rows(state) {
        fx.run(
            state,
            Op::NextPage(next),
            Pending::NextPage { restore: None },
        );
    }
}

/// Starts listing from the first page, superseding any listing in flight.
pub(super) fn load(
    state: &mut State,
    search: Option<String>,
    restore: Option<Restore>,
    fx: &mut Effects,
) {
    fx.cancel(state, |p| {
        matches!(p, Pending::FirstPage { .. } | Pending::NextPage { .. })
    });
    let query = ListQuery {
        search: search.clone(),
        count: true,
        ..ListQuery::default()
    };
    fx.run(
        state,
        Op::ListUsers(query),
        Pending::FirstPage { search, restore },
    );
}

pub(super) fn refresh(state: &mut State, fx: &mut Effects) {
    let restore = state.list.selected_user().map(|u| Restore {
        id: u.id.clone(),
        index: state.list.selected,
    });
    let search = state.list.search.applied.clone();
    load(state, search, restore, fx);
}

pub(super) fn first_page_arrived(
    state: &mut State,
    search: Option<String>,
    restore: Option<Restore>,
    page: UserPage,
    fx: &mut Effects,
) {
    let list = &mut state.list;
    list.users = page.users;
    list.total = page.count;
    list.next = page.next;
    list.loaded = true;
    list.error = None;
    list.search.applied = search;
    list.selected = 0;
    list.offset = 0;
    if restore.is_some() {
        // A refresh the admin asked for: say it happened, replacing any older message.
        state.status.notice = Some(crate::state::Notice::Success("Refreshed".to_owned()));
    }
    let domain = state.common_domain();
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
    let list = &mut state.list;
    // A user created meanwhile was inserted by hand; do not show it twice. The set holds the
    // page's ids, not the list's, so a page costs the same at 100 or 100k loaded users.
    let arriving: std::collections::HashSet<&str> =
        page.users.iter().map(|u| u.id.as_str()).collect();
    let shown: std::collections::HashSet<String> = list
        .users
        .iter()
        .filter(|u| arriving.contains(u.id.as_str()))
        .map(|u| u.id.clone())
        .collect();
    list.users
        .extend(page.users.into_iter().filter(|u| !shown.contains(&u.id)));
    list.next = page.next;
    if restore.is_some() {
        place_cursor(state, restore, fx);
    } else {
        scroll_into_view(state);
        prefetch(state, fx);
    }
}

/// After a (re)load: select the remembered user, loading further pages while it may still be
/// ahead; else stay near where the cursor was.
fn place_cursor(state: &mut State, restore: Option<Restore>, fx: &mut Effects) {
    if let Some(restore) = restore {
        if let Some(i) = state.list.users.iter().position(|u| u.id == restore.id) {
            state.list.selected = i;
        } else if let Some(next) = state.list.next.clone() {
            if state.list.users.len() <= restore.index + user_list::table_rows(state) {
                fx.run(
                    state,
                    Op::NextPage(next),
                    Pending::NextPage {
                        restore: Some(restore),
                    },
                );
                return;
            }
            state.list.selected = restore.index;
        } else {
            state.list.selected = restore.index;
        }
    }
    // Start with the selection in the middle of the screen when it is far down.
    let rows = user_list::table_rows(state).max(1);
    state.list.offset = state.list.selected.saturating_sub(rows / 2);
    scroll_into_view(state);
    prefetch(state, fx);
}

pub(crate) fn find_user<'a>(state: &'a State, id: &str) -> Option<&'a User> {
    state
        .list
        .users
        .iter()
        .find(|u| u.id == id)
        .or(match &state.screen {
            Screen::Detail(d) if d.user.id == id => Some(&d.user),
            _ => None,
        })
}

pub(super) fn open_detail(state: &mut State, fx: &mut Effects) {
    let Some(user) = state.list.selected_user().cloned() else {
        return;
    };
    state.screen = Screen::Detail(Box::new(DetailState {
        user: user.clone(),
        scroll: 0,
        gone: false,
    }));
    load_detail(state, &user, fx);
}

/// Refreshes the open user in the background; the list's data is shown meanwhile.
pub(super) fn load_detail(state: &mut State, user: &User, fx: &mut Effects) {
    fx.cancel(state, |p| matches!(p, Pending::Detail { .. }));
    let pending = Pending::Detail {
        user_id: user.id.clone(),
        label: user.label().to_owned(),
    };
    fx.run(state, Op::GetUser(user.id.clone()), pending);
}

/// Esc while a listing is loading: abort it and keep what is shown.
pub(super) fn cancel_loading(state: &mut State, fx: &mut Effects) {
    let loading = |p: &Pending| matches!(p, Pending::FirstPage { .. } | Pending::NextPage { .. });
    if !state.is_pending(loading) {
        return;
    }
    fx.cancel(state, loading);
    let refresh = state.keymap.short(crate::action::Action::Refresh);
    if !state.list.loaded {
        state.list.error = Some(format!(
            "Loading cancelled: press {refresh} to load the users"
        ));
    }
    state.status.notice = Some(crate::state::Notice::Info(format!(
        "Loading cancelled ({refresh} loads again)"
    )));
}

/// A key while the search box has focus.
pub(super) fn search_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    match key.code {
        KeyCode::Esc => clear_search(state, fx),
        KeyCode::Enter => {
            state.list.search.focused = false;
            state.list.search.generation += 1;
            let text = state.list.search.text();
            if text != current_search(state) {
                load(state, text, None, fx);
            }
        }
        KeyCode::Up => move_by(state, -1, fx),
        KeyCode::Down => move_by(state, 1, fx),
        KeyCode::PageUp => move_by(state, -(page_step(state) as isize), fx),
        KeyCode::PageDown => move_by(state, page_step(state) as isize, fx),
        _ => {
            if input_key(&mut state.list.search.input, key) {
                edited(state, fx);
            }
        }
    }
}

pub(super) fn search_paste(state: &mut State, text: &str, fx: &mut Effects) {
    let mut changed = false;
    for c in text.chars().filter(|c| !c.is_control()) {
        changed |= state
            .list
            .search
            .input
            .handle(tui_input::InputRequest::InsertChar(c))
            .is_some_and(|s| s.value);
    }
    if changed {
        edited(state, fx);
    }
}

fn edited(state: &mut State, fx: &mut Effects) {
    state.list.search.generation += 1;
    fx.debounce(state.list.search.generation);
}

/// The search that the list shows or is loading.
fn current_search(state: &State) -> Option<String> {
    state
        .pending
        .values()
        .find_map(|p| match p {
            Pending::FirstPage { search, .. } => Some(search.clone()),
            _ => None,
        })
        .unwrap_or_else(|| state.list.search.applied.clone())
}

pub(super) fn search_due(state: &mut State, generation: u64, fx: &mut Effects) {
    if generation != state.list.search.generation || state.session.is_none() {
        return;
    }
    let text = state.list.search.text();
    if text != current_search(state) {
        load(state, text, None, fx);
    }
}

/// Esc: empty the box and list everyone again.
pub(super) fn clear_search(state: &mut State, fx: &mut Effects) {
    let search = &mut state.list.search;
    search.input.reset();
    search.focused = false;
    search.generation += 1;
    if current_search(state).is_some() {
        load(state, None, None, fx);
    }
}
