//! The list's data: the loaded users, the cursor, the search box, and its requests.

use std::collections::HashSet;

use tui_input::Input;

use crate::graph::{GraphError, NextPage, User, UserId};

/// The user list: what is loaded, where the cursor is, and the search.
#[derive(Clone, Debug, Default)]
pub struct UserList {
    pub users: Vec<User>,
    /// The ids in `users`: each user is listed once, however often Graph sends it. Kept by
    /// the methods below, so taking in a page costs the page, not the list.
    listed: HashSet<UserId>,
    pub selected: usize,
    /// First row shown; kept here so scrolling is stable and render stays pure.
    pub offset: usize,
    /// `@odata.count` of the loaded query: how many users match in the tenant.
    pub total: Option<u64>,
    /// Where the next page is; `None` once everything is loaded.
    pub next: Option<NextPage>,
    /// The first page of the current query has arrived.
    pub loaded: bool,
    /// Why the table is empty: shown in its place until the next load.
    pub problem: Option<ListProblem>,
    pub search: SearchState,
}

/// Why nothing is listed.
#[derive(Clone, Debug, PartialEq)]
pub enum ListProblem {
    Failed(GraphError),
    /// Esc stopped the first load.
    Cancelled,
}

/// The `/` search box.
#[derive(Clone, Debug, Default)]
pub struct SearchState {
    pub input: Input,
    /// Keys go to the search box.
    pub focused: bool,
    /// The search the loaded users answer (`None`: all users).
    pub applied: Option<String>,
    /// Bumped on every edit; a debounce timer carries it and fires only if it is still current.
    pub generation: u64,
}

impl SearchState {
    /// The typed text as a query: trimmed, `None` when blank.
    pub fn text(&self) -> Option<String> {
        let text = self.input.value().trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// The box is drawn while focused or while a search is applied.
    pub fn visible(&self) -> bool {
        self.focused || self.applied.is_some() || !self.input.value().is_empty()
    }
}

/// A listing request: the first page of a query, or the next page of the loaded one.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// `restore` re-selects that user (refresh).
    FirstPage {
        search: Option<String>,
        restore: Option<Restore>,
    },
    NextPage {
        restore: Option<Restore>,
    },
}

/// After a refresh: the user to select again, and where the cursor was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restore {
    pub id: UserId,
    pub index: usize,
}

impl UserList {
    /// The users of a new first page, each once.
    pub fn replace_users(&mut self, users: Vec<User>) {
        self.users.clear();
        self.listed.clear();
        self.append_users(users);
    }

    /// A further page's users, leaving out any already listed (a user created meanwhile, or
    /// Graph repeating one within or across pages).
    pub fn append_users(&mut self, users: Vec<User>) {
        self.users.reserve(users.len());
        for user in users {
            if self.listed.insert(user.id.clone()) {
                self.users.push(user);
            }
        }
    }

    /// A new user at the top; false when it is listed already.
    pub fn insert_first(&mut self, user: User) -> bool {
        if !self.listed.insert(user.id.clone()) {
            return false;
        }
        self.users.insert(0, user);
        true
    }

    /// Takes user `id` out; its index when it was listed.
    pub fn remove_user(&mut self, id: &UserId) -> Option<usize> {
        self.listed.remove(id).then_some(())?;
        let index = self.users.iter().position(|u| u.id == *id)?;
        self.users.remove(index);
        Some(index)
    }

    pub fn selected_user(&self) -> Option<&User> {
        self.users.get(self.selected)
    }

    /// The most common UPN domain among loaded members (not guests): the domain a new user
    /// most likely gets.
    pub fn member_domain(&self) -> Option<String> {
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for user in self.users.iter().filter(|u| !u.is_guest()) {
            if let Some((_, domain)) = user.upn().rsplit_once('@') {
                *counts.entry(domain).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(d, _)| d.to_owned())
    }
}
