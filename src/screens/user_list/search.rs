//! The `/` search box: typed text goes to Graph as a debounced `$search`; Enter keeps it and
//! returns to the table, Esc clears it and lists everyone again.

use crossterm::event::KeyEvent;

use super::paging;
use super::state::Load;
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::screens::search_box;
use crate::state::{Pending, State};

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
            let text = list.search.text();
            if text != current(state) {
                paging::load(state, text, None, fx);
            }
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

fn edited(state: &mut State, fx: &mut Effects) {
    if let Some(list) = state.screens.list_mut() {
        list.search.generation += 1;
        fx.debounce(list.search.generation);
    }
}

/// The search that the list shows or is loading.
fn current(state: &State) -> Option<String> {
    let loading = state.pending.values().find_map(|p| match p {
        Pending::List(Load::FirstPage { search, .. }) => Some(search.clone()),
        _ => None,
    });
    loading.unwrap_or_else(|| state.screens.list().and_then(|l| l.search.applied.clone()))
}

/// The debounce timer of `generation` expired: search, if the text is still what was typed.
pub fn search_due(state: &mut State, generation: u64, fx: &mut Effects) {
    let Some(list) = state.screens.list() else {
        return;
    };
    if generation != list.search.generation || state.session.is_none() {
        return;
    }
    let text = list.search.text();
    if text != current(state) {
        paging::load(state, text, None, fx);
    }
}

/// Esc: empty the box and list everyone again.
pub(super) fn clear(state: &mut State, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    list.search.input.reset();
    list.search.focused = false;
    list.search.generation += 1;
    if current(state).is_some() {
        paging::load(state, None, None, fx);
    }
}
