//! "Restore this user?": whom it names.

use crate::screens::deleted_users::state::Target;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmRestore {
    pub target: Target,
}
