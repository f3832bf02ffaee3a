//! Collection reads shared by `/users` and `/directory/deletedItems/microsoft.graph.user`:
//! option checks, filtering, ordering, paging and `$count`.
//!
//! A page in stored order resumes right after the last user of the page before (a seq in the
//! page token) and stops at `$top` matches; only `$count` and `$orderby` read every user. A
//! page is written straight from the store into the response, copying no user.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::ops::Bound::{Excluded, Unbounded};

use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde::Serialize;

use crate::auth::bearer::Caller;
use crate::directory::activity::check_sign_ins;
use crate::directory::kept_order::{KeptOrder, OrderKey};
use crate::directory::relations::{expanded_manager, parse_expand};
use crate::directory::schema::{Access, Kind, Prop, Support};
use crate::directory::state::Shared;
use crate::directory::store::Store;
use crate::directory::text::{cmp_folded, fold};
use crate::directory::user::{Cell, User, Wire};
use crate::http::errors::ApiError;
use crate::http::paging::{self, Cursor, SortKey};
use crate::http::response::{Ctx, json, with_body};
use crate::odata::filter;
use crate::odata::query::{self, Order, Query};
use crate::odata::search;

/// Which collection is being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Source {
    Users,
    Deleted,
}

impl Source {
    fn path(self) -> &'static str {
        match self {
            Source::Users => "users",
            Source::Deleted => "directory/deletedItems/microsoft.graph.user",
        }
    }
}

#[derive(Serialize)]
struct ListBody<'a> {
    #[serde(rename = "@odata.context")]
    context: String,
    #[serde(rename = "@odata.count", skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    next_link: Option<String>,
    value: Vec<Wire<'a>>,
}

/// `@odata.context` for a users collection (or one user with `/$entity`) and `$select`.
pub(crate) fn context(shared: &Shared, select: Option<&[Prop]>) -> String {
    let base = format!("{}users", shared.metadata());
    match select {
        Some(props) => {
            let names: Vec<&str> = props.iter().map(|p| p.name()).collect();
            format!("{base}({})", names.join(","))
        }
        None => base,
    }
}

fn sorting_not_supported() -> ApiError {
    ApiError::unsupported_query("Sorting not supported for current query.")
}

/// Answers a collection GET.
pub(crate) fn list(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    source: Source,
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    let q = query::parse(raw)?;
    check_sign_ins(shared, caller, q.select.as_deref())?;
    let top = match q.top {
        None => 100,
        Some(n @ 1..=999) => usize::try_from(n).unwrap_or(100),
        Some(n) => {
            return Err(ApiError::unsupported_query(format!(
                "Invalid page size specified: '{n}'. Must be between 1 and 999 inclusive."
            )));
        }
    };
    if let Some(select) = &q.select
        && select
            .iter()
            .any(|p| p.def().access == Access::SingleEntity)
    {
        return Err(ApiError::not_implemented());
    }
    check_options(ctx, source, &q)?;
    let expand = q.expand.as_deref().map(parse_expand).transpose()?;
    let fingerprint = shared.page_key.hash_one((
        source,
        q.filter.as_ref().map(|f| &f.0),
        q.search.as_ref().map(|s| &s.0),
        q.order,
        &q.select,
        q.count,
        &expand,
    ));
    let cursor = q
        .skiptoken
        .as_deref()
        .map(|t| paging::decode(&shared.page_key, fingerprint, ctx.eventual, t))
        .transpose()?;
    let props = q.select.clone().unwrap_or_else(Prop::default_set);

    // The page is written straight from the store, under its lock: no user is copied.
    let store = shared.store();
    let items = match source {
        Source::Users => store.live(),
        Source::Deleted => store.deleted(),
    };
    let (page, next) = {
        let mut sorted = shared.sorted();
        let query = Queried {
            store: &store,
            source,
            items,
            q: &q,
        };
        run(&query, &mut sorted, cursor.as_ref(), top)
    };
    let count = (q.count && ctx.eventual && cursor.is_none()).then(|| matching(&store, items, &q));
    let value: Vec<Wire<'_>> = page
        .iter()
        .map(|u| {
            let mut wire = u.wire(&props);
            wire.tail = expand
                .as_ref()
                .and_then(|e| expanded_manager(&store, u, e))
                .map(|m| ("manager", m));
            wire
        })
        .collect();
    let next_link = next.map(|cursor| {
        let token = paging::encode(&shared.page_key, fingerprint, ctx.eventual, &cursor);
        let mut parts = query::without_skiptoken(raw);
        let token = token.replace('\'', "%27");
        let skip = format!("$skiptoken={token}");
        parts.push(&skip);
        format!(
            "{}{}?{}",
            shared.graph_root(),
            source.path(),
            parts.join("&")
        )
    });
    let body = ListBody {
        context: context(shared, q.select.as_deref()),
        count,
        next_link,
        value,
    };
    Ok(json(StatusCode::OK, &body))
}

