//! "Remove the manager?": whose manager, who it is (read from Graph when the dialog opens, so
//! the question names both people), and its requests.

use crate::graph::GraphError;
use crate::screens::manager_picker::state::Person;

/// Who the manager is, as far as the dialog knows.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Found {
    #[default]
    Loading,
    /// The user has no manager: nothing to remove.
    None,
    Some(Person),
    /// Reading it failed; removing is not offered without knowing whom it removes.
    Failed(GraphError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClearManager {
    pub user: Person,
    pub manager: Found,
}

/// A request of the dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// Who the manager is now.
    Current,
    /// `DELETE …/manager/$ref`.
    Clear { user: Person, manager: Person },
}
