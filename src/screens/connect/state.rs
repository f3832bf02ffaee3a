//! What the connect screen remembers: which profile is selected, its `/` filter, and the last
//! sign-in failure.

use crate::graph::GraphError;
use crate::screens::user_list::state::SearchState;

#[derive(Clone, Debug, Default)]
pub struct Connect {
    /// The last sign-in failure, shown until the next attempt.
    pub error: Option<GraphError>,
    /// Index into the profiles the filter shows.
    pub selected: usize,
    /// The `/` filter over names, tenants and client IDs.
    pub search: SearchState,
}

impl Connect {
    /// Puts the cursor on row `index` of the profiles, with no filter.
    pub fn point_at(&mut self, index: usize) {
        self.search = SearchState::default();
        self.selected = index;
    }
}
