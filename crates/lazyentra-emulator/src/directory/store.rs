//! The tenant's directory: live users and deleted items, in stored order, with the indexes
//! that make lookups by id and userPrincipalName O(1).
//!
//! Stored order is the order of `User::seq`, which paging uses as its cursor: a page boundary
//! stays correct when users before or after it are created or deleted in between.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::directory::schema::Prop;
use crate::directory::text::{eq_folded, fold};
use crate::directory::user::{Cell, User};

#[derive(Default)]
pub(crate) struct Store {
    live: BTreeMap<u64, User>,
    deleted: BTreeMap<u64, User>,
    live_ids: HashMap<Box<str>, u64>,
    deleted_ids: HashMap<Box<str>, u64>,
    /// Case-folded userPrincipalName → seq, live users only (deleted ones are renamed).
    upns: HashMap<String, u64>,
    next_seq: u64,
}

impl Store {
    /// Adds a live user at the end of stored order and returns its seq.
    pub(crate) fn insert(&mut self, mut user: User) -> u64 {
        self.next_seq += 1;
        user.seq = self.next_seq;
        self.index_live(user);
        self.next_seq
    }

    fn index_live(&mut self, user: User) {
        self.live_ids.insert(user.id.clone(), user.seq);
        self.upns.insert(fold(user.upn()), user.seq);
        self.live.insert(user.seq, user);
    }

    fn unindex_live(&mut self, seq: u64) -> Option<User> {
        let user = self.live.remove(&seq)?;
        self.live_ids.remove(&user.id);
        let key = fold(user.upn());
        if self.upns.get(&key) == Some(&seq) {
            self.upns.remove(&key);
        }
        Some(user)
    }

    pub(crate) fn live(&self) -> &BTreeMap<u64, User> {
        &self.live
    }

    pub(crate) fn deleted(&self) -> &BTreeMap<u64, User> {
        &self.deleted
    }

    /// A live user by object id or userPrincipalName, both case-insensitive.
    pub(crate) fn find(&self, key: &str) -> Option<&User> {
        let id_key = key.to_ascii_lowercase();
        let seq = self
            .live_ids
            .get(id_key.as_str())
            .or_else(|| self.upns.get(&fold(key)))?;
        self.live.get(seq)
    }

    pub(crate) fn find_deleted(&self, id: &str) -> Option<&User> {
        let seq = self.deleted_ids.get(id.to_ascii_lowercase().as_str())?;
        self.deleted.get(seq)
    }

    /// The live user holding `upn`, if any.
    pub(crate) fn upn_owner(&self, upn: &str) -> Option<u64> {
        self.upns.get(&fold(upn)).copied()
    }

    /// The live user whose `mail` is `mail` (proxy addresses must be unique). A linear scan:
    /// only writes call it.
    pub(crate) fn mail_owner(&self, mail: &str) -> Option<u64> {
        let folded = fold(mail);
        self.live
            .values()
            .find(|u| u.text(Prop::Mail).is_some_and(|m| eq_folded(m, &folded)))
            .map(|u| u.seq)
    }

    /// Puts back a changed copy of a live user (same seq), re-indexing its UPN.
    pub(crate) fn replace(&mut self, user: User) {
        if self.unindex_live(user.seq).is_some() {
            self.index_live(user);
        }
    }

    /// Moves a live user to deleted items. Like Entra, the deleted object's UPN becomes
    /// `{id without dashes}{upn}`, which frees the original for reuse.
    pub(crate) fn soft_delete(&mut self, seq: u64, now: DateTime<Utc>) -> bool {
        let Some(mut user) = self.unindex_live(seq) else {
            return false;
        };
        let upn = user.upn().to_owned();
        let mangled = format!("{}{upn}", user.id.replace('-', ""));
        user.set(Prop::UserPrincipalName, Cell::str(&mangled));
        user.set(Prop::DeletedDateTime, Cell::Date(now));
        user.original_upn = Some(upn.into());
        self.deleted_ids.insert(user.id.clone(), seq);
        self.deleted.insert(seq, user);
        true
    }

    /// Brings a deleted user back under `upn`, at its old place in stored order. The caller
    /// has checked that `upn` is free.
    pub(crate) fn restore(&mut self, seq: u64, upn: &str) -> Option<&User> {
        let mut user = self.deleted.remove(&seq)?;
        self.deleted_ids.remove(&user.id);
        user.set(Prop::UserPrincipalName, Cell::str(upn));
        user.set(Prop::DeletedDateTime, Cell::Null);
        user.original_upn = None;
        self.index_live(user);
        self.live.get(&seq)
    }

    /// Deletes a user from deleted items for good.
    pub(crate) fn purge(&mut self, seq: u64) -> bool {
        let Some(user) = self.deleted.remove(&seq) else {
            return false;
        };
        self.deleted_ids.remove(&user.id);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, upn: &str) -> User {
        let mut u = User::new(id);
        u.set(Prop::UserPrincipalName, Cell::str(upn));
        u
    }

    const ID: &str = "0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3";

    #[test]
    fn lookups_are_case_insensitive() {
        let mut store = Store::default();
        store.insert(user(ID, "Ada@Contoso.com"));
        assert!(store.find("ada@contoso.COM").is_some());
        assert!(store.find(&ID.to_uppercase()).is_some());
        assert!(store.find("bob@contoso.com").is_none());
    }

    #[test]
    fn delete_renames_and_restore_puts_back_in_place() {
        let mut store = Store::default();
        let first = store.insert(user(ID, "ada@contoso.com"));
        store.insert(user(
            "1b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3",
            "bob@contoso.com",
        ));
        assert!(store.soft_delete(first, Utc::now()));
        assert!(store.find("ada@contoso.com").is_none());
        assert_eq!(store.upn_owner("ada@contoso.com"), None);
        let deleted = store.find_deleted(ID).unwrap();
        assert_eq!(
            deleted.upn(),
            "0b1c2d3e4f504a6b8c7d8e9fa0b1c2d3ada@contoso.com"
        );
        assert_eq!(deleted.original_upn.as_deref(), Some("ada@contoso.com"));
        store.restore(first, "ada@contoso.com").unwrap();
        let order: Vec<_> = store.live().values().map(|u| u.upn().to_owned()).collect();
        assert_eq!(order, ["ada@contoso.com", "bob@contoso.com"]);
        assert!(store.deleted().is_empty());
    }
}
