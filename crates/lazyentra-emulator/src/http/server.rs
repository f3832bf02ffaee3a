//! The HTTP front: one axum fallback handler that adds latency and throttling faults, tells
//! token requests from Graph requests, checks the bearer token, dispatches by route (the
//! requests inside a `$batch` through the same dispatch) and stamps Graph's headers on every
//! answer.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use serde_json::json;

use crate::auth::bearer::{self, Caller};
use crate::auth::token;
use crate::directory::list::{self, Source};
use crate::directory::state::Shared;
use crate::directory::{deleted, delta, relations, users};
use crate::http::batch;
use crate::http::errors::ApiError;
use crate::http::response::{Ctx, json as json_response};
use crate::http::routes::{self, Route};
use crate::options::{Faults, retry_after_header};
use crate::seed::demo;

/// Bodies larger than this are refused; user objects are a few KB.
const MAX_BODY: usize = 4 << 20;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(entry).with_state(shared)
}

async fn entry(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    let ctx = Ctx::new(request.headers());
    let faults = shared.faults();
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY).await.ok();
    let mut response = if let Some(tenant) = routes::token_tenant(parts.uri.path()) {
        shared.token_requests.fetch_add(1, Ordering::SeqCst);
        token::handle(
            &shared,
            &parts.method,
            &tenant,
            &parts.headers,
            body.as_deref().unwrap_or_default(),
            ctx.now,
        )
    } else {
        shared.graph_requests.fetch_add(1, Ordering::SeqCst);
        let response = match graph(&shared, &ctx, &faults, &parts, body).await {
            Ok(response) => response,
            Err(e) => e.into_response(&ctx),
        };
        if response.status() == StatusCode::UNAUTHORIZED {
            shared.unauthorized.fetch_add(1, Ordering::SeqCst);
        }
        response
    };
    ctx.decorate(&mut response);
    response
}

/// One Graph request as the handlers see it: from the wire, or one request inside a
/// `$batch` (which has its own method, URL, headers and body but the batch's caller).
pub(crate) struct GraphRequest<'a> {
    pub method: &'a Method,
    /// `/v1.0/…`, still percent-encoded.
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// A Graph request from the wire: the injected faults first (a throttled request is refused
/// before its token is looked at), then the bearer token, then the request itself, or, for
/// `POST /$batch`, each of the requests inside it.
async fn graph(
    shared: &Shared,
    ctx: &Ctx,
    faults: &Faults,
    parts: &Parts,
    body: Option<Bytes>,
) -> Result<Response<Body>, ApiError> {
    let is_batch = matches!(routes::parse(parts.uri.path()), Ok(Route::Batch));
    if is_batch {
        let n = shared.batches.fetch_add(1, Ordering::SeqCst) + 1;
        if Faults::hits(faults.batch_unavailable_every, n) {
            return Err(ApiError::unavailable(retry_after_header(
                faults.retry_after,
            )));
        }
    } else if let Some(fault) = injected_fault(shared, faults) {
        return Err(fault);
    }
    let caller = bearer::authenticate(
        &shared.tokens,
        shared.base_url.as_str(),
        &parts.headers,
        ctx.now,
    )?;
    let body = body.ok_or_else(|| {
        ApiError::odata("Unable to read JSON request payload. The request body is too large.")
    })?;
    let request = GraphRequest {
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &body,
    };
    if is_batch {
        if parts.method != Method::POST {
            return Err(ApiError::method_not_allowed(parts.method.as_str()));
        }
        check_content_type(&parts.headers, &Route::Batch, &body)?;
        return batch::handle(shared, ctx, &caller, faults, &body).await;
    }
    dispatch(shared, ctx, &caller, &request)
}

/// The fault the knobs inject into the next request they count (every Graph request but a
/// `$batch` envelope, and every request inside a batch), if any.
pub(crate) fn injected_fault(shared: &Shared, faults: &Faults) -> Option<ApiError> {
    let n = shared.evaluated.fetch_add(1, Ordering::SeqCst) + 1;
    let retry_after = || retry_after_header(faults.retry_after);
    if Faults::hits(faults.throttle_every, n) {
        Some(ApiError::throttled(retry_after()))
    } else if Faults::hits(faults.unavailable_every, n) {
        Some(ApiError::unavailable(retry_after()))
    } else {
        None
    }
}

