//! `:`: a one-line command prompt over the screen in front, as in vim and k9s. Typing shows
//! the commands that match, Tab completes a name, Enter runs the line (the router carries the
//! command out: `update.rs`), Esc closes. A line that is not a command stays, with what is
//! wrong and what to type instead.

pub mod state;
#[cfg(test)]
mod tests;
mod view;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::Input;

use super::screen_view::{KeyHandler, PasteHandler, ScreenView};
use super::search_box;
use super::stack::Screen;
use crate::command::{self, COMMANDS, Command};
use crate::effect::{Effect, Effects};
use crate::keymap::{Action, Context};
use crate::state::State;
use crate::ui::help::{self, Help, HelpRow};
use crate::ui::hints::Hint;
pub use state::CommandPrompt;

impl ScreenView for CommandPrompt {
    fn key_handler(&self) -> KeyHandler {
        on_key
    }

    fn paste_handler(&self) -> Option<PasteHandler> {
        Some(on_paste)
    }

    fn context(&self) -> Context {
        Context::Command
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn is_typing(&self) -> bool {
        true
    }

    fn render(&self, state: &State, frame: &mut Frame, area: Rect) {
        view::render(self, state, frame, area);
    }

    fn hints(&self, state: &State) -> Vec<Hint> {
        let km = &state.keymap;
        let c = Context::Command;
        vec![
            Hint::action_in(km, Action::Submit, c, "run", 9),
            Hint::action_in(km, Action::NextField, c, "complete", 8),
            Hint::action_in(km, Action::Back, c, "close", 9),
        ]
    }

    fn help(&self, state: &State) -> Help {
        let mut help = help::for_context(state, "Command", Context::Command);
        let commands = COMMANDS.iter().map(|spec| {
            let aliases = spec.aliases.iter().map(|alias| format!(", :{alias}"));
            let names: String = std::iter::once(spec.usage()).chain(aliases).collect();
            HelpRow::fixed(&names, spec.what)
        });
        help.rows.splice(0..0, commands);
        help
    }
}

/// Opens the prompt over the screen in front.
pub fn open(state: &mut State) {
    open_with(state, "");
}

/// Opens the prompt with `line` typed already, the cursor at its end: another screen asks for
/// the rest (the column chooser's Ctrl-S, `view save `, asks for a name).
pub fn open_with(state: &mut State, line: &str) {
    if !state.screens.has::<CommandPrompt>() {
        state
            .screens
            .push(Screen::CommandPrompt(Box::new(CommandPrompt {
                input: Input::new(line.to_owned()),
                problem: None,
            })));
    }
}

/// Enter on the prompt: the command it holds, and the prompt closed; or `None`, with the
/// prompt kept open and saying why the line is not a command.
pub fn submitted(state: &mut State, key: KeyEvent) -> Option<Command> {
    if state.keymap.action(Context::Command, key) != Some(Action::Submit) {
        return None;
    }
    let prompt = state.screens.top_as_mut::<CommandPrompt>()?;
    match command::parse(prompt.input.value()) {
        Ok(command) => {
            state.screens.pop();
            Some(command)
        }
        Err(problem) => {
            prompt.problem = Some(problem);
            None
        }
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let action = state.keymap.action(Context::Command, key);
    let names: Vec<String> = state.profiles.rows.iter().map(|p| p.name.clone()).collect();
    let views: Vec<String> = state.views.keys().cloned().collect();
    let Some(prompt) = state.screens.top_as_mut::<CommandPrompt>() else {
        return;
    };
    match action {
        Some(Action::Back) => state.screens.pop(),
        Some(Action::NextField) => {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let views: Vec<&str> = views.iter().map(String::as_str).collect();
            let typed = prompt.input.value();
            if let Some(completed) = command::complete_view(typed, &views)
                .or_else(|| command::complete_with(typed, &names))
            {
                prompt.input = Input::new(completed);
                prompt.problem = None;
            } else if let Some(path) = command::import_path(prompt.input.value()) {
                // The file's name is completed from the disk, by the shell.
                fx.import(Effect::CompletePath(path.to_owned()));
            }
        }
        _ => {
            let typed = search_box::edit(&mut prompt.input, key);
            after_typing(state, typed);
        }
    }
}

/// The shell completed the file after `:import `: the line takes it if it is unchanged.
pub fn path_completed(state: &mut State, typed: &str, completed: &str) {
    let Some(prompt) = state.screens.top_as_mut::<CommandPrompt>() else {
        return;
    };
    if command::import_path(prompt.input.value()) == Some(typed) {
        prompt.input = Input::new(format!("import {completed}"));
        prompt.problem = None;
    }
}

fn on_paste(state: &mut State, text: &str, _fx: &mut Effects) {
    let Some(prompt) = state.screens.top_as_mut::<CommandPrompt>() else {
        return;
    };
    let typed = search_box::paste_into(&mut prompt.input, text);
    after_typing(state, typed);
}

fn after_typing(state: &mut State, typed: search_box::Typed) {
    if let Some(prompt) = state.screens.top_as_mut::<CommandPrompt>()
        && typed.changed
    {
        prompt.problem = None;
    }
    if typed.full {
        state.status.notice = Some(search_box::full_notice());
    }
}
