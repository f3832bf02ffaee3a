//! `GET /users/delta`: change tracking for users
//! (<https://learn.microsoft.com/en-us/graph/api/user-delta>,
//! <https://learn.microsoft.com/en-us/graph/delta-query-users>).
//!
//! The first round pages through every live user with `@odata.nextLink` and ends with an
//! `@odata.deltaLink`. Following that link later returns what changed since: added (or
//! restored) users with their selected properties, updated users with their id and their
//! selected properties that are set (with `Prefer: return=minimal`, only the changed ones),
//! and removed users as `{"id", "@removed": {"reason": "changed" | "deleted"}}` (soft-deleted,
//! or gone for good). `$deltatoken=latest` starts from now with no first round. `$select` is
//! kept in the tokens, so later links need not repeat it.
//!
//! A token is a position in the store's change log (see `store`), sealed like a `$skiptoken`.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::bearer::Caller;
use crate::directory::schema::Prop;
use crate::directory::state::Shared;
use crate::directory::store::{Removed, Store, What};
use crate::directory::user::{Ordered, User};
use crate::http::errors::ApiError;
use crate::http::paging;
use crate::http::response::json as json_response;
use crate::odata::query;

/// Where a delta link or next link resumes.
#[derive(Serialize, Deserialize)]
enum Position {
    /// The first round: live users after `after` (stored order); changes from `upto` on come
    /// in the next round.
    Initial { after: u64, upto: u64 },
    /// A later round: changes in `(from, upto]`, from the `skip`th changed user on.
    Changes { from: u64, upto: u64, skip: usize },
    /// A delta link: everything after `from`.
    Delta { from: u64 },
}

#[derive(Serialize, Deserialize)]
struct Token {
    /// `$select` as given in the first request.
    select: Option<Vec<String>>,
    at: Position,
    /// The tracking generation it was made in; a link of an older one has expired.
    #[serde(default)]
    generation: u64,
}

struct Options {
    select: Option<Vec<Prop>>,
    skiptoken: Option<String>,
    deltatoken: Option<String>,
}

fn options(raw: Option<&str>) -> Result<Options, ApiError> {
    let mut select = None;
    let mut skiptoken = None;
    let mut deltatoken = None;
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let name = key.trim().to_ascii_lowercase();
        match name.as_str() {
            "$select" => select = query::parse(Some(&format!("$select={value}")))?.select,
            "$skiptoken" => skiptoken = Some(value.trim().to_owned()),
            "$deltatoken" => deltatoken = Some(value.trim().to_owned()),
            n if n.starts_with('$') => {
                return Err(ApiError::not_emulated(&format!("{n} on users/delta")));
            }
            _ => {}
        }
    }
    if select
        .as_ref()
        .is_some_and(|s| s.contains(&Prop::SignInActivity))
    {
        return Err(ApiError::not_emulated("signInActivity on users/delta"));
    }
    Ok(Options {
        select,
        skiptoken,
        deltatoken,
    })
}

/// `Prefer: odata.maxpagesize=N` (1 to 999) and `return=minimal`.
fn preferences(headers: &HeaderMap) -> (Option<usize>, bool) {
    let mut size = None;
    let mut minimal = false;
    for value in headers.get_all("prefer") {
        for pref in value.to_str().unwrap_or_default().split(',').map(str::trim) {
            if let Some(n) = pref.strip_prefix("odata.maxpagesize=") {
                size = n
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=999).contains(n));
            } else if pref.eq_ignore_ascii_case("return=minimal") {
                minimal = true;
            }
        }
    }
    (size, minimal)
}

/// One changed user, merged over the changes in a round.
struct Merged {
    added: bool,
    removed: Option<Removed>,
    props: Vec<Prop>,
}

/// The users changed in `(from, upto]`, in the order of their first change.
fn merged(store: &Store, from: u64, upto: u64) -> Vec<(Box<str>, Merged)> {
    let mut order: Vec<Box<str>> = Vec::new();
    let mut by_id: HashMap<Box<str>, Merged> = HashMap::new();
    for change in store.changes(from, upto) {
        let entry = by_id.entry(change.id.clone()).or_insert_with(|| {
            order.push(change.id.clone());
            Merged {
                added: false,
                removed: None,
                props: Vec::new(),
            }
        });
        match &change.what {
            What::Added => {
                entry.added = true;
                entry.removed = None;
            }
            What::Updated(props) => {
                for p in props {
                    if !entry.props.contains(p) {
                        entry.props.push(*p);
                    }
                }
            }
            What::Removed(reason) => entry.removed = Some(*reason),
        }
    }
    order
        .into_iter()
        .filter_map(|id| by_id.remove(&id).map(|m| (id, m)))
        .collect()
}

/// The properties to show: `$select` (with `id`, which delta always returns) or the default.
fn shown(select: Option<&[Prop]>) -> Vec<Prop> {
    match select {
        Some(props) if props.contains(&Prop::Id) => props.to_vec(),
        Some(props) => std::iter::once(Prop::Id)
            .chain(props.iter().copied())
            .collect(),
        None => Prop::default_set(),
    }
}

fn changed_wire(user: &User, m: &Merged, props: &[Prop], minimal: bool) -> Ordered {
    if m.added {
        return user.to_wire(Vec::new(), props);
    }
    let mut wire = Ordered(vec![("id".to_owned(), Value::String(user.id.to_string()))]);
    for prop in props.iter().filter(|p| **p != Prop::Id) {
        let changed = m.props.contains(prop);
        let value = user.value(*prop);
        // Unchanged properties come back with their value unless return=minimal; properties
        // never set are left out (delta-query-users, "Properties in the response").
        let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
        if changed || (!minimal && !empty) {
            wire.0.push((prop.name().to_owned(), value));
        }
    }
    wire
}

