//! Where the error history's cursor is. The errors themselves are app-wide (`State::errors`).

/// The error history: newest first, one selected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorHistory {
    /// Index into the errors, newest first.
    pub selected: usize,
}
