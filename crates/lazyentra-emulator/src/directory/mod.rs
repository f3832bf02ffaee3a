//! The tenant's directory: the user schema, stored users and their indexes, the directory's
//! value rules, the state shared by the server and the `Emulator` handle, and the handlers for
//! `/users` and `/directory/deletedItems`.
//!
//! - `schema`: the `microsoft.graph.user` property table that drives everything else.
//! - `user`, `store`, `text`: one stored user, the tenant's users, case-insensitive matching.
//! - `search_keys`: the folded text `$search` reads, every user's side by side.
//! - `validate`, `rules`: the directory's checks of create and update bodies.
//! - `list`, `users`, `deleted`: the collection, single-user and deleted-item handlers.
//! - `delta`: `/users/delta` change tracking over the store's change log.
//! - `domains`: `/domains`, the tenant's domains (verified or not) for UPN pickers.
//! - `relations`: `manager` (and `$expand=manager`), `directReports`, `memberOf`.
//! - `roles`: directory roles, and which roles may change users who hold which.
//! - `activity`: `licenseDetails`, and who may read `signInActivity`.
//! - `state`: what the server task and the `Emulator` handle share.

pub(crate) mod activity;
pub(crate) mod deleted;
pub(crate) mod delta;
pub(crate) mod domains;
pub(crate) mod kept_order;
pub(crate) mod list;
pub(crate) mod relations;
pub(crate) mod roles;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod search_keys;
pub(crate) mod state;
pub(crate) mod store;
pub(crate) mod text;
pub(crate) mod user;
pub(crate) mod users;
pub(crate) mod validate;
