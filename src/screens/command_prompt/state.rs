//! The `:` prompt's data: the line being typed and why the last Enter did not run it.

use tui_input::Input;

use crate::command::ParseError;

#[derive(Clone, Debug, Default)]
pub struct CommandPrompt {
    pub input: Input,
    /// The line as typed did not parse; cleared by the next edit.
    pub problem: Option<ParseError>,
}
