//! The `$orderby` order of the last sorted query's users (their seqs), kept while the store is
//! unchanged: paging through 100k sorted users sorts them once, not once a page (`list.rs`).
//! Any change to a user moves the store's version on, which makes the kept order stale.

use crate::odata::query::Order;

/// What a kept order answers: which collection, the query's `$filter`, `$search` and
/// `$orderby` as sent, and the store's version it was sorted at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SortedKey {
    /// The collection's path.
    pub source: &'static str,
    pub filter: Option<String>,
    pub search: Option<String>,
    pub order: Order,
    pub version: u64,
}

#[derive(Default)]
pub(crate) struct SortedCache(Option<(SortedKey, Vec<u64>)>);

impl SortedCache {
    /// The seqs kept for `key`, else those `sort` makes now (and then kept).
    pub(crate) fn get_or(&mut self, key: SortedKey, sort: impl FnOnce() -> Vec<u64>) -> &[u64] {
        if self.0.as_ref().is_none_or(|(kept, _)| *kept != key) {
            self.0 = Some((key, sort()));
        }
        self.0.as_ref().map_or(&[], |(_, seqs)| seqs)
    }

    /// Whether an order is kept.
    #[cfg(test)]
    pub(crate) fn is_kept(&self) -> bool {
        self.0.is_some()
    }
}
