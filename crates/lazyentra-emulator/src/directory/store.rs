//! The tenant's directory: live users and deleted items, in stored order, with the indexes
//! that make lookups by id and userPrincipalName O(1).
//!
//! Stored order is the order of `User::seq`, which paging uses as its cursor: a page boundary
//! stays correct when users before or after it are created or deleted in between.
//!
//! Every change to a user after seeding is logged under a new, increasing version, so a delta
//! token (<https://learn.microsoft.com/en-us/graph/api/user-delta>) is just a position in
//! that log. The store also holds the tenant's groups and directory roles (for `memberOf`);
//! memberships, licences, sign-ins and the manager link live on each user.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::directory::schema::Prop;
use crate::directory::search_keys::SearchKeys;
use crate::directory::text::{eq_folded, fold};
use crate::directory::user::{Cell, User};
use crate::odata::search::Keys;
use crate::seed::demo::{self, Tenant};

/// Why a user left the live directory, as delta reports it in `@removed.reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Removed {
    /// Soft-deleted: in deleted items, restorable (`"changed"`).
    Changed,
    /// Purged for good (`"deleted"`).
    Deleted,
}

/// What happened to one user at one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum What {
    /// Created, or restored from deleted items.
    Added,
    /// These stored properties changed.
    Updated(Vec<Prop>),
    Removed(Removed),
}

#[derive(Clone, Debug)]
pub(crate) struct Change {
    pub version: u64,
    pub id: Box<str>,
    pub what: What,
}

/// What a group is, as Graph tells the kinds apart by `groupTypes`, `mailEnabled` and
/// `securityEnabled` (the "Group types in Microsoft Entra ID and Microsoft Graph" table of
/// <https://learn.microsoft.com/en-us/graph/api/resources/groups-overview>), or a directory
/// role, which `memberOf` lists beside groups as `#microsoft.graph.directoryRole`
/// (<https://learn.microsoft.com/en-us/graph/api/resources/directoryrole>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GroupKind {
    /// `groupTypes: ["Unified"]`, mail-enabled.
    Microsoft365,
    /// `groupTypes: []`, `mailEnabled: false`, `securityEnabled: true`.
    Security,
    /// `groupTypes: []`, both mail- and security-enabled; read-only through Graph.
    MailEnabledSecurity,
    /// `groupTypes: []`, `mailEnabled: true`, `securityEnabled: false`; read-only through Graph.
    Distribution,
    /// An activated directory role, by its role template id.
    DirectoryRole { template_id: &'static str },
}

/// A group or directory role a user can be a direct member of, as `memberOf` lists it.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub id: Box<str>,
    pub display_name: Box<str>,
    pub description: Box<str>,
    pub mail_nickname: Box<str>,
    pub created: DateTime<Utc>,
    pub kind: GroupKind,
    /// A dynamic group's rule (`groupTypes` then also holds `DynamicMembership`).
    pub rule: Option<Box<str>>,
}

impl Group {
    pub(crate) fn is_role(&self) -> bool {
        matches!(self.kind, GroupKind::DirectoryRole { .. })
    }
}

/// The tenant a store is the directory of; Contoso unless said otherwise.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TenantRef(pub &'static Tenant);

impl Default for TenantRef {
    fn default() -> Self {
        TenantRef(&demo::CONTOSO)
    }
}

#[derive(Default)]
pub(crate) struct Store {
    /// Whose directory this is: its domains decide which UPNs are valid.
    tenant: TenantRef,
    live: BTreeMap<u64, User>,
    deleted: BTreeMap<u64, User>,
    live_ids: HashMap<Box<str>, u64>,
    deleted_ids: HashMap<Box<str>, u64>,
    /// Case-folded userPrincipalName → seq, live users only (deleted ones are renamed).
    upns: HashMap<String, u64>,
    /// What `$search` reads, for live and deleted users.
    search_keys: SearchKeys,
    next_seq: u64,
    groups: Vec<Group>,
    /// Changes since seeding, in version order.
    log: Vec<Change>,
    version: u64,
}

