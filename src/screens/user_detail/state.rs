//! The detail's data: the user shown, how far it is scrolled, and its requests.

use crate::graph::{User, UserId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserDetail {
    pub user: User,
    pub scroll: u16,
    /// `get_user` answered 404: the user no longer exists.
    pub gone: bool,
    /// `user` holds every property: it was read from Graph. Until then it holds only the list
    /// row's columns, and the rest shows as still loading.
    pub complete: bool,
}

/// Reading one user.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// The open user, refreshed in the background.
    Refresh { user_id: UserId, label: String },
    /// A new user read back for the properties Graph's 201 answer leaves out.
    ReadBack { user_id: UserId },
    /// The user read for the edit form, which opens when it arrives (the list holds only its
    /// columns, and the form edits what Graph has now).
    Edit { user_id: UserId, label: String },
}
