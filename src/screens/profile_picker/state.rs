//! The profile picker's data (`T`): what is typed to filter the profiles, and the row under
//! the cursor.

use tui_input::Input;

#[derive(Clone, Debug, Default)]
pub struct ProfilePicker {
    /// Filters the profiles by name, tenant or client ID, as the connect screen's `/` does.
    pub filter: Input,
    /// Index into the profiles the filter shows.
    pub selected: usize,
}

impl ProfilePicker {
    /// The typed filter, trimmed; `None` when blank.
    pub fn text(&self) -> Option<&str> {
        let text = self.filter.value().trim();
        (!text.is_empty()).then_some(text)
    }
}