/// How many of `items` the query keeps; all of them without `$filter` and `$search`.
fn matching(store: &Store, items: &BTreeMap<u64, User>, q: &Query) -> usize {
    if q.filter.is_none() && q.search.is_none() {
        items.len()
    } else {
        items.values().filter(|u| keep(store, q, u)).count()
    }
}

/// The advanced-query rules for `$search`, `$filter` and `$orderby`
/// (<https://learn.microsoft.com/en-us/graph/aad-advanced-queries>).
fn check_options(ctx: &Ctx, source: Source, q: &Query) -> Result<(), ApiError> {
    let advanced = ctx.eventual && q.count;
    if q.search.is_some() && !ctx.eventual {
        return Err(search::header_missing());
    }
    // "$expand isn't supported with advanced queries" (the limitations in
    // https://learn.microsoft.com/en-us/graph/aad-advanced-queries). The exact message Graph
    // sends is unconfirmed; the code is its usual one for an unsupported query.
    if q.expand.is_some() && ctx.eventual && (q.count || q.search.is_some()) {
        return Err(ApiError::unsupported_query("Unsupported Query."));
    }
    if let Some((_, expr)) = &q.filter {
        filter::check(expr, advanced)?;
    }
    if let Some(order) = q.order {
        // $search already makes the request an advanced query.
        let sort_advanced = advanced || (ctx.eventual && q.search.is_some());
        let supported = match order.prop.def().order {
            Support::Default => true,
            Support::Advanced => sort_advanced,
            Support::No => false,
        };
        let deleted_only = order.prop == Prop::DeletedDateTime && source == Source::Users;
        if !supported || deleted_only || (q.filter.is_some() && !sort_advanced) {
            return Err(sorting_not_supported());
        }
    }
    Ok(())
}

/// Answers `…/$count`: the number of matching users as plain text (advanced query only).
pub(crate) fn count(
    shared: &Shared,
    ctx: &Ctx,
    source: Source,
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    if !ctx.eventual {
        return Err(ApiError::bad_request("$count is not currently supported."));
    }
    let q = query::parse(raw)?;
    if let Some((_, expr)) = &q.filter {
        filter::check(expr, true)?;
    }
    let n = {
        let store = shared.store();
        let items = match source {
            Source::Users => store.live(),
            Source::Deleted => store.deleted(),
        };
        matching(&store, items, &q)
    };
    Ok(with_body(
        StatusCode::OK,
        "text/plain",
        n.to_string().into_bytes(),
    ))
}

fn keep(store: &Store, q: &Query, user: &User) -> bool {
    q.filter
        .as_ref()
        .is_none_or(|(_, f)| filter::matches(f, user))
        && q.search.as_ref().is_none_or(|(_, s)| {
            store
                .search_keys(user.seq)
                .is_some_and(|keys| search::matches(s, user, &keys))
        })
}

/// A sort key borrowed from a user or a cursor.
#[derive(Clone, Copy)]
enum Key<'a> {
    Missing,
    Text(&'a str),
    Date(i64),
}

