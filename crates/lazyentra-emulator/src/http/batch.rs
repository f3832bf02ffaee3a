//! JSON batching, `POST /v1.0/$batch`, as <https://learn.microsoft.com/en-us/graph/json-batching>
//! describes it:
//!
//! - the body is `{"requests": [...]}` with 1 to 20 requests, each with an `id` (unique in
//!   the batch, not case-sensitive), a `method`, a `url` relative to `/v1.0` (`/users/…`),
//!   optional `headers` (a `Content-Type` is needed with a `body`), an optional `body` and an
//!   optional `dependsOn` (ids of requests that must run first);
//! - a body that cannot be read as a batch is a 400 for the whole batch; otherwise the answer
//!   is 200 with `{"responses": [{id, status, headers, body}]}` and each request's own
//!   status, whatever it is ("A `200` status code on the batch response headers doesn't
//!   indicate that the individual requests inside the batch succeeded");
//! - each request runs through the same dispatch as a request from the wire, as the batch's
//!   caller, and is counted by the fault knobs on its own, so a throttled one answers 429
//!   with its own `Retry-After` in its `headers` while the others succeed;
//! - a request whose `dependsOn` request failed answers 424 without running.
//!
//! The responses are listed in request order; Graph may list them in any order, and clients
//! match them by id.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::auth::bearer::Caller;
use crate::directory::state::Shared;
use crate::http::dispatch::{GraphRequest, dispatch, injected_fault};
use crate::http::errors::ApiError;
use crate::http::response::{Ctx, json as json_response};
use crate::options::Faults;

/// "JSON batch requests are currently limited to 20 individual requests."
pub(crate) const MAX_REQUESTS: usize = 20;

/// One request of a batch, read and checked.
struct Item {
    id: String,
    method: Method,
    /// `/v1.0/…`
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Vec<u8>,
    /// Indices of the requests this one depends on.
    depends_on: Vec<usize>,
}

/// `POST /$batch`: runs every request of the batch and answers them all in one 200.
pub(crate) async fn handle(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    faults: &Faults,
    body: &[u8],
) -> Result<Response<Body>, ApiError> {
    let items = parse(body)?;
    let order = run_order(&items)?;
    let mut answers: Vec<Option<(StatusCode, Value)>> = vec![None; items.len()];
    for index in order {
        let item = &items[index];
        let item_ctx = ctx.for_item(&item.headers);
        let failed = item.depends_on.iter().copied().find(|&d| {
            answers[d]
                .as_ref()
                .is_some_and(|(status, _)| !status.is_success())
        });
        let response = match failed {
            Some(d) => ApiError::failed_dependency(&items[d].id).into_response(&item_ctx),
            None => run(shared, &item_ctx, caller, faults, item),
        };
        answers[index] = Some(answer(&item.id, response).await);
    }
    let responses: Vec<Value> = answers.into_iter().flatten().map(|(_, v)| v).collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({ "responses": responses }),
    ))
}

/// One request of the batch, through the fault knobs and the server's own dispatch.
fn run(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    faults: &Faults,
    item: &Item,
) -> Response<Body> {
    let result = match injected_fault(shared, faults) {
        Some(fault) => Err(fault),
        None => dispatch(
            shared,
            ctx,
            caller,
            &GraphRequest {
                method: &item.method,
                path: &item.path,
                query: item.query.as_deref(),
                headers: &item.headers,
                body: &item.body,
            },
        ),
    };
    result.unwrap_or_else(|e| e.into_response(ctx))
}

/// A handler's response as one entry of `responses`: its status, the headers it set (with
/// `Cache-Control` and, for JSON, `OData-Version`, as Graph's items carry them) and its
/// body as JSON, or as a string when it is not JSON. A 204 has no `body`.
async fn answer(id: &str, response: Response<Body>) -> (StatusCode, Value) {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let mut headers = Map::new();
    headers.insert("Cache-Control".to_owned(), json!("no-cache"));
    if is_json {
        headers.insert("OData-Version".to_owned(), json!("4.0"));
    }
    for (name, value) in &parts.headers {
        if let Ok(value) = value.to_str() {
            headers.insert(wire_name(name), json!(value));
        }
    }
    let mut entry = Map::new();
    entry.insert("id".to_owned(), json!(id));
    entry.insert("status".to_owned(), json!(parts.status.as_u16()));
    entry.insert("headers".to_owned(), Value::Object(headers));
    if !bytes.is_empty() {
        let text = || Value::String(String::from_utf8_lossy(&bytes).into_owned());
        let body = if is_json {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| text())
        } else {
            text()
        };
        entry.insert("body".to_owned(), body);
    }
    (parts.status, Value::Object(entry))
}

