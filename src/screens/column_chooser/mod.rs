//! `c` on the user list: choose the list's columns. Every property the list can show is
//! listed, the shown ones first in their order: Space shows or hides one, `K`/`J` move it,
//! `+`/`-` set its width and `=` lets it adapt again. Enter uses the columns (loading the list
//! again when one needs a property the loaded users lack), Ctrl-S uses them and asks a name to
//! save them as a view (`:view save NAME` on the prompt), Esc leaves the columns as they were.

pub mod state;
#[cfg(test)]
mod tests;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::command_prompt;
use super::screen_view::{KeyHandler, ScreenView};
use super::stack::Screen;
use super::user_list::columns::Field;
use super::user_list::{self, views};
use crate::effect::Effects;
use crate::keymap::{Action, Context};
use crate::state::{Notice, State};
use crate::ui::help::{self, Help};
use crate::ui::hints::Hint;
pub use state::ColumnChooser;

impl ScreenView for ColumnChooser {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn context(&self) -> Context {
        Context::Columns
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn crumb(&self) -> Option<String> {
        Some("Columns".to_owned())
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::Columns;
        vec![
            Hint::action_in(km, Action::Toggle, c, "show/hide", 9),
            Hint::fixed(
                &format!(
                    "{}/{}",
                    km.short_in(Action::MoveUp, c),
                    km.short_in(Action::MoveDown, c)
                ),
                "move",
                8,
            ),
            Hint::fixed(
                &format!(
                    "{}/{}",
                    km.short_in(Action::Wider, c),
                    km.short_in(Action::Narrower, c)
                ),
                "width",
                7,
            ),
            Hint::action_in(km, Action::Submit, c, "use", 9),
            Hint::action_in(km, Action::Save, c, "save view", 6),
            Hint::action_in(km, Action::Back, c, "cancel", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        help::for_context(state, "Columns", Context::Columns)
    }
}

/// `c`: the chooser over the list, for the columns it shows now.
pub fn open(state: &mut State) {
    let Some(list) = state.screens.list() else {
        return;
    };
    let drawn = user_list::drawn_columns(list, state.size);
    let chooser = ColumnChooser::new(&list.columns, &drawn);
    state.screens.push(Screen::ColumnChooser(Box::new(chooser)));
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let action = state.keymap.action(Context::Columns, key);
    let Some(chooser) = state.screens.top_as_mut::<ColumnChooser>() else {
        return;
    };
    let page = chooser.items.len() as isize;
    match action {
        Some(Action::Up) => chooser.move_cursor(-1),
        Some(Action::Down) => chooser.move_cursor(1),
        Some(Action::First) => chooser.move_cursor(-page),
        Some(Action::Last) => chooser.move_cursor(page),
        Some(Action::Toggle) => chooser.toggle(),
        Some(Action::MoveUp) => chooser.move_item(-1),
        Some(Action::MoveDown) => chooser.move_item(1),
        Some(Action::Wider) => chooser.resize(1),
        Some(Action::Narrower) => chooser.resize(-1),
        Some(Action::AutoWidth) => chooser.auto_width(),
        Some(Action::Submit) => {
            apply(state, fx);
        }
        Some(Action::Save) => {
            apply(state, fx);
            command_prompt::open_with(state, "view save ");
        }
        Some(Action::Back) => state.screens.pop(),
        _ => {}
    }
}

/// Closes the chooser and shows its columns.
fn apply(state: &mut State, fx: &mut Effects) {
    let Some(chooser) = state.screens.top_as::<ColumnChooser>() else {
        return;
    };
    let columns = chooser.columns();
    state.screens.pop();
    let titles: Vec<&str> = columns.fields().map(Field::heading).collect();
    let said = format!("Columns: {}", titles.join(", "));
    if !views::set_columns(state, columns, fx) {
        state.status.notice = Some(Notice::Info(said));
    }
}