/// Answers `GET /users/delta`.
pub(crate) fn delta(
    shared: &Shared,
    caller: &Caller,
    headers: &HeaderMap,
    raw: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    Caller::require(caller.can_read())?;
    let opts = options(raw)?;
    let (size, minimal) = preferences(headers);
    let top = size.unwrap_or(100);
    let generation = shared.delta_generation.load(Ordering::SeqCst);
    let store = shared.store();
    let now = store.version();
    let token = match (&opts.skiptoken, &opts.deltatoken) {
        (Some(t), _) => paging::open::<Token>(&shared.page_key, t)?,
        (None, Some(t)) if t.eq_ignore_ascii_case("latest") => Token {
            select: names(opts.select.as_deref()),
            at: Position::Delta { from: now },
            generation,
        },
        (None, Some(t)) => paging::open::<Token>(&shared.page_key, t)?,
        (None, None) => Token {
            select: names(opts.select.as_deref()),
            at: Position::Initial {
                after: 0,
                upto: now,
            },
            generation,
        },
    };
    if token.generation != generation {
        return Err(ApiError::sync_state_not_found());
    }
    let latest = opts
        .deltatoken
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("latest"));
    let select = match &token.select {
        Some(names) => query::parse(Some(&format!("$select={}", names.join(","))))?.select,
        None => None,
    };
    let props = shown(select.as_deref());
    let seal = |at: Position| {
        paging::seal(
            &shared.page_key,
            &Token {
                select: token.select.clone(),
                at,
                generation,
            },
        )
    };
    let mut value = Vec::new();
    let (next, delta_link) = match token.at {
        _ if latest => (None, Some(seal(Position::Delta { from: now }))),
        Position::Initial { after, upto } => {
            let mut rest = store.live().range(after + 1..).map(|(_, u)| u);
            let page: Vec<&User> = rest.by_ref().take(top).collect();
            value.extend(page.iter().map(|u| u.to_wire(Vec::new(), &props)));
            match (rest.next(), page.last()) {
                (Some(_), Some(last)) => (
                    Some(seal(Position::Initial {
                        after: last.seq,
                        upto,
                    })),
                    None,
                ),
                _ => (None, Some(seal(Position::Delta { from: upto }))),
            }
        }
        Position::Delta { from } => changes(
            &store,
            (from, now, 0),
            top,
            &props,
            minimal,
            &mut value,
            &seal,
        ),
        Position::Changes { from, upto, skip } => changes(
            &store,
            (from, upto, skip),
            top,
            &props,
            minimal,
            &mut value,
            &seal,
        ),
    };
    drop(store);
    Ok(respond(
        shared,
        token.select.as_deref(),
        (next, delta_link),
        value,
        (size, minimal),
    ))
}

/// The delta page: context, links, value and the preferences applied.
fn respond(
    shared: &Shared,
    select: Option<&[String]>,
    (next, delta_link): (Option<String>, Option<String>),
    value: Vec<Ordered>,
    (size, minimal): (Option<usize>, bool),
) -> Response<Body> {
    let link = |param: &str, token: &str| {
        format!(
            "{}users/delta?{param}={}",
            shared.graph_root(),
            token.replace('\'', "%27")
        )
    };
    let context = match select {
        Some(names) => format!("{}users({})", shared.metadata(), names.join(",")),
        None => format!("{}users", shared.metadata()),
    };
    let mut body = json!({ "@odata.context": context });
    if let Some(t) = next {
        body["@odata.nextLink"] = Value::String(link("$skiptoken", &t));
    }
    if let Some(t) = delta_link {
        body["@odata.deltaLink"] = Value::String(link("$deltatoken", &t));
    }
    body["value"] = serde_json::to_value(value).unwrap_or_default();
    let mut response = json_response(StatusCode::OK, &body);
    let mut applied = Vec::new();
    if let Some(n) = size {
        applied.push(format!("odata.maxpagesize={n}"));
    }
    if minimal {
        applied.push("return=minimal".to_owned());
    }
    if let Ok(v) = HeaderValue::from_str(&applied.join(", "))
        && !applied.is_empty()
    {
        response.headers_mut().insert("preference-applied", v);
    }
    response
}

fn names(select: Option<&[Prop]>) -> Option<Vec<String>> {
    select.map(|s| s.iter().map(|p| p.name().to_owned()).collect())
}

/// One page of a later round: the changes in `(from, upto]` from the `skip`th changed user.
fn changes(
    store: &Store,
    (from, upto, skip): (u64, u64, usize),
    top: usize,
    props: &[Prop],
    minimal: bool,
    value: &mut Vec<Ordered>,
    seal: &dyn Fn(Position) -> String,
) -> (Option<String>, Option<String>) {
    let all = merged(store, from, upto);
    let end = skip.saturating_add(top).min(all.len());
    for (id, m) in all.get(skip..end).unwrap_or_default() {
        let reason = match m.removed {
            Some(Removed::Changed) => Some("changed"),
            Some(Removed::Deleted) => Some("deleted"),
            None => None,
        };
        if let Some(reason) = reason {
            value.push(Ordered(vec![
                ("id".to_owned(), Value::String(id.to_string())),
                ("@removed".to_owned(), json!({ "reason": reason })),
            ]));
        } else if let Some(user) = store.find(id) {
            value.push(changed_wire(user, m, props, minimal));
        }
    }
    if end < all.len() {
        (
            Some(seal(Position::Changes {
                from,
                upto,
                skip: end,
            })),
            None,
        )
    } else {
        (None, Some(seal(Position::Delta { from: upto })))
    }
}
