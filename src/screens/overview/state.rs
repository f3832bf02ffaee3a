//! The overview's data: the numbers counted from the loaded users and which slice is chosen.

use super::stats::Stats;

/// A slice of the users that Enter narrows the list to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slice {
    Members,
    Guests,
    Enabled,
    Disabled,
    Department(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
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
