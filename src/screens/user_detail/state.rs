//! The detail's data: the user shown, its relations as they arrive, the cursor, and its
//! requests.

use chrono::{DateTime, Utc};

use crate::undo::Before;

use crate::graph::{
    GraphError, License, Membership, Person, Relation, SignInActivity, SignInUnavailable, User,
    UserId,
};

#[derive(Clone, Debug, PartialEq)]
pub struct UserDetail {
    pub user: User,
    /// This screen among the details on the stack (a report's detail opens over its
    /// manager's): its requests carry it, and an answer for a detail no longer on the stack is
    /// dropped.
    pub view: u64,
    /// The row the cursor is on (Enter opens the person on it): its section and its place
    /// there, so it stays on its row while rows above it arrive.
    pub cursor: (Section, usize),
    /// The first row shown.
    pub offset: usize,
    /// `get_user` answered 404: the user no longer exists.
    pub gone: bool,
    pub relations: Relations,
    /// `user` holds every property: it was read from Graph. Until then it holds only the list
    /// row's columns, and the rest shows as still loading.
    pub complete: bool,
}

impl UserDetail {
    pub fn new(user: User, view: u64) -> UserDetail {
        UserDetail {
            user,
            view,
            cursor: (Section::Identity, 0),
            offset: 0,
            gone: false,
            complete: false,
            relations: Relations::default(),
        }
    }
}

/// The detail's sections, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Identity,
    /// Job information, with the manager.
    Job,
    Reports,
    Contact,
    /// Settings, with the last sign-ins.
    Settings,
    Licences,
    Groups,
}

/// What Graph said about each of the user's relations so far. Whether one is loading is not
/// kept here: a request for it is pending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Relations {
    /// `Some(None)`: the user has no manager.
    pub manager: Part<Option<Box<Person>>>,
    pub reports: Part<Vec<Person>>,
    pub groups: Part<Vec<Membership>>,
    pub licenses: Part<Vec<License>>,
    pub sign_ins: Part<SignIns>,
}

impl Relations {
    /// Whether `relation` has an answer (a value or a failure).
    pub fn answered(&self, relation: Relation) -> bool {
        fn has<T>(part: &Part<T>) -> bool {
            part.value.is_some() || part.error.is_some()
        }
        match relation {
            Relation::Manager => has(&self.manager),
            Relation::DirectReports => has(&self.reports),
            Relation::MemberOf => has(&self.groups),
            Relation::Licenses => has(&self.licenses),
            Relation::SignInActivity => has(&self.sign_ins),
        }
    }
}

/// One relation: what arrived (all pages so far) and how its last request failed. Both can
/// be there: a later page that failed leaves the earlier ones shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Part<T> {
    pub value: Option<T>,
    pub error: Option<GraphError>,
}

impl<T> Default for Part<T> {
    fn default() -> Self {
        Part {
            value: None,
            error: None,
        }
    }
}

/// The user's last sign-ins, or why Graph will not show them to this app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIns {
    /// `activity` as read at `at` (to say how long ago); `None` when Graph has none.
    Seen {
        activity: Option<SignInActivity>,
        at: DateTime<Utc>,
    },
    Unavailable(SignInUnavailable),
}

/// A request of the detail.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// The open user, refreshed in the background; its relations are read when it arrives.
    Refresh {
        view: u64,
        user_id: UserId,
        label: String,
    },
    /// A new user read back for the properties Graph's 201 answer leaves out.
    ReadBack { user_id: UserId },
    /// One of the user's relations for the detail `view`; `more` for a page after the first.
    Related {
        view: u64,
        user_id: UserId,
        label: String,
        relation: Relation,
        more: bool,
    },
    /// The user read for the edit form, which opens when it arrives (the list holds only its
    /// columns, and the form edits what Graph has now).
    Edit { user_id: UserId, label: String },
    /// The user read for undoing an edit whose properties the loaded copy does not all hold
    /// (a list row has only its columns): the undo's review opens when it arrives.
    Undo {
        user_id: UserId,
        label: String,
        before: Vec<Before>,
    },
}

impl Load {
    /// The detail a request is for; `None` for a read-back or the edit form's read, which are
    /// for no detail.
    pub fn view(&self) -> Option<u64> {
        match self {
            Load::Refresh { view, .. } | Load::Related { view, .. } => Some(*view),
            Load::ReadBack { .. } | Load::Edit { .. } | Load::Undo { .. } => None,
        }
    }
}
