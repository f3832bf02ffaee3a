//! The confirmation's data: whom it names, and the delete request.

use crate::graph::UserId;

/// The user a delete confirmation names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmDelete {
    pub id: UserId,
    pub label: String,
    pub upn: String,
}

/// A delete in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    pub id: UserId,
    pub label: String,
    pub upn: String,
}