/// Routes one request, with its caller already known, to its handler.
pub(crate) fn dispatch(
    shared: &Shared,
    ctx: &Ctx,
    caller: &Caller,
    request: &GraphRequest<'_>,
) -> Result<Response<Body>, ApiError> {
    let route = routes::parse(request.path)?;
    let (method, raw, body) = (request.method, request.query, request.body);
    if [Method::POST, Method::PATCH, Method::PUT].contains(method) {
        check_content_type(request.headers, &route, body)?;
    }
    let reading = || Caller::require(caller.can_read());
    match route {
        Route::Users if method == Method::GET => {
            reading()?;
            list::list(shared, ctx, Source::Users, raw)
        }
        Route::Users if method == Method::POST => users::create(shared, ctx, caller, body),
        Route::UsersCount if method == Method::GET => {
            reading()?;
            list::count(shared, ctx, Source::Users, raw)
        }
        Route::User(key) if method == Method::GET => users::get(shared, caller, &key, raw),
        Route::User(key) if method == Method::PATCH => {
            users::update(shared, ctx, caller, &key, body)
        }
        Route::User(key) if method == Method::DELETE => users::delete(shared, ctx, caller, &key),
        Route::DeletedUsers if method == Method::GET => {
            reading()?;
            list::list(shared, ctx, Source::Deleted, raw)
        }
        Route::DeletedUsersCount if method == Method::GET => {
            reading()?;
            list::count(shared, ctx, Source::Deleted, raw)
        }
        Route::DeletedItems if method == Method::GET => Err(ApiError::unsupported_query(
            "Searches against this resource are not supported. Only specific instances can be queried.",
        )),
        Route::Deleted(id) if method == Method::GET => deleted::get(shared, caller, &id, raw),
        Route::Deleted(id) if method == Method::DELETE => deleted::purge(shared, caller, &id),
        Route::Restore(id) if method == Method::POST => deleted::restore(shared, caller, &id, body),
        Route::Organization if method == Method::GET => {
            reading()?;
            Ok(organization(shared))
        }
        Route::Me => Err(ApiError::odata(
            "/me request is only valid with delegated authentication flow.",
        )),
        Route::RevokeSessions(key) if method == Method::POST => {
            users::revoke_sessions(shared, ctx, caller, &key)
        }
        Route::NotEmulated(segment) => Err(ApiError::not_emulated(&segment)),
        // Only a request inside a batch gets here: "requests cannot contain a batch request
        // payload" (msgraph-sdk-design, BatchRequestContent). The message is the emulator's.
        Route::Batch => Err(ApiError::odata(
            "A request inside a batch cannot itself be a batch.",
        )),
        Route::Delta if method == Method::GET => delta::delta(shared, caller, request.headers, raw),
        Route::Manager(key) if method == Method::GET => {
            relations::manager(shared, caller, &key, raw)
        }
        Route::ManagerRef(key) if method == Method::PUT => {
            relations::set_manager(shared, caller, &key, body)
        }
        Route::ManagerRef(key) if method == Method::DELETE => {
            relations::remove_manager(shared, caller, &key)
        }
        Route::DirectReports(key, cast) if method == Method::GET => {
            relations::direct_reports(shared, ctx, caller, (&key, cast), raw)
        }
        Route::MemberOf(key, cast) if method == Method::GET => {
            relations::member_of(shared, ctx, caller, (&key, cast), raw)
        }
        _ => Err(ApiError::method_not_allowed(method.as_str())),
    }
}

/// Graph's gateway refuses a write without a JSON `Content-Type` before anything is applied:
/// none at all is 400 "Write requests (excluding DELETE) must contain the Content-Type header
/// declaration." (msgraph-cli#258, microsoft-graph-docs-contrib#6215), another type is 400
/// "Entity only allows writes with a JSON Content-Type header."
/// (msgraph-sample-pythondjangoapp#22). `application/json` with parameters
/// (`; charset=utf-8`, `;odata.metadata=minimal`) is JSON.
///
/// A bodyless POST to an action needs none: the docs say to send no body to
/// `revokeSignInSessions` (<https://learn.microsoft.com/en-us/graph/api/user-revokesigninsessions>)
/// or, optionally, to `restore`
/// (<https://learn.microsoft.com/en-us/graph/api/directory-deleteditems-restore>), Microsoft's
/// SDKs then send no `Content-Type`, and Graph answers 200 (the recorded exchange in
/// msgraph-sdk-powershell#834: `Content-Length: 0`, no `Content-Type`, `HTTP/1.1 200 OK`).
fn check_content_type(headers: &HeaderMap, route: &Route, body: &[u8]) -> Result<(), ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        let action = matches!(route, Route::RevokeSessions(_) | Route::Restore(_));
        if action && body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        return Err(ApiError::odata(
            "Write requests (excluding DELETE) must contain the Content-Type header declaration.",
        ));
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::odata(
            "Entity only allows writes with a JSON Content-Type header.",
        ))
    }
}

/// `GET /organization`: the tenant and its verified domains (for UPN domain pickers).
fn organization(shared: &Shared) -> Response<Body> {
    let domains: Vec<_> = demo::VERIFIED_DOMAINS
        .iter()
        .map(|name| {
            let initial = *name == demo::DOMAIN;
            json!({
                "capabilities": "Email, OfficeCommunicationsOnline",
                "isDefault": !initial,
                "isInitial": initial,
                "name": name,
                "type": "Managed",
            })
        })
        .collect();
    json_response(
        StatusCode::OK,
        &json!({
            "@odata.context": format!("{}organization", shared.metadata()),
            "value": [{
                "id": demo::TENANT_ID,
                "displayName": demo::TENANT_NAME,
                "tenantType": "AAD",
                "countryLetterCode": "US",
                "preferredLanguage": "en",
                "verifiedDomains": domains,
            }],
        }),
    )
}
