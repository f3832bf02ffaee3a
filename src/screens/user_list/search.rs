//! The `/` search box: typed text goes to Graph as a debounced `$search`; Enter keeps it and
//! returns to the table, Esc clears it and lists everyone again.

use crossterm::event::{Event, KeyEvent};
use tui_input::InputRequest;
use tui_input::backend::crossterm::to_input_request;

use super::paging;
use super::state::Load;
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::state::{Notice, Pending, State};
use crate::widgets::text;

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
            let request = to_input_request(&Event::Key(key));
            if matches!(request, Some(InputRequest::InsertChar(_)))
                && list.search.input.value().chars().count() >= SEARCH_MAX
            {
                say_full(state);
                return;
            }
            let changed = request
                .and_then(|request| list.search.input.handle(request))
                .is_some_and(|changed| changed.value);
            if changed {
                edited(state, fx);
            }
        }
    }
}

pub(super) fn paste(state: &mut State, text: &str, fx: &mut Effects) {
    let Some(list) = state.screens.list_mut() else {
        return;
    };
    let mut changed = false;
    let mut full = false;
    for c in text::single_line(text) {
        if list.search.input.value().chars().count() >= SEARCH_MAX {
            full = true;
            break;
        }
        changed |= list
            .search
            .input
            .handle(InputRequest::InsertChar(c))
            .is_some_and(|s| s.value);
    }
    if changed {
        edited(state, fx);
    }
    if full {
        say_full(state);
    }
}

/// The longest search the box takes: far beyond any name, short enough that a stray paste
/// cannot send Graph a megabyte of `$search`.
const SEARCH_MAX: usize = 256;

fn say_full(state: &mut State) {
    state.status.notice = Some(Notice::Refused(format!(
        "The search holds at most {SEARCH_MAX} characters; the rest was not taken"
    )));
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
