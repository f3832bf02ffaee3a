//! The deleted users screen's data: the loaded users from deleted items, the cursor, the
//! search box, when Graph answered, and its requests.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::graph::{NextPage, User, UserId};
use crate::screens::user_list::state::{ListProblem, SearchState};

/// How long Entra keeps a deleted user before purging it for good.
pub const RETENTION_DAYS: i64 = 30;

/// The users in deleted items: what is loaded, where the cursor is, and the search.
#[derive(Clone, Debug, Default)]
pub struct DeletedUsers {
    pub users: Vec<User>,
    /// The ids in `users`, so a user Graph sends twice is listed once.
    listed: HashSet<UserId>,
    pub selected: usize,
    /// First row shown; kept here so render stays pure.
    pub offset: usize,
    /// `@odata.count`: how many deleted users match.
    pub total: Option<u64>,
    pub next: Option<NextPage>,
    /// The first page of the current query has arrived.
    pub loaded: bool,
    pub problem: Option<ListProblem>,
    pub search: SearchState,
    /// When the worker got the latest page: the "now" the days left are counted from, so
    /// neither the reducer nor the view reads a clock.
    pub as_of: Option<DateTime<Utc>>,
    /// The marked users (Space, `*`): `u` and `P` act on all of them. A user that leaves the
    /// list (restored, purged, not in a new listing) loses its mark.
    marks: HashSet<UserId>,
}

/// A request of the deleted users screen or its dialogs.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// The first page of a query; `refresh` when the admin asked for it (`r`).
    FirstPage {
        search: Option<String>,
        refresh: bool,
    },
    NextPage,
    Restore(Target),
    Purge(Target),
}

/// The deleted user a dialog names and a restore or purge acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub id: UserId,
    /// The display name (else the UPN).
    pub label: String,
    /// The UPN the user had before it was deleted.
    pub upn: String,
    /// The display name as Graph has it, if any: what may be typed to confirm a purge.
    pub display_name: Option<String>,
}

impl Target {
    pub fn of(user: &User) -> Target {
        let upn = user.original_upn().to_owned();
        let display_name = user.display_name.clone().filter(|n| !n.is_empty());
        Target {
            id: user.id.clone(),
            label: display_name.clone().unwrap_or_else(|| upn.clone()),
            upn,
            display_name,
        }
    }
}

impl DeletedUsers {
    /// The users of a new first page, each once.
    pub fn replace_users(&mut self, users: Vec<User>) {
        self.users.clear();
        self.listed.clear();
        self.append_users(users);
        let listed = &self.listed;
        self.marks.retain(|id| listed.contains(id));
    }

    /// A further page's users, leaving out any already listed.
    pub fn append_users(&mut self, users: Vec<User>) {
        for user in users {
            if self.listed.insert(user.id.clone()) {
                self.users.push(user);
            }
        }
    }

    /// Takes user `id` out, keeping the cursor on the row that was below it; the user when it
    /// was listed.
    pub fn remove_user(&mut self, id: &UserId) -> Option<User> {
        self.listed.remove(id).then_some(())?;
        self.marks.remove(id);
        let index = self.users.iter().position(|u| u.id == *id)?;
        if self.selected > index {
            self.selected -= 1;
        }
        self.total = self.total.map(|n| n.saturating_sub(1));
        let user = self.users.remove(index);
        self.selected = self.selected.min(self.users.len().saturating_sub(1));
        Some(user)
    }

    pub fn selected_user(&self) -> Option<&User> {
        self.users.get(self.selected)
    }

    /// Marks the selected user, or unmarks it. False when none is listed.
    pub fn toggle_mark(&mut self) -> bool {
        let Some(id) = self.selected_user().map(|u| u.id.clone()) else {
            return false;
        };
        if !self.marks.remove(&id) {
            self.marks.insert(id);
        }
        true
    }

    /// Marks every listed user; if all are marked already, unmarks them. Returns how many
    /// marks that added or took away, and whether it marked.
    pub fn mark_all(&mut self) -> (usize, bool) {
        if self.users.iter().all(|u| self.marks.contains(&u.id)) {
            let count = self.marks.len();
            self.marks.clear();
            return (count, false);
        }
        let before = self.marks.len();
        self.marks.extend(self.users.iter().map(|u| u.id.clone()));
        (self.marks.len() - before, true)
    }

    pub fn is_marked(&self, user: &User) -> bool {
        !self.marks.is_empty() && self.marks.contains(&user.id)
    }

    pub fn marked_count(&self) -> usize {
        self.marks.len()
    }

    /// The marked users, in the list's order.
    pub fn marked_users(&self) -> Vec<&User> {
        self.users.iter().filter(|u| self.is_marked(u)).collect()
    }

    pub fn clear_marks(&mut self) {
        self.marks.clear();
    }
}
