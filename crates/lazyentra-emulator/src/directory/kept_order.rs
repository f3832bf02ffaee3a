//! The `$orderby` order of the last sorted query's users (their seqs), kept while the store
//! is unchanged: paging through 100k sorted users sorts them once, not once a page. Any
//! change to a user moves the store's version on, which makes it stale. Held by
//! [`Shared`](super::state::Shared); `list.rs` fills and reads it.

use crate::odata::query::Order;

#[derive(Default)]
pub(crate) struct KeptOrder(Option<(OrderKey, Vec<u64>)>);

/// What a kept order answers: the collection (its path), the query's `$filter`, `$search`
/// and `$orderby` as sent, and the store's version.
#[derive(PartialEq, Eq)]
pub(crate) struct OrderKey {
    pub collection: &'static str,
    pub filter: Option<String>,
    pub search: Option<String>,
    pub order: Order,
    pub version: u64,
}

impl KeptOrder {
    /// The seqs kept for `key`, or those `sort` gives now (then kept for next time).
    pub(crate) fn get_or_sort(&mut self, key: OrderKey, sort: impl FnOnce() -> Vec<u64>) -> &[u64] {
        if self.0.as_ref().is_none_or(|(kept, _)| *kept != key) {
            self.0 = Some((key, sort()));
        }
        self.0.as_ref().map_or(&[], |(_, seqs)| seqs)
    }

    /// Whether an order is kept.
    #[cfg(test)]
    pub(crate) fn holds_one(&self) -> bool {
        self.0.is_some()
    }
}
