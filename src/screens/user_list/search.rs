//! The `/` box: every edit filters the loaded rows at once (`filter.rs`). While the tenant is
//! not fully loaded the same text also goes to Graph, after a pause, as `$search` (and
//! `$filter` for the field filters), and the users it finds are merged into the loaded rows.
//! Enter keeps the filter and returns to the table, Esc clears it.

use crossterm::event::KeyEvent;

use super::columns::Field;
use super::filter::Filter;
use super::paging;
use super::state::Load;
use crate::effect::Effects;
use crate::graph::{ListQuery, UserPage};
use crate::keymap::{Action, Context};
use crate::runtime::worker::Op;
use crate::screens::search_box;
use crate::state::{Notice, Pending, State};

fn is_search(p: &Pending) -> bool {
    matches!(p, Pending::List(Load::Search { .. }))
}

/// A key while the search box has focus: the keymap's search keys, else typing.
pub(super) fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let page = paging::page_step(state) as isize;
    match state.keymap.action(Context::Search, key) {
        Some(Action::Back) => clear(state, fx),
        Some(Action::Submit) => {
            let Some(list) = state.screens.list_mut() else {
                return;
            };
            list.search.focused = false;
            list.search.generation += 1;
            send(state, fx);
        }
        Some(Action::Up) => paging::move_by(state, -1, fx),
        Some(Action::Down) => paging::move_by(state, 1, fx),
        Some(Action::PageUp) => paging::move_by(state, -page, fx),
        Some(Action::PageDown) => paging::move_by(state, page, fx),
        _ => {
            let Some(list) = state.screens.list_mut() else {
                return;
            };
            let typed = search_box::key(&mut list.search, key);
            after_typing(state, typed, fx);
        }
    }
}

pub(super) fn paste(state: &mut State, text: &str, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let typed = search_box::paste(&mut list.search, text);
    after_typing(state, typed, fx);
}

fn after_typing(state: &mut State, typed: search_box::Typed, fx: &mut Effects) {
    if typed.changed {
        edited(state, fx);
    }
    if typed.full {
        state.status.notice = Some(search_box::full_notice());
    }
}

/// The text changed: filter now; ask Graph after the pause if not everything is loaded.
fn edited(state: &mut State, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.set_filter(Filter::parse(list.search.input.value()));
    list.search.generation += 1;
    if list.next.is_some() {
        fx.debounce(list.search.generation);
    }
    // `city:` and the like match only what Graph was asked for: a column shown.
    let unread: Vec<&str> = list
        .filter
        .needs()
        .into_iter()
        .filter(|f| !list.asked.contains(&f.property()))
        .map(Field::label)
        .collect();
    if !unread.is_empty() {
        state.status.notice = Some(Notice::Info(format!(
            "The users were read without their {}: {} shows that column, and the filter then finds them",
            unread.join(", "),
            state.keymap.short(Action::Columns)
        )));
    }
    paging::scroll_into_view(state);
}

/// Puts `text` in the box and applies it as if typed and kept with Enter: another screen
/// (the overview) narrows the list to a slice.
pub fn filter_to(state: &mut State, text: &str, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.search.input = tui_input::Input::new(text.to_owned());
    list.search.focused = false;
    edited(state, fx);
    send(state, fx);
}

/// The debounce timer of `generation` expired: ask Graph, if the text is still what was typed.
pub fn search_due(state: &mut State, generation: u64, fx: &mut Effects) {
    let Some(list) = state.screens.list() else {
        return;
    };
    if generation != list.search.generation {
        return;
    }
    send(state, fx);
}

/// Sends the box's text to Graph unless everything is loaded (then the local filter is the
/// whole answer) or Graph was already asked exactly this.
pub(super) fn send(state: &mut State, fx: &mut Effects) {
    if state.session.is_none() {
        return;
    }
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let text = list.search.text();
    let wanted = text.filter(|_| list.next.is_some() && !list.filter.is_empty());
    if wanted == list.search.applied {
        return;
    }
    let query = wanted.as_ref().map(|_| ListQuery {
        search: list.filter.graph_search(),
        filter: list.filter.graph_filter(),
        count: true,
        also_select: list.asked.clone(),
        ..ListQuery::default()
    });
    list.search.applied.clone_from(&wanted);
    fx.cancel(state, is_search);
    if let (Some(text), Some(query)) = (wanted, query) {
        fx.run(
            state,
            Op::ListUsers(query),
            Pending::List(Load::Search { text }),
        );
    }
}

/// Graph's answer to the search: its users join the loaded rows (each once), filtered and
/// sorted with them.
pub(super) fn arrived(state: &mut State, page: UserPage) {
    if let Some(list) = state.screens.list_mut() {
        list.append_users(page.users);
    }
    paging::scroll_into_view(state);
}

/// Esc: empty the box and show every loaded row again.
pub(super) fn clear(state: &mut State, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.search.input.reset();
    list.search.focused = false;
    list.search.generation += 1;
    list.search.applied = None;
    list.filter = Filter::default();
    list.refilter();
    fx.cancel(state, is_search);
    paging::scroll_into_view(state);
}
