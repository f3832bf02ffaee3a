//! The review of a bulk action on the marked users: the job (or, for `b`, a block and an
//! unblock to choose between), what it does, what it sets, and for deletes the count typed
//! to confirm.

use tui_input::Input;

use crate::keymap::Action;
use crate::screens::bulk_progress::state::BulkJob;

#[derive(Clone, Debug)]
pub struct BulkReview {
    /// The jobs offered: one, or a block and an unblock.
    pub jobs: Vec<BulkJob>,
    /// The one chosen: an index into `jobs`.
    pub chosen: usize,
    /// The write this is, checked again when confirmed (read-only, permissions).
    pub action: Action,
    /// The title of the dialog.
    pub title: String,
    /// How many users are marked.
    pub marked: usize,
    /// What the job does, in a sentence or two.
    pub note: String,
    /// The properties an edit sets: (label, value).
    pub changes: Vec<(&'static str, String)>,
    /// The count must be typed to confirm (deletes): what is typed so far.
    pub typed: Option<Input>,
    /// Red, not the accent: deletes and blocks.
    pub danger: bool,
}

impl BulkReview {
    pub fn job(&self) -> Option<&BulkJob> {
        self.jobs.get(self.chosen)
    }

    /// How many users the chosen job sends.
    pub fn count(&self) -> usize {
        self.job().map_or(0, |job| job.items.len())
    }

    /// The review may be confirmed: there is something to send and, where asked, the count
    /// is typed exactly.
    pub fn ready(&self) -> bool {
        let count = self.count();
        count > 0
            && self
                .typed
                .as_ref()
                .is_none_or(|typed| typed.value().trim() == count.to_string())
    }
}
