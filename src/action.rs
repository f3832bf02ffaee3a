//! What the user meant by a key press: the names the keymap binds keys to, and that the help
//! popup lists. Each action belongs to the screens where it means something.

use std::fmt;

/// A user intent. The keymap turns key presses into these; `update` acts on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Help,
    Back,
    Quit,
    Connect,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Open,
    Search,
    New,
    Edit,
    Delete,
    Refresh,
    Disconnect,
    Confirm,
    Cancel,
}

/// Where a key is pressed: each context has its own bindings, so one key may mean different
/// things on different screens (`n` is "new user" on the list and "no" in the delete dialog).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Connect,
    List,
    Detail,
    ConfirmDelete,
}

impl Action {
    pub const ALL: [Action; 19] = [
        Action::Help,
        Action::Back,
        Action::Quit,
        Action::Connect,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::First,
        Action::Last,
        Action::Open,
        Action::Search,
        Action::New,
        Action::Edit,
        Action::Delete,
        Action::Refresh,
        Action::Disconnect,
        Action::Confirm,
        Action::Cancel,
    ];

    /// The name used in the config file's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Help => "help",
            Action::Back => "back",
            Action::Quit => "quit",
            Action::Connect => "connect",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::First => "first",
            Action::Last => "last",
            Action::Open => "open",
            Action::Search => "search",
            Action::New => "new",
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Refresh => "refresh",
            Action::Disconnect => "disconnect",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What the action does in `context`, for the help popup.
    pub fn describe(self, context: Context) -> &'static str {
        if context == Context::Detail {
            match self {
                Action::Up => return "scroll up",
                Action::Down => return "scroll down",
                Action::First => return "top",
                Action::Last => return "bottom",
                Action::Back => return "back to the list",
                Action::Refresh => return "reload this user",
                _ => {}
            }
        }
        if context == Context::Connect && self == Action::Back {
            return "cancel signing in";
        }
        if context == Context::List && self == Action::Back {
            return "clear the search";
        }
        match self {
            Action::Help => "show the keys for this screen",
            Action::Back => "go back / cancel",
            Action::Quit => "quit",
            Action::Connect => "connect to the tenant",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::First => "first user",
            Action::Last => "last loaded user",
            Action::Open => "open the user's details",
            Action::Search => "search users",
            Action::New => "new user",
            Action::Edit => "edit user",
            Action::Delete => "delete user",
            Action::Refresh => "refresh",
            Action::Disconnect => "disconnect",
            Action::Confirm => "yes, delete",
            Action::Cancel => "no, keep the user",
        }
    }

    /// The contexts this action is offered in, in the order the help lists them.
    pub fn contexts(self) -> &'static [Context] {
        use Context::*;
        match self {
            Action::Help | Action::Quit => &[Connect, List, Detail],
            Action::Back => &[Connect, List, Detail, ConfirmDelete],
            Action::Connect => &[Connect],
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => &[List, Detail],
            Action::First | Action::Last => &[List, Detail],
            Action::Open | Action::Search | Action::New => &[List],
            Action::Edit | Action::Delete | Action::Refresh | Action::Disconnect => &[List, Detail],
            Action::Confirm | Action::Cancel => &[ConfirmDelete],
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
