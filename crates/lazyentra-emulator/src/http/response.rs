//! What every Graph response shares: the per-request correlation ids, the headers Graph always
//! sends, and its JSON content type.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode, header};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The content type Graph sends with JSON bodies (recorded from real responses).
pub(crate) const GRAPH_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/// Graph's diagnostic header; fixed, shaped like the real one.
const AGS_DIAGNOSTIC: &str = r#"{"ServerInfo":{"DataCenter":"West Europe","Slice":"E","Ring":"5","ScaleUnit":"001","RoleInstance":"LZE-EMULATOR"}}"#;

/// Per-request facts handlers need to answer like Graph.
#[derive(Clone, Debug)]
pub(crate) struct Ctx {
    pub request_id: String,
    /// The caller's `client-request-id`, or `request_id` when it sent none.
    pub client_request_id: String,
    pub now: DateTime<Utc>,
    /// `ConsistencyLevel: eventual` was sent.
    pub eventual: bool,
}

impl Ctx {
    pub(crate) fn new(headers: &HeaderMap) -> Ctx {
        let request_id = uuid::Uuid::new_v4().to_string();
        let client_request_id = headers
            .get("client-request-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.trim().is_empty())
            .map_or_else(|| request_id.clone(), str::to_owned);
        let eventual = headers
            .get("consistencylevel")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("eventual"));
        Ctx {
            request_id,
            client_request_id,
            now: Utc::now(),
            eventual,
        }
    }

    /// The facts for one request inside a `$batch`: its own request id, its own headers
    /// (`ConsistencyLevel` is set per request, as
    /// <https://learn.microsoft.com/en-us/graph/json-batching> shows), and the batch's
    /// `client-request-id` unless the request carries one.
    pub(crate) fn for_item(&self, headers: &HeaderMap) -> Ctx {
        let mut ctx = Ctx::new(headers);
        if ctx.client_request_id == ctx.request_id {
            ctx.client_request_id.clone_from(&self.client_request_id);
        }
        ctx.now = self.now;
        ctx
    }

    /// `innerError.date`: UTC without a zone suffix.
    pub(crate) fn inner_date(&self) -> String {
        self.now.format("%Y-%m-%dT%H:%M:%S").to_string()
    }

    /// Adds the headers every Graph response carries.
    pub(crate) fn decorate(&self, response: &mut Response<Body>) {
        let headers = response.headers_mut();
        let mut put = |name: &'static str, value: &str| {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(name, v);
            }
        };
        put("request-id", &self.request_id);
        put("client-request-id", &self.client_request_id);
        put("x-ms-ags-diagnostic", AGS_DIAGNOSTIC);
        put("odata-version", "4.0");
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-cache"));
        headers.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}

/// A response whose body is `body` serialized, with Graph's JSON content type.
pub(crate) fn json(status: StatusCode, body: &impl Serialize) -> Response<Body> {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    with_body(status, GRAPH_JSON, bytes)
}

pub(crate) fn with_body(
    status: StatusCode,
    content_type: &'static str,
    bytes: Vec<u8>,
) -> Response<Body> {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// 204 No Content: no body and no content type, as Graph answers PATCH and DELETE.
pub(crate) fn no_content() -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}