/// A header name as Graph writes it in a batch answer: `Content-Type`, `Retry-After`,
/// `OData-Version`, and Microsoft's own `x-ms-…` headers in lower case.
fn wire_name(name: &HeaderName) -> String {
    let name = name.as_str();
    if name == "odata-version" {
        return "OData-Version".to_owned();
    }
    if name.starts_with("x-ms-") {
        return name.to_owned();
    }
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The batch body, or the 400 Graph answers for it.
fn parse(body: &[u8]) -> Result<Vec<Item>, ApiError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| ApiError::batch_format())?;
    let requests = value
        .get("requests")
        .and_then(Value::as_array)
        .ok_or_else(ApiError::batch_format)?;
    if requests.is_empty() {
        return Err(ApiError::batch_format());
    }
    if requests.len() > MAX_REQUESTS {
        return Err(ApiError::batch_too_large());
    }
    // Ids are "Not case-sensitive. Must be unique in the batch".
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::with_capacity(requests.len());
    let mut depends = Vec::with_capacity(requests.len());
    for request in requests {
        let object = request.as_object().ok_or_else(ApiError::batch_format)?;
        let text = |name: &str| {
            object
                .get(name)
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
        };
        let (Some(id), Some(method), Some(url)) = (text("id"), text("method"), text("url")) else {
            return Err(ApiError::batch_format());
        };
        if ids.insert(id.to_lowercase(), items.len()).is_some() {
            return Err(ApiError::batch_duplicate_id(id));
        }
        let method = Method::from_bytes(method.trim().to_ascii_uppercase().as_bytes())
            .map_err(|_| ApiError::batch_format())?;
        let body = match object.get("body") {
            None | Some(Value::Null) => Vec::new(),
            Some(body) => serde_json::to_vec(body).map_err(|_| ApiError::batch_format())?,
        };
        let (path, query) = relative_url(url);
        depends.push(depends_on(object.get("dependsOn"))?);
        items.push(Item {
            id: id.to_owned(),
            method,
            path,
            query,
            headers: headers(object.get("headers"))?,
            body,
            depends_on: Vec::new(),
        });
    }
    for (index, names) in depends.into_iter().enumerate() {
        for name in names {
            match ids.get(&name.to_lowercase()) {
                Some(&d) if d != index => items[index].depends_on.push(d),
                _ => return Err(ApiError::batch_format()),
            }
        }
    }
    Ok(items)
}

/// `url` is relative to the version: `/users/…` (or `users?…`, as the docs' own example
/// writes it) is `/v1.0/users/…`. An absolute URL or a repeated `/v1.0` becomes a path Graph
/// has no resource for, answered by that request alone.
fn relative_url(url: &str) -> (String, Option<String>) {
    let url = url.trim();
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (url, None),
    };
    (format!("/v1.0/{}", path.trim_start_matches('/')), query)
}

fn headers(value: Option<&Value>) -> Result<HeaderMap, ApiError> {
    let mut map = HeaderMap::new();
    let object = match value {
        None | Some(Value::Null) => return Ok(map),
        Some(Value::Object(object)) => object,
        Some(_) => return Err(ApiError::batch_format()),
    };
    for (name, value) in object {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| ApiError::batch_format())?;
        let value = value
            .as_str()
            .and_then(|v| HeaderValue::from_str(v).ok())
            .ok_or_else(ApiError::batch_format)?;
        map.append(name, value);
    }
    Ok(map)
}

fn depends_on(value: Option<&Value>) -> Result<Vec<String>, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(ids)) => ids
            .iter()
            .map(|id| id.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(ApiError::batch_format),
        Some(_) => Err(ApiError::batch_format()),
    }
}

/// The order the requests run in: request order, except that a request runs after those it
/// depends on. A cycle cannot run at all, so the batch is refused.
fn run_order(items: &[Item]) -> Result<Vec<usize>, ApiError> {
    let mut done = vec![false; items.len()];
    let mut order = Vec::with_capacity(items.len());
    while order.len() < items.len() {
        let next = (0..items.len())
            .find(|&i| !done[i] && items[i].depends_on.iter().all(|&d| done[d]))
            .ok_or_else(ApiError::batch_format)?;
        done[next] = true;
        order.push(next);
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_written_as_graph_writes_them() {
        let name = |s: &'static str| wire_name(&HeaderName::from_static(s));
        assert_eq!(name("content-type"), "Content-Type");
        assert_eq!(name("retry-after"), "Retry-After");
        assert_eq!(name("odata-version"), "OData-Version");
        assert_eq!(
            name("x-ms-throttle-information"),
            "x-ms-throttle-information"
        );
    }

    #[test]
    fn urls_are_relative_to_the_version() {
        assert_eq!(
            relative_url("/users/a@b.com"),
            ("/v1.0/users/a@b.com".to_owned(), None)
        );
        assert_eq!(
            relative_url("users?$select=id"),
            ("/v1.0/users".to_owned(), Some("$select=id".to_owned()))
        );
    }

    #[test]
    fn dependencies_run_first_and_cycles_are_refused() {
        let body = json!({"requests": [
            {"id": "1", "method": "GET", "url": "/users"},
            {"id": "2", "method": "GET", "url": "/users", "dependsOn": ["1"]},
            {"id": "3", "method": "GET", "url": "/users", "dependsOn": ["4"]},
            {"id": "4", "method": "GET", "url": "/users", "dependsOn": ["2"]},
        ]});
        let items = parse(&serde_json::to_vec(&body).unwrap()).unwrap();
        assert_eq!(run_order(&items).unwrap(), vec![0, 1, 3, 2]);
        let cycle = json!({"requests": [
            {"id": "a", "method": "GET", "url": "/users", "dependsOn": ["B"]},
            {"id": "b", "method": "GET", "url": "/users", "dependsOn": ["a"]},
        ]});
        let items = parse(&serde_json::to_vec(&cycle).unwrap()).unwrap();
        assert!(run_order(&items).is_err());
    }

    proptest::proptest! {
        /// Any bytes are a batch or a 400, never a panic.
        #[test]
        fn any_body_parses_or_is_refused(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            if let Ok(items) = parse(&bytes) {
                let _ = run_order(&items);
            }
        }
    }
}
