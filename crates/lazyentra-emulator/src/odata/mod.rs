//! `OData`: the system query options Graph takes on users (`$select`, `$top`, `$count`,
//! `$filter`, `$search`, `$orderby`, …) and the `OData` layer of request-body checks.
//!
//! - `query`: reading the options from a raw query string.
//! - `filter` (and `filter::parse`): the `$filter` subset the directory supports.
//! - `search`: `$search` clauses and the directory's display-name tokenizer.
//! - `body`: known, writable properties with values of the right JSON type (`BadRequest`).

pub(crate) mod body;
pub(crate) mod filter;
pub(crate) mod query;
pub(crate) mod search;
