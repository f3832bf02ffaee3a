//! "Delete this user for good?": whom it names and what the admin has typed to confirm.

use tui_input::Input;

use crate::screens::deleted_users::state::Target;

#[derive(Clone, Debug)]
pub struct ConfirmPurge {
    pub target: Target,
    /// The UPN or the display name, typed out: only an exact match confirms.
    pub typed: Input,
}

impl ConfirmPurge {
    pub fn new(target: Target) -> ConfirmPurge {
        ConfirmPurge {
            target,
            typed: Input::default(),
        }
    }

    /// The typed text is exactly the user's UPN or display name.
    pub fn matches(&self) -> bool {
        let typed = self.typed.value();
        !typed.is_empty()
            && (typed == self.target.upn || Some(typed) == self.target.display_name.as_deref())
    }
}