impl Store {
    /// An empty store with room for `users` users, so seeding a big tenant grows no table.
    pub(crate) fn with_capacity(users: usize, tenant: &'static Tenant) -> Store {
        Store {
            tenant: TenantRef(tenant),
            live_ids: HashMap::with_capacity(users),
            upns: HashMap::with_capacity(users),
            log: Vec::with_capacity(users),
            ..Store::default()
        }
    }

    /// The tenant this is the directory of.
    pub(crate) fn tenant(&self) -> &'static Tenant {
        self.tenant.0
    }

    /// The folded search text of the user (live or deleted) at `seq`.
    pub(crate) fn search_keys(&self, seq: u64) -> Option<Keys<'_>> {
        self.search_keys.get(seq)
    }

    /// Adds a live user at the end of stored order and returns its seq.
    pub(crate) fn insert(&mut self, mut user: User) -> u64 {
        self.next_seq += 1;
        user.seq = self.next_seq;
        self.record(&user.id, What::Added);
        self.index_live(user);
        self.next_seq
    }

    fn record(&mut self, id: &str, what: What) {
        self.version += 1;
        self.log.push(Change {
            version: self.version,
            id: id.into(),
            what,
        });
    }

    /// The seeded tenant is the starting point: nothing before it is a change.
    pub(crate) fn forget_history(&mut self) {
        self.log = Vec::new();
    }

    /// The current version: every change so far is at or below it.
    pub(crate) fn version(&self) -> u64 {
        self.version
    }

    /// The changes after version `after`, up to and including `upto`, in order.
    pub(crate) fn changes(&self, after: u64, upto: u64) -> &[Change] {
        let start = self.log.partition_point(|c| c.version <= after);
        let end = self.log.partition_point(|c| c.version <= upto);
        self.log.get(start..end.max(start)).unwrap_or_default()
    }

    pub(crate) fn add_group(&mut self, group: Group) -> u16 {
        self.groups.push(group);
        u16::try_from(self.groups.len() - 1).unwrap_or(u16::MAX)
    }

    pub(crate) fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The live users whose manager is `id`, in stored order.
    pub(crate) fn direct_reports<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a User> {
        self.live
            .values()
            .filter(move |u| u.manager.as_deref() == Some(id))
    }

    /// Sets or clears a live user's manager. Graph tracks the link apart from the user's
    /// properties, so it is no property change for delta.
    pub(crate) fn set_manager(&mut self, seq: u64, manager: Option<&str>) {
        if let Some(user) = self.live.get_mut(&seq) {
            user.manager = manager.map(Into::into);
        }
    }

    fn index_live(&mut self, user: User) {
        self.search_keys.set(&user);
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
        if let Some(old) = self.unindex_live(user.seq) {
            self.record(&user.id, What::Updated(old.changed_props(&user)));
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
        self.search_keys.set(&user);
        self.record(&user.id, What::Removed(Removed::Changed));
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
        self.record(&user.id, What::Added);
        self.index_live(user);
        self.live.get(&seq)
    }

    /// Deletes a user from deleted items for good.
    pub(crate) fn purge(&mut self, seq: u64) -> bool {
        let Some(user) = self.deleted.remove(&seq) else {
            return false;
        };
        self.deleted_ids.remove(&user.id);
        self.search_keys.remove(seq);
        self.record(&user.id, What::Removed(Removed::Deleted));
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

    #[test]
    fn changes_are_logged_in_version_order() {
        let mut store = Store::default();
        let seq = store.insert(user(ID, "ada@contoso.com"));
        store.forget_history();
        let start = store.version();
        let mut changed = store.find(ID).unwrap().clone();
        changed.set(Prop::JobTitle, Cell::str("Boss"));
        store.replace(changed);
        store.soft_delete(seq, Utc::now());
        store.restore(seq, "ada@contoso.com");
        let whats: Vec<_> = store
            .changes(start, store.version())
            .iter()
            .map(|c| c.what.clone())
            .collect();
        assert_eq!(
            whats,
            [
                What::Updated(vec![Prop::JobTitle]),
                What::Removed(Removed::Changed),
                What::Added
            ]
        );
        assert_eq!(store.changes(start + 1, start + 2).len(), 1);
        assert!(store.changes(store.version(), store.version()).is_empty());
    }
}
