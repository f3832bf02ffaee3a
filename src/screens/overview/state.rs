//! The overview's data: the numbers counted from the loaded users and which slice is chosen.

use super::stats::Stats;
use crate::graph::SignInAges;

/// A slice of the users that Enter narrows the list to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slice {
    Members,
    Guests,
    Enabled,
    Disabled,
    Department(String),
}

/// Accounts with no sign-in for 90 days: counted by Graph over every user, apart from the
/// loaded rows, where the app may read sign-in activity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SignIns {
    #[default]
    Counting,
    Counted(SignInAges),
    /// Why there is no count: what the app or the tenant lacks, or what failed.
    Unavailable(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub sign_ins: SignIns,
    pub stats: Stats,
    /// Index into [`Overview::slices`].
    pub selected: usize,
}

impl Overview {
    /// What can be chosen, top to bottom: the account kinds and states, then the departments.
    pub fn slices(&self) -> Vec<Slice> {
        let mut slices = vec![
            Slice::Members,
            Slice::Guests,
            Slice::Enabled,
            Slice::Disabled,
        ];
        slices.extend(
            self.stats
                .departments
                .iter()
                .map(|(name, _)| Slice::Department(name.clone())),
        );
        slices
    }

    pub fn selected_slice(&self) -> Option<Slice> {
        self.slices().into_iter().nth(self.selected)
    }
}
