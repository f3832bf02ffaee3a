//! The manager picker's data: whose manager is being chosen, who it is now, the search box,
//! Graph's results, the cursor, and its requests.

use crate::graph::{GraphError, User, UserId};
use crate::screens::user_list::state::SearchState;

/// Results asked of Graph per search: more than a popup shows, few enough to come back fast.
pub const RESULTS: u16 = 50;

/// A user as the manager dialogs name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: UserId,
    /// The display name, else the UPN.
    pub label: String,
    pub upn: String,
}

impl Person {
    pub fn of(user: &User) -> Person {
        Person {
            id: user.id.clone(),
            label: user.label().to_owned(),
            upn: user.upn().to_owned(),
        }
    }
}

/// The manager the user has now, as far as the picker knows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Current {
    #[default]
    Loading,
    None,
    Some(Person),
    /// Graph could not say; the picker works without it.
    Unknown,
}

/// "Who is the manager of …?": a type-ahead search over the tenant's users.
#[derive(Clone, Debug)]
pub struct ManagerPicker {
    /// Whose manager is chosen.
    pub user: Person,
    pub current: Current,
    /// Always focused: printable keys are typed.
    pub search: SearchState,
    /// Graph's answer to `answered`.
    pub results: Vec<User>,
    /// The text the results answer; `None` before the first answer.
    pub answered: Option<String>,
    pub selected: usize,
    /// Why the last search found nothing to show.
    pub problem: Option<GraphError>,
}

impl ManagerPicker {
    pub fn new(user: Person) -> ManagerPicker {
        ManagerPicker {
            user,
            current: Current::Loading,
            search: SearchState {
                focused: true,
                ..SearchState::default()
            },
            results: Vec::new(),
            answered: None,
            selected: 0,
            problem: None,
        }
    }

    /// `z` after a manager change: the picker with the earlier manager already found and
    /// selected, so Enter puts it back (and the admin sees whom first).
    pub fn offering(user: Person, manager: &Person) -> ManagerPicker {
        let mut picker = ManagerPicker::new(user);
        picker.search.input = tui_input::Input::new(manager.upn.clone());
        picker.answered = Some(manager.upn.clone());
        picker.results = vec![User {
            id: manager.id.clone(),
            display_name: Some(manager.label.clone()),
            user_principal_name: Some(manager.upn.clone()),
            ..User::default()
        }];
        picker
    }

    pub fn selected_user(&self) -> Option<&User> {
        self.results.get(self.selected)
    }

    /// Whether `user` is the manager now.
    pub fn is_current(&self, user: &User) -> bool {
        matches!(&self.current, Current::Some(p) if p.id == user.id)
    }
}

/// A request of the picker.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Who the manager is now.
    Current,
    /// Graph's `$search` for what was typed.
    Search { text: String },
    /// `manager` becomes the manager of `user`.
    Set { user: Person, manager: Person },
}