impl<'a> Key<'a> {
    fn of(user: &'a User, prop: Prop) -> Key<'a> {
        match (prop.def().kind, user.cell(prop)) {
            (Kind::Str, Cell::Str(s)) => Key::Text(s),
            (Kind::Date, Cell::Date(d)) => Key::Date(d.timestamp_millis()),
            _ => Key::Missing,
        }
    }

    fn from_cursor(key: &'a SortKey) -> Key<'a> {
        match key {
            SortKey::Missing => Key::Missing,
            SortKey::Text(s) => Key::Text(s),
            SortKey::Date(d) => Key::Date(*d),
        }
    }

    fn owned(self) -> SortKey {
        match self {
            Key::Missing => SortKey::Missing,
            Key::Text(s) => SortKey::Text(s.to_owned()),
            Key::Date(d) => SortKey::Date(d),
        }
    }

    /// Nulls sort first; text ignores case.
    fn cmp(self, other: Key<'_>) -> Ordering {
        match (self, other) {
            (Key::Missing, Key::Missing) => Ordering::Equal,
            (Key::Missing, _) => Ordering::Less,
            (_, Key::Missing) => Ordering::Greater,
            (Key::Text(a), Key::Text(b)) => cmp_folded(a, b),
            (Key::Date(a), Key::Date(b)) => a.cmp(&b),
            _ => Ordering::Equal,
        }
    }
}

fn ordered(order: Order, a: (Key<'_>, u64), b: (Key<'_>, u64)) -> Ordering {
    let o = a.0.cmp(b.0).then(a.1.cmp(&b.1));
    if order.desc { o.reverse() } else { o }
}

/// What a page is read from: one collection of the store, and the query.
struct Queried<'a, 'q> {
    store: &'a Store,
    source: Source,
    items: &'a BTreeMap<u64, User>,
    q: &'q Query,
}

/// Every user `query` keeps, in `order` (ties by seq). Each text is folded once here rather
/// than at each comparison; a folded string's byte order is `cmp_folded`'s order.
fn sorted_seqs(query: &Queried<'_, '_>, order: Order) -> Vec<u64> {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Folded {
        Missing,
        Text(String),
        Date(i64),
    }
    let mut keyed: Vec<(Folded, u64)> = query
        .items
        .values()
        .filter(|u| keep(query.store, query.q, u))
        .map(|u| {
            let key = match Key::of(u, order.prop) {
                Key::Missing => Folded::Missing,
                Key::Text(s) => Folded::Text(fold(s)),
                Key::Date(d) => Folded::Date(d),
            };
            (key, u.seq)
        })
        .collect();
    keyed.sort_unstable();
    if order.desc {
        keyed.reverse();
    }
    keyed.into_iter().map(|(_, seq)| seq).collect()
}

/// One page of `query`'s users after `cursor`, and the cursor of the page after it.
fn run<'a>(
    query: &Queried<'a, '_>,
    sorted: &mut KeptOrder,
    cursor: Option<&Cursor>,
    top: usize,
) -> (Vec<&'a User>, Option<Cursor>) {
    let (store, items, q) = (query.store, query.items, query.q);
    let Some(order) = q.order else {
        // Stored order: resume right after the last seq served.
        let start = cursor.map_or(0, |c| c.seq);
        let mut page = Vec::with_capacity(top.min(1000));
        let mut more = false;
        for user in items.range((Excluded(start), Unbounded)).map(|(_, u)| u) {
            if !keep(store, q, user) {
                continue;
            }
            if page.len() == top {
                more = true;
                break;
            }
            page.push(user);
        }
        let next = more.then(|| Cursor {
            seq: page.last().map_or(start, |u| u.seq),
            key: None,
        });
        return (page, next);
    };
    let key = OrderKey {
        collection: query.source.path(),
        filter: q.filter.as_ref().map(|f| f.0.clone()),
        search: q.search.as_ref().map(|s| s.0.clone()),
        order,
        version: store.version(),
    };
    let seqs = sorted.get_or_sort(key, || sorted_seqs(query, order));
    // The page starts after the cursor's place in the order (which holds even when the
    // cursor's own user has gone meanwhile).
    let start = cursor.map_or(0, |c| {
        let after = (c.key.as_ref().map_or(Key::Missing, Key::from_cursor), c.seq);
        seqs.partition_point(|seq| {
            items
                .get(seq)
                .is_none_or(|u| !ordered(order, (Key::of(u, order.prop), *seq), after).is_gt())
        })
    });
    let page: Vec<&User> = seqs
        .iter()
        .skip(start)
        .take(top)
        .filter_map(|seq| items.get(seq))
        .collect();
    let more = seqs.len() > start + top;
    let next = more.then(|| page.last()).flatten().map(|u| Cursor {
        seq: u.seq,
        key: Some(Key::of(u, order.prop).owned()),
    });
    (page, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users(names: &[&str]) -> BTreeMap<u64, User> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut u = User::new(&format!("00000000-0000-4000-8000-{i:012}"));
                u.seq = i as u64 + 1;
                u.set(Prop::DisplayName, Cell::str(name));
                (u.seq, u)
            })
            .collect()
    }

    fn names(page: &[&User]) -> Vec<String> {
        page.iter().map(|u| u.display_name().to_owned()).collect()
    }

    /// The names on a page of `items` for `q`, through `sorted`.
    fn page(
        items: &BTreeMap<u64, User>,
        q: &Query,
        sorted: &mut KeptOrder,
        cursor: Option<&Cursor>,
        top: usize,
    ) -> (Vec<String>, Option<Cursor>) {
        let store = Store::default();
        let query = Queried {
            store: &store,
            source: Source::Users,
            items,
            q,
        };
        let (page, next) = run(&query, sorted, cursor, top);
        (names(&page), next)
    }

    fn by_name(desc: bool) -> Query {
        Query {
            order: Some(Order {
                prop: Prop::DisplayName,
                desc,
            }),
            ..Query::default()
        }
    }

    #[test]
    fn ordered_pages_cover_everyone_once() {
        let items = users(&["b", "A", "c", "a", "B", "d", "C"]);
        for (desc, expected) in [
            (false, ["A", "a", "b", "B", "c", "C", "d"]),
            (true, ["d", "C", "c", "B", "b", "a", "A"]),
        ] {
            let q = by_name(desc);
            let mut sorted = KeptOrder::default();
            let mut seen = Vec::new();
            let mut cursor = None;
            loop {
                let (page, next) = page(&items, &q, &mut sorted, cursor.as_ref(), 3);
                seen.extend(page);
                match next {
                    Some(c) => cursor = Some(c),
                    None => break,
                }
            }
            assert_eq!(seen, expected, "desc {desc}");
        }
    }

    #[test]
    fn a_sorted_order_is_kept_for_its_query_and_a_cursor_finds_its_place_without_its_user() {
        let mut items = users(&["e", "b", "d", "a", "c"]);
        let q = by_name(false);
        let mut sorted = KeptOrder::default();
        let (first, next) = page(&items, &q, &mut sorted, None, 2);
        assert_eq!(first, ["a", "b"]);
        assert!(sorted.holds_one(), "kept for the next page");
        // The cursor's own user ("b", seq 2) is gone: the next page still starts after it.
        items.remove(&2);
        let mut fresh = KeptOrder::default();
        let (second, _) = page(&items, &q, &mut fresh, next.as_ref(), 2);
        assert_eq!(second, ["c", "d"]);
        // Another query is sorted anew.
        let (other, _) = page(&items, &by_name(true), &mut sorted, None, 2);
        assert_eq!(other, ["e", "d"]);
    }

    #[test]
    fn stored_order_pages_survive_deletes() {
        let mut items = users(&["a", "b", "c", "d", "e"]);
        let q = Query::default();
        let mut sorted = KeptOrder::default();
        let (first, next) = page(&items, &q, &mut sorted, None, 2);
        assert_eq!(first, ["a", "b"]);
        items.remove(&3); // "c" deleted between pages
        let (second, next) = page(&items, &q, &mut sorted, next.as_ref(), 2);
        assert_eq!(second, ["d", "e"]);
        assert!(next.is_none());
    }
}
