//! `T`: a small picker over the screen in front listing every profile (name in its colour,
//! tenant, read-only, what it lacks), the current one marked. Typing filters it, the arrows
//! move, Enter switches the session to the selected profile (`connect::switch`), Esc closes.

pub mod state;
#[cfg(test)]
mod tests;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::connect;
use super::cursor;
use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::search_box;
use super::stack::Screen;
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::ProfilePicker;

/// Rows a page key moves by.
const PAGE: isize = 5;

impl ScreenView for ProfilePicker {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        Context::Search
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Switch profile".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::Search;
        vec![
            Hint::action_in(km, Action::Submit, c, "switch", 9),
            Hint::action_in(km, Action::Down, c, "next", 6),
            Hint::action_in(km, Action::Up, c, "previous", 5),
            Hint::action_in(km, Action::Back, c, "close", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Switch profile", Context::Search)
    }
}

/// Opens the picker with the cursor on the profile the session is on.
pub fn open(state: &mut State) {
    if state.screens.has::<ProfilePicker>() {
        return;
    }
    let current = state
        .profiles
        .rows
        .iter()
        .position(|p| p.name == state.connect.name)
        .unwrap_or(0);
    let picker = ProfilePicker {
        selected: current,
        ..ProfilePicker::default()
    };
    state.screens.push(Screen::ProfilePicker(Box::new(picker)));
}

/// The rows the filter shows, as indexes into `state.profiles.rows`.
pub(crate) fn shown(state: &State, picker: &ProfilePicker) -> Vec<usize> {
    connect::matching(state, picker.text())
}

/// The name of the profile under the cursor, if the filter shows any.
fn selected_name(state: &State, picker: &ProfilePicker) -> Option<String> {
    let rows = shown(state, picker);
    let index = *rows.get(picker.selected.min(rows.len().saturating_sub(1)))?;
    state.profiles.rows.get(index).map(|p| p.name.clone())
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let Some(picker) = state.screens.top_as::<ProfilePicker>() else {
        return;
    };
    match state.keymap.action(Context::Search, key) {
        Some(Action::Submit) => {
            let Some(name) = selected_name(state, picker) else {
                state.status.notice = Some(crate::state::Notice::Refused(
                    "No profile matches the filter: change it, or Esc".to_owned(),
                ));
                return;
            };
            state.screens.pop();
            connect::switch(state, &name, fx);
        }
        Some(Action::Back) => state.screens.pop(),
        Some(Action::Up) => move_by(state, -1),
        Some(Action::Down) => move_by(state, 1),
        Some(Action::PageUp) => move_by(state, -PAGE),
        Some(Action::PageDown) => move_by(state, PAGE),
        _ => {
            let Some(picker) = state.screens.top_as_mut::<ProfilePicker>() else {
                return;
            };
            let typed = search_box::edit(&mut picker.filter, key);
            after_typing(state, typed);
        }
    }
}

fn on_paste(state: &mut State, text: &str, _fx: &mut Effects) {
    let Some(picker) = state.screens.top_as_mut::<ProfilePicker>() else {
        return;
    };
    let typed = search_box::paste_into(&mut picker.filter, text);
    after_typing(state, typed);
}

fn after_typing(state: &mut State, typed: search_box::Typed) {
    if typed.changed
        && let Some(picker) = state.screens.top_as_mut::<ProfilePicker>()
    {
        picker.selected = 0;
    }
    if typed.full {
        state.status.notice = Some(search_box::full_notice());
    }
}

fn move_by(state: &mut State, delta: isize) {
    let Some(picker) = state.screens.top_as::<ProfilePicker>() else {
        return;
    };
    let len = shown(state, picker).len();
    if len == 0 {
        return;
    }
    let next = cursor::moved(picker.selected.min(len - 1), delta, len);
    if let Some(picker) = state.screens.top_as_mut::<ProfilePicker>() {
        picker.selected = next;
    }
}
